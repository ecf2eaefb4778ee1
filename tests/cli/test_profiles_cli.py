"""Named profiles on the command line: quiz --profile, match/jobs/track --profile, profile list."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from otpath.cli import app


def test_named_profiles(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTPATH_PROFILE", str(tmp_path / "profile.toml"))
    monkeypatch.setenv("OTPATH_DB", str(tmp_path / "otpath.db"))

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    wrote = run("quiz", "--no-input", "--profile", "Ana", "--credential", "COTA", "--years", "4")
    assert wrote.stdout == f"Wrote {tmp_path / 'profiles' / 'ana.toml'}\n"
    run("quiz", "--no-input", "--credential", "PT", "-o", str(tmp_path / "profile.toml"))
    listed = json.loads(run("profile", "list", "--json").stdout)
    assert [(p["name"], p["saved"]) for p in listed] == [("default", True), ("ana", True)]
    ana = json.loads(run("match", "--profile", "ana", "--json", "--top", "1").stdout)
    default = json.loads(run("match", "--json", "--top", "1").stdout)
    assert ana["results"][0]["role"] and default["results"][0]["role"]
    missing = run("jobs", "--profile", "ben")
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"Error: no saved profile 'ben' ({tmp_path / 'profiles' / 'ben.toml'})\n"
        "Hint: answer the quiz first: otpath quiz --profile ben\n"
    )
    both = run("quiz", "--no-input", "--credential", "OT", "-o", "x.toml", "--profile", "ana")
    assert both.exit_code == 2 and "give --out or --profile, not both" in both.stderr
    assert run("profile", "remove", "ana").stdout.startswith("Removed profile ana")


def test_a_file_that_is_not_a_toml_file_is_not_a_profile(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTPATH_PROFILE", str(tmp_path / "profile.toml"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("my jobs\n", encoding="utf-8")
    (tmp_path / "ana").write_text("not a profile either\n", encoding="utf-8")
    for command in (["match"], ["jobs"], ["track", "list"], ["report"]):
        result = CliRunner().invoke(app, [*command, "-p", "notes.txt"], catch_exceptions=False)
        assert result.exit_code == 2, command
        assert result.stderr == (
            "Error: profile: 'notes.txt' is a file, not a profile (.toml) file\n"
            "Hint: give a profile file ending in .toml (otpath quiz -o FILE.toml writes one),"
            " or a profile name (otpath profile list)\n"
        ), command
    # a name is still a name, whatever files this folder holds
    named = CliRunner().invoke(app, ["match", "-p", "ana"], catch_exceptions=False)
    assert named.stderr.startswith("Error: no saved profile 'ana'")


def test_the_quiz_saves_the_profile_the_other_commands_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Without -o the quiz used to write profile.toml in the current folder, and match,
    jobs and report then said "no saved profile 'default' ... answer the quiz first"."""
    saved = tmp_path / "config" / "profile.toml"
    monkeypatch.setenv("OTPATH_PROFILE", str(saved))
    monkeypatch.setenv("OTPATH_DB", str(tmp_path / "otpath.db"))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    wrote = run("quiz", "--no-input", "--credential", "PT", "--country", "GB")
    assert wrote.stdout == f"Wrote {saved}: your default profile, which match, jobs, search, posting and report use\n"
    assert saved.is_file() and not (here / "profile.toml").exists()
    for command in (["match", "--json", "--top", "1"], ["jobs", "--json"], ["report", "-o", "plan.html"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
    assert json.loads(run("match", "--json", "--top", "1").stdout)["results"][0]["role"]
    # -o still writes the file named, and leaves the saved profile alone
    assert run("quiz", "--no-input", "-c", "SLP", "-o", "slp.toml").stdout == "Wrote slp.toml\n"
    assert 'credentials = ["PT"]' in saved.read_text(encoding="utf-8")
