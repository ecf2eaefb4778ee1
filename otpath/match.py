""" "Which of these postings can I apply for, and why?"

:func:`posting_verdict` judges one posting against the whole profile:

- ``cannot_apply``: another profession's job (family ``unrelated``); or the posting
  accepts none of your credentials (an RN-, MD- or pharmacist-only job never fits a
  therapy practitioner); or it asks for more than 2 years of experience beyond yours.
- ``stretch``: something stated stands between you and the job, and the reasons name
  it (``missing``): at most 2 years short; years of a kind of work your clinical years
  do not show ("2 years' administrative experience"); a required certification; the
  settings it asks experience in; pay in another currency (another country); pay below your pay
  floor; or a must of yours it breaks (remote only, salary only, 9-to-5 only...;
  the posting's role counts too, e.g. telehealth means patient contact).
  A stretch only because of the person's own wishes (a broken must, pay below the
  floor) is flagged ``breaks_must`` and ranks after every other stretch: it is not a
  gap to close but a job they said they would not want.
- ``can_apply``: every stated requirement is met and no must is broken. A wish that is
  not a must (little or no patient contact, against an advert that shows work with
  patients) is said among the reasons and places the posting lower, nothing more.
  A posting whose source gave only its title is a stretch at best: nothing it asks for
  is known, so "read the advert" is what it lacks.

The score (0-100) is banded by verdict: ``can_apply`` 60-100, ``stretch`` 31-59,
``cannot_apply`` 0-30; within a band, fit places it: the posting's own facts
(credential named, years met, remote wishes, pay model, schedule) and the fit of its
role for you (:func:`otpath.fit.score_role`).

    >>> from otpath.postings.models import Posting, Requirements
    >>> from otpath.profile.models import Profile
    >>> p = Posting(id="p1", title="Utilization Review Specialist",
    ...             description_text="Review therapy requests from home.",
    ...             requirements=Requirements(credentials=["OT", "COTA"], years_min=3,
    ...                                       years_max=5, remote="remote"))
    >>> v = posting_verdict(p, Profile(credentials=["COTA/L"], years_experience=4))
    >>> v.verdict, v.reasons[:3]
    ('can_apply', ['accepts COTA', 'asks 3-5 years, you have 4', 'remote'])

:func:`jobs_for_profile` ranks stored postings: SQL picks the newest few thousand
relevant, non-clinical postings that accept one of your credentials (or name none);
Python judges only those. Other professions' jobs (family ``unrelated``) are left out
unless you ask for all of them. :func:`role_evidence` counts, per role, the stored
postings that accept each credential: the evidence the fit engine shows.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from .bands import band_range, paid_like_band, senior_words, steps_above
from .catalog import default_catalog
from .credentials import CLINICAL_THERAPY_CODES, CREDENTIALS
from .fit import FitResult, PostingEvidence, must_label, score_role
from .fit.plan import education_gap
from .money import (
    COUNTRY_CURRENCY,
    CROWN_DEPENDENCIES,
    country_in,
    country_name,
    currency_label,
    format_money,
    normalize_currency,
)
from .postings.models import Posting, Requirements
from .postings.pipeline.extract import experience_kind, states_a_preference
from .profile.models import Profile, setting_words
from .search import (
    PaySummary,
    PostingRank,
    Ranker,
    SearchQuery,
    StoredPosting,
    WebUrl,
    _date,
    _listing_fields,
    text_match,
)
from .store import Store
from .store.reads import ReadMemo

__all__ = [
    "WELL_FITTING",
    "JobVerdict",
    "Judged",
    "Verdict",
    "RankedJobs",
    "jobs_for_profile",
    "posting_verdict",
    "profile_ranker",
    "rank_jobs",
    "role_evidence",
]

Verdict = Literal["can_apply", "stretch", "cannot_apply"]
#: One posting judged for a profile: (verdict, score, reasons, missing).
Judged = tuple[Verdict, int, tuple[str, ...], tuple[str, ...]]
_VERDICT_ORDER: dict[str, int] = {"can_apply": 0, "stretch": 1, "cannot_apply": 2}

# Experience shortfall (years) still worth a try.
STRETCH_YEARS = 2.0
# Each verdict owns a score band, so a score never contradicts its verdict:
# can_apply 60-100, stretch 31-59, cannot_apply 0-30. Fit points (0-100) place a
# posting within its band.
_SCORE_BAND: dict[str, tuple[int, int]] = {
    "can_apply": (60, 100),
    "stretch": (31, 59),
    "cannot_apply": (0, 30),
}
# How much the role's fit (0-100) moves the points: +-20 at the extremes.
_ROLE_FIT_WEIGHT = 0.4
# Employment types that are not a steady salaried or hourly job.
# Work paid shift by shift is not the steady pay a "salary" answer asks for; a contract
# or temporary post pays a salary or an hourly wage while it lasts: said, not a breach.
_NOT_STEADY = {"per_diem": "per diem"}
_FIXED_TERM = {"contract": "a contract job", "temporary": "a temporary job"}
# A setting named in a sentence with one of these words is asked for ("3 years in acute
# care or SNF"); without, it is only mentioned ("our SNF clients"). "Preferred" words make
# it a wish, not a requirement.
_ASKS = re.compile(
    # (the experience a patient, a member or a customer has of care is not the hire's:
    # "the best of academic and community healthcare ... accessible care experiences")
    r"(?<!patient )(?<!customer )(?<!member )(?<!user )\bexperienced?\b|"
    r"\b(years?|yrs|background|required|requires?|must|minimum|"
    r"preferred|plus|desired|ideal(?:ly)?|familiar(?:ity)?|knowledge)\b",
    re.I,
)


class JobVerdict(BaseModel):
    posting_id: str
    title: str
    company: str | None = None
    location: str | None = None
    url: WebUrl = None
    family: str = "other"
    role: str | None = None
    remote: str = "unknown"
    date_posted: date | None = None
    #: The advert's closing date, when it states one.
    closes: date | None = None
    pay: PaySummary | None = None
    verdict: Verdict
    score: int = Field(ge=0, le=100)
    reasons: list[str]
    #: What stands between you and "can apply" (empty when you can apply).
    missing: list[str] = Field(default_factory=list)
    #: The posting's role's fit for you (0-100), when it has a catalog role.
    role_score: int | None = None
    #: False for other professions' jobs (family "unrelated").
    relevant: bool = True
    #: True for the made-up sample postings that ship with otpath.
    sample: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breaks_must(self) -> bool:
        """A stretch only because of your own wishes: it breaks one of your musts or pays
        below your floor (you could apply, but said you would not want it)."""
        return self.verdict == "stretch" and breaks_a_must(self.missing)


@dataclass
class _Facts:
    id: str
    title: str
    company: str | None = None
    location: str | None = None
    url: str | None = None
    family: str = "other"
    role: str | None = None
    remote: str = "unknown"
    date_posted: date | None = None
    credentials: list[str] = field(default_factory=list)
    certifications_required: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    years_min: float | None = None
    years_max: float | None = None
    commission: bool = False
    pay: PaySummary | None = None
    settings: list[str] = field(default_factory=list)
    sentences: dict[str, str] = field(default_factory=dict)
    employment_type: str | None = None
    nights_weekends: bool = False
    internal_only: bool = False  # open only to the employer's own staff
    nhs_band: str | None = None  # the NHS band the advert names (title, else pay field, else a hiring sentence)
    band_from_pay: bool = False  # ...or its pay is exactly that band's range on the pay scale
    band_experience: str | None = None  # the band it asks experience at ("2 years at Band 7")
    senior_title: str | None = None  # a title's "Head of" or "Director"
    valid_through: date | None = None  # the advert's closing date
    currency: str | None = None
    pay_annual_min: float | None = None
    pay_annual_max: float | None = None
    title_only: bool = False  # the source gave only a title: no description was imported


def _pay_summary(req: Requirements) -> PaySummary | None:
    pay = req.pay
    summary = PaySummary(
        min=pay.min, max=pay.max, interval=pay.interval, annual_min=pay.annual_min,
        annual_max=pay.annual_max, commission=pay.commission,
        currency=normalize_currency(pay.currency),
    )  # fmt: skip
    has = summary.min is not None or summary.max is not None or summary.commission
    return summary if has else None


def _with_requirements(f: _Facts, req: Requirements | dict[str, Any] | None) -> _Facts:
    """Add what only the requirements record holds (settings, schedule, currency...)."""
    if req is None:
        return f
    if isinstance(req, dict):
        req = Requirements.model_validate(req)
    f.settings = list(req.settings)
    f.sentences = dict(req.sentences or {})
    f.employment_type = req.employment_type
    f.nights_weekends = req.nights_weekends
    f.internal_only = req.internal_only
    f.nhs_band = req.nhs_band
    f.band_from_pay = "nhs_band:pay_scale" in f.sentences
    f.band_experience = req.band_experience
    f.senior_title = req.senior_title
    f.currency = normalize_currency(req.pay.currency)
    f.pay_annual_min = req.pay.annual_min
    f.pay_annual_max = req.pay.annual_max
    return f


def _facts_from_posting(p: Posting | StoredPosting) -> _Facts:
    title_only = not (p.description_text.strip() or p.description_html.strip())
    if isinstance(p, StoredPosting):
        f = _Facts(
            id=p.id, title=p.title, company=p.company, location=p.location, url=p.url,
            family=p.family, role=p.role, remote=p.remote, date_posted=p.date_posted,
            credentials=p.credentials, certifications_required=p.certifications_required,
            certifications=p.requirements.certifications, years_min=p.years_min,
            years_max=p.years_max, commission=bool(p.pay and p.pay.commission), pay=p.pay,
            valid_through=p.valid_through,
            title_only=title_only,
        )  # fmt: skip
        return _with_requirements(f, p.requirements)
    req = p.requirements
    f = _Facts(
        id=p.id, title=p.title, company=p.company, location=p.location, url=p.url,
        family=p.classification.family, role=p.classification.role, remote=req.remote,
        date_posted=p.date_posted, credentials=req.credentials,
        certifications_required=req.certifications_required, certifications=req.certifications,
        years_min=req.years_min, years_max=req.years_max, commission=req.pay.commission,
        pay=_pay_summary(req), valid_through=p.valid_through,
        title_only=title_only,
    )  # fmt: skip
    return _with_requirements(f, req)


@lru_cache(maxsize=4096)
def _json(text: str) -> Any:
    # cached: settings lists and their sentences repeat across thousands of candidates
    return json.loads(text)


def _facts_from_row(r: dict[str, Any], d: dict[str, Any] | None) -> _Facts:
    """Facts from a ``Store.match_candidates`` row plus its ``match_details`` (read-only:
    the decoded JSON values are shared between rows)."""
    f = _Facts(
        id=str(r["seq"]), title="", family=r["family"], role=r["role"], remote=r["remote"],
        date_posted=_date(r["date_posted"]), credentials=r["credentials"],
        certifications_required=r["certifications_required"],
        certifications=r["certifications"], years_min=r["years_min"],
        years_max=r["years_max"], commission=bool(r["commission"]),
    )  # fmt: skip
    if d:
        f.settings = _json(d["settings"]) if d["settings"] else []
        f.sentences = _json(d["setting_sentences"]) if d["setting_sentences"] else {}
        f.employment_type = d["employment_type"]
        f.nights_weekends = bool(d["nights_weekends"])
        f.internal_only = bool(d.get("internal_only"))
        f.nhs_band = d.get("nhs_band")
        f.band_from_pay = bool(d.get("band_from_pay"))
        f.band_experience = d.get("band_experience")
        f.senior_title = d.get("senior_title")
        f.valid_through = _date(d.get("valid_through"))
        f.currency = normalize_currency(d["pay_currency"])
        f.pay_annual_min, f.pay_annual_max = d["pay_annual_min"], d["pay_annual_max"]
        f.location = d.get("location")
        f.title_only = bool(d.get("title_only"))
    return f


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def _norm_cert(text: str) -> str:
    # cached: "jobs for me" asks about the same few certifications thousands of times
    return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _has_cert(cert: str, held: tuple[str, ...]) -> bool:
    """``CCM`` matches ``ccm`` and ``Certified Case Manager (CCM)``; a one-letter
    "certification" (``A``, read from "Medicare Part A") matches nothing."""
    c = _norm_cert(cert)
    if len(c.replace(" ", "")) < 2:
        return False
    for h in held:
        n = _norm_cert(h)
        if not n:
            continue
        if n == c:
            return True
        # a whole word or phrase inside the other, never a one- or two-letter fragment
        if len(c) >= 3 and f" {c} " in f" {n} ":
            return True
        if len(n) >= 3 and f" {n} " in f" {c} ":
            return True
    return False


def _years(x: float) -> str:
    return f"{x:g}"


def _setting_names(keys: list[str]) -> str:
    return ", ".join(setting_words(k) for k in keys)


@lru_cache(maxsize=4096)
def _sentence_asks(sentence: str) -> str | None:
    """``"required"``, ``"wished"`` or ``None`` (only mentioned) for a setting's sentence."""
    if not _ASKS.search(sentence):
        return None
    return "wished" if states_a_preference(sentence) else "required"


def _asked_settings(f: _Facts) -> tuple[list[str], list[str]]:
    """(required, wished-for) settings: those named in a sentence that asks for them."""
    required: list[str] = []
    wished: list[str] = []
    for key in f.settings:
        sentence = f.sentences.get(f"setting:{key}")
        kind = _sentence_asks(sentence) if sentence else None
        if kind == "required":
            required.append(key)
        elif kind == "wished":
            wished.append(key)
    return required, wished


@dataclass
class _Judgement:
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    points: float = 50.0
    blocked: bool = False

    def lack(self, reason: str, what: str | None = None) -> None:
        """A stated requirement (or a must) that is not met: a stretch at best."""
        self.reasons.append(reason)
        if (what or reason) not in self.missing:  # one must broken twice is missing once
            self.missing.append(what or reason)

    def break_must(self, said: str, must: str) -> None:
        """The posting breaks a must of yours: ``said`` is what it is ("on-site")."""
        self.lack(f"{said}: breaks your must \u201c{must}\u201d", _must_missing(must))


# What is missing when a must is broken, and when pay is below the floor: read back by
# breaks_a_must (the judged tuples kept in caches hold only these words).
_MUST_MISSING = "your must \u201c"
_FLOOR_MISSING = "pay that reaches your "


def _must_missing(must: str) -> str:
    return f"{_MUST_MISSING}{must}\u201d"


def breaks_a_must(missing: Sequence[str]) -> bool:
    """Whether what a posting lacks includes one of your musts or your pay floor: a
    posting you could apply for, but that you said you would not want.

        >>> breaks_a_must(["1 more year of experience"]), breaks_a_must(["your must \u201cRemote only\u201d"])
        (False, True)
    """
    return any(m.startswith((_MUST_MISSING, _FLOOR_MISSING)) for m in missing)


@lru_cache(maxsize=256)
def _is_business(role_id: str) -> bool:
    """Is the catalog role one you would own (a business), not a job?"""
    role = default_catalog().roles.get(role_id)
    return role is not None and role.is_business


def _outside_us(f: _Facts) -> str | None:
    """The country of an advert outside the US (by its location, else its pay's
    currency), else None."""
    there = country_in(f.location)
    if there is None and f.currency is not None and f.currency != "USD":
        there = _country_of(f.currency)
    return there if there is not None and there != "US" else None


def _judge_credentials(f: _Facts, profile: Profile, fit: FitResult | None, j: _Judgement) -> None:
    held = profile.credentials
    if f.family == "unrelated":
        j.reasons.append("another profession's job: not a path for a therapy practitioner")
        j.blocked = True
        j.points -= 40
    if f.credentials:
        ok = [c for c in held if c in f.credentials]
        if ok:
            j.reasons.append(f"accepts {', '.join(ok)}")
            j.points += 20
        elif not any(c in CLINICAL_THERAPY_CODES for c in f.credentials):
            names = ", ".join(
                f"{CREDENTIALS[c].name} ({c})" if c in CREDENTIALS else c for c in f.credentials
            )
            j.reasons.append(f"requires {names}: a credential you do not hold")
            # first in what is missing: a pasted nurse's post must not read as lacking acute care
            j.missing.insert(0, f"the credential it requires: {names}")
            j.blocked = True
        else:
            j.reasons.append(
                f"does not accept {' or '.join(held)} (accepts {', '.join(f.credentials)})"
            )
            j.missing.insert(0, f"a credential it accepts ({', '.join(f.credentials)})")
            j.blocked = True
        return
    if fit is not None and fit.eligibility == "not_eligible":
        # The catalog's sources describe American employers: for an advert elsewhere (an
        # NHS discharge co-ordinator) the limit is a warning from there, said as such.
        abroad = _outside_us(f)
        where = f" (about US employers; this advert is in {country_name(abroad)})" if abroad else ""
        j.lack(
            f"no credential stated, and a source{where} limits {fit.title} to others: check the posting",
            f"a credential its sources list for {fit.title} (they do not list {' or '.join(held)})",
        )
        return
    if fit is not None and fit.eligibility == "unclear" and not _is_business(fit.role):
        # no source says the role takes your credential, and the advert is silent: that
        # is something to find out before applying, not a yes (a business you would own
        # has no employer to accept a credential: the note below says what is not known)
        j.lack(
            f"no credential stated, and whether {fit.title} takes {', '.join(held)} is unclear:"
            " check the posting",
            f"word that the employer takes {' or '.join(held)} (no source says {fit.title} does)",
        )
        return
    if fit is not None and fit.eligibility in ("likely", "unclear"):
        j.reasons.append(
            f"no credential stated, and whether {fit.title} takes {', '.join(held)} is"
            f" {'an inference' if fit.eligibility == 'likely' else 'unclear'}: check the posting"
        )
        return
    j.reasons.append("no credential stated: check the posting")
    j.points += 5


def _band_words(f: _Facts) -> str:
    """``"band 7"``, or ``"band 7 (from its pay)"`` when the pay scale gave it."""
    return f"band {f.nhs_band}" + (" (from its pay)" if f.band_from_pay else "")


def _say_the_band(f: _Facts, profile: Profile, j: _Judgement, uk_post: bool) -> None:
    """For a person who gave no band: nothing to compare with, but the post's band (or a
    senior title's lack of one) is still worth saying: a Band 8b manager's post is not a
    newcomer's."""
    if f.nhs_band:
        j.reasons.append(
            f"{_band_words(f)}: give your NHS band in your profile to compare it with yours"
            if profile.country == "GB"
            else f"an NHS {_band_words(f)} post"
        )
    elif f.senior_title and uk_post and profile.country == "GB":
        j.reasons.append(f"{senior_words(f.senior_title)} post, no band stated: check its band")


def _judge_band(f: _Facts, profile: Profile, j: _Judgement) -> None:
    """The advert's NHS band against yours: two or more bands up is a stretch, and so is
    experience asked at a band above yours ("a minimum of 2 years at Band 7").

    Only the order of the bands is compared (otpath.bands); a post one band up is
    the usual next step and is said, not counted against you.
    """
    # A head of service's title in a US posting says nothing about an NHS band.
    uk_post = f.nhs_band is not None or f.currency == "GBP" or country_in(f.location) == "GB"
    if not profile.nhs_band:
        _say_the_band(f, profile, j, uk_post)
        return
    mine = profile.nhs_band
    steps = steps_above(f.nhs_band, mine) if f.nhs_band else None
    rng = band_range(f.nhs_band) if f.nhs_band else None
    if steps is not None and rng is not None:
        post = _band_words(f)
        if steps >= 2:
            j.lack(f"{post}: {steps} bands above your band {mine}", f"experience at band {rng[0]} (you are band {mine})")
            j.points -= 10
            return
        if steps == 1:
            j.reasons.append(f"{post}: one band above your band {mine}")
        elif steps == 0:
            j.reasons.append(f"{post}: your band")
        else:
            j.reasons.append(f"{post}: below your band {mine}")
    if f.nhs_band is None and f.currency == "GBP" and f.pay_annual_min and f.date_posted:
        # No band said, but pay from a band two or more above yours on that year's scale
        # ("Senior CHC Manager, £60,058-£68,891" for a band 6): check it.
        london = "london" in (f.location or "").lower()
        paid = paid_like_band(f.pay_annual_min, f.date_posted, mine, london=london)
        if paid is not None:
            band, entry, year = paid
            less = ", even less a London supplement of a fifth," if london else ","
            j.lack(
                f"pays from £{f.pay_annual_min:,.0f} a year{less} at or above band {band}'s entry point"
                f" (£{entry:,}) on the Agenda for Change pay scale {year}: check how senior it is (you are band {mine})",
                f"the seniority of a post paid like band {band} (you are band {mine})",
            )
            j.points -= 10
            return
    if f.nhs_band is None and f.senior_title and uk_post:
        # a head of service or a director whose advert names no band and whose pay is no
        # band's range on the pay scale otpath ships: usually well above a band 7, so it
        # asks you to check
        post = f"{senior_words(f.senior_title)} post"
        if (steps_above("8a", mine) or 0) >= 1:
            j.lack(
                f"{post}, no band stated: check its band (you are band {mine})",
                f"the seniority of a {post} (you are band {mine})",
            )
            j.points -= 10
        else:
            j.reasons.append(f"{post}, no band stated: check its band")
    asked = f.band_experience
    if asked and (steps_above(asked, mine) or 0) >= 1:
        j.lack(f"asks experience at band {asked}: you are band {mine}", f"experience at band {asked} (you are band {mine})")
        j.points -= 10


def _judge_kind(f: _Facts, profile: Profile, rng: str, j: _Judgement) -> bool:
    """Years of a kind of work a therapist's clinical years do not show ("2 years'
    administrative experience"): said, with the clause, and a stretch unless it is only
    a wish or the person lists a skill that shows it. True when the kind decided."""
    sentence = f.sentences.get("years")
    kind = experience_kind(sentence, f.years_min) if sentence else None
    if kind is None:
        return False
    held = [s for s in profile.skills if any(_has_cert(k, (s,)) for k in kind.skills)]
    asked = f"asks {rng} years of {kind.label} experience (\u201c{_quote(kind.words, 160)}\u201d)"
    if held:
        return False  # they list work of that kind: their years are compared as usual
    if kind.preferred:
        j.reasons.append(f"{asked}, as a wish: your {_years(profile.years_experience)} years are clinical")
        return True
    j.lack(
        f"{asked}: your profile's {_years(profile.years_experience)} years are clinical work;"
        f" check whether you have {kind.label} experience",
        f"{rng} years of {kind.label} experience",
    )
    j.points -= 10
    return True


def _judge_experience(f: _Facts, profile: Profile, j: _Judgement) -> None:
    have = profile.years_experience
    if f.years_min is not None and f.years_min > 0:
        rng = (
            f"{_years(f.years_min)}-{_years(f.years_max)}"
            if f.years_max is not None and f.years_max > f.years_min
            else f"{_years(f.years_min)}+"
        )
        short = f.years_min - have
        if short <= STRETCH_YEARS and _judge_kind(f, profile, rng, j):
            pass  # years of another kind of work: clinical years are not compared with them
        elif short <= 0:
            j.reasons.append(f"asks {rng} years, you have {_years(have)}")
            j.points += 15
        else:
            unit = "year" if short == 1 else "years"
            reason = f"asks {rng} years, you have {_years(have)}: {_years(short)} {unit} short"
            if short <= STRETCH_YEARS:
                j.lack(reason, f"{_years(short)} more {unit} of experience")
                j.points -= 10
            else:
                j.reasons.append(reason)
                j.blocked = True
                j.points -= 25
    elif f.years_max is not None:
        j.reasons.append(f"asks up to {_years(f.years_max)} years, you have {_years(have)}")
        j.points += 5
    _judge_band(f, profile, j)
    required, wished = _asked_settings(f)
    mine = [s for s in profile.settings if s in required + wished]
    if required:
        if any(s in profile.settings for s in required):
            j.reasons.append(f"asks for experience in {_setting_names(required)}: you have {_setting_names(mine)}")
            j.points += 5
        else:
            yours = _setting_names(profile.settings) or "none listed in your profile"
            j.lack(
                f"asks for experience in {_setting_names(required)}: you have {yours}",
                f"experience in {_setting_names(required)}",
            )
            j.points -= 10
    elif wished and not mine:
        j.reasons.append(f"prefers experience in {_setting_names(wished)}")


def _judge_certifications(f: _Facts, profile: Profile, j: _Judgement) -> None:
    held_certs = (*profile.certifications, *profile.skills)
    required = list(dict.fromkeys(f.certifications_required))
    for cert in required:
        if _has_cert(cert, held_certs):
            j.reasons.append(f"requires {cert}: you have it")
            j.points += 5
        else:
            j.lack(f"requires {cert}: you do not have it", cert)
            j.points -= 12
    for cert in f.certifications:
        if cert not in required and _has_cert(cert, held_certs):
            j.reasons.append(f"prefers {cert}: you have it")
            j.points += 3


def _must(profile: Profile, key: str) -> str | None:
    """The must's words when the person marked ``key`` as one."""
    prefs = profile.preferences
    return must_label(prefs, key) if key in prefs.musts else None


def _judge_remote(f: _Facts, profile: Profile, j: _Judgement) -> None:
    want = profile.preferences.remote
    must = _must(profile, "remote")
    if f.remote == "remote":
        if want == "avoid":
            if must:
                j.break_must("remote", must)
            else:
                j.reasons.append("remote: you prefer on-site work")
            j.points -= 10
        else:
            j.reasons.append("remote")
            j.points += 10 if want in ("required", "preferred") else 3
    elif f.remote == "hybrid":
        if want == "required":
            if must:
                j.break_must("hybrid", must)
            else:
                j.reasons.append("hybrid: you want fully remote work")
            j.points -= 8
        else:
            j.reasons.append("hybrid")
            j.points += 3 if want == "preferred" else 0
    elif f.remote == "onsite":
        if want in ("required", "preferred") and must:
            j.break_must("on-site", must)
            j.points -= 25
        elif want == "required":
            j.reasons.append("on-site: you want remote work")
            j.points -= 25
        elif want == "preferred":
            j.reasons.append("on-site: you prefer remote work")
            j.points -= 8
        else:
            j.reasons.append("on-site")
    elif want in ("required", "preferred") and must:
        # Not a stated requirement, so still "can apply"; but a posting that may break a
        # must ranks after those known to keep it.
        j.reasons.append(f"remote or on-site not stated: check it against your must \u201c{must}\u201d")
        j.points -= 8
    elif want in ("required", "preferred"):
        j.reasons.append("remote or on-site not stated")


def _judge_job_kind(f: _Facts, profile: Profile, j: _Judgement) -> None:
    """Pay model, employment type and schedule against the answers (and musts)."""
    prefs = profile.preferences
    pay_must = _must(profile, "pay_model")
    if f.commission and prefs.pay_model == "salary":
        if pay_must:
            j.break_must("pays commission", pay_must)
        else:
            j.reasons.append("pays commission: you prefer a salary")
        j.points -= 8
    kind = _NOT_STEADY.get(f.employment_type or "")
    if kind and prefs.pay_model == "salary":
        if pay_must:
            j.break_must(f"{kind}", pay_must)
        else:
            j.reasons.append(f"{kind}, not a steady salaried job: you want steady pay")
        j.points -= 8
    elif f.employment_type in _FIXED_TERM:
        j.reasons.append(f"{_FIXED_TERM[f.employment_type]}: fixed term")
        j.points -= 4
    elif f.employment_type == "internship":
        j.reasons.append("an internship")
        j.points -= 10
    elif f.employment_type == "part_time":
        j.reasons.append("part time")
    if f.nights_weekends and prefs.schedule == "nine_to_five":
        sched_must = _must(profile, "schedule")
        if sched_must:
            j.break_must("nights or weekends", sched_must)
        else:
            j.reasons.append("nights or weekends: you want 9-to-5 hours")
        j.points -= 6


def _country_of(currency: str) -> str | None:
    found = [c for c, cur in COUNTRY_CURRENCY.items() if cur == currency]
    return found[0] if len(found) == 1 else None


def _judge_pay(f: _Facts, profile: Profile, j: _Judgement) -> None:
    """Country (by location, else by currency) and the pay floor; amounts only compared
    in one currency."""
    cur = f.currency  # normalised when the facts were read
    mine = profile.currency
    there = country_in(f.location)
    if there is not None and CROWN_DEPENDENCIES.get(there) == profile.country:
        # Jersey for someone in the UK: named, but not abroad, and paid in pounds
        j.reasons.append(
            f"in {country_name(there)} ({f.location}): a Crown Dependency, not part of"
            f" {country_name(profile.country)} but in its Common Travel Area and paid in pounds"
            " (check its own rules on work and housing)"
        )
    elif there is not None and there != profile.country:
        j.lack(
            f"in {country_name(there)} ({f.location}): a job in another country; you work in"
            f" {country_name(profile.country)} (check your right to work there)",
            f"a job in your country ({profile.country})",
        )
        j.points -= 15
    elif there is None and cur is not None and cur != mine:
        there = _country_of(cur)
        where = f"a job in {there}" if there else "a job outside your country"
        j.lack(
            f"pays in {currency_label(cur)}: likely {where}; you work in {profile.country}"
            " (check where it is and your right to work there)",
            f"a job in your country ({profile.country})",
        )
        j.points -= 15
    floor = profile.pay_floor_annual()
    if floor is None:
        return
    top = f.pay_annual_max if f.pay_annual_max is not None else f.pay_annual_min
    if top is None:
        return
    if cur != mine:
        j.reasons.append(
            f"pay not compared with your {format_money(floor, mine)} a year:"
            f" it is in {currency_label(cur)} (otpath does not convert currencies)"
        )
        return
    if top < floor:
        j.lack(
            f"pays at most {format_money(top, cur)} a year: below your {format_money(floor, mine)}",
            # what is missing, in words that cannot be read as met ("pay at or above your
            # pay floor" alone in a 'missing' column read as a fact about the posting)
            f"{_FLOOR_MISSING}{format_money(floor, mine)} floor (it pays at most {format_money(top, cur)})",
        )
        j.points -= 10
    else:
        said = f"pays {f.pay.text}: " if f.pay is not None and f.pay.text else "pay "
        part = ", but the post is part time: the pay may be pro rata (less)" if f.employment_type == "part_time" else ""
        j.reasons.append(f"{said}reaches your {format_money(floor, mine)} a year{part}")
        j.points += 5


def _judge_degree(profile: Profile, fit: FitResult | None, j: _Judgement) -> None:
    """The degree the role's sources name, when yours is below it (the gap plan's
    education step): a stretch, whatever the advert says of credentials."""
    if fit is None or j.blocked or not any(s.kind == "education" for s in fit.gaps):
        return  # the role's gap plan has no degree step: nothing to say
    role = default_catalog().roles.get(fit.role)
    gap = education_gap(role, profile, default_catalog()) if role is not None else None
    if gap is None:
        return
    j.lack(
        f"sources say {fit.title} typically needs {gap.need}; {gap.basis}",
        f"{gap.need} (sources say {fit.title} typically needs one)",
    )


def _quote(sentence: str, limit: int = 200) -> str:
    """A sentence short enough for a reason line."""
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "\u2026"


def _judge_patient_wish(f: _Facts, profile: Profile, j: _Judgement) -> None:
    """A wish (not a must) for little or no patient contact, against a posting whose own
    sentences show work with patients: said, and placed lower; never a stretch.
    (A must is judged in :func:`_judge_role`; clinical work is judged as such.)"""
    want = profile.preferences.patient_interaction
    if want not in ("none", "low") or _must(profile, "patient_interaction") or f.family == "clinical":
        return
    seen = f.sentences.get("patient_contact")
    if seen:
        words = "no" if want == "none" else "little"
        j.reasons.append(f"works with patients (\u201c{_quote(seen)}\u201d): you want {words} patient contact")
        j.points -= 10 if want == "none" else 5


def _judge_role(f: _Facts, profile: Profile, fit: FitResult | None, j: _Judgement) -> None:
    _judge_patient_wish(f, profile, j)
    if fit is None:
        contact = _must(profile, "patient_interaction")
        if f.family == "clinical":
            j.reasons.append("clinical job (direct patient care)")
            j.points -= 30
            if contact and profile.preferences.patient_interaction in ("none", "low"):
                j.break_must("direct patient care", contact)
        # Without a catalog role, a posting is a job: it cannot be a business of your own.
        own = _must(profile, "entrepreneurship")
        if own and profile.preferences.entrepreneurship:
            j.break_must("a job, not a business of your own", own)
        if contact and f.family != "clinical":
            seen = f.sentences.get("patient_contact")
            if seen and profile.preferences.patient_interaction in ("none", "low"):
                j.break_must(f"works with patients in person (\u201c{_quote(seen)}\u201d)", contact)
            else:
                j.reasons.append("patient contact not known for this posting: check it")
        return
    for m in fit.musts_broken:
        if m.key == "remote" and f.remote != "unknown":
            continue  # the posting says where its work is: that, not the role's usual, decides
        if m.key == "pay_model" and not f.commission and (
            f.pay_annual_min is not None or f.pay_annual_max is not None
        ):
            continue  # a posting that states its pay and no commission: that decides
        if m.key == "schedule" and not f.title_only:
            # the advert's own text is read for nights and weekends (_judge_job_kind): a
            # source's word on the role's usual hours (travel recruiters') does not
            # decide an in-house recruiter's advert that says nothing of them
            continue
        j.lack(
            f"the role ({fit.title}) breaks your must \u201c{m.label}\u201d: {m.reason}",
            _must_missing(m.label),
        )
    j.reasons.append(f"role fit: {fit.title} scores {fit.score} for you")
    j.points += (fit.score - 50) * _ROLE_FIT_WEIGHT


def _closed(valid_through: date | None, today: date | None) -> bool:
    """Has the advert's closing date passed (``today``: the day judged as, else today)?"""
    return valid_through is not None and valid_through < (today or date.today())


def _judge(
    f: _Facts, profile: Profile, fit: FitResult | None, today: date | None = None
) -> tuple[Verdict, int, list[str], list[str]]:
    j = _Judgement()
    _judge_credentials(f, profile, fit, j)
    _judge_degree(profile, fit, j)
    _judge_experience(f, profile, j)
    _judge_certifications(f, profile, j)
    _judge_remote(f, profile, j)
    _judge_job_kind(f, profile, j)
    _judge_pay(f, profile, j)
    _judge_role(f, profile, fit, j)
    if f.title_only:
        # Nothing the posting asks for is known: every "met" above is "not stated", so it
        # cannot be "can apply" (a product designer's title read "can apply" to an SLP).
        j.reasons.insert(0, "only its title was imported: what it asks for is unknown; read the advert before you apply")
        j.missing.insert(0, "what it asks (only its title was imported: read the advert)")
        j.points -= 15
    if f.internal_only:
        employer = f"{f.company}'s" if f.company else "the employer's"
        j.reasons.insert(0, f"open to {employer} own staff only: the posting says so")
        j.blocked = True
    if _closed(f.valid_through, today):
        assert f.valid_through is not None
        j.reasons.insert(0, f"closed on {f.valid_through.isoformat()}: the advert's closing date has passed")
        # first in what is missing too: the 'missing' column must not hide why it is "cannot apply"
        j.missing.insert(0, f"an open advert (it closed on {f.valid_through.isoformat()})")
        j.blocked = True
    verdict: Verdict = "cannot_apply" if j.blocked else "stretch" if j.missing else "can_apply"
    lo, hi = _SCORE_BAND[verdict]
    score = int(round(lo + (hi - lo) * min(max(j.points, 0.0), 100.0) / 100.0))
    return verdict, score, j.reasons, j.missing


def _pay_reason(pay: PaySummary | None, reasons: Sequence[str] = ()) -> list[str]:
    """The posting's pay as a reason line, unless the pay-floor reason already says it."""
    if pay is None or not pay.text:
        return []
    if any(r.startswith(f"pays {pay.text}: reaches your ") for r in reasons):
        return []
    return [f"pays {pay.text}"]


class _RoleFits:
    """Each catalog role's fit for one profile, computed once per role."""

    def __init__(
        self, profile: Profile, evidence: Mapping[str, PostingEvidence] | None = None
    ) -> None:
        self.profile = profile
        self.evidence = evidence
        self.catalog = default_catalog()
        self.cache: dict[str, FitResult | None] = {}

    def get(self, role_id: str | None) -> FitResult | None:
        if role_id is None:
            return None
        if role_id not in self.cache:
            role = self.catalog.roles.get(role_id)
            self.cache[role_id] = (
                None if role is None else score_role(role, self.profile, evidence=self.evidence)
            )
        return self.cache[role_id]


_SHARED_FITS: OrderedDict[str, _RoleFits] = OrderedDict()
_SHARED_FITS_LOCK = threading.Lock()


def _fits_for(profile: Profile) -> _RoleFits:
    """The role fits of ``profile``, shared by every call for an equal profile (the last
    few profiles are kept): scoring a role costs about a millisecond, and a search or a
    jobs-for-me list meets dozens of roles."""
    key = profile.model_dump_json()
    with _SHARED_FITS_LOCK:
        fits = _SHARED_FITS.get(key)
        if fits is None:
            fits = _SHARED_FITS[key] = _RoleFits(profile)
            while len(_SHARED_FITS) > 8:
                _SHARED_FITS.popitem(last=False)
        _SHARED_FITS.move_to_end(key)
        return fits


def posting_verdict(
    posting: Posting | StoredPosting, profile: Profile, *, today: date | None = None
) -> JobVerdict:
    """Can ``profile`` apply for ``posting``? A verdict, a 0-100 score and plain reasons.

    ``today`` is the day the closing date is judged against (default: today), as
    ``otpath jobs --as-of`` does.
    """
    f = _facts_from_posting(posting)
    fit = _RoleFits(profile).get(f.role)
    verdict, score, reasons, missing = _judge(f, profile, fit, today)
    return JobVerdict(
        posting_id=f.id, title=f.title, company=f.company, location=f.location, url=f.url,
        family=f.family, role=f.role, remote=f.remote, date_posted=f.date_posted,
        closes=f.valid_through, pay=f.pay, verdict=verdict, score=score, reasons=reasons + _pay_reason(f.pay, reasons), missing=missing,
        role_score=fit.score if fit else None, relevant=f.family != "unrelated",
        sample=posting.sample,
    )  # fmt: skip


#: How many of the newest qualifying postings a ranking judges at most (``candidates``).
CANDIDATES = 3000


def jobs_for_profile(
    store: Store,
    profile: Profile,
    *,
    query: SearchQuery | None = None,
    limit: int = 50,
    candidates: int = CANDIDATES,
    today: date | None = None,
    include_unrelated: bool = False,
    verdicts: MutableMapping[int, Judged] | None = None,
) -> list[JobVerdict]:
    """The stored non-clinical postings ``profile`` can apply for, best first.

    Ranked ``can_apply`` first, then ``stretch``, then by score and newest date.
    Only postings that accept one of the profile's credentials or name none are
    considered (at most ``candidates`` of the newest); ``query`` narrows them further.
    Other professions' jobs (family ``unrelated``) are left out unless
    ``include_unrelated``; when shown they are always ``cannot_apply``.
    When its words are in very many postings (see
    :meth:`~otpath.store.Store.match_candidates`), the candidates are the first that
    qualify among the most recently stored postings containing them, so the time a
    call takes stays bounded at a million stored postings.
    A profile that requires remote work does not see on-site postings.

    ``verdicts`` (by posting seq) holds judgements already made for this profile on
    this store as it is now; postings found there are not judged again, and new
    judgements are added. A posting's verdict depends on the profile and the posting
    only, not on the query, so a caller that keeps one such map per profile and store
    generation (the web app does) judges each posting once.
    """
    return rank_jobs(
        store, profile, query=query, limit=limit, candidates=candidates, today=today,
        include_unrelated=include_unrelated, verdicts=verdicts,
    ).verdicts(store)  # fmt: skip


#: One posting of a ranking: ``(seq, verdict, score, reasons, missing, role)``.
Ranked = tuple[int, Verdict, int, tuple[str, ...], tuple[str, ...], str | None]


class RankedJobs:
    """:func:`rank_jobs`' answer: the postings a profile can apply for, best first,
    judged but not yet read for display. ``len()`` is how many there are;
    :meth:`verdicts` builds the :class:`JobVerdict` of a slice of them, so a page
    showing 20 of 500 reads and builds 20.

    The postings it cannot apply for come last whatever their score, and other
    professions' jobs (with ``include_unrelated``) always are among them: those are
    judged (to order them by score) only when a slice reaches past the others.
    """

    def __init__(
        self, head: tuple[Ranked, ...], size: int, fits: _RoleFits,
        rest: Callable[[Store], tuple[Ranked, ...]] | None = None, capped: bool = False,
    ) -> None:  # fmt: skip
        #: True when more postings qualified than the ranking judges (``candidates``):
        #: only the newest were ranked.
        self.capped = capped
        self._head = head  # best first: all of them, or (with rest) those not "cannot apply"
        self._rest = rest  # judges and ranks the others, once
        self._size = size
        self._all: tuple[Ranked, ...] | None = head[:size] if rest is None else None
        self._lock = threading.Lock()
        self.fits = fits

    def __len__(self) -> int:
        return self._size

    def applicable(self) -> int:
        """How many of them the profile can apply for or stretch to: they come first,
        so ``[0:applicable()]`` leaves out only those it cannot apply for."""
        if self._rest is not None:
            return min(len(self._head), self._size)
        return sum(1 for e in self._head[: self._size] if e[1] != "cannot_apply")

    def entries(self, store: Store, start: int = 0, stop: int | None = None) -> tuple[Ranked, ...]:
        """``(seq, verdict, score, reasons, missing, role)`` of the ranking's slice."""
        stop = self._size if stop is None else min(stop, self._size)
        if self._all is None and stop <= len(self._head):
            return self._head[start:stop]
        with self._lock:
            if self._all is None:
                assert self._rest is not None
                self._all = (self._head + self._rest(store))[: self._size]
        return self._all[start:stop]

    def verdicts(self, store: Store, start: int = 0, stop: int | None = None) -> list[JobVerdict]:
        """The verdicts of the slice ``[start:stop]``, with what to display read from ``store``."""
        top = self.entries(store, start, stop)
        shown = store.posting_summaries([e[0] for e in top])
        out: list[JobVerdict] = []
        for seq, verdict, score, reasons, missing, role in top:
            r = shown[seq]
            pay = PaySummary.from_row(r)
            fit = self.fits.get(role)
            out.append(
                JobVerdict(
                    posting_id=r["id"],
                    **_listing_fields(r),
                    date_posted=_date(r["date_posted"]),
                    closes=_date(r["valid_through"]),
                    pay=pay,
                    verdict=verdict,
                    score=score,
                    reasons=[*reasons, *_pay_reason(pay, reasons)],
                    missing=list(missing),
                    role_score=fit.score if fit else None,
                    relevant=r["family"] != "unrelated",
                    sample=bool(r["sample"]),
                )  # fmt: skip
            )
        return out


def rank_jobs(
    store: Store,
    profile: Profile,
    *,
    query: SearchQuery | None = None,
    limit: int = 50,
    candidates: int = CANDIDATES,
    today: date | None = None,
    include_unrelated: bool = False,
    verdicts: MutableMapping[int, Judged] | None = None,
    memo: ReadMemo | None = None,
) -> RankedJobs:
    """:func:`jobs_for_profile`'s ranking (same arguments), before anything is read
    for display: ``rank_jobs(...).verdicts(store)`` is ``jobs_for_profile(...)``.
    ``memo`` keeps reads that other queries on the store as it is now share (see
    :class:`~otpath.store.reads.ReadMemo`)."""
    query = query or SearchQuery()
    excluded = ("clinical",) if include_unrelated else ("clinical", "unrelated")
    filters = query.filters(today=today, exclude_families=excluded)
    if profile.preferences.remote == "required" and query.remote is None:
        filters = replace(filters, exclude_remote=("onsite",))
    # With judgements to reuse, read which postings first, and the facts of new ones only.
    match = text_match(store, query, memo=memo)
    facts: dict[int, dict[str, Any]] = {}
    if verdicts is not None:
        # one more than judged, to know whether any were left out
        keys = store.match_keys(profile.credentials, filters, match=match, limit=candidates + 1,
                                memo=memo)  # fmt: skip
    else:
        rows = store.match_candidates(profile.credentials, filters, match=match,
                                      limit=candidates + 1)  # fmt: skip
        facts = {r["seq"]: r for r in rows}
        keys = [(r["seq"], r["date_posted"], r["role"], r["family"]) for r in rows]
    capped = len(keys) > candidates
    keys = keys[:candidates]
    fits = _fits_for(profile)
    known = verdicts if verdicts is not None else {}

    def judge(some: Sequence[tuple[int, str, str | None, str]], reader: Store) -> None:
        fresh = [k[0] for k in some if k[0] not in known]
        if not fresh:
            return
        read = reader.candidate_facts(fresh) if verdicts is not None else facts
        details = reader.match_details(fresh)
        for seq in fresh:
            row = read[seq]
            v, s, why, lacks = _judge(
                _facts_from_row(row, details.get(seq)), profile, fits.get(row["role"]), today
            )
            known[seq] = (v, s, tuple(why), tuple(lacks))

    def ranked(some: Sequence[tuple[int, str, str | None, str]]) -> tuple[Ranked, ...]:
        judged = []
        for seq, day, role, _ in some:
            verdict, score, reasons, missing = known[seq]
            # a stretch that breaks one of your musts comes after every other stretch
            order = _VERDICT_ORDER[verdict] + (0.5 if verdict == "stretch" and breaks_a_must(missing) else 0)
            judged.append((order, -score, day, seq, verdict, score, reasons, missing, role))
        # best verdict, then score, then newest (ISO dates sort as text; undated last)
        judged.sort(key=lambda j: (j[2] or "", j[3]), reverse=True)
        judged.sort(key=lambda j: (j[0], j[1]))  # stable: keeps newest first within a tie
        return tuple((j[3], j[4], j[5], j[6], j[7], j[8]) for j in judged[:limit])

    # Another profession's job is never one to apply for (see _judge_credentials): it
    # ranks among "cannot apply", after every other verdict, and is judged only when a
    # page reaches that far.
    relevant = [k for k in keys if k[3] != "unrelated"]
    judge(relevant, store)
    size = min(len(keys), limit)
    if len(relevant) == len(keys):
        return RankedJobs(ranked(keys), size, fits, capped=capped)
    head = ranked([k for k in relevant if known[k[0]][0] != "cannot_apply"])
    if len(head) >= size:
        return RankedJobs(head, size, fits, capped=capped)
    rest = [k for k in keys if k[3] == "unrelated" or known[k[0]][0] == "cannot_apply"]

    def finish(reader: Store) -> tuple[Ranked, ...]:
        judge(rest, reader)
        return ranked(rest)

    return RankedJobs(head, size, fits, rest=finish, capped=capped)


#: A role fits a profile well from this fit score (0-100) on, when it breaks no must.
WELL_FITTING = 60


def _because(judged: Judged) -> tuple[str, ...]:
    """Why a judged posting is not "can apply": what is lacking for a stretch, the first
    reason (the one that rules it out) for "cannot apply"."""
    verdict, _, reasons, lacks = judged
    if verdict == "stretch":
        return tuple(lacks)
    if verdict == "cannot_apply" and reasons:
        return (reasons[0],)
    return ()


class _ProfileRanker:
    """:func:`profile_ranker`'s ranker (see :class:`otpath.search.Ranker`)."""

    def __init__(
        self,
        profile: Profile,
        known: MutableMapping[int, int] | None = None,
        verdicts: MutableMapping[int, Judged] | None = None,
        today: date | None = None,
    ) -> None:
        self.profile = profile
        self.today = today
        self.fits = _fits_for(profile)
        self.held = frozenset(profile.credentials)
        self.known = known
        self.verdicts = verdicts

    def _tier(self, fit: FitResult | None, verdict: str) -> int:
        good = fit is not None and fit.score >= WELL_FITTING and not fit.musts_broken
        return 2 if verdict == "cannot_apply" else 0 if good else 1

    def __call__(self, store: Store, seqs: Sequence[int]) -> dict[int, PostingRank]:
        facts = store.candidate_facts(seqs)
        known = self.verdicts if self.verdicts is not None else {}
        details = store.match_details([seq for seq in facts if seq not in known])
        out: dict[int, PostingRank] = {}
        for seq, row in facts.items():
            fit = self.fits.get(row["role"])
            judged = known.get(seq)
            if judged is None:
                v, sc, why, lacks = _judge(_facts_from_row(row, details.get(seq)), self.profile, fit, self.today)
                judged = known[seq] = (v, sc, tuple(why), tuple(lacks))
            verdict = judged[0]
            out[seq] = PostingRank(
                tier=self._tier(fit, verdict), verdict=verdict,
                role_score=fit.score if fit else None, because=_because(judged),
                breaks_must=verdict == "stretch" and breaks_a_must(judged[3]),
            )  # fmt: skip
        return out

    def tiers(self, store: Store, seqs: Sequence[int]) -> dict[int, int]:
        """Each posting's tier from the few facts that decide "cannot apply" (as
        :func:`_judge` decides it: another profession's job, a post open only to the
        employer's own staff, none of the profile's credentials accepted, or more than
        :data:`STRETCH_YEARS` years short) and its
        role's fit, without judging the rest."""
        known = self.known
        if known is not None:
            fresh = [seq for seq in seqs if seq not in known]
            if fresh:
                known.update(self._tiers(store, fresh))
            return {seq: known[seq] for seq in seqs if seq in known}
        return self._tiers(store, seqs)

    def _tiers(self, store: Store, seqs: Sequence[int]) -> dict[int, int]:
        have = self.profile.years_experience
        held = self.held
        accepts: dict[str, bool] = {}  # credentials JSON text -> accepts one held (or none named)
        out: dict[int, int] = {}
        today = self.today or date.today()
        for seq, family, role, credentials, years_min, internal_only, valid_through in store.tier_facts(seqs):
            ok = accepts.get(credentials)
            if ok is None:
                named = json.loads(credentials) if credentials else []
                ok = accepts[credentials] = not named or any(c in named for c in held)
            blocked = (
                family == "unrelated"
                or bool(internal_only)  # open only to the employer's own staff
                or _closed(_date(valid_through), today)
                or not ok
                or (years_min is not None and years_min > 0 and years_min - have > STRETCH_YEARS)
            )
            out[seq] = self._tier(self.fits.get(role), "cannot_apply" if blocked else "")
        return out


def profile_ranker(
    profile: Profile,
    tiers: MutableMapping[int, int] | None = None,
    verdicts: MutableMapping[int, Judged] | None = None,
    *,
    today: date | None = None,
) -> Ranker:
    """How search ranks postings for ``profile`` (:func:`otpath.search.search`'s ``ranker``).

    Each posting gets the verdict :func:`jobs_for_profile` would give it, and a tier:
    0 when the profile can apply (or it is a stretch) and the posting's role fits the
    profile well (a fit of :data:`WELL_FITTING` or more, no must broken); 1 for the
    other postings it can apply for; 2 for those it cannot apply for.

    ``tiers`` (by posting seq) holds tiers already found for this profile on this store
    as it is now: they are not read again, and new ones are added. A tier depends on
    the profile and the posting only, so a caller that keeps one such map per profile
    and store generation (the web app does) reads each posting's tier facts once.
    ``verdicts``: the same for whole judgements (see :func:`jobs_for_profile`).
    ``today`` is the day closing dates are judged against (default: today), as
    ``otpath jobs --as-of`` does; caches given must hold verdicts of that day.
    """
    return _ProfileRanker(profile, tiers, verdicts, today)


def role_evidence(store: Store) -> dict[str, PostingEvidence]:
    """Per catalog role: its stored postings and how many accept each credential.

    Sample postings are not evidence and are not counted.
    """
    out: dict[str, PostingEvidence] = {}
    for role, (total, by_code, unnamed) in store.role_credential_counts().items():
        out[role] = PostingEvidence(role=role, total=total, accepting=by_code, unnamed=unnamed)
    return out
