"""The sample postings that ship with otpath: load them to try the app, remove them after.

The samples (``otpath/data/sample_postings.jsonl``) are made up by the otpath authors
and stored with ``sample = 1``, so every page marks them and :func:`remove_samples`
can take exactly them out again::

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     loaded = load_samples(store, workers=1).new
    ...     removed = remove_samples(store)
    ...     loaded == removed > 0, store.count_postings()
    (True, 0)

Removing them forgets that the sample file was imported, so :func:`load_samples`
(``otpath samples load``, ``otpath serve --load-sample``) can bring them back.
Applications a person tracked from a sample posting keep their copy.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .ingest import IngestReport, ingest_paths
from .store import Store

__all__ = ["SAMPLE_POSTINGS", "load_samples", "refresh_samples", "remove_samples"]

#: The bundled sample postings (JSONL, every record marked ``"sample": true``).
SAMPLE_POSTINGS = Path(__file__).resolve().parent / "data" / "sample_postings.jsonl"


def load_samples(store: Store, *, workers: int | None = None) -> IngestReport:
    """Import the bundled sample postings, marked as sample data."""
    return ingest_paths(store, [SAMPLE_POSTINGS], sample=True, workers=workers)


def remove_samples(store: Store) -> int:
    """Delete every sample posting from ``store``; returns how many were removed."""
    digest = hashlib.sha256(SAMPLE_POSTINGS.read_bytes()).hexdigest()
    with store.transaction():
        removed = store.delete_sample_postings()
        store.forget_ingested_file(digest)
    return removed


def refresh_samples(store: Store) -> IngestReport | None:
    """Replace the sample postings of a store that holds nothing else with the ones this
    otpath ships, when those changed since they were loaded (a fixed currency, a new
    posting). A store with any posting of the user's own is left as it is. Returns the
    new load's report, or ``None`` when nothing was replaced.
    """
    samples = store.count_postings(sample=True)
    if not samples or store.count_postings() != samples:
        return None
    if store.file_completed(hashlib.sha256(SAMPLE_POSTINGS.read_bytes()).hexdigest()):
        return None
    remove_samples(store)
    return load_samples(store)
