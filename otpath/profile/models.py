"""A practitioner's profile: who they are and what they want.

Profile files are TOML::

    credentials = ["COTA"]
    years_experience = 4
    settings = ["snf", "home_health"]
    skills = ["ICD-10", "documentation"]
    certifications = []

    [preferences]
    remote = "required"              # required / preferred / no_preference / avoid
    patient_interaction = "none"     # none / low / medium / high
    physical_demand = "none"         # none / low / medium / high
    pay_model = "salary"             # salary / commission_ok / business
    schedule = "nine_to_five"        # nine_to_five / flexible
    extra_education = "certificate_ok"  # none / certificate_ok / degree_ok
    entrepreneurship = false
    musts = ["remote", "patient_interaction"]  # answers that are dealbreakers (optional)
    pay_floor = 61000                # your current or lowest acceptable pay (optional)
    pay_floor_currency = "USD"       # default: the currency of your country
    pay_floor_interval = "yearly"    # yearly / hourly (year / hour say the same)

``country`` (top level, default ``"US"``) says where you work; postings paid in
another currency are judged as jobs in another country. ``nhs_band`` (top level,
optional: ``"6"``, ``"8a"``) is your NHS Agenda for Change band: an advert whose
band (named in its title, else its pay field, else a sentence saying it is hiring at
that band) is two or more above it is a stretch. ``degree`` (top level, optional:
``"associate"``, ``"bachelor"``, ``"master"``, ``"doctorate"``) is your highest degree,
worth giving when it is above the one your credential is entered with (a COTA with a
master's): a role whose sources name a degree is judged against it. Files written before
``musts``, ``pay_floor`` and ``country`` existed still load (every new field is
optional).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from ..bands import BANDS, normalize_band
from ..credentials import CREDENTIALS, require_credential
from ..errors import ProfileError
from ..money import (
    ANNUAL_HOURS,
    COUNTRY_CURRENCY,
    COUNTRY_WORDS,
    CURRENCY_SYMBOLS,
    normalize_country,
    normalize_currency,
)
from ..rules import vocabulary
from ..spelling import did_you_mean

__all__ = [
    "CREDENTIAL_NAMES",
    "MUST_KEYS",
    "MustKey",
    "PAY_FLOOR_SPLIT",
    "Preferences",
    "Profile",
    "SETTINGS",
    "SETTING_LABELS",
    "SETTING_NAMES",
    "normalize_setting",
    "setting_words",
]

# Settings a practitioner may have worked in, with the words people write for them,
# and how each is written for people: said once, in otpath/rules/data/vocabulary.toml.
SETTINGS: dict[str, tuple[str, ...]] = {key: tuple(t.aliases) for key, t in vocabulary().settings.items()}
#: How each setting is written for people.
SETTING_LABELS: dict[str, str] = {key: t.label or key for key, t in vocabulary().settings.items()}


def setting_words(key: str) -> str:
    """A setting for the middle of a sentence: ``"skilled nursing (SNF)"``."""
    label = SETTING_LABELS.get(key, key.replace("_", " "))
    return label[0].lower() + label[1:]


_SETTING_ALIASES = {a: k for k, aliases in SETTINGS.items() for a in aliases}


#: The spellings of credentials and settings that schemas list (any case is accepted too).
CREDENTIAL_NAMES: list[Any] = list(dict.fromkeys(n for c in CREDENTIALS.values() for n in (c.code, *c.aliases)))
SETTING_NAMES: list[Any] = list(dict.fromkeys(n for k, aliases in SETTINGS.items() for n in (k, *aliases)))


def normalize_setting(text: str) -> str | None:
    return _SETTING_ALIASES.get(text.strip().lower().replace("-", " ").replace("_", " ")) or (
        _SETTING_ALIASES.get(text.strip().lower())
    )


#: The quiz answers a person can mark as a must (a dealbreaker).
MustKey = Literal[
    "remote",
    "patient_interaction",
    "physical_demand",
    "pay_model",
    "schedule",
    "extra_education",
    "entrepreneurship",
]
MUST_KEYS: tuple[str, ...] = get_args(MustKey)


#: A pay floor per hour above this, or per year below it, is the other interval typed by
#: mistake ("75000 an hour", "36 a year"): no hourly pay reaches it and no yearly pay
#: stays under it, in any currency otpath knows.
PAY_FLOOR_SPLIT = 1_000


#: How a profile may write what its pay floor is per: the CLI's words (``--pay-per year``)
#: mean the same as the file's (``pay_floor_interval = "yearly"``).
_INTERVAL_WORDS = {"year": "yearly", "yearly": "yearly", "hour": "hourly", "hourly": "hourly"}


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _floor(bound: str) -> dict[str, Any]:
    return {"properties": {"pay_floor": {"anyOf": [{"type": "number", bound: PAY_FLOOR_SPLIT}, {"type": "null"}]}}}


class Preferences(BaseModel):
    # The schema says what _plausible_pay_floor refuses, so an API client can know it.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "if": {
                "required": ["pay_floor_interval"],
                "properties": {"pay_floor_interval": {"enum": ["hourly", "hour"]}},
            },
            "then": _floor("maximum"),
            "else": _floor("minimum"),
        },
    )

    remote: Literal["required", "preferred", "no_preference", "avoid"] = "no_preference"
    patient_interaction: Literal["none", "low", "medium", "high"] = "medium"
    physical_demand: Literal["none", "low", "medium", "high"] = "medium"
    pay_model: Literal["salary", "commission_ok", "business"] = "salary"
    schedule: Literal["nine_to_five", "flexible"] = "nine_to_five"
    extra_education: Literal["none", "certificate_ok", "degree_ok"] = "certificate_ok"
    entrepreneurship: StrictBool = False  # true or false only: "yes" and 1 are refused
    #: Answers above that are dealbreakers: a role or posting that breaks one is ranked
    #: below every one that keeps them all, and says which it breaks.
    musts: list[MustKey] = Field(default_factory=list)
    #: Current or lowest acceptable pay; roles and postings below it are flagged.
    pay_floor: float | None = Field(default=None, gt=0, le=10_000_000)
    #: ISO 4217 code of ``pay_floor``; ``None`` means the currency of ``Profile.country``.
    pay_floor_currency: str | None = Field(
        default=None, json_schema_extra={"enum": [*CURRENCY_SYMBOLS, None]}
    )
    pay_floor_interval: Literal["yearly", "hourly"] = Field(
        default="yearly", json_schema_extra={"enum": ["yearly", "hourly", "year", "hour"]}
    )

    @field_validator("musts")
    @classmethod
    def _unique_musts(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @field_validator("pay_floor_interval", mode="before")
    @classmethod
    def _interval_word(cls, v: object) -> object:
        return _INTERVAL_WORDS.get(v.strip().lower(), v) if isinstance(v, str) else v

    @field_validator("pay_floor_currency")
    @classmethod
    def _known_currency(cls, v: str | None) -> str | None:
        code = normalize_currency(v)
        if code is not None and code not in CURRENCY_SYMBOLS:
            raise ValueError(
                f"unknown currency {v!r}; allowed: {', '.join(CURRENCY_SYMBOLS)}"
            )
        return code

    @model_validator(mode="after")
    def _plausible_pay_floor(self) -> Preferences:
        """Refuse a pay floor given per the wrong interval (``--pay-floor 75000 --pay-per
        hour`` read as $75,000 an hour, ``--pay-floor 36`` as $36 a year), which would
        flag every role as paying too little, or none."""
        floor = self.pay_floor
        if floor is None:
            return self
        if self.pay_floor_interval == "hourly" and floor > PAY_FLOOR_SPLIT:
            raise ProfileError(
                f"{_amount(floor)} an hour is more than any hourly pay (over {PAY_FLOOR_SPLIT:,}):"
                " if it is your pay a year, give it per year",
                field="preferences.pay_floor",
                hint='--pay-per year, or pay_floor_interval = "yearly" in a profile file',
                api_hint='"pay_floor_interval": "yearly" in preferences',
            )
        if self.pay_floor_interval == "yearly" and floor < PAY_FLOOR_SPLIT:
            raise ProfileError(
                f"{_amount(floor)} a year is less than any yearly pay (under {PAY_FLOOR_SPLIT:,}):"
                " if it is your pay an hour, give it per hour",
                field="preferences.pay_floor",
                hint='--pay-per hour, or pay_floor_interval = "hourly" in a profile file',
                api_hint='"pay_floor_interval": "hourly" in preferences',
            )
        return self

    def is_must(self, key: str) -> bool:
        return key in self.musts


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credentials: list[str] = Field(
        min_length=1, json_schema_extra={"items": {"type": "string", "enum": CREDENTIAL_NAMES}}
    )
    # strict: a number only (true, "4" are refused rather than read as 1.0 and 4.0)
    years_experience: float = Field(default=0, ge=0, le=60, strict=True)
    settings: list[str] = Field(
        default_factory=list,
        json_schema_extra={"items": {"type": "string", "enum": SETTING_NAMES}},
    )
    skills: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    #: Where you work (ISO 3166 alpha-2); its currency is yours.
    country: str = Field(default="US", json_schema_extra={"enum": [*COUNTRY_CURRENCY, "UK", "USA"]})
    #: Your NHS Agenda for Change band, if you work in the NHS ("6", "8a"): adverts
    #: two or more bands above it are stretches.
    nhs_band: str | None = Field(default=None, json_schema_extra={"enum": [*BANDS, None]})
    #: Your highest degree, if it is above the one your credential is entered with (a
    #: COTA with a master's): roles whose sources name a degree judge it, not the credential.
    degree: Literal["associate", "bachelor", "master", "doctorate"] | None = None
    preferences: Preferences = Field(default_factory=Preferences)

    @field_validator("nhs_band", mode="before")
    @classmethod
    def _known_band(cls, v: object) -> str | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        band = normalize_band(str(v))
        if band is None:
            raise ValueError(f"unknown NHS band {v!r}; allowed: {', '.join(BANDS)}")
        return band

    @field_validator("country")
    @classmethod
    def _known_country(cls, v: str) -> str:
        # "UK", "USA", "United States": the names a location is read with say the same here.
        code = normalize_country(v)
        if code is None:
            guess = did_you_mean(v, {**{c: c for c in COUNTRY_CURRENCY}, **COUNTRY_WORDS})
            raise ValueError(f"unknown country {v!r}{guess}; allowed: {', '.join(COUNTRY_CURRENCY)}")
        return code

    @property
    def currency(self) -> str:
        """The currency the person is paid in: their pay floor's, else their country's."""
        return self.preferences.pay_floor_currency or COUNTRY_CURRENCY[self.country]

    def pay_floor_annual(self) -> float | None:
        """The pay floor as a yearly amount in :attr:`currency` (hourly x 2,080 hours)."""
        p = self.preferences
        if p.pay_floor is None:
            return None
        return p.pay_floor * (ANNUAL_HOURS if p.pay_floor_interval == "hourly" else 1)

    @field_validator("credentials")
    @classmethod
    def _canonical_credentials(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for item in v:
            code = require_credential(item)
            if code not in out:
                out.append(code)
        return out

    @field_validator("settings")
    @classmethod
    def _canonical_settings(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for item in v:
            code = normalize_setting(item)
            if code is None:
                guess = did_you_mean(item, _SETTING_ALIASES)
                raise ValueError(f"unknown setting {item!r}{guess}; allowed: {', '.join(SETTINGS)}")
            if code not in out:
                out.append(code)
        return out

    @field_validator("skills", "certifications")
    @classmethod
    def _strip(cls, v: list[str]) -> list[str]:
        return [s.strip() for s in v if s and s.strip()]
