"""The role catalog's data model.

A role is one TOML file in ``catalog/data/roles/``. Scalar facts are plain
fields; every fact names its source, either in a ``[cite]`` table (scalar
fields) or on the item itself (list items)::

    id = "recruiter"
    work_arrangement = "varies"
    [cite.work_arrangement]
    sources = ["seed:recruiter"]
    quote = "This job may be remote"

    [[pros]]
    text = "No extra education needed"
    sources = ["seed:recruiter"]

A fact that no source supports says ``sources = []`` and ``unsourced = true``;
the loader refuses any other fact without a source.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Catalog",
    "Certification",
    "Citation",
    "Experience",
    "Family",
    "Item",
    "Role",
    "Source",
    "CITED_FIELDS",
    "WorkArrangement",
    "Level",
    "PayModel",
    "Schedule",
    "ExtraEducation",
]

WorkArrangement = Literal["remote", "hybrid", "onsite", "varies"]
Level = Literal["none", "low", "medium", "high"]
PayModel = Literal["salary", "hourly", "salary_plus_commission", "business_income", "varies"]
Schedule = Literal["nine_to_five", "flexible", "varies"]
ExtraEducation = Literal[
    "none", "certification_recommended", "certification_required", "degree", "business_startup"
]

# Scalar fields that must carry a citation in [cite].
CITED_FIELDS: tuple[str, ...] = (
    "summary",
    "eligible_credentials",
    "work_arrangement",
    "patient_interaction",
    "physical_demand",
    "pay_model",
    "schedule",
    "extra_education",
    "supervision",
    "pay_range",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One source that facts cite, e.g. the seed article's recruiter section."""

    key: str
    title: str
    url: str | None = None
    section: str | None = None
    grade: Literal["A", "B", "C"] = "B"
    note: str | None = None


class Citation(_Strict):
    sources: list[str] = Field(default_factory=list)
    quote: str | None = None
    unsourced: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _has_source_or_flag(self) -> Citation:
        if not self.sources and not self.unsourced:
            raise ValueError("a fact needs at least one source, or unsourced = true")
        return self


class Item(Citation):
    """A list entry (a duty, a pro, a con, a skill...) with its own sources."""

    text: str


class Certification(Citation):
    name: str
    required: bool = False


class Experience(_Strict):
    years_min: float | None = None
    years_max: float | None = None
    settings: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    quote: str | None = None
    unsourced: bool = False


class Family(_Strict):
    id: str
    title: str
    description: str


class Role(_Strict):
    id: str
    title: str
    family: str
    summary: str
    seed: bool = False  # true for roles the source article describes
    duties: list[Item] = Field(default_factory=list)
    eligible_credentials: list[str] = Field(default_factory=list)
    open_to_all: bool = False
    eligibility_note: str | None = None
    supervision: str | None = None
    experience: Experience = Field(default_factory=Experience)
    preferred_skills: list[Item] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    work_arrangement: WorkArrangement
    patient_interaction: Level
    physical_demand: Level
    pay_model: PayModel
    pay_range: str | None = None
    schedule: Schedule
    extra_education: ExtraEducation
    pros: list[Item] = Field(default_factory=list)
    cons: list[Item] = Field(default_factory=list)
    title_synonyms: list[str] = Field(default_factory=list)
    search_terms: list[str] = Field(default_factory=list)
    upward_mobility: list[Item] = Field(default_factory=list)
    employers: list[Item] = Field(default_factory=list)
    notes: list[Item] = Field(default_factory=list)
    cite: dict[str, Citation] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)  # every source key the role cites (derived)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not v.replace("_", "").isalnum() or v.lower() != v:
            raise ValueError("ids are lower_snake_case")
        return v

    @model_validator(mode="after")
    def _eligibility_stated(self) -> Role:
        if not self.eligible_credentials and not self.open_to_all:
            raise ValueError("list eligible_credentials or set open_to_all = true")
        return self

    def is_eligible(self, credentials: list[str] | set[str] | tuple[str, ...]) -> bool:
        return self.open_to_all or any(c in self.eligible_credentials for c in credentials)

    def citation(self, field: str) -> Citation | None:
        return self.cite.get(field)


class Catalog(_Strict):
    version: str
    families: dict[str, Family]
    sources: dict[str, Source]
    roles: dict[str, Role]

    def role(self, role_id: str) -> Role:
        from ..errors import NotFoundError

        try:
            return self.roles[role_id]
        except KeyError:
            raise NotFoundError(
                f"no role {role_id!r}", hint="run 'otpath roles' to list role ids"
            ) from None

    def roles_in(self, family: str | None = None) -> list[Role]:
        return [r for r in self.roles.values() if family is None or r.family == family]
