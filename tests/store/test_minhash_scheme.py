"""The MinHash scheme is stored with the signatures: detected on ingest, fixed by resign."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otpath.cli import app
from otpath.errors import StoreError
from otpath.ingest import ingest_paths, ingest_records, resign
from otpath.postings.minhash import SCHEME
from otpath.postings.models import RawPosting
from otpath.store import MIGRATIONS, Store, migrate

TEXT = (
    "Review prior authorization requests for outpatient physical, occupational and speech "
    "therapy against medical necessity criteria, call providers for missing records and "
    "document each determination in the utilization management system. Requirements: an "
    "active OT, PT or COTA license and three years of clinical experience. Fully remote."
)


def _records(n: int) -> list[dict[str, str]]:
    return [
        {"id": f"j{i}", "title": f"Utilization Review Specialist {i}", "company": f"Plan {i}",
         "url": f"https://jobs.example/{i}", "description": f"Posting {i} of {n}. {TEXT}"}
        for i in range(n)
    ]  # fmt: skip


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _signed(store: Store) -> list[tuple[object, ...]]:
    """Every stored signature and band, and the scheme: what resign must rebuild."""
    sigs = store.conn.execute(
        "SELECT posting_seq, title_norm, signature FROM cluster_signatures ORDER BY 1"
    ).fetchall()
    bands = store.conn.execute("SELECT band, posting_seq FROM lsh_bands ORDER BY 1, 2").fetchall()
    return [store.minhash_scheme(), *sigs, *bands]


def _age(store: Store, scheme: str | None = "datasketch") -> None:
    """Make ``store`` look signed by another scheme: other values, other bands."""
    conn = store.conn
    conn.execute("UPDATE cluster_signatures SET signature = x'49' || zeroblob(256)")
    conn.execute("UPDATE lsh_bands SET band = -band")
    if scheme is None:
        conn.execute("DELETE FROM store_meta WHERE key = 'minhash_scheme'")
    else:
        store.set_minhash_scheme(scheme)


@pytest.fixture
def jobs(tmp_path: Path) -> Path:
    return _write(tmp_path / "jobs.jsonl", _records(5))


# -- detection -------------------------------------------------------------------------


def test_ingest_claims_an_empty_store_for_the_current_scheme(tmp_path: Path, jobs: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert store.minhash_scheme() is None
        ingest_paths(store, [jobs])
        assert store.minhash_scheme() == SCHEME == "otpath-minhash-1"
        assert store.count_signatures() == 5


def test_migration_3_marks_signatures_made_before_it(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:2])
    conn.execute(
        "INSERT INTO postings (seq, id, cluster_id, title, ingested_at) VALUES (1, 'a', 'a', 'T', 'now')"
    )
    conn.execute(
        "INSERT INTO cluster_signatures (posting_seq, title_norm, signature) VALUES (1, 't', x'49')"
    )
    conn.close()
    empty = tmp_path / "empty-v2.db"
    conn = sqlite3.connect(empty, isolation_level=None)
    migrate(conn, MIGRATIONS[:2])
    conn.close()

    with Store.open(path) as store:
        assert store.minhash_scheme() == "datasketch"
    with Store.open(empty) as store:
        assert store.minhash_scheme() is None


@pytest.mark.parametrize("scheme", ["datasketch", "otpath-minhash-0", None])
def test_ingest_refuses_a_store_signed_by_another_scheme(
    tmp_path: Path, jobs: Path, scheme: str | None
) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [jobs])
        _age(store, scheme)
        before = _signed(store)
        more = _write(tmp_path / "more.jsonl", _records(8))
        with pytest.raises(StoreError) as info:
            ingest_paths(store, [more])
        assert str(info.value) == (
            "the near-duplicate signatures of the 5 postings in this store were made by another"
            f" MinHash scheme ({scheme or 'not recorded'}) than this otpath uses (otpath-minhash-1),"
            " so new postings cannot be compared with them"
        )
        assert info.value.hint == (
            f"run 'otpath resign --db {tmp_path / 's.db'}' once (it recomputes them from the"
            " stored descriptions), then run this again"
        )
        with pytest.raises(StoreError, match="another MinHash scheme"):
            ingest_records(store, [RawPosting(title="x", description=TEXT)])
        assert _signed(store) == before  # nothing written
        assert store.count_postings() == 5


# -- the action: resign ----------------------------------------------------------------


def test_resign_rebuilds_what_a_fresh_ingest_stores(tmp_path: Path, jobs: Path) -> None:
    with Store.open(tmp_path / "fresh.db") as fresh:
        ingest_paths(fresh, [jobs])
        expected = _signed(fresh)
    with Store.open(tmp_path / "old.db") as store:
        ingest_paths(store, [jobs])
        _age(store)
        assert _signed(store) != expected
        calls: list[tuple[int, int]] = []
        assert resign(store, batch_size=2, progress=lambda d, t: calls.append((d, t))) == 5
        assert calls == [(2, 5), (4, 5), (5, 5)]
        assert _signed(store) == expected
        assert store.integrity_check() == ["ok"]
        # ingest works again, and finds near-duplicates through the rebuilt bands
        copy = {**_records(5)[3], "id": "other-board-3", "url": "https://board.example/3",
                "company": "Plan 3", "description": _records(5)[3]["description"] + " Apply now."}  # fmt: skip
        report = ingest_paths(store, [_write(tmp_path / "copy.jsonl", [copy])])
        assert (report.new, report.duplicates) == (0, 1)


def test_an_interrupted_resign_leaves_the_store_refused(tmp_path: Path, jobs: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [jobs])
        _age(store)

        def stop(done: int, total: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            resign(store, batch_size=2, progress=stop)
        assert store.minhash_scheme() == "datasketch"  # two re-signed, three not: still refused
        with pytest.raises(StoreError, match=r"another MinHash scheme \(datasketch\)"):
            ingest_paths(store, [jobs])
        assert resign(store) == 5
        assert store.minhash_scheme() == SCHEME
        assert ingest_paths(store, [jobs]).skipped_files == [str(jobs)]


def test_an_interrupted_resign_of_a_current_store_leaves_it_refused(tmp_path: Path, jobs: Path) -> None:
    # resign empties the bands first (they are not indexed by posting): until it ends,
    # near-duplicates cannot be found, so ingest must not accept the store
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [jobs])
        before = _signed(store)

        def stop(done: int, total: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            resign(store, batch_size=2, progress=stop)
        assert store.minhash_scheme() == f"{SCHEME}, re-signing interrupted"
        with pytest.raises(StoreError, match="re-signing interrupted"):
            ingest_paths(store, [jobs])
        assert resign(store) == 5
        assert _signed(store) == before


def test_the_cli_names_the_fix_and_the_fix_works(tmp_path: Path, jobs: Path) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        ingest_paths(store, [jobs])
        _age(store)
    more = _write(tmp_path / "more.jsonl", _records(8))
    runner = CliRunner()

    refused = runner.invoke(app, ["ingest", str(more), "--db", str(db)])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "Error: the near-duplicate signatures of the 5 postings in this store were made by"
    )
    assert f"Hint: run 'otpath resign --db {db}' once" in refused.stderr
    assert "Traceback" not in refused.output

    fixed = runner.invoke(app, ["resign", "--db", str(db)])
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout == (
        f"Re-signed 5 postings in {db} with otpath-minhash-1 (they were datasketch);"
        " ingest can add postings again.\n"
    )
    again = runner.invoke(app, ["resign", "--db", str(db)])
    assert again.stdout == f"The signatures in {db} are already otpath-minhash-1: nothing to do.\n"

    ingested = runner.invoke(app, ["ingest", str(more), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output
    assert "read 8, new 3, duplicates 5, unchanged 0" in ingested.stdout  # 5 seen, from a new file
