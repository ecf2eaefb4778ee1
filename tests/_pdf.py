"""Reading a PDF's text back in tests (pypdf, from the test extra)."""

from __future__ import annotations

import io


def pdf_text(data: bytes) -> str:
    """The text of a PDF with whitespace made single spaces (lines wrap anywhere)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def require_weasyprint() -> None:
    """Skip, saying what to install, when WeasyPrint or its system libraries are missing."""
    import pytest

    try:
        import weasyprint  # noqa: F401
    except ImportError:
        pytest.skip("WeasyPrint is not installed: pip install 'otpath[pdf]'")
    except OSError as exc:  # the package is there, Pango is not
        pytest.skip(
            f"WeasyPrint cannot load Pango ({exc}):"
            " apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
        )
