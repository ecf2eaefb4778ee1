"""The search-quality queries and our judgements (docs/quality.md#search) stay usable.

Only our labels are in the repository; the postings they name are in ../shared, and the
check that every NHS key names a real advert skips when ../shared is absent.
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "data" / "real"
SHARED = REPO.parent / "shared" / "data" / "real_postings"
KEY = re.compile(r"^(nhs:\d+|dev_[ab]:r[ab]\d+|jobspy:[\w.]+\.csv:\d+)$")


def _queries() -> list[dict[str, str]]:
    return tomllib.loads((REAL / "search_queries.toml").read_text(encoding="utf-8"))["queries"]


def _judgements() -> list[dict[str, object]]:
    lines = (REAL / "search_judgements.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_at_least_forty_queries_of_every_kind() -> None:
    queries = _queries()
    assert len(queries) >= 40
    assert len({q["text"] for q in queries}) == len(queries)
    kinds = {q["kind"] for q in queries}
    assert {"abbreviation", "synonym", "british", "misspelling"} <= kinds
    assert all(q["intent"].strip() for q in queries)


def test_judgements_are_labels_only() -> None:
    texts = {q["text"] for q in _queries()}
    seen = set()
    for j in _judgements():
        assert set(j) == {"query", "key", "relevant"}, j  # never any posting text
        assert j["query"] in texts and KEY.match(str(j["key"])), j
        assert isinstance(j["relevant"], bool)
        assert (j["query"], j["key"]) not in seen
        seen.add((j["query"], j["key"]))


def test_every_judged_nhs_key_names_a_real_advert() -> None:
    source = SHARED / "nhs_jobs_2020.jsonl.gz"
    if not source.is_file():
        pytest.skip(f"{source} is absent (development checkouts only): cannot check the keys")
    wanted = {str(j["key"])[4:] for j in _judgements() if str(j["key"]).startswith("nhs:")}
    found = set()
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            key = str(json.loads(line).get("url", "")).rsplit("/", 1)[-1]
            if key in wanted:
                found.add(key)
    assert wanted - found == set()
