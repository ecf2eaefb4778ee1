"""National wage figures from BLS OEWS (May 2025) for credentials and roles.

    >>> credential_wage("COTA").annual_median
    72300
    >>> role_wage("recruiter").wage.title
    'Human Resources Specialists'

A role has a comparison only where a source says which BLS occupation holds
it (``data/wage_links.toml``); otherwise :func:`role_wage` returns ``None``
rather than guess.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["BLS_ATTRIBUTION", "RoleWage", "Wage", "credential_wage", "role_wage", "wage_table"]

DATA = Path(__file__).parent / "data"
BLS_SOURCE_KEY = "bls:oews-2025"
BLS_ATTRIBUTION = (
    "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), "
    "May 2025 national estimates. BLS.gov cannot vouch for the data or analyses derived from these "
    "data after the data have been retrieved from BLS.gov."
)


@dataclass(frozen=True)
class Wage:
    soc: str
    title: str
    employment: int | None
    hourly_median: float | None
    annual_median: int | None
    annual_p10: int | None
    annual_p90: int | None
    source: str = BLS_SOURCE_KEY


@dataclass(frozen=True)
class RoleWage:
    wage: Wage
    sources: tuple[str, ...]
    note: str


def _num(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text or text in ("-", "*", "#"):
        return None
    return float(text)


def _int(text: str) -> int | None:
    v = _num(text)
    return None if v is None else int(v)


@lru_cache(maxsize=1)
def wage_table() -> dict[str, Wage]:
    out: dict[str, Wage] = {}
    with (DATA / "bls_oews_national_may2025.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["soc_code"]] = Wage(
                soc=row["soc_code"],
                title=row["occupation_title"],
                employment=_int(row["tot_emp"]),
                hourly_median=_num(row["h_median"]),
                annual_median=_int(row["a_median"]),
                annual_p10=_int(row["a_pct10"]),
                annual_p90=_int(row["a_pct90"]),
            )
    return out


@lru_cache(maxsize=1)
def _links() -> dict:
    with (DATA / "wage_links.toml").open("rb") as fh:
        return tomllib.load(fh)


def credential_wage(code: str) -> Wage | None:
    soc = _links()["credentials"].get(code)
    return wage_table().get(soc) if soc else None


def role_wage(role_id: str) -> RoleWage | None:
    link = _links()["roles"].get(role_id)
    if not link:
        return None
    return RoleWage(wage=wage_table()[link["soc"]], sources=tuple(link["sources"]), note=link["note"])
