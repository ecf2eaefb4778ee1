"""Templates, per-app configuration and the CSRF check for HTML forms.

Every page goes through :func:`render`, which adds the common context
(``csrf_token``, whether a profile is saved) and sets the CSRF cookie when
the browser has no valid one yet. Every state-changing form handler starts
with :func:`checked_form`, which answers 403 unless the hidden field matches
the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.responses import Response

from ..profile import Profile, read_profile
from ._render import factor_chart, highlight, snippet_html
from ._security import Csrf

__all__ = [
    "TEMPLATES_DIR",
    "STATIC_DIR",
    "WebConfig",
    "checked_form",
    "make_templates",
    "render",
    "saved_profile",
    "web_config",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True, kw_only=True)
class WebConfig:
    """What one app instance needs to know; stored on ``app.state.otpath``."""

    db_path: Path
    profile_path: Path
    max_upload_bytes: int
    csrf: Csrf


def web_config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.otpath
    return cfg


def saved_profile(request: Request) -> Profile | None:
    """The profile saved by the quiz, or ``None`` when there is none yet."""
    path = web_config(request).profile_path
    if not path.exists():
        return None
    return read_profile(path)


_WORDS = {
    "remote": "Remote",
    "hybrid": "Hybrid",
    "onsite": "On site",
    "varies": "Varies",
    "unknown": "Not stated",
    "none": "None",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "salary": "Salary",
    "hourly": "Hourly",
    "salary_plus_commission": "Salary plus commission",
    "business_income": "Business income",
    "nine_to_five": "9-to-5",
    "flexible": "Flexible",
    "certification_recommended": "Certification recommended",
    "certification_required": "Certification required",
    "degree": "Further degree",
    "business_startup": "Start a business",
    "can_apply": "You can apply",
    "stretch": "A stretch",
    "cannot_apply": "Cannot apply",
    "required": "Required",
    "recommended": "Recommended",
    "optional": "Optional",
}


def words(value: object) -> str:
    """``salary_plus_commission`` -> ``Salary plus commission``."""
    if value is None:
        return ""
    text = str(value)
    return _WORDS.get(text, text.replace("_", " ").capitalize())


def money(value: float | int | None) -> str:
    if value is None:
        return ""
    if value >= 1000:
        return f"${value:,.0f}"
    return f"${value:,.2f}".removesuffix(".00")


def web_url(url: str | None) -> str:
    """``url`` when it is an http(s) address, else ``""`` (postings are hostile input)."""
    if not url:
        return ""
    text = url.strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["words"] = words
    env.filters["money"] = money
    env.filters["web_url"] = web_url
    env.globals["factor_chart"] = factor_chart
    env.globals["highlight"] = highlight
    env.globals["snippet_html"] = snippet_html
    env.globals["urlencode"] = _urlencode
    return Jinja2Templates(env=env)


def _urlencode(params: dict[str, Any]) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)}, doseq=True)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render ``name`` with the common context; keep the CSRF cookie current."""
    cfg = web_config(request)
    csrf = cfg.csrf
    cookie = request.cookies.get(csrf.cookie_name)
    token = cookie if cookie and csrf.is_signed(cookie) else None
    fresh = token is None
    if token is None:
        token = csrf.new_token()
    ctx: dict[str, Any] = {
        "nav": "",
        "csrf_field": csrf.field_name,
        "csrf_token": token,
        "has_profile": cfg.profile_path.exists(),
        "max_upload_mb": round(cfg.max_upload_bytes / (1024 * 1024), 1),
    }
    ctx.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, name, ctx, status_code=status_code, headers=headers
    )
    response.headers["Cache-Control"] = "no-store"
    if fresh:
        response.set_cookie(csrf.cookie_name, token, httponly=True, samesite="strict", path="/")
    return response


async def checked_form(request: Request) -> FormData:
    """The posted form, after the CSRF check (403 when the token is missing or wrong)."""
    form = await request.form()
    csrf = web_config(request).csrf
    field = form.get(csrf.field_name)
    cookie = request.cookies.get(csrf.cookie_name)
    if not csrf.check(cookie, field if isinstance(field, str) else None):
        await form.close()
        raise HTTPException(
            status_code=403,
            detail=(
                "This form could not be accepted: its security token is missing or out of date. "
                "Go back, reload the page and send the form again."
            ),
        )
    return form
