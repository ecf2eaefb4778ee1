"""Plain text and markdown postings: one posting per ``.txt``/``.md`` file.

The first non-empty line is the title (markdown ``#`` marks are dropped); the
rest of the file is the description::

    # Ergonomics Specialist            ->  title = "Ergonomics Specialist"
                                           description = "Remote role assessing..."
    Remote role assessing office
    workstations for a national insurer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from ...errors import ReaderError
from ..models import RawPosting
from ._io import decode_bytes, open_input
from .base import MAX_DOCUMENT_BYTES, Reader

__all__ = ["TextReader", "split_title"]


def split_title(text: str) -> tuple[int, str, str] | None:
    """``(title_line, title, description)`` of a text posting, or None if it is blank.

    >>> split_title("\\n## Care Coordinator ##\\nCall members after discharge.\\n")
    (2, 'Care Coordinator', 'Call members after discharge.')
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        title = stripped.lstrip("#").rstrip("#").strip() if stripped.startswith("#") else stripped
        description = "\n".join(lines[index + 1 :]).strip()
        if not title:  # a line of only "#" marks: keep looking
            continue
        return index + 1, title, description
    return None


class TextReader(Reader):
    """One posting per plain text or markdown file."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".md", ".markdown")
    summary: ClassVar[str] = "one posting per .txt/.md file, first line is the title"

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        with open_input(path) as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            errors.append(
                ReaderError(
                    f"text posting larger than {MAX_DOCUMENT_BYTES // 2**20} MiB; file skipped",
                    file=file,
                )
            )
            return
        text, problem = decode_bytes(data)
        if problem is not None:
            errors.append(ReaderError(f"{problem}; file skipped", file=file, line=1))
            return
        if "\x00" in text:
            errors.append(ReaderError("binary data, not text; file skipped", file=file, line=1))
            return
        parts = split_title(text)
        if parts is None:  # blank file: no posting, nothing wrong
            return
        line, title, description = parts
        yield RawPosting(title=title, description=description, origin_file=file, origin_line=line)
