"""Results of the fit engine.

:class:`FitResult` only ever gains fields (other parts of otpath and its users read it):
``eligible`` keeps its meaning of "no source excludes you", and the four-state
``eligibility`` says how sure that is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "BrokenMust",
    "CredentialPay",
    "Factor",
    "FitResult",
    "GapStep",
    "PostingCount",
    "PostingEvidence",
    "Ranking",
    "RolePay",
    "StepSource",
    "Weight",
]

Eligibility = Literal["eligible", "likely", "unclear", "not_eligible"]


class Factor(BaseModel):
    """One named part of a role's score."""

    name: str  # work_arrangement, patient_interaction, ...
    label: str  # "Remote work"
    weight: float  # share of the total, the weights add up to 1
    score: float  # 0..1, how well the role meets this wish
    points: float  # weight * score * 100: what it adds to the 0-100 score
    reason: str  # plain words
    must: bool = False  # the person marked this wish as a must


class Weight(BaseModel):
    """How much one factor counts for this person, and why."""

    name: str
    label: str
    weight: float  # share of the score, 0..1; the weights add up to 1
    must: bool = False  # marked as a must: counts double, and breaking it demotes a role
    why: str  # "counts double: you marked it as a must", "not counted: no preference"


class StepSource(BaseModel):
    key: str
    title: str
    url: str | None = None


class GapStep(BaseModel):
    order: int
    kind: Literal[
        "credential", "eligibility", "education", "experience", "setting", "certification",
        "skill", "knowledge", "business",
    ]  # fmt: skip
    priority: Literal["required", "recommended", "optional"]
    text: str  # what to do
    how: str | None = None  # how to do it
    time: str | None = None  # typical time, only where a source gives it
    cost: str | None = None  # typical cost, only where a source gives it
    sources: list[StepSource] = Field(default_factory=list)
    link: str | None = None  # an otpath page that helps (e.g. the postings to check)


class BrokenMust(BaseModel):
    """A must the role breaks: which answer, and why it is broken."""

    key: str  # the preference: remote, patient_interaction...
    label: str  # "Remote only"
    reason: str  # "The role is on site."


class PostingCount(BaseModel):
    """Stored postings as evidence: how many for this role accept the person's credential."""

    credential: str
    accepting: int
    total: int
    text: str  # "3 of 7 stored postings for this role accept COTA; 2 name no credential (check them)"
    link: str  # the postings list filtered by role and credential
    accept_text: str = ""  # the first part of ``text``: "3 of 7 stored postings ... accept COTA"
    unnamed: int = 0  # of them, postings that name no credential at all
    unnamed_text: str = ""  # "2 name no credential (check them)"
    role_link: str = ""  # every stored posting of the role (where the unnamed ones are)


class PostingEvidence(BaseModel):
    """What the stored postings of one role accept (sample postings are not evidence)."""

    role: str
    total: int
    accepting: dict[str, int] = Field(default_factory=dict)  # credential code -> postings
    # Postings that name no credential at all: open to check, not evidence either way
    # (UK adverts never name a COTA; many support posts name no registration).
    unnamed: int = 0


class RolePay(BaseModel):
    """A role's sourced pay, its BLS comparison, and how it stands against the pay floor."""

    range_text: str | None = None  # the catalog's sourced pay range, as written
    annual_min: float | None = None
    annual_max: float | None = None
    currency: str = "USD"
    applies_to: list[str] = Field(default_factory=list)  # credentials the range describes
    sources: list[str] = Field(default_factory=list)
    bls_title: str | None = None  # the BLS occupation a source says holds the role
    bls_median: int | None = None
    bls_note: str | None = None
    bls_sources: list[str] = Field(default_factory=list)
    #: True when the role's sourced pay (or BLS median) is below the person's pay floor;
    #: None when there is no floor, no figure, or the currencies differ.
    below_floor: bool | None = None
    note: str | None = None  # what was compared, in words


class FitResult(BaseModel):
    role: str
    title: str
    family: str
    eligible: bool = Field(
        description="False only when a source excludes every credential the person holds:"
        " true for 'likely' and 'unclear' too (see eligibility)."
    )
    eligibility_reason: str
    score: int
    factors: list[Factor]
    reasons: list[str]
    gaps: list[GapStep]
    eligibility: Eligibility = Field(
        default="eligible",
        description="How sure eligibility is, as the pages' badge says it: 'eligible' (a source"
        " says so: Eligible), 'likely' (inferred: Likely eligible), 'unclear' (no source either"
        " way: Eligibility unclear), 'not_eligible' (a source excludes you: Not eligible).",
    )
    eligibility_basis: str | None = Field(
        default=None,
        description="What a 'likely' is inferred from, or what is missing for 'unclear'.",
    )
    degree_needed: str | None = Field(
        default=None,
        description="The degree the role's sources say it typically needs, when the person"
        " does not hold it (\"a master's degree\"): the badge then says \"Needs a master's"
        " degree\", whatever the credential's eligibility; the gap plan's first step says why.",
    )
    musts_broken: list[BrokenMust] = Field(default_factory=list)
    postings: PostingCount | None = None
    pay: RolePay | None = None

    @property
    def keeps_musts(self) -> bool:
        return not self.musts_broken


class CredentialPay(BaseModel):
    """The BLS national median for a credential the person holds: their clinical baseline."""

    credential: str
    occupation: str
    annual_median: int
    hourly_median: float | None = None
    source: str  # the catalog source key (BLS OEWS, May 2025)


class Ranking(BaseModel):
    """Everything the results page, ``otpath match`` and the API show for one profile."""

    weights: list[Weight]
    musts: list[str]  # the person's musts, in words ("Remote only")
    credential_pay: list[CredentialPay]
    pay_floor: str | None = None  # "$61,500 a year", as the person gave it
    #: For a person who works outside the US: the catalog's facts are US facts.
    market_note: str | None = None
    results: list[FitResult]
