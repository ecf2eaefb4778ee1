"""Search quality on real postings: precision at 10 for the queries in tests/data/real/.

The real postings live outside the repository (``../shared/data/real_postings``, third-party
text). This script builds a store from them with otpath's own pipeline and store APIs, runs
every query of ``tests/data/real/search_queries.toml`` and scores the top 10 against our
relevance judgements (``tests/data/real/search_judgements.jsonl``: query, posting key,
relevant yes/no; never any posting text).

    # once per version of the code: build the store (a few minutes on two cores)
    python bench/search_quality.py build --db /tmp/sq.db
    # the figures (a markdown table, and what is not judged yet)
    python bench/search_quality.py score --db /tmp/sq.db
    # show the unjudged results of one query, to judge them
    python bench/search_quality.py show --db /tmp/sq.db --query "UR"
    # several scored runs side by side (score --save writes one)
    python bench/search_quality.py table before.json after.json

``--code DIR`` runs against another checkout of otpath (the "before" figures come from
today's main: ``git archive main | tar -x -C /tmp/otpath_main`` then
``--code /tmp/otpath_main``); only APIs that existed before this script are used for
building and searching, so both versions run the same steps.

A posting's key: ``nhs:<vacancy number>`` (the end of the advert's URL), ``dev_a:<id>`` or
``dev_b:<id>`` (the hand-labelled files' ids), ``jobspy:<file name>:<line>``.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "real_postings"
QUERIES = REPO / "tests" / "data" / "real" / "search_queries.toml"
JUDGEMENTS = REPO / "tests" / "data" / "real" / "search_judgements.jsonl"
TOP = 10


def _use_code(code: str | None) -> None:
    if code:
        sys.path.insert(0, str(Path(code).resolve()))


# -- building the store ----------------------------------------------------------------


def _nhs(path: Path) -> Iterator[Any]:
    from otpath.postings.models import RawPosting

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            doc = json.loads(line)
            key = str(doc.get("url", "")).rsplit("/", 1)[-1]
            org = doc.get("hiringOrganization") or {}
            place = (doc.get("jobLocation") or {}).get("address") or {}
            yield RawPosting(
                title=doc.get("title") or "",
                # NHS Jobs escapes the description's HTML once more.
                description=html.unescape(doc.get("description") or ""),
                company=org.get("name") if isinstance(org, dict) else None,
                location=place.get("addressLocality") if isinstance(place, dict) else None,
                url=doc.get("url"),
                source_id=f"nhs:{key}",
                site="nhs_jobs",
                pay_currency=(doc.get("baseSalary") or {}).get("currency"),
                origin_file=path.name,
                origin_line=lineno,
            )


def _labelled(path: Path) -> Iterator[Any]:
    from otpath.postings.models import RawPosting

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        doc = json.loads(line)
        yield RawPosting(
            title=doc.get("title") or "",
            description=doc.get("text") or "",
            company=doc.get("company"),
            location=doc.get("location"),
            source_id=f"{path.stem}:{doc['id']}",
            site=path.stem,
            origin_file=path.name,
            origin_line=lineno,
        )


def _jobspy(folder: Path) -> Iterator[Any]:
    from otpath.postings.sources import iter_postings

    for path in sorted(folder.glob("*.csv")):
        errors: list[Any] = []
        try:
            for raw in iter_postings([path], errors=errors):
                key = f"jobspy:{path.name}:{raw.origin_line}"
                yield raw.model_copy(update={"source_id": key, "site": "jobspy", "url": None})
        except Exception as exc:  # a malformed export is part of the folder on purpose
            print(f"skipped {path.name}: {exc}", file=sys.stderr)


def build(db: Path, shared: Path) -> None:
    from otpath.ingest import ingest_records
    from otpath.store import Store

    if db.exists():
        raise SystemExit(f"{db} exists; remove it first")
    started = time.perf_counter()
    with Store.open(db) as store:
        for name, records in (
            ("dev_a", _labelled(shared / "dev_a.jsonl")),
            ("dev_b", _labelled(shared / "dev_b.jsonl")),
            ("jobspy", _jobspy(shared / "jobspy")),
            ("nhs", _nhs(shared / "nhs_jobs_2020.jsonl.gz")),
        ):
            report = ingest_records(store, records)
            print(f"{name}: read {report.read}, new {report.new}, duplicates"
                  f" {report.duplicates}, rejected {len(report.rejected)}", file=sys.stderr)
        total = store.count_postings()
    print(f"{total} postings in {db} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


# -- running and scoring ---------------------------------------------------------------


def load_queries(path: Path = QUERIES) -> list[dict[str, str]]:
    with path.open("rb") as fh:
        return list(tomllib.load(fh)["queries"])


def load_judgements(path: Path = JUDGEMENTS) -> dict[tuple[str, str], bool]:
    out: dict[tuple[str, str], bool] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out[(doc["query"], doc["key"])] = bool(doc["relevant"])
    return out


def top_keys(
    store: Any, text: str, *, top: int = TOP, relevant_only: bool = False
) -> list[dict[str, Any]]:
    """The top results of ``text`` as a default search shows them: key, title, snippet.

    ``relevant_only`` leaves out other professions' jobs, as the web page and the API
    (and, since this change, ``otpath search``) do by default."""
    from otpath.search import SearchQuery, get_posting, search

    page = search(store, SearchQuery(q=text, per_page=top, relevant_only=relevant_only))
    out = []
    for item in page.items:
        posting = get_posting(store, item.id)
        out.append({"key": posting.source_id or item.id, "title": item.title,
                    "company": item.company, "family": item.family, "snippet": item.snippet})
    return out


def run(db: Path, *, relevant_only: bool = False) -> dict[str, list[dict[str, Any]]]:
    from otpath.store import Store

    with Store.open(db) as store:
        return {
            q["text"]: top_keys(store, q["text"], relevant_only=relevant_only)
            for q in load_queries()
        }


def score(results: dict[str, list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], int]:
    """Per query: results returned, relevant among the top 10, P@10; and the unjudged count."""
    judged = load_judgements()
    rows, unjudged = [], 0
    for q in load_queries():
        hits = results.get(q["text"], [])
        relevant = 0
        for hit in hits:
            verdict = judged.get((q["text"], hit["key"]))
            if verdict is None:
                unjudged += 1
            relevant += bool(verdict)
        rows.append({"query": q["text"], "kind": q["kind"], "returned": len(hits),
                     "relevant": relevant, "p10": relevant / TOP})
    return rows, unjudged


def table(runs: list[dict[str, Any]]) -> str:
    """Markdown: P@10 of each query in each run, then the mean by kind and overall."""
    head = "| query | kind | " + " | ".join(r["label"] for r in runs) + " |"
    lines = [head, "|---|---|" + "---:|" * len(runs)]
    for i, row in enumerate(runs[0]["rows"]):
        cells = [f"{r['rows'][i]['p10']:.1f} ({r['rows'][i]['returned']})" for r in runs]
        lines.append(f"| `{row['query']}` | {row['kind']} | " + " | ".join(cells) + " |")
    kinds = sorted({row["kind"] for row in runs[0]["rows"]})
    lines += ["", "| kind | queries | " + " | ".join(r["label"] for r in runs) + " |",
              "|---|---:|" + "---:|" * len(runs)]
    for kind in [*kinds, "all"]:
        picked = [i for i, row in enumerate(runs[0]["rows"]) if kind in ("all", row["kind"])]
        means = [sum(r["rows"][i]["p10"] for i in picked) / len(picked) for r in runs]
        lines.append(f"| {kind} | {len(picked)} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=["build", "run", "score", "show", "table"])
    ap.add_argument("files", nargs="*", type=Path, help="table: scores saved by score --save")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--code", help="another otpath checkout to run (the 'before' figures)")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--query", help="show: only this query")
    ap.add_argument("--out", type=Path, help="run: write the results as JSON here")
    ap.add_argument("--save", type=Path, help="score: also save the scores as JSON here")
    ap.add_argument("--label", default="", help="score --save: the column's name")
    ap.add_argument("--relevant-only", action="store_true",
                    help="leave out other professions' jobs (the web's default, and the CLI's"
                    " since this change)")
    args = ap.parse_args(argv)
    if args.action == "table":
        print(table([json.loads(f.read_text(encoding="utf-8")) for f in args.files]))
        return 0
    if args.db is None:
        ap.error("--db is needed")
    _use_code(args.code)
    if args.action == "build":
        if not (args.shared / "nhs_jobs_2020.jsonl.gz").is_file():
            raise SystemExit(f"no real postings in {args.shared} (development checkouts only)")
        build(args.db, args.shared)
        return 0
    results = run(args.db, relevant_only=args.relevant_only)
    if args.action == "run":
        text = json.dumps(results, indent=1, ensure_ascii=False)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0
    if args.action == "show":
        judged = load_judgements()
        for q in load_queries():
            if args.query and q["text"] != args.query:
                continue
            print(f"\n## {q['text']!r}: {q['intent']}")
            for i, hit in enumerate(results[q["text"]], start=1):
                mark = {True: "yes", False: "no "}.get(judged.get((q["text"], hit["key"])), "?  ")
                print(f" {i:2} {mark} {hit['key']:<34} {hit['title'][:60]!r} [{hit['family']}]"
                      f" {(hit['company'] or '')[:30]!r}")
                print(f"       {' '.join(hit['snippet'].split())[:220]}")
        return 0
    rows, unjudged = score(results)
    if args.save:
        args.save.write_text(json.dumps({"label": args.label or str(args.db), "rows": rows}),
                             encoding="utf-8")
    print("| query | kind | returned | relevant in top 10 | P@10 |")
    print("|---|---|---:|---:|---:|")
    for r in rows:
        print(f"| `{r['query']}` | {r['kind']} | {r['returned']} | {r['relevant']} |"
              f" {r['p10']:.1f} |")
    mean = sum(r["p10"] for r in rows) / len(rows)
    print(f"\nmean P@10 over {len(rows)} queries: {mean:.3f}")
    if unjudged:
        print(f"{unjudged} results are not judged yet (counted as not relevant)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
