"""The closing date an advert states in its own words, for boards that give none.

A JSON-LD ``validThrough`` or a board's field wins; without one, a "Closing date:
27/11/2020" line (extract.toml ``[closing_date]``) says when the advert closed, so one
that closed long ago is never "can apply".

    >>> closing_date("Posting Number: 7327\\nClosing Date: 08/20/2025\\nShift: Day")
    (datetime.date(2025, 8, 20), 'Closing Date: 08/20/2025')
    >>> closing_date("Closing date: 11th November 2020", british=True)[0]
    datetime.date(2020, 11, 11)
    >>> closing_date("Closing date: 01/05/2026", british=True)[0]  # day first in a British advert
    datetime.date(2026, 5, 1)
    >>> closing_date("Closing date: 01/05/2026")[0]  # month first elsewhere
    datetime.date(2026, 1, 5)
    >>> closing_date("Open & closing dates\\n02/26/2026 to 03/03/2026")[0]
    datetime.date(2026, 3, 3)
    >>> closing_date("Closing date: to be confirmed") is None
    True
"""

from __future__ import annotations

import re
from datetime import date

from ...rules import extract_rules
from ...rules.engine import compile_alternatives

__all__ = ["closing_date", "mentions_closing", "parse_day"]

_R = extract_rules().closing_date
_LABEL = compile_alternatives(_R.labels) if _R.labels else None
_RANGE = compile_alternatives(_R.ranges) if _R.ranges else None

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for m in names
}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<a>[01]?\d)-(?P<b>[0-3]?\d)\b"),  # 2025-08-20
    re.compile(r"\b(?P<a>[0-3]?\d)[/.\-](?P<b>[0-3]?\d)[/.\-](?P<year>(?:19|20)?\d\d)\b"),  # 08/20/2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),  # 11th November 2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # November 11, 2020
)


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_day(text: str, *, british: bool = False) -> list[tuple[date, int]]:
    """Every date written in ``text``, with where it starts, in order.

        >>> [d.isoformat() for d, _ in parse_day("from 02/26/2026 to March 3, 2026")]
        ['2026-02-26', '2026-03-03']
    """
    found: list[tuple[date, int, int]] = []
    for form in _FORMS:
        for m in form.finditer(text):
            if any(s <= m.start() < e for _, s, e in found):
                continue  # one date read once, by the first form that takes it
            g = m.groupdict()
            year = int(g["year"])
            year += 2000 if year < 100 else 0
            if "mon" in g and g["mon"]:
                day = _day(year, _MONTHS[g["mon"].lower().rstrip(".")], int(g["day"]))
            elif form is _FORMS[0]:
                day = _day(year, int(g["a"]), int(g["b"]))
            else:
                a, b = int(g["a"]), int(g["b"])
                day_first = a > 12 or (british and b <= 12)
                day = _day(year, b, a) if day_first else _day(year, a, b)
            if day is not None:
                found.append((day, m.start(), m.end()))
    return [(d, s) for d, s, _ in sorted(found, key=lambda f: f[1])]


def mentions_closing(text: str) -> bool:
    """A cheap first look: could ``text`` hold a closing-date label at all?"""
    return "los" in text or "eadline" in text or "LOS" in text or "EADLINE" in text


def closing_date(text: str, *, british: bool = False) -> tuple[date, str] | None:
    """The closing date the advert states, and the line it is on (or None)."""
    if not mentions_closing(text):
        return None
    window = _R.window_chars
    for rx, last in ((_RANGE, True), (_LABEL, False)):
        if rx is None:
            continue
        for m in rx.finditer(text):
            after = text[m.end() : m.end() + window + (window if last else 0)]
            dates = parse_day(after, british=british)
            if not dates:
                continue
            day, at = dates[-1] if last else dates[0]
            if not last and "\n" in after[:at].strip().strip(":-\u2013 \t"):
                continue  # a date two lines down belongs to something else
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end() + at)
            line = " ".join(text[start : end if end != -1 else len(text)].split())
            return day, line[:200]
    return None
