"""Helpers shared by the benchmark scripts (not a test module, not part of otpath)."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"

if str(REPO) not in sys.path:  # run as `python bench/x.py` from a checkout
    sys.path.insert(0, str(REPO))


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by the nearest-rank method; 0.0 for no values."""
    if not values:
        return 0.0
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def proc_mb(pid: int | str, *keys: str, file: str = "status") -> tuple[float, ...]:
    """Values of ``keys`` ("VmRSS", "VmHWM", "Pss"...) in /proc/PID/FILE, in MB.

    0.0 for a key not found, or for all of them when the process is gone.
    """
    found = dict.fromkeys(keys, 0.0)
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in found:
                    found[key] = int(rest.split()[0]) / 1024.0
    except (OSError, ValueError):
        pass
    return tuple(found[k] for k in keys)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (pool workers, a server's forked workers)."""
    out = [pid]
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    for k in kids:
        out += process_tree(int(k))
    return out


def peak_rss_mb() -> float:
    """This process's own peak resident set size in MB (VmHWM, else ru_maxrss)."""
    (hwm,) = proc_mb("self", "VmHWM")
    return hwm or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def current_rss_mb() -> float:
    (rss,) = proc_mb("self", "VmRSS")
    return rss


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict[str, object]:
    """What the figures were measured on."""
    lscpu = _run(["lscpu"])
    model = next((ln.split(":", 1)[1].strip() for ln in lscpu.splitlines()
                  if ln.startswith("Model name")), platform.processor())
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "mem_total_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "disk_free_gb": round(shutil.disk_usage(str(BENCH_DIR)).free / 2**30, 1),
    }


def emit(result: dict, json_out: str | Path | None) -> None:
    """Write ``result`` as JSON to ``json_out`` (when given)."""
    if json_out:
        p = Path(json_out)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


def fmt_ms(x: float) -> str:
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
