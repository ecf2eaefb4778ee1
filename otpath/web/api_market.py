"""Market evidence and role comparison in the JSON API (``/api/v1``).

================================  =============================================
``GET /insights``                 postings per family and role (remote, hybrid, on site)
``GET /insights/roles/{id}``      what a role's stored postings say
``GET /insights/families/{id}``   the same for a family
``GET /compare?roles=a&roles=b``  2 to 4 roles side by side (see :mod:`otpath.compare`),
                                  with the fit for the active profile when one is saved
================================  =============================================

``include_sample=true`` counts the sample postings (made up) too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from ..catalog import default_catalog
from ..compare import Comparison
from ..insights import MarketInsights, MarketRow
from ._templating import saved_profile
from ._views import open_store
from .market_pages import cached_comparison, cached_market, cached_overview
from .schemas import errors

__all__ = ["router"]

router = APIRouter(tags=["market"], responses=errors(400, 500))  # 400: a Host not answered

IncludeSample = Annotated[
    bool, Query(description="Count the sample postings (made up by the otpath authors) too.")
]


class MarketOverview(BaseModel):
    include_sample: bool
    rows: list[MarketRow]


@router.get("/insights", response_model=MarketOverview, responses=errors(422), summary="Postings per family and role")
def overview(request: Request, include_sample: IncludeSample = False) -> MarketOverview:
    with open_store(request) as store:
        rows = cached_overview(request, store, include_sample=include_sample)
    return MarketOverview(include_sample=include_sample, rows=rows)


@router.get(
    "/insights/roles/{role_id}",
    response_model=MarketInsights,
    responses=errors(404, 422),
    summary="What a role's stored postings say",
)
def role_insights(request: Request, role_id: str, include_sample: IncludeSample = False) -> MarketInsights:
    with open_store(request) as store:
        return cached_market(request, store, role=role_id, include_sample=include_sample)


@router.get(
    "/insights/families/{family_id}",
    response_model=MarketInsights,
    responses=errors(404, 422),
    summary="What a family's stored postings say",
)
def family_insights(
    request: Request, family_id: str, include_sample: IncludeSample = False
) -> MarketInsights:
    with open_store(request) as store:
        return cached_market(request, store, family=family_id, include_sample=include_sample)


_ROLE_IDS = sorted(default_catalog().roles)


@router.get(
    "/compare",
    response_model=Comparison,
    responses=errors(400, 404, 422),
    summary="2 to 4 roles side by side: facts, fit, pay, postings",
)
def compare(
    request: Request,
    roles: Annotated[
        list[str],
        Query(
            min_length=2,
            max_length=4,
            description="2 to 4 different role ids.",
            json_schema_extra={"items": {"type": "string", "enum": _ROLE_IDS}, "uniqueItems": True},
        ),
    ],
    include_sample: IncludeSample = False,
) -> Comparison:
    if len(set(roles)) != len(roles):  # as the schema says (uniqueItems)
        raise HTTPException(status_code=422, detail="roles: give each role once")
    with open_store(request) as store:
        return cached_comparison(request, store, roles, saved_profile(request), include_sample)
