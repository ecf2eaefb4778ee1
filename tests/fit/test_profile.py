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
