'''Making user search text safe for an FTS5 ``MATCH``.

Like sqlite-utils' ``quote_fts``: every whitespace-separated token becomes a
double-quoted FTS5 string (internal quotes doubled), so operators, column
filters and stray punctuation are searched as words, never parsed::

    >>> quote_fts('utilization review')
    '"utilization" "review"'
    >>> quote_fts('title:foo NEAR( "x')
    '"title:foo" "NEAR(" """x"'
    >>> quote_fts('  * " ( ') is None
    True

A token with no letter or digit cannot match anything and is dropped; when
nothing is left the result is ``None``: the caller then adds no ``MATCH`` at all.
Control characters become spaces (FTS5 ends a string at a NUL byte).

A search that knows more than words (synonyms, phrases, prefixes) is an
:class:`FtsQuery`: clauses that must all match, each a few phrases of which any may
match, every phrase made by :func:`fts_phrase` from plain tokens::

    >>> q = FtsQuery(((fts_phrase(("utilization", "review")), fts_phrase(("ur",))),
    ...               (fts_phrase(("ergonom",), prefix=True),)))
    >>> q.expr()
    '("utilization review" OR "ur") AND ("ergonom"*)'
    >>> q.clause_expr(0, column="title")
    '{title} : ("utilization review" OR "ur")'
'''

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FtsQuery", "fts_phrase", "fts_phrases", "quote_fts"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PHRASE = re.compile(r'"(?:[^"]|"")*"')


def quote_fts(query: str | None) -> str | None:
    """Quote ``query`` for FTS5; ``None`` when it holds no searchable word."""
    if not query:
        return None
    query = _CONTROL.sub(" ", query)
    tokens = []
    for token in query.split():
        if not any(ch.isalnum() for ch in token):
            continue
        tokens.append('"' + token.replace('"', '""') + '"')
    return " ".join(tokens) or None


def fts_phrases(expr: str) -> list[str]:
    '''The quoted strings of an expression made by :func:`quote_fts`, each still quoted.

    >>> fts_phrases(quote_fts('utilization "review'))
    ['"utilization"', '"""review"']
    '''
    return _PHRASE.findall(expr)


_PLAIN_TOKEN = re.compile(r"^[^\W_]+$")


def fts_phrase(tokens: tuple[str, ...], *, prefix: bool = False) -> str:
    """An FTS5 phrase of plain tokens (letters and digits only), optionally a prefix.

        >>> fts_phrase(("case", "manager")), fts_phrase(("ergonom",), prefix=True)
        ('"case manager"', '"ergonom"*')
    """
    if not tokens or not all(_PLAIN_TOKEN.match(t) for t in tokens):
        raise ValueError(f"an FTS5 phrase is plain tokens: {tokens!r}")
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


@dataclass(frozen=True)
class FtsQuery:
    """Clauses that must all match; each clause a tuple of phrases (any may match)."""

    clauses: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if not self.clauses or not all(self.clauses):
            raise ValueError("an FtsQuery needs at least one phrase in every clause")

    def clause_expr(self, i: int, *, column: str | None = None) -> str:
        body = "(" + " OR ".join(self.clauses[i]) + ")"
        return f"{{{column}}} : {body}" if column else body

    def expr(self, clauses: list[int] | None = None) -> str:
        """The whole expression (or only the clauses numbered ``clauses``)."""
        chosen = range(len(self.clauses)) if clauses is None else clauses
        return " AND ".join(self.clause_expr(i) for i in chosen)

    def __str__(self) -> str:
        return self.expr()
