"""Read and validate the rule files once; every error names the file and the field."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import RulesError

DATA_DIR = Path(__file__).resolve().parent / "data"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid pattern ({exc}): {value!r}") from None
    return value


# ---------------------------------------------------------------------------
# classify.toml
# ---------------------------------------------------------------------------


class Cue(_Strict):
    """Phrases that point to a target, with the weight each match adds."""

    weight: float = Field(gt=0)
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _plain(cls, v: list[str]) -> list[str]:
        for phrase in v:
            if not phrase.strip() or "|" in phrase:
                raise ValueError(f"a phrase is plain words, one per string: {phrase!r}")
        return v


class Target(_Strict):
    about: str | None = None
    family: str | None = None  # [families.*] only: the catalog family it stands for
    fuzzy_titles: list[str] = Field(default_factory=list)
    title_not: list[str] = Field(default_factory=list)  # phrases that cancel the title cues
    title: list[Cue] = Field(default_factory=list)
    description: list[Cue] = Field(default_factory=list)
    company: list[Cue] = Field(default_factory=list)
    # [families.*] only: the title cues count only when the description's own cues
    # reach this ("Nurse Assessor" is continuing-healthcare work when the advert says so).
    title_needs_description: float | None = Field(default=None, gt=0)


class Profession(Target):
    """Another profession's jobs: cues in the title (and registrations in the description)."""

    credential: str


class Thresholds(_Strict):
    description_cap: float
    role_floor: float
    fuzzy_cutoff: float
    nonhealth_description_cap: float
    ergonomics_description_min: float
    other_industry_min: float
    other_industry_title_keep: float
    admin_min: float
    admin_review_min: float
    admin_care_role_min: float
    selling_min: float
    discharge_min: float
    bh_title_min: float
    bh_description_min: float
    mh_care_coord_min: float
    mh_service_min: float = 4.0
    discipline_title_min: float
    inperson_min: float
    treat_min: float
    accepted_treat_min: float = 5.0
    accepted_flow_min: float = 5.0
    ambiguous_health_min: float
    description_role_min: float
    description_role_late_min: float
    description_role_own_min: float
    clinical_title_treat_min: float
    clinical_title_health_min: float
    treat_only_min: float
    treat_only_health_min: float
    company_as_title_min: float
    title_role_min: float
    profession_min: float
    profession_decisive: float
    profession_description_min: float
    therapy_description_min: float
    therapy_treat_description_min: float


class Matching(_Strict):
    title_ignore: list[str]
    loose_block: list[str]
    common: list[str]


class Groups(_Strict):
    needs_health: list[str]
    needs_health_context: list[str] = Field(default_factory=list)
    needs_therapy: list[str]
    needs_clinician: list[str] = Field(default_factory=list)
    lookalike_roles: list[str]
    description_decides: list[str]
    description_outweighs_profession: list[str]
    care_roles: list[str]
    behavioural_health_ok: list[str]
    ambiguous_titles: list[str]
    unambiguous_titles: list[str] = Field(default_factory=list)
    paths_over_professions: dict[str, list[str]] = Field(default_factory=dict)
    ahp_over_professions: list[str] = Field(default_factory=list)


class ClassifyRules(_Strict):
    thresholds: Thresholds
    matching: Matching
    groups: Groups
    roles: dict[str, Target]
    families: dict[str, Target]
    signals: dict[str, Target]
    professions: dict[str, Profession]


# ---------------------------------------------------------------------------
# extract.toml and vocabulary.toml
# ---------------------------------------------------------------------------

PatternList = list[str]


class _Patterns(_Strict):
    """A model whose list-of-text fields are regular-expression alternatives."""

    @field_validator("*", mode="after")
    @classmethod
    def _compiles(cls, v: Any) -> Any:
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            for alt in v:
                _check_regex(alt)
        return v


class SectionRule(_Patterns):
    qualifiers: PatternList = Field(default_factory=list)
    headings: PatternList = Field(min_length=1)


class CredentialCues(_Patterns):
    references: PatternList = Field(default_factory=list)
    list_only: list[str]
    wanted: PatternList
    people: PatternList
    doctor_wanted: PatternList
    group_wanted: PatternList = Field(default_factory=list)
    group_wanted_after: PatternList = Field(default_factory=list)
    written_groups: list[str] = Field(default_factory=list)
    shared_registers: list[str] = Field(default_factory=list)
    modifier_words: PatternList
    not_eligible: PatternList
    qualifying_before: PatternList
    qualifying: PatternList
    list_words: PatternList
    us_licences: list[str] = Field(default_factory=list)
    british: PatternList = Field(default_factory=list)
    group_hints: list[str] = Field(default_factory=list)
    discipline_register: PatternList = Field(default_factory=list)
    discipline_title_not: PatternList = Field(default_factory=list)
    one_discipline_not: PatternList = Field(default_factory=list)
    discipline_lead_titles: PatternList = Field(default_factory=list)
    title_people: PatternList
    title_leads: PatternList
    title_lead_service: PatternList = Field(default_factory=list)
    nurse_not_before: PatternList
    discipline_nouns: dict[str, PatternList] = Field(default_factory=dict)
    from_title: dict[str, PatternList]
    from_title_always: dict[str, PatternList] = Field(default_factory=dict)
    title_excludes: dict[str, PatternList] = Field(default_factory=dict)
    british_title_excludes: dict[str, PatternList] = Field(default_factory=dict)
    title_owns: dict[str, list[str]] = Field(default_factory=dict)
    title_alternatives: PatternList = Field(default_factory=list)
    unnamed_registration: dict[str, PatternList] = Field(default_factory=dict)
    discipline_titles: dict[str, PatternList] = Field(default_factory=dict)
    background_lists: PatternList = Field(default_factory=list)
    background_open: PatternList = Field(default_factory=list)
    background_people: PatternList = Field(default_factory=list)
    backgrounds: dict[str, PatternList] = Field(default_factory=dict)
    groups: dict[str, PatternList]

    @field_validator(
        "from_title", "from_title_always", "title_excludes", "british_title_excludes", "unnamed_registration",
        "discipline_titles", "backgrounds", "groups",
    )
    @classmethod
    def _title_patterns(cls, v: dict[str, PatternList]) -> dict[str, PatternList]:
        for alts in v.values():
            for alt in alts:
                _check_regex(alt)
        return v


class LicenseCues(_Patterns):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    mention: PatternList
    not_: PatternList = Field(alias="not")
    wanted: PatternList


class YearsCues(_Patterns):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    context: PatternList
    not_: PatternList = Field(alias="not")
    span_not_before: PatternList
    span_not_after: PatternList


class Wording(_Patterns):
    preferred: PatternList
    required: PatternList


class RemoteCues(_Patterns):
    onsite_strong: PatternList
    hybrid: PatternList
    remote_strong: PatternList
    onsite_weak: PatternList
    onsite_context: PatternList = Field(default_factory=list)
    remote_weak: PatternList
    remote_partial: PatternList
    remote_aside: PatternList = Field(default_factory=list)
    onsite_aside: PatternList = Field(default_factory=list)
    lead: PatternList
    residence: PatternList
    residence_words: PatternList
    confusable_state_codes: list[str]
    in_person_families: list[str] = Field(default_factory=list)
    review_care: PatternList = Field(default_factory=list)
    review_sentence: PatternList = Field(default_factory=list)
    review_titles: PatternList = Field(default_factory=list)
    care_as_category: PatternList = Field(default_factory=list)


class PayFlags(_Patterns):
    commission: PatternList
    bonus: PatternList


class PayCues(_Patterns):
    not_before: PatternList
    not_after: PatternList
    not_in_titles: PatternList = Field(default_factory=list)
    label_line_max: int = 60
    frequency_label: PatternList = Field(default_factory=list)
    currencies: dict[str, str]
    intervals: dict[str, PatternList]
    per_year: dict[str, float]
    flags: PayFlags

    @field_validator("intervals")
    @classmethod
    def _interval_patterns(cls, v: dict[str, PatternList]) -> dict[str, PatternList]:
        for alts in v.values():
            for alt in alts:
                _check_regex(alt)
        return v


class EmploymentCues(_Strict):
    kinds: dict[str, PatternList]
    source_values: dict[str, str]
    bank_title: PatternList = Field(default_factory=list)
    bank: PatternList = Field(default_factory=list)
    bank_not: PatternList = Field(default_factory=list)
    fixed_term: PatternList = Field(default_factory=list)
    fixed_term_not: PatternList = Field(default_factory=list)
    part_time_hours: PatternList = Field(default_factory=list)
    part_time_hours_not: PatternList = Field(default_factory=list)
    part_time_hours_before_not: PatternList = Field(default_factory=list)

    @field_validator("kinds")
    @classmethod
    def _kind_patterns(cls, v: dict[str, PatternList]) -> dict[str, PatternList]:
        for alts in v.values():
            for alt in alts:
                _check_regex(alt)
        return v


class ScheduleCues(_Patterns):
    nights_weekends: PatternList
    not_nights_weekends: PatternList
    service_hours: PatternList = Field(default_factory=list)
    staff_support: PatternList = Field(default_factory=list)


class PatientContactCues(_Patterns):
    cues: PatternList = Field(default_factory=list)


class ClosingDateCues(_Patterns):
    labels: PatternList = Field(default_factory=list)
    ranges: PatternList = Field(default_factory=list)
    window_chars: int = Field(default=60, ge=10, le=200)


class ApplicantCues(_Patterns):
    internal_title: PatternList = Field(default_factory=list)
    internal_text: PatternList = Field(default_factory=list)


class NhsBandCues(_Patterns):
    heading_title_words: int = Field(default=2, ge=1, le=10)
    hire: PatternList = Field(default_factory=list)
    experience_at: PatternList = Field(default_factory=list)
    senior_titles: PatternList = Field(default_factory=list)
    not_before: PatternList = Field(default_factory=list)


class ExperienceKind(_Patterns):
    """One kind of experience that a therapist's clinical years do not show."""

    label: str
    cues: PatternList = Field(min_length=1)
    skills: list[str] = Field(default_factory=list)  # vocabulary skills that show it


class ExperienceKinds(_Strict):
    window: int = Field(default=110, ge=20, le=400)
    kinds: dict[str, ExperienceKind] = Field(default_factory=dict)


class SiteCues(_Patterns):
    end_headings: PatternList
    label_lines: PatternList
    contact_headings: PatternList = Field(default_factory=list)
    contact_end: PatternList = Field(default_factory=list)
    contact_lines: int = Field(default=6, ge=1, le=20)
    contact_line_chars: int = Field(default=160, ge=40, le=1000)


class ExtractRules(_Strict):
    site: SiteCues
    sections: dict[str, SectionRule]
    credentials: CredentialCues
    license: LicenseCues
    years: YearsCues
    wording: Wording
    remote: RemoteCues
    pay: PayCues
    employment: EmploymentCues
    schedule: ScheduleCues
    applicants: ApplicantCues = Field(default_factory=ApplicantCues)
    patient_contact: PatientContactCues = Field(default_factory=PatientContactCues)
    nhs_band: NhsBandCues = Field(default_factory=NhsBandCues)
    closing_date: ClosingDateCues = Field(default_factory=ClosingDateCues)
    experience_kinds: ExperienceKinds = Field(default_factory=ExperienceKinds)


class Term(_Patterns):
    """One setting, skill or certification: its label, what people type, what postings say."""

    label: str | None = None
    aliases: list[str] = Field(default_factory=list)
    patterns: PatternList = Field(min_length=1)
    # Settings only: how postings write it in a British advert alone (a UK "nursing home" is
    # a care home), and in any advert but a British one (a US "nursing home" is SNF work).
    british_patterns: PatternList = Field(default_factory=list)
    not_british_patterns: PatternList = Field(default_factory=list)
    # Settings only: words that make a sentence's mention not the job's (an employer's list
    # of the services it runs, a welcome to applicants who work there now).
    asides: PatternList = Field(default_factory=list)


class Vocabulary(_Strict):
    settings: dict[str, Term]
    skills: dict[str, Term]
    certifications: dict[str, Term]


# ---------------------------------------------------------------------------
# search.toml
# ---------------------------------------------------------------------------


def _plain_phrases(v: list[str]) -> list[str]:
    for phrase in v:
        if not phrase.strip() or not any(ch.isalnum() for ch in phrase):
            raise ValueError(f"a phrase needs a letter or digit: {phrase!r}")
    return v


class SearchGroup(_Strict):
    """Words a search treats as one thing (see ``search.toml``)."""

    label: str = Field(min_length=1)
    phrases: list[str] = Field(min_length=1)
    typed: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    skill: str | None = None
    certification: str | None = None
    setting: str | None = None
    credential: str | None = None
    roles: list[str] = Field(default_factory=list)

    _phrases = field_validator("phrases", "typed", "related")(_plain_phrases)


class LeftAlone(_Strict):
    leave_alone: list[str] = Field(default_factory=list)


class SearchRules(_Strict):
    ignore: list[str] = Field(default_factory=list)
    spellings: list[list[str]] = Field(default_factory=list)
    credentials: LeftAlone = Field(default_factory=LeftAlone)
    settings: LeftAlone = Field(default_factory=LeftAlone)
    groups: dict[str, SearchGroup] = Field(default_factory=dict)

    @field_validator("spellings")
    @classmethod
    def _words(cls, v: list[list[str]]) -> list[list[str]]:
        seen: set[str] = set()
        for forms in v:
            if len(forms) < 2 or len({f.lower() for f in forms}) != len(forms):
                raise ValueError(f"a spelling lists two or more different words: {forms!r}")
            for form in forms:
                if not form.isalpha() or form.lower() in seen:
                    raise ValueError(
                        f"{form!r}: one word of letters, in one spelling only"
                    )
                seen.add(form.lower())
        return v


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RulesError("file not found", file=path.name) from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"not valid TOML: {exc}", file=path.name) from None


def _where(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    return ".".join(str(p) for p in err["loc"]), err["msg"]


def parse(model: type[BaseModel], path: Path) -> Any:
    try:
        return model(**read_toml(path))
    except ValidationError as exc:
        field, msg = _where(exc)
        raise RulesError(msg, file=path.name, field=field) from None


def check_classify(rules: ClassifyRules, *, roles: dict[str, str], families: set[str]) -> None:
    """Cross-check classify.toml against the catalog, both ways.

    ``roles`` maps each catalog role id to its family. Every cue names a real
    role or family, and every catalog role has cues (so it can be predicted).
    """
    file = "classify.toml"
    for role in rules.roles:
        if role not in roles:
            raise RulesError(f"no catalog role {role!r}; add its role file or remove these cues",
                             file=file, field=f"roles.{role}")
    missing = sorted(set(roles) - set(rules.roles))
    if missing:
        raise RulesError(
            f"catalog role(s) {', '.join(missing)} have no cues, so no posting could ever be one",
            file=file, field="roles",
        )
    for name, target in rules.families.items():
        if target.family not in families:
            raise RulesError(f"unknown family {target.family!r}", file=file, field=f"families.{name}.family")
    for name, target in rules.roles.items():
        if target.title_needs_description is not None:
            raise RulesError("title_needs_description is for [families.*] entries",
                             file=file, field=f"roles.{name}.title_needs_description")
        if target.family is not None:
            raise RulesError("a role's family comes from the catalog; remove it here",
                             file=file, field=f"roles.{name}.family")
    for group in (
        "needs_health", "needs_health_context", "needs_therapy", "needs_clinician", "lookalike_roles", "description_decides",
        "description_outweighs_profession", "care_roles",
        "behavioural_health_ok",
    ):
        for role in getattr(rules.groups, group):
            if role not in rules.roles:
                raise RulesError(f"unknown role {role!r}", file=file, field=f"groups.{group}")
    for prof in rules.groups.ahp_over_professions:
        if prof not in rules.professions:
            raise RulesError(f"unknown profession {prof!r}", file=file, field="groups.ahp_over_professions")
    for name, professions in rules.groups.paths_over_professions.items():
        if name not in rules.families:
            raise RulesError(f"unknown family entry {name!r}", file=file, field="groups.paths_over_professions")
        for prof in professions:
            if prof not in rules.professions:
                raise RulesError(f"unknown profession {prof!r}", file=file, field=f"groups.paths_over_professions.{name}")
