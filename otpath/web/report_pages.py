"""The career plan of the active profile, as a page and as files to keep.

==================  ======================================================
``/report``         the plan: top roles and why, the plan as a timeline,
                    pay compared (SVG), the postings you can apply for
``/report.html``    the same plan as one HTML file, its styles inside
``/report.pdf``     the same plan as PDF (needs the ``pdf`` extra)
``/report.css``     the plan's style sheet (screen and print)
==================  ======================================================

``?samples=1`` counts the sample postings too (marked as made up). Each route parses
input, calls :func:`otpath.report.build_report` (cached per store generation, profile
and day) and renders; printing the page prints every step's details.
"""

from __future__ import annotations

from datetime import date
from importlib.util import find_spec
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from markupsafe import Markup
from starlette.responses import Response

from ..errors import NotFoundError
from ..profile import Profile
from ..report import (
    STYLE_SHEET,
    CareerReport,
    build_report,
    render_body,
    render_document,
    report_pdf,
)
from ..search import SearchQuery
from ._templating import active_profile, cached_page, render, saved_profile, web_config
from ._views import cached_ages, open_store
from .market_pages import wants_samples

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _pdf_available() -> bool:
    """Whether WeasyPrint (the ``pdf`` extra) is installed."""
    return find_spec("weasyprint") is not None


def _key(request: Request, profile: Profile, include_sample: bool) -> tuple[Any, ...]:
    """Everything a plan depends on: the store, the profile (its name too), the day."""
    cache = web_config(request).cache
    name = active_profile(request).name
    return (cache.generation(), name, profile.model_dump_json(), include_sample, date.today())


def cached_report(request: Request, profile: Profile, include_sample: bool) -> CareerReport:
    key = _key(request, profile, include_sample)
    _, name, _, _, today = key

    def build() -> CareerReport:
        with open_store(request) as store:
            return build_report(
                store, profile, profile_name=name, include_sample=include_sample, today=today
            )

    return web_config(request).cache.memo(
        ("report", *key), build, size=lambda r: 16384 + 4096 * (len(r.roles) + len(r.postings))
    )


def _profile_or_404(request: Request) -> Profile:
    profile = saved_profile(request)
    if profile is None:
        raise NotFoundError(
            "no saved profile yet: take the quiz first", hint="open /quiz and save your answers"
        )
    return profile


@router.get("/report")
def report(request: Request) -> Response:
    return cached_page(request, lambda: _report(request))


def _report(request: Request) -> Response:
    profile = saved_profile(request)
    include = wants_samples(request)
    ctx: dict[str, Any] = {
        "nav": "report",
        "body": None,
        "plan": None,
        "include_sample": include,
        "pdf_available": _pdf_available(),
    }
    if profile is not None:
        plan = cached_report(request, profile, include)
        ctx["plan"] = plan
        with open_store(request) as store:  # the postings the plan judges, as build_report reads them
            ctx["ages"] = cached_ages(
                request, store, SearchQuery(include_sample=include, relevant_only=True)
            )
        ctx["ages_where"] = "for this plan"
        # render_body escapes every value itself (Jinja2 autoescape), like a template
        ctx["body"] = Markup(render_body(plan, app_links=True))
    return render(request, "report.html", ctx)


def _filename(plan: CareerReport, suffix: str) -> dict[str, str]:
    # a profile name is [a-z0-9_-] only (otpath.profile.named), so it is safe in a header
    name = f"career-plan-{plan.profile_name}-{plan.generated_on.isoformat()}.{suffix}"
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get("/report.html")
def report_file(request: Request) -> Response:
    plan = cached_report(request, _profile_or_404(request), wants_samples(request))
    return Response(
        render_document(plan),
        media_type="text/html; charset=utf-8",
        headers=_filename(plan, "html"),
    )


@router.get("/report.pdf")
def report_pdf_file(request: Request) -> Response:
    profile, include = _profile_or_404(request), wants_samples(request)
    plan = cached_report(request, profile, include)
    data = web_config(request).cache.memo(
        ("report-pdf", *_key(request, profile, include)), lambda: report_pdf(plan), size=len
    )
    return Response(data, media_type="application/pdf", headers=_filename(plan, "pdf"))


@router.get("/report.css")
def report_css() -> FileResponse:
    return FileResponse(STYLE_SHEET, media_type="text/css")
