"""Measure the pipeline against a labelled set of postings.

Each line of the JSONL file is a posting (the fields of
:class:`~otpath.postings.models.RawPosting`, with ``id`` for ``source_id`` and
a board ``remote`` flag for ``remote_hint``) plus::

    "label": {"family": ..., "role": ..., "remote": ..., "credentials": [...],
              "years_min": ..., "years_max": ...},
    "split": "dev" | "test"

:func:`evaluate` runs :func:`otpath.postings.pipeline.process` on every line
(of one split, if asked) and scores it::

    >>> report = evaluate("tests/data/devset.jsonl", split="dev")   # doctest: +SKIP
    >>> print(report.render_text())                                 # doctest: +SKIP
    family  macro-F1 0.93  accuracy 0.94  (n=108)
    ...

* family and remote: per-class precision/recall/F1, macro-F1 (over every
  class that occurs in the labels or the predictions), accuracy, confusion;
* relevance: precision and recall of "relevant" (every family but
  ``unrelated``): an unrelated posting shown as a path is the worst error;
* credentials: multi-label, per code, plus micro/macro F1 and exact-set accuracy;
* role and years: accuracy (exact match, ``null`` included); the role over the labels
  that have a ``role`` field (the hand-labelled US files have none).

**Real postings.** :func:`evaluate_real` scores the real postings in
``../shared/data/real_postings/`` (third-party text, never in this repository)
against labels: the hand-labelled ``dev_a.jsonl``/``dev_b.jsonl`` there, and
our own ``tests/data/real/nhs_labels.jsonl`` (keys into the NHS file). Their
labels use a coarser family scheme (:data:`COARSE`), so predictions are mapped
with :func:`coarse_family` before scoring. Each posting belongs to the *tune*
or the *held-out* split by a hash of its key (:func:`split_of`); figures are
reported on the held-out split, and its mistakes are never shown.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from .errors import ReaderError, SourceError
from .postings.models import RawPosting
from .postings.pipeline import process

__all__ = [
    "COARSE",
    "ClassScores",
    "EvalReport",
    "LabelScores",
    "Mistake",
    "coarse_family",
    "evaluate",
    "evaluate_real",
    "load_labelled",
    "load_real",
    "split_of",
]

# The family scheme of the real-posting labels (../shared/data/real_postings/README.md).
COARSE: tuple[str, ...] = (
    "utilization_management", "care_coordination", "recruiting", "ergonomics", "kids_gym",
    "clinical", "other", "unrelated",
)
# Our families that the coarse scheme names differently: payer and injury case
# management coordinates care; telehealth therapists treat patients.
_COARSE_OF = {"case_management": "care_coordination", "telehealth": "clinical"}
# Credential codes the extractor can name (the labels also say "other" for any other profession).
_SCORED_CREDENTIALS = frozenset({"OT", "COTA", "PT", "PTA", "SLP", "SLPA", "RN", "LPN", "SW", "ATC", "MD"})


def coarse_family(family: str) -> str:
    """Our family in the real labels' scheme.

        >>> coarse_family("case_management"), coarse_family("sales"), coarse_family("unrelated")
        ('care_coordination', 'other', 'unrelated')
    """
    family = _COARSE_OF.get(family, family)
    return family if family in COARSE else "other"


def split_of(key: str) -> str:
    """``"tune"`` or ``"heldout"``, fixed by a hash of a labelled posting's key.

        >>> split_of("916258449"), split_of("rb001")
        ('heldout', 'tune')
    """
    return "heldout" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 else "tune"

_RAW_FIELDS = set(RawPosting.model_fields)


class ClassScores(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int  # gold count
    predicted: int


class LabelScores(BaseModel):
    """Scores for one label (family, remote or credentials)."""

    per_class: dict[str, ClassScores] = Field(default_factory=dict)
    macro_f1: float = 0.0
    micro_f1: float = 0.0
    accuracy: float = 0.0  # exact match (set equality for multi-label)
    confusion: dict[str, dict[str, int]] = Field(default_factory=dict)  # gold -> predicted -> n


class Mistake(BaseModel):
    id: str
    field: str
    gold: object
    predicted: object


class EvalReport(BaseModel):
    path: str
    split: str | None
    n: int
    relevance_precision: float = 0.0
    relevance_recall: float = 0.0
    family: LabelScores
    remote: LabelScores
    credentials: LabelScores
    role_accuracy: float
    years_min_accuracy: float
    years_max_accuracy: float
    mistakes: list[Mistake] = Field(default_factory=list)

    def render_text(self, *, show_mistakes: bool = False) -> str:
        """Plain-text tables for the CLI (fixed width, no colour)."""
        lines = [
            f"Evaluation of {self.path}" + (f" (split={self.split})" if self.split else "")
            + f": {self.n} postings",
            "",
            f"relevance    precision {self.relevance_precision:.3f}   recall {self.relevance_recall:.3f}",
            f"family       macro-F1 {self.family.macro_f1:.3f}   accuracy {self.family.accuracy:.3f}",
            f"role         accuracy {self.role_accuracy:.3f}",
            f"remote       macro-F1 {self.remote.macro_f1:.3f}   accuracy {self.remote.accuracy:.3f}",
            f"credentials  micro-F1 {self.credentials.micro_f1:.3f}   macro-F1 "
            f"{self.credentials.macro_f1:.3f}   exact {self.credentials.accuracy:.3f}",
            f"years        min {self.years_min_accuracy:.3f}   max {self.years_max_accuracy:.3f}",
        ]
        for name, scores in (("family", self.family), ("remote", self.remote), ("credential", self.credentials)):
            lines += ["", _table(name, scores)]
        lines += ["", "family confusion (rows = gold, columns = predicted)", _confusion(self.family)]
        if show_mistakes and self.mistakes:
            lines += ["", "mistakes"]
            lines += [f"  {m.id:<10} {m.field:<12} gold={m.gold!r} predicted={m.predicted!r}" for m in self.mistakes]
        return "\n".join(lines)


def _table(name: str, scores: LabelScores) -> str:
    width = max([len(name), *(len(k) for k in scores.per_class)]) + 2
    out = [f"{name:<{width}} {'prec':>6} {'recall':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for key, s in sorted(scores.per_class.items()):
        out.append(
            f"{key:<{width}} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.support:>5} {s.predicted:>5}"
        )
    return "\n".join(out)


def _confusion(scores: LabelScores) -> str:
    labels = sorted({*scores.confusion, *(p for row in scores.confusion.values() for p in row)})
    short = {lab: lab[:6] for lab in labels}
    width = max(len(lab) for lab in labels) + 1 if labels else 8
    out = [" " * width + " ".join(f"{short[lab]:>6}" for lab in labels)]
    for gold in labels:
        row = scores.confusion.get(gold, {})
        cells = " ".join(f"{row.get(p, 0) or '.':>6}" for p in labels)
        out.append(f"{gold:<{width}}{cells}")
    return "\n".join(out)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _single_label(gold: list[str], pred: list[str]) -> LabelScores:
    labels = sorted(set(gold) | set(pred))
    per: dict[str, ClassScores] = {}
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        per[lab] = ClassScores(precision=prec, recall=rec, f1=_f1(prec, rec), support=n_gold, predicted=n_pred)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    macro = sum(s.f1 for s in per.values()) / len(per) if per else 0.0
    return LabelScores(per_class=per, macro_f1=macro, micro_f1=acc, accuracy=acc, confusion=confusion)


def _multi_label(gold: list[set[str]], pred: list[set[str]]) -> LabelScores:
    labels = sorted(set().union(*gold, *pred)) if gold else []
    per: dict[str, ClassScores] = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = ClassScores(precision=prec, recall=rec, f1=_f1(prec, rec), support=tp + fn, predicted=tp + fp)
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    exact = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    macro = sum(s.f1 for s in per.values()) / len(per) if per else 0.0
    return LabelScores(per_class=per, macro_f1=macro, micro_f1=_f1(micro_p, micro_r), accuracy=exact)


def load_labelled(path: str | Path, *, split: str | None = None) -> list[tuple[RawPosting, dict[str, object]]]:
    """Read the labelled JSONL: ``(RawPosting, label)`` pairs, optionally one split.

    A line that is not valid JSON, lacks a ``label`` or does not fit
    :class:`RawPosting` raises :class:`~otpath.errors.ReaderError` with its line.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path") from None
    out: list[tuple[RawPosting, dict[str, object]]] = []
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReaderError(f"not valid JSON ({exc.msg})", file=str(path), line=lineno) from None
            if not isinstance(doc, dict) or not isinstance(doc.get("label"), dict):
                raise ReaderError("each line needs an object with a 'label' object", file=str(path), line=lineno)
            if split is not None and doc.get("split") != split:
                continue
            fields = {k: v for k, v in doc.items() if k in _RAW_FIELDS}
            if "id" in doc:
                fields.setdefault("source_id", str(doc["id"]))
            if isinstance(doc.get("remote"), bool):
                fields.setdefault("remote_hint", doc["remote"])
            fields.setdefault("origin_file", str(path))
            fields.setdefault("origin_line", lineno)
            try:
                raw = RawPosting(**fields)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise ReaderError(f"{where}: {err['msg']}", file=str(path), line=lineno) from None
            out.append((raw, doc["label"]))
    return out


def _years(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def evaluate(path: str | Path, *, split: str | None = None) -> EvalReport:
    """Run the pipeline on a labelled JSONL file and score it (see module docstring)."""
    items = load_labelled(path, split=split)
    return score(items, path=str(path), split=split)


def score(
    items: Iterable[tuple[RawPosting, dict[str, object]]],
    *,
    path: str = "",
    split: str | None = None,
    coarse: bool = False,
) -> EvalReport:
    """Score already-loaded ``(RawPosting, label)`` pairs.

    With ``coarse``, predicted families are mapped to the real labels' scheme
    and only the credential codes the extractor can name are scored.
    """
    fam_g: list[str] = []
    fam_p: list[str] = []
    rem_g: list[str] = []
    rem_p: list[str] = []
    cred_g: list[set[str]] = []
    cred_p: list[set[str]] = []
    rel_g: list[bool] = []
    rel_p: list[bool] = []
    role_ok = role_n = ymin_ok = ymax_ok = 0
    mistakes: list[Mistake] = []
    n = 0
    for raw, label in items:
        n += 1
        posting = process(raw)
        c, r = posting.classification, posting.requirements
        pid = raw.source_id or f"line {raw.origin_line}"
        gold_family = str(label.get("family") or "other")
        pred_family = coarse_family(c.family) if coarse else c.family
        fam_g.append(gold_family)
        fam_p.append(pred_family)
        # A label without a "role" key (the hand-labelled US files) says nothing of the role.
        has_role = "role" in label
        gold_role = label.get("role")
        role_n += has_role
        role_ok += has_role and gold_role == c.role
        gold_remote = str(label.get("remote") or "unknown")
        rem_g.append(gold_remote)
        rem_p.append(r.remote)
        creds = label.get("credentials")
        gold_creds = {str(x) for x in creds} if isinstance(creds, list) else set()
        pred_creds = set(r.credentials)
        if coarse:
            gold_creds &= _SCORED_CREDENTIALS
            pred_creds &= _SCORED_CREDENTIALS
        cred_g.append(gold_creds)
        cred_p.append(pred_creds)
        gmin, gmax = _years(label.get("years_min")), _years(label.get("years_max"))
        # The real labels name a *required* minimum only; ours count a preferred one too.
        pmin = None if coarse and r.years_preferred else r.years_min
        ymin_ok += gmin == pmin
        ymax_ok += gmax == r.years_max
        rel_g.append(gold_family != "unrelated")
        rel_p.append(pred_family != "unrelated")
        for field, gold, pred in (
            ("family", gold_family, pred_family),
            ("role", gold_role if has_role else c.role, c.role),
            ("remote", gold_remote, r.remote),
            ("credentials", sorted(gold_creds), sorted(pred_creds)),
            ("years", (gmin, gmax), (pmin, r.years_max)),
        ):
            if gold != pred:
                mistakes.append(Mistake(id=pid, field=field, gold=gold, predicted=pred))
    both = sum(1 for g, p in zip(rel_g, rel_p, strict=True) if g and p)
    return EvalReport(
        path=path,
        split=split,
        n=n,
        relevance_precision=both / sum(rel_p) if any(rel_p) else 0.0,
        relevance_recall=both / sum(rel_g) if any(rel_g) else 0.0,
        family=_single_label(fam_g, fam_p),
        remote=_single_label(rem_g, rem_p),
        credentials=_multi_label(cred_g, cred_p),
        role_accuracy=role_ok / role_n if role_n else 0.0,
        years_min_accuracy=ymin_ok / n if n else 0.0,
        years_max_accuracy=ymax_ok / n if n else 0.0,
        mistakes=mistakes,
    )


# ---------------------------------------------------------------------------
# Real postings
# ---------------------------------------------------------------------------

NHS_FILE = "nhs_jobs_2020.jsonl.gz"
NHS_LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "real" / "nhs_labels.jsonl"
# Round 12 (5 December): a second blind draw of round 1's design from the held-out half only,
# which enlarges the held-out NHS part (see tests/data/real/README.md).
NHS_LABELS_ROUND12 = NHS_LABELS.with_name("nhs_labels_round12.jsonl")
_LABEL_FIELDS = ("family", "role", "credentials", "years_min", "remote")
# A second, later real set: US healthcare job titles (no descriptions), labelled by us.
TITLES_FILE = Path("other") / "zapplyjobs_healthcare_new_jobs.json"
TITLES_LABELS = NHS_LABELS.with_name("us_titles_labels.jsonl")
REAL_SETS = ("main", "titles")


def _shared_rows(path: Path) -> Iterator[tuple[RawPosting, dict[str, object], str]]:
    """The hand-labelled US/UK files: text and labels on one line."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        doc = json.loads(line)
        raw = RawPosting(
            title=doc.get("title") or "",
            description=doc.get("text") or "",
            company=doc.get("company"),
            location=doc.get("location"),
            source_id=str(doc["id"]),
            origin_file=path.name,
            origin_line=lineno,
        )
        yield raw, {k: doc.get(k) for k in _LABEL_FIELDS if k in doc}, str(doc["id"])


def _labels_by_key(*labels: Path) -> dict[str, dict[str, object]]:
    """Our labels (JSON lines with a ``key``) from one or more files, by key."""
    out: dict[str, dict[str, object]] = {}
    for path in labels:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out[str(doc["key"])] = doc
    return out


def _nhs_rows(source: Path, *labels: Path) -> Iterator[tuple[RawPosting, dict[str, object], str]]:
    """Our NHS labels joined with the adverts they name (by the vacancy number in the URL)."""
    wanted = _labels_by_key(*labels)
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            doc = json.loads(line)
            key = str(doc.get("url", "")).rsplit("/", 1)[-1]
            label = wanted.get(key)
            if label is None:
                continue
            org = doc.get("hiringOrganization") or {}
            place = ((doc.get("jobLocation") or {}).get("address") or {})
            raw = RawPosting(
                title=doc.get("title") or "",
                # NHS Jobs escapes the description's HTML once more.
                description=html.unescape(doc.get("description") or ""),
                company=org.get("name") if isinstance(org, dict) else None,
                location=place.get("addressLocality") if isinstance(place, dict) else None,
                source_id=key,
                pay_currency=((doc.get("baseSalary") or {}).get("currency")),
                origin_file=source.name,
                origin_line=lineno,
            )
            yield raw, {k: label.get(k) for k in _LABEL_FIELDS}, key


def _title_rows(source: Path, labels: Path) -> Iterator[tuple[RawPosting, dict[str, object], str]]:
    """Our labels for the US titles-only file, joined by its ``job_id``.

    The records carry a title, an employer and a place, no description: what a
    JSearch-style feed gives (``otpath ingest --map job_title=title,...``).
    """
    wanted = _labels_by_key(labels)
    for index, doc in enumerate(json.loads(source.read_text(encoding="utf-8"))):
        key = str(doc.get("job_id"))
        label = wanted.get(key)
        if label is None:
            continue
        raw = RawPosting(
            title=(doc.get("job_title") or "").strip(),
            description="",
            company=doc.get("employer_name"),
            location=doc.get("job_location"),
            source_id=key,
            origin_file=source.name,
            origin_line=index + 1,
        )
        yield raw, {k: label.get(k) for k in _LABEL_FIELDS}, key


def load_real(
    shared_dir: str | Path,
    *,
    split: str | None = None,
    labels: str | Path | None = None,
    which: str = "main",
) -> list[tuple[RawPosting, dict[str, object]]]:
    """The labelled real postings under ``shared_dir`` (``../shared/data/real_postings``).

    ``split`` is ``"tune"``, ``"heldout"`` or ``None`` for both. ``which`` is
    ``"main"`` (the NHS adverts and the hand-labelled US files: the issue's
    figures) or ``"titles"`` (the US titles-only set, labelled later and
    reported apart so the main figures stay comparable). ``labels`` replaces our
    label files (for the main set, both NHS rounds) with the one given.
    """
    base = Path(shared_dir)
    if which not in REAL_SETS:
        raise ValueError(f"unknown real set {which!r}; allowed values: {', '.join(REAL_SETS)}")
    if not (base / NHS_FILE).is_file():
        raise SourceError(
            f"no real postings in {base}",
            hint="point --real at ../shared/data/real_postings (development checkouts only)",
        )
    rows: list[tuple[RawPosting, dict[str, object]]] = []
    sources: list[Iterator[tuple[RawPosting, dict[str, object], str]]]
    if which == "titles":
        sources = [_title_rows(base / TITLES_FILE, Path(labels) if labels else TITLES_LABELS)]
    else:
        sources = [_shared_rows(base / name) for name in ("dev_a.jsonl", "dev_b.jsonl")]
        nhs_labels: tuple[Path, ...] = (Path(labels),) if labels else (NHS_LABELS, NHS_LABELS_ROUND12)
        sources.append(_nhs_rows(base / NHS_FILE, *nhs_labels))
    for source in sources:
        for raw, label, key in source:
            if split is None or split_of(key) == split:
                rows.append((raw, label))
    return rows


def evaluate_real(
    shared_dir: str | Path,
    *,
    split: str | None = "heldout",
    which: str = "main",
    labels: str | Path | None = None,
) -> EvalReport:
    """Score the pipeline on the labelled real postings (see the module docstring).

    ``labels`` replaces our label files as in :func:`load_real`.
    """
    rows = load_real(shared_dir, split=split, which=which, labels=labels)
    report = score(rows, path=f"{shared_dir} ({which})" if which != "main" else str(shared_dir), split=split, coarse=True)
    if split == "heldout":
        report = report.model_copy(update={"mistakes": []})  # never tune on the held-out part
    return report
