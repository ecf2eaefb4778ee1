"""Writing postings, their sources and their dedupe keys.

These methods do not open transactions of their own: the caller (ingest)
groups a batch of them inside :meth:`Store.transaction`.

Ingest writes a whole batch at once: :meth:`PostingWrites.clusters_for_keys` and
:meth:`PostingWrites.band_matches` look up every key and LSH band of the batch in
one query each, :meth:`PostingWrites.insert_postings` writes the new postings with
one ``INSERT ... SELECT`` (so the FTS5 and ``posting_credentials`` triggers run
inside a single statement: FTS5 flushes its pending index at every statement that
fires a trigger, and one flush per batch instead of one per row makes the insert
several times cheaper), and ``executemany`` writes keys, bands and sources. The
one-posting methods (:meth:`PostingWrites.insert_posting`, :meth:`add_source`...)
remain for callers that write a few rows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..postings.models import Classification, Posting, Requirements
from .migrations import (
    SENTENCE_FIELDS,
    compact_sentences,
    deflate,
    deflate_html,
    deflate_raw,
    expand_requirements,
    inflate,
    key_hash,
    title_band,
)

__all__ = [
    "NO_CREDENTIAL",
    "POSTING_COLUMNS",
    "BandMatch",
    "ClusterSignature",
    "NewPosting",
    "PostingWrites",
    "SourceRef",
    "band_key",
    "deflate",
    "inflate",
    "key_hash",
    "new_posting",
    "posting_row",
    "posting_values",
    "signature_blob",
    "signature_similarity",
    "signature_values",
]

# posting_credentials code of a posting that names no credential.
NO_CREDENTIAL = "-"

# SQLite's historical limit of bound parameters a statement (999): chunk IN lists to it.
_MAX_PARAMS = 900


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

    def values(self) -> tuple[str, str | None, str | None, str | None, str | None, int | None]:
        """``(key, url, site, source_id, file, line)``: the source as plain values."""
        return (self.key, self.url, self.site, self.source_id, self.file, self.line)


@dataclass(frozen=True)
class ClusterSignature:
    cluster_id: str
    title_norm: str
    signature: bytes
    shared_bands: int


class BandMatch(NamedTuple):
    """A stored posting found under an LSH band key (see :meth:`PostingWrites.band_matches`)."""

    band: int
    seq: int
    cluster_id: str
    title_norm: str
    signature: bytes


def band_key(band: str, title_norm: str) -> int:
    """The stored key (signed 32-bit since migration 8) of a pipeline band string
    (``"03:9f..."``) under a normalised title: the top half of
    :func:`otpath.store.migrations.title_band`."""
    digest = hashlib.blake2b(band.encode("utf-8"), digest_size=8).digest()
    return title_band(int.from_bytes(digest, "little", signed=True), title_norm) >> 32


def signature_blob(sig: Sequence[int]) -> bytes:
    """A minhash signature as stored: ``b"I"`` + uint32 values (``b"Q"`` + uint64 when a
    value needs 64 bits), native byte order."""
    code = "I" if max(sig) < 2**32 and min(sig) >= 0 else "Q"
    arr = array(code, (int(x) % 2**64 for x in sig))
    if arr.itemsize != (4 if code == "I" else 8):  # pragma: no cover - exotic platforms
        raise ValueError(f"array('{code}') has an unexpected size on this platform")
    return code.encode("ascii") + arr.tobytes()


def signature_values(blob: bytes) -> list[int]:
    """The values of a stored signature (:func:`signature_blob`)."""
    arr = array(blob[:1].decode("ascii"))
    arr.frombytes(blob[1:])
    return arr.tolist()


def signature_similarity(a: bytes, b: bytes) -> float:
    """The share of equal positions of two stored signatures: the pipeline's
    ``dedupe.jaccard_estimate``, computed here so that the process writing the store
    never imports the pipeline."""
    sa, sb = signature_values(a), signature_values(b)
    if len(sa) != len(sb):
        return 0.0  # signatures from another minhash setting: not comparable
    if not sa:
        return 1.0
    return sum(1 for x, y in zip(sa, sb, strict=True) if x == y) / len(sa)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# json.dumps with any option builds a new encoder a call (a few a posting): one kept
# here gives the same text (dumps is JSONEncoder(...).encode) for less.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


#: JSON columns stored without the fields at their defaults: the model of each.
_MODEL_COLUMNS: dict[str, type[BaseModel]] = {
    "classification": Classification,
    "requirements": Requirements,
}


def full_json(column: str, text: str, description: str = "") -> str:
    """A ``classification`` or ``requirements`` JSON text with every field, those left
    out at their defaults too, and the sentences :func:`compact_requirements` left out
    (taken from the posting's ``description`` text): what reading a posting gives, as
    before."""
    model = _MODEL_COLUMNS[column]
    if column == "requirements" and "sentence" in text:
        data = expand_requirements(json.loads(text), description)
        return model.model_validate(data).model_dump_json()
    return model.model_validate_json(text).model_dump_json()


def _requirements_json(req: Requirements, description: str) -> str:
    if req.sentences or any(getattr(req, field) for field, _ in SENTENCE_FIELDS):
        data = req.model_dump(mode="json", exclude_defaults=True)
        compact_sentences(data, description)
        return _json(data)
    return req.model_dump_json(exclude_defaults=True)


def _raw_json(raw: dict[str, Any]) -> str | bytes:
    return deflate_raw(_json(raw)) if raw else "{}"


def posting_row(posting: Posting, *, ingested_at: str) -> dict[str, Any]:
    """The ``postings`` columns of ``posting`` (JSON columns as text)."""
    return dict(zip(POSTING_COLUMNS, (*posting_values(posting), ingested_at), strict=True))


def posting_values(posting: Posting) -> tuple[Any, ...]:
    """The ``postings`` columns of ``posting`` in :data:`POSTING_COLUMNS` order, without
    the last one (``ingested_at``, known only when the batch is written).

    ``description_html`` and ``raw`` are stored compressed: the plain text is the copy
    searched and shown in results, the HTML is read only for one posting's page and is
    compressed against that text (:func:`deflate_html`, migration 8), ``raw`` with a
    dictionary of the sources' field names (:func:`deflate_raw`). The classification
    and requirements JSON leave out fields at their defaults (a third of their size),
    and the requirements hold each evidence
    sentence once, as its place in the description text (:func:`compact_requirements`):
    reading a posting fills them in again (:func:`full_json`), and SQL reading a field
    left out gets NULL for it (every query treats NULL as the default)."""
    answers = answer_values(posting, posting.description_text)
    return (
        posting.id,  # id (and cluster_id, a generated column equal to it)
        posting.title,
        posting.company,
        posting.location,
        posting.url,
        posting.site,
        posting.source_id,
        _iso(posting.date_posted),
        _iso(posting.valid_through),
        *answers[:-2],  # role ... commission
        int(posting.sample),
        deflate_html(posting.description_html, posting.description_text),
        posting.description_text,
        *answers[-2:],  # classification, requirements
        _raw_json(posting.raw),
    )


#: The ``postings`` columns that hold the pipeline's answers about a posting (what
#: ``otpath reclassify`` rewrites), in :func:`answer_values` order.
ANSWER_COLUMNS: tuple[str, ...] = (
    "role", "family", "confidence", "remote", "credentials", "certifications_required",
    "years_min", "years_max", "pay_min", "pay_max", "pay_interval", "pay_annual_min",
    "pay_annual_max", "commission", "classification", "requirements",
)  # fmt: skip


def answer_values(posting: Posting, text: str) -> tuple[Any, ...]:
    """The :data:`ANSWER_COLUMNS` of ``posting``, its evidence sentences placed in the
    stored description ``text`` (see :func:`posting_values`, which writes them in
    :data:`POSTING_COLUMNS` order, the same order):

        >>> [c for c in POSTING_COLUMNS if c in ANSWER_COLUMNS] == list(ANSWER_COLUMNS)
        True
    """
    req = posting.requirements
    pay = req.pay
    cls = posting.classification
    return (
        cls.role,
        cls.family,
        cls.confidence,
        req.remote,
        _json(req.credentials),
        _json(req.certifications_required),
        req.years_min,
        req.years_max,
        pay.min,
        pay.max,
        pay.interval,
        pay.annual_min,
        pay.annual_max,
        int(pay.commission),
        cls.model_dump_json(exclude_defaults=True),
        _requirements_json(req, text),
    )


#: Columns of ``postings`` written by ingest (every one but ``seq``), in the order of
#: :func:`posting_values` followed by ``ingested_at``.
POSTING_COLUMNS: tuple[str, ...] = (
    "id", "title", "company", "location", "url", "site", "source_id",
    "date_posted", "valid_through", "role", "family", "confidence", "remote", "credentials",
    "certifications_required", "years_min", "years_max", "pay_min", "pay_max", "pay_interval",
    "pay_annual_min", "pay_annual_max", "commission", "sample", "description_html",
    "description_text", "classification", "requirements", "raw", "ingested_at",
)  # fmt: skip


class NewPosting(NamedTuple):
    """A posting ready for :meth:`PostingWrites.insert_postings`.

    Plain values only, so a worker process can build it and hand it over cheaply.
    """

    values: tuple[Any, ...]  # posting_values()
    title_norm: str
    signature: bytes | None  # minhash signature BLOB, None for an empty description
    bands: tuple[int, ...]  # band_key() of each LSH band

    @property
    def id(self) -> str:
        return str(self.values[0])


def new_posting(
    posting: Posting, *, title_norm: str, signature: bytes | None, bands: Iterable[str] = ()
) -> NewPosting:
    """``posting`` as a :class:`NewPosting` (band strings from the pipeline become keys)."""
    keys = _band_keys(bands, title_norm) if signature is not None else ()
    return NewPosting(posting_values(posting), title_norm, signature, keys)


def _band_keys(bands: Iterable[str], title_norm: str) -> tuple[int, ...]:
    """:func:`band_key` of each band, at once: ``title_band`` hashes the band hash's 8
    little-endian bytes and then the title, i.e. BLAKE2b of the digest + the title; the
    key is its top 32 bits (the last 4 bytes, little-endian)."""
    blake = hashlib.blake2b
    title = title_norm.encode("utf-8")
    from_bytes = int.from_bytes
    return tuple(
        from_bytes(blake(blake(b.encode("utf-8"), digest_size=8).digest() + title, digest_size=8).digest()[4:],
                   "little", signed=True)
        for b in bands
    )  # fmt: skip


_COLS = ", ".join(POSTING_COLUMNS)
_STAGE = "temp.otpath_postings_stage"
_INSERT_STAGE = (
    f"INSERT INTO {_STAGE} (seq, {_COLS}) VALUES (?, {', '.join('?' * len(POSTING_COLUMNS))})"
)
# Sources and keys point at their posting's seq and store hashes of their keys
# (migration 8); callers name postings by id, so the insert looks its seq up.
_INSERT_SOURCE = (
    "INSERT OR IGNORE INTO posting_sources"
    " (posting_seq, source_hash, url, site, source_id, file, line, added_at)"
    " SELECT seq, ?, ?, ?, ?, ?, ?, ? FROM postings WHERE id = ?"
)


def _source_params(cluster_id: str, source: Sequence[Any], added_at: str) -> tuple[Any, ...]:
    """:data:`_INSERT_SOURCE`'s parameters for a source as :meth:`SourceRef.values`."""
    return (key_hash(source[0]), *source[1:], added_at, cluster_id)


def _chunks(items: Sequence[Any], size: int = _MAX_PARAMS) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PostingWrites:
    conn: sqlite3.Connection

    # -- lookups used while ingesting ----------------------------------------------------

    def find_cluster(self, keys: Iterable[str]) -> str | None:
        """The cluster of the first of ``keys`` already known, else ``None``."""
        for key in keys:
            row = self.conn.execute(
                "SELECT p.id FROM identity_keys AS k JOIN postings AS p ON p.seq = k.posting_seq"
                " WHERE k.key_hash = ?",
                (key_hash(key),),
            ).fetchone()
            if row:
                return str(row[0])
        return None

    def clusters_for_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """``key -> cluster`` for those of ``keys`` already stored (one query per 900 keys)."""
        by_hash = {key_hash(k): k for k in set(keys)}
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(by_hash)):
            marks = ", ".join("?" * len(chunk))
            for h, cluster in self.conn.execute(
                "SELECT k.key_hash, p.id FROM identity_keys AS k"
                f" JOIN postings AS p ON p.seq = k.posting_seq WHERE k.key_hash IN ({marks})",
                chunk,
            ):
                out[by_hash[h]] = cluster
        return out

    def band_matches(self, bands: Iterable[int]) -> list[BandMatch]:
        """Every stored posting under any of the band keys ``bands`` (see :func:`band_key`),
        with what confirming a near-duplicate needs: its cluster, title and signature."""
        wanted = sorted(set(bands))
        out: list[BandMatch] = []
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT b.band, b.posting_seq, p.id, s.title_norm, s.signature"
                " FROM lsh_bands AS b"
                " JOIN cluster_signatures AS s ON s.posting_seq = b.posting_seq"
                " JOIN postings AS p ON p.seq = b.posting_seq"
                f" WHERE b.band IN ({marks})",
                chunk,
            ).fetchall()
            out.extend(BandMatch(r[0], r[1], r[2], r[3], bytes(r[4])) for r in rows)
        return out

    def near_duplicate_candidates(
        self, bands: Sequence[str], *, title_norm: str, limit: int = 20
    ) -> list[ClusterSignature]:
        """Clusters sharing at least one LSH band and the same normalised title.

        Most shared bands first, at most ``limit`` of them.
        """
        shared: dict[int, int] = {}
        found: dict[int, BandMatch] = {}
        for m in self.band_matches(band_key(b, title_norm) for b in bands):
            if m.title_norm == title_norm:
                shared[m.seq] = shared.get(m.seq, 0) + 1
                found[m.seq] = m
        best = sorted(shared, key=lambda seq: (-shared[seq], seq))[:limit]
        return [
            ClusterSignature(found[s].cluster_id, title_norm, found[s].signature, shared[s])
            for s in best
        ]

    # -- the MinHash scheme of the stored signatures (store_meta) ------------------------

    def minhash_scheme(self) -> str | None:
        """The name of the scheme that made the stored signatures (``None``: not recorded)."""
        row = self.conn.execute(
            "SELECT value FROM store_meta WHERE key = 'minhash_scheme'"
        ).fetchone()
        return str(row[0]) if row else None

    def set_minhash_scheme(self, scheme: str) -> None:
        """Record ``scheme`` as the one that made every stored signature."""
        self.conn.execute(
            "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('minhash_scheme', ?)",
            (scheme,),
        )

    # -- the rules that gave the stored answers (store_meta) -----------------------------

    def rules_fingerprint(self) -> str | None:
        """:func:`otpath.rules.fingerprint` of the otpath that classified every stored
        posting (``None``: an empty store, or one from before it was recorded)."""
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'rules'").fetchone()
        return str(row[0]) if row else None

    def set_rules_fingerprint(self, value: str) -> None:
        """Record that the stored postings were classified by the rules named ``value``
        (all of them, or those after :meth:`stale_through`)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('rules', ?)", (value,)
        )

    def stale_through(self) -> int | None:
        """The last ``seq`` classified by rules older than :meth:`rules_fingerprint`
        (``None``: every stored posting was classified by those rules)."""
        row = self.conn.execute(
            "SELECT value FROM store_meta WHERE key = 'stale_through'"
        ).fetchone()
        return int(row[0]) if row else None

    def set_stale_through(self, seq: int | None) -> None:
        """Record that postings up to ``seq`` carry older rules' answers (``None``: none do)."""
        if seq is None:
            self.conn.execute("DELETE FROM store_meta WHERE key = 'stale_through'")
        else:
            self.conn.execute(
                "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('stale_through', ?)",
                (str(seq),),
            )

    def update_answers(self, rows: Sequence[tuple[int, Posting, str]]) -> None:
        """Store new answers (role, family, remote, credentials, years, pay, the
        classification and requirements) for stored postings: ``(seq, posting, stored
        description text)`` rows, the posting from the pipeline run again. Identity, text,
        sources and signatures stay as they are; the credential index follows by trigger."""
        assign = ", ".join(f"{c} = ?" for c in ANSWER_COLUMNS)
        self.conn.executemany(
            f"UPDATE postings SET {assign} WHERE seq = ?",
            [(*answer_values(posting, text), seq) for seq, posting, text in rows],
        )

    def count_signatures(self) -> int:
        """How many postings have a stored minhash signature."""
        return int(self.conn.execute("SELECT count(*) FROM cluster_signatures").fetchone()[0])

    def signed_descriptions(self, *, after_seq: int, limit: int) -> list[tuple[int, str, str]]:
        """``(seq, title_norm, description_text)`` of postings with a signature, in ``seq``
        order from just after ``after_seq``: what re-signing them needs."""
        return [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in self.conn.execute(
                "SELECT s.posting_seq, s.title_norm, p.description_text"
                " FROM cluster_signatures AS s JOIN postings AS p ON p.seq = s.posting_seq"
                " WHERE s.posting_seq > ? ORDER BY s.posting_seq LIMIT ?",
                (after_seq, limit),
            )
        ]

    def clear_bands(self) -> None:
        """Forget every LSH band: what re-signing the whole store starts with (the
        bands are not indexed by posting, so they are not removed one by one)."""
        self.conn.execute("DELETE FROM lsh_bands")

    def replace_signatures(self, rows: Sequence[tuple[int, bytes, Sequence[int]]]) -> None:
        """New signatures and LSH band keys (:func:`band_key`) for stored postings:
        ``(seq, signature, band keys)`` rows. Their old bands must be gone
        (:meth:`clear_bands`)."""
        conn = self.conn
        conn.executemany(
            "UPDATE cluster_signatures SET signature = ? WHERE posting_seq = ?",
            [(sig, seq) for seq, sig, _ in rows],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands (band, posting_seq) VALUES (?, ?)",
            sorted({(b, seq) for seq, _, bands in rows for b in bands}),
        )

    def file_completed(self, sha256: str) -> bool:
        """Was a file with this content already ingested to the end?"""
        row = self.conn.execute(
            "SELECT 1 FROM ingest_files WHERE sha256 = ? LIMIT 1", (sha256,)
        ).fetchone()
        return row is not None

    def next_seq(self) -> int:
        """The ``seq`` the next posting gets (SQLite's own choice: the largest + 1).

        Inside a write transaction nobody else can take it, so a batch can number its
        new postings up front and write their bands and credentials with them.
        """
        row = self.conn.execute("SELECT max(seq) FROM postings").fetchone()
        return int(row[0] or 0) + 1

    # -- writes --------------------------------------------------------------------------

    def insert_postings(
        self, postings: Sequence[tuple[int, NewPosting]], *, ingested_at: str | None = None
    ) -> None:
        """Store new postings (``(seq, posting)`` pairs, ``seq`` from :meth:`next_seq`)
        with their signatures and LSH bands; not their keys or sources."""
        if not postings:
            return
        now = ingested_at or _now()
        self._ensure_stage()
        conn = self.conn
        conn.execute(f"DELETE FROM {_STAGE}")
        conn.executemany(_INSERT_STAGE, [(seq, *p.values, now) for seq, p in postings])
        # One statement: the postings_ai* triggers (FTS5, credentials) run inside it.
        conn.execute(f"INSERT INTO postings (seq, {_COLS}) SELECT seq, {_COLS} FROM {_STAGE}")
        conn.execute(f"DELETE FROM {_STAGE}")
        conn.executemany(
            "INSERT INTO cluster_signatures (posting_seq, title_norm, signature) VALUES (?, ?, ?)",
            [(seq, p.title_norm, p.signature) for seq, p in postings if p.signature is not None],
        )
        # Sorted, the inserts walk the band index in order instead of jumping about.
        bands = sorted(
            {(b, seq) for seq, p in postings if p.signature is not None for b in p.bands}
        )
        conn.executemany("INSERT OR IGNORE INTO lsh_bands (band, posting_seq) VALUES (?, ?)", bands)

    def _ensure_stage(self) -> None:
        # A temporary table (in memory: temp_store=MEMORY) shaped like postings.
        self.conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS otpath_postings_stage AS"
            f" SELECT seq, {_COLS} FROM main.postings WHERE 0"
        )

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
        new = new_posting(posting, title_norm=title_norm, signature=signature, bands=bands)
        self.insert_postings([(self.next_seq(), new)], ingested_at=now)
        self.add_identity_keys(posting.id, keys)
        for source in sources:
            self.add_source(posting.id, source, added_at=now)

    def add_identity_keys(self, cluster_id: str, keys: Iterable[str]) -> None:
        """Point ``keys`` at ``cluster_id``; a key already pointing elsewhere keeps its cluster."""
        self.add_identity_key_pairs((k, cluster_id) for k in dict.fromkeys(keys))

    def add_identity_key_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        """``(key, cluster_id)`` pairs; a key already stored keeps its cluster (the first
        pair of a key wins)."""
        rows: dict[int, str] = {}
        for key, cluster in pairs:
            rows.setdefault(key_hash(key), cluster)
        self.conn.executemany(
            "INSERT OR IGNORE INTO identity_keys (key_hash, posting_seq)"
            " SELECT ?, seq FROM postings WHERE id = ?",
            sorted(rows.items()),
        )

    def add_source(
        self, cluster_id: str, source: SourceRef, *, added_at: str | None = None
    ) -> bool:
        """Record ``source`` for ``cluster_id``; ``False`` when it was already there."""
        return self.add_source_values(cluster_id, source.values(), added_at=added_at or _now())

    def add_source_values(self, cluster_id: str, source: Sequence[Any], *, added_at: str) -> bool:
        """:meth:`add_source` for a source as :meth:`SourceRef.values`."""
        cur = self.conn.execute(_INSERT_SOURCE, _source_params(cluster_id, source, added_at))
        return cur.rowcount > 0

    def add_source_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Many sources at once: ``(cluster_id, *SourceRef.values(), added_at)`` rows;
        those already recorded for their cluster are skipped."""
        self.conn.executemany(
            _INSERT_SOURCE, [_source_params(r[0], r[1:-1], r[-1]) for r in rows]
        )

    def mark_file_completed(self, *, path: str, sha256: str, size: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO ingest_files (sha256, path, size, completed_at)"
            " VALUES (?, ?, ?, ?)",
            (sha256, path, size, _now()),
        )

    def delete_sample_postings(self) -> int:
        """Delete every posting marked as sample data (with its sources, keys, bands).

        Tracked applications keep their own copy (no foreign key reaches them).
        """
        self._delete_bands("SELECT seq FROM postings WHERE sample = 1", ())
        return self.conn.execute("DELETE FROM postings WHERE sample = 1").rowcount

    def _delete_bands(self, seqs_sql: str, params: Sequence[Any]) -> None:
        # lsh_bands has no index by posting (migration 8): one pass over it for all.
        self.conn.execute(f"DELETE FROM lsh_bands WHERE posting_seq IN ({seqs_sql})", params)

    def forget_ingested_file(self, sha256: str) -> int:
        """Forget that a file with this content was ingested, so it is read again next time."""
        return self.conn.execute("DELETE FROM ingest_files WHERE sha256 = ?", (sha256,)).rowcount

    def delete_postings(self, ids: Iterable[str]) -> int:
        """Delete postings (and, by cascade, their sources and keys). Returns the count."""
        ids = list(ids)
        self._delete_bands("SELECT seq FROM postings WHERE id IN (SELECT value FROM json_each(?))",
                           (json.dumps(ids),))  # fmt: skip
        n = 0
        for pid in ids:
            n += self.conn.execute("DELETE FROM postings WHERE id = ?", (pid,)).rowcount
        return n
