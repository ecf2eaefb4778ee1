"""Generic CSV: any spreadsheet export with a header row.

Columns are matched to our fields (the JSONL field names) by an explicit
``mapping`` -- our field -> the CSV's header, as the CLI's
``--map title="Job Title" --map description=Body`` gives it -- or, without
one, by guessing from common header names::

    Job Title, Employer, City, Posted, Body
    -> title,  company,  location, date_posted, description

Headers are compared case-insensitively, with ``_``/``-``/``.`` and camelCase
read as spaces (``job_title``, ``jobTitle`` and ``Job Title`` are one name). A
column no field claims goes to ``raw`` under its header. Values are read
leniently ("$55,000", "yes", "Hybrid"); one that cannot be read is left empty
and kept in ``raw``. The delimiter (``,``, ``;``, tab or ``|``) is taken from
the header line; ``.tsv`` files are tab-separated.

Bad rows (wrong number of fields, an unterminated quote, no title) are
reported with the physical line they start on and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError

from ...errors import ReaderError, SourceError
from ..models import RawPosting
from ._io import decode_head, iter_csv_rows, logical_suffix, read_head
from ._values import clean_text, parse_amount, parse_date, parse_interval, parse_remote
from .base import Reader

__all__ = [
    "CSV_FIELDS",
    "HEADER_GUESSES",
    "GenericCsvReader",
    "fields_to_posting",
    "guess_columns",
    "norm_name",
]

#: Fields a mapping may name (the JSONL fields, without ``sample``).
CSV_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "id",
    "company",
    "location",
    "url",
    "date_posted",
    "remote",
    "pay_min",
    "pay_max",
    "pay_interval",
    "currency",
    "employment_type",
    "site",
)

#: Header names tried, in order, for each field when no mapping is given.
HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "title": ("title", "job title", "jobtitle", "position", "position title", "role", "job name"),
    "description": (
        "description",
        "job description",
        "body",
        "details",
        "job details",
        "summary",
        "text",
    ),
    "id": ("id", "job id", "posting id", "requisition id", "req id", "reference"),
    "company": (
        "company",
        "employer",
        "company name",
        "employer name",
        "organization",
        "organisation",
        "hiring organization",
    ),
    "location": ("location", "job location", "city", "place"),
    "url": ("url", "link", "job url", "job link", "apply url", "job apply link", "apply link", "href"),
    "date_posted": (
        "date posted",
        "posted",
        "posted date",
        "posted on",
        "posted at",
        "job posted at",
        "date",
    ),
    "remote": (
        "remote",
        "is remote",
        "job is remote",
        "remote type",
        "workplace type",
        "location type",
        "work from home",
    ),
    "pay_min": ("pay min", "salary min", "min salary", "min pay", "min amount", "salary from"),
    "pay_max": ("pay max", "salary max", "max salary", "max pay", "max amount", "salary to"),
    "pay_interval": ("pay interval", "salary interval", "interval", "pay period"),
    "currency": ("currency", "pay currency", "salary currency"),
    "employment_type": ("employment type", "job employment type", "job type", "type"),
    "site": ("site", "source", "board", "job board"),
}

_SEPARATORS = re.compile(r"[\s_\-.]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def norm_name(header: str) -> str:
    """A header or key as compared: lower case, ``_``/``-``/``.`` and camelCase read as spaces.

    >>> norm_name("Job_Title"), norm_name("employmentType"), norm_name(" Posted-On ")
    ('job title', 'employment type', 'posted on')
    """
    return _SEPARATORS.sub(" ", _CAMEL.sub(" ", header.strip()).lower()).strip()


def guess_columns(header: list[str]) -> dict[str, int]:
    """Field -> column index, guessed from ``header`` names.

    >>> guess_columns(["Job Title", "Employer", "Body", "Salary"])
    {'title': 0, 'description': 2, 'company': 1}
    """
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(norm_name(name), index)
    found: dict[str, int] = {}
    taken: set[int] = set()
    for field, names in HEADER_GUESSES.items():
        for name in names:
            column = by_name.get(name)
            if column is not None and column not in taken:
                found[field] = column
                taken.add(column)
                break
    return found


def _delimiter_for(path: Path, head: bytes) -> str:
    if logical_suffix(path) == ".tsv":
        return "\t"
    text = decode_head(head)
    first_line = text.split("\n", 1)[0]
    # Count candidates outside quotes only.
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _some(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} columns)" if len(names) > limit else "")


def _not_a_header(header: list[str]) -> str | None:
    """Why ``header`` cannot be a header row at all, or None.

    Fields with no letter or digit in most of the columns mean the file is not
    split on a delimiter we read: e.g. ``Job ID|~|Title|~|...`` (a separator of
    several characters) read on ``|`` gives every other column ``~``.
    """
    filled = [h for h in header if h]
    marks = [h for h in filled if not any(ch.isalnum() for ch in h)]
    if len(marks) >= 3 and len(marks) * 2 + 1 >= len(filled):
        common = max(set(marks), key=marks.count)
        return (
            f"the first line is not a CSV header: {len(marks)} of its {len(header)} fields are "
            f"punctuation only (most often {common!r}), so its columns are split by something "
            "other than a comma, semicolon, tab or '|' (a separator of several characters "
            "such as '|~|'?)"
        )
    return None


class GenericCsvReader(Reader):
    """Any CSV with a header row; columns mapped by ``mapping`` or guessed."""

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv")
    summary: ClassVar[str] = "any CSV with a header row; columns guessed or given with --map"

    def __init__(self, *, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping: dict[str, str] = dict(mapping or {})
        unknown = sorted(set(self.mapping) - set(CSV_FIELDS))
        if unknown:
            raise SourceError(
                f"unknown field{'s' if len(unknown) > 1 else ''} in column mapping: "
                + ", ".join(unknown),
                hint="fields: " + ", ".join(CSV_FIELDS),
            )
        empty = sorted(k for k, v in self.mapping.items() if not v.strip())
        if empty:
            raise SourceError(
                f"empty header name in column mapping for {', '.join(empty)}",
                hint='write it as --map title="Job Title"',
            )

    def with_options(self, **options: Any) -> GenericCsvReader:
        unknown = sorted(set(options) - {"mapping"})
        if unknown:
            raise SourceError(
                f"format 'csv' takes only a mapping (got {', '.join(unknown)})",
                hint="pass --map field=Header",
            )
        return GenericCsvReader(mapping=options.get("mapping"))

    def _columns(self, header: list[str], *, file: str, line: int) -> dict[str, int] | ReaderError:
        if not self.mapping:
            columns = guess_columns(header)
        else:
            exact = {h: i for i, h in reversed(list(enumerate(header)))}
            loose = {norm_name(h): i for i, h in reversed(list(enumerate(header)))}
            columns = {}
            for field, wanted in self.mapping.items():
                index = exact.get(wanted, loose.get(norm_name(wanted)))
                if index is None:
                    return ReaderError(
                        f"column '{wanted}' (mapped to {field}) is not in the header "
                        f"({', '.join(header)}); file skipped",
                        file=file,
                        line=line,
                    )
                columns[field] = index
            # Fields the mapping leaves out are still guessed from free columns.
            for field, index in guess_columns(header).items():
                if field not in columns and index not in columns.values():
                    columns[field] = index
        if "title" not in columns:
            odd = _not_a_header(header)
            if odd is not None:
                return ReaderError(f"{odd}; file skipped", file=file, line=line)
            return ReaderError(
                f"no title column found among: {_some(header)}; file skipped",
                file=file,
                line=line,
                hint='name the title column with --map title="<header>"',
            )
        return columns

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        delimiter = _delimiter_for(path, read_head(path, 4096))
        header: list[str] | None = None
        columns: dict[str, int] = {}
        for line, row in iter_csv_rows(path, errors=errors, file=file, delimiter=delimiter):
            if header is None:
                header = [h.strip() for h in row]
                found = self._columns(header, file=file, line=line)
                if isinstance(found, ReaderError):
                    errors.append(found)
                    return
                columns = found
                continue
            if len(row) != len(header):
                errors.append(
                    ReaderError(
                        f"expected {len(header)} fields, found {len(row)}; row skipped",
                        file=file,
                        line=line,
                    )
                )
                continue
            posting = self._posting(header, columns, row, file=file, line=line, errors=errors)
            if posting is not None:
                yield posting

    def _posting(
        self,
        header: list[str],
        columns: dict[str, int],
        row: list[str],
        *,
        file: str,
        line: int,
        errors: list[ReaderError],
    ) -> RawPosting | None:
        used = set(columns.values())
        raw: dict[str, Any] = {
            header[i] or f"column {i + 1}": v
            for i, v in enumerate(row)
            if i not in used and clean_text(v) is not None
        }
        return fields_to_posting(
            {field: row[index] for field, index in columns.items()},
            {field: header[index] for field, index in columns.items()},
            raw,
            file=file,
            line=line,
            errors=errors,
        )


def fields_to_posting(
    values: Mapping[str, Any],
    names: Mapping[str, str],
    raw: dict[str, Any],
    *,
    file: str,
    line: int,
    errors: list[ReaderError],
) -> RawPosting | None:
    """A :class:`RawPosting` from our fields' values (CSV cells or JSON values).

    ``names`` gives the header (or key) each field came from: a value that cannot
    be read is left empty and kept in ``raw`` under that name. ``None`` (and an
    error appended) when there is no title.
    """
    title_value = values.get("title")
    title = clean_text(title_value)
    if title is None:
        problem = "title is not text" if isinstance(title_value, list | dict) else "missing title"
        errors.append(ReaderError(f"{problem}; row skipped", file=file, line=line))
        return None
    texts = {field: clean_text(value) for field, value in values.items()}

    def parsed(field: str, parser: Any) -> Any:
        value = values.get(field)
        if texts.get(field) is None and not isinstance(value, int | float):
            return None
        result = parser(value)
        if result is None:
            raw[names[field]] = value  # keep what we could not read
        return result

    remote_hint, remote_type = None, None
    if values.get("remote") is not None and (
        texts.get("remote") is not None or isinstance(values["remote"], bool)
    ):
        remote_hint, remote_type = parse_remote(values["remote"])
        if remote_hint is None and remote_type is None:
            raw[names["remote"]] = values["remote"]
    for field, value in values.items():  # a list or an object cannot fill a text field
        if isinstance(value, list | dict) and value:
            raw[names[field]] = value
    try:
        return RawPosting(
            title=title,
            description=(texts.get("description") or "").replace("\r\n", "\n"),
            source_id=texts.get("id"),
            company=texts.get("company"),
            location=texts.get("location"),
            url=texts.get("url"),
            site=texts.get("site"),
            date_posted=parsed("date_posted", parse_date),
            employment_type=texts.get("employment_type"),
            remote_hint=remote_hint,
            remote_type_hint=remote_type,
            pay_min=parsed("pay_min", parse_amount),
            pay_max=parsed("pay_max", parse_amount),
            pay_interval=parsed("pay_interval", parse_interval),
            pay_currency=texts.get("currency"),
            raw=raw,
            origin_file=file,
            origin_line=line,
        )
    except ValidationError as exc:  # not expected: every value above is already typed
        errors.append(ReaderError(f"invalid row ({exc}); skipped", file=file, line=line))
        return None
