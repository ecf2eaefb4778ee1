"""Documentation stays in step with the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _gen():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cli_reference_is_current():
    gen = _gen()
    assert (ROOT / "docs" / "cli.md").read_text() == gen.render(), "run: python scripts/gen_cli_docs.py"


def test_every_command_is_in_the_reference():
    gen = _gen()
    text = (ROOT / "docs" / "cli.md").read_text()
    for path in gen.command_paths():
        assert f"## otpath {' '.join(path)}" in text


def test_every_setting_is_documented():
    from otpath.settings import SETTINGS

    text = (ROOT / "docs" / "cli.md").read_text()
    table = text[text.index("## Settings") : text.index("## otpath ")]
    for s in SETTINGS:
        row = next((line for line in table.splitlines() if line.startswith(f"| `{s.name}` |")), "")
        assert f"`{s.env}`" in row and s.help in row and s.allowed in row, s.name
    assert "OTPATH_DB" in (ROOT / "README.md").read_text()


def test_make_docs_runs_the_generator():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\ndocs:") :].split("\n\n")[0]
    assert "scripts/gen_cli_docs.py" in recipe, recipe


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
