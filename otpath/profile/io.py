"""Read and write profile files (TOML), with errors that name the field.

    >>> p = parse_profile({"credentials": ["OTR/L"], "preferences": {"remote": "required"}})
    >>> p.credentials, p.preferences.remote
    (['OT'], 'required')
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ProfileError
from .models import Profile

__all__ = ["dump_profile_toml", "parse_profile", "profile_json_schema", "read_profile", "write_profile"]


def _explain(exc: ValidationError, file: str | None) -> ProfileError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"]
    ctx = err.get("ctx") or {}
    if err["type"] == "literal_error" and "expected" in ctx:
        msg = f"invalid value {err.get('input')!r}; allowed values: {ctx['expected']}"
    elif err["type"] in ("float_type", "int_type"):
        msg = f"must be a number, such as 4 or 2.5 (got {_shown(err.get('input'))})"
    elif err["type"] == "bool_type":
        msg = f"must be true or false (got {_shown(err.get('input'))})"
    elif err["type"] in ("list_type", "string_type", "dict_type", "model_type"):
        kind = {"list_type": "a list such as [\"OT\"]", "string_type": "text in quotes",
                "dict_type": "a table", "model_type": "a table"}[err["type"]]  # fmt: skip
        msg = f"must be {kind} (got {_shown(err.get('input'))})"
    elif err["type"] == "extra_forbidden":
        allowed = ", ".join(_allowed_fields(err["loc"]))
        msg = f"unknown field; allowed fields: {allowed}"
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return ProfileError(msg, field=field, file=file, hint=_REWRITE_HINT if file else None)


def _shown(value: Any) -> str:
    """A value as the file wrote it, short: ``true``, ``"yes"``, ``[...]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a table"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    from .models import Preferences

    if len(loc) > 1 and loc[0] == "preferences":
        return list(Preferences.model_fields)
    return list(Profile.model_fields)


def parse_profile(data: dict[str, Any], *, file: str | None = None) -> Profile:
    """Validate a profile given as a mapping (from TOML or a JSON body)."""
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a table of fields", file=file)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, file) from None
    except RecursionError:
        raise ProfileError("values nested too deeply to read", file=file) from None
    except ProfileError as exc:
        hint = exc.hint or (_REWRITE_HINT if file else None)
        raise ProfileError(exc.reason, field=exc.field, file=file, hint=hint) from None


#: A profile file is a few hundred bytes; anything this large is not one.
MAX_PROFILE_BYTES = 1024 * 1024
_REWRITE_HINT = "fix the file (see 'otpath profile schema'), or write it again with 'otpath quiz'"


def read_profile(path: str | Path) -> Profile:
    """Read a TOML profile file. Raises :class:`ProfileError` naming the file and field."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ProfileError(
            "file not found", file=str(p)
        ) from None
    except OSError as exc:
        raise ProfileError(f"cannot read ({exc.strerror})", file=str(p)) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(
            f"the file is {len(raw):,} bytes; a profile is a few hundred",
            file=str(p),
            hint="write it again with 'otpath quiz' or the web app's quiz",
        )
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(
            f"not valid TOML ({exc})", file=str(p), hint=_REWRITE_HINT
        ) from None
    except RecursionError:
        raise ProfileError(
            "not a profile: values nested too deeply to read", file=str(p), hint=_REWRITE_HINT
        ) from None
    return parse_profile(data, file=str(p))


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        # JSON string escapes are valid TOML basic-string escapes, except that TOML
        # also forbids a raw DEL (U+007F).
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def dump_profile_toml(profile: Profile) -> str:
    data = profile.model_dump()
    prefs = data.pop("preferences")
    lines = ["# otpath profile (see `otpath profile schema` for every field)"]
    # TOML has no null: an unset optional field is left out (it reads back as unset).
    lines += [f"{k} = {_toml_value(v)}" for k, v in data.items() if v is not None]
    lines += ["", "[preferences]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in prefs.items() if v is not None]
    return "\n".join(lines) + "\n"


def write_profile(profile: Profile, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(p.suffix + ".tmp")
    tmp.write_text(dump_profile_toml(profile), encoding="utf-8")
    tmp.replace(p)
    return p


def profile_json_schema() -> dict[str, Any]:
    schema = Profile.model_json_schema()
    schema["title"] = "otpath profile"
    return schema
