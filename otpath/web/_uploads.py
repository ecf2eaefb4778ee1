"""Accept an uploaded postings file safely.

The user's file name is used for two things only: its extension picks the
format, and its base name is shown back in the ingest summary. The bytes are
written to a temporary folder under a name the server chooses
(``upload.csv``...), so no part of a user-supplied path ever reaches the
file system, and the folder is deleted after ingest.

The content must agree with the extension (a cheap sniff of the first bytes)::

    >>> sniff_kind(".json", b'[{"title": "UR nurse"}]')
    'json'
    >>> sniff_kind(".csv", b"\\x89PNG\\r\\n")
    Traceback (most recent call last):
    ...
    otpath.web._uploads.UploadRejected: ...
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Protocol

from ..errors import SourceError
from ._security import too_large_message

__all__ = [
    "ALLOWED_EXTENSIONS",
    "SavedUpload",
    "UploadRejected",
    "display_name",
    "saved_upload",
    "sniff_kind",
    "unreadable_upload",
]

# extension -> kind; ``kind`` is what the sniffer checks the content against.
ALLOWED_EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
_SNIFF_BYTES = 8192
_CHUNK = 64 * 1024


class UploadRejected(Exception):
    """The upload is not accepted; ``status`` is the HTTP status to answer with."""

    def __init__(
        self, message: str, *, status: int = 415, code: str = "unsupported_media_type"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class _Readable(Protocol):
    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def display_name(filename: str | None) -> str:
    """The base name of a client-side path, for display only (never for the file system)."""
    if not filename:
        return "upload"
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return (name or "upload")[:200]


def _extension(name: str) -> str:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        shown = suffix or "no extension"
        raise UploadRejected(
            f"Cannot import a file with {shown}: upload a JobSpy CSV or JSON export, "
            f"a JSONL file, a saved job page or a posting as plain text ({allowed})."
        )
    return suffix


def sniff_kind(extension: str, head: bytes) -> str:
    """Check that the first bytes look like the extension says; return the kind."""
    kind = ALLOWED_EXTENSIONS[extension]
    if not head.strip():
        raise UploadRejected("The file is empty.", status=422, code="empty_upload")
    if b"\x00" in head:
        raise UploadRejected(
            f"The file is not text: a {extension} file must be text, and this one looks binary."
        )
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > 4:  # not UTF-8: the readers also accept cp1252 exports
        text = head.decode("latin-1")
    start = text.lstrip("\ufeff \t\r\n")
    ok = {
        "json": start[:1] in ("[", "{"),
        "jsonl": start[:1] == "{",
        "csv": any(sep in start.split("\n", 1)[0] for sep in (",", "\t", ";"))
        and not start.startswith("<"),
        "html": start.startswith("<") or "<html" in text.lower(),
        "text": True,  # any text: the first line is the title (binary was refused above)
    }[kind]
    if not ok:
        what = {
            "json": "JSON (it should start with [ or {)",
            "jsonl": "JSON Lines (one JSON object per line)",
            "csv": "CSV (the first line should be a header with commas)",
            "html": "an HTML page",
            "text": "plain text",
        }[kind]
        raise UploadRejected(f"The file name ends in {extension} but the content is not {what}.")
    return kind


class SavedUpload:
    """An upload written to a server-named temporary file."""

    def __init__(self, path: Path, name: str, kind: str, size: int) -> None:
        self.path = path  # server-chosen, inside a private temporary folder
        self.name = name  # the client's base name, for display only
        self.kind = kind
        self.size = size

    def relabel(self, text: str) -> str:
        """Replace the temporary path in a message with the name the user knows."""
        return text.replace(str(self.path), self.name).replace(self.path.name, self.name)


_KINDS = (
    "a JobSpy CSV or JSON export, a JSON list or JSON lines of postings, a JSONL file "
    "or a saved job page"
)


def unreadable_upload(exc: SourceError, saved: SavedUpload) -> UploadRejected:
    """A :class:`SourceError` met while reading an upload, in the web's words: the
    user's file name instead of the server's temporary path, and no command-line
    hints (``--format``, ``--map``) a person using the page cannot act on."""
    message = saved.relabel(exc.message)
    if message.startswith("cannot tell the format of"):
        message = f"Cannot tell what kind of postings file {saved.name} is: upload {_KINDS}."
    else:
        message = f"Could not read {saved.name}: {message.replace(saved.name + ': ', '')}"
    return UploadRejected(message, status=422, code="invalid_upload")


@contextmanager
def _temp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="otpath-upload-") as tmp:
        yield Path(tmp)


@asynccontextmanager
async def saved_upload(upload: _Readable, *, max_bytes: int) -> AsyncIterator[SavedUpload]:
    """Write ``upload`` to a temporary file; delete it (and its folder) afterwards.

    Raises :class:`UploadRejected` for a wrong type, an empty file or too many bytes.
    """
    name = display_name(upload.filename)
    extension = _extension(name)
    head = await upload.read(_SNIFF_BYTES)
    kind = sniff_kind(extension, head)
    with _temp_dir() as tmp:
        path = tmp / f"upload{extension}"
        size = len(head)
        with path.open("wb") as out:
            out.write(head)
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:  # defence in depth: the middleware counts too
                    raise UploadRejected(
                        too_large_message(max_bytes), status=413, code="payload_too_large"
                    )
                out.write(chunk)
        yield SavedUpload(path, name, kind, size)
