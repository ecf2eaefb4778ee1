"""``otpath samples``: load the bundled sample postings to try otpath, remove them after."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import DB_OPTION_HELP, app, command, resolve_db

samples_app = typer.Typer(
    help="The sample postings that ship with otpath (made up, marked as sample data).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(samples_app, name="samples")

_DB = typer.Option(None, "--db", help=DB_OPTION_HELP)


@command("remove", group=samples_app)
def samples_remove(db: Path | None = _DB) -> None:
    """Delete every sample posting from the store (tracked applications keep their copy)."""
    from ..samples import remove_samples
    from ..store import Store

    with Store.open(resolve_db(db)) as store:
        removed = remove_samples(store)
        left = store.count_postings()
    typer.echo(f"Removed {removed} sample posting{'s' if removed != 1 else ''}; {left} posting{'s' if left != 1 else ''} left.")


@command("load", group=samples_app)
def samples_load(db: Path | None = _DB) -> None:
    """Import the bundled sample postings (marked as sample data)."""
    from ..samples import load_samples
    from ..store import Store

    with Store.open(resolve_db(db)) as store:
        report = load_samples(store)
    if report.skipped_files:
        typer.echo("The sample postings are already in the store.")
        return
    typer.echo(f"Loaded {report.new} sample postings ({report.summary()}).")


@command("count", group=samples_app)
def samples_count(db: Path | None = _DB) -> None:
    """How many sample postings the store holds."""
    from ..store import Store

    with Store.open(resolve_db(db)) as store:
        typer.echo(str(store.count_postings(sample=True)))
