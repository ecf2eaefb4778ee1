"""JobSpy CSV and JSON readers, against fixtures shaped like real JobSpy exports."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from otpath.errors import ReaderError
from otpath.postings.models import RawPosting
from otpath.postings.sources import (
    JOBSPY_COLUMNS,
    JobSpyCsvReader,
    JobSpyJsonReader,
    detect,
    get_reader,
)
from otpath.postings.sources.jobspy import jobspy_record_to_posting

FIX = Path(__file__).parent.parent / "fixtures" / "postings" / "jobspy"


def read(reader_name: str, path: Path) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    postings = list(get_reader(reader_name).read(path, errors=errors))
    return postings, errors


def test_jobspy_columns_are_the_34_of_jobspy() -> None:
    assert len(JOBSPY_COLUMNS) == 34
    assert JOBSPY_COLUMNS[:8] == (
        "id",
        "site",
        "job_url",
        "job_url_direct",
        "title",
        "company",
        "location",
        "date_posted",
    )
    assert JOBSPY_COLUMNS[-1] == "work_from_home_type"
    header = next(csv.reader((FIX / "jobs.csv").open(encoding="utf-8")))
    assert tuple(header) == JOBSPY_COLUMNS


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("jobs.csv", "jobspy-csv"),
        ("jobs_plain.csv", "jobspy-csv"),
        ("jobs.json", "jobspy-json"),
        ("jobs_lines.jsonl", "jobspy-json"),
    ],
)
def test_jobspy_files_are_detected(name: str, reader: str) -> None:
    assert detect(FIX / name).name == reader


def test_csv_reads_every_good_row_and_reports_the_malformed_one() -> None:
    postings, errors = read("jobspy-csv", FIX / "jobs.csv")
    assert [p.source_id for p in postings] == [
        "in-7f3a91c2",
        "li-3938475512",
        "gd-1009988776",
        "nk-220211",
    ]
    assert [(e.line, e.reason) for e in errors] == [
        (17, "expected 34 fields, found 5; row skipped")
    ]
    assert errors[0].file == str(FIX / "jobs.csv")


def test_csv_line_numbers_are_where_multiline_records_start() -> None:
    postings, _ = read("jobspy-csv", FIX / "jobs.csv")
    assert [p.origin_line for p in postings] == [2, 11, 18, 22]
    assert {p.origin_file for p in postings} == {str(FIX / "jobs.csv")}


def test_csv_maps_core_fields() -> None:
    postings, _ = read("jobspy-csv", FIX / "jobs.csv")
    ur = postings[0]
    assert ur.title == "Utilization Review Clinician (OT, PT or RN)"
    assert ur.company == "Example Health Plan"
    assert ur.location == "Columbus, OH, US"
    assert ur.site == "indeed"
    assert ur.url == "https://www.indeed.com/viewjob?jk=7f3a91c2"
    assert ur.urls == ["https://careers.example-healthplan.com/jobs/4471"]
    assert ur.date_posted == date(2025, 3, 14)
    assert ur.employment_type == "fulltime"
    assert (ur.pay_min, ur.pay_max, ur.pay_interval, ur.pay_currency) == (
        34.0,
        41.5,
        "hourly",
        "USD",
    )
    assert ur.remote_hint is True
    assert ur.description.startswith("**About the role**\n\nReview requests")
    assert "CMS guidelines\n\nFully remote" in ur.description
    assert "\r" not in ur.description


def test_csv_puts_site_specific_columns_in_raw() -> None:
    postings, _ = read("jobspy-csv", FIX / "jobs.csv")
    by_id = {p.source_id: p for p in postings}
    assert by_id["in-7f3a91c2"].raw == {
        "salary_source": "direct_data",
        "company_industry": "Insurance",
        "company_url": "https://www.indeed.com/cmp/Example-Health-Plan",
        "company_addresses": "100 Main Street, Columbus, OH",
        "company_num_employees": "10,000+",
        "company_revenue": "more than $10B (USD)",
        "company_description": "A regional nonprofit health plan.",
    }
    assert by_id["li-3938475512"].raw["job_level"] == "mid-senior level"
    naukri = by_id["nk-220211"]
    assert naukri.remote_type_hint == "hybrid"
    assert naukri.raw["experience_range"] == "2-5 Yrs"
    assert naukri.raw["work_from_home_type"] == "Hybrid"


def test_csv_keeps_quotes_commas_and_backslashes_of_readme_style_export() -> None:
    # JobSpy's README writes QUOTE_NONNUMERIC with escapechar="\\" (backslashes doubled).
    postings, _ = read("jobspy-csv", FIX / "jobs.csv")
    ergo = postings[1]
    assert ergo.company == "Desk Wellness Partners, LLC"
    assert ergo.employment_type == "fulltime, contract"
    assert 'with "quick win" recommendations' in ergo.description
    assert ergo.description.endswith(r"C:\Reports\Ergo \*draft\*")
    assert ergo.remote_hint is False
    assert ergo.pay_min is None and ergo.pay_interval is None


def test_plain_to_csv_export_with_index_column() -> None:
    postings, errors = read("jobspy-csv", FIX / "jobs_plain.csv")
    assert errors == []
    assert [p.site for p in postings] == ["zip_recruiter", "google"]
    pre, at = postings
    assert pre.origin_line == 2 and at.origin_line == 4
    assert pre.raw["index"] == "0"
    assert pre.remote_hint is False
    assert "MCG guidelines" in pre.description
    # an unreadable relative date is kept verbatim, the posting is not dropped
    assert at.date_posted is None
    assert at.raw["date_posted"] == "3 days ago"
    assert at.urls == ["https://jobs.example-at.org/apply/318"]


def test_json_records_array_with_epoch_ms_dates() -> None:
    postings, errors = read("jobspy-json", FIX / "jobs.json")
    assert errors == []
    assert [p.origin_line for p in postings] == [1, 2, 3, 4]  # record numbers
    assert [p.date_posted for p in postings] == [
        date(2025, 3, 14),
        date(2025, 3, 12),
        date(2025, 3, 10),
        date(2025, 3, 9),
    ]
    csv_postings, _ = read("jobspy-csv", FIX / "jobs.csv")
    strip = {"origin_file", "origin_line", "raw"}
    assert [p.model_dump(exclude=strip) for p in postings] == [
        p.model_dump(exclude=strip) for p in csv_postings
    ]
    # JSON keeps JSON types in raw
    assert postings[3].raw["company_rating"] == 4.1


def test_json_lines_report_the_broken_line() -> None:
    postings, errors = read("jobspy-json", FIX / "jobs_lines.jsonl")
    assert [p.origin_line for p in postings] == [1, 3]
    assert len(errors) == 1
    assert errors[0].line == 2
    assert errors[0].reason.startswith("invalid JSON at column")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[{"title": "A", "site": "x", "job_url": "u"},', 2, "end of file inside the array"),
        ('[{"title": "A"}, {"title": }]', 2, "invalid JSON"),
        ('[{"title": "A"},]', 2, "trailing comma"),
        ('[{"title": "A"}] junk', 2, "unexpected data after"),
        ('[{"title": "A"} {"title": "B"}]', 2, "expected ',' or ']'"),
        ('{"title": "not", "an": "array"', 1, "invalid JSON"),
    ],
)
def test_json_array_errors_are_reported_not_raised(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(text, encoding="utf-8")
    postings, errors = read("jobspy-json", path)
    assert len(errors) == 1
    assert errors[0].line == line
    assert reason in errors[0].reason
    assert all(p.title == "A" for p in postings)


def test_json_array_non_objects_and_missing_titles(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    rows = [
        {"title": "Care Manager", "site": "indeed", "job_url": "https://x/1"},
        "a string",
        {"title": None, "site": "indeed", "job_url": "https://x/2"},
        {"title": ["a", "list"], "site": "indeed", "job_url": "https://x/3"},
        {"title": "Ergonomist", "site": "indeed", "job_url": "https://x/4", "is_remote": None},
    ]
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    postings, errors = read("jobspy-json", path)
    assert [p.title for p in postings] == ["Care Manager", "Ergonomist"]
    assert [e.line for e in errors] == [2, 3, 4]
    assert "expected a JSON object" in errors[0].reason
    assert "(line 7)" in errors[0].reason  # the physical line is in the reason
    assert errors[1].reason == "missing title; row skipped"
    assert errors[2].reason == "title is not text; row skipped"


def test_json_array_elements_split_across_chunks(tmp_path: Path) -> None:
    # Elements larger than the read chunk and numbers at chunk edges.
    rows = [
        {
            "title": f"Clinical Reviewer {i}",
            "site": "indeed",
            "job_url": f"https://x/{i}",
            "min_amount": 12345678 + i,
            "description": "Review therapy requests. " * (3000 + i),
        }
        for i in range(40)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    postings, errors = read("jobspy-json", path)
    assert errors == []
    assert [p.pay_min for p in postings] == [12345678.0 + i for i in range(40)]


def test_default_orient_columns_gets_a_helpful_error(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(
        json.dumps(
            {
                "id": {"0": "in-1"},
                "site": {"0": "indeed"},
                "job_url": {"0": "u"},
                "title": {"0": "UR"},
            }
        ),
        encoding="utf-8",
    )
    postings, errors = read("jobspy-json", path)
    assert postings == []
    assert "orient='records'" in errors[0].reason


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        ({"is_remote": "True"}, "remote_hint", True),
        ({"is_remote": "False"}, "remote_hint", False),
        ({"is_remote": True}, "remote_hint", True),
        ({"is_remote": ""}, "remote_hint", None),
        ({"is_remote": None}, "remote_hint", None),
        ({"date_posted": "2025-04-10"}, "date_posted", date(2025, 4, 10)),
        ({"date_posted": 1744243200000}, "date_posted", date(2025, 4, 10)),
        ({"date_posted": "2025-04-10T00:00:00.000"}, "date_posted", date(2025, 4, 10)),
        ({"min_amount": "52000.0"}, "pay_min", 52000.0),
        ({"min_amount": float("nan")}, "pay_min", None),
        ({"min_amount": ""}, "pay_min", None),
        ({"interval": "yearly"}, "pay_interval", "yearly"),
        ({"work_from_home_type": "Remote"}, "remote_type_hint", "remote"),
        ({"work_from_home_type": "Work from office"}, "remote_type_hint", "onsite"),
        ({"job_url": "https://a", "job_url_direct": "https://a"}, "urls", []),
        ({"id": ""}, "source_id", None),
    ],
)
def test_record_values(record: dict[str, object], field: str, expected: object) -> None:
    posting = jobspy_record_to_posting(
        {"title": "Care Coordinator", "site": "indeed", **record}, file="f.csv", line=2
    )
    assert getattr(posting, field) == expected


@pytest.mark.parametrize(
    ("record", "raw_key", "raw_value"),
    [
        ({"date_posted": "yesterday"}, "date_posted", "yesterday"),
        ({"min_amount": "competitive"}, "min_amount", "competitive"),
        ({"interval": "per shift"}, "interval", "per shift"),
        ({"is_remote": "sometimes"}, "is_remote", "sometimes"),
    ],
)
def test_unreadable_values_are_kept_in_raw(
    record: dict[str, object], raw_key: str, raw_value: object
) -> None:
    posting = jobspy_record_to_posting({"title": "Case Manager", **record}, file="f", line=1)
    assert posting.raw[raw_key] == raw_value


def test_record_without_title_is_an_error() -> None:
    with pytest.raises(ReaderError) as info:
        jobspy_record_to_posting({"title": "  ", "site": "indeed"}, file="jobs.csv", line=9)
    assert str(info.value) == "jobs.csv:9: missing title; row skipped"


def test_csv_header_missing_signature_columns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,site,title\nin-1,indeed,UR Nurse\n", encoding="utf-8")
    assert JobSpyCsvReader().sniff(path, path.read_bytes()) is False
    postings, errors = read("jobspy-csv", path)
    assert postings == []
    assert errors[0].reason == "not a JobSpy CSV header (missing job_url); file skipped"


def test_json_sniff_needs_jobspy_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    assert JobSpyJsonReader().sniff(path, b'[{"title": "a", "site": "b", "job_url": "c"}]')
    assert not JobSpyJsonReader().sniff(path, b'[{"title": "a"}]')
    assert not JobSpyJsonReader().sniff(tmp_path / "x.html", b'{"job_url"')
