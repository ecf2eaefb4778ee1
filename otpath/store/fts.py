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
'''

from __future__ import annotations

import re

__all__ = ["fts_phrases", "quote_fts"]

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
