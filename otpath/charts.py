"""Inline SVG charts of market evidence and pay: no script, no library, no CDN.

Each function returns the SVG as a ``str`` with every piece of text escaped, ready
to insert into a page (the web app marks it safe) or to hand to a PDF renderer.
Colours are SVG presentation attributes (``fill=``), which the strict CSP allows
(it forbids ``style`` attributes, not these) and which a PDF renderer understands;
the style sheet refines them on screen through the classes. Every chart has a
``<title>`` (its accessible name) and, per bar, a ``<title>`` with the exact count.

    >>> from otpath.insights import Share
    >>> svg = share_chart([Share(key="remote", label="Remote", count=8, share=0.8)],
    ...                   title="Where the work happens", chart_id="c1")
    >>> "8 (80%)" in svg and "<script" not in svg
    True
    >>> money(61500, "GBP"), money(61500, "USD", short=True), money(0.5, "EUR")
    ('£61,500', '$62k', '€0.50')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _escape

from .insights import PayStats, PeriodCount, Share

__all__ = ["PayRange", "money", "pay_chart", "range_chart", "share_chart", "time_chart"]

INK = "#1c2430"
MUTED = "#566173"
TRACK = "#e9ecf0"
BAR = "#0b6b66"
ACCENT = "#9a6a00"
_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$"}


def escape(text: object) -> str:
    return _escape(str(text), quote=True)


def money(value: float, currency: str = "USD", *, short: bool = False) -> str:
    """An amount in its currency's symbol (or code); ``short`` gives ``$62k``."""
    symbol = _SYMBOLS.get(currency.upper(), currency.upper() + " ")
    if short and abs(value) >= 1000:
        return f"{symbol}{value / 1000:,.0f}k"
    if abs(value) >= 100 or value == int(value):
        return f"{symbol}{value:,.0f}"
    return f"{symbol}{value:,.2f}"


def _id(chart_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Widths (in em) of DejaVu Sans Bold, the widest font a browser here is likely to pick for
# a chart's labels (the app's style sheet sets some of them bold): a label that fits by
# these widths fits on screen. Characters not listed count as 0.75.
_EM: dict[str, float] = {}
for _chars, _em in (
    ("ijl", 0.34),
    (" '", 0.35),
    ("IJ", 0.37),
    (".,:;|!", 0.4),
    ("f", 0.44),
    ("()[]/-", 0.46),
    ("rt", 0.49),
    ("cz", 0.59),
    ("s", 0.6),
    ("L", 0.64),
    ("vxy", 0.65),
    ("ak", 0.67),
    ("eEFT", 0.68),
    ("o", 0.69),
    ("0123456789$£€", 0.7),
    ("hnu", 0.71),
    ("bdgpqSY", 0.72),
    ("CPZ", 0.73),
    ("ABKRVX", 0.77),
    ("DGHNOQU", 0.85),
    ("&", 0.87),
    ("w", 0.92),
    ("M%…", 1.0),
    ("m", 1.04),
    ("W", 1.1),
):
    _EM.update(dict.fromkeys(_chars, _em))
del _chars, _em


def _text_w(text: str, size: float = 12) -> float:
    """An estimate of ``text``'s width at ``size``, on the generous side (see ``_EM``)."""
    return sum(_EM.get(ch, 0.75) for ch in text) * size


def _fit(text: str, width: float, size: float = 12) -> str:
    """``text``, shortened with an ellipsis until it fits ``width`` (see :func:`_text_w`)."""
    if _text_w(text, size) <= width:
        return text
    while text and _text_w(text.rstrip() + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _open(chart_id: str, width: int, height: int, title: str, kind: str) -> list[str]:
    cid = _id(chart_id)
    return [
        f'<svg class="chart {kind}" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{cid}-t" focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-t">{escape(title)}</title>',
    ]


def share_chart(
    shares: Sequence[Share], *, title: str, chart_id: str, label_chars: int = 26
) -> str:
    """A horizontal bar per share: label, bar (0-100%), ``count (percent)``."""
    # the label column is as wide as the bar: a skill's name ("ergonomic assessment") fits
    width, label_w, bar_x, bar_w, row_h = 340, 166, 172, 94, 22
    height = row_h * len(shares) + 4
    parts = _open(chart_id, width, height, title, "shares")
    for i, s in enumerate(shares):
        y = 2 + i * row_h
        mid = y + row_h / 2
        w = round(max(0.0, min(1.0, s.share)) * bar_w, 1)
        pct = round(100 * s.share)
        parts.append(
            f'<g class="row"><title>{escape(s.label)}: {s.count} ({pct}%)</title>'
            f'<text class="label" x="{label_w - 4}" y="{mid + 4:g}" text-anchor="end" fill="{INK}"'
            f' font-size="12">{escape(_fit(_clip(s.label, label_chars), label_w - 6))}</text>'
            f'<rect class="track" x="{bar_x}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" rx="3" fill="{TRACK}"/>'
            f'<rect class="bar" x="{bar_x}" y="{y + 4}" width="{w:g}" height="{row_h - 8}" rx="3" fill="{BAR}"/>'
            f'<text class="value" x="{bar_x + bar_w + 6}" y="{mid + 4:g}" fill="{MUTED}" font-size="12">'
            f"{s.count} ({pct}%)</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def pay_chart(pay: PayStats, *, title: str, chart_id: str) -> str:
    """A histogram of annual pay in one currency, with the median marked."""
    width, height, left, right, top, bottom = 340, 170, 8, 8, 18, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    bins = pay.bins
    most = max(b.count for b in bins) or 1
    lo, hi = bins[0].low, bins[-1].high
    span = (hi - lo) or 1.0
    col_w = plot_w / len(bins)
    parts = _open(chart_id, width, height, title, "pay")
    for i, b in enumerate(bins):
        h = round(plot_h * b.count / most, 1)
        x = left + i * col_w
        y = top + plot_h - h
        label = f"{money(b.low, pay.currency)} to {money(b.high, pay.currency)}: {b.count}"
        parts.append(
            f'<g class="col"><title>{escape(label)}</title>'
            f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{col_w - 2:.1f}" height="{h:g}" fill="{BAR}"/>'
            + (
                f'<text class="value" x="{x + col_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle"'
                f' fill="{MUTED}" font-size="11">{b.count}</text>'
                if b.count
                else ""
            )
            + "</g>"
        )
    axis_y = top + plot_h
    parts.append(
        f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="{MUTED}"/>'
    )
    # ticks at the first and last edge and every step between, leaving out any that would
    # run into its neighbour (the first is drawn from its x on, the last up to it)
    step = max(1, len(bins) // 4)
    edges = sorted({*range(0, len(bins) + 1, step), len(bins)})
    ticks: list[tuple[float, str, str]] = []  # x, anchor, text
    for i in edges:
        text = money(lo + i * (span / len(bins)), pay.currency, short=True)
        x = left + i * col_w
        anchor = "start" if i == 0 else "end" if i == len(bins) else "middle"
        ticks.append((x, anchor, text))

    def extent(tick: tuple[float, str, str]) -> tuple[float, float]:
        x, anchor, text = tick
        w = _text_w(text, 11)
        return {"start": (x, x + w), "end": (x - w, x)}.get(anchor, (x - w / 2, x + w / 2))

    kept = [ticks[0]]
    for n, tick in enumerate(ticks[1:], 1):
        last = n == len(ticks) - 1
        if last:
            while len(kept) > 1 and extent(kept[-1])[1] + 6 > extent(tick)[0]:
                kept.pop()
        if last or extent(kept[-1])[1] + 6 <= extent(tick)[0]:
            kept.append(tick)
    for x, anchor, text in kept:
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{axis_y + 14}" text-anchor="{anchor}" fill="{MUTED}"'
            f' font-size="11">{escape(text)}</text>'
        )
    mx = left + plot_w * (pay.median - lo) / span
    median_text = f"median {money(pay.median, pay.currency, short=True)}"
    # centred under its line, but kept inside the chart when the median is near an end
    half = _text_w(median_text, 11) / 2
    tx = min(max(mx, left + half), width - right - half)
    parts.append(
        f'<g class="median"><title>Median {escape(money(pay.median, pay.currency))}</title>'
        f'<line x1="{mx:.1f}" y1="{top - 6}" x2="{mx:.1f}" y2="{axis_y}" stroke="{ACCENT}" stroke-width="2"'
        f' stroke-dasharray="4 3"/>'
        f'<text x="{tx:.1f}" y="{axis_y + 30}" text-anchor="middle" fill="{ACCENT}" font-size="11">'
        f"{escape(median_text)}</text></g>"
    )
    parts.append("</svg>")
    return "".join(parts)


def time_chart(periods: Sequence[PeriodCount], *, title: str, chart_id: str) -> str:
    """A column per week or month: postings by posting date."""
    width, height, left, right, top, bottom = 340, 130, 8, 8, 16, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max((p.count for p in periods), default=0) or 1
    col_w = plot_w / max(1, len(periods))
    parts = _open(chart_id, width, height, title, "time")
    for i, p in enumerate(periods):
        h = round(plot_h * p.count / most, 1)
        x = left + i * col_w
        parts.append(
            f'<g class="col"><title>{escape(p.label)}: {p.count}</title>'
            f'<rect class="bar" x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(1.0, col_w - 1):.1f}"'
            f' height="{h:g}" fill="{BAR}"/></g>'
        )
    axis_y = top + plot_h
    parts.append(
        f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="{MUTED}"/>'
    )
    if periods:
        parts.append(
            f'<text class="tick" x="{left}" y="{axis_y + 15}" fill="{MUTED}" font-size="11">'
            f"{escape(periods[0].start.isoformat())}</text>"
            f'<text class="tick" x="{width - right}" y="{axis_y + 15}" text-anchor="end" fill="{MUTED}"'
            f' font-size="11">{escape(periods[-1].start.isoformat())}</text>'
            f'<text class="tick" x="{left}" y="{top - 4}" fill="{MUTED}" font-size="11">'
            f"most in one {'week' if 'week' in periods[0].label else 'month'}: {most}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class PayRange:
    """One row of :func:`range_chart`: a label and pay figures in one currency."""

    label: str
    low: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    high: float | None = None
    marker: float | None = None  # e.g. a BLS median, drawn as a diamond
    note: str = ""


def _range_value(r: PayRange, currency: str) -> str:
    """The figure printed beside a row's label: its median, else its reference, else its range."""
    if r.median is not None:
        return f"median {money(r.median, currency, short=True)}"
    if r.marker is not None:
        return money(r.marker, currency, short=True)
    if r.low is not None and r.high is not None:
        return f"{money(r.low, currency, short=True)} to {money(r.high, currency, short=True)}"
    return "no figure"


def range_chart(rows: Sequence[PayRange], *, currency: str, title: str, chart_id: str) -> str:
    """Pay of several roles on one scale: a whisker (low-high), a box (middle half),
    the median, and a diamond for a reference figure (a BLS median).

    Each row's label and its main figure stand on a line of their own above its marks,
    so the plot has the chart's whole width (a label beside the plot ran off the chart's
    left edge, and on a phone left the plot a sliver). A phone shows the chart at about
    three quarters of its size, so the app's style sheet sets its text larger there (16
    and 15 units): labels are fitted for that size, and fit the 12 and 11 set here too."""
    values = [
        v for r in rows for v in (r.low, r.p25, r.median, r.p75, r.high, r.marker) if v is not None
    ]
    width, left, right, row_h, top = 480, 8, 12, 44, 4
    label_size, value_size = 16, 15  # the largest the text is drawn at (see above)
    height = top + row_h * len(rows) + 24
    parts = _open(chart_id, width, height, title, "ranges")
    if not values:
        parts.append("</svg>")
        return "".join(parts)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.05 or hi * 0.1 or 1.0
    lo, hi = max(0.0, lo - pad), hi + pad
    plot_w = width - left - right

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / (hi - lo)

    for i, r in enumerate(rows):
        row_top = top + i * row_h
        y = row_top + 32  # the marks' centre line, under the label
        bits = [f"{r.label}:"]
        if r.median is not None:
            bits.append(f"median {money(r.median, currency)}")
        if r.p25 is not None and r.p75 is not None:
            bits.append(f"middle half {money(r.p25, currency)} to {money(r.p75, currency)}")
        if r.low is not None and r.high is not None:
            bits.append(f"range {money(r.low, currency)} to {money(r.high, currency)}")
        if r.marker is not None:
            bits.append(f"reference {money(r.marker, currency)}")
        if r.note:
            bits.append(r.note)
        figure = _range_value(r, currency)
        room = plot_w - _text_w(figure, value_size) - 12
        g = [f'<g class="row"><title>{escape(" ".join(bits))}</title>']
        g.append(
            f'<text class="label" x="{left}" y="{row_top + 15}" fill="{INK}" font-size="12">'
            f"{escape(_fit(r.label, room, label_size))}</text>"
            f'<text class="value" x="{width - right}" y="{row_top + 15}" text-anchor="end" fill="{MUTED}"'
            f' font-size="11">{escape(figure)}</text>'
            f'<line class="track" x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{TRACK}"/>'
        )
        if r.low is not None and r.high is not None:
            g.append(
                f'<line class="whisker" x1="{x(r.low):.1f}" y1="{y}" x2="{x(r.high):.1f}" y2="{y}"'
                f' stroke="{MUTED}" stroke-width="1.5"/>'
            )
        if r.p25 is not None and r.p75 is not None:
            g.append(
                f'<rect class="box" x="{x(r.p25):.1f}" y="{y - 6}" width="{max(2.0, x(r.p75) - x(r.p25)):.1f}"'
                f' height="12" rx="2" fill="{BAR}" fill-opacity="0.35" stroke="{BAR}"/>'
            )
        if r.median is not None:
            g.append(
                f'<line class="median" x1="{x(r.median):.1f}" y1="{y - 8}" x2="{x(r.median):.1f}" y2="{y + 8}"'
                f' stroke="{BAR}" stroke-width="3"/>'
            )
        if r.marker is not None:
            mx = x(r.marker)
            g.append(
                f'<path class="marker" d="M{mx:.1f} {y - 6} L{mx + 6:.1f} {y} L{mx:.1f} {y + 6}'
                f' L{mx - 6:.1f} {y} Z" fill="{ACCENT}"/>'
            )
        g.append("</g>")
        parts.append("".join(g))
    axis_y = top + row_h * len(rows) + 2
    mid = (lo + hi) / 2
    parts.append(
        f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="{MUTED}"/>'
        f'<text class="tick" x="{left}" y="{axis_y + 16}" fill="{MUTED}" font-size="11">'
        f"{escape(money(lo, currency, short=True))}</text>"
        f'<text class="tick" x="{x(mid):.1f}" y="{axis_y + 16}" text-anchor="middle" fill="{MUTED}"'
        f' font-size="11">{escape(money(mid, currency, short=True))}</text>'
        f'<text class="tick" x="{width - right}" y="{axis_y + 16}" text-anchor="end" fill="{MUTED}"'
        f' font-size="11">{escape(money(hi, currency, short=True))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
