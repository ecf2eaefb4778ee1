from ._app import app  # noqa: F401  (web commands: serve)
