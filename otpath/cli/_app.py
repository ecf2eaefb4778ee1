"""The Typer app object and the edge where library errors become CLI errors.

Command modules (``catalog_cmds``, ``postings_cmds``, ``web_cmds``) register
their commands on :data:`app`. They import heavy libraries inside the command
functions so that ``otpath --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

app = typer.Typer(
    name="otpath",
    help="Find the non-clinical roles and job postings that fit an OT, COTA, PT, PTA or SLP.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DB_OPTION_HELP = "SQLite store to use (env OTPATH_DB; default: the user data directory)."


def resolve_db(db: Path | None) -> Path:
    """The store path from --db, else OTPATH_DB, else the user data directory."""
    if db is not None:
        return db
    from ..settings import load_settings

    return load_settings(os.environ).db_path


def command(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
    """``app.command`` that turns :class:`OtpathError` into ``Error: ...`` and exit code 2.

    Use it instead of ``@app.command()`` in every command module.
    """
    import functools

    def deco(fn):  # type: ignore[no-untyped-def]
        @functools.wraps(fn)
        def wrapper(*a, **kw):  # type: ignore[no-untyped-def]
            from ..errors import OtpathError
            from ._output import safe_text

            try:
                return fn(*a, **kw)
            except OtpathError as exc:
                typer.echo(f"Error: {safe_text(exc)}", err=True)
                if exc.hint:
                    typer.echo(f"Hint: {safe_text(exc.hint)}", err=True)
                raise typer.Exit(2) from None

        return app.command(*args, **kwargs)(wrapper)  # type: ignore[arg-type]

    return deco
