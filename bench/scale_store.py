"""Grow an ingested store to N postings by copying its rows in SQL (for read benchmarks).

    python bench/scale_store.py bench/out/bench-100k.db bench/out/bench-1m-scaled.db --to 1000000

For measuring **search and jobs latency** at a size the ingest cannot reach in the
time at hand. The source store must come from a real ``otpath ingest`` (so every
derived column - family, role, remote, credentials, pay - is the pipeline's own);
this script copies the file, then inserts copies of its ``postings`` rows (new ``id``
and ``cluster_id`` with a ``~rK`` suffix, everything else unchanged) until there are
``--to`` rows, plus their ``posting_credentials`` rows. The FTS5 index is filled by
the store's own insert trigger, exactly as during ingest. Dedupe tables
(identity keys, LSH bands, signatures, sources) are not copied: search and matching
do not read them. The FTS ``optimize`` (segment merge) is not run unless
``--optimize``, since a freshly ingested store is not optimized either.

Term statistics stay those of the source (each document appears K times), so
per-term posting lists are K times longer, as they would be with K times the data.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path


def scale(src: Path, dst: Path, to: int, *, optimize: bool = False, batch: int = 20000) -> dict:
    if dst.exists():
        for p in dst.parent.glob(dst.name + "*"):
            if p.name in (dst.name, dst.name + "-wal", dst.name + "-shm"):
                p.unlink()
    s = sqlite3.connect(src)
    s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    base = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    if base == 0:
        raise SystemExit(f"{src} has no postings")
    max_seq = conn.execute("SELECT max(seq) FROM postings").fetchone()[0]
    cols = [r[1] for r in conn.execute("PRAGMA table_info(postings)") if r[1] != "seq"]
    sel = ", ".join(
        f"{c} || '~r' || :k" if c in ("id", "cluster_id") else c for c in cols
    )
    pc_cols = [r[1] for r in conn.execute("PRAGMA table_info(posting_credentials)")]
    t0 = time.perf_counter()
    total = base
    k = 0
    while total < to:
        k += 1
        want = min(base, to - total)
        done = 0
        while done < want:
            n = min(batch, want - done)
            conn.execute("BEGIN")
            first_new = conn.execute("SELECT max(seq) FROM postings").fetchone()[0] + 1
            conn.execute(
                f"INSERT INTO postings ({', '.join(cols)}) SELECT {sel} FROM postings"
                f" WHERE seq <= :max ORDER BY seq LIMIT :n OFFSET :off",
                {"k": k, "max": max_seq, "n": n, "off": done},
            )
            # posting_credentials of the copies: same codes as the originals.
            if "posting_seq" in pc_cols:
                other = [c for c in pc_cols if c != "posting_seq"]
                conn.execute(
                    f"INSERT OR IGNORE INTO posting_credentials ({', '.join(other)}, posting_seq)"
                    f" SELECT {', '.join('pc.' + c for c in other)}, np.seq"
                    " FROM postings AS np JOIN postings AS op"
                    "   ON op.id = substr(np.id, 1, length(np.id) - length('~r' || :k))"
                    " JOIN posting_credentials AS pc ON pc.posting_seq = op.seq"
                    " WHERE np.seq >= :first",
                    {"k": k, "first": first_new},
                )
            conn.execute("COMMIT")
            done += n
            total += n
            el = time.perf_counter() - t0
            print(f"  {total:>10,} postings  ({el:.0f} s)", file=sys.stderr, flush=True)
    if optimize:
        conn.execute("INSERT INTO postings_fts(postings_fts) VALUES ('optimize')")
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    conn.close()
    return {"source": str(src), "source_postings": base, "postings": n, "copies": k,
            "seconds": time.perf_counter() - t0, "db_mb": dst.stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="an ingested store")
    ap.add_argument("dst", type=Path, help="the scaled copy to write (replaced)")
    ap.add_argument("--to", type=int, required=True, help="postings wanted in the copy")
    ap.add_argument("--optimize", action="store_true", help="merge FTS segments at the end")
    a = ap.parse_args(argv)
    r = scale(a.src, a.dst, a.to, optimize=a.optimize)
    print(f"{a.dst}: {r['postings']:,} postings from {r['source_postings']:,} "
          f"({r['copies']} copies) in {r['seconds']:.0f} s, {r['db_mb']:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
