"""The postings commands through CliRunner: ingest, search, jobs, classify, eval, fetch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app

FETCH_FIXTURE = Path(__file__).parent.parent / "fixtures" / "fetch" / "jobspy_scrape_therapy.json"

UR = (
    "Review prior authorization requests for physical and occupational therapy against "
    "medical necessity criteria. Requirements: active OT, PT or COTA license and 3-5 years "
    "of clinical experience. Fully remote. Pay $72,000 - $85,000 per year."
)
SALES = (
    "Sell complex rehab technology and power wheelchairs to clinics in the territory. "
    "Base salary plus commission. No license required; therapy background preferred."
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def jobs_file(tmp_path: Path) -> Path:
    records = [
        {"id": "a-1", "title": "Utilization Review Specialist", "company": "Example Health Plan",
         "url": "https://jobs.example/1", "date_posted": "2026-11-20", "description": UR},
        {"id": "b-2", "title": "Rehab Technology Sales Representative", "company": "MoveWell",
         "url": "https://jobs.example/2", "date_posted": "2026-11-21", "description": SALES},
    ]  # fmt: skip
    path = tmp_path / "jobs.jsonl"
    lines = [json.dumps(records[0]), "{broken", json.dumps(records[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def invoke(runner: CliRunner, *args: str, **kw):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kw)


def test_jobspy_queries_search_the_profile_s_country(runner, tmp_path: Path) -> None:
    """A UK profile's queries search Indeed UK and leave out ZipRecruiter (US and Canada
    only), and the fetch commands printed say so."""
    from otpath.profile import write_profile
    from otpath.profile.models import Profile
    from otpath.search import jobspy_queries

    uk = jobspy_queries("case_manager", country="GB")
    assert {q["country_indeed"] for q in uk} == {"uk"}
    assert all("zip_recruiter" not in q["site_name"] for q in uk)
    profile = tmp_path / "p.toml"
    write_profile(Profile(credentials=["OT"], country="GB"), profile)
    out = invoke(runner, "search", "--for", "jobspy", "--role", "case_manager", "--profile", profile)
    assert out.exit_code == 0, out.output
    assert "country_indeed='uk'" in out.output and "zip_recruiter" not in out.output
    assert "--country GB" in out.output


# -- ingest --------------------------------------------------------------------------


def test_ingest_prints_a_summary_with_rejected_lines(runner, jobs_file: Path, tmp_db: Path) -> None:
    result = invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    assert result.exit_code == 0, result.output
    assert "read 2, new 2, duplicates 0, unchanged 0, rejected 1" in result.stdout
    assert f"{jobs_file}:2: " in result.stdout
    again = invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    assert again.exit_code == 0
    assert "read 0, new 0" in again.stdout
    assert f"skipped {jobs_file}: already ingested" in again.stdout


def test_ingest_uses_otpath_db_from_the_environment(
    runner, jobs_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "env" / "store.db"
    result = invoke(runner, "ingest", jobs_file, env={"OTPATH_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_ingest_exits_2_when_nothing_can_be_read(runner, tmp_path: Path, tmp_db: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n[1, 2]\n", encoding="utf-8")
    result = invoke(runner, "ingest", bad, "--db", tmp_db)
    assert result.exit_code == 2
    assert "rejected 2" in result.stdout
    assert "Error: no postings could be read" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "Error: no such file or folder: missing.jsonl"),
        (["--map", "title", "x.csv"], "Error: invalid --map 'title'"),
        (["--format", "nope", "x.csv"], "Error: unknown format 'nope'"),
    ],
)
def test_ingest_input_errors(runner, tmp_path: Path, tmp_db: Path, args, message) -> None:
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("title,description\nA,B\n", encoding="utf-8")
    args = [str(csv_file) if a == "x.csv" else a for a in args]
    result = invoke(runner, "ingest", *args, "--db", tmp_db)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


# -- search --------------------------------------------------------------------------


def test_search_json_shape(runner, jobs_file: Path, tmp_db: Path) -> None:
    invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    result = invoke(runner, "search", "authorization", "--json", "--db", tmp_db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"items", "total", "page", "per_page", "pages", "total_is_lower_bound",
                         "query", "searched", "literal", "notes", "for_profile"}  # fmt: skip
    assert (data["total"], data["page"], data["pages"]) == (1, 1, 1)
    item = data["items"][0]
    assert {"id", "title", "company", "location", "family", "role", "remote", "pay", "date",
            "snippet", "score", "url", "credentials"} <= set(item)  # fmt: skip
    assert item["title"] == "Utilization Review Specialist"
    assert "[authorization]" in item["snippet"]


def test_search_table_is_tab_separated_when_piped(runner, jobs_file: Path, tmp_db: Path) -> None:
    invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    result = invoke(runner, "search", "--db", tmp_db)
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "id",
        "title",
        "company",
        "location",
        "remote",
        "pay",
        "posted",
        "family",
    ]
    assert len(lines) == 3
    assert "page 1 of 1 (2 postings)" in result.stderr


def test_search_filters_and_paging(runner, jobs_file: Path, tmp_db: Path) -> None:
    invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    result = invoke(runner, "search", "--company", "movewell", "--json", "--db", tmp_db)
    assert [i["company"] for i in json.loads(result.stdout)["items"]] == ["MoveWell"]
    result = invoke(runner, "search", "--per-page", "1", "--page", "2", "--json", "--db", tmp_db)
    data = json.loads(result.stdout)
    assert (len(data["items"]), data["pages"]) == (1, 2)
    result = invoke(runner, "search", "--limit", "1", "--json", "--db", tmp_db)  # as in jobs
    assert len(json.loads(result.stdout)["items"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--posted-within", "soon"],
            "Error: invalid --posted-within 'soon': use a positive number",
        ),
        (["--remote", "maybe"], "Error: remote: invalid value 'maybe'"),
        (["--credential", "wizard"], "Error: unknown credential 'wizard'"),
        (["--per-page", "500"], "Error: per_page:"),
    ],
)
def test_search_bad_filters_exit_2(runner, tmp_db: Path, args, message) -> None:
    result = invoke(runner, "search", "x", *args, "--db", tmp_db)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_search_hostile_text_is_fine(runner, jobs_file: Path, tmp_db: Path) -> None:
    invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    for text in ['"', "a:b", "NEAR(", "*", "AND OR NOT", "title:foo"]:
        result = invoke(runner, "search", text, "--json", "--db", tmp_db)
        assert result.exit_code == 0, (text, result.output)


# -- jobs ----------------------------------------------------------------------------


def test_jobs_for_a_profile(runner, jobs_file: Path, tmp_db: Path, tmp_path: Path) -> None:
    invoke(runner, "ingest", jobs_file, "--db", tmp_db)
    profile = tmp_path / "profile.toml"
    profile.write_text('credentials = ["COTA/L"]\nyears_experience = 4\n', encoding="utf-8")
    result = invoke(runner, "jobs", "--profile", profile, "--json", "--db", tmp_db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data, "expected at least one posting"
    first = data[0]
    assert {"posting_id", "title", "verdict", "score", "reasons"} <= set(first)
    assert first["verdict"] in ("can_apply", "stretch", "cannot_apply")
    assert all(isinstance(r, str) for r in first["reasons"])
    table = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db)
    header, *rows = table.stdout.splitlines()
    assert header.startswith("verdict\tscore\ttitle\tcompany\twhere\t")
    # where each job is: two posts of one employer are told apart
    by_id = {d["posting_id"]: d for d in data}
    for row in rows:
        cells = row.split("\t")
        if len(cells) == 11 and cells[-1] in by_id:
            assert cells[4] == (by_id[cells[-1]]["location"] or "")


def test_jobs_with_a_bad_profile_exits_2(runner, tmp_db: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.toml"
    profile.write_text('credentials = ["wizard"]\n', encoding="utf-8")
    result = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db)
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "wizard" in result.stderr


# -- classify ------------------------------------------------------------------------

CLASSIFY_KEYS = {
    "id", "title", "role", "family", "confidence", "evidence", "remote", "credentials",
    "years_min", "years_max", "skills", "certifications", "pay_min", "pay_max", "pay_interval",
    "pay_annual_min", "pay_annual_max", "commission",
}  # fmt: skip


def test_classify_jsonl_keeps_input_order_and_ids(runner, jobs_file: Path) -> None:
    result = invoke(runner, "classify", jobs_file)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a-1", "b-2"]
    for r in rows:
        assert CLASSIFY_KEYS <= set(r)
    assert f"{jobs_file}:2" in result.stderr  # the broken line is reported, not printed


def test_classify_table_and_input_format(runner, tmp_path: Path) -> None:
    odd = tmp_path / "postings.data"  # a suffix no reader claims
    odd.write_text(json.dumps({"title": "Case Manager", "description": "Manage care."}) + "\n")
    result = invoke(runner, "classify", odd, "--input-format", "jsonl", "--format", "table")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id\ttitle\trole\tfamily")
    assert "Case Manager" in lines[1]


def test_classify_bad_output_format(runner, jobs_file: Path) -> None:
    result = invoke(runner, "classify", jobs_file, "--format", "xml")
    assert result.exit_code == 2
    assert "Error: invalid --format 'xml'" in result.stderr


# -- eval ----------------------------------------------------------------------------


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    rows = [
        {"id": "d1", "title": "Utilization Review Specialist", "description": UR, "split": "dev",
         "label": {"family": "utilization_management", "role": "utilization_review",
                   "remote": "remote", "credentials": ["OT", "PT", "COTA"], "years_min": 3,
                   "years_max": 5}},
        {"id": "d2", "title": "Rehab Technology Sales Representative", "description": SALES,
         "split": "dev", "label": {"family": "sales", "role": "dme_sales", "remote": "unknown",
                                   "credentials": [], "years_min": None, "years_max": None}},
        {"id": "t1", "title": "Utilization Review Specialist", "description": UR, "split": "test",
         "label": {"family": "utilization_management", "role": "utilization_review",
                   "remote": "remote", "credentials": ["OT", "PT", "COTA"], "years_min": 3,
                   "years_max": 5}},
    ]  # fmt: skip
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_prints_scores(runner, labelled: Path) -> None:
    result = invoke(runner, "eval", labelled, "--split", "dev")
    assert result.exit_code == 0, result.output
    assert "split=dev" in result.stdout and ": 2 postings" in result.stdout
    for line in ("family ", "role ", "remote ", "credentials ", "years "):
        assert any(out.startswith(line) for out in result.stdout.splitlines()), line


def test_eval_json(runner, labelled: Path) -> None:
    result = invoke(runner, "eval", labelled, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 3 and data["split"] is None
    assert {"family", "remote", "credentials", "role_accuracy"} <= set(data)
    assert 0.0 <= data["family"]["accuracy"] <= 1.0


def test_eval_missing_file_exits_2(runner, tmp_path: Path) -> None:
    result = invoke(runner, "eval", tmp_path / "nope.jsonl")
    assert result.exit_code == 2
    assert "Error: cannot read" in result.stderr


def test_eval_bad_split(runner, tmp_path: Path) -> None:
    result = invoke(runner, "eval", tmp_path / "x.jsonl", "--split", "train")
    assert result.exit_code == 2
    assert "Error: invalid --split 'train'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--real", "{tmp}", "--set", "nhs"], "Error: invalid --set 'nhs'; allowed values: main, titles"),
        (["{tmp}/x.jsonl", "--set", "titles"], "Error: --set goes with --real"),
        (["{tmp}/x.jsonl", "--labels", "{tmp}/l.jsonl"], "Error: --labels goes with --real"),
        (["--real", "{tmp}", "--labels", "{tmp}/l.jsonl"], "Error: no label file at"),
    ],
)
def test_eval_bad_set(runner, tmp_path: Path, args: list[str], message: str) -> None:
    result = invoke(runner, "eval", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


# -- fetch ---------------------------------------------------------------------------


def _recorded_scraper(calls: list[dict]):
    recorded = json.loads(FETCH_FIXTURE.read_text(encoding="utf-8"))

    def scrape_jobs(**kwargs):
        calls.append(kwargs)
        return recorded["rows"]

    return scrape_jobs


def test_fetch_with_an_injected_scraper_saves_and_ingests(
    runner, tmp_path: Path, tmp_db: Path
) -> None:
    calls: list[dict] = []
    out = tmp_path / "fetched.csv"
    result = runner.invoke(
        app,
        ["fetch", "--term", "utilization review", "--site", "indeed,linkedin", "--remote",
         "--hours-old", "72", "--results", "20", "--out", str(out), "--db", str(tmp_db)],
        obj={"scrape_jobs": _recorded_scraper(calls)},
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert calls == [
        {
            "site_name": ["indeed", "linkedin"], "search_term": "utilization review",
            "location": None, "is_remote": True, "hours_old": 72, "results_wanted": 20,
            "country_indeed": "usa", "description_format": "markdown",
            "linkedin_fetch_description": True, "verbose": 0,
        }
    ]  # fmt: skip
    assert out.exists()
    assert "Fetched 3 postings" in result.stdout
    # The Indeed and LinkedIn copies of the same job fold into one cluster.
    assert "read 3, new 2, duplicates 1" in result.stdout
    search = invoke(runner, "search", "--json", "--db", tmp_db)
    assert json.loads(search.stdout)["total"] == 2


def test_fetch_without_jobspy_says_what_to_install(runner, tmp_path: Path, tmp_db: Path) -> None:
    try:
        import jobspy  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("python-jobspy is installed")
    result = invoke(runner, "fetch", "--term", "x", "--out", tmp_path / "x.csv", "--db", tmp_db)
    assert result.exit_code == 2
    assert "pip install 'otpath[fetch]'" in result.stderr


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from otpath.cli import app; "
        "heavy = [m for m in ('otpath.store', 'otpath.ingest', 'otpath.search', 'otpath.match', "
        "'otpath.postings.pipeline', 'rich.progress', 'datasketch', 'numpy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _store_with(path: Path, *postings) -> None:  # type: ignore[no-untyped-def]
    from otpath.store import SourceRef, Store

    with Store.open(path) as store, store.transaction():
        for p in postings:
            store.insert_posting(p, title_norm=p.title.lower(), signature=None,
                                 keys=["content:" + p.id], sources=[SourceRef(file="t", line=1)])


def test_jobs_lists_relevant_postings_unless_all_and_keeps_the_currency(
    runner, tmp_db: Path, tmp_path: Path
) -> None:
    from otpath.postings.models import Classification, Pay, Posting, Requirements

    def posting(pid: str, title: str, family: str, role: str | None, pay: Pay) -> Posting:
        return Posting(id=pid, title=title, date_posted="2026-11-20",
                       classification=Classification(relevant=family != "unrelated",
                                                     family=family, role=role),
                       requirements=Requirements(remote="remote", pay=pay))  # fmt: skip

    gbp = Pay(min=30000, max=35000, interval="yearly", currency="GBP",
              annual_min=30000, annual_max=35000)  # fmt: skip
    _store_with(
        tmp_db,
        posting("ur", "Therapy Review Lead", "utilization_management", "utilization_review", gbp),
        posting("dev", "Software Engineer", "unrelated", None, Pay()),
    )
    profile = tmp_path / "profile.toml"
    profile.write_text('credentials = ["COTA"]\nyears_experience = 4\n', encoding="utf-8")
    rows = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db).stdout.splitlines()
    header = rows[0].split("\t")
    body = [dict(zip(header, r.split("\t"), strict=True)) for r in rows[1:]]
    assert [r["title"] for r in body] == ["Therapy Review Lead"]
    assert body[0]["pay"] == "£30,000-£35,000 a year"
    assert body[0]["verdict"] == "stretch" and "a job in your country (US)" in body[0]["missing"]
    everything = json.loads(invoke(runner, "jobs", "--profile", profile, "--all", "--json",
                                   "--db", tmp_db).stdout)  # fmt: skip
    dev = next(v for v in everything if v["posting_id"] == "dev")
    assert dev["verdict"] == "cannot_apply" and dev["relevant"] is False


def test_jobs_judges_closing_dates_as_of_a_day(runner, tmp_path: Path, tmp_db: Path) -> None:
    src = tmp_path / "closing.jsonl"
    src.write_text(json.dumps({
        "title": "Utilization Review Coordinator", "company": "Example Plan", "valid_through": "2020-11-20",
        "description": "Remote. Review therapy authorization requests. COTA or OT license required.",
    }) + "\n", encoding="utf-8")  # fmt: skip
    profile = tmp_path / "cota.toml"
    profile.write_text('credentials = ["COTA"]\nyears_experience = 3\n', encoding="utf-8")
    assert invoke(runner, "ingest", src, "--db", tmp_db).exit_code == 0

    def verdicts(*extra: str) -> list[str]:
        result = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db, "--json", *extra)
        assert result.exit_code == 0, result.output
        return [v["verdict"] for v in json.loads(result.stdout)]

    assert verdicts() == ["cannot_apply"]
    assert verdicts("--as-of", "2020-11-01") == ["can_apply"]
    bad = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db, "--as-of", "2020-13-01")
    assert bad.exit_code == 2 and "invalid --as-of '2020-13-01'" in bad.stderr
    # no posting matches the words: the advice is about the words, not about importing
    none = invoke(runner, "jobs", "--profile", profile, "--db", tmp_db, "-q", "zebrafish")
    assert "None of the 1 stored postings fit this profile and mention 'zebrafish'" in none.stderr


def test_classify_table_shows_pay_with_its_currency(runner, tmp_path: Path) -> None:
    src = tmp_path / "gbp.jsonl"
    src.write_text(json.dumps({
        "title": "Discharge Coordinator", "description": "Plan discharges with the ward team.",
        "pay_min": 31365, "pay_max": 37890, "pay_interval": "yearly", "currency": "GBP",
    }) + "\n", encoding="utf-8")  # fmt: skip
    result = invoke(runner, "classify", src, "--format", "table")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].split("\t")[-1] == "£31,365"


def test_jobs_missing_column_shows_a_closed_advert_and_unmet_pay(runner: CliRunner, tmp_path: Path) -> None:
    jobs = tmp_path / "closed.jsonl"
    jobs.write_text(
        json.dumps({"id": "c-1", "title": "Utilization Review Specialist", "company": "Example Health Plan",
                    "date_posted": "2020-11-02", "valid_through": "2020-11-20", "description": UR}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    me = tmp_path / "pt.toml"
    me.write_text('credentials = ["PT"]\nyears_experience = 4\n[preferences]\npay_floor = 90000\n', encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["ingest", str(jobs), "--db", db]).exit_code == 0

    def missing(day: str) -> tuple[str, str]:
        result = runner.invoke(app, ["jobs", "-p", str(me), "--db", db, "--as-of", day])
        assert result.exit_code == 0, result.output
        header, row = result.stdout.splitlines()[:2]
        cells = dict(zip(header.split("\t"), row.split("\t"), strict=True))
        return cells["verdict"], cells["missing"]

    pay = "pay that reaches your $90,000 floor (it pays at most $85,000)"
    assert missing("2020-11-25") == ("cannot apply", f"an open advert (it closed on 2020-11-20); {pay}")
    assert missing("2020-11-10") == ("breaks your must", pay)  # pay below the floor: a wish of hers
