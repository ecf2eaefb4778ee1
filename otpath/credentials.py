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

The codes and aliases are data, in ``otpath/rules/data/credentials.toml``
(sources: the research notes' table of credential aliases: NBCOT, state
statutes, APTA, ASHA; see ``catalog/data/sources.toml``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

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
    user: bool = False  # a credential otpath's users hold (a therapy practitioner's)


def _load(path: Path) -> dict[str, Credential]:
    """Read ``rules/data/credentials.toml`` (plain tomllib: this module loads at start-up)."""
    from .errors import RulesError

    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"cannot read credentials: {exc}", file=path.name) from None
    out: dict[str, Credential] = {}
    for code, body in doc.items():
        where = f"{code}"
        if not isinstance(body, dict) or set(body) - {"name", "assistant", "user", "aliases"}:
            raise RulesError("expected name, assistant, user and aliases", file=path.name, field=where)
        name, aliases = body.get("name"), body.get("aliases", [])
        if not isinstance(name, str) or not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            raise RulesError("name is text and aliases a list of text", file=path.name, field=where)
        if not isinstance(body.get("assistant", False), bool) or not isinstance(body.get("user", False), bool):
            raise RulesError("assistant and user are true or false", file=path.name, field=where)
        out[code] = Credential(code, name, body.get("assistant", False), tuple(aliases), body.get("user", False))
    return out


CREDENTIALS: dict[str, Credential] = _load(Path(__file__).resolve().parent / "rules" / "data" / "credentials.toml")

# The codes otpath's users hold; everything else is a code postings may accept.
CLINICAL_THERAPY_CODES: tuple[str, ...] = tuple(c.code for c in CREDENTIALS.values() if c.user)


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
    """Like :func:`normalize_credential` but raises :class:`ProfileError` when unknown,
    naming the nearest credential:

    >>> require_credential("HCPC physiotherapist")
    Traceback (most recent call last):
    ...
    otpath.errors.ProfileError: credentials: unknown credential 'HCPC physiotherapist' (did you mean PT, physical therapist?); ...
    """
    from .errors import ProfileError

    code = normalize_credential(text)
    if code is None:
        from .spelling import did_you_mean

        allowed = ", ".join(CREDENTIALS)
        guess = did_you_mean(text, _ALIASES, most=1, say=lambda c: f"{c}, {CREDENTIALS[c].name.lower()}")
        raise ProfileError(
            f"unknown credential {text!r}{guess}; use one of {allowed} or an alias such as"
            " OTR/L, COTA/L, DPT, CCC-SLP",
            field="credentials",
        )
    return code
