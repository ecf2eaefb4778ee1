"""Ingest throughput and memory, against the plain JSON-parse floor.

    python bench/bench_ingest.py bench/out/postings-100k.jsonl --db bench/out/bench-100k.db

Prints (and with ``--json-out`` writes):

* the **floor**: ``json.loads`` of every line of the same file (what any reader must
  at least pay), in lines/s;
* **ingest**: ``otpath.ingest.ingest_paths`` end to end (reader, pipeline, dedupe,
  SQLite + FTS5 writes), in postings/s, wall time, and the ratio floor/ingest;
* **CPU seconds per posting** of the whole ingest process tree (main process and
  pool workers): robust to other work sharing the cores, unlike the rate;
* the ingest process's own **peak RSS** (VmHWM): ingest runs in a child process, so
  the parent's floor pass and its memory never count;
* **growth**: CPU and wall per posting over the first and the last ``--window``
  records (a store that slows down as it grows shows here);
* **store bytes per posting beyond the text**: the store's size less the bytes of the
  descriptions' plain text it holds, per stored posting.

A gzip file (``.jsonl.gz``) is ingested as it is (the readers decompress it); the
floor parses the same lines decompressed in memory beforehand (decompression is
timed apart and not counted in the floor).

The store at ``--db`` is deleted first (with its -wal/-shm) unless ``--keep``.
``--cprofile FILE`` profiles the child with cProfile and prints the top functions.
``--limit N`` ingests only the first N lines (a temporary copy), to check the plumbing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    current_rss_mb,
    emit,
    machine_info,
    peak_rss_mb,
    proc_mb,
    process_tree,
)


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def parse_floor(path: Path) -> dict[str, float]:
    """json.loads of each line: the least any JSONL reader can cost.

    A gzip file is decompressed into memory first (timed apart): the floor is the
    parse alone, of the very lines the ingest reads.
    """
    loads = json.loads
    n = 0
    unzip_s = 0.0
    if _is_gzip(path):
        t0 = time.perf_counter()
        lines: Any = gzip.decompress(path.read_bytes()).splitlines()
        unzip_s = time.perf_counter() - t0
    else:
        lines = None
    t0 = time.perf_counter()
    if lines is not None:
        for line in lines:
            if line.strip():
                loads(line)
                n += 1
        del lines
    else:
        with path.open("rb") as fh:
            for line in fh:
                if line.strip():
                    loads(line)
                    n += 1
    dt = time.perf_counter() - t0
    return {"lines": n, "seconds": dt, "per_s": n / dt if dt else 0.0, "gunzip_seconds": unzip_s}


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a live process (its reaped children excluded), in seconds."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


# -- the child: one ingest, measured from inside -------------------------------------------


def _child(args: argparse.Namespace) -> int:
    rss_start = current_rss_mb()
    t_import = time.perf_counter()
    from otpath.ingest import ingest_paths
    from otpath.store import Store

    # Import the pipeline up front so its one-off cost (catalog, regexes) is visible.
    try:
        import otpath.postings.pipeline  # noqa: F401
        import otpath.postings.sources  # noqa: F401
    except ImportError:
        pass
    import_s = time.perf_counter() - t_import
    rss_after_import = current_rss_mb()

    samples: list[tuple[float, float, float, int, float]] = []  # (t, own, tree RSS, read, PSS)
    state = {"read": 0, "stop": False}
    hwm: dict[int, float] = {}  # pid -> VmHWM of every process of the ingest (pool workers too)

    def sampler() -> None:
        me = os.getpid()
        while not state["stop"]:
            tree = process_tree(me)
            total = pss = 0.0
            for pid in tree:
                rss, peak = proc_mb(pid, "VmRSS", "VmHWM")
                total += rss
                pss += proc_mb(pid, "Pss", file="smaps_rollup")[0]
                if peak:
                    hwm[pid] = max(hwm.get(pid, 0.0), peak)
            samples.append((time.perf_counter() - t0, current_rss_mb(), total, state["read"], pss))
            time.sleep(args.sample_every)

    last_print = [0.0]
    # (records read, wall s, CPU s of the live process tree) after each committed batch:
    # the pool's workers live as long as the ingest, so the sum only grows.
    marks: list[tuple[int, float, float]] = []

    def tree_cpu() -> float:
        return sum(_cpu_seconds(pid) for pid in process_tree(os.getpid()))

    def progress(p) -> None:  # IngestProgress
        state["read"] = p.report.read
        now = time.perf_counter()
        if not marks or marks[-1][0] != p.report.read:
            marks.append((p.report.read, now - t0, tree_cpu()))
        if now - last_print[0] >= args.print_every:
            last_print[0] = now
            el = now - t0
            tree = samples[-1][2] if samples else 0.0
            print(f"  ... {p.report.read:>9,} read  {p.report.read / el:8,.0f}/s  "
                  f"cpu {marks[-1][2] / max(p.report.read, 1) * 1e3:5.2f} ms/posting  "
                  f"rss {current_rss_mb():6.0f} MB (all processes {tree:6.0f} MB)",
                  file=sys.stderr, flush=True)

    prof = None
    if args.cprofile:
        import cProfile

        prof = cProfile.Profile()
    t0 = time.perf_counter()
    th = threading.Thread(target=sampler, daemon=True)
    th.start()
    marks.append((0, 0.0, tree_cpu()))
    with Store.open(args.db) as store:
        if prof:
            prof.enable()
        kw = {} if args.workers is None else {"workers": args.workers}
        report = ingest_paths(store, [args.data], format=args.format, batch_size=args.batch_size,
                              progress=progress, **kw)
        if prof:
            prof.disable()
        t_ingest = time.perf_counter() - t0
        count = store.count_postings()
        text_bytes = store.conn.execute(
            "SELECT total(length(CAST(description_text AS BLOB))) FROM postings"
        ).fetchone()[0]
    wall = time.perf_counter() - t0
    import resource

    # This process (reader, pickles, store writes) apart from the reaped pool workers
    # (the pipeline): which side of the ingest the CPU goes to.
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    state["stop"] = True
    th.join(timeout=2)
    db = Path(args.db)
    db_bytes = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    out = {
        "read": report.read,
        "new": report.new,
        "duplicates": report.duplicates,
        "unchanged": report.unchanged,
        "rejected": len(report.rejected),
        "rejected_examples": [str(r) for r in report.rejected[:5]],
        "stored_postings": count,
        "ingest_seconds": t_ingest,
        "wall_seconds": wall,
        "import_seconds": import_s,
        "per_s": report.read / t_ingest if t_ingest else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        # With a worker pool the ingest is several processes: the peak of their summed RSS
        # (sampled every --sample-every s) is the figure to hold against the target.
        "peak_tree_rss_mb": max((x[2] for x in samples), default=peak_rss_mb()),
        # RSS counts pages the forked workers share with the main process once per process;
        # PSS (/proc/PID/smaps_rollup) splits them, so the PSS sum is the memory really used.
        "peak_tree_pss_mb": max((x[4] for x in samples), default=0.0),
        "processes": len(hwm),
        "sum_of_process_peaks_mb": sum(hwm.values()),
        "workers": args.workers,
        "rss_start_mb": rss_start,
        "rss_after_import_mb": rss_after_import,
        "rss_samples": samples[:: max(1, len(samples) // 40)],
        "db_mb": db_bytes / 1e6,
        "text_mb": text_bytes / 1e6,
        "kb_per_posting": db_bytes / 1e3 / max(count, 1),
        "kb_per_posting_beyond_text": (db_bytes - text_bytes) / 1e3 / max(count, 1),
        "main_cpu_seconds": own.ru_utime + own.ru_stime,
        "workers_cpu_seconds": kids.ru_utime + kids.ru_stime,
        "marks": marks,
        "growth": growth(marks, args.window or max(1, report.read // 10)),
    }
    if prof:
        import pstats

        prof.dump_stats(args.cprofile)
        with open(str(args.cprofile) + ".txt", "w") as fh:
            st = pstats.Stats(prof, stream=fh)
            st.sort_stats("cumulative").print_stats(45)
            st.sort_stats("tottime").print_stats(35)
        out["cprofile"] = str(args.cprofile)
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def growth(marks: list[tuple[int, float, float]], window: int) -> dict[str, Any]:
    """CPU and wall ms per posting over the first and the last ``window`` records read
    (from the batch marks nearest those bounds), and last/first."""
    if len(marks) < 3 or marks[-1][0] < 2 * window:
        return {}

    def span(lo: int, hi: int) -> dict[str, float]:
        a = min(marks, key=lambda m: abs(m[0] - lo))
        b = min(marks, key=lambda m: abs(m[0] - hi))
        n = max(b[0] - a[0], 1)
        return {"from": a[0], "to": b[0], "cpu_ms": (b[2] - a[2]) / n * 1e3,
                "wall_ms": (b[1] - a[1]) / n * 1e3}

    total = marks[-1][0]
    first, last = span(0, window), span(total - window, total)
    return {"window": window, "first": first, "last": last,
            "cpu_ratio": last["cpu_ms"] / max(first["cpu_ms"], 1e-9),
            "wall_ratio": last["wall_ms"] / max(first["wall_ms"], 1e-9)}


# -- the parent ------------------------------------------------------------------------------


def run(data: Path, db: Path, *, batch_size: int = 500, keep: bool = False, fmt: str | None = None,
        cprofile: str | None = None, limit: int | None = None, floor: bool = True,
        nice: int = 0, workers: int | None = None, window: int | None = None) -> dict:
    data = Path(data)
    db = Path(db)
    if limit:
        tmp = db.parent / f"{data.name.split('.')[0]}-first{limit}.jsonl"
        db.parent.mkdir(parents=True, exist_ok=True)
        opener: Any = gzip.open if _is_gzip(data) else open
        with opener(data, "rb") as src, tmp.open("wb") as dst:
            for i, line in enumerate(src):
                if i >= limit:
                    break
                dst.write(line)
        data = tmp
    if not keep:
        for p in db.parent.glob(db.name + "*"):
            if p.name in (db.name, db.name + "-wal", db.name + "-shm"):
                p.unlink()
    result: dict = {"data": str(data), "db": str(db), "data_mb": data.stat().st_size / 1e6,
                    "batch_size": batch_size, "machine": machine_info(),
                    "loadavg_start": os.getloadavg()}
    if floor:
        print(f"floor: json.loads per line of {data} ...", file=sys.stderr, flush=True)
        parse_floor(data)  # once to warm the page cache
        result["floor"] = parse_floor(data)
        print(f"floor: {result['floor']['lines']:,} lines in {result['floor']['seconds']:.2f} s"
              f" = {result['floor']['per_s']:,.0f} lines/s", file=sys.stderr, flush=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), str(data), "--db", str(db), "--child",
           "--batch-size", str(batch_size)]
    if window:
        cmd += ["--window", str(window)]
    if fmt:
        cmd += ["--format", fmt]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    if cprofile:
        cmd += ["--cprofile", cprofile]
    if nice:
        cmd = ["nice", "-n", str(nice), *cmd]
    print(f"ingest: {' '.join(cmd)}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    # Read before waiting: the result line of a long run (RSS samples, marks) is larger
    # than a pipe's buffer, and a child blocked writing it never exits.
    stdout = proc.stdout.read() if proc.stdout else ""
    _, status, rusage = os.wait4(proc.pid, 0)
    outer_wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    line = next((ln for ln in stdout.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"ingest child failed (exit {proc.returncode}):\n{stdout[-3000:]}")
    ing = json.loads(line[len("RESULT "):])
    ing["process_wall_seconds"] = outer_wall  # interpreter start + imports + ingest
    ing["child_ru_maxrss_mb"] = rusage.ru_maxrss / 1024.0
    # The child's rusage includes its reaped pool workers: the whole tree's CPU.
    ing["child_cpu_seconds"] = rusage.ru_utime + rusage.ru_stime
    ing["cpu_ms_per_posting"] = ing["child_cpu_seconds"] / max(ing["read"], 1) * 1e3
    result["ingest"] = ing
    result["loadavg_end"] = os.getloadavg()  # 1/5/15-minute: how busy the machine was
    if floor:
        result["ratio_floor_over_ingest"] = result["floor"]["per_s"] / max(ing["per_s"], 1e-9)
    return result


def report(result: dict) -> str:
    ing = result["ingest"]
    lines = [
        f"data            {result['data']} ({result['data_mb']:.0f} MB)",
    ]
    if "floor" in result:
        f = result["floor"]
        lines.append(f"parse floor     {f['lines']:,} lines in {f['seconds']:.2f} s = "
                     f"{f['per_s']:,.0f} lines/s (json.loads per line)")
    lines += [
        f"ingest          {ing['read']:,} read in {ing['ingest_seconds']:.1f} s = "
        f"{ing['per_s']:,.0f} postings/s  (target >= 5,000/s)",
        f"                new {ing['new']:,}, duplicates {ing['duplicates']:,}, unchanged "
        f"{ing['unchanged']:,}, rejected {ing['rejected']:,}; stored {ing['stored_postings']:,}",
        f"wall            {ing['process_wall_seconds']:.1f} s for the ingest process "
        f"(imports {ing['import_seconds']:.2f} s; CPU {ing['child_cpu_seconds']:.1f} s)",
        f"CPU/posting     {ing['cpu_ms_per_posting']:.2f} ms (whole process tree, workers "
        "included; robust to other load)",
    ]
    if "main_cpu_seconds" in ing:
        n = max(ing["read"], 1)
        lines.append(f"                main process {ing['main_cpu_seconds'] / n * 1e3:.2f} ms (reader, "
                     f"pickles, store writes), workers {ing['workers_cpu_seconds'] / n * 1e3:.2f} ms "
                     "(pipeline)")
    if "ratio_floor_over_ingest" in result:
        lines.append(f"ratio           ingest is {result['ratio_floor_over_ingest']:,.1f}x slower "
                     "than the parse floor")
    lines += [
        f"peak RSS        {ing.get('peak_tree_rss_mb', ing['peak_rss_mb']):,.0f} MB for the "
        f"{ing.get('processes', 1)} ingest processes together (sampled sum; target <= 500 MB at 1M)",
        f"                {ing.get('peak_tree_pss_mb', 0):,.0f} MB PSS (shared pages counted once)",
        f"                {ing['peak_rss_mb']:,.0f} MB the main ingest process alone (VmHWM; "
        f"{ing['rss_after_import_mb']:.0f} MB after imports); sum of each process's own peak "
        f"{ing.get('sum_of_process_peaks_mb', ing['peak_rss_mb']):,.0f} MB",
        f"store           {ing['db_mb']:,.0f} MB on disk ({result['db']}) = "
        f"{ing['kb_per_posting']:.2f} KB/posting, {ing['kb_per_posting_beyond_text']:.2f} KB "
        f"beyond the text ({ing['text_mb']:,.0f} MB of description text)",
        f"load average    {result['loadavg_end'][0]:.2f} / {result['loadavg_end'][1]:.2f} / "
        f"{result['loadavg_end'][2]:.2f} at the end (2 cores; other work shares them)",
    ]
    g = ing.get("growth")
    if g:
        lines.append(
            f"growth          first {g['first']['to'] - g['first']['from']:,} records "
            f"{g['first']['cpu_ms']:.2f} ms CPU, {g['first']['wall_ms']:.2f} ms wall per posting; "
            f"last {g['last']['to'] - g['last']['from']:,} {g['last']['cpu_ms']:.2f} ms CPU, "
            f"{g['last']['wall_ms']:.2f} ms wall: x{g['cpu_ratio']:.2f} CPU, x{g['wall_ratio']:.2f}"
            " wall (target <= 1.5)")
    if ing.get("rejected_examples"):
        lines.append("rejected e.g.   " + "; ".join(ing["rejected_examples"][:3]))
    if ing.get("cprofile"):
        lines.append(f"cProfile        {ing['cprofile']} (+ .txt)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path,
                    help="JSONL postings, plain or gzip (bench/generate.py, bench/expand_real.py)")
    ap.add_argument("--db", type=Path, required=True, help="store to create (deleted first)")
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--workers", type=int, default=None,
                    help="ingest worker processes (default: ingest_paths' own default)")
    ap.add_argument("--format", default=None, help="reader format (default: detected)")
    ap.add_argument("--keep", action="store_true", help="do not delete an existing store first")
    ap.add_argument("--no-floor", action="store_true", help="skip the json.loads floor")
    ap.add_argument("--limit", type=int, default=None, help="ingest only the first N lines")
    ap.add_argument("--cprofile", default=None, help="profile the ingest to this .prof file")
    ap.add_argument("--nice", type=int, default=0, help="run the ingest child under nice -n N")
    ap.add_argument("--window", type=int, default=None,
                    help="records in the first/last growth windows (default: a tenth)")
    ap.add_argument("--json-out", default=None, help="write the figures as JSON here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--sample-every", type=float, default=0.5, help=argparse.SUPPRESS)
    ap.add_argument("--print-every", type=float, default=10.0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args)
    result = run(args.data, args.db, batch_size=args.batch_size, keep=args.keep, fmt=args.format,
                 cprofile=args.cprofile, limit=args.limit, floor=not args.no_floor, nice=args.nice,
                 workers=args.workers, window=args.window)
    print(report(result))
    emit(result, args.json_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
