"""App factory for ``bench_web.py --server uvicorn`` (store and profile from the environment)."""

from __future__ import annotations

import os


def app_factory():  # noqa: ANN201
    from otpath.web.app import create_app

    return create_app(db_path=os.environ["OTPATH_DB"], profile_path=os.environ["OTPATH_PROFILE"])
