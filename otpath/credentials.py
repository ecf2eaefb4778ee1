"""Credential codes and the aliases practitioners and postings write.

One function, :func:`normalize_credential`, turns any alias into a canonical
code::

    >>> normalize_credential("OTR/L")
    'OT'
    >>> normalize_credential("C.O.T.A./L")
    'COTA'
    >>> normalize_credential("CCC-SLP")
    'SLP'
    >>> normalize_credential("barista") is None
    True

Sources for the aliases: the research notes' table of credential aliases
(NBCOT, state statutes, APTA, ASHA), see ``catalog/data/sources.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CLINICAL_THERAPY_CODES",
    "CREDENTIALS",
    "Credential",
    "normalize_credential",
    "require_credential",
]


@dataclass(frozen=True)
class Credential:
    code: str
    name: str
    assistant: bool
    aliases: tuple[str, ...]


CREDENTIALS: dict[str, Credential] = {
    c.code: c
    for c in (
        Credential(
            "OT",
            "Occupational therapist",
            False,
            (
                "OT", "OTR", "OTR/L", "OT/L", "OTL", "L.O.T.", "LOT", "O.T.R.", "O.T.R./L",
                "OTD", "OTD/L", "OTR/L, OTD", "MOT", "MSOT", "MS OT", "MS, OTR/L",
                "occupational therapist", "occupational therapists",
                "registered occupational therapist", "licensed occupational therapist",
            ),
        ),
        Credential(
            "COTA",
            "Certified occupational therapy assistant",
            True,
            (
                "COTA", "COTA/L", "C.O.T.A.", "C.O.T.A./L", "C.O.T.A./L.", "OTA", "OTA/L",
                "L.O.T.A.", "LOTA", "COTA/OTA", "OTA/COTA", "occupational therapy assistant",
                "occupational therapy assistants", "occupational therapist assistant",
                "certified occupational therapy assistant",
                "licensed occupational therapy assistant",
            ),
        ),
        Credential(
            "PT",
            "Physical therapist",
            False,
            (
                "PT", "DPT", "PT, DPT", "MPT", "MSPT", "RPT", "LPT", "PT/DPT",
                "physical therapist", "physical therapists", "licensed physical therapist",
                "physiotherapist", "physiotherapists",
            ),
        ),
        Credential(
            "PTA",
            "Physical therapist assistant",
            True,
            (
                "PTA", "LPTA", "PTA/L", "physical therapist assistant",
                "physical therapist assistants", "physical therapy assistant",
                "physical therapy assistants", "licensed physical therapist assistant",
            ),
        ),
        Credential(
            "SLP",
            "Speech-language pathologist",
            False,
            (
                "SLP", "CCC-SLP", "SLP-CCC", "MS, CCC-SLP", "MA, CCC-SLP", "CF-SLP", "ST",
                "speech-language pathologist", "speech language pathologist",
                "speech-language pathologists", "speech therapist", "speech and language therapist",
            ),
        ),
        Credential(
            "SLPA",
            "Speech-language pathology assistant",
            True,
            ("SLPA", "SLP-A", "speech-language pathology assistant", "speech language pathology assistant"),
        ),
        Credential(
            "RN",
            "Registered nurse",
            False,
            ("RN", "R.N.", "BSN", "BSN, RN", "registered nurse", "registered nurses"),
        ),
        Credential(
            "LPN",
            "Licensed practical / vocational nurse",
            False,
            ("LPN", "LVN", "licensed practical nurse", "licensed vocational nurse"),
        ),
        Credential(
            "ATC",
            "Athletic trainer",
            False,
            ("ATC", "LAT", "ATC/L", "athletic trainer", "athletic trainers", "certified athletic trainer"),
        ),
        Credential(
            "SW",
            "Social worker",
            False,
            ("LCSW", "LMSW", "MSW", "LSW", "social worker", "licensed clinical social worker"),
        ),
    )
}

# The codes otpath's users hold; everything else is a code postings may accept.
CLINICAL_THERAPY_CODES: tuple[str, ...] = ("OT", "COTA", "PT", "PTA", "SLP")


def _key(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"[\s]+", " ", text)
    return text.rstrip(".").replace(" /", "/").replace("/ ", "/")


def _squash(text: str) -> str:
    # "C.O.T.A./L" -> "cota/l"; keeps the slash that separates a licence suffix.
    return re.sub(r"[.\s]", "", text.lower())


_ALIASES: dict[str, str] = {}
for _cred in CREDENTIALS.values():
    for _alias in (_cred.code, *_cred.aliases):
        _ALIASES[_key(_alias)] = _cred.code
        _ALIASES.setdefault(_squash(_alias), _cred.code)


def normalize_credential(text: str) -> str | None:
    """Return the canonical code for ``text`` (any alias, any case), or ``None``."""
    if not text or not text.strip():
        return None
    key = _key(text)
    if key in _ALIASES:
        return _ALIASES[key]
    squashed = _squash(text)
    if squashed in _ALIASES:
        return _ALIASES[squashed]
    # plurals such as "PTs", "OTAs", "COTAs"
    if squashed.endswith("s") and squashed[:-1] in _ALIASES:
        return _ALIASES[squashed[:-1]]
    return None


def require_credential(text: str) -> str:
    """Like :func:`normalize_credential` but raises :class:`ProfileError` when unknown."""
    from .errors import ProfileError

    code = normalize_credential(text)
    if code is None:
        allowed = ", ".join(CREDENTIALS)
        raise ProfileError(
            f"unknown credential {text!r}; use one of {allowed} or an alias such as OTR/L, COTA/L, DPT, CCC-SLP",
            field="credentials",
        )
    return code
