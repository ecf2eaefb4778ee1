"""A role's pay as the sources give it, and how it stands against the person's pay floor.

Two figures can speak for a role: the catalog's sourced range (``pay_annual_min`` and
``pay_annual_max`` behind ``pay_range``) and the BLS median of the occupation a source
says holds the role (:func:`otpath.wages.role_wage`). The range wins when it describes
the person's credential; amounts are only compared within one currency.

    >>> from otpath.catalog import default_catalog
    >>> from otpath.profile import Profile
    >>> ur = default_catalog().role("utilization_review")
    >>> p = Profile(credentials=["COTA"], preferences={"pay_floor": 85000})
    >>> role_pay(ur, p).below_floor, role_pay(ur, p).note
    (True, 'Pay: the sourced range for COTA, PTA tops out at $80,000, below your $85,000.')
"""

from __future__ import annotations

from ..catalog import Role
from ..money import comparable, country_name, currency_label, format_money
from ..profile.models import Profile
from ..wages import Wage, credential_wage, role_wage
from .models import RolePay

__all__ = ["credential_baselines", "no_local_pay", "role_pay"]


def credential_baselines(profile: Profile) -> list[tuple[str, Wage]]:
    """The BLS figure for each credential the person holds (clinical pay to compare with)."""
    out = []
    for code in profile.credentials:
        w = credential_wage(code)
        if w is not None and w.annual_median:
            out.append((code, w))
    return out


_NO_FIGURE = "otpath has no sourced pay figure for"
_US_FIGURES = "US pay in US dollars, which otpath does not convert"


def _us_pay_only(country: str, *, floor: str | None = None) -> str:
    """The one wording of "no pay figure for your country, only US pay": said once for
    the person (:func:`no_local_pay`) and, with their pay ``floor`` in words, for a role
    whose figures therefore are not compared with it (:func:`role_pay`).

    >>> _us_pay_only("the UK")
    'otpath has no sourced pay figure for the UK: the figures here are US pay in US dollars, which otpath does not convert.'
    >>> _us_pay_only("the UK", floor="£45,000 a year")
    'otpath has no sourced pay figure for this role in the UK; the figures shown are US pay in US dollars, which otpath does not convert or compare with your £45,000 a year.'
    """
    if floor is None:
        return f"{_NO_FIGURE} {country}: the figures here are {_US_FIGURES}."
    return (
        f"{_NO_FIGURE} this role in {country}; the figures shown are {_US_FIGURES}"
        f" or compare with your {floor}."
    )


def no_local_pay(profile: Profile) -> str | None:
    """Outside the US: that otpath has no sourced pay figure for the person's country
    (every figure in the catalog and from the BLS is US pay, in US dollars)."""
    if profile.country == "US":
        return None
    return _us_pay_only(country_name(profile.country))


def role_pay(role: Role, profile: Profile) -> RolePay:
    cite = role.citation("pay_range")
    pay = RolePay(
        range_text=role.pay_range,
        annual_min=role.pay_annual_min,
        annual_max=role.pay_annual_max,
        currency=role.pay_currency,
        applies_to=list(role.pay_credentials),
        sources=list(cite.sources) if cite else [],
    )
    rw = role_wage(role.id)
    if rw is not None:
        pay.bls_title = rw.wage.title
        pay.bls_median = rw.wage.annual_median
        pay.bls_note = rw.note
        pay.bls_sources = [*rw.sources, rw.wage.source]
    floor = profile.pay_floor_annual()
    if floor is None:
        return pay
    mine = format_money(floor, profile.currency)
    top = role.pay_annual_max if role.pay_annual_max is not None else role.pay_annual_min
    fits = not role.pay_credentials or any(c in role.pay_credentials for c in profile.credentials)
    if top is not None and fits:
        currency, figure, what = role.pay_currency, top, "the sourced range"
        if role.pay_credentials:
            what += f" for {', '.join(role.pay_credentials)}"
        verb = "tops out at" if role.pay_annual_max is not None else "starts at"
    elif pay.bls_median is not None:
        currency, figure, verb = "USD", float(pay.bls_median), "is"
        what = f"the US median (BLS) for {pay.bls_title}"
    else:
        where = "" if profile.country == "US" else f" in {country_name(profile.country)}"
        pay.note = f"Pay: {_NO_FIGURE} this role{where} to compare with your {mine}."
        return pay
    if not comparable(currency, profile.currency) and profile.country != "US":
        pay.note = f"Pay: {_us_pay_only(country_name(profile.country), floor=mine)}"
        return pay
    if not comparable(currency, profile.currency):
        pay.note = (
            f"Pay: not compared with yours: the figures are in {currency_label(currency)} and"
            f" your pay is in {currency_label(profile.currency)} (otpath does not convert)."
        )
        return pay
    pay.below_floor = figure < floor
    where = "below" if pay.below_floor else "at or above"
    pay.note = f"Pay: {what} {verb} {format_money(figure, currency)}, {where} your {mine}."
    return pay
