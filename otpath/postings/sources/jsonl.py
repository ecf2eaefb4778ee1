"""otpath's own JSONL format: one JSON object per line (documented in docs/formats.md).

Each line is validated with :class:`JsonlRecord`::

    {"title": "Utilization Review Specialist", "description": "Review therapy requests...",
     "company": "Example Health Plan", "remote": "remote", "pay_min": 68000,
     "pay_interval": "yearly", "date_posted": "2025-03-14"}

``title`` and ``description`` are required; every other key is optional, and
keys we do not know are kept in ``raw``. An invalid line (not JSON, not an
object, missing ``title``, a value of the wrong kind) is reported with its line
number and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ...errors import ReaderError
from ..models import RawPosting
from ._io import Line, decode_head, iter_json_objects, json_object_line, logical_suffix
from ._values import PayInterval, RemoteKind, parse_interval, parse_remote
from .base import Reader

__all__ = ["JSONL_FIELDS", "JsonlReader", "JsonlRecord", "describe_validation_error"]

NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class JsonlRecord(BaseModel):
    """One line of our JSONL format. Unknown keys are allowed (they go to ``raw``)."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    title: NonEmpty
    description: str
    id: str | int | None = None
    company: str | None = None
    location: str | None = None
    url: str | None = None
    date_posted: date | None = None
    valid_through: date | None = None  # the advert's closing date
    remote: bool | RemoteKind | None = None
    pay_min: float | None = None
    pay_max: float | None = None
    pay_interval: PayInterval | None = None
    # ISO 4217 code of the pay; "pay_currency" (the name our pay fields suggest) is read too
    currency: str | None = Field(default=None, validation_alias=AliasChoices("currency", "pay_currency"))
    employment_type: str | None = None
    site: str | None = None
    sample: bool = False

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        # Python's notion of whitespace, the same as the other readers (str.strip).
        return value.strip() if isinstance(value, str) else value

    @field_validator("date_posted", "valid_through", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if value is None or isinstance(value, date):
            return value
        try:
            if isinstance(value, str) and len(value.strip()) == 10:
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise ValueError(f"must be a date written YYYY-MM-DD (got {value!r})")

    @field_validator("remote", mode="before")
    @classmethod
    def _remote_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            hint, kind = parse_remote(value)
            if kind is None:
                raise ValueError('must be true, false, "remote", "hybrid" or "onsite"')
            return kind
        return value

    @field_validator("pay_interval", mode="before")
    @classmethod
    def _interval_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            interval = parse_interval(value)
            if interval is None:
                raise ValueError("must be one of hourly, daily, weekly, monthly, yearly")
            return interval
        return value

    @field_validator("pay_min", "pay_max")
    @classmethod
    def _not_negative(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError("must not be negative")
        return value

    def to_raw_posting(self, *, file: str, line: int) -> RawPosting:
        remote_hint: bool | None
        remote_type: str | None
        if isinstance(self.remote, bool) or self.remote is None:
            remote_hint, remote_type = self.remote, None
        else:
            remote_hint, remote_type = parse_remote(self.remote)
        raw: dict[str, Any] = dict(self.model_extra or {})
        if self.sample:
            raw["sample"] = True
        return RawPosting(
            title=self.title,
            description=self.description,
            source_id=str(self.id) if self.id is not None else None,
            company=self.company or None,
            location=self.location or None,
            url=self.url or None,
            site=self.site or None,
            date_posted=self.date_posted,
            valid_through=self.valid_through,
            employment_type=self.employment_type or None,
            remote_hint=remote_hint,
            remote_type_hint=remote_type,
            pay_min=self.pay_min,
            pay_max=self.pay_max,
            pay_interval=self.pay_interval,
            pay_currency=self.currency or None,
            raw=raw,
            origin_file=file,
            origin_line=line,
        )


#: Field names of the JSONL format (also the names ``--map`` takes for CSV).
JSONL_FIELDS: tuple[str, ...] = tuple(JsonlRecord.model_fields)


def describe_validation_error(exc: ValidationError) -> str:
    """A short, human sentence for a pydantic error: "missing required field 'title'"."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "record"
        if err["type"] == "missing":
            parts.append(f"missing required field '{loc}'")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            parts.append(f"'{loc}' {msg[:1].lower()}{msg[1:]}")
    return "; ".join(parts)


def _first_object(text: str) -> dict[str, Any] | None:
    """The first line of ``text`` as a JSON object, or None."""
    if text[:1] != "{":
        return None
    try:
        value = json.loads(text.split("\n", 1)[0])
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


class JsonlReader(Reader):
    """Our JSONL format (``.jsonl``/``.ndjson``; also ``.json`` files holding JSON lines)."""

    name: ClassVar[str] = "jsonl"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")
    summary: ClassVar[str] = "one JSON object per line, otpath's own schema"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A ``.jsonl``/``.ndjson`` file whose first object has ``title`` and
        ``description`` (or whose first line is no JSON object: its errors are then
        reported in this format's terms); a ``.json`` file whose first line is an
        object of this format. Other JSON lines are the generic ``json`` reader's."""
        suffix = logical_suffix(path)
        if suffix not in (*self.suffixes, ".json", ""):
            return False
        text = decode_head(head).lstrip()
        first = _first_object(text)
        if first is None:
            return suffix in self.suffixes
        return suffix in self.suffixes and {"title", "description"} <= set(first) or (
            suffix in (".json", "") and "title" in first
        )

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        for number, value in iter_json_objects(path, file=file, errors=errors):
            yield from self._line_postings(number, value, file=file, errors=errors)

    def reads_lines(self, path: Path) -> bool:
        return True  # every file this reader reads is JSON lines

    def read_line(self, line: Line, *, file: str, errors: list[ReaderError]) -> Iterator[RawPosting]:
        value = json_object_line(line, file=file, errors=errors)
        if value is not None:
            yield from self._line_postings(line.number, value, file=file, errors=errors)

    @staticmethod
    def _line_postings(
        number: int, value: dict[str, Any], *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        try:
            posting = JsonlRecord.model_validate(value).to_raw_posting(file=file, line=number)
        except ValidationError as exc:
            errors.append(
                ReaderError(f"{describe_validation_error(exc)}; skipped", file=file, line=number)
            )
            return
        yield posting


