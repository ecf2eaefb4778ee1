"""Settings from the environment: defaults, overrides, and clear errors for bad numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from otpath.errors import OtpathError
from otpath.settings import load_settings


def test_defaults_and_overrides(tmp_path: Path) -> None:
    base = load_settings({})
    assert (base.host, base.port, base.web_cache_mb) == ("127.0.0.1", 8765, 64)
    assert base.max_upload_bytes == 10 * 1024 * 1024
    s = load_settings(
        {
            "OTPATH_DB": str(tmp_path / "a.db"),
            "OTPATH_PORT": "9000",
            "OTPATH_WEB_CACHE_MB": "0",
            "OTPATH_MAX_UPLOAD_BYTES": "1_048_576",
        }
    )
    assert s.db_path == tmp_path / "a.db"
    assert (s.port, s.web_cache_mb, s.max_upload_bytes) == (9000, 0, 1048576)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OTPATH_PORT", "abc", "OTPATH_PORT must be a whole number from 0 to 65535, not 'abc'"),
        ("OTPATH_PORT", "70000", "OTPATH_PORT must be a whole number from 0 to 65535, not '70000'"),
        ("OTPATH_PORT", "80.5", "OTPATH_PORT must be a whole number from 0 to 65535, not '80.5'"),
        ("OTPATH_WEB_CACHE_MB", "-1", "OTPATH_WEB_CACHE_MB must be a whole number of 0 or more"),
        ("OTPATH_MAX_UPLOAD_BYTES", "0", "OTPATH_MAX_UPLOAD_BYTES must be a whole number of 1 or more"),
        ("OTPATH_MAX_UPLOAD_BYTES", "10MB", "OTPATH_MAX_UPLOAD_BYTES must be a whole number"),
    ],
)
def test_a_bad_number_names_its_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(OtpathError) as info:
        load_settings({name: value})
    assert str(info.value).startswith(message)
    assert info.value.hint and name in info.value.hint


def test_an_empty_variable_means_the_default() -> None:
    assert load_settings({"OTPATH_PORT": "", "OTPATH_HOST": ""}).port == 8765
    assert load_settings({"OTPATH_HOST": ""}).host == "127.0.0.1"


def test_the_cli_reports_a_bad_variable_without_a_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from otpath.cli import app

    result = CliRunner().invoke(
        app, ["search", "review"], env={"OTPATH_DB": "", "OTPATH_WEB_CACHE_MB": "lots"}
    )
    assert result.exit_code == 2, result.output
    assert "Error: OTPATH_WEB_CACHE_MB must be a whole number" in result.output
    assert "Traceback" not in result.output
