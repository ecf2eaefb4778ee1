"""No silent loss: every record not stored is counted and named; only files from which
something was stored are remembered as ingested; behaviour matches docs/formats.md."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app
from otpath.ingest import ingest_paths
from otpath.store import Store

from .conftest import posting, write_jsonl

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def ingest_cli(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ingest", *map(str, args)], catch_exceptions=False)
    return result.exit_code, result.output


def test_every_record_not_stored_is_counted_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "title,description,company\n"
        "Care Coordinator,Calls members,Acme\n"  # 2: stored
        ",no title here,Acme\n"  # 3: no title
        "Too,many,fields,here\n"  # 4: wrong field count
        '"Unclosed quote,x,y\n'  # 5: its quote swallows the rest...
        "Ergonomics Specialist,Job site analyses,Beta\n",  # 6: ...read again: stored
        encoding="utf-8",
    )
    with Store.open(tmp_path / "s.db") as store:
        report = ingest_paths(store, [path])
    assert report.stored == 2
    assert [(r.line, r.reason.split(";")[0]) for r in report.rejected] == [
        (3, "missing title"),
        (4, "expected 3 fields, found 4"),
        (5, "malformed CSV record (unexpected end of data)"),
    ]


def test_a_wholly_rejected_file_is_not_recorded_and_the_rerun_says_why(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Posting Name,Body\nCare Coordinator,Calls\n", encoding="utf-8")
    db = tmp_path / "s.db"
    for _ in range(2):  # before: the second run said "skipped: already ingested" and exited 0
        code, out = ingest_cli(path, "--db", db)
        assert code == 2
        assert "no title column found among: Posting Name, Body" in out
        assert "not recorded as ingested" in out
        assert 'Hint: name the title column with --map title="<header>"' in out
        assert "already ingested" not in out
    code, out = ingest_cli(path, "--db", db, "--map", "title=Posting Name")  # fixed: read
    assert code == 0 and "new 1" in out


def test_a_partly_rejected_file_is_recorded(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [posting(1), {"title": "no description"}])
    db = tmp_path / "s.db"
    assert ingest_cli(path, "--db", db)[0] == 0
    code, out = ingest_cli(path, "--db", db)
    assert code == 0 and "already ingested" in out


def test_an_empty_file_is_no_error_and_is_not_recorded(tmp_path: Path) -> None:
    doc = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "**Empty files are not an error.**" in doc and "exits with status 0" in doc
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    db = tmp_path / "s.db"
    for _ in range(2):
        code, out = ingest_cli(path, "--db", db)
        assert code == 0, out  # before: exit 2, though the docs said "no error"
        assert "empty file, no postings" in out
        assert "already ingested" not in out
    with Store.open(db) as store:
        assert not store.conn.execute("SELECT count(*) FROM ingest_files").fetchone()[0]


def test_a_folder_with_no_postings_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, out = ingest_cli(tmp_path / "in", "--db", tmp_path / "s.db")
    assert code == 2 and "no postings files found" in out


def test_a_folder_ingest_counts_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "sub").mkdir(parents=True)
    write_jsonl(folder / "a.jsonl", [posting(1)])
    write_jsonl(folder / "sub" / "b.jsonl", [posting(2)])
    (folder / "c.txt").write_text("Care Coordinator\nCall members after discharge.\n")
    code, out = ingest_cli(folder, "--db", tmp_path / "s.db")  # before: "Ingested 0 files"
    assert code == 0
    assert "Ingested 3 files" in out


def test_a_truncated_gzip_keeps_what_came_before_and_reports_the_break(tmp_path: Path) -> None:
    data = gzip.compress(
        "".join(json.dumps(posting(i)) + "\n" for i in range(200)).encode("utf-8")
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with Store.open(tmp_path / "s.db") as store:
        report = ingest_paths(store, [path])
    assert 0 < report.stored < 200
    assert len(report.rejected) == 1
    assert "the compressed file is damaged" in report.rejected[0].reason
    assert report.rejected[0].reason.endswith("the rest of the file was skipped")


@pytest.mark.parametrize("workers", [1, 2])
def test_counts_add_up_whatever_the_workers(tmp_path: Path, workers: int) -> None:
    records = [posting(i) for i in range(1200)]
    lines = [json.dumps(r) for r in records]
    for at in (5, 600, 1100):
        lines[at] = "{not json"
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        report = ingest_paths(store, [path], workers=workers)
    assert report.stored + len(report.rejected) == 1200
    assert [r.line for r in report.rejected] == [6, 601, 1101]


def test_a_folder_ingest_does_not_count_a_file_it_could_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [posting(1)])
    write_jsonl(folder / "b.jsonl", [posting(2)])
    (folder / "broken.csv").write_text("colour,size\nred,large\n")  # no title column: unreadable
    code, out = ingest_cli(folder, "--db", tmp_path / "s.db")
    assert "Ingested 2 files into" in out and "; 1 could not be read (see below)" in out
    assert "not recorded as ingested:" in out and "broken.csv" in out
    # the progress lines do not call the unreadable file "done"
    assert "broken.csv: nothing stored (see below)" in out and "a.jsonl: done" in out
