"""Search in the field's words (issue 13) and bounded, never-shared search work (issue 12)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.errors import SearchQueryError, SearchTimeoutError
from otpath.match import profile_ranker
from otpath.profile.models import Profile
from otpath.search import SearchQuery, jobspy_queries, search
from otpath.store import MIGRATIONS, Store, migrate

from .conftest import write_old_rows


def titles(store: Store, **kw) -> list[str]:
    return [it.title for it in search(store, SearchQuery(**kw)).items]


@pytest.fixture
def field(store: Store, make_posting, add_postings) -> Store:
    """Postings written the many ways the field writes them."""
    add_postings(
        store,
        make_posting("Utilization Management Therapist", id="um", description="Review requests."),
        make_posting("Therapy Services Reviewer", id="tsr", description="Apply criteria."),
        make_posting("Outpatient Reviewer", id="cr", description="UR of outpatient therapy."),
        make_posting("Prior Authorization Coordinator", id="pa", family="other", role=None,
                     description="Process pre-authorisation requests."),
        make_posting("Certified Occupational Therapy Assistant", id="cota", family="clinical",
                     role=None, credentials=["COTA"], description="Treat children."),
        make_posting("Office Manager", id="utilize", family="other", role=None,
                     description="We utilize a new system and offer a career ladder."),
        make_posting("Occupational Therapist - Skilled Nursing", id="snf", family="clinical",
                     role=None, description="SNF caseload."),
        make_posting("Staff Nurse", id="nurse", family="unrelated", role=None,
                     credentials=["RN"], description="Utilisation review on the ward."),
    )  # fmt: skip
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("UR", {"um", "tsr", "cr", "nurse"}),
        ("utilization review", {"um", "tsr", "cr", "nurse"}),
        ("utilisation", {"um", "nurse"}),  # British finds American and back
        ("utilization", {"um", "nurse"}),  # never "utilize" (the stemmer's mistake)
        ("prior auth", {"pa"}),
        ("PA", {"pa"}),
        ("OTA", {"cota"}),
        ("SNF", {"snf"}),
        ("care", set()),  # never "career"
        ('"utilization review"', set()),  # a quoted phrase is exact
    ],
)
def test_field_words_find_field_postings(field: Store, query: str, expected: set[str]) -> None:
    page = search(field, SearchQuery(q=query))
    assert {it.id for it in page.items} == expected


def test_the_expansion_is_shown_and_literal_turns_it_off(field: Store) -> None:
    page = search(field, SearchQuery(q="UR"))
    assert page.searched[0].typed == "UR"
    assert page.searched[0].text.startswith("UR → utilization review, utilization management")
    literal = search(field, SearchQuery(q="UR", literal=True))
    assert literal.searched == [] and literal.literal
    assert {it.id for it in literal.items} == {"cr"}


def test_title_matches_outrank_body_matches(field: Store) -> None:
    ids = [it.id for it in search(field, SearchQuery(q="UR")).items]
    assert ids.index("cr") > max(ids.index("um"), ids.index("tsr"))  # "UR" only in its text
    assert ids[-1] == "nurse" or ids.index("nurse") > ids.index("um")


def test_role_search_finds_the_role_by_class_and_by_title(field: Store, make_posting,
                                                          add_postings) -> None:  # fmt: skip
    add_postings(field, make_posting("Physical Therapy Reviewer", id="ptr", family="other",
                                     role=None, description="Remote."))  # fmt: skip
    found = {it.id for it in search(field, SearchQuery(role="utilization_review")).items}
    # classified as the role (um, tsr, cr: the fixture's default role) or titled as it (ptr)
    assert found == {"um", "tsr", "cr", "ptr"}


def test_profile_ranking_puts_what_you_can_apply_for_first(field: Store) -> None:
    cota = Profile(credentials=["COTA"], years_experience=3)
    page = search(field, SearchQuery(q="UR"), ranker=profile_ranker(cota))
    verdicts = [it.verdict for it in page.items]
    assert page.for_profile and verdicts[-1] == "cannot_apply"  # the nurse's job, last
    assert all(v is not None for v in verdicts)
    only = search(field, SearchQuery(q="UR", eligible_only=True), ranker=profile_ranker(cota))
    assert "nurse" not in {it.id for it in only.items} and only.total == page.total - 1
    with pytest.raises(SearchQueryError, match="eligible_only: needs a profile"):
        search(field, SearchQuery(q="UR", eligible_only=True))


# -- pay in one currency ---------------------------------------------------------------------


@pytest.fixture
def paid(store: Store, make_posting, add_postings) -> Store:
    add_postings(
        store,
        make_posting("US job", id="usd", pay_annual_min=70000, pay_currency="USD"),
        make_posting("UK job", id="gbp", pay_annual_min=70000, pay_currency="GBP"),
        make_posting("Canada job", id="cad", pay_annual_min=90000, pay_currency="CAD"),
    )
    return store


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"min_pay": 60000}, {"usd"}),  # USD by default, never GBP or CAD amounts
        ({"min_pay": 60000, "min_pay_currency": "gbp"}, {"gbp"}),
        ({"min_pay": 80000, "min_pay_currency": "CAD"}, {"cad"}),
        ({"min_pay": 80000}, set()),
        ({}, {"usd", "gbp", "cad"}),
    ],
)
def test_min_pay_never_mixes_currencies(paid: Store, kw: dict, expected: set[str]) -> None:
    page = search(paid, SearchQuery(**kw))
    assert {it.id for it in page.items} == expected
    if "min_pay" in kw:
        assert any("otpath does not convert currencies" in n for n in page.notes)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"min_pay": float("inf")}, "min_pay: enter an amount"),
        ({"min_pay": "inf"}, "min_pay: enter an amount"),
        ({"min_pay": float("nan")}, "min_pay"),
        ({"min_pay_currency": "dollars"}, "not a currency code"),
    ],
)
def test_bad_pay_filters(kw: dict, message: str) -> None:
    with pytest.raises(SearchQueryError, match=message):
        SearchQuery(**kw)


# -- the cache key is the whole normalised query ---------------------------------------------

_texts = st.lists(st.sampled_from(["UR", "ur", "a", "OT", "or", '"x y"', "jobs", "ergonom*"]),
                  max_size=6).map(" ".join)  # fmt: skip
_queries = st.builds(
    SearchQuery,
    q=st.one_of(_texts, st.text(max_size=30)),
    literal=st.booleans(),
    remote=st.sampled_from([None, "remote", "onsite"]),
    role=st.sampled_from([None, "utilization_review"]),
    min_pay=st.one_of(st.none(), st.sampled_from([0.0, -0.0, 1e-300, 70000.0, 70000.5]),
                      st.floats(min_value=0, allow_nan=False, allow_infinity=False)),
    min_pay_currency=st.sampled_from([None, "USD", "GBP"]),
    relevant_only=st.booleans(),
    page=st.integers(1, 3),
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(a=_queries, b=_queries)
def test_equal_cache_keys_mean_equal_queries(a: SearchQuery, b: SearchQuery) -> None:
    assert (a.cache_key() == b.cache_key()) == (a == b)
    hash(a.cache_key())


def test_what_normalising_left_out_is_part_of_the_key() -> None:
    long = SearchQuery(q=" ".join(["a"] * 4000))
    short = SearchQuery(q="a")
    assert long.q == short.q == "a"
    assert long.cache_key() != short.cache_key()  # the page says the text was cut


# -- time budget ---------------------------------------------------------------------------


def test_a_search_past_its_budget_stops_and_says_so(
    field: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Store, "BUDGET_STEPS", 1)
    with pytest.raises(SearchTimeoutError, match=r"took longer than 1e-09 s and was stopped"):
        search(field, SearchQuery(q="UR"), budget=1e-9)
    assert search(field, SearchQuery(q="UR"), budget=5).total == 4  # the connection still works


def test_a_runaway_query_is_interrupted(store: Store) -> None:
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    with pytest.raises(SearchTimeoutError), store.time_budget(0.2):
        store.conn.execute(endless).fetchone()


# -- JobSpy ----------------------------------------------------------------------------------


def test_jobspy_queries_for_a_role() -> None:
    queries = jobspy_queries("utilization_review")
    boolean, *plain = queries
    assert boolean["site_name"] == ["indeed"]
    assert '"Therapy Services Reviewer"' in boolean["search_term"]
    assert boolean["is_remote"] is True  # the role is remote
    assert [q["search_term"] for q in plain][:2] == ["utilization review", "utilization management"]
    import inspect

    allowed = {"site_name", "search_term", "google_search_term", "location", "is_remote",
               "results_wanted", "hours_old", "country_indeed", "description_format",
               "linkedin_fetch_description"}  # scrape_jobs' keyword arguments we use
    assert all(set(q) <= allowed for q in queries)
    assert inspect.signature(jobspy_queries).parameters["results"].default == 50


# -- migration 5 on a store made by the old schema -------------------------------------------


def test_migration_rebuilds_the_index_of_an_old_store(
    tmp_path: Path, make_posting, add_postings
) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:4])  # the schema before this change: Porter stemming
    write_old_rows(
        conn,
        make_posting("Office Manager", id="utilize", description="We utilize a system."),
        make_posting("UR Specialist", id="ur", description="Utilization review.",
                     pay_annual_min=50000, pay_currency="GBP"),  # fmt: skip
        compressed=False,
    )
    stemmed = conn.execute(
        "SELECT count(*) FROM postings_fts WHERE postings_fts MATCH 'utilization'"
    ).fetchone()[0]
    assert stemmed == 2  # the old index's mistake
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == MIGRATIONS[-1].id
        assert store.integrity_check() == ["ok"]
        hits = store.conn.execute(
            "SELECT rowid FROM postings_fts WHERE postings_fts MATCH 'utilization'"
        ).fetchall()
        assert len(hits) == 1
        assert store.term_counts(["utilize", "utilization"]) == {"utilize": 1, "utilization": 1}
        assert {it.id for it in search(store, SearchQuery(q="utilization")).items} == {"ur"}
        in_gbp = SearchQuery(min_pay=40000, min_pay_currency="GBP")
        assert {it.id for it in search(store, in_gbp).items} == {"ur"}
