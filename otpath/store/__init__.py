"""The SQLite store: the only place in otpath that holds SQL.

>>> from otpath.store import Store
>>> with Store.memory() as store:
...     store.schema_version() >= 1
True
"""

from .db import Store
from .fts import FtsQuery, fts_phrase, quote_fts
from .migrations import MIGRATIONS, Migration, migrate
from .reads import BM25_WEIGHTS, Candidates, PostingFilters, SearchRows, as_fts_query
from .writes import (
    NO_CREDENTIAL,
    BandMatch,
    ClusterSignature,
    NewPosting,
    SourceRef,
    band_key,
    new_posting,
    posting_row,
    signature_blob,
    signature_similarity,
    signature_values,
)

__all__ = [
    "BM25_WEIGHTS",
    "MIGRATIONS",
    "NO_CREDENTIAL",
    "BandMatch",
    "Candidates",
    "ClusterSignature",
    "FtsQuery",
    "Migration",
    "NewPosting",
    "PostingFilters",
    "SearchRows",
    "SourceRef",
    "Store",
    "as_fts_query",
    "band_key",
    "fts_phrase",
    "migrate",
    "new_posting",
    "posting_row",
    "quote_fts",
    "signature_blob",
    "signature_similarity",
    "signature_values",
]
