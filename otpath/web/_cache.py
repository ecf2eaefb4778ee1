"""What the web app keeps between requests: pooled store connections and an LRU of results.

A person moves back and forth between the same few pages, and a page costs from
5 ms (render 20 KB of HTML) to over 100 ms (a full-text search over 100,000
postings, or judging 500 postings against a profile) to compute, but microseconds
to copy from memory. So the app keeps, per process:

* a small **pool of connections** to the store, opened (and migration-checked)
  once instead of on every request, and at most ``pool_size`` at a time, so that
  fifty clients cannot make fifty queries fight over two cores;
* one **LRU cache**, bounded in bytes, holding finished pages and the results of the
  expensive reads behind them. Only one thread computes a missing value; others
  asking for the same key meanwhile wait for it rather than repeat the work (a
  burst of identical requests costs one computation, not fifty).

    >>> cache = LruCache(max_bytes=100)
    >>> cache.put(("page", "/a"), b"x" * 60, size=60)
    >>> cache.put(("page", "/b"), b"y" * 60, size=60)   # evicts /a: 120 > 100
    >>> cache.get(("page", "/a")) is None, cache.get(("page", "/b")) == b"y" * 60
    (True, True)

**Invalidation** rests on two cheap checks, made on every request, that go into
every key:

* the store's **generation**: one watching connection polls SQLite's
  ``PRAGMA data_version``, which changes whenever any other connection commits -
  an import through this app, or ``otpath ingest`` running in a terminal. Each
  change starts a new generation, so nothing read before it is served after it.
* the saved profile's **signature**: the file's inode, size and modification time
  (``None`` when there is no profile), so saving the quiz, or editing the file by
  hand, changes every page that depends on it.

A process that cannot see a change (a store on a network file system whose locks
lie) would serve stale pages: ``cache_mb=0`` turns all of this off. Pages that
carry a person's CSRF token are never cached.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..store import Store
from ..store.reads import ReadMemo

__all__ = ["LruCache", "WebCache", "profile_signature"]

T = TypeVar("T")

ProfileSignature = tuple[int, int, int] | None


def profile_signature(path: Path) -> ProfileSignature:
    """``(inode, size, mtime_ns)`` of the profile file, or ``None`` when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class LruCache:
    """A thread-safe least-recently-used map whose entries' sizes add up to at most ``max_bytes``.

    Sizes are what the caller says an entry weighs (exact for page bodies, an
    estimate for Python objects). An entry larger than the whole budget is not kept.
    """

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: Any, *, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


class WebCache:
    """Pooled read connections to one store, its generation, and the app's LRU cache.

    ``max_bytes=0`` turns caching off: :meth:`memo` always computes and
    :attr:`enabled` is false (the connection pool stays, it is never stale).
    """

    #: SQLite page cache per pooled connection; the OS file cache is shared by all.
    CONNECTION_CACHE_MIB = 16
    #: How long a request waits for a connection, or for another thread's computation.
    WAIT_SECONDS = 60.0

    def __init__(self, db_path: Path, *, max_bytes: int, pool_size: int = 4) -> None:
        self.db_path = Path(db_path)
        self.enabled = max_bytes > 0
        self.lru = LruCache(max_bytes=max(0, max_bytes))
        self.pool_size = pool_size
        self._idle: list[Store] = []
        self._busy: set[Store] = set()  # lent out right now (interrupted on close)
        self._pool_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._inflight: dict[Hashable, threading.Event] = {}
        self._inflight_lock = threading.Lock()
        self._watch: Store | None = None
        self._watch_lock = threading.Lock()
        self._last_version: int | None = None
        self._generation = 0
        self._verdicts: OrderedDict[tuple[int, str, str], dict[int, Any]] = OrderedDict()
        self._verdicts_lock = threading.Lock()
        self._read_memo: tuple[int, ReadMemo] | None = None

    # -- connections ---------------------------------------------------------------------

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection from the pool (opened if none is idle), returned to it afterwards.

        Waits while ``pool_size`` connections are in use.
        """
        if not self._slots.acquire(timeout=self.WAIT_SECONDS):
            raise StoreError(
                f"the store {self.db_path} is busy: no connection came free in "
                f"{self.WAIT_SECONDS:.0f} s",
                hint="try again in a moment",
            )
        try:
            with self._pool_lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                store = Store.open(self.db_path, cache_mib=self.CONNECTION_CACHE_MIB)
            with self._pool_lock:
                self._busy.add(store)
            try:
                yield store
            except BaseException:
                store.close()  # it may be mid-transaction or broken: do not reuse it
                raise
            finally:
                with self._pool_lock:
                    self._busy.discard(store)
            if store.conn.in_transaction:
                store.close()
            else:
                with self._pool_lock:
                    self._idle.append(store)
        finally:
            self._slots.release()

    def generation(self) -> int:
        """A number that changes after every commit to the store, by anyone."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = Store.open(self.db_path, cache_mib=1)
            version = self._watch.data_version()
            if version != self._last_version:
                self._last_version = version
                self._generation += 1
            return self._generation

    #: Profiles whose posting verdicts are kept, and postings judged per profile.
    VERDICT_PROFILES = 2
    VERDICT_POSTINGS = 200_000

    def verdicts(self, profile_key: str, kind: str = "verdicts") -> dict[int, Any] | None:
        """The postings judged so far for one profile (``profile_key``: its JSON) in this
        store generation, by seq (see :func:`otpath.match.jobs_for_profile`); ``None``
        when caching is off. ``kind="tiers"``: their search tiers instead (see
        :func:`otpath.match.profile_ranker`).

        A verdict depends on the profile and the posting only, so each posting is
        judged once per profile rather than once per query. At most
        :attr:`VERDICT_PROFILES` profiles and :attr:`VERDICT_POSTINGS` postings each
        are kept (about 250 bytes a posting): a fuller map starts again empty.
        """
        if not self.enabled:
            return None
        key = (self.generation(), profile_key, kind)
        with self._verdicts_lock:
            memo = self._verdicts.get(key)
            if memo is None or len(memo) > self.VERDICT_POSTINGS:
                memo = self._verdicts[key] = {}
            self._verdicts.move_to_end(key)
            while len(self._verdicts) > 2 * self.VERDICT_PROFILES:  # a map of each kind
                self._verdicts.popitem(last=False)
            return memo

    #: What the store's read memo may hold (about one unit per number kept: ~16 MB).
    READ_MEMO_WEIGHT = 2_000_000

    def read_memo(self) -> ReadMemo | None:
        """Reads that searches of the store as it is now share (word counts, which
        titles match a clause, which postings pass a profile's filters...): one
        :class:`~otpath.store.reads.ReadMemo` per store generation; ``None`` when
        caching is off."""
        if not self.enabled:
            return None
        generation = self.generation()
        with self._verdicts_lock:
            if self._read_memo is None or self._read_memo[0] != generation:
                self._read_memo = (generation, ReadMemo(max_weight=self.READ_MEMO_WEIGHT))
            return self._read_memo[1]

    def close(self) -> None:
        """Close idle connections and interrupt the queries still running (the server
        is stopping: a long search must not keep the process alive)."""
        with self._pool_lock:
            idle, self._idle = self._idle, []
            for busy in self._busy:
                busy.interrupt()
        for store in idle:
            store.close()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        self.lru.clear()
        with self._verdicts_lock:
            self._verdicts.clear()
            self._read_memo = None

    # -- cached values -------------------------------------------------------------------

    def memo(
        self,
        key: Hashable,
        compute: Callable[[], T],
        *,
        size: Callable[[T], int],
        keep: Callable[[T], bool] | None = None,
    ) -> T:
        """``compute()``, or its value from the cache when ``key`` was seen before.

        ``key`` must include everything the value depends on (the generation, the
        profile). While one thread computes a key, others asking for it wait for
        that value; if it is not kept (``keep`` says no, or ``compute`` raised),
        each of them computes its own.
        """
        if not self.enabled:
            return compute()
        found = self.lru.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        with self._inflight_lock:
            running = self._inflight.get(key)
            if running is None:
                done = self._inflight[key] = threading.Event()
        if running is not None:
            running.wait(self.WAIT_SECONDS)
            found = self.lru.get(key)
            return found if found is not None else compute()  # type: ignore[no-any-return]
        try:
            value = compute()
            if value is not None and (keep is None or keep(value)):
                self.lru.put(key, value, size=size(value))
            return value
        finally:
            with self._inflight_lock:
                del self._inflight[key]
            done.set()

    def stats(self) -> dict[str, int]:
        return {
            "entries": len(self.lru),
            "bytes": self.lru.bytes,
            "max_bytes": self.lru.max_bytes,
            "hits": self.lru.hits,
            "misses": self.lru.misses,
            "generation": self._generation,
        }
