"""Searching stored postings: full text in the field's words, title first, plus filters.

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     page = search(store, SearchQuery(q='UR "prior auth', remote="remote"))
    >>> page.total, page.pages, page.searched[0].text.split(" → ")[0]
    (0, 0, 'UR')

Query text is normalised when the query is made (:func:`otpath.query.normalize_query`:
repeated terms folded, at most 12 terms) and expanded when it is searched
(:func:`otpath.query.understand`: abbreviations, synonyms, role titles, British and
American spellings, plurals, corrections); the page lists every expansion
(``searched``) and ``literal=True`` turns them off. Query text never raises: every word
is quoted, so ``NEAR(``, ``title:foo`` or a lone ``"`` are searched as words. Invalid
*filters* raise :class:`otpath.errors.SearchQueryError` with the allowed values. A
search that runs past its time budget stops with
:class:`otpath.errors.SearchTimeoutError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    computed_field,
    field_validator,
    model_validator,
)

from .credentials import CREDENTIALS, normalize_credential
from .errors import NotFoundError, SearchQueryError
from .money import currency_label, format_money, normalize_currency
from .postings.models import Classification, Requirements
from .postings.sources.jobspy import JOBSPY_COUNTRY, jobspy_sites
from .query import Expansion, Understood, normalize_query, role_titles_expr, understand
from .store import Candidates, FtsQuery, PostingFilters, Store
from .store.reads import ReadMemo

__all__ = [
    "DEFAULT_PAY_CURRENCY",
    "Expansion",
    "OLD_AFTER_DAYS",
    "PaySummary",
    "PostingAges",
    "PostingRank",
    "PostingSource",
    "Ranker",
    "SearchItem",
    "SearchPage",
    "SearchQuery",
    "StoredPosting",
    "WebUrl",
    "get_posting",
    "jobspy_queries",
    "parse_period",
    "posting_ages",
    "search",
    "text_match",
]

RemoteFilter = Literal["remote", "hybrid", "onsite"]
_Date = date  # SearchItem has a field named "date"


def _http_only(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else ``None``.

    Postings come from the internet: a stored ``javascript:`` or ``data:`` "URL" must
    not reach a page or an API client as a link.

        >>> _http_only(" https://jobs.example.org/1 "), _http_only("javascript:alert(1)")
        ('https://jobs.example.org/1', None)
    """
    if not url:
        return None
    text = url.strip()
    return text if text.lower().startswith(("http://", "https://")) else None


#: A posting's address as shown and served: http(s) only, anything else is ``None``.
WebUrl = Annotated[str | None, AfterValidator(_http_only)]

_PERIOD = re.compile(
    r"^\s*(\d{1,5})\s*(h|hrs?|hours?|d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)\s*$",
    re.IGNORECASE,
)
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7, "m": 24 * 30, "y": 24 * 365}


def parse_period(text: str) -> timedelta:
    """``"14d"``, ``"2w"``, ``"3m"``, ``"24h"``, ``"1y"`` (or ``"14 days"``) as a timedelta.

    >>> parse_period("2w").days
    14
    >>> parse_period("3m").days
    90
    """
    m = _PERIOD.match(text or "")
    if not m or int(m.group(1)) <= 0:
        raise SearchQueryError(
            f"invalid --posted-within {text!r}: use a positive number and a unit,"
            " such as 24h, 14d, 2w, 3m or 1y",
        )
    unit = m.group(2).lower()[0]
    return timedelta(hours=int(m.group(1)) * _UNIT_HOURS[unit])


def _known(kind: str) -> set[str]:
    from .catalog.loader import default_catalog

    catalog = default_catalog()
    if kind == "family":
        return set(catalog.families) | {"other"}
    return set(catalog.roles)


def _blank_to_none(v: Any) -> Any:
    if isinstance(v, str) and not v.strip():
        return None
    return v.strip() if isinstance(v, str) else v


#: The currency ``min_pay`` is in when none is given.
DEFAULT_PAY_CURRENCY = "USD"
_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")


class SearchQuery(BaseModel):
    """What to look for. Every filter is optional; ``q`` is free text.

    ``q`` is kept normalised (:func:`otpath.query.normalize_query`): ``"UR  ur jobs"``
    is ``"UR"``. Invalid filters raise :class:`SearchQueryError` (not a pydantic error).
    Two queries are equal exactly when they search the same thing; :meth:`cache_key`
    says so as a hashable value.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str = ""
    #: Search the words as typed: no synonyms, spellings, plurals or corrections.
    literal: bool = False
    family: str | None = None
    #: A catalog role: postings classified as it, or titled as it (its title synonyms).
    role: str | None = None
    remote: RemoteFilter | None = None
    credential: str | None = None  # canonical code after validation
    #: Lowest yearly pay, compared only with postings paid in ``min_pay_currency``.
    min_pay: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    min_pay_currency: str | None = None  # ISO 4217; USD when min_pay is given without it
    posted_within: str | None = None
    company: str | None = None
    include_sample: bool = True
    #: Leave out other professions' jobs (family "unrelated"): what /jobs shows by default.
    relevant_only: bool = False
    #: With a profile's ranker: only postings the profile can apply for (not "cannot apply").
    eligible_only: bool = False
    page: int = Field(default=1, ge=1)
    per_page: int = Field(default=20, ge=1, le=100)

    # What normalising ``q`` left out (said on the results page); part of the query.
    _q_notes: tuple[str, ...] = PrivateAttr(default=())

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "query"
            msg = err["msg"]
            if err["type"] == "literal_error":
                msg = f"invalid value {err.get('input')!r}; allowed values: remote, hybrid, onsite"
            elif err["type"] == "extra_forbidden":
                msg = f"unknown filter; allowed: {', '.join(type(self).model_fields)}"
            elif err["type"] == "finite_number":
                msg = "enter an amount such as 70000 (a finite number)"
            raise SearchQueryError(f"{field}: {msg}") from None

    @model_validator(mode="wrap")
    @classmethod
    def _normalise_text(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """``q`` as :func:`~otpath.query.normalize_query` reads it, and what it left out."""
        notes: tuple[str, ...] = ()
        if isinstance(data, dict) and "q" in data:
            raw = data["q"]
            if raw is None:
                raw = ""
            if isinstance(raw, str):
                parsed = normalize_query(raw)
                notes = tuple(parsed.notes())
                data = {**data, "q": parsed.text}
        model = handler(data)
        if notes:
            model._q_notes = notes
        return model

    @property
    def q_notes(self) -> tuple[str, ...]:
        """What normalising the text left out, in words."""
        return self._q_notes

    @property
    def pay_currency(self) -> str | None:
        """The currency ``min_pay`` is compared in (``None`` without ``min_pay``)."""
        if self.min_pay is None:
            return None
        return self.min_pay_currency or DEFAULT_PAY_CURRENCY

    def cache_key(self) -> tuple[Any, ...]:
        """Every field of the query (``q`` normalised) and what normalising left out.

        Equal keys mean equal queries, so a cache keyed by this never serves one
        query's results for another: ``min_pay=inf`` is refused rather than turned
        into JSON ``null`` ("no minimum").
        """
        return (*((k, getattr(self, k)) for k in type(self).model_fields), self._q_notes)

    @field_validator("min_pay")
    @classmethod
    def _no_negative_zero(cls, v: float | None) -> float | None:
        return None if v is None else abs(v)

    @field_validator("min_pay_currency", mode="before")
    @classmethod
    def _currency(cls, v: Any) -> Any:
        v = _blank_to_none(v)
        if v is None:
            return None
        code = normalize_currency(str(v))
        if code is None or not _ISO_CURRENCY.match(code):
            raise SearchQueryError(
                f"min_pay_currency: {v!r} is not a currency code; use a 3-letter code such as"
                " USD, GBP, EUR, CAD or AUD"
            )
        return code

    @field_validator("family", "role", "credential", "posted_within", "company", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return _blank_to_none(v)

    @field_validator("remote", mode="before")
    @classmethod
    def _remote(cls, v: Any) -> Any:
        v = _blank_to_none(v)
        if isinstance(v, str):
            v = v.lower().replace("-", "").replace(" ", "")
        return v

    @field_validator("family")
    @classmethod
    def _family(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.lower().replace("-", "_").replace(" ", "_")
        known = _known("family")
        if v not in known:
            raise SearchQueryError(f"unknown family {v!r}; allowed: {', '.join(sorted(known))}")
        return v

    @field_validator("role")
    @classmethod
    def _role(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.lower().replace("-", "_").replace(" ", "_")
        if v not in _known("role"):
            raise SearchQueryError(
                f"unknown role {v!r}", hint="run 'otpath roles' to list role ids"
            )
        return v

    @field_validator("credential")
    @classmethod
    def _credential(cls, v: str | None) -> str | None:
        if v is None:
            return None
        code = normalize_credential(v)
        if code is None:
            raise SearchQueryError(
                f"unknown credential {v!r}; use one of {', '.join(CREDENTIALS)}"
                " or an alias such as OTR/L, COTA/L, DPT, CCC-SLP"
            )
        return code

    @field_validator("posted_within")
    @classmethod
    def _period(cls, v: str | None) -> str | None:
        if v is not None:
            parse_period(v)
        return v

    def posted_since(self, today: date | None = None) -> date | None:
        """The oldest ``date_posted`` that ``posted_within`` lets through."""
        if self.posted_within is None:
            return None
        today = today or date.today()
        hours = parse_period(self.posted_within).total_seconds() / 3600
        try:
            return today - timedelta(days=max(1, math.ceil(hours / 24)))
        except OverflowError:  # "9999y" reaches back past year 1: no lower bound at all
            return date.min

    def filters(
        self, *, today: date | None = None, exclude_families: tuple[str, ...] = ()
    ) -> PostingFilters:
        if self.relevant_only and "unrelated" not in exclude_families:
            exclude_families = (*exclude_families, "unrelated")
        return PostingFilters(
            family=self.family,
            role=self.role,
            role_titles=role_titles_expr(self.role) if self.role else None,
            remote=self.remote,
            credential=self.credential,
            min_pay_annual=self.min_pay,
            pay_currency=self.pay_currency,
            posted_since=self.posted_since(today),
            company=self.company,
            exclude_families=exclude_families,
            include_sample=self.include_sample,
        )


_INTERVAL_WORDS = {
    "hourly": "an hour",
    "daily": "a day",
    "weekly": "a week",
    "monthly": "a month",
    "yearly": "a year",
}


class PaySummary(BaseModel):
    """A posting's pay as shown: amounts keep their currency (``$`` is US dollars only).

        >>> PaySummary(min=30000, max=35000, interval="yearly", currency="GBP").text
        '£30,000-£35,000 a year'
        >>> PaySummary(min=40, interval="hourly", currency="AUD").text
        'from A$40 an hour'
    """

    min: float | None = None
    max: float | None = None
    interval: str | None = None
    annual_min: float | None = None
    annual_max: float | None = None
    commission: bool = False
    currency: str | None = None  # ISO 4217; None when the posting did not say

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """``"$60,000-$75,000 a year"``, ``"from £35 an hour + commission"``, or ``""``."""
        lo, hi = self.min, self.max
        if lo is None and hi is None:
            return "commission" if self.commission else ""
        cur = self.currency

        def money(x: float) -> str:
            return format_money(x, cur)

        if lo is not None and hi is not None and lo != hi:
            amount = f"{money(lo)}-{money(hi)}"
        elif lo is not None and hi is not None:
            amount = money(lo)
        elif lo is not None:
            amount = f"from {money(lo)}"
        else:
            assert hi is not None
            amount = f"up to {money(hi)}"
        per = _INTERVAL_WORDS.get(self.interval or "")
        text = f"{amount} {per}" if per else amount
        if cur is None:
            text += " (currency not stated)"
        return text + (" + commission" if self.commission else "")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PaySummary | None:
        currency = row.get("pay_currency")
        if currency is None and isinstance(row.get("requirements"), dict):
            currency = (row["requirements"].get("pay") or {}).get("currency")
        pay = cls(
            min=row.get("pay_min"),
            max=row.get("pay_max"),
            interval=row.get("pay_interval"),
            annual_min=row.get("pay_annual_min"),
            annual_max=row.get("pay_annual_max"),
            commission=bool(row.get("commission")),
            currency=normalize_currency(currency),
        )
        return pay if (pay.min is not None or pay.max is not None or pay.commission) else None


def _date(v: Any) -> date | None:
    if v is None or v == "":
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def _listing_fields(r: Any) -> dict[str, Any]:
    """The fields a search hit and a jobs-for-me verdict both show, from a store row."""
    return {
        "title": r["title"],
        "company": r["company"],
        "location": r["location"],
        "url": r["url"],
        "family": r["family"],
        "role": r["role"],
        "remote": r["remote"],
    }


class SearchItem(BaseModel):
    id: str
    title: str
    company: str | None = None
    location: str | None = None
    url: WebUrl = None
    family: str
    role: str | None = None
    remote: str
    credentials: list[str] = Field(default_factory=list)
    pay: PaySummary | None = None
    date: _Date | None = None
    snippet: str = ""
    score: float = 0.0
    sample: bool = False
    #: Searched for a profile: whether it can apply (see :mod:`otpath.match`).
    verdict: Literal["can_apply", "stretch", "cannot_apply"] | None = None
    #: Searched for a profile: the fit (0-100) of the posting's role for it.
    role_score: int | None = None
    #: Searched for a profile: why it is a stretch (what it lacks) or "cannot apply" (the
    #: reason that rules it out).
    because: list[str] = Field(default_factory=list)
    #: Searched for a profile: a stretch only because it breaks one of its musts or pays
    #: below its floor.
    breaks_must: bool = False


class SearchPage(BaseModel):
    items: list[SearchItem]
    total: int
    page: int
    per_page: int
    pages: int
    #: ``total`` is a lower bound ("2,000+"): more postings match than were ranked or
    #: counted; see :func:`search`.
    total_is_lower_bound: bool = False
    #: The query text as searched (normalised).
    query: str = ""
    #: How the words were expanded ("UR → utilization review, ..."); empty when literal.
    searched: list[Expansion] = Field(default_factory=list)
    literal: bool = False
    #: What was left out of the query, and how the filters were applied, in words.
    notes: list[str] = Field(default_factory=list)
    #: Ranked for a profile: eligible postings of well-fitting roles first.
    for_profile: bool = False

    @property
    def total_text(self) -> str:
        """``"1,234"``, or ``"2,000+"`` when ``total`` is a lower bound."""
        return f"{self.total:,}" + ("+" if self.total_is_lower_bound else "")


@dataclass(frozen=True)
class PostingRank:
    """A posting judged for a profile: ``tier`` orders results (0 first)."""

    tier: int
    verdict: Literal["can_apply", "stretch", "cannot_apply"]
    role_score: int | None = None
    #: why it is not "can apply": what the profile lacks for a stretch, the reason that
    #: rules it out for "cannot apply" ("closed on ...", "another profession's job ...")
    because: tuple[str, ...] = ()
    #: a stretch that breaks one of the profile's musts (or its pay floor)
    breaks_must: bool = False


#: ``memo(key, compute)``: ``compute()``, or the value it gave for ``key`` before.
Memo = Callable[[Hashable, Callable[[], Any]], Any]


class Ranker(Protocol):
    """Judges stored postings (by seq) for a profile; see :func:`otpath.match.profile_ranker`.

    ``ranker(store, seqs)`` gives each posting's whole :class:`PostingRank`;
    ``ranker.tiers(store, seqs)`` only its tier, which is much cheaper: search orders
    (and, with ``eligible_only``, filters) every candidate by tier and judges in full
    only the page it shows.
    """

    def __call__(self, store: Store, seqs: Sequence[int], /) -> Mapping[int, PostingRank]: ...

    def tiers(self, store: Store, seqs: Sequence[int], /) -> Mapping[int, int]: ...


def _item(r: dict[str, Any], rank: PostingRank | None = None) -> SearchItem:
    return SearchItem(
        id=r["id"],
        **_listing_fields(r),
        credentials=r["credentials"],
        pay=PaySummary.from_row(r),
        date=_date(r["date_posted"]),
        snippet=" ".join((r.get("snippet") or "").split()),
        score=float(r.get("score") or 0.0),
        sample=r["sample"],
        verdict=rank.verdict if rank else None,
        role_score=rank.role_score if rank else None,
        because=list(rank.because) if rank else [],
        breaks_must=rank.breaks_must if rank else False,
    )


def _filter_notes(query: SearchQuery) -> list[str]:
    notes = []
    if query.min_pay is not None:
        cur = query.pay_currency
        notes.append(
            f"Pay from {format_money(query.min_pay, cur)} a year: only postings paid in"
            f" {currency_label(cur)} are compared (otpath does not convert currencies);"
            " postings paid in another currency, or not saying, are left out."
        )
    if query.role:
        notes.append(
            "Role: postings classified as this role, and postings whose title is one of"
            " its titles."
        )
    return notes


def text_match(
    store: Store, query: SearchQuery, *, memo: ReadMemo | None = None
) -> FtsQuery | None:
    """What ``query.q`` searches for, as an FTS5 query (expanded unless literal);
    ``memo`` keeps the word counts read to correct misspellings."""
    return _understand(store, query, memo).fts()


def _understand(store: Store, query: SearchQuery, memo: ReadMemo | None) -> Understood:
    """``query.q`` expanded (:func:`otpath.query.understand`); with ``memo``, once per
    text for the store as it is now (corrections depend on its word counts)."""
    if memo is None:
        return understand(
            normalize_query(query.q), literal=query.literal, term_counts=store.term_counts
        )
    return memo.get(  # type: ignore[no-any-return]
        ("understood", query.q, query.literal),
        lambda: understand(
            normalize_query(query.q), literal=query.literal,
            term_counts=partial(store.term_counts, memo=memo),
        ),  # fmt: skip
        weight=lambda u: 8 * len(u.clauses),
    )


def search(
    store: Store,
    query: SearchQuery,
    *,
    today: date | None = None,
    highlight: tuple[str, str] = ("[", "]"),
    ranker: Ranker | None = None,
    budget: float | None = None,
    memo: Memo | None = None,
    store_memo: ReadMemo | None = None,
) -> SearchPage:
    """One page of postings matching ``query``, best first (newest first without text).

    Text is expanded with the field's vocabulary (unless ``query.literal``) and
    ranked **title first**: postings whose title matches more of the query's terms
    come first, then by BM25 (title above company above description), then newest.
    With a ``ranker`` (a profile's, :func:`otpath.match.profile_ranker`), postings the
    profile can apply for whose role fits it well come before the others, and those it
    cannot apply for come last (or, with ``query.eligible_only``, not at all).

    So that a search stays fast however many postings are stored, only the newest
    :data:`~otpath.store.reads.RANK_CANDIDATES` (2,000) postings that match the text
    and the filters are ranked: when fewer match, ranking and ``total`` are exact;
    when more do, the page holds the best of those newest 2,000 (an older posting
    that would score higher is not shown) and ``total`` is 2,000 with
    ``total_is_lower_bound`` set. Narrow the search (more words, a family, a date
    range) to rank among all of them. With filters, only the newest 50,000 postings
    that contain the words are tested against them. In a store of more than 50,000
    postings, terms found in more than half of them are left out of the score (BM25
    gives them next to no weight, and weighing them is what costs most). Without
    text, postings come newest first and are counted up to
    :data:`~otpath.store.reads.COUNT_CAP` (2,000), again with
    ``total_is_lower_bound`` beyond it.

    ``budget`` (seconds) stops the search when it runs longer
    (:class:`~otpath.errors.SearchTimeoutError`).

    ``memo(key, compute)`` may return what ``compute()`` returned for the same ``key``
    before (the web app's cache): the candidates ranked for a query, which all its
    pages share. ``key`` names the query (all but the page); the caller's memo must add
    what else the ranking depends on: the store's state, the date and the ranker's
    profile.

    ``store_memo`` (see :class:`~otpath.store.reads.ReadMemo`) keeps what the text
    alone decides (word counts, which titles match...) for other searches of the same
    store as it is now.
    """
    if query.eligible_only and ranker is None:
        raise SearchQueryError(
            "eligible_only: needs a profile to judge eligibility",
            hint="save a profile (otpath quiz) or pass --profile",
        )
    hidden = 0  # other professions' postings whose titles match, when no path's does
    with store.time_budget(budget):
        understood = _understand(store, query, store_memo)
        fts = understood.fts()
        filters = query.filters(today=today)
        offset = (query.page - 1) * query.per_page
        ranks: Mapping[int, PostingRank] = {}
        if ranker is None and fts is None:
            result = store.search_postings(
                filters, match=None, limit=query.per_page, offset=offset, highlight=highlight
            )
            items = [_item(r) for r in result.rows]
            total, capped = result.total, result.total_is_lower_bound
        else:

            def rank() -> tuple[list[tuple[int, int, float]], bool]:
                found: Candidates = (
                    store.search_candidates(filters, fts, memo=store_memo)
                    if fts is not None
                    else store.newest_candidates(filters)
                )
                scored = found.scored
                tiers: Mapping[int, int] = {}
                if ranker is not None:
                    tiers = ranker.tiers(store, [seq for seq, _, _ in scored])
                    if query.eligible_only:  # tier 2: cannot apply
                        scored = [r for r in scored if tiers.get(r[0], 2) != 2]
                # newest first as found, then (stable sorts) text score, title hits, tier
                order = list(scored)
                if fts is not None:
                    order.sort(key=lambda r: (-r[1], -r[2]))
                if ranker is not None:
                    order.sort(key=lambda r: tiers.get(r[0], 9))
                return order, found.capped

            if memo is None:
                order, capped = rank()
            else:  # every page of one query ranks the same candidates
                order, capped = memo(("ranked", query.model_copy(update={"page": 1}).cache_key()), rank)
            page = order[offset : offset + query.per_page]
            if ranker is not None and page:
                ranks = ranker(store, [seq for seq, _, _ in page])
            rows = store.search_rows(
                [seq for seq, _, _ in page], fts, highlight=highlight, memo=store_memo
            )
            items = []
            for seq, _, score in page:
                row = rows[seq]
                row["score"] = score
                items.append(_item(row, ranks.get(seq)))
            total = len(order)
            if fts is not None and query.relevant_only and query.family is None and not any(
                hits for _, hits, _ in order  # (a profile's order puts its own answers first)
            ):
                # No path's title matches: say how many other professions' titles do
                # ("occupational health" names nurses' and technicians' posts), rather
                # than leave the searcher wondering where they went.
                def other_titles() -> int:
                    other = query.model_copy(update={"relevant_only": False, "family": "unrelated"})
                    found = store.search_candidates(other.filters(today=today), fts, memo=store_memo)
                    return sum(1 for _, hits, _ in found.scored if hits)

                key = ("other-titles", query.model_copy(update={"page": 1}).cache_key())
                hidden = other_titles() if memo is None else memo(key, other_titles)
    notes = [*query.q_notes, *understood.notes, *_filter_notes(query)]
    if hidden:
        do = "postings do" if hidden != 1 else "posting does"
        notes.append(
            f"No therapist's path has these words in its title; {hidden:,} other professions'"
            f" {do}, left out: ask for other professions' jobs too to see them."
        )
    if query.eligible_only:
        notes.append("Only postings you can apply for (or that are a stretch) are listed.")
    return SearchPage(
        items=items,
        total=total,
        page=query.page,
        per_page=query.per_page,
        pages=math.ceil(total / query.per_page),
        total_is_lower_bound=capped,
        query=query.q,
        searched=list(understood.expansions),
        literal=query.literal,
        notes=list(dict.fromkeys(notes)),
        for_profile=ranker is not None,
    )


#: A posting posted longer ago than this is old: most adverts are filled or taken down by then.
OLD_AFTER_DAYS = 60


@dataclass(frozen=True)
class PostingAges:
    """How current the postings a query's filters keep are (see :func:`posting_ages`)."""

    total: int
    #: with a posting date or a closing date
    dated: int
    #: of those, open: closing today or later, or (with no closing date) posted within ``days``
    current: int
    newest: _Date | None
    days: int = OLD_AFTER_DAYS

    @property
    def all_old(self) -> bool:
        """Every dated posting has closed or is old (and some are dated)."""
        return self.dated > 0 and self.current == 0

    @property
    def undated(self) -> int:
        return self.total - self.dated


def posting_ages(
    store: Store, query: SearchQuery | None = None, *, today: _Date | None = None
) -> PostingAges:
    """How many of the postings ``query``'s filters keep (not its words, nor whether the
    person can apply: a list narrowed so is a part of these) have closed or are older
    than :data:`OLD_AFTER_DAYS`. A closing date counts as :func:`otpath.match` counts
    it: closed from the day after it."""
    day = today or _Date.today()
    filters = (query or SearchQuery()).filters(today=day)
    total, dated, current, newest = store.posting_ages(
        filters, today=day, since=day - timedelta(days=OLD_AFTER_DAYS)
    )
    return PostingAges(total, dated, current, _date(newest))


#: Boards whose search box takes a boolean query (quotes, OR, parentheses).
_BOOLEAN_SITES = ("indeed",)
_PLAIN_SITES = ("linkedin", "zip_recruiter", "google")
_JOBSPY_TERMS = 6


def jobspy_queries(
    role_id: str,
    *,
    location: str | None = None,
    results: int = 50,
    hours_old: int = 168,
    country: str = "US",
) -> list[dict[str, Any]]:
    """Ready-made ``jobspy.scrape_jobs(**kwargs)`` arguments to fetch more postings of
    the catalog role ``role_id`` in ``country`` (ISO code): one boolean query of its
    titles for the boards that read one, then one plain query per search term (the
    first few) for the others.

        >>> q = jobspy_queries("pre_service_coordinator")
        >>> q[0]["site_name"], q[0]["search_term"], q[0]["country_indeed"]
        (['indeed'], '"Pre-Service Coordinator" OR "Pre Service Coordinator"', 'usa')
        >>> q[1]["site_name"], q[1]["search_term"], q[1]["is_remote"]
        (['linkedin', 'zip_recruiter', 'google'], 'pre-service coordinator', True)
        >>> q = jobspy_queries("case_manager", country="GB")
        >>> q[0]["country_indeed"], q[1]["site_name"]
        ('uk', ['linkedin', 'google'])
    """
    from .catalog import default_catalog

    role = default_catalog().role(role_id)  # NotFoundError for an unknown id
    common: dict[str, Any] = {
        "location": location,
        "is_remote": role.work_arrangement == "remote",
        "results_wanted": results,
        "hours_old": hours_old,
        "country_indeed": JOBSPY_COUNTRY.get(country.upper(), "usa"),
        "description_format": "markdown",
    }
    titles = list(dict.fromkeys([role.title, *role.title_synonyms]))
    titles = [t for t in titles if '"' not in t]
    out = [{
        "site_name": list(_BOOLEAN_SITES),
        "search_term": " OR ".join(f'"{t}"' for t in titles),
        **common,
    }]
    for term in list(dict.fromkeys(role.search_terms or [role.title]))[:_JOBSPY_TERMS]:
        out.append({
            "site_name": jobspy_sites(_PLAIN_SITES, country),
            "search_term": term,
            "google_search_term": f"{term} jobs" + (" remote" if common["is_remote"] else ""),
            "linkedin_fetch_description": True,
            **common,
        })
    return out


class PostingSource(BaseModel):
    url: WebUrl = None
    site: str | None = None
    source_id: str | None = None
    file: str | None = None
    line: int | None = None
    added_at: datetime | None = None


class StoredPosting(BaseModel):
    """A posting as stored, with every source URL of its cluster."""

    id: str
    cluster_id: str
    title: str
    company: str | None = None
    location: str | None = None
    url: WebUrl = None
    site: str | None = None
    source_id: str | None = None
    date_posted: date | None = None
    valid_through: date | None = None
    role: str | None = None
    family: str = "other"
    confidence: float = 0.0
    remote: str = "unknown"
    credentials: list[str] = Field(default_factory=list)
    certifications_required: list[str] = Field(default_factory=list)
    years_min: float | None = None
    years_max: float | None = None
    pay: PaySummary | None = None
    sample: bool = False
    description_html: str = ""
    description_text: str = ""
    classification: Classification = Field(default_factory=Classification)
    requirements: Requirements = Field(default_factory=Requirements)
    raw: dict[str, Any] = Field(default_factory=dict)
    ingested_at: datetime | None = None
    sources: list[PostingSource] = Field(default_factory=list)


def get_posting(store: Store, posting_id: str) -> StoredPosting:
    """The stored posting ``posting_id`` (or the cluster a copy of it was folded into)."""
    row = store.get_posting(posting_id)
    if row is None:
        raise NotFoundError(
            f"no posting {posting_id!r} in the store",
            hint="run 'otpath search' to find posting ids",
        )
    fields = {k: v for k, v in row.items() if k in StoredPosting.model_fields}
    return StoredPosting(**fields, pay=PaySummary.from_row(row))
