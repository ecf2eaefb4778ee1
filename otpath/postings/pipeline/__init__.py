"""The postings pipeline: pure functions from a :class:`RawPosting` to a :class:`Posting`.

    normalize -> classify -> extract requirements -> (dedupe keys)

:func:`process` gives the :class:`Posting`; :func:`prepare` gives everything the
store needs for it in one value (:class:`Prepared`: the posting, its normalised
title, identity keys, MinHash signature and LSH bands), so ingest only carries
records from readers through here to the store.

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

import re
from datetime import date
from html import escape
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from ...credentials import CREDENTIALS
from ..models import Posting, RawPosting
from .classify import classify, default_classifier
from .closing import closing_date, mentions_closing
from .dedupe import (
    canonical_url,
    identity_keys,
    jaccard_estimate,
    lsh_bands,
    minhash_signature,
    posting_key,
)
from .extract import (
    british,
    extract_requirements,
    in_person,
    title_names_people,
    without_references,
    without_site_text,
)
from .normalize import (
    cap_description,
    cap_field,
    cap_raw,
    clean_html,
    html_to_text,
    looks_like_html,
    normalize_company,
    normalize_location,
    normalize_title,
    title_key,
    to_safe_html,
    truncation_note,
)

__all__ = [
    "HINTS_KEY",
    "Prepared",
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
    "prepare",
    "process",
    "raw_from_stored",
    "sign",
    "to_safe_html",
    "without_references",
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
    _classify.default_classifier().forget()


_SITE_URL = re.compile(r"https?://[^\s()<>\"']+[^\s()<>\"'.,;:!?]")


def process(raw: RawPosting, *, sample: bool = False) -> Posting:
    """Run every stage on ``raw`` and return the :class:`Posting` for the store.

    ``id`` is :func:`~.dedupe.posting_key` of the normalised content, so the
    same posting read twice (or from two files) gets the same id.

    Sizes are capped first (:func:`~.normalize.cap_description`, ``cap_field``,
    ``cap_raw``), so every stage, the store and every page work on bounded text
    whatever a file holds; a cut description ends with a note saying so. A pay
    the source gave as words (``raw.pay_text``) and its currency are kept on
    ``requirements.pay`` when the text gave no pay of its own.
    """
    description, original_chars = cap_description(raw.description)
    raw_title = cap_field(raw.title) or ""
    title = normalize_title(raw_title)
    company = normalize_company(cap_field(raw.company) or "") if raw.company else None
    location = normalize_location(cap_field(raw.location) or "") if raw.location else None
    text = html_to_text(description)
    if original_chars:  # the later stages read no more than was kept
        raw = raw.model_copy(update={"description": description})
    own = without_site_text(text)  # the job site's chrome is not the employer's words
    clf = default_classifier()
    requirements = extract_requirements(title, own, raw, other_job_title=clf.title_profession(title) is not None)
    implied = None if title_names_people(title) else clf.title_credential(without_references(title))
    if implied in CREDENTIALS and implied not in requirements.credentials:
        # A "Matron" or a "Registrar" needs a nurse's or a doctor's registration
        # even when the advert never spells it out.
        requirements = requirements.model_copy(update={"credentials": [*requirements.credentials, implied]})
    classification = classify(title, own, company=company, accepts=requirements.credentials)
    requirements = in_person(requirements, classification.family)
    pay = requirements.pay
    if raw.pay_text and pay.min is None and pay.max is None and not pay.text:
        pay.text = cap_field(raw.pay_text, 200)
        pay.currency = pay.currency or (raw.pay_currency.upper() if raw.pay_currency else None)
    valid_through = raw.valid_through
    # (the British test scans the text: only for an advert that may state a closing date)
    if valid_through is None and mentions_closing(text) and (
        said := closing_date(text, british=british(title, own, raw))
    ):
        valid_through, requirements.sentences["closing_date"] = said  # the advert's own words
    url, site = raw.url, raw.site
    if site and "http" in site and (found := _SITE_URL.search(site)):
        # a "source" field that holds the advert's address ("https://...", or "NHS Jobs,
        # scraped Nov 2020; original URL https://..."), not a board's name
        url = url or found.group(0)
        site = urlsplit(found.group(0)).hostname or None
    urls = [u for u in raw.urls if u and u != url]
    html = to_safe_html(description)
    key = posting_key(title, company, location, text)
    if original_chars:
        where = f"{raw.origin_file}, line {raw.origin_line}" if raw.origin_file else None
        note = truncation_note(original_chars, len(description), where)
        html += f"\n<p><em>{escape(note)}</em></p>"
        text += "\n" + note
    return Posting(
        id=key,
        title=title or raw_title,
        company=company or None,
        location=location or None,
        description_html=html,
        description_text=text,
        url=url,
        urls=urls,
        site=site,
        source_id=raw.source_id,
        date_posted=raw.date_posted,
        valid_through=valid_through,
        classification=classification,
        requirements=requirements,
        sample=sample,
        raw=_with_hints(cap_raw(raw.raw), raw, location),
    )


#: The key under which a stored posting's ``raw`` keeps what its source said besides the
#: text (JobSpy's ``is_remote``, a JSON-LD salary, its currency...): with it,
#: :func:`raw_from_stored` gives the pipeline what ingest gave it.
HINTS_KEY = "otpath:hints"
_HINT_FIELDS = (
    "employment_type", "remote_hint", "remote_type_hint", "pay_min", "pay_max", "pay_interval",
    "pay_currency", "pay_text", "applicant_locations", "experience_hint", "education_hint",
)  # fmt: skip


def _with_hints(capped: dict[str, Any], raw: RawPosting, location: str | None) -> dict[str, Any]:
    hints = {
        f: v for f in _HINT_FIELDS if (v := getattr(raw, f)) is not None and v != [] and v != ""
    }
    if raw.location and (given := cap_field(raw.location)) != location:
        hints["location"] = given  # as given: "Remote, US" reads as remote, "Remote" less so
    if not hints:
        return capped
    if "pay_text" in hints:
        hints["pay_text"] = cap_field(hints["pay_text"], 200)
    return {**capped, HINTS_KEY: hints}


def raw_from_stored(row: dict[str, Any]) -> RawPosting:
    """The record to run the pipeline on again for a stored posting (``otpath reclassify``).

    ``row`` holds the ``postings`` columns as read from the store. The text is the stored
    safe HTML (it reads as the same plain text), title, company and location are the
    stored (normalised) ones, and what the source said besides the text comes back from
    ``raw[HINTS_KEY]`` (postings stored before it was kept have none: their source's
    remote flag and structured pay are not read again).

        >>> p = process(RawPosting(title="Utilization Review Nurse", description="<p>Remote.</p>",
        ...                        remote_type_hint="hybrid", pay_min=30.0, pay_interval="hourly"))
        >>> again = process(raw_from_stored({"title": p.title, "description_html": p.description_html,
        ...                                  "raw": p.raw}))
        >>> again.requirements.remote, again.requirements.pay.min, again.id == p.id
        ('hybrid', 30.0, True)
    """
    html = row.get("description_html") or ""
    if html and not looks_like_html(html):
        # HTML whose every tag was unsafe is stored without one: still HTML (a line break
        # in it is a space), not the plain text it would now pass for
        html = f"<div>{html}</div>"
    stored_raw = dict(row.get("raw") or {})
    hints = stored_raw.pop(HINTS_KEY, None) or {}
    return RawPosting(
        title=row.get("title") or "",
        description=html,
        company=row.get("company"),
        location=hints.get("location", row.get("location")),
        url=row.get("url"),
        site=row.get("site"),
        source_id=row.get("source_id"),
        date_posted=_day(row.get("date_posted")),
        valid_through=_day(row.get("valid_through")),
        raw=stored_raw,
        **{k: v for k, v in hints.items() if k in _HINT_FIELDS},
    )


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Prepared(NamedTuple):
    """Everything storing one posting needs, from one pass down the pipeline."""

    posting: Posting
    #: :func:`~.normalize.title_key` of the title: near-duplicates share it
    title_norm: str
    #: :func:`~.dedupe.identity_keys` of the record (board id, canonical URLs), in lookup order
    identity_keys: tuple[str, ...]
    #: :func:`~.dedupe.minhash_signature` of the description text (``None``: no words)
    signature: list[int] | None
    #: :func:`~.dedupe.lsh_bands` of the signature (empty without one)
    bands: tuple[str, ...]


def sign(text: str) -> tuple[list[int] | None, tuple[str, ...]]:
    """A description's MinHash signature and LSH bands; ``(None, ())`` for a text
    without words (nothing to compare it by)."""
    if not text.strip():
        return None, ()
    sig = minhash_signature(text)
    if not sig:  # pragma: no cover - a signature always has NUM_PERM values
        return None, ()
    return sig, tuple(lsh_bands(sig))


def prepare(raw: RawPosting, *, sample: bool = False) -> Prepared:
    """:func:`process` ``raw`` and compute its dedupe keys, signature and bands.

    A record may mark itself as sample data (JSONL ``"sample": true``).
    """
    posting = process(raw, sample=sample or raw.raw.get("sample") is True)
    signature, bands = sign(posting.description_text)
    return Prepared(posting, title_key(posting.title), tuple(identity_keys(raw)), signature, bands)
