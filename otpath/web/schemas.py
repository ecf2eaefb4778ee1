"""Pydantic models of every JSON API response (and the error envelope).

Library models are reused where they already are the public shape
(:class:`~otpath.catalog.Role`, :class:`~otpath.fit.FitResult`,
:class:`~otpath.profile.Profile`); the rest are thin views made here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..catalog import Role
from ..catalog.models import ExtraEducation, Level, PayModel, Schedule, WorkArrangement
from ..fit import CredentialPay, FitResult, Weight
from ..match import JobVerdict
from ..profile import Profile

__all__ = [
    "ERROR_RESPONSES",
    "ErrorBody",
    "ErrorEnvelope",
    "FamilyList",
    "FamilyOut",
    "ImportRejected",
    "ImportedPosting",
    "ImportSummary",
    "JobsResponse",
    "MatchResponse",
    "RoleList",
    "RoleSummary",
    "errors",
]


class ErrorBody(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable machine-readable code, e.g. not_found.")
    message: str = Field(description="What is wrong and what to do, in plain words.")
    field: str | None = Field(description="The input field at fault, when there is one.")


class ErrorEnvelope(BaseModel):
    """Every 4xx and 5xx answer of the API has this shape."""

    error: ErrorBody


_ERROR_TEXT = {
    400: "The request could not be read, or named a Host this server does not answer to.",
    403: "Refused: a state-changing request from another web site (Origin, Sec-Fetch-Site).",
    404: "No such resource.",
    405: "Method not allowed.",
    413: "The body is larger than the upload limit.",
    415: "Wrong content type: send application/json (or a supported file for import).",
    422: "A parameter or body field is invalid; `field` names it.",
    500: "Unexpected server error (logged on the server).",
    503: "The store is read-only (it can be searched but not written), or a search took longer than its time budget and was stopped.",
    507: "The disk holding the store is full: nothing of the import was kept.",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": text} for status, text in _ERROR_TEXT.items()
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entries for these error statuses."""
    return {s: ERROR_RESPONSES[s] for s in statuses}


# -- catalog -----------------------------------------------------------------------------


class FamilyOut(BaseModel):
    id: str
    title: str
    description: str
    roles: list[str] = Field(description="Ids of the catalog roles in this family.")


class FamilyList(BaseModel):
    catalog_version: str
    families: list[FamilyOut]


class RoleSummary(BaseModel):
    id: str
    title: str
    family: str
    summary: str
    eligible_credentials: list[str]
    likely_credentials: list[str] = Field(default_factory=list)
    excluded_credentials: list[str] = Field(default_factory=list)
    open_to_all: bool
    work_arrangement: WorkArrangement
    patient_interaction: Level
    physical_demand: Level
    pay_model: PayModel
    pay_range: str | None
    schedule: Schedule
    extra_education: ExtraEducation

    @classmethod
    def of(cls, role: Role) -> RoleSummary:
        return cls.model_validate(role.model_dump(include=set(cls.model_fields)))


class RoleList(BaseModel):
    catalog_version: str
    count: int
    roles: list[RoleSummary]


class MatchResponse(BaseModel):
    profile: Profile = Field(description="The profile as understood (credentials made canonical).")
    results: list[FitResult] = Field(
        description="Every role: those you can go for that keep your musts first (eligible or"
        " likely, then unclear), then those breaking a must, then those a source excludes you"
        " from; by score within each group."
    )
    weights: list[Weight] = Field(
        default_factory=list, description="How much each factor counts for this profile."
    )
    musts: list[str] = Field(default_factory=list, description="The profile's musts, in words.")
    credential_pay: list[CredentialPay] = Field(
        default_factory=list, description="US medians (BLS) for the profile's credentials."
    )
    pay_floor: str | None = Field(default=None, description="The pay floor as given.")
    market_note: str | None = Field(
        default=None,
        description="For a profile outside the US: the catalog's facts describe the US job market.",
    )


# -- postings (search.SearchPage, search.StoredPosting and match.JobVerdict are reused) --


class JobsResponse(BaseModel):
    profile: Profile = Field(description="The profile as understood.")
    count: int
    jobs: list[JobVerdict] = Field(description="can_apply first, then stretch, then by score.")
    stale_postings: int = Field(
        default=0,
        description="Stored postings classified by an older otpath (`otpath reclassify` updates them).",
    )


class ImportRejected(BaseModel):
    file: str
    line: int | None
    reason: str


class ImportedPosting(BaseModel):
    id: str = Field(description="The stored posting (its cluster's id).")
    outcome: Literal["new", "duplicate", "unchanged"]
    line: int | None = Field(description="The record's line (or number) in the file.")


class ImportSummary(BaseModel):
    file: str = Field(description="The uploaded file's name as sent (for display only).")
    read: int
    new: int
    duplicates: int
    unchanged: int
    rejected: list[ImportRejected] = Field(description="Records not stored: file, line, reason.")
    already_imported: bool = Field(
        description="True when this exact file was imported before (nothing was read again)."
    )
    notes: list[str] = Field(description="Remarks from the readers, e.g. a column mapping used.")
    postings: list[ImportedPosting] = Field(
        default_factory=list,
        description="The records stored (the first 1,000): the posting each is now part of.",
    )
    postings_truncated: bool = Field(
        default=False, description="True when more records were stored than are listed."
    )
