"""Store maintenance: ``otpath resign`` recomputes the near-duplicate signatures,
``otpath reclassify`` the answers (relevance, role, requirements) an older otpath stored.

Heavy modules are imported inside the commands so ``otpath --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import DB_OPTION_HELP, checked_db, command


@command("resign")
def resign_cmd(
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Recompute the stored postings' near-duplicate signatures (once, when ingest asks)."""
    from ..ingest import resign
    from ..postings.minhash import SCHEME
    from ..store import Store
    from ._output import is_terminal

    db_path = checked_db(db)  # a mistyped --db is not a store to create
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


@command("reclassify")
def reclassify_cmd(
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    force: bool = typer.Option(
        False, "--force", help="Run even when the store says its answers are this otpath's."
    ),
) -> None:
    """Classify the stored postings again with this otpath's rules (after an upgrade).

    Relevance, family, role, remote, credentials, years and pay are recomputed from each
    posting's stored text; ids, sources and duplicates stay. Safe to interrupt and rerun.
    """
    from ..ingest import reclassify, stale_rules
    from ..rules import fingerprint
    from ..store import Store
    from ._output import is_terminal, progress_bar

    db_path = checked_db(db)  # a mistyped --db is not a store to create
    with Store.open(db_path) as store:
        if not force and not stale_rules(store):
            typer.echo(
                f"The answers in {db_path} are already this otpath's ({fingerprint()}): nothing to do."
            )
            return
        before = store.rules_fingerprint()
        if is_terminal():
            bar = progress_bar("postings")
            with bar:
                task = bar.add_task("Reclassifying", total=store.count_postings())
                report = reclassify(
                    store, progress=lambda done, total: bar.update(task, completed=done)
                )
        else:
            report = reclassify(store)
    typer.echo(
        f"Reclassified {report.postings:,} postings in {db_path} with {fingerprint()}"
        f" (they were {before or 'not recorded'}): {report.changed:,} changed."
    )
    if report.changed:
        for name in ("relevance", "family", "role", "remote", "credentials", "years"):
            typer.echo(f"  {name:<12} {getattr(report, name):>7,}")
    if report.failed:
        shown = ", ".join(report.failed_ids[:10]) + (" ..." if report.failed > 10 else "")
        typer.echo(
            f"{report.failed:,} posting{'s' if report.failed != 1 else ''} could not be read again"
            f" and keep {'their' if report.failed != 1 else 'its'} answers: {shown}",
            err=True,
        )
