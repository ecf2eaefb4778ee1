"""Documentation stays in step with the code."""

from __future__ import annotations

import importlib.util
import re
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
    from otpath.settings import Settings

    doc = (ROOT / "otpath" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text() + (ROOT / "docs" / "cli.md").read_text()
    for field in Settings.__dataclass_fields__:
        assert re.search(rf"^{field}\s", doc.split('"""')[1], re.M), field
    assert "OTPATH_DB" in readme


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
