""" "Which of these postings can I apply for, and why?"

:func:`posting_verdict` judges one posting against a profile; the verdict is
about eligibility, the score about fit:

- ``cannot_apply``: the posting does not accept any of your credentials, or asks
  for more than 2 years of experience beyond yours.
- ``stretch``: you are at most 2 years short, or miss a required certification.
- ``can_apply``: nothing stated stands in your way.

The score (0-100) is banded by verdict: ``can_apply`` 60-100, ``stretch``
31-59, ``cannot_apply`` 0-30; within a band, fit (credential named, years met,
remote wishes, pay model) decides.

    >>> from otpath.postings.models import Posting, Requirements
    >>> from otpath.profile.models import Profile
    >>> p = Posting(id="p1", title="Utilization Review Specialist",
    ...             requirements=Requirements(credentials=["OT", "COTA"], years_min=3,
    ...                                       years_max=5, remote="remote"))
    >>> v = posting_verdict(p, Profile(credentials=["COTA/L"], years_experience=4))
    >>> v.verdict, v.reasons[:3]
    ('can_apply', ['accepts COTA', 'asks 3-5 years, you have 4', 'remote'])

:func:`jobs_for_profile` ranks stored postings: SQL picks the newest few
thousand non-clinical postings that accept one of your credentials (or name
none); Python scores only those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field

from .postings.models import Posting
from .profile.models import Profile
from .search import PaySummary, SearchQuery, StoredPosting, WebUrl, _date, _listing_fields
from .store import Store, quote_fts

__all__ = ["JobVerdict", "Verdict", "jobs_for_profile", "posting_verdict"]

Verdict = Literal["can_apply", "stretch", "cannot_apply"]
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
    pay: PaySummary | None = None
    verdict: Verdict
    score: int = Field(ge=0, le=100)
    reasons: list[str]


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


def _facts_from_posting(p: Posting | StoredPosting) -> _Facts:
    if isinstance(p, StoredPosting):
        return _Facts(
            id=p.id, title=p.title, company=p.company, location=p.location, url=p.url,
            family=p.family, role=p.role, remote=p.remote, date_posted=p.date_posted,
            credentials=p.credentials, certifications_required=p.certifications_required,
            certifications=p.requirements.certifications, years_min=p.years_min,
            years_max=p.years_max, commission=bool(p.pay and p.pay.commission), pay=p.pay,
        )  # fmt: skip
    req = p.requirements
    pay = PaySummary(
        min=req.pay.min, max=req.pay.max, interval=req.pay.interval,
        annual_min=req.pay.annual_min, annual_max=req.pay.annual_max,
        commission=req.pay.commission,
    )  # fmt: skip
    return _Facts(
        id=p.id, title=p.title, company=p.company, location=p.location, url=p.url,
        family=p.classification.family, role=p.classification.role, remote=req.remote,
        date_posted=p.date_posted, credentials=req.credentials,
        certifications_required=req.certifications_required, certifications=req.certifications,
        years_min=req.years_min, years_max=req.years_max, commission=req.pay.commission,
        pay=pay if (pay.min is not None or pay.max is not None or pay.commission) else None,
    )  # fmt: skip


def _facts_from_row(r: dict[str, Any]) -> _Facts:
    """Facts from a ``Store.match_candidates`` row (no display fields yet)."""
    return _Facts(
        id=str(r["seq"]), title="", family=r["family"], role=r["role"], remote=r["remote"],
        date_posted=_date(r["date_posted"]), credentials=r["credentials"],
        certifications_required=r["certifications_required"],
        certifications=r["certifications"], years_min=r["years_min"],
        years_max=r["years_max"], commission=bool(r["commission"]),
    )  # fmt: skip


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def _norm_cert(text: str) -> str:
    # cached: "jobs for me" asks about the same few certifications thousands of times
    return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _has_cert(cert: str, held: tuple[str, ...]) -> bool:
    """``CCM`` matches ``ccm`` and ``Certified Case Manager (CCM)``."""
    c = _norm_cert(cert)
    if not c:
        return False
    for h in held:
        n = _norm_cert(h)
        if n and (n == c or f" {c} " in f" {n} " or f" {n} " in f" {c} "):
            return True
    return False


def _years(x: float) -> str:
    return f"{x:g}"


def _judge(f: _Facts, profile: Profile) -> tuple[Verdict, int, list[str]]:
    reasons: list[str] = []
    points = 50.0
    blocked = stretch = False
    held = profile.credentials

    # 1. Credentials: a hard requirement when the posting names any.
    if f.credentials:
        ok = [c for c in held if c in f.credentials]
        if ok:
            reasons.append(f"accepts {', '.join(ok)}")
            points += 20
        else:
            reasons.append(
                f"does not accept {' or '.join(held)} (accepts {', '.join(f.credentials)})"
            )
            blocked = True
    else:
        reasons.append("no credential stated: check the posting")
        points += 5

    # 2. Experience.
    have = profile.years_experience
    if f.years_min is not None and f.years_min > 0:
        rng = (
            f"{_years(f.years_min)}-{_years(f.years_max)}"
            if f.years_max is not None and f.years_max > f.years_min
            else f"{_years(f.years_min)}+"
        )
        short = f.years_min - have
        if short <= 0:
            reasons.append(f"asks {rng} years, you have {_years(have)}")
            points += 15
        else:
            unit = "year" if short == 1 else "years"
            reasons.append(
                f"asks {rng} years, you have {_years(have)}: {_years(short)} {unit} short"
            )
            if short <= STRETCH_YEARS:
                stretch = True
                points -= 10
            else:
                blocked = True
                points -= 25
    elif f.years_max is not None:
        reasons.append(f"asks up to {_years(f.years_max)} years, you have {_years(have)}")
        points += 5

    # 3. Certifications.
    held_certs = (*profile.certifications, *profile.skills)
    required = list(dict.fromkeys(f.certifications_required))
    for cert in required:
        if _has_cert(cert, held_certs):
            reasons.append(f"requires {cert}: you have it")
            points += 5
        else:
            reasons.append(f"requires {cert}: you do not have it")
            stretch = True
            points -= 12
    for cert in f.certifications:
        if cert not in required and _has_cert(cert, held_certs):
            reasons.append(f"prefers {cert}: you have it")
            points += 3

    # 4. Where the work happens, against what you want.
    want = profile.preferences.remote
    if f.remote == "remote":
        if want == "avoid":
            reasons.append("remote: you prefer on-site work")
            points -= 10
        else:
            reasons.append("remote")
            points += 10 if want in ("required", "preferred") else 3
    elif f.remote == "hybrid":
        if want == "required":
            reasons.append("hybrid: you want fully remote work")
            points -= 8
        else:
            reasons.append("hybrid")
            points += 3 if want == "preferred" else 0
    elif f.remote == "onsite":
        if want == "required":
            reasons.append("on-site: you want remote work")
            points -= 25
        elif want == "preferred":
            reasons.append("on-site: you prefer remote work")
            points -= 8
        else:
            reasons.append("on-site")
    elif want in ("required", "preferred"):
        reasons.append("remote or on-site not stated")

    # 5. Pay model and kind of job.
    if f.commission and profile.preferences.pay_model == "salary":
        reasons.append("pays commission: you prefer a salary")
        points -= 8
    if f.family == "clinical":
        reasons.append("clinical job (direct patient care)")
        points -= 30
    verdict: Verdict = "cannot_apply" if blocked else "stretch" if stretch else "can_apply"
    lo, hi = _SCORE_BAND[verdict]
    score = int(round(lo + (hi - lo) * min(max(points, 0.0), 100.0) / 100.0))
    return verdict, score, reasons


def _pay_reason(pay: PaySummary | None) -> list[str]:
    return [f"pays {pay.text}"] if pay is not None and pay.text else []


def _verdict(f: _Facts, profile: Profile) -> JobVerdict:
    verdict, score, reasons = _judge(f, profile)
    return JobVerdict(
        posting_id=f.id, title=f.title, company=f.company, location=f.location, url=f.url,
        family=f.family, role=f.role, remote=f.remote, date_posted=f.date_posted, pay=f.pay,
        verdict=verdict, score=score, reasons=reasons + _pay_reason(f.pay),
    )  # fmt: skip


def posting_verdict(posting: Posting | StoredPosting, profile: Profile) -> JobVerdict:
    """Can ``profile`` apply for ``posting``? A verdict, a 0-100 score and plain reasons."""
    return _verdict(_facts_from_posting(posting), profile)


def jobs_for_profile(
    store: Store,
    profile: Profile,
    *,
    query: SearchQuery | None = None,
    limit: int = 50,
    candidates: int = 3000,
    today: date | None = None,
) -> list[JobVerdict]:
    """The stored non-clinical postings ``profile`` can apply for, best first.

    Ranked ``can_apply`` first, then ``stretch``, then by score and newest date.
    Only postings that accept one of the profile's credentials or name none are
    considered (at most ``candidates`` of the newest); ``query`` narrows them further.
    When its words are in very many postings (see
    :meth:`~otpath.store.Store.match_candidates`), the candidates are the first that
    qualify among the most recently stored postings containing them, so the time a
    call takes stays bounded at a million stored postings.
    A profile that requires remote work does not see on-site postings.
    """
    query = query or SearchQuery()
    filters = query.filters(today=today, exclude_families=("clinical",))
    if profile.preferences.remote == "required" and query.remote is None:
        filters = replace(filters, exclude_remote=("onsite",))
    rows = store.match_candidates(
        profile.credentials, filters, match=quote_fts(query.q), limit=candidates
    )
    judged = []
    for row in rows:
        verdict, score, reasons = _judge(_facts_from_row(row), profile)
        judged.append(
            (
                _VERDICT_ORDER[verdict],
                -score,
                row["date_posted"],
                row["seq"],
                verdict,
                score,
                reasons,
            )
        )
    # best verdict, then score, then newest (ISO dates sort as text; undated last)
    judged.sort(key=lambda j: (j[2] or "", j[3]), reverse=True)
    judged.sort(key=lambda j: (j[0], j[1]))  # stable: keeps newest first within a tie
    top = judged[:limit]
    shown = store.posting_summaries([j[3] for j in top])
    out: list[JobVerdict] = []
    for _, _, _, seq, verdict, score, reasons in top:
        r = shown[seq]
        pay = PaySummary.from_row(r)
        out.append(
            JobVerdict(
                posting_id=r["id"],
                **_listing_fields(r),
                date_posted=_date(r["date_posted"]),
                pay=pay,
                verdict=verdict,
                score=score,
                reasons=reasons + _pay_reason(pay),
            )  # fmt: skip
        )
    return out

