"""The applications tracker: statuses with dates, notes, next steps, CSV, survival."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otpath.errors import NotFoundError, ProfileError, TrackerError
from otpath.store import PostingFilters, Store
from otpath.tracker import (
    CSV_COLUMNS,
    STATUSES,
    add_application,
    board,
    export_csv,
    get_application,
    import_csv,
    list_applications,
    remove_application,
    save_posting,
    update_application,
)

D = date(2026, 11, 2)


def test_save_copies_the_posting_and_is_idempotent(store, make_posting, add_postings) -> None:
    p = make_posting("Utilization Review Specialist", pay_annual_min=70000, pay_annual_max=80000)
    add_postings(store, p)
    app, created = save_posting(store, p.id, today=D)
    assert created
    assert (app.title, app.company, app.status, app.saved_on) == (
        "Utilization Review Specialist", "Example Health Plan", "saved", D,
    )  # fmt: skip
    assert app.pay == "$70,000-$80,000 a year"
    assert app.description_html.startswith("<p>Review therapy")
    assert app.in_store
    again, created_again = save_posting(store, p.id[:10], today=date(2026, 11, 9))
    assert (again.id, created_again, again.saved_on) == (app.id, False, D)


def test_unknown_posting_cannot_be_saved(store) -> None:
    with pytest.raises(NotFoundError, match="no posting 'nope'"):
        save_posting(store, "nope")


def test_saved_applied_interviewing_keeps_each_date(store, make_posting, add_postings) -> None:
    p = make_posting()
    add_postings(store, p)
    app, _ = save_posting(store, p.id, today=D)
    app = update_application(store, app.id, status="applied", today=date(2026, 11, 5))
    app = update_application(
        store, app.id, status="interviewing", on="2026-11-19", today=date(2026, 11, 20)
    )
    assert app.status == "interviewing"
    assert [(s, d.isoformat()) for s, d in app.history] == [
        ("saved", "2026-11-02"), ("applied", "2026-11-05"), ("interviewing", "2026-11-19"),
    ]  # fmt: skip
    # Going back to "applied" keeps the first applied date.
    back = update_application(store, app.id, status="applied", today=date(2026, 12, 1))
    assert (back.status, back.applied_on) == ("applied", date(2026, 11, 5))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "hired"}, "status: unknown status 'hired'; use one of saved, applied"),
        ({"status": "applied", "on": "5/11/2026"}, "on: '5/11/2026' is not a date"),
        ({"on": "2026-11-05"}, "on: give a status to date as well"),
        ({"next_step_on": "next week"}, "next_step_on: 'next week' is not a date"),
        ({"next_step": "x" * 501}, "next_step: at most 500 characters"),
    ],
)
def test_invalid_changes_say_what_is_wrong(store, kwargs, message) -> None:
    app = add_application(store, title="Case Manager", today=D)
    with pytest.raises(TrackerError, match=message.replace("(", r"\(")):
        update_application(store, app.id, **kwargs)
    assert get_application(store, app.id).updated_at == app.updated_at  # nothing written


def test_notes_and_next_step(store) -> None:
    app = add_application(store, title="Recruiter", company="Acme Staffing", today=D)
    app = update_application(
        store, app.id, add_note="Called Sam", next_step="Send portfolio",
        next_step_on="2026-11-10", today=D,
    )  # fmt: skip
    app = update_application(store, app.id, add_note="Sam replied", today=date(2026, 11, 4))
    assert app.notes == "2026-11-02: Called Sam\n2026-11-04: Sam replied"
    assert (app.next_step, app.next_step_on) == ("Send portfolio", date(2026, 11, 10))
    cleared = update_application(store, app.id, clear_next_step=True)
    assert (cleared.next_step, cleared.next_step_on) == ("", None)


def test_board_columns_and_next_steps(store) -> None:
    a = add_application(store, title="A", today=D)
    b = add_application(store, title="B", status="applied", today=D)
    c = add_application(store, title="C", status="rejected", today=D)
    update_application(store, a.id, next_step="apply", next_step_on="2026-11-09")
    update_application(store, b.id, next_step="follow up", next_step_on="2026-11-04")
    update_application(store, c.id, next_step="none", next_step_on="2026-11-01")
    result = board(store, today=D)
    assert result.counts == {
        "saved": 1, "applied": 1, "interviewing": 0, "offer": 0, "rejected": 1, "withdrawn": 0,
    }  # fmt: skip
    # Closed applications (rejected) have no next step on the board.
    assert [x.title for x in result.next_steps] == ["B", "A"]


def test_profiles_have_their_own_lists(store) -> None:
    add_application(store, title="Ana's job", profile="ana")
    add_application(store, title="Ben's job", profile="Ben")
    assert [a.title for a in list_applications(store, profile="ana")] == ["Ana's job"]
    assert [a.title for a in list_applications(store, profile="ben")] == ["Ben's job"]
    assert list_applications(store) == []
    ben = list_applications(store, profile="ben")[0]
    with pytest.raises(NotFoundError):
        get_application(store, ben.id, profile="ana")
    with pytest.raises(ProfileError):
        list_applications(store, profile="../x")


def test_survives_reingest_and_posting_removal(tmp_path) -> None:
    from otpath.ingest import ingest_paths

    src = tmp_path / "one.jsonl"
    src.write_text(
        '{"id": "j1", "title": "Utilization Review Therapist", "company": "Plan Health",'
        ' "description": "Remote. OT or COTA with 2 years of experience.",'
        ' "url": "https://jobs.example.org/1"}\n',
        encoding="utf-8",
    )
    with Store.open(tmp_path / "otpath.db") as store:
        ingest_paths(store, [src], workers=1)
        pid = store.search_postings(PostingFilters(), match=None, limit=1).rows[0]["id"]
        app, _ = save_posting(store, pid, today=D)
        update_application(store, app.id, status="applied", today=D)
        ingest_paths(store, [src], workers=1, skip_completed=False)  # re-ingest
        assert get_application(store, app.id).status == "applied"
        with store.transaction():
            assert store.delete_postings([pid]) == 1
        kept = get_application(store, app.id)
    assert (kept.title, kept.company, kept.status, kept.in_store) == (
        "Utilization Review Therapist", "Plan Health", "applied", False,
    )  # fmt: skip
    assert kept.url == "https://jobs.example.org/1"
    assert "OT or COTA" in kept.description_html


def test_remove(store) -> None:
    app = add_application(store, title="X")
    remove_application(store, app.id)
    with pytest.raises(NotFoundError, match="no application"):
        remove_application(store, app.id)


# -- CSV -----------------------------------------------------------------------------


def test_csv_export_then_import_elsewhere(store) -> None:
    a = add_application(store, title="Case Manager", company="Acme", url="https://x.org/1", today=D)
    update_application(store, a.id, status="applied", on="2026-11-03", add_note="sent CV", today=D)
    add_application(store, title="=HYPERLINK(\"http://evil\")", company="+cmd", today=D)
    out = io.StringIO()
    assert export_csv(store, out) == 2
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "'=HYPERLINK" in text and "'+cmd" in text  # no formula reaches a spreadsheet
    with Store.memory() as other:
        report = import_csv(other, text, today=date(2026, 12, 1))
        assert (report.added, report.updated, report.rejected) == (2, 0, [])
        got = {x.title: x for x in list_applications(other)}
    assert set(got) == {"Case Manager", '=HYPERLINK("http://evil")'}
    cm = got["Case Manager"]
    assert (cm.status, cm.saved_on, cm.applied_on, cm.notes) == (
        "applied", D, date(2026, 11, 3), "2026-11-02: sent CV",
    )  # fmt: skip
    assert got['=HYPERLINK("http://evil")'].company == "+cmd"


def test_csv_import_updates_matching_rows_and_reports_bad_lines(store) -> None:
    add_application(store, title="Recruiter", company="Acme", today=D)
    text = (
        "title,company,status,applied_on,next_step_on\n"
        "Recruiter,ACME,applied,2026-11-04,\n"  # same job (any case): updated
        ",Nobody,saved,,\n"  # line 3: no title
        "Liaison,Rehab Co,hired,,\n"  # line 4: bad status
        "Liaison,Rehab Co,saved,,soon\n"  # line 5: bad date
        "Writer,Ink,interviewing,,2026-11-20\n"  # new
    )
    report = import_csv(store, text, today=date(2026, 11, 6))
    assert (report.added, report.updated) == (1, 1)
    assert report.rejected == [
        "line 3: title is empty",
        "line 4: status: unknown status 'hired'; use one of saved, applied, interviewing, offer, rejected, withdrawn",
        "line 5: next_step_on: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-05",
    ]
    apps = {a.title: a for a in list_applications(store)}
    assert (apps["Recruiter"].status, apps["Recruiter"].applied_on) == ("applied", date(2026, 11, 4))
    assert (apps["Writer"].interviewing_on, apps["Writer"].next_step_on) == (
        date(2026, 11, 6), date(2026, 11, 20),
    )  # fmt: skip


def test_csv_without_title_column_is_refused(store) -> None:
    with pytest.raises(TrackerError, match="the CSV has no 'title' column"):
        import_csv(store, "name,company\nx,y\n")


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: " ".join(s.split()) == s and s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(
        st.tuples(_text, st.none() | _text, st.sampled_from(STATUSES),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)),
        min_size=1, max_size=6, unique_by=lambda r: (r[0].lower(), (r[1] or "").lower()),
    )  # fmt: skip
)
def test_csv_round_trip(rows) -> None:
    """Whatever titles, companies and notes hold, export -> import gives them back."""
    with Store.memory() as a, Store.memory() as b:
        for title, company, status, notes in rows:
            add_application(a, title=title, company=company, status=status, notes=notes, today=D)
        out = io.StringIO()
        export_csv(a, out)
        report = import_csv(b, out.getvalue(), today=date(2027, 1, 1))
        assert report.rejected == [] and report.added == len(rows)

        def key(x):  # type: ignore[no-untyped-def]
            # CSV cannot tell an empty cell from a missing value
            return (x.title, x.company or "", x.status, x.notes or "", x.saved_on, x.date_of(x.status))

        assert sorted(map(key, list_applications(a))) == sorted(map(key, list_applications(b)))


@pytest.mark.parametrize("notes", ["'\t0", "'=1", "''", "'", "=SUM(A1)", "plain"])
def test_csv_escape_round_trips_values_that_look_escaped(notes: str) -> None:
    with Store.memory() as a, Store.memory() as b:
        add_application(a, title="Recruiter", notes=notes, today=D)
        out = io.StringIO()
        export_csv(a, out)
        import_csv(b, out.getvalue(), today=date(2027, 1, 1))
        assert [x.notes for x in list_applications(b)] == [x.notes for x in list_applications(a)]
