"""The ``otpath`` command line: parses options, calls the library, formats results.

Every command is registered with :func:`otpath.cli._app.command`, which turns
library errors (:class:`otpath.errors.OtpathError`) into ``Error: ...`` on
stderr and exit code 2, with no traceback.
"""

from __future__ import annotations

# Each module registers its commands on `app`; all heavy imports live inside commands.
from . import catalog_cmds as _catalog_cmds  # noqa: E402,F401
from . import market_cmds as _market_cmds  # noqa: E402,F401
from . import postings_cmds as _postings_cmds  # noqa: E402,F401
from . import report_cmds as _report_cmds  # noqa: E402,F401
from . import samples_cmds as _samples_cmds  # noqa: E402,F401
from . import store_cmds as _store_cmds  # noqa: E402,F401
from . import tracker_cmds as _tracker_cmds  # noqa: E402,F401
from . import web_cmds as _web_cmds  # noqa: E402,F401
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
