"""The applications tracker's SQL (table ``applications``, migration 3).

Rows are plain dicts of column values; :mod:`otpath.tracker` turns them into
models and owns every rule (statuses, dates, CSV). Every read and write is scoped
to one profile name, so two people on one install never see each other's list.

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     app_id = store.insert_application({"title": "Case Manager", "saved_on": "2026-11-02",
    ...         "created_at": "2026-11-02T09:00:00+00:00", "updated_at": "2026-11-02T09:00:00+00:00"})
    ...     store.application_row(app_id, profile="default")["status"]
    'saved'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["APPLICATION_COLUMNS", "ApplicationRows"]

#: Columns a caller may write (``id`` is SQLite's).
APPLICATION_COLUMNS: tuple[str, ...] = (
    "profile", "posting_id", "title", "company", "location", "url", "role", "family",
    "remote", "pay", "date_posted", "description_html", "status", "saved_on", "applied_on",
    "interviewing_on", "offer_on", "rejected_on", "withdrawn_on", "next_step", "next_step_on",
    "notes", "created_at", "updated_at",
)  # fmt: skip

_MAX_PARAMS = 900


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(APPLICATION_COLUMNS)
    if unknown:
        raise ValueError(f"not application columns: {sorted(unknown)}")
    return dict(values)


class ApplicationRows:
    conn: sqlite3.Connection

    def _application_rows(self, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def insert_application(self, values: Mapping[str, Any]) -> int:
        """Insert one application; returns its id."""
        row = _checked(values)
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cur = self.conn.execute(
            f"INSERT INTO applications ({cols}) VALUES ({marks})", tuple(row.values())
        )
        return int(cur.lastrowid or 0)

    def update_application_row(
        self, app_id: int, *, profile: str, values: Mapping[str, Any]
    ) -> bool:
        """Set ``values`` on one application of ``profile``; ``False`` when there is none."""
        row = _checked(values)
        if not row:
            return self.application_row(app_id, profile=profile) is not None
        sets = ", ".join(f"{c} = ?" for c in row)
        cur = self.conn.execute(
            f"UPDATE applications SET {sets} WHERE id = ? AND profile = ?",
            (*row.values(), app_id, profile),
        )
        return cur.rowcount > 0

    def delete_application_row(self, app_id: int, *, profile: str) -> bool:
        cur = self.conn.execute(
            "DELETE FROM applications WHERE id = ? AND profile = ?", (app_id, profile)
        )
        return cur.rowcount > 0

    def application_row(self, app_id: int, *, profile: str) -> dict[str, Any] | None:
        rows = self._application_rows(
            "SELECT * FROM applications WHERE id = ? AND profile = ?", (app_id, profile)
        )
        return rows[0] if rows else None

    def application_for_posting(self, posting_id: str, *, profile: str) -> dict[str, Any] | None:
        rows = self._application_rows(
            "SELECT * FROM applications WHERE profile = ? AND posting_id = ?",
            (profile, posting_id),
        )
        return rows[0] if rows else None

    def applications_for_postings(
        self, posting_ids: Iterable[str], *, profile: str
    ) -> dict[str, dict[str, Any]]:
        """``posting_id -> row`` for those of ``posting_ids`` that ``profile`` saved."""
        wanted = sorted(set(posting_ids))
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), _MAX_PARAMS):
            chunk = wanted[start : start + _MAX_PARAMS]
            marks = ", ".join("?" * len(chunk))
            for row in self._application_rows(
                "SELECT * FROM applications"
                f" WHERE profile = ? AND posting_id IN ({marks})",
                (profile, *chunk),
            ):
                out[row["posting_id"]] = row
        return out

    def application_by_identity(
        self, *, profile: str, title: str, company: str | None, url: str | None
    ) -> dict[str, Any] | None:
        """An application of ``profile`` with this title, company and URL (any case)."""
        rows = self._application_rows(
            "SELECT * FROM applications WHERE profile = ? AND title = ? COLLATE NOCASE"
            " AND ifnull(company, '') = ? COLLATE NOCASE AND ifnull(url, '') = ?"
            " ORDER BY id LIMIT 1",
            (profile, title, company or "", url or ""),
        )
        return rows[0] if rows else None

    def application_rows(
        self, *, profile: str, status: str | None = None, limit: int = 5000
    ) -> list[dict[str, Any]]:
        """The applications of ``profile`` (of one ``status``), most recently changed first."""
        where, params = "profile = ?", [profile]
        if status is not None:
            where += " AND status = ?"
            params.append(status)
        return self._application_rows(
            f"SELECT * FROM applications WHERE {where} ORDER BY updated_at DESC, id DESC LIMIT ?",
            (*params, limit),
        )

    def application_profiles(self) -> dict[str, int]:
        """``profile name -> number of applications`` for every profile with any."""
        return dict(
            self.conn.execute(
                "SELECT profile, count(*) FROM applications GROUP BY profile ORDER BY profile"
            ).fetchall()
        )

    def existing_posting_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are postings in the store now."""
        wanted = sorted({i for i in ids if i})
        found: set[str] = set()
        for start in range(0, len(wanted), _MAX_PARAMS):
            chunk = wanted[start : start + _MAX_PARAMS]
            marks = ", ".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT id FROM postings WHERE id IN ({marks})", chunk
                ).fetchall()
            )
        return found
