"""Every knob of otpath, declared once.

Settings are read from the environment only when :func:`load_settings` is
called (never at import time) and are passed explicitly from there.

=================  ==========================  =========================================
name               environment                 default
=================  ==========================  =========================================
db_path            ``OTPATH_DB``               ``<user data dir>/otpath/otpath.db``
profile_path       ``OTPATH_PROFILE``          ``<user config dir>/otpath/profile.toml``
max_upload_bytes   ``OTPATH_MAX_UPLOAD_BYTES`` 10 MiB (web uploads)
host               ``OTPATH_HOST``             ``127.0.0.1``
port               ``OTPATH_PORT``             ``8765``
web_cache_mb       ``OTPATH_WEB_CACHE_MB``     64 (memory for the web app's cache; 0 = off)
allowed_hosts      ``OTPATH_ALLOWED_HOSTS``    none: Host names the web app answers to
                                               besides those of ``host`` (comma-separated;
                                               ``*`` = any, which lets DNS rebinding in)
=================  ==========================  =========================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import OtpathError

__all__ = ["Settings", "default_db_path", "default_profile_path", "load_settings"]


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("otpath", appauthor=False)) / "otpath.db"


def default_profile_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("otpath", appauthor=False)) / "profile.toml"


@dataclass(frozen=True, kw_only=True)
class Settings:
    db_path: Path
    profile_path: Path
    max_upload_bytes: int = 10 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8765
    web_cache_mb: int = 64
    allowed_hosts: tuple[str, ...] = ()


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (``os.environ`` by default).

    A number that does not parse, or is out of range, is an :class:`OtpathError`
    that names the variable:

    >>> load_settings({"OTPATH_PORT": "eighty"})
    Traceback (most recent call last):
    ...
    otpath.errors.OtpathError: OTPATH_PORT must be a whole number from 0 to 65535, not 'eighty'
    """
    env = os.environ if env is None else env
    return Settings(
        db_path=Path(env["OTPATH_DB"]) if env.get("OTPATH_DB") else default_db_path(),
        profile_path=(
            Path(env["OTPATH_PROFILE"]) if env.get("OTPATH_PROFILE") else default_profile_path()
        ),
        max_upload_bytes=_int(env, "OTPATH_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, low=1),
        host=env.get("OTPATH_HOST") or "127.0.0.1",
        port=_int(env, "OTPATH_PORT", 8765, low=0, high=65535),
        web_cache_mb=_int(env, "OTPATH_WEB_CACHE_MB", 64, low=0),
        allowed_hosts=tuple(
            h.strip() for h in (env.get("OTPATH_ALLOWED_HOSTS") or "").split(",") if h.strip()
        ),
    )


def _int(
    env: Mapping[str, str], name: str, default: int, *, low: int, high: int | None = None
) -> int:
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise OtpathError(
            f"{name} must be a whole number {span}, not {text!r}",
            hint=f"fix or unset {name} (default {default})",
        )
    return value
