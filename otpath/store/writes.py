"""Writing postings, their sources and their dedupe keys.

These methods do not open transactions of their own: the caller (ingest)
groups a batch of them inside :meth:`Store.transaction`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..postings.models import Posting

__all__ = ["NO_CREDENTIAL", "ClusterSignature", "PostingWrites", "SourceRef", "band_key"]

# posting_credentials code of a posting that names no credential.
NO_CREDENTIAL = "-"


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """Where one copy of a posting came from."""

    url: str | None = None
    site: str | None = None
    source_id: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        """What makes two sources the same: the URL, else site + id, else file:line."""
        if self.url:
            return "url:" + self.url
        if self.source_id:
            return f"id:{self.site or ''}:{self.source_id}"
        return f"file:{self.file or ''}:{self.line or 0}"


@dataclass(frozen=True)
class ClusterSignature:
    cluster_id: str
    title_norm: str
    signature: bytes
    shared_bands: int


def band_key(band: str) -> int:
    """A pipeline band string (``"03:9f..."``) as the signed 64-bit integer stored."""
    digest = hashlib.blake2b(band.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def posting_row(posting: Posting, *, ingested_at: str) -> dict[str, Any]:
    """The ``postings`` columns of ``posting`` (JSON columns as text)."""
    req = posting.requirements
    pay = req.pay
    cls = posting.classification
    return {
        "id": posting.id,
        "cluster_id": posting.id,
        "title": posting.title,
        "company": posting.company,
        "location": posting.location,
        "url": posting.url,
        "site": posting.site,
        "source_id": posting.source_id,
        "date_posted": _iso(posting.date_posted),
        "valid_through": _iso(posting.valid_through),
        "role": cls.role,
        "family": cls.family,
        "confidence": cls.confidence,
        "remote": req.remote,
        "credentials": _json(req.credentials),
        "certifications_required": _json(req.certifications_required),
        "years_min": req.years_min,
        "years_max": req.years_max,
        "pay_min": pay.min,
        "pay_max": pay.max,
        "pay_interval": pay.interval,
        "pay_annual_min": pay.annual_min,
        "pay_annual_max": pay.annual_max,
        "commission": int(pay.commission),
        "sample": int(posting.sample),
        "description_html": posting.description_html,
        "description_text": posting.description_text,
        "classification": cls.model_dump_json(),
        "requirements": req.model_dump_json(),
        "raw": _json(posting.raw),
        "ingested_at": ingested_at,
    }


_POSTING_COLUMNS = tuple(posting_row(Posting(id="x", title="x"), ingested_at="").keys())
_INSERT_POSTING = (
    f"INSERT INTO postings ({', '.join(_POSTING_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _POSTING_COLUMNS)})"
)


class PostingWrites:
    conn: sqlite3.Connection

    # -- lookups used while ingesting ----------------------------------------------------

    def find_cluster(self, keys: Iterable[str]) -> str | None:
        """The cluster of the first of ``keys`` already known, else ``None``."""
        for key in keys:
            row = self.conn.execute(
                "SELECT cluster_id FROM identity_keys WHERE key = ?", (key,)
            ).fetchone()
            if row:
                return str(row[0])
        return None

    def near_duplicate_candidates(
        self, bands: Sequence[str], *, title_norm: str, limit: int = 20
    ) -> list[ClusterSignature]:
        """Clusters sharing at least one LSH band and the same normalised title.

        Most shared bands first, at most ``limit`` of them.
        """
        if not bands:
            return []
        marks = ", ".join("?" * len(bands))
        rows = self.conn.execute(
            f"""
            SELECT p.id, s.title_norm, s.signature, count(*) AS shared
            FROM lsh_bands AS b
            JOIN cluster_signatures AS s ON s.posting_seq = b.posting_seq
            JOIN postings AS p ON p.seq = b.posting_seq
            WHERE b.band IN ({marks}) AND s.title_norm = ?
            GROUP BY b.posting_seq
            ORDER BY shared DESC, b.posting_seq
            LIMIT ?
            """,
            (*[band_key(b) for b in bands], title_norm, limit),
        ).fetchall()
        return [ClusterSignature(r[0], r[1], bytes(r[2]), r[3]) for r in rows]

    def file_completed(self, sha256: str) -> bool:
        """Was a file with this content already ingested to the end?"""
        row = self.conn.execute(
            "SELECT 1 FROM ingest_files WHERE sha256 = ? LIMIT 1", (sha256,)
        ).fetchone()
        return row is not None

    # -- writes --------------------------------------------------------------------------

    def insert_posting(
        self,
        posting: Posting,
        *,
        title_norm: str,
        signature: bytes | None,
        bands: Iterable[str] = (),
        keys: Iterable[str] = (),
        sources: Iterable[SourceRef] = (),
        ingested_at: str | None = None,
    ) -> None:
        """Store ``posting`` as a new cluster with its dedupe keys and sources."""
        now = ingested_at or _now()
        row = posting_row(posting, ingested_at=now)
        cur = self.conn.execute(_INSERT_POSTING, row)
        seq = cur.lastrowid
        if signature is not None:
            self.conn.execute(
                "INSERT INTO cluster_signatures (posting_seq, title_norm, signature)"
                " VALUES (?, ?, ?)",
                (seq, title_norm, signature),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO lsh_bands (band, posting_seq) VALUES (?, ?)",
                [(band_key(band), seq) for band in bands],
            )
        self.add_identity_keys(posting.id, keys)
        for source in sources:
            self.add_source(posting.id, source, added_at=now)

    def add_identity_keys(self, cluster_id: str, keys: Iterable[str]) -> None:
        """Point ``keys`` at ``cluster_id``; a key already pointing elsewhere keeps its cluster."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO identity_keys (key, cluster_id) VALUES (?, ?)",
            [(k, cluster_id) for k in dict.fromkeys(keys)],
        )

    def add_source(
        self, cluster_id: str, source: SourceRef, *, added_at: str | None = None
    ) -> bool:
        """Record ``source`` for ``cluster_id``; ``False`` when it was already there."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO posting_sources"
            " (cluster_id, source_key, url, site, source_id, file, line, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cluster_id,
                source.key,
                source.url,
                source.site,
                source.source_id,
                source.file,
                source.line,
                added_at or _now(),
            ),
        )
        return cur.rowcount > 0

    def mark_file_completed(self, *, path: str, sha256: str, size: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO ingest_files (sha256, path, size, completed_at)"
            " VALUES (?, ?, ?, ?)",
            (sha256, path, size, _now()),
        )

    def delete_postings(self, ids: Iterable[str]) -> int:
        """Delete postings (and, by cascade, their sources and keys). Returns the count."""
        n = 0
        for pid in ids:
            n += self.conn.execute("DELETE FROM postings WHERE id = ?", (pid,)).rowcount
        return n
