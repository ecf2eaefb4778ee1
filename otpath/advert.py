"""One stored posting in full: what ``otpath posting ID`` prints and ``--json`` gives.

:func:`posting_detail` reads the posting as the web app's posting page does
(:func:`otpath.search.get_posting`), lists what it asks for with the sentence each
requirement was read from (:func:`requirement_rows`, which that page shows too), turns
its stored HTML into plain text (:func:`advert_text`) and, for a profile, judges it as
``otpath jobs`` does (:func:`otpath.match.posting_verdict`).

    >>> advert_text("<p>Fully remote.</p><ul><li>OT or COTA licence</li></ul>", "")
    'Fully remote.\\n- OT or COTA licence'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from .bands import senior_words
from .catalog import default_catalog
from .match import JobVerdict, posting_verdict
from .money import normalize_currency
from .postings.pipeline.normalize import html_to_text
from .profile import Profile
from .profile.models import SETTING_LABELS
from .search import PaySummary, PostingSource, StoredPosting, WebUrl, get_posting
from .store import Store

__all__ = [
    "AdvertRequirements",
    "PostingDetail",
    "RequirementRow",
    "advert_text",
    "found_times",
    "posting_detail",
    "requirement_rows",
]


@dataclass(frozen=True)
class RequirementRow:
    """One thing a posting asks for: ``label`` (``"Experience"``), ``value``
    (``"3+ years"``) and the ``sentence`` of the advert it was read from, when kept."""

    label: str
    value: str
    sentence: str | None


def _sentence_for(sentences: dict[str, str], *keys: str | None) -> str | None:
    lowered = {k.lower(): v for k, v in sentences.items()}
    for key in keys:
        if key and key.lower() in lowered:
            return lowered[key.lower()]
    return None


def requirement_rows(posting: StoredPosting, *, today: date | None = None) -> list[RequirementRow]:
    """Every extracted requirement of a stored posting, with the sentence it came from.

    ``today`` is the day its closing date is judged against (default: today).
    """
    req = posting.requirements
    sentences: dict[str, str] = dict(req.sentences or {})
    rows: list[RequirementRow] = []
    used: set[str] = set()

    def add(label: str, value: str, sentence: str | None, *keys: str) -> None:
        rows.append(RequirementRow(label, value, sentence))
        used.update(k.lower() for k in keys if k)

    if req.internal_only:
        add("Who may apply", "The employer's own staff only", None, "internal_only")
    if req.nhs_band:
        # the title names it, else the pay field or a sentence of the advert (their words kept)
        where, said = "named in the title", None
        for key, place in (
            ("nhs_band:pay", "named in the pay"), ("nhs_band:text", "named in the advert"),
            ("nhs_band:pay_scale", "from its pay, on the dated pay scale"),
        ):
            if sentences.get(key):
                where, said = place, sentences[key]
        add("NHS band", f"Band {req.nhs_band} ({where})", said, "nhs_band", "nhs_band:pay", "nhs_band:text",
            "nhs_band:pay_scale")
    if req.senior_title and not req.nhs_band:
        add("Seniority", f"{senior_words(req.senior_title)} in the title; no band stated", None, "senior_title")
    if req.band_experience:
        add("Experience at band", f"Band {req.band_experience}", sentences.get("band_experience"), "band_experience")
    closes = posting.valid_through
    if closes is not None:
        state = "closed: the date has passed" if closes < (today or date.today()) else "open"
        # the board's field, else the advert's own "Closing date:" line (its words kept)
        add("Closing date", f"{closes.isoformat()} ({state})", sentences.get("closing_date"), "valid_through",
            "closing_date")
    if req.credentials:
        add(
            "Credentials accepted",
            ", ".join(req.credentials),
            req.credentials_sentence or _sentence_for(sentences, "credentials"),
            "credentials",
        )
    if req.license_required:
        sentence = _sentence_for(sentences, "license")
        add("Licence", "An active licence is required", sentence, "license")
    if req.years_min is not None or req.years_max is not None:
        if (
            req.years_min is not None
            and req.years_max is not None
            and req.years_max > req.years_min
        ):
            years = f"{req.years_min:g}-{req.years_max:g} years"
        elif req.years_min is not None:
            years = f"{req.years_min:g}+ years"
        else:
            years = f"up to {req.years_max:g} years"
        sentence = req.years_sentence or _sentence_for(sentences, "years")
        add("Experience", years, sentence, "years")
    if req.remote != "unknown":
        where = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On site"}.get(
            req.remote, req.remote
        )
        if req.remote_states:
            where += f" ({', '.join(req.remote_states)})"
        if req.remote_inferred:
            where += " (not stated: hands-on treatment is done in person)"
        add("Where", where, req.remote_sentence or _sentence_for(sentences, "remote"), "remote")
    pay = req.pay
    if pay.min is not None or pay.max is not None or pay.commission:
        text = PaySummary(
            min=pay.min, max=pay.max, interval=pay.interval, commission=pay.commission,
            currency=normalize_currency(pay.currency),
        ).text  # fmt: skip
        add("Pay", text, pay.sentence or _sentence_for(sentences, "pay"), "pay")
    elif pay.text:  # the source gave the pay in words ("negotiable"): shown as written
        shown = f"{pay.text} ({pay.currency})" if pay.currency else pay.text
        add("Pay", shown, pay.sentence or _sentence_for(sentences, "pay"), "pay")
    required = {c.lower() for c in req.certifications_required}
    for cert in req.certifications:
        label = f"Certification ({'required' if cert.lower() in required else 'preferred'})"
        add(label, cert, _sentence_for(sentences, f"cert:{cert}"), f"cert:{cert}")
    for cert in req.certifications_required:
        if cert not in req.certifications:
            sentence = _sentence_for(sentences, f"cert:{cert}")
            add("Certification (required)", cert, sentence, f"cert:{cert}")
    for setting in req.settings:
        add(
            "Setting",
            SETTING_LABELS.get(setting, setting),
            _sentence_for(sentences, f"setting:{setting}"),
            f"setting:{setting}",
        )
    for skill in req.skills:
        add("Skill", skill, _sentence_for(sentences, f"skill:{skill}"), f"skill:{skill}")
    if req.employment_type:
        kind = req.employment_type.replace("_", " ")
        add("Employment", kind, _sentence_for(sentences, "employment_type"), "employment_type")
    if req.nights_weekends:
        sentence = _sentence_for(sentences, "nights_weekends")
        add("Schedule", "Nights or weekends", sentence, "nights_weekends")
    for item, found in sentences.items():
        if item.lower() not in used:
            prefix, _, name = item.partition(":")
            heading = {"skill": "Skill", "cert": "Certification", "setting": "Setting"}.get(prefix)
            if heading and name:
                rows.append(RequirementRow(heading, SETTING_LABELS.get(name, name), found))
            else:
                rows.append(RequirementRow("Also found", item.replace("_", " "), found))
    return rows


def advert_text(description_html: str, description_text: str) -> str:
    """The advert as plain text, one paragraph, heading or ``"- "`` bullet per line.

    The stored (sanitised) HTML is read with the pipeline's own
    :func:`~otpath.postings.pipeline.normalize.html_to_text`; a posting stored without
    HTML gives its stored text. The text is the employer's: control characters in it
    are for the caller to neutralise before a terminal sees them.
    """
    if description_html.strip():
        return html_to_text(description_html)
    return description_text.strip()


class AdvertRequirements(BaseModel):
    """What the posting asks for, as extracted (the sentences are in ``requirement_rows``)."""

    credentials: list[str] = Field(default_factory=list)
    license_required: bool = False
    years_min: float | None = None
    years_max: float | None = None
    settings: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    certifications_required: list[str] = Field(default_factory=list)
    employment_type: str | None = None
    nights_weekends: bool = False
    internal_only: bool = False
    nhs_band: str | None = None
    band_experience: str | None = None
    senior_title: str | None = None


class RequirementLine(BaseModel):
    label: str
    value: str
    sentence: str | None = None


class PostingDetail(BaseModel):
    """One stored posting in full (``otpath posting ID --json``)."""

    id: str
    title: str
    company: str | None = None
    location: str | None = None
    url: WebUrl = None
    date_posted: date | None = None
    #: The advert's closing date, when it states one.
    closes: date | None = None
    #: Whether the closing date had passed on ``as_of``.
    closed: bool = False
    #: The day the closing date and the verdict were judged as.
    as_of: date
    remote: str = "unknown"
    #: Pay as stored, in its own currency (never converted); None when none is stated.
    pay: PaySummary | None = None
    #: The source's own words for the pay, when it gave no figures ("negotiable").
    pay_text: str | None = None
    family: str = "other"
    family_title: str | None = None
    role: str | None = None
    role_title: str | None = None
    #: The classifier's answer: relevant to a therapy practitioner (family not "unrelated").
    relevant: bool = True
    confidence: float = 0.0
    #: True for the made-up sample postings that ship with otpath.
    sample: bool = False
    #: Every place this job was found (copies on other boards are folded into one posting).
    sources: list[PostingSource] = Field(default_factory=list)
    #: How many adverts were folded into this posting (:func:`found_times`).
    found_times: int = 1
    requirements: AdvertRequirements
    #: What the posting asks for, as the web app's posting page lists it, with the
    #: sentence each was read from.
    requirement_rows: list[RequirementLine] = Field(default_factory=list)
    #: The advert as plain text (never HTML).
    text: str = ""
    #: With a profile: what ``otpath jobs`` says of this posting for it.
    verdict: JobVerdict | None = None
    notes: list[str] = Field(default_factory=list)


def found_times(sources: list[PostingSource]) -> int:
    """How many adverts were folded into one posting, from its ``sources``: the
    addresses one record gives (a board's link and the employer's own, in one JobSpy
    row) count once.

        >>> row = {"file": "jobs.csv", "line": 7}
        >>> found_times([PostingSource(url="https://board.example/v/1", **row),
        ...              PostingSource(url="https://employer.example/careers/1", **row)])
        1
        >>> found_times([PostingSource(url="https://board.example/v/1", file="a.csv", line=2),
        ...              PostingSource(url="https://other.example/j/9", file="b.csv", line=5)])
        2
    """
    return len({(s.file, s.line) if s.file else (s.url or s.source_id) for s in sources})


def posting_detail(
    store: Store,
    posting_id: str,
    *,
    profile: Profile | None = None,
    today: date | None = None,
) -> PostingDetail:
    """The stored posting ``posting_id`` in full; with ``profile``, its verdict.

    ``posting_id`` is what ``otpath jobs`` and ``otpath search`` print: a posting id,
    its first 8 or more characters, or the id of a copy folded into it. ``today`` is the
    day to judge the closing date as (default: today). Raises
    :class:`~otpath.errors.NotFoundError` when no posting has that id.
    """
    p = get_posting(store, posting_id)
    day = today or date.today()
    catalog = default_catalog()
    role = catalog.roles.get(p.role) if p.role else None
    family = catalog.families.get(p.family)
    req = p.requirements
    verdict = posting_verdict(p, profile, today=today) if profile is not None else None
    notes: list[str] = []
    text = advert_text(p.description_html, p.description_text)
    if not text:
        notes.append(
            "the source gave only a title: no description was imported, so what the posting"
            " asks for is unknown; open the source to read the advert before you apply"
        )
    sources = p.sources or ([PostingSource(url=p.url, site=p.site, source_id=p.source_id)]
                            if p.url or p.site else [])  # fmt: skip
    return PostingDetail(
        id=p.id,
        title=p.title,
        company=p.company,
        location=p.location,
        url=p.url,
        date_posted=p.date_posted,
        closes=p.valid_through,
        closed=p.valid_through is not None and p.valid_through < day,
        as_of=day,
        remote=p.remote,
        pay=p.pay,
        pay_text=req.pay.text if p.pay is None and req.pay.text else None,
        family=p.family,
        family_title=family.title if family else None,
        role=p.role,
        role_title=role.title if role else None,
        relevant=p.family != "unrelated",
        confidence=p.confidence,
        sample=p.sample,
        sources=sources,
        found_times=max(found_times(sources), 1),
        # the stored columns where there are some: what a verdict reads
        requirements=AdvertRequirements(
            credentials=p.credentials, license_required=req.license_required,
            years_min=p.years_min, years_max=p.years_max, settings=req.settings,
            skills=req.skills, certifications=req.certifications,
            certifications_required=p.certifications_required,
            employment_type=req.employment_type, nights_weekends=req.nights_weekends,
            internal_only=req.internal_only, nhs_band=req.nhs_band,
            band_experience=req.band_experience, senior_title=req.senior_title,
        ),  # fmt: skip
        requirement_rows=[
            RequirementLine(label=r.label, value=r.value, sentence=r.sentence)
            for r in requirement_rows(p, today=day)
        ],
        text=text,
        verdict=verdict,
        notes=notes,
    )
