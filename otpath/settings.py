"""Every knob of otpath, declared once.

Each field of :class:`Settings` is the one declaration of a setting: its name, type,
default, allowed range, environment variable, command-line option and help. Everything
else is derived from it: :func:`load_settings`, the options' ``--help`` texts
(:func:`Setting.option_help`), the library's defaults (:func:`default`) and the
settings table of ``docs/cli.md`` (``make docs``).

Settings are read from the environment only when :func:`load_settings` is called
(never at import time) and are passed explicitly from there. An option given on the
command line wins over the environment, which wins over the default.

    >>> [s.env for s in SETTINGS][:3]
    ['OTPATH_DB', 'OTPATH_PROFILE', 'OTPATH_HOST']
    >>> setting("port").option_help()
    'Port the web app listens on (env OTPATH_PORT; default 8765).'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from .errors import OtpathError

__all__ = [
    "SETTINGS",
    "Setting",
    "Settings",
    "default",
    "default_db_path",
    "default_profile_path",
    "load_settings",
    "setting",
]


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("otpath", appauthor=False)) / "otpath.db"


def default_profile_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("otpath", appauthor=False)) / "profile.toml"


Kind = Literal["int", "str", "path", "list"]


@dataclass(frozen=True, kw_only=True)
class Setting:
    """What :class:`Settings` declares about one of its fields."""

    name: str
    kind: Kind
    env: str
    help: str
    default: int | str | tuple[str, ...] | None  # None: computed (paths) or "automatic"
    default_text: str | None = None  # the default in words (computed ones), or a gloss
    low: int | None = None
    high: int | None = None
    option: str | None = None  # the command-line option that overrides it
    factory: Callable[[], Any] | None = None

    @property
    def shown_default(self) -> str:
        """The default as the docs and ``--help`` say it: the value, words, or both."""
        if self.default is None or self.default == ():
            return self.default_text or "none"
        return f"{self.default} ({self.default_text})" if self.default_text else str(self.default)

    @property
    def allowed(self) -> str:
        """The allowed values in words (``"0 to 65535"``, ``"1 or more"``, ``"any"``)."""
        if self.low is not None and self.high is not None:
            return f"{self.low} to {self.high}"
        if self.low is not None:
            return f"{self.low} or more"
        return {"path": "a path", "list": "names separated by commas"}.get(self.kind, "any")

    def option_help(self) -> str:
        """The ``--help`` text of :attr:`option`: the help, the variable and the default."""
        return f"{self.help} (env {self.env}; default {self.shown_default})."

    def value(self, env: Mapping[str, str]) -> Any:
        """This setting's value from ``env``: parsed and checked, or the default."""
        text = (env.get(self.env) or "").strip()
        if not text:
            return self.factory() if self.factory is not None else self.default
        if self.kind == "path":
            return Path(text)
        if self.kind == "list":
            return tuple(item.strip() for item in text.split(",") if item.strip())
        if self.kind == "str":
            return text
        try:
            number: int | None = int(text.replace("_", ""))
        except ValueError:
            number = None
        if (
            number is None
            or (self.low is not None and number < self.low)
            or (self.high is not None and number > self.high)
        ):
            span = f"from {self.low} to {self.high}" if self.high is not None else f"of {self.low} or more"
            raise OtpathError(
                f"{self.env} must be a whole number {span}, not {text!r}",
                hint=f"fix or unset {self.env} (default {self.shown_default})",
            )
        return number


def _declare(
    kind: Kind,
    *,
    env: str,
    help: str,
    default: int | str | tuple[str, ...] | None = None,
    factory: Callable[[], Any] | None = None,
    default_text: str | None = None,
    low: int | None = None,
    high: int | None = None,
    option: str | None = None,
) -> Any:
    """A :class:`Settings` field carrying its :class:`Setting` (the name comes later)."""
    info = {
        "kind": kind, "env": env, "help": help, "default": default, "factory": factory,
        "default_text": default_text, "low": low, "high": high, "option": option,
    }  # fmt: skip
    if factory is not None:
        return field(default_factory=factory, metadata={"setting": info})
    return field(default=default, metadata={"setting": info})


@dataclass(frozen=True, kw_only=True)
class Settings:
    """otpath's settings; build them with :func:`load_settings`."""

    db_path: Path = _declare(
        "path", env="OTPATH_DB", option="--db", factory=default_db_path,
        default_text="<user data dir>/otpath/otpath.db", help="SQLite store to use",
    )  # fmt: skip
    profile_path: Path = _declare(
        "path", env="OTPATH_PROFILE", option="--profile", factory=default_profile_path,
        default_text="<user config dir>/otpath/profile.toml",
        help="The default profile's file; --profile also takes a profile name (see 'otpath"
        " profile list'), whose file is profiles/NAME.toml beside it",
    )  # fmt: skip
    host: str = _declare(
        "str", env="OTPATH_HOST", option="--host", default="127.0.0.1",
        help="Address the web app listens on; 127.0.0.1 is this computer only. Requests"
        " naming another host are refused (more names: OTPATH_ALLOWED_HOSTS)",
    )  # fmt: skip
    port: int = _declare(
        "int", env="OTPATH_PORT", option="--port", default=8765, low=0, high=65535,
        help="Port the web app listens on",
    )  # fmt: skip
    allowed_hosts: tuple[str, ...] = _declare(
        "list", env="OTPATH_ALLOWED_HOSTS", default=(),
        default_text="none: only the names of the address the web app listens on",
        help="More Host names the web app answers to, separated by commas; every other name"
        " is refused (DNS rebinding). '*' answers any name, which lets rebinding in",
    )  # fmt: skip
    web_cache_mb: int = _declare(
        "int", env="OTPATH_WEB_CACHE_MB", option="--cache-mb", default=64, low=0,
        help="Memory in MB for pages and searches the web app keeps between requests;"
        " 0 turns the cache off",
    )  # fmt: skip
    search_seconds: int = _declare(
        "int", env="OTPATH_SEARCH_SECONDS", option="--search-seconds", default=5, low=0,
        help="Longest a search (or a page of the web app) may run before it stops and says"
        " so; 0 means no limit",
    )  # fmt: skip
    web_workers: int = _declare(
        "int", env="OTPATH_WEB_WORKERS", option="--web-workers", default=1, low=1, high=64,
        help="Processes serving the web app (each keeps its own cache); more than one"
        " uses more cores for pages computed afresh",
    )  # fmt: skip
    max_upload_bytes: int = _declare(
        "int", env="OTPATH_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024, low=1,
        default_text="10 MiB", help="Largest file the web app accepts for import",
    )  # fmt: skip
    ingest_batch_size: int = _declare(
        "int", env="OTPATH_INGEST_BATCH_SIZE", option="--batch-size", default=2000, low=1,
        help="Records ingest writes per transaction",
    )  # fmt: skip
    ingest_workers: int | None = _declare(
        "int", env="OTPATH_INGEST_WORKERS", option="--workers", low=1,
        default_text="one per CPU",
        help="Processes running the pipeline during ingest; 1 runs it in the ingesting"
        " process, as small inputs always do",
    )  # fmt: skip


#: Every setting, in the order :class:`Settings` declares them.
SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name=f.name, **f.metadata["setting"]) for f in fields(Settings)
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of the setting ``name`` (a :class:`Settings` field)."""
    return _BY_NAME[name]


def default(name: str) -> Any:
    """The declared default of ``name``, for library functions that take it as a keyword.

        >>> default("ingest_batch_size")
        2000
    """
    found = setting(name)
    if found.factory is not None:
        return found.factory()
    return found.default


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (``os.environ`` by default).

    An empty variable means the default. A number that does not parse, or is out of
    range, is an :class:`OtpathError` that names the variable:

    >>> load_settings({"OTPATH_PORT": "eighty"})
    Traceback (most recent call last):
    ...
    otpath.errors.OtpathError: OTPATH_PORT must be a whole number from 0 to 65535, not 'eighty'
    """
    env = os.environ if env is None else env
    return Settings(**{s.name: s.value(env) for s in SETTINGS})

