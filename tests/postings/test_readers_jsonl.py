"""otpath's own JSONL format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from otpath.errors import ReaderError
from otpath.postings.models import RawPosting
from otpath.postings.sources import JSONL_FIELDS, JsonlReader, detect

FIX = Path(__file__).parent.parent / "fixtures" / "postings"


def read(path: Path) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(JsonlReader().read(path, errors=errors)), errors


def read_lines(tmp_path: Path, *records: Any) -> tuple[list[RawPosting], list[ReaderError]]:
    path = tmp_path / "p.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return read(path)


BASE = {"title": "Utilization Review Specialist", "description": "Review therapy requests."}


def test_fixture_good_lines_and_reported_bad_lines() -> None:
    path = FIX / "jsonl" / "postings.jsonl"
    assert detect(path).name == "jsonl"
    postings, errors = read(path)
    assert [(p.origin_line, p.title) for p in postings] == [
        (1, "Utilization Review Specialist - Therapy"),
        (2, "Ergonomics Evaluator"),
        (8, "Care Coordinator, Transitions"),
    ]
    assert [(e.line, e.reason) for e in errors] == [
        (
            3,
            "invalid JSON at column 139: Expecting property name enclosed in double quotes "
            "(a trailing comma? JSON does not allow them); skipped",
        ),
        (5, "missing required field 'title'; skipped"),
        (6, "expected a JSON object, found an array; skipped"),
        (7, "'date_posted' must be a date written YYYY-MM-DD (got '03/14/2025'); skipped"),
    ]
    assert all(e.file == str(path) for e in errors)


def test_fixture_field_mapping() -> None:
    postings, _ = read(FIX / "jsonl" / "postings.jsonl")
    ur, ergo, care = postings
    assert ur.source_id == "otp-001"
    assert ur.company == "Example Health Plan"
    assert ur.date_posted == date(2025, 3, 14)
    assert (ur.remote_hint, ur.remote_type_hint) == (True, "remote")
    assert (ur.pay_min, ur.pay_max, ur.pay_interval, ur.pay_currency) == (
        70000.0,
        82000.0,
        "yearly",
        "USD",
    )
    assert ur.site == "employer"
    assert ur.employment_type == "full-time"
    assert ur.raw == {}
    assert (ergo.remote_hint, ergo.remote_type_hint) == (None, "hybrid")
    assert ergo.raw == {"department": "Occupational Health", "sample": True}
    assert care.source_id == "42"
    assert care.pay_interval == "yearly"  # "Annual"


@pytest.mark.parametrize(
    ("extra", "field", "expected"),
    [
        ({"remote": True}, ("remote_hint", "remote_type_hint"), (True, None)),
        ({"remote": False}, ("remote_hint", "remote_type_hint"), (False, None)),
        ({"remote": "remote"}, ("remote_hint", "remote_type_hint"), (True, "remote")),
        ({"remote": "Hybrid"}, ("remote_hint", "remote_type_hint"), (None, "hybrid")),
        ({"remote": "onsite"}, ("remote_hint", "remote_type_hint"), (False, "onsite")),
        ({"remote": "on-site"}, ("remote_hint", "remote_type_hint"), (False, "onsite")),
        ({"pay_interval": "hourly"}, ("pay_interval",), ("hourly",)),
        ({"pay_interval": "MONTHLY"}, ("pay_interval",), ("monthly",)),
        ({"pay_min": "55000"}, ("pay_min",), (55000.0,)),
        ({"id": 7}, ("source_id",), ("7",)),
        ({"sample": True}, ("raw",), ({"sample": True},)),
        ({"sample": False}, ("raw",), ({},)),
        ({"benefits": ["401k"]}, ("raw",), ({"benefits": ["401k"]},)),
        ({"company": "  Example Plan  "}, ("company",), ("Example Plan",)),
        ({"company": ""}, ("company",), (None,)),
        ({"date_posted": None}, ("date_posted",), (None,)),
        ({"description": ""}, ("description",), ("",)),
    ],
)
def test_values(
    tmp_path: Path, extra: dict[str, Any], field: tuple[str, ...], expected: tuple[Any, ...]
) -> None:
    postings, errors = read_lines(tmp_path, {**BASE, **extra})
    assert errors == []
    assert tuple(getattr(postings[0], f) for f in field) == expected


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"description": "x"}, "missing required field 'title'"),
        ({"title": "x"}, "missing required field 'description'"),
        ({"title": "   ", "description": "x"}, "'title' string should have at least 1 character"),
        ({"title": 12, "description": "x"}, "'title' input should be a valid string"),
        ({**BASE, "remote": "sometimes"}, "'remote' must be true, false"),
        ({**BASE, "pay_interval": "per shift"}, "'pay_interval' must be one of hourly"),
        ({**BASE, "pay_min": -5}, "'pay_min' must not be negative"),
        ({**BASE, "pay_min": "lots"}, "'pay_min' input should be a valid number"),
        ({**BASE, "date_posted": "2025-02-30"}, "'date_posted' must be a date written YYYY-MM-DD"),
        ({**BASE, "date_posted": 20250101}, "'date_posted' must be a date written YYYY-MM-DD"),
        ('{"title": "x", "description": "y"', "invalid JSON at column"),
        ('"just a string"', "expected a JSON object, found a string"),
        ("42", "expected a JSON object, found a number"),
        ("null", "expected a JSON object, found null"),
        ("[" * 3000 + "]" * 3000, "invalid JSON"),
        ('{"title": "x", "description": "y", "pay_min": NaN}', "'pay_min'"),
    ],
)
def test_bad_lines_are_reported_with_line_number(tmp_path: Path, record: Any, reason: str) -> None:
    postings, errors = read_lines(tmp_path, BASE, record, BASE)
    assert [p.origin_line for p in postings] == [1, 3]
    assert len(errors) == 1
    assert errors[0].line == 2
    assert reason in errors[0].reason, errors[0].reason


def test_blank_lines_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\r\n" + json.dumps(BASE).encode() + b"\r\n\r\n" + json.dumps(BASE).encode())
    postings, errors = read(path)
    assert errors == []
    assert [p.origin_line for p in postings] == [2, 4]


def test_bom_and_mixed_encodings() -> None:
    postings, errors = read(FIX / "encoding" / "mixed.jsonl")
    assert [p.title for p in postings] == ["Care Navigator", "Clinique – coordinatrice"]
    assert postings[1].description == "Suivi des congés: réadaptation à domicile."
    assert [(e.line, e.reason) for e in errors] == [
        (3, "the bytes are neither UTF-8 nor cp1252 text; skipped")
    ]


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE).encode())
    postings, errors = read(path)
    assert errors == [] and postings[0].title == BASE["title"]


def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "u16.jsonl"
    path.write_text(json.dumps({**BASE, "company": "Santé"}) + "\n", encoding="utf-16")
    postings, errors = read(path)
    assert errors == []
    assert postings[0].company == "Santé"


def test_jsonl_lines_in_a_json_file_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(BASE) + "\n" + json.dumps(BASE) + "\n", encoding="utf-8")
    assert detect(path).name == "jsonl"


def test_fields_are_documented_names() -> None:
    assert JSONL_FIELDS == (
        "title",
        "description",
        "id",
        "company",
        "location",
        "url",
        "date_posted",
        "valid_through",
        "remote",
        "pay_min",
        "pay_max",
        "pay_interval",
        "currency",
        "employment_type",
        "site",
        "sample",
    )


@pytest.mark.parametrize("key", ["currency", "pay_currency"])
def test_the_pay_currency_is_read_under_either_name(tmp_path: Path, key: str) -> None:
    rows, errors = read_lines(tmp_path, {"title": "Adviser", "description": "Pay in pounds.", "pay_min": 30000,
                                         "pay_interval": "yearly", key: "GBP"})
    assert errors == []
    assert rows[0].pay_currency == "GBP"


def test_every_sample_posting_paid_in_pounds_says_so() -> None:
    # A sample whose advert speaks of pounds must carry GBP, or every page shows "$".
    from otpath.samples import SAMPLE_POSTINGS

    rows, errors = read(SAMPLE_POSTINGS)
    assert errors == []
    in_pounds = [r for r in rows if "£" in (r.description or "")]
    assert in_pounds, "the samples hold a British posting"
    assert {r.source_id: r.pay_currency for r in in_pounds} == {r.source_id: "GBP" for r in in_pounds}
