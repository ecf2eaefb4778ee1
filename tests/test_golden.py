"""The pipeline's answers on our own postings are pinned: a change shows up as a diff.

The rules moved from Python into reviewed data files with this test in place,
so the move could not silently change an answer. When a change is meant
(a rule fixed on real text), rewrite the file with
``python tests/golden/corpus.py`` and read the diff in review.
"""

from __future__ import annotations

import json

import pytest

from tests.golden.corpus import GOLDEN, build


@pytest.fixture(scope="module")
def pinned() -> dict[str, dict]:
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    return {row["key"]: row for row in rows}


def test_pipeline_matches_golden_file(pinned: dict[str, dict]) -> None:
    now = {row["key"]: row for row in build()}
    assert now.keys() == pinned.keys(), "the corpus changed: regenerate the golden file"
    diffs = []
    for key, row in now.items():
        old = pinned[key]
        for field in sorted(set(row) | set(old)):
            if row.get(field) != old.get(field):
                diffs.append(f"{key} {field}: {old.get(field)!r} -> {row.get(field)!r}")
    assert not diffs, f"{len(diffs)} differences, first ones:\n" + "\n".join(d[:400] for d in diffs[:15])
