"""evaluate: scoring the pipeline against a labelled JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from otpath.errors import ReaderError, SourceError
from otpath.evaluate import _multi_label, _single_label, evaluate, load_labelled

DEVSET = Path(__file__).resolve().parents[1] / "data" / "devset.jsonl"

UR = {
    "title": "Utilization Review Therapist",
    "description": "Review prior authorization requests using InterQual. Remote. "
    "Requirements: licensed PT or OT; 2+ years of clinical experience.",
    "label": {"family": "utilization_management", "role": "utilization_review", "remote": "remote",
              "credentials": ["OT", "PT"], "years_min": 2, "years_max": None},
}
CLIN = {
    "title": "Occupational Therapist - Outpatient",
    "description": "Evaluate and treat patients. In-clinic. Licensed OT with 3-5 years of experience.",
    "label": {"family": "clinical", "role": None, "remote": "onsite",
              "credentials": ["OT"], "years_min": 3, "years_max": 5},
}
WRONG = {  # labelled "recruiting" on purpose: the pipeline will say clinical
    "title": "Physical Therapist",
    "description": "Evaluate and treat patients; plan of care.",
    "label": {"family": "recruiting", "role": "recruiter", "remote": "hybrid",
              "credentials": ["PT", "SLP"], "years_min": None, "years_max": None},
}


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_perfect_file_scores_one(tmp_path: Path) -> None:
    report = evaluate(_write(tmp_path / "a.jsonl", [UR | {"id": "a"}, CLIN | {"id": "b"}]))
    assert report.n == 2
    assert report.family.macro_f1 == 1.0 and report.family.accuracy == 1.0
    assert report.role_accuracy == 1.0
    assert report.remote.accuracy == 1.0
    assert report.credentials.micro_f1 == 1.0 and report.credentials.accuracy == 1.0
    assert report.years_min_accuracy == report.years_max_accuracy == 1.0
    assert report.mistakes == []


def test_a_label_without_a_role_field_does_not_score_the_role(tmp_path: Path) -> None:
    # The hand-labelled US files carry no role: a role found for them is neither right nor wrong.
    no_role = UR | {"id": "c", "label": {k: v for k, v in UR["label"].items() if k != "role"}}  # type: ignore[attr-defined]
    report = evaluate(_write(tmp_path / "a.jsonl", [no_role, WRONG | {"id": "w"}]))
    assert report.role_accuracy == 0.0  # only WRONG's role is scored, and it is wrong
    assert [m.id for m in report.mistakes if m.field == "role"] == ["w"]
    report = evaluate(_write(tmp_path / "b.jsonl", [no_role, CLIN | {"id": "b"}]))
    assert report.role_accuracy == 1.0


def test_mistakes_and_confusion(tmp_path: Path) -> None:
    report = evaluate(_write(tmp_path / "a.jsonl", [UR | {"id": "a"}, CLIN | {"id": "b"}, WRONG | {"id": "c"}]))
    fam = report.family
    assert fam.confusion["recruiting"] == {"clinical": 1}
    assert fam.per_class["clinical"].precision == 0.5 and fam.per_class["clinical"].recall == 1.0
    assert fam.per_class["recruiting"].recall == 0.0 and fam.per_class["recruiting"].predicted == 0
    # macro over utilization_management (1.0), clinical (2/3) and recruiting (0.0)
    assert fam.macro_f1 == pytest.approx((1.0 + 2 / 3 + 0.0) / 3)
    assert report.credentials.per_class["SLP"].recall == 0.0
    fields = {(m.id, m.field) for m in report.mistakes}
    assert {("c", "family"), ("c", "role"), ("c", "remote"), ("c", "credentials")} <= fields


def test_split_filter(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", [UR | {"split": "dev"}, CLIN | {"split": "test"}, WRONG | {"split": "test"}])
    assert evaluate(path, split="dev").n == 1
    assert evaluate(path, split="test").n == 2
    assert evaluate(path).n == 3
    assert evaluate(path, split="nope").n == 0


def test_board_fields_are_passed_to_the_pipeline(tmp_path: Path) -> None:
    row = UR | {"description": "Review requests.", "remote": True, "pay_min": 38, "pay_max": 45,
                "pay_interval": "hourly", "id": "x", "split": "dev", "date_posted": "2026-11-10"}
    row["label"] = dict(UR["label"], credentials=[], years_min=None)  # type: ignore[arg-type]
    [(raw, label)] = load_labelled(_write(tmp_path / "a.jsonl", [row]))
    assert raw.remote_hint is True and raw.source_id == "x" and raw.pay_min == 38
    assert label["family"] == "utilization_management"
    assert evaluate(tmp_path / "a.jsonl").remote.accuracy == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "a.jsonl:1: not valid JSON"),
        (json.dumps({"title": "x"}) + "\n", "a.jsonl:1: each line needs an object with a 'label' object"),
        ("\n" + json.dumps({"label": {}}) + "\n", "a.jsonl:2: title: Field required"),
        (json.dumps([1, 2]) + "\n", "a.jsonl:1: each line needs"),
        (json.dumps({"title": "x", "pay_min": "lots", "label": {}}) + "\n", "a.jsonl:1: pay_min: Input should be"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError) as err:
        evaluate(path)
    assert str(err.value).endswith(message) or message in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        evaluate(tmp_path / "missing.jsonl")


SINGLE_CASES = [
    (["a", "a"], ["a", "a"], {"a": (1.0, 1.0)}, 1.0, 1.0),
    (["a", "b"], ["b", "a"], {"a": (0.0, 0.0), "b": (0.0, 0.0)}, 0.0, 0.0),
    (["a", "a", "b"], ["a", "b", "b"], {"a": (1.0, 0.5), "b": (0.5, 1.0)}, 2 / 3, 2 / 3),
    (["a"], ["c"], {"a": (0.0, 0.0), "c": (0.0, 0.0)}, 0.0, 0.0),
    ([], [], {}, 0.0, 0.0),
]


@pytest.mark.parametrize(("gold", "pred", "pr", "macro", "acc"), SINGLE_CASES)
def test_single_label_metrics(gold, pred, pr, macro, acc) -> None:  # type: ignore[no-untyped-def]
    scores = _single_label(gold, pred)
    assert {k: (v.precision, v.recall) for k, v in scores.per_class.items()} == pr
    assert scores.macro_f1 == pytest.approx(macro)
    assert scores.accuracy == pytest.approx(acc)


MULTI_CASES = [
    ([{"PT", "OT"}], [{"PT", "OT"}], 1.0, 1.0),
    ([{"PT", "OT"}], [{"PT"}], 2 / 3, 0.0),  # micro: p=1, r=0.5
    ([{"PT"}], [{"PT", "RN"}], 2 / 3, 0.0),
    ([set()], [set()], 0.0, 1.0),
    ([{"PT"}, set()], [{"PT"}, {"OT"}], 2 / 3, 0.5),
]


@pytest.mark.parametrize(("gold", "pred", "micro", "exact"), MULTI_CASES)
def test_multi_label_metrics(gold, pred, micro, exact) -> None:  # type: ignore[no-untyped-def]
    scores = _multi_label(gold, pred)
    assert scores.micro_f1 == pytest.approx(micro)
    assert scores.accuracy == pytest.approx(exact)


def test_render_text(tmp_path: Path) -> None:
    report = evaluate(_write(tmp_path / "a.jsonl", [UR | {"id": "a"}, WRONG | {"id": "c"}]))
    text = report.render_text()
    assert "family       macro-F1" in text
    assert "credential" in text and "remote" in text
    assert "family confusion" in text
    assert "mistakes" not in text
    assert "c          family" in report.render_text(show_mistakes=True)


@pytest.mark.skipif(not DEVSET.exists(), reason="the labelled devset is not there")
def test_devset_dev_split_meets_target() -> None:
    report = evaluate(DEVSET, split="dev")
    assert report.n >= 100
    assert report.family.macro_f1 >= 0.90
    assert report.remote.accuracy >= 0.85
    assert report.credentials.micro_f1 >= 0.90
