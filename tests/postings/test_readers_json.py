"""Readers of issue 8: JSON-LD lines, gzip, generic JSON with --map, missing values spelled
as text, pay given as words, currency, JobSpy's markdown escapes. Minimal cases, our words."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from otpath.errors import ReaderError
from otpath.ingest import ingest_paths
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import process
from otpath.postings.sources import detect, iter_postings
from otpath.search import get_posting
from otpath.store import Store


def read(path: Path, **options: object) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(iter_postings([path], errors=errors, **options)), errors  # type: ignore[arg-type]


def lines(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


JOB_POSTING = {
    "@context": "http://schema.org",
    "@type": "JobPosting",
    "title": "Occupational Therapist - Community Team",
    "description": "&lt;p&gt;Visit clients at home &amp;amp; assess equipment.&lt;/p&gt;",
    "hiringOrganization": {"@type": "Organization", "name": "Example Trust"},
    "baseSalary": {"@type": "MonetaryAmount", "currency": "GBP",
                   "value": {"@type": "QuantitativeValue", "value": "negotiable", "unitText": "YEAR"}},
    "datePosted": "2024-05-02T09:30:00+0100",
}  # fmt: skip


def test_jsonld_lines_gzipped_are_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    second = {**JOB_POSTING, "title": "Physiotherapist", "baseSalary": {
        "currency": "GBP", "value": {"minValue": "31000", "maxValue": "35000", "unitText": "YEAR",
                                     "value": "£31,000 - £35,000 a year"}}}  # fmt: skip
    path.write_bytes(gzip.compress(lines(JOB_POSTING, second).encode("utf-8")))
    assert detect(path).name == "jsonld"
    postings, errors = read(path)
    assert errors == []
    first, other = postings
    assert first.origin_line == 1 and other.origin_line == 2
    # entity-escaped HTML is unescaped exactly once: "&amp;amp;" stays "&amp;" (an "&")
    assert first.description == "<p>Visit clients at home &amp; assess equipment.</p>"
    assert first.company == "Example Trust"
    assert (first.pay_min, first.pay_text, first.pay_currency) == (None, "negotiable", "GBP")
    assert (other.pay_min, other.pay_max, other.pay_currency) == (31000, 35000, "GBP")


def test_a_jsonld_line_without_a_job_posting_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(lines(JOB_POSTING, {"@context": "http://schema.org", "@type": "WebPage"}))
    postings, errors = read(path)
    assert len(postings) == 1
    assert [(e.line, e.reason) for e in errors] == [
        (2, "no schema.org JobPosting in this line; skipped")
    ]


def test_a_salary_given_as_words_is_kept_and_stored(tmp_path: Path) -> None:
    # Before: dropped without a trace (neither pay nor raw).
    path = tmp_path / "feed.jsonl"
    path.write_text(lines(JOB_POSTING))
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [path])
        pid = store.conn.execute("SELECT id FROM postings").fetchone()[0]
        pay = get_posting(store, pid).requirements.pay
    assert (pay.text, pay.currency, pay.min) == ("negotiable", "GBP", None)


def test_a_salary_in_words_is_shown_on_the_posting_page(tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from otpath.web._views import requirement_rows

    path = tmp_path / "feed.jsonl"
    path.write_text(lines(JOB_POSTING))
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [path])
        pid = store.conn.execute("SELECT id FROM postings").fetchone()[0]
        rows = requirement_rows(get_posting(store, pid))
    assert [(r.label, r.value) for r in rows if r.label == "Pay"] == [("Pay", "negotiable (GBP)")]


@pytest.mark.parametrize(
    ("currency", "expected"), [("CAD", "CAD"), ("gbp", "GBP"), ("", "USD"), ("nan", "USD")]
)
def test_jobspy_currency_flows_to_the_store(tmp_path: Path, currency: str, expected: str) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "id,site,job_url,title,min_amount,max_amount,interval,currency,description\n"
        f"in-1,indeed,https://example.org/1,Care Coordinator,60000,70000,yearly,{currency},Calls.\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [path])
        pid = store.conn.execute("SELECT id FROM postings").fetchone()[0]
        pay = get_posting(store, pid).requirements.pay
    assert (pay.min, pay.max, pay.currency) == (60000, 70000, expected)


def test_missing_values_spelled_as_text_are_not_stored(tmp_path: Path) -> None:
    # Before: job_url_direct "None" became a source URL, company "nan" a company.
    path = tmp_path / "jobs.csv"
    path.write_text(
        "site,job_url,job_url_direct,title,company,location,min_amount,is_remote,description\n"
        "linkedin,https://example.org/2,None,Care Coordinator,nan,NULL,NaN,None,Calls.\n",
        encoding="utf-8",
    )
    (posting,), errors = read(path)
    assert errors == []
    assert (posting.urls, posting.company, posting.location, posting.pay_min) == ([], None, None, None)
    assert posting.remote_hint is None
    assert posting.raw == {}  # nothing "unreadable" kept either: it was empty


def test_jobspy_markdown_escapes_leave_no_backslashes() -> None:
    raw = RawPosting(
        title="Rehab Liaison",
        description="Salary \\$80k \\(\\*\\*not guaranteed\\*\\*\\)\n\n\\* Visit\\-based \\# 2\n"
        "See https://example.org/a\\_b",
    )
    posting = process(raw)
    assert "\\" not in posting.description_text
    assert "(**not guaranteed**)" in posting.description_text
    assert "https://example.org/a_b" in posting.description_text
    assert "\\" not in posting.description_html


@pytest.mark.parametrize(
    ("description", "lines"),
    [
        # Text encoded twice on its way to the file: literal backslash-n were line breaks.
        ("Job Description:\\n\\n Job Title: Team Lead\\r\\nBand 6", ["Job Description:", "Job Title: Team Lead", "Band 6"]),
        ("Duties\\tReview charts", ["Duties Review charts"]),
        # A backslash that starts a word is kept as it is.
        ("Save it in C:\\new", ["Save it in C:\\new"]),
    ],
)
def test_literal_line_breaks_become_lines(description: str, lines: list[str]) -> None:
    posting = process(RawPosting(title="Care Manager", description=description))
    assert posting.description_text.splitlines() == lines
    assert "\\n" not in posting.description_html.replace("\\new", "")


# -- generic JSON and --map ------------------------------------------------------------------

AGGREGATOR = [
    {"job_id": "x-1", "job_title": "Physical Therapist, Home Health", "employer_name": "Acme Care",
     "job_is_remote": False, "job_location": "Dayton, OH", "job_apply_link": "https://example.org/x1",
     "job_posted_at": "2025-04-01T10:00:00Z", "salary": None, "tags": {"level": "entry"}},
    {"job_id": "x-2", "job_title": "Care Navigator", "employer_name": "Beta Health",
     "job_is_remote": True, "job_location": "Remote", "salary": None},
]  # fmt: skip


def test_a_json_array_with_other_key_names_is_guessed(tmp_path: Path) -> None:
    path = tmp_path / "aggregator.json"
    path.write_text(json.dumps(AGGREGATOR), encoding="utf-8")
    assert detect(path).name == "json"  # before: "cannot tell the format"
    (first, second), errors = read(path)
    assert errors == []
    assert (first.title, first.company, first.location) == (
        "Physical Therapist, Home Health", "Acme Care", "Dayton, OH"
    )
    assert (first.url, str(first.date_posted), first.source_id) == (
        "https://example.org/x1", "2025-04-01", "x-1"
    )
    assert (first.remote_hint, second.remote_hint) == (False, True)
    assert first.raw == {"tags": {"level": "entry"}}
    assert first.origin_line == 1 and second.origin_line == 2  # positions in the array


def test_map_names_keys_for_json_arrays_and_lines(tmp_path: Path) -> None:
    records = [{"name": "Ergonomics Consultant", "org": "Gamma", "body": "Desk assessments."}]
    mapping = {"title": "name", "company": "org", "description": "body"}
    array = tmp_path / "a.json"
    array.write_text(json.dumps(records), encoding="utf-8")
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(lines(*records), encoding="utf-8")
    for path in (array, jsonl):
        (posting,), errors = read(path, mapping=mapping)
        assert errors == []
        assert (posting.title, posting.company, posting.description) == (
            "Ergonomics Consultant", "Gamma", "Desk assessments."
        )


def test_map_overrides_the_jsonl_schema_for_a_labelled_file(tmp_path: Path) -> None:
    # A file with "text" where our JSONL has "description" (as labelled sets often do).
    path = tmp_path / "labelled.jsonl"
    path.write_text(lines({"id": "ra1", "title": "UR Nurse", "text": "Reviews.", "family": "um"}))
    (posting,), errors = read(path, mapping={"description": "text"})
    assert errors == [] and posting.description == "Reviews."
    assert posting.raw == {"family": "um"}


def test_a_mapped_key_missing_from_a_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"name": "A"}, {"other": "B"}]), encoding="utf-8")
    postings, errors = read(path, mapping={"title": "name"})
    assert [p.title for p in postings] == ["A"]
    assert [(e.line, e.reason.split(";")[0]) for e in errors] == [
        (2, "no key 'name' (mapped) in this record")
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", lines({"title": "T", "description": "d"}), "jsonl"),
        ("a.jsonl", lines({"job_title": "T"}), "json"),
        ("a.json", json.dumps([{"job_title": "T"}]), "json"),
        ("a.json", lines({"title": "T"}), "jsonl"),
        ("a.ndjson", "", "jsonl"),
    ],
)
def test_our_jsonl_or_generic_json(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect(path).name == expected


def test_a_malformed_multi_character_separator_is_refused_clearly(tmp_path: Path) -> None:
    # The shape of a broken export seen in a JobSpy pull request: fields joined by "|~|"
    # and the first record glued to the header line.
    path = tmp_path / "custom.csv"
    path.write_text(
        "Job ID|~|Job Title (Primary)|~|Company Name|~|Job Description,1|~|Care Coordinator"
        "|~|Acme|~|Calls members\n2|~|Ergonomics Specialist|~|Beta|~|Site visits\n",
        encoding="utf-8",
    )
    postings, errors = read(path)
    assert postings == []
    assert len(errors) == 1
    assert "not a CSV header" in errors[0].reason and "'|~|'" in errors[0].reason
