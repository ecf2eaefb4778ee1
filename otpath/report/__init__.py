"""A career plan for one profile, on one page: the top roles and why, each role's gap
plan as a timeline, their pay side by side (an inline SVG chart) and the stored postings
the person can apply for; as a web page, an HTML file or a PDF.

    >>> from otpath.profile import Profile
    >>> from otpath.report import build_report, render_document
    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     plan = build_report(store, Profile(credentials=["OT"]), top=2)
    >>> len(plan.roles), "<script" in render_document(plan)
    (2, False)

Facts come only from the fit engine (:func:`otpath.fit.rank`), the catalog and its
sources, and the stored postings (:func:`otpath.match.jobs_for_profile`,
:func:`otpath.insights.market_insights`); nothing is estimated or converted.

The functions and models are imported on first use, so that the command line, which
needs only the limits below to declare its options, starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Roles a plan covers by default, and at most.
DEFAULT_TOP = 3
MAX_TOP = 6
#: Stored postings a plan lists by default, and at most.
DEFAULT_POSTINGS = 10
MAX_POSTINGS = 50

if TYPE_CHECKING:
    from ._build import CareerReport, PayChart, PayLine, ReportRole, ReportSource, build_report
    from ._render import STYLE_SHEET, render_body, render_document, report_pdf, write_pdf

__all__ = [
    "DEFAULT_POSTINGS",
    "DEFAULT_TOP",
    "MAX_POSTINGS",
    "MAX_TOP",
    "STYLE_SHEET",
    "CareerReport",
    "PayChart",
    "PayLine",
    "ReportRole",
    "ReportSource",
    "build_report",
    "render_body",
    "render_document",
    "report_pdf",
    "write_pdf",
]

_LAZY = {
    **dict.fromkeys(
        ("CareerReport", "PayChart", "PayLine", "ReportRole", "ReportSource", "build_report"),
        "._build",
    ),
    **dict.fromkeys(
        ("STYLE_SHEET", "render_body", "render_document", "report_pdf", "write_pdf"), "._render"
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
