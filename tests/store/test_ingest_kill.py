"""Crash safety: SIGKILL `otpath ingest` mid-way, run it again, nothing is lost or doubled."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from otpath.store import Store

N = 2500
BATCH = 20

WORDS = (
    "review authorization therapy criteria documentation discharge referral caseload payer "
    "appeal denial policy ergonomic workstation training wheelchair seating equipment "
    "vendor territory quota commission curriculum faculty course learner module audit "
    "billing coding compliance telehealth schedule caseworker vocational assessment claim "
    "injury return plan budget staff hiring interview candidate placement contract travel"
).split()


def _write_big_jsonl(path: Path) -> None:
    rnd = random.Random(7)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            words = " ".join(rnd.choice(WORDS) for _ in range(60))
            rec = {
                "id": f"kill-{i}",
                "title": f"Non-clinical role {i}",
                "company": f"Employer {i}",
                "url": f"https://jobs.example/{i}",
                "description": f"Posting {i}. {words}. Requires an OT or PT license.",
            }
            fh.write(json.dumps(rec) + "\n")


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return int(conn.execute("SELECT count(*) FROM postings").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_midway_then_rerun_stores_every_posting_once(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    _write_big_jsonl(big)
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "otpath", "ingest", str(big), "--batch-size", str(BATCH),
           "--db", str(db)]  # fmt: skip

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while _count(db) < 10 * BATCH:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read()!r}")
            if time.monotonic() > deadline:
                pytest.fail("ingest made no progress in 120 s")
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    killed_at = _count(db)
    assert 0 < killed_at < N, "the kill should land mid-way"

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"read {N}," in rerun.stdout

    with Store.open(db) as store:
        assert store.integrity_check() == ["ok"]
        c = store.conn
        assert store.count_postings() == N
        assert c.execute("SELECT count(DISTINCT source_id) FROM postings").fetchone()[0] == N
        assert c.execute("SELECT count(*) FROM posting_sources").fetchone()[0] == N
        orphans = c.execute(
            "SELECT count(*) FROM identity_keys WHERE posting_seq NOT IN (SELECT seq FROM postings)"
        ).fetchone()[0]
        assert orphans == 0
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        fts = c.execute("SELECT count(*) FROM postings_fts WHERE postings_fts MATCH 'posting'")
        assert fts.fetchone()[0] == N
        assert c.execute("SELECT count(*) FROM ingest_files").fetchone()[0] == 1
    # what the first run committed is now "unchanged"
    summary = next(line for line in rerun.stdout.splitlines() if line.startswith("read "))
    unchanged = int(summary.split("unchanged ")[1].split(",")[0])
    assert unchanged >= killed_at
