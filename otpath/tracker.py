"""The applications tracker: save a posting, then follow it from saved to an offer.

An application moves through :data:`STATUSES`::

    saved -> applied -> interviewing -> offer / rejected / withdrawn

Any move is allowed (people skip a step or go back); each status keeps the date it
was reached, so the history reads ``saved 2 Nov, applied 5 Nov, interviewing 19 Nov``.
An application also has free notes and one next step with its date ("follow up
with the recruiter", 2026-11-25).

Saving copies what the posting shows (title, company, pay, the sanitised
description...) into the tracker, so the application outlives the posting:
re-ingesting changes nothing and removing the posting (sample data, say) leaves
the tracked copy whole. Each profile name has its own list.

    >>> from datetime import date
    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     app = add_application(store, title="Care Coordinator", company="Acme Health",
    ...                           today=date(2026, 11, 2))
    ...     app = update_application(store, app.id, status="applied", today=date(2026, 11, 5))
    ...     [(s, d.isoformat()) for s, d in app.history]
    [('saved', '2026-11-02'), ('applied', '2026-11-05')]

CSV export and import (:func:`export_csv`, :func:`import_csv`) use
:data:`CSV_COLUMNS`, so a list can move between installs or to a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal, TextIO

from pydantic import BaseModel, Field

from .errors import NotFoundError, TrackerError
from .profile.named import DEFAULT_PROFILE, profile_name
from .search import WebUrl, get_posting
from .store import Store

__all__ = [
    "CSV_COLUMNS",
    "MAX_CSV_ROWS",
    "NEXT_STATUS",
    "STATUSES",
    "STATUS_LABELS",
    "Application",
    "Board",
    "CsvImportReport",
    "Status",
    "add_application",
    "board",
    "export_csv",
    "get_application",
    "import_csv",
    "list_applications",
    "parse_day",
    "remove_application",
    "save_posting",
    "saved_posting_ids",
    "tracked_application",
    "update_application",
]

Status = Literal["saved", "applied", "interviewing", "offer", "rejected", "withdrawn"]

#: Every status, in the order an application usually moves through them.
STATUSES: tuple[Status, ...] = ("saved", "applied", "interviewing", "offer", "rejected", "withdrawn")

STATUS_LABELS: dict[str, str] = {
    "saved": "Saved",
    "applied": "Applied",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}

#: The usual next move from a status (the board's one-click button).
NEXT_STATUS: dict[str, Status] = {
    "saved": "applied",
    "applied": "interviewing",
    "interviewing": "offer",
}

#: Columns of the CSV export, in order; import reads the same names (only ``title`` is
#: required; unknown columns are ignored).
CSV_COLUMNS: tuple[str, ...] = (
    "id", "posting_id", "title", "company", "location", "url", "status", "saved_on",
    "applied_on", "interviewing_on", "offer_on", "rejected_on", "withdrawn_on", "next_step",
    "next_step_on", "notes",
)  # fmt: skip

#: An import reads at most this many rows.
MAX_CSV_ROWS = 10_000
# Longest note, next step and title kept (characters).
_MAX_NOTES = 20_000
_MAX_SHORT = 500


class Application(BaseModel):
    """One tracked application, as stored."""

    id: int
    profile: str
    posting_id: str | None = None
    title: str
    company: str | None = None
    location: str | None = None
    url: WebUrl = None
    role: str | None = None
    family: str | None = None
    remote: str | None = None
    pay: str | None = None
    date_posted: date | None = None
    description_html: str = Field(default="", description="A copy of the posting's sanitised HTML.")
    status: Status
    saved_on: date
    applied_on: date | None = None
    interviewing_on: date | None = None
    offer_on: date | None = None
    rejected_on: date | None = None
    withdrawn_on: date | None = None
    next_step: str = ""
    next_step_on: date | None = None
    notes: str = ""
    created_at: datetime
    updated_at: datetime
    in_store: bool = Field(
        default=False, description="True while the posting it was saved from is still stored."
    )

    def date_of(self, status: str) -> date | None:
        value = getattr(self, f"{status}_on", None)
        return value if isinstance(value, date) else None

    @property
    def history(self) -> list[tuple[str, date]]:
        """``(status, date)`` for every status reached, oldest first."""
        reached = [(s, d) for s in STATUSES if (d := self.date_of(s)) is not None]
        return sorted(reached, key=lambda sd: (sd[1], STATUSES.index(sd[0])))  # type: ignore[arg-type]

    @property
    def next_status(self) -> Status | None:
        return NEXT_STATUS.get(self.status)


class Board(BaseModel):
    """A profile's applications by status, and the next steps coming up."""

    profile: str
    columns: dict[str, list[Application]]
    total: int
    next_steps: list[Application] = Field(description="Applications with a next-step date, soonest first.")
    today: date

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(apps) for s, apps in self.columns.items()}


class CsvImportReport(BaseModel):
    added: int = 0
    updated: int = 0
    rejected: list[str] = Field(default_factory=list, description="'line N: reason' per bad row.")

    def summary(self) -> str:
        return f"added {self.added}, updated {self.updated}, rejected {len(self.rejected)}"


# -- helpers -------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_day(value: str | date | None, *, field: str, today: date | None = None) -> date | None:
    """``2026-11-05`` (or ``today``) as a date; ``None`` for an empty value.

    >>> parse_day("2026-11-05", field="on")
    datetime.date(2026, 11, 5)
    >>> parse_day("5/11/2026", field="on")
    Traceback (most recent call last):
    ...
    otpath.errors.TrackerError: on: '5/11/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-05
    """
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    if text.lower() == "today":
        return today or date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TrackerError(
            f"{field}: {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-05",
            field=field,
        ) from None


def _status(value: str, *, field: str = "status") -> Status:
    text = (value or "").strip().lower()
    if text not in STATUSES:
        raise TrackerError(
            f"{field}: unknown status {value!r}; use one of {', '.join(STATUSES)}", field=field
        )
    return text  # type: ignore[return-value]


def _short(text: str | None, *, field: str, limit: int = _MAX_SHORT) -> str:
    value = " ".join((text or "").split())
    if len(value) > limit:
        raise TrackerError(f"{field}: at most {limit} characters, got {len(value)}", field=field)
    return value


def _notes(text: str | None) -> str:
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > _MAX_NOTES:
        raise TrackerError(
            f"notes: at most {_MAX_NOTES:,} characters, got {len(value):,}", field="notes"
        )
    return value


def _model(row: dict[str, Any], *, in_store: bool) -> Application:
    return Application.model_validate({**row, "in_store": in_store})


def _models(store: Store, rows: Sequence[dict[str, Any]]) -> list[Application]:
    present = store.existing_posting_ids(r["posting_id"] for r in rows if r["posting_id"])
    return [_model(r, in_store=r["posting_id"] in present) for r in rows]


def _profile(profile: str) -> str:
    return profile_name(profile)


# -- the library -------------------------------------------------------------------------------


def get_application(store: Store, app_id: int, *, profile: str = DEFAULT_PROFILE) -> Application:
    name = _profile(profile)
    row = store.application_row(int(app_id), profile=name) if 0 < int(app_id) < 2**63 else None
    if row is None:
        raise NotFoundError(
            f"no application {app_id} in the tracker of profile {profile!r}",
            hint="run 'otpath track list' to see application ids",
        )
    return _models(store, [row])[0]


def save_posting(
    store: Store,
    posting_id: str,
    *,
    profile: str = DEFAULT_PROFILE,
    notes: str = "",
    today: date | None = None,
) -> tuple[Application, bool]:
    """Save a stored posting to the tracker; ``(application, created)``.

    Saving a posting already saved by this profile returns its application unchanged.
    ``posting_id`` may be a copy's id or a unique prefix (see
    :func:`otpath.search.get_posting`); the cluster's id is what is kept.
    """
    name = _profile(profile)
    posting = get_posting(store, posting_id)  # NotFoundError when it is not stored
    existing = store.application_for_posting(posting.id, profile=name)
    if existing is not None:
        return _models(store, [existing])[0], False
    day = (today or date.today()).isoformat()
    now = _now()
    with store.transaction():
        app_id = store.insert_application(
            {
                "profile": name,
                "posting_id": posting.id,
                "title": posting.title,
                "company": posting.company,
                "location": posting.location,
                "url": posting.url,
                "role": posting.role,
                "family": posting.family,
                "remote": posting.remote,
                "pay": posting.pay.text if posting.pay else None,
                "date_posted": posting.date_posted.isoformat() if posting.date_posted else None,
                "description_html": posting.description_html,
                "status": "saved",
                "saved_on": day,
                "notes": _notes(notes),
                "created_at": now,
                "updated_at": now,
            }
        )
    return get_application(store, app_id, profile=name), True


def add_application(
    store: Store,
    *,
    title: str,
    company: str | None = None,
    location: str | None = None,
    url: str | None = None,
    status: str = "saved",
    notes: str = "",
    profile: str = DEFAULT_PROFILE,
    today: date | None = None,
) -> Application:
    """Track a job that is not in the store (seen elsewhere, or entered by hand)."""
    name = _profile(profile)
    clean_title = _short(title, field="title")
    if not clean_title:
        raise TrackerError("title: give the job's title", field="title")
    st = _status(status)
    day = (today or date.today()).isoformat()
    now = _now()
    values: dict[str, Any] = {
        "profile": name,
        "title": clean_title,
        "company": _short(company, field="company") or None,
        "location": _short(location, field="location") or None,
        "url": _short(url, field="url", limit=2000) or None,
        "status": st,
        "saved_on": day,
        "notes": _notes(notes),
        "created_at": now,
        "updated_at": now,
    }
    if st != "saved":
        values[f"{st}_on"] = day
    with store.transaction():
        app_id = store.insert_application(values)
    return get_application(store, app_id, profile=name)


def update_application(
    store: Store,
    app_id: int,
    *,
    profile: str = DEFAULT_PROFILE,
    status: str | None = None,
    on: str | date | None = None,
    notes: str | None = None,
    add_note: str | None = None,
    next_step: str | None = None,
    next_step_on: str | date | None = None,
    clear_next_step: bool = False,
    today: date | None = None,
) -> Application:
    """Change an application: move it to ``status`` (reached ``on``, default today),
    replace ``notes`` or append ``add_note`` (dated), set or clear the next step.

    Moving to a status keeps the date it was first reached unless ``on`` is given.
    """
    name = _profile(profile)
    current = get_application(store, app_id, profile=name)
    day = today or date.today()
    changes: dict[str, Any] = {}
    if status is not None:
        st = _status(status)
        reached = parse_day(on, field="on", today=day)
        changes["status"] = st
        if reached is not None or current.date_of(st) is None:
            changes[f"{st}_on"] = (reached or day).isoformat()
    elif on not in (None, ""):
        raise TrackerError(
            "on: give a status to date as well (on is the day the application reached it)",
            field="on",
        )
    if notes is not None:
        changes["notes"] = _notes(notes)
    if add_note and add_note.strip():
        base = changes.get("notes", current.notes)
        line = f"{day.isoformat()}: {add_note.strip()}"
        changes["notes"] = _notes(f"{base}\n{line}" if base else line)
    if clear_next_step:
        changes["next_step"] = ""
        changes["next_step_on"] = None
    else:
        if next_step is not None:
            changes["next_step"] = _short(next_step, field="next_step")
        if next_step_on is not None:
            when = parse_day(next_step_on, field="next_step_on", today=day)
            changes["next_step_on"] = when.isoformat() if when else None
    if not changes:
        return current
    changes["updated_at"] = _now()
    with store.transaction():
        store.update_application_row(current.id, profile=name, values=changes)
    return get_application(store, current.id, profile=name)


def remove_application(store: Store, app_id: int, *, profile: str = DEFAULT_PROFILE) -> None:
    name = _profile(profile)
    get_application(store, app_id, profile=name)  # NotFoundError first
    with store.transaction():
        store.delete_application_row(int(app_id), profile=name)


def list_applications(
    store: Store, *, profile: str = DEFAULT_PROFILE, status: str | None = None
) -> list[Application]:
    """A profile's applications (of one ``status``), most recently changed first."""
    st = _status(status) if status else None
    return _models(store, store.application_rows(profile=_profile(profile), status=st))


def board(store: Store, *, profile: str = DEFAULT_PROFILE, today: date | None = None) -> Board:
    """A profile's applications as a board: one column per status, plus next steps."""
    apps = list_applications(store, profile=profile)
    columns: dict[str, list[Application]] = {s: [] for s in STATUSES}
    for app in apps:
        columns[app.status].append(app)
    steps = sorted(
        (a for a in apps if a.next_step_on is not None and a.status in NEXT_STATUS),
        key=lambda a: (a.next_step_on, a.id),
    )
    return Board(
        profile=_profile(profile),
        columns=columns,
        total=len(apps),
        next_steps=steps,
        today=today or date.today(),
    )


def tracked_application(
    store: Store, posting_id: str, *, profile: str = DEFAULT_PROFILE
) -> Application | None:
    """The application ``profile`` made from the stored posting ``posting_id``, if any."""
    row = store.application_for_posting(posting_id, profile=_profile(profile))
    return None if row is None else _models(store, [row])[0]


def saved_posting_ids(
    store: Store, posting_ids: Iterable[str], *, profile: str = DEFAULT_PROFILE
) -> dict[str, int]:
    """``posting_id -> application id`` for those postings ``profile`` has saved."""
    rows = store.applications_for_postings(posting_ids, profile=_profile(profile))
    return {pid: int(r["id"]) for pid, r in rows.items()}


# -- CSV -------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (titles are untrusted)."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    # A leading "'" is the escape; a value that starts with one is escaped too, so
    # reading it back removes exactly what writing added.
    return "'" + text if text.startswith(_FORMULA_START) or text.startswith("'") else text


def _uncell(text: str | None) -> str:
    value = (text or "").strip()
    if value.startswith("'") and value[1:2] and value[1:2] in (*_FORMULA_START, "'"):
        return value[1:]
    return value


def export_csv(store: Store, out: TextIO, *, profile: str = DEFAULT_PROFILE) -> int:
    """Write a profile's applications as CSV (:data:`CSV_COLUMNS`); returns the row count."""
    apps = sorted(list_applications(store, profile=profile), key=lambda a: a.id)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for app in apps:
        data = app.model_dump()
        writer.writerow([_cell(data.get(col)) for col in CSV_COLUMNS])
    return len(apps)


def import_csv(
    store: Store, source: TextIO | str, *, profile: str = DEFAULT_PROFILE, today: date | None = None
) -> CsvImportReport:
    """Read applications from CSV (:data:`CSV_COLUMNS`; only ``title`` is required).

    A row whose ``posting_id`` this profile already saved, or with the same title,
    company and URL as a tracked application, updates it; any other row is added.
    A bad row is reported with its line and skipped; the good rows are written in one
    transaction.
    """
    name = _profile(profile)
    day = today or date.today()
    text = source if isinstance(source, str) else source.read()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "title" not in fields:
        raise TrackerError(
            "the CSV has no 'title' column",
            hint=f"use the columns of 'otpath track export': {', '.join(CSV_COLUMNS)}",
        )
    reader.fieldnames = fields
    report = CsvImportReport()
    planned: list[tuple[int | None, dict[str, Any]]] = []
    seen: set[object] = set()  # applications and postings already planned
    for index, raw in enumerate(reader):
        line = reader.line_num
        if index >= MAX_CSV_ROWS:
            report.rejected.append(f"line {line}: more than {MAX_CSV_ROWS:,} rows; the rest skipped")
            break
        try:
            app_id, values = _plan_row(store, raw, profile=name, today=day, line=line)
            key = app_id if app_id is not None else values.get("posting_id")
            if key is not None and key in seen:
                raise TrackerError("the same application as an earlier row", line=line)
            seen.add(key)
            planned.append((app_id, values))
        except TrackerError as exc:
            report.rejected.append(str(exc))
    now = _now()
    with store.transaction():
        for app_id, values in planned:
            values["updated_at"] = now
            if app_id is None:
                store.insert_application({**values, "profile": name, "created_at": now})
                report.added += 1
            else:
                store.update_application_row(app_id, profile=name, values=values)
                report.updated += 1
    return report


def _plan_row(
    store: Store, raw: dict[str, Any], *, profile: str, today: date, line: int
) -> tuple[int | None, dict[str, Any]]:
    """``(existing id or None, column values)`` for one CSV row."""

    def get(col: str) -> str:
        value = raw.get(col)
        return _uncell(value if isinstance(value, str) else None)

    try:
        title = _short(get("title"), field="title")
        if not title:
            raise TrackerError("title is empty", field="title")
        values: dict[str, Any] = {"title": title}
        for col in ("company", "location"):
            if col in raw:
                values[col] = _short(get(col), field=col) or None
        if "url" in raw:
            values["url"] = _short(get("url"), field="url", limit=2000) or None
        status = _status(get("status") or "saved") if "status" in raw else None
        for col in ("saved_on", "applied_on", "interviewing_on", "offer_on", "rejected_on",
                    "withdrawn_on", "next_step_on"):  # fmt: skip
            if col in raw:
                when = parse_day(get(col), field=col)
                values[col] = when.isoformat() if when else None
        if "next_step" in raw:
            values["next_step"] = _short(get("next_step"), field="next_step")
        if "notes" in raw:
            values["notes"] = _notes(get("notes"))
    except TrackerError as exc:
        raise TrackerError(exc.message, field=exc.field, line=line) from None
    posting_id = get("posting_id") or None
    stored = store.get_posting(posting_id) if posting_id else None
    if stored is not None:
        posting_id = str(stored["id"])  # a copy's id or a prefix: the cluster's id
    existing = None
    if posting_id:
        existing = store.application_for_posting(posting_id, profile=profile)
    if existing is None:
        existing = store.application_by_identity(
            profile=profile, title=title, company=values.get("company"), url=values.get("url")
        )
    if status is not None:
        values["status"] = status
        if not values.get(f"{status}_on") and (existing is None or not existing.get(f"{status}_on")):
            values[f"{status}_on"] = today.isoformat()
    if existing is not None:
        if values.get("saved_on", "") is None:
            del values["saved_on"]  # an application always keeps its saved date
        return int(existing["id"]), values
    values.setdefault("status", "saved")
    if not values.get("saved_on"):
        values["saved_on"] = today.isoformat()
    if posting_id:
        values["posting_id"] = posting_id
        if stored is not None:  # keep a copy of what the stored posting shows
            for col in ("company", "location", "url", "role", "family", "remote",
                        "date_posted", "description_html"):  # fmt: skip
                if values.get(col) is None:
                    values[col] = stored[col]
    return None, values
