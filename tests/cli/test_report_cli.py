"""``otpath report``: the career plan as an HTML file, or as PDF with ``--pdf``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

from otpath.cli import app
from tests._pdf import pdf_text, require_weasyprint

PROFILE = """credentials = ["COTA"]
years_experience = 4
settings = ["snf"]

[preferences]
remote = "required"
patient_interaction = "none"
musts = ["remote", "patient_interaction"]
pay_floor = 61500
"""


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "otpath.db")
    CliRunner().invoke(app, ["samples", "load", "--db", path], catch_exceptions=False)
    return path


@pytest.fixture
def ana(tmp_path: Path) -> Path:
    path = tmp_path / "ana.toml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_report_writes_one_html_file(db: str, ana: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = run("report", "--profile", str(ana), "--db", db, "-o", str(out), "--include-sample")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: 3 roles (Utilization Reviewer, ")
    page = LexborHTMLParser(out.read_text(encoding="utf-8"))
    assert page.css_first("h1").text() == "Career plan for ana"
    roles = [n.text(strip=True) for n in page.css("ol.cp-roles > li h3")]
    assert roles[0] == "Utilization Reviewer" and len(roles) == 3
    listed = len(page.css("ol.cp-postings > li"))  # at most 10; none that break a must of hers
    assert 0 < listed <= 10
    assert page.css("script") == [] and page.css("link") == [] and page.css("style")
    # the summary line counts what the page lists: can-apply postings and stretches apart
    can = len(page.css("ol.cp-postings .cp-badge.cp-can_apply"))
    stretch = len(page.css("ol.cp-postings .cp-badge.cp-stretch"))
    assert can + stretch == listed and stretch, (can, stretch)
    assert f" {can} postings you can apply for and {stretch} stretch" in result.stdout


def test_report_default_file_name_and_sample_note(db: str, ana: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", "--profile", str(ana), "--db", db, "--top", "2", "--postings", "0")
    name = f"career-plan-ana-{date.today().isoformat()}.html"
    assert result.stdout.startswith(f"Wrote {name}: 2 roles")
    assert "0 postings you can apply for; 60 sample postings left out (--include-sample)" in result.stdout
    assert (tmp_path / name).is_file()


def test_report_pdf(db: str, ana: Path, tmp_path: Path) -> None:
    require_weasyprint()
    out = tmp_path / "plan.pdf"
    result = run("report", "--pdf", "--profile", str(ana), "--db", db, "-o", str(out), "--include-sample")
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "Career plan for ana" in text
    for role in ("Utilization Reviewer", "UX Researcher / Designer (Health Tech)"):
        assert role in text
    assert "Case management experience." in text  # the first step of the best role's plan
    assert "Remote Utilization Review Therapist (PT, PTA, OT, COTA, SLP)" in text  # a posting


def test_report_to_standard_output(db: str, ana: Path) -> None:
    result = run("report", "--profile", str(ana), "--db", db, "-o", "-")
    assert result.stdout.startswith("<!doctype html>") and result.stdout.rstrip().endswith("</html>")


def test_report_without_a_store_lists_no_postings(ana: Path, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    out = tmp_path / "plan.html"
    result = run("report", "--profile", str(ana), "--db", str(missing), "-o", str(out))
    assert result.exit_code == 0
    assert f"No store at {missing}" in result.stderr
    assert not missing.exists()  # the report only reads: no store is created
    assert "No stored posting you can apply for" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--profile", "nobody"], "Error: no saved profile 'nobody'", "Hint: answer the quiz first: otpath quiz --profile nobody"),
        (["--top", "9"], "Invalid value for '--top'", None),
        (["-o", "/nonexistent-folder/plan.html"], "Error: cannot write /nonexistent-folder/plan.html", "Hint: choose another file with --out"),
    ],
)
def test_report_errors(db: str, ana: Path, args: list[str], message: str, hint: str | None) -> None:
    base = ["report", "--db", db]
    if "--profile" not in args:
        base += ["--profile", str(ana)]
    result = run(*base, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    if hint:
        assert hint in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "args", "message", "hint"),
    [
        ("plan.md", [], "Error: otpath report writes HTML or PDF, not .md", "Hint: name the file plan.html, or plan.pdf for a PDF"),
        ("notes.TXT", [], "Error: otpath report writes HTML or PDF, not .txt", "Hint: name the file notes.html, or notes.pdf for a PDF"),
        ("plan.html", ["--pdf"], "Error: --pdf writes a PDF, but", "Hint: name the file plan.pdf, or leave out --pdf for HTML"),
    ],
)
def test_report_refuses_a_file_it_would_write_in_another_format(
    db: str, ana: Path, tmp_path: Path, name: str, args: list[str], message: str, hint: str
) -> None:
    """``-o plan.md`` silently wrote HTML into plan.md."""
    out = tmp_path / name
    result = run("report", "--profile", str(ana), "--db", db, "-o", str(out), *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(message) and hint in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("name", "start"), [("plan.pdf", b"%PDF-"), ("PLAN.PDF", b"%PDF-"), ("plan.htm", b"<!doctype html>"), ("plan", b"<!doctype html>")])
def test_report_writes_the_format_the_file_name_ends_with(db: str, ana: Path, tmp_path: Path, name: str, start: bytes) -> None:
    if start == b"%PDF-":
        require_weasyprint()
    out = tmp_path / name
    result = run("report", "--profile", str(ana), "--db", db, "-o", str(out), "--postings", "0")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(start)


UR = (
    "Review prior authorization requests for OT and PT. Active OT, PT or COTA license and "
    "3 years of clinical experience. Fully remote. Pay $72,000 - $85,000 per year."
)


def test_report_as_of_judges_closing_dates_and_says_when_all_have_closed(ana: Path, tmp_path: Path) -> None:
    import json

    jobs = tmp_path / "old.jsonl"
    jobs.write_text(
        json.dumps({"id": "old-1", "title": "Utilization Review Specialist", "company": "Example Health Plan",
                    "date_posted": "2020-11-02", "valid_through": "2020-11-20", "description": UR}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    db = str(tmp_path / "old.db")
    assert run("ingest", str(jobs), "--db", db).exit_code == 0
    today = tmp_path / "today.html"
    result = run("report", "--profile", str(ana), "--db", db, "-o", str(today))
    assert result.exit_code == 0, result.stderr
    assert "All 1 stored postings judged for you had closed by" in result.stderr
    assert "--as-of YYYY-MM-DD" in result.stderr
    page = LexborHTMLParser(today.read_text(encoding="utf-8"))
    said = " ".join(p.text() for p in page.css("p.cp-muted"))
    assert "Import postings you saved" not in said  # it has them: they are closed
    assert "No stored posting you can apply for: the stored posting judged for you had closed by" in said
    assert "(the last closed on 2020-11-20)" in said and "otpath report --as-of YYYY-MM-DD" in said
    then = tmp_path / "then.html"
    result = run("report", "--profile", str(ana), "--db", db, "-o", str(then), "--as-of", "2020-11-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("1 posting you can apply for")
    page = LexborHTMLParser(then.read_text(encoding="utf-8"))
    assert [n.text(strip=True) for n in page.css("ol.cp-postings h3")] == ["Utilization Review Specialist"]
    assert any("as on 2020-11-10 (closing dates count from that day)" in p.text() for p in page.css("p.cp-hint"))
    bad = run("report", "--profile", str(ana), "--db", db, "--as-of", "10/11/2020")
    assert bad.exit_code == 2 and "invalid --as-of '10/11/2020'" in bad.stderr
