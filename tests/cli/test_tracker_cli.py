"""``otpath track`` through CliRunner: the whole path of one application, and CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app

UR = (
    "Review prior authorization requests for OT and PT. Active OT, PT or COTA license and "
    "3 years of clinical experience. Fully remote. Pay $72,000 - $85,000 per year."
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "otpath.db"
    monkeypatch.setenv("OTPATH_DB", str(db))
    monkeypatch.setenv("OTPATH_PROFILE", str(tmp_path / "profile.toml"))
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        json.dumps({"id": "a-1", "title": "Utilization Review Specialist", "company": "Example Health Plan",
                    "url": "https://jobs.example/1", "date_posted": "2026-11-20", "description": UR})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return {"db": db, "jobs": jobs, "tmp": tmp_path}


def run(*args: object) -> object:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result


def _posting_id(env: dict[str, Path]) -> str:
    assert run("ingest", env["jobs"]).exit_code == 0
    out = run("search", "utilization", "--json")
    return json.loads(out.stdout)["items"][0]["id"]


def test_save_applied_interviewing(env) -> None:
    pid = _posting_id(env)
    saved = run("track", "save", pid[:10], "--note", "looks good")
    assert saved.exit_code == 0 and saved.stdout == "Saved: #1 Utilization Review Specialist\n"
    assert run("track", "save", pid).stdout == "Already tracked: #1 Utilization Review Specialist\n"
    applied = run("track", "status", "1", "applied", "--on", "2026-11-21")
    assert applied.stdout == "#1 Utilization Review Specialist: Applied since 2026-11-21\n"
    assert run("track", "status", "1", "interviewing", "--on", "2026-11-28").exit_code == 0
    nxt = run("track", "next", "1", "send thank-you note", "--on", "2026-11-29")
    assert nxt.stdout == "#1: next step send thank-you note by 2026-11-29\n"
    shown = run("track", "show", "1").stdout
    history = shown.split("History: ")[1].splitlines()[0].split(", ")
    assert "applied 2026-11-21" in history and "interviewing 2026-11-28" in history
    assert any(item.startswith("saved ") for item in history)
    assert "Next step: send thank-you note by 2026-11-29" in shown
    board = run("track")  # the board, piped: tab-separated
    header, row = board.stdout.splitlines()[:2]
    assert header.split("\t")[:4] == ["id", "status", "since", "title"]
    assert row.split("\t")[:4] == ["1", "Interviewing", "2026-11-28", "Utilization Review Specialist"]
    data = json.loads(run("track", "list", "--json").stdout)
    assert [(a["id"], a["status"], a["applied_on"]) for a in data] == [(1, "interviewing", "2026-11-21")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["track", "status", "1", "hired"], "Error: status: unknown status 'hired'; use one of saved"),
        (["track", "status", "9", "applied"], "Error: no application 9 in the tracker of profile 'default'"),
        (["track", "save", "nope"], "Error: no posting 'nope' in the store"),
        (["track", "next", "1", "x", "--on", "Friday"], "Error: next_step_on: 'Friday' is not a date"),
        (["track", "list", "--profile", "Ana!"], "Error: name: 'Ana!' is not a profile name"),
    ],
)
def test_errors_say_what_to_do(env, args, message) -> None:
    run("track", "add", "Case Manager")
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr


def test_profiles_keep_separate_lists_and_csv_moves_them(env) -> None:
    assert run("track", "add", "Recruiter", "--company", "Staff Co", "-p", "ana").exit_code == 0
    assert "No applications tracked for profile 'default'" in run("track").stderr
    out = env["tmp"] / "ana.csv"
    assert run("track", "export", "-o", out, "-p", "ana").exit_code == 0
    imported = run("track", "import", out, "--profile", "ben")
    assert imported.stdout == "added 1, updated 0, rejected 0\n"
    again = run("track", "import", out, "--profile", "ben")
    assert again.stdout == "added 0, updated 1, rejected 0\n"
    rows = json.loads(run("track", "list", "--json", "-p", "ben").stdout)
    assert [(r["title"], r["company"]) for r in rows] == [("Recruiter", "Staff Co")]


@pytest.mark.parametrize("where", ["before", "after"])
def test_profile_and_db_mean_the_same_before_or_after_the_sub_command(env, where) -> None:
    pid = _posting_id(env)  # into the OTPATH_DB store
    other = env["tmp"] / "other.db"
    assert run("ingest", env["jobs"], "--db", other).exit_code == 0
    scope = ["-p", "ana", "--db", str(other)]

    def track(*args: str):  # type: ignore[no-untyped-def]
        return run("track", *scope, *args) if where == "before" else run("track", *args, *scope)

    assert track("save", pid).stdout == "Saved: #1 Utilization Review Specialist\n"
    assert [a["title"] for a in json.loads(track("list", "--json").stdout)] == ["Utilization Review Specialist"]
    assert "Utilization Review Specialist" in run("track", *scope).stdout  # the board
    # not the default profile's list, and not the OTPATH_DB store
    assert json.loads(run("track", "list", "--json", "--db", other).stdout) == []
    assert json.loads(run("track", "list", "--json", "-p", "ana").stdout) == []


def test_profile_given_before_and_after_must_agree(env) -> None:
    result = run("track", "-p", "ana", "list", "-p", "ben")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --profile is given twice, as 'ana' and 'ben'\n"
        "Hint: give --profile once, before or after the sub-command\n"
    )
    assert run("track", "-p", "ana", "list", "-p", "ana").exit_code == 0
