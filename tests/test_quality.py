"""The classifier's quality target on postings it was never tuned on.

Issue target: family macro-F1 >= 0.90 on held-out postings. Two held-out sets:
the dev set's `test` split (same writer as the tuning split) and the blind set
(a writer who never saw the classifier or the dev set). Figures: docs/quality.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from otpath.evaluate import evaluate

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("file", "split", "min_n"),
    [("devset.jsonl", "test", 60), ("blindset.jsonl", None, 90)],
)
def test_family_macro_f1_on_held_out_postings(file, split, min_n):
    report = evaluate(DATA / file, split=split)
    assert report.n >= min_n
    assert report.family.macro_f1 >= 0.90, report.render_text()
    assert report.credentials.micro_f1 >= 0.90
    assert report.remote.accuracy >= 0.85
