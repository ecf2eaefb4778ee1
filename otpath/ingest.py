"""Ingest: the only place where readers, pipeline and store meet.

    report = ingest_paths(store, ["saved/jobs.csv"])
    report.read, report.new, report.duplicates, report.unchanged, report.rejected

For every record a reader yields:

1. the pipeline (:func:`otpath.postings.pipeline.prepare`) turns it into a
   :class:`~otpath.postings.models.Posting` (``posting.id`` is a content key: the same
   text gives the same id) with everything storing it needs: its normalised title,
   identity keys, minhash signature and LSH bands;
2. a content key already seen means the record is **unchanged** (or a
   **duplicate** when it brings a source URL the cluster did not have);
3. an identity key already seen (URL, site + id, company + title + location)
   means a **duplicate**: its URL is added to the cluster's sources;
4. otherwise the description's minhash LSH bands find candidate clusters in
   the store; one with the same normalised title and an estimated Jaccard
   similarity of at least :data:`NEAR_DUPLICATE_JACCARD` makes it a **duplicate**;
5. otherwise the posting is **new**: stored with its keys, bands and signature.

Records are processed in batches; each batch is written inside one
``BEGIN IMMEDIATE`` ... ``COMMIT``, so a crash loses at most the batch being
written and running the same ingest again adds nothing twice. Memory stays
constant: the input is streamed and only one batch (plus, with worker
processes, a few chunks in flight) is held at a time.

The pipeline (step 1) is pure and by far the costliest part, so large inputs run it in worker processes while this process
reads the input and writes the store; results come back in input order and
each batch's decisions are taken in that order, so the outcome is the same
with any number of workers. For a file of JSON lines (``Reader.reads_lines``)
the workers parse the lines as well, so this process only reads lines and
writes: it would otherwise bound the whole ingest.

Signatures are only comparable when one MinHash scheme made them all
(:mod:`otpath.postings.minhash`). The store records the scheme of its signatures;
ingest claims an empty store for the current scheme and refuses a store signed by
another one (a :class:`~otpath.errors.StoreError` naming ``otpath resign``), and
:func:`resign` recomputes a store's signatures from its descriptions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel, Field

from .errors import OtpathError, ReaderError, SourceError, StoreError
from .postings.models import Posting, RawPosting
from .settings import default
from .store import (
    NewPosting,
    SourceRef,
    Store,
    band_key,
    new_posting,
    signature_blob,
    signature_similarity,
)

if TYPE_CHECKING:
    from .postings.sources import Reader
    from .postings.sources._io import Line

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "NEAR_DUPLICATE_JACCARD",
    "MAX_LISTED",
    "IngestProgress",
    "IngestReport",
    "IngestedPosting",
    "Rejection",
    "fetch_jobspy",
    "ingest_paths",
    "ingest_records",
    "reclassify",
    "ReclassifyReport",
    "resign",
    "stale_note",
    "stale_rules",
]

#: Estimated Jaccard similarity of two descriptions (same normalised title) that
#: makes them one job.
NEAR_DUPLICATE_JACCARD = 0.8

Outcome = Literal["new", "duplicate", "unchanged"]


class Rejection(BaseModel):
    """A record that was not stored, and why (``hint``: what to do, in CLI terms)."""

    file: str | None = None
    line: int | None = None
    reason: str
    hint: str | None = Field(default=None, exclude=True)

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


#: An ingest report lists at most this many of the postings it stored (the first ones).
MAX_LISTED = 1000


class IngestedPosting(BaseModel):
    """One record that was stored: the posting (cluster) it is now part of, and how."""

    id: str
    outcome: Outcome
    file: str | None = None
    line: int | None = None


class IngestReport(BaseModel):
    read: int = 0  # records the readers produced
    new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)  # files read (folders' files included)
    skipped_files: list[str] = Field(default_factory=list)  # already ingested, same sha256
    # files from which no record was stored: not recorded as ingested, read again next time
    unfinished_files: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    #: the first :data:`MAX_LISTED` records stored, in input order (what an import shows)
    postings: list[IngestedPosting] = Field(default_factory=list)
    postings_truncated: bool = False  # more were stored than are listed

    @property
    def stored(self) -> int:
        return self.new + self.duplicates + self.unchanged

    def summary(self) -> str:
        """``"read 120, new 100, duplicates 12, unchanged 5, rejected 3"``."""
        return (
            f"read {self.read}, new {self.new}, duplicates {self.duplicates},"
            f" unchanged {self.unchanged}, rejected {len(self.rejected)}"
        )


@dataclass(frozen=True)
class IngestProgress:
    """Handed to ``progress`` after each committed batch and each finished file."""

    file: str | None  # the file being read
    line: int | None  # the last line (record) of it that was committed
    file_lines: int | None  # lines in that file, when known (explicit files only)
    file_index: int  # 1-based position of the path among those given
    file_count: int
    report: IngestReport
    file_done: bool = False


ProgressFn = Callable[[IngestProgress], None]


# -- preparing records (pure: runs in worker processes) --------------------------------


class _Prepared(NamedTuple):
    """What the main process needs to store one record; plain values only (cheap to
    pickle between processes, unlike the pydantic models)."""

    content_key: str
    keys: tuple[str, ...]  # identity keys, in lookup order
    sources: tuple[tuple[Any, ...], ...]  # SourceRef.values() of each source
    new: NewPosting  # what to insert when it turns out to be new
    file: str | None
    line: int | None


class _Rejected(NamedTuple):
    file: str | None
    line: int | None
    reason: str


_RAW_FIELDS = tuple(RawPosting.model_fields)


def _raw_values(raw: RawPosting) -> tuple[Any, ...]:
    d = raw.__dict__
    return tuple(d[f] for f in _RAW_FIELDS)


def _sources(raw: RawPosting, posting: Posting) -> list[SourceRef]:
    site = posting.site or raw.site
    source_id = posting.source_id or raw.source_id
    first = SourceRef(
        url=posting.url or raw.url,
        site=site,
        source_id=source_id,
        file=raw.origin_file,
        line=raw.origin_line,
    )
    out = [first]
    for url in dict.fromkeys([*posting.urls, *raw.urls]):
        if url and url != first.url:
            out.append(SourceRef(url=url, site=site, source_id=source_id,
                                 file=raw.origin_file, line=raw.origin_line))  # fmt: skip
    return out


def _prepare(raw: RawPosting, *, sample: bool) -> _Prepared | _Rejected:
    """Run the pipeline on one record; keep what storing it needs, as plain values."""
    from .postings.pipeline import prepare

    try:
        done = prepare(raw, sample=sample)
    except (OtpathError, ValueError) as exc:
        return _Rejected(raw.origin_file, raw.origin_line, _reject_reason(exc))
    posting = done.posting
    return _Prepared(
        content_key="content:" + posting.id,
        keys=done.identity_keys,
        sources=tuple(s.values() for s in _sources(raw, posting)),
        new=new_posting(
            posting,
            title_norm=done.title_norm,
            signature=signature_blob(done.signature) if done.signature else None,
            bands=done.bands,
        ),
        file=raw.origin_file,
        line=raw.origin_line,
    )


def _prepare_chunk(rows: list[tuple[Any, ...]], sample: bool) -> list[_Prepared | _Rejected]:
    """Worker entry point: records as :func:`_raw_values` tuples (already validated by
    their reader, so rebuilt without validating again)."""
    out = []
    for values in rows:
        raw = RawPosting.model_construct(**dict(zip(_RAW_FIELDS, values, strict=True)))
        out.append(_prepare(raw, sample=sample))
    return out


def _prepare_lines(
    reader: Reader, file: str, shown: str, lines: list[Line], sample: bool
) -> tuple[list[_Prepared | _Rejected], list[tuple[str, str, int | None, str | None]]]:
    """Worker entry point for a file read a line at a time: the reader and the pipeline,
    on lines the ingesting process read. Returns the results in input order and the
    reader's errors (as plain values: a ReaderError does not pickle)."""
    errors: list[ReaderError] = []
    out: list[_Prepared | _Rejected] = []
    for line in lines:
        for raw in reader.read_line(line, file=file, errors=errors):
            if shown != file and raw.origin_file == file:
                raw.origin_file = shown
            out.append(_prepare(raw, sample=sample))
    return out, [(e.reason, e.file, e.line, e.hint) for e in errors]


def _reject_reason(exc: Exception) -> str:
    if isinstance(exc, OtpathError):
        return exc.message
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        return f"{field}: {err['msg']}" if field else err["msg"]
    return str(exc) or type(exc).__name__


# -- worker processes ------------------------------------------------------------------

#: Records a worker task carries.
CHUNK_SIZE = 200
#: Inputs with fewer records than this are prepared in-process: starting worker
#: processes would cost more than it saves.
POOL_MIN_RECORDS = 1000
#: A gzip file at least this large (compressed) holds more than POOL_MIN_RECORDS
#: postings of a few KB each.
GZIP_POOL_MIN_BYTES = 1024 * 1024
#: Records written per transaction by default (the setting ``ingest_batch_size``).
DEFAULT_BATCH_SIZE: int = default("ingest_batch_size")


def _init_worker() -> None:
    """Worker initializer. Ctrl-C is the ingesting process's to handle (it stops the
    pool); and a worker exits when that process dies (even by SIGKILL, which gives it
    no chance to stop its workers) instead of lingering forever."""
    import os
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="otpath-parent-watch", daemon=True).start()


class _Workers:
    """Prepares records in order: in-process for small inputs, else in a process pool.

    The pool (``workers`` processes, started on first need and shared by every file of
    an ingest) receives chunks of :data:`CHUNK_SIZE` records; at most ``2 * workers``
    chunks are in flight, so memory stays constant however large the input.
    """

    def __init__(self, workers: int | None) -> None:
        import os

        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._pool: Any = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers, initializer=_init_worker)
        return self._pool

    def pooled(self, expected: int | None) -> bool:
        """Whether an input of ``expected`` records (when known) goes to the pool from its start."""
        return self.workers > 1 and (expected or 0) >= POOL_MIN_RECORDS

    def prepare(
        self,
        records: Iterable[RawPosting],
        *,
        sample: bool,
        step: int,
        expected: int | None = None,
    ) -> Iterator[list[_Prepared | _Rejected]]:
        """Yield the results of ``records``, a list at a time, in input order.

        In-process, ``step`` records at a time (never more than one batch read ahead);
        the pool takes over once the input has proved large (``expected`` records, when
        known, or :data:`POOL_MIN_RECORDS` read so far).
        """
        it = iter(records)
        use_pool = self.pooled(expected)
        seen = 0
        while not use_pool:
            want = step if self.workers == 1 else min(step, POOL_MIN_RECORDS - seen)
            chunk = list(islice(it, max(1, want)))
            if not chunk:
                return
            seen += len(chunk)
            yield [_prepare(raw, sample=sample) for raw in chunk]
            use_pool = self.workers > 1 and seen >= POOL_MIN_RECORDS
        yield from self._pooled(it, sample=sample)

    def prepare_lines(
        self,
        reader: Reader,
        lines: Iterator[Line],
        *,
        file: str,
        shown: str,
        sample: bool,
        errors: list[ReaderError],
    ) -> Iterator[list[_Prepared | _Rejected]]:
        """Like :meth:`prepare`, for a file whose lines the workers read themselves
        (:meth:`Reader.read_line`): this process only reads lines and writes the
        store. The reader's errors are added to ``errors`` with each list of results."""
        pool = self._start()
        tasks = (
            (_prepare_lines, reader, file, shown, chunk, sample)
            for chunk in iter(lambda: list(islice(lines, CHUNK_SIZE)), [])
        )
        for results, found in self._in_order(pool, tasks):
            errors.extend(ReaderError(reason, file=f, line=n, hint=hint) for reason, f, n, hint in found)
            yield results

    def _in_order(self, pool: Any, tasks: Iterator[tuple[Any, ...]]) -> Iterator[Any]:
        """The results of ``tasks`` (a function and its arguments) in order, at most
        ``2 * workers`` in flight."""
        from collections import deque

        pending: deque[Any] = deque()
        limit = 2 * self.workers
        try:
            while True:
                while len(pending) < limit:
                    task = next(tasks, None)
                    if task is None:
                        break
                    pending.append(pool.submit(*task))
                if not pending:
                    return
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def _pooled(
        self, it: Iterator[RawPosting], *, sample: bool
    ) -> Iterator[list[_Prepared | _Rejected]]:
        pool = self._start()
        tasks = (
            (_prepare_chunk, chunk, sample)
            for chunk in iter(lambda: [_raw_values(r) for r in islice(it, CHUNK_SIZE)], [])
        )
        yield from self._in_order(pool, tasks)


# -- the MinHash scheme of the store's signatures -------------------------------------


def _claim_minhash_scheme(store: Store) -> None:
    """Make sure the signatures ingest adds can be compared with those stored.

    A store without signatures is claimed for the current scheme; one whose
    signatures another scheme made (an older otpath) is refused before anything is
    read, with the command that fixes it.
    """
    from .postings.minhash import SCHEME

    found = store.minhash_scheme()
    if found == SCHEME:
        return
    with store.transaction():
        found = store.minhash_scheme()
        count = store.count_signatures()
        if found is None and count == 0:
            store.set_minhash_scheme(SCHEME)
            return
    where = f" --db {store.path}" if store.path else ""
    raise StoreError(
        f"the near-duplicate signatures of the {count:,} posting{'s' if count != 1 else ''}"
        " in this store were made"
        f" by another MinHash scheme ({found or 'not recorded'}) than this otpath uses"
        f" ({SCHEME}), so new postings cannot be compared with them",
        hint=f"run 'otpath resign{where}' once (it recomputes them from the stored"
        " descriptions), then run this again",
    )


def resign(
    store: Store,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute every stored signature and its LSH bands with the current scheme.

    For a store whose signatures an older otpath made (ingest refuses it until then).
    The first transaction empties the bands (and marks a store of the current scheme
    as being re-signed); each batch of ``batch_size`` postings is then its own
    transaction and the new scheme is recorded with the last one, so an interrupted
    run leaves the store refused by ingest, and running it again starts over. ``progress(done, total)`` is called
    after each batch. Returns the number of signatures recomputed.
    """
    from .postings.minhash import SCHEME
    from .postings.pipeline import sign

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    total = store.count_signatures()
    done = 0
    last = 0
    with store.transaction():
        store.clear_bands()  # every band changes with the scheme
        if store.minhash_scheme() == SCHEME:  # ingest must refuse the store until the end
            store.set_minhash_scheme(f"{SCHEME}, re-signing interrupted")
    while True:
        rows = store.signed_descriptions(after_seq=last, limit=batch_size)
        updates: list[tuple[int, bytes, tuple[int, ...]]] = []
        for seq, title_norm, text in rows:
            sig, bands = sign(text)
            if sig is None:  # pragma: no cover - a stored signature means a description
                raise StoreError(f"posting {seq} has a signature but no description")
            updates.append((seq, signature_blob(sig), tuple(band_key(b, title_norm) for b in bands)))
        with store.transaction():
            store.replace_signatures(updates)
            if len(rows) < batch_size:
                store.set_minhash_scheme(SCHEME)
        done += len(rows)
        if progress is not None:
            progress(done, total)
        if len(rows) < batch_size:
            return done
        last = rows[-1][0]


# -- the rules that gave the stored answers -------------------------------------------


def _claim_rules(store: Store) -> None:
    """Record that this otpath's rules classify what the ingest adds.

    If the store holds postings classified by other rules (another otpath's, or unknown:
    a store from before this was kept), the last of them is recorded first
    (:meth:`~otpath.store.Store.stale_through`): they keep their older answers until
    ``otpath reclassify`` runs, every listing says how many they are
    (:func:`stale_rules`), and the postings added from now on are not counted among them."""
    from .rules import fingerprint

    rules = fingerprint()
    if store.rules_fingerprint() == rules or store.read_only:
        return
    with store.transaction():
        if store.rules_fingerprint() == rules:
            return
        store.set_stale_through(store.last_seq())
        store.set_rules_fingerprint(rules)


def stale_rules(store: Store) -> int:
    """How many stored postings were classified by other rules than this otpath's (0:
    none, or an empty store): ``otpath reclassify`` brings them up to date."""
    from .rules import fingerprint

    if store.rules_fingerprint() != fingerprint():
        return store.count_postings()
    through = store.stale_through()
    return 0 if through is None else store.count_postings(through=through)


def stale_note(count: int) -> str:
    """What listings say when :func:`stale_rules` counts ``count`` postings.

    >>> stale_note(1)
    '1 stored posting was classified by an older otpath: run `otpath reclassify` to update its answers.'
    """
    were = "postings were" if count != 1 else "posting was"
    its = "their" if count != 1 else "its"
    return f"{count:,} stored {were} classified by an older otpath: run `otpath reclassify` to update {its} answers."


class ReclassifyReport(BaseModel):
    """What ``otpath reclassify`` changed."""

    postings: int = 0
    changed: int = 0  # postings with any answer below changed
    relevance: int = 0  # relevant <-> unrelated
    family: int = 0
    role: int = 0
    remote: int = 0
    credentials: int = 0
    years: int = 0
    failed: int = 0  # postings whose stored record no longer goes through the pipeline
    failed_ids: list[str] = Field(default_factory=list)  # the first MAX_LISTED of them


def reclassify(
    store: Store,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> ReclassifyReport:
    """Run the pipeline again on every stored posting and store its new answers.

    For a store classified by older rules (:func:`stale_rules`): families, roles,
    relevance, requirements and pay are recomputed from the stored text and what the
    source said besides it (:func:`otpath.postings.pipeline.raw_from_stored`); ids,
    sources, duplicates and signatures stay. Each batch is its own transaction and the
    current rules are recorded with the last one, so an interrupted run leaves the
    store marked as stale and running it again redoes everything (the result is the
    same). ``progress(done, total)`` is called after each batch.
    """
    from .postings.pipeline import process, raw_from_stored
    from .rules import fingerprint

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    rules = fingerprint()
    report = ReclassifyReport()
    total = store.count_postings()
    last = 0
    while True:
        rows = store.postings_to_reclassify(after_seq=last, limit=batch_size)
        updates: list[tuple[int, Posting, str]] = []
        for row in rows:
            try:
                posting = process(raw_from_stored(row), sample=False)
            except (ValueError, TypeError):
                # a record this otpath cannot read again (written by another version, or
                # edited by hand): its answers stay as they are, and the report names it
                report.failed += 1
                if len(report.failed_ids) < MAX_LISTED:
                    report.failed_ids.append(str(row["id"]))
                continue
            updates.append((int(row["seq"]), posting, row["description_text"]))
            _count_changes(report, row, posting)
        with store.transaction():
            store.update_answers(updates)
            if len(rows) < batch_size:
                store.set_rules_fingerprint(rules)
                store.set_stale_through(None)
        report.postings += len(rows)
        if progress is not None:
            progress(report.postings, total)
        if len(rows) < batch_size:
            return report
        last = int(rows[-1]["seq"])


def _count_changes(report: ReclassifyReport, row: dict[str, Any], posting: Posting) -> None:
    cls, req = posting.classification, posting.requirements
    changes = {
        "relevance": (row["family"] == "unrelated") != (cls.family == "unrelated"),
        "family": row["family"] != cls.family,
        "role": row["role"] != cls.role,
        "remote": row["remote"] != req.remote,
        "credentials": list(row["credentials"] or []) != list(req.credentials),
        "years": row["years_min"] != req.years_min,
    }
    for name, changed in changes.items():
        if changed:
            setattr(report, name, getattr(report, name) + 1)
    if any(changes.values()):
        report.changed += 1


# -- storing a batch (main process) ----------------------------------------------------


# A near-duplicate candidate: (seq, cluster id, normalised title, signature BLOB).
_Candidate = tuple[int, str, str, bytes]


def _near_duplicate(
    item: _Prepared, by_band: dict[int, list[_Candidate]], limit: int = 20
) -> str | None:
    """The cluster of the first of the (at most ``limit``) same-title postings sharing
    most bands with ``item`` whose signature is similar enough, else ``None``."""
    new = item.new
    assert new.signature is not None
    lists = [by_band[b] for b in new.bands if b in by_band]
    if not lists:
        return None
    shared: dict[int, int] = {}
    found: dict[int, _Candidate] = {}
    for candidates in lists:
        for c in candidates:
            if c[2] == new.title_norm:
                shared[c[0]] = shared.get(c[0], 0) + 1
                found[c[0]] = c
    for seq in sorted(shared, key=lambda s: (-shared[s], s))[:limit]:
        if signature_similarity(new.signature, found[seq][3]) >= NEAR_DUPLICATE_JACCARD:
            return found[seq][1]
    return None


def _store_batch(
    store: Store, items: Sequence[_Prepared], now: str, clusters: list[str] | None = None
) -> list[Outcome]:
    """Store ``items`` (inside the caller's transaction); one outcome per item (and, in
    ``clusters``, the posting each item is now part of).

    Decisions are taken in input order against the store *and* the batch itself (a
    copy may follow its original in the same batch), from two look-ups for the whole
    batch; then everything is written with a few bulk statements.
    """
    known = store.clusters_for_keys(k for it in items for k in (it.content_key, *it.keys))
    # Bands only of records no stored key claims (a re-read file needs none).
    unclaimed = (it for it in items if not any(k in known for k in (it.content_key, *it.keys)))
    by_band: dict[int, list[_Candidate]] = {}
    for m in store.band_matches(b for it in unclaimed for b in it.new.bands):
        by_band.setdefault(m.band, []).append((m.seq, m.cluster_id, m.title_norm, m.signature))

    seq = store.next_seq()
    new_rows: list[tuple[int, NewPosting]] = []
    new_keys: list[tuple[str, str]] = []
    # Source writes in input order: bulk runs, and one by one for exact copies (whose
    # outcome, duplicate or unchanged, depends on whether a source was new).
    source_steps: list[tuple[int, str, tuple[tuple[Any, ...], ...]]] = []
    outcomes: list[Outcome] = []
    placed: list[str] = [] if clusters is None else clusters

    def claim(cluster: str, keys: Iterable[str]) -> None:
        for k in keys:
            if k not in known:  # a key already pointing elsewhere keeps its cluster
                known[k] = cluster
                new_keys.append((k, cluster))

    for item in items:
        cluster = known.get(item.content_key)
        if cluster is not None:  # the same content again
            source_steps.append((len(outcomes), cluster, item.sources))
            claim(cluster, item.keys)
            outcomes.append("unchanged")  # or "duplicate": decided when its sources are written
            placed.append(cluster)
            continue
        cluster = next((known[k] for k in item.keys if k in known), None)
        if cluster is None and item.new.signature is not None:
            cluster = _near_duplicate(item, by_band)
        if cluster is not None:
            source_steps.append((-1, cluster, item.sources))
            claim(cluster, (item.content_key, *item.keys))
            outcomes.append("duplicate")
            placed.append(cluster)
            continue
        new = item.new
        cluster = new.id
        new_rows.append((seq, new))
        if new.signature is not None:
            me = (seq, cluster, new.title_norm, new.signature)
            for band in new.bands:
                by_band.setdefault(band, []).append(me)
        seq += 1
        source_steps.append((-1, cluster, item.sources))
        claim(cluster, (item.content_key, *item.keys))
        outcomes.append("new")
        placed.append(cluster)

    store.insert_postings(new_rows, ingested_at=now)
    store.add_identity_key_pairs(new_keys)
    run: list[tuple[Any, ...]] = []
    for index, cluster, sources in source_steps:
        if index < 0:
            run.extend((cluster, *s, now) for s in sources)
            continue
        store.add_source_rows(run)
        run = []
        added = [store.add_source_values(cluster, s, added_at=now) for s in sources]
        outcomes[index] = "duplicate" if any(added) else "unchanged"
    store.add_source_rows(run)
    return outcomes


class _Batcher:
    """Writes prepared records, one transaction a batch; counts only what was committed."""

    def __init__(self, store: Store, report: IngestReport) -> None:
        self.store = store
        self.report = report
        self.last: tuple[str | None, int | None] | None = None
        self.stored = 0  # records stored (new, duplicate or unchanged) by this batcher

    def drain_errors(self, errors: list[ReaderError]) -> None:
        for err in errors:
            self.report.rejected.append(
                Rejection(file=err.file, line=err.line, reason=err.reason, hint=err.hint)
            )
        errors.clear()

    def write(
        self, items: Sequence[_Prepared | _Rejected], *, finish: Finish | None = None
    ) -> None:
        prepared = [it for it in items if isinstance(it, _Prepared)]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        clusters: list[str] = []
        with self.store.transaction():
            outcomes = _store_batch(self.store, prepared, now, clusters)
            if finish is not None:
                finish(self.store, self.stored + len(outcomes))
        self.stored += len(outcomes)
        self._list(prepared, outcomes, clusters)
        self.report.read += len(items)
        self.report.new += outcomes.count("new")
        self.report.duplicates += outcomes.count("duplicate")
        self.report.unchanged += outcomes.count("unchanged")
        self.report.rejected.extend(
            Rejection(file=it.file, line=it.line, reason=it.reason)
            for it in items
            if isinstance(it, _Rejected)
        )
        if items:
            self.last = (items[-1].file, items[-1].line)

    def _list(
        self, items: Sequence[_Prepared], outcomes: Sequence[Outcome], clusters: Sequence[str]
    ) -> None:
        """Add the first :data:`MAX_LISTED` stored records to ``report.postings``."""
        listed = self.report.postings
        for item, outcome, cluster in zip(items, outcomes, clusters, strict=True):
            if len(listed) >= MAX_LISTED:
                self.report.postings_truncated = True
                return
            listed.append(IngestedPosting(id=cluster, outcome=outcome, file=item.file, line=item.line))


#: ``finish(store, stored)`` runs inside the last batch's transaction; ``stored``: how
#: many records of this input were stored (new, duplicate or unchanged), that batch's too.
Finish = Callable[[Store, int], None]
#: ``on_batch(file, line, report)`` after each committed batch: the last record written.
OnBatch = Callable[[str | None, int | None, IngestReport], None]


def _file_digest(path: Path) -> tuple[str, int, int]:
    """sha256, size and number of lines of ``path``, read in 1 MiB chunks."""
    h = hashlib.sha256()
    size = lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
    return h.hexdigest(), size, lines


def _ingest(
    store: Store,
    records: Iterable[RawPosting] | None,
    workers: _Workers,
    *,
    sample: bool,
    batch_size: int,
    report: IngestReport,
    errors: list[ReaderError],
    on_batch: OnBatch | None,
    finish: Finish | None,
    expected: int | None = None,
    prepared: Iterator[list[_Prepared | _Rejected]] | None = None,
) -> None:
    """Write the results of ``records`` (or the ``prepared`` ones), a batch at a time."""
    batcher = _Batcher(store, report)
    pending: list[_Prepared | _Rejected] = []
    if prepared is None:
        assert records is not None
        prepared = workers.prepare(records, sample=sample, step=batch_size, expected=expected)
    for results in prepared:
        pending.extend(results)
        while len(pending) >= batch_size:
            batcher.write(pending[:batch_size])
            del pending[:batch_size]
            batcher.drain_errors(errors)
            if on_batch is not None:
                on_batch(*(batcher.last or (None, None)), report)
    batcher.write(pending, finish=finish)
    batcher.drain_errors(errors)
    if on_batch is not None:
        on_batch(*(batcher.last if pending and batcher.last else (None, None)), report)


def ingest_records(
    store: Store,
    records: Iterable[RawPosting],
    *,
    sample: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    report: IngestReport | None = None,
    errors: list[ReaderError] | None = None,
    on_batch: OnBatch | None = None,
    finish: Callable[[Store], None] | None = None,
) -> IngestReport:
    """Ingest already-read records (see :func:`ingest_paths` for the rules).

    ``errors`` is the reader's error list: it is drained into ``report.rejected``
    after every batch. ``finish`` runs inside the last batch's transaction.
    ``workers`` as for :func:`ingest_paths`.
    """
    done: Finish | None = None
    if finish is not None:
        user_finish = finish

        def done(store: Store, stored: int) -> None:
            user_finish(store)

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = report if report is not None else IngestReport()
    _claim_minhash_scheme(store)
    _claim_rules(store)
    with _Workers(workers) as pool, store.bulk_writes():
        _ingest(
            store, records, pool, sample=sample, batch_size=batch_size, report=report,
            errors=errors if errors is not None else [], on_batch=on_batch, finish=done,
        )  # fmt: skip
    return report


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
    sample: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    skip_completed: bool = True,
    names: Mapping[Path, str] | None = None,
    follow_symlinks: bool = False,
) -> IngestReport:
    """Read postings files (or folders of them) into ``store``.

    Returns counts of records read, new, duplicates, unchanged and the rejected
    records with file, line and reason. Bad records never stop the ingest; a
    path that does not exist, an unknown format or mapping field raise
    :class:`~otpath.errors.SourceError` before anything is written.

    Every file (a folder's files too) is recorded as ingested, by its sha256, in
    the transaction of its last batch -- but only when at least one of its records
    was stored: a file that was empty or wholly rejected is listed in
    ``report.unfinished_files`` and read again next time, with the same errors.
    With ``skip_completed`` (and neither ``format`` nor ``mapping``), a file whose
    sha256 matches one recorded is skipped whole and listed in
    ``report.skipped_files``.

    The pipeline runs in ``workers`` processes (default: one per CPU) while this
    process reads the files and writes the store; ``workers=1``, and any input of
    fewer than :data:`POOL_MIN_RECORDS` records, stay in this process. Results are
    written in input order, so the outcome never depends on ``workers``.

    ``names`` maps an input file to the name to record for it instead of its path
    (as its postings' source file, in the report and among completed files): the
    web app saves an upload under a temporary name the user never saw.
    ``follow_symlinks`` reads links that point out of a folder being read (they
    are skipped, with a note, by default).
    """
    from .postings.sources import input_lines, plan_inputs, read_input
    from .postings.sources._io import is_gzip

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    given = [Path(p) for p in paths]
    if not given:
        raise SourceError("no input given", hint="pass one or more postings files or folders")
    report = IngestReport()
    plan = plan_inputs(
        given, format=format, mapping=mapping, follow_symlinks=follow_symlinks,
        notes=report.notes,
    )  # fmt: skip
    _claim_minhash_scheme(store)
    _claim_rules(store)
    named = {Path(k): v for k, v in (names or {}).items()}
    with _Workers(workers) as pool, store.bulk_writes():
        for index, item in enumerate(plan, start=1):
            path = item.path
            shown = named.get(path) or str(path)
            digest = _file_digest(path)
            file_lines = None if is_gzip(path) else digest[2]
            # A compressed file's lines are unknown until read; its size says whether it
            # is large enough for the pool from the first record (so this process never
            # builds the pipeline's compiled rules, about 50 MB, for a big ingest).
            expected = file_lines if file_lines is not None else (
                POOL_MIN_RECORDS if digest[1] >= GZIP_POOL_MIN_BYTES else None
            )
            if skip_completed and format is None and not mapping and store.file_completed(digest[0]):
                report.skipped_files.append(shown)
                continue
            report.files.append(shown)

            errors: list[ReaderError] = []
            records: Iterator[RawPosting] | None = None
            prepared: Iterator[list[_Prepared | _Rejected]] | None = None
            split = input_lines(item, errors=errors) if pool.pooled(expected) else None
            if split is not None:
                # The workers parse the lines too: this process reads lines and writes.
                prepared = pool.prepare_lines(
                    split[0], split[1], file=str(path), shown=shown, sample=sample, errors=errors
                )
            else:
                records = read_input(item, errors=errors, notes=report.notes)
                if shown != str(path):
                    records = _renamed(records, str(path), shown)
            stored_any = False

            def finish(s: Store, stored: int, digest: Any = digest, shown: str = shown) -> None:
                nonlocal stored_any
                stored_any = stored > 0
                if stored_any:  # an empty or wholly rejected file is read again next time
                    s.mark_file_completed(path=shown, sha256=digest[0], size=digest[1])

            def on_batch(
                file: str | None,
                line: int | None,
                rep: IngestReport,
                shown: str = shown,
                index: int = index,
                file_lines: int | None = file_lines,
            ) -> None:
                if progress is not None:
                    progress(
                        IngestProgress(
                            file=file or shown,
                            line=line,
                            file_lines=file_lines,
                            file_index=index,
                            file_count=len(plan),
                            report=rep,
                        )
                    )

            _ingest(
                store, records, pool, sample=sample, batch_size=batch_size, report=report,
                errors=errors, on_batch=on_batch, finish=finish, expected=expected,
                prepared=prepared,
            )  # fmt: skip
            if not stored_any:
                report.unfinished_files.append(shown)
            if progress is not None:
                progress(
                    IngestProgress(
                        file=shown, line=None, file_lines=file_lines,
                        file_index=index, file_count=len(plan), report=report, file_done=True,
                    )
                )  # fmt: skip
    for path, shown in named.items():  # reader errors and notes name the file they read
        for r in report.rejected:
            if r.file == str(path):
                r.file = shown
        report.notes = [n.replace(str(path), shown) for n in report.notes]
    # reader errors and pipeline rejections arrive separately: show them in file order
    order = {name: i for i, name in enumerate(report.files)}
    report.rejected.sort(key=lambda r: (order.get(r.file or "", len(order)), r.file or "", r.line or 0))
    return report


def _renamed(records: Iterator[RawPosting], path: str, name: str) -> Iterator[RawPosting]:
    for raw in records:
        if raw.origin_file == path:
            raw.origin_file = name
        yield raw


# -- fetching with JobSpy (extra otpath[fetch]) ----------------------------------------

ScrapeFn = Callable[..., Any]


def _load_scrape_jobs() -> ScrapeFn:
    try:
        from jobspy import scrape_jobs
    except ImportError:
        raise SourceError(
            "fetch needs JobSpy, which is not installed: pip install 'otpath[fetch]'",
            hint="or scrape elsewhere and run 'otpath ingest' on the saved CSV",
        ) from None
    return scrape_jobs  # type: ignore[no-any-return,unused-ignore]


def fetch_jobspy(
    out: str | Path,
    *,
    term: str,
    sites: Sequence[str] = ("indeed", "linkedin"),
    remote: bool = False,
    hours_old: int | None = 72,
    location: str | None = None,
    results: int = 20,
    country: str = "US",
    scrape: ScrapeFn | None = None,
) -> int:
    """Run JobSpy's ``scrape_jobs`` and save its rows as CSV at ``out``; returns the row count.

    ``country`` (ISO code) picks Indeed's and Glassdoor's national site, and leaves out
    ZipRecruiter outside the US and Canada.

    ``scrape`` replaces ``jobspy.scrape_jobs`` (tests pass a fake returning recorded
    rows; no network). It may return a pandas DataFrame or a list of dicts. Nothing
    is written when there are no rows.
    """
    scrape = scrape or _load_scrape_jobs()
    from .postings.sources.jobspy import JOBSPY_COUNTRY, jobspy_sites

    if country.upper() not in JOBSPY_COUNTRY:
        raise SourceError(
            f"--country {country!r}: otpath searches job boards in {', '.join(JOBSPY_COUNTRY)}",
            hint="give one of those country codes",
        )
    kwargs: dict[str, Any] = {
        "site_name": jobspy_sites(sites, country),
        "search_term": term,
        "location": location,
        "is_remote": remote,
        "hours_old": hours_old,
        "results_wanted": results,
        "country_indeed": JOBSPY_COUNTRY.get(country.upper(), "usa"),
        "description_format": "markdown",
        "linkedin_fetch_description": True,
        "verbose": 0,
    }
    try:
        frame = scrape(**kwargs)
    except Exception as exc:  # third-party network code: report it, with a hint
        raise SourceError(
            f"JobSpy failed: {type(exc).__name__}: {exc}",
            hint="job boards often block scrapers; try fewer --results, another --site, or later",
        ) from exc
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    if hasattr(frame, "to_csv"):
        rows = len(frame)
        if rows == 0:
            return 0
        frame.to_csv(tmp, index=False)
    else:
        import csv

        from .postings.sources.jobspy import JOBSPY_COLUMNS

        records = [dict(r) for r in (frame or [])]
        rows = len(records)
        if rows == 0:
            return 0
        extra = [k for r in records for k in r if k not in JOBSPY_COLUMNS]
        columns = [*JOBSPY_COLUMNS, *dict.fromkeys(extra)]
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for r in records:
                writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
    tmp.replace(out)
    return rows
