"""``otpath track``: the applications tracker on the command line.

Each command parses its options, calls one function of :mod:`otpath.tracker` and
prints the result; ``--profile`` picks whose list (a name, or a profile file).
``--profile`` and ``--db`` mean the same before the sub-command (``otpath track -p ana
list``) as after it (``otpath track list -p ana``): see :func:`_scope`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ._app import (
    DB_OPTION_HELP,
    PROFILE_OPTION_HELP,
    app,
    checked_db,
    command,
    open_store_to_read,
    resolve_db,
    resolve_profile_option,
)

track_app = typer.Typer(
    help="Track your applications: save a posting, then mark it applied, interviewing, "
    "offer, rejected or withdrawn. Without a sub-command: your board.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(track_app, name="track")

_PROFILE = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP)
_DB = typer.Option(None, "--db", help=DB_OPTION_HELP)


def _open(db: Path | None, *, create: bool = False) -> Any:
    """The store to change. Only ``add`` and ``import`` (``create``) may create the one
    ``--db`` names; the others change what is already in it, so a mistyped ``--db`` is
    an error naming it (see :func:`~otpath.cli._app.checked_db`)."""
    from ..store import Store

    return Store.open(resolve_db(db) if create else checked_db(db))


def _name(profile: str | None) -> str:
    return resolve_profile_option(profile).name


def _scope(ctx: typer.Context, profile: str | None, db: Path | None) -> tuple[str | None, Path | None]:
    """The ``--profile`` and ``--db`` a sub-command works on: its own, else those given
    to ``otpath track`` before it. Without this, ``otpath track -p ana save ID`` saved
    to the default profile's list while saying "Saved". Given in both places, they must
    agree."""
    from ..errors import TrackerError

    outer = ctx.parent.params if ctx.parent is not None else {}
    chosen: list[Any] = []
    for option, inner, before in (("--profile", profile, outer.get("profile")), ("--db", db, outer.get("db"))):
        if inner is not None and before is not None and str(inner) != str(before):
            raise TrackerError(
                f"{option} is given twice, as {str(before)!r} and {str(inner)!r}",
                hint=f"give {option} once, before or after the sub-command",
            )
        chosen.append(inner if inner is not None else before)
    return chosen[0], chosen[1]


def _print_board(profile: str | None, db: Path | None, *, status: str | None, json_out: bool) -> None:
    from ..tracker import STATUS_LABELS, STATUSES, list_applications
    from ._output import echo_json, print_table

    name = _name(profile)
    with open_store_to_read(db) as store:
        apps = list_applications(store, profile=name, status=status)
    if json_out:
        echo_json([a.model_dump(mode="json", exclude={"description_html"}) for a in apps])
        return
    order = {s: i for i, s in enumerate(STATUSES)}
    apps.sort(key=lambda a: (order[a.status], -a.updated_at.timestamp()))
    print_table(
        ["id", "status", "since", "title", "company", "next step", "by", "posting"],
        [
            (
                a.id,
                STATUS_LABELS[a.status],
                a.date_of(a.status),
                a.title,
                a.company,
                a.next_step,
                a.next_step_on,
                (a.posting_id or "")[:12] + ("" if a.in_store or not a.posting_id else " (removed)"),
            )  # fmt: skip
            for a in apps
        ],
        title=f"Applications of profile {name}",
    )
    if not apps:
        typer.echo(
            f"No applications tracked for profile {name!r} yet; save a posting with"
            " 'otpath track save POSTING_ID' (ids from 'otpath jobs' or 'otpath search').",
            err=True,
        )
        return
    counts = {s: sum(1 for a in apps if a.status == s) for s in STATUSES}
    typer.echo(
        ", ".join(f"{STATUS_LABELS[s].lower()} {n}" for s, n in counts.items() if n), err=True
    )


@track_app.callback()
def track_main(
    ctx: typer.Context,
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Track your applications. Without a sub-command, prints your board."""
    if ctx.invoked_subcommand is not None:
        return
    from ..errors import OtpathError

    try:
        _print_board(profile, db, status=None, json_out=False)
    except OtpathError as exc:
        typer.echo(f"Error: {exc}", err=True)
        if exc.hint:
            typer.echo(f"Hint: {exc.hint}", err=True)
        raise typer.Exit(2) from None


@command("list", group=track_app)
def track_list(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help="Only this status: saved, applied, interviewing, offer, rejected, withdrawn."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """List tracked applications, by status."""
    profile, db = _scope(ctx, profile, db)
    _print_board(profile, db, status=status, json_out=json_out)


def _show(app_: Any) -> None:
    from ..tracker import STATUS_LABELS

    out = typer.echo
    out(f"#{app_.id} {app_.title}" + (f" at {app_.company}" if app_.company else ""))
    out(f"Status: {STATUS_LABELS[app_.status]} (since {app_.date_of(app_.status)})")
    out("History: " + ", ".join(f"{STATUS_LABELS[s].lower()} {d}" for s, d in app_.history))
    if app_.next_step or app_.next_step_on:
        out(f"Next step: {app_.next_step or '(no text)'}" + (f" by {app_.next_step_on}" if app_.next_step_on else ""))
    for label, value in (("Location", app_.location), ("Pay", app_.pay), ("URL", app_.url)):
        if value:
            out(f"{label}: {value}")
    if app_.posting_id:
        state = "in the store" if app_.in_store else "no longer in the store (the tracker keeps a copy)"
        out(f"Posting: {app_.posting_id} ({state})")
    if app_.notes:
        out("Notes:")
        for line in app_.notes.splitlines():
            out(f"  {line}")


@command("save", group=track_app)
def track_save(
    ctx: typer.Context,
    posting_id: str = typer.Argument(..., help="A posting id (or its first 8+ characters)."),
    note: str = typer.Option("", "--note", help="A first note."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Save a stored posting to your tracker (status: saved)."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import save_posting

    with _open(db) as store:
        app_, created = save_posting(store, posting_id, profile=_name(profile), notes=note)
    typer.echo(("Saved" if created else "Already tracked") + f": #{app_.id} {app_.title}")


@command("add", group=track_app)
def track_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="The job's title."),
    company: str | None = typer.Option(None, "--company", help="The employer."),
    location: str | None = typer.Option(None, "--location", help="Where the job is."),
    url: str | None = typer.Option(None, "--url", help="Where the posting is."),
    status: str = typer.Option("saved", "--status", help="Where it stands now."),
    note: str = typer.Option("", "--note", help="A first note."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Track a job that is not in the store (seen elsewhere)."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import add_application

    with _open(db, create=True) as store:
        app_ = add_application(
            store, title=title, company=company, location=location, url=url, status=status,
            notes=note, profile=_name(profile),
        )  # fmt: skip
    typer.echo(f"Added: #{app_.id} {app_.title} ({app_.status})")


@command("status", group=track_app)
def track_status(
    ctx: typer.Context,
    app_id: int = typer.Argument(..., help="The application id (see 'otpath track')."),
    status: str = typer.Argument(
        ..., help="saved, applied, interviewing, offer, rejected or withdrawn."
    ),
    on: str | None = typer.Option(None, "--on", help="The date it happened, YYYY-MM-DD (default today)."),
    note: str | None = typer.Option(None, "--note", help="Add a dated note."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Move an application to a status (saved -> applied -> interviewing -> offer...)."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import STATUS_LABELS, update_application

    with _open(db) as store:
        app_ = update_application(
            store, app_id, profile=_name(profile), status=status, on=on, add_note=note
        )
    typer.echo(f"#{app_.id} {app_.title}: {STATUS_LABELS[app_.status]} since {app_.date_of(app_.status)}")


@command("note", group=track_app)
def track_note(
    ctx: typer.Context,
    app_id: int = typer.Argument(..., help="The application id."),
    text: str = typer.Argument(..., help="The note (dated today)."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Add a dated note to an application."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import update_application

    with _open(db) as store:
        app_ = update_application(store, app_id, profile=_name(profile), add_note=text)
    typer.echo(f"#{app_.id}: note added")


@command("next", group=track_app)
def track_next(
    ctx: typer.Context,
    app_id: int = typer.Argument(..., help="The application id."),
    text: str = typer.Argument("", help="What to do next, e.g. 'follow up with the recruiter'."),
    on: str | None = typer.Option(None, "--on", help="By when, YYYY-MM-DD."),
    clear: bool = typer.Option(False, "--clear", help="Remove the next step."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Set (or --clear) an application's next step and its date."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import update_application

    with _open(db) as store:
        app_ = update_application(
            store, app_id, profile=_name(profile), next_step=text if text else None,
            next_step_on=on, clear_next_step=clear,
        )  # fmt: skip
    if clear:
        typer.echo(f"#{app_.id}: next step cleared")
    else:
        typer.echo(f"#{app_.id}: next step {app_.next_step or '(no text)'}" + (f" by {app_.next_step_on}" if app_.next_step_on else ""))


@command("show", group=track_app)
def track_show(
    ctx: typer.Context,
    app_id: int = typer.Argument(..., help="The application id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (with the posting's copy)."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Show one application: status history, next step, notes."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import get_application
    from ._output import echo_json

    with open_store_to_read(db) as store:
        app_ = get_application(store, app_id, profile=_name(profile))
    if json_out:
        echo_json(app_.model_dump(mode="json"))
        return
    _show(app_)


@command("remove", group=track_app)
def track_remove(
    ctx: typer.Context,
    app_id: int = typer.Argument(..., help="The application id."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Stop tracking an application (the posting stays in the store)."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import remove_application

    with _open(db) as store:
        remove_application(store, app_id, profile=_name(profile))
    typer.echo(f"#{app_id} removed from the tracker")


@command("export", group=track_app)
def track_export(
    ctx: typer.Context,
    out: Path | None = typer.Option(None, "--out", "-o", help="CSV file to write (default: print it)."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Write your applications as CSV (for a spreadsheet, or 'otpath track import')."""
    profile, db = _scope(ctx, profile, db)
    from ..tracker import export_csv

    with open_store_to_read(db) as store:
        if out is None:
            export_csv(store, sys.stdout, profile=_name(profile))
            return
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            n = export_csv(store, fh, profile=_name(profile))
        tmp.replace(out)
    typer.echo(f"Wrote {n} application{'s' if n != 1 else ''} to {out}", err=True)


@command("import", group=track_app)
def track_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A CSV file with a 'title' column (see 'otpath track export')."),
    profile: str | None = _PROFILE,
    db: Path | None = _DB,
) -> None:
    """Read applications from CSV: rows matching a tracked one update it, others are added."""
    profile, db = _scope(ctx, profile, db)
    from ..errors import TrackerError
    from ..tracker import import_csv

    try:
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise TrackerError(f"no such file: {file}") from None
    except UnicodeDecodeError:
        raise TrackerError(f"{file} is not UTF-8 text", hint="save the CSV as UTF-8") from None
    with _open(db, create=True) as store:
        report = import_csv(store, text, profile=_name(profile))
    typer.echo(report.summary())
    for line in report.rejected:
        typer.echo(f"rejected {line}", err=True)
