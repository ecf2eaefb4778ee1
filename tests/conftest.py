"""Shared fixtures. Sub-folders may add their own conftest.py."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests keep compiled rule databases (and anything else otpath caches) in a
# folder of their own, never in the user's cache folder; subprocesses inherit it.
if "OTPATH_TEST_CACHE" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="otpath-test-cache-")
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
    os.environ["OTPATH_TEST_CACHE"] = os.environ["XDG_CACHE_HOME"] = _cache

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """A path for a fresh SQLite store in this test's temp folder."""
    return tmp_path / "otpath.db"
