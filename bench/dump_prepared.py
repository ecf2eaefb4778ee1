"""Dump the pipeline's whole answer for every real posting, to diff before/after a speed change.

    python bench/dump_prepared.py --out /tmp/before.jsonl
    ... change the code ...
    python bench/dump_prepared.py --out /tmp/after.jsonl --against /tmp/before.jsonl

Reads the NHS file and the JobSpy CSVs of ``../shared/data/real_postings`` (a
development checkout; the script says so and exits 0 when it is absent) with the
real readers, runs :func:`otpath.postings.pipeline.prepare` on each record and
writes one JSON line per record: the posting (classification, requirements with
evidence, text, HTML, id), the normalised title, identity keys, MinHash signature
and LSH bands. ``--against`` compares with an earlier dump and exits 1 on the
first difference, naming the record and the field. Speed work must leave this
output byte-identical; rule changes show up here as a diff to review.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "real_postings"


def inputs(root: Path) -> list[Path]:
    return [root / "nhs_jobs_2020.jsonl.gz", *sorted((root / "jobspy").glob("*.csv"))]


def dump(paths: list[Path], out: Path, limit: int | None = None) -> tuple[int, str]:
    from otpath.postings.pipeline import prepare
    from otpath.postings.sources import iter_postings

    h = hashlib.sha256()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in paths:
            errors: list = []
            for raw in iter_postings([path], errors=errors):
                if limit is not None and n >= limit:
                    break
                p = prepare(raw)
                row = {
                    "file": path.name,
                    "line": raw.origin_line,
                    "posting": p.posting.model_dump(mode="json"),
                    "title_norm": p.title_norm,
                    "identity_keys": list(p.identity_keys),
                    "signature": p.signature,
                    "bands": list(p.bands),
                }
                line = json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n"
                h.update(line.encode())
                fh.write(line)
                n += 1
            for err in errors:
                line = json.dumps({"file": path.name, "reader_error": str(err)}, sort_keys=True) + "\n"
                h.update(line.encode())
                fh.write(line)
    return n, h.hexdigest()


def compare(new: Path, old: Path) -> int:
    with new.open(encoding="utf-8") as a, old.open(encoding="utf-8") as b:
        for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
            if x != y:
                rx, ry = json.loads(x), json.loads(y)
                where = f"{rx.get('file')}:{rx.get('line')}"
                fields = sorted(k for k in set(rx) | set(ry) if rx.get(k) != ry.get(k))
                if "posting" in fields:
                    px, py = rx["posting"], ry["posting"]
                    fields += [f"posting.{k}" for k in sorted(set(px) | set(py)) if px.get(k) != py.get(k)]
                print(f"DIFFERENT at record {i} ({where}): {', '.join(fields)}")
                return 1
    if sum(1 for _ in new.open()) != sum(1 for _ in old.open()):
        print("DIFFERENT: not the same number of records")
        return 1
    print(f"identical: {i:,} lines (one a record or a reader error)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--against", type=Path, default=None, help="an earlier dump to compare with")
    ap.add_argument("--root", type=Path, default=REAL, help="the real postings folder")
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args(argv)
    if not (a.root / "nhs_jobs_2020.jsonl.gz").exists():
        print(f"skipped: {a.root} is not here (a development checkout of ../shared)")
        return 0
    n, digest = dump(inputs(a.root), a.out, a.limit)
    print(f"{n:,} records -> {a.out} (sha256 {digest})")
    return compare(a.out, a.against) if a.against else 0


if __name__ == "__main__":
    raise SystemExit(main())
