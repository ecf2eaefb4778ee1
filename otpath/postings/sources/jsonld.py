"""schema.org ``JobPosting`` JSON-LD: inside saved HTML pages, or as bare ``.json`` files.

A saved job page usually carries the posting as structured data for search
engines::

    <script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "JobPosting",
     "title": "Utilization Review Clinician", "datePosted": "2025-02-03",
     "hiringOrganization": {"@type": "Organization", "name": "Example Health Plan"},
     "jobLocationType": "TELECOMMUTE",
     "applicantLocationRequirements": {"@type": "State", "name": "Ohio"},
     "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                    "value": {"@type": "QuantitativeValue", "minValue": 34,
                              "maxValue": 41, "unitText": "HOUR"}}}
    </script>

    -> title="Utilization Review Clinician", company="Example Health Plan",
       remote_hint=True, applicant_locations=["Ohio"], pay 34-41 hourly USD

A JSON lines file (``.jsonl``, also gzip-compressed: ``nhs_jobs.jsonl.gz``)
holding one JobPosting object per line is streamed a line at a time; errors
name the line.

JobPostings are found anywhere in a script's JSON: at the top, in a list, in
an ``@graph``, or nested (``mainEntity``, ``itemListElement``); ``@type`` may
be a list and may be written ``schema:JobPosting`` or as a full IRI. Every
property except ``title``/``description``/``@context``/``@type`` is also kept
in ``raw`` (nothing is lost). Text values have HTML entities decoded; a
description that arrives entity-escaped (``&lt;p&gt;``) is unescaped once.

Errors (each a :class:`ReaderError`, the page is not a crash): a script that
is not valid JSON (trailing commas included -- JSON does not allow them) is
reported at its line; a JobPosting without a title is reported; a page with no
JobPosting at all gets one error naming the file. Pages are parsed whole (they
must be, for HTML), up to :data:`~otpath.postings.sources.base.MAX_DOCUMENT_BYTES`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urlsplit

from pydantic import ValidationError
from selectolax.lexbor import LexborHTMLParser

from ...errors import ReaderError
from ..models import RawPosting
from ._io import (
    Line,
    decode_bytes,
    decode_head,
    iter_json_objects,
    json_object_line,
    logical_suffix,
    open_input,
)
from ._values import PayInterval, parse_amount, parse_date, parse_interval
from .base import MAX_DOCUMENT_BYTES, Reader

__all__ = ["JsonLdReader", "find_job_postings", "job_posting_to_raw"]

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_JSON_SUFFIXES = (".json", ".jsonld")
_LINES_SUFFIXES = (".jsonl", ".ndjson")
_MAX_DEPTH = 32
# Properties fully carried by core fields; everything else (hiringOrganization and
# jobLocation included, for their URLs and street addresses) is also kept in raw.
_MAPPED = frozenset(
    {
        "@context",
        "@type",
        "title",
        "description",
        "url",
        "datePosted",
        "validThrough",
        "employmentType",
        "jobLocationType",
        "applicantLocationRequirements",
        "baseSalary",
        "experienceRequirements",
        "educationRequirements",
        "identifier",
    }
)
# Wrappers some sites put around JSON-LD: <!-- ... -->, //<![CDATA[ ... //]]>
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


class _NoPosting(Exception):
    """A JobPosting object that cannot become a posting (no title)."""


def _is_job_posting(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    for t in types if isinstance(types, list) else [types]:
        if isinstance(t, str) and re.split(r"[/:#]", t)[-1] == "JobPosting":
            return True
    return False


def find_job_postings(data: Any, _depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in parsed JSON-LD, in document order.

    >>> [p["title"] for p in find_job_postings(
    ...     {"@graph": [{"@type": "WebPage"}, {"@type": ["JobPosting"], "title": "UR RN"}]})]
    ['UR RN']
    """
    if _depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from find_job_postings(item, _depth + 1)
    elif isinstance(data, dict):
        if _is_job_posting(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, dict | list):
                yield from find_job_postings(value, _depth + 1)


def _text(value: Any) -> str | None:
    """Plain text of a JSON-LD value: strings (entities decoded), numbers, the
    first usable item of a list, or a node's name / @value / value."""
    if isinstance(value, str):
        return html.unescape(value).strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list):
        for item in value:
            text = _text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        for key in ("name", "@value", "value"):
            if key in value:
                return _text(value[key])
    return None


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


def _description(value: Any) -> str:
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if "<" not in text and ("&lt;" in text or "&gt;" in text):
        text = _unescape(text)  # HTML that arrived entity-escaped
    return text


#: The rarer entities of escaped HTML, each replaced the way ``html.unescape`` would;
#: ``&amp;`` comes last so that what it gives is not read again.
_OTHER_ENTITIES = (("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&"))


def _unescape(text: str) -> str:
    """``html.unescape(text)``, by ``str.replace`` when every "&" of the text starts
    "&lt;", "&gt;" or one of :data:`_OTHER_ENTITIES` (an escaped NHS advert holds
    about 120 of them, and ``html.unescape`` calls a Python function for each).
    Each of those entities holds the text's only "&" at its start, so no two overlap
    and each is read exactly as ``html.unescape`` reads it; any other "&" (a rarer
    entity, a bare ampersand) sends the text to ``html.unescape`` itself."""
    out = text.replace("&lt;", "<").replace("&gt;", ">")
    if "&" not in out:
        return out
    if out.count("&") != sum(out.count(entity) for entity, _ in _OTHER_ENTITIES):
        return html.unescape(text)
    for entity, char in _OTHER_ENTITIES:
        out = out.replace(entity, char)
    return out


def _location(value: Any) -> str | None:
    places = value if isinstance(value, list) else [value]
    out: list[str] = []
    for place in places:
        if isinstance(place, str):
            text: str | None = _text(place)
        elif isinstance(place, dict):
            address = place.get("address")
            if isinstance(address, dict):
                parts = [
                    _text(address.get(key))
                    for key in ("addressLocality", "addressRegion", "addressCountry")
                ]
                text = ", ".join(p for p in parts if p) or _text(place.get("name"))
            else:
                text = _text(address) or _text(place.get("name"))
        else:
            text = None
        if text and text not in out:
            out.append(text)
    return "; ".join(out) or None


class _Salary(NamedTuple):
    low: float | None
    high: float | None
    interval: PayInterval | None
    currency: str | None
    text: str | None  # a value given as words ("negotiable", "£28,333 per annum")


def _words(value: Any) -> str | None:
    """A pay value that is text but not a plain number, as written (else None)."""
    if not isinstance(value, str):
        return None
    text = _text(value)
    return text if text is not None and parse_amount(text) is None else None


def _salary(value: Any) -> _Salary:
    """``baseSalary`` -> amounts, interval, currency, and the words of a value given as text.

    >>> _salary({"currency": "KRW", "value": {"value": "by agreement", "unitText": "DAY"}})
    _Salary(low=None, high=None, interval='daily', currency='KRW', text='by agreement')
    """
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    if not isinstance(value, dict):
        amount = parse_amount(value) if isinstance(value, int | float | str) else None
        return _Salary(amount, amount, None, None, _words(value))
    currency = _text(value.get("currency"))
    quantity = value.get("value")
    unit = value.get("unitText")
    if isinstance(quantity, dict):
        unit = quantity.get("unitText", unit)
        single = parse_amount(quantity.get("value"))
        low = parse_amount(quantity.get("minValue"))
        high = parse_amount(quantity.get("maxValue"))
        low = low if low is not None else single
        high = high if high is not None else single
        words = _words(quantity.get("value"))
    else:
        low = high = parse_amount(quantity)
        words = _words(quantity)
    return _Salary(low, high, parse_interval(_text(unit)), currency, words)


def _experience(value: Any) -> str | None:
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            parts = []
            months = parse_amount(item.get("monthsOfExperience"))
            if months is not None:
                parts.append(f"{months:g} months of experience")
            described = _text(item.get("description"))
            if described:
                parts.append(described)
            text = "; ".join(parts) or None
        else:
            text = _text(item)
        if text:
            out.append(text)
    return "; ".join(out) or None


def _education(value: Any) -> str | None:
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            text = (
                _text(item.get("credentialCategory"))
                or _text(item.get("name"))
                or _text(item.get("description"))
            )
        else:
            text = _text(item)
        if text:
            out.append(text)
    return "; ".join(out) or None


def _identifier(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("value")) or _text(value.get("@id")) or _text(value.get("name"))
    return _text(value)


def job_posting_to_raw(
    node: dict[str, Any], *, file: str, line: int | None, page_url: str | None = None
) -> RawPosting:
    """Map one JobPosting object to a :class:`RawPosting`.

    Raises :class:`_NoPosting` when it has no title.
    """
    title = _text(node.get("title")) or _text(node.get("name"))
    if not title:
        raise _NoPosting("JobPosting has no title")
    raw: dict[str, Any] = {k: v for k, v in node.items() if k not in _MAPPED}
    dates = {}
    for key in ("datePosted", "validThrough"):
        dates[key] = parse_date(_text(node.get(key)))
        if dates[key] is None and node.get(key) is not None:
            raw[key] = node[key]  # kept verbatim when it cannot be read
    salary = _salary(node.get("baseSalary"))
    location_types = [t.upper() for t in _texts(node.get("jobLocationType"))]
    url = _text(node.get("url")) or page_url
    host = urlsplit(url).hostname if url else None
    return RawPosting(
        title=title,
        description=_description(node.get("description")),
        source_id=_identifier(node.get("identifier")),
        company=_text(node.get("hiringOrganization")),
        location=_location(node.get("jobLocation")),
        url=url,
        site=host.removeprefix("www.") if host else None,
        date_posted=dates["datePosted"],
        valid_through=dates["validThrough"],
        employment_type=", ".join(_texts(node.get("employmentType"))) or None,
        remote_hint=True if "TELECOMMUTE" in location_types else None,
        pay_min=salary.low,
        pay_max=salary.high,
        pay_interval=salary.interval,
        pay_currency=salary.currency,
        pay_text=salary.text,
        applicant_locations=_texts(node.get("applicantLocationRequirements")),
        experience_hint=_experience(node.get("experienceRequirements")),
        education_hint=_education(node.get("educationRequirements")),
        raw=raw,
        origin_file=file,
        origin_line=line,
    )


def _blank_wrappers(script: str) -> str:
    """Replace <!-- --> / CDATA wrappers by spaces (keeping offsets and line numbers)."""

    def blank(match: re.Match[str]) -> str:
        found = match.group(0)
        return " " * (len(found) - found.count("\n")) + "\n" * found.count("\n")

    return _WRAPPERS.sub(blank, script)


def _json_error(exc: json.JSONDecodeError) -> tuple[str, int]:
    """The reason and the 1-based line (within the JSON text) to report.

    A trailing comma is reported on the comma's own line, not on the bracket after it.
    """
    before = exc.doc[: exc.pos].rstrip()
    if before.endswith(","):
        line = before.count("\n") + 1
        return f"invalid JSON-LD: {exc.msg} (a trailing comma? JSON does not allow them)", line
    return f"invalid JSON-LD: {exc.msg}", exc.lineno


def _json_lines(text: str) -> bool:
    """Is ``text`` several JSON values, one per line (a ``.json`` file holding JSON lines)?"""
    first, newline, rest = text.lstrip().partition("\n")
    if not newline or not rest.strip() or first.rstrip()[-1:] != "}":
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_html(head: bytes) -> bool:
    start = decode_head(head[:1024]).lstrip().lower()
    return start.startswith(("<!doctype html", "<html"))


class JsonLdReader(Reader):
    """schema.org JobPosting JSON-LD in saved HTML pages, bare JSON files, or JSON lines."""

    name: ClassVar[str] = "jsonld"
    suffixes: ClassVar[tuple[str, ...]] = _HTML_SUFFIXES + _JSON_SUFFIXES + _LINES_SUFFIXES
    summary: ClassVar[str] = (
        "saved job pages (.html), .json or JSON lines with schema.org JobPosting JSON-LD"
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        suffix = logical_suffix(path)
        if suffix in _HTML_SUFFIXES:
            return True
        if suffix == "" and _looks_like_html(head):
            return True
        if suffix in (*_JSON_SUFFIXES, *_LINES_SUFFIXES, ""):
            text = decode_head(head)
            return "JobPosting" in text and ('"@type"' in text or '"@context"' in text)
        return False

    def read(self, path: Path, *, errors: list[ReaderError]) -> Iterator[RawPosting]:
        file = str(path)
        suffix = logical_suffix(path)
        if suffix in _LINES_SUFFIXES:  # streamed: one JSON-LD object per line
            yield from self._read_lines(path, file=file, errors=errors)
            return
        with open_input(path) as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            errors.append(
                ReaderError(
                    f"document larger than {MAX_DOCUMENT_BYTES // 2**20} MiB; file skipped",
                    file=file,
                )
            )
            return
        text, problem = decode_bytes(data)
        if problem is not None:
            errors.append(ReaderError(f"{problem}; file skipped", file=file))
            return
        is_html = suffix in _HTML_SUFFIXES or (
            suffix not in _JSON_SUFFIXES and text.lstrip()[:1] == "<"
        )
        if is_html:
            yield from self._read_html(text, file=file, errors=errors)
        elif _json_lines(text):
            del text, data
            yield from self._read_lines(path, file=file, errors=errors)
        else:
            yield from self._read_json(text, file=file, errors=errors)

    def _read_lines(
        self, path: Path, *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        """JSON lines: each line an object holding one (or more) JobPostings."""
        for number, value in iter_json_objects(path, file=file, errors=errors):
            yield from self._line_postings(number, value, file=file, errors=errors)

    def reads_lines(self, path: Path) -> bool:
        return logical_suffix(path) in _LINES_SUFFIXES  # (streamed by read() as well)

    def read_line(self, line: Line, *, file: str, errors: list[ReaderError]) -> Iterator[RawPosting]:
        value = json_object_line(line, file=file, errors=errors)
        if value is not None:
            yield from self._line_postings(line.number, value, file=file, errors=errors)

    def _line_postings(
        self, number: int, value: dict[str, Any], *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        before = len(errors)
        count = 0
        for posting in self._emit(value, file=file, line=number, errors=errors):
            count += 1
            yield posting
        if count == 0 and len(errors) == before:
            errors.append(
                ReaderError("no schema.org JobPosting in this line; skipped", file=file, line=number)
            )

    def _emit(
        self,
        data: Any,
        *,
        file: str,
        line: int | None,
        errors: list[ReaderError],
        page_url: str | None = None,
        number_records: bool = False,
    ) -> Iterator[RawPosting]:
        for index, node in enumerate(find_job_postings(data), start=1):
            where = index if number_records else line
            try:
                posting = job_posting_to_raw(node, file=file, line=where, page_url=page_url)
            except _NoPosting as exc:
                errors.append(ReaderError(f"{exc}; skipped", file=file, line=where))
                continue
            except ValidationError as exc:  # e.g. a url that is a number
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
                )
                errors.append(
                    ReaderError(f"invalid JobPosting ({problems}); skipped", file=file, line=where)
                )
                continue
            yield posting

    def _read_json(
        self, text: str, *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            reason, at = _json_error(exc)
            errors.append(ReaderError(reason, file=file, line=at))
            return
        except (ValueError, RecursionError) as exc:
            errors.append(ReaderError(f"invalid JSON-LD: {exc}", file=file, line=1))
            return
        before = len(errors)
        count = 0
        for posting in self._emit(
            data, file=file, line=1, errors=errors, number_records=isinstance(data, list)
        ):
            count += 1
            yield posting
        if count == 0 and len(errors) == before:
            errors.append(ReaderError("no schema.org JobPosting JSON-LD found", file=file))

    def _read_html(
        self, text: str, *, file: str, errors: list[ReaderError]
    ) -> Iterator[RawPosting]:
        tree = LexborHTMLParser(text)
        canonical = tree.css_first('link[rel="canonical"]')
        page_url = canonical.attributes.get("href") if canonical is not None else None
        if not page_url:
            og_url = tree.css_first('meta[property="og:url"]')
            page_url = og_url.attributes.get("content") if og_url is not None else None
        before = len(errors)
        count = 0
        search_from = 0
        for script in tree.css("script"):
            kind = (script.attributes.get("type") or "").split(";")[0].strip().lower()
            if kind != "application/ld+json":
                continue
            content = script.text(deep=True) or ""
            offset = text.find(content, search_from) if content else -1
            if offset >= 0:
                search_from = offset + len(content)
                line: int | None = text.count("\n", 0, offset) + 1
            else:
                line = None
            cleaned = _blank_wrappers(content)
            if not cleaned.strip():
                continue
            data = _parse_script(cleaned, file=file, line=line, errors=errors)
            if data is None:
                continue
            for posting in self._emit(
                data, file=file, line=line, errors=errors, page_url=page_url or None
            ):
                count += 1
                yield posting
        if count == 0 and len(errors) == before:
            errors.append(ReaderError("no schema.org JobPosting JSON-LD found", file=file))


def _parse_script(
    content: str, *, file: str, line: int | None, errors: list[ReaderError]
) -> Any | None:
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        if "&quot;" in content:  # JSON-LD written entity-escaped inside the script
            try:
                return json.loads(html.unescape(content))
            except (ValueError, RecursionError):
                pass
        reason, offset = _json_error(exc)
        errors.append(
            ReaderError(reason, file=file, line=line + offset - 1 if line is not None else None)
        )
    except (ValueError, RecursionError) as exc:
        errors.append(ReaderError(f"invalid JSON-LD: {exc}", file=file, line=line))
    return None
