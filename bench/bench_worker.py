"""What one ingest worker pays: its start-up, then each record on a first and a second pass.

    python bench/bench_worker.py ../shared/data/real_postings/nhs_jobs_2020.jsonl.gz --limit 3000

An ingest worker (``otpath.ingest._prepare_lines``) parses a chunk of JSON lines with
the reader, runs :func:`otpath.postings.pipeline.prepare` on each record and builds its
store row. This script does the same in one process and prints, as CPU time
(``time.process_time``):

* **start-up**, once a process: importing the pipeline, then the first posting (rule
  tables, the Hyperscan databases loaded from the on-disk cache or compiled);
* the **worker path** a record, on a first pass (the per-line, per-sentence and
  per-title caches cleared, as an ingest meets the records) and on a second pass over
  the same records (every cache warm), ``--rounds`` times in alternation, so both
  passes of a round see the same load. The gap is what the caches save; an ingest
  pays the first pass (and over a whole file the caches, whose sizes are bounded,
  keep only part of what a second pass would find).

Only the records' lines are read before the timing starts (the reader is timed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import emit  # noqa: E402


def run(data: Path, limit: int | None, rounds: int) -> dict:
    t0 = time.process_time()
    from otpath.ingest import _prepare_lines
    from otpath.postings.sources import input_lines, plan_inputs

    t1 = time.process_time()
    from otpath.postings import pipeline as P
    from otpath.postings.models import RawPosting

    t2 = time.process_time()
    P.prepare(RawPosting(title="Occupational Therapist", description="<p>Remote. 2 years. OT, PT.</p>"))
    t3 = time.process_time()
    split = input_lines(plan_inputs([data])[0], errors=[])
    if split is None:
        raise SystemExit(f"{data}: not a file of JSON lines (the workers read those themselves)")
    reader, lines_it = split
    lines = []
    for line in lines_it:
        lines.append(line)
        if limit is not None and len(lines) >= limit:
            break
    name = str(data)

    def one_pass() -> float:
        start = time.process_time()
        for i in range(0, len(lines), 200):  # the ingest's chunk size
            _prepare_lines(reader, name, name, lines[i: i + 200], False)
        return (time.process_time() - start) / max(len(lines), 1) * 1e6

    passes = []
    for _ in range(rounds):
        P.clear_caches()
        first = one_pass()
        passes.append({"first_us": first, "second_us": one_pass()})
    return {
        "data": name,
        "records": len(lines),
        "startup_s": {"ingest_imports": t1 - t0, "pipeline_imports": t2 - t1, "first_posting": t3 - t2},
        "passes": passes,
    }


def report(r: dict) -> str:
    st = r["startup_s"]
    out = [f"{r['records']:,} records of {r['data']}",
           f"start-up, once a worker: pipeline imports {st['pipeline_imports']:.2f} s, first posting "
           f"(rule tables, Hyperscan databases) {st['first_posting']:.2f} s "
           f"(imports the ingesting process already has: {st['ingest_imports']:.2f} s)"]
    for i, p in enumerate(r["passes"], start=1):
        out.append(f"round {i}: worker path (reader, prepare(), store row) first pass {p['first_us']:,.0f} us "
                   f"a record, second pass {p['second_us']:,.0f} us ({p['second_us'] / p['first_us'] - 1:+.0%})")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--limit", type=int, default=3000, help="records to time (0: the whole file)")
    ap.add_argument("--rounds", type=int, default=2, help="first/second pass pairs")
    ap.add_argument("--json-out", default=None)
    a = ap.parse_args(argv)
    r = run(a.data, a.limit or None, a.rounds)
    print(report(r))
    emit(r, a.json_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
