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

__all__ = [
    "ANNUAL_HOURS",
    "COUNTRY_CURRENCY",
    "CURRENCY_SYMBOLS",
    "COUNTRY_NAMES",
    "COUNTRY_WORDS",
    "comparable",
    "country_in",
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


def country_in(location: str | None) -> str | None:
    """The country a location's last part names, if it names one.

    >>> country_in("Preston, UK"), country_in("Leeds, England, United Kingdom")
    ('GB', 'GB')
    >>> country_in("Sydney NSW, Australia"), country_in("Remote"), country_in("Leeds")
    ('AU', None, None)
    """
    if not location:
        return None
    last = location.rsplit(",", 1)[-1].strip().strip(".()").lower()
    return COUNTRY_WORDS.get(last)


#: A country code as a sentence names the place: "In the UK ...".
COUNTRY_NAMES = {
    "US": "the US", "GB": "the UK", "UK": "the UK", "IE": "Ireland", "CA": "Canada",
    "AU": "Australia", "NZ": "New Zealand",
}  # fmt: skip


def country_name(code: str) -> str:
    """``"GB"`` -> ``"the UK"`` (a code otpath has no name for stays as it is)."""
    return COUNTRY_NAMES.get(code, code)


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
