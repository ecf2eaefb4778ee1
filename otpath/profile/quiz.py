"""The quiz: the questions a therapist is asked before choosing a non-clinical path.

The article's "How do I know if I would like these positions?" comes down to
seven preferences: remote or in person, how much patient and family contact,
lifting, steady pay or commission, 9-to-5 or nights and weekends, more
education, running your own business. The CLI and the web app both ask these
:data:`QUESTIONS` and build a :class:`Profile` with :func:`answers_to_profile`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import ProfileError
from .io import parse_profile
from .models import Profile

__all__ = ["Choice", "Question", "QUESTIONS", "PREFERENCE_QUESTIONS", "answers_to_profile"]


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
        amount, currency = _typed_amount(prefs["pay_floor"])
        prefs["pay_floor"] = amount
        if currency and not prefs.get("pay_floor_currency"):
            prefs["pay_floor_currency"] = currency
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


# Symbols a typed pay floor may start with, and the currency each names for sure.
_SYMBOLS = {"£": "GBP", "€": "EUR", "A$": "AUD", "C$": "CAD", "US$": "USD", "$": None}


def _typed_amount(text: str) -> tuple[float, str | None]:
    """A pay floor as a person types it: the amount and the currency its symbol names.

        >>> _typed_amount("£31,000"), _typed_amount(" 61 500 "), _typed_amount("$50,000")
        ((31000.0, 'GBP'), (61500.0, None), (50000.0, None))

    Raises :class:`ProfileError` (field ``pay_floor``) when it is not an amount.
    """
    cleaned = text.strip().replace(",", "").replace(" ", "")
    currency = None
    for symbol, code in _SYMBOLS.items():
        if cleaned.upper().startswith(symbol):
            cleaned, currency = cleaned[len(symbol):], code
            break
    try:
        amount = float(cleaned)
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount):
        raise ProfileError(
            f"enter your pay floor as an amount, such as 31000 or £31,000 (not {text.strip()!r})",
            field="pay_floor",
        )
    return amount, currency
