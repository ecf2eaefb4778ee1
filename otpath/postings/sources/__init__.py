"""Postings readers: one module per input format behind one contract and a registry.

Formats, in the order they are sniffed (``--format`` takes these names):

==============  ===============================================================
``jobspy-csv``  JobSpy ``scrape_jobs()`` saved with ``to_csv`` (header has job_url, site, title)
``jobspy-json`` JobSpy saved with ``to_json(orient="records")``, or as JSON lines
``jsonld``      saved job pages (``.html``) or ``.json`` with schema.org JobPosting JSON-LD
``jsonl``       otpath's own JSONL schema (see docs/formats.md)
``json``        any JSON array or JSON lines of objects; fields guessed or mapped
``csv``         any CSV with a header row; columns guessed or mapped
``text``        one posting per ``.txt``/``.md`` file
==============  ===============================================================

Any of them may be gzip-compressed (``jobs.jsonl.gz``): the suffix before
``.gz`` counts and the file is decompressed as it is read.

Use :func:`iter_postings` to read files and folders; bad records are appended to
``errors`` as :class:`~otpath.errors.ReaderError` and skipped.
"""

from __future__ import annotations

from .base import (
    FOLDER_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    READERS,
    InputFile,
    Reader,
    detect,
    format_names,
    get_reader,
    input_lines,
    iter_postings,
    plan_inputs,
    read_input,
    register,
)
from .csv_generic import CSV_FIELDS, GenericCsvReader
from .jobspy import JOBSPY_COLUMNS, JobSpyCsvReader, JobSpyJsonReader
from .json_generic import GenericJsonReader
from .jsonl import JSONL_FIELDS, JsonlReader, JsonlRecord
from .jsonld import JsonLdReader
from .text import TextReader

__all__ = [
    "CSV_FIELDS",
    "FOLDER_SUFFIXES",
    "GenericCsvReader",
    "GenericJsonReader",
    "InputFile",
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
    "input_lines",
    "iter_postings",
    "plan_inputs",
    "read_input",
    "register",
]

# Sniffing order: specific formats first, catch-alls (csv, text) last.
for _reader in (
    JobSpyCsvReader(),
    JobSpyJsonReader(),
    JsonLdReader(),
    JsonlReader(),
    GenericJsonReader(),
    GenericCsvReader(),
    TextReader(),
):
    if _reader.name not in READERS:
        register(_reader)
del _reader
