"""The reader contract, the registry of readers, and :func:`iter_postings`.

A reader turns one file into :class:`~otpath.postings.models.RawPosting`
records. It has a ``name`` (what ``--format`` takes), the file ``suffixes`` it
claims, a :meth:`Reader.sniff` that looks at the first bytes, and one method,
:meth:`Reader.read`, which streams postings::

    errors: list[ReaderError] = []
    for posting in iter_postings([Path("saved/")], errors=errors):
        ...
    for err in errors:  # each bad record: file, line, reason
        print(err)

Errors, in one place:

- a bad *record* (invalid JSON line, missing title, wrong field count, bytes
  that are not text) becomes a :class:`~otpath.errors.ReaderError` appended to
  ``errors``; the record is skipped and reading goes on;
- a bad *input* (a path that does not exist, an unknown ``format``, a file whose
  format cannot be told, an unknown ``mapping`` field, an unreadable file)
  raises :class:`~otpath.errors.SourceError` with a hint.

Readers never load a whole file except where the format needs it (saved HTML
pages and bare JSON-LD files, capped at :data:`MAX_DOCUMENT_BYTES`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from ...errors import ReaderError, SourceError
from ..models import RawPosting
from ._io import read_head

__all__ = [
    "FOLDER_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "Reader",
    "detect",
    "format_names",
    "get_reader",
    "iter_postings",
    "register",
]

#: Suffixes picked up when a folder is expanded without ``format``.
FOLDER_SUFFIXES: tuple[str, ...] = (
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".ndjson",
    ".csv",
    ".tsv",
    ".txt",
    ".md",
)
#: Largest single document (HTML page, bare JSON-LD file, text posting) read whole.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class Reader(ABC):
    """One input format. Subclasses set ``name``, ``suffixes``, ``summary`` and
    implement :meth:`read`; they may refine :meth:`sniff`."""

    name: ClassVar[str]
    #: Lower-case suffixes with the dot, e.g. ``(".csv",)``.
    suffixes: ClassVar[tuple[str, ...]]
    #: One line for ``--help`` and error hints.
    summary: ClassVar[str] = ""

    def sniff(self, path: Path, head: bytes) -> bool:
        """Does ``path`` (whose first bytes are ``head``) look like this format?

        The default claims the reader's suffixes. Readers are asked in registry
        order, so specific readers (JobSpy CSV) come before catch-alls (CSV).
        """
        return path.suffix.lower() in self.suffixes

    @abstractmethod
    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        """Stream the postings of ``path``.

        Must run in bounded memory, append a :class:`ReaderError` (file, 1-based
        line, reason) for each bad record and skip it, and never raise for a bad
        record. ``OSError`` may propagate (:func:`iter_postings` wraps it).
        """

    def with_options(self, **options: Any) -> Reader:
        """A copy of this reader configured with ``options``.

        The default takes none; raises :class:`SourceError` for any.
        """
        if options:
            names = ", ".join(sorted(options))
            raise SourceError(
                f"format '{self.name}' takes no options (got {names})",
                hint="column mappings (--map) apply to --format csv only",
            )
        return self

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


#: Registered readers by name, in sniffing order.
READERS: dict[str, Reader] = {}


def register(reader: Reader, *, replace: bool = False) -> Reader:
    """Add ``reader`` to :data:`READERS` (sniffed after those already there)."""
    if reader.name in READERS and not replace:
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    READERS[reader.name] = reader
    return reader


def format_names() -> list[str]:
    """Registered format names, in sniffing order."""
    return list(READERS)


def _formats_hint() -> str:
    return "formats: " + ", ".join(
        f"{r.name} ({r.summary})" if r.summary else r.name for r in READERS.values()
    )


def get_reader(name: str) -> Reader:
    """The reader called ``name``; :class:`SourceError` listing the formats if none is."""
    try:
        return READERS[name]
    except KeyError:
        raise SourceError(f"unknown format '{name}'", hint=_formats_hint()) from None


def detect(path: Path, *, head: bytes | None = None) -> Reader:
    """Pick the reader for ``path`` from its content and suffix.

    Each registered reader is asked in order whether it recognises the file's
    first bytes; the first that does wins. :class:`SourceError` if none does.
    """
    if head is None:
        try:
            head = read_head(path)
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for reader in READERS.values():
        if reader.sniff(path, head):
            return reader
    raise SourceError(
        f"cannot tell the format of {path}",
        hint=f"pass a format explicitly (--format); {_formats_hint()}",
    )


def _expand(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``folder`` (recursively) with one of ``suffixes``, sorted; hidden
    files and folders (``.git``...) are skipped."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() in suffixes and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def iter_postings(
    paths: Iterable[Path | str] | Path | str,
    *,
    format: str | None = None,
    errors: list[ReaderError],
    mapping: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
) -> Iterator[RawPosting]:
    """Stream the postings of every file in ``paths`` (folders are expanded).

    - Folders are walked recursively in sorted order for
      :data:`FOLDER_SUFFIXES` (or, with ``format``, that reader's suffixes).
    - ``format`` names the reader for every file; otherwise each file's reader
      is detected (:func:`detect`).
    - ``mapping`` (our field -> CSV header, e.g. ``{"title": "Job Title"}``)
      configures the ``csv`` reader; when given, ``.csv`` files are read as
      generic CSV even if they look like a JobSpy export.
    - Bad records go to ``errors``; ``notes`` (if given) collects harmless
      remarks such as "empty file".

    Paths, ``format`` and ``mapping`` are checked before the first posting is
    produced: a missing path, an unknown format or mapping field, or an
    explicitly named file whose format cannot be told raises
    :class:`SourceError` right away. A file found by expanding a folder whose
    format cannot be told is reported as a :class:`ReaderError` instead.
    """
    forced = get_reader(format) if format is not None else None
    csv_override: Reader | None = None
    if mapping:
        if forced is not None and forced.name != "csv":
            raise SourceError(
                f"a column mapping only applies to the 'csv' format, not '{forced.name}'",
                hint="drop --map, or pass --format csv",
            )
        csv_override = get_reader("csv").with_options(mapping=dict(mapping))
        if forced is not None:
            forced = csv_override

    if isinstance(paths, str | Path):  # one path given bare: not a string of characters
        paths = [paths]
    plan: list[tuple[Path, Reader | None]] = []
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            suffixes = forced.suffixes if forced is not None else FOLDER_SUFFIXES
            files = _expand(path, suffixes)
            if not files and notes is not None:
                notes.append(f"{path}: no files with {', '.join(suffixes)} found")
            plan.extend((f, forced) for f in files)
        elif path.is_file():
            reader = forced
            if reader is None and path.stat().st_size > 0:
                reader = _pick(path, csv_override)
            plan.append((path, reader))
        else:
            raise SourceError(
                f"no such file or folder: {path}",
                hint=f"give a postings file or a folder of them; {_formats_hint()}",
            )
    return _run(plan, errors=errors, notes=notes, csv_override=csv_override)


def _pick(path: Path, csv_override: Reader | None) -> Reader:
    if csv_override is not None and path.suffix.lower() in csv_override.suffixes:
        return csv_override
    return detect(path)


def _run(
    plan: list[tuple[Path, Reader | None]],
    *,
    errors: list[ReaderError],
    notes: list[str] | None,
    csv_override: Reader | None,
) -> Iterator[RawPosting]:
    for path, reader in plan:
        try:
            if path.stat().st_size == 0:
                if notes is not None:
                    notes.append(f"{path}: empty file, no postings")
                continue
            if reader is None:
                try:
                    reader = _pick(path, csv_override)
                except SourceError as exc:
                    errors.append(ReaderError(f"{exc.message}; file skipped", file=str(path)))
                    continue
            yield from reader.read(path, errors=errors)
        except OSError as exc:
            raise SourceError(
                f"cannot read {path}: {exc.strerror or exc}",
                hint="check that the file exists and is readable",
            ) from exc
