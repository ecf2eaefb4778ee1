"""The web app's cache: bounded, never stale after a write or a new profile, never shares a token."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.ingest import ingest_paths
from otpath.store import Store
from otpath.web._cache import LruCache, WebCache

# -- the LRU -----------------------------------------------------------------------------


def test_lru_evicts_least_recently_used_first() -> None:
    cache = LruCache(max_bytes=30)
    for key in "abc":
        cache.put(key, key.upper(), size=10)
    assert cache.get("a") == "A"  # now b is the oldest
    cache.put("d", "D", size=10)
    assert cache.get("b") is None
    assert [cache.get(k) for k in "acd"] == ["A", "C", "D"]
    assert cache.bytes == 30


def test_lru_refuses_an_entry_larger_than_its_budget() -> None:
    cache = LruCache(max_bytes=10)
    cache.put("small", 1, size=5)
    cache.put("huge", 2, size=11)
    assert cache.get("huge") is None
    assert cache.get("small") == 1


@settings(max_examples=200, deadline=None)
@given(
    max_bytes=st.integers(min_value=0, max_value=100),
    ops=st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=60)),
        max_size=60,
    ),
)
def test_lru_stays_within_its_budget_and_keeps_the_newest(
    max_bytes: int, ops: list[tuple[str, int]]
) -> None:
    cache = LruCache(max_bytes=max_bytes)
    for key, size in ops:
        cache.put(key, (key, size), size=size)
        assert cache.bytes <= max_bytes
        if size <= max_bytes:
            assert cache.get(key) == (key, size)  # the entry just put is always kept
    kept = [v for v in (cache.get(k) for k in "abcdefgh") if v is not None]
    assert cache.bytes == sum(size for _, size in kept)
    assert len(cache) == len(kept)


# -- memo: one computation per key at a time ----------------------------------------------


def test_concurrent_misses_on_one_key_compute_it_once(tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "s.db", max_bytes=1 << 20)
    calls = 0
    start = threading.Barrier(8)
    results: list[int] = []

    def compute() -> int:
        nonlocal calls
        calls += 1
        time.sleep(0.2)
        return 42

    def ask() -> None:
        start.wait()
        results.append(cache.memo("k", compute, size=lambda _: 1))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == [42] * 8
    assert calls == 1


def test_a_failed_computation_is_not_cached_and_waiters_do_their_own(tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "s.db", max_bytes=1 << 20)
    first = threading.Event()
    calls: list[str] = []

    def failing() -> int:
        calls.append("failing")
        first.set()
        time.sleep(0.1)
        raise RuntimeError("boom")

    def fine() -> int:
        calls.append("fine")
        return 7

    got: list[int] = []
    waiter = threading.Thread(
        target=lambda: (first.wait(5), got.append(cache.memo("k", fine, size=lambda _: 1)))
    )
    waiter.start()
    with pytest.raises(RuntimeError):
        cache.memo("k", failing, size=lambda _: 1)
    waiter.join(5)
    assert got == [7]
    assert calls == ["failing", "fine"]


def test_memo_off_always_computes(tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "s.db", max_bytes=0)
    counter = iter(range(10))
    assert [cache.memo("k", lambda: next(counter), size=lambda _: 1) for _ in range(3)] == [0, 1, 2]
    assert not cache.enabled


# -- connections and the generation -------------------------------------------------------


def _posting_file(tmp_path: Path, title: str, n: int = 1) -> Path:
    path = tmp_path / f"{title.replace(' ', '_')}.jsonl"
    rows = [
        {
            "id": f"{title}-{i}",
            "title": f"{title} {i}" if n > 1 else title,
            "company": "Cache Test Health",
            "location": "Remote",
            "url": f"https://jobs.example.org/{title.replace(' ', '-')}/{i}",
            "description": "Utilization review of therapy requests. OT or COTA license. Remote.",
        }
        for i in range(n)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_generation_moves_on_a_commit_by_another_connection_only(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cache = WebCache(db, max_bytes=1 << 20)
    g0 = cache.generation()
    with cache.store() as store:
        assert store.count_postings() == 0  # reads do not move it
    assert cache.generation() == g0
    with Store.open(db) as other:  # like `otpath ingest` in a terminal
        ingest_paths(other, [_posting_file(tmp_path, "Reviewer")])
    g1 = cache.generation()
    assert g1 != g0
    assert cache.generation() == g1
    cache.close()


def test_pool_reuses_connections_and_drops_a_broken_one(tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "s.db", max_bytes=0, pool_size=2)
    with cache.store() as a:
        pass
    with cache.store() as b:
        assert b is a
    with pytest.raises(ValueError), cache.store() as c:
        raise ValueError("the request failed")
    with cache.store() as d:
        assert d is not c
    cache.close()


def test_pool_lends_at_most_pool_size_connections(tmp_path: Path) -> None:
    from otpath.store import Store

    Store.open(tmp_path / "s.db").close()  # the app serves a store that exists (serve opens it first)
    cache = WebCache(tmp_path / "s.db", max_bytes=0, pool_size=2)
    in_use = 0
    most = 0
    errors: list[BaseException] = []
    lock = threading.Lock()

    def use() -> None:
        nonlocal in_use, most
        try:
            with cache.store():
                with lock:
                    in_use += 1
                    most = max(most, in_use)
                time.sleep(0.05)
                with lock:
                    in_use -= 1
        except BaseException as exc:  # a thread's failure must fail the test, not just warn
            errors.append(exc)

    threads = [threading.Thread(target=use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors, errors
    assert most == 2
    cache.close()


# -- pages --------------------------------------------------------------------------------


def _titles(h, html: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.text_of(a) for a in h.parse(html).css("ol.postings h2 a")]


def test_a_page_shows_postings_another_process_ingests(client, h, sample_db, tmp_path) -> None:
    url = "/jobs?q=Zanzibar"
    assert _titles(h, client.get(url).text) == []
    assert _titles(h, client.get(url).text) == []  # now cached
    with Store.open(sample_db) as other:
        ingest_paths(other, [_posting_file(tmp_path, "Zanzibar Utilization Reviewer")])
    assert _titles(h, client.get(url).text) == ["Zanzibar Utilization Reviewer"]


def test_a_page_shows_postings_imported_through_the_app(client, h, tmp_path) -> None:
    url = "/jobs?q=Quokka"
    assert _titles(h, client.get(url).text) == []
    body = _posting_file(tmp_path, "Quokka Care Coordinator").read_bytes()
    resp = client.post(
        "/api/v1/import", files={"file": ("q.jsonl", body, "application/x-ndjson")}
    )
    assert resp.status_code == 200, resp.text
    assert _titles(h, client.get(url).text) == ["Quokka Care Coordinator"]


def test_results_follow_a_new_profile(client, h) -> None:
    def pre_service_badge() -> str:
        page = h.parse(client.get("/results").text)
        card = page.css_first("#fit-pre_service_coordinator")
        assert card is not None
        return h.text_of(card.css_first(".eligibility .badge"))

    h.take_quiz(client)  # a COTA
    assert pre_service_badge() == "Not eligible"
    assert pre_service_badge() == "Not eligible"  # cached
    h.take_quiz(client, {**h.COTA, "credentials": ["OT"]})
    assert pre_service_badge() == "Eligible"


def test_a_hand_edited_profile_is_seen_too(client, h, profile_path: Path) -> None:
    def for_whom() -> str:
        page = h.parse(client.get("/jobs?for=me").text)
        return h.text_of(page.css_first("p.count strong"))

    h.take_quiz(client)
    assert for_whom() == "COTA"
    assert for_whom() == "COTA"  # cached
    text = profile_path.read_text().replace('"COTA"', '"SLP"')
    assert text != profile_path.read_text()
    time.sleep(0.01)  # a new mtime even on coarse clocks
    profile_path.write_text(text + "\n")  # and a new size
    assert for_whom() == "SLP"


def test_form_pages_give_each_browser_its_own_token(app, make_client, h) -> None:
    with make_client(app) as a, make_client(app) as b:
        for url in ("/quiz", "/import"):
            ta, tb = h.csrf_token(a, url), h.csrf_token(b, url)
            assert ta != tb
            assert ta == a.cookies.get("otpath_csrf")
            assert tb == b.cookies.get("otpath_csrf")


def test_a_cached_page_still_gives_a_new_browser_its_csrf_cookie(app, make_client) -> None:
    with make_client(app) as first:
        first.get("/jobs?remote=remote")
        first.get("/jobs?remote=remote")
    with make_client(app) as newcomer:
        resp = newcomer.get("/jobs?remote=remote")
        assert resp.status_code == 200
        assert "otpath_csrf=" in resp.headers.get("set-cookie", "")
        assert resp.headers["cache-control"] == "no-store"
        again = newcomer.get("/jobs?remote=remote")
        assert "set-cookie" not in again.headers  # its cookie is valid now


def test_pages_are_the_same_with_the_cache_off(sample_db, profile_path, make_client, h) -> None:
    from otpath.web import create_app

    on = create_app(db_path=sample_db, profile_path=profile_path)
    off = create_app(db_path=sample_db, profile_path=profile_path, cache_bytes=0)
    with make_client(on) as a, make_client(off) as b:
        h.take_quiz(a)
        for url in ("/results", "/jobs?q=review", "/jobs?for=me", "/roles/utilization_review"):
            main_a = h.text_of(h.parse(a.get(url).text).css_first("main"))
            a.get(url)  # served from the cache the second time
            main_cached = h.text_of(h.parse(a.get(url).text).css_first("main"))
            main_b = h.text_of(h.parse(b.get(url).text).css_first("main"))
            assert main_a == main_cached == main_b, url
    assert on.state.otpath.cache.stats()["hits"] > 0
    assert off.state.otpath.cache.stats()["entries"] == 0


def test_role_page_lists_its_stored_postings(client, h) -> None:
    page = h.parse(client.get("/roles/utilization_review").text)
    section = page.css_first('section[aria-labelledby="stored"]')
    links = [a.attributes["href"] for a in section.css('a[href^="/postings/"]')]
    assert links, "the sample store has utilization review postings"
    for href in links:
        assert client.get(href).status_code == 200
    api = client.get("/api/v1/postings", params={"role": "utilization_review"}).json()
    assert len(links) == min(10, api["total"])
