"""Reading postings back: filtered full-text search, one posting, match candidates.

Filters come as a :class:`PostingFilters` (already validated by the caller); user
search text must already be an :class:`~otpath.store.fts.FtsQuery` (made by
:mod:`otpath.query`) or quoted with :func:`otpath.store.fts.quote_fts`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from .fts import FtsQuery, fts_phrases
from .migrations import inflate, inflate_html, key_hash
from .writes import _MODEL_COLUMNS, NO_CREDENTIAL, _chunks, full_json

__all__ = [
    "BM25_WEIGHTS",
    "COUNT_CAP",
    "RANK_CANDIDATES",
    "SCAN_LIMIT",
    "Candidates",
    "PostingFilters",
    "PostingReads",
    "ReadMemo",
    "SearchRows",
    "as_fts_query",
]

# Below this many text matches, "jobs for me" collects the matching rowids up front.
_FEW_MATCHES = 20000
# "Jobs for me" with text reads the postings passing its filters first when at most this
# many do (else it walks the text's matches).
_QUALIFYING_MAX = 20000
# A text search with filters that at most this many postings pass tests each match
# against the list of them (kept in a ReadMemo) instead of reading its facets.
_PASSING_MAX = 20000

# bm25 weights of postings_fts columns: title, company, description_text.
BM25_WEIGHTS = (10.0, 3.0, 1.0)

#: A text search ranks at most this many of the newest matching postings.
RANK_CANDIDATES = 2000
#: A search without text counts matching postings up to this many.
COUNT_CAP = 2000
#: With filters, a text search tests at most this many of the newest text matches.
SCAN_LIMIT = 50000
# Stores larger than this leave words found in most postings out of the BM25 score,
# judged on the newest _UBIQUITY_SAMPLE postings.
_UBIQUITY_MIN_ROWS = 50000
_UBIQUITY_SAMPLE = 10000

_JSON_COLUMNS = frozenset(
    {"credentials", "certifications_required", "classification", "requirements", "raw"}
)
_BOOL_COLUMNS = frozenset({"commission", "sample"})

_SUMMARY_COLUMNS = (
    "seq", "id", "cluster_id", "title", "company", "location", "url", "site", "date_posted",
    "role", "family", "confidence", "remote", "credentials", "certifications_required",
    "years_min", "years_max", "pay_min", "pay_max", "pay_interval", "pay_annual_min",
    "pay_annual_max", "commission", "sample", "valid_through",
)  # fmt: skip
# The pay's currency lives in the requirements JSON (read only for rows being shown).
_CURRENCY_COLUMN = "json_extract({p}requirements, '$.pay.currency') AS pay_currency"


class ReadMemo:
    """Answers of reads that many searches share, for one state of the store: how many
    postings hold a word, where the newest 50,000 matches of a text end, which titles
    match a clause, which postings pass a profile's filters. A caller that knows when
    the store changes (the web app: its generation) keeps one per state and passes it
    to the reads that take ``memo=``; they then ask SQLite once per state instead of
    once per search.

    Bounded: an answer weighs ``entry_weight`` units (its key and place) plus about
    one unit per 8 bytes it holds (a number in a list, 8 letters of text), and when
    ``max_weight`` would be passed the memo starts again empty: 2,000,000 units are
    about 16 MB.

        >>> memo = ReadMemo(max_weight=3, entry_weight=1)
        >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2)
        (1, 1)
        >>> memo.get("b", lambda: [1, 2, 3], weight=len), memo.get("a", lambda: 4)
        ([1, 2, 3], 4)
    """

    #: How long a read waits for another thread computing the same answer.
    WAIT_SECONDS = 60.0

    def __init__(self, *, max_weight: int = 2_000_000, entry_weight: int = 16) -> None:
        self.max_weight = max_weight
        self.entry_weight = entry_weight
        self._items: dict[Hashable, Any] = {}
        self._weight = 0
        self._lock = threading.Lock()
        self._running: dict[Hashable, threading.Event] = {}

    def __len__(self) -> int:
        return len(self._items)

    def get(
        self, key: Hashable, compute: Callable[[], Any], *, weight: Callable[[Any], int] | None = None
    ) -> Any:
        """``compute()``, or what it gave for ``key`` before in this memo. While one
        thread computes a key, others asking for it wait for its answer (fifty requests
        arriving at once on a new store compute each answer once)."""
        with self._lock:
            if key in self._items:
                return self._items[key]
            running = self._running.get(key)
            if running is None:
                done = self._running[key] = threading.Event()
        if running is not None:
            running.wait(self.WAIT_SECONDS)
            with self._lock:
                if key in self._items:
                    return self._items[key]
            return compute()  # it failed (or was not kept): compute our own
        try:
            value = compute()
            w = self.entry_weight + (weight(value) if weight is not None else 0)
            with self._lock:
                if self._weight + w > self.max_weight:
                    self._items.clear()
                    self._weight = 0
                if w <= self.max_weight and key not in self._items:
                    self._items[key] = value
                    self._weight += w
            return value
        finally:
            with self._lock:
                del self._running[key]
            done.set()

    def known(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        """The answers held for ``keys`` (those not held are left out)."""
        with self._lock:
            return {k: self._items[k] for k in keys if k in self._items}

    def put_many(
        self, items: dict[Hashable, Any], *, weight: Callable[[Any], int] | None = None
    ) -> None:
        """Keep the answers ``items`` (each weighing 1 + ``weight(answer)``)."""
        weights = {
            k: self.entry_weight + (weight(v) if weight is not None else 0)
            for k, v in items.items()
        }
        with self._lock:
            if self._weight + sum(weights.values()) > self.max_weight:
                self._items.clear()
                self._weight = 0
            for k, v in items.items():
                if k not in self._items:
                    self._items[k] = v
                    self._weight += weights[k]


def _memo_get(
    memo: ReadMemo | None, key: Hashable, compute: Callable[[], Any],
    weight: Callable[[Any], int] | None = None,
) -> Any:
    return compute() if memo is None else memo.get(key, compute, weight=weight)


@dataclass(frozen=True, kw_only=True)
class PostingFilters:
    """Structured filters; ``None`` means "any"."""

    family: str | None = None
    role: str | None = None
    #: With ``role``: an FTS5 expression over titles; postings titled so count as the role too.
    role_titles: str | None = None
    remote: str | None = None
    credential: str | None = None  # canonical code
    min_pay_annual: float | None = None
    #: With ``min_pay_annual``: only postings paid in this currency (ISO 4217) are compared.
    pay_currency: str | None = None
    posted_since: date | None = None
    company: str | None = None
    exclude_families: tuple[str, ...] = ()
    exclude_remote: tuple[str, ...] = ()
    include_sample: bool = True


@dataclass(frozen=True)
class Candidates:
    """The postings a search ranks: ``(seq, title_hits, score)`` each, newest first.

    ``title_hits`` is how many of the query's clauses match the posting's title;
    ``score`` is ``-bm25`` (higher is better), 0 when not weighed or without text.
    """

    scored: list[tuple[int, int, float]]
    capped: bool = False  # more match than were collected


def as_fts_query(match: FtsQuery | str | None) -> FtsQuery | None:
    """An :class:`FtsQuery` from a ``quote_fts`` string (one clause per word)."""
    if match is None or isinstance(match, FtsQuery):
        return match
    phrases = fts_phrases(match)
    return FtsQuery(tuple((p,) for p in phrases)) if phrases else None


@dataclass(frozen=True)
class SearchRows:
    rows: list[dict[str, Any]]
    total: int
    total_is_lower_bound: bool = False  # more match than were counted (or ranked)


def _where(f: PostingFilters, *, match: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.family is not None:
        clauses.append("p.family = ?")
        params.append(f.family)
    _role_and_pay(f, clauses, params, table="p", seq="seq")
    if f.remote is not None:
        clauses.append("p.remote = ?")
        params.append(f.remote)
    if f.credential is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM posting_credentials AS c"
            " WHERE c.posting_seq = p.seq AND c.code = ?)"
        )
        params.append(f.credential)
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


# The facts of a posting a verdict needs, as posting_credentials keeps them beside its key.
_FACTS = (
    "pc.posting_seq AS seq, pc.date_posted, pc.family, pc.role, pc.remote,"
    " pc.years_min, pc.years_max, pc.pay_annual_min, pc.commission, pc.sample,"
    " pc.credentials, pc.certifications, pc.certifications_required"
)
# Which postings, in which order (what jobs-for-me reads of postings judged before).
_KEYS = "pc.posting_seq AS seq, pc.date_posted, pc.role, pc.family"
# Postings whose title matches an FTS5 expression; postings paid at least X in a currency.
_TITLED = "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?"
_PAID = "SELECT seq FROM postings WHERE pay_currency = ? AND pay_annual_min >= ?"


def _role_and_pay(
    f: PostingFilters, clauses: list[str], params: list[Any], *, table: str, seq: str
) -> None:
    """The role filter (classified as it, or titled as it) and the pay filter (in one
    currency), over ``table`` whose posting is ``seq``."""
    if f.role is not None:
        if f.role_titles is not None:
            clauses.append(f"({table}.role = ? OR {table}.{seq} IN ({_TITLED}))")
            params += [f.role, f.role_titles]
        else:
            clauses.append(f"{table}.role = ?")
            params.append(f.role)
    if f.min_pay_annual is not None:
        if f.pay_currency is not None:
            clauses.append(f"{table}.{seq} IN ({_PAID})")
            params += [f.pay_currency, f.min_pay_annual]
        else:
            clauses.append(f"{table}.pay_annual_min >= ?")
            params.append(f.min_pay_annual)


def _match_where(f: PostingFilters) -> tuple[str, list[Any], bool]:
    """WHERE clauses over ``posting_credentials AS pc`` (and ``postings AS p`` only when
    a filter needs it: company). Returns (sql, params, needs_postings)."""
    clauses: list[str] = []
    params: list[Any] = []
    needs_postings = False
    for column, value in (("family", f.family), ("remote", f.remote)):
        if value is not None:
            clauses.append(f"pc.{column} = ?")
            params.append(value)
    _role_and_pay(f, clauses, params, table="pc", seq="posting_seq")
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
        json_at = [i for i, n in enumerate(names) if n in _JSON_COLUMNS]
        bool_at = [i for i, n in enumerate(names) if n in _BOOL_COLUMNS]
        # stored compressed (migrations 6 and 8): BLOBs become text again; the HTML is
        # compressed against the posting's text, so it is read with it
        zipped_at = [i for i, n in enumerate(names) if n == "raw"]
        html_at = names.index("description_html") if "description_html" in names else -1
        text_at = names.index("description_text") if "description_text" in names else -1
        if text_at < 0 and (html_at >= 0 or "requirements" in names):
            raise ValueError("description_html and requirements are read with description_text"
                             " (migration 8 stores them against it)")  # fmt: skip
        if html_at >= 0:
            zipped_at.append(html_at)
        models_at = [i for i, n in enumerate(names) if n in _MODEL_COLUMNS]
        if not (json_at or bool_at or zipped_at or models_at):
            return [dict(zip(names, values, strict=True)) for values in cur]
        memo: dict[str, Any] = {}
        loads = json.loads
        out = []
        for values in cur:
            values = list(values)
            for i in zipped_at:
                if isinstance(values[i], bytes):
                    values[i] = (
                        inflate_html(values[i], values[text_at]) if i == html_at
                        else inflate(values[i])
                    )  # fmt: skip
            for i in models_at:
                if isinstance(values[i], str):  # stored without its defaults: fill them in
                    values[i] = full_json(names[i], values[i], values[text_at] or "")
            for i in json_at:
                v = values[i]
                if isinstance(v, str):
                    if share_json:
                        decoded = memo.get(v)
                        if decoded is None:
                            decoded = memo[v] = loads(v)
                        values[i] = decoded
                    else:
                        values[i] = loads(v)
            for i in bool_at:
                if values[i] is not None:
                    values[i] = bool(values[i])
            out.append(dict(zip(names, values, strict=True)))
        return out

    def _has_index(self, name: str) -> bool:
        """Whether the index ``name`` exists (a store opened read-only may predate it)."""
        known: dict[str, bool] = self.__dict__.setdefault("_indexes", {})
        if name not in known:
            known[name] = (
                self.conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
                ).fetchone()
                is not None
            )
        return known[name]

    def last_seq(self) -> int | None:
        """The ``seq`` of the posting stored last (``None``: the store is empty)."""
        row = self.conn.execute("SELECT max(seq) FROM postings").fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def count_postings(self, *, sample: bool | None = None, through: int | None = None) -> int:
        """How many postings are stored (only samples, or none, with ``sample``; only
        those up to ``seq`` ``through``, with ``through``)."""
        if through is not None:
            return int(
                self.conn.execute("SELECT count(*) FROM postings WHERE seq <= ?", (through,)).fetchone()[0]
            )
        if sample is None:
            return int(self.conn.execute("SELECT count(*) FROM postings").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM postings WHERE sample = ?", (int(sample),)
            ).fetchone()[0]
        )

    def posting_ages(self, filters: PostingFilters, *, today: date, since: date) -> tuple[int, int, int, str | None]:
        """Of the postings ``filters`` keep: how many there are, how many carry a posting
        or closing date, how many of those are current (closing on ``today`` or later, as
        :func:`otpath.match` judges a closing date; without one, posted on ``since`` or
        later), and the newest posting date (ISO text, or ``None``)."""
        where, params = _where(filters)
        dated = "(p.date_posted IS NOT NULL OR p.valid_through IS NOT NULL)"
        row = self.conn.execute(
            f"SELECT count(*), coalesce(sum({dated}), 0),"
            " coalesce(sum(p.valid_through >= ?"
            " OR (p.valid_through IS NULL AND p.date_posted >= ?)), 0), max(p.date_posted)"
            f" FROM postings AS p WHERE {where}",
            [today.isoformat(), since.isoformat(), *params],
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), row[3]

    def search_postings(
        self,
        filters: PostingFilters,
        *,
        match: FtsQuery | str | None,
        limit: int,
        offset: int = 0,
        highlight: tuple[str, str] = ("[", "]"),
        snippet_tokens: int = 24,
        candidates: int = RANK_CANDIDATES,
        count_cap: int = COUNT_CAP,
        scan_limit: int = SCAN_LIMIT,
    ) -> SearchRows:
        """One page of postings and their total.

        With ``match`` (an :class:`FtsQuery`, or an expression made by ``quote_fts``)
        rows are ranked title first: by how many of the query's clauses match the
        title, then by ``bm25(postings_fts, 10, 3, 1)`` (title above company above
        body), then newest; they carry a highlighted ``snippet``. Without it, newest
        first. ``score`` is ``-bm25`` (higher is better) or 0.

        Work stays bounded however many postings match (see :meth:`search_candidates`);
        without text, counting stops at ``count_cap``.
        """
        fts = as_fts_query(match)
        if fts is None:
            return self._newest(filters, limit=limit, offset=offset, count_cap=count_cap)
        found = self.search_candidates(
            filters, fts, candidates=candidates, scan_limit=scan_limit
        )
        ranked = sorted(found.scored, key=lambda r: (-r[1], -r[2], -r[0]))
        page = ranked[offset : offset + limit]
        rows = self.search_rows(
            [seq for seq, _, _ in page], fts, highlight=highlight, snippet_tokens=snippet_tokens
        )
        out = []
        for seq, _, score in page:
            row = rows[seq]
            row["score"] = float(score)
            out.append(row)
        return SearchRows(out, len(found.scored), total_is_lower_bound=found.capped)

    def search_candidates(
        self,
        filters: PostingFilters,
        match: FtsQuery,
        *,
        candidates: int = RANK_CANDIDATES,
        scan_limit: int = SCAN_LIMIT,
        memo: ReadMemo | None = None,
    ) -> Candidates:
        """The postings a text search ranks, each with its title hits and BM25 score.

        * Only the newest ``candidates`` postings that match the text and pass the
          filters are collected. With fewer, ranking and total are exact; with more,
          ``capped`` is set.
        * With filters, only the newest ``scan_limit`` postings containing the words
          are tested against them (``capped`` when there are more).
        * In a store of more than 50,000 postings, a clause found in more than half of
          them is left out of the score and of the title hits. BM25 gives such a word
          no weight (FTS5 clamps its IDF to 1e-6), yet weighing it makes FTS5 read its
          whole index: 30 ms for "experience" at 1M postings. A text of such clauses
          only is ranked newest first (score 0).

        ``memo`` keeps what depends on the text alone (where its newest ``scan_limit``
        matches end, which clauses are weighed, which titles match each clause), so
        the same words searched with other filters, or for another page, read them once.
        """
        where, params = _where(filters)
        expr = match.expr()
        floor = None  # hits at or below this rowid are not looked at
        if where != "1":
            floor = _memo_get(memo, ("floor", expr, scan_limit),
                              lambda: self._text_floor(expr, scan_limit))  # fmt: skip
        weighed = self._weighed_clauses(match, memo=memo)
        scan = partial(self._text_scan, where=where, params=params)
        if memo is not None and where != "1":
            passing = memo.get(("passing", filters), lambda: self._passing(where, params),
                               weight=lambda found: 0 if found is None else len(found) // 8)  # fmt: skip
            if passing is not None:  # few pass the filters: test each match against them
                scan = partial(self._text_scan, where="1", params=(), only=passing)
        if len(weighed) == len(match.clauses):
            scored = scan(expr, score=True, above=floor, limit=candidates + 1)
        else:
            scored = scan(expr, score=False, above=floor, limit=candidates + 1)
            if weighed and scored:
                seqs = [r[0] for r in scored[:candidates]]
                scores = dict(
                    scan(match.expr(weighed), score=True, above=min(seqs) - 1, upto=max(seqs))
                )
                scored = [(seq, scores.get(seq, 0.0)) for seq, _ in scored]
        capped = len(scored) > candidates or floor is not None
        del scored[candidates:]
        hits: dict[int, int] = {}
        if scored and weighed:
            lo, hi = min(s for s, _ in scored), max(s for s, _ in scored)
            for i in weighed:
                title = match.clause_expr(i, column="title")
                if memo is None:
                    found: Sequence[int] = [
                        seq for (seq,) in self.conn.execute(
                            "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?"
                            " AND rowid >= ? AND rowid <= ?", (title, lo, hi),
                        )
                    ]  # fmt: skip
                else:  # every title that matches, ascending; the candidates' range of them
                    every = memo.get(("titled", title), partial(self._titled, title), weight=len)
                    found = every[bisect_left(every, lo) : bisect_right(every, hi)]
                for seq in found:
                    hits[seq] = hits.get(seq, 0) + 1
        return Candidates([(seq, hits.get(seq, 0), float(sc)) for seq, sc in scored], capped)

    def _passing(self, where: str, params: Sequence[Any]) -> str | None:
        """The seqs of the postings that pass ``where`` (from :func:`_where`), as a JSON
        list, when at most :data:`_PASSING_MAX` do; else ``None``."""
        seqs = [
            seq for (seq,) in self.conn.execute(
                f"SELECT p.seq FROM postings AS p INDEXED BY postings_facets WHERE {where}"
                " LIMIT ?", [*params, _PASSING_MAX + 1],
            )
        ]  # fmt: skip
        return json.dumps(seqs) if len(seqs) <= _PASSING_MAX else None

    def _text_floor(self, expr: str, scan_limit: int) -> int | None:
        """The rowid of the ``scan_limit``-th newest posting matching ``expr`` (``None``
        when fewer match)."""
        row = self.conn.execute(
            "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (expr, scan_limit),
        ).fetchone()
        return row[0] if row else None

    def _titled(self, title_expr: str) -> array[int]:
        """The postings whose title matches ``title_expr``, by rowid ascending."""
        return array("q", sorted(
            seq for (seq,) in self.conn.execute(
                "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?", (title_expr,)
            )
        ))  # fmt: skip

    def newest_candidates(self, filters: PostingFilters, *, limit: int = COUNT_CAP) -> Candidates:
        """The newest ``limit`` postings passing ``filters`` (undated last), as
        :class:`Candidates` with no score; ``capped`` when more pass."""
        where, params = _where(filters)
        seqs = [
            r[0]
            for r in self.conn.execute(
                f"SELECT p.seq FROM postings AS p WHERE {where}"
                " ORDER BY p.date_posted DESC, p.seq DESC LIMIT ?",
                [*params, limit + 1],
            )
        ]
        return Candidates([(seq, 0, 0.0) for seq in seqs[:limit]], capped=len(seqs) > limit)

    def search_rows(
        self,
        seqs: Sequence[int],
        match: FtsQuery | None,
        *,
        highlight: tuple[str, str] = ("[", "]"),
        snippet_tokens: int = 24,
        memo: ReadMemo | None = None,
    ) -> dict[int, dict[str, Any]]:
        """Display columns of ``seqs`` (see :meth:`posting_summaries`) with a
        ``snippet``: the description's best passage for ``match``, words marked
        with ``highlight``; its first 240 characters without text. ``memo`` keeps the
        passages (FTS5 takes 0.1-0.2 ms a posting to choose one) for other pages that
        show the same posting for the same words."""
        rows = self.posting_summaries(seqs)
        if not seqs:
            return rows
        marks = ", ".join("?" * len(seqs))
        if match is None:
            snippets = dict(
                self.conn.execute(
                    f"SELECT seq, substr(description_text, 1, 240) FROM postings"
                    f" WHERE seq IN ({marks})",
                    list(seqs),
                ).fetchall()
            )
        else:
            expr = match.expr()
            key = ("snippet", expr, highlight, snippet_tokens)
            snippets = {}
            if memo is not None:
                snippets = {k[-1]: v for k, v in memo.known([(*key, seq) for seq in seqs]).items()}  # type: ignore[index]
            todo = [seq for seq in seqs if seq not in snippets]
            if todo:
                # FTS5 walks only the rows' range of its matches, testing each ("+": no
                # probe by rowid, which costs more) against the list
                marks = ", ".join("?" * len(todo))
                found = dict(
                    self.conn.execute(
                        "SELECT rowid, snippet(postings_fts, 2, ?, ?, '…', ?) FROM postings_fts"
                        " WHERE postings_fts MATCH ? AND rowid >= ? AND rowid <= ?"
                        f" AND +rowid IN ({marks})",
                        [highlight[0], highlight[1], snippet_tokens, expr, min(todo), max(todo),
                         *todo],
                    ).fetchall()
                )  # fmt: skip
                snippets.update(found)
                if memo is not None:
                    memo.put_many({(*key, seq): text for seq, text in found.items()},
                                  weight=lambda text: len(text or "") // 8)  # fmt: skip
        for seq, row in rows.items():
            row["snippet"] = snippets.get(seq) or ""
            row.setdefault("score", 0.0)
        return rows

    def term_counts(self, terms: Sequence[str], *, memo: ReadMemo | None = None) -> dict[str, int]:
        """How many postings hold each of ``terms`` (indexed words, lower case); a word
        found in none is left out. Counting a common word reads its whole index entry
        (15 ms for "care" at 100k postings): ``memo`` keeps the counts."""
        wanted = list(dict.fromkeys(terms))
        held: dict[Hashable, Any] = {}
        if memo is not None:
            held = memo.known([("term", t) for t in wanted])
            wanted = [t for t in wanted if ("term", t) not in held]
        out: dict[str, int] = {}
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            out.update(
                self.conn.execute(
                    f"SELECT term, doc FROM postings_terms WHERE term IN ({marks})", chunk
                ).fetchall()
            )
        if memo is not None:
            memo.put_many({("term", t): out.get(t, 0) for t in wanted})
            out.update((k[1], n) for k, n in held.items() if n)  # type: ignore[index]
        return out

    def _text_scan(
        self,
        expr: str,
        *,
        where: str,
        params: Sequence[Any],
        score: bool,
        above: int | None = None,
        upto: int | None = None,
        limit: int = -1,
        only: str | None = None,
    ) -> list[tuple[int, float]]:
        """``(seq, -bm25 or 0)`` of postings matching ``expr`` and the filters, newest
        first, with ``above < seq <= upto``.

        FTS5 drives (CROSS JOIN fixes the order: probing FTS5 by rowid costs ~50 us a
        posting) and hands out rowids in descending order itself, so the scan stops
        after ``limit`` rows; the filters are read from ``postings_facets``. With
        ``only`` (a JSON list of the seqs that pass the filters, :meth:`_passing`), each
        match is looked up in that list instead, much faster when it is short.
        """
        w = ", ".join(str(x) for x in BM25_WEIGHTS)
        value = f"-bm25(postings_fts, {w})" if score else "0.0"
        bounds = ""
        args: list[Any] = [expr]
        if above is not None:
            bounds += " AND postings_fts.rowid > ?"
            args.append(above)
        if upto is not None:
            bounds += " AND postings_fts.rowid <= ?"
            args.append(upto)
        if only is not None:  # "+": test each match against the list, never probe FTS5
            bounds += " AND +postings_fts.rowid IN (SELECT value FROM json_each(?))"
            args.append(only)
        if where == "1":
            sql = (
                f"SELECT rowid, {value} FROM postings_fts WHERE postings_fts MATCH ?{bounds}"
                " ORDER BY rowid DESC LIMIT ?"
            )
        else:
            sql = (
                f"SELECT p.seq, {value} FROM postings_fts"
                " CROSS JOIN postings AS p INDEXED BY postings_facets"
                " ON p.seq = postings_fts.rowid"
                f" WHERE postings_fts MATCH ?{bounds} AND {where}"
                " ORDER BY postings_fts.rowid DESC LIMIT ?"
            )
            args.extend(params)
        return self.conn.execute(sql, [*args, limit]).fetchall()

    def _weighed_clauses(self, match: FtsQuery, *, memo: ReadMemo | None = None) -> list[int]:
        """The clauses worth weighing with BM25 (by number): all of them in a store of
        up to 50,000 postings; else those found in at most half of the newest 10,000."""
        top = _memo_get(memo, ("top",), lambda: self.conn.execute(
            "SELECT max(seq) FROM postings").fetchone()[0] or 0)  # fmt: skip
        every = list(range(len(match.clauses)))
        if top <= _UBIQUITY_MIN_ROWS:
            return every
        kept = []
        for i in every:
            clause = match.clause_expr(i)
            hits = _memo_get(memo, ("newest-hits", clause, top),
                             partial(self._newest_hits, clause, top))  # fmt: skip
            if 2 * hits <= _UBIQUITY_SAMPLE:
                kept.append(i)
        return kept

    def _newest_hits(self, clause: str, top: int) -> int:
        """How many of the newest :data:`_UBIQUITY_SAMPLE` postings below ``top`` match."""
        return int(self.conn.execute(
            "SELECT count(*) FROM postings_fts WHERE postings_fts MATCH ? AND rowid > ?",
            (clause, top - _UBIQUITY_SAMPLE),
        ).fetchone()[0])  # fmt: skip

    def _newest(
        self, filters: PostingFilters, *, limit: int, offset: int, count_cap: int
    ) -> SearchRows:
        """Filters only: newest first (undated last), counted up to ``count_cap``."""
        cols = ", ".join(f"p.{c}" for c in _SUMMARY_COLUMNS)
        cols += ", " + _CURRENCY_COLUMN.format(p="p.")
        where, params = _where(filters)
        rows = self._rows(
            f"SELECT {cols}, 0.0 AS score, substr(p.description_text, 1, 240) AS snippet"
            f" FROM postings AS p WHERE {where}"
            " ORDER BY p.date_posted DESC, p.seq DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if filters.credential is not None:
            total = self._count_by_credential(filters, cap=count_cap)
        else:
            total = self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM postings AS p WHERE {where} LIMIT ?)",
                [*params, count_cap + 1],
            ).fetchone()[0]
        capped = total > count_cap
        return SearchRows(rows, min(int(total), count_cap), total_is_lower_bound=capped)

    def _count_by_credential(self, f: PostingFilters, *, cap: int) -> int:
        """Count (up to ``cap + 1``) postings accepting ``f.credential`` from
        ``posting_credentials`` alone (it carries every filter column but company),
        instead of probing each posting."""
        assert f.credential is not None
        rest = replace(f, credential=None)
        where, params, needs_postings = _match_where(rest)
        join = " JOIN postings AS p ON p.seq = pc.posting_seq" if needs_postings else ""
        since = f.posted_since.isoformat() if f.posted_since else ""
        row = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM posting_credentials AS pc{join}"
            f" WHERE pc.code = ? AND pc.date_posted >= ? AND {where} LIMIT ?)",
            [f.credential, since, *params, cap + 1],
        ).fetchone()
        return int(row[0])

    def postings_to_reclassify(self, *, after_seq: int, limit: int) -> list[dict[str, Any]]:
        """What running the pipeline again needs of the postings after ``after_seq`` (in
        ``seq`` order), with their current answers (``otpath reclassify``)."""
        return self._rows(
            "SELECT seq, id, title, company, location, url, site, source_id, date_posted, valid_through,"
            " description_html, description_text, raw, role, family, remote, credentials, years_min"
            " FROM postings WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )

    def get_posting(self, posting_id: str) -> dict[str, Any] | None:
        """Every stored column of one posting plus ``sources`` (its cluster's sources).

        ``posting_id`` may also be the content key of a copy folded into a cluster, or
        an unambiguous prefix of at least 8 characters of a posting id.
        """
        rows = self._rows("SELECT * FROM postings WHERE id = ?", (posting_id,))
        if not rows:
            cluster = self.conn.execute(
                "SELECT p.id FROM identity_keys AS k JOIN postings AS p ON p.seq = k.posting_seq"
                " WHERE k.key_hash = ?",
                (key_hash("content:" + posting_id),),
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
            " WHERE posting_seq = (SELECT seq FROM postings WHERE id = ?) ORDER BY id",
            (cluster_id,),
        )

    def match_candidates(
        self,
        codes: Sequence[str],
        filters: PostingFilters,
        *,
        match: FtsQuery | str | None = None,
        limit: int = 3000,
        scan_limit: int = SCAN_LIMIT,
        keys_only: bool = False,
        memo: ReadMemo | None = None,
    ) -> list[dict[str, Any]]:
        """The facts a verdict needs for non-clinical postings that accept one of
        ``codes`` or name no credential; newest first, at most ``limit``. With
        ``keys_only``, only ``seq``, ``date_posted`` and ``role`` of the same postings
        (:meth:`match_keys` gives them as tuples): a caller that judged most of them
        before reads the facts of the others only (:meth:`candidate_facts`).

        Each code walks the ``posting_credentials`` primary key in date order and
        reads the facts stored beside it (``seq``, ``date_posted``, ``family``,
        ``role``, ``remote``, years, pay, certifications), so this stays fast however
        many postings are stored. Fetch what to display with :meth:`posting_summaries`.

        With ``match`` text found in more than :data:`_FEW_MATCHES` postings, the
        newest postings containing it are walked instead (newest by ``seq``, i.e. by
        when they were stored; at most ``scan_limit`` of them), and the ``limit``
        first that qualify are returned, newest by date first.

        With text, when at most :data:`_QUALIFYING_MAX` postings pass the filters (the
        therapy families' postings are few among all jobs), those are read first and
        the text's matches are only tested against them, with the same answer;
        ``memo`` keeps them (and then serves a search without text from them too), and
        what depends on the text alone, for other queries.
        """
        if keys_only:
            return [
                {"seq": seq, "date_posted": day, "role": role}
                for seq, day, role, _ in self.match_keys(
                    codes, filters, match=match, limit=limit, scan_limit=scan_limit, memo=memo
                )
            ]  # fmt: skip
        return self._match(codes, filters, match, limit, scan_limit, memo, facts=True)

    def match_keys(
        self,
        codes: Sequence[str],
        filters: PostingFilters,
        *,
        match: FtsQuery | str | None = None,
        limit: int = 3000,
        scan_limit: int = SCAN_LIMIT,
        memo: ReadMemo | None = None,
    ) -> list[tuple[int, str, str | None, str]]:
        """``(seq, date_posted, role, family)`` of :meth:`match_candidates`' postings, in
        its order."""
        return self._match(codes, filters, match, limit, scan_limit, memo, facts=False)

    def _match(
        self,
        codes: Sequence[str],
        filters: PostingFilters,
        match: FtsQuery | str | None,
        limit: int,
        scan_limit: int,
        memo: ReadMemo | None,
        *,
        facts: bool,
    ) -> Any:
        """:meth:`match_candidates` (``facts``: dicts of the facts) or :meth:`match_keys`."""
        if isinstance(match, FtsQuery):
            match = match.expr()
        where, params, needs_postings = _match_where(filters)
        all_codes = list(dict.fromkeys([*codes, NO_CREDENTIAL]))
        join = " JOIN postings AS p ON p.seq = pc.posting_seq" if needs_postings else ""
        since = filters.posted_since.isoformat() if filters.posted_since else ""
        relevant = {"clinical", "unrelated"} <= set(filters.exclude_families) and self._has_index(
            "posting_credentials_relevant"
        )
        probe = floor = None
        if match is not None:
            text = match
            probe = _memo_get(memo, ("probe", text, _FEW_MATCHES), lambda: self.conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM postings_fts"
                " WHERE postings_fts MATCH ? LIMIT ?)",
                (text, _FEW_MATCHES),
            ).fetchone()[0])  # fmt: skip
            if probe >= _FEW_MATCHES:
                floor = _memo_get(memo, ("floor", text, scan_limit),
                                  lambda: self._text_floor(text, scan_limit)) or 0  # fmt: skip
        if match is not None or memo is not None:
            qualifying = _memo_get(
                memo, ("qualifying", tuple(all_codes), filters, relevant),
                lambda: self._qualifying(all_codes, where, params, join, since, relevant),
                weight=lambda q: 0 if q is None else 12 * len(q),
            )  # fmt: skip
            if qualifying is not None:
                if match is None:  # the newest by date: what the walk below finds
                    found = sorted(qualifying, key=lambda q: (q[1], q[0]), reverse=True)
                    keys = [(seq, day, role, family) for seq, day, role, family, _ in found[:limit]]
                else:
                    keys = self._qualifying_matches(
                        qualifying, match, floor=floor, limit=limit, per_posting=len(all_codes)
                    )
                if not facts:
                    return keys
                rows = self.candidate_facts([k[0] for k in keys])
                return [rows[k[0]] for k in keys]
        columns = _FACTS if facts else _KEYS
        if match is not None and floor is not None:  # many matches: walk them
            found_rows = self._match_candidates_by_text(
                all_codes, match, facts=columns, join=join, where=where, params=params,
                since=since, limit=limit, scan_limit=scan_limit,
            )  # fmt: skip
            return found_rows if facts else [(r["seq"], r["date_posted"], r["role"], r["family"])
                                             for r in found_rows]  # fmt: skip
        if match is not None:  # few matches: collect their rowids once
            where += (
                " AND pc.posting_seq IN (SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?)"
            )
            params = [*params, match]
        walk = ""
        if relevant:
            # the partial index of those families' rows (migration 7): its WHERE, word for word
            walk = " INDEXED BY posting_credentials_relevant"
            where += " AND pc.family NOT IN ('clinical', 'unrelated')"
        arm = (
            f"SELECT * FROM (SELECT {columns} FROM posting_credentials AS pc{walk}{join}"
            f" WHERE pc.code = ? AND pc.clinical = 0 AND pc.date_posted >= ? AND {where}"
            " ORDER BY pc.date_posted DESC, pc.posting_seq DESC LIMIT ?)"
        )
        # One walk per code, merged (and a posting under two codes folded) by SQLite.
        sql = " UNION ".join([arm] * len(all_codes)) + " ORDER BY 2 DESC, 1 DESC LIMIT ?"
        args: list[Any] = []
        for code in all_codes:
            args += [code, since, *params, limit]
        if not facts:
            return self.conn.execute(sql, [*args, limit]).fetchall()
        return self._rows(sql, [*args, limit], share_json=True)

    def _qualifying(
        self, codes: list[str], where: str, params: Sequence[Any], join: str, since: str,
        relevant: bool,
    ) -> tuple[tuple[int, str, str | None, str, int], ...] | None:
        """``(seq, date_posted, role, family, rows)`` of every posting :meth:`match_candidates`
        would consider but for its text (``rows``: how many of its ``posting_credentials``
        rows name one of ``codes``), newest by seq first; ``None`` when more than
        :data:`_QUALIFYING_MAX` do."""
        walk = ""
        if relevant:
            walk = " INDEXED BY posting_credentials_relevant"
            where += " AND pc.family NOT IN ('clinical', 'unrelated')"
        marks = ", ".join("?" * len(codes))
        rows = self.conn.execute(
            f"SELECT pc.posting_seq, pc.date_posted, pc.role, pc.family, count(*)"
            f" FROM posting_credentials AS pc{walk}{join}"
            f" WHERE pc.code IN ({marks}) AND pc.clinical = 0 AND pc.date_posted >= ? AND {where}"
            " GROUP BY pc.posting_seq ORDER BY pc.posting_seq DESC LIMIT ?",
            [*codes, since, *params, _QUALIFYING_MAX + 1],
        ).fetchall()
        if len(rows) > _QUALIFYING_MAX:
            return None
        return tuple(rows)

    def _qualifying_matches(
        self,
        qualifying: Sequence[tuple[int, str, str | None, str, int]],
        match: str,
        *,
        floor: int | None,
        limit: int,
        per_posting: int,
    ) -> list[tuple[int, str, str | None, str]]:
        """``(seq, date_posted, role, family)`` of the ``qualifying`` postings that match the text,
        as :meth:`match_candidates` picks them: with a ``floor`` (many matches), the
        postings of the newest ``limit * per_posting`` qualifying credential rows above
        it; else all of them; then the newest ``limit`` by date."""
        if not qualifying:
            return []
        # FTS5 walks its matches (the "+" keeps SQLite from probing it posting by posting)
        # and each is looked up among the qualifying ones
        matched = {
            seq for (seq,) in self.conn.execute(
                "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ? AND rowid > ?"
                " AND +rowid IN (SELECT value FROM json_each(?))",
                (match, floor or 0, json.dumps([q[0] for q in qualifying])),
            )
        }  # fmt: skip
        found = [q for q in qualifying if q[0] in matched]  # newest by seq first
        if floor is not None:  # the walk by text keeps the newest credential rows only
            room, kept = limit * per_posting, []
            for q in found:
                if room <= 0:
                    break
                kept.append(q)
                room -= q[4]
            found = kept[:limit]
        found.sort(key=lambda q: (q[1], q[0]), reverse=True)  # no date is NULL: ">= since"
        return [(seq, day, role, family) for seq, day, role, family, _ in found[:limit]]

    def candidate_facts(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """What :meth:`match_candidates` reads for a verdict, for the postings ``seqs``
        (any family), by seq."""
        out: dict[int, dict[str, Any]] = {}
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT {_FACTS} FROM posting_credentials AS pc"
                f" WHERE pc.posting_seq IN ({marks})",
                chunk,
                share_json=True,
            ):
                out.setdefault(row["seq"], row)
        return out

    def tier_facts(
        self, seqs: Sequence[int]
    ) -> list[tuple[int, str, str | None, str, float | None, int | None, str | None]]:
        """``(seq, family, role, credentials JSON, years_min, internal_only,
        valid_through)`` of the postings ``seqs``: what decides whether a profile cannot
        apply (see :meth:`candidate_facts` for the whole verdict)."""
        out: list[tuple[int, str, str | None, str, float | None, int | None, str | None]] = []
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            out += self.conn.execute(
                f"SELECT seq, family, role, credentials, years_min,"
                f" json_extract(requirements, '$.internal_only'), valid_through FROM postings"
                f" WHERE seq IN ({marks})",
                chunk,
            ).fetchall()
        return out

    def _match_candidates_by_text(
        self,
        codes: list[str],
        match: str,
        *,
        facts: str,
        join: str,
        where: str,
        params: Sequence[Any],
        since: str,
        limit: int,
        scan_limit: int,
    ) -> list[dict[str, Any]]:
        row = self.conn.execute(
            "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (match, scan_limit),
        ).fetchone()
        floor = row[0] if row else 0
        marks = ", ".join("?" * len(codes))
        # CROSS JOIN: FTS5 drives, newest first, and stops after enough rows.
        rows = self._rows(
            f"SELECT {facts} FROM postings_fts"
            " CROSS JOIN posting_credentials AS pc INDEXED BY posting_credentials_posting"
            f" ON pc.posting_seq = postings_fts.rowid{join}"
            " WHERE postings_fts MATCH ? AND postings_fts.rowid > ?"
            f" AND pc.code IN ({marks}) AND pc.clinical = 0 AND pc.date_posted >= ?"
            f" AND {where} ORDER BY postings_fts.rowid DESC LIMIT ?",
            [match, floor, *codes, since, *params, limit * len(codes)],
            share_json=True,
        )
        seen: set[int] = set()
        out = []
        for r in rows:  # a posting accepting two of the codes comes twice
            if r["seq"] not in seen:
                seen.add(r["seq"])
                out.append(r)
        del out[limit:]
        out.sort(key=lambda r: (r["date_posted"], r["seq"]), reverse=True)
        return out

    def posting_summaries(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Display columns (title, company, pay...) of the postings ``seqs``, by seq."""
        out: dict[int, dict[str, Any]] = {}
        cols = ", ".join(_SUMMARY_COLUMNS) + ", " + _CURRENCY_COLUMN.format(p="")
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(f"SELECT {cols} FROM postings WHERE seq IN ({marks})", chunk):
                out[row["seq"]] = row
        return out

    def match_details(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """What a whole-profile verdict reads beyond :meth:`match_candidates`' facts, by seq:
        ``settings`` and the sentences that named them, with the ones that show patient
        contact and the years asked (``setting_sentences``, JSON texts),
        ``employment_type``, ``nights_weekends``, ``pay_currency``, the yearly pay, the
        ``location`` and ``title_only`` (no description was imported).

        Only these parts of each requirements record are read (SQLite's JSON functions
        pick them), so judging thousands of candidates stays cheap."""
        out: dict[int, dict[str, Any]] = {}
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(
                "SELECT seq, json_extract(requirements, '$.settings') AS settings,"
                " CASE WHEN json_array_length(requirements, '$.settings') > 0"
                " OR json_type(requirements, '$.sentences.patient_contact') IS NOT NULL"
                " OR json_type(requirements, '$.sentences.years') IS NOT NULL THEN"
                " (SELECT json_group_object(key, CASE WHEN type = 'array' THEN substr("
                "  description_text, json_extract(value, '$[0]') + 1, json_extract(value, '$[1]'))"
                "  ELSE value END) FROM json_each(requirements, '$.sentences')"
                "  WHERE key LIKE 'setting:%' OR key IN ('patient_contact', 'years')) END AS setting_sentences,"
                " json_extract(requirements, '$.employment_type') AS employment_type,"
                " json_extract(requirements, '$.nights_weekends') AS nights_weekends,"
                " json_extract(requirements, '$.internal_only') AS internal_only,"
                " json_extract(requirements, '$.nhs_band') AS nhs_band,"
                " json_type(requirements, '$.sentences.\"nhs_band:pay_scale\"') IS NOT NULL AS band_from_pay,"
                " json_extract(requirements, '$.band_experience') AS band_experience,"
                " json_extract(requirements, '$.senior_title') AS senior_title,"
                " json_extract(requirements, '$.pay.currency') AS pay_currency,"
                " coalesce(description_text, '') = '' AS title_only,"
                f" pay_annual_min, pay_annual_max, location, valid_through FROM postings WHERE seq IN ({marks})",
                chunk,
            ):
                out[row["seq"]] = row
        return out

    def role_credential_counts(self) -> dict[str, tuple[int, dict[str, int], int]]:
        """For each role: how many stored postings it has, how many of them accept
        each credential code, and how many name no credential at all. Sample
        postings are left out: they are not evidence."""
        totals = self.conn.execute(
            "SELECT role, count(*) FROM postings WHERE role IS NOT NULL AND sample = 0"
            " AND family NOT IN ('clinical', 'unrelated') GROUP BY role"
        ).fetchall()
        counts: dict[str, tuple[int, dict[str, int]]] = {r: (int(n), {}) for r, n in totals}
        for role, code, n in self.conn.execute(
            "SELECT role, code, count(*) FROM posting_credentials"
            " WHERE role IS NOT NULL AND sample = 0 AND clinical = 0"
            " AND family != 'unrelated' GROUP BY role, code",
        ):
            if role in counts:
                counts[role][1][code] = int(n)
        return {
            role: (total, {c: n for c, n in by_code.items() if c != NO_CREDENTIAL}, by_code.get(NO_CREDENTIAL, 0))
            for role, (total, by_code) in counts.items()
        }
