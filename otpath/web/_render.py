"""Small HTML builders for templates: an inline SVG bar chart and text highlighting.

Both escape every piece of text they are given and return
:class:`markupsafe.Markup`, so templates can print them without ``|safe``
on anything that came from a user or a posting::

    >>> str(highlight("Needs <b>COTA</b> licence", ["COTA"]))
    'Needs &lt;b&gt;<mark>COTA</mark>&lt;/b&gt; licence'
    >>> str(snippet_html("a \\x02<b>\\x03 c"))
    'a <mark>&lt;b&gt;</mark> c'

The chart uses classes only (no ``style`` attributes), so the strict CSP,
which forbids inline styles, leaves it intact; colours live in ``otpath.css``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from markupsafe import Markup, escape

__all__ = ["factor_chart", "highlight", "snippet_html"]


class _FactorLike(Protocol):
    name: str
    label: str
    score: float
    points: float
    reason: str


_LABEL_W = 162
_BAR_X = 168
_BAR_W = 108
_ROW_H = 22
_WIDTH = 320


def _band(score: float) -> str:
    if score >= 0.75:
        return "good"
    if score >= 0.4:
        return "fair"
    return "poor"


def factor_chart(factors: Sequence[_FactorLike], *, title: str, chart_id: str) -> Markup:
    """A horizontal bar per factor: how well the role meets the wish (0 to 1)."""
    height = _ROW_H * len(factors) + 4
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="{safe_id}-t" focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{safe_id}-t">{escape(title)}</title>',
    ]
    for i, f in enumerate(factors):
        y = 2 + i * _ROW_H
        score = max(0.0, min(1.0, float(f.score)))
        width = round(score * _BAR_W, 1)
        mid = y + _ROW_H / 2
        parts.append(
            f'<g class="row {_band(score)}"><title>{escape(f.label)}: {escape(f.reason)}</title>'
            f'<text class="label" x="{_LABEL_W - 4}" y="{mid + 4:g}" text-anchor="end">'
            f"{escape(f.label)}</text>"
            f'<rect class="track" x="{_BAR_X}" y="{y + 4}" width="{_BAR_W}" height="{_ROW_H - 8}" rx="3"/>'
            f'<rect class="bar" x="{_BAR_X}" y="{y + 4}" width="{width:g}" height="{_ROW_H - 8}" rx="3"/>'
            f'<text class="value" x="{_BAR_X + _BAR_W + 6}" y="{mid + 4:g}">{round(score * 100)}%</text>'
            "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _phrase_pattern(phrase: str) -> str:
    words = phrase.split()
    return r"\s+".join(re.escape(w) for w in words)


def highlight(text: str, phrases: Iterable[str | None]) -> Markup:
    """Escape ``text`` and wrap every occurrence of any phrase (any case) in ``<mark>``."""
    pats = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not text:
        return Markup("")
    if not pats:
        return escape(text)
    spans: list[tuple[int, int]] = []
    for pat in pats:
        for m in re.finditer(_phrase_pattern(pat), text, flags=re.IGNORECASE):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    if not spans:
        return escape(text)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def snippet_html(text: str, start: str = "\x02", end: str = "\x03") -> Markup:
    """Escape a search snippet and turn its match markers into balanced ``<mark>`` tags."""
    out: list[str] = []
    open_ = False
    for piece in re.split(f"({re.escape(start)}|{re.escape(end)})", text or ""):
        if piece == start:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif piece == end:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(str(escape(piece)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))
