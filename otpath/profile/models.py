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
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from ..credentials import CREDENTIALS, require_credential

__all__ = [
    "CREDENTIAL_NAMES",
    "Preferences",
    "Profile",
    "SETTINGS",
    "SETTING_NAMES",
    "normalize_setting",
]

# Settings a practitioner may have worked in, with the words people write for them.
SETTINGS: dict[str, tuple[str, ...]] = {
    "acute": ("acute", "acute care", "hospital", "inpatient acute"),
    "irf": ("irf", "inpatient rehab", "inpatient rehabilitation", "acute rehab", "air"),
    "snf": ("snf", "skilled nursing", "skilled nursing facility", "subacute", "sub-acute", "ltc"),
    "ltach": ("ltach", "ltac", "long-term acute care"),
    "home_health": ("home_health", "home health", "home care", "hh"),
    "outpatient": ("outpatient", "op", "outpatient ortho", "clinic"),
    "pediatrics": ("pediatrics", "peds", "pediatric", "paediatrics"),
    "schools": ("schools", "school", "school-based", "school based"),
    "early_intervention": ("early_intervention", "early intervention", "ei"),
    "mental_health": ("mental_health", "mental health", "behavioral health", "psych"),
    "hand_therapy": ("hand_therapy", "hand therapy", "hands"),
    "managed_care": ("managed_care", "managed care", "payer", "insurance"),
    "industrial": ("industrial", "occupational health", "work hardening"),
    "travel": ("travel", "travel therapy"),
    "telehealth": ("telehealth", "teletherapy"),
    "academia": ("academia", "academic", "teaching"),
}
_SETTING_ALIASES = {a: k for k, aliases in SETTINGS.items() for a in aliases}


#: The spellings of credentials and settings that schemas list (any case is accepted too).
CREDENTIAL_NAMES = list(dict.fromkeys(n for c in CREDENTIALS.values() for n in (c.code, *c.aliases)))
SETTING_NAMES = list(dict.fromkeys(n for k, aliases in SETTINGS.items() for n in (k, *aliases)))


def normalize_setting(text: str) -> str | None:
    return _SETTING_ALIASES.get(text.strip().lower().replace("-", " ").replace("_", " ")) or (
        _SETTING_ALIASES.get(text.strip().lower())
    )


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remote: Literal["required", "preferred", "no_preference", "avoid"] = "no_preference"
    patient_interaction: Literal["none", "low", "medium", "high"] = "medium"
    physical_demand: Literal["none", "low", "medium", "high"] = "medium"
    pay_model: Literal["salary", "commission_ok", "business"] = "salary"
    schedule: Literal["nine_to_five", "flexible"] = "nine_to_five"
    extra_education: Literal["none", "certificate_ok", "degree_ok"] = "certificate_ok"
    entrepreneurship: StrictBool = False  # true or false only: "yes" and 1 are refused


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
    preferences: Preferences = Field(default_factory=Preferences)

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
                raise ValueError(
                    f"unknown setting {item!r}; allowed: {', '.join(SETTINGS)}"
                )
            if code not in out:
                out.append(code)
        return out

    @field_validator("skills", "certifications")
    @classmethod
    def _strip(cls, v: list[str]) -> list[str]:
        return [s.strip() for s in v if s and s.strip()]
