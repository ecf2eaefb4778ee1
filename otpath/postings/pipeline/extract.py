"""Extract what a posting asks for: credentials, years, settings, skills, pay...

One function, :func:`extract_requirements`, reads the title and the plain text
(from :func:`~otpath.postings.pipeline.normalize.html_to_text`) plus the
reader's hints, and never raises::

    >>> r = extract_requirements(
    ...     "Utilization Review Therapist",
    ...     "Qualifications:\\n- Active, unrestricted license as a PT, PTA, OT, COTA, or SLP.\\n"
    ...     "- 3-5 years of clinical experience; InterQual a plus.\\n"
    ...     "- Oversight of assistants (CNAs, PTAs, OTAs).\\n"
    ...     "This is a remote position - must reside in TX or FL. Pay: $38-$45/hour.")
    >>> r.credentials, r.license_required, (r.years_min, r.years_max)
    (['OT', 'COTA', 'PT', 'PTA', 'SLP'], True, (3.0, 5.0))
    >>> r.remote, r.remote_states, r.pay.annual_min, r.skills
    ('remote', ['TX', 'FL'], 79040.0, ['InterQual', 'utilization review'])
    >>> r.sentences["years"]
    '3-5 years of clinical experience; InterQual a plus.'

How it reads a posting
----------------------
The text is cut into sentences (a line, or a sentence within a line), each
tagged with the section it sits in: a heading such as "Qualifications" or
"Preferred" switches the section, "Responsibilities" or "Benefits" switch it
back. Every pattern runs once over the whole text; a match is then looked up
in its sentence, and the sentence decides whether the match counts:

* credentials count in requirement sections or in sentences that say so
  ("must be", "licensed", "we are hiring", "as a..."), never after
  "supervise", "work with", "collaborate with" in the same clause, nor when
  they only describe work ("PT/OT evaluations", "OT services");
* years skip company history ("for over 30 years") and ages;
* a certification is *required* when its sentence says required/must and not
  preferred/plus, or when it sits in a required section;
* remote: explicit onsite wording ("this is not a remote position") beats
  everything, then the source's own remote *type*, then hybrid and remote
  wording, then JobSpy's ``is_remote`` (a keyword guess, so a weak hint),
  then weak onsite wording ("in-clinic", "territory travel", "home visits");
  a text that never says where the work happens is ``unknown``;
* pay: the reader's structured fields first (JobSpy's swapped min/max fixed),
  else the first range in the text that is not a bonus, fee or investment;
  annualised as hourly x 2080, daily x 260, weekly x 52, monthly x 12.

The rules are data: cue words and patterns in ``otpath/rules/data/extract.toml``,
settings, skills and certifications in ``vocabulary.toml``, credential names
in ``credentials.toml``. This module holds the decision steps and the grammar
(sentences, numbers, money). Whole-text patterns run through
:class:`otpath.rules.engine.Patterns` (an alternative that starts with a word
runs only when the word is in the posting). What a line or a sentence says on
its own (sections, credentials, years, pay, residence) is remembered, since
postings repeat boilerplate; results are the same as without it.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ...bands import afc_band, normalize_band, pay_band, steps_above, title_band
from ...credentials import CREDENTIALS, normalize_credential
from ...rules import extract_rules, vocabulary
from ...rules.engine import (
    Cue,
    Hit,
    Patterns,
    RegexSet,
    Table,
    Text,
    compile_alternatives,
    share_prefilter,
)
from ..models import Pay, RawPosting, Requirements
from .normalize import STATE_CODES, US_STATES

__all__ = [
    "ExperienceKind",
    "british",
    "experience_kind",
    "in_person",
    "internal_only",
    "CERTIFICATIONS",
    "SETTING_PATTERNS",
    "SKILLS",
    "Sentence",
    "extract_requirements",
    "parse_pay",
    "parse_years",
    "split_sentences",
    "states_a_preference",
    "title_names_people",
    "without_references",
    "without_site_text",
]

_R = extract_rules()
_V = vocabulary()


_NEVER = re.compile(r"(?!)")


def _cues(alts: Iterable[str], *, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """One regex for a cue list (each alternative between ``prefix`` and ``suffix``); an
    empty list (a rule not written) matches nothing, not everything."""
    alts = list(alts)
    return compile_alternatives(alts, prefix=prefix, suffix=suffix) if alts else _NEVER


# Letters re's IGNORECASE takes for an ASCII letter that str.lower() does not turn
# into it (dotless i, long s; the Kelvin sign does lower to "k", left in for safety).
_FOLDS_ODDLY = ("\u0131", "\u017f", "\u212a")


def _number_lead(c: str) -> bool:
    """May ``c`` come before a cue's anchor word in a match (a number: "22.5 hours")?"""
    return c.isspace() or c.isdigit() or c == "."


def _words_lead(c: str) -> bool:
    """May ``c`` come before a cue's anchor word in a match (words: "on a bank basis")?"""
    return c.isalpha() or c.isspace() or c in ":-\u2013"


def _cue_matches(
    rx: re.Pattern[str],
    text: str,
    low: str,
    anchors: tuple[str, ...],
    lead: Callable[[str], bool] | None = None,
    starts: tuple[str, ...] | None = None,
) -> Iterator[re.Match[str]]:
    """What ``rx.finditer(text)`` yields, with ``rx`` tried only where a match can start.

    For a cue each of whose matches holds one of ``anchors`` (lower case), with only
    characters ``lead`` accepts before it in the match (none when ``lead`` is None),
    and starts with one of ``starts`` when given; ``low`` is ``text.lower()``. A match
    then starts at an anchor or in the run of lead characters just before it: the
    anchors are found by ``str.find`` and ``rx.match`` is tried there alone, instead
    of re trying the pattern at every position of a long text (it does for a pattern
    led by a look-behind, a word boundary or alternatives). The answers are the same:
    ``match`` at a position sees the text before it as ``finditer`` does.

        >>> rx = re.compile(r"(?<![\\d.])\\d+\\s*hours", re.I)
        >>> t = "12 Hours, 1.5 hours, 3\\n hours"
        >>> [m.group() for m in _cue_matches(rx, t, t.lower(), ("hour",), _number_lead)]
        ['12 Hours', '3\\n hours']
    """
    if len(low) != len(text) or any(c in text for c in _FOLDS_ODDLY):
        yield from rx.finditer(text)  # positions or letters the lower case does not keep
        return
    hits: set[int] = set()
    for anchor in anchors:
        at = low.find(anchor)
        while at >= 0:
            hits.add(at)
            at = low.find(anchor, at + 1)
    pos = 0  # where the next match may start (finditer's matches do not overlap)
    tried = -1  # every position up to here is tried
    for at in sorted(hits):
        if at < pos:
            continue
        start = at
        if lead is not None:
            while start > pos and lead(text[start - 1]):
                start -= 1
        for i in range(max(start, tried + 1), at + 1):
            if starts is not None and not low.startswith(starts, i):
                continue
            m = rx.match(text, i)
            if m is not None:
                yield m
                pos, tried = m.end(), i
                break
        else:
            tried = at


def _long_cues(alts: Iterable[str]) -> Cue:
    """Cue words run on every sentence: a prefilter scan names the few alternatives that may match."""
    return Cue.of(alts)


_SITE_END = compile_alternatives(_R.site.end_headings, prefix=r"^[\s#*\-]*", suffix=r"\b")
_SITE_LABEL = compile_alternatives(_R.site.label_lines, prefix=r"^[\s#*\-]*", suffix=r"\s*:")
_CONTACT = _cues(_R.site.contact_headings)
_CONTACT_END = _cues(_R.site.contact_end)


def without_site_text(text: str) -> str:
    """The posting's own words: the job site's lists of other jobs and filing labels
    removed, and the contact block (who to ask, with their job title) left out.

        >>> without_site_text("Treat patients.\\nOccupation Group: Registered Nurse\\nSimilar jobs\\nRN - ICU")
        'Treat patients.'
        >>> without_site_text("Join us.\\nFor further details / informal visits contact:\\nJo Bloggs\\n"
        ...                   "Speech and Language Therapist\\nAdditional contact information Ring first.")
        'Join us.\\nRing first.'
    """
    if ":" not in text and "jobs" not in text.lower() and "searches" not in text.lower():
        return text
    kept: list[str] = []
    contact = 0  # lines of a contact block still to leave out
    for line in text.split("\n"):
        if contact:
            end = _CONTACT_END.search(line)
            if end:
                contact = 0
                line = line[end.end() :].lstrip(" :")
                if not line:
                    continue
            elif len(line) <= _R.site.contact_line_chars:
                contact -= 1
                continue
            else:
                contact = 0
        if _SITE_END.match(line):
            break
        if _CONTACT.match(line.lstrip(" #*-")):
            contact = _R.site.contact_lines
            continue
        if not _SITE_LABEL.match(line):
            kept.append(line)
    return "\n".join(kept).rstrip()


# ---------------------------------------------------------------------------
# Sentences and sections
# ---------------------------------------------------------------------------

SectionKind = str  # "req", "pref", "duties", "about", "benefits", "other"

def _heading_rx(qualifiers: list[str], headings: list[str]) -> re.Pattern[str]:
    lead = r"(?:(?:" + "|".join(qualifiers) + r")\s+)?" if qualifiers else ""
    return re.compile("^" + lead + "(?:" + "|".join(headings) + r")\b", re.I)


# Checked in the order of extract.toml's [sections] (preferred before required).
_HEADINGS: list[tuple[re.Pattern[str], SectionKind]] = [
    (_heading_rx(rule.qualifiers, rule.headings), kind) for kind, rule in _R.sections.items()
]
# Every heading pattern at once: a line none of them starts is no heading (one
# match instead of one per section kind).
_ANY_HEADING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _HEADINGS), re.I)
# A sentence ends at the white space (group 1) after . ! or ? before a capital or a
# digit. (What ``(?<=[.!?])\s+(?=...)`` finds; led by the punctuation, which re finds
# by a quick scan, instead of a look-behind tried at every character.)
_SENT_END = re.compile(r"[.!?](\s+)(?=[\"'(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Ms|Mrs|St|Inc|Co|Ltd|Jr|Sr|No|approx|incl|min|max|yrs?|U\.S|a\.m|p\.m)\.|\b[A-Z]\.)$")


class Sentence(NamedTuple):
    """One sentence of the text: its span, the words and the section it sits in.

    (A named tuple: immutable like a frozen dataclass, and built several times
    faster; a posting has dozens.)
    """

    start: int
    end: int
    text: str
    section: SectionKind
    bullet: bool = False


def _heading(line: str) -> tuple[SectionKind, int] | None:
    """Section kind and the offset where the content after the heading starts."""
    if len(line) > 60 and ":" not in line[:60]:
        return None  # a long line without an early colon is content, not a heading
    stripped = line.strip().lstrip("#*- ").rstrip()
    if not stripped or _ANY_HEADING.match(stripped) is None:
        return None
    for pattern, kind in _HEADINGS:
        m = pattern.match(stripped)
        if not m:
            continue
        rest = stripped[m.end():]
        colon = rest.find(":")
        if not rest.strip(" :*"):
            return kind, len(line)  # a heading line on its own
        if 0 <= colon <= 40 and not re.search(r"[.;]", rest[:colon]):
            return kind, line.find(":") + 1  # "Qualifications: PT or OT ..."
        if len(stripped) <= 45 and rest.strip().endswith(":"):
            return kind, len(line)
        if len(stripped.split()) <= 5 and not re.search(r"[.;,]", stripped):
            return kind, len(line)
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Cut ``text`` into sentences tagged with their section.

        >>> [(s.text, s.section) for s in split_sentences("Requirements:\\n- PT or OT. 2 years.\\nBenefits\\n- 401(k)")]
        [('PT or OT.', 'req'), ('2 years.', 'req'), ('401(k)', 'benefits')]
    """
    out: list[Sentence] = []
    append = out.append
    section: SectionKind = "other"
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        kind, pieces = _line_sentences(line)
        if kind is not None:
            section = kind
        for start, end, piece, bullet in pieces:
            append(Sentence(line_start + start, line_start + end, piece, section, bullet))
    return out


# Every ingest worker holds all of these caches: their sizes keep most of the hits
# for a fraction of the memory (a worker's share of a 100k-posting ingest: 8192
# lines hit 84% of calls, 32768 hit 88% but hold ~21 MB instead of ~5 MB).
@lru_cache(maxsize=8192)
def _line_sentences(line: str) -> tuple[SectionKind | None, tuple[tuple[int, int, str, bool], ...]]:
    """A line's heading kind (if it starts a section) and its sentences, positions in the line.

    Pure in the line, so cached: postings repeat lines (headings, boilerplate
    requirements and benefits) across a feed.
    """
    head = _heading(line)
    offset = 0
    kind: SectionKind | None = None
    if head is not None:
        kind, offset = head
        if offset >= len(line):
            return kind, ()
    body = line[offset:]
    lead = len(body) - len(body.lstrip(" -*\u2022\u00b7\t"))
    bullet = lead > 0 and body.lstrip()[:1] in "-*\u2022\u00b7"
    base = offset + lead
    body = body[lead:]
    out: list[tuple[int, int, str, bool]] = []
    cut = 0
    if "." in body or "!" in body or "?" in body:  # _SENT_END follows one of them
        for m in _SENT_END.finditer(body):
            end = m.start(1)
            # An abbreviation ends right before the break: look at the last few
            # characters only (\b still sees the one before them).
            if _ABBREV.search(body, max(0, end - 16), end):
                continue
            piece = body[cut:end].strip()
            if piece:
                out.append((base + cut, base + end, piece, bullet))
            cut = m.end()
    piece = body[cut:].strip()
    if piece:
        out.append((base + cut, base + len(body), piece, bullet))
    return kind, tuple(out)


class _Index:
    """Finds the sentence that contains a character offset."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def at(self, pos: int) -> Sentence | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end + 1:
            return self.sentences[i]
        return None


# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------

_C = _R.credentials
_LIST_ONLY = set(_C.list_only)  # need a neighbour code


def _code_aliases() -> tuple[list[str], list[str]]:
    codes: set[str] = set()
    names: set[str] = set()
    for cred in CREDENTIALS.values():
        for alias in (cred.code, *cred.aliases):
            if "," in alias:
                continue
            if alias.upper() == alias and any(ch.isalpha() for ch in alias):
                codes.add(alias)
            elif alias.lower() == alias:
                names.add(alias)
    # Longest first; ties in a fixed order (not the hash seed's), so the regexes' text, and the key
    # of their compiled Hyperscan database on disk, is the same in every process. (Two
    # different aliases of one length never match at one place, so order among them
    # never changed an answer.)
    return sorted(codes, key=lambda a: (-len(a), a)), sorted(names, key=lambda a: (-len(a), a))


_CODES, _NAMES = _code_aliases()


def _by_first_char(words: list[str], escape: Callable[[str], str] = re.escape) -> str:
    """``a|b|...`` with alternatives grouped under their first character: ``C(?:OTA|...)|O(?:...)``.

    Two alternatives that start differently never match at the same place, so
    the grouping keeps the alternation's meaning (each group keeps the order);
    ``re`` then rejects a position after one test per group instead of one per
    word.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(escape(word[1:]))
    return "|".join(
        re.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    )


_CODE_RE = re.compile(r"(?<![A-Za-z0-9])(" + _by_first_char(_CODES) + r")(?:s|['\u2019]s)?(?![A-Za-z0-9])")
_NAME_RE = re.compile(  # a name, or its plural ("social workers", "mental health nurses")
    r"\b(" + _by_first_char(_NAMES, lambda n: re.escape(n).replace(r"\ ", r"[\s-]+")) + r")s?\b", re.I
)
_DISCIPLINE = r"(?:physical|occupational|speech(?:[\s-]+language)?)"
_ELLIPSIS_RE = re.compile(
    rf"\b({_DISCIPLINE}(?:\s*(?:,\s*(?:or|and)\b|,|/|&|\band/or\b|\bor\b|\band\b)\s*{_DISCIPLINE})+)\s*,?\s+"
    r"(therapists?|therapy\s+assistants?|therapist\s+assistants?|pathologists?|therap(?:y|ies))\b",
    re.I,
)
_GENERIC_THERAPIST_RE = re.compile(
    r"\blicensed\s+(?:rehab(?:ilitation)?\s+|therapy\s+|clinical\s+)?"
    r"(therapists?|therapy\s+assistants?|clinicians?|therapy\s+professionals?)\b",
    re.I,
)
# Cues (in extract.toml [credentials]): wanted (before the mention, in its
# sentence), people (before it, in its clause), words after it that make it a
# modifier ("OT services"), exclusions, qualifications, title words.
_WANT_CUE = _long_cues(_C.wanted)
_PEOPLE_CUE = _long_cues(_C.people)
_DOCTOR_WANTED = re.compile("|".join(f"(?:{alt})" for alt in _C.doctor_wanted), re.I)
_DOCTOR_CODE = re.compile(
    r"M\.?D\.?|MBBS|MBChB|.*\bGMC\b.*|.*\bgeneral\s+medical\s+council\b.*"
    r"|pharm\.?\s?d\.?|r\.?\s?ph\.?|c\.?\s?ph\.?\s?t\.?|PTCB|.*\bGPhC\b.*",
    re.I,
)
# Professions that NHS and US adverts name as the team more often than as the hire: written
# out, they count only where the hire is one (doctor_wanted); their abbreviations always.
_TEAM_PROFESSIONS = (["MD"], ["RPH"], ["CPHT"])
_LICENCE_AFTER = re.compile(r"s?\s+(?:licen[cs](?:e|ure)|registration|certification)\b", re.I)
_MODIFIER_AFTER = compile_alternatives(_C.modifier_words, prefix=r"\s*\)?\s*(?:/\s*)?", suffix=r"\b")
_NOT_ELIGIBLE = _cues(_C.not_eligible)
_CLAUSE_BREAK = re.compile(r"[;:.]\s|\bwhile\b|\band\s+(?=(?:supervis|work|collab))", re.I)
_QUALIFYING_BEFORE = _cues(_C.qualifying_before)
_TITLE_PEOPLE = _cues(_C.title_people)
_TITLE_LEADS = _cues(_C.title_leads)
_REFERENCES = _cues(_C.references)
_TITLE_LEAD_SERVICE = _cues(_C.title_lead_service)
# (Cues: the prefilter names the few alternatives a title may match, and only those
# run; re tried all the doctor's titles at every position of every title.)
_FROM_TITLE = {code: Cue.of(alts) for code, alts in _C.from_title.items()}
_FROM_TITLE_ALWAYS = {code: Cue.of(alts) for code, alts in _C.from_title_always.items()}
_TITLE_EXCLUDES = [(codes.split(), compile_alternatives(alts)) for codes, alts in _C.title_excludes.items()]
_TITLE_ALTERNATIVES = _cues(_C.title_alternatives)
_TITLE_OWNS = [(code, frozenset(others)) for code, others in _C.title_owns.items()]


@lru_cache(maxsize=4096)  # pure in the title, and titles repeat across a feed
def _from_title(title: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The credentials whose from_title cue the title matches (as a set; in rule order,
    they are ``_FROM_TITLE``'s keys it holds), and those of from_title_always, in order."""
    return (
        frozenset(code for code, rx in _FROM_TITLE.items() if rx.search(title)),
        tuple(code for code, rx in _FROM_TITLE_ALWAYS.items() if rx.search(title)),
    )
_BRITISH_TITLE_EXCLUDES = [
    (codes.split(), compile_alternatives(alts)) for codes, alts in _C.british_title_excludes.items()
]
_DISCIPLINE_REGISTER = _long_cues(_C.discipline_register)
_DISCIPLINE_LEAD = _cues(_C.discipline_lead_titles)
_DISCIPLINE_TITLE_NOT = _cues(_C.discipline_title_not)
_DISCIPLINE_TITLES = [(code, compile_alternatives(alts)) for code, alts in _C.discipline_titles.items()]
_ONE_DISCIPLINE_NOT = _cues(_C.one_discipline_not)
_DISCIPLINE_NOUNS = [(code, compile_alternatives(alts)) for code, alts in _C.discipline_nouns.items()]
_BACKGROUND_LISTS = _cues(_C.background_lists)
_BACKGROUNDS = [(codes.split(), compile_alternatives(alts)) for codes, alts in _C.backgrounds.items()]
_BACKGROUND_PEOPLE = _cues(_C.background_people)
_BACKGROUND_OPEN = _cues(_C.background_open)
_US_LICENCES = frozenset(_C.us_licences)
_BRITISH = _long_cues(_C.british)
_UNNAMED_REGISTRATION = [(codes.split(), compile_alternatives(alts)) for codes, alts in _C.unnamed_registration.items()]
_GROUPS = [(codes.split(), compile_alternatives(alts)) for codes, alts in _C.groups.items()]
_WRITTEN_GROUPS = [rx for (codes, rx) in _GROUPS if " ".join(codes) in _C.written_groups]
_SHARED_REGISTERS = [rx for (codes, rx) in _GROUPS if " ".join(codes) in _C.shared_registers]
_GROUP_WANTED = re.compile("|".join(f"(?:{alt})" for alt in (*_C.doctor_wanted, *_C.group_wanted)), re.I)
_GROUP_AFTER = re.compile("|".join(f"(?:{alt})" for alt in _C.group_wanted_after), re.I)
_GROUP_OR = re.compile(r"\b(?:or|and/or)\s+(?:an?\s+)?(?:other\s+)?$", re.I)
_THERAPY_CODES = {"OT", "COTA", "PT", "PTA", "SLP", "SLPA"}
_ORDER = {code: i for i, code in enumerate(CREDENTIALS)}


def _ellipsis_codes(disciplines: str, head: str) -> list[str]:
    head = head.lower()
    assistant = "assistant" in head
    out: list[str] = []
    for d in re.findall(r"physical|occupational|speech", disciplines, re.I):
        d = d.lower()
        if d == "physical":
            out.append("PTA" if assistant else "PT")
        elif d == "occupational":
            out.append("COTA" if assistant else "OT")
        else:
            out.append("SLPA" if assistant else "SLP")
    return out


# Cheap gates: a code needs two capitals in a row ("PT", "C.O.T.A."); every name
# alias contains one of these words ("physical therapist", "registered nurse"...).
_CAPS2 = re.compile(r"[A-Z][A-Z.]")
# A cheap first test: every written-out credential name contains the start of its last word.
_NAME_HINTS = tuple(sorted({name.split()[-1][:5] for name in _NAMES}))
_NAME_HINTS += tuple(_R.credentials.group_hints)  # "allied health professionals", "your nursing career"
_NAME_HINT_RE = re.compile("|".join(map(re.escape, _NAME_HINTS)))  # (one C scan for all of them)


def _mentions(
    sentence: str, may: frozenset[int] | set[int], *, in_title: bool = False
) -> list[tuple[int, int, list[str]]]:
    """(start, end, codes) for every credential mention in ``sentence``.

    ``may``: the regexes of :data:`_CRED_SET` that may match it (the others are not run).
    """
    found: list[tuple[int, int, list[str]]] = []
    taken: list[tuple[int, int]] = []
    low = sentence.lower()
    # Each regex is a long case-insensitive alternation: run it only when one of
    # the words it needs is there.
    named = _C_HINT in may and _NAME_HINT_RE.search(low) is not None
    ellipsis = _C_ELLIPSIS in may and named and ("physical" in low or "occupational" in low or "speech" in low) and (
        " or " in low or "/" in low or "," in low or " and " in low or "&" in low
    )
    for m in _ELLIPSIS_RE.finditer(sentence) if ellipsis else ():
        found.append((m.start(), m.end(), _ellipsis_codes(m.group(1), m.group(2))))
        taken.append((m.start(), m.end()))
    for m in _NAME_RE.finditer(sentence) if named and _C_NAME in may else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        code = normalize_credential(re.sub(r"[\s-]+", " ", m.group(1)).replace("speech language", "speech-language"))
        if code:
            found.append((m.start(), m.end(), [code]))
            taken.append((m.start(), m.end()))
    for (group, rx), i in zip(_GROUPS, _C_GROUPS, strict=True):  # "AHPs": several credentials at once
        for m in rx.finditer(sentence) if i in may else ():
            if not any(a <= m.start() < b for a, b in taken):
                found.append((m.start(), m.end(), list(group)))
                taken.append((m.start(), m.end()))
    codes: list[tuple[int, int, str]] = []
    for m in _CODE_RE.finditer(sentence) if _C_CODE in may and _CAPS2.search(sentence) else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        alias = m.group(1)
        code = normalize_credential(alias)
        if code:
            codes.append((m.start(), m.end(), alias))
    for i, (start, end, alias) in enumerate(codes):
        if alias in _LIST_ONLY or alias == "OT":
            # "ST" / "OT" count only next to another credential ("PT/OT/ST", "OT or PT").
            near = any(
                j != i and abs(codes[j][0] - end) <= 12 or j != i and abs(start - codes[j][1]) <= 12
                for j in range(len(codes))
            ) or any(abs(a - end) <= 12 or abs(start - b) <= 12 for a, b in taken)
            if alias in _LIST_ONLY and not near:
                continue
            if alias == "OT" and not near and re.match(r"\s*(?:pay|hours|rate|available)", sentence[end:], re.I):
                continue  # overtime
        code = normalize_credential(alias)
        if code:
            found.append((start, end, [code]))
    # "occupational therapy" counts only as an item of a list of credentials ("nursing,
    # occupational therapy or social work"; extract.toml: discipline_nouns), next to one
    # found; a list of several disciplines grows from its one anchor.
    if found and ("therap" in low or "physio" in low):
        grew = True
        while grew:
            grew = False
            for code, rx in _DISCIPLINE_NOUNS:
                for m in rx.finditer(sentence):
                    if any(a <= m.start() < b for a, b, _ in found):
                        continue
                    if any(
                        (b <= m.start() and _LIST_GLUE.fullmatch(sentence[b: m.start()]))
                        or (m.end() <= a and _LIST_GLUE.fullmatch(sentence[m.end(): a]))
                        for a, b, _ in found
                    ):
                        found.append((m.start(), m.end(), [code]))
                        grew = True
    # A bare "nurse" is an RN ("an experienced nurse"); "nursing" counts only inside a
    # list of credentials ("OT, PT, nursing or nutrition"). Never a nurse aide,
    # a nursing home or a nursing assistant (extract.toml: nurse_not_before).
    if "nurs" in low and _C_NURSE in may:
        for m in _NURSE_RE.finditer(sentence):
            if any(a <= m.start() < b for a, b, _ in found):
                continue
            bare = m.group().lower().startswith("nurse")
            joined = any(
                ((b <= m.start() and _LIST_GLUE.fullmatch(sentence[b: m.start()]))
                 or (m.end() <= a and _LIST_GLUE.fullmatch(sentence[m.end(): a])))
                # "nursing and AHP staff" is a team, not a list of credentials (a title's is)
                and (in_title or not (len(group) > 1 and any(rx.fullmatch(sentence, a, b) for rx in _WRITTEN_GROUPS)))
                for a, b, group in found
            )
            if bare or joined:
                found.append((m.start(), m.end(), ["RN"]))
    found.sort()
    return found


_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:or|and|and/or)?|/|&|or|and|and/or)\s*", re.I)
# Before a group word: the same glue, through other professions' codes ("RN, ODP or AHP").
# Between two items of a list that began with other people ("a team consisting of
# Mental Health Nurses; Support Workers; Occupational Therapist"): glue, or glue
# around one to three capitalised words (an item with no credential).
_PEOPLE_LIST_CARRY = re.compile(
    r"\s*(?:[;,/&]|\band\b|\bor\b)\s*(?:(?-i:(?:[A-Z][\w-]*\s*){1,3})(?:[;,/&]|\band\b|\bor\b)\s*)?", re.I
)
_GROUP_LIST_GLUE = re.compile(
    r"(?:\s*(?:,\s*(?:or|and|and/or)?|/|&|or|and|and/or)\s*(?:[A-Z]{2,5}s?\b)?)+\s*", re.I
)
_NURSE_RE = compile_alternatives(
    _C.nurse_not_before, prefix=r"(?i:(?<!dental )(?<!veterinary )(?<!nursery )\b(?:nurses?|nursing)\b)(?!\s*", suffix=")"
)

# One Hyperscan scan of a sentence (engine.RegexSet) names the regexes below that
# may match it; the others are not run. Without the prefilter every one runs.
_CRED_SET = RegexSet([
    _CAPS2,
    (_NAME_HINT_RE.pattern, True),
    _ELLIPSIS_RE,
    _NAME_RE,
    *(rx for _, rx in _GROUPS),
    _CODE_RE,
    _NURSE_RE,
    _WANT_CUE.regex,
    _GENERIC_THERAPIST_RE,
])
_C_CAPS, _C_HINT, _C_ELLIPSIS, _C_NAME = 0, 1, 2, 3
_C_GROUPS = range(4, 4 + len(_GROUPS))
_C_CODE, _C_NURSE, _C_WANT, _C_GENERIC = range(4 + len(_GROUPS), 8 + len(_GROUPS))
_C_ALL = frozenset(range(8 + len(_GROUPS)))
# What a sentence needs to give any credential: a mention (_mentions) or "licensed
# therapists" (_GENERIC_THERAPIST_RE); see _credential_sentences.
_MENTION_SET = RegexSet([
    _ELLIPSIS_RE, _NAME_RE, *(rx for _, rx in _GROUPS), _CODE_RE, _NURSE_RE, _GENERIC_THERAPIST_RE,
])


_QUALIFYING = _cues(_C.qualifying)
_LIST_WORD = _cues(_C.list_words)


@lru_cache(maxsize=4096)  # (process() asks, then extract_requirements)
def title_names_people(title: str) -> bool:
    """Whether a title's credentials are other people's ("Physician Recruiter", "Rehab Director").

    A leader's title that names the hire's own profession is read: a "Nurse
    Manager" is a nurse ("Director of Nursing" names a service, not a person).

        >>> title_names_people("Physician & Allied Health Recruiter"), title_names_people("Matron")
        (True, False)
        >>> title_names_people("Nurse Assessor Case Manager"), title_names_people("Director of Nursing")
        (False, True)
        >>> title_names_people("RN Case Manager"), title_names_people("PT Clinic Director"), title_names_people("Director of PT")
        (False, False, True)
    """
    if "&" in title:
        title = title.replace("&", " and ")  # "Clinical Lead Speech & Language Therapist"
    return bool(_TITLE_PEOPLE.search(title)) or (
        bool(_TITLE_LEADS.search(title))
        and not _NAME_RE.search(title)
        and "RN" not in _from_title(title)[0]
        and not any(  # "PT Clinic Director", "Clinical Manager (RN)"; not "Director of PT"
            normalize_credential(m.group(1)) and not _TITLE_LEAD_SERVICE.search(m.string[: m.start()])
            for m in _CODE_RE.finditer(_credential_text(title))
        )
    )


def _people_before(before: str) -> bool:
    """Does the clause before a mention name other people ("supervise PTAs")?

    A qualification named after the people word wins: "we are looking to
    recruit someone with a qualification in nursing, social work or OT".
    """
    people = list(_PEOPLE_CUE.finditer(before))
    if not people:
        return False
    qualifying = [m.end() for m in _QUALIFYING.finditer(before)]
    first_qualifying = min(qualifying, default=len(before) + 1)
    last_people = max(
        (m.end() for m in people
         # "applications from all professionals, including nurses, OTs and social workers"
         if not (first_qualifying <= m.start() and _LIST_WORD.search(m.group()))),
        default=-1,
    )  # fmt: skip
    return last_people > max(qualifying, default=-1)


def _credentials_in(
    sentence: Sentence, *, in_title: bool = False, register_is_nurse: bool = False, discipline: str | None = None
) -> list[str]:
    text = sentence.text
    # Cheap gate (before the prefilter's scan): no capitals pair and no credential
    # word means no credential.
    if _CAPS2.search(text) is None and _NAME_HINT_RE.search(text.lower()) is None:
        return []
    candidates = _CRED_SET.candidates(text)
    may = _C_ALL if candidates is None else set(candidates)
    mentions = _mentions(text, may, in_title=in_title)
    if not mentions:
        generic = _GENERIC_THERAPIST_RE.search(text) if _C_GENERIC in may else None
        if generic and _WANT_CUE.search(text) and not _people_before(text[: generic.start()]):
            assistant = "assistant" in generic.group(1).lower()
            return ["PTA", "COTA"] if assistant else ["PT", "OT", "SLP"]
        return []
    wanted_section = sentence.section in ("req", "pref")
    cue = _C_WANT in may and bool(_WANT_CUE.search(text))
    # A short bullet that is mostly credentials ("PT, PTA, OT, COTA, or SLP") is a list.
    cred_chars = sum(e - s for s, e, _ in mentions)
    list_like = len(text) <= 80 and cred_chars >= 0.35 * len(re.sub(r"[\s,/.;:()]|\bor\b|\band\b", "", text) or "x")
    if not (wanted_section or cue or list_like or in_title):
        return []
    out: list[str] = []
    last_end = -1  # end of the last mention that counted
    people_end = -1  # end of the last mention that named other people
    for start, end, codes in mentions:
        clause_start = 0
        for b in _CLAUSE_BREAK.finditer(text, 0, start):
            clause_start = b.end()
        before = text[clause_start:start]
        if codes in _TEAM_PROFESSIONS and not in_title and not _DOCTOR_CODE.fullmatch(text[start:end]):
            # A written-out doctor (or pharmacist) is the team or the employer unless the
            # hire is one (extract.toml: doctor_wanted), it follows one in a list, or its
            # licence is asked for ("an active pharmacist license").
            listed = last_end >= 0 and _LIST_GLUE.fullmatch(text[last_end:start]) is not None
            licence = _LICENCE_AFTER.match(text, end) is not None
            if not listed and not licence and not _DOCTOR_WANTED.search(before):
                continue
        if len(codes) > 1 and not in_title and any(rx.fullmatch(text, start, end) for rx in _WRITTEN_GROUPS):
            # "AHPs" is the team or the audience unless the hire is one (extract.toml: group_wanted).
            listed = last_end >= 0 and (
                _GROUP_LIST_GLUE.fullmatch(text[last_end:start]) is not None
                or _GROUP_OR.search(text[last_end:start]) is not None  # "a nurse (...) or an AHP"
            )
            if not listed and not _GROUP_WANTED.search(before) and not _GROUP_AFTER.match(text, end):
                continue
            if discipline is not None:  # a "Specialist Physiotherapist" advert's "registered AHP"
                codes = [discipline] if discipline in codes else []
        if not in_title and (
            (
                _people_before(before)  # a title's people words are read by title_people / title_leads
                and not re.search(r"\b(?:as|be)\s+an?\s*$|licensed\s*$", before, re.I)
            )
            # ...and the next items of a list of people, across semicolons
            or (people_end >= 0 and _PEOPLE_LIST_CARRY.fullmatch(text, people_end, start) is not None)
        ):
            people_end = end
            continue
        after = text[end: end + 40]
        # "PT/OT evaluations": skip when the run of codes ends in a work noun.
        run_end = end
        while True:
            nxt = re.match(r"\s*(?:/|,|or|and|&)\s*[A-Z][A-Za-z/]{1,7}", text[run_end:])
            if not nxt or not _CODE_RE.match(text, run_end + len(nxt.group(0)) - len(nxt.group(0).lstrip(" /,&orand"))):
                break
            run_end += nxt.end()
        if (
            _MODIFIER_AFTER.match(text[run_end:])
            and not re.match(r"\s*(?:license|licensure)", after, re.I)
            and not _QUALIFYING_BEFORE.search(before)  # "graduate of a PTA, OTA or SLPA program"
        ):
            continue
        if _NOT_ELIGIBLE.search(text[end: end + 60]) and not re.search(r"\bor\b", text[end: end + 8]):
            continue
        if register_is_nurse and any(rx.fullmatch(text, start, end) for rx in _SHARED_REGISTERS):
            codes = ["RN"]  # "NMC or HCPC" under a nurse's or an ODP's title
        out.extend(codes)
        last_end = end
    if out and not (_THERAPY_CODES & set(out)):
        generic = _GENERIC_THERAPIST_RE.search(text) if _C_GENERIC in may else None
        if generic:  # "RN or licensed therapist"
            out.extend(["PTA", "COTA"] if "assistant" in generic.group(1).lower() else ["PT", "OT", "SLP"])
    return out


# ---------------------------------------------------------------------------
# Licence, years
# ---------------------------------------------------------------------------

_LICENSE_RE = Patterns(_R.license.mention)
_LICENSE_NOT = _cues(_R.license.not_)
_LICENSE_WANT = _cues(_R.license.wanted)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
}
_NUM = r"(\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_PAREN = r"(?:\s*\(\s*\d{1,2}\s*\))?"
_UNIT = r"\s*\+?\s*(years?|yrs?|months?)\b"
_YEARS_RE = re.compile(
    r"(?:(?P<min_cue>minimum\s+of|a\s+minimum\s+of|at\s+least|no\s+less\s+than|min\.?|minimum|over)\s+)?"
    rf"(?P<a>{_NUM}|an?){_PAREN}"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<b>{_NUM}){_PAREN})?"
    r"(?P<plus>\s*\+|\s*plus|\s+or\s+more)?"
    rf"{_UNIT}",
    re.I,
)
_YEARS_CONTEXT = _long_cues(_R.years.context)
_YEARS_NOT = _long_cues(_R.years.not_)
_YEARS_SPAN_NOT_BEFORE = re.compile("|".join(f"(?:{p})" for p in _R.years.span_not_before), re.I)
_YEARS_SPAN_NOT_AFTER = re.compile("|".join(f"(?:{p})" for p in _R.years.span_not_after), re.I)
_PREFERRED = _long_cues(_R.wording.preferred)
_REQUIRED = _long_cues(_R.wording.required)
# ("preferred but not essential" does not insist)
_INSISTS = re.compile(r"(?<!not )(?<!n't )requir|\bmust\b|mandatory|(?<!not )(?<!non-)(?<!non )essential", re.I)


def states_a_preference(sentence: str) -> bool:
    """Whether a sentence words what it names as a wish ("preferred", "a plus",
    "helpful"...: extract.toml's ``[wording] preferred``).

        >>> states_a_preference("Home health background helpful."), states_a_preference("SNF experience required.")
        (True, False)
    """
    return _PREFERRED.search(sentence) is not None


def _num(token: str | None) -> float | None:
    if token is None:
        return None
    token = token.lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token)
    except ValueError:
        return None


def parse_years(sentence: str) -> list[tuple[float | None, float | None]]:
    """Every (min, max) experience span written in ``sentence``, in order.

        >>> parse_years("3-5 years of acute care experience")
        [(3.0, 5.0)]
        >>> parse_years("Minimum of two (2) years as a PT; 5+ years preferred")
        [(2.0, None), (5.0, None)]
        >>> parse_years("We have served patients for over 30 years")
        []
    """
    if _YEARS_NOT.search(sentence) or not _YEARS_CONTEXT.search(sentence):
        return []
    out: list[tuple[float | None, float | None]] = []
    for m in _YEARS_RE.finditer(sentence):
        a = _num(m.group("a"))
        b = _num(m.group("b"))
        # "a year" counts; "a month" only after a cue ("at least a month"). Group 6 is
        # the "plus" group (its None crashed here): fall back to the unit, as meant.
        if m.group("a").lower() in ("a", "an") and not (
            m.group("min_cue") or "year" in (m.group(6) or m.group(7)).lower()
        ):
            continue
        if a is None:
            continue
        # "held within the last 2 years", "365 days a year", "a 12 month FTC"
        if _YEARS_SPAN_NOT_BEFORE.search(sentence, max(0, m.start() - 40), m.start()) or _YEARS_SPAN_NOT_AFTER.match(
            sentence, m.end()
        ):
            continue
        unit = (m.groups()[-1] or "").lower()
        scale = 1 / 12 if unit.startswith("month") else 1.0
        lo = round(a * scale, 2)
        hi = round(b * scale, 2) if b is not None else None
        if hi is not None and hi < lo:
            lo, hi = hi, lo
        if lo > 40 or (hi is not None and hi > 40):
            continue
        # "over 30 years" of service was filtered above; "over 3 years" of experience is a minimum.
        out.append((lo, hi))
    return out


@dataclass(frozen=True)
class ExperienceKind:
    """What a years requirement is experience of, when a therapist's clinical years do
    not show it (``extract.toml``'s ``[experience_kinds]``)."""

    key: str
    label: str
    skills: tuple[str, ...]  # profile skills that show it
    preferred: bool  # the clause words it as a wish ("... a plus")
    words: str  # the clause it was read from


_KIND_CUES = {key: _cues(k.cues) for key, k in _R.experience_kinds.kinds.items()}
# A clause ends at a bullet, a semicolon, a line or a full stop.
_CLAUSE_END = re.compile(r"[\u2022\u25cf\u25aa\u00b7;\n]|\.\s")
_KIND_BEFORE = 45  # characters before the figure read too ("Administrative experience of 2 years")


@lru_cache(maxsize=4096)  # read at verdict time for each candidate; adverts repeat their years sentence
def experience_kind(sentence: str, years_min: float | None = None) -> ExperienceKind | None:
    """The kind of experience a years requirement asks for, when it is not clinical work.

    The clause around the years figure (the one that gave ``years_min``, else the
    first) is read for the kinds' cues:

        >>> experience_kind("2 years administrative experience, some in healthcare.").label
        'administrative'
        >>> experience_kind("At least 2 years of experience as an OT (ideally acute).") is None
        True
        >>> k = experience_kind("3 years of clinical experience; utilization review experience a plus.")
        >>> k is None
        True
        >>> experience_kind("3+ years of clinical experience, with UR experience a plus.").preferred
        True
    """
    if not _KIND_CUES:
        return None
    figures = [m for m in _YEARS_RE.finditer(sentence) if _num(m.group("a")) is not None]
    if not figures:
        return None
    chosen = figures[0]
    for m in figures:
        unit = (m.groups()[-1] or "").lower()
        value = (_num(m.group("a")) or 0) / (12 if unit.startswith("month") else 1)
        if years_min is not None and abs(value - years_min) < 0.01:
            chosen = m
            break
    start = max(0, chosen.start() - _KIND_BEFORE)
    before = [e.end() for e in _CLAUSE_END.finditer(sentence, start, chosen.start())]
    if before:
        start = before[-1]
    stop = min(len(sentence), chosen.end() + _R.experience_kinds.window)
    after = _CLAUSE_END.search(sentence, chosen.end(), stop)
    if after:
        stop = after.start()
    words = sentence[start:stop]
    # the kind named first ("a clinical governance / risk management role" is governance)
    found = [(hit.start(), key) for key, rx in _KIND_CUES.items() if (hit := rx.search(words))]
    if not found:
        return None
    key = min(found)[1]
    kind = _R.experience_kinds.kinds[key]
    return ExperienceKind(key, kind.label, tuple(kind.skills), states_a_preference(words), words.strip())


# ---------------------------------------------------------------------------
# Settings, skills, certifications
# ---------------------------------------------------------------------------

# The vocabulary (rules/data/vocabulary.toml): each pattern as one string of alternatives.
SETTING_PATTERNS: dict[str, str] = {key: "|".join(t.patterns) for key, t in _V.settings.items()}
SKILLS: dict[str, str] = {key: "|".join(t.patterns) for key, t in _V.skills.items()}
CERTIFICATIONS: dict[str, str] = {key: "|".join(t.patterns) for key, t in _V.certifications.items()}
_SETTING_RES = Table({key: t.patterns for key, t in _V.settings.items()})
# Settings whose words mean another setting in a British advert ("nursing home").
_SETTING_BRITISH_RES = Table({key: t.british_patterns for key, t in _V.settings.items() if t.british_patterns})
_SETTING_NOT_BRITISH_RES = Table(
    {key: t.not_british_patterns for key, t in _V.settings.items() if t.not_british_patterns}
)
# A mention in a sentence about something else (the employer's services, the applicant's
# present job) is passed over for the setting's next one.
_SETTING_ASIDES = {key: _cues(t.asides) for key, t in _V.settings.items() if t.asides}
_SKILL_RES = Table({key: t.patterns for key, t in _V.skills.items()})
_CERT_RES = Table({key: t.patterns for key, t in _V.certifications.items()})

# ---------------------------------------------------------------------------
# Remote
# ---------------------------------------------------------------------------

_REMOTE = _R.remote
_ONSITE_STRONG = Patterns(_REMOTE.onsite_strong)
_HYBRID = Patterns(_REMOTE.hybrid)
_REMOTE_STRONG = Patterns(_REMOTE.remote_strong)
_REMOTE_LEAD = compile_alternatives(_REMOTE.lead)
_REMOTE_WEAK = Patterns(_REMOTE.remote_weak)
_REMOTE_PARTIAL = _cues(_REMOTE.remote_partial)
_REMOTE_ASIDE = _cues(_REMOTE.remote_aside)
_ONSITE_ASIDE = _cues(_REMOTE.onsite_aside)
_ONSITE_WEAK = Patterns(_REMOTE.onsite_weak)
_ONSITE_CONTEXT = Patterns(_REMOTE.onsite_context)
_REVIEW_CARE = _cues(_REMOTE.review_care)
_REVIEW_SENTENCE = _cues(_REMOTE.review_sentence)
_REVIEW_TITLE = _cues(_REMOTE.review_titles)
# read just after "inpatient"/"outpatient": the noun it is said of, up to three words on
_CARE_AS_CATEGORY = _cues(_REMOTE.care_as_category, prefix=r"\s+(?:[\w-]+\s+){0,3}?", suffix=r"\b")
_RESIDE = _cues(_REMOTE.residence)
_RESIDE_WORD = _cues(_REMOTE.residence_words)
_STATE_NAME_RE = re.compile(r"\b(" + "|".join(sorted(US_STATES, key=len, reverse=True)) + r")\b", re.I)
_STATE_CODE_RE = re.compile(r"(?<![A-Za-z])([A-Z]{2})(?![A-Za-z])")
_STATE_RE = re.compile(_STATE_CODE_RE.pattern + "|" + _STATE_NAME_RE.pattern, re.I)
_CONFUSABLE_CODES = set(_REMOTE.confusable_state_codes)

# ---------------------------------------------------------------------------
# Pay
# ---------------------------------------------------------------------------

_CURRENCY = dict(_R.pay.currencies)
# Amounts: "80,000", "80,000.50", European "45.000" and "45.000,50", thousands set apart
# by a space ("59 966"), "38", "38.50".
_AMOUNT = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:[.,]\d{1,2})?"
)
# Currency marks from extract.toml: symbols ("A$", "£") and ISO codes ("GBP").
_CUR_SYMBOLS = sorted((k for k in _CURRENCY if not k.isalpha()), key=len, reverse=True)
_CUR_CODES = sorted((k for k in _CURRENCY if k.isalpha()), key=len, reverse=True)
_CUR = (
    "(?:" + "|".join(re.escape(k) for k in _CUR_SYMBOLS)
    + r"|\b(?:" + "|".join(_CUR_CODES) + r")\s*\$?)"
)
_PAY_RE = re.compile(
    r"(?P<cur>" + _CUR + r")\s?(?P<a>" + _AMOUNT + r")\s?(?P<ak>[kK](?![a-zA-Z]))?"
    r"(?:\s*(?:-|–|—|to|and)\s*(?:" + _CUR + r")?\s?(?P<b>" + _AMOUNT + r")\s?(?P<bk>[kK](?![a-zA-Z]))?)?"
    r"(?P<tail>\s*(?:" + "|".join(_CUR_CODES) + r")?\s*(?:/|per|an|a|each)?\s*"
    r"(?:hour|hr|h\b|year|yr|annum|annually|month|mo\b|week|wk|day|visit|session|unit|shift|hourly|yearly|"
    r"monthly|weekly|daily|salary|base|annual|pa\b|p\.a\.)?)",
    re.I,
)
_PAY_TRAILING_CUR_RE = re.compile(
    r"\b(?P<a>" + _AMOUNT + r")\s?(?P<ak>[kK])?\s*(?:-|–|to)\s*(?P<b>" + _AMOUNT + r")\s?(?P<bk>[kK])?\s*"
    r"(?P<cur>" + "|".join(_CUR_CODES) + r")\b(?P<tail>\s*(?:/|per|an|a)?\s*(?:hour|hr|year|yr|annum|month|week|day|hourly|yearly|annually)?)",
    re.I,
)
_PAY_NOT = _cues(_R.pay.not_before)
_PAY_NOT_TITLE = _cues(_R.pay.not_in_titles)
_PAY_FREQUENCY = _cues(_R.pay.frequency_label)
_OPENS_WITH_AMOUNT = re.compile(r"\s*(?:" + _CUR + r")\s?\d", re.I)
_INTERVAL_WORDS = [(name, _cues(alts)) for name, alts in _R.pay.intervals.items()]
_ANNUAL = {name: n for name, n in _R.pay.per_year.items()}
_COMMISSION = Patterns(_R.pay.flags.commission)
_BONUS = Patterns(_R.pay.flags.bonus)

# ---------------------------------------------------------------------------
# Employment type, nights/weekends
# ---------------------------------------------------------------------------

_EMPLOYMENT_RES = Table(_R.employment.kinds)
_RAW_EMPLOYMENT = dict(_R.employment.source_values)
_BANK_TITLE = _cues(_R.employment.bank_title)
_BANK = _cues(_R.employment.bank)
_BANK_NOT = _cues(_R.employment.bank_not)
_FIXED_TERM = _cues(_R.employment.fixed_term)
_FIXED_TERM_NOT = _cues(_R.employment.fixed_term_not)
_PART_TIME_HOURS = _cues(_R.employment.part_time_hours)
_PART_TIME_HOURS_NOT = _cues(_R.employment.part_time_hours_not)
_PART_TIME_HOURS_BEFORE_NOT = _cues(_R.employment.part_time_hours_before_not)
_NIGHTS = Patterns(_R.schedule.nights_weekends)
_INTERNAL_TITLE = _cues(_R.applicants.internal_title)
_INTERNAL_TEXT = _cues(_R.applicants.internal_text)
# A band named in a description, and what must (and must not) come before it for the
# band to be the post's own (extract.toml: nhs_band).
# (on the lower case, with no leading \b: re then scans for the literal quickly)
_BAND_MENTION = re.compile(r"band\s*(8\s?[a-d]|[2-9])(?![0-9a-z])")
_BAND_HEADING = re.compile(
    r"(?m)^[ \t*#\-]*(?:[Bb]and|BAND)\s*(8\s?[a-dA-D]|[2-9])(?![0-9a-zA-Z])[ \t:\-\u2013]+([^\n.]{3,100})$"
)
# ...or the same with the band after the words ("Patient Handling Trainer – Band 7")
_BAND_HEADING_END = re.compile(
    r"(?m)^[ \t*#\-]*([^\n.]{3,100}?)[ \t]*[\-\u2013\u2014:|(,][ \t]*(?:[Bb]and|BAND)\s*(8\s?[a-dA-D]|[2-9])"
    r"(?![0-9a-zA-Z])\)?[ \t*]*$"
)
_WORD4 = re.compile(r"[A-Za-z]{4,}")


def _band_lines(rx: re.Pattern[str], text: str, low: str) -> Iterator[re.Match[str]]:
    """What ``rx.finditer(text)`` yields for a band-heading pattern, tried only at the
    start of the lines that say "band" (``low`` is ``text.lower()``).

    Such a pattern starts at a line start (``(?m)^``) and says "band" before any
    new line; re would try it at every position of the text.

        >>> t = "Band 6 - Moving and Handling\\nJoin us.\\nband\\n7: Lead the team"
        >>> [m.group() for m in _band_lines(_BAND_HEADING, t, t.lower())] == [m.group() for m in _BAND_HEADING.finditer(t)]
        True
    """
    if len(low) != len(text):
        yield from rx.finditer(text)
        return
    pos = 0  # where the next match may start (finditer's matches do not overlap)
    at = low.find("band")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if start >= pos:
            m = rx.match(text, start)
            if m is not None:
                yield m
                pos = m.end()
        end = text.find("\n", at)
        if end < 0:
            break
        at = low.find("band", end + 1)
# (each is searched in the text just before a band mention: hence the closing "$")
_BAND_HIRE = _cues(_R.nhs_band.hire, suffix=r"[^.]{0,60}?(?:\b(?:an?|the|our)\s+)?(?:[\w'\u2019-]+\s+){0,3}?$")
_BAND_EXPERIENCE = _cues(_R.nhs_band.experience_at, suffix=r"\s+(?:an?\s+)?(?:AfC\s+)?$")
_BAND_NOT_BEFORE = _cues(_R.nhs_band.not_before, suffix=r"\s+(?:[\w'\u2019-]+\s+){0,3}$")
_SENIOR_TITLE = _cues(_R.nhs_band.senior_titles)
# Each text is scanned once by the prefilter for all the pattern sets run on it:
# the posting (and its title and location), and title + posting for pay and schedule.
share_prefilter(
    _LICENSE_RE, _SETTING_RES, _SKILL_RES, _CERT_RES, _EMPLOYMENT_RES,
    _ONSITE_STRONG, _HYBRID, _REMOTE_STRONG, _REMOTE_WEAK, _ONSITE_WEAK,
)
share_prefilter(_COMMISSION, _BONUS, _NIGHTS)
_NIGHTS_RE = _cues(_R.schedule.nights_weekends)
_PATIENT_CONTACT = Patterns(_R.patient_contact.cues)
_NIGHTS_NOT = _cues(_R.schedule.not_nights_weekends)
_SERVICE_HOURS = _cues(_R.schedule.service_hours)
_STAFF_SUPPORT = _cues(_R.schedule.staff_support)

# ---------------------------------------------------------------------------
# The function
# ---------------------------------------------------------------------------


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _first_sentence(index: _Index, pos: int, fallback: str) -> Sentence:
    found = index.at(pos)
    return found if found is not None else Sentence(pos, pos, fallback, "other")


def _interval(tail: str, amount: float, k: bool) -> str | None:
    tail = tail.lower()
    for name, pattern in _INTERVAL_WORDS:
        if pattern.search(tail):
            return name
    if k:
        return "yearly"
    if amount < 200:
        return "hourly"
    if amount >= 15000:
        return "yearly"
    return None


_PAY_AFTER_NOT = compile_alternatives(_R.pay.not_after, prefix=r"\s*(?:[\w-]+\s+){0,2}?")


def _not_pay(sentence: str, start: int, end: int) -> bool:
    """True when the amount at ``start:end`` is a bonus, fee, investment... not pay."""
    clause_start = max(sentence.rfind(";", 0, start), sentence.rfind(". ", 0, start), start - 45, -1) + 1
    if _PAY_NOT.search(sentence[clause_start:start]):
        return True
    after = sentence[end: end + 30]
    if re.match(r"\s*(?:\+|plus|and|with)\b", after, re.I):
        return False  # "$80,000 plus bonus"
    return bool(_PAY_AFTER_NOT.match(after))


def _money(text: str) -> float:
    """``"80,000.50"`` -> 80000.5; the European ``"45.000,50"`` -> 45000.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(re.sub(r"[,\s]", "", text))


def parse_pay(sentence: str, *, dollar: str = "USD") -> Pay | None:
    """The first pay range written in ``sentence`` (not bonuses, fees or investments).

        >>> p = parse_pay("Pay: $38–$45/hour")
        >>> (p.min, p.max, p.interval, p.currency, p.annual_min, p.annual_max)
        (38.0, 45.0, 'hourly', 'USD', 79040.0, 93600.0)
        >>> parse_pay("$40K base plus commission").annual_min
        40000.0
        >>> parse_pay("£35,000 per annum").currency
        'GBP'
        >>> parse_pay("Franchise fee $49,500; liquid capital $100K") is None
        True
    """
    for pattern in (_PAY_RE, _PAY_TRAILING_CUR_RE):
        for m in pattern.finditer(sentence):
            if _not_pay(sentence, m.start(), m.end()):
                continue
            a = _money(m.group("a"))
            b = _money(m.group("b")) if m.group("b") else None
            ak = bool(m.group("ak"))
            bk = bool(m.group("bk")) if m.group("b") else False
            if bk and not ak and b is not None and a < 1000:
                ak = True  # "$40-50K"
            a = a * 1000 if ak else a
            b = b * 1000 if (b is not None and bk) else b
            if a <= 0 or (a < 7 and not ak):
                continue
            token = re.sub(r"\s+", "", (m.group("cur") or "$").lower())
            # A bare "$" is the source's dollar (a Canadian board's CAD), else US dollars.
            currency = dollar if token == "$" else _CURRENCY.get(token) or _CURRENCY.get(token.rstrip("$")) or "USD"
            interval = _interval(m.group("tail") or "", max(a, b or 0), ak or bk)
            if interval == "visit" or interval is None:
                continue
            lo: float | None
            lo, hi = (a, b) if b is None or b >= a else (b, a)
            if hi is None and re.search(r"\bup\s+to\s*$", sentence[max(0, m.start() - 8): m.start()], re.I):
                lo, hi = None, lo  # "up to $90,000" is a ceiling
            mult = _ANNUAL[interval]
            return Pay(
                min=lo,
                max=hi,
                interval=interval,  # type: ignore[arg-type]
                currency=currency,
                annual_min=round(lo * mult, 2) if lo is not None else None,
                annual_max=round(hi * mult, 2) if hi is not None else None,
                sentence=sentence,
            )
    return None


def _raw_pay(raw: RawPosting) -> Pay | None:
    if raw.pay_min is None and raw.pay_max is None:
        return None
    lo, hi = raw.pay_min, raw.pay_max
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo  # JobSpy #52: Indeed sometimes swaps them
    interval = raw.pay_interval or _interval("", max(lo or 0, hi or 0), False)
    if interval == "visit":
        interval = None
    mult = _ANNUAL.get(interval or "", None)
    return Pay(
        min=lo,
        max=hi,
        interval=interval,  # type: ignore[arg-type]
        currency=(raw.pay_currency or "USD").upper(),
        annual_min=round(lo * mult, 2) if lo is not None and mult else None,
        annual_max=round(hi * mult, 2) if hi is not None and mult else None,
    )


def _states(text: str) -> list[str]:
    out: list[str] = []
    upper_ratio = sum(ch.isupper() for ch in text) / max(1, sum(ch.isalpha() for ch in text))
    for m in _STATE_RE.finditer(text):
        token = m.group(0)
        if len(token) == 2:
            if token != token.upper() or token not in STATE_CODES:
                continue
            if token in _CONFUSABLE_CODES and upper_ratio > 0.5:
                continue
            code = token
        else:
            code = US_STATES[token.lower()]
        _add(out, code)
    return out


def _remote(
    title: str, text: str, doc: Text, index: _Index, raw: RawPosting | None
) -> tuple[str, str | None, list[str]]:
    location = (raw.location or "") if raw else ""
    head = f"{title}\n{location}"
    head_hits = _head_hits(head)
    head_doc = _HeadDoc(head, head_hits)
    m = _ONSITE_STRONG.search(doc) or head_doc.search(_ONSITE_STRONG)
    if m:
        return "onsite", _sentence_text(index, text, m, head), []
    hint_type = (raw.remote_type_hint or "").strip().lower() if raw else ""
    m_h = head_doc.search(_HYBRID) or _HYBRID.search(doc)
    if hint_type in ("hybrid",) or (m_h and hint_type not in ("remote", "onsite", "on-site")):
        sentence = _sentence_text(index, text, m_h, head) if m_h else None
        return "hybrid", sentence, _remote_states(text, index, raw, m_h)
    m_r = (
        head_doc.search(_REMOTE_STRONG)
        or _on_the_job(_REMOTE_STRONG, doc)
        or _REMOTE_LEAD.search(location)
        or _remote_lead(text, index, doc.lower)
    )
    if hint_type in ("remote", "telecommute", "fully remote") or m_r:
        sentence = _sentence_text(index, text, m_r, head) if m_r else None
        if hint_type not in ("remote", "telecommute", "fully remote") and _partly(sentence):
            return "hybrid", sentence, _remote_states(text, index, raw, m_r)
        return "remote", sentence, _remote_states(text, index, raw, m_r)
    if hint_type in ("onsite", "on-site", "in-person", "office"):
        return "onsite", None, []
    m_on = _on_the_job(_ONSITE_WEAK, doc, _onsite_aside) or head_doc.search(_ONSITE_WEAK)
    m_w = head_doc.search(_REMOTE_WEAK) or _on_the_job(_REMOTE_WEAK, doc)
    if raw is not None and raw.remote_hint and not m_on:
        sentence = _sentence_text(index, text, m_w, head) if m_w else None
        return "remote", sentence, _remote_states(text, index, raw, m_w)
    if m_w and not m_on:
        sentence = _sentence_text(index, text, m_w, head)
        return "hybrid" if _partly(sentence) else "remote", sentence, _remote_states(text, index, raw, m_w)
    if m_on:
        return "onsite", _sentence_text(index, text, m_on, head), []
    m_c = None if m_w else _in_person_cue(title, text, doc, index)  # wards, shifts, inpatients
    if m_c:
        return "onsite", _sentence_text(index, text, m_c, head), []
    return "unknown", None, []


_IN_PERSON_FAMILIES = frozenset(_REMOTE.in_person_families)


def _in_person_cue(title: str, text: str, doc: Text, index: _Index) -> Hit | None:
    """The first on-site context cue (wards, shifts, inpatients) that says where the job is.

    A kind of care named as what a reviewer reviews does not (``remote.review_care``):
    in a sentence about review or authorisation, or anywhere under a review title; nor
    one said of records, money or a market (``remote.care_as_category``).

        >>> def cue(title, text):
        ...     hit = _in_person_cue(title, text, Text(text), _Index(split_sentences(text)))
        ...     return hit.group() if hit else None
        >>> cue("Utilization Review Nurse", "Reviews inpatient stays. Outpatient experience.")
        >>> cue("Nurse", "Obtain authorization for inpatient care. Work on our wards.")
        'our wards'
        >>> cue("Staff Nurse", "Care for inpatients on a busy unit.")
        'inpatients'
        >>> cue("Data Analyst", "Report on inpatient activity and outpatient costs.")
    """
    first = _ONSITE_CONTEXT.search(doc)
    if first is None or not _REVIEW_CARE.search(first.group()):
        return first
    review_title = bool(_REVIEW_TITLE.search(title))
    for hit in _ONSITE_CONTEXT.iterate(doc):
        if not _REVIEW_CARE.search(hit.group()):
            return hit
        if review_title or _care_as_category(hit):
            continue
        sentence = _sentence_text(index, text, hit, "")
        if sentence is None or not _REVIEW_SENTENCE.search(sentence):
            return hit
    return None


def _care_as_category(hit: Hit) -> bool:
    """Is this "inpatient"/"outpatient" said of records, money or a market ("inpatient
    stays", "outpatient therapy providers"), not of people cared for ("inpatients")?"""
    word = hit.group()
    return not word.lower().endswith("s") and _CARE_AS_CATEGORY.match(hit.string, hit.end()) is not None


def internal_only(title: str, text: str, low: str | None = None) -> bool:
    """Is the post open only to the employer's own staff (extract.toml: applicants)?

        >>> internal_only("INTERNAL ONLY - MSK Physiotherapist", ""), internal_only("Practice Educator - WVT Employees only", "")
        (True, True)
        >>> internal_only("Recruitment Officer", "Internal applicants will be considered first.")
        False
    """
    if _INTERNAL_TITLE.search(title):
        return True
    if not any(w in text for w in ("nternal", "xisting", "urrent")):
        return False  # (a cheap test before the search)
    low = text.lower() if low is None else low
    matches = _cue_matches(_INTERNAL_TEXT, text, low, ("open", "internal"), _words_lead, ("this", "the", "for"))
    return next(matches, None) is not None


def _band_mentions(text: str, low: str | None = None) -> list[re.Match[str]]:
    """Every "Band 7" in ``text`` (matched on its lower case ``low``, given when known:
    same offsets when it has them)."""
    low = text.lower() if low is None else low
    if len(low) != len(text) or "band" not in low:
        return []
    return [m for m in _BAND_MENTION.finditer(low) if m.start() == 0 or not low[m.start() - 1].isalnum()]


def _sentence_at(text: str, at: int, index: _Index | None) -> str:
    """The sentence of ``text`` around offset ``at`` (else the 80 characters from it)."""
    found = _sentence_text(index if index is not None else _Index(split_sentences(text)), text, Hit(text, at, at + 4), "")
    return found or text[at: at + 80]


def description_band(
    text: str,
    title: str = "",
    index: _Index | None = None,
    mentions: list[re.Match[str]] | None = None,
    low: str | None = None,
) -> tuple[str, str] | None:
    """The band a description says the post is (extract.toml: nhs_band), with its sentence.

        >>> description_band("We are looking to appoint a Band 7 Occupational Therapist.")
        ('7', 'We are looking to appoint a Band 7 Occupational Therapist.')
        >>> description_band("You will be supervised by our Band 7 lead.") is None
        True
        >>> description_band("Band 8a Children's OT Team Manager\\nLead the team.", "Children's OT Team Manager")
        ('8a', "Band 8a Children's OT Team Manager")
        >>> description_band("Moving and Handling Adviser \u2013 Band 6\\nJoin us.", "Moving and Handling Adviser")
        ('6', 'Moving and Handling Adviser \u2013 Band 6')

    A heading line that starts or ends with a band and repeats the title's words is read first;
    then sentences that say the advert is hiring at a band. ``None`` when no band is
    said of the post, or when two different ones are. ``mentions``: ``_band_mentions(text)``
    when the caller has them; ``low``: ``text.lower()``, likewise.
    """
    mentions = _band_mentions(text) if mentions is None else mentions
    if not mentions:
        return None
    title_words = {w.lower() for w in _WORD4.findall(title)} - {"band", "with", "from", "into"}
    if title_words:
        need = min(_R.nhs_band.heading_title_words, len(title_words))
        headings: dict[str, str] = {}
        low = text.lower() if low is None else low
        lines = [(m.group(1), m.group(2), m.group(0)) for m in _band_lines(_BAND_HEADING, text, low)]
        lines += [(m.group(2), m.group(1), m.group(0)) for m in _band_lines(_BAND_HEADING_END, text, low)]
        for said, words, whole in lines:
            band = normalize_band(said)
            line_words = {w.lower() for w in _WORD4.findall(words)}
            if band is not None and len(title_words & line_words) >= need:
                headings.setdefault(band, whole.strip(" \t*#-"))
        if len(headings) == 1:
            return next(iter(headings.items()))
    found: dict[str, int] = {}
    for m in mentions:
        before = text[max(0, m.start() - 140): m.start()]
        if _BAND_HIRE.search(before) is None or _BAND_NOT_BEFORE.search(before) is not None:
            continue
        band = title_band(text[m.start(): m.end() + 16])  # "band 6/7" is 6-7, as in a title
        if band is not None:
            found.setdefault(band, m.start())
    if len(found) != 1:
        return None
    (band, at), = found.items()
    return band, _sentence_at(text, at, index)


def band_experience(
    text: str, index: _Index | None = None, mentions: list[re.Match[str]] | None = None
) -> tuple[str, str] | None:
    """The NHS band an advert asks experience at (extract.toml: nhs_band.experience_at).

        >>> band_experience("You will have a minimum of 2 years at a Band 7 or equivalent level.")[0]
        '7'
        >>> band_experience("You will supervise Band 5 staff.") is None
        True

    The highest band asked, with its sentence.
    """
    best: tuple[str, int] | None = None
    for m in _band_mentions(text) if mentions is None else mentions:
        if _BAND_EXPERIENCE.search(text, max(0, m.start() - 80), m.start()) is None:
            continue
        band = normalize_band(m.group(1))
        if band is not None and (best is None or (steps_above(band, best[0]) or 0) > 0):
            best = (band, m.start())
    if best is None:
        return None
    return best[0], _sentence_at(text, best[1], index)


def in_person(requirements: Requirements, family: str) -> Requirements:
    """``requirements`` with where the work is done inferred from the posting's family:
    hands-on treatment (``remote.in_person_families``) that says nothing about it is
    on-site, marked ``remote_inferred``. Anything the posting or its source said stands.

        >>> r = in_person(Requirements(), "clinical")
        >>> r.remote, r.remote_inferred, in_person(Requirements(), "recruiting").remote
        ('onsite', True, 'unknown')
        >>> in_person(Requirements(remote="hybrid"), "clinical").remote
        'hybrid'
    """
    if requirements.remote != "unknown" or family not in _IN_PERSON_FAMILIES:
        return requirements
    return requirements.model_copy(update={"remote": "onsite", "remote_inferred": True})


def _on_the_job(patterns: Patterns, doc: Text, aside: Callable[[Hit], bool] | None = None) -> Hit | None:
    """The first cue that is about the job, not an ``aside`` (the interview, the contact...;
    :func:`_aside`, for remote cues, unless given)."""
    aside = _aside if aside is None else aside
    first = patterns.search(doc)
    if first is None or not aside(first):
        return first
    for hit in patterns.iterate(doc):
        if not aside(hit):
            return hit
    return None


def _aside(hit: Hit) -> bool:
    """Do the words just before a remote cue (same sentence, up to 60 characters) make it an aside?"""
    text, start = hit.string, hit.start()
    lo = max(0, start - 60)
    cut = max(text.rfind(".", lo, start), text.rfind("\n", lo, start))
    return bool(_REMOTE_ASIDE.search(text, cut + 1 if cut >= 0 else lo, hit.end()))


def _onsite_aside(hit: Hit) -> bool:
    """Is an on-site cue part of a phrase about something else (``remote.onsite_aside``)?

    The phrase must take in the cue, within its sentence (60 characters before, 40 after):

        >>> def aside(text):
        ...     return _onsite_aside(_ONSITE_WEAK.search(Text(text)))
        >>> aside("Arrange the logistics of on-site visits."), aside("Cafes and a gym on site.")
        (True, True)
        >>> aside("Interviews by video. You will work on site.")
        False
    """
    text, start, end = hit.string, hit.start(), hit.end()
    lo = max(0, start - 60)
    cut = max(text.rfind(".", lo, start), text.rfind("\n", lo, start))
    hi = min(len(text), end + 40)
    stops = [i for i in (text.find(".", end, hi), text.find("\n", end, hi)) if i >= 0]
    around = _ONSITE_ASIDE.finditer(text, cut + 1 if cut >= 0 else lo, min(stops, default=hi))
    return any(m.start() <= start and end <= m.end() for m in around)


def _partly(sentence: str | None) -> bool:
    """Does the sentence of a remote cue say the work is remote only some of the time?"""
    return sentence is not None and bool(_REMOTE_PARTIAL.search(sentence))


_HEAD_PATTERNS = {
    "onsite_strong": _ONSITE_STRONG,
    "hybrid": _HYBRID,
    "remote_strong": _REMOTE_STRONG,
    "onsite_weak": _ONSITE_WEAK,
    "remote_weak": _REMOTE_WEAK,
}


@lru_cache(maxsize=512)  # few heads repeat (under 10% hits even with 8192 of them)
def _head_hits(head: str) -> dict[int, tuple[int, int] | None]:
    """Where each remote pattern first matches ``title\nlocation`` (heads repeat)."""
    doc = Text(head)
    out: dict[int, tuple[int, int] | None] = {}
    for rx in _HEAD_PATTERNS.values():
        hit = rx.search(doc)
        out[id(rx)] = (hit.begin, hit.stop) if hit is not None else None
    return out


class _HeadDoc:
    """The remembered matches of the remote patterns in one head, as :class:`Hit` objects."""

    __slots__ = ("head", "spans")

    def __init__(self, head: str, spans: dict[int, tuple[int, int] | None]) -> None:
        self.head = head
        self.spans = spans

    def search(self, rx: Patterns) -> Hit | None:
        span = self.spans[id(rx)]
        return None if span is None else Hit(self.head, span[0], span[1])


def _remote_lead(text: str, index: _Index, low: str | None = None) -> Hit | None:
    # A sentence that starts with "Remote" ("Remote, with occasional travel."); none
    # when the text's lower case (``low``, given when known) has no "remote" at all.
    if "remote" not in (text.lower() if low is None else low):
        return None
    for s in index.sentences:
        if s.text[:6].lower() == "remote" and _REMOTE_LEAD.match(s.text):
            return Hit(text, s.start, s.start + 6)
    return None


def _sentence_text(index: _Index, text: str, m: re.Match[str] | Hit | None, head: str) -> str | None:
    if m is None:
        return None
    if m.string is text:
        found = index.at(m.start())
        if found is not None:
            return found.text
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    line_end = m.string.find("\n", m.end())
    return m.string[line_start: line_end if line_end >= 0 else None].strip() or None


def _remote_states(
    text: str, index: _Index, raw: RawPosting | None, m: re.Match[str] | Hit | None
) -> list[str]:
    out: list[str] = []
    if raw is not None:
        for loc in raw.applicant_locations:
            for code in _states(loc) if len(loc) != 2 else ([loc.upper()] if loc.upper() in STATE_CODES else []):
                _add(out, code)
            if loc.upper().startswith("US-") and loc[3:].upper() in STATE_CODES:
                _add(out, loc[3:].upper())
    candidates: list[str] = []
    if m is not None and m.string is text:
        s = index.at(m.start())
        if s is not None:
            candidates.append(s.text)
    elif m is not None:
        candidates.append(m.string[max(0, m.start() - 5): m.end() + 80])
    low = text.lower()
    residence = any(w in low for w in ("resid", "live", "located", "state"))
    for s in index.sentences if residence else ():
        if _residence_sentence(s.text):
            candidates.append(s.text)
    for sentence in candidates:
        for code in _cue_states(sentence):
            _add(out, code)
    return out


@lru_cache(maxsize=8192)
def _residence_sentence(sentence: str) -> bool:
    """Does the sentence say where the hire must live or be licensed?"""
    slow = sentence.lower()
    if not ("resid" in slow or "live" in slow or "located" in slow or "state" in slow):
        return False
    return bool(_RESIDE.search(sentence) and _RESIDE_WORD.search(sentence))


@lru_cache(maxsize=4096)
def _cue_states(sentence: str) -> tuple[str, ...]:
    """The states named after a residence cue in the sentence."""
    cue = _RESIDE.search(sentence)
    return tuple(_states(sentence[cue.start():])) if cue else ()


# Postings repeat sentences (boilerplate requirements, benefits, EEO lines) across
# a feed: what a sentence says on its own is remembered. Sizes as for
# _line_sentences: the costliest to recompute (credentials) keeps the most.


def without_references(text: str) -> str:
    """``text`` with vacancy references that end in letters left out (extract.toml:
    references), so they are not read as credentials.

        >>> without_references("IAPT Clinical Lead (AQP 608 RN)")
        'IAPT Clinical Lead '
    """
    return _REFERENCES.sub("", text) if "(" in text else text


def _credential_text(text: str) -> str:
    """A sentence as credentials are read in it."""
    text = without_references(text)
    if "&" in text:
        text = text.replace(" & ", " and ").replace("&", " and ")  # "Speech & Language Therapist"
    if "\u2019" in text:
        text = text.replace("\u2019", "'")  # "OT’s"
    return text


@lru_cache(maxsize=4096)
def _background_credentials(text: str) -> tuple[str, ...]:
    """The professions a sentence opens the post to by background ("from either a nursing,
    occupational therapy or social work background"; extract.toml: backgrounds).

        >>> _background_credentials("Applicants from a nursing, OT or social work background.")
        ('RN', 'OT', 'SW')
        >>> _background_credentials("You will come from a strong clinical background.")
        ()

    The colleagues' backgrounds are not the hire's, and a post also open to a
    non-clinical background asks for no registration:

        >>> _background_credentials("Our team includes colleagues from a nursing or OT background.")
        ()
        >>> _background_credentials("Welcome from a nursing background or a non-clinical background.")
        ()
    """
    text = _credential_text(text)
    if _BACKGROUND_OPEN.search(text):
        return ()
    out: dict[str, None] = {}
    for m in _BACKGROUND_LISTS.finditer(text):
        if _people_before(text[: m.start()]) or _BACKGROUND_PEOPLE.search(text, 0, m.start()):
            continue
        named = m.group("list")
        for codes, rx in _BACKGROUNDS:
            if rx.search(named):
                out.update(dict.fromkeys(codes))
    return tuple(out)


@lru_cache(maxsize=32768)
def _sentence_credentials(
    text: str,
    wanted_section: bool,
    in_title: bool = False,
    register_is_nurse: bool = False,
    discipline: str | None = None,
) -> tuple[str, ...]:
    """:func:`_credentials_in` of a sentence in a requirements section or not."""
    text = _credential_text(text)
    sentence = Sentence(0, len(text), text, "req" if wanted_section else "other")
    return tuple(
        _credentials_in(sentence, in_title=in_title, register_is_nurse=register_is_nurse, discipline=discipline)
    )


@lru_cache(maxsize=4096)  # pure in the title, and titles repeat across a feed
def _title_excluded(title: str, british: bool) -> tuple[tuple[str, ...], ...]:
    """The credentials each title exclusion that ``title`` matches drops, in rule order
    (the British ones after the others, when ``british``)."""
    excludes = _TITLE_EXCLUDES + _BRITISH_TITLE_EXCLUDES if british else _TITLE_EXCLUDES
    return tuple(tuple(dropped) for dropped, rx in excludes if rx.search(title))


@lru_cache(maxsize=4096)  # pure in the title, and titles repeat across a feed
def title_discipline(title: str) -> str | None:
    """The one therapy discipline a title names with no alternative, if any.

        >>> title_discipline("Specialist Physiotherapist - Stroke"), title_discipline("OT / Physio")
        ('PT', None)
        >>> title_discipline("Occupational Therapy Assistant"), title_discipline("Staff Nurse")
        (None, None)
    """
    if not title or _ONE_DISCIPLINE_NOT.search(title) or _DISCIPLINE_TITLE_NOT.search(title):
        return None
    named = [code for code, rx in _DISCIPLINE_TITLES if rx.search(title)]
    return named[0] if len(named) == 1 else None


def _credential_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences that may name a credential (the others give none), from one scan of them all.

    A sentence gives credentials only where one of :data:`_MENTION_SET`'s
    regexes matches it (a mention, or "licensed therapists"): one Hyperscan
    scan of all the sentences together names those, instead of a few regex
    searches in each sentence. Without the prefilter, every sentence.
    """
    found = _MENTION_SET.candidates_each([_credential_text(s.text) for s in sentences])
    if found is None:
        return sentences
    return [s for s, may in zip(sentences, found, strict=True) if may]


@lru_cache(maxsize=8192)
def _sentence_years(text: str) -> tuple[tuple[float | None, float | None], bool] | None:
    """The first experience span of a sentence, and whether its wording prefers it."""
    low = text.lower()
    if "year" not in low and "month" not in low and "yr" not in low:
        return None
    spans = parse_years(text)
    if not spans:
        return None
    # "Minimum of one year ... preferred" is a preference: only a word that insists
    # (required, must, essential) makes a sentence that says "preferred" a requirement.
    return spans[0], bool(_PREFERRED.search(text)) and not _INSISTS.search(text)


@lru_cache(maxsize=8192)
def _title_spans(title: str) -> tuple[dict[str, tuple[int, int]], ...]:
    """Where settings, skills and employment types first match a title (titles repeat)."""
    doc = Text(title)
    return tuple(
        {name: (hit.begin, hit.stop) for name, hit in table.search(doc).items()}
        for table in (_SETTING_RES, _SKILL_RES, _EMPLOYMENT_RES)
    )


def _hits(text: str, spans: dict[str, tuple[int, int]]) -> dict[str, Hit]:
    return {name: Hit(text, a, b) for name, (a, b) in spans.items()}


_MONEY_MARK = re.compile(r"[$£€]|\b(?:" + "|".join(_CUR_CODES) + r")\b", re.I)
# The same marks as cue alternatives, for a whole text: re takes ~20 ns a character to
# rule out this alternation (70 us on an NHS advert); the prefilter names the one to run.
_MONEY_CUE = _long_cues(["[$£€]", *(rf"\b(?:{code})\b" for code in _CUR_CODES)])


def _text_pay(title: str, text: str, sentences: list[Sentence], dollar: str) -> Pay | None:
    """The first pay in a posting's sentences, reading field lines as fields: an amount
    under a label line that is not pay ("Investment Range") is skipped, and a "Pay
    Frequency: Monthly" line gives the interval of the amount just before it. A label
    line names, it does not count: one with a figure ("Grants Officer - 37.5 hours per
    week") is a heading, and a label word the job's own title holds is the job's.

        >>> t = "Investment Range\\n$226,500 - $728,000\\nSalary Range: $5,833.34 - $7,400.00\\nPay Frequency: Monthly"
        >>> p = _text_pay("Reviewer", t, split_sentences(t), "USD")
        >>> p.min, p.max, p.interval, p.annual_max
        (5833.34, 7400.0, 'monthly', 88800.0)
    """
    for i, s in enumerate(sentences):
        pay = _sentence_pay(s.text, dollar)
        if pay is None and i + 1 < len(sentences):
            # (field labels are cut from sentences: read the next one's whole line)
            nxt = sentences[i + 1]
            line = text[text.rfind("\n", 0, nxt.start) + 1: nxt.end]
            if _PAY_FREQUENCY.search(line) and _MONEY_MARK.search(s.text):
                pay = _sentence_pay(f"{s.text.rstrip()} {nxt.text.strip()}", dollar)
            if pay is not None:
                pay = pay.model_copy(update={"sentence": s.text})
        if pay is None:
            continue
        prev = sentences[i - 1].text if i else ""
        if (
            prev
            and len(prev) <= _R.pay.label_line_max
            and not any(c.isdigit() for c in prev)
            and _PAY_NOT.search(prev)
            and _OPENS_WITH_AMOUNT.match(s.text)
            and not _PAY_NOT.search(title)
        ):
            continue
        return pay
    return None


@lru_cache(maxsize=4096)
def _sentence_pay(text: str, dollar: str = "USD") -> Pay | None:
    """:func:`parse_pay` of a sentence that names a currency (shared: only copied, never changed)."""
    return parse_pay(text, dollar=dollar) if _MONEY_MARK.search(text) else None


@lru_cache(maxsize=4096)
def _license_sentence(text: str) -> tuple[bool, bool]:
    """(says no licence / not this kind, asks for one) for a sentence mentioning licences."""
    return bool(_LICENSE_NOT.search(text)), bool(_LICENSE_WANT.search(text))


def british(title: str, text: str, raw: RawPosting | None = None) -> bool:
    """Is the advert British: paid in pounds, or naming the NHS, the HCPC, a band... (extract.toml
    ``british``)?

        >>> british("Occupational Therapist", "HCPC registration is essential.")
        True
        >>> british("Occupational Therapist", "NBCOT certification is required.")
        False
    """
    return (
        raw is not None and (raw.pay_currency or "").upper() == "GBP"
        or bool(_BRITISH.search(title) or _BRITISH.search(text))
    )


def _setting_beside(
    key: str, aside: re.Pattern[str], first: Hit, doc: Text, local: Table, index: _Index, text: str
) -> Hit | None:
    """The first mention of setting ``key`` (from ``first`` on) whose sentence is not an
    aside (vocabulary.toml ``asides``), if any.

        >>> r = extract_requirements("Nurse", "Our group runs schools and care homes. You will visit care homes.")
        >>> r.sentences["setting:care_home"]
        'You will visit care homes.'
        >>> extract_requirements("Nurse", "Our group runs hospitals and care homes. You work on a ward.").settings
        []
    """
    if not aside.search(_sentence_text(index, text, first, "") or ""):
        return first
    mentions = [_SETTING_RES.patterns[key].iterate(doc)]
    if key in local.patterns:
        mentions.append(local.patterns[key].iterate(doc))
    for hit in heapq.merge(*mentions, key=lambda h: h.start()):
        if hit.start() > first.start() and not aside.search(_sentence_text(index, text, hit, "") or ""):
            return hit
    return None


def extract_requirements(
    title: str, text: str, raw: RawPosting | None = None, *, other_job_title: bool = False
) -> Requirements:
    """Read a posting's requirements; see the module docstring. Never raises on odd text.

    ``other_job_title`` says the title names a job that is not a therapist's
    ("Receptionist - PT"): a bare "PT" or "ST" there means part-time or a
    shift, not a credential.

        >>> r = extract_requirements("COTA - Home Health", "We are hiring a COTA/L. PRN, weekends required.")
        >>> r.credentials, r.employment_type, r.nights_weekends
        (['COTA'], 'per_diem', True)
    """
    title = title or ""
    text = text or ""
    doc = Text(text)
    title_doc = Text(title)
    sentences = split_sentences(text)
    index = _Index(sentences)
    found: dict[str, str] = {}

    # Credentials: the title, then every sentence that asks for them.
    creds: list[str] = []
    cred_sentence: str | None = None
    people_title = title_names_people(title)
    from_title, always_from_title = _from_title(title) if title else (frozenset(), ())
    if title and not people_title:
        shorthand_only = (
            other_job_title
            and not re.search(r"therap|physio|patholog", title, re.I)
            and not any(rx.search(title) for rx in _WRITTEN_GROUPS)  # "Nurse / AHP Specialist"
        )
        for code in _sentence_credentials(title, True, in_title=True):
            if shorthand_only and code in ("PT", "SLP"):
                continue  # "Receptionist - PT" works part-time
            _add(creds, code)
        for code in _FROM_TITLE:  # "Utilization Review Nurse", "Salaried GP"
            if code in from_title:
                _add(creds, code)
    for code in always_from_title:  # "GP Training Programme Director"
        _add(creds, code)
    # "NMC or HCPC registration" under another profession's title is that profession's
    # register (a nurse's, an ODP's), not a therapist's.
    register_is_nurse = bool(other_job_title) and not re.search(
        r"therap|physio|occupational|speech|\bAHPs?\b|allied", title or "", re.I
    )
    discipline = title_discipline(title)
    for s in _credential_sentences(sentences):
        codes = _sentence_credentials(s.text, s.section in ("req", "pref"), False, register_is_nurse, discipline)
        if codes:
            for code in codes:
                _add(creds, code)
            if cred_sentence is None:
                cred_sentence = s.text
    if "ackground" in text:
        for s in sentences:
            if "ackground" in s.text and (codes := _background_credentials(s.text)):
                for code in codes:
                    _add(creds, code)
                cred_sentence = cred_sentence or s.text
    if (
        title
        and not _THERAPY_CODES.intersection(creds)
        and not _TITLE_PEOPLE.search(title)
        and not _DISCIPLINE_TITLE_NOT.search(title)
        and (_DISCIPLINE_REGISTER.search(text) or _DISCIPLINE_LEAD.search(title))
    ):
        # "Physiotherapy Manager" in an advert that asks for HCPC registration.
        named = [code for code, rx in _DISCIPLINE_TITLES if rx.search(title)]
        if len(named) == 1:
            _add(creds, named[0])
            cred_sentence = cred_sentence or title
    is_british = british(title, text, raw)
    if creds and is_british:
        # A British "occupational therapy assistant" is a support worker: no licence.
        creds = [c for c in creds if c not in _US_LICENCES]
    # a midwife's NMC registration is not a nurse's
    for dropped in _title_excluded(title, bool(creds) and is_british) if title else ():
        for code in dropped:
            if code in creds and code not in from_title:
                creds.remove(code)
    if title and creds and not _TITLE_ALTERNATIVES.search(title):
        for code, others in _TITLE_OWNS:  # "Consultant Psychiatrist": the nurses are the team
            if code in from_title:
                creds = [c for c in creds if c not in others]
    if cred_sentence is None and creds:
        cred_sentence = title
    creds.sort(key=lambda c: _ORDER.get(c, 99))
    if cred_sentence:
        found["credentials"] = cred_sentence

    # Licence.
    license_required = False
    for m in _LICENSE_RE.iterate(doc):
        s = _first_sentence(index, m.start(), text)
        refused, wanted = _license_sentence(s.text)
        if refused:
            continue
        if s.section in ("req", "pref") or wanted:
            license_required = True
            found["license"] = s.text
            break
    if license_required and not creds and not other_job_title:
        # "You must hold a professional registration": any registered nurse or AHP.
        for group, rx in _UNNAMED_REGISTRATION:
            if rx.search(found["license"]):
                creds = sorted(group, key=lambda c: _ORDER.get(c, 99))
                cred_sentence = found["credentials"] = found["license"]
                break

    # Years: the first required span wins over preferred ones.
    years: tuple[float | None, float | None, str] | None = None
    preferred_years: tuple[float | None, float | None, str] | None = None
    if raw is not None and raw.experience_hint:
        spans = parse_years(raw.experience_hint) or parse_years(raw.experience_hint + " experience")
        if spans:
            years = (*spans[0], raw.experience_hint)
    if years is None:
        for s in sentences:
            info = _sentence_years(s.text)
            if info is None:
                continue
            span, pref = info
            if pref or s.section == "pref":
                preferred_years = preferred_years or (*span, s.text)
            else:
                years = (*span, s.text)
                break
        years_preferred = years is None and preferred_years is not None
        years = years or preferred_years
    else:
        years_preferred = False
    years_min = years_max = None
    years_sentence = None
    if years is not None:
        years_min, years_max, years_sentence = years
        found["years"] = years_sentence

    # Settings, skills, certifications: every mention counts once.
    settings: list[str] = []
    title_spans = _title_spans(title)
    title_hits = _hits(title, title_spans[0])
    local = _SETTING_BRITISH_RES if is_british else _SETTING_NOT_BRITISH_RES
    text_hits = _SETTING_RES.search(doc)
    # (the first mention is the evidence, whichever of the two sets names it)
    for hits, where in ((text_hits, doc), (title_hits, title_doc)):
        for key, local_hit in local.search(where).items():
            if key not in hits or local_hit.start() < hits[key].start():
                hits[key] = local_hit
    for key, aside in _SETTING_ASIDES.items():
        if key in text_hits:
            hit = _setting_beside(key, aside, text_hits[key], doc, local, index, text)
            if hit is None:
                del text_hits[key]
            else:
                text_hits[key] = hit
    for key in _SETTING_RES.patterns:
        hit = title_hits.get(key) or text_hits.get(key)
        if hit:
            _add(settings, key)
            found[f"setting:{key}"] = _sentence_text(index, text, hit, title) or title
    if years_sentence:
        # "2 years' experience in mental health": the years asked for are in that setting,
        # whatever sentence (or the title) named it first
        years_doc = Text(years_sentence)
        for key in (*_SETTING_RES.search(years_doc), *local.search(years_doc)):
            _add(settings, key)
            found[f"setting:{key}"] = years_sentence
    skills: list[str] = []
    text_hits = _SKILL_RES.search(doc)
    title_hits = _hits(title, title_spans[1])
    for label in _SKILL_RES.patterns:
        hit = text_hits.get(label) or title_hits.get(label)
        if hit:
            skills.append(label)
            found[f"skill:{label}"] = _sentence_text(index, text, hit, title) or title
    certs: list[str] = []
    certs_required: list[str] = []
    text_hits = _CERT_RES.search(doc)
    for code in _CERT_RES.patterns:
        hit = text_hits.get(code)
        if not hit:
            continue
        s = _first_sentence(index, hit.start(), text)
        certs.append(code)
        found[f"cert:{code}"] = s.text
        pref = bool(_PREFERRED.search(s.text)) or s.section == "pref"
        if not pref and (_REQUIRED.search(s.text) or (s.section == "req" and not s.bullet) or s.section == "req"):
            certs_required.append(code)

    remote, remote_sentence, remote_states = _remote(title, text, doc, index, raw)
    if remote_sentence:
        found["remote"] = remote_sentence

    pay: Pay | None = _raw_pay(raw) if raw is not None else None
    source_currency = (raw.pay_currency or "").upper() if raw is not None else ""
    dollar = source_currency if source_currency in ("USD", "CAD", "AUD", "NZD") else "USD"
    if pay is None and _MONEY_CUE.search(text) and not _PAY_NOT_TITLE.search(title):
        pay = _text_pay(title, text, sentences, dollar)
    pay = pay or Pay()
    whole_doc = Text.join(title_doc, doc)
    commission = _COMMISSION.search(whole_doc) is not None
    bonus = _BONUS.search(whole_doc) is not None
    pay = pay.model_copy(update={"commission": commission, "bonus": bonus})
    if pay.sentence:
        found["pay"] = pay.sentence

    employment_type = _employment(title_doc, doc, index, raw, found)
    nights_weekends = False
    said_none: bool | None = None  # does the advert say anywhere the post has none?
    for m in _NIGHTS.iterate(whole_doc):
        sentence = (_sentence_text(index, text, m, title) if m.start() > len(title) else title) or ""
        # "No nights or weekends" / "weekends are never required": drop the negated
        # words and look again, so "no weekends but on-call required" still counts.
        left = _NIGHTS_NOT.sub(" ", _STAFF_SUPPORT.sub(" ", sentence))
        shift = _NIGHTS_RE.search(left)
        if shift is None:
            continue
        if _SERVICE_HOURS.fullmatch(shift.group(0)) and not any(
            not _SERVICE_HOURS.fullmatch(h.group(0)) for h in _NIGHTS_RE.finditer(left)
        ):
            # only a service's hours ("a 24/7 service"): an advert that says its post
            # has no weekends ("(No weekends)") is believed
            if said_none is None:
                said_none = any("weekend" in n.group(0).lower() for n in _NIGHTS_NOT.finditer(text))
            if said_none:
                continue
        nights_weekends = True
        found["nights_weekends"] = sentence
        break

    contact = _PATIENT_CONTACT.search(doc)
    if contact is not None:
        contact_sentence = _sentence_text(index, text, contact, title)
        if contact_sentence:
            found["patient_contact"] = contact_sentence

    mentions = _band_mentions(text, doc.low or None)
    band = title_band(title)
    if band is None and raw is not None and raw.pay_text:
        band = pay_band(raw.pay_text)  # the advert's own pay field ("Band 8a-8b")
        if band is not None:
            found["nhs_band:pay"] = raw.pay_text
    if band is None:
        said = description_band(text, title, index, mentions, doc.lower)  # "we are looking to appoint a Band 7 ..."
        if said is not None:
            band, found["nhs_band:text"] = said
    if band is None and (pay.currency or "").upper() == "GBP" and pay.interval == "yearly":
        scale = afc_band(pay.min, pay.max)  # exactly a band's range on a dated pay scale
        if scale is not None:
            band = scale[0]
            top = f"-£{pay.max:,.0f}" if pay.max is not None and pay.max != pay.min else ""
            found["nhs_band:pay_scale"] = (
                f"£{pay.min:,.0f}{top} a year is band {band} on the Agenda for Change pay scale {scale[1]}"
            )
    asked = band_experience(text, index, mentions)
    if asked is not None:
        found["band_experience"] = asked[1]
    senior = _SENIOR_TITLE.search(title)

    # Every value is built here with its field's type (lists of str, floats...):
    # skip pydantic's validation pass, as classify does for Classification.
    return Requirements.model_construct(
        credentials=creds,
        credentials_sentence=cred_sentence,
        license_required=license_required,
        years_min=years_min,
        years_max=years_max,
        years_preferred=years_preferred,
        years_sentence=years_sentence,
        settings=settings,
        skills=skills,
        certifications=certs,
        certifications_required=certs_required,
        remote=remote,  # type: ignore[arg-type]
        remote_states=remote_states,
        remote_sentence=remote_sentence,
        pay=pay,
        employment_type=employment_type,
        nights_weekends=nights_weekends,
        internal_only=internal_only(title, text, doc.lower),
        nhs_band=band,
        band_experience=asked[0] if asked is not None else None,
        senior_title=" ".join(senior.group(0).split()) if senior is not None else None,
        sentences=found,
    )


def _bank(title: str, text: str, index: _Index, low: str | None = None) -> str | None:
    """The title or sentence that makes a job an NHS bank (as-needed) post (extract.toml:
    bank), if any.

        >>> _bank("Occupational Therapist (Bank)", "", _Index([]))
        'Occupational Therapist (Bank)'
        >>> _bank("Porter - Bank Holiday Cover", "", _Index([]))
        >>> t = "We can offer this role on a bank basis or as a fixed term contract."
        >>> _bank("Nurse", t, _Index(split_sentences(t)))
    """
    if _BANK_TITLE.search(title):
        return None if _BANK_NOT.search(title) else title
    low = text.lower() if low is None else low
    if "bank" not in low:
        return None
    matches = _cue_matches(_BANK, text, low, ("bank",), _words_lead, ("contract", "on", "this", "the"))
    return _first_sentence_unless(matches, _BANK_NOT, text, index)


def _first_sentence_unless(
    matches: Iterable[re.Match[str]], unless: re.Pattern[str], text: str, index: _Index
) -> str | None:
    """The first sentence of a cue's ``matches`` where ``unless`` does not match (its end stop dropped)."""
    for m in matches:
        sentence = (_sentence_text(index, text, m, "") or "").rstrip(".")
        if not unless.search(sentence):
            return sentence
    return None


def _fixed_term(title: str, text: str, index: _Index, low: str | None = None) -> str | None:
    """The title or sentence that makes a job fixed-term (extract.toml: fixed_term), if any.

        >>> _fixed_term("Pathway Coordinator - Fixed Term", "", _Index([]))
        'Pathway Coordinator - Fixed Term'
        >>> t = "Permanent, secondment or fixed term contracts are all options."
        >>> _fixed_term("Administrator", t, _Index(split_sentences(t)))
    """
    if _FIXED_TERM.search(title):
        return title
    low = text.lower() if low is None else low
    if "fixed" not in low and "secondment" not in low and "cover" not in low:
        return None
    anchors = ("fixed", "secondment", "maternity", "paternity", "parental", "sick")  # where each cue starts
    return _first_sentence_unless(_cue_matches(_FIXED_TERM, text, low, anchors), _FIXED_TERM_NOT, text, index)


def _part_time_hours(text: str, index: _Index, low: str | None = None) -> str | None:
    """The sentence that gives a job fewer hours than full time (extract.toml:
    part_time_hours), if any.

        >>> t = "Band 6 post. 22.5 hours per week, permanent."
        >>> _part_time_hours(t, _Index(split_sentences(t)))
        '22.5 hours per week, permanent'
        >>> t = "This is a full-time, 37.5 hours per week post."
        >>> _part_time_hours(t, _Index(split_sentences(t)))
    """
    low = text.lower() if low is None else low
    if "hour" not in low and "hrs" not in low and "wte" not in low and "fte" not in low:
        return None
    # (each cue has its number just before "hours", "hrs", "wte" or "fte")
    for m in _cue_matches(_PART_TIME_HOURS, text, low, ("hour", "hr", "wte", "fte"), _number_lead):
        found = index.at(m.start())
        sentence = (_sentence_text(index, text, m, "") or "").rstrip(".")
        before = text[found.start if found is not None else text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _PART_TIME_HOURS_NOT.search(sentence) or _PART_TIME_HOURS_BEFORE_NOT.search(before):
            continue
        return sentence
    return None


def _employment(
    title_doc: Text, doc: Text, index: _Index, raw: RawPosting | None, found: dict[str, str]
) -> str | None:
    bank = _bank(title_doc.text, doc.text, index, doc.lower)
    if bank is not None:  # an NHS bank post: as-needed shifts, whatever the board's field says
        found["employment_type"] = bank
        return "per_diem"
    fixed = _fixed_term(title_doc.text, doc.text, index, doc.lower)
    if fixed is not None:  # a full-time fixed-term post is, above all, temporary
        found["employment_type"] = fixed
        return "temporary"
    hours = _part_time_hours(doc.text, index, doc.lower)
    if hours is not None:  # "22.5 hours per week": part time, whatever the board's field says
        found["employment_type"] = hours
        return "part_time"
    if raw is not None and raw.employment_type:
        for part in re.split(r"[,;/|]", raw.employment_type):
            key = part.strip().lower()
            if key in _RAW_EMPLOYMENT:
                return _RAW_EMPLOYMENT[key]
    best: tuple[int, str, str] | None = None
    for kind in _EMPLOYMENT_RES.patterns:
        if kind in _title_spans(title_doc.text)[2]:
            return kind
    text_hits = _EMPLOYMENT_RES.search(doc)
    for kind in _EMPLOYMENT_RES.patterns:
        m = text_hits.get(kind)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind, _sentence_text(index, doc.text, m, title_doc.text) or "")
    if best is None:
        return None
    found["employment_type"] = best[2]
    return best[1]
