"""~50 MB inputs are read completely in bounded memory (the readers stream)."""

from __future__ import annotations

import csv
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from otpath.errors import ReaderError
from otpath.postings.sources import JOBSPY_COLUMNS, iter_postings

TARGET_BYTES = 50 * 1024 * 1024
# Measured peaks are about 1 MiB; the limit leaves room while still catching a whole-file read.
PEAK_LIMIT = 16 * 1024 * 1024

PARAGRAPH = (
    "Review prior authorization requests for outpatient occupational, physical and speech "
    "therapy against InterQual and plan policy, document determinations, and coordinate with "
    "providers, case managers and the medical director. "
)
DESCRIPTION = "\n\n".join(f"**Section {n}**\n{PARAGRAPH * 6}" for n in range(4))


def _write_jsonl(path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < TARGET_BYTES:
            record = {
                "id": f"otp-{count}",
                "title": f"Utilization Review Specialist {count}",
                "description": DESCRIPTION,
                "company": "Example Health Plan",
                "remote": "remote",
                "pay_min": 68000,
                "pay_interval": "yearly",
            }
            fh.write(json.dumps(record) + "\n")
            count += 1
    return count


def _jobspy_row(count: int) -> dict[str, object]:
    return {
        "id": f"in-{count:08x}",
        "site": "indeed",
        "job_url": f"https://www.indeed.com/viewjob?jk={count:08x}",
        "title": f"Care Coordinator, Transitions {count}",
        "company": "Riverbend Medical Group, Inc.",
        "location": "Columbus, OH, US",
        "date_posted": "2025-03-14",
        "min_amount": 31.5,
        "max_amount": 38.0,
        "interval": "hourly",
        "is_remote": True,
        "description": DESCRIPTION,
    }


def _write_jobspy_csv(path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, escapechar="\\")
        writer.writerow(JOBSPY_COLUMNS)
        while fh.tell() < TARGET_BYTES:
            row = _jobspy_row(count)
            writer.writerow([row.get(c, "") for c in JOBSPY_COLUMNS])
            count += 1
    return count


def _write_jobspy_json(path: Path) -> int:
    # pandas writes the whole array on ONE line: the reader must not read by lines here.
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        while fh.tell() < TARGET_BYTES:
            row = _jobspy_row(count)
            row["date_posted"] = 1741910400000
            fh.write(("," if count else "") + json.dumps(row, separators=(",", ":")))
            count += 1
        fh.write("]")
    return count


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "writer"),
    [
        ("big.jsonl", _write_jsonl),
        ("big_jobspy.csv", _write_jobspy_csv),
        ("big_jobspy.json", _write_jobspy_json),
    ],
)
def test_50mb_file_is_read_whole_in_bounded_memory(
    tmp_path: Path, name: str, writer: Callable[[Path], int]
) -> None:
    path = tmp_path / name
    written = writer(path)
    assert path.stat().st_size >= TARGET_BYTES
    errors: list[ReaderError] = []
    read = 0
    last_title = ""
    tracemalloc.start()
    try:
        for posting in iter_postings([path], errors=errors):
            read += 1
            last_title = posting.title
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert errors == []
    assert read == written
    assert last_title.endswith(str(written - 1))
    assert peak < PEAK_LIMIT, f"peak {peak / 2**20:.1f} MiB"
