"""The classifier's quality, judged on real postings first.

Real text (../shared/data/real_postings, third-party, never in this repository)
is the judge: the held-out half of our labels (tests/data/real/, split by a hash
of each key) is scored here and its figures are in docs/quality.md. The issue's
targets are written as strict expected failures until they are met, so meeting
one makes the suite say so; the floors below are today's held-out figures,
so a change that makes them worse fails.

Our own written sets (tests/data/devset.jsonl, blindset.jsonl) are a secondary
check: tidy text, easy to pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from otpath.evaluate import EvalReport, evaluate, evaluate_real

DATA = Path(__file__).parent / "data"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real_postings"

# Held-out real figures measured when this file last changed (docs/quality.md). On 5 Dec
# evening the held-out part grew from 374 to 759 postings (385 NHS adverts labelled blind,
# round 12): family macro-F1 reads 0.861 over all 759 (0.877 on the first 374, unchanged;
# 0.625 on the new 385 alone, few of which are paths), credentials 0.947, years 0.974,
# remote 0.763. The floors are the larger set's figures; no rule was changed after reading it.
FLOORS = {
    "relevance_precision": 0.96,
    "family_macro_f1": 0.86,
    "credentials_micro_f1": 0.945,
    "years_min_exact": 0.97,
    # No target in the issue; a remote-seeking user's list depends on it (0.714 on the
    # first 374 at noon on 5 Dec, 0.719 there in the evening; 0.763 over all 759).
    "remote_accuracy": 0.76,
}
# The issue's targets for the held-out real part.
TARGETS = {
    "relevance_precision": 0.97,
    "family_macro_f1": 0.90,
    "credentials_micro_f1": 0.95,
    "years_min_exact": 0.90,
}


def _figures(report: EvalReport) -> dict[str, float]:
    return {
        "relevance_precision": report.relevance_precision,
        "family_macro_f1": report.family.macro_f1,
        "credentials_micro_f1": report.credentials.micro_f1,
        "years_min_exact": report.years_min_accuracy,
        "remote_accuracy": report.remote.accuracy,
    }


@pytest.fixture(scope="module")
def held_out() -> dict[str, float]:
    if not (REAL / "nhs_jobs_2020.jsonl.gz").is_file():
        pytest.skip(f"real postings not found at {REAL} (a development checkout with ../shared)")
    report = evaluate_real(REAL, split="heldout")
    assert report.n >= 750, "the held-out part shrank: were labels lost?"
    assert not report.mistakes, "held-out mistakes must never be shown"
    return _figures(report)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_real_held_out_does_not_get_worse(held_out: dict[str, float], measure: str) -> None:
    assert held_out[measure] >= FLOORS[measure], f"{measure} {held_out[measure]:.3f} < floor {FLOORS[measure]}"


@pytest.mark.parametrize(
    "measure",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="issue target not met yet (docs/quality.md)"))
        if FLOORS[m] < TARGETS[m]
        else m
        for m in sorted(TARGETS)
    ],
)
def test_real_held_out_meets_the_issue_targets(held_out: dict[str, float], measure: str) -> None:
    assert held_out[measure] >= TARGETS[measure]


# The US titles-only set (tests/data/real/us_titles_labels.jsonl), held out, first read
# on 4 December: no other profession's job among 151 shown as a path.
TITLE_FLOORS = {"relevance_precision": 0.99, "credentials_micro_f1": 0.95}


def test_us_titles_held_out_does_not_get_worse() -> None:
    if not (REAL / "other" / "zapplyjobs_healthcare_new_jobs.json").is_file():
        pytest.skip(f"real postings not found at {REAL} (a development checkout with ../shared)")
    report = evaluate_real(REAL, split="heldout", which="titles")
    assert report.n >= 150 and not report.mistakes
    figures = _figures(report)
    for measure, floor in TITLE_FLOORS.items():
        assert figures[measure] >= floor, f"{measure} {figures[measure]:.3f} < floor {floor}"


def test_tuning_split_is_not_reported_as_held_out() -> None:
    if not (REAL / "nhs_jobs_2020.jsonl.gz").is_file():
        pytest.skip(f"real postings not found at {REAL}")
    tune = evaluate_real(REAL, split="tune")
    held = evaluate_real(REAL, split="heldout")
    assert tune.n and held.n and tune.n + held.n == evaluate_real(REAL, split=None).n


@pytest.mark.parametrize(
    ("file", "split", "min_n"),
    [("devset.jsonl", "test", 60), ("blindset.jsonl", None, 90)],
)
def test_self_written_held_out_sets(file: str, split: str | None, min_n: int) -> None:
    """Secondary: postings we wrote ourselves, never tuned on."""
    report = evaluate(DATA / file, split=split)
    assert report.n >= min_n
    assert report.family.macro_f1 >= 0.90, report.render_text()
    assert report.credentials.micro_f1 >= 0.90
    assert report.remote.accuracy >= 0.85


def test_the_first_held_out_part_is_still_read_apart() -> None:
    # Figures before round 12 were over these 374: --labels keeps them comparable.
    if not (REAL / "nhs_jobs_2020.jsonl.gz").is_file():
        pytest.skip(f"real postings not found at {REAL} (a development checkout with ../shared)")
    from otpath.evaluate import NHS_LABELS

    report = evaluate_real(REAL, split="heldout", labels=NHS_LABELS)
    assert report.n == 374
    assert report.family.macro_f1 >= 0.875
