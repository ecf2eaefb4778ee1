"""CLI: catalog browsing, quiz and match, run in-process with CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from otpath.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_role_json_utilization_review():
    res = run("role", "utilization_review", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data["eligible_credentials"]) == {"PT", "PTA", "OT", "COTA", "SLP"}
    assert data["work_arrangement"] == "remote"
    for key in ("id", "title", "family", "summary", "duties", "eligible_credentials", "experience",
                "preferred_skills", "certifications", "work_arrangement", "patient_interaction",
                "physical_demand", "pay_model", "schedule", "extra_education", "pros", "cons",
                "title_synonyms", "upward_mobility", "sources"):
        assert key in data
    assert "seed:insurance" in data["source_details"]


def test_role_text_shows_sources():
    res = run("role", "recruiter")
    assert res.exit_code == 0
    assert "salary plus commission" in res.stdout
    assert "[seed:recruiter]" in res.stdout
    assert "myotspot.com" in res.stdout


def test_unknown_role_is_one_error_line_exit_2():
    res = run("role", "astronaut")
    assert res.exit_code == 2
    assert "Error: no role 'astronaut'" in res.output
    assert "Traceback" not in res.output


def test_roles_piped_output_is_plain_tsv():
    res = run("roles", "--family", "care_coordination")
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["id", "title", "family"]
    assert len(lines) == 5  # header + four care coordinator roles
    assert "─" not in res.stdout and "\x1b[" not in res.stdout


def test_families_lists_required_families():
    res = run("families", "--json")
    ids = {f["id"] for f in json.loads(res.stdout)}
    assert {"utilization_management", "care_coordination", "recruiting", "ergonomics", "kids_gym", "clinical"} <= ids


def test_quiz_from_options_then_match_json(tmp_path):
    out = tmp_path / "me.toml"
    res = run("quiz", "--no-input", "-o", str(out), "--credential", "COTA/L", "--years", "4",
              "--setting", "snf", "--remote", "required", "--patient-interaction", "none")
    assert res.exit_code == 0, res.output
    res = run("match", "--profile", str(out), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {w["name"] for w in data["weights"]} >= {"work_arrangement", "patient_interaction"}
    assert abs(sum(w["weight"] for w in data["weights"]) - 1) < 0.001
    assert data["credential_pay"][0]["credential"] == "COTA"
    first = data["results"][0]
    for key in ("role", "eligible", "eligibility", "score", "factors", "reasons", "gaps",
                "musts_broken", "pay"):
        assert key in first
    assert first["role"] == "utilization_review"
    pre = next(r for r in data["results"] if r["role"] == "pre_service_coordinator")
    assert pre["eligible"] is False and "PT, OT" in pre["eligibility_reason"]
    assert pre["eligibility"] == "not_eligible"


def test_quiz_without_credential_and_no_input_fails_cleanly(tmp_path):
    res = run("quiz", "--no-input", "-o", str(tmp_path / "x.toml"))
    assert res.exit_code == 2
    assert "credentials" in res.output


def test_quiz_rejects_an_invalid_choice(tmp_path):
    res = run("quiz", "--no-input", "-o", str(tmp_path / "x.toml"), "-c", "OT", "--remote", "maybe")
    assert res.exit_code == 2
    assert "preferences.remote" in res.output and "allowed values" in res.output


@pytest.mark.parametrize(
    ("band", "written", "error"),
    [("8A", 'nhs_band = "8a"', None), ("Band 6", 'nhs_band = "6"', None), ("12", None, "unknown NHS band '12'")],
)
def test_quiz_takes_an_nhs_band(tmp_path, band, written, error):
    out = tmp_path / "b.toml"
    res = run("quiz", "--no-input", "-o", str(out), "-c", "OT", "--country", "GB", "--nhs-band", band)
    if error:
        assert res.exit_code == 2 and error in res.output
        assert not out.exists()
    else:
        assert res.exit_code == 0, res.output
        assert written in out.read_text()


def test_interactive_quiz_asks_a_uk_therapist_for_a_band(tmp_path):
    out = tmp_path / "gb.toml"
    # credential, years, degree, settings, skills, 7 preference answers, musts, band, pay floor
    answers = "OT\n5\n\n\n\n1\n1\n1\n1\n1\n2\n1\n\n7\n\n"
    res = runner.invoke(app, ["quiz", "--interactive", "--country", "GB", "-o", str(out)], input=answers)
    assert res.exit_code == 0, res.output
    assert 'nhs_band = "7"' in out.read_text()


def test_match_with_malformed_profile_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('credentials = ["OT"]\n[preferences]\nschedule = "whenever"\n')
    res = subprocess.run([sys.executable, "-m", "otpath", "match", "--profile", str(bad)],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"Error: {bad}: preferences.schedule: invalid value 'whenever'; allowed values: 'nine_to_five' or 'flexible'",
        "Hint: fix the file (see 'otpath profile schema'), or write it again with 'otpath quiz'",
    ]


def test_interactive_quiz(tmp_path):
    out = tmp_path / "i.toml"
    # credential, years, degree, settings, skills, 7 numbered preference answers, musts,
    # country, pay floor, its currency
    answers = "PT\n6\n\nacute, irf\nICD-10\n1\n1\n1\n1\n1\n2\n1\n1, 2\nUS\n95,000\n\n"
    res = runner.invoke(app, ["quiz", "--interactive", "-o", str(out)], input=answers)
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert 'credentials = ["PT"]' in text and 'remote = "required"' in text
    assert 'musts = ["remote", "patient_interaction"]' in text and "pay_floor = 95000.0" in text


def test_quiz_musts_and_pay_floor_from_options_then_match_shows_them(tmp_path, monkeypatch):
    out = tmp_path / "me.toml"
    res = run("quiz", "--no-input", "-o", str(out), "-c", "COTA", "--years", "4", "--setting", "snf",
              "--remote", "required", "--patient-interaction", "none", "--must", "remote",
              "--must", "patient_interaction", "--pay-floor", "30", "--pay-per", "hour")
    assert res.exit_code == 0, res.output
    monkeypatch.setenv("OTPATH_DB", str(tmp_path / "none.db"))  # the default store, not made yet
    res = run("match", "--profile", str(out), "--no-details")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert any(ln.startswith("  Remote or in person") and "counts double" in ln for ln in lines)
    assert "Your musts: Remote only; No patient contact." in res.stdout
    assert "Your pay floor: $30 an hour" in res.stdout
    table = [ln.split("\t") for ln in lines if ln[:1].isdigit()]
    tele = next(row for row in table if row[1] == "Telehealth Therapist")
    assert tele[4] == "breaks: No patient contact"
    first_broken = next(i for i, row in enumerate(table) if row[4].startswith("breaks"))
    assert all(row[4] == "kept" for row in table[:first_broken])
    assert not (tmp_path / "none.db").exists()  # no store: no evidence, and none created


def test_quiz_rejects_an_unknown_must(tmp_path):
    res = run("quiz", "--no-input", "-o", str(tmp_path / "x.toml"), "-c", "OT", "--must", "sunshine")
    assert res.exit_code == 2
    assert "preferences.musts" in res.output


@pytest.mark.parametrize("heavy", ["pydantic", "rich", "fastapi", "otpath.catalog", "selectolax", "datasketch"])
def test_help_imports_nothing_heavy(heavy):
    code = (
        "import sys, otpath.cli as c\n"
        "try:\n    c.app(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print({heavy!r} in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.stdout.strip().splitlines()[-1] == "False", res.stdout + res.stderr


@pytest.mark.parametrize(("country", "where"), [("GB", "the UK"), ("CA", "Canada"), ("US", None)])
def test_match_outside_the_us_says_the_facts_are_us_facts(tmp_path, monkeypatch, country, where):
    profile = tmp_path / "me.toml"
    profile.write_text(f'credentials = ["OT"]\nyears_experience = 3\ncountry = "{country}"\n', encoding="utf-8")
    monkeypatch.setenv("OTPATH_DB", str(tmp_path / "none.db"))
    res = run("match", "--profile", str(profile), "--no-details")
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    if where is None:
        assert "US sources" not in res.stdout
    else:
        assert first.startswith("Note: The roles and their facts come from US sources")
        assert f"postings you import from {where} show what employers there ask" in first
    # the pay baseline says whose median it is, whatever the country
    assert "US median (BLS) $" in res.stdout


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--pay-floor", "75000", "--pay-per", "hour"],
         "Error: preferences.pay_floor: 75,000 an hour is more than any hourly pay (over 1,000):"
         " if it is your pay a year, give it per year",
         'Hint: --pay-per year, or pay_floor_interval = "yearly" in a profile file'),
        (["--pay-floor", "36"],
         "Error: preferences.pay_floor: 36 a year is less than any yearly pay (under 1,000):"
         " if it is your pay an hour, give it per hour",
         'Hint: --pay-per hour, or pay_floor_interval = "hourly" in a profile file'),
    ],
)  # fmt: skip
def test_quiz_refuses_a_pay_floor_per_the_wrong_interval(tmp_path, args, message, hint):
    out = tmp_path / "p.toml"
    res = run("quiz", "--no-input", "-o", str(out), "-c", "SLP", *args)
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [message, hint]
    assert not out.exists()


@pytest.mark.parametrize(
    ("given", "written"),
    [("USA", "US"), ("usa", "US"), ("U.S.", "US"), ("United States", "US"), ("UK", "GB"),
     ("United Kingdom", "GB"), ("nz", "NZ")],
)  # fmt: skip
def test_quiz_takes_a_country_as_people_write_it(tmp_path, given, written):
    out = tmp_path / "c.toml"
    res = run("quiz", "--no-input", "-o", str(out), "-c", "OT", "--country", given)
    assert res.exit_code == 0, res.output
    assert f'country = "{written}"' in out.read_text()


@pytest.mark.parametrize(
    ("option", "typed", "said"),
    [
        ("--credential", "HCPC Physiotherapist", "unknown credential 'HCPC Physiotherapist' (did you mean PT, physical therapist?)"),
        ("--setting", "public schools", "unknown setting 'public schools' (did you mean schools?); allowed: acute,"),
        ("--setting", "NHS outpatients", "unknown setting 'NHS outpatients' (did you mean outpatient?)"),
        ("--country", "Untied Kingdom", "unknown country 'Untied Kingdom' (did you mean GB?); allowed: US, GB,"),
        ("--setting", "moon base", "unknown setting 'moon base'; allowed: acute,"),  # nothing near
    ],
)
def test_an_unknown_answer_names_the_nearest_known_one(tmp_path, option, typed, said):
    res = run("quiz", "--no-input", "-o", str(tmp_path / "n.toml"), "-c", "PT", option, typed)
    assert res.exit_code == 2 and said in res.stderr


def test_quiz_refuses_an_unknown_country(tmp_path):
    res = run("quiz", "--no-input", "-o", str(tmp_path / "c.toml"), "-c", "OT", "--country", "Narnia")
    assert res.exit_code == 2
    assert "Error: country: unknown country 'Narnia'; allowed: US, GB, IE, CA, AU, NZ" in res.stderr


@pytest.mark.parametrize("country", [[], ["--country", "US"], ["--country", "IE"]])
def test_quiz_refuses_an_nhs_band_outside_the_uk(tmp_path, country):
    out = tmp_path / "b.toml"
    res = run("quiz", "--no-input", "-o", str(out), "-c", "PT", "--nhs-band", "6", *country)
    assert res.exit_code == 2
    where = country[1] if country else "US"
    assert res.stderr.splitlines() == [
        f"Error: nhs_band: an NHS band is a UK pay grade, but your country is {where}:"
        " give your country as GB (UK), or leave the band out",
        "Hint: add --country GB, or leave out --nhs-band",
    ]
    assert not out.exists()
