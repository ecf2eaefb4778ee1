"""The one place where errors become responses.

Every 4xx and 5xx goes through :func:`error_response`: API paths
(``/api/...``) get the JSON error envelope, pages get ``{status}.html``
(falling back to ``error.html``)::

    {"error": {"status": 404, "code": "not_found",
               "message": "no role 'x'", "field": null}}

Library errors (:class:`otpath.errors.OtpathError`) are mapped to a status by
their class in :data:`LIBRARY_ERRORS`; an unexpected exception is logged here,
on the server, and answered with a plain 500 that carries no traceback.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from jinja2 import TemplateNotFound
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ..errors import (
    CatalogError,
    NotFoundError,
    OtpathError,
    ProfileError,
    SearchQueryError,
    SearchTimeoutError,
    SourceError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    TrackerError,
)
from ..profile.models import Preferences
from ._templating import render
from ._uploads import UploadRejected

__all__ = [
    "API_PARAMETERS",
    "ERROR_CODES",
    "LIBRARY_ERRORS",
    "CatchAllMiddleware",
    "api_words",
    "error_response",
    "install_error_handlers",
    "is_api",
    "redact_paths",
    "refuse",
]

log = logging.getLogger("otpath.web")

ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "service_unavailable",
    507: "storage_full",
}

# Library error class -> (status, code). The first matching class wins (subclasses first).
LIBRARY_ERRORS: tuple[tuple[type[OtpathError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (ProfileError, 422, "invalid_profile"),
    (SearchQueryError, 422, "invalid_query"),
    (SearchTimeoutError, 503, "search_timeout"),
    (TrackerError, 422, "invalid_application"),
    (SourceError, 422, "invalid_upload"),
    (StoreFullError, 507, "storage_full"),
    (StoreReadOnlyError, 503, "store_read_only"),
    (StoreError, 500, "store_error"),
    (CatalogError, 500, "catalog_error"),
    (OtpathError, 400, "bad_request"),
)

_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    415: "Unsupported file type",
    422: "Invalid input",
    500: "Something went wrong",
    503: "Not available right now",
    507: "The disk is full",
}


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    code: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The API envelope or the ``{status}.html`` page, for any error status."""
    code = code or ERROR_CODES.get(status, "error")
    if is_api(request):
        body = {"error": {"status": status, "code": code, "message": message, "field": field}}
        return JSONResponse(body, status_code=status, headers=headers)
    context: dict[str, Any] = {
        "status": status,
        "code": code,
        "message": message,
        "field": field,
        "error_title": _TITLES.get(status, "Error"),
    }
    templates = request.app.state.templates
    name = f"{status}.html"
    try:
        templates.get_template(name)
    except TemplateNotFound:
        name = "error.html"
    return render(request, name, context, status_code=status, headers=headers)


def _http_message(request: Request, exc: StarletteHTTPException) -> str:
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and detail in (None, "Not Found"):
        if is_api(request):
            return f"No API endpoint at {request.url.path}; see /api/v1/openapi.json."
        return f"There is no page at {request.url.path}."
    if exc.status_code == 405 and detail in (None, "Method Not Allowed"):
        allow = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow")
        extra = f"; use {allow}" if allow else ""
        return f"{request.method} is not allowed on {request.url.path}{extra}."
    return detail or _TITLES.get(exc.status_code, "Error")


def _field_of(loc: Any) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or None


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return error_response(request, exc.status_code, _http_message(request, exc), headers=headers)


_PREFERENCE_KEYS = frozenset(Preferences.model_fields)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first: dict[str, Any] = dict(errors[0]) if errors else {"loc": (), "msg": "invalid request"}
    if first.get("type") == "json_invalid":
        detail = (first.get("ctx") or {}).get("error", "")
        message = (
            f"The body is not valid JSON ({detail})." if detail else "The body is not valid JSON."
        )
        return error_response(request, 422, message, code="validation_error", field=None)
    field = _field_of(first.get("loc", ()))
    msg = str(first.get("msg", "invalid request"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if first.get("type") == "extra_forbidden" and field in _PREFERENCE_KEYS:
        # {"pay_floor": 85000} beside "credentials": the CLI's flags are flat, a profile is not
        msg = f'this answer belongs in "preferences": {{"preferences": {{"{field}": ...}}}}'
    message = f"{field}: {msg}" if field else msg
    return error_response(request, 422, message, code="validation_error", field=field)


async def _on_library(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OtpathError)
    status, code = next(
        ((st, co) for cls, st, co in LIBRARY_ERRORS if isinstance(exc, cls)), (400, "bad_request")
    )
    if status >= 500:
        log.error("library error on %s %s: %s", request.method, request.url.path, exc)
    message, hint = str(exc), exc.hint
    if is_api(request):
        message, hint = api_words(message), exc.api_hint or (hint and api_words(hint))
    if hint and not _cli_only(hint):
        message = f"{message} ({hint})"
    message = redact_paths(request, message)
    field = getattr(exc, "field", None)
    if field is None and isinstance(exc, SearchQueryError):
        field = query_field(str(exc))
    return error_response(request, status, message, code=code, field=field)


_QUERY_FIELDS = frozenset(
    {
        "q",
        "family",
        "role",
        "remote",
        "credential",
        "min_pay",
        "min_pay_currency",
        "posted_within",
        "company",
        "page",
        "per_page",
    }
)


def query_field(message: str) -> str | None:
    """The filter a SearchQueryError is about: ``unknown family 'x'`` -> ``family``."""
    m = re.match(r"(?:unknown |invalid )?(?:--)?([a-z][a-z_-]*)", message)
    name = m.group(1).replace("-", "_") if m else None
    return name if name in _QUERY_FIELDS else None


#: The command line's search options and the API parameter of the same meaning. The
#: library's messages name the option (the CLI prints them as they are); the API names its
#: own parameter instead, as the search form names its label
#: (:func:`otpath.web._views.search_error_text`). A test checks each option against
#: ``otpath search --help``.
API_PARAMETERS: dict[str, str] = {
    "--family": "family",
    "--role": "role",
    "--remote": "remote",
    "--credential": "credential",
    "--min-pay": "min_pay",
    "--currency": "min_pay_currency",
    "--posted-within": "posted_within",
    "--company": "company",
    "--literal": "literal",
    "--all": "include_unrelated",
    "--page": "page",
    "--per-page": "per_page",
}

# An option as a message names it: not inside a quoted value ('--role' stays as typed).
_OPTION = re.compile(r"(?<![^\s(])--[a-z]+(?:-[a-z]+)*")


def api_words(message: str) -> str:
    """``message`` with the command-line options it names put as the API's parameters.

    >>> api_words("invalid --posted-within 'soon': use a positive number and a unit")
    "invalid posted_within 'soon': use a positive number and a unit"
    >>> api_words("unknown family '--role'; pass --db")
    "unknown family '--role'; pass --db"
    """
    return _OPTION.sub(lambda m: API_PARAMETERS.get(m.group(0), m.group(0)), message)


async def _on_upload(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UploadRejected)
    return error_response(request, exc.status, exc.message, code=exc.code, field="file")


_CLI_WORDS = re.compile(r"--[a-z]|\botpath [a-z]|OTPATH_")


def _cli_only(hint: str) -> bool:
    """A hint in command-line terms (``--db``, ``otpath ingest``): no use on a web page."""
    return _CLI_WORDS.search(hint) is not None


def redact_paths(request: Request, message: str) -> str:
    """``message`` with the server's own file paths (store, profile, upload folders)
    replaced by their file names: an answer never shows where files live."""
    cfg = getattr(request.app.state, "otpath", None)
    if cfg is not None:
        for path in (cfg.db_path, cfg.profile_path):
            for form in {str(path), str(path.resolve())}:
                message = message.replace(form, path.name)
    return _TEMP_UPLOAD.sub(r"\1", message)


_TEMP_UPLOAD = re.compile(r"/\S*?otpath-(?:upload|import)-[^/\s]+/(upload\.\w+)")


async def refuse(scope: Any, receive: Any, send: Any, status: int, code: str, message: str) -> None:
    """Answer ``scope`` with an error (page or envelope) before any route runs."""
    response = error_response(Request(scope), status, message, code=code)
    await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(OtpathError, _on_library)
    app.add_exception_handler(UploadRejected, _on_upload)


class CatchAllMiddleware:
    """Log an unexpected exception server-side and answer a plain 500 (no traceback)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            request = Request(scope)
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            message = "An unexpected error happened. It has been logged on this computer."
            response = error_response(request, 500, message, code="internal_error")
            await response(scope, receive, send)
