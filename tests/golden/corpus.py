"""The self-written postings whose pipeline output the golden file pins.

Every text here was written by otpath's authors (the labelled dev and blind
sets, the bundled samples, the fixtures, and the benchmark generator's
templates), so the outputs may be committed. Real third-party postings are
measured by ``tests/test_quality.py`` instead, and never stored here.
"""

from __future__ import annotations

import importlib.util
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from otpath.postings.models import RawPosting

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("pipeline.jsonl")
_RAW_FIELDS = set(RawPosting.model_fields)


def _from_line(obj: dict) -> RawPosting:
    fields = {k: v for k, v in obj.items() if k in _RAW_FIELDS}
    if "id" in obj:
        fields["source_id"] = str(obj["id"])
    if isinstance(obj.get("remote"), bool):
        fields["remote_hint"] = obj["remote"]
    return RawPosting(**fields)


def _jsonl(path: Path) -> Iterator[tuple[str, RawPosting]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            yield f"{path.relative_to(ROOT)}:{n}", _from_line(json.loads(line))


def _generated(n: int = 400) -> Iterator[tuple[str, RawPosting]]:
    spec = importlib.util.spec_from_file_location("_otpath_bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = io.StringIO()
    module.generate(n, buf, seed=7, anchor=date(2026, 11, 1))
    for i, line in enumerate(buf.getvalue().splitlines(), 1):
        yield f"bench/generate.py:seed7:{i}", _from_line(json.loads(line))


def _texts() -> Iterator[tuple[str, RawPosting]]:
    for path in sorted((ROOT / "tests" / "fixtures" / "postings" / "text").glob("*")):
        body = path.read_text(encoding="utf-8")
        title = body.strip().splitlines()[0].lstrip("# ").strip()
        yield str(path.relative_to(ROOT)), RawPosting(title=title, description=body)


def corpus() -> Iterator[tuple[str, RawPosting]]:
    yield from _jsonl(ROOT / "tests" / "data" / "devset.jsonl")
    yield from _jsonl(ROOT / "tests" / "data" / "blindset.jsonl")
    yield from _jsonl(ROOT / "otpath" / "data" / "sample_postings.jsonl")
    yield from _texts()
    yield from _generated()


def snapshot(posting) -> dict:
    """What the golden file pins of one processed posting."""
    c = posting.classification
    return {
        "relevant": c.relevant,
        "family": c.family,
        "role": c.role,
        "confidence": c.confidence,
        "evidence": [[e.field, e.text] for e in c.evidence],
        "requirements": posting.requirements.model_dump(mode="json"),
    }


def build() -> list[dict]:
    from otpath.postings.pipeline import process

    return [{"key": key, **snapshot(process(raw))} for key, raw in corpus()]


if __name__ == "__main__":  # python tests/golden/corpus.py  (rewrites the golden file)
    rows = build()
    GOLDEN.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} snapshots to {GOLDEN.relative_to(ROOT)}")
