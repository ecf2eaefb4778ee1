"""The Typer app object and the edge where library errors become CLI errors.

Command modules (``catalog_cmds``, ``postings_cmds``, ``web_cmds``) register
their commands on :data:`app`. They import heavy libraries inside the command
functions so that ``otpath --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..settings import setting

if TYPE_CHECKING:
    from ..profile import Profile
    from ..profile.named import ProfileRef
    from ..store import Store

app = typer.Typer(
    name="otpath",
    help="Find the non-clinical roles and job postings that fit an OT, COTA, PT, PTA or SLP.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def setting_option(name: str) -> Any:
    """The command-line option of the setting ``name`` (see :mod:`otpath.settings`).

    Its default is ``None``, meaning "the setting's value" (environment, else the
    declared default), and its help and range come from the declaration.
    """
    found = setting(name)
    if found.option is None:
        raise ValueError(f"the setting {name} has no command-line option")
    return typer.Option(None, found.option, help=found.option_help(), min=found.low, max=found.high)


DB_OPTION_HELP = setting("db_path").option_help()


def resolve_db(db: Path | None) -> Path:
    """The store path from --db, else OTPATH_DB, else the user data directory."""
    if db is not None:
        return db
    from ..settings import load_settings

    return load_settings(os.environ).db_path


def checked_db(db: Path | None) -> Path:
    """:func:`resolve_db` for a command that only reads the store: a store named with
    ``--db`` must exist. A mistyped ``--db`` used to create an empty store, and the
    command then said "No stored postings fit this profile", blaming the profile.

    The default store (``OTPATH_DB``, else the user data folder) may not exist yet on a
    fresh computer; its path is returned as it is (see :func:`open_store_to_read`).
    """
    path = resolve_db(db)
    if db is not None and not path.exists():
        from ..errors import NotFoundError

        raise NotFoundError(
            f"no store at {path}",
            hint=f"check the path, or create the store by importing postings: otpath ingest FILE --db {path}",
        )
    return path


def open_store_to_read(db: Path | None) -> Store:
    """The store a command only reads, never created by it: the one :func:`checked_db`
    names, or, when the default store does not exist yet, an empty in-memory store
    (its ``path`` is ``None``; say :func:`no_store_yet`)."""
    from ..store import Store

    path = checked_db(db)
    return Store.open(path) if path.exists() else Store.memory()


def no_store_yet(db: Path | None) -> str:
    """What a reading command says when the default store does not exist yet."""
    return (
        f"No store yet at {resolve_db(db)}: import postings with 'otpath ingest FILE'"
        " (or 'otpath fetch'; 'otpath samples load' adds made-up ones to try otpath)."
    )


#: ``--profile`` on every command: a profile name or a file (the setting's own help).
PROFILE_OPTION_HELP = setting("profile_path").option_help()


def resolve_profile_option(value: str | None) -> ProfileRef:
    """What ``--profile`` names: a named profile, a file, or the default profile."""
    from ..profile.named import resolve_profile
    from ..settings import load_settings

    return resolve_profile(value, default_path=load_settings(os.environ).profile_path)


def load_profile_option(value: str | None) -> Profile:
    """The profile ``--profile`` names, read; a missing one is an error with a hint."""
    from ..errors import NotFoundError
    from ..profile import read_profile

    ref = resolve_profile_option(value)
    if not ref.path.exists():
        named = "" if ref.is_default else f" --profile {ref.name}"
        raise NotFoundError(
            f"no saved profile {ref.name!r} ({ref.path})",
            hint=f"answer the quiz first: otpath quiz{named}",
        )
    return read_profile(ref.path)


def optional_profile(value: str | None) -> tuple[ProfileRef, Profile] | None:
    """For a command that works without a profile (search, posting): the profile
    ``--profile`` names, else the saved default one, as 'otpath jobs' uses it; ``None``
    when no ``--profile`` is given and no profile is saved yet."""
    ref = resolve_profile_option(value)
    if value is None and not ref.exists:
        return None
    return ref, load_profile_option(value)


def command(*args: object, group: typer.Typer | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    """``app.command`` that turns :class:`OtpathError` into ``Error: ...`` and exit code 2.

    Use it instead of ``@app.command()`` in every command module; ``group`` registers
    the command on a sub-command group (``otpath track ...``) instead.
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

        return (group or app).command(*args, **kwargs)(wrapper)  # type: ignore[arg-type]

    return deco
