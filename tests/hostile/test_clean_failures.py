"""Clean failures: a full disk, a read-only store, deep or mistyped profiles, bad uploads.

Command line: one ``Error:`` line and a ``Hint:``, exit 2, no traceback, nothing
half-written. Web: the error page or envelope, never a server path or a
command-line option in the message.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from otpath.errors import StoreFullError, StoreReadOnlyError
from otpath.ingest import ingest_paths
from otpath.store import Store

from .conftest import count_postings, csrf_token, make_client, posting, write_jsonl


def otpath(*args: object, limit_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # runs in the child before exec: a real "file too large" limit
        if limit_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "otpath", *map(str, args)],
        capture_output=True, text=True, timeout=120, preexec_fn=limit,
    )  # fmt: skip


def assert_one_clean_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    errors = [ln for ln in lines if ln.startswith("Error: ")]
    assert len(errors) == 1, lines
    assert any(ln.startswith("Hint: ") for ln in lines), lines
    for word in words:
        assert word in errors[0], errors[0]


def integrity(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]


# -- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_is_one_error_and_nothing_half_written(tmp_path: Path) -> None:
    """The file-size limit makes every write past 300 KB more than the empty store fail
    as on a full disk (EFBIG): before, 2 runs in 3 ended in a raw traceback from COMMIT."""
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(300)])
    db = tmp_path / "s.db"
    Store.open(db).close()  # the empty store (its size depends on the page size)
    limit = db.stat().st_size + 300 * 1024
    for _ in range(3):
        done = otpath("ingest", "--db", db, "--batch-size", "50", path,
                      limit_file_bytes=limit)  # fmt: skip
        assert_one_clean_error(done, "the disk is full or a file-size limit was reached")
        assert "free some disk space" in done.stderr
        assert integrity(db) == ["ok"]
    stored = count_postings(db)
    assert stored < 300 and stored % 50 == 0  # whole batches only
    done = otpath("ingest", "--db", db, path)  # room again: the rest, nothing twice
    assert done.returncode == 0, done.stderr
    assert count_postings(db) == 300


def test_a_full_disk_while_the_store_is_made_is_one_error(tmp_path: Path) -> None:
    """Creating the store's tables fails too (SQLite then rolls back by itself): the
    error named must still be the full disk, not the failed ROLLBACK after it."""
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(1)])
    done = otpath("ingest", "--db", tmp_path / "s.db", path, limit_file_bytes=64 * 1024)
    assert_one_clean_error(done, "the disk is full or a file-size limit was reached")


def test_a_store_size_limit_rolls_back_the_batch(tmp_path: Path) -> None:
    """SQLite's own limit (PRAGMA max_page_count) on the real connection: SQLITE_FULL."""
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(200)])
    with Store.open(tmp_path / "s.db") as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
        with pytest.raises(StoreFullError) as info:
            ingest_paths(store, [path])
        assert "nothing of the failed batch was kept" in (info.value.hint or "")
        assert store.count_postings() == 0
        assert store.integrity_check() == ["ok"]
        assert not store.conn.in_transaction


# -- a read-only store ----------------------------------------------------------------------


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make ``paths`` unwritable for real: ``chattr +i`` as root (who ignores modes),
    else chmod. Skips when neither works here."""
    root = os.geteuid() == 0
    if root and not shutil.which("chattr"):
        pytest.skip("running as root without chattr: cannot make a file read-only")
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in paths}
    try:
        for p in paths:
            if root:
                subprocess.run(["chattr", "+i", str(p)], check=True, capture_output=True)
            else:
                p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            with paths[0].open("ab") if paths[0].is_file() else open(os.devnull, "ab"):
                pass
        except OSError:
            pass
        else:
            if paths[0].is_file():
                pytest.skip("this file system does not make the store read-only")
        yield
    finally:
        for p in paths:
            if root:
                subprocess.run(["chattr", "-i", str(p)], capture_output=True)
            p.chmod(modes[p])


@pytest.mark.parametrize("lock_folder", [False, True], ids=["read-only file", "read-only folder"])
def test_a_read_only_store_can_be_searched_not_written(
    store_db: Path, tmp_path: Path, lock_folder: bool
) -> None:
    more = write_jsonl(tmp_path / "more.jsonl", [posting(9)])
    locked = [store_db, store_db.parent] if lock_folder else [store_db]
    with read_only(*locked):
        found = otpath("search", "utilization", "--db", store_db)
        assert found.returncode == 0, found.stderr  # before: an error, even to read
        assert found.stdout.count("Utilization Review Therapist") == 3
        done = otpath("ingest", "--db", store_db, more)
        assert_one_clean_error(done, "is read-only")
    assert count_postings(store_db) == 3


def test_a_store_in_a_read_only_folder_opens_read_only(store_db: Path) -> None:
    with read_only(store_db, store_db.parent):
        with Store.open(store_db) as store:
            assert store.read_only
            assert store.count_postings() == 3
            with pytest.raises(StoreReadOnlyError) as info:
                with store.transaction():
                    pass
            assert "searching a read-only store works" in (info.value.hint or "")


def test_the_web_app_on_a_read_only_store(store_db: Path, tmp_path: Path) -> None:
    from otpath.web import create_app

    with read_only(store_db, store_db.parent):
        app = create_app(db_path=store_db, profile_path=tmp_path / "p.toml")
        with make_client(app) as client:
            assert client.get("/jobs", params={"q": "utilization"}).status_code == 200
            assert client.get("/api/v1/postings").json()["total"] == 3
            resp = client.post(
                "/api/v1/import",
                files={"file": ("a.jsonl", b'{"title": "T", "description": "d"}\n', "text/plain")},
            )
            assert resp.status_code == 503
            error = resp.json()["error"]
            assert error["code"] == "store_read_only"
            assert str(store_db.parent) not in error["message"]  # no server path
            assert "otpath.db" in error["message"]


# -- profiles -------------------------------------------------------------------------------

DEEP = "credentials = ['OT']\nskills = " + "[" * 3000 + "]" * 3000 + "\n"


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        pytest.param(DEEP, "nested too deeply", id="deeply nested arrays"),
        pytest.param("credentials = ['OT']\nyears_experience = true\n",
                     "years_experience: must be a number, such as 4 or 2.5 (got true)",
                     id="years true"),  # fmt: skip
        pytest.param("credentials = ['OT']\nyears_experience = '4'\n",
                     'years_experience: must be a number', id="years as text"),  # fmt: skip
        pytest.param("credentials = ['OT']\n[preferences]\nentrepreneurship = 'yes'\n",
                     'preferences.entrepreneurship: must be true or false (got "yes")',
                     id="entrepreneurship yes"),  # fmt: skip
        pytest.param("credentials = ['OT']\n[preferences]\nentrepreneurship = 1\n",
                     "must be true or false (got 1)", id="entrepreneurship 1"),  # fmt: skip
        pytest.param("credentials = 'OT'\n", 'credentials: must be a list', id="one credential"),
        pytest.param("credentials = ['OT']\npreferences = 3\n", "preferences: must be a table",
                     id="preferences not a table"),  # fmt: skip
        pytest.param("\x00\x01binary", "not valid TOML", id="binary"),
    ],
)
def test_a_bad_profile_is_one_error_line(tmp_path: Path, toml: str, words: str) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(toml, encoding="utf-8")
    assert_one_clean_error(otpath("match", "--profile", path), words)


@pytest.mark.parametrize(
    "body",
    [
        {"credentials": ["OT"], "years_experience": True},
        {"credentials": ["OT"], "years_experience": "4"},
        {"credentials": ["OT"], "preferences": {"entrepreneurship": "yes"}},
        {"credentials": ["OT"], "skills": [[[["deep"]]]]},
    ],
)
def test_the_api_refuses_mistyped_profiles(web, body: dict[str, object]) -> None:
    resp = web.post("/api/v1/match", json=body)
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "validation_error"


def test_a_deep_saved_profile_does_not_break_the_pages(web, profile_file: Path) -> None:
    profile_file.parent.mkdir(parents=True, exist_ok=True)
    profile_file.write_text(DEEP, encoding="utf-8")
    results = web.get("/results")  # before: a traceback and a 500
    assert results.status_code == 422
    assert "nested too deeply" in results.text
    quiz = web.get("/quiz")
    assert quiz.status_code == 200 and "could not be read" in quiz.text
    for page in (results, quiz):
        assert str(profile_file.parent) not in page.text


# -- uploads --------------------------------------------------------------------------------

BAD_UPLOADS = [
    pytest.param("jobs.json", b"[1, 2, 3]", id="JSON that is no postings"),
    pytest.param("jobs.json", b'{"a": 1}\n{"b": 2}\n', id="JSON lines without titles"),
    pytest.param("jobs.csv", b"colA,colB\n1,2\n", id="CSV without a title column"),
    pytest.param("page.html", b"<html><body>No structured data</body></html>", id="page without JSON-LD"),
    pytest.param("jobs.jsonl", b'{"title": 5}\n', id="wrong types"),
]


@pytest.mark.parametrize(("name", "content"), BAD_UPLOADS)
def test_upload_errors_name_the_users_file_not_the_server(web, name: str, content: bytes) -> None:
    resp = web.post("/api/v1/import", files={"file": (name, content, "application/octet-stream")})
    text = resp.text
    assert resp.status_code in (200, 415, 422), text
    assert "/tmp" not in text and "otpath-upload" not in text and "upload." not in text
    assert "--format" not in text and "--map" not in text  # no command-line-only hints
    assert name in text


@pytest.mark.parametrize(("name", "content"), BAD_UPLOADS)
def test_the_import_page_says_the_same(web, name: str, content: bytes) -> None:
    token = csrf_token(web, "/import")
    resp = web.post(
        "/import", data={"csrf_token": token},
        files={"file": (name, content, "application/octet-stream")},
    )  # fmt: skip
    assert "/tmp" not in resp.text and "otpath-upload" not in resp.text
    assert "--format" not in resp.text and "--map" not in resp.text
    assert name in resp.text
