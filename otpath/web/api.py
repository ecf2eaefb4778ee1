"""The JSON API, version 1 (mounted under ``/api/v1``).

==========================  ===============================================
``GET  /roles``             every catalog role (summary)
``GET  /roles/{id}``        one role with every sourced fact
``GET  /families``          role families and their role ids
``POST /match``             profile JSON -> every role scored and explained
``GET  /postings``          search stored postings (q + filters, paginated)
``GET  /postings/{id}``     one posting with requirements and cluster sources
``POST /jobs``              profile JSON -> the postings it can apply for
``POST /import``            multipart upload of a postings file -> summary
==========================  ===============================================

Errors, for every status from 400 up, are
``{"error": {"status", "code", "message", "field"}}`` (see
:mod:`otpath.web._errors`). POST bodies must be ``application/json`` (or
``multipart/form-data`` for import): that is also the API's CSRF defence,
explained in :mod:`otpath.web.app`.
"""

from __future__ import annotations

import email.message
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from ..catalog import Role, default_catalog
from ..errors import NotFoundError, SourceError
from ..ingest import ingest_paths, stale_note
from ..match import JobVerdict
from ..profile import Profile
from ..profile.models import CREDENTIAL_NAMES
from ..search import SearchPage, SearchQuery, StoredPosting, get_posting
from ._templating import web_config
from ._uploads import saved_upload, unreadable_upload
from ._views import (
    cached_jobs,
    cached_ranking,
    cached_search,
    cached_stale,
    import_summary,
    open_store,
)
from .schemas import (
    FamilyList,
    FamilyOut,
    ImportSummary,
    JobsResponse,
    MatchResponse,
    RoleList,
    RoleSummary,
    errors,
)

__all__ = ["router"]


def _media_type(request: Request) -> tuple[str, str]:
    msg = email.message.Message()
    msg["content-type"] = request.headers.get("content-type", "")
    return msg.get_content_maintype(), msg.get_content_subtype()


def require_json(request: Request) -> None:
    """415 unless the body is declared ``application/json`` (or ``+json``)."""
    main, sub = _media_type(request)
    if not (main == "application" and (sub == "json" or sub.endswith("+json"))):
        raise HTTPException(
            status_code=415,
            detail="Send the body as JSON with the header Content-Type: application/json.",
        )


def require_multipart(request: Request) -> None:
    """415 unless the body is ``multipart/form-data``."""
    if _media_type(request) != ("multipart", "form-data"):
        raise HTTPException(
            status_code=415,
            detail="Upload the file as multipart/form-data in a field named 'file'.",
        )


router = APIRouter(
    tags=["otpath"],
    # 400: a Host name the server does not answer to (every route)
    responses=errors(400, 500),
)


@router.get("/roles", response_model=RoleList, summary="List every catalog role")
def list_roles() -> RoleList:
    catalog = default_catalog()
    roles = [RoleSummary.of(r) for r in catalog.roles.values()]
    return RoleList(catalog_version=catalog.version, count=len(roles), roles=roles)


@router.get(
    "/roles/{role_id}",
    response_model=Role,
    responses=errors(404, 422),
    summary="One role with every sourced fact",
)
def get_role(role_id: str) -> Role:
    return default_catalog().role(role_id)


@router.get("/families", response_model=FamilyList, summary="Role families")
def list_families() -> FamilyList:
    catalog = default_catalog()
    families = [
        FamilyOut(
            id=f.id,
            title=f.title,
            description=f.description,
            roles=[r.id for r in catalog.roles_in(f.id)],
        )
        for f in catalog.families.values()
    ]
    return FamilyList(catalog_version=catalog.version, families=families)


@router.post(
    "/match",
    response_model=MatchResponse,
    responses=errors(400, 403, 413, 415, 422),
    dependencies=[Depends(require_json)],
    summary="Score every role for a profile",
)
def match(request: Request, profile: Profile) -> MatchResponse:
    with open_store(request) as store:
        ranking = cached_ranking(request, profile, store)
    return MatchResponse(profile=profile, **ranking.model_dump())


def _enum(values: list[str]) -> dict[str, Any]:
    """A parameter schema listing the values the server accepts (the library checks
    them); an empty value means "any", as a blank form field does."""
    return {"enum": ["", *values]}


_FAMILIES = sorted({*default_catalog().families, "other"})
_ROLES = sorted(default_catalog().roles)
# What otpath.search.parse_period reads: 1-5 digits, not all zero, and a unit (the
# library also takes upper case; the schema lists the lower-case forms).
_PERIOD_PATTERN = (
    r"^\s*$|^\s*(?=\d{1,5}\s*[a-z])0*[1-9]\d*\s*"
    r"(h|hrs?|hours?|d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)\s*$"
)


class _Filters:
    """The search filters shared by ``GET /postings`` and ``POST /jobs``.

    Their OpenAPI schemas list exactly what the server accepts (families, roles,
    credential names, the period's form), so a request valid by the schema is one
    the server answers.
    """

    def __init__(
        self,
        q: Annotated[
            str,
            Query(
                max_length=500,
                description="Free text. Abbreviations and synonyms are searched too (UR finds"
                " utilization review; the response's 'searched' lists them); \"quotes\" keep"
                " a phrase exact; ergonom* is a prefix; 'OT or PT' either word.",
            ),
        ] = "",
        literal: Annotated[
            bool, Query(description="Search the words as typed: no synonyms or spellings.")
        ] = False,
        family: Annotated[
            str | None,
            Query(
                description="A family id (see /families) or 'other'.",
                json_schema_extra=_enum(_FAMILIES),
            ),
        ] = None,
        role: Annotated[
            str | None,
            Query(description="A role id (see /roles).", json_schema_extra=_enum(_ROLES)),
        ] = None,
        remote: Literal["remote", "hybrid", "onsite"] | None = None,
        credential: Annotated[
            str | None,
            Query(
                description="A credential code or alias: OT, COTA/L, DPT...",
                json_schema_extra=_enum(CREDENTIAL_NAMES),
            ),
        ] = None,
        min_pay: Annotated[
            float | None,
            Query(
                ge=0,
                le=1e12,
                allow_inf_nan=False,
                description="Minimum yearly pay, compared only with postings paid in"
                " min_pay_currency (no conversion).",
            ),
        ] = None,
        min_pay_currency: Annotated[
            str | None,
            Query(
                pattern="^[A-Za-z]{3}$",
                description="ISO 4217 currency of min_pay (USD, GBP, EUR, CAD, AUD...);"
                " USD when not given.",
            ),
        ] = None,
        posted_within: Annotated[
            str | None,
            Query(
                description="24h, 14d, 2w, 3m, 1y...",
                json_schema_extra={"pattern": _PERIOD_PATTERN},
            ),
        ] = None,
        company: Annotated[str | None, Query(max_length=500)] = None,
        include_unrelated: Annotated[
            bool,
            Query(description="Also list other professions' jobs (family 'unrelated')."),
        ] = False,
    ) -> None:
        self.include_unrelated = include_unrelated
        self.values = {
            "q": q,
            "literal": literal,
            "family": family,
            "role": role,
            "remote": remote,
            "credential": credential,
            "min_pay": min_pay,
            "min_pay_currency": min_pay_currency,
            "posted_within": posted_within,
            "company": company,
        }


@router.get(
    "/postings",
    response_model=SearchPage,
    responses=errors(404, 422, 503),
    summary="Search stored postings",
    description="A page past the last (`pages`, at least 1) answers 404 with `field`"
    " `page` and a message naming the last page.",
)
def list_postings(
    request: Request,
    filters: Annotated[_Filters, Depends()],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchPage:
    query = SearchQuery(
        **filters.values, page=page, per_page=per_page, relevant_only=not filters.include_unrelated
    )
    with open_store(request) as store:
        found = cached_search(request, store, query)
        stale = cached_stale(request, store)
    last = max(found.pages, 1)
    if page > last:  # not an empty page: a client paging "until empty" would never stop
        matched = "no posting matches" if found.total == 0 else (
            f"{found.total_text} posting{'s match' if found.total != 1 else ' matches'}"
        )
        raise NotFoundError(
            f"page {page} is past the last page, {last}: {matched}, {per_page} a page",
            field="page",
        )
    if stale:  # a copy: the cached page is shared
        found = found.model_copy(update={"notes": [*found.notes, stale_note(stale)]})
    return found


@router.get(
    "/postings/{posting_id}",
    response_model=StoredPosting,
    responses=errors(404, 422),
    summary="One stored posting",
)
def read_posting(request: Request, posting_id: str) -> StoredPosting:
    with open_store(request) as store:
        return get_posting(store, posting_id)


@router.post(
    "/jobs",
    response_model=JobsResponse,
    responses=errors(400, 403, 413, 415, 422, 503),
    dependencies=[Depends(require_json)],
    summary="Postings a profile can apply for, best first",
)
def jobs(
    request: Request,
    profile: Profile,
    filters: Annotated[_Filters, Depends()],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> JobsResponse:
    query = SearchQuery(**filters.values)
    with open_store(request) as store:
        found: list[JobVerdict] = cached_jobs(
            request, store, profile, query, limit=limit,
            include_unrelated=filters.include_unrelated,
        )  # fmt: skip
        stale = cached_stale(request, store)
    return JobsResponse(profile=profile, count=len(found), jobs=found, stale_postings=stale)


@router.post(
    "/import",
    response_model=ImportSummary,
    responses=errors(400, 403, 413, 415, 422, 503, 507),
    dependencies=[Depends(require_multipart)],
    summary="Import a postings file (JobSpy CSV/JSON, JSONL or a saved job page)",
)
async def import_file(
    request: Request,
    file: Annotated[UploadFile, File(description=".csv, .json, .jsonl, .html or .htm")],
) -> ImportSummary:
    cfg = web_config(request)
    async with saved_upload(file, max_bytes=cfg.max_upload_bytes) as saved:

        def run() -> object:
            with open_store(request) as store:
                return ingest_paths(store, [saved.path], names={saved.path: saved.name})

        try:
            report = await run_in_threadpool(run)
        except SourceError as exc:
            raise unreadable_upload(exc, saved) from None
        return ImportSummary.model_validate(import_summary(report, saved))
