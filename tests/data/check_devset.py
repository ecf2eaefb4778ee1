"""Check the labelled development set and the bundled sample postings.

Run from the repository root::

    .venv/bin/python tests/data/check_devset.py

It checks that every line parses, ids are unique, label values are in the
allowed sets, roles belong to their family, every family appears in both
splits, and the sample file has no labels. It then prints the per-family
counts as a Markdown table (pasted into ``tests/data/README.md``).
Exit status 1 on any problem.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
SAMPLES = ROOT / "otpath" / "data" / "sample_postings.jsonl"

ROLES: dict[str, tuple[str, ...]] = {
    "utilization_management": ("utilization_review", "pre_service_coordinator"),
    "care_coordination": (
        "skilled_inpatient_care_coordinator",
        "cross_market_care_coordinator",
        "transitional_care_coordinator",
        "home_health_care_coordinator",
    ),
    "recruiting": ("recruiter",),
    "ergonomics": ("office_ergonomics", "industrial_ergonomics"),
    "kids_gym": ("kids_gym_owner",),
    "clinical": (),
    "case_management": ("case_manager", "life_care_planner"),
    "liaison": ("rehab_liaison",),
    "sales": ("dme_sales",),
    "assistive_technology": (
        "assistive_technology_professional",
        "home_modification_specialist",
        "accessibility_consultant",
    ),
    "education": ("ceu_course_creator", "academic_faculty"),
    "writing": ("medical_writer",),
    "informatics": ("clinical_informatics",),
    "quality_compliance": ("compliance_auditor",),
    "telehealth": ("telehealth_therapist",),
    "coaching": ("health_wellness_coach",),
    "vocational_disability": ("vocational_rehab_counselor", "disability_claims_consultant"),
    "health_tech": ("ux_researcher",),
    "management": ("rehab_manager",),
    "other": (),
    "unrelated": (),
}
CREDENTIALS = ("OT", "COTA", "PT", "PTA", "SLP", "SLPA", "RN", "LPN", "ATC", "SW")
REMOTE = ("remote", "hybrid", "onsite", "unknown")
INTERVALS = ("hourly", "daily", "weekly", "monthly", "yearly")
FIRST, LAST = date(2026, 9, 1), date(2026, 11, 25)
DEV_KEYS = {
    "id",
    "title",
    "company",
    "location",
    "description",
    "url",
    "date_posted",
    "pay_min",
    "pay_max",
    "pay_interval",
    "pay_currency",
    "remote",
    "label",
    "split",
}
SAMPLE_KEYS = (DEV_KEYS - {"label", "split"}) | {"sample"}

problems: list[str] = []


def bad(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


def read(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            bad(f"{path.name}:{n}", "blank line")
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            bad(f"{path.name}:{n}", f"not JSON: {exc}")
    return rows


def check_common(row: dict, where: str, keys: set[str]) -> None:
    extra = set(row) - keys
    if extra:
        bad(where, f"unexpected keys {sorted(extra)}")
    for key in ("id", "title", "company", "location", "description", "date_posted"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            bad(where, f"missing {key}")
    try:
        d = date.fromisoformat(row.get("date_posted", ""))
        if not FIRST <= d <= LAST:
            bad(where, f"date_posted {d} outside {FIRST}..{LAST}")
    except ValueError:
        bad(where, "date_posted not ISO")
    if "pay_interval" in row and row["pay_interval"] not in INTERVALS:
        bad(where, f"pay_interval {row['pay_interval']!r}")
    if ("pay_min" in row) != ("pay_interval" in row):
        bad(where, "pay_min without pay_interval or the reverse")
    if "pay_min" in row and row["pay_min"] > row.get("pay_max", row["pay_min"]):
        bad(where, "pay_min > pay_max")
    if "remote" in row and not isinstance(row["remote"], bool):
        bad(where, "remote must be a boolean when present")


def check_devset(rows: list[dict]) -> None:
    seen: set[str | None] = set()
    for row in rows:
        where = f"devset {row.get('id')}"
        check_common(row, where, DEV_KEYS)
        if row.get("id") in seen:
            bad(where, "duplicate id")
        seen.add(row.get("id"))
        if row.get("split") not in ("dev", "test"):
            bad(where, f"split {row.get('split')!r}")
        label = row.get("label") or {}
        if set(label) != {"family", "role", "remote", "credentials", "years_min", "years_max"}:
            bad(where, f"label keys {sorted(label)}")
        fam = label.get("family")
        if fam not in ROLES:
            bad(where, f"family {fam!r}")
        elif label.get("role") is not None and label["role"] not in ROLES[fam]:
            bad(where, f"role {label['role']!r} not in family {fam}")
        if label.get("remote") not in REMOTE:
            bad(where, f"remote {label.get('remote')!r}")
        creds = label.get("credentials")
        if not isinstance(creds, list) or any(c not in CREDENTIALS for c in creds):
            bad(where, f"credentials {creds!r}")
        elif len(set(creds)) != len(creds):
            bad(where, "duplicate credential")
        lo, hi = label.get("years_min"), label.get("years_max")
        for v in (lo, hi):
            if v is not None and (not isinstance(v, (int, float)) or v < 0):
                bad(where, f"years {v!r}")
        if hi is not None and (lo is None or hi < lo):
            bad(where, "years_max without years_min or below it")
    fams = {r["label"]["family"] for r in rows if "label" in r}
    for fam in ROLES:
        if fam in ("other", "unrelated"):
            continue  # relabelled in December 2026 (see README): not balanced by design
        for split in ("dev", "test"):
            if not any(r["label"]["family"] == fam and r["split"] == split for r in rows):
                bad("devset", f"family {fam} missing from split {split}")
    if fams - set(ROLES):
        bad("devset", f"unknown families {fams - set(ROLES)}")


def check_samples(rows: list[dict], dev_rows: list[dict]) -> None:
    seen: set[str | None] = set()
    dev_keys = {(r["title"], r["company"]) for r in dev_rows}
    dev_desc = {r["description"] for r in dev_rows}
    for row in rows:
        where = f"samples {row.get('id')}"
        check_common(row, where, SAMPLE_KEYS)
        if row.get("id") in seen:
            bad(where, "duplicate id")
        seen.add(row.get("id"))
        if row.get("sample") is not True:
            bad(where, "sample must be true")
        if not str(row.get("company", "")).endswith("(sample)"):
            bad(where, "company must end with '(sample)'")
        company = str(row.get("company", "")).removesuffix(" (sample)")
        if (row.get("title"), company) in dev_keys or row.get("description") in dev_desc:
            bad(where, "copies a devset posting")


def table(rows: list[dict]) -> str:
    by = Counter((r["label"]["family"], r["split"]) for r in rows)
    lines = ["| family | dev | test | total |", "|---|---:|---:|---:|"]
    for fam in ROLES:
        d, t = by[(fam, "dev")], by[(fam, "test")]
        lines.append(f"| {fam} | {d} | {t} | {d + t} |")
    d = sum(v for (f, s), v in by.items() if s == "dev")
    t = sum(v for (f, s), v in by.items() if s == "test")
    lines.append(f"| **all** | {d} | {t} | {d + t} |")
    return "\n".join(lines)


def role_table(rows: list[dict]) -> str:
    by = Counter((r["label"]["family"], r["label"]["role"], r["split"]) for r in rows)
    lines = ["| family | role | dev | test |", "|---|---|---:|---:|"]
    for fam, roles in ROLES.items():
        for role in (*roles, None):
            d, t = by[(fam, role, "dev")], by[(fam, role, "test")]
            if d or t:
                lines.append(f"| {fam} | {role or '(none)'} | {d} | {t} |")
    return "\n".join(lines)


def main() -> int:
    dev = read(DEVSET)
    check_devset(dev)
    samples = read(SAMPLES) if SAMPLES.exists() else []
    if SAMPLES.exists():
        check_samples(samples, dev)
    print(table(dev))
    print()
    print(role_table(dev))
    html = sum(r["description"].lstrip().startswith("<") for r in dev)
    print(f"\nHTML descriptions: {html}/{len(dev)}")
    print("remote labels:", dict(Counter(r["label"]["remote"] for r in dev)))
    if samples:
        print(f"sample postings: {len(samples)}")
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
