"""Web command: ``otpath serve`` starts the pages and JSON API on this computer.

FastAPI, Jinja2 and uvicorn are the optional ``web`` extra; they are imported
only when the command runs, and their absence is an ``Error:`` that names the
``pip install`` to run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from ._app import DB_OPTION_HELP, command, resolve_db, setting_option

# import name(s) -> the package to install
_WEB_MODULES: dict[tuple[str, ...], str] = {
    ("fastapi",): "fastapi",
    ("jinja2",): "jinja2",
    ("uvicorn",): "uvicorn",
    ("python_multipart", "multipart"): "python-multipart",
}


def _require_web_extra() -> None:
    import importlib

    from ..errors import OtpathError

    missing = []
    for names, package in _WEB_MODULES.items():
        for name in names:
            try:
                importlib.import_module(name)
                break
            except ImportError:
                continue
        else:
            missing.append(package)
    if missing:
        raise OtpathError(
            f"the web app needs {', '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} not installed",
            hint="pip install 'otpath[web]'",
        )


#: Seconds ``serve`` waits for running requests when asked to stop.
SHUTDOWN_SECONDS = 2


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


@command("serve")
def serve_cmd(
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    host: str | None = setting_option("host"),
    port: int | None = setting_option("port"),
    profile: Path | None = setting_option("profile_path"),
    cache_mb: int | None = setting_option("web_cache_mb"),
    search_seconds: int | None = setting_option("search_seconds"),
    workers: int | None = setting_option("web_workers"),
    load_sample: bool = typer.Option(
        False,
        "--load-sample",
        help="Import the bundled sample postings (marked as sample data) when the store has none.",
    ),
) -> None:
    """Start the web app and JSON API on this computer (see --host and --port)."""
    _require_web_extra()
    import uvicorn

    from ..settings import load_settings
    from ..store import Store
    from ..web import create_app
    from ..web._security import allowed_host_names

    settings = load_settings(os.environ)
    db_path = resolve_db(db)
    host = host or settings.host
    port = settings.port if port is None else port
    profile_path = profile or settings.profile_path
    cache_mb = settings.web_cache_mb if cache_mb is None else cache_mb
    search_seconds = settings.search_seconds if search_seconds is None else search_seconds
    workers = settings.web_workers if workers is None else workers

    with Store.open(db_path) as store:
        if load_sample:
            if store.count_postings() == 0:
                from ..samples import load_samples

                report = load_samples(store)
                typer.echo(f"Loaded {report.new} sample postings (marked as sample data).")
            else:
                from ..samples import refresh_samples

                refreshed = None if store.read_only else refresh_samples(store)
                if refreshed is not None:
                    typer.echo(
                        f"Replaced the sample postings with this otpath's {refreshed.new} (they had changed)."
                    )
                else:
                    typer.echo("The store already has postings: sample postings not loaded.")
        if store.read_only:
            typer.echo(
                "Note: the store is read-only: searching works, importing does not.", err=True
            )
        _renew_answers(store)

    hosts = allowed_host_names(host, settings.allowed_hosts)
    config: dict[str, Any] = {
        "db_path": db_path,
        "profile_path": profile_path,
        "max_upload_bytes": settings.max_upload_bytes,
        "cache_bytes": cache_mb * 1024 * 1024,
        "allowed_hosts": hosts,
        "search_seconds": search_seconds,
    }
    app = create_app(**config) if workers == 1 else None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            f"Warning: listening on {host}: otpath has no login, so anyone who can reach this "
            "address can see and change your profile and postings.",
            err=True,
        )
        typer.echo(
            f"Answering to the names: {', '.join(hosts)} (add more with OTPATH_ALLOWED_HOSTS).",
            err=True,
        )
    typer.echo(f"Store: {db_path}")
    typer.echo(f"Profile: {profile_path}")
    typer.echo(f"otpath is running at {_url(host, port)} (press Ctrl+C to stop)")
    # On SIGTERM or Ctrl+C, wait at most this long for requests still running; then the
    # app's shutdown interrupts their queries (a search never keeps the server alive).
    if app is not None:
        uvicorn.run(
            app, host=host, port=port, log_level="warning",
            timeout_graceful_shutdown=SHUTDOWN_SECONDS,
        )  # fmt: skip
        return
    # Several processes: uvicorn starts each from the app factory, which reads the same
    # configuration (and one CSRF secret, so their forms are interchangeable).
    from ..web.app import WORKER_CONFIG_ENV, worker_config

    typer.echo(f"Serving with {workers} worker processes.")
    os.environ[WORKER_CONFIG_ENV] = worker_config(**config)
    uvicorn.run(
        "otpath.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
        log_level="warning", timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )  # fmt: skip


def _renew_answers(store: Any) -> None:
    """At start-up, a store classified by an older otpath: its own sample postings are
    reclassified at once (a second's work, nobody's data); a store holding the user's own
    postings is only named, since reclassifying thousands takes a while."""
    from ..ingest import reclassify, stale_note, stale_rules

    stale = stale_rules(store)
    if not stale:
        return
    if not store.read_only and store.count_postings(sample=True) == stale:
        report = reclassify(store)
        typer.echo(f"Reclassified the {report.postings} sample postings with this otpath's rules.")
    else:
        typer.echo(f"Note: {stale_note(stale)}", err=True)
