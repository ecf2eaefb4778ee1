"""The :class:`Store`: one SQLite file holding every ingested posting.

    >>> with Store.memory() as store:
    ...     store.count_postings()
    0

Opening a store creates its parent folder, turns on WAL, foreign keys and
``synchronous=NORMAL`` and applies any pending migration. The connection is in
autocommit mode; writes that belong together go inside
:meth:`Store.transaction` (``BEGIN IMMEDIATE`` ... ``COMMIT``, ``ROLLBACK`` on
any exception), so the file is never left half-written.

A store that cannot be written (a read-only file, folder or disk) is opened
read-only instead, when its schema is current: searching works, and the first
write raises :class:`~otpath.errors.StoreReadOnlyError`. A write that fails for
lack of space -- at any statement, ``COMMIT`` included -- is rolled back and
raises :class:`~otpath.errors.StoreFullError`; both say what to do.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ..errors import SearchTimeoutError, StoreError, StoreFullError, StoreReadOnlyError
from .applications import ApplicationRows
from .insights import InsightRows
from .migrations import MIGRATIONS, PAGE_SIZE, applied, migrate
from .reads import PostingReads
from .writes import PostingWrites

__all__ = ["Store", "write_error"]

_KEPT = "nothing of the failed batch was kept, and what was committed before is not added twice"
_AGAIN = f"fix the cause and run the same command again: {_KEPT}"


def _name(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def write_error(exc: sqlite3.Error, path: Path | None) -> StoreError:
    """The :class:`StoreError` for a failed write, named for its cause.

    A full disk (``SQLITE_FULL``, or an I/O error: a file-size limit or a disk that
    filled during the write), a read-only store, a store locked by another writer,
    or anything else; each with what to do.
    """
    where = path or "the store"
    name = _name(exc)
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return StoreFullError(
            f"cannot write to {where}: the disk is full or a file-size limit was reached ({exc})",
            hint=f"free some disk space, then run the same command again: {_KEPT}",
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in str(exc):
        return StoreReadOnlyError(
            f"the store {where} is read-only ({exc})",
            hint="make the file and its folder writable, or pass --db with another store;"
            " searching a read-only store works",
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(
            f"the store {where} is busy: another otpath is writing to it ({exc})",
            hint="wait for it to finish, then run the same command again",
        )
    return StoreError(f"store write failed and was rolled back: {exc}", hint=_AGAIN)


class _NotWritable(Exception):
    """Opening found the store unwritable: open it read-only instead."""

    def __init__(self, cause: sqlite3.Error) -> None:
        super().__init__(str(cause))
        self.cause = cause


def applied_read_only(conn: sqlite3.Connection) -> list[int]:
    """The migration ids recorded in ``conn`` without creating anything (read-only)."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone():
        return []
    return [r[0] for r in conn.execute("SELECT id FROM migrations ORDER BY id")]


class Store(PostingWrites, PostingReads, ApplicationRows, InsightRows):
    """A connection to an otpath store. Use :meth:`open` or :meth:`memory`."""

    def __init__(
        self, conn: sqlite3.Connection, *, path: Path | None = None, read_only: bool = False
    ) -> None:
        self.conn = conn
        self.path = path
        #: opened read-only because the store could not be written (see the module doc)
        self.read_only = read_only

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, timeout: float = 30.0, cache_mib: int = 64) -> Store:
        """Open (creating if needed) the store at ``path`` and migrate it.

        ``cache_mib`` is SQLite's page cache for this connection.
        """
        p = Path(path)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for the store {p}: {exc.strerror}",
                hint="pass --db with a writable path or set OTPATH_DB",
            ) from None
        try:
            conn = sqlite3.connect(
                p, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            if p.exists():
                return cls._open_read_only(p, timeout=timeout, cache_mib=cache_mib, cause=exc)
            raise StoreError(f"cannot open the store {p}: {exc}") from None
        store = cls(conn, path=p)
        try:
            store._configure(wal=True, cache_mib=cache_mib)
        except _NotWritable as exc:
            return cls._open_read_only(p, timeout=timeout, cache_mib=cache_mib, cause=exc.cause)
        return store

    @classmethod
    def _open_read_only(
        cls, p: Path, *, timeout: float, cache_mib: int, cause: sqlite3.Error
    ) -> Store:
        """The store at ``p`` opened for reading only (a read-only file, folder or disk)."""
        conn = None
        # mode=ro reads a WAL store when its -shm can be made or read; immutable=1 when
        # not even that (a read-only folder): then nothing may change the file, as nothing can.
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(
                    f"{p.resolve().as_uri()}?{query}", uri=True, timeout=timeout,
                    isolation_level=None, check_same_thread=False,
                )  # fmt: skip
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                break
            except sqlite3.Error:
                if conn is not None:
                    conn.close()
                conn = None
        if conn is None:
            raise StoreError(
                f"cannot open the store {p}: {cause}",
                hint="check that the file and its folder can be read (and written, to ingest)",
            ) from None
        try:
            current = set(applied_read_only(conn)) >= {m.id for m in MIGRATIONS}
            if current:
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute(f"PRAGMA cache_size={-int(cache_mib) * 1024}")
                conn.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{p} is not a usable otpath store ({exc})",
                hint="pass --db with another path, or move the file away",
            ) from None
        if not current:
            conn.close()
            raise StoreReadOnlyError(
                f"the store {p} is read-only ({cause}) and needs an upgrade to this otpath",
                hint="make the file and its folder writable once, then run the command again",
            )
        return cls(conn, path=p, read_only=True)

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory store (tests, ``classify``)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(conn)
        store._configure(wal=False)
        return store

    def _configure(self, *, wal: bool, cache_mib: int = 64) -> None:
        try:
            if self.conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                # A new store: larger pages pack its 2-5 KB posting rows (migration 8).
                self.conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
            if wal:
                mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"cannot switch the store {self.path} to WAL (got {mode})")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA cache_size={-int(cache_mib) * 1024}")
            # A migration may sort millions of rows: let SQLite spill that to disk.
            migrate(self.conn)
            self.conn.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            name = _name(exc)
            if self.path is not None and (
                name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))
                or "readonly database" in str(exc)
            ):
                raise _NotWritable(exc) from None
            if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
                raise write_error(exc, self.path) from None
            where = self.path or ":memory:"
            raise StoreError(
                f"{where} is not a usable otpath store ({exc})",
                hint="pass --db with another path, or move the file away",
            ) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions and housekeeping ---------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; ``ROLLBACK`` and re-raise on any exception.

        SQLite errors inside become :class:`StoreError`.
        """
        if self.conn.in_transaction:
            raise StoreError("a store transaction is already open")
        if self.read_only:
            raise write_error(sqlite3.OperationalError("attempt to write a readonly database"),
                              self.path)  # fmt: skip
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_error(exc, self.path) from None
        try:
            yield self
            # Inside the try: with WAL, a full disk often shows only at COMMIT.
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise write_error(exc, self.path) from exc
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def bulk_writes(self, *, cache_mib: int = 16) -> Iterator[Store]:
        """Connection settings for a long ingest, restored afterwards.

        A smaller page cache: ingest writes gained nothing from 64 MiB over 16 MiB
        (their B-tree inserts land all over indexes far larger than either), and the
        memory is better left to the worker processes running the pipeline.
        """
        old = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size={-int(cache_mib) * 1024}")
        try:
            yield self
        finally:
            self.conn.execute(f"PRAGMA cache_size={int(old)}")

    #: SQLite virtual-machine steps between two looks at the clock during a budget.
    BUDGET_STEPS = 4000

    @contextmanager
    def time_budget(self, seconds: float | None) -> Iterator[Store]:
        """Stop any query that runs past ``seconds`` from now (``None`` or 0: no limit).

        SQLite calls back every :data:`BUDGET_STEPS` steps; past the deadline the
        running statement is interrupted and :class:`SearchTimeoutError` raised. An
        interrupt from another thread (:meth:`interrupt`, at server shutdown) ends
        the same way. Only reads should run inside: an interrupted write rolls back.
        """
        if not seconds:
            yield self
            return
        deadline = time.monotonic() + seconds
        self.conn.set_progress_handler(lambda: time.monotonic() > deadline, self.BUDGET_STEPS)
        try:
            yield self
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise SearchTimeoutError(
                    f"the search took longer than {seconds:g} s and was stopped",
                    seconds=seconds,
                    hint="use more specific words (fewer common ones), or add a filter",
                ) from None
            raise SearchTimeoutError(
                "the search was stopped (the server is shutting down)", seconds=seconds,
                hint="try again when otpath is running",
            ) from None
        finally:
            self.conn.set_progress_handler(None, 0)

    def interrupt(self) -> None:
        """Stop whatever this connection is running (safe from any thread)."""
        self.conn.interrupt()

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (disk full, I/O error), and a
        # ROLLBACK can fail too after an I/O error: the transaction is gone either way.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes whenever *another* connection commits.

        A connection that only reads can poll this to learn, cheaply, that what it
        read before may be stale (the web app's caches do).
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def schema_version(self) -> int:
        """The id of the last migration applied."""
        ids = applied(self.conn)
        return ids[-1] if ids else 0

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` plus the FTS5 index check; ``["ok"]`` when healthy."""
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        try:
            self.conn.execute(
                "INSERT INTO postings_fts(postings_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            rows.append(f"postings_fts: {exc}")
        return rows

    def optimize(self) -> None:
        """Merge FTS segments and refresh the planner's statistics."""
        self.conn.execute("INSERT INTO postings_fts(postings_fts) VALUES ('optimize')")
        self.conn.execute("PRAGMA optimize")
