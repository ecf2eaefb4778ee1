"""Named profiles: several people (a coach's clients, a household) on one install.

The **default** profile is the profile file otpath always used (``OTPATH_PROFILE``,
else ``<user config dir>/otpath/profile.toml``). Every other profile has a short
name and lives beside it, in a ``profiles`` folder::

    ~/.config/otpath/profile.toml           the profile named "default"
    ~/.config/otpath/profiles/ana.toml      the profile named "ana"
    ~/.config/otpath/profiles/ben-s.toml    the profile named "ben-s"

A name is 1-40 lowercase letters, digits, ``-`` or ``_`` (spaces become ``-``)::

    >>> profile_name(" Ana Lopez ")
    'ana-lopez'
    >>> profile_name("../etc/passwd")
    Traceback (most recent call last):
    ...
    otpath.errors.ProfileError: name: '../etc/passwd' is not a profile name; use 1-40 letters, digits, - or _ (such as ana or ben-s)

On the command line, ``--profile`` takes a name or the path of a profile file
(anything with a ``/`` or ending in ``.toml``): :func:`resolve_profile`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import NotFoundError, ProfileError

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES_FOLDER",
    "ProfileRef",
    "list_profiles",
    "named_profile",
    "profile_name",
    "profiles_dir",
    "remove_profile",
    "resolve_profile",
]

#: The name of the profile at the profile path itself.
DEFAULT_PROFILE = "default"
#: The folder, beside the default profile file, that holds the named profiles.
PROFILES_FOLDER = "profiles"

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def profile_name(text: str) -> str:
    """``text`` as a profile name (lowercase, spaces as ``-``), or :class:`ProfileError`."""
    name = "-".join((text or "").strip().lower().split())
    if not _NAME.match(name):
        raise ProfileError(
            f"{text!r} is not a profile name; use 1-40 letters, digits, - or _"
            " (such as ana or ben-s)",
            field="name",
        )
    return name


@dataclass(frozen=True)
class ProfileRef:
    """A profile's name and the file that holds it (which may not exist yet)."""

    name: str
    path: Path

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def is_default(self) -> bool:
        return self.name == DEFAULT_PROFILE


def profiles_dir(default_path: str | Path) -> Path:
    """The folder of named profiles for the default profile file ``default_path``."""
    return Path(default_path).parent / PROFILES_FOLDER


def named_profile(name: str, *, default_path: str | Path) -> ProfileRef:
    """The profile called ``name`` (``default`` is the file at ``default_path``)."""
    clean = profile_name(name)
    if clean == DEFAULT_PROFILE:
        return ProfileRef(DEFAULT_PROFILE, Path(default_path))
    return ProfileRef(clean, profiles_dir(default_path) / f"{clean}.toml")


def _looks_like_path(value: str) -> bool:
    return (
        "/" in value
        or os.sep in value
        or (os.altsep is not None and os.altsep in value)
        or value.lower().endswith(".toml")
    )


def resolve_profile(value: str | Path | None, *, default_path: str | Path) -> ProfileRef:
    """What ``--profile`` means: nothing is the default profile; a path is that file
    (its name, for the tracker, is the file's stem when that is a valid name); anything
    else is a profile name, unless it names a file here that is not a ``.toml`` file
    (:class:`ProfileError`: it is not a profile file).

    >>> resolve_profile("ana", default_path="/home/me/.config/otpath/profile.toml").path
    PosixPath('/home/me/.config/otpath/profiles/ana.toml')
    >>> ref = resolve_profile("./clients/Ben.toml", default_path="/x/profile.toml")
    >>> ref.name, ref.path
    ('ben', PosixPath('clients/Ben.toml'))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ProfileRef(DEFAULT_PROFILE, Path(default_path))
    if isinstance(value, Path) or _looks_like_path(value):
        path = Path(value)
        try:
            name = profile_name(path.stem)
        except ProfileError:
            name = DEFAULT_PROFILE
        if path.resolve() == Path(default_path).resolve():
            name = DEFAULT_PROFILE
        return ProfileRef(name, path)
    # "notes.txt" (no name has a dot): a file here, but a profile file ends in .toml
    if Path(value).suffix and Path(value).is_file():
        raise ProfileError(
            f"{value!r} is a file, not a profile (.toml) file",
            field="profile",
            hint="give a profile file ending in .toml (otpath quiz -o FILE.toml writes one),"
            " or a profile name (otpath profile list)",
        )
    return named_profile(value, default_path=default_path)


def list_profiles(default_path: str | Path) -> list[ProfileRef]:
    """The default profile, then every named profile in the profiles folder by name."""
    out = [ProfileRef(DEFAULT_PROFILE, Path(default_path))]
    folder = profiles_dir(default_path)
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError:
        files = []
    for path in files:
        if path.is_file() and _NAME.match(path.stem) and path.stem != DEFAULT_PROFILE:
            out.append(ProfileRef(path.stem, path))
    return out


def remove_profile(name: str, *, default_path: str | Path) -> ProfileRef:
    """Delete a named profile's file (never the default profile)."""
    ref = named_profile(name, default_path=default_path)
    if ref.is_default:
        raise ProfileError(
            "the default profile cannot be removed; edit it, or take the quiz again",
            field="name",
        )
    try:
        ref.path.unlink()
    except FileNotFoundError:
        raise NotFoundError(
            f"no profile named {ref.name!r}", hint="run 'otpath profile list' to see them"
        ) from None
    return ref
