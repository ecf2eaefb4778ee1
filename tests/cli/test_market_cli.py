"""``otpath insights`` and ``otpath compare``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "otpath.db")
    CliRunner().invoke(app, ["samples", "load", "--db", path], catch_exceptions=False)
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_insights_overview_leaves_samples_out_unless_asked(db: str) -> None:
    bare = run("insights", "--db", db)
    assert bare.stdout.splitlines() == ["family\trole\tpostings\tremote\thybrid\tonsite"]
    assert "--include-sample" in bare.stderr
    rows = json.loads(run("insights", "--db", db, "--include-sample", "--json").stdout)
    assert rows[0]["role"] == "utilization_review" and rows[0]["postings"] > 0


def test_insights_for_a_role_shows_the_article_claim_beside_the_evidence(db: str) -> None:
    out = run("insights", "--role", "pre_service_coordinator", "--include-sample", "--db", db).stdout
    assert "INCLUDES SAMPLE DATA (made up)" in out.splitlines()[0]
    assert 'The article says (eligible credentials: PT, OT): "For Pre-Service Coordinator' in out
    assert "  Stored postings: " in out
    data = json.loads(run("insights", "--role", "utilization_review", "--include-sample", "--json", "--db", db).stdout)
    assert data["postings"] == sum(s["count"] for s in data["remote"])


def test_compare_table_and_errors(db: str) -> None:
    out = run("compare", "utilization_review", "recruiter", "--db", db).stdout.splitlines()
    assert out[0] == "\tUtilization Reviewer\tRecruiter"
    assert "who can apply\tPT, PTA, OT, COTA, SLP\tany" in out
    bad = run("compare", "recruiter", "--db", db)
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: compare 2 to 4 different roles, not 1")
    nope = run("insights", "--role", "astronaut", "--db", db)
    assert nope.exit_code == 2 and "no role 'astronaut'" in nope.stderr


SLP = """credentials = ["SLP"]
years_experience = 6
[preferences]
patient_interaction = "none"
musts = ["patient_interaction"]
"""


def test_compare_says_eligibility_and_broken_musts_as_match_does(db: str, tmp_path: Path) -> None:
    slp = tmp_path / "slp.toml"
    slp.write_text(SLP, encoding="utf-8")
    roles = ["kids_gym_owner", "telehealth_therapist", "academic_faculty"]
    out = run("compare", *roles, "-p", str(slp), "--db", db).stdout.splitlines()
    fit = next(line.split("\t") for line in out if line.startswith("your fit\t"))
    # no source says whether an SLP may apply: not "eligible"
    assert [cell.split(" ", 1)[1] for cell in fit[1:]] == ["unclear: check postings"] * 3
    musts = next(line.split("\t") for line in out if line.startswith("your musts\t"))
    assert musts[1:] == ["breaks: No patient contact"] * 3
    matched = json.loads(run("match", "-p", str(slp), "--db", db, "--json").stdout)["results"]
    by_role = {r["role"]: r for r in matched}
    compared = json.loads(run("compare", *roles, "-p", str(slp), "--db", db, "--json").stdout)["roles"]
    for col in compared:
        mine = by_role[col["id"]]
        assert (col["fit"]["eligibility"], col["fit"]["score"]) == (mine["eligibility"], mine["score"])
        assert col["fit"]["musts_broken"] == mine["musts_broken"]
