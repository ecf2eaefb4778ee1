"""``otpath quiz`` asked on a terminal, as the people it is for answer it: a US PT, a US
SLP, a UK physiotherapist. Each reply is checked as it is typed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app


def replies(
    *,
    credentials: str = "PT",
    years: str = "5",
    degree: str = "",
    settings: str = "",
    skills: str = "",
    choices: tuple[str, ...] = ("",) * 7,
    musts: str = "",
    country: str = "",
    band: str | None = None,
    pay: str = "",
    currency: str | None = None,
) -> str:
    """What a person types, one reply a line, in the order the quiz asks (Enter keeps a
    default); ``band`` and ``currency`` only where the quiz asks them."""
    lines = [credentials, years, degree, settings, skills, *choices, musts, country]
    lines += [band] if band is not None else []
    lines += [pay] + ([currency] if currency is not None else [])
    return "\n".join(lines) + "\n"


def take_quiz(tmp_path: Path, typed: str, *options: str) -> tuple[str, dict]:
    out = tmp_path / "me.toml"
    result = CliRunner().invoke(app, ["quiz", "--interactive", "-o", str(out), *options], input=typed)
    assert result.exit_code == 0, result.output
    return result.output, tomllib.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("who", "typed", "written"),
    [
        (
            "UK physiotherapist",
            replies(credentials="physiotherapist", country="United Kingdom", band="6", pay="£28,000"),
            {"country": "GB", "nhs_band": "6", "pay_floor": 28000.0, "pay_floor_currency": "GBP"},
        ),
        (
            "UK physiotherapist, by code, outside the NHS",
            replies(country="gb", band="", pay="31000", currency=""),
            {"country": "GB", "nhs_band": None, "pay_floor": 31000.0, "pay_floor_currency": "GBP"},
        ),
        (
            "US PT paid by the hour, with a doctorate",
            replies(credentials="DPT", degree="Doctorate", country="USA", pay="$48 an hour"),
            {"country": "US", "nhs_band": None, "pay_floor": 48.0, "pay_floor_interval": "hourly",
             "degree": "doctorate"},
        ),
        (
            "US SLP, pressing Enter for the country",
            replies(credentials="CCC-SLP", settings="schools", pay="72k", currency=""),
            {"country": "US", "pay_floor": 72000.0, "pay_floor_currency": "USD"},
        ),
    ],
    ids=["uk-physio", "uk-physio-outside-nhs", "us-pt-hourly", "us-slp"],
)
def test_the_quiz_asks_where_you_work_your_band_and_your_currency(tmp_path, who, typed, written) -> None:
    output, profile = take_quiz(tmp_path, typed)
    assert "Where do you work? United States (US), United Kingdom (GB)" in output
    assert ("Your NHS band" in output) == (written["country"] == "GB")
    flat = {**profile, **profile["preferences"]}
    assert {key: flat.get(key) for key in written} == written, who


@pytest.mark.parametrize(
    ("country", "pay", "currency", "floor", "code", "said"),
    [
        ("GB", "£28,000", None, 28000.0, "GBP", "Your pay floor: £28,000 a year."),
        ("GB", "£28.5k", None, 28500.0, "GBP", "Your pay floor: £28,500 a year."),
        ("GB", "€30,000", None, 30000.0, "EUR", "Your pay floor: €30,000 a year."),  # set, not dropped
        ("GB", "$50,000", "", 50000.0, "USD", "Your pay floor: $50,000 a year."),  # $ abroad: US$ offered
        ("US", "61,500", "CAD", 61500.0, "CAD", "Your pay floor: C$61,500 a year."),
        ("US", "$61.5k", None, 61500.0, None, "Your pay floor: $61,500 a year."),
        ("US", "45000 NZD", None, 45000.0, "NZD", "Your pay floor: NZ$45,000 a year."),
    ],
)
def test_a_pay_floor_is_taken_as_people_type_it(tmp_path, country, pay, currency, floor, code, said) -> None:
    typed = replies(country=country, band="" if country == "GB" else None, pay=pay, currency=currency)
    output, profile = take_quiz(tmp_path, typed)
    assert profile["preferences"]["pay_floor"] == floor
    assert profile["preferences"].get("pay_floor_currency") == code
    assert said in output


@pytest.mark.parametrize(
    ("typed", "options", "said", "kept"),
    [
        (
            replies(credentials="HCPC Physiotherapist\nPT"),
            [],
            "unknown credential 'HCPC Physiotherapist' (did you mean PT, physical therapist?)",
            ("credentials", ["PT"]),
        ),
        (
            replies(settings="outpatient, public schools\noutpatient, schools"),
            [],
            "unknown setting 'public schools' (did you mean schools?); allowed: acute, irf,",
            ("settings", ["outpatient", "schools"]),
        ),
        (
            replies(country="Untied Kingdom\nUnited Kingdom", band="", pay=""),
            [],
            "unknown country 'Untied Kingdom' (did you mean GB?); allowed: US, GB, IE, CA, AU, NZ",
            ("country", "GB"),
        ),
        (
            replies(country="GB", band="Band 12\nBand 7", pay=""),
            [],
            "unknown NHS band 'Band 12'; allowed: 1, 2, 3, 4, 5, 6, 7, 8a, 8b, 8c, 8d, 9",
            ("nhs_band", "7"),
        ),
        (replies(years="five\n5"), [], "enter a number of years, such as 3 or 4.5", ("years_experience", 5.0)),
        (replies(choices=("9\n1", *("",) * 6)), [], "choose a number from 1 to 4", ("remote", "required")),
        (replies(musts="1, 8\n1"), [], "give numbers from 1 to 7", ("musts", ["remote"])),
        (
            replies(pay="28000 a year, roughly\n28000", currency=""),
            [],
            "enter your pay floor as an amount, such as 31000 or £31,000 or 31k, in one currency",
            ("pay_floor", 28000.0),
        ),
        (
            replies(pay="£28,000\n28000"),
            ["--pay-currency", "USD"],
            "£28,000 is in GBP (£), but the currency chosen for your pay is USD: choose GBP,"
            " or type the amount without its symbol",
            ("pay_floor_currency", "USD"),
        ),
        (
            replies(pay="45\n45 an hour", currency=""),
            [],
            "45 a year is less than any yearly pay",
            ("pay_floor_interval", "hourly"),
        ),
    ],
    ids=["credential", "setting", "country", "band", "years", "choice", "musts", "pay", "symbol", "hourly"],
)
def test_a_refused_reply_is_asked_again_and_no_answer_is_lost(tmp_path, typed, options, said, kept) -> None:
    output, profile = take_quiz(tmp_path, typed, *options)
    assert f"  {said}" in output and "Please answer again." in output
    key, value = kept
    assert {**profile, **profile["preferences"]}[key] == value
    # every other answer is still there
    assert profile["credentials"] == ["PT"] and profile["years_experience"] == 5.0


def test_the_credential_question_names_every_profession_the_quiz_is_for(tmp_path) -> None:
    output, _ = take_quiz(tmp_path, replies(credentials="OTR/L", country="US"), "--pay-floor", "70000")
    prompt = output.splitlines()[0]
    assert all(code in prompt for code in ("OT", "COTA", "PT", "PTA", "SLP", "DPT", "CCC-SLP"))
