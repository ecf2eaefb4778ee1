"""Draw a stratified sample of the NHS adverts for hand labelling.

The NHS file is mostly other professions' jobs, so a plain random sample would
hold few therapy, discharge, moving-and-handling or recruitment posts. This
draws a fixed number per title bucket (seeded, so the draw can be repeated)
and writes the chosen adverts, as plain text, to files *outside* the
repository for the labeller to read. Only our labels are committed
(``tests/data/real/nhs_labels.jsonl``: keys and fields, never the text).

    python scripts/sample_nhs_for_labels.py ../shared/data/real_postings/nhs_jobs_2020.jsonl.gz /tmp/labelling

A second round draws more *tune* adverts only (so the held-out half stays as it was,
never read), skipping those already labelled, with more weight on the paths that are
easy to miss (education, equipment, wellbeing, vocational work, AHP leadership)::

    python scripts/sample_nhs_for_labels.py SRC OUT --round 2 --exclude tests/data/real/nhs_labels.jsonl

Round 3 (and 4, another seed) add other professions' look-alikes: nursing, medical and
science posts whose errors cost relevance precision. Round 5 draws from what the rules
of the day show as relevant (120 paths, 60 clinical), to find the unrelated jobs among them.
Round 6 draws, from the tune half's unlabelled rest, 150 adverts the rules show as clinical
therapy work (the credentials they ask for are the hardest to read) and 110 the rules show
as unrelated whose titles do not plainly name another profession (where paths the rules
miss hide). Round 7 draws the same way again, with another seed. Round 8 draws nursing,
medical, science and admin adverts by title (BUCKETS_ROUND_8). Rounds 9 and 10 are round 6 again (what is left);
round 11 is round 5 again (200 adverts the rules show as relevant, 150 of them paths).

Round 12 enlarges the **held-out** half: round 1's buckets and counts, drawn from held-out
adverts not yet labelled (the tune half had run dry of fresh paths). It is labelled blind,
like round 1, before any figure is read on it, and never tuned on.
"""

from __future__ import annotations

import gzip
import html
import json
import random
import re
from pathlib import Path

from otpath.evaluate import split_of
from otpath.postings.pipeline import html_to_text

BUCKETS: list[tuple[str, str, int]] = [
    # (bucket, title pattern, how many to draw)
    ("therapy", r"occupational therap|physiotherap|speech and language|speech & language|\bSLT\b|"
     r"therapy assistant|technical instructor|rehab|\bOT\b|therapist|therapies", 95),
    ("coordination", r"discharge|co-?ordinator|case manager|continuing (?:health|care)|\bCHC\b|"
     r"navigator|care manager|transfer of care|patient flow|liaison", 60),
    ("handling", r"moving and handling|manual handling|ergonom|back care|health and safety|"
     r"occupational health", 25),
    ("recruitment", r"recruit|resourcing|workforce|talent|\bHR\b|human resources", 40),
    ("it", r"developer|software|\bIT\b|digital|analyst|engineer|data|informatics|cyber|network", 30),
    ("medical", r"consultant|doctor|registrar|\bGP\b|specialty|fellow|physician|surgeon|psychiatr|"
     r"anaesth", 40),
    ("nursing", r"nurse|midwife|sister|health visitor", 40),
    ("science", r"radiograph|sonograph|pharmac|scientist|biomedical|physiolog|paramedic|"
     r"dietitian|podiatr|orthoptist|psycholog", 30),
    ("admin", r"admin|secretary|receptionist|clerk|officer|assistant|manager", 35),
    ("estates", r"estates|porter|domestic|catering|electrician|driver|courier|maintenance", 10),
    ("rest", r"", 25),
]

#: Round 2: tune adverts only, weighted towards the families the first round held few of.
BUCKETS_ROUND_2: list[tuple[str, str, int]] = [
    ("paths", r"practice educat|clinical educat|\beducator\b|training|trainer|equipment|wheelchair|"
     r"vocational|employment|wellbeing|well-being|\bAHP\b|allied health|telecare|reablement|"
     r"assessor|falls|health and safety|moving and handling|manual handling|back care", 60),
    ("therapy", BUCKETS[0][1], 50),
    ("coordination", BUCKETS[1][1], 45),
    ("recruitment", BUCKETS[3][1], 25),
    ("admin", BUCKETS[8][1], 20),
    ("rest", r"", 20),
]

#: Round 3: tune adverts only again, with other professions' look-alikes too (the
#: errors that cost relevance precision are other professions' jobs taken for paths).
BUCKETS_ROUND_3: list[tuple[str, str, int]] = [
    ("paths", BUCKETS_ROUND_2[0][1], 40),
    ("therapy", BUCKETS[0][1], 30),
    ("coordination", BUCKETS[1][1], 40),
    ("recruitment", BUCKETS[3][1], 25),
    ("medical", BUCKETS[5][1], 15),
    ("nursing", BUCKETS[6][1], 20),
    ("science", BUCKETS[7][1], 15),
    ("admin", BUCKETS[8][1], 25),
    ("rest", r"", 15),
]


#: Round 6: titles that plainly name another profession's job (not worth a labeller's time
#: when looking for the paths the rules miss).
OTHER_PROFESSION_TITLES = (
    r"nurs|midwi|doctor|consultant|registrar|\bGP\b|radiograph|pharmac|scientist|psycholog|dent|"
    r"porter|domestic|catering|health ?care assistant|paramedic|sonograph|physician|surgeon|"
    r"fellow|specialty|anaesth|psychiat|theatre|\bODP\b|estates|electric|engineer|finance|"
    r"account|payroll|developer|secretar|receptionist|chef|cleaner|driver|health visitor|"
    r"biomedical|sister|cook|housekeep|medical|analyst|pathology|laborat|podiatr|dietit|"
    r"orthopt|audiolog|perfusion|phlebot|ward clerk|security"
)


#: Round 8: other professions' adverts again (tune half), for the credentials they ask
#: for (RN and MD are most of the credentials in the labels) and for relevance.
BUCKETS_ROUND_8: list[tuple[str, str, int]] = [
    ("nursing", BUCKETS[6][1], 110),
    ("medical", BUCKETS[5][1], 60),
    ("science", BUCKETS[7][1], 40),
    ("admin", BUCKETS[8][1], 50),
]


def bucket_of(title: str, buckets: list[tuple[str, str, int]] = BUCKETS) -> str:
    for name, pattern, _ in buckets:
        if not pattern or re.search(pattern, title, re.I):
            return name
    return "rest"


def main(
    src: str,
    out_dir: str,
    batches: int = 2,
    seed: int = 20261203,
    round_: int = 1,
    exclude: str | None = None,
) -> None:
    buckets = {1: BUCKETS, 2: BUCKETS_ROUND_2, 8: BUCKETS_ROUND_8, 12: BUCKETS}.get(round_, BUCKETS_ROUND_3)
    done: set[str] = set()
    if exclude:
        done = {json.loads(line)["key"] for line in open(exclude, encoding="utf-8") if line.strip()}
    rows = [json.loads(line) for line in gzip.open(src, "rt", encoding="utf-8")]
    by_bucket: dict[str, list[dict]] = {}
    for row in rows:
        key = row["url"].rsplit("/", 1)[-1]
        wanted = "heldout" if round_ == 12 else "tune"
        if key in done or (round_ > 1 and split_of(key) != wanted):
            continue
        by_bucket.setdefault(bucket_of(row["title"], buckets), []).append(row)
    rng = random.Random(seed + round_ - 1)
    chosen: list[tuple[str, dict]] = []
    if round_ in (6, 7, 9, 10):
        from otpath.postings.models import RawPosting
        from otpath.postings.pipeline import process

        plain_other = re.compile(OTHER_PROFESSION_TITLES, re.I)
        shown = {"clinical": [], "unrelated": []}
        for pool in by_bucket.values():
            for row in pool:
                c = process(RawPosting(title=row["title"], description=row.get("description") or "")).classification
                if c.relevant and c.family in ("clinical", "telehealth"):
                    shown["clinical"].append(row)
                elif not c.relevant and not plain_other.search(html.unescape(row["title"])):
                    shown["unrelated"].append(row)
        for name, n in (("clinical", 150), ("unrelated", 110)):
            # The bucket written out is the round's name for both draws: the labeller must not
            # see what the rules show.
            chosen += [(f"round{round_}", r) for r in rng.sample(shown[name], min(n, len(shown[name])))]
    if round_ in (5, 11):
        # Round 5: what today's rules *show* as a path (the errors that cost relevance
        # precision hide there), labelled blind like the others. Tune half only.
        # Round 11 is the same draw over what is left, another seed, and writes the
        # round's name as the bucket (the labeller must not see what the rules show).
        from otpath.postings.models import RawPosting
        from otpath.postings.pipeline import process

        shown: dict[str, list[dict]] = {"path": [], "clinical": []}
        for pool in by_bucket.values():
            for row in pool:
                c = process(RawPosting(title=row["title"], description=row.get("description") or "")).classification
                if c.relevant:
                    shown["clinical" if c.family in ("clinical", "telehealth") else "path"].append(row)
        n_path, n_clinical = (120, 60) if round_ == 5 else (150, 50)
        for name, n in (("path", n_path), ("clinical", n_clinical)):
            picked = rng.sample(shown[name], min(n, len(shown[name])))
            chosen += [(name if round_ == 5 else f"round{round_}", r) for r in picked]
    for name, _, n in buckets if round_ < 5 or round_ in (8, 12) else ():
        pool = by_bucket.get(name, [])
        chosen += [(name, r) for r in rng.sample(pool, min(n, len(pool)))]
    rng.shuffle(chosen)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [open(out / f"batch_{i + 1}.jsonl", "w", encoding="utf-8") for i in range(batches)]
    for i, (name, row) in enumerate(chosen):
        record = {
            "key": row["url"].rsplit("/", 1)[-1],
            "bucket": name,
            "title": row["title"],
            "company": (row.get("hiringOrganization") or {}).get("name"),
            "location": ((row.get("jobLocation") or {}).get("address") or {}).get("addressLocality"),
            "salary": row.get("baseSalary"),
            "employment_type": row.get("employmentType"),
            "text": html_to_text(html.unescape(row.get("description") or "")),
        }
        files[i % batches].write(json.dumps(record, ensure_ascii=False) + "\n")
    for f in files:
        f.close()
    print(f"{len(chosen)} adverts in {batches} batches under {out}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src")
    parser.add_argument("out_dir")
    parser.add_argument("--batches", type=int, default=2)
    parser.add_argument("--round", dest="round_", type=int, default=1, choices=tuple(range(1, 13)))
    parser.add_argument("--exclude", help="a labels JSONL whose keys are not drawn again")
    args = parser.parse_args()
    main(args.src, args.out_dir, batches=args.batches, round_=args.round_, exclude=args.exclude)
