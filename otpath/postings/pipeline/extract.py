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

Speed: the whole-text patterns are :class:`_Rx` objects, split into
alternatives that run only when their first word occurs in the posting, on
its lower-cased copy (so ``re`` can use its fast literal-prefix scan). Words
and strings every match needs, read from each alternative's parsed regex,
rule out most of the rest with set look-ups and one numpy pass per text
(:class:`_AltIndex`, :func:`_literals_in`), and tables of patterns are
searched together (:class:`_Table`). What a line or a sentence says on its
own (sections, credentials, years, pay, residence) is remembered, since
postings repeat boilerplate; results are the same as without any of this.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, cast

import numpy as np

try:  # the regex parser, to read which words a pattern needs (see _word_clauses)
    import re._constants as _sre_c
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from ...credentials import CREDENTIALS, normalize_credential
from ..models import Pay, RawPosting, Requirements
from .normalize import STATE_CODES, US_STATES

__all__ = [
    "CERTIFICATIONS",
    "SETTING_PATTERNS",
    "SKILLS",
    "Sentence",
    "extract_requirements",
    "parse_pay",
    "parse_years",
    "split_sentences",
]



def _alternatives(pattern: str) -> list[str]:
    """Split a pattern on its top-level ``|`` (not inside groups or classes)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_META = set("\\()[]{}?*+|.^$")
_WORD_END = re.compile(r"(?:\\s|\\b|\\W| |\[- \]|\[ -\]|\[-\\s\])(?![?*{])|$")
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)


def _skip_group(alt: str) -> str:
    """Drop a leading ``(?<...)`` / ``(?!...)`` look-around (nested brackets allowed)."""
    depth = 0
    for i, ch in enumerate(alt):
        if ch == "\\":
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return alt[i + 1:]
    return ""


@dataclass(frozen=True, slots=True)
class _Hit:
    """Where a pattern matched, in the original text (positions are shared with its lower case)."""

    string: str
    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


class _Doc:
    """A text prepared once for many :class:`_Rx` look-ups: lower case and its word set.

    Also, on first use, its lower case with line breaks as spaces (for the
    phrase tests) and which strings the alternatives need it may contain.
    """

    __slots__ = ("text", "low", "lowered", "words", "spaced", "literals", "joined", "_ascii")

    def __init__(
        self,
        text: str,
        lowered: str | None = None,
        words: frozenset[bytes] | None = None,
        ascii_bytes: bytes | None = None,
    ) -> None:
        self.text = text
        low = text.lower() if lowered is None else lowered
        self.lowered = low
        # Lower-casing keeps positions for all but a few characters (e.g. "İ");
        # when it does not, fall back to case-insensitive search on the text.
        self.low = low if len(low) == len(text) else ""
        if ascii_bytes is None:
            ascii_bytes = low.encode("ascii", "replace")
        self._ascii = ascii_bytes
        self.words = frozenset(ascii_bytes.translate(_ASCII_WORDS).split()) if words is None else words
        self.spaced: str | None = None
        self.literals: list[bool] | None = None
        self.joined = False

    def find_literals(self) -> list[bool]:
        """Which registered strings the (spaced) lower case may contain; see _literals_in."""
        spaced = self.spaced if self.spaced is not None else self.find_spaced()
        data = spaced.encode("ascii", "replace") if spaced else self._ascii
        self.literals = _literals_in(data, bool(spaced))
        return self.literals

    def find_spaced(self) -> str:
        """The lower case with line breaks as spaces, when all its whitespace is single
        spaces and line breaks (else "": the phrase test does not apply)."""
        low = self.low
        spaced = low.replace("\n", " ")
        if "  " in spaced or not low:
            spaced = ""
        elif low.isascii():
            if any(ch in low for ch in "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"):
                spaced = ""
        elif _OTHER_SPACE.search(low):
            spaced = ""
        self.spaced = spaced
        return spaced

    @classmethod
    def lines(cls, first: _Doc, second: _Doc) -> _Doc:
        """The doc of ``first.text + "\\n" + second.text``, from the two docs' work.

        A newline separates words, and lower-casing never looks across one
        (Greek final sigma is the only context rule), so the lower case, its
        ASCII bytes and the word set of the joined text are the parts' joined.
        """
        doc = cls(
            f"{first.text}\n{second.text}",
            f"{first.lowered}\n{second.lowered}",
            first.words | second.words,
            first._ascii + b"\n" + second._ascii,
        )
        doc.joined = True  # few patterns run on it: plain tests beat the numpy pass
        return doc


# -- what an alternative needs before it can match ------------------------------------
#
# Reading an alternative's parsed regex, every match is spelled out as one of a
# few "shapes": its literal characters (lower-cased), " " for one whitespace
# character (``\s``; ``\s+`` too, see below), _DELIM for \b and anchors (zero
# width) and _GAP for anything unknown. Two views of the shapes give necessary
# conditions, cheap to test before the regex runs:
#
# * words: a run of letters/digits with a separator or boundary on both sides
#   is a whole word of the text's word set (the one _Doc builds). Clauses of
#   such words (one word of each clause must be in the set) rule out most
#   alternatives with set look-ups (see _AltIndex).
# * phrase: in a text whose whitespace is single spaces and line breaks (what
#   html_to_text gives), ``\s+`` is one character, so a match contains a string
#   such as "is not " literally (line breaks read as spaces). One ``in`` test of
#   that string is cheaper than a regex that starts with a common word ("is").
#
# Both are necessary, never sufficient: the regex still decides.

_DELIM, _GAP = "\x01", "\x02"
# Whitespace other than " " and "\n" (all of it: the characters str.isspace() knows).
_OTHER_SPACE = re.compile(
    "[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_SEP = "\x00"  # the word view's separator
_SHAPE_LIMIT = 512
# Words that are in most postings make poor clause words.
_COMMON_WORDS = frozenset(
    b"a an and or of the to in on at by for with as is be are this that our you your we will "
    b"work working role position job time per day days".split()
)


def _char_shape(ch: str, lowered: bool, icase: bool) -> str:
    if not lowered:
        ch = ch.lower()
    if len(ch) != 1 or (icase and ch.isalpha()):
        return _GAP
    return " " if ch.isspace() else ch


def _class_shapes(items: list[tuple[object, object]], lowered: bool, icase: bool) -> list[str]:
    out: set[str] = set()
    for op, av in items:
        if op is _sre_c.LITERAL:
            out.add(_char_shape(chr(av), lowered, icase))  # type: ignore[arg-type]
        elif op is _sre_c.RANGE:
            lo, hi = cast(tuple[int, int], av)
            if hi - lo > 4:
                return [_GAP]
            out.update(_char_shape(chr(c), lowered, icase) for c in range(lo, hi + 1))
        elif op is _sre_c.CATEGORY and av in (_sre_c.CATEGORY_SPACE, _sre_c.CATEGORY_UNI_SPACE):
            out.add(" ")
        else:
            return [_GAP]  # negated classes, \d, \w...
    return [_GAP] if _GAP in out or len(out) > 4 else sorted(out)


_DELIM_AT = {
    _sre_c.AT_BOUNDARY, _sre_c.AT_UNI_BOUNDARY, _sre_c.AT_LOC_BOUNDARY, _sre_c.AT_BEGINNING,
    _sre_c.AT_BEGINNING_LINE, _sre_c.AT_BEGINNING_STRING, _sre_c.AT_END, _sre_c.AT_END_LINE,
    _sre_c.AT_END_STRING,
}
_REPEATS = {_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", _sre_c.MAX_REPEAT)}


def _seq_shapes(items: object, lowered: bool, icase: bool) -> list[str]:
    shapes = [""]
    for op, av in items:  # type: ignore[attr-defined]
        opts = _item_shapes(op, av, lowered, icase)
        if len(shapes) * len(opts) > _SHAPE_LIMIT:
            opts = [_GAP]
        shapes = list(dict.fromkeys((s + o).replace(_GAP + _GAP, _GAP) for s in shapes for o in opts))
    return shapes


def _item_shapes(op: object, av: object, lowered: bool, icase: bool) -> list[str]:
    c = _sre_c
    if op is c.LITERAL:
        return [_char_shape(chr(av), lowered, icase)]  # type: ignore[arg-type]
    if op is c.IN:
        return _class_shapes(av, lowered, icase)  # type: ignore[arg-type]
    if op is c.AT:
        return [_DELIM] if av in _DELIM_AT else [""]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [""]  # look-arounds consume nothing: their neighbours touch
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = cast(tuple[object, int, int, object], av)
        ic = (icase or bool(add_flags & _sre_c.SRE_FLAG_IGNORECASE)) and not del_flags & _sre_c.SRE_FLAG_IGNORECASE
        return _seq_shapes(sub, lowered, ic)
    if op is c.BRANCH:
        out: list[str] = []
        for alt in av[1]:  # type: ignore[index]
            out.extend(_seq_shapes(alt, lowered, icase))
            if len(out) > _SHAPE_LIMIT:
                return [_GAP]
        return list(dict.fromkeys(out))
    if op in _REPEATS:
        lo, hi, sub = cast(tuple[int, int, object], av)
        inner = _seq_shapes(sub, lowered, icase)
        if inner == [" "]:
            # \s+ or \s*: one whitespace character in single-spaced text (and
            # for the word view, any run of them separates words alike).
            return [" "] if lo >= 1 else ["", " "]
        if hi == 1:
            return inner if lo == 1 else ["", *inner]
        if lo == 0:
            return [_GAP]
        return [s + _GAP for s in inner]  # once, then anything
    return [_GAP]


def _word_view(shape: str) -> str:
    return "".join(ch if ch in (_DELIM, _GAP) or (ch.isascii() and ch.isalnum()) else _SEP for ch in shape)


def _shape_words(shape: str) -> frozenset[bytes]:
    """The whole words a (word view) shape spells."""
    words: set[bytes] = set()
    run: list[str] = []
    closed = True  # the run so far started after a separator or boundary
    for ch in shape + _GAP:
        if ch == _SEP or ch == _DELIM or ch == _GAP:
            if run and closed and ch != _GAP:
                words.add("".join(run).encode())
            run = []
            closed = ch != _GAP
        else:
            run.append(ch)
    return frozenset(words)


def _rank(word: str | bytes) -> tuple[bool, int]:
    # Rarer-looking first: not a common word, then longer.
    key = word.encode() if isinstance(word, str) else word
    return (key in _COMMON_WORDS, -len(key))


def _shapes(pattern: str, lowered: bool) -> list[str] | None:
    try:
        parsed = _sre_parse.parse(pattern, 0)
    except Exception:  # pragma: no cover - every pattern here parses
        return None
    icase = bool(parsed.state.flags & _sre_c.SRE_FLAG_IGNORECASE)
    return _seq_shapes(parsed, lowered, icase)


def _word_clauses(shapes: list[str], boundary: bool) -> tuple[frozenset[bytes], ...]:
    """Clauses of words every match needs: one word of each must be in the text's word set."""
    # Before the match: a boundary when the caller checks one, else anything.
    needs = [_shape_words(_word_view((_DELIM if boundary else _GAP) + s + _GAP)) for s in shapes]
    if not needs or not all(needs):
        return ()
    ordered = [sorted(words, key=_rank) for words in needs]
    clauses: list[frozenset[bytes]] = []
    for i in range(2):
        clause = frozenset(words[min(i, len(words) - 1)] for words in ordered)
        if clause not in clauses:
            clauses.append(clause)
    return tuple(clauses)


def _phrase(shapes: list[str], lead: str) -> str | None:
    """A string every match contains in single-spaced text, worth an ``in`` before the regex.

    Not worth it when it is the regex's own leading literal: ``re`` scans for
    that as fast as ``in`` does.
    """
    if not shapes or len(shapes) > 64:
        return None
    runs = [[r for r in s.replace(_DELIM, "").split(_GAP) if r] for s in shapes]
    if not all(runs):
        return None
    shortest = min(runs, key=lambda rs: sum(map(len, rs)))
    best: str | None = None
    for run in shortest:
        for i in range(len(run)):
            for j in range(len(run), i + (len(best) if best else 3), -1):
                piece = run[i:j]
                if all(any(piece in r for r in rs) for rs in runs):
                    best = piece
                    break
    if best is None or len(best) < 4 or best.strip() == lead or lead.startswith(best.strip()):
        return None
    return best


# -- which strings a long text contains, all at once ----------------------------------
#
# A string is in a text only if each of its 3-character pieces is. One numpy
# pass marks the (hashed) pieces of a text in a bitmap; one gather then tells,
# for every string an alternative needs (gate substrings, phrases), whether all
# its pieces are there. A "no" is certain and saves a scan of the text per
# string; a "yes" may be wrong, and the exact test or the regex decides.

_LITERALS: dict[str, int] = {}  # string -> id (registration order)
_LITERAL_SPACED: list[bool] = []  # whether the string has a space (phrase: needs the spaced text)
_LITERAL_INDEX: tuple[int, np.ndarray, np.ndarray] = (0, np.zeros(0, np.intp), np.zeros(0, np.intp))
_LITERAL_TEXT = 400  # shorter texts: the plain ``in`` tests are cheaper than the numpy pass
_GRAM_BITS = 14  # a 16K bitmap: a few % of false "maybe", cheap to clear
_GRAM_MULT = 0x9E3779B1


def _literal_id(text: str | None) -> int | None:
    if text is None or len(text) < 3 or not text.isascii() or "?" in text:
        return None  # "?" stands for any non-ASCII character in the bytes tested
    if text not in _LITERALS:
        _LITERALS[text] = len(_LITERALS)
        _LITERAL_SPACED.append(" " in text)
    return _LITERALS[text]


def _literal_index() -> tuple[int, np.ndarray, np.ndarray]:
    global _LITERAL_INDEX
    if _LITERAL_INDEX[0] != len(_LITERALS):
        hashes: list[int] = []
        starts: list[int] = []
        for text in _LITERALS:  # insertion (= id) order
            data = text.encode("ascii")
            starts.append(len(hashes))
            hashes.extend(
                (((data[i] << 16 | data[i + 1] << 8 | data[i + 2]) * _GRAM_MULT) & 0xFFFFFFFF) >> (32 - _GRAM_BITS)
                for i in range(len(data) - 2)
            )
        _LITERAL_INDEX = (len(_LITERALS), np.array(hashes, np.intp), np.array(starts, np.intp))
    return _LITERAL_INDEX


def _literals_in(data: bytes, spaced: bool) -> list[bool]:
    """Per registered string: may ``data`` contain it? (False is certain.)

    Without the spaced text (``spaced`` false), phrases get no answer (True).
    """
    count, hashes, starts = _literal_index()
    if not count:
        return []
    if len(data) < 3:
        present = [False] * count
    else:
        arr = np.frombuffer(data, np.uint8).astype(np.uint32)
        grams = (arr[:-2] << np.uint32(16)) | (arr[1:-1] << np.uint32(8)) | arr[2:]
        bitmap = np.zeros(1 << _GRAM_BITS, np.bool_)
        bitmap[(grams * np.uint32(_GRAM_MULT)) >> np.uint32(32 - _GRAM_BITS)] = True
        present = np.logical_and.reduceat(bitmap[hashes], starts).tolist()
    if not spaced:
        present = [p or s for p, s in zip(present, _LITERAL_SPACED, strict=True)]
    return present  # type: ignore[no-any-return]


class _Alt:
    """One alternative of an :class:`_Rx`: its regex, what gates it, and where it runs."""

    __slots__ = ("regex", "regex_i", "word", "sub", "on_low", "boundary", "clauses", "phrase", "literals")

    def __init__(self, alt: str) -> None:
        body = alt
        wrapped = body.startswith("(?i:") and body.endswith(")") and _skip_group(body) == ""
        if wrapped:
            body = body[4:-1]
        has_capital = re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", body)) is not None
        self.on_low = not has_capital
        self.boundary = body.startswith("\\b") and not body.startswith("\\b(")
        core = body[2:] if self.boundary else body
        # The literal text every match starts with gates the alternative.
        lead = core
        while lead.startswith(("(?<!", "(?<=", "(?!", "(?=")):
            lead = _skip_group(lead)
        literal: list[str] = []
        rest = ""
        for i, ch in enumerate(lead):
            if ch in _META:
                if ch in "?*{" and literal:
                    literal.pop()
                rest = lead[i:] if ch not in "?*{" else ""
                break
            literal.append(ch)
        prefix = "".join(literal).lower()
        self.word: bytes | None = None
        self.sub: str | None = None
        if len(prefix.strip()) >= 2:
            first, _, more = prefix.partition(" ")
            # The first word is whole only when the regex says it ends there: at the
            # end of the alternative "telecommut" may still be "telecommute".
            complete = bool(more) or (rest != "" and _WORD_END.match(rest) is not None)
            if complete and re.fullmatch(r"[a-z0-9]+", first) and (self.boundary or lead is core and core.startswith(first)):
                self.word = first.encode()
            else:
                self.sub = prefix.strip()
        # Without its leading \b the regex starts with a literal, which lets ``re``
        # scan for it quickly; the word boundary is then checked by hand.
        self.regex = re.compile(core)
        # The whole alternative, case-insensitive, for texts whose lower case moves positions.
        self.regex_i = re.compile(body, 0 if has_capital else re.I)
        # Words, and a string, that every match needs (see _word_clauses, _phrase).
        shapes = _shapes(core, self.on_low) or []
        self.clauses = _word_clauses(shapes, self.boundary)
        self.phrase = _phrase(shapes, prefix.strip())
        self.literals = tuple(i for i in (_literal_id(self.sub), _literal_id(self.phrase)) if i is not None)

    def _target(self, doc: _Doc) -> tuple[str, re.Pattern[str], bool]:
        if not self.on_low:
            return doc.text, self.regex, self.boundary
        if doc.low:
            return doc.low, self.regex, self.boundary
        return doc.text, self.regex_i, False

    def gate(self, doc: _Doc) -> bool:
        # The gate word (a set look-up) or gate substring decides; a string the
        # match needs can rule out a regex that would try many places.
        if self.word is not None and self.word not in doc.words:
            return False
        if self.literals and len(doc.low) >= _LITERAL_TEXT and not doc.joined:
            present = doc.literals if doc.literals is not None else doc.find_literals()
            count = len(present)
            for i in self.literals:
                if i < count and not present[i]:
                    return False
        elif self.phrase is not None:
            spaced = doc.spaced if doc.spaced is not None else doc.find_spaced()
            if spaced and self.phrase not in spaced:
                return False
        if self.sub is not None:
            return self.sub in doc.lowered
        return True

    def search(self, doc: _Doc) -> tuple[int, int] | None:
        if not self.gate(doc):
            return None
        target, regex, boundary = self._target(doc)
        pos = 0
        while True:
            m = regex.search(target, pos)
            if m is None:
                return None
            at = m.start()
            if not boundary or at == 0 or not (target[at - 1].isalnum() or target[at - 1] == "_"):
                return at, m.end()
            pos = at + 1

    def finditer(self, doc: _Doc) -> Iterator[tuple[int, int]]:
        if not self.gate(doc):
            return
        target, regex, boundary = self._target(doc)
        for m in regex.finditer(target):
            at = m.start()
            if not boundary or at == 0 or not (target[at - 1].isalnum() or target[at - 1] == "_"):
                yield at, m.end()


class _AltIndex:
    """Alternatives by the words of one clause they need, to find the live ones fast.

    Each alternative needs its gate word (if any) and one word of each of its
    clauses (see :func:`_word_clauses`). It is filed under the words of the
    clause that looks rarest; for a text, only alternatives filed under one of
    its words are looked at, and kept when their other clauses hold too.
    """

    __slots__ = ("alts", "by_word", "keys", "always")

    def __init__(self, alts: list[_Alt]) -> None:
        self.alts = alts
        by_word: dict[bytes, list[tuple[int, tuple[frozenset[bytes], ...]]]] = {}
        always: list[int] = []
        for pos, alt in enumerate(alts):
            clauses = ([frozenset((alt.word,))] if alt.word is not None else []) + list(alt.clauses)
            if not clauses:
                always.append(pos)
                continue
            key = min(clauses, key=lambda c: max(map(_rank, c)))
            rest = tuple(c for c in clauses if c is not key)
            for word in key:
                by_word.setdefault(word, []).append((pos, rest))
        self.by_word = by_word
        self.keys = frozenset(by_word)
        self.always = tuple(always)

    def live(self, doc: _Doc) -> list[int]:
        """Positions (in order) of the alternatives that may match ``doc``."""
        words = doc.words
        if not doc.low:
            # The clauses assume the regex runs on doc.low; the case-insensitive
            # fallback (lower case moved positions) keeps to the plain gate words.
            return [i for i, alt in enumerate(self.alts) if alt.word is None or alt.word in words]
        found = set(self.always)
        isdisjoint = words.isdisjoint
        by_word = self.by_word
        for word in words & self.keys:
            for pos, rest in by_word[word]:
                if pos in found:
                    continue
                for clause in rest:
                    if isdisjoint(clause):
                        break
                else:
                    found.add(pos)
        return sorted(found)


class _Rx:
    """A pattern split into alternatives that run only when their first word is in the text.

    Most patterns fail on most postings. Each alternative is gated by its
    leading literal word (a set look-up) and runs on the lower-cased text
    without ``re.IGNORECASE``, so ``re`` can use its fast literal-prefix scan:
    together about 10x faster than one big case-insensitive alternation.
    Alternatives with a capital letter (``\\bMCG\\b``) stay case-sensitive.
    Matches are :class:`_Hit` objects with positions in the original text.
    Words the alternatives need beyond their gate (an :class:`_AltIndex`) and
    the strings they need (:func:`_literals_in`) rule out most of them before
    any regex runs; the results are the same.

        >>> rx = _Rx(r"\\bCEAS\\b|certified\\s+ergonomics")
        >>> doc = _Doc("CEAS II and Certified Ergonomics Assessment Specialist")
        >>> [(h.start(), h.end()) for h in [rx.search(doc)]]
        [(0, 4)]
        >>> rx.search(_Doc("no ceas here")) is None
        True
    """

    __slots__ = ("alts", "pattern", "_index")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.alts = [_Alt(a) for a in _alternatives(pattern)]
        self._index = _AltIndex(self.alts)

    def search(self, doc: _Doc) -> _Hit | None:
        best: tuple[int, int] | None = None
        alts = self.alts
        for pos in self._index.live(doc):
            span = alts[pos].search(doc)
            if span is not None and (best is None or span < best):
                best = span
        return None if best is None else _Hit(doc.text, best[0], best[1])

    def finditer(self, doc: _Doc) -> list[_Hit]:
        """Every match of every alternative, in text order (overlaps kept)."""
        return list(self.iterate(doc))

    def iterate(self, doc: _Doc) -> Iterator[_Hit]:
        """:meth:`finditer`, lazily: callers that stop at the first good match scan less.

        Each alternative's matches come in text order, so merging them gives
        the sorted order finditer has.
        """
        alts = self.alts
        live = self._index.live(doc)
        text = doc.text
        if len(live) == 1:
            spans: Iterator[tuple[int, int]] = alts[live[0]].finditer(doc)
        else:
            spans = heapq.merge(*(alts[pos].finditer(doc) for pos in live))
        for a, b in spans:
            yield _Hit(text, a, b)


class _Table:
    """Named patterns searched together: ``search`` is ``{name: _Rx(p).search(doc)}``.

    One :class:`_AltIndex` over all the alternatives finds the few that may
    match, instead of asking every pattern in turn.
    """

    __slots__ = ("patterns", "_alts", "_owner", "_index")

    def __init__(self, patterns: dict[str, str]) -> None:
        self.patterns = {name: _Rx(p) for name, p in patterns.items()}
        self._alts = [alt for rx in self.patterns.values() for alt in rx.alts]
        self._owner = [name for name, rx in self.patterns.items() for _ in rx.alts]
        self._index = _AltIndex(self._alts)

    def search(self, doc: _Doc) -> dict[str, _Hit]:
        """The first match of each pattern that has one (the order of names is kept)."""
        best: dict[str, tuple[int, int]] = {}
        alts, owner = self._alts, self._owner
        for pos in self._index.live(doc):
            span = alts[pos].search(doc)
            if span is not None:
                name = owner[pos]
                if name not in best or span < best[name]:
                    best[name] = span
        text = doc.text
        return {name: _Hit(text, *best[name]) for name in self.patterns if name in best}


# ---------------------------------------------------------------------------
# Sentences and sections
# ---------------------------------------------------------------------------

SectionKind = str  # "req", "pref", "duties", "about", "benefits", "other"

_HEADINGS: list[tuple[re.Pattern[str], SectionKind]] = [
    (re.compile(r"^(?:preferred|desired|nice[- ]to[- ]have|bonus points|additional|plus)\b", re.I), "pref"),
    (
        re.compile(
            r"^(?:(?:minimum|basic|required|job|position|key|essential|the)\s+)?"
            r"(?:requirements?|qualifications?|education|experience|licen[cs](?:e|ure)s?|"
            r"certifications?|credentials?|skills|competenc(?:y|ies)|eligibility|"
            r"what you(?:'ll| will)? (?:need|bring)|what we(?:'re| are) looking for|who you are|"
            r"about you|you have|must haves?|you(?:'ll)? bring|knowledge|to be successful)\b",
            re.I,
        ),
        "req",
    ),
    (
        re.compile(
            r"^(?:(?:key|essential|primary|main|job|your)\s+)?(?:responsibilities|duties|"
            r"what you(?:'ll| will) do|essential functions|the role|role|day to day|"
            r"a day in the life|job description|position summary|summary|overview|"
            r"job summary|about the (?:role|job|position))\b",
            re.I,
        ),
        "duties",
    ),
    (re.compile(r"^(?:about (?:us|the company|our company)|who we are|our (?:company|mission|story))\b", re.I), "about"),
    (
        re.compile(
            r"^(?:benefits|perks|what we offer|why join|why work|compensation|pay|salary|"
            r"total rewards|we offer|equal (?:opportunity|employment))\b",
            re.I,
        ),
        "benefits",
    ),
]
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
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
    if not stripped:
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
            end = m.start()
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

_LIST_ONLY = {"ST", "LAT", "LOT", "OTL", "MOT", "SW", "OP", "RPT", "LPT"}  # need a neighbour code


def _code_aliases() -> tuple[list[str], list[str]]:
    codes: set[str] = set()
    names: set[str] = set()
    for cred in CREDENTIALS.values():
        for alias in (cred.code, *cred.aliases):
            if "," in alias or alias in {"SW"}:
                continue
            if alias.upper() == alias and any(ch.isalpha() for ch in alias):
                codes.add(alias)
            elif alias.lower() == alias:
                names.add(alias)
    return sorted(codes, key=len, reverse=True), sorted(names, key=len, reverse=True)


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


_CODE_RE = re.compile(r"(?<![A-Za-z0-9])(" + _by_first_char(_CODES) + r")(?:s|'s)?(?![A-Za-z0-9])")
_NAME_RE = re.compile(
    r"\b(" + _by_first_char(_NAMES, lambda n: re.escape(n).replace(r"\ ", r"[\s-]+")) + r")\b", re.I
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
# Cues (within the sentence, before the mention) that a credential is wanted.
_WANT_CUE = re.compile(
    r"licen[cs]|certif|registered|degree|graduat|\bmust\b|requir|eligib|qualif|candidate|"
    r"applicant|seek|looking for|hiring|\byou are\b|\byou're\b|\bneed\b|\bas an?\b|"
    r"experience as|background as|\bopen to\b|\baccept|welcome|consider|current|active|"
    r"unrestricted|credential|minimum|prefer|bachelor|master|doctor|\bbe an?\b|\bwho is\b|"
    r"\bfor (?:licensed|certified)|\bjoin\b|\bwe want\b|\bideal\b|\bor equivalent\b|"
    r"background|\bplus\b|encourag|\bapply\b|\bwelcome|\bfit\b|\bformer\b|experience|\byears?\b|"
    r"\bideal for\b",
    re.I,
)
# Cues (in the same clause, before the mention) that it names people, not the hire.
_PEOPLE_CUE = re.compile(
    r"supervis|oversight|oversee|\bwork(?:s|ing)?\s+(?:closely\s+)?(?:with|alongside)|"
    r"collaborat|alongside|partner(?:s|ing)? with|team of|teams of|interdisciplinary|"
    r"multidisciplinary|including|such as nurses|\blead(?:s|ing)?\b|\bmanag(?:e|es|ing)\b|"
    r"mentor|\btrain(?:s|ing)?\b|coordinat\w* with|communicat\w* with|liaise|\brefer|"
    r"\brecruit|\bplace(?:s|ment)?\b|\bstaff(?:ing)?\b|\bsupport(?:s|ing)?\b|\bfor our\b|"
    r"\bclients\b|\bdirect(?:s|ing)?\b|\bdelegat|\bassist(?:s|ing)?\b|\bhire(?:s)?\b|"
    r"\breview(?:s|ing)?\b|\beducat\w*|\bwith (?:the )?(?:rn|nurses|physicians)\b",
    re.I,
)
# Words after a mention that make it a modifier ("OT services", "PT/OT evaluations").
_MODIFIER_AFTER = re.compile(
    r"\s*(?:/\s*)?(?:services?|evaluations?|evals?|notes|requests?|documentation|visits?|"
    r"referrals?|treatments?|plans?|progress|department|dept|staff|team|clinics?|gym|"
    r"program|programs|caseload|productivity|orders?|minutes|units|sessions|"
    r"authorizations?|intervention|interventions|goals?|students?|schools?|"
    r"recruit|jobs?|positions?|openings?|travelers?|candidates)\b",
    re.I,
)
_NOT_ELIGIBLE = re.compile(
    r"\b(?:are|is)\s+not\s+(?:eligible|considered|accepted)|not\s+eligible|need not apply|"
    r"\bexcluding\b|\bexcept\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[;:.]\s|\bwhile\b|\band\s+(?=(?:supervis|work|collab))", re.I)
_QUALIFYING_BEFORE = re.compile(r"graduat|completion of|completed|accredited|enrolled|degree", re.I)
_TITLE_PEOPLE = re.compile(
    r"recruit|staffing|sales|account|talent|sourc|"
    r"director|manager|supervisor|lead|educator|faculty|professor|instructor|program",
    re.I,
)
_TITLE_NURSE = re.compile(r"(?<!practical )(?<!vocational )\bnurse\b(?!\s+(?:practitioner|aide|assistant|navigator\s+aide))", re.I)
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
_NAME_HINTS = ("therap", "patholog", "nurs", "worker", "trainer", "physio", "assistant", "clinician")


def _mentions(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, codes) for every credential mention in ``sentence``."""
    found: list[tuple[int, int, list[str]]] = []
    taken: list[tuple[int, int]] = []
    low = sentence.lower()
    # Each regex is a long case-insensitive alternation: run it only when one of
    # the words it needs is there.
    named = any(h in low for h in _NAME_HINTS)
    ellipsis = named and ("physical" in low or "occupational" in low or "speech" in low) and (
        " or " in low or "/" in low or "," in low or " and " in low or "&" in low
    )
    for m in _ELLIPSIS_RE.finditer(sentence) if ellipsis else ():
        found.append((m.start(), m.end(), _ellipsis_codes(m.group(1), m.group(2))))
        taken.append((m.start(), m.end()))
    for m in _NAME_RE.finditer(sentence) if named else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        code = normalize_credential(re.sub(r"[\s-]+", " ", m.group(1)).replace("speech language", "speech-language"))
        if code:
            found.append((m.start(), m.end(), [code]))
            taken.append((m.start(), m.end()))
    codes: list[tuple[int, int, str]] = []
    for m in _CODE_RE.finditer(sentence) if _CAPS2.search(sentence) else ():
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
    # "Registered Physiotherapist, Occupational Therapist or Nurse", "OT, PT, nursing or
    # nutrition": nurse/nursing count as RN only inside such a list.
    if found:
        for m in _NURSE_RE.finditer(sentence):
            if any(a <= m.start() < b for a, b, _ in found):
                continue
            joined = any(
                (b <= m.start() and _LIST_GLUE.fullmatch(sentence[b: m.start()]))
                or (m.end() <= a and _LIST_GLUE.fullmatch(sentence[m.end(): a]))
                for a, b, _ in found
            )
            if joined:
                found.append((m.start(), m.end(), ["RN"]))
    found.sort()
    return found


_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:or|and|and/or)?|/|&|or|and|and/or)\s*", re.I)
_NURSE_RE = re.compile(
    r"\b(?:nurses?|nursing)\b(?!\s*(?:facilit|homes?\b|assistant|aide|staff|care\b|unit|services|"
    r"department|team|home|leader|manager|director|supervisor|practitioner))",
    re.I,
)




def _credentials_in(sentence: Sentence, *, in_title: bool = False) -> list[str]:
    text = sentence.text
    # Cheap gate: no capitals pair and no credential word means no credential.
    if _CAPS2.search(text) is None:
        low = text.lower()
        if not any(h in low for h in _NAME_HINTS):
            return []
    mentions = _mentions(text)
    if not mentions:
        generic = _GENERIC_THERAPIST_RE.search(text)
        if generic and _WANT_CUE.search(text):
            assistant = "assistant" in generic.group(1).lower()
            return ["PTA", "COTA"] if assistant else ["PT", "OT", "SLP"]
        return []
    wanted_section = sentence.section in ("req", "pref")
    cue = bool(_WANT_CUE.search(text))
    # A short bullet that is mostly credentials ("PT, PTA, OT, COTA, or SLP") is a list.
    cred_chars = sum(e - s for s, e, _ in mentions)
    list_like = len(text) <= 80 and cred_chars >= 0.35 * len(re.sub(r"[\s,/.;:()]|\bor\b|\band\b", "", text) or "x")
    if not (wanted_section or cue or list_like or in_title):
        return []
    out: list[str] = []
    for start, end, codes in mentions:
        clause_start = 0
        for b in _CLAUSE_BREAK.finditer(text, 0, start):
            clause_start = b.end()
        before = text[clause_start:start]
        if _PEOPLE_CUE.search(before) and not re.search(r"\b(?:as|be)\s+an?\s*$|licensed\s*$", before, re.I):
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
        out.extend(codes)
    if out and not (_THERAPY_CODES & set(out)):
        generic = _GENERIC_THERAPIST_RE.search(text)
        if generic:  # "RN or licensed therapist"
            out.extend(["PTA", "COTA"] if "assistant" in generic.group(1).lower() else ["PT", "OT", "SLP"])
    return out


# ---------------------------------------------------------------------------
# Licence, years
# ---------------------------------------------------------------------------

_LICENSE_RE = _Rx(r"\blicen[cs](?:e|ed|ure|es|ing)\b")
_LICENSE_NOT = re.compile(
    r"driver|driving|business licen|licen[cs]e plate|licensing agreement|software licen|"
    r"(?:no|not)\s+(?:a\s+)?(?:clinical\s+|professional\s+)?licen[cs]\w*\s+(?:is\s+)?(?:required|needed|necessary)|"
    r"licen[cs]\w*\s+(?:is\s+)?not\s+required|does not require (?:a |an )?(?:clinical |professional |active )?licen",
    re.I,
)
_LICENSE_WANT = re.compile(
    r"active|unrestricted|current|valid|must|requir|good standing|state|licensed (?:as|in)|"
    r"licensure|compact|eligible|hold|possess|maintain|\bor\b|\bPT\b|\bOT\b|therap|patholog|nurse|RN\b",
    re.I,
)

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
_YEARS_CONTEXT = re.compile(
    r"experien|\bexp\b|practice|practicing|clinical|working|work as|worked|background|"
    r"\bas an?\b|setting|environment|post[- ]?(?:graduate|licensure)|licensed|"
    r"\bin (?:a |an |the )?(?:acute|snf|skilled|home|outpatient|inpatient|rehab|hospital|"
    r"managed|utilization|case|sales|recruit|pediatric|school|ergonomic|industrial|clinic)|"
    r"\bof (?:pt|ot|slp|therapy|physical|occupational|speech|nursing|ur|um|utilization|"
    r"case|sales|recruit|related|relevant|progressive|direct|professional|industry|"
    r"healthcare|health care|medical|leadership|management|supervisory)",
    re.I,
)
_YEARS_NOT = re.compile(
    r"years?\s+old|years?\s+of\s+age|\bage\b|founded|in business|anniversary|history|\bago\b|"
    r"serv(?:ed|ing)\b|for (?:over|more than) \d+ years|our \d+|we have|company|"
    r"contract (?:length|term)|warranty|renewal|every \d|within (?:the )?(?:past|last)|"
    r"(?:two|four|2|4)[- ]year (?:degree|program|college|university|institution)|"
    r"years? of (?:college|university|school|education|study)\b(?![- ]based)|retention|tenure of|"
    r"\d+ years? (?:in a row|running)|renewal cycle|billing cycle|guarantee|vested|vesting|"
    r"lookback|look-back",
    re.I,
)
_PREFERRED = re.compile(
    r"prefer|\bplus\b|desir|nice to have|\bideal|bonus|advantage|beneficial|helpful|"
    r"a plus|is a plus|strongly preferred|would be great|optional|willing(?:ness)? to obtain|"
    r"obtain within|within \d+ (?:days|months|year)",
    re.I,
)
_REQUIRED = re.compile(r"requir|\bmust\b|mandatory|\bneed(?:ed|s)?\b|necessary|essential|minimum", re.I)


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


# ---------------------------------------------------------------------------
# Settings, skills, certifications
# ---------------------------------------------------------------------------

SETTING_PATTERNS: dict[str, str] = {
    "irf": r"inpatient\s+rehab(?:ilitation)?(?:\s+(?:facility|facilities|hospital|unit))?|\bIRFs?\b|"
    r"acute\s+rehab(?:ilitation)?|\bAIR\b|rehab(?:ilitation)?\s+hospitals?",
    "ltach": r"\bLTACH?s?\b|long[- ]term\s+acute(?:\s+care)?",
    "acute": r"\bacute(?<!post-acute)(?<!post acute)(?<!postacute)(?<!sub-acute)(?<!sub acute)(?<!subacute)"
    r"(?:\s+care)?(?!\s+rehab)(?![- ]care\s+rehab)|"
    r"hospital[- ]based|hospital\s+setting|inpatient\s+acute|\bICU\b",
    "snf": r"skilled\s+nursing(?:\s+facilit(?:y|ies))?|\bSNFs?\b|sub[- ]?acute|long[- ]term\s+care(?!\s+insurance)|"
    r"\bLTC\b|nursing\s+homes?",
    "home_health": r"home\s+health|home\s+care(?!\s+coordinator)|home[- ]based\s+(?:care|therapy)",
    "outpatient": r"out[- ]?patient",
    "pediatrics": r"p(?:a)?ediatrics?|\bpeds\b|children'?s\s+hospital",
    "schools": r"school[- ]based|school\s+(?:setting|district|system)s?|\bK-12\b|\bschools\b",
    "early_intervention": r"early\s+intervention(?=[^.]{0,60}(?:child|infant|toddler|birth|famil|pediatric))|birth\s+to\s+(?:three|3)",
    "mental_health": r"mental\s+health|behavio(?:u)?ral\s+health|psychiatric",
    "hand_therapy": r"hand\s+therapy|hand\s+clinic|upper\s+extremity|\bCHT\b",
    "managed_care": r"managed\s+care|health\s+plans?|\bpay[eo]rs?\b|insurance\s+compan(?:y|ies)|"
    r"utili[sz]ation\s+(?:review|management)|medicare\s+advantage",
    "industrial": r"occupational\s+health|\bindustrial\b|work\s+hardening|work\s+conditioning|manufacturing",
    "travel": r"travel\s+(?:therapy|therapist|assignment|contract|clinician)s?",
    "telehealth": r"tele(?:health|therapy|practice|rehab)",
    "academia": r"\bacademi(?:a|c)\b|teaching\s+experience|\bfaculty\b",
}
_SETTING_RES = _Table(SETTING_PATTERNS)

SKILLS: dict[str, str] = {
    "ICD-10": r"\bICD[- ]?10(?:[- ]?CM)?\b|diagnosis\s+cod(?:ing|es)",
    "InterQual": r"\binter[- ]?qual\b",
    "MCG": r"\bMCG\b|milliman",
    "CMS guidelines": r"\bCMS\b|centers\s+for\s+medicare",
    "Medicare": r"\bmedicare\b",
    "Medicaid": r"\bmedicaid\b",
    "case management": r"case\s+management",
    "clinical audits": r"\bclinical\s+audit|\bchart\s+audit|\bdocumentation\s+audit|\bmedical\s+records?\s+audit|"
    r"\brecord\s+audit|\baudit(?:s|ing)?\s+(?:of\s+)?(?:clinical|charts?|documentation|medical\s+records)",
    "EMR": r"\bEMRs?\b|\bEHRs?\b|electronic\s+(?:medical|health)\s+records?|\bepic\b|\bcerner\b|webpt|netsmart|pointclickcare|meditech",
    "utilization review": r"utili[sz]ation\s+(?:review|management)|\bUR/UM\b|\bUM/UR\b",
    "discharge planning": r"discharge\s+plan(?:ning|s)?",
    "prior authorization": r"prior\s+auth(?:ori[sz]ations?)?|pre[- ]?auth(?:ori[sz]ations?)?|authori[sz]ation\s+requests?",
    "medical necessity": r"medical(?:ly)?\s+necess(?:ity|ary)",
    "documentation": r"\bdocumentation\b",
    "Microsoft Office": r"microsoft\s+(?:office|excel|word|outlook|teams|365)|\bMS\s+office\b|office\s+365|\bexcel\b|\bpowerpoint\b|\boutlook\b",
    "sales": r"\bsales\b",
    "REBA/RULA": r"\bREBA\b|\bRULA\b",
    "ergonomic assessment": r"ergonomic\s+(?:assessments?|evaluations?|analys[ie]s)|workstation\s+(?:assessments?|evaluations?)|job\s+(?:site|task|demands|hazard)\s+analys[ie]s",
    "NIOSH lifting equation": r"NIOSH",
    "HIPAA": r"\bHIPAA\b",
    "CPT coding": r"\bCPT\b",
    "PDPM": r"\bPDPM\b",
    "MDS": r"\bMDS\b",
    "OASIS": r"\bOASIS\b",
    "functional assessment": r"functional\s+(?:assessments?|capacity\s+evaluations?|evaluations?)",
    "patient education": r"patient\s+(?:and\s+family\s+)?education",
    "CRM": r"\bCRM\b|salesforce",
    "motivational interviewing": r"motivational\s+interviewing",
    "WCAG": r"\bWCAG\b|section\s+508",
    "ADA": r"\bADA\b|americans\s+with\s+disabilities\s+act",
    "telephonic": r"telephonic",
    "customer service": r"customer\s+service",
    "data analysis": r"data\s+analys[ie]s|analy[sz]e\s+data",
    "public speaking": r"public\s+speaking|presentations?\s+skills",
    "curriculum development": r"curriculum\s+(?:development|design)|instructional\s+design",
    "user research": r"user\s+research|usability\s+testing",
    "workers' compensation": r"workers'?\s*comp(?:ensation)?",
    "life care planning": r"life\s+care\s+plan(?:ning|s)?",
    "home modifications": r"home\s+modifications?",
    "wheelchair seating": r"wheelchair\s+(?:seating|evaluations?|assessments?)|seating\s+and\s+mobility|complex\s+rehab",
}
_SKILL_RES = _Table(SKILLS)

CERTIFICATIONS: dict[str, str] = {
    "CEAS": r"\bCEAS\b(?:\s*(?:I{1,3}|[123])\b)?|certified\s+ergonomics?\s+assessment\s+specialist",
    "CPE": r"\bCPE\b|certified\s+professional\s+ergonomist",
    "CAPS": r"\bCAPS\b|certified\s+aging[- ]in[- ]place\s+specialist",
    "ATP": r"\bATP\b|assistive\s+technology\s+professional\s+(?:\(atp\)\s+)?(?:certification|credential)|"
    r"\bRESNA\s+(?i:certif)",
    "CCM": r"\bCCM\b|certified\s+case\s+manager",
    "CLCP": r"\bCLCP\b|certified\s+life\s+care\s+planner",
    "CPACC": r"\bCPACC\b",
    "MWC": r"\bMWC\b|medical\s+writer\s+certified",
    "NBC-HWC": r"\bNBC[- ]HWC\b|\bNBHWC\b|national\s+board[- ]certified\s+health\s+(?:and|&)\s+wellness\s+coach",
    "CRC": r"\bCRC\b(?=[^.]{0,80}(?i:certif|counsel|eligib|requir|prefer|licen|credential))|certified\s+rehabilitation\s+counsel(?:or|lor)",
    "CSCS": r"\bCSCS\b|certified\s+strength\s+and\s+conditioning\s+specialist",
    "Epic": r"\bepic\b[^.]{0,30}certif\w*|certif\w*[^.]{0,20}\bin\s+epic\b",
    "CHT": r"\bCHT\b|certified\s+hand\s+therapist",
    "CDMS": r"\bCDMS\b|certified\s+disability\s+management\s+specialist",
    "CBIS": r"\bCBIS\b|certified\s+brain\s+injury\s+specialist",
    "CDRS": r"\bCDRS\b|certified\s+driver\s+rehabilitation\s+specialist",
    "CPHQ": r"\bCPHQ\b",
    "RAC-CT": r"\bRAC[- ]CT\b",
    "CPC": r"\bCPC\b(?=[^.]{0,60}(?i:certif|cod|aapc|requir|prefer))|certified\s+professional\s+coder",
    "CCS": r"\bCCS\b(?=[^.]{0,60}(?i:certif|cod|ahima|requir|prefer))",
    "CDIP": r"\bCDIP\b",
    "CCDS": r"\bCCDS\b",
    "CPDT": r"\bCPDT\b",
    "BLS": r"\bBLS\b|basic\s+life\s+support",
}
_CERT_RES = _Table(CERTIFICATIONS)

# ---------------------------------------------------------------------------
# Remote
# ---------------------------------------------------------------------------

# Each alternative starts with a literal word where possible: see _Rx.
_ONSITE_STRONG = _Rx(
    r"\bnot\s+(?:a\s+)?(?:fully\s+)?remote|\bnot\s+(?:a\s+)?work[- ]from[- ]home|\bnot\s+eligible\s+for\s+remote|"
    r"\bnot\s+a\s+telecommut|\bno\s+remote|\bno\s+work[- ]from[- ]home|\bno\s+wfh|\bno\s+telecommut|"
    r"\bnon[- ]remote|\bremote\s+work\s+is\s+not|\bis\s+not\s+(?:a\s+)?remote|"
    r"\bthis\s+(?:is\s+an?|position\s+is|role\s+is|job\s+is)\s+(?:an?\s+)?(?:100%\s+|fully\s+)?"
    r"(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|facility[- ]based|field[- ]based)\b|"
    r"\bthe\s+(?:position|role|job)\s+is\s+(?:an?\s+)?(?:100%\s+|fully\s+)?"
    r"(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|facility[- ]based|field[- ]based)\b|"
    r"\bonsite\s+only\b|\bon[- ]site\s+only\b|\bin[- ]office\s+only\b|\bin[- ]person\s+only\b|"
    r"100%\s+on[- ]?site|\bfully\s+on[- ]?site|"
    r"\bmust\s+(?:work|report|be)\s+(?:on[- ]?site|in\s+(?:the\s+)?office|in\s+person)|"
    r"\bwill\s+not\s+be\s+remote|\bcannot\s+be\s+(?:performed|done)\s+remotely|"
    r"\bremote\s*(?:work)?\s*:\s*(?:no|not\s+available)\b"
)
_HYBRID = _Rx(
    r"\bhybrid\b|"
    r"\bdays?\s+(?:a|per|each)\s+week\s+(?:in|on)[- ]?(?:the\s+)?(?:office|site|facility|clinic)|"
    r"\bin[- ]?(?:the\s+)?(?:office|site)\s+\d\s*(?:-\s*\d\s*)?days?|"
    r"\bon[- ]?(?:the\s+)?(?:office|site)\s+\d\s*(?:-\s*\d\s*)?days?|"
    r"\bpartially\s+remote|\bpartial\s+remote|"
    r"\bremote\s+(?:and|&|/)\s+(?:on[- ]?site|in[- ]office|in[- ]person|field)|"
    r"\bonsite\s+(?:and|&|/)\s+remote|\bon[- ]site\s+(?:and|&|/)\s+remote|\bin[- ]office\s+(?:and|&|/)\s+remote|"
    r"\bin[- ]person\s+(?:and|&|/)\s+remote|\bfield\s+(?:and|&|/)\s+remote|"
    r"\bhalf\s+(?:remote|from\s+home)|\bsplit\s+between\s+(?:home|remote)|\bcombination\s+of\s+remote|"
    r"\bmix\s+of\s+remote"
)
_REMOTE_STRONG = _Rx(
    r"\bfully\s+remote|100%\s+remote|\bcompletely\s+remote|"
    r"\bremote\s+(?:position|role|opportunity|job|work|based|first|eligible|option|employee|team)|"
    r"\bwork(?:ing)?\s+(?:from|at)\s+home|\bwork[- ]from[- ]home|\bwfh\b|\btelecommut|"
    r"\bhome[- ]based\s+(?:position|role|job|office|employee)|\bwork(?:ing)?\s+remotely|"
    r"\bthis\s+(?:position|role|job)\s+is\s+remote|\bthe\s+(?:position|role|job)\s+is\s+remote|"
    r"\bvirtual\s+(?:position|role|job)|\bwork\s+anywhere|\bremote\s*(?:work)?\s*:\s*yes\b|"
    r"\bremote\s*(?:[-–(:,/|]|in\b|within\b)\s*\(?\s*(?:us\b|usa\b|united|nationwide|anywhere)|"
    # "Remote - TX", "Remote (El Paso, TX)", "remote in NJ": remote, then a place.
    r"\bRemote\s*(?:[-–(:,/|]|in\b|within\b)\s*\(?\s*(?!No\b|NO\b|Not\b|None\b|N/A)[A-Z]|"
    r"\bREMOTE\s*(?:[-–(:,/|]|IN\b|WITHIN\b)\s*\(?\s*(?!NO\b|NOT\b|NONE\b|N/A)[A-Z]|"
    r"\bremote\s*(?:[-–(:,/|]|in\b|within\b)\s*\(?\s*(?!No\b|Not\b|None\b|N/A)[A-Z]"
)
_REMOTE_LEAD = re.compile(r"(?:^|\n)\s*(?:-\s*)?(?:fully\s+|100%\s+)?remote\b(?!\s+(?:patient|monitoring))", re.I)
_REMOTE_WEAK = _Rx(r"\bremote(?!\s+(?:patient|monitoring|areas?|locations?|communit|rural|sites?\b|access))")
_ONSITE_WEAK = _Rx(
    r"\bonsite\b|\bon[- ]site\b|\bin[- ]person\b|\bin[- ]office\b|\bfield[- ]based|\bcommute\b|"
    r"\boffice[- ]based|\bclinic[- ]based|\bfacility[- ]based|\bin[- ]clinic\b|\bin[- ]store\b|"
    r"\bon\s+campus|\bfield(?:/travel)?\s+role|"
    r"\btravel\s+(?:up\s+to\s+)?\d+\s*%|\btravel\s+within\s+(?:the\s+|your\s+|a\s+)?(?:territory|region)|"
    r"\btravel\s+(?:to|between)\s+(?:[\w-]+\s+){0,2}?(?:facilities|hospitals|clients?|sites|locations|homes|"
    r"patients|clinics|offices|accounts)|\btravel\s+(?:in|across)\s+(?:the\s+|your\s+)?territory|"
    r"\bregular\s+travel|\bdaily\s+travel|\blocal\s+travel|\bfrequent\s+travel|\bterritory\s+travel|"
    r"\bbased\s+(?:on\s+site|in\s+our)|\bshowroom|\bhome\s+visits|\bpatients'?\s+homes|\bbedside\b|"
    r"\bour\s+(?:clinic|facility|office)\s+in\b"
)
_RESIDE = re.compile(
    r"(?:reside|residing|resident|residents|live|living|located|based|licensed|licensure)\s+(?:in|within|of)\b"
    r"|remote\s*[-–(:,]|\bstates?\s*:|following\s+states|\bremote\b[^.]{0,20}\bin\b",
    re.I,
)
_RESIDE_WORD = re.compile(r"reside|resid|live|located|states?\b", re.I)
_STATE_NAME_RE = re.compile(r"\b(" + "|".join(sorted(US_STATES, key=len, reverse=True)) + r")\b", re.I)
_STATE_CODE_RE = re.compile(r"(?<![A-Za-z])([A-Z]{2})(?![A-Za-z])")
_STATE_RE = re.compile(_STATE_CODE_RE.pattern + "|" + _STATE_NAME_RE.pattern, re.I)
_CONFUSABLE_CODES = {"OR", "IN", "ME", "OK", "HI", "PA", "MD", "OH", "CO", "DE", "AL", "LA", "MA", "MS", "PR", "ID"}

# ---------------------------------------------------------------------------
# Pay
# ---------------------------------------------------------------------------

_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "usd": "USD", "gbp": "GBP", "eur": "EUR", "cad": "CAD", "c$": "CAD", "a$": "AUD", "aud": "AUD"}
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_PAY_RE = re.compile(
    r"(?P<cur>C\$|A\$|[$£€]|\b(?:USD|GBP|EUR|CAD|AUD)\s*\$?)\s?(?P<a>" + _AMOUNT + r")\s?(?P<ak>[kK](?![a-zA-Z]))?"
    r"(?:\s*(?:-|–|—|to|and)\s*(?:C\$|A\$|[$£€]|(?:USD|GBP|EUR)\s*)?\s?(?P<b>" + _AMOUNT + r")\s?(?P<bk>[kK](?![a-zA-Z]))?)?"
    r"(?P<tail>\s*(?:USD|GBP|EUR|CAD)?\s*(?:/|per|an|a|each)?\s*"
    r"(?:hour|hr|h\b|year|yr|annum|annually|month|mo\b|week|wk|day|visit|session|unit|shift|hourly|yearly|"
    r"monthly|weekly|daily|salary|base|annual)?)",
    re.I,
)
_PAY_TRAILING_CUR_RE = re.compile(
    r"\b(?P<a>" + _AMOUNT + r")\s?(?P<ak>[kK])?\s*(?:-|–|to)\s*(?P<b>" + _AMOUNT + r")\s?(?P<bk>[kK])?\s*"
    r"(?P<cur>USD|GBP|EUR|CAD)\b(?P<tail>\s*(?:/|per|an|a)?\s*(?:hour|hr|year|yr|annum|month|week|day|hourly|yearly|annually)?)",
    re.I,
)
_PAY_NOT = re.compile(
    r"bonus|sign[- ]?on|signing|relocation|tuition|reimburs|401|franchise|invest|liquid|net\s+worth|"
    r"revenue|sales\s+volume|stipend|referral|capital|royalt|fee\b|fees\b|budget|funding|grant|"
    r"million|billion|raised|valuation|\bpto\b|allowance|per\s+diem\s+(?:for|allowance)|cost|price|"
    r"sav(?:e|ings)|discount|credit|loan|scholarship|award",
    re.I,
)
_INTERVAL_WORDS = [
    ("hourly", r"\bhour|\bhrs?\b|\bh\b|\bhourly"),
    ("yearly", r"\byear|\byrs?\b|\bannum|\bannual|\byearly|\bsalary"),
    ("monthly", r"\bmonth|\bmo\b|\bmonthly"),
    ("weekly", r"\bweek|\bwk\b|\bweekly"),
    ("daily", r"\bday\b|\bdaily|\bshift"),
    ("visit", r"\bvisit|\bsession|\bunit"),
]
_ANNUAL = {"hourly": 2080, "daily": 260, "weekly": 52, "monthly": 12, "yearly": 1}
_COMMISSION = _Rx(r"\bcommissions?\b(?<!joint commission)(?<!joint commissions)|\bOTE\b|\bon[- ]target\s+earnings")
_BONUS = _Rx(r"\bbonus(?:es)?\b|\bincentive\s+(?:pay|plan|compensation|program)s?\b")

# ---------------------------------------------------------------------------
# Employment type, nights/weekends
# ---------------------------------------------------------------------------

_EMPLOYMENT = {
    "full_time": r"full[- ]?time|fulltime",
    "part_time": r"part[- ]?time|\bPT\s+(?:position|role|hours)|parttime",
    "per_diem": r"per[- ]?diem(?!\s+(?:for|allowance|rate|stipend))|\bPRN\b",
    "contract": r"\bcontract(?:or)?\s+(?:position|role|job|basis|assignment|opportunity)|\b1099\b|"
    r"independent\s+contractor|travel\s+(?:contract|assignment)|13[- ]week|\btemp(?:orary)?\s+(?:position|role|assignment)|\bcontract\b(?=\s*$)",
    "internship": r"\bintern(?:ship)?\b",
}
_EMPLOYMENT_RES = _Table(_EMPLOYMENT)
_RAW_EMPLOYMENT = {
    "fulltime": "full_time", "full_time": "full_time", "full-time": "full_time", "full time": "full_time",
    "parttime": "part_time", "part_time": "part_time", "part-time": "part_time", "part time": "part_time",
    "contract": "contract", "contractor": "contract", "temporary": "temporary", "temp": "temporary",
    "internship": "internship", "intern": "internship", "perdiem": "per_diem", "per_diem": "per_diem",
    "per diem": "per_diem", "prn": "per_diem", "volunteer": "volunteer", "seasonal": "temporary",
    "summer": "temporary", "other": "other",
}
_NIGHTS_SRC = (
    r"\bnights?\s*(?:and|&|or|/|,)\s*weekends?|\bevenings?\s*(?:and|&|or|/|,)\s*weekends?|"
    r"\bweekends?\s*(?:and|&|/)\s*(?:holidays|evenings|nights)|"
    r"\bweekends?\s+(?:required|rotation|coverage|availability|shifts?|work)|\bevery\s+other\s+weekend|"
    r"\brotating\s+(?:weekends?|holidays|shifts?)|\bon[- ]call\b|\bnight\s+shifts?|\bovernight\s+shifts?|"
    r"\bwork(?:ing)?\s+(?:some\s+|occasional\s+)?(?:weekends|nights|evenings)|\bholidays\s+and\s+weekends|"
    r"\bsome\s+(?:weekends|evenings|nights)|\boccasional\s+(?:weekends|evenings|nights)|"
    r"\bavailable\s+(?:on\s+)?weekends|24/7"
)
_NIGHTS = _Rx(_NIGHTS_SRC)
_NIGHTS_RE = re.compile(_NIGHTS_SRC, re.I)
_NIGHTS_NOT = re.compile(
    r"\bno\s+(?:nights?|weekends?|evenings?|on[- ]call)|\bnever\s+(?:nights|weekends)|weekends\s+off|"
    r"without\s+(?:nights|weekends)|no\s+nights\s*(?:,|or|and)\s*(?:no\s+)?weekends|"
    r"not\s+(?:required\s+to\s+)?work\s+weekends|(?:working\s+)?(?:weekends?|nights?|evenings?)\s+"
    r"(?:is|are)\s+(?:never|not)\s+required|never\s+required",
    re.I,
)

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
        if re.search(pattern, tail):
            return name
    if k:
        return "yearly"
    if amount < 200:
        return "hourly"
    if amount >= 15000:
        return "yearly"
    return None


_PAY_AFTER_NOT = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:bonus|stipend|relocation|reimbursement|allowance|fee|fees|"
    r"investment|capital|royalt|credit|in\s+revenue|in\s+sales|million|billion)",
    re.I,
)


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
    return float(text.replace(",", ""))


def parse_pay(sentence: str) -> Pay | None:
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
            cur_raw = (m.group("cur") or "$").strip().lower().rstrip("$").strip() or "$"
            if cur_raw == "" or cur_raw == "$":
                currency = "USD"
            else:
                currency = _CURRENCY.get(cur_raw, _CURRENCY.get(cur_raw[:1], "USD"))
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
    title: str, text: str, doc: _Doc, index: _Index, raw: RawPosting | None
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
        or _REMOTE_STRONG.search(doc)
        or _REMOTE_LEAD.search(location)
        or _remote_lead(text, index)
    )
    if hint_type in ("remote", "telecommute", "fully remote") or m_r:
        sentence = _sentence_text(index, text, m_r, head) if m_r else None
        return "remote", sentence, _remote_states(text, index, raw, m_r)
    if hint_type in ("onsite", "on-site", "in-person", "office"):
        return "onsite", None, []
    m_on = _ONSITE_WEAK.search(doc) or head_doc.search(_ONSITE_WEAK)
    m_w = head_doc.search(_REMOTE_WEAK) or _REMOTE_WEAK.search(doc)
    if raw is not None and raw.remote_hint and not m_on:
        sentence = _sentence_text(index, text, m_w, head) if m_w else None
        return "remote", sentence, _remote_states(text, index, raw, m_w)
    if m_w and not m_on:
        return "remote", _sentence_text(index, text, m_w, head), _remote_states(text, index, raw, m_w)
    if m_on:
        return "onsite", _sentence_text(index, text, m_on, head), []
    return "unknown", None, []


_HEAD_PATTERNS = ("_ONSITE_STRONG", "_HYBRID", "_REMOTE_STRONG", "_ONSITE_WEAK", "_REMOTE_WEAK")


@lru_cache(maxsize=512)  # few heads repeat (under 10% hits even with 8192 of them)
def _head_hits(head: str) -> dict[str, tuple[int, int] | None]:
    """Where each remote pattern first matches ``title\\nlocation`` (heads repeat)."""
    doc = _Doc(head)
    out: dict[str, tuple[int, int] | None] = {}
    for name in _HEAD_PATTERNS:
        hit = globals()[name].search(doc)
        out[name] = (hit.begin, hit.stop) if hit is not None else None
    return out


class _HeadDoc:
    """The remembered matches of the remote patterns in one head, as :class:`_Hit` objects."""

    __slots__ = ("head", "spans")

    def __init__(self, head: str, spans: dict[str, tuple[int, int] | None]) -> None:
        self.head = head
        self.spans = {id(globals()[name]): span for name, span in spans.items()}

    def search(self, rx: _Rx) -> _Hit | None:
        span = self.spans[id(rx)]
        return None if span is None else _Hit(self.head, span[0], span[1])


def _remote_lead(text: str, index: _Index) -> _Hit | None:
    # A sentence that starts with "Remote" ("Remote, with occasional travel.").
    for s in index.sentences:
        if s.text[:6].lower() == "remote" and not re.match(r"remote\s+(?:patient|monitoring)", s.text, re.I):
            return _Hit(text, s.start, s.start + 6)
    return None


def _sentence_text(index: _Index, text: str, m: re.Match[str] | _Hit | None, head: str) -> str | None:
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
    text: str, index: _Index, raw: RawPosting | None, m: re.Match[str] | _Hit | None
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


@lru_cache(maxsize=32768)
def _sentence_credentials(text: str, wanted_section: bool, in_title: bool = False) -> tuple[str, ...]:
    """:func:`_credentials_in` of a sentence in a requirements section or not."""
    return tuple(_credentials_in(Sentence(0, len(text), text, "req" if wanted_section else "other"), in_title=in_title))


@lru_cache(maxsize=8192)
def _sentence_years(text: str) -> tuple[tuple[float | None, float | None], bool] | None:
    """The first experience span of a sentence, and whether its wording prefers it."""
    low = text.lower()
    if "year" not in low and "month" not in low and "yr" not in low:
        return None
    spans = parse_years(text)
    if not spans:
        return None
    return spans[0], bool(_PREFERRED.search(text)) and not _REQUIRED.search(text)


@lru_cache(maxsize=8192)
def _title_spans(title: str) -> tuple[dict[str, tuple[int, int]], ...]:
    """Where settings, skills and employment types first match a title (titles repeat)."""
    doc = _Doc(title)
    return tuple(
        {name: (hit.begin, hit.stop) for name, hit in table.search(doc).items()}
        for table in (_SETTING_RES, _SKILL_RES, _EMPLOYMENT_RES)
    )


def _hits(text: str, spans: dict[str, tuple[int, int]]) -> dict[str, _Hit]:
    return {name: _Hit(text, a, b) for name, (a, b) in spans.items()}


_MONEY_MARK = re.compile(r"[$£€]|USD|GBP|EUR|CAD")


@lru_cache(maxsize=4096)
def _sentence_pay(text: str) -> Pay | None:
    """:func:`parse_pay` of a sentence that names a currency (shared: only copied, never changed)."""
    return parse_pay(text) if _MONEY_MARK.search(text) else None


@lru_cache(maxsize=4096)
def _license_sentence(text: str) -> tuple[bool, bool]:
    """(says no licence / not this kind, asks for one) for a sentence mentioning licences."""
    return bool(_LICENSE_NOT.search(text)), bool(_LICENSE_WANT.search(text))


def extract_requirements(title: str, text: str, raw: RawPosting | None = None) -> Requirements:
    """Read a posting's requirements; see the module docstring. Never raises on odd text.

        >>> r = extract_requirements("COTA - Home Health", "We are hiring a COTA/L. PRN, weekends required.")
        >>> r.credentials, r.employment_type, r.nights_weekends
        (['COTA'], 'per_diem', True)
    """
    title = title or ""
    text = text or ""
    doc = _Doc(text)
    title_doc = _Doc(title)
    sentences = split_sentences(text)
    index = _Index(sentences)
    found: dict[str, str] = {}

    # Credentials: the title, then every sentence that asks for them.
    creds: list[str] = []
    cred_sentence: str | None = None
    if title and not _TITLE_PEOPLE.search(title):
        for code in _sentence_credentials(title, True, in_title=True):
            _add(creds, code)
        if _TITLE_NURSE.search(title):  # "Utilization Review Nurse", "Appeals Nurse"
            _add(creds, "RN")
    for s in sentences:
        codes = _sentence_credentials(s.text, s.section in ("req", "pref"))
        if codes:
            for code in codes:
                _add(creds, code)
            if cred_sentence is None:
                cred_sentence = s.text
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
        years = years or preferred_years
    years_min = years_max = None
    years_sentence = None
    if years is not None:
        years_min, years_max, years_sentence = years
        found["years"] = years_sentence

    # Settings, skills, certifications: every mention counts once.
    settings: list[str] = []
    title_spans = _title_spans(title)
    title_hits = _hits(title, title_spans[0])
    text_hits = _SETTING_RES.search(doc)
    for key in _SETTING_RES.patterns:
        hit = title_hits.get(key) or text_hits.get(key)
        if hit:
            _add(settings, key)
            found[f"setting:{key}"] = _sentence_text(index, text, hit, title) or title
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
    if pay is None and ("$" in text or "£" in text or "€" in text or "USD" in text or "GBP" in text):
        for s in sentences:
            pay = _sentence_pay(s.text)
            if pay is not None:
                break
    pay = pay or Pay()
    whole_doc = _Doc.lines(title_doc, doc)
    commission = _COMMISSION.search(whole_doc) is not None
    bonus = _BONUS.search(whole_doc) is not None
    pay = pay.model_copy(update={"commission": commission, "bonus": bonus})
    if pay.sentence:
        found["pay"] = pay.sentence

    employment_type = _employment(title_doc, doc, index, raw, found)
    nights_weekends = False
    for m in _NIGHTS.iterate(whole_doc):
        sentence = (_sentence_text(index, text, m, title) if m.start() > len(title) else title) or ""
        # "No nights or weekends" / "weekends are never required": drop the negated
        # words and look again, so "no weekends but on-call required" still counts.
        if not _NIGHTS_RE.search(_NIGHTS_NOT.sub(" ", sentence)):
            continue
        nights_weekends = True
        found["nights_weekends"] = sentence
        break

    # Every value is built here with its field's type (lists of str, floats...):
    # skip pydantic's validation pass, as classify does for Classification.
    return Requirements.model_construct(
        credentials=creds,
        credentials_sentence=cred_sentence,
        license_required=license_required,
        years_min=years_min,
        years_max=years_max,
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
        sentences=found,
    )


def _employment(
    title_doc: _Doc, doc: _Doc, index: _Index, raw: RawPosting | None, found: dict[str, str]
) -> str | None:
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
