"""Search and job-matching latency on a store (warm, in-process).

    python bench/bench_search.py --db bench/out/bench-1m.db

* ``otpath.search.search`` over a fixed set of 28 queries: single words, phrases,
  hostile strings (FTS5 syntax, quotes, SQL, emoji, a 2,000-character word) and
  structured filters (family, remote, credential, min_pay, posted_within, company,
  deep pages), with and without text. Each query runs once untimed (warm-up), then
  ``--repeat`` times (default 10); p50/p95/max are over every timed call, and per query.
* ``otpath.match.jobs_for_profile`` for 6 fixed profiles (COTA remote, PT hybrid, OT
  entrepreneur, SLP, PTA, and COTA remote with a text query), same method.

Each timed call includes building the ``SearchQuery`` (its validation), as a request
does. Targets (at 1M postings): search p95 <= 50 ms, jobs p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import emit, fmt_ms, machine_info, percentile  # noqa: E402

# (label, SearchQuery keyword arguments)
QUERIES: list[tuple[str, dict]] = [
    # single words
    ("word: utilization", {"q": "utilization"}),
    ("word: ergonomics", {"q": "ergonomics"}),
    ("word: recruiter", {"q": "recruiter"}),
    ("word: InterQual", {"q": "InterQual"}),
    ("word: COTA", {"q": "COTA"}),
    ("common word: therapy", {"q": "therapy"}),
    ("common word: experience", {"q": "experience"}),
    # phrases
    ("phrase: utilization review", {"q": "utilization review"}),
    ('phrase: "prior authorization"', {"q": '"prior authorization"'}),
    ("phrase: kids gym franchise", {"q": "kids gym franchise"}),
    ("phrase: care coordination remote", {"q": "care coordination remote"}),
    # hostile text
    ("hostile: NEAR(", {"q": "NEAR("}),
    ("hostile: title:foo", {"q": "title:foo OR description_text:*"}),
    ('hostile: lone "', {"q": '"'}),
    ("hostile: SQL", {"q": "' OR 1=1; DROP TABLE postings; --"}),
    ("hostile: emoji/accents", {"q": "\U0001F642 thérapie ergonomía"}),
    ("hostile: 2000-char word", {"q": "a" * 2000}),
    ("hostile: ((((*^", {"q": "((((* ^ AND OR NOT -"}),
    # filters without text
    ("filter: remote=remote", {"remote": "remote"}),
    ("filter: family=utilization_management", {"family": "utilization_management"}),
    ("filter: credential=COTA", {"credential": "COTA"}),
    ("filter: min_pay=90000", {"min_pay": 90000}),
    ("filter: posted_within=7d", {"posted_within": "7d"}),
    ("filter: company", {"company": "Summit Health Partners"}),
    # text + filters
    ("q+filters: review UM remote COTA 14d",
     {"q": "review", "family": "utilization_management", "remote": "remote",
      "credential": "COTA", "posted_within": "14d"}),
    ("q+filters: ergonomics hybrid min_pay",
     {"q": "ergonomics", "remote": "hybrid", "min_pay": 60000}),
    ("q+filters: therapist page 20", {"q": "therapist", "page": 20}),
    ("filters: remote OT 30d page 50",
     {"remote": "remote", "credential": "OT", "posted_within": "30d", "page": 50}),
]

# (label, Profile kwargs, SearchQuery kwargs or None)
PROFILES: list[tuple[str, dict, dict | None]] = [
    ("COTA remote", {"credentials": ["COTA"], "years_experience": 4,
                     "settings": ["snf", "home_health"], "skills": ["ICD-10"],
                     "preferences": {"remote": "required", "patient_interaction": "none"}}, None),
    ("PT hybrid", {"credentials": ["PT"], "years_experience": 8, "settings": ["outpatient"],
                   "preferences": {"remote": "preferred", "patient_interaction": "low"}}, None),
    ("OT entrepreneur", {"credentials": ["OTR/L"], "years_experience": 12,
                         "settings": ["pediatrics", "schools"],
                         "preferences": {"entrepreneurship": True, "pay_model": "business",
                                         "remote": "no_preference"}}, None),
    ("SLP", {"credentials": ["CCC-SLP"], "years_experience": 6, "settings": ["schools"],
             "preferences": {"remote": "preferred"}}, None),
    ("PTA", {"credentials": ["PTA"], "years_experience": 3, "settings": ["snf"]}, None),
    ("COTA remote + q=utilization review",
     {"credentials": ["COTA"], "years_experience": 4, "settings": ["snf"],
      "preferences": {"remote": "required"}}, {"q": "utilization review"}),
]


def _time(fn, repeat: int, budget_s: float) -> tuple[list[float], float, object]:
    """Warm-up call, then ``repeat`` timed calls, fewer (at least 2) when the calls
    would take more than ``budget_s`` seconds in all (at least 1): a pathological query must not
    stall the run for half an hour. Its samples then stand for fewer calls."""
    t0 = time.perf_counter()
    out = fn()  # warm-up, timed separately
    first = (time.perf_counter() - t0) * 1000
    n = repeat if first / 1000 * repeat <= budget_s else max(1, int(budget_s * 1000 // first))
    samples = []
    for _ in range(min(n, repeat)):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, first, out


def run(db: Path, *, repeat: int = 10, per_page: int = 20, jobs_limit: int = 50,
        only: str | None = None, budget_s: float = 60.0) -> dict:
    from otpath.match import jobs_for_profile
    from otpath.profile import Profile
    from otpath.search import SearchQuery, search
    from otpath.store import Store

    result: dict = {"db": str(db), "repeat": repeat, "machine": machine_info(),
                    "loadavg_start": os.getloadavg()}
    with Store.open(db) as store:
        result["postings"] = store.count_postings()
        rows = []
        all_samples: list[float] = []
        for label, kw in QUERIES if only != "jobs" else ():
            kw = {"per_page": per_page, **kw}

            def call(kw=kw):
                return search(store, SearchQuery(**kw))

            samples, first, page = _time(call, repeat, budget_s)
            all_samples += samples
            rows.append({"label": label, "total": page.total, "first_ms": first,
                         "calls": len(samples),
                         "p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95),
                         "max_ms": max(samples)})
        result["search"] = {} if only == "jobs" else {
            "repeat": repeat,
            "queries": rows,
            "calls": len(all_samples),
            "p50_ms": percentile(all_samples, 50),
            "p95_ms": percentile(all_samples, 95),
            "max_ms": max(all_samples),
        }
        jrows = []
        if only == "search":
            result["jobs"] = {}
            result["loadavg_end"] = os.getloadavg()
            return result
        j_samples: list[float] = []
        for label, pkw, qkw in PROFILES:
            profile = Profile(**pkw)

            def jcall(profile=profile, qkw=qkw):
                q = SearchQuery(**qkw) if qkw else None
                return jobs_for_profile(store, profile, query=q, limit=jobs_limit)

            samples, first, verdicts = _time(jcall, repeat, budget_s)
            j_samples += samples
            jrows.append({"label": label, "results": len(verdicts), "first_ms": first,
                          "calls": len(samples),
                          "p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95),
                          "max_ms": max(samples)})
        result["jobs"] = {
            "repeat": repeat,
            "profiles": jrows,
            "calls": len(j_samples),
            "p50_ms": percentile(j_samples, 50),
            "p95_ms": percentile(j_samples, 95),
            "max_ms": max(j_samples),
        }
    result["loadavg_end"] = os.getloadavg()
    return result


def report(result: dict) -> str:
    s, j = result["search"], result["jobs"]
    w = max(len(r["label"]) for r in s.get("queries", []) + j.get("profiles", []))
    out = [f"store {result['db']}: {result['postings']:,} postings; each call warm-up + "
           f"{result['repeat']} timed; load average {result['loadavg_start'][0]:.2f}", ""]
    if s:
        out += search_lines(s, w)
    if j:
        out += jobs_lines(j, w)
    return "\n".join(out)


def result_repeat(part: dict) -> int:
    return int(part.get("repeat", 0))


def search_lines(s: dict, w: int) -> list[str]:
    out = [f"{'search query':<{w}}  {'hits':>9}  {'first':>8}  {'p50 ms':>8}  {'p95 ms':>8}  "
           f"{'max ms':>8}"]
    for r in s["queries"]:
        few = f"  ({r['calls']} calls)" if r.get("calls", 0) < result_repeat(s) else ""
        out.append(f"{r['label']:<{w}}  {r['total']:>9,}  {fmt_ms(r['first_ms']):>8}  "
                   f"{fmt_ms(r['p50_ms']):>8}  {fmt_ms(r['p95_ms']):>8}  {fmt_ms(r['max_ms']):>8}"
                   + few)
    out.append(f"search: {s['calls']} calls  p50 {fmt_ms(s['p50_ms'])} ms  p95 "
               f"{fmt_ms(s['p95_ms'])} ms  max {fmt_ms(s['max_ms'])} ms  (target p95 <= 50 ms at 1M)")
    return [*out, ""]


def jobs_lines(j: dict, w: int) -> list[str]:
    out = [f"{'jobs_for_profile':<{w}}  {'results':>9}  {'first':>8}  {'p50 ms':>8}  "
            f"{'p95 ms':>8}  {'max ms':>8}"]
    for r in j["profiles"]:
        few = f"  ({r['calls']} calls)" if r.get("calls", 0) < result_repeat(j) else ""
        out.append(f"{r['label']:<{w}}  {r['results']:>9,}  {fmt_ms(r['first_ms']):>8}  "
                   f"{fmt_ms(r['p50_ms']):>8}  {fmt_ms(r['p95_ms']):>8}  {fmt_ms(r['max_ms']):>8}"
                   + few)
    out.append(f"jobs: {j['calls']} calls  p50 {fmt_ms(j['p50_ms'])} ms  p95 "
               f"{fmt_ms(j['p95_ms'])} ms  max {fmt_ms(j['max_ms'])} ms  (target p95 <= 200 ms at 1M)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an ingested store")
    ap.add_argument("--repeat", type=int, default=10, help="timed calls per query (default 10)")
    ap.add_argument("--per-page", type=int, default=20)
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds of timed calls per query at most (fewer repeats, min 1)")
    ap.add_argument("--jobs-limit", type=int, default=50)
    ap.add_argument("--only", choices=("search", "jobs"), default=None,
                    help="run only the search queries or only the profiles")
    ap.add_argument("--cprofile", default=None, help="profile the whole run to this .prof file")
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args(argv)
    if not args.db.exists():
        ap.error(f"no store at {args.db}; run bench/bench_ingest.py first")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.cprofile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    result = run(args.db, repeat=args.repeat, per_page=args.per_page, jobs_limit=args.jobs_limit,
                 only=args.only, budget_s=args.budget)
    if args.cprofile:
        prof.disable()
        prof.dump_stats(args.cprofile)
        with open(args.cprofile + ".txt", "w") as fh:
            pstats.Stats(prof, stream=fh).sort_stats("cumulative").print_stats(40)
    print(report(result))
    emit(result, args.json_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
