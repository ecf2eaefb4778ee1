"""Store maintenance: ``otpath resign`` recomputes the near-duplicate signatures.

Heavy modules are imported inside the commands so ``otpath --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import DB_OPTION_HELP, command, resolve_db


@command("resign")
def resign_cmd(
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Recompute the stored postings' near-duplicate signatures (once, when ingest asks)."""
    from ..ingest import resign
    from ..postings.minhash import SCHEME
    from ..store import Store
    from ._output import is_terminal

    db_path = resolve_db(db)
    with Store.open(db_path) as store:
        before = store.minhash_scheme()
        if before == SCHEME:
            typer.echo(f"The signatures in {db_path} are already {SCHEME}: nothing to do.")
            return

        def progress(done: int, total: int) -> None:
            if is_terminal():
                typer.echo(f"\r{done:,} of {total:,} postings re-signed", nl=False, err=True)

        count = resign(store, progress=progress)
    if is_terminal():
        typer.echo(err=True)
    typer.echo(
        f"Re-signed {count:,} postings in {db_path} with {SCHEME}"
        f" (they were {before or 'not recorded'}); ingest can add postings again."
    )
