"""Reads behind market evidence: the facts of the newest postings of a role or family.

:mod:`otpath.insights` does the counting; this module only fetches, bounded: at
most ``limit`` postings, newest first, through the ``postings_role`` and
``postings_family`` indexes.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

__all__ = ["InsightRows"]


class InsightRows:
    conn: sqlite3.Connection

    def insight_rows(
        self,
        *,
        role: str | None = None,
        family: str | None = None,
        include_sample: bool = False,
        limit: int = 20000,
    ) -> list[dict[str, Any]]:
        """The newest ``limit`` postings of ``role`` (or ``family``): date, remote,
        credentials, skills, certifications, pay and its currency (JSON decoded)."""
        if (role is None) == (family is None):
            raise ValueError("give role or family")
        column, value = ("role", role) if role is not None else ("family", family)
        sample = "" if include_sample else " AND sample = 0"
        cur = self.conn.execute(
            "SELECT date_posted, remote, credentials,"
            " json_extract(requirements, '$.skills'),"
            " json_extract(requirements, '$.certifications'),"
            " json_extract(requirements, '$.pay.currency'),"
            " pay_annual_min, pay_annual_max, pay_interval, sample"
            f" FROM postings WHERE {column} = ?{sample}"
            " ORDER BY date_posted DESC, seq DESC LIMIT ?",
            (value, limit),
        )
        out = []
        for date_posted, remote, creds, skills, certs, currency, lo, hi, interval, smp in cur:
            out.append(
                {
                    "date_posted": date_posted,
                    "remote": remote,
                    "credentials": json.loads(creds or "[]"),
                    "skills": json.loads(skills or "[]"),
                    "certifications": json.loads(certs or "[]"),
                    "currency": currency,
                    "pay_annual_min": lo,
                    "pay_annual_max": hi,
                    "pay_interval": interval,
                    "sample": bool(smp),
                }
            )
        return out

    def insight_counts(self, *, role: str | None = None, family: str | None = None) -> tuple[int, int]:
        """``(postings, of which sample)`` of ``role`` or ``family``."""
        column, value = ("role", role) if role is not None else ("family", family)
        row = self.conn.execute(
            f"SELECT count(*), ifnull(sum(sample), 0) FROM postings WHERE {column} = ?", (value,)
        ).fetchone()
        return int(row[0]), int(row[1])

    def market_overview(self, *, include_sample: bool = False) -> list[dict[str, Any]]:
        """Per family and role: postings, and how many are remote, hybrid, on site.

        One pass over the narrow ``postings_facets`` index, not the postings.
        """
        sample = "" if include_sample else " WHERE sample = 0"
        cur = self.conn.execute(
            "SELECT family, role, count(*), sum(remote = 'remote'), sum(remote = 'hybrid'),"
            " sum(remote = 'onsite') FROM postings INDEXED BY postings_facets"
            f"{sample} GROUP BY family, role"
        )
        return [
            {"family": f, "role": r, "postings": n, "remote": rem, "hybrid": hyb, "onsite": ons}
            for f, r, n, rem, hyb, ons in cur
        ]
