"""Templates, per-app configuration and the CSRF check for HTML forms.

Every page goes through :func:`render`, which adds the common context
(``csrf_token``, whether a profile is saved) and sets the CSRF cookie when
the browser has no valid one yet. Every state-changing form handler starts
with :func:`checked_form`, which answers 403 unless the hidden field matches
the cookie.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, Response

from .. import charts
from ..errors import ProfileError
from ..fit.pay import no_local_pay
from ..money import format_money
from ..profile import Profile, read_profile
from ..profile.models import setting_words
from ..profile.named import DEFAULT_PROFILE, ProfileRef, named_profile
from ._cache import ProfileSignature, WebCache, profile_signature
from ._imports import ImportJobs
from ._render import factor_chart, highlight, snippet_html
from ._security import Csrf

__all__ = [
    "PROFILE_COOKIE",
    "TEMPLATES_DIR",
    "STATIC_DIR",
    "WebConfig",
    "active_profile",
    "cached_page",
    "checked_form",
    "make_templates",
    "options",
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
    cache: WebCache
    #: Longest a search or a page's reads may run (seconds; 0: no limit).
    search_seconds: float
    imports: ImportJobs = field(default_factory=ImportJobs)



_SOURCE_KEY = re.compile(r"\bS\d+\b")


def about_sources() -> list[Any]:
    """The catalog's sources in the About page's order (by grade, then title): its
    numbered list, which source keys in notes link to (:func:`cite_sources`)."""
    from ..catalog import default_catalog

    return sorted(default_catalog().sources.values(), key=lambda s: (s.grade, s.title.lower()))


@lru_cache(maxsize=1)
def _source_numbers() -> dict[str, tuple[int, str]]:
    """Each catalog source key's number on the About page's list, and its title."""
    return {s.key: (i + 1, s.title) for i, s in enumerate(about_sources())}


def cite_sources(text: object, on_page: dict[str, int] | None = None) -> Markup:
    """``text`` (escaped) with each source key in it ("S112", "[S135]") written as a link
    to that source on the About page ("source 12"): the catalog's notes cite sources by key.
    ``on_page`` (key -> number) links the keys a page lists itself to that list ("[2]")."""
    numbers = _source_numbers()

    def link(m: re.Match[str]) -> str:
        if on_page and m.group(0) in on_page:
            n = on_page[m.group(0)]
            return f'<a class="source-ref" href="#src-{n}" aria-label="Source {n}">source {n}</a>'
        found = numbers.get(m.group(0))
        if found is None:
            return m.group(0)
        number, title = found
        return f'<a class="source-ref" href="/about#source-{m.group(0)}" title="{escape(title)}">source {number}</a>'

    return Markup(_SOURCE_KEY.sub(link, str(escape(str(text)))))

def web_config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.otpath
    return cfg


#: The cookie that holds the name of the profile this browser works with.
PROFILE_COOKIE = "otpath_profile"


def active_profile(request: Request) -> ProfileRef:
    """The profile this browser picked (``/profiles``), else the default profile.

    The cookie holds a profile *name* only, checked against the name rule, so it can
    only ever point at a file in the profiles folder.
    """
    cfg = web_config(request)
    name = request.cookies.get(PROFILE_COOKIE) or DEFAULT_PROFILE
    try:
        return named_profile(name, default_path=cfg.profile_path)
    except ProfileError:
        return named_profile(DEFAULT_PROFILE, default_path=cfg.profile_path)


def saved_profile(request: Request) -> Profile | None:
    """The active profile as saved by the quiz, or ``None`` when there is none yet.

    Read again whenever the file changes (see :func:`profile_signature`).
    """
    cfg = web_config(request)
    path = active_profile(request).path
    signature = _signature(request, path)
    if signature is None:
        return None
    return cfg.cache.memo(
        ("profile", str(path), signature),
        lambda: read_profile(path),
        size=lambda _: 2048,
    )


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
    "breaks_must": "Breaks your must",
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


def money(value: float | int | None, currency: str | None = "USD") -> str:
    """``61500`` -> ``$61,500``; ``money(35000, "GBP")`` -> ``£35,000``."""
    if value is None:
        return ""
    return format_money(float(value), currency)


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
        # templates ship with the package: no stat of three files on every page
        auto_reload=False,
    )
    env.filters["words"] = words
    env.filters["setting"] = setting_words  # "skilled nursing (SNF)", as match and fit say it
    env.filters["sources"] = cite_sources
    env.filters["money"] = money
    env.filters["web_url"] = web_url
    env.globals["factor_chart"] = factor_chart
    for name, chart in CHARTS.items():
        env.globals[name] = _safe(chart)
    env.filters["amount"] = money_in
    env.globals["highlight"] = highlight
    env.globals["snippet_html"] = snippet_html
    env.globals["urlencode"] = _urlencode
    env.globals["options"] = options
    env.globals["no_local_pay"] = no_local_pay
    return Jinja2Templates(env=env)


@lru_cache(maxsize=1024)
def options(choices: tuple[tuple[str, str], ...], selected: str | None) -> Markup:
    """``<option>`` elements of ``(value, label)`` choices, ``selected`` marked: what a
    ``{% for %}`` loop over them writes, made once per list and choice (a search page
    lists some 80 options, escaping each value and label on every page).

        >>> options((("", "Any"), ("remote", "Remote & more")), "remote")
        Markup('<option value="">Any</option><option value="remote" selected>Remote &amp; more</option>')
    """
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            value, Markup(" selected") if selected == value else "", label
        )
        for value, label in choices
    )


def _safe(chart: Callable[..., str]) -> Callable[..., Markup]:
    """A chart of :mod:`otpath.charts` (which escapes every text itself) as Markup."""

    def wrapped(*args: Any, **kwargs: Any) -> Markup:
        return Markup(chart(*args, **kwargs))

    return wrapped


def money_in(value: float | None, currency: str = "USD", short: bool = False) -> str:
    """``{{ 61500|amount("GBP") }}`` -> ``£61,500``."""
    return "" if value is None else charts.money(value, currency, short=short)


CHARTS: dict[str, Callable[..., str]] = {
    "share_chart": charts.share_chart,
    "pay_chart": charts.pay_chart,
    "time_chart": charts.time_chart,
    "range_chart": charts.range_chart,
}


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
    token, fresh = _csrf_token(request)
    active = active_profile(request)
    ctx: dict[str, Any] = {
        "nav": "",
        "csrf_field": cfg.csrf.field_name,
        "csrf_token": token,
        "has_profile": _is_file(request, active.path),
        "active_profile": active,
        "max_upload_mb": round(cfg.max_upload_bytes / (1024 * 1024), 1),
    }
    ctx.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, name, ctx, status_code=status_code, headers=headers
    )
    return _finish(request, response, token if fresh else None)


def _csrf_token(request: Request) -> tuple[str, bool]:
    """The browser's valid CSRF token, or a new one (``fresh``) to set as a cookie."""
    csrf = web_config(request).csrf
    cookie = request.cookies.get(csrf.cookie_name)
    if cookie and csrf.is_signed(cookie):
        return cookie, False
    return csrf.new_token(), True


def _finish(request: Request, response: Response, new_token: str | None) -> Response:
    response.headers["Cache-Control"] = "no-store"
    if new_token is not None:
        name = web_config(request).csrf.cookie_name
        response.set_cookie(name, new_token, httponly=True, samesite="strict", path="/")
    return response


def _shows_csrf_token(request: Request, response: HTMLResponse) -> bool:
    """Whether the page holds a CSRF token: the browser's, the one just set, or a form field."""
    csrf = web_config(request).csrf
    body = bytes(response.body)
    if f'name="{csrf.field_name}"'.encode() in body:
        return True
    tokens = [request.cookies.get(csrf.cookie_name) or ""]
    prefix = f"{csrf.cookie_name}="
    for header in response.headers.getlist("set-cookie"):
        if header.startswith(prefix):
            tokens.append(header[len(prefix) :].split(";", 1)[0].strip('"'))
    return any(token and token.encode() in body for token in tokens)


# A GET page looks at the saved profile's file three times (the cache key, the profile,
# "has a profile" in the menu); cached_page stats it once for the request.
_STAT = "otpath_profile_stat"


def _stat(request: Request, path: Path) -> tuple[bool, os.stat_result | None]:
    """``(True, the profile file's os.stat or None)`` as :func:`cached_page` took it for
    ``path``; ``(False, None)`` when it did not (outside a cached page, another file)."""
    held = getattr(request.state, _STAT, None)
    if held is not None and held[0] == path:
        return True, held[1]
    return False, None


def _signature(request: Request, path: Path) -> ProfileSignature:
    taken, st = _stat(request, path)
    if not taken:
        return profile_signature(path)
    return None if st is None else (st.st_ino, st.st_size, st.st_mtime_ns)


def _is_file(request: Request, path: Path) -> bool:
    taken, st = _stat(request, path)
    if not taken:
        return path.is_file()
    return st is not None and stat.S_ISREG(st.st_mode)


def cached_page(request: Request, build: Callable[[], Response]) -> Response:
    """``build()``'s page, or the same page from the cache (see :mod:`otpath.web._cache`).

    The key is the URL, the store's generation, the active profile's name and its
    file's signature, and the date: everything a GET page here depends on besides the CSRF token. A page
    whose body holds the token (a form), or whose status is not 200, is not kept.
    """
    cfg = web_config(request)
    cache = cfg.cache
    if not cache.enabled:
        return build()
    active = active_profile(request)
    try:
        st: os.stat_result | None = os.stat(active.path)
    except FileNotFoundError:
        st = None
    setattr(request.state, _STAT, (active.path, st))
    key = (
        "page",
        request.url.path,
        request.url.query,
        cache.generation(),
        active.name,
        _signature(request, active.path),
        date.today(),  # "posted within 7 days" moves at midnight
    )
    built: Response | None = None

    def compute() -> bytes | None:
        nonlocal built
        built = build()
        if (
            built.status_code == 200
            and isinstance(built, HTMLResponse)
            and not _shows_csrf_token(request, built)
        ):
            return bytes(built.body)
        return None  # not kept; anyone waiting for this key builds their own

    body = cache.memo(key, compute, size=lambda kept: len(kept or b""))  # kept: never None
    if built is not None:
        return built
    assert body is not None  # memo computes (setting ``built``) when it has no body
    token, fresh = _csrf_token(request)
    return _finish(request, HTMLResponse(body), token if fresh else None)


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
