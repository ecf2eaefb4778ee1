"""Terminal output escapes what a hostile file puts in it: escape sequences in CSV
headers, markup-like text in titles, bidirectional overrides in file names."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import _output, app

# Set the terminal's title, recolour it, clear it, ring the bell, hide text with CR.
ESCAPES = "\x1b]0;owned\x07\x1b[31m\x1b[2J\rhidden\x9b1m"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\r")


def run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.output


def test_escape_sequences_in_csv_headers_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil.csv"
    path.write_text(f"{ESCAPES}Heading,other\nx,y\n", encoding="utf-8")
    out = run("ingest", path, "--db", tmp_path / "s.db")
    assert "no title column found among" in out
    for ch in RAW_CONTROLS:
        assert ch not in out, repr(ch)
    assert "\\x1b]0;owned\\x07" in out  # visible, not acted on


def test_escape_sequences_in_file_names_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "jobs\x1b[2J\u202eevil.csv"
    path.write_text("title\nCare Coordinator\n", encoding="utf-8")
    out = run("ingest", path, "--db", tmp_path / "s.db")
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J\\u202e" in out


@pytest.mark.parametrize("terminal", [True, False], ids=["rich table", "piped"])
def test_posting_text_in_tables_is_escaped_and_never_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=terminal, width=200, color_system=None)
    monkeypatch.setattr(_output, "_console", console)
    monkeypatch.setattr("sys.stdout", buffer)
    # "[/x]" closes a tag that is not open: Rich markup would raise MarkupError.
    _output.print_table(
        ["title", "company"], [(f"Care [bold]Coordinator[/x] {ESCAPES}", "Acme\tInc")]
    )
    out = buffer.getvalue()
    assert "[bold]Coordinator[/x]" in out
    for ch in RAW_CONTROLS:
        assert ch not in out, repr(ch)


def test_json_output_escapes_what_json_leaves_raw(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _output.echo_json({"title": "a\x7fb\x9bc\u202ed\x1be"})
    out = capsys.readouterr().out
    assert json.loads(out) == {"title": "a\x7fb\x9bc\u202ed\x1be"}  # the same value
    for ch in ("\x7f", "\x9b", "\u202e", "\x1b"):
        assert ch not in out
