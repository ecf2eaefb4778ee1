"""Postings readers: one module per input format behind one contract and a registry.

Formats, in the order they are sniffed (``--format`` takes these names):

==============  ===============================================================
``jobspy-csv``  JobSpy ``scrape_jobs()`` saved with ``to_csv`` (header has job_url, site, title)
``jobspy-json`` JobSpy saved with ``to_json(orient="records")``, or as JSON lines
``jsonld``      saved job pages (``.html``) or ``.json`` with schema.org JobPosting JSON-LD
``jsonl``       otpath's own JSONL schema (see docs/formats.md)
``csv``         any CSV with a header row; columns guessed or mapped
``text``        one posting per ``.txt``/``.md`` file
==============  ===============================================================

Use :func:`iter_postings` to read files and folders; bad records are appended to
``errors`` as :class:`~otpath.errors.ReaderError` and skipped.
"""

from __future__ import annotations

from .base import (
    FOLDER_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    READERS,
    Reader,
    detect,
    format_names,
    get_reader,
    iter_postings,
    register,
)
from .csv_generic import CSV_FIELDS, GenericCsvReader
from .jobspy import JOBSPY_COLUMNS, JobSpyCsvReader, JobSpyJsonReader
from .jsonl import JSONL_FIELDS, JsonlReader, JsonlRecord
from .jsonld import JsonLdReader
from .text import TextReader

__all__ = [
    "CSV_FIELDS",
    "FOLDER_SUFFIXES",
    "GenericCsvReader",
    "JOBSPY_COLUMNS",
    "JSONL_FIELDS",
    "JobSpyCsvReader",
    "JobSpyJsonReader",
    "JsonLdReader",
    "JsonlReader",
    "JsonlRecord",
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "Reader",
    "TextReader",
    "detect",
    "format_names",
    "get_reader",
    "iter_postings",
    "register",
]

# Sniffing order: specific formats first, catch-alls (csv, text) last.
for _reader in (
    JobSpyCsvReader(),
    JobSpyJsonReader(),
    JsonLdReader(),
    JsonlReader(),
    GenericCsvReader(),
    TextReader(),
):
    if _reader.name not in READERS:
        register(_reader)
del _reader
