"""Measure the postings pipeline's throughput on one core.

    python bench/generate.py 5000 /tmp/p5k.jsonl --seed 1
    python bench/bench_classify.py /tmp/p5k.jsonl

Descriptions are converted to text first (as the pipeline does); then
:func:`~otpath.postings.pipeline.classify.classify`, and
:func:`~otpath.postings.pipeline.extract.extract_requirements` are timed
alone, :func:`~otpath.postings.pipeline.process` end to end, and the
near-duplicate keys ingest computes per posting
(:func:`~otpath.postings.pipeline.dedupe.minhash_signature` +
:func:`~otpath.postings.pipeline.dedupe.lsh_bands` of the text).

Each figure is the best of three passes, as wall-clock and as CPU time of
this process (the CPU figure is the fairer one on a shared, busy machine).
The pipeline remembers lines, sentences and titles it has seen (postings
repeat boilerplate); every pass starts with those caches emptied
(:func:`~otpath.postings.pipeline.clear_caches`), so a pass is one cold run
over the file, never a replay of answers from the pass before. ``--warm``
keeps them instead (a long-running ingest's steady state).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from otpath.postings.models import RawPosting
from otpath.postings.pipeline import clear_caches, process
from otpath.postings.pipeline.classify import classify
from otpath.postings.pipeline.dedupe import lsh_bands, minhash_signature
from otpath.postings.pipeline.extract import extract_requirements
from otpath.postings.pipeline.normalize import html_to_text


def _rate(
    fn: Callable[[Any], object], items: Sequence[Any], passes: int = 3, *, warm: bool = False
) -> tuple[float, float]:
    best_wall = best_cpu = 0.0
    for _ in range(passes):
        if not warm:
            clear_caches()
        w0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            fn(item)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        best_wall = max(best_wall, len(items) / wall)
        best_cpu = max(best_cpu, len(items) / cpu if cpu else 0.0)
    return best_wall, best_cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default="/tmp/p5k.jsonl")
    parser.add_argument("--warm", action="store_true", help="keep the pipeline's caches between passes")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in open(args.path, encoding="utf-8")]
    raws = [
        RawPosting(
            title=r["title"], description=r.get("description", ""), company=r.get("company"),
            location=r.get("location"), url=r.get("url"), source_id=r.get("id"),
        )
        for r in rows
    ]
    items = [(raw.title, html_to_text(raw.description), raw) for raw in raws]
    size = statistics.mean(len(text) for _, text, _ in items)
    print(f"{len(items)} postings, mean text {size:,.0f} characters, caches {'kept' if args.warm else 'emptied'} per pass")
    classify(items[0][0], items[0][1])  # build the tables outside the timing
    for name, fn, data in (
        ("classify", lambda it: classify(it[0], it[1], company=it[2].company), items),
        ("extract", lambda it: extract_requirements(it[0], it[1], it[2]), items),
        ("process", process, raws),
        ("minhash", lambda it: lsh_bands(minhash_signature(it[1])), items),
    ):
        wall, cpu = _rate(fn, data, warm=args.warm)
        print(f"{name:<9} {wall:>9,.0f} /s wall   {cpu:>9,.0f} /s CPU")


if __name__ == "__main__":
    main()
