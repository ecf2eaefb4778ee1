"""Expand a real JSON-LD postings file (the NHS adverts) to N real-like postings.

    python bench/expand_real.py ../shared/data/real_postings/nhs_jobs_2020.jsonl.gz \\
        --count 1000000 --out bench/out/nhs-1m.jsonl.gz

The first pass writes every input line as it is; pass ``k`` (1, 2, ...) writes each
record again, varied so that it is neither the same posting nor a near duplicate
of another, while its text stays the real adverts' text (the pipeline does the
same work on it as on real postings, and its line caches hit no more often):

* ids: the URL (and ``identifier``) get a ``-k`` suffix, so identity keys differ;
* title: ``" (<site word> Site <n>)"`` is appended (``n`` and the word from ``k``),
  so the normalised title, which scopes near-duplicate bands, differs by pass;
* employer and place: the employer's name gets the same site word; the locality is
  another record's (the file's own place names, rotated by ``k``);
* text: the description's lines are rotated by ``k``, one line of another record
  is added, and in every line two neighbouring words are swapped at a position
  chosen from ``k`` (a cached line of the original never matches again).

Output is JSONL, gzip-compressed (level 1) when ``--out`` ends in ``.gz``. The output
holds third-party text: it belongs in ``bench/out/`` or ``/tmp``, never in git.
Deterministic: the same input and ``--count`` give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO

# Our own words (no third-party text).
_SITE_WORDS = (
    "North", "South", "East", "West", "Central", "Riverside", "Hillside", "Parkway",
    "Meadow", "Harbour", "Valley", "Bridge", "Forest", "Lakeside", "Castle", "Market",
)  # fmt: skip


def _open_in(path: Path) -> BinaryIO:
    with path.open("rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")  # type: ignore[return-value]


def _open_out(path: Path) -> BinaryIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        return gzip.open(path, "wb", compresslevel=1)  # type: ignore[return-value]
    return path.open("wb")


def _swap_words(line: str, salt: int) -> str:
    """Swap two neighbouring plain words (letters only: tags and entities stay whole)."""
    words = line.split(" ")
    spots = [i for i in range(len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()]
    if not spots:
        return line
    i = spots[salt % len(spots)]
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def _locality(rec: dict[str, Any]) -> str | None:
    loc = rec.get("jobLocation")
    if isinstance(loc, list):
        loc = loc[0] if loc else None
    if isinstance(loc, dict) and isinstance(loc.get("address"), dict):
        value = loc["address"].get("addressLocality")
        return value if isinstance(value, str) else None
    return None


def vary(rec: dict[str, Any], k: int, j: int, other: dict[str, Any], place: str | None) -> dict[str, Any]:
    """Record ``j`` of the input, as written by pass ``k`` (>= 1)."""
    rec = json.loads(json.dumps(rec))  # a deep copy
    word = _SITE_WORDS[k % len(_SITE_WORDS)]
    n = k // len(_SITE_WORDS) + 1
    if isinstance(rec.get("url"), str):
        rec["url"] = f"{rec['url']}-{k}"
    if rec.get("identifier") is not None:
        ident = rec["identifier"]
        if isinstance(ident, dict) and "value" in ident:
            ident["value"] = f"{ident['value']}-{k}"
        elif isinstance(ident, str | int):
            rec["identifier"] = f"{ident}-{k}"
    if isinstance(rec.get("title"), str):
        rec["title"] = f"{rec['title']} ({word} Site {n})"
    org = rec.get("hiringOrganization")
    if isinstance(org, dict) and isinstance(org.get("name"), str):
        org["name"] = f"{org['name']} {word}"
    loc = rec.get("jobLocation")
    if place and isinstance(loc, dict) and isinstance(loc.get("address"), dict):
        loc["address"]["addressLocality"] = place
    desc = rec.get("description")
    if isinstance(desc, str) and desc:
        lines = desc.split("\n")
        r = k % len(lines)
        lines = lines[r:] + lines[:r]
        extra = other.get("description")
        if isinstance(extra, str) and extra:
            more = [ln for ln in extra.split("\n") if ln.strip()]
            if more:
                lines.insert(k % (len(lines) + 1), more[(j + k) % len(more)])
        salt = zlib.crc32(f"{k}:{j}".encode())
        rec["description"] = "\n".join(_swap_words(ln, salt + i) for i, ln in enumerate(lines))
    return rec


def expand(src: Path, out: Path, count: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    with _open_in(src) as fh:
        lines = [ln for ln in fh.read().splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]
    places = [p for p in (_locality(r) for r in records) if p]
    n = len(records)
    written = 0
    with _open_out(out) as dst:
        k = 0
        while written < count:
            for j in range(n):
                if written >= count:
                    break
                if k == 0:
                    dst.write(lines[j] + b"\n")
                else:
                    other = records[(j * 7 + k * 31 + 1) % n]
                    place = places[(j + k * 7919) % len(places)] if places else None
                    rec = vary(records[j], k, j, other, place)
                    dst.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
                written += 1
            k += 1
            print(f"  ... {written:,} written", file=sys.stderr, flush=True)
    return {"input": str(src), "input_records": n, "out": str(out), "written": written,
            "passes": k, "seconds": time.perf_counter() - t0, "out_mb": out.stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="JSON-LD JobPosting lines, plain or gzip")
    ap.add_argument("--count", type=int, required=True, help="postings to write")
    ap.add_argument("--out", type=Path, required=True, help="output JSONL (.gz: compressed)")
    args = ap.parse_args(argv)
    print(json.dumps(expand(args.src, args.out, args.count)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
