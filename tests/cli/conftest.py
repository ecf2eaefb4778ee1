"""CLI tests never read the profile saved on the computer running them: search, posting,
jobs, match and report judge with the saved default profile when there is one. A test
that wants one saves it at ``OTPATH_PROFILE`` (``monkeypatch.setenv`` overrides this)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_saved_profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("config") / "profile.toml"
    monkeypatch.setenv("OTPATH_PROFILE", str(path))
    return path
