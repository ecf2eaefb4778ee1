"""Our labels for real postings: keys, fields and the fixed tune/held-out split."""

from __future__ import annotations

import json

import pytest

from otpath.evaluate import COARSE, NHS_LABELS, NHS_LABELS_ROUND12, split_of

CODES = {"OT", "COTA", "PT", "PTA", "SLP", "SLPA", "RN", "LPN", "SW", "ATC", "MD", "other"}


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("path", [NHS_LABELS, NHS_LABELS_ROUND12], ids=lambda p: p.name)
def test_label_rows_are_well_formed(path) -> None:
    for r in _rows(path):
        assert set(r) == {"key", "split", "family", "role", "credentials", "years_min", "remote", "note"}
        assert r["family"] in COARSE
        assert set(r["credentials"]) <= CODES
        assert r["remote"] in ("remote", "hybrid", "onsite", "unknown")
        assert r["split"] == split_of(r["key"])
        assert len(r["note"]) <= 80  # our words, never the posting's


def test_labels_are_split_by_key() -> None:
    rows = _rows(NHS_LABELS)
    assert len(rows) >= 300
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    # The first draw took both halves; later rounds (scripts/sample_nhs_for_labels.py
    # --round 2 and 3) drew from the tune half only, so the held-out half stays as it was.
    held = sum(r["split"] == "heldout" for r in rows)
    assert held >= 250


def test_second_labelling_covers_the_held_out_nhs_labels() -> None:
    # scripts/label_agreement.py compares the two; the second was made blind, held-out only.
    second = [json.loads(line) for line in NHS_LABELS.with_name("nhs_labels_second.jsonl").read_text().splitlines()]
    ours = {r["key"]: r for r in map(json.loads, NHS_LABELS.read_text(encoding="utf-8").splitlines())}
    assert len({r["key"] for r in second}) == len(second) >= 250
    for r in second:
        assert set(r) == {"key", "family", "role", "credentials", "years_min", "remote"}
        assert split_of(r["key"]) == "heldout" and r["key"] in ours
        assert r["family"] in COARSE and set(r["credentials"]) <= CODES
        assert r["remote"] in ("remote", "hybrid", "onsite", "unknown")
    assert {r["key"] for r in second} == {k for k, r in ours.items() if r["split"] == "heldout"}


def test_round_12_enlarges_the_held_out_half_only() -> None:
    # scripts/sample_nhs_for_labels.py --round 12: round 1's design, held-out adverts not
    # labelled before, so the two files never label one advert twice.
    first = {r["key"] for r in _rows(NHS_LABELS)}
    round12 = [r["key"] for r in _rows(NHS_LABELS_ROUND12)]
    assert len(round12) == len(set(round12)) >= 300
    assert all(split_of(k) == "heldout" for k in round12)
    assert not first & set(round12)
