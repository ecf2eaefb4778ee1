"""A posting pasted into the web app: title, company, the text, and where it came from.

The pasted text is *text*: it is escaped and cut into paragraphs (a blank line)
and lines, so ``<script>`` in it shows as those characters, never as markup. It then
goes through the same pipeline and dedupe as any imported file; the optional URL
is kept as the posting's source (http and https only)::

    >>> from otpath.store import Store
    >>> with Store.memory() as store:
    ...     result = ingest_pasted(store, title="Utilization Review Therapist",
    ...         company="Acme Health", url="https://jobs.example.org/42",
    ...         text="Fully remote.\\n\\nActive OT or COTA license and 3 years of experience.")
    ...     again = ingest_pasted(store, title="Utilization Review Therapist",
    ...         company="Acme Health", url="https://jobs.example.org/42",
    ...         text="Fully remote.\\n\\nActive OT or COTA license and 3 years of experience.")
    >>> result.outcome, again.outcome, again.posting_id == result.posting_id
    ('new', 'unchanged', True)
"""

from __future__ import annotations

from html import escape

from pydantic import BaseModel

from .errors import PasteError
from .ingest import IngestReport, ingest_records
from .postings.models import RawPosting
from .store import Store

__all__ = ["MAX_PASTE_CHARS", "PasteResult", "ingest_pasted", "text_to_html"]

#: The longest posting text accepted (characters): far more than any real posting.
MAX_PASTE_CHARS = 100_000
_MAX_FIELD = 500


class PasteResult(BaseModel):
    posting_id: str
    outcome: str  # new, duplicate or unchanged
    report: IngestReport


def text_to_html(text: str) -> str:
    """Plain text as escaped HTML paragraphs (blank lines) and line breaks.

    >>> text_to_html("Remote <b>role</b>\\nOT & COTA\\n\\nApply now")
    '<p>Remote &lt;b&gt;role&lt;/b&gt;<br>OT &amp; COTA</p><p>Apply now</p>'
    """
    blocks = [b.strip() for b in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    paragraphs = []
    for block in blocks:
        lines = [escape(line.strip(), quote=False) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(paragraphs)


def _field(value: str | None, name: str, *, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if required and not text:
        raise PasteError("this field is required", field=name)
    if len(text) > _MAX_FIELD:
        raise PasteError(f"at most {_MAX_FIELD} characters, got {len(text)}", field=name)
    return text or None


def ingest_pasted(
    store: Store,
    *,
    title: str,
    text: str,
    company: str | None = None,
    location: str | None = None,
    url: str | None = None,
) -> PasteResult:
    """Import one pasted posting; :class:`PasteError` names the field when one is wrong."""
    clean_title = _field(title, "title", required=True)
    body = (text or "").strip()
    if not body:
        raise PasteError("paste the text of the posting", field="text")
    if len(body) > MAX_PASTE_CHARS:
        raise PasteError(
            f"at most {MAX_PASTE_CHARS:,} characters, got {len(body):,}", field="text"
        )
    address = _field(url, "url")
    if address is not None and not address.lower().startswith(("http://", "https://")):
        raise PasteError("give a web address starting with http:// or https://", field="url")
    raw = RawPosting(
        title=clean_title or "",
        description=text_to_html(body),
        company=_field(company, "company"),
        location=_field(location, "location"),
        url=address,
        site="pasted",
        origin_file="pasted",
    )
    report = ingest_records(store, [raw], workers=1)
    if not report.postings:
        reason = report.rejected[0].reason if report.rejected else "it could not be read"
        raise PasteError(f"the posting was not imported: {reason}")
    first = report.postings[0]
    return PasteResult(posting_id=first.id, outcome=first.outcome, report=report)
