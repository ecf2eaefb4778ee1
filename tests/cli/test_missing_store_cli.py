"""Commands that only read the store never create one: a mistyped ``--db`` is an error
naming the path; a default store that does not exist yet is said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app

READERS = [
    ["jobs", "-p", "{profile}"],
    ["search", "review"],
    ["insights"],
    ["insights", "--role", "recruiter"],
    ["compare", "utilization_review", "recruiter"],
    ["match", "-p", "{profile}"],
    ["posting", "abcdef12"],
    ["track"],
    ["track", "list"],
    ["track", "show", "1"],
    ["track", "export"],
    ["track", "save", "abcdef12"],
    ["track", "status", "1", "applied"],
    ["resign"],
    ["reclassify"],
]


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OTPATH_PROFILE", str(tmp_path / "profile.toml"))
    path = tmp_path / "ot.toml"
    path.write_text('credentials = ["OT"]\n', encoding="utf-8")
    return path


def run(args: list[str], profile: Path) -> object:
    argv = [a.replace("{profile}", str(profile)) for a in args]
    return CliRunner().invoke(app, argv, catch_exceptions=False)


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_missing_db_is_refused_and_not_created(tmp_path, profile, monkeypatch, args) -> None:
    monkeypatch.setenv("OTPATH_DB", str(tmp_path / "real.db"))
    typo = tmp_path / "tpyo.db"
    result = run([*args, "--db", str(typo)], profile)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == f"Error: no store at {typo}"
    assert f"otpath ingest FILE --db {typo}" in result.stderr
    assert not typo.exists()


@pytest.mark.parametrize(
    "args", [["jobs", "-p", "{profile}"], ["search", "review"], ["insights"],
             ["compare", "utilization_review", "recruiter"]],  # fmt: skip
    ids=" ".join,
)
def test_no_default_store_yet_is_said_plainly_and_not_created(tmp_path, profile, monkeypatch, args) -> None:
    default = tmp_path / "data" / "otpath.db"
    monkeypatch.setenv("OTPATH_DB", str(default))
    result = run(args, profile)
    assert result.exit_code == 0, result.output
    assert f"No store yet at {default}: import postings with 'otpath ingest FILE'" in result.stderr
    assert "fit this profile" not in result.stderr
    assert not default.exists()


def test_writers_still_create_the_store(tmp_path, profile) -> None:
    new = tmp_path / "new.db"
    result = run(["track", "add", "Case Manager", "--db", str(new)], profile)
    assert result.exit_code == 0, result.output
    assert new.exists()
    assert run(["samples", "load", "--db", str(tmp_path / "s.db")], profile).exit_code == 0
