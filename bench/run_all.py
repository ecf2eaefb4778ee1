"""Run every benchmark and print a summary against the targets.

    python bench/run_all.py                       # 100k (with web) then 1M (no web)
    python bench/run_all.py --sizes 10000 --skip-web   # a quick check of the plumbing

For each size: ``generate.py`` (reused when the same file was already generated today
with the same seed), ``bench_ingest.py`` into a fresh store, ``bench_search.py``, and
``bench_web.py`` for sizes up to 100,000 (never at 1M). Each step runs as its own
process, exactly as the printed command; figures go to ``bench/out/*.json`` and the
whole set to ``bench/out/results.json`` (gitignored). Everything runs under
``nice -n 10`` by default (``--nice``) so it does not starve other work on the machine.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_DIR, OUT_DIR, machine_info  # noqa: E402

TARGETS = {
    "ingest_per_s": 5000,  # postings/s, at every size
    "ingest_peak_rss_mb_1m": 500,
    "search_p95_ms_1m": 50,
    "jobs_p95_ms_1m": 200,
    "web_p95_ms_100k": 300,
}


def _label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else (f"{n // 1000}k" if n % 1000 == 0 else str(n))


def _run(cmd: list[str], nice: int) -> None:
    full = (["nice", "-n", str(nice)] if nice else []) + cmd
    print(f"\n$ {shlex.join(cmd)}", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(full)
    print(f"  ({time.perf_counter() - t0:.0f} s, exit {proc.returncode})", flush=True)
    if proc.returncode not in (0, 1):  # bench_web exits 1 when there were failures
        raise SystemExit(f"step failed: {shlex.join(cmd)}")


def _load(p: Path) -> dict | None:
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def generate(n: int, seed: int, nice: int, regen: bool) -> Path:
    data = OUT_DIR / f"postings-{_label(n)}.jsonl"
    meta = data.with_suffix(".meta.json")
    want = {"n": n, "seed": seed, "anchor": date.today().isoformat()}
    if not regen and data.exists() and _load(meta) == want:
        print(f"\n(reusing {data}: same size, seed and date)", flush=True)
        return data
    _run([sys.executable, str(BENCH_DIR / "generate.py"), str(n), str(data), "--seed", str(seed)],
         nice)
    meta.write_text(json.dumps(want))
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated posting counts")
    ap.add_argument("--skip-web", action="store_true", help="no web load test at any size")
    ap.add_argument("--web-max-size", type=int, default=100_000,
                    help="run the web test only for sizes up to this (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=10, help="timed calls per search query")
    ap.add_argument("--web-duration", type=float, default=30.0)
    ap.add_argument("--web-clients", type=int, default=50)
    ap.add_argument("--nice", type=int, default=10, help="nice level of every step (0: none)")
    ap.add_argument("--regen", action="store_true", help="regenerate data files even if present")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    results: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine_info(),
                     "targets": TARGETS, "sizes": {}}
    for n in sizes:
        lab = _label(n)
        data = generate(n, args.seed, args.nice, args.regen)
        db = OUT_DIR / f"bench-{lab}.db"
        r: dict = {}
        out = OUT_DIR / f"ingest-{lab}.json"
        _run([py, str(BENCH_DIR / "bench_ingest.py"), str(data), "--db", str(db),
              "--json-out", str(out)], args.nice)
        r["ingest"] = _load(out)
        out = OUT_DIR / f"search-{lab}.json"
        _run([py, str(BENCH_DIR / "bench_search.py"), "--db", str(db), "--repeat",
              str(args.repeat), "--json-out", str(out)], args.nice)
        r["search"] = _load(out)
        if not args.skip_web and n <= args.web_max_size:
            out = OUT_DIR / f"web-{lab}.json"
            _run([py, str(BENCH_DIR / "bench_web.py"), "--db", str(db), "--clients",
                  str(args.web_clients), "--duration", str(args.web_duration), "--json-out",
                  str(out)], args.nice)
            r["web"] = _load(out)
        results["sizes"][str(n)] = r
        (OUT_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (OUT_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print("\n" + summary(results))
    print(f"\nwrote {OUT_DIR / 'results.json'}")
    return 0


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISS")


def summary(results: dict) -> str:
    rows = [("size", "metric", "value", "target", "")]
    for n_s, r in results["sizes"].items():
        n = int(n_s)
        lab = _label(n)
        big = n >= 1_000_000
        ing = (r.get("ingest") or {}).get("ingest")
        if ing:
            rows.append((lab, "ingest postings/s", f"{ing['per_s']:,.0f}", ">= 5,000",
                         _mark(ing["per_s"] >= TARGETS["ingest_per_s"])))
            fl = (r.get("ingest") or {}).get("floor")
            if fl:
                rows.append((lab, "json.loads floor lines/s", f"{fl['per_s']:,.0f}", "", ""))
            rows.append((lab, "ingest wall s", f"{ing['process_wall_seconds']:,.0f}", "", ""))
            peak = ing.get("peak_tree_rss_mb", ing["peak_rss_mb"])
            rows.append((lab, f"ingest peak RSS MB ({ing.get('processes', 1)} processes)",
                         f"{peak:,.0f}", "<= 500 (1M)" if big else "",
                         _mark(peak <= TARGETS["ingest_peak_rss_mb_1m"]) if big else ""))
            rows.append((lab, "store size MB", f"{ing['db_mb']:,.0f}", "", ""))
        s = r.get("search")
        if s and s.get("search"):
            rows.append((lab, "search p50 / p95 / max ms",
                         f"{s['search']['p50_ms']:.1f} / {s['search']['p95_ms']:.1f} / "
                         f"{s['search']['max_ms']:.0f}", "p95 <= 50 (1M)" if big else "",
                         _mark(s["search"]["p95_ms"] <= TARGETS["search_p95_ms_1m"]) if big
                         else ""))
        if s and s.get("jobs"):
            rows.append((lab, "jobs p50 / p95 / max ms",
                         f"{s['jobs']['p50_ms']:.1f} / {s['jobs']['p95_ms']:.1f} / "
                         f"{s['jobs']['max_ms']:.0f}", "p95 <= 200 (1M)" if big else "",
                         _mark(s["jobs"]["p95_ms"] <= TARGETS["jobs_p95_ms_1m"]) if big else ""))
        w = (r.get("web") or {}).get("load")
        if w:
            ok = w["failures"] == 0 and w["p95_ms"] < TARGETS["web_p95_ms_100k"]
            rows.append((lab, f"web {w['clients']} clients {w['duration_s']:.0f} s: req/s",
                         f"{w['rps']:,.1f}", "", ""))
            rows.append((lab, "web failures", f"{w['failures']} of {w['requests']:,}", "0",
                         _mark(w["failures"] == 0)))
            rows.append((lab, "web p50 / p95 / p99 ms",
                         f"{w['p50_ms']:.0f} / {w['p95_ms']:.0f} / {w['p99_ms']:.0f}",
                         "p95 < 300 (100k)", _mark(ok)))
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    return "\n".join("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(row)).rstrip()
                     for row in rows)


if __name__ == "__main__":
    raise SystemExit(main())
