"""Ingest: the only place where readers, pipeline and store meet.

    report = ingest_paths(store, ["saved/jobs.csv"])
    report.read, report.new, report.duplicates, report.unchanged, report.rejected

For every record a reader yields:

1. the pipeline turns it into a :class:`~otpath.postings.models.Posting`
   (``posting.id`` is a content key: the same text gives the same id);
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
constant: the input is streamed and only one batch is held at a time.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .errors import OtpathError, ReaderError, SourceError
from .postings.models import Posting, RawPosting
from .store import SourceRef, Store

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "IngestProgress",
    "IngestReport",
    "Rejection",
    "fetch_jobspy",
    "ingest_paths",
    "ingest_records",
]

#: Estimated Jaccard similarity of two descriptions (same normalised title) that
#: makes them one job.
NEAR_DUPLICATE_JACCARD = 0.8

Outcome = Literal["new", "duplicate", "unchanged"]


class Rejection(BaseModel):
    """A record that was not stored, and why."""

    file: str | None = None
    line: int | None = None
    reason: str

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


class IngestReport(BaseModel):
    read: int = 0  # records the readers produced
    new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)  # files read (explicit paths)
    skipped_files: list[str] = Field(default_factory=list)  # already ingested, same sha256
    notes: list[str] = Field(default_factory=list)

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


# -- pipeline adapters -----------------------------------------------------------------


def _process(raw: RawPosting, *, sample: bool) -> Posting:
    from .postings.pipeline import process

    return process(raw, sample=sample)


def _identity_keys(raw: RawPosting) -> list[str]:
    from .postings.pipeline.dedupe import identity_keys

    return [str(k) for k in identity_keys(raw)]


def _signature(text: str) -> tuple[bytes, list[str]] | None:
    """The description's minhash signature as a compact BLOB, and its LSH bands."""
    if not text.strip():
        return None
    from .postings.pipeline.dedupe import lsh_bands, minhash_signature

    sig = minhash_signature(text)
    if not sig:
        return None
    return _blob(sig), [str(b) for b in lsh_bands(sig)]


def _blob(sig: Sequence[int]) -> bytes:
    """``b"I"`` + uint32 values (``b"Q"`` + uint64 when a value needs 64 bits)."""
    code = "I" if max(sig) < 2**32 and min(sig) >= 0 else "Q"
    arr = array(code, (int(x) % 2**64 for x in sig))
    if arr.itemsize != (4 if code == "I" else 8):  # pragma: no cover - exotic platforms
        raise OtpathError(f"array('{code}') has an unexpected size on this platform")
    return code.encode("ascii") + arr.tobytes()


def _unblob(blob: bytes) -> list[int]:
    arr = array(blob[:1].decode("ascii"))
    arr.frombytes(blob[1:])
    return arr.tolist()


def _similarity(a: bytes, b: bytes) -> float:
    from .postings.pipeline.dedupe import jaccard_estimate

    sa, sb = _unblob(a), _unblob(b)
    if len(sa) != len(sb):
        return 0.0  # signatures from another minhash setting: not comparable
    return float(jaccard_estimate(sa, sb))


def _title_norm(title: str) -> str:
    from .postings.pipeline.normalize import title_key

    return title_key(title)


# -- the ingest loop -------------------------------------------------------------------


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


def _store_one(store: Store, raw: RawPosting, posting: Posting, now: str) -> Outcome:
    content_key = "content:" + posting.id
    sources = _sources(raw, posting)
    keys = _identity_keys(raw)

    cluster = store.find_cluster([content_key])
    if cluster is not None:
        added = [store.add_source(cluster, s, added_at=now) for s in sources]
        store.add_identity_keys(cluster, keys)
        return "duplicate" if any(added) else "unchanged"

    title_norm = _title_norm(posting.title)
    sig = _signature(posting.description_text)
    cluster = store.find_cluster(keys)
    if cluster is None and sig is not None:
        blob, bands = sig
        for cand in store.near_duplicate_candidates(bands, title_norm=title_norm):
            if _similarity(blob, cand.signature) >= NEAR_DUPLICATE_JACCARD:
                cluster = cand.cluster_id
                break
    if cluster is not None:
        for s in sources:
            store.add_source(cluster, s, added_at=now)
        store.add_identity_keys(cluster, [content_key, *keys])
        return "duplicate"

    store.insert_posting(
        posting,
        title_norm=title_norm,
        signature=sig[0] if sig else None,
        bands=sig[1] if sig else (),
        keys=[content_key, *keys],
        sources=sources,
        ingested_at=now,
    )
    return "new"


def _reject_reason(exc: Exception) -> str:
    if isinstance(exc, OtpathError):
        return exc.message
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        return f"{field}: {err['msg']}" if field else err["msg"]
    return str(exc) or type(exc).__name__


class _Batcher:
    def __init__(self, store: Store, report: IngestReport, *, sample: bool) -> None:
        self.store = store
        self.report = report
        self.sample = sample

    def drain_errors(self, errors: list[ReaderError]) -> None:
        for err in errors:
            self.report.rejected.append(Rejection(file=err.file, line=err.line, reason=err.reason))
        errors.clear()

    def write(
        self, batch: Sequence[RawPosting], *, finish: Callable[[Store], None] | None = None
    ) -> None:
        # The pipeline is pure: run it before taking the write lock.
        processed: list[tuple[RawPosting, Posting]] = []
        rejected: list[Rejection] = []
        for raw in batch:
            try:
                # a record may mark itself as sample data (JSONL "sample": true)
                sample = self.sample or raw.raw.get("sample") is True
                processed.append((raw, _process(raw, sample=sample)))
            except (OtpathError, ValueError) as exc:
                rejected.append(
                    Rejection(
                        file=raw.origin_file, line=raw.origin_line, reason=_reject_reason(exc)
                    )
                )
        counts = {"new": 0, "duplicate": 0, "unchanged": 0}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.store.transaction():
            for raw, posting in processed:
                counts[_store_one(self.store, raw, posting, now)] += 1
            if finish is not None:
                finish(self.store)
        # Count only what was committed.
        self.report.new += counts["new"]
        self.report.duplicates += counts["duplicate"]
        self.report.unchanged += counts["unchanged"]
        self.report.rejected.extend(rejected)


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


def ingest_records(
    store: Store,
    records: Iterable[RawPosting],
    *,
    sample: bool = False,
    batch_size: int = 500,
    report: IngestReport | None = None,
    errors: list[ReaderError] | None = None,
    on_batch: Callable[[RawPosting | None, IngestReport], None] | None = None,
    finish: Callable[[Store], None] | None = None,
) -> IngestReport:
    """Ingest already-read records (see :func:`ingest_paths` for the rules).

    ``errors`` is the reader's error list: it is drained into ``report.rejected``
    after every batch. ``finish`` runs inside the last batch's transaction.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = report if report is not None else IngestReport()
    errors = errors if errors is not None else []
    batcher = _Batcher(store, report, sample=sample)
    batch: list[RawPosting] = []
    for raw in records:
        report.read += 1
        batch.append(raw)
        if len(batch) >= batch_size:
            batcher.write(batch)
            batcher.drain_errors(errors)
            if on_batch is not None:
                on_batch(batch[-1], report)
            batch = []
    batcher.write(batch, finish=finish)
    batcher.drain_errors(errors)
    if on_batch is not None:
        on_batch(batch[-1] if batch else None, report)
    return report


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
    sample: bool = False,
    batch_size: int = 500,
    progress: ProgressFn | None = None,
    skip_completed: bool = True,
) -> IngestReport:
    """Read postings files (or folders of them) into ``store``.

    Returns counts of records read, new, duplicates, unchanged and the rejected
    records with file, line and reason. Bad records never stop the ingest; a
    path that does not exist, an unknown format or mapping field raise
    :class:`~otpath.errors.SourceError` before anything is written.

    With ``skip_completed`` (and neither ``format`` nor ``mapping``), a file whose
    sha256 matches one already ingested to its end is skipped whole and listed in
    ``report.skipped_files``.
    """
    from .postings.sources import iter_postings

    plan = [Path(p) for p in paths]
    if not plan:
        raise SourceError("no input given", hint="pass one or more postings files or folders")
    for path in plan:
        if not path.exists():
            raise SourceError(
                f"no such file or folder: {path}",
                hint="give a postings file (CSV, JSONL, JSON, HTML) or a folder of them",
            )
    report = IngestReport()
    for index, path in enumerate(plan, start=1):
        digest: tuple[str, int, int] | None = None
        if path.is_file():
            digest = _file_digest(path)
            if (
                skip_completed
                and format is None
                and not mapping
                and store.file_completed(digest[0])
            ):
                report.skipped_files.append(str(path))
                continue
            report.files.append(str(path))

        errors: list[ReaderError] = []
        records = iter_postings(
            [path], format=format, errors=errors, mapping=mapping, notes=report.notes
        )

        def finish(s: Store, path: Path = path, digest: Any = digest) -> None:
            if digest is not None:
                s.mark_file_completed(path=str(path), sha256=digest[0], size=digest[1])

        def on_batch(
            last: RawPosting | None,
            rep: IngestReport,
            path: Path = path,
            index: int = index,
            digest: Any = digest,
        ) -> None:
            if progress is not None:
                progress(
                    IngestProgress(
                        file=(last.origin_file if last is not None else None) or str(path),
                        line=last.origin_line if last is not None else None,
                        file_lines=digest[2] if digest else None,
                        file_index=index,
                        file_count=len(plan),
                        report=rep,
                    )
                )

        ingest_records(
            store,
            records,
            sample=sample,
            batch_size=batch_size,
            report=report,
            errors=errors,
            on_batch=on_batch,
            finish=finish,
        )
        if progress is not None:
            progress(
                IngestProgress(
                    file=str(path), line=None, file_lines=digest[2] if digest else None,
                    file_index=index, file_count=len(plan), report=report, file_done=True,
                )
            )  # fmt: skip
    # reader errors and pipeline rejections arrive separately: show them in file order
    report.rejected.sort(key=lambda r: (r.file or "", r.line or 0))
    return report


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
    scrape: ScrapeFn | None = None,
) -> int:
    """Run JobSpy's ``scrape_jobs`` and save its rows as CSV at ``out``; returns the row count.

    ``scrape`` replaces ``jobspy.scrape_jobs`` (tests pass a fake returning recorded
    rows; no network). It may return a pandas DataFrame or a list of dicts. Nothing
    is written when there are no rows.
    """
    scrape = scrape or _load_scrape_jobs()
    kwargs: dict[str, Any] = {
        "site_name": list(sites),
        "search_term": term,
        "location": location,
        "is_remote": remote,
        "hours_old": hours_old,
        "results_wanted": results,
        "country_indeed": "usa",
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
