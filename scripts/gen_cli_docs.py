"""Write docs/cli.md from the CLI's own --help texts and the settings' declarations.

    make docs                               # the same as the next line
    python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check  # exit 1 when docs/cli.md is stale

tests/test_docs.py runs the check, so a new command, option or setting that is not
in the reference fails the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"


def _help(args: list[str]) -> str:
    from otpath.cli import app

    res = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100", "TERM": "dumb"})
    return res.stdout.rstrip()


def command_paths() -> list[list[str]]:
    from typer.main import get_group

    from otpath.cli import app

    group = get_group(app)
    paths: list[list[str]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        sub = getattr(cmd, "commands", None)
        if sub:
            paths.extend([name, s] for s in sorted(sub))
        else:
            paths.append([name])
    return paths


def settings_table() -> list[str]:
    """The settings as a Markdown table, from their one declaration (otpath/settings.py)."""
    from otpath.settings import SETTINGS

    rows = [
        "| setting | environment | option | default | allowed | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        option = f"`{s.option}`" if s.option else ""
        if s.default is None and s.kind == "path":
            shown = f"`{s.default_text}`"  # a path pattern such as <user data dir>/...
        elif s.default is None:
            shown = s.shown_default
        else:
            shown = f"`{s.default}`" + (f" ({s.default_text})" if s.default_text else "")
        rows.append(f"| `{s.name}` | `{s.env}` | {option} | {shown} | {s.allowed} | {s.help} |")
    return rows


def render() -> str:
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` and `otpath/settings.py` by `make docs`"
        " (`scripts/gen_cli_docs.py`); do not edit by hand.",
        "",
        "```",
        _help([]),
        "```",
        "",
        "## Settings",
        "",
        "Each command reads the settings it uses from the environment when it starts;"
        " an option given on the command line wins over the environment, which wins over"
        " the default. A number that does not parse or is out of range stops the command"
        " with an error naming the variable.",
        "",
        *settings_table(),
    ]
    for path in command_paths():
        parts += ["", f"## otpath {' '.join(path)}", "", "```", _help(path), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text() != text:
            print("docs/cli.md is stale: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
