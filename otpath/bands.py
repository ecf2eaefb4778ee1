"""NHS Agenda for Change bands: the grade a UK advert's title names, and yours.

An NHS advert usually names its band in the title ("Band 6 Occupational
Therapist", "Team Lead (Band 8a)", "Practitioner B6/B7"). otpath reads it from
the title only: a description names other people's bands too ("you will
supervise Band 5 staff", "progress to Band 7"), and on the NHS file the first
band a description names disagreed with the title's in about 1 advert in 12.

When the title names none, the band the advert's own pay field names is used
("Band 8a-8b", "£45,753-£51,668 (B8a)"): on the NHS file that field agreed with the
title's band in 60 of the 61 adverts where both name one. Failing both, a sentence that
says the advert is hiring at a band ("we are looking to appoint a Band 7 ...") gives it
(``otpath.postings.pipeline.extract.description_band``, cues in extract.toml). Failing
those, a pay range that is exactly a band's, entry to top, on a dated Agenda for Change
pay scale (``otpath/data/afc_pay_scales.toml``, sourced) gives that band
(:func:`afc_band`): "£24,907 - £30,615" was band 5 in 2020/21.

Bands are compared by their order only (2 < 3 < ... < 7 < 8a < 8b < 8c < 8d < 9);
no pay is read from them.

    >>> title_band("Advanced MSK Physiotherapy Practitioner Team Lead (Band 8a)")
    '8a'
    >>> title_band("Rotational Physiotherapist Band 5/6"), title_band("Practitioner B6/B7")
    ('5-6', '6-7')
    >>> title_band("Therapy Lead AfC 8a"), title_band("Practitioner (Bands 5-8a)")
    ('8a', '5')
    >>> title_band("Occupational Therapist"), title_band("Band 5 - 2 year rotation")
    (None, '5')
    >>> pay_band("£45,753-£51,668 (B8a) £53,168-£62,001 (B8b) pa"), pay_band("£24,907 per annum")
    ('8a-8b', None)
    >>> normalize_band("Band 8A"), steps_above("8a", "6")
    ('8a', 2)
    >>> afc_band(24907, 30615), afc_band(29888, 36738)  # a London supplement matches nothing
    (('5', '2020/21'), None)
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "BANDS", "INNER_LONDON_SUPPLEMENT", "afc_band", "afc_scales", "band_range", "normalize_band",
    "paid_like_band", "pay_band", "senior_words", "steps_above", "title_band",
]  # fmt: skip

#: The bands in order (band 1 is closed to new entrants but still held).
BANDS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
_RANK = {b: i for i, b in enumerate(BANDS)}
_ONE = r"(?:8\s?[a-dA-D](?![a-zA-Z])|[1-9])(?![0-9])"
_TITLE = re.compile(
    rf"(?:\b(?:[Bb][Aa][Nn][Dd][Ss]?|AfC|AFC|afc)\s*(?P<lo>{_ONE})|(?<![Ww]ard\s)(?<!WARD\s)\bB(?P<blo>[2-7]|8[a-dA-D]|9)\b)"
    rf"(?:\s*(?:/|-|\u2013|&|\bor\b|\band\b|\bto\b)\s*(?:[Bb][Aa][Nn][Dd]\s*|B)?(?P<hi>{_ONE}))?"
)


def normalize_band(text: str) -> str | None:
    """``"Band 8A"``, ``"8 a"`` or ``"6"`` as a band key (``"8a"``, ``"6"``); ``None``
    when it is none. A bare ``8`` is read as 8a, the first of its four."""
    key = re.sub(r"^\s*band\s*", "", str(text).strip(), flags=re.I).replace(" ", "").lower()
    if key == "8":
        key = "8a"
    return key if key in _RANK else None


def title_band(title: str) -> str | None:
    """The band (``"6"``) or bands (``"5-6"``) an advert's title names, if any."""
    m = _TITLE.search(title or "")
    if m is None:
        return None
    lo = normalize_band(m.group("lo") or m.group("blo") or "")
    if lo is None:
        return None
    hi = normalize_band(m.group("hi") or "") if m.group("hi") else None
    if hi is None or _RANK[hi] <= _RANK[lo] or _RANK[hi] - _RANK[lo] > 2:
        return lo  # "Band 5 - 2 year rotation" is band 5
    return f"{lo}-{hi}"


def pay_band(pay_text: str | None) -> str | None:
    """The band (``"6"``) or bands (``"8a-8b"``) an advert's pay field names, if any.

    Every band the pay names counts ("£45,753-£51,668 (B8a) £53,168-£62,001 (B8b)"
    is 8a-8b); bands more than two apart give the lowest, as in a title.
    """
    found = []
    for m in _TITLE.finditer(pay_text or ""):
        for g in ("lo", "blo", "hi"):
            band = normalize_band(m.group(g)) if m.group(g) else None
            if band is not None:
                found.append(band)
    if not found:
        return None
    lo, hi = min(found, key=_RANK.__getitem__), max(found, key=_RANK.__getitem__)
    if lo == hi or _RANK[hi] - _RANK[lo] > 2:
        return lo
    return f"{lo}-{hi}"


def band_range(band: str) -> tuple[str, str] | None:
    """``"5-6"`` -> ``("5", "6")``; ``"8a"`` -> ``("8a", "8a")``."""
    parts = [normalize_band(p) for p in str(band).split("-")]
    if not parts or any(p is None for p in parts) or len(parts) > 2:
        return None
    lo, hi = parts[0], parts[-1]
    assert lo is not None and hi is not None
    return lo, hi


def steps_above(post: str, mine: str) -> int | None:
    """How many bands the post's lowest band is above ``mine`` (negative: below)."""
    rng, own = band_range(post), normalize_band(mine)
    if rng is None or own is None:
        return None
    return _RANK[rng[0]] - _RANK[own]


def senior_words(words: str) -> str:
    """A title's senior words as shown, quoted: ``"Head of"`` -> ``'“Head of …”'``."""
    return f"“{words}{' …' if words.lower().endswith(' of') else ''}”"


@lru_cache(maxsize=1)
def afc_scales() -> list[dict[str, Any]]:
    """The dated Agenda for Change pay scales otpath ships, with their sources."""
    path = Path(__file__).parent / "data" / "afc_pay_scales.toml"
    scales = tomllib.loads(path.read_text(encoding="utf-8"))["scales"]
    for scale in scales:
        if not scale.get("sources") or set(scale["bands"]) - set(BANDS):
            raise ValueError(f"{path.name}: {scale.get('year')}: needs sources and known bands")
    return scales


@lru_cache(maxsize=1)
def _by_range() -> dict[tuple[int, int], tuple[str, str]]:
    return {
        (int(lo), int(hi)): (band, scale["year"])
        for scale in afc_scales()
        for band, (lo, hi) in scale["bands"].items()
    }


#: Inner London's high cost area supplement, at most this share of basic pay (NHS
#: Employers, "Pay in high cost areas": inner London 20%, outer London 15%, fringe 5%,
#: each with a minimum and a maximum payment).
INNER_LONDON_SUPPLEMENT = 0.20


def paid_like_band(
    amount: float, day: date, mine: str, *, london: bool = False
) -> tuple[str, int, str] | None:
    """The highest band whose entry point ``amount`` (pounds a year) reaches on the pay
    scale in force on ``day``, with that entry point and the scale's year, when it is two
    or more bands above ``mine``; else None (no scale for that day, or not so far up).
    In ``london``, the amount less the largest supplement is compared.

        >>> paid_like_band(60058, date(2020, 11, 1), "6")
        ('8b', 53168, '2020/21')
        >>> paid_like_band(60058, date(2020, 11, 1), "6", london=True)  # 60,058 / 1.2 = 50,048
        ('8a', 45753, '2020/21')
        >>> paid_like_band(44503, date(2020, 11, 1), "6") is None  # band 7's top: one band up
        True
        >>> paid_like_band(60058, date(2022, 11, 1), "6") is None  # no 2022/23 scale shipped
        True

    Only for band 4 and above. Outside inner London a supplement is at most 15% of basic
    pay, which never lifts the entry point of a band 5 or higher past the next band's
    (``tests/test_bands.py`` checks it on every scale shipped); lower down it can.
    """
    own = normalize_band(mine)
    if own is None or _RANK[own] < _RANK["4"]:
        return None
    scale = next((s for s in afc_scales() if s["from"] <= day <= s["to"]), None)
    if scale is None:
        return None
    if london:
        amount = amount / (1 + INNER_LONDON_SUPPLEMENT)
    reached = [(b, int(lo)) for b, (lo, _) in scale["bands"].items() if lo <= amount]
    if not reached:
        return None
    band, entry = max(reached, key=lambda be: _RANK[be[0]])
    return (band, entry, scale["year"]) if _RANK[band] - _RANK[own] >= 2 else None


def afc_band(lo: float | None, hi: float | None) -> tuple[str, str] | None:
    """The band, and the pay scale's year, whose range is exactly ``lo`` to ``hi`` pounds
    a year (a single amount: a band's entry point), else None."""
    if lo is None:
        return None
    if hi is None or hi == lo:
        return next(((b, y) for (e, _), (b, y) in _by_range().items() if e == round(lo)), None)
    return _by_range().get((round(lo), round(hi)))
