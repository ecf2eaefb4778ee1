"""Posting models shared by readers, pipeline, store and interfaces.

Readers yield :class:`RawPosting` (what the file said, source quirks in
``raw``). The pipeline turns each into a :class:`Posting` with the derived
fields (:class:`Classification`, :class:`Requirements`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Classification",
    "Evidence",
    "Pay",
    "Posting",
    "RawPosting",
    "Remote",
    "Requirements",
]

Remote = Literal["remote", "hybrid", "onsite", "unknown"]
PayInterval = Literal["hourly", "daily", "weekly", "monthly", "yearly"]


class RawPosting(BaseModel):
    """One posting as a reader found it. Only ``title`` and ``description`` are required."""

    model_config = ConfigDict(extra="forbid")

    title: str
    description: str = ""
    source_id: str | None = None  # the input's own id (JobSpy "in-123", JSONL "id")
    company: str | None = None
    location: str | None = None
    url: str | None = None
    urls: list[str] = Field(default_factory=list)  # any further URLs (job_url_direct...)
    site: str | None = None  # indeed, linkedin, file name...
    date_posted: date | None = None
    valid_through: date | None = None
    employment_type: str | None = None
    remote_hint: bool | None = None  # what the source claims (JobSpy is_remote, TELECOMMUTE)
    remote_type_hint: str | None = None  # "hybrid", "remote" from the source when it has one
    pay_min: float | None = None
    pay_max: float | None = None
    pay_interval: PayInterval | None = None
    pay_currency: str | None = None
    pay_text: str | None = None  # pay as the source wrote it when not a number ("negotiable")
    applicant_locations: list[str] = Field(default_factory=list)
    experience_hint: str | None = None  # JSON-LD experienceRequirements as text
    education_hint: str | None = None  # JSON-LD educationRequirements as text
    raw: dict[str, Any] = Field(default_factory=dict)  # source-only fields, never core
    origin_file: str | None = None
    origin_line: int | None = None  # 1-based line (or record number for JSON arrays)


class Evidence(BaseModel):
    """Why a field got its value: the field it came from and the words."""

    model_config = ConfigDict(frozen=True)

    field: str  # "title", "description", "jobspy.is_remote"...
    text: str  # the words or the sentence
    weight: float = 0.0


class Classification(BaseModel):
    """What a posting is: relevant to a therapy practitioner or not, then its family and role.

    ``relevant`` is false for other professions' jobs (doctors, nurse-only posts,
    radiographers, pharmacists, IT, estates...): their family is ``"unrelated"``
    and they have no role. Relevant postings are a catalog role's family,
    ``"clinical"`` (therapy practitioners treating patients) or ``"other"`` (a
    non-clinical path with no catalog role).
    """

    relevant: bool = True
    role: str | None = None
    family: str = "other"
    confidence: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)


class Pay(BaseModel):
    min: float | None = None
    max: float | None = None
    interval: PayInterval | None = None
    currency: str | None = None
    text: str | None = None  # the source's own words for the pay, kept when not read as numbers
    annual_min: float | None = None
    annual_max: float | None = None
    commission: bool = False
    bonus: bool = False
    sentence: str | None = None


class Requirements(BaseModel):
    credentials: list[str] = Field(default_factory=list)  # canonical codes accepted
    credentials_sentence: str | None = None
    license_required: bool = False
    years_min: float | None = None
    years_max: float | None = None
    years_preferred: bool = False  # the figure is only preferred ("1 year preferred"), not required
    years_sentence: str | None = None
    settings: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)  # required or preferred
    certifications_required: list[str] = Field(default_factory=list)
    remote: Remote = "unknown"
    remote_states: list[str] = Field(default_factory=list)
    remote_sentence: str | None = None
    # on-site because the work is hands-on treatment, not because the posting says so
    remote_inferred: bool = False
    pay: Pay = Field(default_factory=Pay)
    employment_type: str | None = None
    nights_weekends: bool = False
    # open only to the employer's own staff ("INTERNAL ONLY", "employees only")
    internal_only: bool = False
    # the NHS Agenda for Change band: the title's, else the pay field's, else a hiring sentence's ("6", "5-6", "8a"; otpath.bands)
    nhs_band: str | None = None
    # the NHS band the advert asks experience at ("2 years at Band 7"), if any
    band_experience: str | None = None
    # the words of a title that names a head of service or a director ("Head of"), if any
    senior_title: str | None = None
    sentences: dict[str, str] = Field(default_factory=dict)  # extracted item -> sentence


class Posting(BaseModel):
    """A normalised, classified posting ready for the store."""

    id: str  # stable content key (see pipeline.dedupe.posting_key)
    title: str
    company: str | None = None
    location: str | None = None
    description_html: str = ""  # sanitised HTML (nh3), safe to render
    description_text: str = ""
    url: str | None = None
    urls: list[str] = Field(default_factory=list)
    site: str | None = None
    source_id: str | None = None
    date_posted: date | None = None
    valid_through: date | None = None
    classification: Classification = Field(default_factory=Classification)
    requirements: Requirements = Field(default_factory=Requirements)
    sample: bool = False
    raw: dict[str, Any] = Field(default_factory=dict)
