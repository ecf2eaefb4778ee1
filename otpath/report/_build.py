"""Build a career plan: every figure and sentence comes from the fit engine, the catalog
or the stored postings; this module only chooses, orders and groups them.

    >>> from otpath.profile import Profile
    >>> from otpath.store import Store
    >>> cota = Profile(credentials=["COTA"], years_experience=4, settings=["snf"],
    ...                preferences={"remote": "required", "patient_interaction": "none",
    ...                             "musts": ["remote"]})
    >>> with Store.memory() as store:
    ...     plan = build_report(store, cota, profile_name="ana", today=date(2026, 5, 1))
    >>> [r.fit.title for r in plan.roles]
    ['Utilization Reviewer', 'Telehealth Therapist', 'UX Researcher / Designer (Health Tech)']
    >>> plan.roles[0].fit.gaps[0].text  # the first step of its plan, from the fit engine
    'Case management experience.'
    >>> plan.roles[0].strengths[0]  # why it fits: the fit engine's own words
    'The role is fully remote; you want remote work only.'
    >>> plan.postings, plan.postings_judged  # an empty store: no posting, none invented
    ([], 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field

from ..catalog import Catalog, default_catalog
from ..charts import PayRange
from ..fit import CredentialPay, FitResult, rank
from ..fit.models import RolePay
from ..insights import PayStats, market_insights
from ..match import JobVerdict, jobs_for_profile, role_evidence
from ..money import comparable, format_money
from ..profile import Profile
from ..search import SearchQuery
from ..store import Store
from . import DEFAULT_POSTINGS, DEFAULT_TOP, MAX_POSTINGS, MAX_TOP

__all__ = [
    "JUDGED_POSTINGS",
    "CareerReport",
    "PayChart",
    "PayLine",
    "ReportRole",
    "ReportSource",
    "build_report",
]

#: Postings judged against the profile to find those listed (the best of the newest
#: candidates, as ``otpath jobs`` and the web's "jobs for me" judge them).
JUDGED_POSTINGS = 500
# A factor the role meets this well (0-1) is a reason it fits; below, a reason to weigh.
STRENGTH = 0.75


class ReportSource(BaseModel):
    """A source the report cites, numbered in the order the report first cites it."""

    number: int
    key: str
    title: str
    url: str | None = None


class ReportRole(BaseModel):
    """One of the top roles: the fit engine's result and what the report shows of it."""

    rank: int
    fit: FitResult
    family_title: str
    #: The reasons (fit engine's words) of the factors the role meets well, best first.
    strengths: list[str]
    #: Musts it breaks, the factors it meets less well and pay below the floor, in its words.
    concerns: list[str]
    #: Sources of the catalog's eligibility fact for this role (keys).
    eligibility_sources: list[str] = Field(default_factory=list)
    #: Stored postings classified as this role (samples only when asked for).
    stored_postings: int = 0
    #: Of the postings judged, those of this role you can apply for or stretch to.
    matching_postings: int = 0
    #: How many of those are sample postings (only with ``include_sample``).
    matching_sample: int = 0
    #: How many of those section 4 lists (it lists the best ``postings`` of all roles).
    matching_shown: int = 0
    #: Why a "likely" eligibility is inferred, its sources written as this report's numbers.
    eligibility_basis: str | None = None


def _against_floor(pay: RolePay | None, stored: list[PayStats], profile: Profile) -> tuple[str | None, bool | None]:
    """The fit engine's comparison of a role's pay with the person's floor; where it had no
    figure in their currency to compare (no sourced or BLS figure, or only US dollars for a
    person elsewhere), the median in that currency of the stored postings open to them
    (that take their credential or name none), said as such."""
    floor = profile.pay_floor_annual()
    if floor is None:
        return None, None
    note, below = (pay.note, pay.below_floor) if pay else (None, None)
    if below is not None:
        return note, below
    mine = next((s for s in stored if comparable(s.currency, profile.currency)), None)
    if mine is None:
        return note, below
    below = mine.median < floor
    said = (
        f"the median of the stored postings that take {' or '.join(profile.credentials)} or name no"
        f" credential, {format_money(mine.median, mine.currency)}"
        f" ({mine.count} posting{'s' if mine.count != 1 else ''}), is"
        f" {'below' if below else 'at or above'} your {format_money(floor, profile.currency)}."
    )
    return (f"{note} But {said}" if note else f"Pay: {said[0].upper()}{said[1:]}"), below


class PayLine(BaseModel):
    """One role's pay, in words, for the table under the pay chart."""

    role: str
    title: str
    sourced: str | None = Field(description="The catalog's pay range, as its source says it.")
    sourced_for: list[str] = Field(description="Credentials the sourced range describes.")
    sourced_sources: list[str]
    bls_title: str | None = None
    bls_median: int | None = None
    bls_sources: list[str] = Field(default_factory=list)
    stored: list[PayStats] = Field(description="Pay stated by stored postings, per currency.")
    against_floor: str | None = Field(description="The fit engine's comparison with your pay.")
    below_floor: bool | None = None


class PayChart(BaseModel):
    """The rows of one pay comparison chart: one currency, never converted."""

    currency: str
    rows: list[PayRange]


class CareerReport(BaseModel):
    """Everything the career-plan page, ``otpath report`` and its PDF show."""

    profile_name: str
    profile: Profile
    generated_on: date
    musts: list[str] = Field(description="The person's musts, in words.")
    pay_floor: str | None = None
    market_note: str | None = Field(default=None, description="Outside the US: the facts are US facts.")
    credential_pay: list[CredentialPay]
    roles: list[ReportRole]
    pay_lines: list[PayLine]
    pay_charts: list[PayChart]
    postings: list[JobVerdict] = Field(description="Postings you can apply for or stretch to.")
    postings_judged: int = Field(description="Stored postings judged against the profile.")
    postings_matching: int = Field(description="Of those, how many you can apply for or stretch to.")
    postings_capped: bool = Field(description="True when only the best JUDGED_POSTINGS were judged.")
    as_of: date | None = Field(
        default=None, description="The day closing dates were judged as on; None: the day it was made."
    )
    postings_closed: int = Field(
        default=0, description="Of the postings judged, those whose closing date had passed."
    )
    last_closing: date | None = Field(
        default=None, description="The latest closing date among those closed postings."
    )
    include_sample: bool
    sample_left_out: int = Field(description="Sample postings in the store, not considered.")
    store_postings: int = Field(description="Postings in the store, samples included.")
    sources: list[ReportSource]

    def source_numbers(self) -> dict[str, int]:
        return {s.key: s.number for s in self.sources}


class _Sources:
    """Numbers sources in the order they are first cited."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.found: dict[str, ReportSource] = {}

    def cite(self, keys: Iterable[str]) -> list[str]:
        out = []
        for key in keys:
            src = self.catalog.sources.get(key)
            if src is None:
                continue
            if key not in self.found:
                url = src.url if src.url and src.url.lower().startswith(("http://", "https://")) else None
                title = src.title + (f", {src.section}" if src.section else "")
                self.found[key] = ReportSource(number=len(self.found) + 1, key=key, title=title, url=url)
            if key not in out:
                out.append(key)
        return out

    def renumber(self, text: str) -> str:
        """``text`` with each source key it names ("S112", "[S139]") cited and written as
        this report's number ("[14]"): the report lists its sources by number only."""

        def number(m: re.Match[str]) -> str:
            key = m.group(1)
            if key not in self.catalog.sources:
                return m.group(0)
            self.cite([key])
            return f"[{self.found[key].number}]"

        return _SOURCE_KEY.sub(number, text)


_SOURCE_KEY = re.compile(r"\[?\b(S\d+)\b\]?")


def _top_roles(results: list[FitResult], top: int) -> list[FitResult]:
    """The first ``top`` roles of the ranking a source does not exclude the person from
    (the ranking already puts the roles that keep every must first)."""
    return [r for r in results if r.eligibility != "not_eligible"][:top]


def _strengths_and_concerns(fit: FitResult) -> tuple[list[str], list[str]]:
    counted = [f for f in fit.factors if f.weight > 0]
    strengths = [f.reason for f in sorted(counted, key=lambda f: -f.points) if f.score >= STRENGTH]
    concerns = [f"Breaks your must \u201c{m.label}\u201d: {m.reason}" for m in fit.musts_broken]
    concerns += [f.reason for f in sorted(counted, key=lambda f: f.score) if f.score < STRENGTH]
    if fit.pay is not None and fit.pay.below_floor and fit.pay.note:
        concerns.append(fit.pay.note)
    return strengths, concerns


def _pay_charts(
    profile: Profile, roles: list[ReportRole], lines: list[PayLine], baselines: list[CredentialPay]
) -> list[PayChart]:
    """One chart per currency: your clinical pay and pay floor as reference marks, then
    per role the sourced range (whisker, when it describes your credential), the stored
    postings' middle half and median (box and line) and the BLS median (diamond)."""
    currencies: list[str] = [profile.currency]
    if baselines or any(line.bls_median for line in lines):
        currencies.append("USD")
    for line in lines:
        currencies += [s.currency for s in line.stored]
    floor = profile.pay_floor_annual()
    charts: list[PayChart] = []
    for currency in dict.fromkeys(currencies):
        rows: list[PayRange] = []
        if currency == "USD":
            rows += [
                PayRange(
                    label=f"{b.credential}: clinical pay", marker=float(b.annual_median),
                    note=f"US median (BLS) for {b.occupation}, May 2025",
                )  # fmt: skip
                for b in baselines
            ]
        if floor is not None and comparable(currency, profile.currency):
            rows.append(PayRange(label="Your pay floor", marker=floor, note="from your profile"))
        for role, line in zip(roles, lines, strict=True):
            pay = role.fit.pay
            stats = next((s for s in line.stored if s.currency == currency), None)
            low = high = None
            if (
                pay is not None
                and pay.annual_min is not None
                and pay.annual_max is not None
                and comparable(pay.currency, currency)
                and (not pay.applies_to or any(c in pay.applies_to for c in profile.credentials))
            ):
                low, high = pay.annual_min, pay.annual_max
            marker = float(line.bls_median) if currency == "USD" and line.bls_median else None
            if stats is None and low is None and marker is None:
                continue
            bits = []
            if low is not None:
                bits.append(f"sourced range {format_money(low, currency)} to {format_money(high or low, currency)}")
            bits.append(f"{stats.count} stored postings" if stats else "no stored posting states pay")
            rows.append(
                PayRange(
                    label=line.title, low=low, high=high,
                    p25=stats.p25 if stats else None, median=stats.median if stats else None,
                    p75=stats.p75 if stats else None, marker=marker, note="; ".join(bits),
                )  # fmt: skip
            )
        if any(r.median is not None or r.low is not None for r in rows) or (
            currency == "USD" and any(r.marker is not None for r in rows)
        ):
            charts.append(PayChart(currency=currency, rows=rows))
    return charts


def build_report(
    store: Store,
    profile: Profile,
    *,
    profile_name: str = "default",
    top: int = DEFAULT_TOP,
    postings: int = DEFAULT_POSTINGS,
    include_sample: bool = False,
    today: date | None = None,
    as_of: date | None = None,
) -> CareerReport:
    """A career plan for ``profile``: its ``top`` best roles with why and their gap
    plans, their pay side by side, and up to ``postings`` stored postings the person can
    apply for (or stretch to) that keep their musts and pay floor. Sample postings count
    only with ``include_sample``.

    ``today`` is the day the plan is made on; ``as_of`` the day closing dates are judged
    as on (default: ``today``), as ``otpath jobs --as-of`` does for an old export."""
    top = max(1, min(MAX_TOP, top))
    postings = max(0, min(MAX_POSTINGS, postings))
    catalog = default_catalog()
    sources = _Sources(catalog)
    ranking = rank(profile, catalog, evidence=role_evidence(store))

    made_on = today or date.today()
    judged_on = as_of or made_on
    judged = jobs_for_profile(
        store, profile, query=SearchQuery(include_sample=include_sample, relevant_only=True),
        limit=JUDGED_POSTINGS, today=judged_on,
    )  # fmt: skip
    # a posting that breaks one of your musts (or pays below your floor) is not in your plan
    matching = [j for j in judged if j.verdict != "cannot_apply" and not j.breaks_must]
    closed = [j.closes for j in judged if j.closes is not None and j.closes < judged_on]

    roles: list[ReportRole] = []
    lines: list[PayLine] = []
    for i, fit in enumerate(_top_roles(ranking.results, top), 1):
        role = catalog.role(fit.role)
        # Catalog source keys in the engine's words ("[S135]") become this plan's numbers.
        fit = fit.model_copy(update={
            "eligibility_reason": sources.renumber(fit.eligibility_reason),
            "reasons": [sources.renumber(r) for r in fit.reasons],
            "factors": [f.model_copy(update={"reason": sources.renumber(f.reason)}) for f in fit.factors],
            "gaps": [
                g.model_copy(update={
                    "text": sources.renumber(g.text), "how": sources.renumber(g.how) if g.how else None,
                })
                for g in fit.gaps
            ],
        })  # fmt: skip
        strengths, concerns = _strengths_and_concerns(fit)
        cite = role.citation("eligible_credentials")
        market = market_insights(store, role=role.id, include_sample=include_sample, pay_for=profile.credentials)
        roles.append(
            ReportRole(
                rank=i, fit=fit, family_title=catalog.families[role.family].title,
                strengths=strengths, concerns=concerns,
                eligibility_sources=sources.cite(cite.sources if cite else ()),
                stored_postings=market.postings,
                matching_postings=sum(1 for j in matching if j.role == role.id),
                matching_sample=sum(1 for j in matching if j.role == role.id and j.sample),
                matching_shown=sum(1 for j in matching[:postings] if j.role == role.id),
                eligibility_basis=sources.renumber(fit.eligibility_basis) if fit.eligibility_basis else None,
            )  # fmt: skip
        )
        for step in fit.gaps:
            sources.cite(s.key for s in step.sources)
        pay = fit.pay
        against, below = _against_floor(pay, market.pay, profile)
        lines.append(
            PayLine(
                role=role.id, title=role.title,
                sourced=pay.range_text if pay else None,
                sourced_for=list(pay.applies_to) if pay else [],
                sourced_sources=sources.cite(pay.sources) if pay else [],
                bls_title=pay.bls_title if pay else None,
                bls_median=pay.bls_median if pay else None,
                bls_sources=sources.cite(pay.bls_sources) if pay else [],
                stored=market.pay,
                against_floor=against,
                below_floor=below,
            )  # fmt: skip
        )
    sources.cite(b.source for b in ranking.credential_pay)
    return CareerReport(
        profile_name=profile_name,
        profile=profile,
        generated_on=made_on,
        musts=ranking.musts,
        pay_floor=ranking.pay_floor,
        market_note=ranking.market_note,
        credential_pay=ranking.credential_pay,
        roles=roles,
        pay_lines=lines,
        pay_charts=_pay_charts(profile, roles, lines, ranking.credential_pay),
        postings=matching[:postings],
        postings_judged=len(judged),
        postings_matching=len(matching),
        postings_capped=len(judged) >= JUDGED_POSTINGS,
        as_of=as_of,
        postings_closed=len(closed),
        last_closing=max(closed, default=None),
        include_sample=include_sample,
        sample_left_out=0 if include_sample else store.count_postings(sample=True),
        store_postings=store.count_postings(),
        sources=list(sources.found.values()),
    )
