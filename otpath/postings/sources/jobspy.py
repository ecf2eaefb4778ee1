"""JobSpy exports: CSV (``jobs.to_csv(...)``) and JSON (``jobs.to_json(orient="records")``
or JSON lines).

`JobSpy <https://github.com/speedyapply/JobSpy>`_'s ``scrape_jobs`` returns a
DataFrame with these 34 columns, in this order::

    id, site, job_url, job_url_direct, title, company, location, date_posted,
    job_type, salary_source, interval, min_amount, max_amount, currency,
    is_remote, job_level, job_function, listing_type, emails, description,
    company_industry, company_url, company_logo, company_url_direct,
    company_addresses, company_num_employees, company_revenue,
    company_description, skills, experience_range, company_rating,
    company_reviews_count, vacancy_count, work_from_home_type

Mapping to :class:`RawPosting` (a JobSpy row -> our fields)::

    id -> source_id            site -> site          job_url -> url
    job_url_direct -> urls     title, company, location, description
    date_posted -> date_posted (YYYY-MM-DD, or epoch ms in JSON)
    job_type -> employment_type ("fulltime, parttime" kept as written)
    min_amount, max_amount, interval, currency -> pay_min, pay_max, pay_interval, pay_currency
    is_remote -> remote_hint   work_from_home_type -> remote_type_hint (Naukri only)
    every other non-empty column -> raw (salary_source, job_level, emails, company_url...)

A value that cannot be parsed (a date like "3 days ago", a pay amount "n/a") is
left empty and kept verbatim in ``raw`` under its column name; the posting is
not dropped. A row without a title is reported and skipped.

CSV quirks: JobSpy's README writes CSV with ``quoting=csv.QUOTE_NONNUMERIC,
escapechar="\\\\"``, which doubles every backslash. When the header row is
quoted we read with ``escapechar="\\\\"`` so markdown escapes (``\\*``) come
back as they were; an unquoted header (plain ``to_csv()``) is read without one.
An extra unnamed first column (``to_csv`` with the index) goes to ``raw``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError

from ...errors import ReaderError
from ..models import RawPosting
from ._io import (
    decode_head,
    first_char,
    iter_array_objects,
    iter_csv_rows,
    iter_json_objects,
    logical_suffix,
    read_head,
)
from ._values import clean_text, parse_amount, parse_bool, parse_date, parse_interval, parse_remote
from .base import Reader

__all__ = ["JOBSPY_COLUMNS", "JobSpyCsvReader", "JobSpyJsonReader", "jobspy_record_to_posting"]

JOBSPY_COLUMNS: tuple[str, ...] = (
    "id",
    "site",
    "job_url",
    "job_url_direct",
    "title",
    "company",
    "location",
    "date_posted",
    "job_type",
    "salary_source",
    "interval",
    "min_amount",
    "max_amount",
    "currency",
    "is_remote",
    "job_level",
    "job_function",
    "listing_type",
    "emails",
    "description",
    "company_industry",
    "company_url",
    "company_logo",
    "company_url_direct",
    "company_addresses",
    "company_num_employees",
    "company_revenue",
    "company_description",
    "skills",
    "experience_range",
    "company_rating",
    "company_reviews_count",
    "vacancy_count",
    "work_from_home_type",
)
_SIGNATURE = frozenset({"job_url", "site", "title"})
# Columns consumed into core fields; everything else goes to raw.
_MAPPED = frozenset(
    {
        "id",
        "site",
        "job_url",
        "job_url_direct",
        "title",
        "company",
        "location",
        "description",
        "date_posted",
        "job_type",
        "interval",
        "min_amount",
        "max_amount",
        "currency",
        "is_remote",
    }
)


def _is_structured(value: Any) -> bool:
    return isinstance(value, list | dict)


def _is_empty(value: Any) -> bool:
    """No value: empty, blank, or a missing value spelled as text ("None", "NaN")."""
    if isinstance(value, list | dict):
        return not value
    return clean_text(value) is None


#: JobSpy's ``country_indeed`` for each country otpath knows (JobSpy's README: Indeed and
#: Glassdoor need it; LinkedIn searches everywhere by location).
JOBSPY_COUNTRY = {"US": "usa", "GB": "uk", "IE": "ireland", "CA": "canada", "AU": "australia", "NZ": "new zealand"}
#: ZipRecruiter searches the US and Canada only (JobSpy's README).
ZIPRECRUITER_COUNTRIES = frozenset({"US", "CA"})


def jobspy_sites(sites: Sequence[str], country: str) -> list[str]:
    """``sites`` without the boards that do not search ``country`` (ZipRecruiter outside the
    US and Canada)."""
    return [s for s in sites if s != "zip_recruiter" or country.upper() in ZIPRECRUITER_COUNTRIES]


def jobspy_record_to_posting(record: Mapping[str, Any], *, file: str, line: int) -> RawPosting:
    """Turn one JobSpy row (CSV strings or JSON values) into a :class:`RawPosting`.

    Raises :class:`ReaderError` when the row has no title.

    >>> p = jobspy_record_to_posting(
    ...     {"id": "in-1", "site": "indeed", "job_url": "https://x/1", "title": "UR Nurse",
    ...      "min_amount": "31.5", "max_amount": "38.0", "interval": "hourly", "is_remote": "True",
    ...      "salary_source": "direct_data"}, file="jobs.csv", line=2)
    >>> p.pay_min, p.pay_interval, p.remote_hint, p.raw
    (31.5, 'hourly', True, {'salary_source': 'direct_data'})
    """
    title = clean_text(record.get("title"))
    if title is None:
        problem = "title is not text" if _is_structured(record.get("title")) else "missing title"
        raise ReaderError(f"{problem}; row skipped", file=file, line=line)
    raw: dict[str, Any] = {}
    for key, value in record.items():
        # Unmapped columns, and mapped ones holding a list or object we cannot use.
        if (key not in _MAPPED or _is_structured(value)) and not _is_empty(value):
            raw[key or "index"] = value

    def keep(column: str) -> None:
        raw[column] = record.get(column)

    date_value = record.get("date_posted")
    date_posted = parse_date(date_value)
    if date_posted is None and not _is_empty(date_value):
        keep("date_posted")
    pay: dict[str, float | None] = {}
    for column, field in (("min_amount", "pay_min"), ("max_amount", "pay_max")):
        pay[field] = parse_amount(record.get(column))
        if pay[field] is None and not _is_empty(record.get(column)):
            keep(column)
    interval = parse_interval(record.get("interval"))
    if interval is None and not _is_empty(record.get("interval")):
        keep("interval")
    remote_hint = parse_bool(record.get("is_remote"))
    if remote_hint is None and not _is_empty(record.get("is_remote")):
        keep("is_remote")
    remote_type = parse_remote(record.get("work_from_home_type"))[1]

    url = clean_text(record.get("job_url"))
    direct = clean_text(record.get("job_url_direct"))
    description = clean_text(record.get("description")) or ""
    return RawPosting(
        title=title,
        description=description.replace("\r\n", "\n"),
        source_id=clean_text(record.get("id")),
        company=clean_text(record.get("company")),
        location=clean_text(record.get("location")),
        url=url,
        urls=[direct] if direct and direct != url else [],
        site=clean_text(record.get("site")),
        date_posted=date_posted,
        employment_type=clean_text(record.get("job_type")),
        remote_hint=remote_hint,
        remote_type_hint=remote_type,
        pay_min=pay["pay_min"],
        pay_max=pay["pay_max"],
        pay_interval=interval,
        pay_currency=clean_text(record.get("currency")),
        raw=raw,
        origin_file=file,
        origin_line=line,
    )


def _convert(
    record: Mapping[str, Any], *, file: str, line: int, errors: list[ReaderError]
) -> RawPosting | None:
    try:
        return jobspy_record_to_posting(record, file=file, line=line)
    except ReaderError as exc:
        errors.append(exc)
    except ValidationError as exc:  # a value of the wrong JSON type (a title that is a list...)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        errors.append(ReaderError(f"invalid row ({problems}); skipped", file=file, line=line))
    return None


def _header_of(head: bytes) -> list[str]:
    text = decode_head(head)
    first_line = text.splitlines()[0] if text else ""
    try:
        return next(csv.reader([first_line]), [])
    except csv.Error:
        return []


class JobSpyCsvReader(Reader):
    """JobSpy CSV: detected by a header with ``job_url``, ``site`` and ``title``."""

    name: ClassVar[str] = "jobspy-csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    summary: ClassVar[str] = "JobSpy scrape_jobs() saved with to_csv"

    def sniff(self, path: Path, head: bytes) -> bool:
        if logical_suffix(path) not in (".csv", ".txt", ""):
            return False
        return _SIGNATURE <= {h.strip() for h in _header_of(head)}

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        quoted = decode_head(read_head(path, 64)).lstrip("\ufeff").startswith('"')
        rows = iter_csv_rows(path, errors=errors, file=file, escapechar="\\" if quoted else None)
        header: list[str] | None = None
        for line, row in rows:
            if header is None:
                header = [h.strip() for h in row]
                missing = sorted(_SIGNATURE - set(header))
                if missing:
                    errors.append(
                        ReaderError(
                            f"not a JobSpy CSV header (missing {', '.join(missing)}); file skipped",
                            file=file,
                            line=line,
                        )
                    )
                    return
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
            posting = _convert(
                dict(zip(header, row, strict=True)), file=file, line=line, errors=errors
            )
            if posting is not None:
                yield posting


class JobSpyJsonReader(Reader):
    """JobSpy JSON: ``to_json(orient="records")`` (one array) or JSON lines.

    An array is parsed element by element (bounded memory); ``line`` in errors
    and ``origin_line`` is then the record number (1-based), as pandas writes the
    whole array on one line. For JSON lines it is the physical line.
    """

    name: ClassVar[str] = "jobspy-json"
    suffixes: ClassVar[tuple[str, ...]] = (".json", ".jsonl")
    summary: ClassVar[str] = "JobSpy scrape_jobs() saved with to_json(orient='records')"

    def sniff(self, path: Path, head: bytes) -> bool:
        if logical_suffix(path) not in (".json", ".jsonl", ".ndjson", ""):
            return False
        text = decode_head(head)
        if text.lstrip()[:1] not in ("[", "{"):
            return False
        return '"job_url"' in text and '"site"' in text and '"title"' in text

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        start = first_char(read_head(path, 4096))
        if start == "[":
            for record, value in iter_array_objects(path, errors=errors, file=file):
                posting = _convert(value, file=file, line=record, errors=errors)
                if posting is not None:
                    yield posting
            return
        yield from self._read_lines(path, file=file, errors=errors)

    def _read_lines(
        self, path: Path, *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        for number, value in iter_json_objects(path, file=file, errors=errors):
            if isinstance(value.get("title"), dict):
                errors.append(
                    ReaderError(
                        "this looks like DataFrame.to_json() with the default orient='columns'; "
                        "save with jobs.to_json(path, orient='records') instead; file skipped",
                        file=file,
                        line=number,
                    )
                )
                return
            posting = _convert(value, file=file, line=number, errors=errors)
            if posting is not None:
                yield posting
