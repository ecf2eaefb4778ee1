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


# -- one declaration: everything else is derived from it --------------------------------


def test_each_setting_is_declared_completely() -> None:
    from typing import get_type_hints

    from otpath.settings import SETTINGS, Settings

    hints = get_type_hints(Settings)
    assert [s.name for s in SETTINGS] == list(hints)  # every field is a declared setting
    kinds = {int: "int", int | None: "int", str: "str", Path: "path", tuple[str, ...]: "list"}
    for s in SETTINGS:
        assert s.env == "OTPATH_" + s.env.removeprefix("OTPATH_") and s.env.isupper(), s.name
        assert s.help and not s.help.endswith("."), s.name
        assert kinds[hints[s.name]] == s.kind, s.name
        assert s.default is not None or s.default_text, f"{s.name}: say what the default is"
    envs = [s.env for s in SETTINGS]
    options = [s.option for s in SETTINGS if s.option]
    assert len(set(envs)) == len(envs) and len(set(options)) == len(options)


def _cli_options() -> list[tuple[str, object]]:
    """``(command path, click parameter)`` of every option of every command."""
    from typer.main import get_group

    from otpath.cli import app

    out = []
    stack = [((), get_group(app))]
    while stack:
        path, group = stack.pop()
        for name, cmd in group.commands.items():
            if getattr(cmd, "commands", None):
                stack.append(((*path, name), cmd))
            else:
                out.extend((" ".join((*path, name)), p) for p in cmd.params)
    return out


def test_cli_options_of_settings_are_generated_from_the_declaration() -> None:
    from otpath.settings import SETTINGS

    by_option = {s.option: s for s in SETTINGS if s.option}
    seen = set()
    for command, param in _cli_options():
        found = [by_option[o] for o in param.opts if o in by_option]
        if not found or param.required:  # a required --profile is a file to read, not the setting
            continue
        s = found[0]
        seen.add(s.name)
        assert param.default is None, f"otpath {command} {s.option}: the default is the setting's"
        assert param.help == s.option_help(), f"otpath {command} {s.option}"
        bounds = getattr(param, "type", param)  # click keeps the range on the type
        assert (getattr(bounds, "min", None), getattr(bounds, "max", None)) == (s.low, s.high)
    assert seen == {s.name for s in SETTINGS if s.option}  # each option is used somewhere


def test_library_defaults_are_the_declared_ones() -> None:
    import inspect

    from otpath.ingest import ingest_paths, ingest_records
    from otpath.settings import setting

    for fn in (ingest_paths, ingest_records):
        params = inspect.signature(fn).parameters
        assert params["batch_size"].default == setting("ingest_batch_size").default == 2000
        assert params["workers"].default is setting("ingest_workers").default is None
    web = pytest.importorskip("otpath.web.app", reason="the web extra is not installed")
    params = inspect.signature(web.create_app).parameters
    assert params["max_upload_bytes"].default == setting("max_upload_bytes").default
    assert params["cache_bytes"].default == setting("web_cache_mb").default * 1024 * 1024


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({"OTPATH_INGEST_BATCH_SIZE": "0"}, [],
         "Error: OTPATH_INGEST_BATCH_SIZE must be a whole number of 1 or more, not '0'"),
        ({"OTPATH_INGEST_WORKERS": "many"}, [],
         "Error: OTPATH_INGEST_WORKERS must be a whole number of 1 or more, not 'many'"),
        ({}, ["--batch-size", "0"], "Error: Invalid value for '--batch-size'"),
    ],
)  # fmt: skip
def test_ingest_reads_its_settings(
    tmp_path: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    from typer.testing import CliRunner

    from otpath.cli import app

    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text('{"title": "Case Manager", "description": "Coordinate care."}\n')
    result = CliRunner().invoke(
        app, ["ingest", str(jobs), "--db", str(tmp_path / "s.db"), *args], env=env
    )
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


def test_an_option_wins_over_the_environment(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from otpath.cli import app

    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text('{"title": "Case Manager", "description": "Coordinate care."}\n')
    result = CliRunner().invoke(
        app,
        ["ingest", str(jobs), "--db", str(tmp_path / "s.db"), "--batch-size", "5"],
        env={"OTPATH_INGEST_BATCH_SIZE": "1", "OTPATH_DB": str(tmp_path / "other.db")},
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s.db").exists() and not (tmp_path / "other.db").exists()
