"""Plain text / markdown postings: one per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from otpath.errors import ReaderError
from otpath.postings.models import RawPosting
from otpath.postings.sources import TextReader, detect
from otpath.postings.sources.text import split_title

FIX = Path(__file__).parent.parent / "fixtures" / "postings" / "text"


def read(path: Path) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(TextReader().read(path, errors=errors)), errors


@pytest.mark.parametrize(
    ("name", "title", "line", "starts"),
    [
        (
            "prior_auth_reviewer.txt",
            "Prior Authorization Reviewer (OT/PT)",
            2,
            "Northwind Benefits is hiring",
        ),
        ("ergonomics_specialist.md", "Ergonomics Specialist", 1, "**Safe Motion Consulting**"),
    ],
)
def test_fixture_files(name: str, title: str, line: int, starts: str) -> None:
    path = FIX / name
    assert detect(path).name == "text"
    postings, errors = read(path)
    assert errors == []
    [p] = postings
    assert (p.title, p.origin_line, p.origin_file) == (title, line, str(path))
    assert p.description.startswith(starts)
    assert p.site is None and p.raw == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Care Coordinator\nCall members.", (1, "Care Coordinator", "Call members.")),
        ("\n\n  # Care Coordinator  \n\nCall.\n\n", (3, "Care Coordinator", "Call.")),
        ("### UR Nurse ###\n", (1, "UR Nurse", "")),
        ("#\n## \nReal Title\nBody", (3, "Real Title", "Body")),
        ("Title only", (1, "Title only", "")),
        ("Title\r\nLine 1\r\nLine 2", (1, "Title", "Line 1\nLine 2")),
        ("#hashtag-title\nx", (1, "hashtag-title", "x")),
        ("", None),
        ("  \n\t\n", None),
    ],
)
def test_split_title(text: str, expected: tuple[int, str, str] | None) -> None:
    assert split_title(text) == expected


def test_blank_file_gives_no_posting_and_no_error() -> None:
    postings, errors = read(FIX.parent / "empty" / "blank.txt")
    assert postings == [] and errors == []


def test_cp1252_text(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes("Ergothérapeute – conseil\nPoste à distance.".encode("cp1252"))
    [p], errors = read(path)
    assert errors == []
    assert p.title == "Ergothérapeute – conseil"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Title\n\x81\x8d\x8f", "the bytes are neither UTF-8 nor cp1252 text; file skipped"),
        (b"Title\x00\x00\x00binary", "binary data, not text; file skipped"),
    ],
)
def test_non_text_is_reported(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(data)
    postings, errors = read(path)
    assert postings == []
    assert [e.reason for e in errors] == [reason]
