"""Every file in ../shared/data/real_postings/ read as a user would give it to otpath.

These files are third-party text kept outside the repository (see their README):
the tests read them in place and skip, saying so, when ../shared is absent. Only
counts, our own field names and short facts about the files are asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app
from otpath.errors import ReaderError
from otpath.ingest import ingest_paths
from otpath.postings.models import RawPosting
from otpath.postings.sources import detect, iter_postings
from otpath.store import Store

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "real_postings"
if not REAL.is_dir():
    REAL = Path("/work/shared/data/real_postings")

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(),
    reason="../shared/data/real_postings is absent (it is development data, not in the repo)",
)


def read(path: Path, **options: object) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(iter_postings([path], errors=errors, **options)), errors  # type: ignore[arg-type]


def _no_missing_words(postings: list[RawPosting]) -> None:
    words = {"None", "nan", "NaN", "null"}
    for p in postings:
        for value in (p.url, p.company, p.location, p.site, p.employment_type, *p.urls):
            assert value not in words, (p.origin_file, p.origin_line, value)


@pytest.mark.slow
def test_nhs_jsonld_lines_gzip_are_read_directly() -> None:
    path = REAL / "nhs_jobs_2020.jsonl.gz"
    assert detect(path).name == "jsonld"
    postings, errors = read(path)
    assert errors == []
    assert len(postings) == 14756
    assert [p.origin_line for p in postings[:3]] == [1, 2, 3]
    # descriptions arrive entity-escaped ("&lt;p&gt;"): unescaped exactly once
    assert all("&lt;p&gt;" not in p.description for p in postings)
    assert sum(p.description.lstrip().startswith("<") for p in postings) > 14000
    assert {p.pay_currency for p in postings} == {"GBP"}
    worded = [p for p in postings if p.pay_min is None and p.pay_text]
    assert len(worded) > 1000  # "negotiable", "Competitive"...: kept as text, not dropped
    assert all(p.company and p.title for p in postings)
    _no_missing_words(postings)


def test_nhs_lines_gzipped_ingest_from_the_command_line(tmp_path: Path) -> None:
    """The first 300 adverts, gzipped again in a temporary folder (the whole file takes
    minutes to classify; reading it whole is the test above)."""
    import gzip
    import itertools

    path = tmp_path / "nhs_first_300.jsonl.gz"
    with gzip.open(REAL / "nhs_jobs_2020.jsonl.gz", "rb") as src, gzip.open(path, "wb") as out:
        out.writelines(itertools.islice(src, 300))
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Ingested 1 file" in result.output
    assert "read 300," in result.output and "rejected 0" in result.output


@pytest.mark.parametrize(
    ("name", "count", "title_of_first"),
    [
        ("other/zapplyjobs_healthcare_new_jobs.json", 375, "Physical Therapist, Pelvic Health (Flex)"),
        ("other/cmonies_healthcare_jobs.json", 126, "Staff Product Designer"),
    ],
)
def test_json_arrays_with_their_own_key_names(name: str, count: int, title_of_first: str) -> None:
    path = REAL / name
    assert detect(path).name == "json"  # before: "cannot tell the format"
    postings, errors = read(path)
    assert errors == [] and len(postings) == count
    assert postings[0].title == title_of_first
    assert all(p.company for p in postings)
    _no_missing_words(postings)


def test_map_on_a_real_json_array() -> None:
    path = REAL / "other" / "zapplyjobs_healthcare_new_jobs.json"
    postings, errors = read(
        path, mapping={"title": "job_title", "company": "employer_name", "url": "job_apply_link"}
    )
    assert errors == [] and len(postings) == 375
    assert all(p.url and p.url.startswith("http") for p in postings)


@pytest.mark.parametrize(("name", "count"), [("dev_a.jsonl", 93), ("dev_b.jsonl", 67)])
def test_labelled_json_lines_are_read(name: str, count: int) -> None:
    # Their description is under "text": guessed without --map, and --map names it too.
    for options in ({}, {"mapping": {"description": "text"}}):
        postings, errors = read(REAL / name, **options)
        assert errors == [] and len(postings) == count
        assert sum(bool(p.description) for p in postings) == count


def test_saved_pages_with_and_without_jsonld() -> None:
    postings, errors = read(REAL / "jsonld")
    by_file = {Path(p.origin_file or "").name: p for p in postings}
    assert set(by_file) == {
        "dinie_indeed_job.html",
        "ozsponsorjobs_occupational_therapist_sydney_excerpt.html",
        "therapyjob_kr_J26-3801_excerpt.html",
    }
    assert sorted(Path(e.file).name for e in errors) == ["dinie_linkedin_job.html", "dinie_seek_job.html"]
    assert all(e.reason == "no schema.org JobPosting JSON-LD found" for e in errors)
    korean = by_file["therapyjob_kr_J26-3801_excerpt.html"]
    assert korean.pay_min is None and korean.pay_text  # a salary given as text is kept
    assert (korean.pay_currency, korean.pay_interval) == ("KRW", "daily")
    assert by_file["dinie_indeed_job.html"].pay_currency == "AUD"
    oz = by_file["ozsponsorjobs_occupational_therapist_sydney_excerpt.html"]
    assert (oz.pay_min, oz.pay_max, oz.pay_currency) == (95000, 140000, "AUD")


def test_jobspy_exports_and_the_malformed_one(tmp_path: Path) -> None:
    folder = REAL / "jobspy"
    postings, errors = read(folder)
    assert {Path(p.origin_file or "").name for p in postings} == {
        "jobspy_jobhub_jobs.csv",
        "jobspy_speedyapply_jobs_excerpt.csv",
        "jobspy_tothetop430_1.csv",
        "jobspy_tothetop430_jobs.csv",
    }
    assert len(postings) == 137 + 2 + 20 + 40
    (broken,) = errors
    assert Path(broken.file).name == "jobspy_speedyapply_pr268_output.csv"
    assert broken.line == 1 and "not a CSV header" in broken.reason and "'|~|'" in broken.reason
    _no_missing_words(postings)
    cad = {p.pay_currency for p in postings if "jobhub" in (p.origin_file or "") and p.pay_currency}
    assert cad <= {"CAD"}


def test_jobspy_descriptions_keep_no_markdown_backslashes(tmp_path: Path) -> None:
    from otpath.postings.pipeline import process

    for name in ("jobspy_tothetop430_jobs.csv", "jobspy_tothetop430_1.csv"):
        postings, _ = read(REAL / "jobspy" / name)
        for raw in postings:
            text = process(raw).description_text
            assert "\\*" not in text and "\\_" not in text and "\\-" not in text, raw.title


def test_the_whole_folder_counts_its_files_and_refuses_the_broken_one(tmp_path: Path) -> None:
    files = [p for p in REAL.rglob("*") if p.is_file() and p.name != "README.md"]
    with Store.open(tmp_path / "s.db") as store:
        report = ingest_paths(
            store, [REAL / "jobspy", REAL / "jsonld", REAL / "other", REAL / "dev_a.jsonl"]
        )
    read_files = {Path(f).name for f in report.files}
    assert read_files == {p.name for p in files} - {"nhs_jobs_2020.jsonl.gz", "dev_b.jsonl"}
    # files from which nothing was stored are not recorded: the rerun reads them again
    assert sorted(Path(f).name for f in report.unfinished_files) == [
        "dinie_linkedin_job.html", "dinie_seek_job.html", "jobspy_speedyapply_pr268_output.csv",
    ]  # fmt: skip
