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

Eligibility has four states per credential (see :meth:`Role.eligibility_of`):

- ``eligible``: ``open_to_all``, or the code is in ``eligible_credentials`` (a source says so);
- ``likely``: in ``likely_credentials``, a research inference; its ``[cite]`` entry's
  ``note`` must say what it is inferred from;
- ``not_eligible``: in ``excluded_credentials``, a source excludes it (the article's own
  rules, e.g. pre-service coordinator: PT and OT only);
- ``unclear``: no source either way ("check the postings").
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
    "Eligibility",
    "ItemKind",
    "PlanStep",
    "WorkArrangement",
    "Level",
    "PayModel",
    "Schedule",
    "ExtraEducation",
    "Degree",
    "DEGREE_LEVELS",
    "DEGREE_NAMES",
    "EntryDegree",
]

WorkArrangement = Literal["remote", "hybrid", "onsite", "varies"]
Level = Literal["none", "low", "medium", "high"]
PayModel = Literal["salary", "hourly", "salary_plus_commission", "business_income", "varies"]
Schedule = Literal["nine_to_five", "flexible", "varies"]
ExtraEducation = Literal[
    "none", "certification_recommended", "certification_required", "degree", "business_startup"
]

Eligibility = Literal["eligible", "likely", "unclear", "not_eligible"]
#: Degree levels, lowest first: a role's ``degree_required`` against the degree a
#: credential is entered with (``Catalog.entry_degrees``) or the one a profile states.
Degree = Literal["associate", "bachelor", "master", "doctorate"]
DEGREE_LEVELS: dict[str, int] = {"associate": 1, "bachelor": 2, "master": 3, "doctorate": 4}
DEGREE_NAMES: dict[str, str] = {
    "associate": "an associate degree",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
    "doctorate": "a doctorate",
}
#: What a preferred-skill item is, for the gap plan: a ``soft`` skill is never a step; a
#: ``setting`` item is met by any of its ``settings`` and shares the role's setting step.
ItemKind = Literal["skill", "knowledge", "experience", "setting", "soft"]

# Scalar fields that must carry a citation in [cite].
CITED_FIELDS: tuple[str, ...] = (
    "summary",
    "eligible_credentials",
    "likely_credentials",
    "excluded_credentials",
    "work_arrangement",
    "patient_interaction",
    "physical_demand",
    "pay_model",
    "schedule",
    "extra_education",
    "degree_required",
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
    """A list entry (a duty, a pro, a con, a skill...) with its own sources.

    Preferred skills also say what ``kind`` of item they are, which ``settings`` meet
    them, and ``how`` to gain them (our advice, or the source's words when cited).
    """

    text: str
    kind: ItemKind = "skill"
    settings: list[str] = Field(default_factory=list)
    how: str | None = None


class Certification(Citation):
    name: str
    required: bool = False
    how: str | None = None  # how to earn it, from its sources
    time: str | None = None  # typical time, only where a source gives it
    cost: str | None = None  # typical cost, only where a source gives it
    #: Certifications of one group are alternatives: the gap plan asks for one of them.
    group: str | None = None


class PlanStep(Citation):
    """A step of a role's own gap plan (a business role's licences, insurance, costs)."""

    text: str
    how: str | None = None
    time: str | None = None
    cost: str | None = None
    #: Only holders of these credentials need the step (empty: everyone).
    credentials: list[str] = Field(default_factory=list)


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
    likely_credentials: list[str] = Field(default_factory=list)
    excluded_credentials: list[str] = Field(default_factory=list)
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
    #: The sourced yearly range behind ``pay_range`` (cited with it), US dollars.
    pay_annual_min: float | None = None
    pay_annual_max: float | None = None
    pay_currency: str = "USD"
    #: Whom that range describes (e.g. assistants only); empty means anyone.
    pay_credentials: list[str] = Field(default_factory=list)
    schedule: Schedule
    extra_education: ExtraEducation
    #: The lowest degree sources say the role typically needs (cited), if they name one.
    degree_required: Degree | None = None
    pros: list[Item] = Field(default_factory=list)
    cons: list[Item] = Field(default_factory=list)
    title_synonyms: list[str] = Field(default_factory=list)
    search_terms: list[str] = Field(default_factory=list)
    upward_mobility: list[Item] = Field(default_factory=list)
    employers: list[Item] = Field(default_factory=list)
    notes: list[Item] = Field(default_factory=list)
    business_steps: list[PlanStep] = Field(default_factory=list)
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
        if not (self.eligible_credentials or self.likely_credentials or self.open_to_all):
            raise ValueError(
                "list eligible_credentials or likely_credentials, or set open_to_all = true"
            )
        lists = {
            "eligible_credentials": self.eligible_credentials,
            "likely_credentials": self.likely_credentials,
            "excluded_credentials": self.excluded_credentials,
        }
        seen: dict[str, str] = {}
        for name, codes in lists.items():
            for code in codes:
                if code in seen:
                    raise ValueError(f"{code} is in both {seen[code]} and {name}")
                seen[code] = name
        if self.open_to_all and self.excluded_credentials:
            raise ValueError("a role open to all cannot exclude credentials")
        if (
            self.pay_annual_min is not None
            and self.pay_annual_max is not None
            and self.pay_annual_max < self.pay_annual_min
        ):
            raise ValueError("pay_annual_max is below pay_annual_min")
        return self

    def eligibility_of(self, code: str) -> Eligibility:
        """What the sources say about one credential code (see the module docstring)."""
        if self.open_to_all or code in self.eligible_credentials:
            return "eligible"
        if code in self.likely_credentials:
            return "likely"
        if code in self.excluded_credentials:
            return "not_eligible"
        return "unclear"

    def is_eligible(self, credentials: list[str] | set[str] | tuple[str, ...]) -> bool:
        """True when a source says one of ``credentials`` is accepted."""
        return any(self.eligibility_of(c) == "eligible" for c in credentials)

    @property
    def is_business(self) -> bool:
        """Owning it means running a business (business income or a start-up)."""
        return self.pay_model == "business_income" or self.extra_education == "business_startup"

    def citation(self, field: str) -> Citation | None:
        return self.cite.get(field)


class EntryDegree(_Strict):
    """The degree a therapy credential is entered with (US), with its sources."""

    degree: Degree
    sources: list[str] = Field(min_length=1)
    note: str | None = None


class Catalog(_Strict):
    version: str
    families: dict[str, Family]
    sources: dict[str, Source]
    roles: dict[str, Role]
    #: credential code -> the degree it is entered with (catalog.toml [entry_degrees])
    entry_degrees: dict[str, EntryDegree] = Field(default_factory=dict)

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
