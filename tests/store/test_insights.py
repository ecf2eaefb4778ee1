"""Market evidence counted from stored postings, and roles compared."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.compare import compare_roles
from otpath.errors import NotFoundError, OtpathError
from otpath.insights import _bins, market_insights, market_overview
from otpath.profile import Profile


def _ur(make_posting, i: int, **kw):  # type: ignore[no-untyped-def]
    return make_posting(f"Utilization Review Therapist {i}", description=f"UR job number {i}", **kw)


def test_counts_shares_pay_per_currency_and_claims(store, make_posting, add_postings) -> None:
    add_postings(
        store,
        _ur(make_posting, 1, remote="remote", credentials=["OT", "PT"], pay_annual_min=70000, pay_annual_max=80000),
        _ur(make_posting, 2, remote="remote", credentials=["PT"], pay_annual_min=90000),
        _ur(make_posting, 3, remote="hybrid", credentials=["COTA", "OT"], date_posted=date(2026, 10, 1)),
        _ur(make_posting, 4, remote="unknown", credentials=[], date_posted=None),
        _ur(make_posting, 5, remote="remote", credentials=["SLP"], pay_annual_min=50000),
        _ur(make_posting, 6, remote="onsite", sample=True),  # sample: left out
    )  # fmt: skip
    with store.transaction():  # postings paid in dollars, and one in pounds
        store.conn.execute(
            "UPDATE postings SET requirements = json_set(requirements, '$.pay.currency',"
            " CASE WHEN title LIKE '%5' THEN 'GBP' ELSE 'USD' END)"
        )
    m = market_insights(store, role="utilization_review")
    assert (m.postings, m.total, m.sample_left_out, m.capped) == (5, 5, 1, False)
    assert [(s.key, s.count) for s in m.remote] == [("remote", 3), ("hybrid", 1), ("unknown", 1)]
    assert {s.key: s.count for s in m.credentials} == {"OT": 2, "PT": 2, "COTA": 1, "SLP": 1, "none": 1}
    assert [(p.currency, p.count, p.median) for p in m.pay] == [("USD", 2, 82500.0), ("GBP", 1, 50000.0)]
    assert m.pay_stated == 3 and m.undated == 1
    assert sum(p.count for p in m.over_time) == 4 and m.granularity == "week"
    remote, creds = m.claims
    assert remote.evidence == (
        "3 of the 4 stored postings that say where the work happens are remote (75%):"
        " 3 remote, 1 hybrid; 1 does not say."
    )
    assert (creds.stated, creds.matching) == (4, 4)  # UR accepts PT, PTA, OT, COTA, SLP
    with_samples = market_insights(store, role="utilization_review", include_sample=True)
    assert with_samples.postings == 6 and with_samples.sample_left_out == 0


def test_pre_service_claim_shows_postings_that_take_other_credentials(store, make_posting, add_postings) -> None:
    ps = dict(family="utilization_management", role="pre_service_coordinator")
    add_postings(
        store,
        make_posting("Pre-Service Reviewer A", credentials=["PT", "OT"], **ps),
        make_posting("Pre-Service Reviewer B", credentials=["PT", "OT", "COTA"], **ps),
        make_posting("Pre-Service Reviewer C", credentials=["PTA", "COTA"], **ps),
    )
    claim = next(c for c in market_insights(store, role="pre_service_coordinator").claims
                 if c.field == "eligible_credentials")  # fmt: skip
    assert claim.claim == "PT, OT"
    assert claim.quote == "For Pre-Service Coordinator, you need to be a physical or occupational therapist."
    assert claim.evidence == (
        "1 of the 3 stored postings that name credentials accept only PT, OT (33%);"
        " COTA is accepted by 2, PTA is accepted by 1."
    )


def test_roles_without_an_article_claim_have_none(store) -> None:
    assert market_insights(store, role="ux_researcher").claims == []
    assert market_insights(store, family="ergonomics").claims == []


def test_unknown_role_or_family(store) -> None:
    with pytest.raises(NotFoundError):
        market_insights(store, role="astronaut")
    with pytest.raises(NotFoundError, match="no family 'space'"):
        market_insights(store, family="space")


def test_overview_leaves_out_clinical_and_samples(store, make_posting, add_postings) -> None:
    add_postings(
        store,
        make_posting("UR one", remote="remote"),
        make_posting("UR two", remote="hybrid"),
        make_posting("Staff OT", family="clinical", role=None),
        make_posting("UR sample", sample=True),
    )
    rows = market_overview(store)
    assert [(r.role, r.postings, r.remote, r.hybrid) for r in rows] == [("utilization_review", 2, 1, 1)]


def test_only_the_newest_postings_are_counted(store, make_posting, add_postings) -> None:
    days = [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]
    add_postings(store, *[_ur(make_posting, i, date_posted=d) for i, d in enumerate(days)])
    m = market_insights(store, role="utilization_review", limit=3)
    assert (m.postings, m.total, m.capped) == (3, 5, True)
    assert m.granularity == "month"
    assert [(p.start, p.count) for p in m.over_time if p.count] == [(d, 1) for d in days[2:]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1000, max_value=500000), min_size=1, max_size=60))
def test_pay_bins_hold_every_value_once(values) -> None:
    bins = _bins(sorted(values))
    assert sum(b.count for b in bins) == len(values)
    assert bins[0].low <= min(values) and bins[-1].high >= max(values)
    assert all(b.low < b.high for b in bins) or len(bins) == 1


# -- compare -------------------------------------------------------------------------------


def test_compare_two_roles_with_fit_and_postings(store, make_posting, add_postings) -> None:
    add_postings(store, make_posting("UR one", pay_annual_min=80000))
    c = compare_roles(store, ["utilization_review", "Recruiter"], profile=Profile(credentials=["COTA"]))
    ur, rec = c.roles
    assert (ur.id, rec.id, c.profile_used) == ("utilization_review", "recruiter", True)
    assert ur.fit is not None and ur.fit.eligible and rec.fit is not None
    assert ur.market.postings == 1 and [p.title for p in ur.newest] == ["UR one"]
    assert rec.bls is not None and rec.bls.annual_median and "bls:oews-2025" in rec.bls.sources


@pytest.mark.parametrize(
    ("ids", "error", "message"),
    [
        (["recruiter"], OtpathError, "compare 2 to 4 different roles, not 1"),
        (["recruiter", "recruiter"], OtpathError, "not 1"),
        (["a", "b", "c", "d", "e"], OtpathError, "not 5"),
        (["recruiter", "astronaut"], NotFoundError, "no role 'astronaut'"),
    ],
)
def test_compare_refuses_bad_choices(store, ids, error, message) -> None:
    with pytest.raises(error, match=message):
        compare_roles(store, ids)


@pytest.mark.parametrize(
    ("places", "evidence", "matching"),
    [
        (["remote", "hybrid", "onsite", "onsite", "unknown"],
         "The 4 stored postings that say where the work happens differ: 1 remote, 1 hybrid, 2 on site;"
         " 1 does not say.", 4),
        (["onsite", "onsite", "unknown", "unknown"],
         "All 2 stored postings that say where the work happens are on site: none shows it varying;"
         " 2 do not say.", 0),
        (["hybrid"], "The one stored posting that says where the work happens is hybrid.", 0),
    ],
)  # fmt: skip
def test_a_claim_that_the_place_varies_is_checked_by_whether_postings_differ(
    store, make_posting, add_postings, places, evidence, matching
) -> None:
    add_postings(store, *(
        make_posting(f"Recruiter {i}", description=f"Recruiting job {i}", family="recruiting",
                     role="recruiter", remote=place)
        for i, place in enumerate(places)
    ))  # fmt: skip
    claim = next(c for c in market_insights(store, role="recruiter").claims if c.field == "work_arrangement")
    assert claim.claim == "Varies"
    assert claim.evidence == evidence and " are varies" not in claim.evidence
    assert (claim.stated, claim.matching) == (len([p for p in places if p != "unknown"]), matching)


def test_pay_for_a_person_counts_only_postings_open_to_them(store, make_posting, add_postings) -> None:
    # A PT was shown utilization review's "stored pay median $109,032 (2)": both were
    # RN-only postings.
    add_postings(
        store,
        _ur(make_posting, 1, credentials=["RN"], pay_annual_min=110000),
        _ur(make_posting, 2, credentials=["RN"], pay_annual_min=108000),
        _ur(make_posting, 3, credentials=["PT", "OT"], pay_annual_min=80000),
        _ur(make_posting, 4, credentials=[], pay_annual_min=70000),
    )  # fmt: skip
    every = market_insights(store, role="utilization_review")
    mine = market_insights(store, role="utilization_review", pay_for=["PT"])
    assert [(p.count, p.median) for p in every.pay] == [(4, 94000.0)] and every.pay_for == []
    assert [(p.count, p.median) for p in mine.pay] == [(2, 75000.0)] and mine.pay_for == ["PT"]
    assert mine.postings == every.postings == 4  # only the pay figures are limited
    compared = compare_roles(store, ["utilization_review", "pre_service_coordinator"],
                             profile=Profile(credentials=["PT"]))  # fmt: skip
    assert [(p.count, p.median) for p in compared.roles[0].market.pay] == [(2, 75000.0)]
