"""The store: migrations, pragmas, FTS5 triggers, transactions, round-trips."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otpath.errors import StoreError
from otpath.store import (
    MIGRATIONS,
    Migration,
    PostingFilters,
    SourceRef,
    Store,
    band_key,
    migrate,
    quote_fts,
)
from otpath.store.migrations import _statements

from .conftest import write_old_rows


def _fts(store: Store, text: str) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT p.id FROM postings_fts JOIN postings p ON p.seq = postings_fts.rowid"
            " WHERE postings_fts MATCH ? ORDER BY p.id",
            (quote_fts(text),),
        )
    ]


# -- migrations ----------------------------------------------------------------------


def test_fresh_store_has_every_migration_recorded(store: Store) -> None:
    rows = store.conn.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [m.id for m in MIGRATIONS]
    assert store.schema_version() == MIGRATIONS[-1].id


def test_rerunning_migrations_is_a_no_op(store: Store) -> None:
    schema = store.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrate(store.conn) == []
    assert migrate(store.conn) == []
    assert store.conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    assert store.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_reopening_a_file_store_keeps_data_and_does_not_migrate_again(
    tmp_path: Path, make_posting, add_postings
) -> None:
    path = tmp_path / "nested" / "dir" / "otpath.db"  # parents are created
    with Store.open(path) as s:
        add_postings(s, make_posting())
    with Store.open(path) as s:
        assert s.count_postings() == 1
        assert s.conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)


def test_new_migrations_are_applied_in_order_and_recorded(store: Store) -> None:
    extra = (
        *MIGRATIONS,
        Migration(MIGRATIONS[-1].id + 1, "add notes", "CREATE TABLE notes (x TEXT);"),
    )
    ran = migrate(store.conn, extra)
    assert [m.name for m in ran] == ["add notes"]
    assert migrate(store.conn, extra) == []
    store.conn.execute("INSERT INTO notes VALUES ('ok')")


def test_a_failing_migration_is_rolled_back_and_not_recorded(store: Store) -> None:
    bad = (
        *MIGRATIONS,
        Migration(99, "half", "CREATE TABLE half (x TEXT); CREATE TABLE half (y TEXT);"),
    )
    with pytest.raises(sqlite3.OperationalError):
        migrate(store.conn, bad)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables
    assert 99 not in {r[0] for r in store.conn.execute("SELECT id FROM migrations")}


def test_migration_ids_must_increase(store: Store) -> None:
    with pytest.raises(ValueError):
        migrate(store.conn, (Migration(2, "b", ""), Migration(1, "a", "")))


def test_statement_splitter_keeps_trigger_bodies_whole() -> None:
    sql = "CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;\n"
    assert list(_statements(sql)) == [
        "CREATE TABLE a (x);",
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;",
    ]


def test_file_store_pragmas(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not SQLite " * 100)
    with pytest.raises(StoreError, match="not a usable otpath store"):
        Store.open(path)


def test_filter_columns_are_indexed(store: Store) -> None:
    indexed = set()
    for (name,) in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'postings'"
    ):
        cols = [r[2] for r in store.conn.execute(f"PRAGMA index_info('{name}')")]
        if cols:
            indexed.add(cols[0])
    assert {"family", "role", "remote", "pay_annual_min", "date_posted", "company"} <= indexed


# -- FTS5 triggers -------------------------------------------------------------------


def test_fts_follows_insert_update_and_delete(store: Store, make_posting, add_postings) -> None:
    p = make_posting("Utilization Review Nurse", description="prior authorization reviews")
    add_postings(store, p)
    assert _fts(store, "utilization") == [p.id]
    assert _fts(store, "authorization") == [p.id]
    with store.transaction():
        store.conn.execute("UPDATE postings SET title = 'Claims Analyst' WHERE id = ?", (p.id,))
    assert _fts(store, "utilization") == []
    assert _fts(store, "claims") == [p.id]
    with store.transaction():
        assert store.delete_postings([p.id]) == 1
    assert _fts(store, "claims") == []
    assert _fts(store, "authorization") == []
    assert store.integrity_check() == ["ok"]


def test_deleting_a_posting_cascades_to_sources_keys_and_credentials(
    store: Store, make_posting, add_postings
) -> None:
    p = make_posting(credentials=["OT", "PT"], url="https://example.org/1")
    add_postings(store, p)
    with store.transaction():
        store.add_source(p.id, SourceRef(url="https://boards.example/2"))
        store.delete_postings([p.id])
    for table in ("posting_sources", "identity_keys", "posting_credentials"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("we utilize a new system", "utilization", False),  # Porter made both "util"
        ("utilization review", "utilization", True),
        ("a career in sales", "care", False),
        ("coordinating discharges", "coordination", False),
        ("Ergonómico", "ergonomico", True),  # diacritics still folded
    ],
)
def test_the_index_does_not_stem(
    store: Store, make_posting, add_postings, text: str, query: str, found: bool
) -> None:
    p = make_posting("Posting", description=text)
    add_postings(store, p)
    assert _fts(store, query) == ([p.id] if found else [])


# -- transactions --------------------------------------------------------------------


def test_transaction_rolls_back_on_error(store: Store, make_posting, add_postings) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction():
            add = store.insert_posting
            add(make_posting("A"), title_norm="a", signature=None)
            raise RuntimeError("boom")
    assert store.count_postings() == 0


def test_sqlite_errors_in_a_transaction_become_store_errors(store: Store, make_posting) -> None:
    p = make_posting("A")
    with pytest.raises(StoreError, match="rolled back"):
        with store.transaction():
            store.insert_posting(p, title_norm="a", signature=None)
            store.insert_posting(p, title_norm="a", signature=None)  # same id twice
    assert store.count_postings() == 0


def test_nested_transactions_are_refused(store: Store) -> None:
    with store.transaction():
        with pytest.raises(StoreError):
            with store.transaction():
                pass


# -- sources, keys, files ------------------------------------------------------------


def test_sources_are_unique_per_cluster(store: Store, make_posting, add_postings) -> None:
    p = make_posting(url="https://a.example/1")
    add_postings(store, p)
    with store.transaction():
        assert store.add_source(p.id, SourceRef(url="https://b.example/9", site="linkedin"))
        assert not store.add_source(p.id, SourceRef(url="https://b.example/9", site="linkedin"))
        assert store.add_source(p.id, SourceRef(site="indeed", source_id="in-1"))
        assert not store.add_source(p.id, SourceRef(site="indeed", source_id="in-1", line=7))
    urls = [s["url"] for s in store.cluster_sources(p.id)]
    assert urls == ["https://a.example/1", "https://b.example/9", None]


def test_identity_keys_keep_their_first_cluster(store: Store, make_posting, add_postings) -> None:
    a, b = make_posting("A"), make_posting("B")
    add_postings(store, a, b)
    with store.transaction():
        store.add_identity_keys(a.id, ["url:x"])
        store.add_identity_keys(b.id, ["url:x", "url:y"])
    assert store.find_cluster(["url:nope", "url:x"]) == a.id
    assert store.find_cluster(["url:y"]) == b.id
    assert store.find_cluster([]) is None


def test_near_duplicate_candidates_need_a_shared_band_and_the_same_title(
    store: Store, make_posting
) -> None:
    p = make_posting("Case Manager")
    with store.transaction():
        store.insert_posting(
            p, title_norm="case manager", signature=b"\x01\x00\x00\x00", bands=["0:aa", "1:bb"]
        )
    found = store.near_duplicate_candidates(["1:bb", "2:cc"], title_norm="case manager")
    assert [(c.cluster_id, c.shared_bands, c.signature) for c in found] == [
        (p.id, 1, b"\x01\x00\x00\x00")
    ]
    assert store.near_duplicate_candidates(["1:bb"], title_norm="recruiter") == []
    assert store.near_duplicate_candidates([], title_norm="case manager") == []


def test_completed_files_are_remembered_by_sha256(store: Store) -> None:
    assert not store.file_completed("abc")
    with store.transaction():
        store.mark_file_completed(path="/x/jobs.csv", sha256="abc", size=10)
    assert store.file_completed("abc")


def test_get_posting_resolves_a_folded_copy_to_its_cluster(
    store: Store, make_posting, add_postings
) -> None:
    p = make_posting()
    add_postings(store, p)
    with store.transaction():
        store.add_identity_keys(p.id, ["content:copy123"])
    assert store.get_posting("copy123")["id"] == p.id
    assert store.get_posting("missing") is None


# -- round-trip ----------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
_money = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=_text.filter(lambda s: s.strip() != ""),
    company=st.none() | _text,
    description=_text,
    credentials=st.lists(st.sampled_from(["OT", "COTA", "PT", "PTA", "SLP", "RN"]), unique=True),
    years=st.none() | st.floats(min_value=0, max_value=30, allow_nan=False),
    pay=_money,
    remote=st.sampled_from(["remote", "hybrid", "onsite", "unknown"]),
    posted=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    raw=st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=8), _text, max_size=3),
    sample=st.booleans(),
    sentence=st.none() | _text,
    same_sentence=st.booleans(),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_round_trip(
    make_posting, title, company, description, credentials, years, pay, remote, posted, raw, sample,
    sentence, same_sentence, cut,
) -> None:
    p = make_posting(
        title,
        company=company,
        description=description,
        credentials=credentials,
        years_min=years,
        pay_annual_min=pay,
        remote=remote,
        date_posted=posted,
        raw=raw,
        sample=sample,
    )
    # A years sentence that is (or is not) the one kept in ``sentences`` (migration 8
    # stores the first kind once).
    p.requirements.years_sentence = sentence
    if sentence is not None:
        p.requirements.sentences = {"years": sentence if same_sentence else sentence + "."}
    # ... and one taken from the description (stored as its place there)
    p.requirements.remote_sentence = description[min(cut) : max(cut)] or None
    with Store.memory() as store:
        with store.transaction():
            store.insert_posting(p, title_norm=title.lower(), signature=None)
        row = store.get_posting(p.id)
        assert row is not None
        assert row["title"] == title
        assert row["company"] == company
        assert row["description_text"] == description
        assert row["description_html"] == p.description_html
        assert row["credentials"] == credentials
        assert row["years_min"] == years
        assert row["pay_annual_min"] == pay
        assert row["remote"] == remote
        assert row["date_posted"] == (posted.isoformat() if posted else None)
        assert row["raw"] == raw
        assert row["sample"] is sample
        assert row["requirements"] == p.requirements.model_dump(mode="json")
        assert row["classification"] == p.classification.model_dump(mode="json")
        codes = {r[0] for r in store.conn.execute("SELECT code FROM posting_credentials")}
        assert codes == (set(credentials) or {"-"})
        rows = store.search_postings(PostingFilters(), match=None, limit=5)
        assert rows.total == 1
        assert store.integrity_check() == ["ok"]


# -- match facts and ranking config ----------------------------------------------------


def test_credential_facts_follow_the_posting(store: Store, make_posting, add_postings) -> None:
    p = make_posting(credentials=["OT", "PT"], family="case_management", years_min=2)
    add_postings(store, p)

    def facts() -> list[tuple]:
        return store.conn.execute(
            "SELECT code, clinical, family, years_min FROM posting_credentials ORDER BY code"
        ).fetchall()

    assert facts() == [("OT", 0, "case_management", 2.0), ("PT", 0, "case_management", 2.0)]
    with store.transaction():
        store.conn.execute(
            "UPDATE postings SET credentials = '[\"COTA\"]', family = 'clinical' WHERE id = ?",
            (p.id,),
        )
    assert facts() == [("COTA", 1, "clinical", 2.0)]
    with store.transaction():
        store.conn.execute("UPDATE postings SET credentials = '[]' WHERE id = ?", (p.id,))
    assert facts() == [("-", 1, "clinical", 2.0)]


def test_fts_rank_is_bm25_with_the_column_weights(store: Store, make_posting, add_postings) -> None:
    from otpath.store import BM25_WEIGHTS

    add_postings(
        store,
        make_posting("Ergonomics Consultant", description="ergonomics at work"),
        make_posting("Recruiter", company="Ergonomics Staffing", description="hiring"),
        make_posting("Writer", description="write about ergonomics and more"),
        make_posting("Coordinator", description="coordinate care"),
    )
    w = ", ".join(map(str, BM25_WEIGHTS))
    rows = store.conn.execute(
        f"SELECT rank, bm25(postings_fts, {w}) FROM postings_fts WHERE postings_fts MATCH 'ergonomics'"
    ).fetchall()
    assert len(rows) == 3
    for rank, bm25 in rows:
        assert rank == pytest.approx(bm25)


def test_get_posting_accepts_an_unambiguous_id_prefix(
    store: Store, make_posting, add_postings
) -> None:
    add_postings(
        store,
        make_posting("A", id="abcdef0123456789"),
        make_posting("B", id="abcdef01ffffffff"),
        make_posting("C", id="12345678aaaaaaaa"),
    )
    assert store.get_posting("12345678")["title"] == "C"
    assert store.get_posting("abcdef0123")["title"] == "A"
    assert store.get_posting("abcdef01") is None  # ambiguous
    assert store.get_posting("1234") is None  # too short to guess


# -- migrations ------------------------------------------------------------------------


def test_migration_2_scopes_stored_lsh_bands_to_the_title(tmp_path: Path) -> None:
    import hashlib

    from otpath.store import band_key

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO postings (seq, id, cluster_id, title, ingested_at)"
        " VALUES (7, 'a1', 'a1', 'Case Manager', 'now')"
    )
    conn.execute(
        "INSERT INTO cluster_signatures (posting_seq, title_norm, signature)"
        " VALUES (7, 'case manager', x'01')"
    )
    old = [
        int.from_bytes(hashlib.blake2b(b.encode(), digest_size=8).digest(), "little", signed=True)
        for b in ("0:aa", "1:bb")
    ]  # what migration 1 stored: the band string's hash alone
    conn.executemany("INSERT INTO lsh_bands VALUES (?, 7)", [(k,) for k in old])
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version() == MIGRATIONS[-1].id
        bands = {r[0] for r in store.conn.execute("SELECT band FROM lsh_bands")}
        assert bands == {band_key("0:aa", "case manager"), band_key("1:bb", "case manager")}
        found = store.near_duplicate_candidates(["1:bb"], title_norm="case manager")
        assert [(c.cluster_id, c.shared_bands) for c in found] == [("a1", 1)]
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "postings_facets" in names and "postings_cluster" not in names
        assert store.integrity_check() == ["ok"]


def test_migration_6_compresses_the_html_and_raw_fields_of_stored_postings(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:5])
    html = "<p>Review <strong>prior authorization</strong> requests.</p>" * 20
    conn.execute(
        "INSERT INTO postings (seq, id, cluster_id, title, description_html, description_text,"
        " raw, ingested_at) VALUES (1, 'a1', 'a1', 'UR Nurse', ?, 'Review requests.',"
        " '{\"board\":\"x\"}', 'now'), (2, 'b2', 'b2', 'Recruiter', '', 'Hire.', '{}', 'now')",
        (html,),
    )
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == MIGRATIONS[-1].id
        kinds = store.conn.execute(
            "SELECT id, typeof(description_html), typeof(raw) FROM postings ORDER BY id"
        ).fetchall()
        assert kinds == [("a1", "blob", "blob"), ("b2", "text", "text")]
        size = store.conn.execute("SELECT length(description_html) FROM postings WHERE id = 'a1'")
        assert size.fetchone()[0] < len(html) / 4
        got = store.get_posting("a1")
        assert got is not None and got["description_html"] == html and got["raw"] == {"board": "x"}
        empty = store.get_posting("b2")
        assert empty is not None and (empty["description_html"], empty["raw"]) == ("", {})
        assert _fts(store, "review") == ["a1"]  # the index reads the plain text, untouched
        assert store.integrity_check() == ["ok"]


def test_migration_8_rewrites_a_store_made_before_it(tmp_path: Path, make_posting) -> None:
    from otpath.postings.models import Requirements
    from otpath.store import band_key
    from otpath.store.migrations import title_band
    from otpath.store.writes import deflate

    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:7])
    text = "Review therapy requests. Two years of utilization review experience. " * 12
    a = make_posting("UR Nurse", id="a1", description=text, url="https://boards.example/1")
    a.description_html = "<p>" + text.replace(". ", ".</p><p>") + "</p>"
    years = "Two years of utilization review experience."
    a.requirements = Requirements(years_min=2, years_sentence=years, remote_sentence="Remote.",
                                  sentences={"years": years, "remote": "Remote, US."})  # fmt: skip
    a.raw = {"hiringOrganization": {"@type": "Organization", "name": "Example Trust"}}
    b = make_posting("Recruiter", id="b2", description="Hire.", url=None)
    write_old_rows(conn, a, b)
    # what migration 7's ingest stored for a's near-duplicate lookup: 64-bit band keys
    old = [
        title_band(int.from_bytes(hashlib.blake2b(x.encode(), digest_size=8).digest(), "little",
                                  signed=True), "ur nurse")
        for x in ("0:aa", "1:bb")
    ]  # fmt: skip
    conn.executemany("INSERT INTO lsh_bands VALUES (?, 1)", [(k,) for k in old])
    conn.execute(
        "INSERT INTO cluster_signatures (posting_seq, title_norm, signature) VALUES (1, 'ur nurse', x'01')"
    )
    before = conn.execute("SELECT length(description_html) FROM postings WHERE id = 'a1'")
    old_size = before.fetchone()[0]
    assert old_size == len(deflate(a.description_html))
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version() == 8
        c = store.conn
        got = store.get_posting("a1")
        assert got is not None and got["description_html"] == a.description_html
        assert Requirements.model_validate(got["requirements"]) == a.requirements
        assert got["raw"] == a.raw
        stored = c.execute("SELECT description_html, requirements, cluster_id, raw FROM postings"
                           " WHERE id = 'a1'").fetchone()  # fmt: skip
        assert stored[3][:1] == b"\x02"
        assert stored[0][:1] == b"\x01" and len(stored[0]) < old_size / 2
        assert '"years_sentence":true' in stored[1] and '"remote_sentence":"Remote."' in stored[1]
        assert stored[2] == "a1"  # cluster_id: generated from id
        assert store.find_cluster(["content:b2"]) == "b2"
        assert store.clusters_for_keys(["content:a1", "url:nope"]) == {"content:a1": "a1"}
        assert [s["url"] for s in store.cluster_sources("a1")] == ["https://boards.example/1"]
        found = store.near_duplicate_candidates(["0:aa", "1:bb"], title_norm="ur nurse")
        assert [(f.cluster_id, f.shared_bands) for f in found] == [("a1", 2)]
        assert {r[0] for r in c.execute("SELECT band FROM lsh_bands")} == {
            band_key("0:aa", "ur nurse"), band_key("1:bb", "ur nurse")
        }
        assert _fts(store, "utilization") == ["a1"]
        assert store.integrity_check() == ["ok"]
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        # keys and sources follow their posting out
        with store.transaction():
            store.add_source("a1", SourceRef(site="indeed", source_id="x"))
            assert store.delete_postings(["a1"]) == 1
        for table in ("identity_keys", "posting_sources", "lsh_bands"):
            assert c.execute(f"SELECT count(*) FROM {table} WHERE posting_seq = 1").fetchone()[0] == 0


def test_a_new_store_gets_larger_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    from otpath.store.migrations import PAGE_SIZE

    with Store.open(tmp_path / "new.db") as store:
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    migrate(old, MIGRATIONS[:7])
    old.close()
    with Store.open(tmp_path / "old.db") as store:
        assert store.schema_version() == MIGRATIONS[-1].id
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096  # until VACUUMed


def test_deleting_postings_removes_their_bands_in_one_pass(store: Store, make_posting) -> None:
    kept, gone, sample = make_posting("A"), make_posting("B"), make_posting("C", sample=True)
    with store.transaction():
        for p, bands in ((kept, ["0:aa"]), (gone, ["0:aa", "1:bb"]), (sample, ["2:cc"])):
            store.insert_posting(p, title_norm="t", signature=b"I\x01\x00\x00\x00", bands=bands)

    def banded() -> set[str]:
        return {m.cluster_id for m in store.band_matches(band_key(b, "t") for b in ("0:aa", "1:bb", "2:cc"))}

    assert banded() == {kept.id, gone.id, sample.id}
    with store.transaction():
        assert store.delete_postings([gone.id, "missing"]) == 1
        assert store.delete_sample_postings() == 1
    assert banded() == {kept.id}
    assert store.conn.execute("SELECT DISTINCT posting_seq FROM lsh_bands").fetchall() == [(1,)]


def test_evidence_sentences_are_stored_as_places_in_the_text_and_read_back(
    store: Store, make_posting
) -> None:
    from otpath.postings.models import Requirements

    text = "Case management role. 3+ years in acute care required. Café on site – hybrid."
    p = make_posting("UR Nurse", id="s1", description=text)
    p.requirements = Requirements(
        settings=["acute", "snf"], years_min=3, years_sentence="3+ years in acute care required.",
        remote_sentence="Café on site – hybrid.",
        sentences={"years": "3+ years in acute care required.", "setting:acute": "3+ years in acute care required.",
                   "setting:snf": "Not in the text.", "remote": "hybrid"},
    )  # fmt: skip
    with store.transaction():
        store.insert_posting(p, title_norm="ur nurse", signature=None)
    stored = store.conn.execute("SELECT requirements FROM postings").fetchone()[0]
    acute, remote = "3+ years in acute care required.", "Café on site – hybrid."
    at = f"[{text.index(acute)},{len(acute)}]"
    assert '"years_sentence":true' in stored and '"setting:snf":"Not in the text."' in stored
    assert f'"setting:acute":{at}' in stored and f'"years":{at}' in stored
    assert f'"remote_sentence":[{text.index(remote)},{len(remote)}]' in stored  # in characters
    got = store.get_posting("s1")
    assert got is not None and Requirements.model_validate(got["requirements"]) == p.requirements
    seq = store.conn.execute("SELECT seq FROM postings").fetchone()[0]
    details = store.match_details([seq])[seq]
    assert json.loads(details["setting_sentences"]) == {
        "setting:acute": "3+ years in acute care required.", "setting:snf": "Not in the text.",
        "years": "3+ years in acute care required.",  # what the years are of is read from it
    }


def test_new_postings_store_html_and_raw_compressed_and_read_them_back(
    store: Store, make_posting, add_postings
) -> None:
    add_postings(store, make_posting("UR Nurse", id="z1", description="Review requests. " * 30))
    kinds = store.conn.execute("SELECT typeof(description_html) FROM postings").fetchall()
    assert kinds == [("blob",)]
    got = store.get_posting("z1")
    assert got is not None and "Review requests." in got["description_html"]


@given(st.lists(st.text(min_size=1, max_size=20), max_size=20), st.text(max_size=30))
def test_band_keys_at_once_are_band_key_one_by_one(bands: list[str], title: str) -> None:
    from otpath.store import band_key
    from otpath.store.writes import _band_keys

    assert _band_keys(bands, title) == tuple(band_key(b, title) for b in bands)


def test_requirements_and_classification_round_trip_without_their_defaults(store: Store) -> None:
    from otpath.postings.models import Classification, Evidence, Pay, Posting, Requirements

    req = Requirements(credentials=["OT"], settings=["acute"], sentences={"setting:acute": "Acute ward."},
                       pay=Pay(min=1.0, currency="GBP"), nights_weekends=False)  # fmt: skip
    cls = Classification(relevant=False, family="unrelated", evidence=[Evidence(field="title", text="x")])
    posting = Posting(id="r1", title="Nurse", requirements=req, classification=cls)
    store.insert_posting(posting, title_norm="nurse", signature=None)
    stored = store.conn.execute("SELECT requirements FROM postings").fetchone()[0]
    assert "license_required" not in stored and "nights_weekends" not in stored  # defaults left out
    got = store.get_posting("r1")
    assert got is not None
    assert Requirements.model_validate(got["requirements"]) == req
    assert Classification.model_validate(got["classification"]) == cls
    assert store.conn.execute(
        "SELECT json_extract(requirements, '$.pay.currency') FROM postings"
    ).fetchone()[0] == "GBP"
