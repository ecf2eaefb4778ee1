"""The applications tracker in the JSON API (mounted under ``/api/v1``).

=======================================  ========================================
``GET    /applications``                 a profile's applications (``?status=``)
``POST   /applications``                 save a posting (``posting_id``) or add a job
``GET    /applications/{id}``            one application
``PATCH  /applications/{id}``            move it (``status``, ``on``), notes, next step
``DELETE /applications/{id}``            stop tracking it
``GET    /applications/export``          CSV (text/csv)
``POST   /applications/import``          multipart CSV upload -> counts and rejected rows
``GET    /profiles``                     the profiles on this computer
``GET    /profiles/{name}``              one profile's saved answers
=======================================  ========================================

Every route takes ``?profile=NAME`` (default ``default``). Writes require a JSON
body (``multipart/form-data`` for import), like every other API write: see
:mod:`otpath.web.app` for why that is the API's CSRF defence. ``DELETE`` needs the
same ``Content-Type: application/json`` header (its body may be empty).
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from ..errors import NotFoundError
from ..profile import Profile, read_profile
from ..profile.named import list_profiles, named_profile
from ..tracker import (
    Application,
    CsvImportReport,
    Status,
    add_application,
    export_csv,
    get_application,
    import_csv,
    list_applications,
    remove_application,
    save_posting,
    update_application,
)
from ._templating import web_config
from ._views import open_store
from .api import require_json, require_multipart
from .schemas import errors

__all__ = ["router"]

router = APIRouter(tags=["tracker"], responses=errors(400, 500))  # 400: a Host not answered

ProfileParam = Annotated[
    str,
    Query(
        max_length=60,
        description="Whose list: a profile name (letters, digits, - or _).",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]*$",
        # The schema states the names the library accepts (it lowers case); the looser
        # pattern above lets the library answer a long name with its own message.
        json_schema_extra={"pattern": r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"},
    ),
]
AppId = Annotated[int, Path(ge=1, le=2**62, description="The application id.")]
_CSV_LIMIT = 2 * 1024 * 1024


class ApplicationList(BaseModel):
    profile: str
    count: int
    applications: list[Application]


class ApplicationCreate(BaseModel):
    """Either ``posting_id`` (a stored posting) or ``title`` (a job seen elsewhere)."""

    # The schema says what the route checks: one of the two, and not blank.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["posting_id"], "properties": {"posting_id": {"type": "string"}}},
                {"required": ["title"], "properties": {"title": {"type": "string"}}},
            ]
        },
    )

    posting_id: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=500, pattern=r"\S")
    company: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    status: Status = "saved"
    notes: str = Field(default="", max_length=20000)


class ApplicationCreated(BaseModel):
    created: bool = Field(description="False when the posting was already tracked.")
    application: Application


class ApplicationPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    on: str | None = Field(default=None, max_length=20, description="YYYY-MM-DD; default today.")
    notes: str | None = Field(default=None, max_length=20000, description="Replaces the notes.")
    add_note: str | None = Field(default=None, max_length=2000, description="Appended, dated.")
    next_step: str | None = Field(default=None, max_length=500)
    next_step_on: str | None = Field(default=None, max_length=20, description="YYYY-MM-DD.")
    clear_next_step: bool = False


@router.get(
    "/applications",
    response_model=ApplicationList,
    responses=errors(422),
    summary="A profile's tracked applications",
)
def applications(
    request: Request,
    profile: ProfileParam = "default",
    status: Status | None = None,
) -> ApplicationList:
    with open_store(request) as store:
        apps = list_applications(store, profile=profile, status=status)
    return ApplicationList(profile=profile, count=len(apps), applications=apps)


@router.post(
    "/applications",
    response_model=ApplicationCreated,
    status_code=201,
    responses=errors(404, 413, 415, 422),
    dependencies=[Depends(require_json)],
    summary="Save a stored posting, or add a job by hand",
)
def create_application(
    request: Request, body: ApplicationCreate, profile: ProfileParam = "default"
) -> ApplicationCreated:
    with open_store(request) as store:
        if body.posting_id:
            app_, created = save_posting(store, body.posting_id, profile=profile, notes=body.notes)
            if created and body.status != "saved":
                app_ = update_application(store, app_.id, profile=profile, status=body.status)
            return ApplicationCreated(created=created, application=app_)
        if not body.title:
            raise HTTPException(status_code=422, detail="Give posting_id (a stored posting) or title.")
        app_ = add_application(
            store, title=body.title, company=body.company, location=body.location, url=body.url,
            status=body.status, notes=body.notes, profile=profile,
        )  # fmt: skip
        return ApplicationCreated(created=True, application=app_)


@router.get(
    "/applications/export",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
        **errors(422),
    },
    response_class=Response,
    summary="A profile's applications as CSV",
)
def export_applications(request: Request, profile: ProfileParam = "default") -> Response:
    out = io.StringIO()
    with open_store(request) as store:
        export_csv(store, out, profile=profile)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


@router.post(
    "/applications/import",
    response_model=CsvImportReport,
    responses=errors(413, 415, 422),
    dependencies=[Depends(require_multipart)],
    summary="Read applications from a CSV upload",
)
async def import_applications(
    request: Request,
    file: Annotated[UploadFile, File(description="A CSV with a 'title' column.")],
    profile: ProfileParam = "default",
) -> CsvImportReport:
    data = await file.read(_CSV_LIMIT + 1)
    if len(data) > _CSV_LIMIT:
        raise HTTPException(status_code=413, detail="The CSV is larger than 2 MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HTTPException(status_code=422, detail="The CSV is not UTF-8 text.") from None

    def run() -> CsvImportReport:
        with open_store(request) as store:
            return import_csv(store, text, profile=profile)

    return await run_in_threadpool(run)


@router.get(
    "/applications/{app_id}",
    response_model=Application,
    responses=errors(404, 422),
    summary="One tracked application",
)
def read_application(
    request: Request, app_id: AppId, profile: ProfileParam = "default"
) -> Application:
    with open_store(request) as store:
        return get_application(store, app_id, profile=profile)


@router.patch(
    "/applications/{app_id}",
    response_model=Application,
    responses=errors(404, 413, 415, 422),
    dependencies=[Depends(require_json)],
    summary="Move an application, change its notes or next step",
)
def change_application(
    request: Request, app_id: AppId, body: ApplicationPatch, profile: ProfileParam = "default"
) -> Application:
    with open_store(request) as store:
        return update_application(
            store, app_id, profile=profile, **body.model_dump(exclude_unset=True)
        )


@router.delete(
    "/applications/{app_id}",
    status_code=204,
    response_class=Response,
    # No body, so no content type to insist on (a cross-site DELETE needs a CORS
    # preflight, and the Origin check refuses it anyway).
    responses=errors(404, 422),
    summary="Stop tracking an application",
)
def delete_application(request: Request, app_id: AppId, profile: ProfileParam = "default") -> Response:
    with open_store(request) as store:
        remove_application(store, app_id, profile=profile)
    return Response(status_code=204)


# -- profiles ------------------------------------------------------------------------------


class ProfileEntry(BaseModel):
    name: str
    saved: bool = Field(description="True when this profile's quiz answers are saved.")
    applications: int = Field(description="Applications this profile tracks.")


class ProfileList(BaseModel):
    profiles: list[ProfileEntry] = Field(description="The default profile first, then by name.")


@router.get("/profiles", response_model=ProfileList, summary="The profiles on this computer")
def profiles(request: Request) -> ProfileList:
    cfg = web_config(request)
    with open_store(request) as store:
        tracked = store.application_profiles()
    return ProfileList(
        profiles=[
            ProfileEntry(name=r.name, saved=r.exists, applications=tracked.get(r.name, 0))
            for r in list_profiles(cfg.profile_path)
        ]
    )


@router.get(
    "/profiles/{name}",
    response_model=Profile,
    responses=errors(404, 422),
    summary="One profile's saved answers",
)
def read_named_profile(
    request: Request,
    name: Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$", description="A profile name.")],
) -> Profile:
    ref = named_profile(name, default_path=web_config(request).profile_path)
    if not ref.exists:
        raise NotFoundError(f"no saved profile {ref.name!r}", hint="take the quiz for it first")
    return read_profile(ref.path)
