"""Search: filters, BM25 ranking (title above body), hostile query text, paging."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otpath.errors import NotFoundError, SearchQueryError
from otpath.search import SearchQuery, get_posting, parse_period, search
from otpath.store import PostingFilters, Store, quote_fts

TODAY = date(2026, 11, 26)


@pytest.fixture
def stocked(store: Store, make_posting, add_postings) -> Store:
    add_postings(
        store,
        make_posting(
            "Utilization Review Specialist", id="ur-remote", company="Acme Health Plan",
            credentials=["OT", "PT", "COTA"], remote="remote", pay_annual_min=72000,
            pay_annual_max=85000, date_posted=TODAY - timedelta(days=2),
            description="Review prior authorization requests for therapy services.",
            url="https://boards.example/ur-1",
        ),
        make_posting(
            "Care Coordinator", id="cc-hybrid", company="Riverside Hospital",
            family="care_coordination", role="transitional_care_coordinator",
            credentials=["OT", "RN"], remote="hybrid", pay_annual_min=60000,
            date_posted=TODAY - timedelta(days=20),
            description="Coordinate discharges; utilization review experience a plus.",
        ),
        make_posting(
            "Medical Device Sales Representative", id="sales-onsite", company="MoveWell",
            family="sales", role="dme_sales", credentials=[], remote="onsite",
            commission=True, date_posted=TODAY - timedelta(days=100),
            description="Sell complex rehab technology to clinics.",
        ),
        make_posting(
            "Occupational Therapist - SNF", id="clinical-ot", company="Sunny SNF",
            family="clinical", role=None, credentials=["OT"], remote="onsite",
            pay_annual_min=90000, date_posted=None,
            description="Treat residents in a skilled nursing facility.",
        ),
    )  # fmt: skip
    return store


def ids(store: Store, **kw) -> list[str]:
    return [it.id for it in search(store, SearchQuery(**kw), today=TODAY).items]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {},
            ["ur-remote", "cc-hybrid", "sales-onsite", "clinical-ot"],
        ),  # newest first, undated last
        ({"family": "care_coordination"}, ["cc-hybrid"]),
        ({"family": "Care Coordination"}, ["cc-hybrid"]),
        ({"role": "dme_sales"}, ["sales-onsite"]),
        ({"remote": "remote"}, ["ur-remote"]),
        ({"remote": "On-site"}, ["sales-onsite", "clinical-ot"]),
        ({"credential": "COTA/L"}, ["ur-remote"]),
        ({"credential": "OTR/L"}, ["ur-remote", "cc-hybrid", "clinical-ot"]),
        ({"credential": "rn"}, ["cc-hybrid"]),
        ({"credential": "SLP"}, []),
        ({"credential": "OT", "remote": "onsite", "min_pay": 80000}, ["clinical-ot"]),
        (
            {"credential": "OT", "posted_within": "3w", "company": "riverside hospital"},
            ["cc-hybrid"],
        ),
        ({"min_pay": 70000}, ["ur-remote", "clinical-ot"]),
        ({"posted_within": "14d"}, ["ur-remote"]),
        ({"posted_within": "3w"}, ["ur-remote", "cc-hybrid"]),
        ({"posted_within": "6m"}, ["ur-remote", "cc-hybrid", "sales-onsite"]),
        ({"posted_within": "72h"}, ["ur-remote"]),
        ({"company": "acme health plan"}, ["ur-remote"]),
        ({"q": "utilization review"}, ["ur-remote", "cc-hybrid"]),
        ({"q": "utilization", "remote": "hybrid"}, ["cc-hybrid"]),
        ({"q": "rehab", "family": "sales", "posted_within": "1y"}, ["sales-onsite"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_filters(stocked: Store, query: dict, expected: list[str]) -> None:
    page = search(stocked, SearchQuery(**query), today=TODAY)
    assert [it.id for it in page.items] == expected
    assert page.total == len(expected)


def test_title_match_ranks_above_body_match(store: Store, make_posting, add_postings) -> None:
    add_postings(
        store,
        make_posting("Field Liaison", id="body", description="An ergonomics focus. " * 3),
        make_posting("Ergonomics Consultant", id="title", description="Assess workstations."),
        make_posting("Recruiter", id="other", description="Place therapists in jobs."),
        make_posting("Medical Writer", id="other2", description="Write about health."),
    )
    page = search(store, SearchQuery(q="ergonomics"))
    assert [it.id for it in page.items] == ["title", "body"]
    assert page.items[0].score > page.items[1].score > 0


def test_items_carry_snippet_pay_and_date(stocked: Store) -> None:
    page = search(stocked, SearchQuery(q="authorization"), today=TODAY)
    (item,) = page.items
    assert "[authorization]" in item.snippet
    assert item.pay is not None and item.pay.text == "$72,000-$85,000 a year"
    assert item.date == TODAY - timedelta(days=2)
    assert item.url == "https://boards.example/ur-1"
    assert item.credentials == ["OT", "PT", "COTA"]


def test_paging(stocked: Store) -> None:
    first = search(stocked, SearchQuery(per_page=3))
    second = search(stocked, SearchQuery(per_page=3, page=2))
    beyond = search(stocked, SearchQuery(per_page=3, page=9))
    assert (first.total, first.pages, len(first.items)) == (4, 2, 3)
    assert [it.id for it in second.items] == ["clinical-ot"]
    assert beyond.items == [] and beyond.total == 4


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"posted_within": "soon"}, "invalid --posted-within 'soon'"),
        ({"posted_within": "0d"}, "invalid --posted-within"),
        ({"posted_within": "-3d"}, "invalid --posted-within"),
        ({"posted_within": "14x"}, "invalid --posted-within"),
        ({"remote": "sometimes"}, "allowed values: remote, hybrid, onsite"),
        ({"credential": "barista"}, "unknown credential 'barista'"),
        ({"family": "astronaut"}, "unknown family 'astronaut'"),
        ({"role": "astronaut"}, "unknown role 'astronaut'"),
        ({"page": 0}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"min_pay": -5}, "min_pay"),
        ({"colour": "red"}, "unknown filter"),
    ],
)
def test_bad_filters_raise_search_query_error(kw: dict, message: str) -> None:
    with pytest.raises(SearchQueryError, match=message.replace("(", r"\(")):
        SearchQuery(**kw)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("14d", 14),
        ("2w", 14),
        ("3m", 90),
        ("24h", 1),
        ("1y", 365),
        ("10 days", 10),
        ("2 Weeks", 14),
    ],
)
def test_parse_period(text: str, days: int) -> None:
    assert parse_period(text) == timedelta(days=days)


def test_blank_filters_mean_any() -> None:
    q = SearchQuery(family="", remote=" ", credential="", posted_within="", q=None)  # type: ignore[arg-type]
    assert (q.family, q.remote, q.credential, q.posted_within, q.q) == (None, None, None, None, "")


HOSTILE = ['"', "a:b", "NEAR(", "*", "AND OR NOT", "title:foo", '"unbalanced', "(", ")", "-", "^x",
           "col:\"x\"", "NEAR(a b, 3)", "a AND", "OR", "''", "\\", "%", "_", "a*b", "{title}: x",
           "\x00", "  ", "", "🙂", "ｔｉｔｌｅ", "x" * 5000]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_raise(stocked: Store, text: str) -> None:
    search(stocked, SearchQuery(q=text))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_any_query_text_is_safe(stocked: Store, text: str) -> None:
    page = search(stocked, SearchQuery(q=text))
    assert page.total >= 0


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(["utilization", "review", "AND", "OR", "NOT", "NEAR", '"', "*", "(", ":"]),
        max_size=6,
    ).map(" ".join)
)
def test_fts_operators_are_searched_as_words(stocked: Store, text: str) -> None:
    search(stocked, SearchQuery(q=text))


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("utilization review", '"utilization" "review"'),
        ('say "hi"', '"say" """hi"""'),
        ("title:foo", '"title:foo"'),
        ("NEAR(", '"NEAR("'),
        ('* ( ) "', None),
        ("", None),
        (None, None),
    ],
)
def test_quote_fts(text: str | None, quoted: str | None) -> None:
    assert quote_fts(text) == quoted


def test_words_with_punctuation_still_match(store: Store, make_posting, add_postings) -> None:
    add_postings(store, make_posting("Coder", id="icd", description="ICD-10 coding for OTR/L."))
    assert [it.id for it in search(store, SearchQuery(q="ICD-10")).items] == ["icd"]
    assert [it.id for it in search(store, SearchQuery(q="otr/l")).items] == ["icd"]


def test_sample_postings_can_be_left_out(store: Store, make_posting, add_postings) -> None:
    add_postings(store, make_posting("A", id="real"), make_posting("B", id="demo", sample=True))
    assert {it.id for it in search(store, SearchQuery()).items} == {"real", "demo"}
    assert [it.id for it in search(store, SearchQuery(include_sample=False)).items] == ["real"]


def test_get_posting_returns_everything_with_sources(stocked: Store) -> None:
    from otpath.store import SourceRef

    with stocked.transaction():
        stocked.add_source("ur-remote", SourceRef(url="https://other.example/9", site="linkedin"))
    p = get_posting(stocked, "ur-remote")
    assert p.title == "Utilization Review Specialist"
    assert p.family == "utilization_management"
    assert p.credentials == ["OT", "PT", "COTA"]
    assert p.requirements.pay.annual_min == 72000
    assert [s.url for s in p.sources] == ["https://boards.example/ur-1", "https://other.example/9"]
    assert p.description_html.startswith("<p>")


def test_get_posting_unknown_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no posting 'nope'"):
        get_posting(store, "nope")


# -- bounded work on large stores ------------------------------------------------------


@pytest.fixture
def many(store: Store, make_posting, add_postings) -> Store:
    """Ten postings saying "ergonomics" (the title ones score best), seq 1..10."""
    add_postings(
        store,
        *[
            make_posting(
                "Ergonomics Consultant" if i % 3 == 0 else f"Field Liaison {i}",
                id=f"p{i}",
                description=f"Posting {i}: ergonomics at work.",
                remote="remote" if i % 2 else "onsite",
            )
            for i in range(1, 11)
        ],
    )
    return store


def test_text_search_ranks_only_the_newest_candidates(many: Store) -> None:
    match = quote_fts("ergonomics")
    exact = many.search_postings(PostingFilters(), match=match, limit=10)
    assert (exact.total, exact.total_is_lower_bound) == (10, False)
    assert [r["id"] for r in exact.rows[:3]] == ["p9", "p6", "p3"]  # titles, newest first

    capped = many.search_postings(PostingFilters(), match=match, limit=10, candidates=4)
    assert (capped.total, capped.total_is_lower_bound) == (4, True)
    # the best of the newest four (p7..p10): the title match first
    assert [r["id"] for r in capped.rows] == ["p9", "p10", "p8", "p7"]


def test_filters_are_tested_on_the_newest_text_matches_only(many: Store) -> None:
    match = quote_fts("ergonomics")
    onsite = PostingFilters(remote="onsite")
    full = many.search_postings(onsite, match=match, limit=10)
    assert ([r["id"] for r in full.rows], full.total_is_lower_bound) == (
        ["p6", "p10", "p8", "p4", "p2"],
        False,
    )
    scanned = many.search_postings(onsite, match=match, limit=10, scan_limit=4)
    assert {r["id"] for r in scanned.rows} == {"p10", "p8"}  # of p7..p10
    assert scanned.total_is_lower_bound


def test_counting_without_text_stops_at_the_cap(many: Store) -> None:
    capped = many.search_postings(PostingFilters(), match=None, limit=3, count_cap=5)
    assert (capped.total, capped.total_is_lower_bound, len(capped.rows)) == (5, True, 3)
    exact = many.search_postings(PostingFilters(remote="onsite"), match=None, limit=3)
    assert (exact.total, exact.total_is_lower_bound) == (5, False)
    cred = many.search_postings(PostingFilters(credential="-"), match=None, limit=3, count_cap=2)
    assert (cred.total, cred.total_is_lower_bound) == (2, True)


def test_words_in_most_postings_are_left_out_of_the_score_in_large_stores(
    many: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otpath.store import reads

    monkeypatch.setattr(reads, "_UBIQUITY_MIN_ROWS", 5)
    monkeypatch.setattr(reads, "_UBIQUITY_SAMPLE", 10)
    # "ergonomics" is in every posting: no weight, so newest first
    page = many.search_postings(PostingFilters(), match=quote_fts("ergonomics"), limit=3)
    assert [r["id"] for r in page.rows] == ["p10", "p9", "p8"]
    assert {r["score"] for r in page.rows} == {0.0}
    page = many.search_postings(PostingFilters(), match=quote_fts("ergonomics posting"), limit=3)
    assert [r["id"] for r in page.rows] == ["p10", "p9", "p8"]  # both words everywhere
    # beside a rarer word, only that word is weighed
    page = many.search_postings(PostingFilters(), match=quote_fts("ergonomics consultant"), limit=9)
    assert [r["id"] for r in page.rows] == ["p9", "p6", "p3"]
    assert page.rows[0]["score"] > 0


def test_search_page_says_when_the_total_is_a_lower_bound(many: Store) -> None:
    from otpath.search import SearchPage

    page = search(many, SearchQuery(q="ergonomics"))
    assert (page.total, page.total_is_lower_bound, page.total_text) == (10, False, "10")
    lower = SearchPage(items=[], total=2000, page=1, per_page=20, pages=100,
                       total_is_lower_bound=True)  # fmt: skip
    assert lower.total_text == "2,000+"


def test_a_search_whose_titles_are_all_other_professions_says_so(
    store: Store, make_posting, add_postings
) -> None:
    add_postings(
        store,
        make_posting("Occupational Health Nurse", family="unrelated", role=None,
                     description="Health surveillance clinics for staff."),
        make_posting("Occupational Health Technician", family="unrelated", role=None,
                     description="Audiometry and lung function tests."),
        make_posting("Return to Work Coordinator", family="vocational_disability", role=None,
                     description="Work with occupational health on phased returns."),
    )  # fmt: skip
    shown = search(store, SearchQuery(q="occupational health", relevant_only=True))
    assert [i.title for i in shown.items] == ["Return to Work Coordinator"]
    note = next(n for n in shown.notes if "other professions" in n)
    assert note.startswith("No therapist's path has these words in its title; 2 other professions'")
    # asked for everything, or a path's title matches: nothing to say
    everything = search(store, SearchQuery(q="occupational health", relevant_only=False))
    assert not [n for n in everything.notes if "other professions" in n]
    path = search(store, SearchQuery(q="return to work", relevant_only=True))
    assert not [n for n in path.notes if "other professions" in n]


def test_the_other_professions_note_looks_past_the_first_answer_for_a_profile(
    store: Store, make_posting, add_postings
) -> None:
    from otpath.match import profile_ranker
    from otpath.profile.models import Profile

    add_postings(
        store,
        make_posting("Discharge Co-ordinator", family="care_coordination", role=None, credentials=["COTA"],
                     description="Arrange continuing healthcare assessments before discharge."),
        make_posting("Continuing Healthcare Case Co-ordinator", family="care_coordination", role=None,
                     credentials=["RN"], description="Review packages of care."),
        make_posting("Continuing Healthcare Nurse Assessor", family="unrelated", role=None,
                     credentials=["RN"], description="Assess eligibility."),
    )  # fmt: skip
    ranker = profile_ranker(Profile(credentials=["COTA"], years_experience=4))
    shown = search(store, SearchQuery(q="continuing healthcare", relevant_only=True), ranker=ranker)
    # the COTA's own answer comes first, and a path's title does hold the words
    assert [i.title for i in shown.items][0] == "Discharge Co-ordinator"
    assert "Continuing Healthcare Case Co-ordinator" in [i.title for i in shown.items]
    assert not [n for n in shown.notes if "other professions" in n]


def test_posting_ages_counts_closed_and_old_postings(stocked: Store) -> None:
    from otpath.search import OLD_AFTER_DAYS, posting_ages

    # posted 2, 20 and 100 days before TODAY; one undated
    ages = posting_ages(stocked, today=TODAY)
    assert (ages.total, ages.dated, ages.current, ages.undated) == (4, 3, 2, 1)
    assert not ages.all_old and ages.newest == TODAY - timedelta(days=2)
    later = posting_ages(stocked, today=TODAY + timedelta(days=OLD_AFTER_DAYS + 3))
    assert later.all_old and later.current == 0 and later.undated == 1
    # the filters count: only the 100-day-old sales posting is in the sales family
    assert posting_ages(stocked, SearchQuery(family="sales"), today=TODAY).all_old
    # a posting whose closing date is still to come is current, whenever it was posted
    stocked.conn.execute("UPDATE postings SET valid_through = ? WHERE id = 'sales-onsite'", ((TODAY + timedelta(days=1)).isoformat(),))
    assert not posting_ages(stocked, SearchQuery(family="sales"), today=TODAY).all_old
    stocked.conn.execute("UPDATE postings SET valid_through = ? WHERE id = 'sales-onsite'", ((TODAY - timedelta(days=1)).isoformat(),))
    assert posting_ages(stocked, SearchQuery(family="sales"), today=TODAY).all_old
