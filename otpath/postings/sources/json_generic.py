"""Generic JSON: an array of objects, or one object per line, with any key names.

For exports that are neither JobSpy, schema.org JSON-LD nor otpath's own JSONL:
job-board API dumps, aggregator lists, your own scripts. Keys are matched to our
fields the way :mod:`.csv_generic` matches CSV headers -- by an explicit
``mapping`` (``--map title=job_title --map company=employer_name``) or by
guessing from common names, with case, ``_``, ``-`` and camelCase ignored::

    {"job_title": "Care Coordinator", "employer_name": "Example Health",
     "job_is_remote": true, "job_posted_at": "2025-03-14T09:00:00Z"}
    -> title, company, remote_hint=True, date_posted=2025-03-14

Values keep their JSON types: ``true`` is a remote claim, numbers are pay. A
value that cannot be read, a nested object or list, and every key no field
claims go to ``raw``. ``description`` is optional here (titles-only lists are
common); an object without a title is reported with its line (JSON lines) or
its position in the array, and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from ...errors import ReaderError, SourceError
from ..models import RawPosting
from ._io import (
    HEAD_BYTES,
    decode_head,
    iter_array_objects,
    iter_json_objects,
    logical_suffix,
    read_head,
)
from .base import Reader
from .csv_generic import CSV_FIELDS, fields_to_posting, guess_columns, norm_name

__all__ = ["GenericJsonReader", "match_keys"]


@lru_cache(maxsize=256)
def _guessed(keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((field, keys[i]) for field, i in guess_columns(list(keys)).items())


def match_keys(keys: tuple[str, ...], mapping: Mapping[str, str]) -> dict[str, str] | str:
    """Field -> the key it is read from, for an object with ``keys``.

    Mapped fields first (exact key, else the same :func:`norm_name`), then the
    other fields guessed from the remaining keys. Returns the wanted key name
    (a string) when a mapped key is missing.

    >>> match_keys(("job_title", "employer_name", "tags"), {})
    {'title': 'job_title', 'company': 'employer_name'}
    >>> match_keys(("name", "org"), {"title": "name", "company": "org"})
    {'title': 'name', 'company': 'org'}
    """
    found: dict[str, str] = {}
    if mapping:
        loose = {norm_name(k): k for k in reversed(keys)}
        for field, wanted in mapping.items():
            key = wanted if wanted in keys else loose.get(norm_name(wanted))
            if key is None:
                return wanted
            found[field] = key
    taken = set(found.values())
    for field, key in _guessed(keys):
        if field not in found and key not in taken:
            found[field] = key
            taken.add(key)
    return found


class GenericJsonReader(Reader):
    """Any JSON array of objects, or JSON lines; fields guessed or given by ``mapping``."""

    name: ClassVar[str] = "json"
    suffixes: ClassVar[tuple[str, ...]] = (".json", ".jsonl", ".ndjson")
    summary: ClassVar[str] = "a JSON array or JSON lines with any keys; fields guessed or --map"

    def __init__(self, *, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping: dict[str, str] = dict(mapping or {})
        unknown = sorted(set(self.mapping) - set(CSV_FIELDS))
        if unknown:
            raise SourceError(
                f"unknown field{'s' if len(unknown) > 1 else ''} in field mapping: "
                + ", ".join(unknown),
                hint="fields: " + ", ".join(CSV_FIELDS),
            )

    def with_options(self, **options: Any) -> GenericJsonReader:
        unknown = sorted(set(options) - {"mapping"})
        if unknown:
            raise SourceError(
                f"format 'json' takes only a mapping (got {', '.join(unknown)})",
                hint="pass --map field=key",
            )
        return GenericJsonReader(mapping=options.get("mapping"))

    def sniff(self, path: Path, head: bytes) -> bool:
        """A JSON array whose first element is an object, or lines whose first is one."""
        if logical_suffix(path) not in (*self.suffixes, ""):
            return False
        text = decode_head(head).lstrip()
        if text[:1] == "[":
            return text[1:].lstrip()[:1] == "{"
        if text[:1] != "{":
            return False
        line, newline, _ = text.partition("\n")
        if not newline and len(head) >= HEAD_BYTES:
            return True  # a first line longer than the head: let the reader judge it
        try:
            return isinstance(json.loads(line), dict)
        except (ValueError, RecursionError):
            return False

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        is_array = decode_head(read_head(path, 4096)).lstrip()[:1] == "["
        records = (iter_array_objects if is_array else iter_json_objects)(
            path, errors=errors, file=file
        )
        for number, value in records:
            posting = self._posting(value, file=file, line=number, errors=errors)
            if posting is not None:
                yield posting

    def _posting(
        self, record: dict[str, Any], *, file: str, line: int, errors: list[ReaderError]
    ) -> RawPosting | None:
        keys = tuple(str(k) for k in record)
        fields = match_keys(keys, self.mapping)
        if isinstance(fields, str):
            errors.append(
                ReaderError(
                    f"no key '{fields}' (mapped) in this record; its keys: "
                    f"{', '.join(keys[:30])}; skipped",
                    file=file,
                    line=line,
                )
            )
            return None
        if "title" not in fields:
            errors.append(
                ReaderError(
                    f"no title key found among: {', '.join(keys[:30])}; skipped",
                    file=file,
                    line=line,
                )
            )
            return None
        used = set(fields.values())
        raw = {k: v for k, v in record.items() if k not in used and _present(v)}
        return fields_to_posting(
            {field: record[key] for field, key in fields.items()},
            fields,
            raw,
            file=file,
            line=line,
            errors=errors,
        )


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value.strip() if isinstance(value, str) else value)
    return True
