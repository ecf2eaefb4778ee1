"""Turning library results into what templates and the API show.

Pure helpers: no routes here, and no HTML except through :mod:`markupsafe`.

    >>> split_list("ICD-10, InterQual\\nMCG")
    ['ICD-10', 'InterQual', 'MCG']
    >>> pages_window(5, 20)
    [1, None, 3, 4, 5, 6, 7, None, 20]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi import Request
from markupsafe import Markup

from ..advert import RequirementRow, requirement_rows
from ..catalog import Catalog, Source
from ..errors import SearchTimeoutError
from ..fit import PostingEvidence, Ranking, rank
from ..match import JobVerdict, RankedJobs, profile_ranker, rank_jobs, role_evidence
from ..postings.pipeline.normalize import clean_html
from ..profile import Profile
from ..profile.models import SETTING_LABELS
from ..search import PostingAges, SearchPage, SearchQuery, posting_ages, search
from ..store import Store
from ._templating import web_config
from ._uploads import SavedUpload

__all__ = [
    "JOBS_PER_PAGE",
    "JOBS_FORM_LABELS",
    "POSTED_WITHIN_CHOICES",
    "SETTING_LABELS",
    "RequirementRow",
    "cached_ages",
    "cached_counts",
    "cached_stale",
    "cached_evidence",
    "cached_job_ranking",
    "cached_jobs",
    "cached_ranking",
    "cached_search",
    "import_summary",
    "open_store",
    "pages_window",
    "requirement_rows",
    "safe_description",
    "search_error_text",
    "source_list",
    "split_list",
]

JOBS_PER_PAGE = 20

POSTED_WITHIN_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "Any time"),
    ("1d", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("14d", "Last 14 days"),
    ("30d", "Last 30 days"),
    ("90d", "Last 3 months"),
)


#: The search form's labels (templates/jobs.html): what a message about a filter names.
JOBS_FORM_LABELS = {
    "family": "Family",
    "role": "Role",
    "remote": "Remote",
    "credential": "Credential",
    "min_pay": "Pay from (a year)",
    "min_pay_currency": "Currency of the pay",
    "posted_within": "Posted",
    "company": "Company",
    "page": "Page",
}


def search_error_text(message: str, values: Mapping[str, str]) -> str:
    """A :class:`~otpath.errors.SearchQueryError` in the search form's words: its
    field's label and a plain sentence, never a command-line option or a field name.

    >>> search_error_text("invalid --posted-within 'soon': use ...", {"posted_within": "soon"})
    'Posted: “soon” is not a time otpath reads; choose one from the menu, or write a number and a unit such as 24h, 14d, 2w, 3m or 1y.'
    """
    from ._errors import query_field

    field = query_field(message)
    if field is None or field not in JOBS_FORM_LABELS:
        return message
    label, value = JOBS_FORM_LABELS[field], values.get(field, "")
    if field in ("family", "role", "remote", "credential"):  # menus: only a changed link errs
        said = f"“{value}” is not one of the menu's choices; choose one from the menu."
    elif field == "posted_within":
        said = (
            f"“{value}” is not a time otpath reads; choose one from the menu, or write a"
            " number and a unit such as 24h, 14d, 2w, 3m or 1y."
        )
    elif field == "min_pay":
        said = "enter an amount such as 70000, in numbers only."
    elif field == "min_pay_currency":
        said = f"“{value}” is not a currency otpath knows; choose one from the menu, such as USD or GBP."
    elif field == "page":
        said = "enter a page number of 1 or more."
    else:
        said = message.split(": ", 1)[-1]
    return f"{label}: {said}"


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """A connection to the app's store from its pool, for this request."""
    with web_config(request).cache.store() as store:
        yield store


# -- cached reads: each key holds the store generation and every input ------------------
# Sizes are estimates of the Python objects' memory (see otpath.web._cache).


def cached_counts(request: Request, store: Store) -> tuple[int, int]:
    """(all postings, sample postings) in the store."""
    cache = web_config(request).cache
    return cache.memo(
        ("counts", cache.generation()),
        lambda: (store.count_postings(), store.count_postings(sample=True)),
        size=lambda _: 100,
    )


def cached_stale(request: Request, store: Store) -> int:
    """How many stored postings hold an older otpath's answers (0: none): the pages that
    list postings say so, and that ``otpath reclassify`` brings them up to date."""
    from ..ingest import stale_rules

    cache = web_config(request).cache
    return cache.memo(("stale", cache.generation()), lambda: stale_rules(store), size=lambda _: 100)


def cached_ages(
    request: Request, store: Store, query: SearchQuery | None = None
) -> PostingAges | None:
    """:func:`otpath.search.posting_ages` of ``query``'s filters, once per store and day:
    pages that list postings say so once when every dated one has closed or is old.
    ``None`` when counting ran out of the time budget (the page is shown without it)."""
    cfg = web_config(request)
    cache = cfg.cache
    query = query or SearchQuery(relevant_only=True)
    today = date.today()
    key = ("ages", cache.generation(), today, query.model_copy(update={"page": 1, "q": ""}).cache_key())

    def compute() -> PostingAges | None:
        try:
            with store.time_budget(cfg.search_seconds):
                return posting_ages(store, query, today=today)
        except SearchTimeoutError:
            return None

    return cache.memo(key, compute, size=lambda _: 200, keep=lambda ages: ages is not None)


def cached_search(
    request: Request,
    store: Store,
    query: SearchQuery,
    *,
    highlight: tuple[str, str] = ("[", "]"),
    profile: Profile | None = None,
) -> SearchPage:
    """:func:`otpath.search.search` within the app's time budget, ranked for ``profile``
    when one is given. The key holds the whole normalised query (``cache_key``): no two
    different queries share an entry."""
    cfg = web_config(request)
    cache = cfg.cache
    today = date.today()
    generation = cache.generation()
    profile_key = profile.model_dump_json() if profile is not None else None
    key = ("search", generation, today, query.cache_key(), highlight, profile_key)

    def memo(name: Hashable, compute: Callable[[], Any]) -> Any:
        # a query's ranked candidates (all its pages share them): ~40 bytes each; a
        # count (other professions' matching titles) is small
        return cache.memo(
            ("search-part", generation, today, profile_key, name), compute,
            size=lambda value: 1024 + 40 * len(value[0]) if isinstance(value, tuple) else 1024,
        )  # fmt: skip

    return cache.memo(
        key,
        lambda: search(
            store, query, today=today, highlight=highlight,
            ranker=profile_ranker(
                profile, cache.verdicts(profile_key, "tiers"), cache.verdicts(profile_key)
            ) if profile is not None and profile_key is not None else None,
            budget=cfg.search_seconds, memo=memo, store_memo=cache.read_memo(),
        ),  # fmt: skip
        size=lambda page: 1024 + 3072 * len(page.items),
    )


def _jobs_key(
    kind: str, generation: object, today: date, profile_key: str, query: SearchQuery | None,
    limit: int, include_unrelated: bool,
) -> tuple[object, ...]:
    """The cache key of a profile's jobs (``kind`` says which answer: ranking or verdicts)."""
    return (kind, generation, today, profile_key, query.cache_key() if query is not None else None,
            limit, include_unrelated)  # fmt: skip


def cached_job_ranking(
    request: Request,
    store: Store,
    profile: Profile,
    query: SearchQuery | None,
    *,
    limit: int,
    include_unrelated: bool = False,
) -> RankedJobs:
    """The postings ``profile`` can apply for, judged and ranked but not read for
    display (a page builds the verdicts of the 20 it shows): computed once per
    profile, query and limit."""
    cfg = web_config(request)
    cache = cfg.cache
    today = date.today()
    profile_key = profile.model_dump_json()
    key = _jobs_key("job-ranking", cache.generation(), today, profile_key, query, limit, include_unrelated)

    def compute() -> RankedJobs:
        with store.time_budget(cfg.search_seconds):
            return rank_jobs(
                store, profile, query=query, limit=limit, today=today,
                include_unrelated=include_unrelated, verdicts=cache.verdicts(profile_key),
                memo=cache.read_memo(),
            )  # fmt: skip

    return cache.memo(key, compute, size=lambda found: 1024 + 256 * len(found))


def cached_jobs(
    request: Request,
    store: Store,
    profile: Profile,
    query: SearchQuery | None,
    *,
    limit: int,
    include_unrelated: bool = False,
) -> list[JobVerdict]:
    """The verdicts of :func:`cached_job_ranking`'s postings, all of them (the API's
    answer): computed once per profile, query and limit."""
    cache = web_config(request).cache
    key = _jobs_key(
        "jobs", cache.generation(), date.today(), profile.model_dump_json(), query, limit, include_unrelated
    )
    return cache.memo(
        key,
        lambda: cached_job_ranking(
            request, store, profile, query, limit=limit, include_unrelated=include_unrelated
        ).verdicts(store),
        size=lambda found: 1024 + 3072 * len(found),
    )


def cached_evidence(request: Request, store: Store) -> dict[str, PostingEvidence]:
    """What each role's stored postings accept (counted once per store generation)."""
    cache = web_config(request).cache
    return cache.memo(
        ("evidence", cache.generation()),
        lambda: role_evidence(store),
        size=lambda ev: 512 + 512 * len(ev),
    )


def cached_ranking(request: Request, profile: Profile, store: Store) -> Ranking:
    """Every catalog role scored for ``profile``, with the stored postings as evidence."""
    cache = web_config(request).cache
    evidence = cached_evidence(request, store)
    return cache.memo(
        ("ranking", cache.generation(), profile.model_dump_json()),
        lambda: rank(profile, evidence=evidence),
        size=lambda ranking: 8192 * len(ranking.results),
    )


def split_list(text: str) -> list[str]:
    """Skills typed one per line or separated by commas or semicolons."""
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def pages_window(page: int, pages: int, *, radius: int = 2) -> list[int | None]:
    """Page numbers to link, with ``None`` where a gap is."""
    if pages <= 1:
        return []
    keep = {1, pages, *range(max(1, page - radius), min(pages, page + radius) + 1)}
    out: list[int | None] = []
    prev = 0
    for n in sorted(keep):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


def safe_description(description_html: str) -> Markup:
    """The stored description, sanitised once more at render time (defence in depth)."""
    return Markup(clean_html(description_html or ""))


def source_list(catalog: Catalog, keys: list[str]) -> list[Source]:
    return [catalog.sources[k] for k in keys if k in catalog.sources]


def import_summary(report: Any, saved: SavedUpload) -> dict[str, Any]:
    """The ingest report as plain values, with the temporary file name replaced by the user's."""
    rejected = []
    for entry in getattr(report, "rejected", []) or []:
        if isinstance(entry, tuple | list):
            file, line, reason = (list(entry) + [None, None, None])[:3]
        else:
            file = getattr(entry, "file", None)
            line = getattr(entry, "line", None)
            reason = getattr(entry, "reason", str(entry))
        rejected.append(
            {
                "file": saved.name if file is None else saved.relabel(str(file)),
                "line": line if isinstance(line, int) else None,
                "reason": saved.relabel(str(reason or "")),
            }
        )
    return {
        "file": saved.name,
        "read": int(getattr(report, "read", 0) or 0),
        "new": int(getattr(report, "new", 0) or 0),
        "duplicates": int(getattr(report, "duplicates", 0) or 0),
        "unchanged": int(getattr(report, "unchanged", 0) or 0),
        "rejected": rejected,
        "already_imported": bool(getattr(report, "skipped_files", None)),
        "notes": [saved.relabel(str(n)) for n in getattr(report, "notes", []) or []],
        "postings": [
            {"id": p.id, "outcome": p.outcome, "line": p.line}
            for p in getattr(report, "postings", []) or []
        ],
        "postings_truncated": bool(getattr(report, "postings_truncated", False)),
    }
