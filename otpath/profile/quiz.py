"""The quiz: the questions a therapist is asked before choosing a non-clinical path.

The article's "How do I know if I would like these positions?" comes down to
seven preferences: remote or in person, how much patient and family contact,
lifting, steady pay or commission, 9-to-5 or nights and weekends, more
education, running your own business. The CLI and the web app both ask these
:data:`QUESTIONS` and build a :class:`Profile` with :func:`answers_to_profile`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ProfileError
from ..money import CURRENCY_SYMBOLS, currency_label, normalize_currency
from .io import parse_profile
from .models import Profile

__all__ = [
    "Choice",
    "PREFERENCE_QUESTIONS",
    "QUESTIONS",
    "Question",
    "answers_to_profile",
    "split_interval",
    "typed_amount",
]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str  # the profile field (preferences.* for preferences)
    prompt: str
    choices: tuple[Choice, ...]
    default: str
    help: str = ""


PREFERENCE_QUESTIONS: tuple[Question, ...] = (
    Question(
        "remote",
        "Do you want to work remotely or in person?",
        (
            Choice("required", "Remote only"),
            Choice("preferred", "Remote preferred, hybrid is fine"),
            Choice("no_preference", "No preference"),
            Choice("avoid", "I want to be in person"),
        ),
        "no_preference",
    ),
    Question(
        "patient_interaction",
        "How much patient and family contact do you want?",
        (
            Choice("none", "None"),
            Choice("low", "A little"),
            Choice("medium", "Some"),
            Choice("high", "A lot"),
        ),
        "medium",
    ),
    Question(
        "physical_demand",
        "How much lifting and physical work is acceptable?",
        (
            Choice("none", "None"),
            Choice("low", "Minimal"),
            Choice("medium", "Moderate"),
            Choice("high", "Heavy is fine"),
        ),
        "medium",
    ),
    Question(
        "pay_model",
        "Do you want steady pay, or is commission upside fine?",
        (
            Choice("salary", "Steady salary or hourly pay"),
            Choice("commission_ok", "Salary plus commission is fine"),
            Choice("business", "I want business income"),
        ),
        "salary",
    ),
    Question(
        "schedule",
        "Do you want a 9-to-5, or are nights and weekends fine?",
        (
            Choice("nine_to_five", "9-to-5"),
            Choice("flexible", "Any hours: nights and weekends are fine"),
        ),
        "nine_to_five",
    ),
    Question(
        "extra_education",
        "Are you willing to get more education?",
        (
            Choice("none", "No more education"),
            Choice("certificate_ok", "A certification course is fine"),
            Choice("degree_ok", "Even a degree"),
        ),
        "certificate_ok",
    ),
    Question(
        "entrepreneurship",
        "Do you want to run your own business?",
        (Choice("false", "No"), Choice("true", "Yes")),
        "false",
    ),
)

QUESTIONS = PREFERENCE_QUESTIONS


def answers_to_profile(
    *,
    credentials: list[str],
    years_experience: float = 0,
    settings: list[str] | None = None,
    skills: list[str] | None = None,
    certifications: list[str] | None = None,
    preferences: dict[str, Any] | None = None,
    country: str | None = None,
    nhs_band: str | None = None,
    degree: str | None = None,
) -> Profile:
    """Build a validated profile from quiz answers (raises ProfileError naming the field).

    ``preferences`` may hold ``musts`` (the answers that are dealbreakers) and the pay
    floor (``pay_floor``, ``pay_floor_currency``, ``pay_floor_interval``); a blank pay
    floor (from a web form) means none. An NHS band is refused outside the UK (``GB``).
    """
    prefs = dict(preferences or {})
    if "entrepreneurship" in prefs and isinstance(prefs["entrepreneurship"], str):
        value = prefs["entrepreneurship"].strip().lower()
        prefs["entrepreneurship"] = value in ("true", "yes", "y", "1", "on")
    for key in ("pay_floor", "pay_floor_currency"):
        if isinstance(prefs.get(key), str) and not prefs[key].strip():
            del prefs[key]
    if isinstance(prefs.get("pay_floor"), str):  # "61,500" or "£31,000" as typed in a form
        prefs["pay_floor"], prefs["pay_floor_currency"] = _typed_floor(
            prefs["pay_floor"], prefs.get("pay_floor_currency")
        )
    data: dict[str, Any] = {
        "credentials": credentials,
        "years_experience": years_experience,
        "settings": settings or [],
        "skills": skills or [],
        "certifications": certifications or [],
        "preferences": prefs,
    }
    if country:
        data["country"] = country
    if nhs_band:
        data["nhs_band"] = nhs_band
    if degree and degree.strip():
        data["degree"] = degree.strip().lower()
    profile = parse_profile(data)
    if profile.nhs_band is not None and profile.country != "GB":
        # A quiz answer, not a file rule: files that hold both still load.
        raise ProfileError(
            f"an NHS band is a UK pay grade, but your country is {profile.country}:"
            " give your country as GB (UK), or leave the band out",
            field="nhs_band",
            hint="add --country GB, or leave out --nhs-band",
        )
    return profile


def _typed_floor(text: str, chosen: Any) -> tuple[float, Any]:
    """A typed pay floor and the currency chosen for it (``None`` for the country's), as
    the amount and its currency: the symbol's, unless another was chosen (refused: a
    symbol is never dropped)."""
    amount, currency = typed_amount(text)
    code = normalize_currency(chosen) if isinstance(chosen, str) else chosen
    if currency is not None and code is not None and code != currency:
        raise ProfileError(
            f"{text.strip()} is in {currency_label(currency)}, but the currency chosen for your"
            f" pay is {code}: choose {currency}, or type the amount without its symbol",
            field="pay_floor",
        )
    return amount, currency or chosen


#: Symbols a typed pay floor may start with, and the currency each names for sure: every
#: symbol otpath writes amounts with, and "US$". "$" alone names none (Canadians and
#: Australians write it too): the amount is then in the currency of the person's country.
_SYMBOLS: dict[str, str | None] = {
    **{symbol: code for code, symbol in CURRENCY_SYMBOLS.items() if symbol != "$"},
    "US$": "USD",
    "$": None,
}
_LONGEST_FIRST = sorted(_SYMBOLS, key=len, reverse=True)  # "NZ$" before "$"


def typed_amount(text: str) -> tuple[float, str | None]:
    """A pay floor as a person types it: the amount and the currency it names, by a
    symbol or a code before or after it. A ``k`` after it means thousands.

        >>> typed_amount("£31,000"), typed_amount(" 61 500 "), typed_amount("$50,000")
        ((31000.0, 'GBP'), (61500.0, None), (50000.0, None))
        >>> typed_amount("28k"), typed_amount("NZ$72.5k"), typed_amount("45000 eur")
        ((28000.0, None), (72500.0, 'NZD'), (45000.0, 'EUR'))

    Raises :class:`ProfileError` (field ``pay_floor``) when it is not an amount.
    """
    cleaned = text.strip().replace(",", "").replace(" ", "")
    coded = next((c for c in CURRENCY_SYMBOLS if cleaned.upper().startswith(c)), None)
    if coded is not None:
        cleaned = cleaned[len(coded):]
    elif (coded := next((c for c in CURRENCY_SYMBOLS if cleaned.upper().endswith(c)), None)) is not None:
        cleaned = cleaned[: -len(coded)]
    symbol = next((s for s in _LONGEST_FIRST if cleaned.upper().startswith(s)), None)
    if symbol is not None:
        cleaned = cleaned[len(symbol):]
    thousands = cleaned[-1:] in ("k", "K")
    try:
        amount = float(cleaned[:-1] if thousands else cleaned) * (1000 if thousands else 1)
    except ValueError:
        amount = math.nan
    named = {c for c in (coded, _SYMBOLS.get(symbol or "")) if c is not None}
    if not math.isfinite(amount) or len(named) > 1:
        raise ProfileError(
            "enter your pay floor as an amount, such as 31000 or £31,000 or 31k, in one currency"
            f" (not {text.strip()!r})",
            field="pay_floor",
        )
    return amount, next(iter(named), None)


_PER = re.compile(
    r"\s*(?:(?:/\s*|\b(?:an?|per)\s+)?\b(?P<unit>hour|hr|h|year|yr|annum)\b\.?"
    r"|\s+(?P<word>hourly|yearly|annually|pa|p\.a\.))\s*$",
    re.IGNORECASE,
)


def split_interval(text: str) -> tuple[str, str | None]:
    """A typed pay and what it is per, when it says (``"hourly"`` or ``"yearly"``):

        >>> split_interval("$45 an hour"), split_interval("£28k a year"), split_interval("31,000")
        (('$45', 'hourly'), ('£28k', 'yearly'), ('31,000', None))
        >>> split_interval("30/hr"), split_interval("28000 pa")
        (('30', 'hourly'), ('28000', 'yearly'))
    """
    found = _PER.search(text)
    if found is None:
        return text.strip(), None
    said = (found.group("unit") or found.group("word")).lower()
    return text[: found.start()].strip(), "hourly" if said.startswith("h") else "yearly"
