"""Market evidence: what the stored postings of a role or family say, counted.

Nothing here is looked up or estimated: every figure is a count over the postings
in the store, and says how many postings it rests on. Sample postings (made up by
the otpath authors) are left out unless asked for.

For a role or a family, :func:`market_insights` gives

* how many postings there are, and what share is remote, hybrid or on site;
* the share that accepts each credential (a posting may accept several);
* pay, per currency (never mixed), as annual figures: the midpoint of a stated
  range, hourly rates times 2,080 as the pipeline annualises them;
* the skills and certifications asked for most often;
* counts over time by posting date (weeks for a short span, months otherwise);
* and, where the source article makes a claim about the role (that it is fully
  remote, that only PTs and OTs qualify), the claim with the stored evidence
  beside it.

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     m = market_insights(store, role="utilization_review")
    >>> m.postings, m.title, [c.field for c in m.claims]
    (0, 'Utilization Reviewer', ['work_arrangement', 'eligible_credentials'])
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from .catalog import Role, default_catalog
from .credentials import CREDENTIALS
from .errors import NotFoundError
from .store import Store

__all__ = [
    "MAX_POSTINGS",
    "ArticleClaim",
    "Bin",
    "MarketInsights",
    "MarketRow",
    "PayStats",
    "PeriodCount",
    "Share",
    "market_insights",
    "market_overview",
]

#: Insights rest on at most this many of the newest postings of a role or family.
MAX_POSTINGS = 20000
_REMOTE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On site", "unknown": "Not stated"}
_NO_CREDENTIAL = "none"
_ARTICLE = "seed:"


class Share(BaseModel):
    key: str
    label: str
    count: int
    share: float = Field(description="count / the postings it is a share of (0 to 1).")


class Bin(BaseModel):
    low: float
    high: float
    count: int


class PayStats(BaseModel):
    """Annual pay stated by postings in one currency."""

    currency: str
    count: int = Field(description="Postings in this currency that state pay.")
    low: float
    p25: float
    median: float
    p75: float
    high: float
    bins: list[Bin]


class PeriodCount(BaseModel):
    start: date
    label: str
    count: int


class ArticleClaim(BaseModel):
    """What the source article says about a role, and what the stored postings show."""

    field: Literal["work_arrangement", "eligible_credentials"]
    claim: str = Field(description="The catalog's value, e.g. 'Remote' or 'PT, OT'.")
    quote: str | None = Field(description="The article's words.")
    sources: list[str]
    stated: int = Field(description="Postings that state this at all.")
    matching: int = Field(description="Of those, postings that agree with the claim.")
    evidence: str = Field(description="The counts in words.")


class MarketInsights(BaseModel):
    scope: Literal["role", "family"]
    id: str
    title: str
    postings: int = Field(description="Postings these figures rest on.")
    total: int = Field(description="Postings of this role or family in the store (of those counted).")
    capped: bool = Field(description="True when only the newest MAX_POSTINGS were counted.")
    include_sample: bool
    sample_left_out: int = Field(description="Sample postings not counted.")
    remote: list[Share]
    credentials: list[Share]
    pay: list[PayStats]
    pay_stated: int
    #: The credentials the pay figures were limited to (postings that accept one of them
    #: or name none); empty when every posting counted.
    pay_for: list[str] = Field(default_factory=list)
    skills: list[Share]
    certifications: list[Share]
    granularity: Literal["week", "month"]
    over_time: list[PeriodCount]
    undated: int
    claims: list[ArticleClaim]


class MarketRow(BaseModel):
    family: str
    family_title: str
    role: str | None
    role_title: str | None
    postings: int
    remote: int
    hybrid: int
    onsite: int


# -- counting ------------------------------------------------------------------------------


def _shares(counter: Counter[str], base: int, labels: dict[str, str] | None = None) -> list[Share]:
    return [
        Share(key=k, label=(labels or {}).get(k, k), count=n, share=n / base if base else 0.0)
        for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _annual(row: dict[str, Any]) -> float | None:
    lo, hi = row["pay_annual_min"], row["pay_annual_max"]
    if lo is not None and hi is not None:
        return (float(lo) + float(hi)) / 2
    value = lo if lo is not None else hi
    return None if value is None else float(value)


def _nice_step(span: float, bins: int) -> float:
    raw = span / max(1, bins)
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _bins(values: Sequence[float], *, bins: int = 8) -> list[Bin]:
    """Equal-width bins on round edges (``$5,000`` steps, say) covering ``values``."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [Bin(low=lo, high=hi, count=len(values))]
    step = _nice_step(hi - lo, bins)
    start = (lo // step) * step
    edges = [start]
    while edges[-1] <= hi:
        edges.append(edges[-1] + step)
    counts = [0] * (len(edges) - 1)
    for v in values:
        counts[min(int((v - start) // step), len(counts) - 1)] += 1
    return [Bin(low=edges[i], high=edges[i + 1], count=c) for i, c in enumerate(counts)]


def _pay(rows: Iterable[dict[str, Any]]) -> tuple[list[PayStats], int]:
    by_currency: dict[str, list[float]] = {}
    for row in rows:
        value = _annual(row)
        if value is not None and value > 0:
            by_currency.setdefault((row["currency"] or "unknown").upper(), []).append(value)
    out = []
    for currency, values in sorted(by_currency.items(), key=lambda kv: -len(kv[1])):
        values.sort()
        if len(values) >= 2:
            q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q2 = q3 = values[0]
        out.append(
            PayStats(
                currency=currency, count=len(values), low=values[0], p25=q1, median=q2, p75=q3,
                high=values[-1], bins=_bins(values),
            )  # fmt: skip
        )
    return out, sum(p.count for p in out)


def _over_time(dates: Sequence[date]) -> tuple[Literal["week", "month"], list[PeriodCount]]:
    if not dates:
        return "month", []
    first, last = min(dates), max(dates)
    if (last - first).days <= 120:
        start = first - timedelta(days=first.weekday())
        counts = Counter((d - timedelta(days=d.weekday())) for d in dates)
        out = []
        week = start
        while week <= last:
            out.append(PeriodCount(start=week, label=f"week of {week.isoformat()}", count=counts[week]))
            week += timedelta(days=7)
        return "week", out
    months = Counter(date(d.year, d.month, 1) for d in dates)
    out = []
    month = date(first.year, first.month, 1)
    end = date(last.year, last.month, 1)
    while month <= end:
        out.append(PeriodCount(start=month, label=month.strftime("%b %Y"), count=months[month]))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return "month", out[-36:]


def _remote_claim(role: Role, remote: Counter[str], total: int) -> ArticleClaim | None:
    cite = role.cite.get("work_arrangement")
    if cite is None or not any(s.startswith(_ARTICLE) for s in cite.sources):
        return None
    stated = total - remote.get("unknown", 0)
    claimed = role.work_arrangement
    kinds = [k for k in ("remote", "hybrid", "onsite") if remote.get(k)]
    parts = [f"{remote[k]} {_REMOTE_LABELS[k].lower()}" for k in kinds]
    unknown = remote.get("unknown", 0)
    rest = f"; {unknown} {'does' if unknown == 1 else 'do'} not say." if unknown else "."
    if claimed == "varies":
        # "varies" is not a place a posting can be: the postings bear it out by differing
        matching = stated if len(kinds) > 1 else 0
    else:
        matching = remote.get(claimed, 0)
    if total == 0:
        evidence = "No stored posting of this role to check it against."
    elif stated == 0:
        evidence = f"None of the {total} stored postings says whether it is remote."
    elif claimed == "varies" and len(kinds) > 1:
        evidence = f"The {stated} stored postings that say where the work happens differ: {', '.join(parts)}{rest}"
    elif claimed == "varies":
        place = _REMOTE_LABELS[kinds[0]].lower()
        evidence = (
            f"All {stated} stored postings that say where the work happens are {place}: none shows it varying{rest}"
            if stated > 1
            else f"The one stored posting that says where the work happens is {place}{rest}"
        )
    else:
        pct = round(100 * matching / stated)
        shown = _REMOTE_LABELS.get(claimed, claimed).lower()
        evidence = (
            f"{matching} of the {stated} stored postings that say where the work happens are"
            f" {shown} ({pct}%): {', '.join(parts)}{rest}"
        )
    return ArticleClaim(
        field="work_arrangement", claim=_REMOTE_LABELS.get(claimed, claimed.capitalize()),
        quote=cite.quote, sources=list(cite.sources), stated=stated, matching=matching,
        evidence=evidence,
    )  # fmt: skip


def _credential_claim(
    role: Role, rows: Sequence[dict[str, Any]], total: int
) -> ArticleClaim | None:
    cite = role.cite.get("eligible_credentials")
    if cite is None or role.open_to_all or not any(s.startswith(_ARTICLE) for s in cite.sources):
        return None
    allowed = set(role.eligible_credentials)
    naming = [r for r in rows if r["credentials"]]
    within = sum(1 for r in naming if set(r["credentials"]) <= allowed)
    others = Counter(c for r in naming for c in set(r["credentials"]) - allowed)
    if total == 0:
        evidence = "No stored posting of this role to check it against."
    elif not naming:
        evidence = f"None of the {total} stored postings names a credential."
    else:
        pct = round(100 * within / len(naming))
        evidence = (
            f"{within} of the {len(naming)} stored postings that name credentials accept only"
            f" {', '.join(role.eligible_credentials)} ({pct}%)"
        )
        if others:
            evidence += "; " + ", ".join(f"{c} is accepted by {n}" for c, n in others.most_common())
        evidence += "."
    return ArticleClaim(
        field="eligible_credentials", claim=", ".join(role.eligible_credentials),
        quote=cite.quote, sources=list(cite.sources), stated=len(naming), matching=within,
        evidence=evidence,
    )  # fmt: skip


def market_insights(
    store: Store,
    *,
    role: str | None = None,
    family: str | None = None,
    include_sample: bool = False,
    top: int = 10,
    limit: int = MAX_POSTINGS,
    pay_for: Sequence[str] = (),
) -> MarketInsights:
    """What the stored postings of ``role`` (or ``family``) say; see the module docstring.

    ``pay_for`` (a person's credential codes) limits the pay figures to the postings that
    accept one of them or name none: a PT's "stored pay" for utilization review is not
    the RN-only postings' pay. Every other figure counts every posting."""
    catalog = default_catalog()
    if (role is None) == (family is None):
        raise ValueError("give role or family")
    role_obj: Role | None = None
    scope: Literal["role", "family"]
    if role is not None:
        role_obj = catalog.role(role)  # NotFoundError
        scope, key, title = "role", role, role_obj.title
    else:
        assert family is not None
        if family not in catalog.families:
            raise NotFoundError(f"no family {family!r}", hint="run 'otpath families' to list them")
        scope, key, title = "family", family, catalog.families[family].title
    rows = store.insight_rows(role=role, family=family, include_sample=include_sample, limit=limit)
    everything, samples = store.insight_counts(role=role, family=family)
    total = everything if include_sample else everything - samples
    n = len(rows)
    remote = Counter(r["remote"] for r in rows)
    creds: Counter[str] = Counter()
    for r in rows:
        creds.update(set(r["credentials"]) or {_NO_CREDENTIAL})
    cred_labels = {c: c for c in CREDENTIALS} | {_NO_CREDENTIAL: "Names no credential"}
    skills = Counter(s for r in rows for s in set(r["skills"]))
    certs = Counter(c for r in rows for c in set(r["certifications"]))
    dates = [date.fromisoformat(r["date_posted"]) for r in rows if r["date_posted"]]
    granularity, periods = _over_time(dates)
    mine = set(pay_for)
    pay, pay_stated = _pay(r for r in rows if not mine or not r["credentials"] or mine & set(r["credentials"]))
    claims = []
    if role_obj is not None:
        claims = [
            c
            for c in (_remote_claim(role_obj, remote, n), _credential_claim(role_obj, rows, n))
            if c is not None
        ]
    remote_order = {k: i for i, k in enumerate(_REMOTE_LABELS)}
    return MarketInsights(
        scope=scope, id=key, title=title, postings=n, total=total, capped=total > n,
        include_sample=include_sample, sample_left_out=0 if include_sample else samples,
        remote=sorted(_shares(remote, n, _REMOTE_LABELS), key=lambda s: remote_order.get(s.key, 9)),
        credentials=_shares(creds, n, cred_labels),
        pay=pay, pay_stated=pay_stated, pay_for=sorted(mine),
        skills=_shares(skills, n)[:top], certifications=_shares(certs, n)[:top],
        granularity=granularity, over_time=periods, undated=n - len(dates), claims=claims,
    )  # fmt: skip


def market_overview(store: Store, *, include_sample: bool = False) -> list[MarketRow]:
    """Postings per catalog family and role (remote, hybrid, on site), most postings first.

    Postings with no catalog role are counted under their family with ``role=None``;
    clinical, unrelated and uncategorised (``other``) postings are left out.
    """
    catalog = default_catalog()
    out = []
    for r in store.market_overview(include_sample=include_sample):
        fam = catalog.families.get(r["family"])
        if fam is None or r["family"] == "clinical":
            continue
        role_obj = catalog.roles.get(r["role"]) if r["role"] else None
        out.append(
            MarketRow(
                family=r["family"], family_title=fam.title, role=role_obj.id if role_obj else None,
                role_title=role_obj.title if role_obj else None, postings=r["postings"],
                remote=r["remote"] or 0, hybrid=r["hybrid"] or 0, onsite=r["onsite"] or 0,
            )  # fmt: skip
        )
    out.sort(key=lambda m: (-m.postings, m.family, m.role or ""))
    return out
