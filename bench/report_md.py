"""Markdown tables from the benchmark JSON files, for docs/benchmarks.md.

    python bench/report_md.py bench/out/search-100k.json bench/out/ingest-100k.json ...

Recognises each file by its content (ingest, search, web, pipeline) and prints one
table per file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _ms(x: float) -> str:
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def ingest_md(d: dict) -> str:
    i = d["ingest"]
    f = d.get("floor", {})
    rows = [
        ("records read", f"{i['read']:,}"),
        ("new / duplicates / unchanged / rejected",
         f"{i['new']:,} / {i['duplicates']:,} / {i['unchanged']:,} / {i['rejected']:,}"),
        ("json.loads floor", f"{f.get('per_s', 0):,.0f} lines/s"),
        ("ingest throughput", f"**{i['per_s']:,.0f} postings/s**"),
        ("floor / ingest", f"{d.get('ratio_floor_over_ingest', 0):,.0f}x"),
        ("ingest time (wall, process)", f"{i['process_wall_seconds']:,.0f} s "
         f"(CPU {i['child_cpu_seconds']:,.0f} s)"),
        (f"peak RSS, all {i.get('processes', 1)} ingest processes (sampled sum)",
         f"**{i.get('peak_tree_rss_mb', i['peak_rss_mb']):,.0f} MB**"),
        ("peak PSS, all ingest processes (shared pages counted once)",
         f"{i['peak_tree_pss_mb']:,.0f} MB" if i.get("peak_tree_pss_mb") else "not measured"),
        ("peak RSS, main process alone (VmHWM)", f"{i['peak_rss_mb']:,.0f} MB "
         f"({i['rss_after_import_mb']:,.0f} MB after imports)"),
        ("store on disk", f"{i['db_mb']:,.0f} MB"),
    ]
    la = d.get("loadavg_end")
    if la:
        rows.append(("load average at the end (1/5/15 min)", " / ".join(f"{x:.1f}" for x in la)))
    return "| measure | value |\n|---|---:|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def search_md(d: dict) -> str:
    out = []
    s, j = d.get("search") or {}, d.get("jobs") or {}
    if s:
        out.append("| search query | hits | first ms | p50 ms | p95 ms | max ms | timed calls |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for r in s["queries"]:
            out.append(f"| {r['label'].replace('|', '/')} | {r['total']:,} | {_ms(r['first_ms'])} | "
                       f"{_ms(r['p50_ms'])} | {_ms(r['p95_ms'])} | {_ms(r['max_ms'])} | "
                       f"{r.get('calls', d.get('repeat'))} |")
        out.append(f"| **all {s['calls']} calls** | | | **{_ms(s['p50_ms'])}** | "
                   f"**{_ms(s['p95_ms'])}** | **{_ms(s['max_ms'])}** | |")
        out.append("")
    if j:
        out.append("| jobs_for_profile | results | first ms | p50 ms | p95 ms | max ms | timed calls |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for r in j["profiles"]:
            out.append(f"| {r['label']} | {r['results']:,} | {_ms(r['first_ms'])} | "
                       f"{_ms(r['p50_ms'])} | {_ms(r['p95_ms'])} | {_ms(r['max_ms'])} | "
                       f"{r.get('calls', d.get('repeat'))} |")
        out.append(f"| **all {j['calls']} calls** | | | **{_ms(j['p50_ms'])}** | "
                   f"**{_ms(j['p95_ms'])}** | **{_ms(j['max_ms'])}** | |")
    return "\n".join(out)


def web_md(d: dict) -> str:
    ld = d["load"]
    out = [
        f"{ld['clients']} clients for {ld['duration_s']:.0f} s against {d['postings']:,} postings: "
        f"**{ld['requests']:,} requests, {ld['rps']:,.1f} req/s, {ld['failures']} failures** "
        f"(status {ld['status_codes']}" + (f", exceptions {ld['exceptions']}" if ld["exceptions"]
                                           else "") + f"); server peak RSS "
        f"{d['server_peak_rss_mb']:,.0f} MB.",
        "",
        "| page kind | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for k, v in ld["by_kind"].items():
        out.append(f"| {k} | {v['requests']:,} | {v['failures']} | {_ms(v['p50_ms'])} | "
                   f"{_ms(v['p95_ms'])} | {_ms(v['p99_ms'])} | {_ms(v['max_ms'])} |")
    out.append(f"| **all** | **{ld['requests']:,}** | **{ld['failures']}** | "
               f"**{_ms(ld['p50_ms'])}** | **{_ms(ld['p95_ms'])}** | **{_ms(ld['p99_ms'])}** | "
               f"**{_ms(ld['max_ms'])}** |")
    return "\n".join(out)


def pipeline_md(d: dict) -> str:
    out = ["| stage | us/record | share |", "|---|---:|---:|"]
    for k, v in sorted(d["stages_us"].items(), key=lambda x: -x[1]):
        out.append(f"| {k} | {v:,.0f} | {d['stages_share'][k]:.0%} |")
    out.append(f"| **sum** | **{d['sum_us']:,.0f}** | |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    for name in argv if argv is not None else sys.argv[1:]:
        d = json.loads(Path(name).read_text())
        print(f"<!-- {name} -->")
        if "ingest" in d and "floor" in d or "ingest" in d and "data" in d:
            print(ingest_md(d))
        elif "search" in d or "jobs" in d:
            print(search_md(d))
        elif "load" in d:
            print(web_md(d))
        elif "stages_us" in d:
            print(pipeline_md(d))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
