"""The small matching engine that runs the rules in ``otpath/rules/data/``.

Two kinds of rule, and one matcher for each:

* **Phrases** (:class:`PhraseMatcher`): plain words, as a reviewer writes them
  ("prior authorization", "discharge planner(s)"). Text and phrases are
  lower-cased and cut into ASCII words, so punctuation never matters and a
  phrase never matches across a comma or a line break::

      >>> m = PhraseMatcher([("utilization_review", 6, "utilization review"),
      ...                    ("@discharge", 2.5, "discharge planner(s)")])
      >>> sorted(t for t, _, _ in m.hits(words("Utilization-Review Therapist")))
      ['utilization_review']
      >>> [p for _, _, p in m.hits(words("Works with Discharge Planners."))]
      ['discharge planners']

* **Patterns** (:class:`Patterns`): regular expressions, for what phrases
  cannot say ("3-5 years", "not a remote position"). A pattern is a list of
  alternatives; an alternative written with a capital letter ("MCG") matches
  that case only, one written in lower case matches any case::

      >>> p = Patterns([r"\\bMCG\\b", r"milliman"])
      >>> t = Text("Uses Milliman (MCG) criteria; not mcg-lite")
      >>> [(h.start(), h.end()) for h in p.iterate(t)]
      [(5, 13), (15, 18)]

Only public APIs of ``re`` are used. Each alternative is tried on its own and
the earliest (then shortest) match wins, so the order of alternatives never
changes an answer. An alternative that starts with a literal word is skipped
without running its regex when that word is not in the text.

With Hyperscan installed (``pip install hyperscan``; x86-64 only), one scan of
the text in its *prefilter* mode names the few alternatives that may match, and
only those run their ``re`` regex. A prefilter never misses a match (it may
report one that ``re`` then rejects), so answers are the same with or without it;
it only saves the time of the alternatives that cannot match.
"""

from __future__ import annotations

import heapq
import os
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_hs: Any
try:  # an optional accelerator: answers are the same without it
    import hyperscan as _hs
except ImportError:  # pragma: no cover - not installed, or not this CPU
    _hs = None

__all__ = [
    "Cue",
    "Hit",
    "compile_alternatives",
    "compiled_cache_dir",
    "PhraseMatcher",
    "Patterns",
    "RegexSet",
    "Rule",
    "Table",
    "Text",
    "expand",
    "phrase_key",
    "prefilter_bytes",
    "share_prefilter",
    "use_prefilter",
    "words",
]

# ---------------------------------------------------------------------------
# Phrases
# ---------------------------------------------------------------------------

# ASCII letters/digits kept (lower-cased), everything else becomes a space;
# apostrophes and % are dropped so "workers' comp", "children's" and "80% caseload" stay one phrase.
_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)

Rule = tuple[str, float, str]  # (target, weight, phrase as written)


def words(text: str) -> bytes:
    """``b" lower case ascii words "``: the one representation phrase rules run on.

    Punctuation becomes a space, so a phrase never matches across a comma or a
    line break (they leave two spaces), while "pre-service" reads "pre service".

        >>> words("Pre-Service, RN/OT")
        b' pre service  rn ot '
        >>> words("Care Co-ordinator & Navigator")
        b' care coordinator and navigator '
    """
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if "&" in text:  # "Speech & Language", "Health&Safety" read "... and ..."
        text = text.replace(" & ", " and ").replace("&", " and ")
    data = b" " + text.encode("ascii", "replace").translate(_TABLE, b"'%") + b" "
    if b" co ordinat" in data:  # British "co-ordinator" is "coordinator"
        data = data.replace(b" co ordinat", b" coordinat")
    return data


def phrase_key(phrase: str) -> bytes:
    """A phrase as the words it must match: ``"Pre-Service"`` -> ``b"pre service"``."""
    return b" ".join(words(phrase).split())


def expand(spec: str) -> list[str]:
    """``"authorization(s)"`` -> ``["authorization", "authorizations"]``; ``|`` separates phrases."""
    out: list[str] = []
    for alt in spec.split("|"):
        alt = alt.strip()
        out.extend([alt[:-3], alt[:-3] + "s"] if alt.endswith("(s)") else [alt])
    return out


class PhraseMatcher:
    """Finds which of many phrases occur in a text, touching only candidates.

    Single words are looked up in a set; a multi-word phrase is tried (one
    ``bytes in bytes`` search) only when all its words occur in the text.
    ``anchor_rank`` picks the word a phrase is filed under (its rarest-looking
    one); with ``loose``, a description phrase made only of distinctive words
    (``loose_ok``) counts when its words co-occur, without the substring test.
    """

    def __init__(
        self,
        rules: Iterable[Rule] = (),
        *,
        common: frozenset[bytes] = frozenset(),
        loose_block: frozenset[bytes] | None = None,
    ) -> None:
        self._common = common
        self._loose_block = loose_block  # None: every phrase needs its exact words in order
        self.single: dict[bytes, list[Rule]] = {}
        self.multi: dict[bytes, list[tuple[bytes, frozenset[bytes], list[Rule]]]] = {}
        self._by_key: dict[bytes, list[Rule]] = {}
        self._vocab: set[bytes] = set()
        self.vocab: frozenset[bytes] = frozenset()
        self._single_keys: frozenset[bytes] = frozenset()
        self._anchors: frozenset[bytes] = frozenset()
        self._literals: _PhraseLiterals | None = None
        for target, weight, spec in rules:
            self._add(target, weight, spec)
        self._index()

    def add(self, target: str, weight: float, spec: str) -> None:
        self._add(target, weight, spec)
        self._index()

    def _add(self, target: str, weight: float, spec: str) -> None:
        for phrase in expand(spec):
            key = phrase_key(phrase)
            if not key:
                continue
            rule = (target, float(weight), phrase)
            if key in self._by_key:
                self._by_key[key].append(rule)
                continue
            rules = [rule]
            self._by_key[key] = rules
            parts = key.split()
            self._vocab.update(parts)
            if len(parts) == 1:
                self.single[key] = rules
            else:
                common = self._common
                anchor = max(parts, key=lambda w: (w not in common, len(w)))
                block = self._loose_block
                loose = block is not None and all(len(w) >= 5 and w not in block for w in parts)
                padded = b"" if loose else b" " + key + b" "  # b"" is in every text
                self.multi.setdefault(anchor, []).append((padded, frozenset(parts), rules))

    def _index(self) -> None:
        # Once for all the rules given together (once a rule, this was quadratic:
        # 0.15 s of each ingest worker's start-up for the classifier's 4,500 phrases).
        self.vocab = frozenset(self._vocab)
        self._single_keys = frozenset(self.single)
        self._anchors = frozenset(self.multi)
        self._literals = None  # rebuilt on next use

    def hits(self, text: bytes) -> list[Rule]:
        """Every rule whose phrase occurs in ``text`` (from :func:`words`)."""
        present = self.vocab.intersection(text.split())
        found: list[Rule] = []
        single = self.single
        # Sorted: a set's order follows the process's hash seed, and the order of the
        # rules found decides ties between equal scores (evidence, confidence).
        for w in sorted(present.intersection(self._single_keys)):
            found += single[w]
        if _PREFILTER["on"] and self.multi:
            # The same phrases in the same order, from one Hyperscan scan for all of
            # them instead of a substring search each (see _PhraseLiterals).
            literals = self._literals or self._build_literals()
            for need, rules in literals.hits(text):
                if need <= present:
                    found += rules
            return found
        multi = self.multi
        for anchor in sorted(present.intersection(self._anchors)):
            for padded, need, rules in multi[anchor]:
                if need <= present and padded in text:
                    found += rules
        return found

    def _build_literals(self) -> _PhraseLiterals:
        self._literals = _PhraseLiterals(
            [entry for anchor in sorted(self.multi) for entry in self.multi[anchor]]
        )
        return self._literals

    def exact(self, phrase: str, text: bytes) -> bool:
        """Whether ``phrase`` occurs word for word in ``text`` (not just its words)."""
        return b" " + phrase_key(phrase) + b" " in text


_PhraseEntry = tuple[bytes, frozenset[bytes], list[Rule]]


class _PhraseLiterals:
    """The multi-word phrases of a :class:`PhraseMatcher`, found by one Hyperscan scan.

    ``entries`` in the order :meth:`PhraseMatcher.hits` tries them (anchor words
    sorted, then as added). :meth:`hits` gives, in that order, ``(need, rules)``
    of every entry whose padded phrase occurs in the text (an exact literal
    match: ``padded in text``) or that has none (a loose phrase); the caller
    keeps those whose words are all present, as the plain loop does.
    """

    def __init__(self, entries: list[_PhraseEntry]) -> None:
        self.entries = [(need, rules) for _, need, rules in entries]
        self.loose = [i for i, (padded, _, _) in enumerate(entries) if not padded]
        strict = [i for i, (padded, _, _) in enumerate(entries) if padded]
        self._db: Any = None
        if strict:
            # Kept on disk like the regex databases (40-50 ms of each worker's start-up);
            # the cache key holds each phrase and its id.
            key = [(entries[i][0].decode("latin-1"), i) for i in strict]
            cached = _load_compiled(key, "literal")
            if cached is not None:
                self._db = cached[1]
            else:
                db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
                db.compile(
                    expressions=[entries[i][0] for i in strict], ids=strict, elements=len(strict),
                    flags=_hs.HS_FLAG_SINGLEMATCH, literal=True,
                )  # fmt: skip
                _save_compiled(key, [], db, "literal")
                self._db = db
        self._local = threading.local()

    def hits(self, text: bytes) -> list[tuple[frozenset[bytes], list[Rule]]]:
        found = list(self.loose)
        if self._db is not None:
            _scan_into(found, self._db, self._local, text)
        entries = self.entries
        return [entries[i] for i in found]


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a pattern matched, in the original text."""

    string: str
    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.string[self.begin:self.stop]


class Text:
    """A text prepared once for many pattern look-ups: itself, its lower case, its words."""

    __slots__ = ("text", "low", "_lower", "_words", "_utf8", "_found")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        # Lower-casing keeps positions for all but a few characters (e.g. "İ");
        # when it does not, alternatives fall back to a case-insensitive search.
        self.low = low if len(low) == len(text) else ""
        self._lower = low
        self._words: frozenset[str] | None = None
        self._utf8: tuple[bytes, bytes] | bool = False
        self._found: dict[int, list[int] | None] = {}  # prefilter candidates, by prefilter

    @property
    def lower(self) -> str:
        """``text.lower()`` (also when it changes lengths, unlike ``low``)."""
        return self._lower

    @property
    def words(self) -> frozenset[str]:
        """The text's lower-case ASCII words (computed when first asked for)."""
        if self._words is None:
            self._words = frozenset(re.findall(r"[a-z0-9]+", self._lower))
        return self._words

    def utf8(self) -> tuple[bytes, bytes] | None:
        """(text, lower case) as UTF-8 for the prefilter; None when it cannot be encoded."""
        if self._utf8 is False:
            data = prefilter_bytes(self.text)
            self._utf8 = True if data is None or not self.low else (data, self.low.encode())
        return None if self._utf8 is True else self._utf8  # type: ignore[return-value]

    @classmethod
    def join(cls, first: Text, second: Text) -> Text:
        """The text of ``first + "\\n" + second``.

        Its lower case is theirs joined, not computed again: lower-casing works
        character by character (a final sigma looks at its neighbours, and a
        new line stops that look), so it is the same string.

            >>> t = Text.join(Text("ΟΔΟΣ"), Text("ΣΑ İ"))
            >>> (t.lower, t.low) == (Text(t.text).lower, Text(t.text).low)
            True
        """
        joined = cls.__new__(cls)
        joined.text = f"{first.text}\n{second.text}"
        joined._lower = low = f"{first._lower}\n{second._lower}"
        joined.low = low if len(low) == len(joined.text) else ""
        joined._words = None
        joined._utf8 = False
        joined._found = {}
        return joined


# What may follow a gate word: a separator that is not optional ("[- ]?" is).
_WORD_END = re.compile(r"(?:\\s|\\b|\\W| |\[- \]|\[ -\]|\[-\\s\])(?![?*{])")
_META = set("\\()[]{}?*+|.^$")


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


def _skip_group(alt: str) -> str:
    """Drop a leading ``(?<...)`` / ``(?!...)`` look-around (nested brackets allowed)."""
    depth = 0
    for i, ch in enumerate(alt):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return alt[i + 1:]
    return ""


def _lead(alt: str) -> tuple[str | None, str | None]:
    r"""What every match of ``alt`` starts with: a whole word, or else a literal string.

    ``not\s+remote`` -> ``("not", None)``: a word, looked up in the text's words;
    ``telecommut`` -> ``(None, "telecommut")``: a string, looked for in the text;
    ``\d+ years`` -> ``(None, None)``: no gate, the regex always runs.
    Read from the pattern's text (letters, digits and spaces up to the first
    special character; one followed by ``?``, ``*`` or ``{`` is optional).
    """
    boundary = alt.startswith("\\b") and not alt.startswith("\\b(")
    core = alt[2:] if boundary else alt
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
    if len(prefix.strip()) < 2:
        return None, None
    first, _, more = prefix.partition(" ")
    # The first word is whole only when the pattern says it ends there.
    complete = bool(more) or (rest != "" and _WORD_END.match(rest) is not None)
    if complete and re.fullmatch(r"[a-z0-9]+", first) and (boundary or (lead is core and core.startswith(first))):
        return first, None
    return None, prefix.strip()


def has_capital(alt: str) -> bool:
    """Whether an alternative is written with a capital letter (then it matches that case only)."""
    bare = re.sub(r"\\[A-Za-z]", "", re.sub(r"\(\?[a-zA-Z-]+[:)]", "", alt))
    return re.search(r"(?<!\\)[A-Z]", bare) is not None


def compile_alternatives(alts: Iterable[str], *, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """One regex for a sentence-level cue list, each alternative with its own case rule.

        >>> rx = compile_alternatives([r"\\bRN\\b", r"registered nurse"])
        >>> bool(rx.search("a Registered Nurse")), bool(rx.search("an rn")), bool(rx.search("an RN"))
        (True, False, True)
    """
    alts = list(alts)
    if not any(has_capital(a) for a in alts + [prefix, suffix]):
        # All any-case: one case-insensitive regex (faster than scoped flags).
        return re.compile(prefix + "(?:" + "|".join(alts) + ")" + suffix, re.I)
    parts = [f"(?:{a})" if has_capital(a) else f"(?i:{a})" for a in alts]
    return re.compile(prefix + "(?:" + "|".join(parts) + ")" + suffix)


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _has_word(low: str, word: str) -> bool:
    """Whether ``word`` occurs in ``low`` as a whole run of ``[a-z0-9]``.

    What ``(?<![a-z0-9])word(?![a-z0-9])`` finds, by ``str.find`` (``re`` tries a
    regex that starts with a look-behind at every position of the text).

        >>> _has_word("an ot, or pt", "ot"), _has_word("other", "ot"), _has_word("pilot", "ot")
        (True, False, False)
    """
    n = len(word)
    i = low.find(word)
    while i >= 0:
        if (i == 0 or low[i - 1] not in _ALNUM) and low[i + n: i + n + 1] not in _ALNUM:
            return True
        i = low.find(word, i + 1)
    return False


class _Alt:
    __slots__ = ("regex", "regex_i", "on_low", "boundary", "gate", "sub")

    def __init__(self, alt: str) -> None:
        body = alt
        capital = has_capital(body)
        self.on_low = not capital
        # Without its leading \b an alternative starts with a literal, which lets
        # ``re`` scan for it quickly; the word boundary is then checked by hand.
        self.boundary = body.startswith("\\b") and not body.startswith("\\b(") and body[2:3].isalnum()
        self.regex = re.compile(body[2:] if self.boundary else body)
        self.regex_i = re.compile(body, 0 if capital else re.I)
        word, sub = _lead(body) if not capital else (None, None)
        self.gate = word  # a word every match starts with (looked up in the text's words)
        self.sub = sub  # else a string every match starts with (looked for in the lower case)

    def _target(self, doc: Text) -> tuple[str, re.Pattern[str], bool]:
        if not self.on_low:
            return doc.text, self.regex, self.boundary
        if doc.low:
            return doc.low, self.regex, self.boundary
        return doc.text, self.regex_i, False

    def _live(self, doc: Text) -> bool:
        if self.gate is not None:
            if doc._words is None:  # (few alternatives ask): the same test without the word set
                return _has_word(doc._lower, self.gate)
            return self.gate in doc.words
        if self.sub is not None:
            return self.sub in (doc.low or doc.text.lower())
        return True

    def search(self, doc: Text) -> tuple[int, int] | None:
        if not self._live(doc):
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

    def finditer(self, doc: Text) -> Iterator[tuple[int, int]]:
        if not self._live(doc):
            return
        target, regex, boundary = self._target(doc)
        for m in regex.finditer(target):
            at = m.start()
            if not boundary or at == 0 or not (target[at - 1].isalnum() or target[at - 1] == "_"):
                yield at, m.end()


_PREFILTER = {"on": _hs is not None}


def use_prefilter(on: bool) -> bool:
    """Turn the Hyperscan prefilter on or off (tests compare both); returns whether it is on.

    It stays off when Hyperscan is not installed. Answers never depend on it.
    """
    _PREFILTER["on"] = bool(on) and _hs is not None
    return _PREFILTER["on"]


# Characters on which Hyperscan and Python's ``re`` agree for \s, \w, \d and any
# case (checked code point by code point): ASCII but the separators \x1c-\x1f,
# Latin-1, Latin Extended-A but the dotted and dotless i and the long s, the
# Latin, Greek and Cyrillic blocks up to U+04FF, punctuation, currency signs,
# arrows and shapes, and the private use area (Word's bullets). A text with any
# other character gets no prefilter, so an answer never depends on Hyperscan's
# Unicode tables.
_UNSAFE = re.compile(
    "[^\x00-\x1b\x20-\u012f\u0132-\u017e\u0180-\u04ff\u2000-\u206f\u20a0-\u20bf"
    "\u2190-\u245f\u2500-\u25ff\ue000-\uf8ff]"
)


# A counted repeat of 10 or more ("[^.]{0,20}") makes Hyperscan's compile slow
# (most of a second for one pattern): such a regex is always a candidate instead.
_SLOW = re.compile(r"\{\d*,?\s*(?:[1-9]\d)\}")


def _on_match(id_: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(id_)


def _on_end(id_: int, _start: int, end: int, _flags: int, ends: list[tuple[int, int]]) -> None:
    ends.append((end, id_))


# Anchors to the very start or end of the text: in texts joined by line breaks they
# would not match where they match in each text alone (RegexSet.candidates_each).
_WHOLE_ANCHOR = re.compile(r"(?<!\\)(?:\\\\)*\\[AZzG]")
# "\u2019" (Python's escape for a character by its code point) is "\x{2019}" to Hyperscan.
_U_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")


def _hs_pattern(pattern: str) -> str:
    """``pattern`` in Hyperscan's syntax (the same regex)."""
    return _U_ESCAPE.sub(r"\1\\x{\2}", pattern) if "\\u" in pattern else pattern


def _scan_into(found: list[int], db: Any, local: threading.local, data: bytes) -> None:
    """Add the ids ``db`` reports in ``data`` to ``found`` and sort it (a scratch space per thread)."""
    scratch = getattr(local, "scratch", None)
    if scratch is None:
        scratch = local.scratch = _hs.Scratch(db)
    db.scan(data, match_event_handler=_on_match, context=found, scratch=scratch)
    found.sort()


# Compiling the rules' Hyperscan databases costs about 2 s of CPU, in every process
# that runs the pipeline (each ingest worker, each CLI run). A compiled database is
# kept on disk, keyed by what it was compiled from (patterns, flags, Hyperscan's
# version, this machine), and loaded in milliseconds next time. A cache that cannot
# be read or written is simply not used: answers never depend on it.
_COMPILED_CACHE: dict[str, Path | None] = {}
_CACHE_FORMAT = b"otpath-hs-1\n"


def compiled_cache_dir(path: str | Path | None | bool = True) -> Path | None:
    """Where compiled Hyperscan databases are kept (``None``: nowhere, compile each time).

    ``path`` sets it: a folder, ``None`` to keep none (tests), or ``True`` (the
    default) for ``hyperscan`` in the user's cache folder (``platformdirs``).
    """
    if path is True:
        if "dir" not in _COMPILED_CACHE:
            from platformdirs import user_cache_dir

            _COMPILED_CACHE["dir"] = Path(user_cache_dir("otpath", appauthor=False)) / "hyperscan"
        return _COMPILED_CACHE["dir"]
    _COMPILED_CACHE["dir"] = None if path is None or path is False else Path(path)
    return _COMPILED_CACHE["dir"]


def _cache_file(entries: list[tuple[str, int]], mode: str = "") -> Path | None:
    folder = compiled_cache_dir()
    if folder is None:
        return None
    import hashlib
    import platform

    h = hashlib.sha256(_CACHE_FORMAT + (f"{mode}\n".encode() if mode else b""))
    h.update(f"{getattr(_hs, '__version__', '?')}|{platform.machine()}|{_cpu_flags()}\n".encode())
    for pattern, flags in entries:
        h.update(f"{flags}\t{pattern}\0".encode())
    return folder / f"{h.hexdigest()[:40]}.hsdb"


def _cpu_flags() -> str:
    """This CPU's instruction sets (a database is compiled for them), where Linux says."""
    if "cpu" not in _CPU:
        try:
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
                _CPU["cpu"] = next((line for line in fh if line.startswith(("flags", "Features"))), "")
        except OSError:
            _CPU["cpu"] = ""
    return _CPU["cpu"]


_CPU: dict[str, str] = {}


def _load_compiled(entries: list[tuple[str, int]], mode: str = "") -> tuple[list[int], Any] | None:
    """``(always, database)`` of ``entries`` (compiled for ``mode``) from the cache; None when not there (or unusable)."""
    import hashlib

    file = _cache_file(entries, mode)
    if file is None:
        return None
    try:
        data = file.read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")  # "<sha256 of the rest>\n<always>\n<database>"
    always_line, _, blob = rest.partition(b"\n")
    if hashlib.sha256(rest).hexdigest().encode() != head:
        return None  # damaged: compile again (and overwrite it)
    try:
        always = [int(i) for i in always_line.split(b",") if i]
        db = _hs.loadb(blob, _hs.HS_MODE_BLOCK) if blob else False
    except (_hs.error, ValueError):  # another CPU, another Hyperscan build
        return None
    try:
        os.utime(file)  # last used now: _prune_compiled keeps it
    except OSError:
        pass
    return always, db


_CACHE_KEEP_DAYS = 30


def _prune_compiled(folder: Path, keep: Path) -> None:
    """Remove compiled databases nobody used for _CACHE_KEEP_DAYS (older rule versions)."""
    import time

    cutoff = time.time() - _CACHE_KEEP_DAYS * 86400
    try:
        for old in folder.glob("*.hsdb"):
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _save_compiled(entries: list[tuple[str, int]], always: list[int], db: Any, mode: str = "") -> None:
    import hashlib

    file = _cache_file(entries, mode)
    if file is None:
        return
    tmp: Path | None = None
    try:
        blob = _hs.dumpb(db) if db is not False else b""
        rest = ",".join(map(str, always)).encode() + b"\n" + blob
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_bytes(hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest)
        os.replace(tmp, file)  # whole or not at all, even with two workers writing it
        _prune_compiled(file.parent, file)
    except (OSError, _hs.error):
        pass
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


# The ASCII characters _UNSAFE allows: deleted from a text's UTF-8, they leave its
# other characters whole (every byte of a multi-byte character is >= 0x80).
_ASCII_SAFE = bytes(range(0x1C)) + bytes(range(0x20, 0x80))


def prefilter_bytes(text: str) -> bytes | None:
    """``text`` as UTF-8 for :meth:`RegexSet.candidates`, or None when no prefilter may read it.

    (None when ``_UNSAFE`` finds a character in it; only the characters that are
    not plain ASCII are searched, a few in most texts.)
    """
    if not _PREFILTER["on"]:
        return None
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate, which _UNSAFE names too
        return None
    rest = data.translate(None, _ASCII_SAFE)
    if rest and _UNSAFE.search(rest.decode()):
        return None
    return data


class RegexSet:
    """Which of several regexes may match a text, from one Hyperscan scan in prefilter mode.

    A prefilter never misses a match but may name a regex that does not match:
    the caller still runs ``re`` on the candidates. Each entry is a compiled
    regex (its ``re.I``, ``re.M``, ``re.S`` flags are honoured) or a pattern
    string with a flag saying whether it ignores case. An entry Hyperscan
    cannot compile is always a candidate. Compiled on first use.

        >>> rs = RegexSet([re.compile("nurses?", re.I), ("therap", False)])
        >>> rs.candidates("Registered Nurse") in (None, [0])
        True
        >>> rs.candidates_each(["A nurse.", "No match", "therapy"]) in (None, [[0], [], [1]])
        True
    """

    def __init__(self, entries: Iterable[re.Pattern[str] | tuple[str, bool]]) -> None:
        self.entries: list[tuple[str, int]] = []
        for entry in entries:
            if isinstance(entry, re.Pattern):
                flags = entry.flags & ~(re.UNICODE | re.IGNORECASE | re.MULTILINE | re.DOTALL)
                self.entries.append((entry.pattern, entry.flags if not flags else -1))
            else:
                self.entries.append((entry[0], re.IGNORECASE if entry[1] else 0))
        self._db: Any = None
        self._always: list[int] = []
        self._each_db: Any = None
        self._each_always: list[int] = []
        self._local = threading.local()
        self._each_local = threading.local()

    @staticmethod
    def _hs_flags(flags: int, each: bool = False) -> int:
        out = _hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_UTF8 | _hs.HS_FLAG_UCP | _hs.HS_FLAG_ALLOWEMPTY
        if each:
            # Every end of a match is reported (to find the text it is in), and ^ and $
            # match at each line break as well: a superset of their matches in each text.
            out |= _hs.HS_FLAG_MULTILINE
        else:
            out |= _hs.HS_FLAG_SINGLEMATCH
        if flags & re.IGNORECASE:
            out |= _hs.HS_FLAG_CASELESS
        if flags & re.MULTILINE:
            out |= _hs.HS_FLAG_MULTILINE
        if flags & re.DOTALL:
            out |= _hs.HS_FLAG_DOTALL
        return out

    @classmethod
    def _compile(cls, entries: list[tuple[str, int]], ids: list[int], each: bool = False) -> Any:
        db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
        db.compile(
            expressions=[_hs_pattern(pattern).encode() for pattern, _ in entries],
            ids=ids,
            elements=len(ids),
            flags=[cls._hs_flags(flags, each) for _, flags in entries],
        )
        return db

    def _build(self, each: bool = False) -> Any:
        mode = "each" if each else ""
        cached = _load_compiled(self.entries, mode)
        if cached is not None:
            always, db = cached
        else:
            always, db = self._build_anew(each)
            _save_compiled(self.entries, always, db, mode)
        if each:
            self._each_always, self._each_db = always, db
        else:
            self._always, self._db = always, db
        return db

    def _build_anew(self, each: bool = False) -> tuple[list[int], Any]:
        good = [
            i for i, (pattern, flags) in enumerate(self.entries)
            if flags >= 0 and not _SLOW.search(pattern) and not (each and _WHOLE_ANCHOR.search(pattern))
        ]  # fmt: skip
        always = [i for i in range(len(self.entries)) if i not in good]
        try:
            db = self._compile([self.entries[i] for i in good], good, each) if good else False
        except _hs.error:  # find the entries Hyperscan cannot approximate
            for i in list(good):
                try:
                    self._compile([self.entries[i]], [0], each)
                except _hs.error:
                    good.remove(i)
                    always.append(i)
            always.sort()
            db = self._compile([self.entries[i] for i in good], good, each) if good else False
        return always, db

    def candidates(self, text: str, data: bytes | None = None) -> list[int] | None:
        """Positions, in order, of the entries that may match ``text``; None: cannot tell.

        ``data`` is :func:`prefilter_bytes` of ``text`` when the caller has it.
        """
        if data is None:
            data = prefilter_bytes(text)
            if data is None:
                return None
        elif not _PREFILTER["on"]:
            return None
        db = self._db if self._db is not None else self._build()
        found = list(self._always)
        if db is not False:
            _scan_into(found, db, self._local, data)
        return found

    def candidates_each(self, texts: list[str]) -> list[list[int]] | None:
        """:meth:`candidates` of each of ``texts`` (none with a line break), from one scan of them all.

        The texts are joined with line breaks and read by :meth:`candidates_lines`;
        None: cannot tell (see there, or a line break in a text).
        """
        if not texts:
            return []
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:
            return None
        return self.candidates_lines(joined)

    def candidates_lines(self, text: str) -> list[list[int]] | None:
        """:meth:`candidates` of each line of ``text`` (``text.split("\\n")``), from one scan.

        Every place a match ends names the line it ends in. Sound because a
        prefilter never misses a match, and a match inside one line is found in
        the whole text too: look-arounds are dropped by Hyperscan's prefilter
        mode, a line break around a line is a non-word character as a text's
        edges are to ``\\b``, and ``^``/``$`` match at every line break (an
        entry anchored to the very start or end, ``\\A``/``\\Z``/``\\z``, is
        always a candidate). A match across a line break only adds a
        candidate. Each list holds unique positions in order; None: cannot
        tell (no prefilter, or characters it may read differently).
        """
        data = prefilter_bytes(text)
        if data is None:
            return None
        db = self._each_db if self._each_db is not None else self._build(each=True)
        ends: list[tuple[int, int]] = []
        if db is not False:
            scratch = getattr(self._each_local, "scratch", None)
            if scratch is None:
                scratch = self._each_local.scratch = _hs.Scratch(db)
            db.scan(data, match_event_handler=_on_end, context=ends, scratch=scratch)
        always = self._each_always
        count = data.count(b"\n") + 1
        out: list[list[int]] = [list(always) for _ in range(count)] if always else [[] for _ in range(count)]
        if not ends:
            return out
        # The line each match ends in: the line breaks before its end (a few matches
        # an advert, so a count each is cheaper than every line's start).
        for end, id_ in ends:
            found = out[data.count(b"\n", 0, end)]
            if id_ not in found:
                found.append(id_)
        if always or len(self.entries) > 1:
            for found in out:
                found.sort()
        return out


class Cue:
    """A regex of alternatives behind a prefilter: a text it cannot match is not searched.

    For the long alternations of cue words run on every sentence; ``search``,
    ``finditer`` and ``sub`` answer as the regex's own methods do.

        >>> cue = Cue(re.compile("must|required", re.I))
        >>> cue.search("Degree required").group(), cue.search("Degree preferred")
        ('required', None)

    Made by :meth:`of` from the alternatives (as :func:`compile_alternatives`
    joins them), it also keeps one regex per alternative: the prefilter names
    the few alternatives that may match a text and only those run. ``re``
    tries every alternative at every position of a long alternation (about a
    microsecond a character for the credential cues); one alternative alone is
    found by a quick scan. The matches are the whole regex's, span for span:
    it takes, at the leftmost position where any alternative matches, the
    first alternative in order that matches there, which is the earliest of
    the alternatives' own leftmost matches (ties to the first). (Group numbers
    are the alternative's own; an empty match hands over to the whole regex.)

        >>> cue = Cue.of(["ot", r"\\bot\\s+practice", "MUST"])
        >>> [m.span() for m in cue.finditer("OT practice: an OT MUST")]
        [(0, 2), (16, 18), (19, 23)]
    """

    __slots__ = ("regex", "pattern", "_set", "_alts")

    def __init__(self, regex: re.Pattern[str], alternatives: list[re.Pattern[str]] | None = None) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        self._alts = alternatives
        self._set = RegexSet(alternatives if alternatives is not None else [regex])

    @classmethod
    def of(cls, alts: Iterable[str]) -> Cue:
        """The cue of ``compile_alternatives(alts)``, with a regex per alternative."""
        alts = list(alts)
        regex = compile_alternatives(alts)
        if regex.groups and _BACKREF.search(regex.pattern):
            return cls(regex)  # an alternative alone would number its groups differently
        if regex.flags & re.IGNORECASE:  # (all any-case: see compile_alternatives)
            return cls(regex, [re.compile(f"(?:{a})", re.I) for a in alts])
        parts = [f"(?:{a})" if has_capital(a) else f"(?i:{a})" for a in alts]
        return cls(regex, [re.compile(f"(?:{part})") for part in parts])

    def search(self, text: str) -> re.Match[str] | None:
        found = self._set.candidates(text)
        if found == []:
            return None
        if found is None or self._alts is None:
            return self.regex.search(text)
        best: re.Match[str] | None = None
        alts = self._alts
        for i in found:
            m = alts[i].search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        found = self._set.candidates(text)
        if found == []:
            return iter(())
        if found is None or self._alts is None:
            return self.regex.finditer(text)
        return self._finditer(text, found)

    def _finditer(self, text: str, found: list[int]) -> Iterator[re.Match[str]]:
        alts = self._alts
        assert alts is not None
        # Each candidate alternative's leftmost match at or after ``pos``.
        nexts: list[tuple[re.Pattern[str], re.Match[str] | None]] = [(alts[i], alts[i].search(text)) for i in found]
        pos = 0
        while True:
            best: re.Match[str] | None = None
            for k, (rx, m) in enumerate(nexts):
                if m is not None and m.start() < pos:
                    m = rx.search(text, pos)
                    nexts[k] = (rx, m)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            if best.end() == best.start():
                # What may follow an empty match has rules of its own: the whole regex
                # goes on from here (after a non-empty match it keeps no other state).
                yield from self.regex.finditer(text, pos)
                return
            yield best
            pos = best.end()

    def sub(self, repl: str, text: str) -> str:
        return text if self._set.candidates(text) == [] else self.regex.sub(repl, text)


# A reference to a group by number or name, or a conditional on one.
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


class _Prefilter:
    """Which alternatives may match a text: the lower-case ones read its lower case.

    One prefilter may serve several indexes (:func:`share_prefilter`): a text
    is then scanned once for all of them, and each takes its own slice.
    """

    def __init__(self, alts: list[_Alt]) -> None:
        self.low = [i for i, alt in enumerate(alts) if alt.on_low]
        self.cap = [i for i, alt in enumerate(alts) if not alt.on_low]
        self.low_set = RegexSet((alts[i].regex.pattern, False) for i in self.low)
        self.cap_set = RegexSet((alts[i].regex.pattern, False) for i in self.cap)

    def candidates(self, doc: Text) -> list[int] | None:
        """Positions, in order, of the alternatives that may match ``doc``; None: cannot tell."""
        key = id(self)
        if key in doc._found:
            return doc._found[key]
        found: list[int] | None = self._scan(doc)
        doc._found[key] = found
        return found

    def _scan(self, doc: Text) -> list[int] | None:
        data = doc.utf8()
        if data is None or not doc.low:
            return None  # (without a same-length lower case, _Alt searches case-insensitively)
        found: list[int] = []
        for ids, rset, text in ((self.low, self.low_set, data[1]), (self.cap, self.cap_set, data[0])):
            if ids:
                got = rset.candidates("", text)
                if got is None:
                    return None
                found += [ids[i] for i in got]
        found.sort()
        return found


def share_prefilter(*tables: Patterns | Table) -> None:
    """Let ``tables`` share one prefilter: a text is scanned once for all of them.

    For the pattern sets a module runs on the same texts; answers do not change.
    """
    indexes = [t._index for t in tables]
    shared = _Prefilter([alt for index in indexes for alt in index.alts])
    start = 0
    for index in indexes:
        index._prefilter = shared
        index._span = (start, start + len(index.alts))
        start += len(index.alts)


class _Index:
    """Alternatives filed under their gate word, so a text touches only the live ones."""

    __slots__ = ("alts", "by_word", "keys", "always", "_prefilter", "_span")

    def __init__(self, alts: list[_Alt]) -> None:
        self.alts = alts
        by_word: dict[str, list[int]] = {}
        always: list[int] = []
        for pos, alt in enumerate(alts):
            if alt.gate is not None:
                by_word.setdefault(alt.gate, []).append(pos)
            else:
                always.append(pos)
        self.by_word = by_word
        self.keys = frozenset(by_word)
        self.always = tuple(always)
        self._prefilter: _Prefilter | None = None
        self._span = (0, len(alts))  # this index's alternatives in its prefilter's list

    def candidates(self, doc: Text) -> list[int] | None:
        """Positions, in order, of the alternatives the prefilter says may match; None: no prefilter."""
        if not _PREFILTER["on"]:
            return None
        if self._prefilter is None:
            self._prefilter = _Prefilter(self.alts)
        found = self._prefilter.candidates(doc)
        if found is None:
            return None
        lo, hi = self._span
        if lo == 0:
            return found[:bisect_left(found, hi)]
        return [pos - lo for pos in found[bisect_left(found, lo):bisect_left(found, hi)]]

    def live(self, doc: Text) -> list[int]:
        """Positions, in order, of the alternatives that may match ``doc``.

        The Hyperscan prefilter's candidates when it is on, else those whose
        gate word is in ``doc`` (each alternative checks its gate again).
        """
        found = self.candidates(doc)
        if found is not None:
            return found
        found = list(self.always)
        for word in self.keys.intersection(doc.words):
            found += self.by_word[word]
        found.sort()
        return found


class Patterns:
    """A pattern: alternatives tried one by one; the earliest, then shortest, match wins.

    ``spec`` is a list of alternatives or one string of them joined by ``|``.
    """

    __slots__ = ("alts", "source", "_index")

    def __init__(self, spec: str | Iterable[str]) -> None:
        parts = [spec] if isinstance(spec, str) else list(spec)
        self.source = "|".join(parts)
        self.alts = [_Alt(a) for part in parts for a in _alternatives(part)]
        self._index = _Index(self.alts)

    def search(self, doc: Text) -> Hit | None:
        best: tuple[int, int] | None = None
        alts = self.alts
        for pos in self._index.live(doc):
            span = alts[pos].search(doc)
            if span is not None and (best is None or span < best):
                best = span
        return None if best is None else Hit(doc.text, best[0], best[1])

    def iterate(self, doc: Text) -> Iterator[Hit]:
        """Every match of every alternative, in text order (overlaps kept), lazily."""
        text = doc.text
        alts = self.alts
        spans = heapq.merge(*(alts[pos].finditer(doc) for pos in self._index.live(doc)))
        for a, b in spans:
            yield Hit(text, a, b)


class Table:
    """Named patterns searched together: ``search(doc)`` is ``{name: first hit}``, in declared order.

    One index over every alternative of every pattern finds the few that may match.
    """

    __slots__ = ("patterns", "_alts", "_owner", "_index")

    def __init__(self, patterns: Mapping[str, str | Iterable[str]]) -> None:
        self.patterns = {name: Patterns(p) for name, p in patterns.items()}
        self._alts = [alt for rx in self.patterns.values() for alt in rx.alts]
        self._owner = [name for name, rx in self.patterns.items() for _ in rx.alts]
        self._index = _Index(self._alts)

    def search(self, doc: Text) -> dict[str, Hit]:
        best: dict[str, tuple[int, int]] = {}
        alts, owner = self._alts, self._owner
        for pos in self._index.live(doc):
            span = alts[pos].search(doc)
            if span is not None:
                name = owner[pos]
                if name not in best or span < best[name]:
                    best[name] = span
        text = doc.text
        return {name: Hit(text, *best[name]) for name in self.patterns if name in best}
