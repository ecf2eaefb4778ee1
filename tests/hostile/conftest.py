"""Fixtures for the hostile-input suite (issue 12): a small store, the web app, the CLI.

Every case here is an attack or an input chosen to break something: cross-site
requests, rebinding Host names, oversized records, full and read-only disks, deep
or mistyped profiles, escape sequences, links out of a folder, odd encodings.
Each test says what the input is and what must (not) happen; the inputs are
written here, in our own words.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Where the app is served by default; the test client talks to it under that name.
BASE_URL = "http://127.0.0.1:8765"

UR_TEXT = (
    "Review prior authorization requests for outpatient occupational and physical therapy. "
    "Active OT, PT or COTA license and 2 years of experience required. Fully remote, "
    "$70,000 to $80,000 a year."
)


def posting(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"h-{i}",
        "title": f"Utilization Review Therapist {i}",
        "company": "Example Health Plan",
        "description": f"Posting {i}. {UR_TEXT}",
        **extra,
    }


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def count_postings(db: Path) -> int:
    from otpath.store import Store

    with Store.open(db) as store:
        return store.count_postings()


@pytest.fixture
def store_db(tmp_path: Path) -> Path:
    """A store holding three postings."""
    from otpath.ingest import ingest_paths
    from otpath.store import Store

    db = tmp_path / "store" / "otpath.db"
    with Store.open(db) as store:
        ingest_paths(store, [write_jsonl(tmp_path / "seed.jsonl", [posting(i) for i in range(3)])])
    return db


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "profile.toml"


def make_client(app: Any, **kwargs: Any) -> Any:
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'otpath[web]'")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        kwargs.setdefault("base_url", BASE_URL)
        kwargs.setdefault("raise_server_exceptions", False)
        return TestClient(app, **kwargs)


@pytest.fixture
def web(store_db: Path, profile_file: Path) -> Iterator[Any]:
    """A test client of the app over ``store_db`` (its own Host names: loopback)."""
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'otpath[web]'")
    from otpath.web import create_app

    app = create_app(db_path=store_db, profile_path=profile_file)
    with make_client(app) as client:
        yield client


def csrf_token(client: Any, url: str = "/quiz") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert found, f"no CSRF field on {url}"
    return found.group(1)

