"""Helpers for store, search and match tests: postings built directly, no pipeline."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from otpath.postings.models import Classification, Pay, Posting, Requirements
from otpath.store import SourceRef, Store
from otpath.store.writes import deflate, posting_row


def _make_posting(
    title: str = "Utilization Review Specialist",
    *,
    id: str | None = None,
    description: str = "Review therapy authorization requests against criteria.",
    company: str | None = "Example Health Plan",
    location: str | None = "Remote, US",
    url: str | None = None,
    family: str = "utilization_management",
    role: str | None = "utilization_review",
    confidence: float = 0.9,
    credentials: list[str] | None = None,
    years_min: float | None = None,
    years_max: float | None = None,
    remote: str = "remote",
    pay_annual_min: float | None = None,
    pay_annual_max: float | None = None,
    commission: bool = False,
    pay_currency: str | None = "USD",
    certifications: list[str] | None = None,
    certifications_required: list[str] | None = None,
    date_posted: date | None = date(2026, 11, 20),
    sample: bool = False,
    internal_only: bool = False,
    **extra: Any,
) -> Posting:
    key = id or hashlib.sha1(f"{title}|{company}|{description}".encode()).hexdigest()[:16]
    pay = Pay(
        min=pay_annual_min,
        max=pay_annual_max,
        interval="yearly" if (pay_annual_min or pay_annual_max) else None,
        annual_min=pay_annual_min,
        annual_max=pay_annual_max,
        currency=pay_currency if (pay_annual_min or pay_annual_max) else None,
        commission=commission,
    )
    return Posting(
        id=key,
        title=title,
        company=company,
        location=location,
        url=url,
        description_text=description,
        description_html=f"<p>{description}</p>",
        date_posted=date_posted,
        sample=sample,
        classification=Classification(role=role, family=family, confidence=confidence),
        requirements=Requirements(
            credentials=credentials or [],
            years_min=years_min,
            years_max=years_max,
            remote=remote,  # type: ignore[arg-type]
            pay=pay,
            certifications=certifications or list(certifications_required or []),
            certifications_required=certifications_required or [],
            internal_only=internal_only,
        ),
        **extra,
    )


def _add(store: Store, *postings: Posting) -> None:
    """Insert postings as new clusters (what ingest does for a new posting)."""
    from otpath.store import SourceRef

    with store.transaction():
        for p in postings:
            store.insert_posting(
                p,
                title_norm=p.title.lower(),
                signature=None,
                keys=["content:" + p.id],
                sources=[SourceRef(url=p.url, site=p.site, file="test", line=1)],
            )


def write_old_rows(conn: sqlite3.Connection, *postings: Posting, compressed: bool = True) -> None:
    """Write ``postings`` into a store of the schema before migration 8, as otpath wrote
    them then (``cluster_id`` column, key and source texts, ``description_html``
    zlib-compressed on its own when ``compressed``, requirements with every sentence)."""
    for p in postings:
        row = posting_row(p, ingested_at="2026-11-20T00:00:00+00:00")
        html = deflate(p.description_html) if compressed else p.description_html
        raw = json.dumps(p.raw) if p.raw else "{}"
        raw = deflate(raw) if compressed and p.raw else raw
        conn.execute(
            "INSERT INTO postings (id, cluster_id, title, company, location, url, date_posted,"
            " role, family, confidence, remote, credentials, certifications_required, years_min,"
            " pay_min, pay_max, pay_interval, pay_annual_min, pay_annual_max, description_html,"
            " description_text, classification, requirements, raw, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p.id, p.id, p.title, p.company, p.location, p.url, row["date_posted"], row["role"],
             row["family"], row["confidence"], row["remote"], row["credentials"],
             row["certifications_required"], row["years_min"], row["pay_min"], row["pay_max"],
             row["pay_interval"], row["pay_annual_min"], row["pay_annual_max"], html,
             p.description_text, row["classification"],
             p.requirements.model_dump_json(exclude_defaults=True), raw, row["ingested_at"]),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO identity_keys (key, cluster_id) VALUES (?, ?)", ("content:" + p.id, p.id)
        )
        source = SourceRef(url=p.url, file="old.jsonl", line=1)
        conn.execute(
            "INSERT INTO posting_sources (cluster_id, source_key, url, file, line, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (p.id, source.key, p.url, "old.jsonl", 1, row["ingested_at"]),
        )


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.memory() as s:
        yield s


@pytest.fixture
def make_posting() -> Any:
    """``make_posting(title, **fields) -> Posting`` with sensible non-clinical defaults."""
    return _make_posting


@pytest.fixture
def add_postings() -> Any:
    """``add_postings(store, *postings)``: insert postings as new clusters."""
    return _add
