"""Postings commands: ingest, search, jobs, posting, classify, eval, fetch.

Each command parses its options, calls one library function and formats the
result. Heavy modules are imported inside the commands so ``otpath --help``
stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ._app import (
    DB_OPTION_HELP,
    PROFILE_OPTION_HELP,
    command,
    load_profile_option,
    no_store_yet,
    open_store_to_read,
    optional_profile,
    resolve_db,
    setting_option,
)

if TYPE_CHECKING:
    from datetime import date

    from ..advert import PostingDetail

_MAX_REJECTED_SHOWN = 50


def _verdict_words(verdict: str | None, breaks_must: bool = False) -> str:
    """A verdict as the CLI writes it ("can apply", "breaks your must")."""
    if breaks_must:
        return "breaks your must"
    return (verdict or "").replace("_", " ")


def _parse_map(items: list[str]) -> dict[str, str] | None:
    from ..errors import SourceError

    mapping: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise SourceError(
                f"invalid --map {item!r}",
                hint="write --map field=Column, e.g. --map title='Job Title'",
            )
        mapping[field.strip()] = column.strip()
    return mapping or None


def _print_ingest_summary(report: Any, db: Path) -> None:
    from ._output import echo as out

    files = len(report.files)
    # a file nothing could be stored from is not counted as ingested (it is read again)
    rejected_files = {r.file for r in report.rejected}
    unread = [path for path in report.unfinished_files if path in rejected_files]
    failed = len(unread)
    done = files - failed
    line = f"Ingested {done} file{'s' if done != 1 else ''} into {db}"
    out(line + (f"; {failed} could not be read (see below)" if failed else ""))
    out(report.summary())
    for path in report.skipped_files:
        out(f"skipped {path}: already ingested (same sha256)")
    for note in report.notes:
        out(f"note: {note}")
    if report.rejected:
        out("rejected:")
        for rej in report.rejected[:_MAX_REJECTED_SHOWN]:
            out(f"  {rej}")
        more = len(report.rejected) - _MAX_REJECTED_SHOWN
        if more > 0:
            out(f"  ... and {more} more")
    for path in unread:
        out(f"not recorded as ingested: {path} (nothing from it was stored; it is read again next time)")
    for hint in dict.fromkeys(r.hint for r in report.rejected if r.hint):
        out(f"Hint: {hint}")


def _ingest_exit(report: Any) -> None:
    """Exit 2 when nothing could be stored and something was wrong: every record
    rejected, or no postings file found at all. Empty files alone are not an error
    (docs/formats.md): the run succeeds with a note."""
    if report.stored > 0 or report.skipped_files:
        return
    if report.rejected:
        problem, hint = (
            "no postings could be read (every record was rejected)",
            "check the files' format, or pass --format / --map",
        )
    elif not report.files:
        problem, hint = (
            "no postings files found",
            "give CSV, JSON, JSONL, HTML, text files (or .gz of them), or a folder of them",
        )
    else:
        return
    typer.echo(f"Error: {problem}", err=True)
    typer.echo(f"Hint: {hint}", err=True)
    raise typer.Exit(2)


def _warn_stale(store: Any) -> None:
    """On stderr: the listed answers are an older otpath's (``otpath reclassify``)."""
    from ..ingest import stale_note, stale_rules
    from ._output import echo

    stale = stale_rules(store)
    if stale:
        echo(f"Note: {stale_note(stale)}", err=True)


class _Progress:
    """A Rich progress bar on a terminal; one line per finished file when piped."""

    def __init__(self) -> None:
        from ._output import is_terminal, progress_bar

        self.rich = None
        self.task: Any = None
        self.file: str | None = None
        if is_terminal():
            self.rich = progress_bar("lines · {task.fields[read]} read")

    def __enter__(self) -> _Progress:
        if self.rich is not None:
            self.rich.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.rich is not None:
            self.rich.__exit__(*exc)  # type: ignore[arg-type]

    def __call__(self, p: Any) -> None:
        from ._output import safe_text

        if self.rich is None:
            if p.file_done:
                # a file nothing was stored from is read again next time: not "done"
                state = "nothing stored (see below)" if p.file in p.report.unfinished_files else "done"
                typer.echo(
                    f"[{p.file_index}/{p.file_count}] {safe_text(p.file)}: {state}"
                    f" ({p.report.read} read so far)",
                    err=True,
                )
            return
        if p.file != self.file:
            from rich.markup import escape

            if self.task is not None:
                self.rich.remove_task(self.task)
            self.file = p.file
            name = escape(safe_text(Path(p.file).name)) if p.file else "input"
            self.task = self.rich.add_task(
                f"\\[{p.file_index}/{p.file_count}] {name}", total=p.file_lines, read=0
            )
        done = p.file_lines if p.file_done else p.line
        self.rich.update(self.task, completed=done or 0, read=p.report.read)


def _as_of(value: str | None) -> date | None:
    """The day ``--as-of`` names (``None`` without it: today)."""
    from datetime import date

    from ..errors import OtpathError

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise OtpathError(f"invalid --as-of {value!r}: give a day as YYYY-MM-DD") from None


#: Said under the tables of 'otpath search' and 'otpath jobs'.
POSTING_HINT = "otpath posting ID shows one advert in full."


@command("ingest")
def ingest_cmd(
    paths: list[Path] = typer.Argument(
        ..., help="Postings files or folders (CSV, JSONL, JSON, HTML, text)."
    ),
    input_format: str | None = typer.Option(
        None, "--format", help="Read every file as this format instead of detecting it."
    ),
    map_: list[str] = typer.Option(
        [],
        "--map",
        help="Map a field to a CSV column or JSON key: --map title='Job Title' (repeatable).",
    ),
    sample: bool = typer.Option(False, "--sample", help="Mark these postings as sample data."),
    batch_size: int | None = setting_option("ingest_batch_size"),
    workers: int | None = setting_option("ingest_workers"),
    follow_symlinks: bool = typer.Option(
        False,
        "--follow-symlinks",
        help="In folders, also read links that point outside the folder (skipped by default).",
    ),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Read postings files into the store: classify, extract requirements, fold duplicates.

    Exits 2 when nothing could be stored because every record was rejected (a
    file from which nothing was stored is read again next time); empty files
    are not an error.
    """
    import os

    from ..ingest import ingest_paths
    from ..settings import load_settings
    from ..store import Store

    mapping = _parse_map(map_)
    db_path = resolve_db(db)
    settings = load_settings(os.environ)
    with Store.open(db_path) as store, _Progress() as progress:
        report = ingest_paths(
            store,
            paths,
            format=input_format,
            mapping=mapping,
            sample=sample,
            batch_size=settings.ingest_batch_size if batch_size is None else batch_size,
            workers=settings.ingest_workers if workers is None else workers,
            progress=progress,
            follow_symlinks=follow_symlinks,
        )
    _print_ingest_summary(report, db_path)
    _ingest_exit(report)


@command("search")
def search_cmd(
    query: str = typer.Argument(
        "",
        help="Words to look for in title, company and description. Abbreviations and synonyms"
        " are searched too (UR, prior auth, OTA...); \"quotes\" keep a phrase exact;"
        " ergonom* is a prefix; 'OT or PT' either word.",
    ),
    literal: bool = typer.Option(
        False, "--literal", help="Search the words as typed: no synonyms, spellings or corrections."
    ),
    family: str | None = typer.Option(
        None, "--family", help="Role family, e.g. utilization_management."
    ),
    role: str | None = typer.Option(
        None, "--role", help="Catalog role id: postings classified as it or titled as it."
    ),
    remote: str | None = typer.Option(None, "--remote", help="remote, hybrid or onsite."),
    credential: str | None = typer.Option(
        None, "--credential", help="Only postings accepting this credential (OT, COTA/L, DPT...)."
    ),
    min_pay: float | None = typer.Option(
        None, "--min-pay", help="Lowest yearly pay, e.g. 70000 (compared in --currency only)."
    ),
    currency: str | None = typer.Option(
        None, "--currency", help="Currency of --min-pay (USD, GBP, EUR, CAD, AUD; default USD)."
    ),
    posted_within: str | None = typer.Option(
        None, "--posted-within", help="Posted in the last 24h, 14d, 2w, 3m..."
    ),
    company: str | None = typer.Option(None, "--company", help="Company name (any case)."),
    all_postings: bool = typer.Option(
        False, "--all", help="Also list other professions' jobs (family 'unrelated')."
    ),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    eligible_only: bool = typer.Option(
        False, "--eligible-only", help="Leave out postings your profile cannot apply for."
    ),
    for_tool: str | None = typer.Option(
        None,
        "--for",
        help="'jobspy': print ready-made JobSpy queries (scrape_jobs arguments) for --role"
        " instead of searching the store.",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of",
        help="Judge as on this day (YYYY-MM-DD): closing dates and 'posted within' count from"
        " it, as in 'otpath jobs'. Default: today.",
    ),
    page: int = typer.Option(1, "--page", help="Page number, from 1."),
    per_page: int = typer.Option(20, "--per-page", "--limit", help="Postings per page (at most 100); --limit says the same, as in jobs."),
    seconds: int | None = setting_option("search_seconds"),
    json_out: bool = typer.Option(False, "--json", help="Print the page as JSON."),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Search stored postings: title matches first, then the best matches in the text.

    What was searched for each word is printed ("UR → utilization review, ..."); use
    --literal for the words alone. Other professions' jobs are left out unless --all.
    With your profile (--profile's, else your saved one), postings you can apply for, of
    roles that fit you well, come first (--eligible-only leaves out the rest). Only the
    newest 2,000 postings that match are ranked; when more match, the total reads
    "2,000+": add words or filters to rank among all of them.
    """
    from ..errors import SearchQueryError
    from ..search import SearchQuery, search
    from ..settings import load_settings
    from ._output import echo_json, is_terminal, print_table

    saved = optional_profile(profile)
    if for_tool is not None:
        # the country of the profile named, else of the saved default one, else the US
        _print_jobspy(for_tool, role, json_out=json_out, country=saved[1].country if saved else "US")
        return
    if eligible_only and saved is None:
        raise SearchQueryError(
            "--eligible-only needs a profile",
            hint="add --profile NAME, or save your profile with 'otpath quiz'",
        )
    q = SearchQuery(
        q=query, literal=literal, family=family, role=role, remote=remote,
        credential=credential, min_pay=min_pay, min_pay_currency=currency,
        posted_within=posted_within, company=company, relevant_only=not all_postings,
        eligible_only=eligible_only, page=page, per_page=per_page,
    )  # fmt: skip
    today = _as_of(as_of)
    ranker = None
    if saved is not None:
        from ..match import profile_ranker

        ranker = profile_ranker(saved[1], today=today)
    budget = load_settings().search_seconds if seconds is None else seconds
    with open_store_to_read(db) as store:
        no_store = store.path is None
        result = search(store, q, ranker=ranker, budget=budget, today=today)
        empty_store = result.total == 0 and store.count_postings() == 0
        _warn_stale(store)
    if json_out:
        echo_json(result.model_dump(mode="json"))
        return
    short = is_terminal()  # a full 40-character id only when piped (for scripts)
    columns = ["id", "title", "company", "location", "remote", "pay", "posted", "family"]
    if ranker is not None:
        columns.insert(1, "verdict")
    print_table(
        columns,
        [
            (
                it.id[:12] if short else it.id,
                *([_verdict_words(it.verdict, it.breaks_must)] if ranker is not None else []),
                it.title,
                it.company,
                it.location,
                it.remote,
                it.pay.text if it.pay else "",
                it.date,
                it.family,
            )  # fmt: skip
            for it in result.items
        ],
    )
    for expansion in result.searched:
        typer.echo(f"searched: {expansion.text}", err=True)
    if result.searched:
        typer.echo("(--literal searches the words alone)", err=True)
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
    typer.echo(
        f"page {result.page} of {max(result.pages, 1)} ({result.total_text} posting"
        f"{'s' if result.total != 1 or result.total_is_lower_bound else ''})",
        err=True,
    )
    if result.total_is_lower_bound and query.strip():
        typer.echo(
            f"Note: more than {result.total:,} postings match; the newest {result.total:,}"
            " are ranked. Add words or filters to narrow the search.",
            err=True,
        )
    if not all_postings:
        typer.echo("Other professions' jobs are left out (--all lists them too).", err=True)
    if result.items:
        typer.echo(POSTING_HINT, err=True)
    if no_store:
        typer.echo(no_store_yet(db), err=True)
    elif empty_store:
        typer.echo("Hint: the store is empty; run 'otpath ingest FILE' first", err=True)


def _print_jobspy(tool: str, role: str | None, *, json_out: bool, country: str = "US") -> None:
    """``search --for jobspy --role ID``: scrape_jobs calls and otpath fetch commands."""
    import shlex

    from ..errors import SearchQueryError
    from ..search import jobspy_queries
    from ._output import echo_json

    if tool.strip().lower() != "jobspy":
        raise SearchQueryError(f"--for {tool!r}: the only tool otpath writes queries for is jobspy")
    if not role:
        raise SearchQueryError("--for jobspy needs --role", hint="run 'otpath roles' for role ids")
    queries = jobspy_queries(role.strip().lower().replace("-", "_"), country=country)
    if json_out:
        echo_json(queries)
        return
    typer.echo("# JobSpy (pip install python-jobspy): each call fetches postings of this role.")
    typer.echo("from jobspy import scrape_jobs\n")
    for n, kwargs in enumerate(queries, start=1):
        args = ",\n    ".join(f"{k}={v!r}" for k, v in kwargs.items() if v is not None)
        typer.echo(f"jobs_{n} = scrape_jobs(\n    {args},\n)")
    typer.echo("\n# Or let otpath fetch and ingest them (otpath[fetch]):")
    for kwargs in queries:
        cmd = ["otpath", "fetch", "--term", kwargs["search_term"], "--site",
               ",".join(kwargs["site_name"]), "--hours-old", str(kwargs["hours_old"]),
               "--results", str(kwargs["results_wanted"])]  # fmt: skip
        if kwargs["is_remote"]:
            cmd.append("--remote")
        if country != "US":
            cmd += ["--country", country]
        typer.echo(shlex.join(cmd))


@command("jobs")
def jobs_cmd(
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    query: str = typer.Option("", "--query", "-q", help="Only postings mentioning these words."),
    limit: int = typer.Option(50, "--limit", min=1, help="How many postings to show."),
    all_postings: bool = typer.Option(
        False,
        "--all",
        help="Also list other professions' jobs (family 'unrelated'); they are never 'can apply'.",
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Judge as on this day (YYYY-MM-DD): closing dates and 'posted within' count from"
        " it, e.g. to review an old export. Default: today.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Stored postings you can apply for, best first, with the reasons.

    Only postings relevant to a therapy practitioner are listed unless --all. A verdict
    judges your whole profile; a stretch names what is missing. An advert whose closing
    date has passed cannot be applied for.
    """
    from ..match import CANDIDATES, rank_jobs
    from ..search import SearchQuery
    from ._output import echo_json, print_table

    today = _as_of(as_of)
    prof = load_profile_option(profile)
    candidates = max(CANDIDATES, limit)
    with open_store_to_read(db) as store:
        no_store = store.path is None
        ranking = rank_jobs(
            store, prof, query=SearchQuery(q=query), limit=limit, include_unrelated=all_postings,
            today=today, candidates=candidates,
        )  # fmt: skip
        verdicts = ranking.verdicts(store)
        _warn_stale(store)
        if ranking.capped:
            typer.echo(
                f"Judged the newest {candidates:,} stored postings that fit your credentials;"
                " older ones were not ranked. Narrow with -q (or raise --limit) to reach them.",
                err=True,
            )
        stored = store.count_postings() if not verdicts else 0  # only the empty answer says it
    if json_out:
        echo_json([v.model_dump(mode="json") for v in verdicts])
        return
    print_table(
        ["verdict", "score", "title", "company", "where", "remote", "pay", "closes", "missing", "why", "id"],
        [
            (
                _verdict_words(v.verdict, v.breaks_must),
                v.score,
                v.title,
                v.company,
                v.location,
                v.remote,
                v.pay.text if v.pay else "",
                v.closes.isoformat() if v.closes else "",
                "; ".join(v.missing),
                "; ".join(v.reasons),
                v.posting_id,
            )  # fmt: skip
            for v in verdicts
        ],
    )
    if verdicts:
        counts = {k: sum(v.verdict == k for v in verdicts) for k in ("can_apply", "stretch", "cannot_apply")}
        breaking = sum(v.breaks_must for v in verdicts)
        typer.echo(
            f"{len(verdicts):,} postings: {counts['can_apply']:,} you can apply for,"
            f" {counts['stretch'] - breaking:,} stretches,"
            + (f" {breaking:,} that break one of your musts," if breaking else "")
            + f" {counts['cannot_apply']:,} you cannot apply for.",
            err=True,
        )
        abroad = f"a job in your country ({prof.country})"
        if prof.country and all(abroad in v.missing for v in verdicts):
            typer.echo(
                f"None of the postings listed is in your country ({prof.country}). Fetch postings"
                " for where you live with 'otpath fetch'.",
                err=True,
            )
        typer.echo(POSTING_HINT, err=True)
    else:
        hint = (
            no_store_yet(db)
            if no_store
            else "No stored postings fit this profile yet; run 'otpath ingest' or 'otpath fetch'."
            if not stored
            else f"None of the {stored:,} stored postings fit this profile"
            + (f" and mention {query!r}: try other words." if query else ".")
        )
        typer.echo(hint, err=True)


@command("posting")
def posting_cmd(
    posting_id: str = typer.Argument(
        ..., help="A posting id as 'otpath jobs' or 'otpath search' print it (or its first 8+"
        " characters)."
    ),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    as_of: str | None = typer.Option(
        None, "--as-of",
        help="Judge as on this day (YYYY-MM-DD): whether the closing date has passed, as"
        " in 'otpath jobs'. Default: today.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Show one stored posting in full: where it was found, pay, what it asks for (with
    the sentences), the advert's text and whether you can apply (for --profile's profile,
    else your saved one).

    The verdict is the one 'otpath jobs' gives the posting for the same profile and day.
    """
    from ..advert import posting_detail
    from ..errors import NotFoundError
    from ..store import Store
    from ._output import echo_json

    today = _as_of(as_of)
    saved = optional_profile(profile)
    prof = saved[1] if saved else None
    db_path = resolve_db(db)
    if not db_path.exists():
        raise NotFoundError(
            f"no store at {db_path}", hint=f"ingest postings first: otpath ingest FILE --db {db_path}"
        )
    with Store.open(db_path) as store:
        try:
            detail = posting_detail(store, posting_id, profile=prof, today=today)
        except NotFoundError:
            raise NotFoundError(
                f"no posting {posting_id!r} in {db_path}",
                hint="find posting ids with 'otpath search WORDS' or 'otpath jobs --profile NAME'",
            ) from None
        _warn_stale(store)
    if json_out:
        echo_json(detail.model_dump(mode="json"))
        return
    _print_posting(detail, profile=saved[0].name if saved else None)


def _print_posting(d: PostingDetail, *, profile: str | None) -> None:
    """``otpath posting``'s text: every value shown with its control characters escaped
    (an advert is the employer's text: it must not drive the terminal)."""
    from ._output import echo, safe_text

    def field(label: str, value: object) -> str:
        return f"{label + ':' if label else '':<10}{safe_text(value)}"

    lines = [safe_text(d.title), " · ".join(safe_text(x) for x in (d.company, d.location) if x)]
    if d.sample:
        lines.append("A made-up sample posting that ships with otpath: do not apply to it.")
    lines.append(field("Id", d.id))
    lines.append(field("Posted", d.date_posted or "not stated"))
    if d.closes is None:
        lines.append(field("Closes", "not stated"))
    else:
        state = "closed" if d.closed else "open"
        lines.append(field("Closes", f"{d.closes} ({state} as of {d.as_of})"))
    pay = d.pay.text if d.pay else d.pay_text or "not stated"
    lines.append(field("Pay", pay))
    lines.append(field("Remote", d.remote))
    family = f"{d.family_title} ({d.family})" if d.family_title else d.family
    role = f"{d.role_title} ({d.role})" if d.role_title else d.role or "none in the catalog"
    lines.append(field("Role", f"{role}; family {family}"))
    relevant = "yes" if d.relevant else "no: another profession's job"
    lines.append(field("Relevant", f"{relevant} (classifier confidence {d.confidence:.2f})"))
    for n, src in enumerate(d.sources):
        where = src.url or (
            f"{src.file}, line {src.line} (no web address)" if src.file else "(no web address)"
        )
        site = f" ({src.site})" if src.site else ""
        lines.append(field("Source" if n == 0 else "", f"{where}{site}"))
    if d.found_times > 1:
        lines.append(field("", f"(the same job was found {d.found_times} times; otpath shows it once)"))
    if d.verdict is not None:
        v = d.verdict
        lines += ["", f"Can you apply? (profile {safe_text(profile)})"]
        lines.append(f"  {_verdict_words(v.verdict, v.breaks_must)}, score {v.score}/100")
        if v.missing:
            lines.append(f"  missing: {safe_text('; '.join(v.missing))}")
        lines += [f"  - {safe_text(r)}" for r in v.reasons]
    lines += ["", "What the posting asks for:"]
    if not d.requirement_rows:
        lines.append("  otpath found no stated requirements in this posting.")
    for row in d.requirement_rows:
        lines.append(f"  {safe_text(row.label)}: {safe_text(row.value)}")
        if row.sentence:
            lines.append(f"    \u201c{safe_text(row.sentence)}\u201d")
    lines += ["", "Advert:"]
    lines += [f"  {safe_text(line)}" for line in d.text.splitlines()] or ["  (no text)"]
    for note in d.notes:
        lines += ["", f"Note: {safe_text(note)}"]
    echo("\n".join(lines))
    if d.verdict is None:
        # a blank line first: where both streams are shown one after the other, the hint
        # must not run on from the advert's last word
        sys.stdout.flush()
        typer.echo(
            "\nSave your profile with 'otpath quiz' (or add --profile NAME) to see whether you can apply.",
            err=True,
        )


def classified_record(raw: Any, posting: Any) -> dict[str, Any]:
    """The JSON object ``classify`` prints for one posting."""
    cls = posting.classification
    req = posting.requirements
    pay = req.pay
    return {
        "id": raw.source_id if raw.source_id not in (None, "") else posting.id,
        "title": posting.title,
        "company": posting.company,
        "relevant": cls.relevant,
        "role": cls.role,
        "family": cls.family,
        "confidence": cls.confidence,
        "evidence": [e.model_dump(mode="json") for e in cls.evidence],
        "remote": req.remote,
        "credentials": req.credentials,
        "license_required": req.license_required,
        "years_min": req.years_min,
        "years_max": req.years_max,
        "skills": req.skills,
        "certifications": req.certifications,
        "certifications_required": req.certifications_required,
        "pay_min": pay.min,
        "pay_max": pay.max,
        "pay_interval": pay.interval,
        "pay_annual_min": pay.annual_min,
        "pay_annual_max": pay.annual_max,
        "pay_currency": pay.currency,
        "commission": pay.commission,
        "file": raw.origin_file,
        "line": raw.origin_line,
    }


@command("classify")
def classify_cmd(
    paths: list[Path] = typer.Argument(..., help="Postings files or folders."),
    output: str = typer.Option(
        "jsonl", "--format", help="jsonl (one JSON object per posting) or table."
    ),
    input_format: str | None = typer.Option(
        None, "--input-format", help="Read every file as this format instead of detecting it."
    ),
) -> None:
    """Classify postings without storing them: role, family, requirements, pay."""
    from ..errors import OtpathError, ReaderError

    if output not in ("jsonl", "table"):
        raise OtpathError(f"invalid --format {output!r}; allowed values: jsonl, table")
    from ..money import format_money
    from ..postings.pipeline import process
    from ..postings.sources import iter_postings
    from ._output import echo, print_table

    errors: list[ReaderError] = []
    rows: list[tuple[Any, ...]] = []
    count = 0
    for raw in iter_postings(paths, format=input_format, errors=errors):
        try:
            posting = process(raw)
        except (OtpathError, ValueError) as exc:
            where = f"{raw.origin_file}:{raw.origin_line}"
            echo(f"rejected {where}: {exc}", err=True)
            continue
        count += 1
        rec = classified_record(raw, posting)
        if output == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        else:
            years = ""
            if rec["years_min"] is not None or rec["years_max"] is not None:
                lo = "" if rec["years_min"] is None else f"{rec['years_min']:g}"
                hi = "" if rec["years_max"] is None else f"{rec['years_max']:g}"
                years = f"{lo}-{hi}" if hi and lo != hi else f"{lo}+" if lo else f"<={hi}"
            rows.append(
                (
                    rec["id"],
                    rec["title"],
                    rec["role"] or "",
                    rec["family"],
                    f"{rec['confidence']:.2f}",
                    rec["remote"],
                    ", ".join(rec["credentials"]),
                    years,
                    # with its currency: "C$100,761", "A$95,000", "£31,365"
                    format_money(rec["pay_annual_min"], rec["pay_currency"]) if rec["pay_annual_min"] else "",
                )  # fmt: skip
            )
        for err in errors:
            echo(f"rejected {err}", err=True)
        errors.clear()
    for err in errors:
        echo(f"rejected {err}", err=True)
    if output == "table":
        print_table(
            [
                "id",
                "title",
                "role",
                "family",
                "confidence",
                "remote",
                "credentials",
                "years",
                "pay (annual min)",
            ],
            rows,
        )
    if count == 0:
        typer.echo("Error: no postings could be read", err=True)
        raise typer.Exit(2)


@command("eval")
def eval_cmd(
    file: Path | None = typer.Argument(
        None, help="Labelled postings (JSONL with expected role/family); or use --real."
    ),
    split: str = typer.Option(
        "all", "--split", help="dev, test or all; with --real: heldout, tune or all."
    ),
    real: Path | None = typer.Option(
        None,
        "--real",
        help="Score the labelled real postings in this folder (../shared/data/real_postings).",
    ),
    mistakes: bool = typer.Option(
        False, "--mistakes", help="List each mistake (refused for the held-out split)."
    ),
    which: str = typer.Option(
        "main",
        "--set",
        help="With --real: main (NHS adverts and labelled US postings) or titles (US titles only).",
    ),
    labels: Path | None = typer.Option(
        None,
        "--labels",
        help="With --real: read the NHS adverts' labels from this file only "
        "(tests/data/real/nhs_labels.jsonl: the held-out part as it was before round 12).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Measure the classifier and extractors against labelled postings."""
    from ..errors import OtpathError

    if (file is None) == (real is None):
        raise OtpathError("give a labelled FILE or --real DIR", hint="otpath eval --real ../shared/data/real_postings")
    allowed = ("heldout", "tune", "all") if real is not None else ("dev", "test", "all")
    if split not in allowed:
        raise OtpathError(f"invalid --split {split!r}; allowed values: {', '.join(allowed)}")
    from ..evaluate import REAL_SETS

    if which not in REAL_SETS:
        raise OtpathError(f"invalid --set {which!r}; allowed values: {', '.join(REAL_SETS)}")
    if real is None and which != "main":
        raise OtpathError("--set goes with --real")
    if labels is not None and real is None:
        raise OtpathError("--labels goes with --real")
    if labels is not None and not labels.is_file():
        raise OtpathError(f"no label file at {labels}")
    if real is not None and mistakes and split != "tune":
        raise OtpathError(
            "mistakes are shown for the tune split only",
            hint="the held-out split is for reporting; tune rules on --split tune",
        )
    from ..evaluate import evaluate, evaluate_real
    from ._output import echo_json

    chosen = None if split == "all" else split
    if real is not None:
        report = evaluate_real(real, split=chosen, which=which, labels=labels)
    else:
        assert file is not None
        report = evaluate(file, split=chosen)
    if json_out:
        echo_json(report.model_dump(mode="json"))
        return
    typer.echo(report.render_text(show_mistakes=mistakes))


@command("fetch")
def fetch_cmd(
    ctx: typer.Context,
    term: str = typer.Option(..., "--term", help="Search term, e.g. 'utilization review'."),
    site: str = typer.Option("indeed,linkedin", "--site", help="Comma-separated JobSpy sites."),
    remote: bool = typer.Option(False, "--remote", help="Remote jobs only."),
    hours_old: int | None = typer.Option(72, "--hours-old", help="Posted in the last N hours."),
    location: str | None = typer.Option(None, "--location", help="City, state or country."),
    results: int = typer.Option(20, "--results", min=1, help="Results wanted per site."),
    country: str = typer.Option(
        "US",
        "--country",
        help="Country to search (US, GB, IE, CA, AU or NZ): Indeed's national site;"
        " ZipRecruiter is searched in the US and Canada only.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to save JobSpy's CSV (default: next to the store)."
    ),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Scrape job boards with JobSpy (extra otpath[fetch]), save the CSV and ingest it."""
    from datetime import datetime

    from ..ingest import fetch_jobspy, ingest_paths
    from ..store import Store

    scrape = ctx.obj.get("scrape_jobs") if isinstance(ctx.obj, dict) else None
    db_path = resolve_db(db)
    if out is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = db_path.parent / "fetched" / f"jobspy-{stamp}.csv"
    rows = fetch_jobspy(
        out,
        term=term,
        sites=[s.strip() for s in site.split(",") if s.strip()],
        remote=remote,
        hours_old=hours_old,
        location=location,
        results=results,
        country=country,
        scrape=scrape,
    )
    from ._output import echo

    echo(f"Fetched {rows} posting{'s' if rows != 1 else ''} into {out}")
    if rows == 0:
        typer.echo("Nothing to ingest; try another --term, more --hours-old or other --site.")
        return
    with Store.open(db_path) as store, _Progress() as progress:
        report = ingest_paths(store, [out], progress=progress)
    _print_ingest_summary(report, db_path)
