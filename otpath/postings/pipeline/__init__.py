"""The postings pipeline: pure functions from a :class:`RawPosting` to a :class:`Posting`.

    normalize -> classify -> extract requirements -> (dedupe keys)

No database, no network, no global state beyond compiled tables::

    >>> from otpath.postings.models import RawPosting
    >>> p = process(RawPosting(
    ...     title="Utilization Review Therapist",
    ...     company="Northwind Health Plan, Inc.",
    ...     description="**Remote.** Review prior authorization requests using InterQual.\\n\\n"
    ...                 "* Active PT, OT or SLP license\\n* 2+ years of clinical experience",
    ... ))
    >>> p.company, p.classification.family, p.requirements.credentials, p.requirements.remote
    ('Northwind Health Plan', 'utilization_management', ['OT', 'PT', 'SLP'], 'remote')
    >>> p.description_html.startswith("<p><strong>Remote.</strong>")
    True

Stages (each a module with its own examples):

* :mod:`.normalize` — safe HTML (nh3), plain text (selectolax), tidy title,
  company and location;
* :mod:`.classify` — role and family with evidence;
* :mod:`.extract` — credentials, licence, years, settings, skills,
  certifications, remote mode, pay, employment type, nights/weekends;
* :mod:`.dedupe` — content key, identity keys, MinHash/LSH near-duplicate bands.
"""

from __future__ import annotations

from ...credentials import CREDENTIALS
from ..models import Posting, RawPosting
from .classify import classify, default_classifier
from .dedupe import (
    canonical_url,
    identity_keys,
    jaccard_estimate,
    lsh_bands,
    minhash_signature,
    posting_key,
)
from .extract import extract_requirements, title_names_people, without_site_text
from .normalize import (
    clean_html,
    html_to_text,
    normalize_company,
    normalize_location,
    normalize_title,
    to_safe_html,
)

__all__ = [
    "canonical_url",
    "classify",
    "clear_caches",
    "clean_html",
    "extract_requirements",
    "html_to_text",
    "identity_keys",
    "jaccard_estimate",
    "lsh_bands",
    "minhash_signature",
    "normalize_company",
    "normalize_location",
    "normalize_title",
    "posting_key",
    "process",
    "to_safe_html",
    "without_site_text",
]


def clear_caches() -> None:
    """Forget what the stages remember between postings (lines, sentences, titles...).

    Results never depend on it: the caches only hold pure functions' answers.
    Benchmarks call it to time a cold start.
    """
    import functools
    import sys

    # (``from . import classify`` would give the function of that name.)
    _classify, _dedupe, _extract, _normalize = (
        sys.modules[f"{__name__}.{name}"] for name in ("classify", "dedupe", "extract", "normalize")
    )

    for module in (_normalize, _classify, _extract, _dedupe):
        for value in vars(module).values():
            # Per-posting caches only; the maxsize=1 ones hold compiled tables.
            if isinstance(value, functools._lru_cache_wrapper) and (value.cache_info().maxsize or 2) > 1:
                value.cache_clear()
    _dedupe._LINE_CACHE.clear()
    _classify.default_classifier().forget()


def process(raw: RawPosting, *, sample: bool = False) -> Posting:
    """Run every stage on ``raw`` and return the :class:`Posting` for the store.

    ``id`` is :func:`~.dedupe.posting_key` of the normalised content, so the
    same posting read twice (or from two files) gets the same id.
    """
    title = normalize_title(raw.title)
    company = normalize_company(raw.company) if raw.company else None
    location = normalize_location(raw.location) if raw.location else None
    text = html_to_text(raw.description)
    own = without_site_text(text)  # the job site's chrome is not the employer's words
    clf = default_classifier()
    requirements = extract_requirements(title, own, raw, other_job_title=clf.title_profession(title) is not None)
    implied = None if title_names_people(title) else clf.title_credential(title)
    if implied in CREDENTIALS and implied not in requirements.credentials:
        # A "Matron" or a "Registrar" needs a nurse's or a doctor's registration
        # even when the advert never spells it out.
        requirements = requirements.model_copy(update={"credentials": [*requirements.credentials, implied]})
    classification = classify(title, own, company=company, accepts=requirements.credentials)
    urls = [u for u in raw.urls if u and u != raw.url]
    return Posting(
        id=posting_key(title, company, location, text),
        title=title or raw.title,
        company=company or None,
        location=location or None,
        description_html=to_safe_html(raw.description),
        description_text=text,
        url=raw.url,
        urls=urls,
        site=raw.site,
        source_id=raw.source_id,
        date_posted=raw.date_posted,
        valid_through=raw.valid_through,
        classification=classification,
        requirements=requirements,
        sample=sample,
        raw=dict(raw.raw),
    )
