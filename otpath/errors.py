"""The one exception tree of otpath.

Every error the library raises on purpose is an :class:`OtpathError`::

    OtpathError
    ├── CatalogError        a role catalog file is missing or invalid (file, field)
    │   └── RulesError      a rules data file (otpath/rules/data) is invalid (file, field)
    ├── ProfileError        a profile file or value is invalid (field, allowed values)
    ├── SourceError         postings input cannot be read at all
    │   ├── ReaderError     one record is bad (file, line); readers report and skip these
    │   └── PasteError      a posting pasted on the web lacks a title or text (field)
    ├── StoreError          the SQLite store cannot be opened, migrated or written
    │   ├── StoreFullError      the disk (or a file-size limit) is full: nothing was kept
    │   └── StoreReadOnlyError  the store may be read (search) but not written
    ├── SearchQueryError    a search filter is invalid (never raised for query text)
    ├── SearchTimeoutError  a search ran out of its time budget and was stopped
    ├── TrackerError        an application's status, date or CSV row is invalid (field, line)
    ├── ReportError         a career-plan report cannot be written (no PDF library, no file)
    └── NotFoundError       a role, posting, application or profile does not exist

Interfaces (CLI, web) catch ``OtpathError`` at their edge and turn it into
``Error: ...`` plus exit code 2, or into the API's error envelope.
"""

from __future__ import annotations

__all__ = [
    "CatalogError",
    "NotFoundError",
    "OtpathError",
    "PasteError",
    "ProfileError",
    "ReaderError",
    "ReportError",
    "RulesError",
    "SearchQueryError",
    "SearchTimeoutError",
    "SourceError",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
    "TrackerError",
]


class OtpathError(Exception):
    """Root of every error otpath raises on purpose."""

    hint: str | None = None
    #: The hint in the JSON API's terms, where ``hint`` names command-line options.
    api_hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None, api_hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        if api_hint is not None:
            self.api_hint = api_hint

    def __str__(self) -> str:
        return self.message


class CatalogError(OtpathError):
    """A catalog data file is missing or invalid."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None) -> None:
        self.file = file
        self.field = field
        where = ": ".join(p for p in (file, field) if p)
        super().__init__(f"{where}: {message}" if where else message)


class RulesError(CatalogError):
    """A rules data file (``otpath/rules/data/*.toml``) is missing or invalid."""


class ProfileError(OtpathError):
    """A profile value is invalid; names the field and the allowed values."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        file: str | None = None,
        hint: str | None = None,
        api_hint: str | None = None,
    ) -> None:
        self.field = field
        self.file = file
        #: What is wrong, without the file and field (a quiz says it beside the question).
        self.reason = message
        where = ": ".join(p for p in (file, field) if p)
        super().__init__(f"{where}: {message}" if where else message, hint=hint, api_hint=api_hint)


class SourceError(OtpathError):
    """Postings input cannot be read at all (missing file, unknown format)."""


class ReaderError(SourceError):
    """One input record is bad. Carries the file and the 1-based line (or record) number.

    ``hint`` (optional) says what to do in the command line's terms (``--map``...);
    interfaces without those options show ``reason`` alone.
    """

    def __init__(
        self, message: str, *, file: str, line: int | None = None, hint: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.reason = message
        loc = f"{file}:{line}" if line is not None else file
        super().__init__(f"{loc}: {message}", hint=hint)


class PasteError(SourceError):
    """A pasted posting cannot be imported; ``field`` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class StoreError(OtpathError):
    """The store cannot be opened, migrated or written."""


class StoreFullError(StoreError):
    """A write failed for lack of space (disk full, file-size limit); it was rolled back."""


class StoreReadOnlyError(StoreError):
    """The store (or its folder) is not writable: reading works, writing does not."""


class SearchQueryError(OtpathError):
    """A search filter is invalid (bad --posted-within, unknown family...)."""


class SearchTimeoutError(OtpathError):
    """A search (or a page's reads) took longer than its time budget and was stopped.

    ``seconds`` is the budget; nothing was changed in the store.
    """

    def __init__(self, message: str, *, seconds: float, hint: str | None = None) -> None:
        self.seconds = seconds
        super().__init__(message, hint=hint)


class TrackerError(OtpathError):
    """An application in the tracker is given an invalid status, date or CSV row.

    ``field`` names the input at fault; ``line`` is the CSV line when importing.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.field = field
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message, hint=hint)


class ReportError(OtpathError):
    """A career-plan report cannot be written: the PDF library or its system libraries
    are missing, or the output file cannot be written."""


class NotFoundError(OtpathError):
    """A role, family or posting id does not exist (or a page of results past the last);
    ``field`` names the parameter that asked for it, when one did."""

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None) -> None:
        self.field = field
        super().__init__(message, hint=hint)
