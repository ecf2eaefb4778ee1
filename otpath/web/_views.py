"""Turning library results into what templates and the API show.

Pure helpers: no routes here, and no HTML except through :mod:`markupsafe`.

    >>> split_list("ICD-10, InterQual\\nMCG")
    ['ICD-10', 'InterQual', 'MCG']
    >>> pages_window(5, 20)
    [1, None, 3, 4, 5, 6, 7, None, 20]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from markupsafe import Markup

from ..catalog import Catalog, Source
from ..fit import PostingEvidence, Ranking, rank
from ..match import JobVerdict, RankedJobs, profile_ranker, rank_jobs, role_evidence
from ..money import normalize_currency
from ..postings.pipeline.normalize import clean_html
from ..profile import Profile
from ..profile.models import SETTING_LABELS
from ..search import PaySummary, SearchPage, SearchQuery, search
from ..store import Store
from ._templating import web_config
from ._uploads import SavedUpload

__all__ = [
    "JOBS_PER_PAGE",
    "POSTED_WITHIN_CHOICES",
    "SETTING_LABELS",
    "RequirementRow",
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


@dataclass(frozen=True)
class RequirementRow:
    label: str
    value: str
    sentence: str | None


def _sentence_for(sentences: dict[str, str], *keys: str | None) -> str | None:
    lowered = {k.lower(): v for k, v in sentences.items()}
    for key in keys:
        if key and key.lower() in lowered:
            return lowered[key.lower()]
    return None


def requirement_rows(posting: Any) -> list[RequirementRow]:
    """Every extracted requirement of a stored posting, with the sentence it came from."""
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
        add("NHS band", f"Band {req.nhs_band} (named in the title)", None, "nhs_band")
    closes = getattr(posting, "valid_through", None)
    if closes is not None:
        state = "closed: the date has passed" if closes < date.today() else "open"
        add("Closing date", f"{closes.isoformat()} ({state})", None, "valid_through")
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
