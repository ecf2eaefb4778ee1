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

import pytest
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
            # a post open only to the employer's own staff: nobody else can apply
            "internal_only": st.booleans(),
            # an advert whose closing date has passed (or not, or none given)
            "valid_through": st.none() | st.sampled_from([date(2020, 11, 20), date(2099, 1, 1)]),
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


# -- reads kept for one state of the store (ReadMemo) ------------------------------------
# The web app passes one ReadMemo per store generation: word counts, where the text's
# newest matches end, which titles match a clause, which postings pass the filters, and
# snippets are read once and shared. Every answer must equal the one read afresh, on
# every path (few or many matches, few or many postings passing the filters), so the
# thresholds are made small here.

memo_postings = st.lists(
    st.fixed_dictionaries(
        {
            "family": st.sampled_from(FAMILIES),
            "role": st.sampled_from(ROLES),
            "credentials": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
            "remote": st.sampled_from(["remote", "hybrid", "onsite", "unknown"]),
            "title": st.sampled_from(
                ["Utilization Reviewer", "Care Coordinator", "Case Manager", "Review Nurse"]
            ),
            "words": st.lists(st.sampled_from(["review", "care", "coordinator", "remote",
                                               "appeals", "case"]), max_size=4),
            "pay_annual_min": st.none() | st.sampled_from([20000.0, 35000.0, 70000.0]),
            "pay_currency": st.sampled_from(["USD", "GBP"]),
            "date_posted": st.none() | st.dates(date(2026, 1, 1), date(2026, 11, 30)),
            # a post open only to the employer's own staff: nobody else can apply
            "internal_only": st.booleans(),
        }
    ),
    min_size=1,
    max_size=16,
)
memo_queries = st.builds(
    lambda q, extra: SearchQuery(q=q, **extra),
    st.sampled_from(["review", "care coordinator", "case", "appeals review", "reviw", ""]),
    st.sampled_from([
        {}, {"relevant_only": True}, {"remote": "hybrid"}, {"family": "care_coordination"},
        {"credential": "OT"}, {"min_pay": 30000, "min_pay_currency": "GBP"},
        {"relevant_only": True, "remote": "remote"},
    ]),
)  # fmt: skip


def _memo_store(facts: list[dict[str, Any]]) -> Store:
    store = Store.memory()
    _add(
        store,
        *(
            _make_posting(
                f["title"], id=f"m{i}",
                description=" ".join(["Posting", str(i), *f["words"]]) + ".",
                **{k: v for k, v in f.items() if k not in ("title", "words")},
            )
            for i, f in enumerate(facts)
        ),
    )  # fmt: skip
    return store


@settings(max_examples=60, deadline=None)
@given(memo_postings, memo_queries, st.sampled_from([1, 3, 50000]), st.sampled_from([2, 2000]),
       st.sampled_from([0, 4, 20000]))  # fmt: skip
def test_search_reads_kept_in_a_memo_give_the_same_candidates(
    facts: list[dict[str, Any]], query: SearchQuery, scan_limit: int, candidates: int,
    passing_max: int,
) -> None:
    import otpath.store.reads as reads
    from otpath.search import text_match
    from otpath.store.reads import ReadMemo

    with _memo_store(facts) as store:
        fts = text_match(store, query)
        if fts is None:
            return
        filters = query.filters(today=date(2026, 12, 1))
        fresh = store.search_candidates(filters, fts, candidates=candidates, scan_limit=scan_limit)
        memo = ReadMemo()
        saved = reads._PASSING_MAX
        reads._PASSING_MAX = passing_max
        try:
            for _ in range(2):  # read into the memo, then from it
                kept = store.search_candidates(
                    filters, fts, candidates=candidates, scan_limit=scan_limit, memo=memo
                )
                assert kept == fresh
        finally:
            reads._PASSING_MAX = saved
        seqs = [seq for seq, _, _ in fresh.scored][:5]
        rows = store.search_rows(seqs, fts, highlight=("<", ">"))
        for _ in range(2):
            assert store.search_rows(seqs, fts, highlight=("<", ">"), memo=memo) == rows
        page = search(store, query, today=date(2026, 12, 1))
        for _ in range(2):  # the whole page, words understood once
            assert search(store, query, today=date(2026, 12, 1), store_memo=memo) == page


@settings(max_examples=60, deadline=None)
@given(memo_postings, memo_queries, profiles, st.sampled_from([0, 3, 20000]),
       st.sampled_from([1, 4, 50000]), st.sampled_from([1, 2, 3000]), st.booleans(),
       st.sampled_from([0, 5, 20000]))  # fmt: skip
def test_jobs_for_me_reads_kept_in_a_memo_give_the_same_candidates(
    facts: list[dict[str, Any]], query: SearchQuery, profile: Profile, few: int,
    scan_limit: int, limit: int, unrelated: bool, qualifying_max: int,
) -> None:
    import otpath.store.reads as reads
    from otpath.search import text_match
    from otpath.store.reads import ReadMemo

    excluded = ("clinical",) if unrelated else ("clinical", "unrelated")
    saved = reads._FEW_MATCHES, reads._QUALIFYING_MAX
    reads._FEW_MATCHES = few
    try:
        with _memo_store(facts) as store:
            match = text_match(store, query)
            filters = query.filters(today=date(2026, 12, 1), exclude_families=excluded)
            memo = ReadMemo()
            for keys_only in (True, False):
                reads._QUALIFYING_MAX = -1  # the walk of old (no list of qualifying postings)
                fresh = store.match_candidates(profile.credentials, filters, match=match,
                                               limit=limit, scan_limit=scan_limit,
                                               keys_only=keys_only)  # fmt: skip
                reads._QUALIFYING_MAX = qualifying_max
                for _ in range(2):
                    kept = store.match_candidates(profile.credentials, filters, match=match,
                                                  limit=limit, scan_limit=scan_limit,
                                                  keys_only=keys_only, memo=memo)  # fmt: skip
                    assert kept == fresh
    finally:
        reads._FEW_MATCHES, reads._QUALIFYING_MAX = saved


def test_read_memo_is_bounded() -> None:
    from otpath.store.reads import ReadMemo

    memo = ReadMemo(max_weight=10, entry_weight=1)
    assert memo.get("a", lambda: [1, 2, 3], weight=len) == [1, 2, 3]
    assert memo.get("a", lambda: []) == [1, 2, 3]  # kept
    memo.get("b", lambda: list(range(8)), weight=len)  # 4 + 9 > 10: starts again
    assert len(memo) == 1 and memo.get("a", lambda: "again") == "again"
    memo.get("huge", lambda: list(range(50)), weight=len)  # heavier than the whole memo
    assert memo.known(["huge"]) == {}
    # by default a key costs 16 units (128 bytes) besides what its answer holds
    counts = ReadMemo(max_weight=16 * 100)
    counts.put_many({("term", str(i)): i for i in range(100)})
    assert len(counts) == 100
    counts.put_many({("term", "one more"): 1})  # 101 keys would pass the bound
    assert len(counts) == 1


@pytest.mark.parametrize("keys_only", [True, False])
@pytest.mark.parametrize("few", [0, 20000])  # the walk of the text's matches, or the few-matches join
def test_jobs_for_me_by_text_keeps_the_newest_stored_then_the_newest_posted(
    few: int, keys_only: bool
) -> None:
    """Newer postings (by seq) posted earlier: with many matches, "jobs for me" keeps the
    newest *stored* first, then orders them by date; with few, the newest *posted*."""
    import otpath.store.reads as reads
    from otpath.store.reads import ReadMemo

    facts = [
        {"title": "Care Coordinator", "words": ["review"], "family": "care_coordination",
         "role": None, "credentials": ["OT"] if i % 2 else [], "remote": "remote",
         "pay_annual_min": None, "pay_currency": "USD", "date_posted": date(2026, 11, 20 - i)}
        for i in range(8)
    ]  # fmt: skip
    saved = reads._FEW_MATCHES, reads._QUALIFYING_MAX
    reads._FEW_MATCHES = few
    try:
        with _memo_store(facts) as store:
            filters = SearchQuery().filters(exclude_families=("clinical", "unrelated"))
            answers = []
            for qualifying_max in (-1, 20000):
                reads._QUALIFYING_MAX = qualifying_max
                rows = store.match_candidates(["OT"], filters, match='"review"', limit=2,
                                              keys_only=keys_only, memo=ReadMemo())  # fmt: skip
                answers.append([(r["seq"], r["date_posted"]) for r in rows])
            assert answers[0] == answers[1]
            expected = [(7, "2026-11-14"), (8, "2026-11-13")] if few == 0 else [
                (1, "2026-11-20"), (2, "2026-11-19")]  # fmt: skip
            assert answers[1] == expected
    finally:
        reads._FEW_MATCHES, reads._QUALIFYING_MAX = saved
