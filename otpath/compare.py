"""Two to four roles side by side: their facts, your fit, their pay and their postings.

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     c = compare_roles(store, ["utilization_review", "recruiter"])
    >>> [r.id for r in c.roles], c.roles[0].work_arrangement, c.roles[0].market.postings
    (['utilization_review', 'recruiter'], 'remote', 0)

Each column is built from the catalog (every fact with its sources, as on the role
page), the fit engine (when a profile is given), the BLS national wage of the
occupation a source links the role to (none is guessed), and
:func:`otpath.insights.market_insights` over the stored postings.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .catalog import default_catalog
from .catalog.models import ExtraEducation, Level, PayModel, Schedule, WorkArrangement
from .errors import OtpathError
from .fit import FitResult, score_role
from .insights import MarketInsights, market_insights
from .match import role_evidence
from .profile import Profile
from .search import SearchItem, SearchQuery, search
from .store import Store
from .wages import BLS_SOURCE_KEY, role_wage

__all__ = ["MAX_ROLES", "MIN_ROLES", "BlsWage", "Comparison", "RoleColumn", "compare_roles"]

MIN_ROLES = 2
MAX_ROLES = 4


class BlsWage(BaseModel):
    """The national wage of the BLS occupation a source says holds the role."""

    occupation: str
    annual_median: int | None
    annual_p10: int | None
    annual_p90: int | None
    note: str
    sources: list[str] = Field(description="Sources linking the role to the occupation, then BLS.")


class RoleColumn(BaseModel):
    id: str
    title: str
    family: str
    family_title: str
    summary: str
    eligible_credentials: list[str]
    open_to_all: bool
    work_arrangement: WorkArrangement
    patient_interaction: Level
    physical_demand: Level
    pay_model: PayModel
    pay_range: str | None
    schedule: Schedule
    extra_education: ExtraEducation
    years_min: float | None
    years_max: float | None
    certifications: list[str] = Field(description="Certifications the catalog names (required marked).")
    sources: list[str]
    fit: FitResult | None = None
    bls: BlsWage | None = None
    market: MarketInsights
    newest: list[SearchItem] = Field(description="The newest stored postings of the role.")


class Comparison(BaseModel):
    roles: list[RoleColumn]
    profile_used: bool
    include_sample: bool


def _unique(role_ids: list[str]) -> list[str]:
    out: list[str] = []
    for rid in role_ids:
        clean = rid.strip().lower().replace("-", "_")
        if clean and clean not in out:
            out.append(clean)
    return out


def compare_roles(
    store: Store,
    role_ids: list[str],
    *,
    profile: Profile | None = None,
    include_sample: bool = False,
    postings: int = 3,
) -> Comparison:
    """Columns for 2-4 catalog roles (unknown ids raise :class:`NotFoundError`)."""
    ids = _unique(role_ids)
    if not MIN_ROLES <= len(ids) <= MAX_ROLES:
        raise OtpathError(
            f"compare {MIN_ROLES} to {MAX_ROLES} different roles, not {len(ids)}",
            hint="run 'otpath roles' to list role ids",
        )
    catalog = default_catalog()
    # what the stored postings accept counts, as in 'otpath match': the same role, the same verdict
    evidence = role_evidence(store) if profile is not None else None
    columns = []
    for rid in ids:
        role = catalog.role(rid)  # NotFoundError
        link = role_wage(role.id)
        bls = None
        if link is not None:
            bls = BlsWage(
                occupation=link.wage.title, annual_median=link.wage.annual_median,
                annual_p10=link.wage.annual_p10, annual_p90=link.wage.annual_p90, note=link.note,
                sources=[*link.sources, BLS_SOURCE_KEY],
            )  # fmt: skip
        newest = search(
            store, SearchQuery(role=role.id, per_page=postings, include_sample=include_sample)
        ).items
        columns.append(
            RoleColumn(
                id=role.id, title=role.title, family=role.family,
                family_title=catalog.families[role.family].title, summary=role.summary,
                eligible_credentials=role.eligible_credentials, open_to_all=role.open_to_all,
                work_arrangement=role.work_arrangement, patient_interaction=role.patient_interaction,
                physical_demand=role.physical_demand, pay_model=role.pay_model,
                pay_range=role.pay_range, schedule=role.schedule,
                extra_education=role.extra_education, years_min=role.experience.years_min,
                years_max=role.experience.years_max,
                certifications=[
                    f"{c.name} (required)" if c.required else c.name for c in role.certifications
                ],
                sources=list(role.sources),
                fit=score_role(role, profile, evidence=evidence) if profile is not None else None,
                bls=bls,
                # pay only from postings open to the person: not an RN-only posting's pay
                market=market_insights(store, role=role.id, include_sample=include_sample,
                                       pay_for=profile.credentials if profile is not None else ()),
                newest=newest,
            )  # fmt: skip
        )
    return Comparison(roles=columns, profile_used=profile is not None, include_sample=include_sample)
