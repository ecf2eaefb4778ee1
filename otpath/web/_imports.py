"""Imports that run after the upload's request has answered, so the page can show progress.

A large file takes a while to ingest. The upload form's POST saves the file, hands
the ingest to :class:`ImportJobs` (one import at a time, in a background thread) and
answers ``303`` to ``/import/jobs/{id}``. That page reloads itself every second
(``<meta http-equiv="refresh">``: no JavaScript) while the job runs, showing lines
read of the file's total, and lists what was stored when it is done.

Jobs live in memory only (the last :data:`KEEP_JOBS` of them); their ids are random,
so one browser cannot guess another's. The uploaded file sits in a private temporary
folder until its job ends, then is deleted with it.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import OtpathError
from ..ingest import IngestProgress, IngestReport

__all__ = ["KEEP_JOBS", "ImportJob", "ImportJobs"]

#: How many finished jobs are remembered (older ones' pages answer 404).
KEEP_JOBS = 20

State = Literal["queued", "running", "done", "failed"]


@dataclass
class ImportJob:
    """One import: what it is reading, how far it got, and its report when done."""

    id: str
    file: str  # the name the person uploaded (display only)
    size: int
    folder: Path  # private temporary folder holding the upload
    state: State = "queued"
    lines_total: int | None = None
    lines_done: int = 0
    records_read: int = 0
    report: IngestReport | None = None
    summary: dict[str, Any] | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    #: computed once per profile when the page lists the stored postings with verdicts
    listings: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        if not self.lines_total:
            return 0
        return max(0, min(99, round(100 * self.lines_done / self.lines_total)))

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def on_progress(self, p: IngestProgress) -> None:
        """The ingest's progress callback (runs in the import thread)."""
        self.state = "running"
        if p.file_lines:
            self.lines_total = p.file_lines
        done = p.file_lines if p.file_done else p.line
        if done:
            self.lines_done = max(self.lines_done, int(done))
        self.records_read = p.report.read


class ImportJobs:
    """A one-thread queue of import jobs and the memory of the last few."""

    def __init__(self, *, keep: int = KEEP_JOBS) -> None:
        self.keep = keep
        self._jobs: OrderedDict[str, ImportJob] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def new_folder(self) -> Path:
        """A private temporary folder for an upload that a job will read."""
        return Path(tempfile.mkdtemp(prefix="otpath-import-"))

    def start(
        self,
        run: Callable[[ImportJob], tuple[IngestReport, dict[str, Any]]],
        *,
        file: str,
        size: int,
        folder: Path,
    ) -> ImportJob:
        """Queue ``run(job)``; it returns the report and the summary to show."""
        job = ImportJob(id=secrets.token_urlsafe(12), file=file, size=size, folder=folder)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                old_id = next(iter(self._jobs))
                if self._jobs[old_id].state in ("queued", "running"):
                    break  # never forget a job that is still working
                del self._jobs[old_id]
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="otpath-import")
            pool = self._pool
        pool.submit(self._run, job, run)
        return job

    def _run(
        self, job: ImportJob, run: Callable[[ImportJob], tuple[IngestReport, dict[str, Any]]]
    ) -> None:
        job.state = "running"
        try:
            job.report, job.summary = run(job)
            job.state = "done"
        except OtpathError as exc:
            job.error = str(exc)
            job.state = "failed"
        except Exception as exc:  # an unexpected failure still ends the job, visibly
            import logging

            logging.getLogger("otpath.web").exception("import %s failed", job.id)
            job.error = f"The import stopped on an unexpected error ({type(exc).__name__})."
            job.state = "failed"
        finally:
            job.finished = time.monotonic()
            shutil.rmtree(job.folder, ignore_errors=True)

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
