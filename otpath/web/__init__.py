"""otpath's web app and JSON API (an optional extra: ``pip install 'otpath[web]'``).

    >>> from otpath.web import create_app  # doctest: +SKIP
    >>> app = create_app(db_path="otpath.db")  # doctest: +SKIP

See :mod:`otpath.web.app` for the security choices and ``docs/web.md`` for
the pages and API endpoints.
"""

from .app import create_app

__all__ = ["create_app"]
