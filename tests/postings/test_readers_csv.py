"""Generic CSV reader, and the CSV record streaming shared with JobSpy CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from otpath.errors import ReaderError, SourceError
from otpath.postings.models import RawPosting
from otpath.postings.sources import GenericCsvReader, detect, iter_postings
from otpath.postings.sources._io import iter_csv_rows
from otpath.postings.sources.csv_generic import guess_columns

FIX = Path(__file__).parent.parent / "fixtures" / "postings"


def read(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(GenericCsvReader(mapping=mapping).read(path, errors=errors)), errors


def write(tmp_path: Path, text: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_generic_fixture_guessed_columns() -> None:
    path = FIX / "csv" / "generic.csv"
    assert detect(path).name == "csv"
    postings, errors = read(path)
    assert [(p.origin_line, p.title) for p in postings] == [
        (2, "Clinical Documentation Specialist"),
        (3, "Telehealth OT Program Manager"),
        (8, "Accessibility Consultant"),
    ]
    doc, tele, access = postings
    assert doc.company == "Maple Valley Health"
    assert doc.location == "Portland, OR"
    assert doc.date_posted == date(2025, 3, 1)
    assert doc.pay_min == 58000.0
    assert doc.remote_hint is False
    assert tele.description == (
        "Build and run a telehealth OT program.\nHire and coach remote clinicians.\n"
        "Report outcomes monthly."
    )
    assert tele.remote_hint is True
    assert access.date_posted is None
    assert access.raw == {"Posted": "not a date"}
    assert [(e.line, e.reason) for e in errors] == [
        (6, "expected 7 fields, found 6; row skipped"),
        (7, "malformed CSV record (',' expected after '\"'); skipped"),
    ]


def test_mapping_with_semicolons() -> None:
    mapping = {
        "title": "Posting Name",
        "description": "Text",
        "company": "Org",
        "location": "Where",
        "url": "Link",
    }
    postings, errors = read(FIX / "csv" / "mapped.csv", mapping)
    assert errors == []
    assert [p.title for p in postings] == [
        "Prior Authorization Reviewer",
        "Home Modification Consultant",
    ]
    assert postings[0].description.startswith("Review therapy authorization requests; escalate")
    assert postings[1].location == "Tampa, FL"
    assert postings[0].url == "https://cedar.example/jobs/11"
    assert postings[0].raw == {}


def test_mapping_matches_headers_loosely_and_still_guesses_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "Job_Name,Body,Employer\nCase Manager,Call members.,Acme Care\n")
    postings, errors = read(path, {"title": "job name"})
    assert errors == []
    assert (postings[0].title, postings[0].description, postings[0].company) == (
        "Case Manager",
        "Call members.",
        "Acme Care",
    )


def test_without_mapping_no_title_column_is_one_error() -> None:
    postings, errors = read(FIX / "csv" / "mapped.csv")
    assert postings == []
    assert len(errors) == 1
    assert errors[0].line == 1
    assert "no title column found among: Posting Name, Org, Where, Text, Link" in errors[0].reason
    # the CLI's own option is a hint beside the reason, which the web app shows alone
    assert "--map" not in errors[0].reason
    assert errors[0].hint == 'name the title column with --map title="<header>"'


def test_mapping_to_a_missing_header_is_one_error() -> None:
    postings, errors = read(FIX / "csv" / "mapped.csv", {"title": "Job Title"})
    assert postings == []
    assert errors[0].reason.startswith("column 'Job Title' (mapped to title) is not in the header")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"headline": "Title"}, "unknown field in column mapping: headline"),
        ({"title": "  "}, "empty header name in column mapping for title"),
    ],
)
def test_bad_mapping_raises_source_error(mapping: dict[str, str], message: str) -> None:
    with pytest.raises(SourceError) as info:
        GenericCsvReader(mapping=mapping)
    assert str(info.value) == message
    assert info.value.hint


def test_cp1252_file() -> None:
    postings, errors = read(FIX / "encoding" / "cp1252.csv")
    assert errors == []
    assert [p.title for p in postings] == [
        "Gestionnaire de cas – réadaptation",
        "Ergonomics Café Talks Host",
    ]
    assert postings[0].description.endswith(
        "l’hospitalisation; ergothérapeute ou physiothérapeute."
    )
    assert postings[1].description == "Lead “lunch and learn” sessions on desk posture."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Title", "Description"], {"title": 0, "description": 1}),
        (
            ["Job Title", "Job Description", "Company Name"],
            {"title": 0, "description": 1, "company": 2},
        ),
        (
            ["Position", "Body", "Employer", "Link"],
            {"title": 0, "description": 1, "company": 2, "url": 3},
        ),
        (["JOB_TITLE", "date-posted", "Location"], {"title": 0, "date_posted": 1, "location": 2}),
        (["role", "summary", "posted"], {"title": 0, "description": 1, "date_posted": 2}),
        (["Name", "Notes"], {}),
    ],
)
def test_guess_columns(header: list[str], expected: dict[str, int]) -> None:
    assert guess_columns(header) == expected


@pytest.mark.parametrize(
    ("text", "lines", "errors_at"),
    [
        # a quote that is never closed: reported at its first line, the next rows still read
        ('title,description\nA,"never closed\nB,fine\nC,"also fine"\n', [3, 4], [2]),
        # a quote inside an unquoted field is kept as text (csv's rule)
        ('title,description\nA,5" monitor\nB,ok\n', [2, 3], []),
        # text after a closing quote is malformed
        ('title,description\nA,"5" monitor"\nB,ok\n', [3], [2]),
        # a record spanning lines, then a good one
        ('title,description\nA,"one\ntwo\nthree"\nB,x\n', [2, 5], []),
        # too many and too few fields
        ("title,description\nA,x,extra\nB\nC,y\n", [4], [2, 3]),
        # blank lines are skipped, not errors
        ("title,description\n\nA,x\n\n", [3], []),
        # an old-Mac file with bare CR line ends
        ("title,description\rA,x\rB,y\r", [2, 3], []),
        # Windows line ends inside and outside quotes
        ('title,description\r\nA,"x\r\ny"\r\nB,z\r\n', [2, 4], []),
        # no final newline
        ("title,description\nA,x", [2], []),
    ],
)
def test_physical_lines_and_recovery(
    tmp_path: Path, text: str, lines: list[int], errors_at: list[int]
) -> None:
    postings, errors = read(write(tmp_path, text))
    assert [p.origin_line for p in postings] == lines
    assert [e.line for e in errors] == errors_at


def test_multiline_description_keeps_newlines(tmp_path: Path) -> None:
    postings, _ = read(write(tmp_path, 'title,description\r\nA,"x\r\ny"\r\n'))
    assert postings[0].description == "x\ny"


@pytest.mark.parametrize(
    ("header", "row", "attr", "expected"),
    [
        ("title,salary min,interval", "A,$62.5k,year", "pay_min", 62500.0),
        ("title,salary min,interval", "A,$62.5k,year", "pay_interval", "yearly"),
        ("title,remote", "A,Hybrid", "remote_type_hint", "hybrid"),
        ("title,remote", "A,yes", "remote_hint", True),
        ("title,posted", "A,2025/02/03", "date_posted", date(2025, 2, 3)),
        ("title,job id", "A,R-22", "source_id", "R-22"),
        ("title,source", "A,handshake", "site", "handshake"),
        ("title,currency", "A,CAD", "pay_currency", "CAD"),
        ("title,employment type", "A,Part-time", "employment_type", "Part-time"),
        ("title,Benefits", "A,PTO", "raw", {"Benefits": "PTO"}),
        ("title,remote", "A,some days", "raw", {"remote": "some days"}),
        ("title,", "A,x", "raw", {"column 2": "x"}),
    ],
)
def test_value_parsing(tmp_path: Path, header: str, row: str, attr: str, expected: object) -> None:
    postings, errors = read(write(tmp_path, f"{header}\n{row}\n"))
    assert errors == []
    assert getattr(postings[0], attr) == expected


def test_missing_title_value_is_reported(tmp_path: Path) -> None:
    postings, errors = read(write(tmp_path, "title,description\n,no title here\nB,x\n"))
    assert [p.title for p in postings] == ["B"]
    assert [(e.line, e.reason) for e in errors] == [(2, "missing title; row skipped")]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("p.tsv", "title\tdescription\nCare Navigator\tHelp, members\n"),
        ("p.csv", "title;description\nCare Navigator;Help, members\n"),
        ("p.csv", "title|description\nCare Navigator|Help, members\n"),
    ],
)
def test_delimiters(tmp_path: Path, name: str, text: str) -> None:
    postings, errors = read(write(tmp_path, text, name))
    assert errors == []
    assert (postings[0].title, postings[0].description) == ("Care Navigator", "Help, members")


def test_undecodable_line_inside_a_record_skips_that_record(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b'title,description\nA,"ok\nbad \x81 byte"\nB,fine\n')
    postings, errors = read(path)
    assert [p.title for p in postings] == ["B"]
    assert [(e.line, e.reason) for e in errors] == [
        (2, "the bytes are neither UTF-8 nor cp1252 text; record skipped")
    ]


def test_iter_csv_rows_start_lines(tmp_path: Path) -> None:
    path = write(tmp_path, 'a,b\n1,"x\ny"\n2,z\n')
    errors: list[ReaderError] = []
    rows = list(iter_csv_rows(path, errors=errors, file="p.csv"))
    assert rows == [(1, ["a", "b"]), (2, ["1", "x\ny"]), (4, ["2", "z"])]


def test_mapping_forces_generic_csv_for_a_jobspy_export() -> None:
    errors: list[ReaderError] = []
    postings = list(
        iter_postings(
            [FIX / "jobspy" / "jobs_plain.csv"],
            errors=errors,
            mapping={"title": "title", "description": "description", "url": "job_url"},
        )
    )
    assert errors == []
    assert (postings[0].url or "").startswith("https://www.ziprecruiter.com/")
    assert postings[0].site == "zip_recruiter"  # fields left out of the mapping are guessed
    assert postings[0].raw["salary_source"] == "direct_data"  # the rest goes to raw
