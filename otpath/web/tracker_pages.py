"""The applications tracker's pages. Each route parses a form, calls :mod:`otpath.tracker`.

========================  ===============================================
``/tracker``              the board: one column per status, next steps, add by hand,
                          CSV export and import
``POST /tracker/save``    save a posting (from its page); 303 back
``/tracker/{id}``         one application: history, status, next step, notes, the
                          posting's copy; POSTs to ``/status``, ``/edit``, ``/remove``
``/tracker/export.csv``   the active profile's applications as CSV
``POST /tracker/import``  read applications from a CSV upload
========================  ===============================================

Every POST goes through :func:`~otpath.web._templating.checked_form` (CSRF) and
answers 303 to a page, so a reload never sends a form twice. All of them act on
the browser's active profile only.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from ..errors import TrackerError
from ..tracker import (
    NEXT_STATUS,
    STATUS_LABELS,
    STATUSES,
    add_application,
    board,
    export_csv,
    get_application,
    import_csv,
    remove_application,
    save_posting,
    update_application,
)
from ._templating import active_profile, checked_form, render, web_config
from ._views import open_store, safe_description

__all__ = ["local_path", "router"]

router = APIRouter(include_in_schema=False)

_CSV_LIMIT = 2 * 1024 * 1024  # a tracker CSV is small; refuse anything larger


def local_path(value: object, default: str) -> str:
    """``value`` when it is a path on this site (``/tracker?x=1``), else ``default``.

    A form's "come back to" field must never send the browser elsewhere::

        >>> local_path("/postings/abc", "/tracker"), local_path("//evil.example", "/tracker")
        ('/postings/abc', '/tracker')
        >>> local_path("https://evil.example/", "/tracker")
        '/tracker'
    """
    text = value if isinstance(value, str) else ""
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        if all(c.isprintable() for c in text) and len(text) <= 500:
            return text
    return default


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _board_context(request: Request, **extra: Any) -> dict[str, Any]:
    profile = active_profile(request)
    with open_store(request) as store:
        result = board(store, profile=profile.name)
    return {
        "nav": "tracker",
        "board": result,
        "labels": STATUS_LABELS,
        "next_status": NEXT_STATUS,
        "open_statuses": ("saved", "applied", "interviewing", "offer"),
        "closed_statuses": ("rejected", "withdrawn"),
        "today": date.today(),
        "error": None,
        "csv_report": None,
        "form": {},
        **extra,
    }


@router.get("/tracker")
def tracker(request: Request) -> Response:
    return render(request, "tracker.html", _board_context(request))


@router.post("/tracker/save")
async def tracker_save(request: Request) -> Response:
    form = await checked_form(request)
    posting_id = _field(form, "posting_id")
    back = local_path(form.get("next"), "/tracker")
    profile = active_profile(request).name

    def run() -> Any:
        with open_store(request) as store:
            return save_posting(store, posting_id, profile=profile)

    app_, _ = await run_in_threadpool(run)  # NotFoundError -> 404 page
    return RedirectResponse(back if back != "/tracker" else f"/tracker/{app_.id}", status_code=303)


@router.post("/tracker/add")
async def tracker_add(request: Request) -> Response:
    form = await checked_form(request)
    values = {k: _field(form, k) for k in ("title", "company", "location", "url", "status")}
    profile = active_profile(request).name

    def run() -> Any:
        with open_store(request) as store:
            return add_application(
                store, title=values["title"], company=values["company"] or None,
                location=values["location"] or None, url=values["url"] or None,
                status=values["status"] or "saved", profile=profile,
            )  # fmt: skip

    try:
        app_ = await run_in_threadpool(run)
    except TrackerError as exc:
        ctx = _board_context(request, error=str(exc), form=values)
        return render(request, "tracker.html", ctx, status_code=422)
    return RedirectResponse(f"/tracker/{app_.id}", status_code=303)


def _detail_context(request: Request, app_id: int, **extra: Any) -> dict[str, Any]:
    profile = active_profile(request)
    with open_store(request) as store:
        app_ = get_application(store, app_id, profile=profile.name)  # NotFoundError -> 404
    return {
        "nav": "tracker",
        "app": app_,
        "labels": STATUS_LABELS,
        "statuses": STATUSES,
        "description": safe_description(app_.description_html),
        "today": date.today(),
        "error": None,
        "error_field": "",
        **extra,
    }


@router.get("/tracker/export.csv")
def tracker_export(request: Request) -> Response:
    profile = active_profile(request).name
    out = io.StringIO()
    with open_store(request) as store:
        export_csv(store, out, profile=profile)
    name = f"otpath-applications-{profile}-{date.today().isoformat()}.csv"
    return Response(
        out.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.get("/tracker/{app_id}")
def tracker_detail(request: Request, app_id: int) -> Response:
    return render(request, "application.html", _detail_context(request, app_id))


async def _change(request: Request, app_id: int, **kwargs: Any) -> Response:
    profile = active_profile(request).name

    def run() -> Any:
        with open_store(request) as store:
            return update_application(store, app_id, profile=profile, **kwargs)

    try:
        await run_in_threadpool(run)
    except TrackerError as exc:
        ctx = _detail_context(request, app_id, error=str(exc), error_field=exc.field or "")
        return render(request, "application.html", ctx, status_code=422)
    return RedirectResponse(f"/tracker/{app_id}", status_code=303)


@router.post("/tracker/{app_id}/status")
async def tracker_status(request: Request, app_id: int) -> Response:
    form = await checked_form(request)
    back = local_path(form.get("next"), "")
    response = await _change(
        request, app_id, status=_field(form, "status"), on=_field(form, "on") or None,
        add_note=_field(form, "note") or None,
    )  # fmt: skip
    if back and response.status_code == 303:
        return RedirectResponse(back, status_code=303)
    return response


@router.post("/tracker/{app_id}/edit")
async def tracker_edit(request: Request, app_id: int) -> Response:
    form = await checked_form(request)
    notes = form.get("notes")
    return await _change(
        request, app_id,
        notes=notes.replace("\r\n", "\n") if isinstance(notes, str) else None,
        next_step=_field(form, "next_step"),
        next_step_on=_field(form, "next_step_on"),
    )  # fmt: skip


@router.post("/tracker/{app_id}/remove")
async def tracker_remove(request: Request, app_id: int) -> Response:
    await checked_form(request)
    profile = active_profile(request).name

    def run() -> None:
        with open_store(request) as store:
            remove_application(store, app_id, profile=profile)

    await run_in_threadpool(run)
    return RedirectResponse("/tracker", status_code=303)


@router.post("/tracker/import")
async def tracker_import(request: Request) -> Response:
    form = await checked_form(request)
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise TrackerError("Choose a CSV file to import.")
        if not upload.filename.lower().endswith(".csv"):
            raise TrackerError("Import a .csv file (as written by Export CSV).")
        limit = min(_CSV_LIMIT, web_config(request).max_upload_bytes)
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(status_code=413, detail=f"The CSV is larger than {limit // 1024} KB.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TrackerError("The CSV is not UTF-8 text: save it as UTF-8 and try again.") from None
        profile = active_profile(request).name

        def run() -> Any:
            with open_store(request) as store:
                return import_csv(store, text, profile=profile)

        report = await run_in_threadpool(run)
    except TrackerError as exc:
        return render(request, "tracker.html", _board_context(request, error=str(exc)), status_code=422)
    finally:
        await form.close()
    return render(request, "tracker.html", _board_context(request, csv_report=report))
