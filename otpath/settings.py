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
=================  ==========================  =========================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (``os.environ`` by default)."""
    env = os.environ if env is None else env
    return Settings(
        db_path=Path(env["OTPATH_DB"]) if env.get("OTPATH_DB") else default_db_path(),
        profile_path=(
            Path(env["OTPATH_PROFILE"]) if env.get("OTPATH_PROFILE") else default_profile_path()
        ),
        max_upload_bytes=int(env.get("OTPATH_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)),
        host=env.get("OTPATH_HOST", "127.0.0.1"),
        port=int(env.get("OTPATH_PORT", 8765)),
        web_cache_mb=int(env.get("OTPATH_WEB_CACHE_MB", 64)),
    )
