"""Getting postings in (and sample postings out): the import pages.

=========================  ==================================================
``/import``                upload a file, paste a posting, remove the samples
``POST /import``           save the upload, start its import, 303 to its job page
``/import/jobs/{id}``      progress while the import runs (reloads itself each
                           second), then what was stored, each with its verdict
``POST /import/paste``     import one pasted posting, 303 to its page
``POST /samples/remove``   delete the sample postings, 303 to ``/import``
=========================  ==================================================

Every POST goes through :func:`~otpath.web._templating.checked_form` (CSRF).
"""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ..errors import NotFoundError, PasteError, SourceError
from ..ingest import IngestReport, ingest_paths
from ..match import posting_verdict
from ..paste import MAX_PASTE_CHARS, ingest_pasted
from ..profile import Profile
from ..samples import remove_samples
from ..search import get_posting
from ._errors import redact_paths
from ._imports import ImportJob
from ._templating import checked_form, render, saved_profile, web_config
from ._uploads import (
    ALLOWED_EXTENSIONS,
    SavedUpload,
    UploadRejected,
    saved_upload,
    unreadable_upload,
)
from ._views import cached_counts, import_summary, open_store

__all__ = ["LISTED_ON_PAGE", "router"]

router = APIRouter(include_in_schema=False)

#: A finished import's page lists (with verdicts) at most this many stored postings.
LISTED_ON_PAGE = 200
#: Records written per transaction by a web import: small, so progress moves often.
_BATCH = 500
_PASTE_FIELDS = ("title", "company", "location", "url", "text")


def _import_context(request: Request, **extra: Any) -> dict[str, Any]:
    with open_store(request) as store:
        total, samples = cached_counts(request, store)
    removed = request.query_params.get("removed")
    return {
        "nav": "import",
        "error": None,
        "paste_error": None,
        "paste_field": "",
        "paste": {k: "" for k in _PASTE_FIELDS},
        "postings_total": total,
        "sample_count": samples,
        "removed": int(removed) if removed and removed.isdigit() else None,
        "extensions": ", ".join(ALLOWED_EXTENSIONS),
        "accept": ",".join(ALLOWED_EXTENSIONS),
        "max_paste_chars": MAX_PASTE_CHARS,
        **extra,
    }


@router.get("/import")
def import_form(request: Request) -> Response:
    return render(request, "import.html", _import_context(request))


@router.post("/import")
async def import_submit(request: Request) -> Response:
    form = await checked_form(request)
    upload = form.get("file")
    cfg = web_config(request)
    jobs = cfg.imports
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            ctx = _import_context(request, error="Choose a file to import.")
            return render(request, "import.html", ctx, status_code=422)
        folder = jobs.new_folder()
        try:
            async with saved_upload(upload, max_bytes=cfg.max_upload_bytes) as saved:
                # The upload's own folder goes when this block ends: the job gets a copy
                # in a folder of its own, deleted when the job ends.
                kept = SavedUpload(
                    folder / saved.path.name, saved.name, saved.kind, saved.size
                )
                shutil.move(str(saved.path), kept.path)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    except UploadRejected as exc:
        if exc.status == 413:
            raise
        ctx = _import_context(request, error=exc.message)
        return render(request, "import.html", ctx, status_code=exc.status)
    finally:
        await form.close()

    def run(job: ImportJob) -> tuple[IngestReport, dict[str, Any]]:
        with cfg.cache.store() as store:
            try:
                report = ingest_paths(
                    store, [kept.path], names={kept.path: kept.name}, batch_size=_BATCH,
                    progress=job.on_progress,
                )  # fmt: skip
            except SourceError as exc:  # in the page's words: the user's file, no CLI hints
                raise SourceError(unreadable_upload(exc, kept).message) from None
        return report, import_summary(report, kept)

    job = jobs.start(run, file=kept.name, size=kept.size, folder=folder)
    return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)


def _listing(request: Request, job: ImportJob, profile: Profile | None) -> dict[str, Any]:
    """The job's stored postings with their verdicts for ``profile`` (computed once)."""
    key = profile.model_dump_json() if profile is not None else ""
    found = job.listings.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    report = job.report
    listed = report.postings[:LISTED_ON_PAGE] if report else []
    rows = []
    with open_store(request) as store:
        for item in listed:
            try:
                posting = get_posting(store, item.id)
            except NotFoundError:  # removed since (sample data removal, say)
                continue
            rows.append(
                {
                    "outcome": item.outcome,
                    "posting": posting,
                    "verdict": posting_verdict(posting, profile) if profile is not None else None,
                }
            )
    stored = (report.new + report.duplicates + report.unchanged) if report else 0
    found = {"rows": rows, "more": max(0, stored - len(listed))}
    job.listings[key] = found
    return found


@router.get("/import/jobs/{job_id}")
def import_job(request: Request, job_id: str) -> Response:
    job = web_config(request).imports.get(job_id)
    if job is None:
        raise HTTPException(
            status_code=404,
            detail="No such import: finished imports are remembered only until the app "
            "restarts. Import the file again to see its summary.",
        )
    running = job.state in ("queued", "running")
    listing = None
    profile = None
    if job.state == "done":
        profile = saved_profile(request)
        listing = _listing(request, job, profile)
    if job.error:  # never the server's paths (store, temporary folders)
        job.error = redact_paths(request, job.error)
    ctx = {
        "nav": "import",
        "job": job,
        "running": running,
        "summary": job.summary,
        "listing": listing,
        "profile": profile,
    }
    return render(request, "import_job.html", ctx)


@router.post("/import/paste")
async def import_paste(request: Request) -> Response:
    form = await checked_form(request)
    values = {k: str(form.get(k) or "") for k in _PASTE_FIELDS}

    def run() -> Any:
        with open_store(request) as store:
            return ingest_pasted(
                store, title=values["title"], text=values["text"], company=values["company"],
                location=values["location"], url=values["url"],
            )  # fmt: skip

    try:
        result = await run_in_threadpool(run)
    except PasteError as exc:
        ctx = _import_context(
            request, paste_error=str(exc), paste_field=exc.field or "", paste=values
        )
        return render(request, "import.html", ctx, status_code=422)
    return RedirectResponse(
        f"/postings/{result.posting_id}?pasted={result.outcome}", status_code=303
    )


@router.post("/samples/remove")
async def samples_remove(request: Request) -> Response:
    await checked_form(request)

    def run() -> int:
        with open_store(request) as store:
            return remove_samples(store)

    removed = await run_in_threadpool(run)
    return RedirectResponse(f"/import?removed={removed}", status_code=303)

