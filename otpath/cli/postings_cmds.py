from ._app import app  # noqa: F401  (postings commands: ingest, search, jobs, classify, eval, fetch)
