"""Cheaper reads for pages computed afresh (issue 11 item 3) give the same answers.

* Search orders candidates by a tier worked out from a few facts
  (``ranker.tiers``); it must be the tier the full judgement gives.
* ``jobs_for_profile`` reuses judgements kept per profile (``verdicts=``): a list built
  with judgements made for other queries must equal one built from nothing.
* Every page of a query shares one ranked candidate list (``search(memo=...)``).
* "Jobs for me" walks the partial index of migration 7.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.match import jobs_for_profile, profile_ranker, rank_jobs
from otpath.profile.models import Profile
from otpath.search import SearchQuery, search
from otpath.store import Store

from .conftest import _add, _make_posting

FAMILIES = ["utilization_management", "care_coordination", "other", "clinical", "unrelated"]
ROLES = [None, "utilization_review", "case_manager", "clinical_informatics", "academic_faculty"]
CODES = ["OT", "COTA", "PT", "SLP", "RN", "MD"]

postings = st.lists(
    st.fixed_dictionaries(
        {
            "family": st.sampled_from(FAMILIES),
            "role": st.sampled_from(ROLES),
            "credentials": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
            "years_min": st.none() | st.sampled_from([0.0, 1.0, 2.5, 4.0, 6.0, 9.0]),
            "remote": st.sampled_from(["remote", "hybrid", "onsite", "unknown"]),
            "title": st.sampled_from(["Utilization Reviewer", "Care Coordinator", "Case Manager"]),
            "date_posted": st.none() | st.dates(date(2026, 1, 1), date(2026, 11, 30)),
        }
    ),
    min_size=1,
    max_size=14,
)
profiles = st.builds(
    lambda creds, years, remote: Profile(
        credentials=creds, years_experience=years, preferences={"remote": remote}
    ),
    st.lists(st.sampled_from(["OT", "COTA", "PT", "SLP"]), min_size=1, max_size=2, unique=True),
    st.sampled_from([0.0, 1.0, 2.0, 3.5, 7.0]),
    st.sampled_from(["required", "preferred", "no_preference", "avoid"]),
)


def _store(facts: list[dict[str, Any]]) -> Store:
    store = Store.memory()
    _add(
        store,
        *(
            _make_posting(f["title"], id=f"p{i}", description=f"Posting {i} about review.",
                          **{k: v for k, v in f.items() if k != "title"})
            for i, f in enumerate(facts)
        ),
    )  # fmt: skip
    return store


@settings(max_examples=60, deadline=None)
@given(postings, profiles)
def test_tiers_are_those_of_the_full_judgement(facts: list[dict[str, Any]], profile: Profile) -> None:
    with _store(facts) as store:
        seqs = [r[0] for r in store.conn.execute("SELECT seq FROM postings")]
        ranker = profile_ranker(profile)
        assert ranker.tiers(store, seqs) == {s: r.tier for s, r in ranker(store, seqs).items()}


@settings(max_examples=40, deadline=None)
@given(postings, profiles)
def test_kept_judgements_give_the_same_jobs(facts: list[dict[str, Any]], profile: Profile) -> None:
    with _store(facts) as store:
        kept: dict[int, Any] = {}
        for query in (SearchQuery(q="coordinator"), SearchQuery(), SearchQuery(remote="remote")):
            for unrelated in (False, True):
                fresh = jobs_for_profile(store, profile, query=query, include_unrelated=unrelated)
                reused = jobs_for_profile(
                    store, profile, query=query, include_unrelated=unrelated, verdicts=kept
                )  # fmt: skip
                assert [v.model_dump() for v in reused] == [v.model_dump() for v in fresh]


@settings(max_examples=40, deadline=None)
@given(postings, profiles, st.integers(0, 14), st.integers(1, 6))
def test_a_slice_of_the_ranking_is_that_slice_of_the_jobs(
    facts: list[dict[str, Any]], profile: Profile, start: int, size: int
) -> None:
    """What a jobs-for-me page shows: the verdicts of its 20 only, built from the ranking."""
    with _store(facts) as store:
        for unrelated in (False, True):
            everything = jobs_for_profile(store, profile, include_unrelated=unrelated, limit=500)
            ranked = rank_jobs(store, profile, include_unrelated=unrelated, limit=500)
            assert len(ranked) == len(everything)
            page = ranked.verdicts(store, start, start + size)
            assert [v.model_dump() for v in page] == [
                v.model_dump() for v in everything[start : start + size]
            ]


@settings(max_examples=40, deadline=None)
@given(postings, profiles)
def test_kept_tiers_and_verdicts_rank_as_fresh_ones(
    facts: list[dict[str, Any]], profile: Profile
) -> None:
    """The web app keeps tiers and verdicts per profile across searches and jobs-for-me
    lists (which fills the verdicts too): ranks stay those of a ranker keeping none."""
    with _store(facts) as store:
        seqs = [r[0] for r in store.conn.execute("SELECT seq FROM postings")]
        tiers: dict[int, int] = {}
        verdicts: dict[int, Any] = {}
        jobs_for_profile(store, profile, include_unrelated=True, verdicts=verdicts)
        fresh = profile_ranker(profile)
        for part in (seqs[::2], seqs, seqs[1::2]):
            kept = profile_ranker(profile, tiers, verdicts)
            assert kept.tiers(store, part) == fresh.tiers(store, part)
            assert kept(store, part) == fresh(store, part)
        assert set(tiers) == set(seqs)


def test_pages_of_one_query_share_its_ranking(store: Store, make_posting, add_postings) -> None:
    add_postings(
        store,
        *(make_posting(f"Utilization Reviewer {i}", id=f"u{i}", credentials=["OT"] if i % 2 else [])
          for i in range(9)),
    )  # fmt: skip
    kept: dict[Hashable, Any] = {}
    computed: list[Hashable] = []

    def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
        if key not in kept:
            computed.append(key)
            kept[key] = compute()
        return kept[key]

    ranker = profile_ranker(Profile(credentials=["COTA"]))
    pages = []
    for page in (1, 2, 3):
        query = SearchQuery(q="reviewer", page=page, per_page=4)
        shared = search(store, query, ranker=ranker, memo=memo)
        assert shared == search(store, query, ranker=ranker)  # the same page as without
        pages.append([it.id for it in shared.items])
    assert len(computed) == 1  # ranked once for the three pages
    assert sum(pages, []) and len(set(sum(pages, []))) == 9


def test_jobs_for_me_walks_the_partial_index(store: Store) -> None:
    plans: list[str] = []
    conn = store.conn
    store.conn.set_trace_callback(plans.append)
    jobs_for_profile(store, Profile(credentials=["OT"]))
    conn.set_trace_callback(None)
    walk = next(sql for sql in plans if "posting_credentials AS pc" in sql)
    detail = " ".join(
        str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + walk.replace("?", "NULL"))
    )
    assert "posting_credentials_relevant" in detail
