"""Reading postings back: filtered full-text search, one posting, match candidates.

Filters come as a :class:`PostingFilters` (already validated by the caller);
user search text must already be quoted with :func:`otpath.store.fts.quote_fts`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .writes import NO_CREDENTIAL

__all__ = ["PostingFilters", "PostingReads", "SearchRows"]

# Below this many text matches, "jobs for me" collects the matching rowids up front.
_FEW_MATCHES = 20000

# bm25 weights of postings_fts columns: title, company, description_text.
BM25_WEIGHTS = (10.0, 3.0, 1.0)

_JSON_COLUMNS = frozenset(
    {"credentials", "certifications_required", "classification", "requirements", "raw"}
)
_BOOL_COLUMNS = frozenset({"commission", "sample"})

_SUMMARY_COLUMNS = (
    "seq", "id", "cluster_id", "title", "company", "location", "url", "site", "date_posted",
    "role", "family", "confidence", "remote", "credentials", "certifications_required",
    "years_min", "years_max", "pay_min", "pay_max", "pay_interval", "pay_annual_min",
    "pay_annual_max", "commission", "sample",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class PostingFilters:
    """Structured filters; ``None`` means "any"."""

    family: str | None = None
    role: str | None = None
    remote: str | None = None
    credential: str | None = None  # canonical code
    min_pay_annual: float | None = None
    posted_since: date | None = None
    company: str | None = None
    exclude_families: tuple[str, ...] = ()
    exclude_remote: tuple[str, ...] = ()
    include_sample: bool = True


@dataclass(frozen=True)
class SearchRows:
    rows: list[dict[str, Any]]
    total: int


def _where(f: PostingFilters, *, match: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.family is not None:
        clauses.append("p.family = ?")
        params.append(f.family)
    if f.role is not None:
        clauses.append("p.role = ?")
        params.append(f.role)
    if f.remote is not None:
        clauses.append("p.remote = ?")
        params.append(f.remote)
    if f.credential is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM posting_credentials AS c"
            " WHERE c.posting_seq = p.seq AND c.code = ?)"
        )
        params.append(f.credential)
    if f.min_pay_annual is not None:
        clauses.append("p.pay_annual_min >= ?")
        params.append(f.min_pay_annual)
    if f.posted_since is not None:
        clauses.append("p.date_posted >= ?")
        params.append(f.posted_since.isoformat())
    if f.company is not None:
        clauses.append("p.company = ? COLLATE NOCASE")
        params.append(f.company)
    if f.exclude_families:
        clauses.append(f"p.family NOT IN ({', '.join('?' * len(f.exclude_families))})")
        params.extend(f.exclude_families)
    if f.exclude_remote:
        clauses.append(f"p.remote NOT IN ({', '.join('?' * len(f.exclude_remote))})")
        params.extend(f.exclude_remote)
    if not f.include_sample:
        clauses.append("p.sample = 0")
    if match is not None:
        clauses.append("p.seq IN (SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?)")
        params.append(match)
    return (" AND ".join(clauses) or "1"), params


def _match_where(f: PostingFilters) -> tuple[str, list[Any], bool]:
    """WHERE clauses over ``posting_credentials AS pc`` (and ``postings AS p`` only when
    a filter needs it: company). Returns (sql, params, needs_postings)."""
    clauses: list[str] = []
    params: list[Any] = []
    needs_postings = False
    for column, value in (("family", f.family), ("role", f.role), ("remote", f.remote)):
        if value is not None:
            clauses.append(f"pc.{column} = ?")
            params.append(value)
    if f.min_pay_annual is not None:
        clauses.append("pc.pay_annual_min >= ?")
        params.append(f.min_pay_annual)
    if f.exclude_families:
        clauses.append(f"pc.family NOT IN ({', '.join('?' * len(f.exclude_families))})")
        params.extend(f.exclude_families)
    if f.exclude_remote:
        clauses.append(f"pc.remote NOT IN ({', '.join('?' * len(f.exclude_remote))})")
        params.extend(f.exclude_remote)
    if not f.include_sample:
        clauses.append("pc.sample = 0")
    if f.credential is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM posting_credentials AS c"
            " WHERE c.posting_seq = pc.posting_seq AND c.code = ?)"
        )
        params.append(f.credential)
    if f.company is not None:
        clauses.append("p.company = ? COLLATE NOCASE")
        params.append(f.company)
        needs_postings = True
    return (" AND ".join(clauses) or "1"), params, needs_postings


class PostingReads:
    conn: sqlite3.Connection

    def _rows(
        self, sql: str, params: Sequence[Any], *, share_json: bool = False
    ) -> list[dict[str, Any]]:
        """Rows as dicts, JSON columns decoded. With ``share_json`` equal JSON texts
        decode once and rows share the (read-only!) result: much faster for the
        thousands of repetitive credential lists "jobs for me" reads."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        memo: dict[str, Any] = {}
        out = []
        for values in cur:
            row: dict[str, Any] = {}
            for key, value in zip(names, values, strict=True):
                if key in _JSON_COLUMNS and isinstance(value, str):
                    if share_json:
                        decoded = memo.get(value)
                        if decoded is None:
                            decoded = memo[value] = json.loads(value)
                        value = decoded
                    else:
                        value = json.loads(value)
                elif key in _BOOL_COLUMNS and value is not None:
                    value = bool(value)
                row[key] = value
            out.append(row)
        return out

    def count_postings(self, *, sample: bool | None = None) -> int:
        if sample is None:
            return int(self.conn.execute("SELECT count(*) FROM postings").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM postings WHERE sample = ?", (int(sample),)
            ).fetchone()[0]
        )

    def search_postings(
        self,
        filters: PostingFilters,
        *,
        match: str | None,
        limit: int,
        offset: int = 0,
        highlight: tuple[str, str] = ("[", "]"),
        snippet_tokens: int = 24,
    ) -> SearchRows:
        """One page of postings and the total count.

        With ``match`` (an FTS5 expression made by ``quote_fts``) rows are ranked by
        FTS5's ``rank``, configured by migration 1 as ``bm25(postings_fts, 10, 3, 1)``
        (title above company above body), and carry a highlighted ``snippet``; without
        it, newest first. ``score`` is ``-bm25`` (higher is better) or 0.
        """
        cols = ", ".join(f"p.{c}" for c in _SUMMARY_COLUMNS)
        where, params = _where(filters)
        if match is None:
            rows = self._rows(
                f"SELECT {cols}, 0.0 AS score, substr(p.description_text, 1, 240) AS snippet"
                f" FROM postings AS p WHERE {where}"
                " ORDER BY p.date_posted DESC, p.seq DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            if filters.credential is not None:
                total = self._count_by_credential(filters)
            else:
                total = self.conn.execute(
                    f"SELECT count(*) FROM postings AS p WHERE {where}", params
                ).fetchone()[0]
            return SearchRows(rows, int(total))
        # Rank first, with only rowids and the score in flight (the window count saves a
        # second pass over the matches); then read the page's rows and snippets.
        if where == "1":
            ranked = self.conn.execute(
                "SELECT rowid, -rank, count(*) OVER () FROM postings_fts"
                " WHERE postings_fts MATCH ? ORDER BY rank, rowid DESC LIMIT ? OFFSET ?",
                [match, limit, offset],
            ).fetchall()
        else:
            ranked = self.conn.execute(
                "SELECT p.seq, -postings_fts.rank, count(*) OVER ()"
                " FROM postings_fts JOIN postings AS p ON p.seq = postings_fts.rowid"
                f" WHERE postings_fts MATCH ? AND {where}"
                " ORDER BY postings_fts.rank, p.seq DESC LIMIT ? OFFSET ?",
                [match, *params, limit, offset],
            ).fetchall()
        if ranked:
            total = int(ranked[0][2])
        elif where == "1":
            total = self.conn.execute(
                "SELECT count(*) FROM postings_fts WHERE postings_fts MATCH ?", [match]
            ).fetchone()[0]
        else:
            total = self.conn.execute(
                "SELECT count(*) FROM postings_fts JOIN postings AS p ON p.seq = postings_fts.rowid"
                f" WHERE postings_fts MATCH ? AND {where}",
                [match, *params],
            ).fetchone()[0]
        seqs = [r[0] for r in ranked]
        summaries = self.posting_summaries(seqs)
        snippets: dict[int, str] = {}
        if seqs:
            marks = ", ".join("?" * len(seqs))
            snippets = dict(
                self.conn.execute(
                    "SELECT rowid, snippet(postings_fts, 2, ?, ?, '…', ?) FROM postings_fts"
                    f" WHERE postings_fts MATCH ? AND rowid IN ({marks})",
                    [highlight[0], highlight[1], snippet_tokens, match, *seqs],
                ).fetchall()
            )
        rows = []
        for seq, score, _ in ranked:
            row = summaries[seq]
            row["score"] = float(score)
            row["snippet"] = snippets.get(seq, "")
            rows.append(row)
        return SearchRows(rows, int(total))

    def _count_by_credential(self, f: PostingFilters) -> int:
        """Count postings accepting ``f.credential`` from ``posting_credentials`` alone
        (it carries every filter column but company), instead of probing each posting."""
        assert f.credential is not None
        rest = replace(f, credential=None)
        where, params, needs_postings = _match_where(rest)
        join = " JOIN postings AS p ON p.seq = pc.posting_seq" if needs_postings else ""
        since = f.posted_since.isoformat() if f.posted_since else ""
        row = self.conn.execute(
            f"SELECT count(*) FROM posting_credentials AS pc{join}"
            f" WHERE pc.code = ? AND pc.date_posted >= ? AND {where}",
            [f.credential, since, *params],
        ).fetchone()
        return int(row[0])

    def get_posting(self, posting_id: str) -> dict[str, Any] | None:
        """Every stored column of one posting plus ``sources`` (its cluster's sources).

        ``posting_id`` may also be the content key of a copy folded into a cluster, or
        an unambiguous prefix of at least 8 characters of a posting id.
        """
        rows = self._rows("SELECT * FROM postings WHERE id = ?", (posting_id,))
        if not rows:
            cluster = self.conn.execute(
                "SELECT cluster_id FROM identity_keys WHERE key = ?", ("content:" + posting_id,)
            ).fetchone()
            if cluster is None and len(posting_id) >= 8:
                found = self.conn.execute(
                    "SELECT id FROM postings WHERE id >= ? AND id < ? LIMIT 2",
                    (posting_id, posting_id + "\U0010ffff"),
                ).fetchall()
                cluster = found[0] if len(found) == 1 else None
            if cluster is None:
                return None
            rows = self._rows("SELECT * FROM postings WHERE id = ?", (cluster[0],))
            if not rows:
                return None
        row = rows[0]
        row["sources"] = self.cluster_sources(row["cluster_id"])
        return row

    def cluster_sources(self, cluster_id: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT url, site, source_id, file, line, added_at FROM posting_sources"
            " WHERE cluster_id = ? ORDER BY id",
            (cluster_id,),
        )

    def match_candidates(
        self,
        codes: Sequence[str],
        filters: PostingFilters,
        *,
        match: str | None = None,
        limit: int = 3000,
    ) -> list[dict[str, Any]]:
        """The facts a verdict needs for non-clinical postings that accept one of
        ``codes`` or name no credential; newest first, at most ``limit``.

        Each code walks the ``posting_credentials`` primary key in date order and
        reads the facts stored beside it (``seq``, ``date_posted``, ``family``,
        ``role``, ``remote``, years, pay, certifications), so this stays fast however
        many postings are stored. Fetch what to display with :meth:`posting_summaries`.
        """
        where, params, needs_postings = _match_where(filters)
        if match is not None:
            # Few matches: collect their rowids once. Many: test each candidate instead
            # (collecting 800,000 rowids costs far more than probing 3,000 candidates).
            probe = self.conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM postings_fts"
                " WHERE postings_fts MATCH ? LIMIT ?)",
                (match, _FEW_MATCHES),
            ).fetchone()[0]
            if probe < _FEW_MATCHES:
                where += (
                    " AND pc.posting_seq IN"
                    " (SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?)"
                )
            else:
                where += (
                    " AND EXISTS (SELECT 1 FROM postings_fts WHERE postings_fts MATCH ?"
                    " AND postings_fts.rowid = pc.posting_seq)"
                )
            params = [*params, match]
        join = " JOIN postings AS p ON p.seq = pc.posting_seq" if needs_postings else ""
        since = filters.posted_since.isoformat() if filters.posted_since else ""
        arm = (
            "SELECT * FROM (SELECT pc.posting_seq AS seq, pc.date_posted, pc.family, pc.role,"
            " pc.remote, pc.years_min, pc.years_max, pc.pay_annual_min, pc.commission,"
            " pc.sample, pc.credentials, pc.certifications, pc.certifications_required"
            f" FROM posting_credentials AS pc{join}"
            f" WHERE pc.code = ? AND pc.clinical = 0 AND pc.date_posted >= ? AND {where}"
            " ORDER BY pc.date_posted DESC, pc.posting_seq DESC LIMIT ?)"
        )
        all_codes = list(dict.fromkeys([*codes, NO_CREDENTIAL]))
        # One walk per code, merged (and a posting under two codes folded) by SQLite.
        sql = " UNION ".join([arm] * len(all_codes)) + " ORDER BY 2 DESC, 1 DESC LIMIT ?"
        args: list[Any] = []
        for code in all_codes:
            args += [code, since, *params, limit]
        return self._rows(sql, [*args, limit], share_json=True)

    def posting_summaries(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Display columns (title, company, pay...) of the postings ``seqs``, by seq."""
        out: dict[int, dict[str, Any]] = {}
        cols = ", ".join(_SUMMARY_COLUMNS)
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(f"SELECT {cols} FROM postings WHERE seq IN ({marks})", chunk):
                out[row["seq"]] = row
        return out
