"""Odd inputs: links out of an ingested folder, link loops, UTF-16 with and without a BOM."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from otpath.errors import ReaderError
from otpath.ingest import ingest_paths
from otpath.postings.sources import iter_postings
from otpath.store import Store

SECRET = "Private Notes\nSomething that lives outside the folder being ingested.\n"


def read(paths: list[Path], **options: object) -> tuple[list[str], list[ReaderError], list[str]]:
    errors: list[ReaderError] = []
    notes: list[str] = []
    titles = [p.title for p in iter_postings(paths, errors=errors, notes=notes, **options)]  # type: ignore[arg-type]
    return titles, errors, notes


@pytest.fixture
def folder_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "also.txt").write_text("Another Outside\nText.\n", encoding="utf-8")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "job.txt").write_text("Care Coordinator\nCall members.\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "passwd.txt")  # the /etc/passwd case
    os.symlink(outside / "more", folder / "linked-dir")
    os.symlink(folder / "job.txt", folder / "same-job.txt")  # inside: harmless
    os.symlink(folder, folder / "loop")  # a loop back to the folder itself
    return folder


def test_links_out_of_a_folder_are_not_followed(folder_with_links: Path) -> None:
    titles, errors, notes = read([folder_with_links])
    assert titles == ["Care Coordinator"]  # once, although a link inside points at it too
    assert errors == []
    skipped = sorted(n.split(":")[0].rsplit("/", 1)[-1] for n in notes if "not followed" in n)
    assert skipped == ["linked-dir", "passwd.txt"]
    assert all("--follow-symlinks" in n for n in notes if "not followed" in n)


def test_links_are_followed_when_asked(folder_with_links: Path) -> None:
    titles, errors, _ = read([folder_with_links], follow_symlinks=True)
    assert sorted(titles) == ["Another Outside", "Care Coordinator", "Private Notes"]
    assert errors == []


def test_a_link_named_on_the_command_line_is_read(folder_with_links: Path) -> None:
    titles, _, _ = read([folder_with_links / "passwd.txt"])
    assert titles == ["Private Notes"]  # the user named it


def test_ingest_does_not_store_what_a_link_points_at(folder_with_links: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        report = ingest_paths(store, [folder_with_links])
        assert report.files == [str(folder_with_links / "job.txt")]
        assert store.count_postings() == 1
        text = " ".join(r[0] for r in store.conn.execute("SELECT description_text FROM postings"))
        assert "outside the folder" not in text


# -- encodings -------------------------------------------------------------------------------

JOBSPY_RECORDS = [
    {"id": "in-1", "site": "indeed", "job_url": "https://example.org/1",
     "title": "Care Coordinator – Transitions", "description": "Calls after discharge."},
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_json_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "jobs.json"
    path.write_bytes(json.dumps(JOBSPY_RECORDS, ensure_ascii=False).encode(encoding))
    titles, errors, _ = read([path])
    assert errors == [] and titles == ["Care Coordinator – Transitions"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_with_or_without_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    # Before, without a BOM: "no title column found among: t i t l e ..."
    path = tmp_path / "export.csv"
    path.write_bytes("title,description\nÉvaluateur ergonomique,Job site visits\n".encode(encoding))
    titles, errors, _ = read([path])
    assert errors == [] and titles == ["Évaluateur ergonomique"]


def test_utf16_jsonld_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    line = {"@context": "https://schema.org", "@type": "JobPosting", "title": "UR Nurse",
            "description": "&lt;p&gt;Review requests&lt;/p&gt;"}  # fmt: skip
    path.write_bytes((json.dumps(line) + "\n").encode("utf-16"))
    errors: list[ReaderError] = []
    postings = list(iter_postings([path], errors=errors))
    assert errors == [] and postings[0].description == "<p>Review requests</p>"
