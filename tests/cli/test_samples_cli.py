"""``otpath samples load / count / remove``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from otpath.cli import app


def test_load_count_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "otpath.db")

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, [*args, "--db", db], catch_exceptions=False)

    loaded = run("samples", "load")
    assert loaded.exit_code == 0 and loaded.stdout.startswith("Loaded 60 sample postings")
    assert run("samples", "load").stdout == "The sample postings are already in the store.\n"
    assert run("samples", "count").stdout == "60\n"
    assert run("samples", "remove").stdout == "Removed 60 sample postings; 0 postings left.\n"
    assert run("samples", "count").stdout == "0\n"
    assert run("samples", "load").stdout.startswith("Loaded 60 sample postings")
