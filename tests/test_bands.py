"""NHS bands: read from an advert's title, compared with the profile's own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpath.bands import BANDS, band_range, normalize_band, pay_band, steps_above, title_band
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import process
from otpath.postings.pipeline.extract import band_experience, description_band


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
        ("Bank Registered Nurse - Ward B4", None),  # a ward's name
        ("Clinical Psychologist, Band 7 & 8a", "7-8a"),
        ("Physiotherapist Band 6 and 7", "6-7"),
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
        return req.nhs_band, req.sentences.get("nhs_band:pay")

    assert band("Head of Continuing Healthcare", "Band 8c") == ("8c", "Band 8c")
    assert band("Therapy Lead (Band 7)", "Band 8a") == ("7", None)  # the title says it
    assert band("Head of Continuing Healthcare", "£70,000 per annum") == (None, None)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("We are looking to appoint a Band 7 Occupational Therapist to our team.", "7"),
        ("An opportunity has arisen for a Band 8a Team Manager in our children's service.", "8a"),
        ("We are recruiting an enthusiastic band 6 practitioner.", "6"),
        ("This is a Band 8b post within the directorate.", "8b"),
        ("Come and join our rehab team as Band 5 therapy assistant.", "5"),
        ("We are recruiting new graduates, who start as a Band 4 until registered.", None),  # a start
        # a band said of someone else, or one the hire works towards
        ("We are looking for an OT who will be supervised by our Band 7 lead.", None),
        ("We are seeking a therapist with experience at Band 6.", None),
        ("We are recruiting trainees who will progress onto Band 5 after a year.", None),
        # a band with no hiring words before it, or in another sentence
        ("You will work with the Band 6 physiotherapist.", None),
        ("We are recruiting. Band 7 staff lead the rota.", None),
        # two different bands said of the post: none
        ("We are looking for Band 5 nurses and we are also looking for a Band 6 sister.", None),
        ("", None),
    ],
)
def test_description_band(text: str, band: str | None) -> None:
    found = description_band(text)
    assert (found[0] if found else None) == band
    if found:
        assert found[1] == text  # the sentence it was read from


@pytest.mark.parametrize(
    ("title", "text", "band"),
    [
        ("Children's OT Team Manager", "Band 8a Children's Occupational Therapy Team Manager\nLead us.", "8a"),
        ("Discharge Co-ordinator", "BAND 6 - DISCHARGE CO-ORDINATOR\nJoin the hub.", "6"),
        # a heading about another post, or a line that is a sentence
        ("Discharge Co-ordinator", "Band 7 Ward Manager\nYou report to them.", None),
        ("Discharge Co-ordinator", "Band 5 discharge co-ordinators support you. They book transport.", None),
        # the band after the title's words, set apart by a dash, a comma or brackets
        ("Back Care Adviser", "Back Care Adviser \u2013 Band 6\nJoin the safety team.", "6"),
        ("Back Care Adviser", "Post: Back Care Adviser (Band 5)\nJoin us.", "5"),
        ("Rehab Team Lead", "Rehab Team Lead, Band 7", "7"),
        # ...but not a line about another post, nor a band inside a sentence
        ("Back Care Adviser", "Ward Manager - Band 7\nYou report to them.", None),
        ("Back Care Adviser", "You will work with the back care adviser, band 6.", None),
        # two headings that disagree
        ("Team Manager", "Band 7 Team Manager\nBand 8a Team Manager", None),
    ],
)
def test_description_band_from_a_heading_that_repeats_the_title(title: str, text: str, band: str | None) -> None:
    found = description_band(text, title)
    assert (found[0] if found else None) == band


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("You will have at least 5 years' experience, with a minimum of 2 years at a Band 7.", "7"),
        ("Experience working at band 6 or above is essential.", "6"),
        ("Two years as a Band 5 and one year at Band 6 in community services.", "6"),  # the highest
        # a band that is not experience asked of the hire
        ("You will supervise Band 5 staff.", None),
        ("Years of service count towards annual leave. Band 6 pay applies.", None),
    ],
)
def test_band_experience(text: str, band: str | None) -> None:
    found = band_experience(text)
    assert (found[0] if found else None) == band


@pytest.mark.parametrize(
    ("title", "senior"),
    [
        ("Head of Continuing Healthcare", "Head of"),
        ("Associate Director of Clinical Services", "Associate Director"),
        ("Chief Operating Officer", "Chief Operating Officer"),
        ("Deputy Head of Therapies", "Deputy Head"),
        ("Occupational Therapist", None),
        ("Headway Support Worker", None),
    ],
)
def test_senior_titles(title: str, senior: str | None) -> None:
    assert process(RawPosting(title=title, description="<p>Lead.</p>")).requirements.senior_title == senior


def test_a_posting_takes_its_band_from_its_description_last() -> None:
    text = "<p>We are looking to appoint a Band 8a Team Manager to lead the children's OT service.</p>"

    def band(title: str, pay_text: str | None = None) -> str | None:
        return process(RawPosting(title=title, description=text, pay_text=pay_text)).requirements.nhs_band

    assert band("Children's OT Team Manager") == "8a"
    assert band("Children's OT Team Manager", pay_text="Band 7") == "7"  # the pay field first
    assert band("Team Manager (Band 8b)") == "8b"  # the title first


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


# -- a band read from pay, on the dated Agenda for Change pay scale -------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "currency", "band"),
    [
        (24907, 30615, "GBP", "5"),
        (45753, 51668, "GBP", "8a"),
        (31365, None, "GBP", "6"),  # a band's entry point alone
        (29888, 36738, "GBP", None),  # band 5 with a London supplement: not on the scale
        (31365, 44503, "GBP", None),  # two bands' span: not one band's range
        (24907, 30615, "USD", None),  # the same figures in dollars are no NHS band
        (None, None, "GBP", None),
    ],
)
def test_a_band_from_pay_needs_exactly_a_band_s_range(lo, hi, currency, band) -> None:
    raw = RawPosting(title="Discharge Co-ordinator", description="<p>Plan discharges.</p>",
                     pay_min=lo, pay_max=hi, pay_interval="yearly" if lo else None, pay_currency=currency)  # fmt: skip
    req = process(raw).requirements
    assert req.nhs_band == band
    said = req.sentences.get("nhs_band:pay_scale")
    assert (said is not None) is (band is not None)
    if said:
        assert f"band {band} on the Agenda for Change pay scale 2020/21" in said


def test_the_title_s_band_comes_before_the_pay_s() -> None:
    raw = RawPosting(title="Team Lead (Band 7)", description="<p>Lead.</p>",
                     pay_min=45753, pay_max=51668, pay_interval="yearly", pay_currency="GBP")  # fmt: skip
    req = process(raw).requirements
    assert req.nhs_band == "7" and "nhs_band:pay_scale" not in req.sentences


def test_the_pay_scale_is_sourced_and_ordered() -> None:
    from otpath.bands import afc_band, afc_scales

    for scale in afc_scales():
        assert scale["sources"] and all(s["url"].startswith("https://") for s in scale["sources"])
        ranges = [scale["bands"][b] for b in BANDS if b in scale["bands"]]
        assert all(lo <= hi for lo, hi in ranges)  # band 2 has had one pay point since 2023
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))  # a year's bands do not overlap
        for band, (lo, hi) in scale["bands"].items():
            assert afc_band(lo, hi) == (band, scale["year"])


def test_no_pay_point_names_two_bands_across_the_years() -> None:
    """An entry point alone gives a band: no year's entry or range may be another band's in
    another year, or an amount would name two bands."""
    from otpath.bands import afc_scales

    entries: dict[int, str] = {}
    ranges: dict[tuple[int, int], str] = {}
    for scale in afc_scales():
        for band, (lo, hi) in scale["bands"].items():
            assert entries.setdefault(lo, band) == band, (scale["year"], band, lo)
            assert ranges.setdefault((lo, hi), band) == band, (scale["year"], band, lo, hi)
    assert len({s["year"] for s in afc_scales()}) == len(afc_scales())


@pytest.mark.parametrize(
    ("lo", "hi", "said"),
    [
        # Today's adverts: the 2025/26 scale, England.
        (31049, 37796, "band 5 on the Agenda for Change pay scale 2025/26"),
        (64455, 74896, "band 8b on the Agenda for Change pay scale 2025/26"),
        (24465, None, "band 2 on the Agenda for Change pay scale 2025/26"),  # band 2 has one pay point
        (46148, 52809, "band 7 on the Agenda for Change pay scale 2024/25"),
        (25655, 31534, "band 5 on the Agenda for Change pay scale 2021/22"),
        # Scotland's 2026/27 band 5 is no England band.
        (34494, 42978, None),
    ],
)
def test_a_band_from_pay_on_later_scales(lo, hi, said) -> None:
    raw = RawPosting(title="Discharge Co-ordinator", description="<p>Plan discharges.</p>",
                     pay_min=lo, pay_max=hi, pay_interval="yearly", pay_currency="GBP")  # fmt: skip
    got = process(raw).requirements.sentences.get("nhs_band:pay_scale")
    assert (said in got) if said else got is None, got


def test_the_pay_scale_agrees_with_real_adverts_that_name_their_band() -> None:
    """Of the real NHS adverts whose title names one band and whose pay is a range on the
    scale, nearly all name the scale's band for it (a typo in the table would not)."""
    import gzip
    import json
    from pathlib import Path

    from otpath.bands import afc_band

    nhs = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real_postings" / "nhs_jobs_2020.jsonl.gz"
    if not nhs.exists():
        pytest.skip(f"needs the real NHS adverts at {nhs} (a development checkout of ../shared)")
    agree = disagree = 0
    seen: set[str] = set()
    with gzip.open(nhs, "rt", encoding="utf-8") as fh:
        for line in fh:
            ad = json.loads(line)
            named = title_band(ad.get("title") or "")
            value = ((ad.get("baseSalary") or {}).get("value") or {})
            try:
                lo, hi = float(value.get("minValue")), float(value.get("maxValue"))
            except (TypeError, ValueError):
                continue
            scale = afc_band(lo, hi) if lo != hi else None
            if named is None or "-" in named or scale is None:
                continue
            seen.add(scale[0])
            agree, disagree = agree + (scale[0] == named), disagree + (scale[0] != named)
    assert agree >= 700 and agree / (agree + disagree) >= 0.98, (agree, disagree)  # 775 and 3 on 5 Dec
    assert seen == {"2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d"}


def test_outside_inner_london_a_supplement_never_lifts_a_post_two_bands() -> None:
    """paid_like_band's premise: from band 5 up, a post's entry point plus an outer London
    supplement (at most 15% of basic pay) stays below the next band's entry point, on
    every scale shipped; so pay from two bands up is never a one-band-up post."""
    from otpath.bands import afc_scales

    for scale in afc_scales():
        ranked = [b for b in BANDS if b in scale["bands"]]
        for lower, upper in zip(ranked, ranked[1:], strict=False):
            if BANDS.index(lower) >= BANDS.index("5") and BANDS.index(upper) == BANDS.index(lower) + 1:
                assert scale["bands"][lower][0] * 1.15 < scale["bands"][upper][0], (scale["year"], lower)
