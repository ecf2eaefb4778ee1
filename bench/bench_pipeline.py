"""Where ingest time goes: each pipeline stage timed alone on the same records.

    python bench/bench_pipeline.py bench/out/postings-10k.jsonl --limit 2000

Reads the first ``--limit`` records with the real reader, then times, per record:
the reader itself, ``normalize_title/company/location``, ``html_to_text``,
``to_safe_html``, ``classify``, ``extract_requirements``, ``posting_key``, building
the ``Posting`` (``process`` minus its stages), the MinHash signature + LSH bands,
then profiles ``process`` with cProfile to name the functions where the time goes.
Also prints the start-up each process pays once (imports, the first posting: rule
tables and Hyperscan databases), which the per-record figures leave out.
Prints microseconds per record and the share of the total, so the hot spot has a
name and a number. Times are this process's CPU time (``time.process_time``), so
other work on the machine inflates them less than wall-clock time would.

Single process, no store: the store's share is ingest time minus this total.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import emit  # noqa: E402


def _t(fn, items) -> tuple[float, list]:
    out = []
    t0 = time.process_time()
    for it in items:
        out.append(fn(it))
    return time.process_time() - t0, out


def run(data: Path, limit: int) -> dict:
    t_start = time.process_time()
    from otpath.postings import pipeline as P
    from otpath.postings.pipeline import dedupe as D
    from otpath.postings.pipeline import extract as E
    from otpath.postings.sources import iter_postings

    def read():
        it = iter_postings([data], errors=[])
        out = []
        for r in it:
            out.append(r)
            if len(out) >= limit:
                break
        return out

    read()  # warm imports and tables
    # ... and the pipeline's compiled tables (regexes, the rules' prefilter), on a
    # posting that is not timed, so the first stage timed does not pay for them.
    from otpath.postings.models import RawPosting

    t_warm = time.process_time()
    P.process(RawPosting(title="Occupational Therapist", description="<p>Remote. 2 years. OT, PT.</p>"))
    # What each process (each ingest worker) pays once: imports, rule tables, the
    # Hyperscan databases (compiled, or loaded from the on-disk cache).
    startup = {"imports_and_reader_s": t_warm - t_start, "first_posting_s": time.process_time() - t_warm}
    P.clear_caches()
    t0 = time.process_time()
    raws = read()
    n = len(raws)
    stages: dict[str, float] = {"reader (iter_postings)": time.process_time() - t0}
    dt, titles = _t(lambda r: P.normalize_title(r.title), raws)
    stages["normalize_title"] = dt
    dt, _ = _t(lambda r: P.normalize_company(r.company) if r.company else None, raws)
    stages["normalize_company"] = dt
    dt, _ = _t(lambda r: P.normalize_location(r.location) if r.location else None, raws)
    stages["normalize_location"] = dt
    dt, texts = _t(lambda r: P.html_to_text(r.description), raws)
    stages["html_to_text"] = dt
    dt, _ = _t(lambda r: P.to_safe_html(r.description), raws)
    stages["to_safe_html"] = dt
    pairs = list(zip(titles, texts, raws, strict=True))
    dt, _ = _t(lambda x: P.classify(x[0], x[1]), pairs)
    stages["classify"] = dt
    dt, _ = _t(lambda x: E.extract_requirements(x[0], x[1], x[2]), pairs)
    stages["extract_requirements"] = dt
    dt, _ = _t(lambda x: D.posting_key(x[0], x[2].company, x[2].location, x[1]), pairs)
    stages["posting_key"] = dt
    dt, sigs = _t(lambda x: D.minhash_signature(x[1]), pairs)
    stages["minhash_signature"] = dt
    dt, _ = _t(D.lsh_bands, sigs)
    stages["lsh_bands"] = dt
    t0 = time.process_time()
    for r in raws:
        P.process(r)
    process_total = time.process_time() - t0

    # Name the hot spots: cProfile of process() over the same records, by own time.
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for r in raws:
        P.process(r)
    prof.disable()
    st = pstats.Stats(prof)
    own = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:15]  # type: ignore[attr-defined]
    hot = []
    for (file, line, func), (_cc, ncalls, tottime, cumtime, _callers) in own:
        where = f"{Path(file).name}:{line}({func})" if line else func
        hot.append({"function": where, "calls_per_record": ncalls / n,
                    "own_us_per_record": tottime / n * 1e6, "cum_us_per_record": cumtime / n * 1e6})
    total = sum(stages.values())
    return {
        "data": str(data),
        "records": n,
        "mean_text_chars": sum(map(len, texts)) / max(n, 1),
        "stages_us": {k: v / n * 1e6 for k, v in stages.items()},
        "stages_share": {k: v / total for k, v in stages.items()},
        "sum_us": total / n * 1e6,
        "process_us": process_total / n * 1e6,
        "process_per_s": n / process_total,
        "hot_functions": hot,
        "startup": startup,
    }


def report(r: dict) -> str:
    out = [f"{r['records']:,} records of {r['data']} (mean text {r['mean_text_chars']:,.0f} chars)",
           f"{'stage':<26} {'us/record':>10} {'share':>7}"]
    for k, v in sorted(r["stages_us"].items(), key=lambda x: -x[1]):
        out.append(f"{k:<26} {v:>10,.0f} {r['stages_share'][k]:>6.0%}")
    out.append(f"{'sum of stages':<26} {r['sum_us']:>10,.0f}")
    st = r["startup"]
    out.append(f"start-up, once a process: imports (and reading {r['records']:,} records) "
               f"{st['imports_and_reader_s']:.2f} s, first posting (rule tables, Hyperscan "
               f"databases) {st['first_posting_s']:.2f} s")
    out.append(f"process() alone: {r['process_us']:,.0f} us/record = {r['process_per_s']:,.0f} "
               "records/s on one core (CPU time, before any store write)")
    out.append("hot spots inside process() (cProfile, own time; profiling inflates it):")
    for h in r["hot_functions"][:10]:
        out.append(f"  {h['own_us_per_record']:>8,.0f} us  {h['calls_per_record']:>8,.1f} calls  "
                   f"{h['function']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--json-out", default=None)
    a = ap.parse_args(argv)
    r = run(a.data, a.limit)
    print(report(r))
    emit(r, a.json_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
