'''What a person types into search, understood in the field's words.

Two steps, both bounded however long the text is:

1. :func:`normalize_query` (pure, no store): the text is read into *clauses* (all must
   match), each a few *terms* (any may match: ``OT or PT``). Quoted text is a phrase,
   ``word*`` a prefix (3 letters at least), repeated terms are folded into one, and at
   most :data:`MAX_CLAUSES` clauses are kept. The result's :attr:`ParsedQuery.text` is
   the canonical query: the same text gives the same canonical text, and normalising
   it again changes nothing::

       >>> normalize_query('UR  ur "Prior Auth" ergonom* jobs').text
       'UR "prior auth" ergonom* jobs'
       >>> normalize_query(" ".join(["a"] * 4000)).text
       'a'

2. :func:`understand`: each clause becomes the words searched for it. Without
   ``literal``, what a person types is expanded with the field's vocabulary (see
   :class:`SearchVocabulary`: credentials, settings, catalog role titles and the groups
   of ``rules/data/search.toml``), British and American spellings find each other,
   singular finds plural, a word found in no posting is corrected to the closest word
   that is, and words that say nothing about a job ("jobs", "the") are left out when
   other words remain. Every expansion is reported (:class:`Expansion`), so the person sees
   what was searched::

       >>> u = understand(normalize_query("UR remote"))
       >>> u.expansions[0].typed, u.expansions[0].also[:2]
       ('UR', ['utilization review', 'utilization management'])

   Quoted phrases and prefixes are searched exactly as written. The terms become an
   FTS5 expression with :meth:`Understood.fts` (every word quoted: nothing a person
   types is ever parsed as an FTS5 operator).
'''

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from .errors import RulesError
from .store.fts import FtsQuery, fts_phrase

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_CHARS",
    "Expansion",
    "ParsedQuery",
    "QueryTerm",
    "SearchVocabulary",
    "Understood",
    "fts_tokens",
    "normalize_query",
    "role_titles_expr",
    "search_vocabulary",
    "understand",
]

#: Characters of query text read at all; the rest is left out (and the person told).
MAX_QUERY_CHARS = 2000
#: Clauses (terms that must all match) searched; later ones are left out (and said).
MAX_CLAUSES = 12
#: Terms of one clause joined by OR.
MAX_ALTERNATIVES = 8
#: Phrases searched for one clause once expanded, and for the whole query.
MAX_CLAUSE_PHRASES = 48
MAX_PHRASES = 192
#: A prefix search needs this many letters before the ``*``.
PREFIX_MIN = 3
#: Longest vocabulary entry matched in the query, in words.
_MAX_NGRAM = 6

Kind = Literal["word", "phrase", "prefix"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PIECES = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"[^\W_]+")


def fts_tokens(text: str) -> tuple[str, ...]:
    """The words FTS5's ``unicode61 remove_diacritics 2`` tokenizer makes of ``text``.

        >>> fts_tokens("C.O.T.A./L, Ergonómico")
        ('c', 'o', 't', 'a', 'l', 'ergonomico')
    """
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return tuple(_TOKEN.findall(text))


@dataclass(frozen=True)
class QueryTerm:
    """One term as typed: ``text`` (shown), its ``tokens`` and how it is matched."""

    text: str
    tokens: tuple[str, ...]
    kind: Kind = "word"

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.tokens)

    def render(self) -> str:
        if self.kind == "phrase":
            return '"' + " ".join(self.text.split()) + '"'
        if self.kind == "prefix":
            return self.text + "*"
        return self.text


Clause = tuple[QueryTerm, ...]  # any of these terms


@dataclass(frozen=True)
class ParsedQuery:
    """A normalised query (see :func:`normalize_query`)."""

    clauses: tuple[Clause, ...] = ()
    #: Clauses left out beyond :data:`MAX_CLAUSES`.
    dropped: int = 0
    #: The text was longer than :data:`MAX_QUERY_CHARS` and was cut.
    truncated: bool = False

    @property
    def text(self) -> str:
        """The canonical query text."""
        return " ".join(" OR ".join(t.render() for t in clause) for clause in self.clauses)

    def notes(self) -> list[str]:
        """What normalising left out, in words (empty when nothing was)."""
        out = []
        if self.truncated:
            out.append(f"Only the first {MAX_QUERY_CHARS:,} characters of the query were read.")
        if self.dropped:
            out.append(
                f"Only the first {MAX_CLAUSES} terms were searched ({self.dropped:,} more were"
                " left out; repeated words count once)."
            )
        return out


def _word_term(raw: str) -> QueryTerm | None:
    """A word as typed: ``ergonom*`` is a prefix, ``ICD-10`` a two-token word."""
    text = raw.replace('"', "'")
    prefix = text.endswith("*")
    base = text.rstrip("*")
    tokens = fts_tokens(base)
    if not tokens:
        return None
    if prefix and len(tokens[-1]) >= PREFIX_MIN:
        return QueryTerm(base, tokens, "prefix")
    return QueryTerm(base if prefix else text, tokens, "word")


def normalize_query(text: str | None) -> ParsedQuery:
    """Read ``text`` into clauses; fold repeats and cap their number.

    Work is linear in the text (read up to :data:`MAX_QUERY_CHARS` characters).

        >>> [t.text for c in normalize_query("OT or PT, remote").clauses for t in c]
        ['OT', 'PT,', 'remote']
        >>> normalize_query('"case manager" OR ergonomics OR').text
        '"case manager" OR ergonomics'
    """
    if not text:
        return ParsedQuery()
    truncated = len(text) > MAX_QUERY_CHARS
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text[:MAX_QUERY_CHARS]))
    clauses: list[list[QueryTerm]] = []
    join_next = False
    for m in _PIECES.finditer(text):
        phrase, word = m.group(1), m.group(2)
        term: QueryTerm | None
        if phrase is not None:
            tokens = fts_tokens(phrase)
            term = QueryTerm(" ".join(phrase.split()).lower(), tokens, "phrase") if tokens else None
        else:
            if word.upper() == "OR":
                join_next = bool(clauses)
                continue
            term = _word_term(word)
        if term is None:
            continue
        if join_next and clauses:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    # fold repeated terms (within a clause, then whole clauses)
    folded: list[Clause] = []
    seen_clauses: set[frozenset[tuple[str, tuple[str, ...]]]] = set()
    for clause in clauses:
        terms: dict[tuple[str, tuple[str, ...]], QueryTerm] = {}
        for t in clause:
            terms.setdefault(t.key, t)
        kept = tuple(terms.values())[:MAX_ALTERNATIVES]
        sig = frozenset(t.key for t in kept)
        if sig not in seen_clauses:
            seen_clauses.add(sig)
            folded.append(kept)
    dropped = max(0, len(folded) - MAX_CLAUSES)
    return ParsedQuery(tuple(folded[:MAX_CLAUSES]), dropped, truncated)


# -- the vocabulary ------------------------------------------------------------------------


Tokens = tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    """One thing the vocabulary knows, and every way postings write it."""

    id: str
    label: str
    phrases: tuple[tuple[Tokens, str], ...]  # (tokens, as written)


@dataclass
class SearchVocabulary:
    """What :func:`understand` expands a query with, built from the reviewed data.

    ``triggers`` maps what a person may type (canonical tokens: American spelling,
    lower case) to the concepts it stands for; ``typed_only`` are triggers that are
    not searched for themselves (``PA``); ``spellings`` maps a word to its other
    spellings.
    """

    concepts: dict[str, Concept] = field(default_factory=dict)
    triggers: dict[Tokens, list[str]] = field(default_factory=dict)
    typed_only: set[Tokens] = field(default_factory=set)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # every word of the vocabulary (spelling hints)

    def canon(self, tokens: Tokens) -> Tokens:
        return tuple(self.canonical.get(t, t) for t in tokens)

    def add(self, concept: Concept, triggers: Iterable[str], typed_only: Iterable[str] = ()) -> None:
        self.concepts[concept.id] = concept
        for text in [*triggers, *typed_only]:
            tokens = self.canon(fts_tokens(text))
            if tokens:
                ids = self.triggers.setdefault(tokens, [])
                if concept.id not in ids:
                    ids.append(concept.id)
        for text in typed_only:
            tokens = self.canon(fts_tokens(text))
            if tokens:
                self.typed_only.add(tokens)

    def lookup(self, tokens: Tokens) -> tuple[Tokens, list[str]] | None:
        """The concepts ``tokens`` stand for (trying the singular of the last word)."""
        key = self.canon(tokens)
        for candidate in (key, *(key[:-1] + (s,) for s in _singulars(key[-1]))):
            ids = self.triggers.get(candidate)
            if ids:
                return candidate, ids
        return None


def _phrases(texts: Iterable[str]) -> tuple[tuple[Tokens, str], ...]:
    out: dict[Tokens, str] = {}
    for text in texts:
        tokens = fts_tokens(text)
        if tokens:
            out.setdefault(tokens, text)
    return tuple(out.items())


def build_vocabulary() -> SearchVocabulary:
    """Assemble :class:`SearchVocabulary` from credentials, settings, the catalog and
    ``search.toml``; a link to an entry that does not exist is a
    :class:`~otpath.errors.RulesError`."""
    from .catalog import default_catalog
    from .credentials import CREDENTIALS
    from .rules import search_rules, vocabulary

    rules = search_rules()
    vocab = vocabulary()
    catalog = default_catalog()
    v = SearchVocabulary(ignore=frozenset(w.lower() for w in rules.ignore))
    for forms in rules.spellings:
        lowered = tuple(f.lower() for f in forms)
        for form in lowered:
            v.spellings[form] = lowered
            v.canonical[form] = lowered[0]

    def bad(field_name: str, message: str) -> RulesError:
        return RulesError(message, file="search.toml", field=field_name)

    left_cred = {a.lower() for a in rules.credentials.leave_alone}
    for code, cred in CREDENTIALS.items():
        if not cred.user:
            continue
        forms = [a for a in (code, *cred.aliases) if a.lower() not in left_cred]
        v.add(Concept(f"credential:{code}", f"{code} ({cred.name.lower()})", _phrases(forms)), forms)
    left_set = {a.lower() for a in rules.settings.leave_alone}
    for key, term in vocab.settings.items():
        forms = [a for a in (key.replace("_", " "), *term.aliases) if a.lower() not in left_set]
        forms = [a.replace("_", " ") for a in forms]
        label = term.label or key
        v.add(Concept(f"setting:{key}", label, _phrases(forms)), forms)
    for role in catalog.roles.values():
        forms = [role.title, *role.title_synonyms]
        v.add(Concept(f"role:{role.id}", role.title, _phrases(forms)), forms)
    for gid, group in rules.groups.items():
        where = f"groups.{gid}"
        forms = [*group.phrases, *group.related]
        if group.skill is not None:
            if group.skill not in vocab.skills:
                raise bad(f"{where}.skill", f"no skill {group.skill!r} in vocabulary.toml")
            forms.append(group.skill)
        if group.certification is not None:
            if group.certification not in vocab.certifications:
                raise bad(f"{where}.certification",
                          f"no certification {group.certification!r} in vocabulary.toml")
            forms.append(group.certification)
        if group.setting is not None and group.setting not in vocab.settings:
            raise bad(f"{where}.setting", f"no setting {group.setting!r} in vocabulary.toml")
        if group.credential is not None:
            linked = CREDENTIALS.get(group.credential)
            if linked is None:
                raise bad(f"{where}.credential", f"no credential {group.credential!r}")
            forms += [a for a in (linked.code, *linked.aliases) if a.lower() not in left_cred]
        for role_id in group.roles:
            found = catalog.roles.get(role_id)
            if found is None:
                raise bad(f"{where}.roles", f"no catalog role {role_id!r}")
            forms += [found.title, *found.title_synonyms]
        v.add(Concept(f"group:{gid}", group.label, _phrases(forms)), forms, group.typed)
    v.words = frozenset(
        t for concept in v.concepts.values() for tokens, _ in concept.phrases for t in tokens
        if t.isalpha() and len(t) >= 4
    )
    return v


@lru_cache(maxsize=1)
def search_vocabulary() -> SearchVocabulary:
    """The shipped vocabulary (built once per process)."""
    return build_vocabulary()


@lru_cache(maxsize=256)
def role_titles_expr(role_id: str) -> str | None:
    """An FTS5 expression matching postings *titled* as the catalog role ``role_id``
    (its title and title synonyms, with their spellings and plurals); ``None`` for an
    unknown role.

        >>> role_titles_expr("pre_service_coordinator")
        '{title} : ("pre service coordinator" OR "pre service coordinators")'
    """
    from .catalog import default_catalog

    role = default_catalog().roles.get(role_id)
    if role is None:
        return None
    v = search_vocabulary()
    forms = [f for text in [role.title, *role.title_synonyms] for f in _forms(fts_tokens(text), v)]
    phrases = _prune([f for f in forms if f])
    return "{title} : (" + " OR ".join(fts_phrase(p) for p in phrases) + ")"


# -- word forms --------------------------------------------------------------------------


def _singulars(token: str) -> tuple[str, ...]:
    if not token.isalpha() or len(token) < 5:
        return ()
    if token.endswith("ies") and len(token) > 4:
        return (token[:-3] + "y",)
    if token.endswith(("ches", "shes", "sses", "xes", "zes")):
        return (token[:-2],)
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return (token[:-1],)
    return ()


def number_forms(token: str) -> tuple[str, ...]:
    """``token`` and its plural or singular (English rules, words of 4+ letters only).

        >>> number_forms("therapist"), number_forms("facilities"), number_forms("ur")
        (('therapist', 'therapists'), ('facilities', 'facility'), ('ur',))
    """
    if not token.isalpha() or len(token) < 4:
        return (token,)
    singular = _singulars(token)
    if singular:
        return (token, *singular)
    if token.endswith("s"):  # "ss", "us", "is", or too short to tell
        return (token,)
    if token.endswith("y") and token[-2] not in "aeiou":
        return (token, token[:-1] + "ies")
    if token.endswith(("x", "z", "ch", "sh")):
        return (token, token + "es")
    return (token, token + "s")


def _acronym(written: str) -> bool:
    """The last word as written is in capitals (``CEAS``, ``SNFs``): no plural of it."""
    words = re.findall(r"[^\W_]+", written)
    return bool(words) and sum(ch.isupper() for ch in words[-1]) >= 2


def _forms(
    tokens: Tokens, v: SearchVocabulary, *, limit: int = 8, number: bool = True
) -> list[Tokens]:
    """``tokens`` with every spelling of each word and both numbers of the last one."""
    choices = [v.spellings.get(t, (t,)) for t in tokens]
    if number:
        last = choices[-1]
        choices[-1] = tuple(dict.fromkeys(f for t in last for f in number_forms(t)))
    out = []
    for combo in itertools.product(*choices):
        out.append(tuple(combo))
        if len(out) >= limit:
            break
    return out


def _contains(longer: Tokens, shorter: Tokens) -> bool:
    n = len(shorter)
    return n < len(longer) and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _prune(phrases: list[Tokens]) -> list[Tokens]:
    """Drop a phrase that contains another one of the list (anything it matches, the
    shorter one matches too)."""
    unique = list(dict.fromkeys(phrases))
    return [p for p in unique if not any(_contains(p, q) for q in unique)]


# -- understanding -----------------------------------------------------------------------


class Expansion(BaseModel):
    """What one thing a person typed was searched as.

    ``kind``: ``synonyms`` (the vocabulary's), ``spelling`` (British/American forms)
    or ``correction`` (a word found in no posting, replaced by the closest that is).
    """

    typed: str
    also: list[str] = Field(default_factory=list)
    kind: Literal["synonyms", "spelling", "correction"] = "synonyms"
    more: int = 0  # further phrases searched but not listed

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """``UR → utilization review, utilization management, ...``"""
        tail = f" and {self.more} more" if self.more else ""
        if self.kind == "correction":
            tail += " (a likely misspelling: both are searched)"
        return f"{self.typed} → {', '.join(self.also)}{tail}"


@dataclass(frozen=True)
class Understood:
    """The clauses to search (each a list of phrases, any of which may match)."""

    clauses: tuple[tuple[str, ...], ...] = ()  # FTS5 phrases, quoted
    expansions: tuple[Expansion, ...] = ()
    notes: tuple[str, ...] = ()
    literal: bool = False

    def fts(self) -> FtsQuery | None:
        return FtsQuery(self.clauses) if self.clauses else None


#: How many documents hold each of some index terms (the store's word list).
TermCounts = Callable[[list[str]], Mapping[str, int]]

_SHOWN = 10
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance with adjacent swaps (stops early beyond ``cap``)."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


#: A word is taken for a misspelling of a near word that postings use this many times
#: more often (and it is itself in at most RARE postings).
_CORRECTION_RATIO = 20
_RARE = 3
#: Longer "words" are never corrected (there are none in English; the edits of a
#: 2,000-letter string would be 100,000 look-ups).
_LONGEST_WORD = 30


def _correction(word: str, v: SearchVocabulary, counts: TermCounts) -> str | None:
    """The word postings use that ``word`` (5+ letters) most likely misspells: one
    edit away (two for a vocabulary word of 8+ letters), in many more postings;
    ``None`` when ``word`` is common enough to be meant."""
    if not word.isalpha() or not 5 <= len(word) <= _LONGEST_WORD:
        return None
    forms = {f for s in v.spellings.get(word, (word,)) for f in number_forms(s)}
    found = counts(sorted(forms))
    have = max((found.get(f, 0) for f in forms), default=0)
    if have > _RARE:
        return None
    need = _CORRECTION_RATIO * have if have else 1
    near = sorted(_edits1(word))
    found = counts(near)
    best = max(near, key=lambda w: (found.get(w, 0), w in v.words), default=None)
    if best is not None and found.get(best, 0) >= need:
        return best
    if len(word) >= 8:  # two edits, among the vocabulary's words only
        close = sorted((_distance(word, w), w) for w in v.words if abs(len(w) - len(word)) <= 2)
        close = [(d, w) for d, w in close if d <= 2]
        if close:
            found = counts([w for _, w in close])
            for _, w in close:
                if found.get(w, 0) >= need:
                    return w
    return None


def _display(tokens: Tokens, written: str | None) -> str:
    return written if written is not None else " ".join(tokens)


def understand(
    parsed: ParsedQuery,
    *,
    literal: bool = False,
    term_counts: TermCounts | None = None,
    vocabulary: SearchVocabulary | None = None,
) -> Understood:
    """The phrases to search for each clause of ``parsed``, and what was added.

    ``literal``: search the words as typed (no synonyms, spellings or corrections;
    case and punctuation still do not matter). ``term_counts`` lets a word found in
    no posting be corrected (without it, nothing is corrected).
    """
    notes = list(parsed.notes())
    if literal:
        clauses = tuple(
            tuple(dict.fromkeys(fts_phrase(t.tokens, prefix=t.kind == "prefix") for t in c))
            for c in parsed.clauses
        )
        return Understood(clauses, (), tuple(notes), literal=True)
    v = vocabulary or search_vocabulary()
    out_clauses: list[tuple[str, ...]] = []
    expansions: list[Expansion] = []
    ignored: list[str] = []
    budget = MAX_PHRASES
    i = 0
    items = parsed.clauses

    def is_noise(clause: Clause) -> bool:
        return len(clause) == 1 and clause[0].kind == "word" and " ".join(clause[0].tokens) in v.ignore

    keep_noise = all(is_noise(c) for c in items)
    # words found in (almost) no posting: searched as typed and as the word they misspell
    typos: dict[int, Tokens] = {}
    if term_counts is not None:
        fixed_items = list(items)
        for n, clause in enumerate(items):
            term = clause[0]
            if (len(clause) != 1 or term.kind != "word" or len(term.tokens) != 1
                    or is_noise(clause) or v.lookup(term.tokens) is not None):
                continue
            fixed = _correction(term.tokens[0], v, term_counts)
            if fixed is not None:
                fixed_items[n] = (QueryTerm(term.text, (fixed,), "word"),)
                typos[n] = term.tokens
                expansions.append(Expansion(typed=term.text, also=[fixed], kind="correction"))
        items = tuple(fixed_items)
    while i < len(items):
        clause = items[i]
        span = 1
        groups: list[tuple[list[Tokens], list[QueryTerm], Expansion | None]] = []
        if len(clause) == 1 and clause[0].kind == "word":
            # the longest run of plain words that the vocabulary knows
            for n in range(min(_MAX_NGRAM, len(items) - i), 0, -1):
                run = items[i : i + n]
                if not all(len(c) == 1 and c[0].kind == "word" for c in run):
                    continue
                tokens = tuple(t for c in run for t in c[0].tokens)
                if len(tokens) > _MAX_NGRAM:
                    continue
                found = v.lookup(tokens)
                if found is not None:
                    span = n
                    groups.append(_expand_concepts(found, [c[0] for c in run], v))
                    break
        if not groups:
            if is_noise(clause) and not keep_noise:
                ignored.append(clause[0].text)
                i += 1
                continue
            for term in clause:
                groups.append(_expand_term(term, v))
        phrases: list[Tokens] = []
        if any(n in typos for n in range(i, i + span)):  # the words as typed, typo and all
            phrases.append(tuple(
                t for n in range(i, i + span) for t in typos.get(n, items[n][0].tokens)
            ))
        prefixes: list[str] = []
        for forms, terms, expansion in groups:
            if any(t.kind == "prefix" for t in terms):
                prefixes.append(fts_phrase(terms[0].tokens, prefix=True))
                continue
            phrases.extend(forms)
            if expansion is not None:
                expansions.append(expansion)
        kept = _prune(phrases)[: max(1, min(MAX_CLAUSE_PHRASES, budget))]
        budget -= len(kept)
        out_clauses.append(tuple(dict.fromkeys([*prefixes, *(fts_phrase(p) for p in kept)])))
        i += span
    if ignored:
        notes.append("Left out: " + ", ".join(ignored) + " (they say nothing about which job).")
    return Understood(tuple(out_clauses), tuple(expansions), tuple(notes))


def _expand_term(
    term: QueryTerm, v: SearchVocabulary
) -> tuple[list[Tokens], list[QueryTerm], Expansion | None]:
    """One word or phrase on its own: a phrase or prefix exactly; a word with its
    synonyms, or its spellings and number."""
    if term.kind in ("phrase", "prefix"):
        return [term.tokens], [term], None
    tokens = term.tokens
    found = v.lookup(tokens)
    if found is not None:
        return _expand_concepts(found, [term], v)
    forms = _forms(tokens, v, number=not _acronym(term.text))
    spelt = [" ".join(f) for f in _forms(tokens, v, number=False) if _is_spelling(f, tokens, v)]
    expansion = Expansion(typed=term.text, also=spelt, kind="spelling") if spelt else None
    return forms, [term], expansion


def _is_spelling(form: Tokens, tokens: Tokens, v: SearchVocabulary) -> bool:
    """``form`` differs from ``tokens`` by spelling (not only by a plural)."""
    return any(f != t and f in v.spellings.get(t, ()) for f, t in zip(form, tokens, strict=True))


def _expand_concepts(
    found: tuple[Tokens, list[str]], terms: list[QueryTerm], v: SearchVocabulary
) -> tuple[list[Tokens], list[QueryTerm], Expansion | None]:
    key, ids = found
    typed = " ".join(t.text for t in terms)
    own: list[Tokens] = [] if key in v.typed_only else [tuple(t for term in terms for t in term.tokens)]
    written: dict[Tokens, str] = {}
    for cid in ids:
        for tokens, text in v.concepts[cid].phrases:
            written.setdefault(tokens, text)
    base = _prune([*own, *written])
    typed_text = {tuple(t for term in terms for t in term.tokens): typed}
    forms = [
        f for p in base
        for f in _forms(p, v, number=not _acronym(written.get(p) or typed_text.get(p, "")))
    ]
    shown = [
        _display(p, written.get(p)) for p in base
        if v.canon(p) != key and p not in own
    ]
    shown = list(dict.fromkeys(shown))
    # spellings of what was typed, too
    if own:
        shown += [" ".join(f) for f in _forms(own[0], v, number=False) if _is_spelling(f, own[0], v)]
    expansion = None
    if shown:
        expansion = Expansion(typed=typed, also=shown[:_SHOWN], more=max(0, len(shown) - _SHOWN))
    return forms, terms, expansion
