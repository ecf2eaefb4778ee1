"""Which country a posting's location names (otpath.money.country_in).

A home job read as foreign is hidden from the user, which is worse than a foreign job
missed: the table pins both sides, and the properties pin that no US state (by code or
name) and no place name of the countries otpath serves is ever read as another country.
"""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.money import COUNTRY_CURRENCY, country_in, country_name


@pytest.mark.parametrize(
    ("location", "country"),
    [
        # the words otpath always knew
        ("Preston, UK", "GB"),
        ("Glasgow, Scotland", "GB"),
        ("Leeds, England, United Kingdom", "GB"),
        ("Austin, TX, USA", "US"),
        ("Remote, US", "US"),
        ("Cork, Ireland", "IE"),
        ("Sydney NSW, Australia", "AU"),
        # any country, by name, common name, official name or code
        ("Colombo, Sri Lanka", "LK"),
        ("Chennai, Tamil Nadu, India", "IN"),
        ("Manila, Philippines", "PH"),
        ("Seoul, South Korea", "KR"),
        ("Toronto, Canada", "CA"),
        ("Hanoi, Viet Nam", "VN"),
        ("Nairobi, Republic of Kenya", "KE"),
        ("Pune, IND", "IN"),
        ("Makati, PH", "PH"),
        ("Leeds, GB", "GB"),
        # a state or province that only one country has
        ("Chennai, Tamil Nadu", "IN"),
        ("Pune, Maharashtra", "IN"),
        ("Kochi, Kerala", "IN"),
        ("Guangzhou, Guangdong", "CN"),
        # codes that are also states, provinces or counties at home
        ("Vancouver, CA", None),
        ("Indianapolis, IN", None),
        ("Atlanta, GA", None),
        ("Wilmington, DE", None),
        ("Portland, ME", None),
        ("Denver, CO", None),
        ("San Juan, PR", None),
        ("Regina, SK", None),
        ("St. John's, NL", None),
        ("Adelaide, SA", None),
        ("Remote, NA", None),  # North America, not Namibia
        ("Christchurch, CAN", None),  # Canterbury, NZ
        ("Naas, KE", None),  # Kildare, not Kenya
        # ...but a state code with a ZIP code is the US (a UK physio was told "can apply"
        # to a San Francisco job whose location ended in its ZIP code)
        ("San Francisco, CA, 94101", "US"),
        ("Denver, CO 80202", "US"),
        ("Indianapolis, IN 46204-1234", "US"),
        ("Toronto, ON M5V 2T6", None),  # a Canadian postcode is not a ZIP code
        # a code after a UK place may be its postcode area (CH Chester, PL Plymouth, PH
        # Perth), not Switzerland, Poland or the Philippines; after any other place it
        # still names its country
        ("Chester, CH", None),
        ("Plymouth, PL", None),
        ("Perth, PH", None),
        ("Ellesmere Port, Cheshire, CH", None),
        ("Zurich, CH", "CH"),
        ("Warsaw, PL", "PL"),
        ("Wellington, NZ", "NZ"),
        # the Crown Dependencies are named (they are not part of the UK; otpath.match does
        # not judge them abroad for someone in the UK)
        ("Douglas, Isle of Man", "IM"),
        ("St Peter Port, Guernsey", "GG"),
        ("St Peter Port, GY", "GG"),  # Guernsey's postcode area...
        ("Vale, Guernsey, GY", "GG"),
        ("Georgetown, GY", "GY"),  # ...which is also Guyana's code
        ("St Helier, JE", "JE"),
        ("St Helier, Jersey, GB", "JE"),  # NHS Jobs files the islands under the UK
        ("Guernsey, United Kingdom", "GG"),
        ("Epsom and St Helier, GB", "GB"),  # a hospital in Surrey
        # a code not written as a code
        ("Evansville, Ind.", None),
        ("Boulder, Col.", None),
        # names that places at home have
        ("Atlanta, Georgia", None),
        ("Melbourne, Victoria", None),
        ("Perth, Western Australia", None),
        ("Toronto, Ontario", None),
        ("Maidstone, Kent", None),
        ("Trenton, New Jersey", None),
        ("Leeds, Midlands", None),
        ("Somewhere, Kingston", None),
        ("Ottawa, National Capital Region", None),
        # regions that several countries have, or that only say a direction
        ("Colombo, Western Province", None),
        ("Lahore, Punjab", None),
        ("Leeds, North", None),
        ("Bristol, South West", None),
        # no country said
        ("Leeds", None),
        ("Maharashtra", None),  # a region alone may be a town's name elsewhere
        ("Remote", None),
        ("", None),
        (None, None),
        ("Remote, Anywhere", None),
    ],
)  # fmt: skip
def test_a_location_s_last_part_names_its_country(location, country) -> None:
    assert country_in(location) == country


@pytest.mark.parametrize(
    ("code", "name"),
    [("US", "the US"), ("GB", "the UK"), ("IN", "India"), ("LK", "Sri Lanka"), ("IR", "Iran"), ("ZZ", "ZZ"),
     ("JE", "Jersey"), ("IM", "Isle of Man")],
)
def test_a_country_is_named_as_a_reader_would(code, name) -> None:
    assert country_name(code) == name


def _subdivisions(*countries: str) -> list[tuple[str, str]]:
    return sorted((s.country_code, s.name) for s in pycountry.subdivisions if s.country_code in countries)


US_STATE_CODES = sorted(
    s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US") if s.parent_code is None
)
HOME_PLACES = _subdivisions(*COUNTRY_CURRENCY)
city = st.text(st.characters(blacklist_characters=",", blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=200, deadline=None)
@given(city, st.sampled_from(US_STATE_CODES))
def test_a_us_state_code_never_names_a_country(town, code) -> None:
    assert country_in(f"{town}, {code}") is None


@settings(max_examples=300, deadline=None)
@given(city, st.sampled_from(HOME_PLACES))
def test_a_place_at_home_is_never_another_country(town, place) -> None:
    home, name = place
    assert country_in(f"{town}, {name}") in (None, home)
