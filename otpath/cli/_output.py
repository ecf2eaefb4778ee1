r"""Terminal output: Rich tables on a terminal, plain tab-separated text when piped.

Text from postings files (titles, headers, file names) is hostile: an escape
sequence in a CSV header could recolour, retitle or rewrite the user's terminal.
Everything these helpers print goes through :func:`safe_text`, which shows
control characters as visible escapes; Rich never parses it as markup.

    >>> print(safe_text("\x1b]0;pwned\x07title"))
    \x1b]0;pwned\x07title
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

__all__ = [
    "ELIGIBILITY_WORDS",
    "eligibility_words",
    "console",
    "echo",
    "echo_json",
    "is_terminal",
    "print_table",
    "progress_bar",
    "safe_text",
]

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a line shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves raw inside strings (it escapes C0 itself; outside strings
# there is only ASCII punctuation and whitespace).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


#: How the CLI says a role's eligibility (``match``, ``compare``): one set of words.
ELIGIBILITY_WORDS = {
    "eligible": "eligible",
    "likely": "likely (inferred)",
    "unclear": "unclear: check postings",
    "not_eligible": "NOT ELIGIBLE",
}


def eligibility_words(state: str, degree_needed: str | None = None) -> str:
    """A fit's eligibility in the CLI's words; a degree the role needs comes first."""
    if degree_needed and state != "not_eligible":
        return f"needs {degree_needed}"
    return ELIGIBILITY_WORDS[state]


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object, *, keep_newlines: bool = False) -> str:
    """``value`` as text with every control character shown as an escape (``\\x1b``).

    ``keep_newlines`` leaves ``\\n`` alone (for text that is meant to be multi-line).
    """
    text = "" if value is None else str(value)
    if keep_newlines:
        return "\n".join(_CONTROL.sub(_escape, part) for part in text.split("\n"))
    return _CONTROL.sub(_escape, text)


def echo(message: object = "", *, err: bool = False) -> None:
    """``typer.echo`` of :func:`safe_text` (``message`` may span lines)."""
    import typer

    typer.echo(safe_text(message, keep_newlines=True), err=err)

_console = None


def console() -> Any:
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    return _console


def is_terminal() -> bool:
    return bool(console().is_terminal)


def progress_bar(counted: str) -> Any:
    """A Rich progress bar for long work on a terminal: the task's description, the bar,
    ``done/total`` followed by ``counted`` (a Rich format string: ``"postings"``), the
    time so far. It disappears when the work ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(counted),
        TimeElapsedColumn(), console=console(), transient=True,
    )  # fmt: skip


def echo_json(data: Any) -> None:
    """JSON on stdout; controls json leaves raw (DEL, C1, bidi overrides) are ``\\u`` escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")


def print_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None
) -> None:
    """A Rich table on a terminal; tab-separated lines with a header row when piped."""
    if is_terminal():
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, show_lines=False)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:  # Text: a "[red]" in a posting title is not markup
            table.add_row(*(Text(safe_text(v)) for v in row))
        console().print(table)
        return
    out = sys.stdout
    out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(safe_text(v) for v in row) + "\n")
