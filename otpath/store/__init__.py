"""The SQLite store: the only place in otpath that holds SQL.

>>> from otpath.store import Store
>>> with Store.memory() as store:
...     store.schema_version() >= 1
True
"""

from .db import Store
from .fts import quote_fts
from .migrations import MIGRATIONS, Migration, migrate
from .reads import BM25_WEIGHTS, PostingFilters, SearchRows
from .writes import NO_CREDENTIAL, ClusterSignature, SourceRef, posting_row

__all__ = [
    "BM25_WEIGHTS",
    "MIGRATIONS",
    "NO_CREDENTIAL",
    "ClusterSignature",
    "Migration",
    "PostingFilters",
    "SearchRows",
    "SourceRef",
    "Store",
    "migrate",
    "posting_row",
    "quote_fts",
]
