"""Properties of the readers: arbitrary bytes never crash them; well-formed files round-trip."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otpath.errors import ReaderError, SourceError
from otpath.postings.models import RawPosting
from otpath.postings.sources import format_names, iter_postings
from otpath.postings.sources._values import MISSING_WORDS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments that steer random input into the interesting paths: quotes, separators,
# line ends, BOMs, JSON punctuation, JobSpy/JSON-LD markers, bytes invalid in UTF-8/cp1252.
FRAGMENTS = [
    b'"',
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b'"title"',
    b'"description"',
    b'"job_url"',
    b'"site"',
    b"title,description\n",
    b"id,site,job_url,title,description\n",
    b'{"title": "Care Coordinator", "description": "Calls"}',
    b'"@type": "JobPosting"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x81",
    b"\xe9",
    b"\x00",
    b"NaN",
    b"1e999",
    b"9" * 5000,
    b'<script type="application/ld+json">',
    b"</script>",
]
messy_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=60).map(b"".join),
)


def _read_all(path: Path, fmt: str | None = None) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    try:
        postings = list(iter_postings([path], format=fmt, errors=errors))
    except ReaderError as exc:  # a ReaderError must be appended, never raised
        raise AssertionError(f"ReaderError raised: {exc}") from exc
    except SourceError:
        return [], errors
    return postings, errors


def _check(path: Path, postings: list[RawPosting], errors: list[ReaderError]) -> None:
    for posting in postings:
        assert posting.title.strip()
        assert posting.origin_file == str(path)
        assert posting.origin_line is None or posting.origin_line >= 1
    for err in errors:
        assert isinstance(err, ReaderError)
        assert err.file == str(path)
        assert err.line is None or err.line >= 1
        assert err.reason


@SETTINGS
@given(data=messy_bytes, suffix=st.sampled_from([".jsonl", ".csv", ".json", ".html", ".txt"]))
def test_any_bytes_never_raise_more_than_source_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        postings, errors = _read_all(path)
        _check(path, postings, errors)


@SETTINGS
@given(data=messy_bytes, fmt=st.sampled_from(format_names()))
def test_any_bytes_with_any_forced_format(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.dat"
        path.write_bytes(data)
        postings, errors = _read_all(path, fmt)
        _check(path, postings, errors)


# Text without CR (normalised by the CSV reader) and with something visible in titles.
# A value spelled like a missing one ("None", "nan") is read as missing, by design.
field_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r")).filter(
    lambda s: s.strip() not in MISSING_WORDS
)
titles = field_text.filter(lambda s: s.strip() != "")


@SETTINGS
@given(rows=st.lists(st.tuples(titles, field_text), min_size=1, max_size=12))
def test_csv_round_trip_with_start_lines(rows: list[tuple[str, str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["title", "description"])
    expected_lines = []
    for title, description in rows:
        expected_lines.append(buffer.getvalue().count("\n") + 1)
        writer.writerow([title, description])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8"))
        postings, errors = _read_all(path, "csv")
    assert errors == []
    assert [(p.title, p.description) for p in postings] == [(t.strip(), d.strip()) for t, d in rows]
    assert [p.origin_line for p in postings] == expected_lines


@SETTINGS
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"title": titles, "description": field_text},
            optional={
                "company": field_text,
                "pay_min": st.floats(min_value=0, allow_nan=False, allow_infinity=False),
                "remote": st.sampled_from([True, False, "remote", "hybrid", "onsite"]),
                "extra": st.integers(),
            },
        ),
        min_size=1,
        max_size=10,
    )
)
def test_jsonl_round_trip(records: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        postings, errors = _read_all(path)
    assert errors == []
    assert [p.origin_line for p in postings] == list(range(1, len(records) + 1))
    for posting, record in zip(postings, records, strict=True):
        assert posting.title == str(record["title"]).strip()
        assert posting.description == str(record["description"]).strip()
        assert posting.pay_min == record.get("pay_min")
        if "extra" in record:
            assert posting.raw["extra"] == record["extra"]


@SETTINGS
@given(
    records=st.lists(
        st.fixed_dictionaries({"title": titles, "site": st.just("indeed"), "job_url": field_text}),
        min_size=0,
        max_size=8,
    ),
    indent=st.sampled_from([None, 1]),
    chunk_pad=st.integers(min_value=0, max_value=3),
)
def test_jobspy_json_array_round_trip(
    records: list[dict[str, str]], indent: int | None, chunk_pad: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jobs.json"
        path.write_text(" " * chunk_pad + json.dumps(records, indent=indent), encoding="utf-8")
        postings, errors = _read_all(path, "jobspy-json")
    assert errors == []
    assert [p.title for p in postings] == [r["title"].strip() for r in records]
    assert [p.origin_line for p in postings] == list(range(1, len(records) + 1))
