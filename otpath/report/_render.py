"""Render a career plan as HTML (a part of a web page, or a file of its own) and as PDF.

The HTML comes from one Jinja2 template (``templates/body.html``) with autoescaping on:
posting titles and reasons are text, never markup; the charts are
:mod:`otpath.charts` SVG, which escapes its own text. The file of its own
(:func:`render_document`) carries its style sheet inside, so it opens offline,
anywhere; the PDF (:func:`write_pdf`) is that file laid out by WeasyPrint for print,
with every URL fetch refused (the document needs none).

Jinja2 comes with the ``web`` extra, WeasyPrint with the ``pdf`` extra; each is imported
when first needed, and its absence is a :class:`~otpath.errors.ReportError` that says
what to install.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import charts
from ..catalog import default_catalog
from ..errors import ReportError
from ..fit.pay import no_local_pay
from ..money import format_money
from ..profile.models import SETTING_LABELS
from ._build import CareerReport

if TYPE_CHECKING:
    import jinja2

__all__ = ["STYLE_SHEET", "render_body", "render_document", "report_pdf", "write_pdf"]

_HERE = Path(__file__).parent
#: The report's style sheet (screen and print), served by the web app as ``/report.css``.
STYLE_SHEET = _HERE / "report.css"

_PRIORITY = {"required": "Required", "recommended": "Recommended", "optional": "Optional"}
_STATE = {
    "eligible": "Eligible",
    "likely": "Likely eligible",
    "unclear": "Eligibility unclear",
    "not_eligible": "Not eligible",
}
_VERDICT = {"can_apply": "You can apply", "stretch": "A stretch", "cannot_apply": "Cannot apply"}
_REMOTE = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On site"}
_PREFS = {
    "remote": {"required": "remote only", "preferred": "remote or hybrid", "no_preference": "no preference", "avoid": "in person"},
    "pay_model": {"salary": "salary or hourly", "commission_ok": "commission is fine", "business": "business income"},
    "schedule": {"nine_to_five": "9-to-5", "flexible": "any hours"},
    "extra_education": {"none": "none", "certificate_ok": "a certificate at most", "degree_ok": "a degree is fine"},
}  # fmt: skip


def _jinja() -> Any:
    try:
        import jinja2
    except ImportError:
        raise ReportError(
            "the career-plan report needs Jinja2, which is not installed",
            hint="pip install 'otpath[pdf]' (or 'otpath[web]')",
        ) from None
    return jinja2


@cache
def _environment() -> jinja2.Environment:
    jinja2 = _jinja()
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = lambda v, currency="USD": "" if v is None else format_money(float(v), currency)
    env.filters["setting_label"] = lambda key: SETTING_LABELS.get(key, key)
    env.globals["role_titles"] = {r.id: r.title for r in default_catalog().roles.values()}
    env.globals["range_chart"] = lambda *a, **kw: Markup(charts.range_chart(*a, **kw))
    env.globals["priority_words"] = _PRIORITY
    env.globals["state_words"] = _STATE
    env.globals["verdict_words"] = _VERDICT
    env.globals["remote_words"] = _REMOTE
    env.globals["pref_words"] = _PREFS
    env.globals["no_local_pay"] = no_local_pay
    return env


def render_body(report: CareerReport, *, app_links: bool = False) -> str:
    """The report as an ``<article>`` (HTML text, escaped). ``app_links`` links roles,
    postings and the postings to check to the web app's pages; without, only to
    http(s) addresses (postings' own, the sources')."""
    env = _environment()
    return str(
        env.get_template("body.html").render(
            r=report, src_no=report.source_numbers(), app_links=app_links
        )
    )


def render_document(report: CareerReport) -> str:
    """The report as a complete HTML file with its style sheet inside (no script, no
    external file): what ``otpath report`` writes."""
    env = _environment()
    return str(
        env.get_template("document.html").render(
            r=report,
            body=render_body(report),
            style=STYLE_SHEET.read_text(encoding="utf-8"),
        )
    )


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise ReportError(
            "writing a PDF needs WeasyPrint, which is not installed",
            hint="pip install 'otpath[pdf]', or write HTML (leave out --pdf) and print it from a browser",
        ) from None
    except OSError as exc:  # the Python package is there, Pango (a system library) is not
        raise ReportError(
            f"WeasyPrint cannot load its system libraries: {exc}",
            hint="install Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
            " (Debian, Ubuntu); see WeasyPrint's installation notes for other systems",
        ) from None
    return weasyprint


def report_pdf(report: CareerReport) -> bytes:
    """The report as PDF bytes, laid out for print (A4/Letter-neutral margins)."""
    weasyprint = _weasyprint()
    # Nothing in the document needs fetching; refuse every URL (file:, http:, data:...).
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=())
    html = weasyprint.HTML(string=render_document(report), url_fetcher=fetcher)
    data = html.write_pdf()
    assert isinstance(data, bytes)
    return data


def write_pdf(report: CareerReport, path: Path) -> Path:
    """Write :func:`report_pdf` to ``path``."""
    data = report_pdf(report)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ReportError(
            f"cannot write {path}: {exc.strerror}", hint="choose another file with --out"
        ) from None
    return path
