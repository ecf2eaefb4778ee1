"""How far two labellers of the same NHS adverts agree, and how otpath scores against each.

Our labels (``tests/data/real/nhs_labels.jsonl``) were made by us while the rules were
written. A second labelling of the held-out NHS adverts, made blind (without our labels
and without otpath's answers, from the guide in ``tests/data/real/README.md``), lives in
``tests/data/real/nhs_labels_second.jsonl``. This script prints:

* agreement between the two labellings: relevance and family (share agreeing and Cohen's
  kappa), credentials (micro-F1 of one against the other), minimum years, remote;
* otpath's held-out figures on these adverts against our labels, against the second
  labeller's, and on the adverts where both labellers gave the same family.

It reads the held-out half, so it prints totals only, never a posting::

    python scripts/label_agreement.py ../shared/data/real_postings
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from otpath.evaluate import _SCORED_CREDENTIALS, NHS_LABELS, load_real, score, split_of

SECOND = NHS_LABELS.with_name("nhs_labels_second.jsonl")


def _read(path: Path) -> dict[str, dict]:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return {str(row["key"]): row for row in rows}


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two labellings of the same items."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agree(a: list, b: list) -> float:
    """The share of items the two labellings give the same value."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _creds(row: dict) -> set[str]:
    return set(row.get("credentials") or []) & _SCORED_CREDENTIALS


def _years(row: dict) -> float | None:
    value = row.get("years_min")
    return None if value is None else float(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", type=Path, help="../shared/data/real_postings")
    args = parser.parse_args()

    first, second = _read(NHS_LABELS), _read(SECOND)
    keys = sorted(k for k in second if k in first)
    assert all(split_of(k) == "heldout" for k in keys), (
        "the second labelling covers held-out adverts only"
    )
    a = [first[k] for k in keys]
    b = [second[k] for k in keys]
    fam_a = [r["family"] for r in a]
    fam_b = [r["family"] for r in b]
    rel_a = ["relevant" if f != "unrelated" else "unrelated" for f in fam_a]
    rel_b = ["relevant" if f != "unrelated" else "unrelated" for f in fam_b]
    n = len(keys)
    print(f"adverts labelled twice: {n} (held-out NHS adverts)")
    print(f"relevance   agree {agree(rel_a, rel_b):.3f}   kappa {kappa(rel_a, rel_b):.3f}")
    print(f"family      agree {agree(fam_a, fam_b):.3f}   kappa {kappa(fam_a, fam_b):.3f}")
    print(
        f"credentials micro-F1 (second against ours) {micro_f1([_creds(r) for r in a], [_creds(r) for r in b]):.3f}"
    )
    print(f"years       agree {agree([_years(r) for r in a], [_years(r) for r in b]):.3f}")
    print(
        f"remote      agree {agree([r.get('remote') for r in a], [r.get('remote') for r in b]):.3f}"
    )
    print("family, ours (rows) against the second labeller's (columns):")
    names = sorted(set(fam_a) | set(fam_b))
    pairs = Counter(zip(fam_a, fam_b, strict=True))
    print(" " * 24 + " ".join(f"{x[:6]:>6}" for x in names))
    for x in names:
        print(f"{x:24}" + " ".join(f"{pairs[(x, y)] or '.':>6}" for y in names))

    agreed = {k for k in keys if first[k]["family"] == second[k]["family"]}
    ours = [
        (raw, lab)
        for raw, lab in load_real(args.shared, split="heldout")
        if raw.source_id in second
    ]
    theirs = [
        (raw, lab)
        for raw, lab in load_real(args.shared, split="heldout", labels=SECOND)
        if raw.source_id in second
    ]
    both = [(raw, lab) for raw, lab in ours if raw.source_id in agreed]
    print("\notpath on these adverts:")
    print(
        f"{'scored against':34} {'n':>4} {'rel. prec':>9} {'rel. rec':>9} {'family F1':>9} {'fam. acc':>8}"
        f" {'creds F1':>9} {'years':>6} {'remote':>6}"
    )
    for name, items in (
        ("our labels", ours),
        ("the second labeller's", theirs),
        ("both, where they agree on family", both),
    ):
        r = score(items, split="heldout", coarse=True)
        print(
            f"{name:34} {r.n:>4} {r.relevance_precision:>9.3f} {r.relevance_recall:>9.3f}"
            f" {r.family.macro_f1:>9.3f} {r.family.accuracy:>8.3f} {r.credentials.micro_f1:>9.3f} {r.years_min_accuracy:>6.3f}"
            f" {r.remote.accuracy:>6.3f}"
        )


if __name__ == "__main__":
    main()
