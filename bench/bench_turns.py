"""Two versions of the pipeline taking turns on the same records: a fair CPU comparison.

    git archive main | tar -x -C /tmp/before      # any two checkouts of the repository
    python bench/bench_turns.py /tmp/before . --limit 4000

On a shared machine the CPU time of the same work swings by 30% or more with what
else runs (two runs of one version, one after the other, differ that much). Here
two processes, one per checkout, each run :func:`otpath.postings.pipeline.prepare`
cold (caches cleared) over the first ``--limit`` records of the NHS file, ``--turn``
records at a time, handing a token back and forth through pipes: only one runs at
a time and both see the same load, interleaved within a second. Each prints its
CPU time a record (``time.process_time`` of its own turns only); compare the two
figures of one run, not figures of different runs.

Each process imports ``otpath`` from its checkout, not from the one installed in
the virtual environment (an editable install's import hook is set aside).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "real_postings" / "nhs_jobs_2020.jsonl.gz"


def child(root: str, token_in: int, token_out: int, data: str, limit: int, turn: int) -> None:
    # Import otpath from ``root``: drop the editable install's finder, put root first.
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
    sys.path.insert(0, root)
    from otpath.postings import pipeline as P
    from otpath.postings.models import RawPosting
    from otpath.postings.sources import iter_postings

    raws: list[RawPosting] = []
    for raw in iter_postings([Path(data)], errors=[]):
        raws.append(raw)
        if len(raws) >= limit:
            break
    # Rule tables and Hyperscan databases, outside the timed turns.
    P.prepare(RawPosting(title="Occupational Therapist", description="<p>Remote. 2 years. OT, PT.</p>"))
    P.clear_caches()
    spent = 0.0
    for i in range(0, len(raws), turn):
        os.read(token_in, 1)
        t0 = time.process_time()
        for raw in raws[i: i + turn]:
            P.prepare(raw)
        spent += time.process_time() - t0
        os.write(token_out, b"x")
    print(f"{root}: {spent / max(len(raws), 1) * 1e6:,.0f} us/record, {len(raws):,} records cold, "
          f"in turns of {turn}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", help="a checkout of the repository (its otpath/ is used)")
    ap.add_argument("second", help="another checkout")
    ap.add_argument("--data", default=str(REAL), help="JSONL postings (default: the NHS file of ../shared)")
    ap.add_argument("--limit", type=int, default=4000)
    ap.add_argument("--turn", type=int, default=50, help="records a process runs before handing over")
    ap.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.first, a.child[0], a.child[1], a.data, a.limit, a.turn)
        return 0
    if not Path(a.data).exists():
        print(f"skipped: {a.data} is not here (a development checkout of ../shared)")
        return 0
    read_1, write_1 = os.pipe()
    read_2, write_2 = os.pipe()
    common = ["--data", a.data, "--limit", str(a.limit), "--turn", str(a.turn)]
    script = str(Path(__file__).resolve())
    procs = [
        subprocess.Popen([sys.executable, script, str(Path(root).resolve()), "-", *common, "--child", str(r), str(w), "0"],
                         pass_fds=(r, w))
        for root, r, w in ((a.first, read_1, write_2), (a.second, read_2, write_1))
    ]  # fmt: skip
    os.write(write_1, b"x")  # the first goes first; then they alternate
    for fd in (read_1, write_1, read_2, write_2):
        os.close(fd)  # (a child that fails then ends the other's wait: end of file)
    return max(p.wait() for p in procs)


if __name__ == "__main__":
    raise SystemExit(main())
