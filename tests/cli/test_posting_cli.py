"""``otpath posting ID``: one stored advert in full, through CliRunner on a real store.

The postings below are made up for these tests (no real advert's words).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app

REVIEW_HTML = (
    "<h2>About the team</h2>"
    "<p>Our plan reviews therapy requests from members across the county &amp; beyond.</p>"
    "<ul><li>Review outpatient therapy plans of care for medical necessity</li>"
    "<li>Write clear decisions for clinicians</li></ul>"
    "<p>You hold an OT, COTA or PT licence and have at least 3 years of experience in"
    " a skilled nursing facility.</p>"
    "<p>This post is fully remote. Salary £31,000 - £36,000 per year.</p>"
)
REVIEW = {
    "title": "Therapy Request Reviewer", "company": "Kestrel Vale Health Plan",
    "location": "Leeds, England", "date_posted": "2026-11-18", "description": REVIEW_HTML,
}  # fmt: skip
CLOSING = {
    "title": "Authorization Review Coordinator", "company": "Pemberton Benefit Co",
    "location": "Remote", "date_posted": "2020-11-02", "valid_through": "2020-11-20",
    "description": "Fully remote. You check therapy authorization requests against policy."
    " A COTA or OT licence is required.",
}  # fmt: skip
PT_ONLY = {
    "title": "Physical Therapy Claims Reviewer", "company": "Pemberton Benefit Co",
    "location": "Remote", "date_posted": "2020-11-03", "valid_through": "2020-11-20",
    "description": "Fully remote. You read physical therapy claims for a benefit plan."
    " Only a licensed physical therapist (PT) may apply.",
}  # fmt: skip
WRITER = {
    "title": "Rehab Content Writer", "company": "Larkspur Media", "location": "Remote",
    "date_posted": "2026-11-10",
    "description": "Write plain guides about recovery at home for families. Remote."
    " Any therapy background welcome. $30 - $38 an hour.",
}  # fmt: skip
DEVELOPER = {
    "title": "Backend Software Engineer", "company": "Quartzline Systems", "location": "Remote",
    "date_posted": "2026-11-12",
    "description": "Build payment services in Go. Five years of software engineering.",
}  # fmt: skip
HOSTILE_HTML = (
    "<p>Coordinate discharges with families. \x1b[5mBlink\x1b[0m &#27;]0;retitled&#7;</p>"
    "<script>alert('x')</script><ul><li>OT or COTA licence</li></ul>\u202eright-to-left"
)
HOSTILE = {
    "title": "Discharge Coordinator", "company": "Wrenfield Care", "location": "Remote",
    "date_posted": "2026-11-19", "description": HOSTILE_HTML,
}  # fmt: skip

DETAIL_KEYS = {
    "id", "title", "company", "location", "url", "date_posted", "closes", "closed", "as_of",
    "remote", "pay", "pay_text", "family", "family_title", "role", "role_title", "relevant",
    "confidence", "sample", "sources", "found_times", "requirements", "requirement_rows",
    "text", "verdict", "notes",
}  # fmt: skip
REQUIREMENT_KEYS = {
    "credentials", "license_required", "years_min", "years_max", "settings", "skills",
    "certifications", "certifications_required", "employment_type", "nights_weekends",
    "internal_only", "nhs_band", "band_experience", "senior_title",
}  # fmt: skip
VERDICT_KEYS = {
    "posting_id", "title", "company", "location", "url", "family", "role", "remote",
    "date_posted", "closes", "pay", "verdict", "score", "reasons", "missing", "role_score",
    "relevant", "sample", "breaks_must",
}  # fmt: skip

# an HTML tag or comment, as a browser would read one
TAG = re.compile(r"<[a-zA-Z/!]")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def store(tmp_path: Path, runner: CliRunner) -> Path:
    """A store filled by ``otpath ingest``: the review post found on two boards, and others."""
    records = [
        {**REVIEW, "id": "kv-1", "url": "https://board-one.example/jobs/kv-1", "site": "boardone"},
        {**REVIEW, "id": "kv-9", "url": "https://board-two.example/p/9", "site": "boardtwo"},
        {**CLOSING, "id": "pb-1", "url": "https://board-one.example/jobs/pb-1"},
        {**PT_ONLY, "id": "pb-2", "url": "https://board-one.example/jobs/pb-2"},
        {**WRITER, "id": "lm-1", "url": "https://board-one.example/jobs/lm-1"},
        {**DEVELOPER, "id": "qs-1", "url": "https://board-one.example/jobs/qs-1"},
        {**HOSTILE, "id": "wf-1", "url": "https://board-one.example/jobs/wf-1"},
    ]  # fmt: skip
    src = tmp_path / "postings.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "store.db"
    result = invoke(runner, "ingest", src, "--db", db)
    assert result.exit_code == 0, result.output
    assert "new 6, duplicates 1" in result.stdout
    return db


@pytest.fixture
def cota(tmp_path: Path) -> Path:
    path = tmp_path / "cota.toml"
    path.write_text('credentials = ["COTA"]\nyears_experience = 4\n', encoding="utf-8")
    return path


def _ids(runner: CliRunner, db: Path) -> dict[str, str]:
    """Title -> id, as ``otpath search --all`` prints them when piped."""
    rows = invoke(runner, "search", "--all", "--db", db).stdout.splitlines()
    header = rows[0].split("\t")
    found = [dict(zip(header, r.split("\t"), strict=True)) for r in rows[1:]]
    return {r["title"]: r["id"] for r in found}


def _detail(runner: CliRunner, db: Path, posting_id: str, *extra: object) -> dict:
    result = invoke(runner, "posting", posting_id, "--db", db, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_text_shows_the_whole_advert(runner: CliRunner, store: Path) -> None:
    pid = _ids(runner, store)["Therapy Request Reviewer"]
    result = invoke(runner, "posting", pid, "--db", store)
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    assert lines[:2] == ["Therapy Request Reviewer", "Kestrel Vale Health Plan · Leeds, England"]
    assert f"Id:       {pid}" in lines
    assert "Posted:   2026-11-18" in lines
    assert "Closes:   not stated" in lines
    assert "Pay:      £31,000-£36,000 a year" in lines  # the store's currency, not dollars
    assert "Remote:   remote" in lines
    assert any(line.startswith("Role:") and "utilization_management" in line for line in lines)
    # found on two boards, shown once with both addresses
    assert "Source:   https://board-one.example/jobs/kv-1 (boardone)" in lines
    assert "          https://board-two.example/p/9 (boardtwo)" in lines
    assert "(the same job was found 2 times; otpath shows it once)" in out
    # requirements, each with the sentence it was read from
    asks = out[out.index("What the posting asks for:") : out.index("Advert:")]
    accepted = _detail(runner, store, pid)["requirements"]["credentials"]
    assert "OT" in accepted and f"Credentials accepted: {', '.join(accepted)}" in asks
    assert "Experience: 3+ years" in asks
    sentence = (
        "You hold an OT, COTA or PT licence and have at least 3 years of experience in a skilled nursing facility."
    )
    assert f"    \u201c{sentence}\u201d" in asks
    assert "Setting: Skilled nursing" in asks
    # the advert as plain text: one block per line, bullets kept, entities read
    advert = out[out.index("Advert:") :].splitlines()
    assert "  About the team" in advert
    assert "  - Review outpatient therapy plans of care for medical necessity" in advert
    assert "  Our plan reviews therapy requests from members across the county & beyond." in advert
    assert not TAG.search(out) and "&amp;" not in out
    # without a profile there is no verdict, and stderr says how to get one
    assert "Can you apply?" not in out
    assert "Save your profile with 'otpath quiz' (or add --profile NAME) to see whether you can apply." in result.stderr


def test_the_hint_to_add_a_profile_is_a_line_of_its_own(runner: CliRunner, store: Path) -> None:
    """It ran on from the advert ("...NoAdd --profile NAME") where both streams are shown
    one after the other, the last newline of the advert dropped."""
    for title in ("Therapy Request Reviewer", "Rehab Content Writer"):
        result = invoke(runner, "posting", _ids(runner, store)[title], "--db", store)
        shown = (result.stdout.rstrip("\n") + result.stderr).splitlines()
        hint = "Save your profile with 'otpath quiz' (or add --profile NAME) to see whether you can apply."
        assert shown[-1] == hint and hint not in shown[-2]


def test_posting_and_search_judge_with_the_saved_profile_as_jobs_does(
    runner: CliRunner, store: Path, cota: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They printed "Add --profile NAME" while 'otpath jobs' used the saved profile."""
    monkeypatch.setenv("OTPATH_PROFILE", str(cota))  # cota.toml is the saved default profile
    pid = _ids(runner, store)["Therapy Request Reviewer"]
    shown = invoke(runner, "posting", pid, "--db", store)
    assert "\nCan you apply? (profile default)\n" in shown.stdout and "--profile NAME" not in shown.stderr
    assert _detail(runner, store, pid)["verdict"] == _detail(runner, store, pid, "--profile", cota)["verdict"]
    found = json.loads(invoke(runner, "search", "review", "--db", store, "--json").stdout)["items"]
    named = json.loads(invoke(runner, "search", "review", "--db", store, "--json", "-p", cota).stdout)["items"]
    assert found and all(item["verdict"] for item in found)
    assert [(i["id"], i["verdict"]) for i in found] == [(i["id"], i["verdict"]) for i in named]
    eligible = invoke(runner, "search", "--eligible-only", "--db", store, "--json")
    assert eligible.exit_code == 0, eligible.output


def test_accepts_the_ids_search_and_jobs_print(runner: CliRunner, store: Path, cota: Path) -> None:
    full = _ids(runner, store)["Therapy Request Reviewer"]
    assert re.fullmatch(r"[0-9a-f]{40}", full)
    # on a terminal 'otpath search' shows the first 12 characters
    for shown in (full, full[:12], full[:8]):
        assert _detail(runner, store, shown)["id"] == full
    jobs = json.loads(invoke(runner, "jobs", "--profile", cota, "--db", store, "--json").stdout)
    for job in jobs:
        assert _detail(runner, store, job["posting_id"])["title"] == job["title"]


def test_a_board_link_and_the_employers_link_are_one_advert(
    runner: CliRunner, tmp_path: Path, fixtures_dir: Path
) -> None:
    db = tmp_path / "jobspy.db"
    assert invoke(runner, "ingest", fixtures_dir / "jobspy" / "sample_jobspy.csv", "--db", db).exit_code == 0
    # the rows that give a direct link too: two addresses of one advert
    both = [d for d in (_detail(runner, db, pid) for pid in _ids(runner, db).values())
            if len(d["sources"]) == 2]  # fmt: skip
    assert both
    data = both[0]
    pid = data["id"]
    assert data["found_times"] == 1
    assert len({(s["file"], s["line"]) for s in data["sources"]}) == 1
    out = invoke(runner, "posting", pid, "--db", db).stdout
    assert "found 2 times" not in out and "otpath shows it once" not in out
    for source in data["sources"]:
        assert source["url"] in out


def test_json_keys_are_stable(runner: CliRunner, store: Path, cota: Path) -> None:
    pid = _ids(runner, store)["Therapy Request Reviewer"]
    data = _detail(runner, store, pid)
    assert set(data) == DETAIL_KEYS
    assert set(data["requirements"]) == REQUIREMENT_KEYS
    assert {"OT", "PT"} <= set(data["requirements"]["credentials"])
    assert data["requirements"]["years_min"] == 3
    assert data["pay"]["currency"] == "GBP" and data["pay"]["text"] == "£31,000-£36,000 a year"
    assert [s["url"] for s in data["sources"]] == [
        "https://board-one.example/jobs/kv-1", "https://board-two.example/p/9",
    ]  # fmt: skip
    assert data["found_times"] == 2
    assert all(set(r) == {"label", "value", "sentence"} for r in data["requirement_rows"])
    assert data["verdict"] is None
    assert not TAG.search(data["text"])
    judged = _detail(runner, store, pid, "--profile", cota)
    assert set(judged) == DETAIL_KEYS and set(judged["verdict"]) == VERDICT_KEYS


def test_the_verdict_is_the_one_jobs_gives(runner: CliRunner, store: Path, cota: Path) -> None:
    jobs = json.loads(
        invoke(runner, "jobs", "--profile", cota, "--all", "--db", store, "--json").stdout
    )
    assert {j["verdict"] for j in jobs} >= {"can_apply", "cannot_apply"}
    for job in jobs:
        assert _detail(runner, store, job["posting_id"], "--profile", cota)["verdict"] == job
    text = invoke(runner, "posting", jobs[0]["posting_id"], "--profile", cota, "--db", store)
    verdict = jobs[0]["verdict"].replace("_", " ")
    assert f"  {verdict}, score {jobs[0]['score']}/100" in text.stdout
    assert all(f"  - {reason}" in text.stdout for reason in jobs[0]["reasons"])


def test_the_verdict_as_of_a_day_is_the_one_jobs_gives(
    runner: CliRunner, store: Path, cota: Path
) -> None:
    pid = _ids(runner, store)["Authorization Review Coordinator"]
    for day in ((), ("--as-of", "2020-11-10"), ("--as-of", "2020-11-20"), ("--as-of", "2020-12-01")):
        jobs = json.loads(
            invoke(runner, "jobs", "--profile", cota, "--db", store, "--json", *day).stdout
        )
        job = next(j for j in jobs if j["posting_id"] == pid)
        detail = _detail(runner, store, pid, "--profile", cota, *day)
        assert detail["verdict"] == job, day
        assert detail["closed"] is (job["verdict"] == "cannot_apply")
    assert _detail(runner, store, pid, "--profile", cota, "--as-of", "2020-11-10")["verdict"][
        "verdict"
    ] == "can_apply"
    out = invoke(runner, "posting", pid, "--db", store, "--as-of", "2020-11-10").stdout
    assert "Closes:   2020-11-20 (open as of 2020-11-10)" in out
    assert "Closing date: 2020-11-20 (open)" in out
    bad = invoke(runner, "posting", pid, "--db", store, "--as-of", "2020-13-01")
    assert bad.exit_code == 2 and "Error: invalid --as-of '2020-13-01'" in bad.stderr


def test_a_posting_jobs_never_lists_is_judged_as_of_the_day_too(
    runner: CliRunner, store: Path, cota: Path
) -> None:
    pid = _ids(runner, store)["Physical Therapy Claims Reviewer"]
    for day in ("2020-11-10", "2020-12-01"):
        jobs = invoke(runner, "jobs", "--profile", cota, "--all", "--db", store, "--json", "--as-of", day)
        assert pid not in {j["posting_id"] for j in json.loads(jobs.stdout)}
    today = _detail(runner, store, pid, "--profile", cota)
    earlier = _detail(runner, store, pid, "--profile", cota, "--as-of", "2020-11-10")
    assert today["verdict"]["verdict"] == earlier["verdict"]["verdict"] == "cannot_apply"
    assert today["notes"] == earlier["notes"] == []
    # It closed between the two days: only today's answer says so.
    assert any("closed" in r for r in today["verdict"]["reasons"])
    assert not any("closed" in r for r in earlier["verdict"]["reasons"])


def test_an_unknown_id_is_one_error_line_and_a_hint(runner: CliRunner, store: Path) -> None:
    for unknown in ("0123456789abcdef", "short"):
        result = invoke(runner, "posting", unknown, "--db", store)
        assert result.exit_code == 2
        assert result.stdout == ""
        error, hint = result.stderr.splitlines()[-2:]
        assert error == f"Error: no posting {unknown!r} in {store}"
        assert "otpath search" in hint and "otpath jobs" in hint
        assert "Traceback" not in result.output


def test_a_missing_store_is_an_error_and_is_not_created(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "nowhere" / "store.db"
    result = invoke(runner, "posting", "0123456789ab", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: no store at {db}"
    assert "otpath ingest" in result.stderr
    assert not db.exists() and not db.parent.exists()


def test_control_characters_cannot_drive_the_terminal(
    runner: CliRunner, store: Path, cota: Path
) -> None:
    # ingest keeps escapes out of titles, so one posting is stored with them directly
    from otpath.postings.models import Classification, Posting, Requirements
    from otpath.store import SourceRef, Store

    text = "Plan discharges \x1b[31mnow\x1b[0m.\nOT or COTA licence \x9b2J required."
    hostile = Posting(
        id="f" * 40, title="Care Navigator \x1b]0;retitled\x07\x1b[2J", company="Evil\x1b[8m Co",
        location="Remote\u202e", description_html=f"<p>{text}</p>", description_text=text,
        url="https://board-one.example/jobs/evil", date_posted="2026-11-19",
        classification=Classification(family="care_coordination"),
        requirements=Requirements(
            credentials=["OT", "COTA"], credentials_sentence="OT or COTA licence \x9b2J required.",
        ),
    )  # fmt: skip
    with Store.open(store) as s, s.transaction():
        s.insert_posting(hostile, title_norm="care navigator", signature=None,
                         keys=["content:" + hostile.id], sources=[SourceRef(file="t", line=1)])  # fmt: skip
    ingested = _ids(runner, store)["Discharge Coordinator"]
    for pid in (hostile.id, ingested):
        for extra in ((), ("--profile", cota)):
            result = invoke(runner, "posting", pid, "--db", store, *extra)
            assert result.exit_code == 0, result.output
            out = result.stdout
            assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
            assert "\\x1b" in out  # shown, not obeyed
            assert not TAG.search(out) and "alert(" not in out
            data = json.loads(invoke(runner, "posting", pid, "--db", store, "--json", *extra).stdout)
            assert not TAG.search(data["text"])
    out = invoke(runner, "posting", hostile.id, "--db", store).stdout
    assert out.splitlines()[0] == "Care Navigator \\x1b]0;retitled\\x07\\x1b[2J"
    assert "    \u201cOT or COTA licence \\x9b2J required.\u201d" in out


def test_search_and_jobs_point_to_the_posting_command(
    runner: CliRunner, store: Path, cota: Path
) -> None:
    hint = "otpath posting ID shows one advert in full."
    for args in (("search", "therapy"), ("jobs", "--profile", cota)):
        result = invoke(runner, *args, "--db", store)
        assert result.exit_code == 0, result.output
        assert result.stderr.count(hint) == 1
        assert hint not in result.stdout
        as_json = invoke(runner, *args, "--db", store, "--json")
        assert hint not in as_json.stdout
    nothing = invoke(runner, "search", "zebrafish", "--db", store)
    assert hint not in nothing.stderr


def test_search_judges_closing_dates_as_of_the_day_jobs_does(runner: CliRunner, store: Path, cota: Path) -> None:
    # The COTA can apply to the authorization post while it is open; search agrees with jobs.
    pid = _ids(runner, store)["Authorization Review Coordinator"]
    def verdict(*extra: object) -> str:
        out = invoke(runner, "search", "authorization", "--profile", cota, "--db", store, "--json", *extra)
        return {i["id"]: i["verdict"] for i in json.loads(out.stdout)["items"]}[pid]

    jobs = invoke(runner, "jobs", "--profile", cota, "--db", store, "--json", "--as-of", "2020-11-10")
    on_the_day = {j["posting_id"]: j["verdict"] for j in json.loads(jobs.stdout)}[pid]
    assert verdict("--as-of", "2020-11-10") == on_the_day == "can_apply"
    assert verdict() == "cannot_apply"  # closed by now


def test_jobs_counts_its_answers_and_says_when_none_is_in_your_country(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = tmp_path / "uk.jsonl"
    src.write_text(json.dumps({**REVIEW, "id": "kv-1", "currency": "GBP", "pay_min": 30000,
                               "pay_interval": "yearly"}) + "\n", encoding="utf-8")  # fmt: skip
    db = tmp_path / "uk.db"
    assert invoke(runner, "ingest", src, "--db", db).exit_code == 0
    for country, abroad in (("US", True), ("GB", False)):
        prof = tmp_path / f"{country}.toml"
        prof.write_text(f'credentials = ["OT"]\nyears_experience = 4\ncountry = "{country}"\n', encoding="utf-8")
        answer = json.loads(invoke(runner, "jobs", "--profile", prof, "--db", db, "--json").stdout)
        out = invoke(runner, "jobs", "--profile", prof, "--db", db)
        counts = {k: sum(v["verdict"] == k for v in answer) for k in ("can_apply", "stretch", "cannot_apply")}
        assert (f"{len(answer)} postings: {counts['can_apply']} you can apply for, {counts['stretch']}"
                f" stretches, {counts['cannot_apply']} you cannot apply for.") in out.stderr
        assert ("None of the postings listed is in your country" in out.stderr) is abroad


def test_jobs_counts_and_names_postings_that_break_a_must_apart(runner: CliRunner, tmp_path: Path) -> None:
    # "9 you can apply for, 41 stretches": most of the stretches were on-site jobs that
    # broke her "remote only" must.
    src = tmp_path / "two.jsonl"
    rows = [{**REVIEW, "id": "r-1", "location": "Boston, MA", "description": "Review therapy requests. This is a fully remote role."},
            {**REVIEW, "id": "r-2", "location": "Boston, MA", "title": "Therapy Request Reviewer II",
             "description": "Review therapy requests. This role is on site five days a week."}]  # fmt: skip
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "two.db"
    assert invoke(runner, "ingest", src, "--db", db).exit_code == 0
    prof = tmp_path / "me.toml"
    prof.write_text('credentials = ["OT"]\nyears_experience = 4\n[preferences]\nremote = "preferred"\nmusts = ["remote"]\n',
                    encoding="utf-8")  # fmt: skip
    out = invoke(runner, "jobs", "--profile", prof, "--db", db)
    assert "2 postings: 1 you can apply for, 0 stretches, 1 that break one of your musts, 0 you cannot" in out.stderr
    assert "breaks your must" in out.stdout
