"""Market evidence and role comparison pages. Each route parses input, calls one library
function (cached per store generation) and renders.

==============================  ==============================================
``/insights``                   postings per family and role: remote, hybrid, on site
``/insights/roles/{id}``        what a role's stored postings say, in charts
``/insights/families/{id}``     the same for a family
``/compare?roles=a&roles=b``    2 to 4 roles side by side: facts, fit, pay, postings
==============================  ==============================================

``?samples=1`` counts the sample postings too (clearly marked).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..catalog import default_catalog
from ..charts import PayRange
from ..compare import MAX_ROLES, MIN_ROLES, Comparison, compare_roles
from ..errors import OtpathError
from ..insights import MarketInsights, MarketRow, market_insights, market_overview
from ..profile import Profile
from ..store import Store
from ._templating import cached_page, render, saved_profile, web_config
from ._views import cached_counts, open_store

__all__ = [
    "cached_comparison",
    "cached_market",
    "cached_overview",
    "pay_rows",
    "router",
    "wants_samples",
]

router = APIRouter(include_in_schema=False)


def wants_samples(request: Request) -> bool:
    return request.query_params.get("samples") in ("1", "true", "yes")


def cached_market(
    request: Request,
    store: Store,
    *,
    role: str | None = None,
    family: str | None = None,
    include_sample: bool = False,
) -> MarketInsights:
    cache = web_config(request).cache
    return cache.memo(
        ("market", cache.generation(), role, family, include_sample),
        lambda: market_insights(store, role=role, family=family, include_sample=include_sample),
        size=lambda _: 16384,
    )


def cached_overview(request: Request, store: Store, *, include_sample: bool) -> list[MarketRow]:
    cache = web_config(request).cache
    return cache.memo(
        ("market-overview", cache.generation(), include_sample),
        lambda: market_overview(store, include_sample=include_sample),
        size=lambda rows: 1024 + 512 * len(rows),
    )


@router.get("/insights")
def insights(request: Request) -> Response:
    return cached_page(request, lambda: _insights(request))


def _insights(request: Request) -> Response:
    include = wants_samples(request)
    with open_store(request) as store:
        rows = cached_overview(request, store, include_sample=include)
        _, samples = cached_counts(request, store)
    return render(
        request,
        "insights.html",
        {"nav": "insights", "rows": rows, "include_sample": include, "sample_count": samples},
    )


@router.get("/insights/roles/{role_id}")
def role_market(request: Request, role_id: str) -> Response:
    return cached_page(request, lambda: _market(request, role=role_id))


@router.get("/insights/families/{family_id}")
def family_market(request: Request, family_id: str) -> Response:
    return cached_page(request, lambda: _market(request, family=family_id))


def _market(request: Request, *, role: str | None = None, family: str | None = None) -> Response:
    catalog = default_catalog()
    with open_store(request) as store:
        market = cached_market(
            request, store, role=role, family=family, include_sample=wants_samples(request)
        )  # NotFoundError -> 404
    return render(
        request,
        "market.html",
        {
            "nav": "insights",
            "market": market,
            "role": catalog.roles.get(role) if role else None,
            "family_roles": catalog.roles_in(family) if family else [],
            "sources": catalog.sources,
        },
    )


# -- compare -------------------------------------------------------------------------------


@router.get("/compare")
def compare(request: Request) -> Response:
    return cached_page(request, lambda: _compare(request))


def _compare(request: Request) -> Response:
    catalog = default_catalog()
    chosen = [r for r in request.query_params.getlist("roles") if r][: MAX_ROLES + 1]
    include = wants_samples(request)
    profile = saved_profile(request)
    ctx: dict[str, Any] = {
        "nav": "insights",
        "chosen": chosen,
        "groups": [(f, catalog.roles_in(f.id)) for f in catalog.families.values() if catalog.roles_in(f.id)],
        "comparison": None,
        "error": None,
        "include_sample": include,
        "profile": profile,
        "max_roles": MAX_ROLES,
        "sources": catalog.sources,
        "pay_rows": {},
        "notice": None,
    }
    if len(chosen) < MIN_ROLES:
        if chosen:
            ctx["notice"] = f"Choose {MIN_ROLES - len(chosen)} to {MAX_ROLES - len(chosen)} more roles to compare with it."
        return render(request, "compare.html", ctx)
    try:
        with open_store(request) as store:
            comparison = cached_comparison(request, store, chosen, profile, include)
    except OtpathError as exc:
        ctx["error"] = str(exc)
        return render(request, "compare.html", ctx, status_code=422)
    ctx["comparison"] = comparison
    ctx["pay_rows"] = pay_rows(comparison)
    return render(request, "compare.html", ctx)


def cached_comparison(
    request: Request, store: Store, role_ids: list[str], profile: Profile | None, include: bool
) -> Comparison:
    cache = web_config(request).cache
    key = (
        "compare", cache.generation(), tuple(role_ids), include,
        profile.model_dump_json() if profile is not None else None,
    )  # fmt: skip
    return cache.memo(
        key,
        lambda: compare_roles(store, role_ids, profile=profile, include_sample=include),
        size=lambda c: 32768 * len(c.roles),
    )


def pay_rows(comparison: Comparison) -> dict[str, list[PayRange]]:
    """Rows of the pay chart, per currency: stored pay per role, and the BLS median (USD)."""
    currencies = {p.currency for r in comparison.roles for p in r.market.pay}
    if any(r.bls and r.bls.annual_median for r in comparison.roles):
        currencies.add("USD")
    out: dict[str, list[PayRange]] = {}
    for currency in sorted(currencies, key=lambda c: (c != "USD", c)):
        rows = []
        for r in comparison.roles:
            stats = next((p for p in r.market.pay if p.currency == currency), None)
            marker = r.bls.annual_median if (currency == "USD" and r.bls) else None
            rows.append(
                PayRange(
                    label=r.title,
                    low=stats.low if stats else None, p25=stats.p25 if stats else None,
                    median=stats.median if stats else None, p75=stats.p75 if stats else None,
                    high=stats.high if stats else None, marker=marker,
                    note=f"{stats.count} postings" if stats else "no stored posting states pay",
                )  # fmt: skip
            )
        out[currency] = rows
    return out
