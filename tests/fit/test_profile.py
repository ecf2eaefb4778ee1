"""Profile files: parsing, errors that name the field, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.errors import ProfileError
from otpath.profile import Profile, dump_profile_toml, parse_profile, read_profile, write_profile

GOOD = """
credentials = ["OTR/L", "COTA"]
years_experience = 3.5
settings = ["SNF", "home health"]
skills = ["ICD-10"]
certifications = ["CEAS"]

[preferences]
remote = "preferred"
patient_interaction = "low"
physical_demand = "none"
pay_model = "commission_ok"
schedule = "flexible"
extra_education = "degree_ok"
entrepreneurship = true
"""


def test_reads_every_documented_field(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text(GOOD)
    p = read_profile(f)
    assert p.credentials == ["OT", "COTA"]
    assert p.settings == ["snf", "home_health"]
    assert p.preferences.pay_model == "commission_ok"
    assert p.preferences.entrepreneurship is True


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        ('credentials = ["OT"]\n[preferences]\nremote = "sometimes"\n', "preferences.remote", "'required', 'preferred', 'no_preference' or 'avoid'"),
        ('credentials = ["OT"]\n[preferences]\npay_model = "tips"\n', "preferences.pay_model", "allowed values"),
        ('credentials = ["astronaut"]\n', "credentials", "unknown credential 'astronaut'"),
        ('credentials = ["OT"]\nsettings = ["moon base"]\n', "settings", "unknown setting 'moon base'"),
        ('credentials = ["OT"]\nfavourite_colour = "blue"\n', "favourite_colour", "unknown field; allowed fields: credentials"),
        ('credentials = []\n', "credentials", "at least 1"),
        ('credentials = ["OT"]\nyears_experience = -1\n', "years_experience", "greater than or equal to 0"),
        ('credentials = ["OT"]\n[preferences]\nhover = 1\n', "preferences.hover", "allowed fields: remote"),
        ('credentials = ["OT"]\n[preferences]\npay_floor = 36\n', "preferences.pay_floor",
         "36 a year is less than any yearly pay (under 1,000): if it is your pay an hour, give it per hour"),
        ('credentials = ["OT"]\n[preferences]\npay_floor = 75000\npay_floor_interval = "hourly"\n',
         "preferences.pay_floor", "75,000 an hour is more than any hourly pay (over 1,000)"),
    ],
)
def test_invalid_values_name_the_field_and_the_allowed_values(tmp_path, text, field, fragment):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ProfileError) as info:
        read_profile(f)
    msg = str(info.value)
    assert msg.startswith(f"{f}: {field}: "), msg
    assert fragment in msg


def test_not_toml(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("credentials = [OT")
    with pytest.raises(ProfileError, match="not valid TOML"):
        read_profile(f)


def test_missing_file(tmp_path):
    with pytest.raises(ProfileError, match="file not found"):
        read_profile(tmp_path / "nope.toml")


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=50, deadline=None)
@given(
    creds=st.lists(st.sampled_from(["OT", "COTA", "PT", "PTA", "SLP"]), min_size=1, unique=True),
    years=st.floats(min_value=0, max_value=60, allow_nan=False),
    skills=st.lists(texts.filter(lambda s: s.strip() == s and s), max_size=3),
)
def test_write_then_read_round_trips(tmp_path_factory, creds, years, skills):
    p = Profile(credentials=creds, years_experience=years, skills=skills)
    path = write_profile(p, tmp_path_factory.mktemp("p") / "profile.toml")
    assert read_profile(path) == p
    assert parse_profile(p.model_dump()) == p
    assert dump_profile_toml(read_profile(path)) == dump_profile_toml(p)


@pytest.mark.parametrize(
    ("floor", "interval", "ok"),
    [(1000, "yearly", True), (999.5, "yearly", False), (1000, "hourly", True), (1000.5, "hourly", False),
     (28.5, "hourly", True), (61500, "yearly", True)],
)  # fmt: skip
def test_a_pay_floor_per_the_wrong_interval_is_refused(floor, interval, ok):
    data = {"credentials": ["OT"], "preferences": {"pay_floor": floor, "pay_floor_interval": interval}}
    if ok:
        assert parse_profile(data).preferences.pay_floor == floor
        return
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert info.value.field == "preferences.pay_floor"
    other = "year" if interval == "hourly" else "hour"
    assert info.value.hint is not None and info.value.hint.startswith(f"--pay-per {other}, or pay_floor_interval")


@pytest.mark.parametrize(
    ("written", "read"),
    [("year", "yearly"), ("Yearly", "yearly"), ("hour", "hourly"), (" hourly ", "hourly")],
)
def test_pay_floor_interval_takes_the_cli_words_too(tmp_path, written, read):
    f = tmp_path / "p.toml"
    floor = 30 if read == "hourly" else 61500
    f.write_text(f'credentials = ["OT"]\n[preferences]\npay_floor = {floor}\npay_floor_interval = "{written}"\n')
    assert read_profile(f).preferences.pay_floor_interval == read
    f.write_text('credentials = ["OT"]\n[preferences]\npay_floor = 30\npay_floor_interval = "week"\n')
    with pytest.raises(ProfileError, match="preferences.pay_floor_interval: invalid value 'week'"):
        read_profile(f)
