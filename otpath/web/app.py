"""The otpath web app: server-rendered pages and a JSON API, on one FastAPI app.

    >>> from otpath.web import create_app
    >>> app = create_app(db_path="otpath.db", profile_path="profile.toml")  # doctest: +SKIP

Pages (no JavaScript needed) live in :mod:`otpath.web.pages`; the API under
``/api/v1/`` in :mod:`otpath.web.api`, with its OpenAPI document at
``/api/v1/openapi.json`` (pages are left out of it). Both are thin: each
route parses input, calls one library function and formats the result.

Security choices, all applied here:

* **One error path.** Every 4xx/5xx goes through :mod:`otpath.web._errors`:
  ``{status}.html`` for pages, ``{"error": {status, code, message, field}}``
  for the API. An unexpected exception is logged server-side and answered
  with a 500 that carries no traceback.
* **Headers.** A strict Content-Security-Policy (no inline script or style,
  no third-party anything), ``nosniff``, ``Referrer-Policy: same-origin`` and
  ``X-Frame-Options: DENY`` on every response.
* **Hostile postings.** Posting HTML was sanitised by nh3 at ingest and is
  sanitised again at render time (defence in depth).
* **Host and Origin.** Only the ``Host`` names the server is bound to are
  answered (400 otherwise), which defeats DNS rebinding; any state-changing
  request a browser marks as cross-origin (``Sec-Fetch-Site``, ``Origin``) is
  refused with 403 before it reaches a route -- the JSON API's multipart
  import included, which a hostile page could otherwise send without a CORS
  preflight (:class:`~otpath.web._security.CrossSiteGuard`).
* **CSRF.** HTML forms that change state (``/quiz``, ``/import``) also carry a
  signed double-submit token (cookie + hidden field); a POST without a valid
  one gets 403. The JSON API has no cookies to ride on and insists on
  ``Content-Type: application/json`` (``multipart/form-data`` for import),
  and the app sends no CORS headers at all.
* **Uploads.** Bodies over ``max_upload_bytes`` get 413 ("File too large: the
  limit is 10 MB"), checked on ``Content-Length`` and by counting streamed
  bytes; only .csv/.json/.jsonl/.html/.htm whose content matches; saved under
  a server-chosen temporary name and deleted after ingest.
* **Caching.** Finished pages and expensive reads are kept in memory, keyed by
  the store's generation and the saved profile's signature, so a change to
  either is seen on the next request (:mod:`otpath.web._cache`); pages that
  hold a CSRF token never are.
* **Local only.** ``otpath serve`` binds 127.0.0.1 by default; nothing is
  fetched from the network and no asset comes from a CDN.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..settings import default
from ._cache import WebCache
from ._errors import CatchAllMiddleware, install_error_handlers, refuse
from ._imports import ImportJobs
from ._security import (
    LOOPBACK_NAMES,
    BodyLimitMiddleware,
    CrossSiteGuard,
    Csrf,
    HeadAsGet,
    SecurityHeadersMiddleware,
)
from ._templating import STATIC_DIR, WebConfig, make_templates

__all__ = ["API_PREFIX", "WORKER_CONFIG_ENV", "app_from_env", "create_app", "worker_config"]

API_PREFIX = "/api/v1"
# The declared defaults (otpath.settings), for callers that build the app themselves.
DEFAULT_MAX_UPLOAD_BYTES: int = default("max_upload_bytes")
DEFAULT_CACHE_BYTES: int = default("web_cache_mb") * 1024 * 1024
DEFAULT_SEARCH_SECONDS: int = default("search_seconds")
#: The garbage collector's thresholds while the app serves (Python's are 700, 10, 10).
GC_THRESHOLDS = (10_000, 10, 10)


def create_app(
    *,
    db_path: str | Path,
    profile_path: str | Path | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    csrf_secret: bytes | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    allowed_hosts: Collection[str] = LOOPBACK_NAMES,
    search_seconds: float = DEFAULT_SEARCH_SECONDS,
) -> FastAPI:
    """Build the app for one store and one saved profile.

    ``profile_path`` defaults to the user's config folder (see
    :mod:`otpath.settings`); ``csrf_secret`` defaults to a fresh random secret
    (processes serving the same users must share one); ``cache_bytes`` bounds the
    memory for cached pages and reads, 0 turns caching off; ``allowed_hosts``
    are the ``Host`` names answered (:func:`~otpath.web._security.allowed_host_names`
    gives them for an address; ``"*"`` answers any, and lets DNS rebinding in).
    ``search_seconds`` is the time budget of a search or a page's reads (0: none).
    """
    from . import (
        api,
        api_imports,
        api_market,
        api_tracker,
        import_pages,
        market_pages,
        pages,
        profile_pages,
        report_pages,
        tracker_pages,
    )

    if profile_path is None:
        from ..settings import default_profile_path

        profile_path = default_profile_path()
    cache = WebCache(Path(db_path), max_bytes=cache_bytes)
    imports = ImportJobs()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The caches hold many small objects (verdicts, kept reads) that live as long as
        # the store is unchanged: with Python's default thresholds a full collection
        # walked them all every few hundred pages (~90 ms, the GIL held). The objects of
        # start-up are frozen out of collections, and collections run less often.
        thresholds = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            yield
        finally:
            gc.set_threshold(*thresholds)
            gc.unfreeze()
            imports.close()
            cache.close()

    app = FastAPI(
        title="otpath API",
        version=__version__,
        description=(
            "Non-clinical roles for OT, COTA, PT, PTA and SLP practitioners, their fit for a "
            "profile, and the job postings in the local store. Every error answers with "
            '`{"error": {"status", "code", "message", "field"}}`.'
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load assets from a CDN: off.
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.otpath = WebConfig(
        db_path=Path(db_path),
        profile_path=Path(profile_path),
        max_upload_bytes=max_upload_bytes,
        csrf=Csrf(csrf_secret),
        cache=cache,
        imports=imports,
        search_seconds=search_seconds,
    )
    app.state.templates = make_templates()
    install_error_handlers(app)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(api_tracker.router, prefix=API_PREFIX)
    app.include_router(api_imports.router, prefix=API_PREFIX)
    app.include_router(api_market.router, prefix=API_PREFIX)
    app.include_router(tracker_pages.router)
    app.include_router(import_pages.router)
    app.include_router(market_pages.router)
    app.include_router(profile_pages.router)
    app.include_router(report_pages.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Middleware added last runs first: headers wrap everything, including the 500 page;
    # Host and Origin are checked before a body is read or a route runs.
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_upload_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(CrossSiteGuard, allowed_hosts=tuple(allowed_hosts), refuse=refuse)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


#: The environment variable through which ``otpath serve --web-workers N`` hands its worker
#: processes the app's configuration (JSON, with the CSRF secret they must share).
WORKER_CONFIG_ENV = "OTPATH_WEB_WORKER_CONFIG"


def worker_config(
    *,
    db_path: str | Path,
    profile_path: str | Path,
    max_upload_bytes: int,
    cache_bytes: int,
    allowed_hosts: Collection[str],
    search_seconds: float,
) -> str:
    """:func:`create_app`'s arguments for :func:`app_from_env`, as JSON, with a fresh
    CSRF secret: every worker process of one server signs and checks form tokens with
    it, so a form served by one worker is accepted by another."""
    import json
    import secrets

    return json.dumps(
        {
            "db_path": str(db_path),
            "profile_path": str(profile_path),
            "max_upload_bytes": max_upload_bytes,
            "cache_bytes": cache_bytes,
            "allowed_hosts": list(allowed_hosts),
            "search_seconds": search_seconds,
            "csrf_secret": secrets.token_hex(32),
        }
    )


def app_from_env() -> FastAPI:
    """The app of one worker process of ``otpath serve --web-workers N`` (a uvicorn factory),
    built from :data:`WORKER_CONFIG_ENV` as :func:`worker_config` wrote it."""
    import json
    import os

    cfg = json.loads(os.environ[WORKER_CONFIG_ENV])
    return create_app(
        db_path=cfg["db_path"],
        profile_path=cfg["profile_path"],
        max_upload_bytes=int(cfg["max_upload_bytes"]),
        csrf_secret=bytes.fromhex(cfg["csrf_secret"]),
        cache_bytes=int(cfg["cache_bytes"]),
        allowed_hosts=tuple(cfg["allowed_hosts"]),
        search_seconds=float(cfg["search_seconds"]),
    )
