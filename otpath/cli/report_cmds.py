"""``otpath report``: the career plan as an HTML file, or a PDF (``--pdf`` or ``-o NAME.pdf``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..report import DEFAULT_POSTINGS, DEFAULT_TOP, MAX_POSTINGS, MAX_TOP
from ._app import (
    PROFILE_OPTION_HELP,
    command,
    load_profile_option,
    resolve_db,
    resolve_profile_option,
    setting_option,
)


@command("report")
def report_cmd(
    out: Path | None = typer.Option(
        None, "--out", "-o",
        help="The file to write: NAME.html, or NAME.pdf for a PDF (the ending chooses);"
        " '-' writes to standard output. Default: career-plan-PROFILE-DATE.html (.pdf with"
        " --pdf) in this folder.",
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Write a PDF, as -o NAME.pdf does (needs the pdf extra: pip install 'otpath[pdf]')."),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    top: int = typer.Option(DEFAULT_TOP, "--top", min=1, max=MAX_TOP, help="How many of your best roles the plan covers."),
    postings: int = typer.Option(DEFAULT_POSTINGS, "--postings", min=0, max=MAX_POSTINGS, help="How many stored postings you can apply for it lists."),
    include_sample: bool = typer.Option(False, "--include-sample", help="Count the sample postings (made up) too; they are marked."),
    as_of: str | None = typer.Option(
        None, "--as-of",
        help="Judge the postings as on this day (YYYY-MM-DD): closing dates count from it, as in"
        " 'otpath jobs', e.g. for an old export. Default: today.",
    ),
    db: Path | None = setting_option("db_path"),
) -> None:
    """Write your career plan: your top roles and why, each role's plan as a timeline,
    their pay compared in a chart, and the stored postings you can apply for.

    The HTML file holds its styles and charts (no script, nothing fetched): open it in a
    browser, or print it. The store is only read; without one the plan lists no postings.
    """
    from ..report import build_report, render_document, report_pdf
    from ..store import Store
    from .postings_cmds import _as_of

    day = _as_of(as_of)
    pdf = _writes_pdf(out, pdf=pdf)
    ref = resolve_profile_option(profile)
    person = load_profile_option(profile)
    path = resolve_db(db)
    if path.exists():
        store = Store.open(path)
    else:
        typer.echo(f"No store at {path}: the plan lists no postings (import some with 'otpath ingest').", err=True)
        store = Store.memory()
    with store:
        plan = build_report(
            store, person, profile_name=ref.name, top=top, postings=postings,
            include_sample=include_sample, as_of=day,
        )  # fmt: skip
    data = report_pdf(plan) if pdf else render_document(plan).encode("utf-8")
    if out is not None and str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = out or Path(f"career-plan-{plan.profile_name}-{plan.generated_on.isoformat()}.{'pdf' if pdf else 'html'}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        from ..errors import ReportError

        raise ReportError(f"cannot write {target}: {exc.strerror}", hint="choose another file with --out") from None
    roles = ", ".join(r.fit.title for r in plan.roles)
    can = sum(1 for j in plan.postings if j.verdict == "can_apply")
    stretch = len(plan.postings) - can
    typer.echo(
        f"Wrote {target}: {len(plan.roles)} role{'s' if len(plan.roles) != 1 else ''} ({roles}),"
        f" {can} posting{'s' if can != 1 else ''} you can apply for"
        + (f" and {stretch} stretch{'es' if stretch != 1 else ''}" if stretch else "")
        + (f"; {plan.sample_left_out} sample postings left out (--include-sample)" if plan.sample_left_out else "")
    )
    if not plan.postings and plan.postings_closed and plan.postings_closed == plan.postings_judged:
        assert plan.last_closing is not None
        typer.echo(
            f"All {plan.postings_judged:,} stored postings judged for you had closed by"
            f" {(plan.as_of or plan.generated_on).isoformat()} (the last on {plan.last_closing.isoformat()});"
            " import newer ones, or judge these as on a day they were open with --as-of YYYY-MM-DD.",
            err=True,
        )


#: What a report file's name may end with, and whether that is a PDF.
_SUFFIXES = {".html": False, ".htm": False, ".pdf": True}


def _writes_pdf(out: Path | None, *, pdf: bool) -> bool:
    """Whether to write a PDF: the file's ending says (``plan.pdf``), else ``--pdf``.

    An ending otpath writes no format for (``plan.md``), or one that contradicts
    ``--pdf``, is refused before any work: ``plan.md`` used to get HTML, silently.
    """
    from ..errors import ReportError

    if out is None or str(out) == "-" or not out.suffix:
        return pdf
    suffix = out.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ReportError(
            f"otpath report writes HTML or PDF, not {suffix} ({out})",
            hint=f"name the file {out.stem}.html, or {out.stem}.pdf for a PDF",
        )
    if pdf and not _SUFFIXES[suffix]:
        raise ReportError(
            f"--pdf writes a PDF, but {out} ends in {suffix}",
            hint=f"name the file {out.stem}.pdf, or leave out --pdf for HTML",
        )
    return _SUFFIXES[suffix]
