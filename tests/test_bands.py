"""NHS bands: read from an advert's title, compared with the profile's own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpath.bands import BANDS, band_range, normalize_band, pay_band, steps_above, title_band
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import process


@pytest.mark.parametrize(
    ("title", "band"),
    [
        ("Band 6 Occupational Therapist", "6"),
        ("Senior Speech and Language Therapist (Band 7)", "7"),
        ("Therapy Lead - Band 8a", "8a"),
        ("Therapy Lead - Band 8 a", "8a"),
        ("Head of Therapies, Band 8B", "8b"),
        ("Service Manager Band 8", "8a"),  # a bare 8 is the first of its four
        ("Rotational Physiotherapist Band 5/6", "5-6"),
        ("Rehab Assistant band 2 - 3", "2-3"),
        ("Community Practitioner B6/B7", "6-7"),
        ("Band 5 or Band 6 Occupational Therapist", "5-6"),
        ("Team Lead Band 7 to 8a", "7-8a"),
        ("Therapy Service Lead AfC 8a", "8a"),
        ("AfC Band 6 Occupational Therapist", "6"),
        ("Practitioner (Bands 6/7)", "6-7"),
        ("Development Post, Bands 5-8a", "5"),  # a span past two bands is judged by its lowest
        # numbers after the band that are not a band
        ("Band 6 - 2 posts available", "6"),
        ("Band 7 - 37.5 hours", "7"),
        ("Physiotherapist band 6 - 12 month fixed term", "6"),
        # no band
        ("Occupational Therapist", None),
        ("Broadband Engineer", None),
        ("Band 10 Trainee", None),
        ("Ward B52", None),
        ("", None),
    ],
)
def test_title_band(title: str, band: str | None) -> None:
    assert title_band(title) == band


@pytest.mark.parametrize(
    ("pay", "band"),
    [
        ("Band 5", "5"),
        ("Band 8a-8b", "8a-8b"),
        ("Band 8 dependent on experience", "8a"),
        ("£45,000-£51,000 (B8a) £53,000-£62,000 (B8b) pa pro rata", "8a-8b"),
        ("AfC Band 6 plus HCAS", "6"),
        ("Band 3 to Band 8c", "3"),  # too wide a span: its lowest
        # no band named
        ("£40,000 - £45,000 per annum", None),
        ("Competitive, depending on experience", None),
        ("", None),
        (None, None),
    ],
)
def test_pay_band(pay: str | None, band: str | None) -> None:
    assert pay_band(pay) == band


def test_a_posting_takes_its_band_from_its_pay_only_when_its_title_names_none() -> None:
    def band(title: str, pay_text: str | None) -> tuple[str | None, str | None]:
        req = process(RawPosting(title=title, description="<p>Lead the service.</p>", pay_text=pay_text)).requirements
        return req.nhs_band, req.sentences.get("nhs_band")

    assert band("Head of Continuing Healthcare", "Band 8c") == ("8c", "Band 8c")
    assert band("Therapy Lead (Band 7)", "Band 8a") == ("7", None)  # the title says it
    assert band("Head of Continuing Healthcare", "£70,000 per annum") == (None, None)


@pytest.mark.parametrize(
    ("text", "band"),
    [("Band 6", "6"), ("8A", "8a"), (" band 8c ", "8c"), ("8", "8a"), ("10", None), ("6b", None), ("", None)],
)
def test_normalize_band(text: str, band: str | None) -> None:
    assert normalize_band(text) == band


@given(st.sampled_from(BANDS), st.sampled_from(BANDS))
def test_steps_are_antisymmetric_and_follow_the_order(a: str, b: str) -> None:
    up = steps_above(a, b)
    assert up is not None and up == -(steps_above(b, a) or 0)
    assert (up > 0) is (BANDS.index(a) > BANDS.index(b))


@given(st.sampled_from(BANDS), st.sampled_from(BANDS))
def test_a_range_is_judged_by_its_lowest_band(lo: str, hi: str) -> None:
    if BANDS.index(hi) <= BANDS.index(lo):
        return
    assert band_range(f"{lo}-{hi}") == (lo, hi)
    assert steps_above(f"{lo}-{hi}", "6") == steps_above(lo, "6")
