"""Streaming input helpers shared by the readers (private).

Everything here works in constant memory: files are read line by line or in
fixed-size chunks, never whole. Three building blocks:

- :func:`iter_lines` numbers physical lines and decodes each one on its own:
  UTF-8 (a leading BOM is dropped), else cp1252 (a superset of latin-1's
  printable characters), else the line is flagged as undecodable. A file with a
  UTF-16 BOM, or UTF-16 text without one (told by its zero bytes), is decoded
  as UTF-16.
- :func:`iter_csv_rows` runs :mod:`csv` over those lines and gives each record
  with the physical line it *starts* on, even when quoted fields span lines.
- :func:`iter_json_array` parses a top-level JSON array one element at a time.

Every file is opened with :func:`open_input`, which decompresses gzip files
(told by their first bytes) on the fly; :func:`logical_suffix` gives the suffix
a reader goes by (``jobs.jsonl.gz`` -> ``.jsonl``).

Bad input never raises from here: problems are appended to ``errors`` as
:class:`~otpath.errors.ReaderError` (file + line + reason), except ``OSError``
(the caller turns that into a :class:`~otpath.errors.SourceError`) and
:class:`InputDamaged` (a compressed file that breaks off: the caller reports it
and keeps the records read before).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from ...errors import ReaderError

#: Longest physical line (bytes) and longest CSV field / JSON record (characters) we accept.
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_RECORD_CHARS = 16 * 1024 * 1024
#: Bytes read by :func:`read_head` for sniffing.
HEAD_BYTES = 64 * 1024
_CHUNK = 256 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GZIP_MAGIC = b"\x1f\x8b"
_BARE_CR = re.compile(r"(?<=\r)(?!\n)")

UNDECODABLE = "the bytes are neither UTF-8 nor cp1252 text"


class InputDamaged(OSError):
    """A compressed input breaks off or is corrupt part-way (reported, not a crash)."""


class _GzipInput(io.RawIOBase):
    """A gzip file read as plain bytes; a truncated or corrupt stream raises
    :class:`InputDamaged` instead of ``EOFError``/``zlib.error``."""

    def __init__(self, path: Path) -> None:
        self._gz = gzip.open(path, "rb")
        self.name = str(path)

    def readable(self) -> bool:
        return True

    def _guard(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputDamaged(f"the compressed file is damaged ({exc})") from exc

    def readinto(self, buffer: Any) -> int:
        return int(self._guard(self._gz.readinto, buffer))

    def read(self, size: int = -1) -> bytes:
        return bytes(self._guard(self._gz.read, size))

    def readline(self, size: int | None = -1) -> bytes:
        return bytes(self._guard(self._gz.readline, -1 if size is None else size))

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self._guard(self._gz.seek, offset, whence))

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return int(self._gz.tell())

    def close(self) -> None:
        self._gz.close()
        super().close()


def is_gzip(path: Path) -> bool:
    """Does ``path`` start with the gzip magic bytes?"""
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def open_input(path: Path) -> IO[bytes]:
    """``path`` opened for reading bytes; a gzip file is decompressed as it is read."""
    if is_gzip(path):
        return _GzipInput(path)  # type: ignore[return-value]
    return path.open("rb")


def logical_suffix(path: Path) -> str:
    """The lower-case suffix a reader goes by: ``.gz`` is looked through.

    >>> logical_suffix(Path("nhs.JSONL.gz")), logical_suffix(Path("jobs.csv"))
    ('.jsonl', '.csv')
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def sniff_encoding(head: bytes) -> str | None:
    """``"utf-16"`` (with a BOM), ``"utf-16-le"``/``"utf-16-be"`` (without one, told by
    the zero byte in every other position that ASCII text has in UTF-16), or ``None``.

    >>> sniff_encoding("title,company".encode("utf-16-le")), sniff_encoding(b"title")
    ('utf-16-le', None)
    """
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = head[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd >= 0.6 * len(odd) and zeros_even <= 0.1 * len(even):
        return "utf-16-le"
    if zeros_even >= 0.6 * len(even) and zeros_odd <= 0.1 * len(odd):
        return "utf-16-be"
    return None


class Line(NamedTuple):
    """One physical line: its 1-based number, its text (line ending kept), and a problem."""

    number: int
    text: str
    problem: str | None = None


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of ``path`` (for sniffing; decompressed for gzip)."""
    with open_input(path) as fh:
        try:
            return fh.read(size)
        except InputDamaged:
            return b""


def decode_head(head: bytes) -> str:
    """Best-effort text of a file head for sniffing (never raises)."""
    encoding = sniff_encoding(head)
    if encoding is not None:
        if len(head) % 2:  # a head cut in the middle of a character
            head = head[:-1]
        return head.decode(encoding, errors="replace").lstrip("\ufeff")
    return head.decode("utf-8-sig", errors="replace")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a whole small file: UTF-8 (BOM dropped), else cp1252, else flagged;
    UTF-16 (with a BOM or without one) as UTF-16.

    Returns ``(text, problem)``; ``problem`` is :data:`UNDECODABLE` when neither
    encoding fits (the text then has U+FFFD replacement characters).
    """
    encoding = sniff_encoding(data[:512])
    if encoding is not None:
        return data.decode(encoding, errors="replace").lstrip("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), UNDECODABLE


def _decode_line(data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), UNDECODABLE


def iter_lines(path: Path, *, escapechar: str | None = None) -> Iterator[Line]:
    """Yield the physical lines of ``path``, each decoded on its own.

    Lines end at ``\\n``, ``\\r\\n`` or a bare ``\\r`` (old Mac files). A line
    longer than :data:`MAX_LINE_BYTES` is skipped and flagged, so memory stays
    bounded even for a 50 MB file with no newline at all. The flagged line's
    text keeps only the parity of its double quotes (``'"\\n'`` or ``'\\n'``),
    so a CSV parser reading on stays inside or outside a quoted field exactly as
    it would have with the whole line (``escapechar``: the parser's, whose
    escaped quotes do not count).
    """
    with open_input(path) as fh:
        start = fh.read(512)
        fh.seek(0)
        encoding = sniff_encoding(start)
        if encoding is not None:
            yield from _iter_utf16_lines(fh, encoding, escapechar)
            return
        number = 0
        first = True
        while True:
            data = fh.readline(MAX_LINE_BYTES)
            if not data:
                return
            if first:
                first = False
                if data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8) :]
            number += 1
            if len(data) >= MAX_LINE_BYTES and not data.endswith(b"\n"):
                quotes = _quotes(data, escapechar)
                while True:  # drain the rest of the over-long line
                    more = fh.readline(MAX_LINE_BYTES)
                    quotes += _quotes(more, escapechar)
                    if not more or more.endswith(b"\n"):
                        break
                yield Line(
                    number,
                    '"\n' if quotes % 2 else "\n",
                    f"line is longer than {MAX_LINE_BYTES // 2**20} MiB",
                )
                continue
            text, problem = _decode_line(data)
            # Lines are split on b"\n", so a CR anywhere but just before the end is bare.
            cr = text.find("\r")
            if cr != -1 and not (cr == len(text) - 2 and text[-1] == "\n"):
                parts = [p for p in _BARE_CR.split(text) if p]
                for offset, part in enumerate(parts):
                    yield Line(number + offset, part, problem)
                number += len(parts) - 1
            else:
                yield Line(number, text, problem)


def _quotes(data: bytes | str, escapechar: str | None) -> int:
    """Double quotes in ``data`` that open or close a CSV field (with ``escapechar``,
    an escaped character does not count)."""
    if isinstance(data, bytes):
        data = data.decode("latin-1")  # quotes and escapes are ASCII in every encoding we read
    if escapechar and escapechar in data:
        data = re.sub(re.escape(escapechar) + ".", "", data, flags=re.DOTALL)
    return data.count('"')


def _iter_utf16_lines(fh: Any, encoding: str, escapechar: str | None) -> Iterator[Line]:
    text_io = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
    number = 0
    limit = MAX_LINE_BYTES // 2
    while True:
        text = text_io.readline(limit)
        if not text:
            return
        number += 1
        if len(text) >= limit and not text.endswith(("\n", "\r")):
            quotes = _quotes(text, escapechar)
            while True:
                more = text_io.readline(limit)
                quotes += _quotes(more, escapechar)
                if not more or more.endswith(("\n", "\r")):
                    break
            yield Line(
                number,
                '"\n' if quotes % 2 else "\n",
                f"line is longer than {limit // 2**20} Mi characters",
            )
            continue
        yield Line(number, text.lstrip("\ufeff") if number == 1 else text)


def _raise_csv_field_limit() -> None:
    # csv.field_size_limit is process-wide; we only ever raise it (default is 128 KiB,
    # too small for a long HTML description).
    if csv.field_size_limit() < MAX_RECORD_CHARS:
        csv.field_size_limit(MAX_RECORD_CHARS)


class _LineFeed:
    """The iterator ``csv.reader`` pulls from. For the current record it notes the
    first and last line, the double quotes seen and the first line problem, and keeps
    the lines themselves (to push back after a malformed record) while they add up to
    at most :data:`RETAIN_CHARS` characters, so memory stays bounded whatever the
    record's size."""

    def __init__(self, lines: Iterator[Line], escapechar: str | None) -> None:
        self._lines = lines
        self._escapechar = escapechar
        self.pending: deque[Line] = deque()
        self.new_record()

    def new_record(self) -> None:
        self.consumed: list[Line] = []
        self.first: int | None = None
        self.last: int | None = None
        self.quotes = 0
        self.problem: str | None = None
        self.retained = 0
        self.overflow = False  # lines were dropped: the record cannot be parsed again

    def __iter__(self) -> _LineFeed:
        return self

    def next_line(self) -> Line:
        return self.pending.popleft() if self.pending else next(self._lines)

    def __next__(self) -> str:
        # A class (not a generator) on purpose: after StopIteration it can still
        # hand out lines pushed back by the caller.
        line = self.next_line()
        if self.first is None:
            self.first = line.number
        self.last = line.number
        if '"' in line.text:
            self.quotes += _quotes(line.text, self._escapechar)
        if line.problem is not None and self.problem is None:
            self.problem = line.problem
        if not self.overflow:
            self.retained += len(line.text)
            if self.retained > RETAIN_CHARS:
                self.overflow = True
                self.consumed = []
            else:
                self.consumed.append(line)
        return line.text


#: The lines of one CSV record kept for parsing again after a quoting error.
RETAIN_CHARS = 4 * 1024 * 1024


def iter_csv_rows(
    path: Path,
    *,
    errors: list[ReaderError],
    file: str,
    delimiter: str = ",",
    escapechar: str | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(start_line, fields)`` for each CSV record of ``path``.

    ``start_line`` is the physical line where the record begins, so a record
    whose quoted description spans lines 4-9 is reported at line 4.

    Quoting errors (an unterminated quote, a stray quote inside an unquoted
    field) are reported at the record's first line; the lines after that first
    one are then parsed again, so one broken quote costs one record, not the rest
    of the file (when the broken record ran over :data:`RETAIN_CHARS`, the lines it
    swallowed are named in the error instead). A record with an undecodable or
    over-long line is reported and skipped. A field longer than
    :data:`MAX_RECORD_CHARS` costs one error too: the lines up to the end of its
    record (where its quotes balance) are passed over, not parsed again line by line.
    """
    _raise_csv_field_limit()
    feed = _LineFeed(iter_lines(path, escapechar=escapechar), escapechar)
    reader = csv.reader(feed, delimiter=delimiter, escapechar=escapechar, strict=True)
    while True:
        feed.new_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                errors.append(_skip_oversized(feed, file=file))
                continue
            if feed.overflow:
                errors.append(
                    ReaderError(
                        f"malformed CSV record ({exc}) swallowing lines {feed.first}-{feed.last}"
                        " (over 4 Mi characters, an unbalanced quote?); skipped",
                        file=file,
                        line=feed.first,
                    )
                )
                continue
            consumed = feed.consumed
            errors.append(
                ReaderError(f"malformed CSV record ({exc}); skipped", file=file, line=feed.first)
            )
            feed.pending.extendleft(reversed(consumed[1:]))
            continue
        start = feed.first or 0
        # Checked before the blank-line test: an over-long line reads as a blank one.
        if feed.problem is not None:
            errors.append(ReaderError(f"{feed.problem}; record skipped", file=file, line=start))
            continue
        if not row:  # a blank line
            continue
        yield start, row


def _skip_oversized(feed: _LineFeed, *, file: str) -> ReaderError:
    """Pass over the rest of a record whose field broke the size limit: read on until
    its double quotes balance at the end of a line. One error for the whole record."""
    limit = f"{MAX_RECORD_CHARS // 2**20} Mi characters"
    first, last, quotes = feed.first, feed.last, feed.quotes
    while quotes % 2:
        try:
            line = feed.next_line()
        except StopIteration:
            return ReaderError(
                f"a quoted field from this line runs to the end of the file (line {last}) "
                f"and is longer than {limit}: an unterminated quote, or a record too "
                "large to read; skipped",
                file=file,
                line=first,
            )
        quotes += _quotes(line.text, feed._escapechar)
        last = line.number
    return ReaderError(
        f"record (lines {first}-{last}) has a field longer than {limit}; skipped",
        file=file,
        line=first,
    )


class _ChunkDecoder:
    """Incremental UTF-8 decoding that switches to cp1252 for good at the first
    invalid byte (a whole-file JSON array is one encoding); UTF-16 when the file
    is UTF-16 (with or without a BOM)."""

    def __init__(self, encoding: str | None = None) -> None:
        self.pending = b""
        self.encoding = "utf-8"
        self.first = True
        self._wide = codecs.getincrementaldecoder(encoding)("replace") if encoding else None

    def decode(self, chunk: bytes, *, final: bool = False) -> str:
        if self._wide is not None:
            text = self._wide.decode(chunk, final)
            if self.first and text:
                self.first = False
                text = text.lstrip("\ufeff")
            return text
        data = self.pending + chunk
        self.pending = b""
        if self.first and data:
            self.first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
        if self.encoding == "utf-8":
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and not final:
                    self.pending = data[exc.start :]
                    return data[: exc.start].decode("utf-8")
                self.encoding = "cp1252"
        return data.decode("cp1252", errors="replace")


class ArrayItem(NamedTuple):
    record: int  # 1-based position in the array
    line: int  # physical line where the element starts
    value: Any


def iter_json_array(path: Path, *, errors: list[ReaderError], file: str) -> Iterator[ArrayItem]:
    """Parse a top-level JSON array element by element, in bounded memory.

    Elements are decoded with :meth:`json.JSONDecoder.raw_decode` from a sliding
    buffer, so memory is bounded by the largest element (at most
    :data:`MAX_RECORD_CHARS`), not by the file. JSON has no way to resynchronise
    after a syntax error, so the first one is reported with its record number and
    line, and the rest of the file is skipped.
    """
    decoder = json.JSONDecoder()
    with open_input(path) as fh:
        chunks = _ChunkDecoder(sniff_encoding(fh.read(512)))
        fh.seek(0)
        buf = ""
        pos = 0
        eof = False
        counted_to = 0  # buf index up to which newlines are counted into line_no
        line_no = 1

        def fill() -> None:
            nonlocal buf, pos, eof, counted_to, line_no
            data = fh.read(_CHUNK)
            if not data:
                eof = True
                text = chunks.decode(b"", final=True)
            else:
                text = chunks.decode(data)
            line_no += buf.count("\n", counted_to, pos)
            buf = buf[pos:] + text
            pos = 0
            counted_to = 0

        def line_at(index: int) -> int:
            nonlocal counted_to, line_no
            line_no += buf.count("\n", counted_to, index)
            counted_to = index
            return line_no

        def skip_ws() -> str | None:
            """Advance past whitespace; the next character, or None at end of file."""
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in " \t\r\n":
                    pos += 1
                if pos < len(buf):
                    return buf[pos]
                if eof:
                    return None
                fill()

        def fail(reason: str, record: int) -> None:
            where = f"record {record}" if record else "start of file"
            errors.append(
                ReaderError(
                    f"{where} (line {line_at(pos)}): {reason}; the rest of the file was skipped",
                    file=file,
                    line=record or 1,
                )
            )

        first = skip_ws()
        if first is None:
            return
        if first != "[":
            fail("expected a JSON array starting with '['", 0)
            return
        pos += 1
        if skip_ws() == "]":
            pos += 1
            return
        record = 0
        while True:
            if skip_ws() is None:
                fail("unexpected end of file inside the array", record + 1)
                return
            start = pos
            try:
                value, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                truncated = exc.pos >= len(buf) - 8 or exc.msg.startswith("Unterminated string")
                if truncated and not eof and len(buf) - pos < MAX_RECORD_CHARS:
                    fill()
                    continue
                if truncated and not eof:
                    fail(f"record is longer than {MAX_RECORD_CHARS // 2**20} Mi characters", record + 1)
                    return
                pos = min(exc.pos, len(buf))
                fail(f"invalid JSON: {exc.msg}", record + 1)
                return
            except (ValueError, RecursionError) as exc:
                fail(f"invalid JSON: {exc}", record + 1)
                return
            if end >= len(buf) and not eof:  # a number may continue in the next chunk
                fill()
                continue
            record += 1
            yield ArrayItem(record, line_at(start), value)
            pos = end
            nxt = skip_ws()
            if nxt == ",":
                pos += 1
                if skip_ws() == "]":
                    fail("trailing comma before ']'", record + 1)
                    return
                continue
            if nxt == "]":
                pos += 1
                if skip_ws() is not None:
                    fail("unexpected data after the closing ']'", record + 1)
                return
            if nxt is None:
                fail("unexpected end of file: the array is not closed", record + 1)
            else:
                fail(f"expected ',' or ']' after a record, found {nxt!r}", record + 1)
            return


def iter_array_objects(
    path: Path, *, errors: list[ReaderError], file: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(record number, object)`` for each object of a top-level JSON array; an
    element that is not an object is reported (record number and line) and skipped."""
    for item in iter_json_array(path, errors=errors, file=file):
        if not isinstance(item.value, dict):
            errors.append(
                ReaderError(
                    f"record {item.record} (line {item.line}): expected a JSON object, "
                    f"found {type(item.value).__name__}; skipped",
                    file=file,
                    line=item.record,
                )
            )
            continue
        yield item.record, item.value


def first_char(head: bytes) -> str:
    """The first non-whitespace character of a file head ('' if none)."""
    text = decode_head(head).lstrip()
    return text[:1]


def json_problem(exc: BaseException) -> str:
    """A short reason for a JSON parse failure of one line: "invalid JSON at column 12: ..."."""
    if isinstance(exc, json.JSONDecodeError):
        before = exc.doc[: exc.pos].rstrip()
        hint = " (a trailing comma? JSON does not allow them)" if before.endswith(",") else ""
        return f"invalid JSON at column {exc.colno}: {exc.msg}{hint}"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {exc}"


def json_kind(value: Any) -> str:
    """How a JSON value is named in error messages: 'an array', 'a string', 'null'..."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def iter_json_objects(
    path: Path, *, file: str, errors: list[ReaderError]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each JSON-object line; other lines become ReaderErrors.

    Blank lines are passed over; undecodable lines, invalid JSON and values that
    are not objects are reported with their line and skipped.
    """
    for line in iter_lines(path):
        value = json_object_line(line, file=file, errors=errors)
        if value is not None:
            yield line.number, value


def json_object_line(line: Line, *, file: str, errors: list[ReaderError]) -> dict[str, Any] | None:
    """The JSON object of one line of :func:`iter_json_objects`; None for a blank line
    or one that is no JSON object (reported in ``errors``)."""
    if line.problem is not None:
        errors.append(ReaderError(f"{line.problem}; skipped", file=file, line=line.number))
        return None
    text = line.text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        errors.append(ReaderError(f"{json_problem(exc)}; skipped", file=file, line=line.number))
        return None
    if not isinstance(value, dict):
        errors.append(
            ReaderError(
                f"expected a JSON object, found {json_kind(value)}; skipped",
                file=file,
                line=line.number,
            )
        )
        return None
    return value
