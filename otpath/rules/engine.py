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
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "Hit",
    "PhraseMatcher",
    "Patterns",
    "Rule",
    "Table",
    "Text",
    "expand",
    "phrase_key",
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
    """
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    return b" " + text.encode("ascii", "replace").translate(_TABLE, b"'%") + b" "


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
        for target, weight, spec in rules:
            self.add(target, weight, spec)

    def add(self, target: str, weight: float, spec: str) -> None:
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
        self.vocab = frozenset(self._vocab)
        self._single_keys = frozenset(self.single)
        self._anchors = frozenset(self.multi)

    def hits(self, text: bytes) -> list[Rule]:
        """Every rule whose phrase occurs in ``text`` (from :func:`words`)."""
        present = self.vocab.intersection(text.split())
        found: list[Rule] = []
        single = self.single
        for w in present.intersection(self._single_keys):
            found += single[w]
        multi = self.multi
        for anchor in present.intersection(self._anchors):
            for padded, need, rules in multi[anchor]:
                if need <= present and padded in text:
                    found += rules
        return found

    def exact(self, phrase: str, text: bytes) -> bool:
        """Whether ``phrase`` occurs word for word in ``text`` (not just its words)."""
        return b" " + phrase_key(phrase) + b" " in text


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

    __slots__ = ("text", "low", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        # Lower-casing keeps positions for all but a few characters (e.g. "İ");
        # when it does not, alternatives fall back to a case-insensitive search.
        self.low = low if len(low) == len(text) else ""
        self.words = frozenset(re.findall(r"[a-z0-9]+", low))

    @classmethod
    def join(cls, first: Text, second: Text) -> Text:
        """The text of ``first + "\\n" + second``."""
        return cls(f"{first.text}\n{second.text}")


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


def _lead_word(alt: str) -> str | None:
    r"""The literal word every match of ``alt`` starts with, when it has one.

    ``\bnot\s+remote`` -> ``"not"``; ``remote\s*:`` -> ``"remote"``; ``\d+ years`` -> None.
    Only a word the regex ends with a separator or the pattern's end counts:
    ``telecommut`` could be the start of "telecommute", so it is no gate.
    """
    body = alt[2:] if alt.startswith("\\b") else None
    if body is None:
        return None
    out = []
    for i, ch in enumerate(body):
        if ch.isalnum():
            out.append(ch)
            continue
        if ch in "?*{" and out:
            return None  # "days?" : the last letter is optional
        rest = body[i:]
        if rest.startswith(("\\s", "\\b", " ", "[- ]", "[ -]", "[-\\s]", "(?:\\s")) and out:
            return "".join(out).lower()
        return None
    return None  # the alternative is one bare word: the regex is cheap anyway


class _Alt:
    __slots__ = ("regex", "regex_i", "on_low", "gate")

    def __init__(self, alt: str) -> None:
        body = alt
        has_capital = re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", re.sub(r"\(\?[a-zA-Z-]+[:)]", "", body))) is not None
        self.on_low = not has_capital
        self.regex = re.compile(body)
        self.regex_i = re.compile(body, 0 if has_capital else re.I)
        word = _lead_word(body)
        self.gate = word if word and word.isalnum() and word.isascii() and not has_capital else None

    def _target(self, doc: Text) -> tuple[str, re.Pattern[str]]:
        if not self.on_low:
            return doc.text, self.regex
        if doc.low:
            return doc.low, self.regex
        return doc.text, self.regex_i

    def search(self, doc: Text) -> tuple[int, int] | None:
        if self.gate is not None and self.gate not in doc.words:
            return None
        target, regex = self._target(doc)
        m = regex.search(target)
        return None if m is None else (m.start(), m.end())

    def finditer(self, doc: Text) -> Iterator[tuple[int, int]]:
        if self.gate is not None and self.gate not in doc.words:
            return
        target, regex = self._target(doc)
        for m in regex.finditer(target):
            yield m.start(), m.end()


class Patterns:
    """A pattern: alternatives tried one by one; the earliest, then shortest, match wins.

    ``spec`` is a list of alternatives or one string of them joined by ``|``.
    """

    __slots__ = ("alts", "source")

    def __init__(self, spec: str | Iterable[str]) -> None:
        parts = [spec] if isinstance(spec, str) else list(spec)
        self.source = "|".join(parts)
        self.alts = [_Alt(a) for part in parts for a in _alternatives(part)]

    def search(self, doc: Text) -> Hit | None:
        best: tuple[int, int] | None = None
        for alt in self.alts:
            span = alt.search(doc)
            if span is not None and (best is None or span < best):
                best = span
        return None if best is None else Hit(doc.text, best[0], best[1])

    def iterate(self, doc: Text) -> Iterator[Hit]:
        """Every match of every alternative, in text order (overlaps kept), lazily."""
        text = doc.text
        spans = heapq.merge(*(alt.finditer(doc) for alt in self.alts))
        for a, b in spans:
            yield Hit(text, a, b)


class Table:
    """Named patterns searched together: ``search(doc)`` is ``{name: first hit}``, in declared order."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: Mapping[str, str | Iterable[str]]) -> None:
        self.patterns = {name: Patterns(p) for name, p in patterns.items()}

    def search(self, doc: Text) -> dict[str, Hit]:
        out: dict[str, Hit] = {}
        for name, pattern in self.patterns.items():
            hit = pattern.search(doc)
            if hit is not None:
                out[name] = hit
        return out
