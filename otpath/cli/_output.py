"""Terminal output: Rich tables on a terminal, plain tab-separated text when piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["console", "echo_json", "print_table", "is_terminal"]

_console = None


def console() -> Any:
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    return _console


def is_terminal() -> bool:
    return bool(console().is_terminal)


def echo_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None
) -> None:
    """A Rich table on a terminal; tab-separated lines with a header row when piped."""
    if is_terminal():
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console().print(table)
        return
    out = sys.stdout
    out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join("" if v is None else str(v).replace("\t", " ") for v in row) + "\n")
