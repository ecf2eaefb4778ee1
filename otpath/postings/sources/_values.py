"""Lenient value parsers shared by the readers (private).

Each returns ``None`` when the value is empty *or* cannot be read; the caller
decides whether that is an error (our JSONL schema) or a value to keep verbatim
in ``raw`` (third-party exports such as JobSpy)::

    >>> parse_interval("HOUR"), parse_interval("per year"), parse_interval("fortnightly")
    ('hourly', 'yearly', None)
    >>> parse_amount("$55,000"), parse_amount("62.5k"), parse_amount("nan")
    (55000.0, 62500.0, None)
    >>> parse_bool("True"), parse_bool("no"), parse_bool("")
    (True, False, None)

Exports written by pandas and friends spell a missing value as text (``None``,
``nan``, ``NaN``, ``null``, ``NaT``, ``<NA>``); :func:`clean_text` reads a whole
value spelled that way as missing, so it is never stored as a URL or a company::

    >>> clean_text("None"), clean_text(" NaN "), clean_text("Nancy")
    (None, None, 'Nancy')
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

__all__ = [
    "PayInterval",
    "RemoteKind",
    "MISSING_WORDS",
    "clean_text",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_interval",
    "parse_remote",
]

PayInterval = Literal["hourly", "daily", "weekly", "monthly", "yearly"]
RemoteKind = Literal["remote", "hybrid", "onsite"]

_INTERVALS: dict[str, PayInterval] = {}
for _canon, _aliases in {
    "hourly": ("hourly", "hour", "hr", "per hour", "an hour", "/hr", "/hour"),
    "daily": ("daily", "day", "per day", "a day", "/day"),
    "weekly": ("weekly", "week", "wk", "per week", "a week", "/week"),
    "monthly": ("monthly", "month", "mo", "per month", "a month", "/month"),
    "yearly": (
        "yearly",
        "year",
        "yr",
        "annual",
        "annually",
        "per year",
        "a year",
        "per annum",
        "/year",
        "/yr",
    ),
}.items():
    for _alias in _aliases:
        _INTERVALS[_alias] = _canon  # type: ignore[assignment]

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_REMOTE: dict[str, RemoteKind] = {
    "remote": "remote",
    "fully remote": "remote",
    "100% remote": "remote",
    "telecommute": "remote",
    "work from home": "remote",
    "wfh": "remote",
    "hybrid": "hybrid",
    "onsite": "onsite",
    "on-site": "onsite",
    "on site": "onsite",
    "in office": "onsite",
    "in-office": "onsite",
    "office": "onsite",
    "work from office": "onsite",
    "in person": "onsite",
    "in-person": "onsite",
}
#: Whole values that mean "no value" in third-party exports (compared case-sensitively
#: after stripping: pandas writes these spellings, a person rarely types them as data).
MISSING_WORDS = frozenset({"None", "none", "nan", "NaN", "NAN", "null", "NULL", "Null", "NaT", "<NA>"})
_AMOUNT_JUNK = re.compile(r"[\s,$€£¥]|usd|eur|gbp|cad|aud", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})(?:$|[T ])")


def clean_text(value: Any) -> str | None:
    """A stripped string from text or a number; None for None/empty/NaN/lists/objects
    and for the spellings of a missing value in :data:`MISSING_WORDS`."""
    if type(value) is str:  # the hot path: every CSV cell
        text = value.strip()
        if not text or (len(text) <= 4 and text in MISSING_WORDS):
            return None
        return text
    if value is None or isinstance(value, list | dict | bool):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def parse_bool(value: Any) -> bool | None:
    """``True``/``"True"``/``"yes"``/``1`` -> True; the false forms -> False; else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return bool(value) if value in (0, 1) else None
    text = clean_text(value)
    if text is None:
        return None
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


def parse_remote(value: Any) -> tuple[bool | None, RemoteKind | None]:
    """``(remote_hint, remote_type_hint)`` from a bool or a word.

    >>> parse_remote(True), parse_remote("Hybrid"), parse_remote("on-site")
    ((True, None), (None, 'hybrid'), (False, 'onsite'))
    """
    flag = parse_bool(value)
    if flag is not None:
        return flag, None
    text = clean_text(value)
    if text is None:
        return None, None
    kind = _REMOTE.get(" ".join(text.lower().split()))
    if kind == "remote":
        return True, "remote"
    if kind == "hybrid":
        return None, "hybrid"
    if kind == "onsite":
        return False, "onsite"
    return None, None


def parse_interval(value: Any) -> PayInterval | None:
    """Map "hourly", "HOUR" (schema.org unitText), "per year", "annual"... to our intervals."""
    text = clean_text(value)
    if text is None:
        return None
    low = " ".join(text.lower().split())
    if low in get_args(PayInterval):
        return low  # type: ignore[return-value]
    return _INTERVALS.get(low)


def parse_amount(value: Any) -> float | None:
    """A finite, non-negative pay amount from a number or text like "$55,000" or "62.5k"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean_text(value)
        if text is None:
            return None
        text = _AMOUNT_JUNK.sub("", text)
        scale = 1.0
        if text[-1:] in ("k", "K"):
            scale, text = 1000.0, text[:-1]
        try:
            number = float(text) * scale
        except ValueError:
            return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def parse_date(value: Any) -> date | None:
    """A date from ``YYYY-MM-DD`` (a time part is ignored) or epoch seconds/milliseconds.

    Numbers above 10^11 are read as milliseconds (what pandas ``to_json`` writes).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        seconds = value / 1000 if abs(value) >= 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = clean_text(value)
    if text is None:
        return None
    match = _ISO_DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
