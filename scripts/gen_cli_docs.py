"""Write docs/cli.md from the CLI's own --help texts.

    python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check  # exit 1 when docs/cli.md is stale

tests/test_docs.py runs the check, so a new command or option that is not in
the reference fails the suite.
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
    from otpath.cli import app
    from typer.main import get_group

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


def render() -> str:
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.",
        "",
        "```",
        _help([]),
        "```",
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
