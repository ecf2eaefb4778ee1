"""Load and validate the role catalog shipped in ``catalog/data``.

Layout::

    data/catalog.toml     version and families
    data/sources.toml     [sources.KEY] title, url, section, grade
    data/roles/*.toml     one role per file (see :mod:`otpath.catalog.models`)

Any problem raises :class:`~otpath.errors.CatalogError` naming the file and
the field, e.g. ``roles/recruiter.toml: pay_model: Input should be 'salary', ...``.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..credentials import CREDENTIALS
from ..errors import CatalogError
from ..money import CURRENCY_SYMBOLS
from ..profile.models import SETTINGS
from .models import CITED_FIELDS, Catalog, EntryDegree, Family, Role, Source

__all__ = ["DATA_DIR", "load_catalog", "default_catalog"]

DATA_DIR = Path(__file__).parent / "data"


def _read_toml(path: Path, base: Path) -> dict[str, Any]:
    rel = _rel(path, base)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CatalogError("file is missing", file=rel) from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"not valid TOML ({exc})", file=rel) from None


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return field, err["msg"]


def _cited_keys(role: Role) -> set[str]:
    keys: set[str] = set()
    for cit in role.cite.values():
        keys.update(cit.sources)
    for items in (
        role.duties, role.preferred_skills, role.certifications, role.pros, role.cons,
        role.upward_mobility, role.employers, role.notes, role.business_steps,
    ):
        for item in items:
            keys.update(item.sources)
    keys.update(role.experience.sources)
    return keys


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Read, validate and cross-check every catalog file under ``data_dir``."""
    base = Path(data_dir) if data_dir is not None else DATA_DIR
    meta = _read_toml(base / "catalog.toml", base)
    src_doc = _read_toml(base / "sources.toml", base)

    try:
        families = {
            fid: Family(id=fid, **body) for fid, body in (meta.get("families") or {}).items()
        }
    except ValidationError as exc:
        field, msg = _first_error(exc)
        raise CatalogError(msg, file="catalog.toml", field=f"families.{field}") from None
    except TypeError as exc:
        raise CatalogError(str(exc), file="catalog.toml", field="families") from None
    version = meta.get("version")
    if not isinstance(version, str):
        raise CatalogError("a version string is required", file="catalog.toml", field="version")

    sources: dict[str, Source] = {}
    for key, body in (src_doc.get("sources") or {}).items():
        try:
            sources[key] = Source(key=key, **body)
        except (ValidationError, TypeError) as exc:
            field, msg = _first_error(exc) if isinstance(exc, ValidationError) else ("", str(exc))
            raise CatalogError(msg, file="sources.toml", field=f"sources.{key}.{field}") from None

    roles: dict[str, Role] = {}
    role_files = sorted((base / "roles").glob("*.toml"))
    if not role_files:
        raise CatalogError("no role files found", file="roles/")
    for path in role_files:
        rel = _rel(path, base)
        doc = _read_toml(path, base)
        try:
            role = Role(**doc)
        except ValidationError as exc:
            field, msg = _first_error(exc)
            raise CatalogError(msg, file=rel, field=field) from None
        if role.id != path.stem:
            raise CatalogError(f"id {role.id!r} must match the file name", file=rel, field="id")
        if role.id in roles:
            raise CatalogError("duplicate role id", file=rel, field="id")
        if role.family not in families:
            raise CatalogError(
                f"unknown family {role.family!r}; known: {', '.join(sorted(families))}",
                file=rel, field="family",
            )
        _check_eligibility(role, rel)
        for i, item in enumerate(role.preferred_skills):
            bad = [s for s in item.settings if s not in SETTINGS]
            if bad or (item.kind == "setting" and not item.settings):
                raise CatalogError(
                    f"a setting item lists the settings that meet it, from: {', '.join(SETTINGS)}"
                    + (f" (unknown: {', '.join(bad)})" if bad else ""),
                    file=rel, field=f"preferred_skills.{i}.settings",
                )
        bad = [s for s in role.experience.settings if s not in SETTINGS]
        if bad:
            raise CatalogError(
                f"unknown setting(s) {', '.join(bad)}; known: {', '.join(SETTINGS)}",
                file=rel, field="experience.settings",
            )
        if role.pay_currency not in CURRENCY_SYMBOLS:
            raise CatalogError(
                f"unknown currency {role.pay_currency!r}; known: {', '.join(CURRENCY_SYMBOLS)}",
                file=rel, field="pay_currency",
            )
        if (role.pay_annual_min is not None or role.pay_annual_max is not None) and (
            not role.pay_range
        ):
            raise CatalogError(
                "pay_annual_min/max need the pay_range they come from", file=rel, field="pay_range"
            )
        for field in CITED_FIELDS:
            value = getattr(role, field)
            if value not in (None, "", []) and field not in role.cite:
                raise CatalogError(
                    "this fact needs a [cite] entry with its sources (or unsourced = true)",
                    file=rel, field=f"cite.{field}",
                )
        for field in role.cite:
            if field not in CITED_FIELDS:
                raise CatalogError(
                    f"cannot cite unknown field; citable fields: {', '.join(CITED_FIELDS)}",
                    file=rel, field=f"cite.{field}",
                )
        keys = _cited_keys(role)
        missing = sorted(k for k in keys if k not in sources)
        if missing:
            raise CatalogError(
                f"cites unknown source(s) {', '.join(missing)}; add them to sources.toml",
                file=rel, field="sources",
            )
        roles[role.id] = role.model_copy(update={"sources": sorted(keys, key=source_order)})

    entry_degrees: dict[str, EntryDegree] = {}
    for code, body in (meta.get("entry_degrees") or {}).items():
        where = f"entry_degrees.{code}"
        if code not in CREDENTIALS or not CREDENTIALS[code].user:
            users = ", ".join(c for c, v in CREDENTIALS.items() if v.user)
            raise CatalogError(f"not a credential otpath's users hold; use one of {users}",
                               file="catalog.toml", field=where)  # fmt: skip
        try:
            entry = EntryDegree(**body)
        except (ValidationError, TypeError) as exc:
            field, msg = _first_error(exc) if isinstance(exc, ValidationError) else ("", str(exc))
            raise CatalogError(msg, file="catalog.toml", field=f"{where}.{field}".rstrip(".")) from None
        missing = [k for k in entry.sources if k not in sources]
        if missing:
            raise CatalogError(f"cites unknown source(s) {', '.join(missing)}; add them to sources.toml",
                               file="catalog.toml", field=f"{where}.sources")  # fmt: skip
        entry_degrees[code] = entry

    return Catalog(
        version=version, families=families, sources=sources, roles=roles, entry_degrees=entry_degrees
    )


def _check_eligibility(role: Role, rel: str) -> None:
    """Known codes; a "likely" says what it is inferred from; an exclusion has a source."""
    for field in ("eligible_credentials", "likely_credentials", "excluded_credentials"):
        for code in getattr(role, field):
            if code not in CREDENTIALS:
                raise CatalogError(
                    f"unknown credential code {code!r}; use one of {', '.join(CREDENTIALS)}",
                    file=rel, field=field,
                )
    likely = role.cite.get("likely_credentials")
    if role.likely_credentials and (likely is None or not (likely.note or "").strip()):
        raise CatalogError(
            "a likely credential is an inference: say in [cite.likely_credentials] note"
            " what it is inferred from",
            file=rel, field="cite.likely_credentials.note",
        )
    excluded = role.cite.get("excluded_credentials")
    if role.excluded_credentials and (excluded is None or not excluded.sources):
        raise CatalogError(
            "an exclusion needs a source that excludes the credential"
            " (no source either way means unclear: leave it out)",
            file=rel, field="cite.excluded_credentials.sources",
        )


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped with the package (loaded once per process)."""
    return load_catalog()


def source_order(key: str) -> tuple[object, ...]:
    """Sort key of a source key, numbers by value: S2 before S10, the article's first.

        >>> sorted(["S10", "S2", "seed:insurance", "S141", "S3"], key=source_order)
        ['seed:insurance', 'S2', 'S3', 'S10', 'S141']
    """
    parts = re.split(r"(\d+)", key)
    return (not key.startswith("seed:"), *((int(p), "") if p.isdigit() else (-1, p) for p in parts))
