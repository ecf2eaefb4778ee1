"""Amounts of money with their currency, and the countries they are paid in.

How to show an amount, when two can be compared, and which country a posting is in
(:func:`country_in`, from the end of its location).

otpath never converts between currencies: no exchange-rate table ships with it, and a
rate without a date and a source would be an invented fact. Pay in one currency is only
ever compared with pay in the same currency; anything else is said, not guessed.

    >>> format_money(61500, "USD"), format_money(35000, "GBP"), format_money(27.5, "CAD")
    ('$61,500', '£35,000', 'C$27.50')
    >>> format_money(90000, None), format_money(1200, "JPY")
    ('90,000', '1,200 JPY')
    >>> comparable("USD", "usd"), comparable("USD", "GBP"), comparable(None, "USD")
    (True, False, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ANNUAL_HOURS",
    "COUNTRY_CURRENCY",
    "CURRENCY_SYMBOLS",
    "COUNTRY_NAMES",
    "COUNTRY_WORDS",
    "CROWN_DEPENDENCIES",
    "comparable",
    "country_in",
    "country_label",
    "country_name",
    "currency_label",
    "format_money",
    "normalize_country",
    "normalize_currency",
]

#: Hours in a working year, to compare an hourly amount with a yearly one (40 h x 52 weeks,
#: the same convention the pay extractor uses for postings).
ANNUAL_HOURS = 2080

#: How each currency is written before an amount. "$" alone always means US dollars.
CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "GBP": "£",
    "EUR": "€",
    "CAD": "C$",
    "AUD": "A$",
    "NZD": "NZ$",
}

#: The currency a practitioner in each country is paid in (ISO 3166 alpha-2 -> ISO 4217).
COUNTRY_CURRENCY: dict[str, str] = {
    "US": "USD",
    "GB": "GBP",
    "IE": "EUR",
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
}


#: How a location's last part names a country (checked after the last comma).
COUNTRY_WORDS: dict[str, str] = {
    "us": "US", "usa": "US", "united states": "US", "united states of america": "US",
    "uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "ireland": "IE", "canada": "CA", "australia": "AU", "new zealand": "NZ",
}  # fmt: skip

#: The Crown Dependencies (Guernsey, Jersey, the Isle of Man) and the country they are tied
#: to. ISO 3166, hence pycountry, lists each as a country of its own, and none is part of
#: the UK, but all are in its Common Travel Area (no immigration control from the UK) and
#: pay in pounds (their own notes, at par with sterling). A job there is named, not judged a
#: job in another country, for someone who works in the UK; their own rules on work and
#: housing still apply. (pycountry records no such tie, so it is written here.)
CROWN_DEPENDENCIES: dict[str, str] = {"GG": "GB", "JE": "GB", "IM": "GB"}


def country_in(location: str | None) -> str | None:
    """The country a location's last part names, if it names one (ISO 3166 alpha-2).

    The last part is read as a country's name or code (`pycountry`_'s ISO 3166 data), or
    as a state or province that only one country has ("Chennai, Tamil Nadu"). Read
    conservatively, since a home job taken for a foreign one is hidden from the user.
    None of these names another country: a code that is also a state, province or
    county code in a country otpath serves ("Vancouver, CA", "Indianapolis, IN"); a code
    not written in capitals ("Evansville, Ind."); the name of a place in those countries
    ("Atlanta, Georgia", "Perth, Western Australia"); a region that several countries
    have ("Colombo, Western Province", "Lahore, Punjab"); a region alone ("Maharashtra");
    a code after a place in the UK, where it may be a postcode area ("Chester, CH",
    "Plymouth, PL"), the place being a UK county or council area, or a word of one's name
    (pycountry's ISO 3166-2 table: "Chester" of "Cheshire West and Chester").

    >>> country_in("Preston, UK"), country_in("Leeds, England, United Kingdom")
    ('GB', 'GB')
    >>> country_in("Sydney NSW, Australia"), country_in("Remote"), country_in("Leeds")
    ('AU', None, None)
    >>> country_in("Colombo, Sri Lanka"), country_in("Pune, IND"), country_in("Chennai, Tamil Nadu")
    ('LK', 'IN', 'IN')
    >>> country_in("Vancouver, CA"), country_in("Atlanta, Georgia"), country_in("Lahore, Punjab")
    (None, None, None)
    >>> country_in("Chester, CH"), country_in("Zurich, CH"), country_in("Douglas, Isle of Man")
    (None, 'CH', 'IM')

    A US state's code with a ZIP code is the US ("CA" alone stays unread):

    >>> country_in("San Francisco, CA 94101"), country_in("Austin, TX, 78701-1234")
    ('US', 'US')

    A Crown Dependency named before the UK is that island, not the UK (it is not part of
    the UK: :data:`CROWN_DEPENDENCIES`):

    >>> country_in("St Helier, Jersey, GB"), country_in("Guernsey, United Kingdom")
    ('JE', 'GG')
    >>> country_in("St Peter Port, GY"), country_in("Georgetown, GY")
    ('GG', 'GY')

    .. _pycountry: https://github.com/pycountry/pycountry
    """
    if not location:
        return None
    found = _country_in(location)
    if found is None and _us_state_with_zip(location):
        return "US"
    if found in CROWN_DEPENDENCIES.values() and "," in location:
        # "Jersey, GB": NHS Jobs files the islands' adverts under the UK
        islands = _crown_names()
        for part in location.split(",")[:-1]:
            code = islands.get(_place_key(part))
            if code is not None and CROWN_DEPENDENCIES[code] == found:
                return code
    return found


# "San Francisco, CA 94101", "Austin, TX, 78701-1234": a state code and a ZIP code
_STATE_ZIP = re.compile(r",\s*([A-Z]{2})\s*,?\s*\d{5}(?:-\d{4})?\s*$")


def _us_state_with_zip(location: str) -> bool:
    """A US state's code followed by a five-digit ZIP code: the US, whatever else the
    code could mean alone ("CA" is Canada's code too, but no Canadian postcode is five
    digits)."""
    m = _STATE_ZIP.search(location)
    return m is not None and m.group(1) in _us_states()


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    import pycountry

    return frozenset(s.code.split("-", 1)[1] for s in pycountry.subdivisions.get(country_code="US"))


@lru_cache(maxsize=1)
def _crown_names() -> dict[str, str]:
    """Each Crown Dependency's name as pycountry gives it, folded -> its code."""
    return {_place_key(country_name(code)): code for code in CROWN_DEPENDENCIES}


def _country_in(location: str) -> str | None:
    parts = location.rsplit(",", 1)
    last = parts[-1].strip().strip(".()")
    if last.lower() in COUNTRY_WORDS:
        return COUNTRY_WORDS[last.lower()]
    codes, names, regions = _places()
    if last.isupper() and last.isalpha():  # a code, as codes are written
        code = codes.get(last)
        if code is not None and code not in _HOME and len(parts) > 1 and _british_place(parts[0]):
            return None  # "Chester, CH": a UK postcode area after a UK place, not Switzerland
        if last == "GY" and len(parts) > 1 and _place_key(parts[0].split(",")[-1]) in _GUERNSEY_PLACES:
            return "GG"  # "St Peter Port, GY": Guernsey's postcode area, not Guyana
        return code
    key = _place_key(last)
    return names.get(key) or (regions.get(key) if len(parts) > 1 else None)


#: Where otpath's users work: names of places there are never read as another country's.
_HOME = ("US", "GB", "IE", "CA", "AU", "NZ")
#: Names that ISO 3166 gives to a region or country elsewhere but that people in the
#: countries otpath serves write for their own places: towns ("Portland" is a parish of
#: Jamaica, "Charlotte" of Saint Vincent), NHS regions ("Midlands") and "Jersey" (New
#: Jersey), Canada's "National Capital Region". Found by reading the locations of real postings; the list cannot be complete.
_HOME_PLACES = frozenset({
    "acre", "charlotte", "jersey", "kingston", "midlands", "national capital", "portland",
    "san juan", "santa barbara", "toledo", "unity",
})  # fmt: skip
#: Guernsey's ten parishes and the Bailiwick's other islands, whose addresses take the
#: postcode area GY (the ISO code of Guyana): the parishes as the States of Guernsey
#: name them.
_GUERNSEY_PLACES = frozenset({
    "castel", "forest", "st andrew", "st martin", "st peter port", "st pierre du bois",
    "st sampson", "st saviour", "torteval", "vale", "guernsey", "alderney", "sark", "herm",
})  # fmt: skip
#: A region named by its direction only ("North", "South West") could be anywhere.
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "centre", "center", "upper", "lower", "middle", "mid",
})  # fmt: skip
#: The word ending a region's name that people leave out ("Western Province", "Guangdong Sheng").
_REGION_WORDS = frozenset({"province", "region", "sheng", "shi"})


def _place_key(text: str) -> str:
    """A place's name folded for lookup: no accents, no bracketed aside, no "Province".

    >>> _place_key("Tamil Nādu"), _place_key("Western Province"), _place_key("Ilocos (Region I)")
    ('tamil nadu', 'western', 'ilocos')
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text).replace(".", "").lower().split()
    if len(words) > 1 and words[-1] in _REGION_WORDS:
        words.pop()
    return " ".join(words)


#: Words of UK council and county names that name no place on their own ("Vale of
#: Glamorgan", "Tower Hamlets", "Kingston upon Hull, City of").
_PLACE_WORDS_NOT = frozenset({
    "and", "of", "on", "the", "upon", "with", "city", "county", "district", "borough", "new",
    "st", "saint", "port", "sea", "bay", "isle", "isles", "island", "islands", "vale",
    "forest", "down", "riding", "borders", "greater", "great", "royal", "hamlets", "tower",
    "glens", "coast", "causeway",
})  # fmt: skip


@lru_cache(maxsize=1)
def _british_places() -> frozenset[str]:
    """UK places as pycountry's ISO 3166-2 table names them: every county and council
    area's name, and each distinctive word of one ("chester" of "Cheshire West and Chester")."""
    import pycountry

    out: set[str] = set()
    for sub in pycountry.subdivisions.get(country_code="GB") or ():
        key = _place_key(sub.name)
        out.add(key)
        out.update(w for w in re.findall(r"[a-z']+", key) if w not in _PLACE_WORDS_NOT and w not in _DIRECTIONS)
    return frozenset(out)


def _british_place(text: str) -> bool:
    """Whether any comma-separated part of ``text`` is a UK place (see :func:`_british_places`).

    >>> _british_place("Chester"), _british_place("Ellesmere Port, Cheshire"), _british_place("Makati")
    (True, True, False)
    """
    places = _british_places()
    return any(_place_key(part) in places for part in text.split(","))


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Country codes, country names and one-country region names -> alpha-2 code.

    Built on first use, not at import: pycountry's subdivision table is large.
    """
    import pycountry

    # "CA" is California here, "SA" South Australia, "KE" Kildare, "CAN" Canterbury (NZ)
    # and "NA" North America ("Remote, NA")
    home_codes = {"NA"}
    home_names = {_place_key(w) for w in COUNTRY_WORDS} | _HOME_PLACES
    for sub in pycountry.subdivisions:
        if sub.country_code in _HOME:
            home_names.add(_place_key(sub.name))
            home_codes.add(sub.code.split("-", 1)[1])
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for code in (country.alpha_2, country.alpha_3):
            if code not in home_codes:
                codes[code] = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            key = _place_key(getattr(country, attr, None) or "")
            if key and key not in home_names:
                names[key] = country.alpha_2
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.country_code not in _HOME:
            found.setdefault(_place_key(sub.name), set()).add(sub.country_code)
    regions = {
        key: next(iter(where))
        for key, where in found.items()
        if len(where) == 1 and key not in home_names and key not in names
        and not _DIRECTIONS.issuperset(key.replace("-", " ").split())
    }
    return codes, names, regions


#: How the countries otpath serves are named in a sentence ("you work in the UK").
COUNTRY_NAMES = _HOME_NAMES = {
    "US": "the US", "GB": "the UK", "UK": "the UK", "IE": "Ireland", "CA": "Canada", "AU": "Australia",
    "NZ": "New Zealand",
}  # fmt: skip


def country_name(code: str) -> str:
    """A country's code as a reader would name it in a sentence (the code when unknown).

    >>> country_name("GB"), country_name("IN"), country_name("KR"), country_name("XX")
    ('the UK', 'India', 'South Korea', 'XX')
    """
    if code in _HOME_NAMES:
        return _HOME_NAMES[code]
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_label(code: str) -> str:
    """A country a person picks from a list, by its ISO 3166 name and the code otpath keeps
    (the quiz's choices, on the web and on the command line).

    >>> country_label("GB"), country_label("US"), country_label("XX")
    ('United Kingdom (GB)', 'United States (US)', 'XX')
    """
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country is not None else code


def normalize_country(text: str | None) -> str | None:
    """A country as a person writes it, as its code (``None`` when otpath knows none).

    >>> normalize_country("gb"), normalize_country("USA"), normalize_country("U.K.")
    ('GB', 'US', 'GB')
    >>> normalize_country("United States"), normalize_country("Narnia")
    ('US', None)
    """
    if text is None:
        return None
    code = text.strip().upper()
    if code in COUNTRY_CURRENCY:
        return code
    return COUNTRY_WORDS.get(" ".join(text.lower().replace(".", "").split()))


def normalize_currency(code: str | None) -> str | None:
    """``"usd "`` -> ``"USD"``; ``None`` or blank -> ``None``."""
    if code is None or not str(code).strip():
        return None
    return str(code).strip().upper()


def currency_label(code: str | None) -> str:
    """``"GBP (£)"``, or ``"an unstated currency"``."""
    code = normalize_currency(code)
    if code is None:
        return "an unstated currency"
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{code} ({symbol})" if symbol and symbol != code else code


def format_money(amount: float, currency: str | None) -> str:
    """An amount with its currency's symbol (or ISO code when otpath knows no symbol).

    Without a currency the bare number is returned: the caller says it is not stated.
    """
    whole = amount >= 100 or amount == int(amount)
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    code = normalize_currency(currency)
    if code is None:
        return number
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{symbol}{number}" if symbol else f"{number} {code}"


def comparable(a: str | None, b: str | None) -> bool:
    """Two amounts can be compared only when both currencies are known and the same."""
    ca, cb = normalize_currency(a), normalize_currency(b)
    return ca is not None and ca == cb
