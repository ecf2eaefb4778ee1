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

import os
import stat
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from ...errors import ReaderError, SourceError
from ..models import RawPosting
from ._io import InputDamaged, Line, iter_lines, logical_suffix, read_head

__all__ = [
    "FOLDER_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "InputFile",
    "Reader",
    "detect",
    "format_names",
    "get_reader",
    "input_lines",
    "iter_postings",
    "plan_inputs",
    "read_input",
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

        The default claims the reader's suffixes (``.gz`` looked through). Readers
        are asked in registry order, so specific readers (JobSpy CSV) come before
        catch-alls (CSV).
        """
        return logical_suffix(path) in self.suffixes

    @abstractmethod
    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        """Stream the postings of ``path``.

        Must run in bounded memory, append a :class:`ReaderError` (file, 1-based
        line, reason) for each bad record and skip it, and never raise for a bad
        record. ``OSError`` may propagate (:func:`iter_postings` wraps it).
        """

    def reads_lines(self, path: Path) -> bool:
        """Whether each line of ``path`` is read on its own (JSON lines): then
        :meth:`read_line` gives the postings of a line, and an ingest may hand lines
        to worker processes instead of reading them itself. The default: no."""
        return False

    def read_line(self, line: Line, *, file: str, errors: list[ReaderError]) -> Iterator[RawPosting]:
        """The postings of one line of a file :meth:`reads_lines` is true for (exactly
        what :meth:`read` gives for that line, errors included)."""
        raise NotImplementedError(f"format '{self.name}' does not read a line at a time")

    def with_options(self, **options: Any) -> Reader:
        """A copy of this reader configured with ``options``.

        The default takes none; raises :class:`SourceError` for any.
        """
        if options:
            names = ", ".join(sorted(options))
            raise SourceError(
                f"format '{self.name}' takes no options (got {names})",
                hint="field mappings (--map) apply to --format csv and --format json only",
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


@dataclass(frozen=True)
class InputFile:
    """One file to read: its path and its reader (``None``: told from its content
    when it is read). ``explicit`` files were named by the caller, not found in a folder."""

    path: Path
    reader: Reader | None
    explicit: bool


def _inside(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def _expand(
    folder: Path, suffixes: tuple[str, ...], *, follow_symlinks: bool, notes: list[str] | None
) -> list[Path]:
    """Files under ``folder`` (recursively) whose :func:`logical_suffix` is one of
    ``suffixes``, sorted by their path in the folder.

    Hidden files and folders (``.git``...) are skipped. A symbolic link that points
    outside ``folder`` is not followed unless ``follow_symlinks`` (a note says so);
    each file and folder is visited once, however many links lead to it, so a link
    loop ends.
    """
    root = folder.resolve()
    found: list[Path] = []
    top = folder.stat()
    seen: set[tuple[int, int]] = {(top.st_dev, top.st_ino)}
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            if notes is not None:
                notes.append(f"{current}: folder not read ({exc.strerror or exc})")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = path.resolve()
                    if not follow_symlinks and not _inside(target, root):
                        if notes is not None:
                            notes.append(
                                f"{path}: a link to {target}, outside the folder: not followed"
                                " (--follow-symlinks reads it)"
                            )
                        continue
                info = entry.stat()  # follows a link
            except OSError:
                continue  # a dangling link, or a file gone meanwhile
            key = (info.st_dev, info.st_ino)
            if key in seen:
                continue
            if stat.S_ISDIR(info.st_mode):
                seen.add(key)
                stack.append(path)
            elif stat.S_ISREG(info.st_mode) and logical_suffix(path) in suffixes:
                seen.add(key)
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _with_mapping(mapping: Mapping[str, str]) -> dict[str, Reader]:
    """Suffix -> the reader a column/key mapping configures (``csv`` and ``json``)."""
    out: dict[str, Reader] = {}
    for name in ("csv", "json"):
        reader = get_reader(name).with_options(mapping=dict(mapping))
        out.update(dict.fromkeys(reader.suffixes, reader))
    return out


def plan_inputs(
    paths: Iterable[Path | str] | Path | str,
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
    follow_symlinks: bool = False,
    notes: list[str] | None = None,
) -> list[InputFile]:
    """The files :func:`iter_postings` reads for ``paths``, each with its reader.

    Checks everything that can be checked before reading: a missing path, an
    unknown ``format`` or ``mapping`` field, or a named file whose format cannot
    be told raise :class:`SourceError` here. Folders are expanded (see
    :func:`iter_postings`).
    """
    forced = get_reader(format) if format is not None else None
    mapped: dict[str, Reader] = {}
    if mapping:
        if forced is not None and forced.name not in ("csv", "json"):
            raise SourceError(
                f"a field mapping only applies to the 'csv' and 'json' formats, not '{forced.name}'",
                hint="drop --map, or pass --format csv or --format json",
            )
        mapped = _with_mapping(mapping)
        if forced is not None:
            forced = forced.with_options(mapping=dict(mapping))

    if isinstance(paths, str | Path):  # one path given bare: not a string of characters
        paths = [paths]
    plan: list[InputFile] = []
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            suffixes = forced.suffixes if forced is not None else FOLDER_SUFFIXES
            files = _expand(path, suffixes, follow_symlinks=follow_symlinks, notes=notes)
            if not files and notes is not None:
                notes.append(f"{path}: no files with {', '.join(suffixes)} found")
            plan.extend(InputFile(f, forced, explicit=False) for f in files)
        elif path.is_file():
            reader = forced
            if reader is None and path.stat().st_size > 0:
                reader = _pick(path, mapped)
            plan.append(InputFile(path, reader, explicit=True))
        else:
            raise SourceError(
                f"no such file or folder: {path}",
                hint=f"give a postings file or a folder of them; {_formats_hint()}",
            )
    # A folder's files are read with the mapping's reader too (told when read).
    if mapped:
        plan = [
            InputFile(f.path, f.reader or mapped.get(logical_suffix(f.path)), f.explicit)
            for f in plan
        ]
    return plan


def iter_postings(
    paths: Iterable[Path | str] | Path | str,
    *,
    format: str | None = None,
    errors: list[ReaderError],
    mapping: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
    follow_symlinks: bool = False,
) -> Iterator[RawPosting]:
    """Stream the postings of every file in ``paths`` (folders are expanded).

    - Folders are walked recursively in sorted order for
      :data:`FOLDER_SUFFIXES` (or, with ``format``, that reader's suffixes);
      ``.gz`` files count by the suffix before ``.gz`` and are decompressed as
      they are read. A symbolic link out of the folder is not followed unless
      ``follow_symlinks``.
    - ``format`` names the reader for every file; otherwise each file's reader
      is detected (:func:`detect`).
    - ``mapping`` (our field -> a CSV header or JSON key, e.g.
      ``{"title": "Job Title"}``) configures the ``csv`` and ``json`` readers;
      when given, ``.csv`` files are read as generic CSV and ``.json``/``.jsonl``
      files as generic JSON, even if they look like a JobSpy export.
    - Bad records go to ``errors``; ``notes`` (if given) collects harmless
      remarks such as "empty file".

    Paths, ``format`` and ``mapping`` are checked before the first posting is
    produced (:func:`plan_inputs`). A file found by expanding a folder whose
    format cannot be told is reported as a :class:`ReaderError` instead.
    """
    plan = plan_inputs(
        paths, format=format, mapping=mapping, follow_symlinks=follow_symlinks, notes=notes
    )
    return _run(plan, errors=errors, notes=notes)


def _pick(path: Path, mapped: Mapping[str, Reader]) -> Reader:
    reader = mapped.get(logical_suffix(path))
    return reader if reader is not None else detect(path)


def read_input(
    item: InputFile, *, errors: list[ReaderError], notes: list[str] | None = None
) -> Iterator[RawPosting]:
    """The postings of one planned file (see :func:`plan_inputs`).

    An empty file gives a note; a file whose format cannot be told (found in a
    folder) and a compressed file that breaks off part-way give a
    :class:`ReaderError`; any other ``OSError`` raises :class:`SourceError`.
    """
    yield from _guarded(item.path, errors, _read_input(item, errors=errors, notes=notes))


def _read_input(
    item: InputFile, *, errors: list[ReaderError], notes: list[str] | None
) -> Iterator[RawPosting]:
    path, reader = item.path, item.reader
    if path.stat().st_size == 0:
        if notes is not None:
            notes.append(f"{path}: empty file, no postings")
        return
    if reader is None:
        try:
            reader = detect(path)
        except SourceError as exc:
            errors.append(ReaderError(f"{exc.message}; file skipped", file=str(path)))
            return
    yield from reader.read(path, errors=errors)


_T = TypeVar("_T")


def _guarded(path: Path, errors: list[ReaderError], items: Iterator[_T]) -> Iterator[_T]:
    """``items`` read from ``path``; a compressed file that breaks off part-way ends
    them with a :class:`ReaderError`, any other ``OSError`` raises :class:`SourceError`."""
    try:
        yield from items
    except InputDamaged as exc:
        errors.append(
            ReaderError(f"{exc.strerror or exc}; the rest of the file was skipped", file=str(path))
        )
    except OSError as exc:
        raise SourceError(
            f"cannot read {path}: {exc.strerror or exc}",
            hint="check that the file exists and is readable",
        ) from exc


def input_lines(
    item: InputFile, *, errors: list[ReaderError]
) -> tuple[Reader, Iterator[Line]] | None:
    """For a planned file whose records are one a line (:meth:`Reader.reads_lines`):
    its reader and its lines, to be parsed with :meth:`Reader.read_line` elsewhere
    (an ingest's worker processes); ``None`` for any other file (and an empty one,
    or one whose format cannot be told): read it with :func:`read_input`.

    A compressed file that breaks off part-way gives a :class:`ReaderError` and its
    lines end there; any other ``OSError`` raises :class:`SourceError`, as
    :func:`read_input` does.
    """
    path, reader = item.path, item.reader
    try:
        if path.stat().st_size == 0:
            return None
        if reader is None:
            reader = detect(path)
    except (SourceError, OSError):
        return None  # read_input says what is wrong
    if not reader.reads_lines(path):
        return None
    return reader, _guarded(path, errors, iter_lines(path))


def _run(
    plan: list[InputFile], *, errors: list[ReaderError], notes: list[str] | None
) -> Iterator[RawPosting]:
    for item in plan:
        yield from read_input(item, errors=errors, notes=notes)
