"""Normalise what a reader found: safe HTML, plain text, tidy title/company/location.

Every function here is pure and cheap. The string normalisers are idempotent
(``f(f(x)) == f(x)``), which the tests check with hypothesis::

    >>> clean_html('<p onclick="x()">Hi<script>steal()</script> <a href="javascript:x">there</a></p>')
    '<p>Hi <a rel="nofollow noopener">there</a></p>'
    >>> html_to_text("<p>Remote &amp; flexible</p><ul><li>PT or OT</li></ul>")
    'Remote & flexible\\n- PT or OT'
    >>> html_to_text("**About us**\\n\\n* PT or OT\\n* 3\\\\-5 years")
    'About us\\n- PT or OT\\n- 3-5 years'
    >>> html_to_text("Pay: $90k \\\\(\\\\*\\\\*not guaranteed\\\\*\\\\*\\\\) \\\\# 2")
    'Pay: $90k (**not guaranteed**) # 2'
    >>> markdown_to_html("We need:\\n\\n* **PT** or OT")
    '<p>We need:</p>\\n<ul><li><strong>PT</strong> or OT</li></ul>'
    >>> normalize_title("  Utilization Review &amp; Appeals –  PT ")
    'Utilization Review & Appeals - PT'
    >>> normalize_company("naviHealth, Inc.")
    'naviHealth'
    >>> normalize_location("Nashville, Tennessee, United States")
    'Nashville, TN'

JobSpy hands descriptions over as markdown by default (``description_format``),
JSON-LD and ATS exports as HTML. :func:`to_safe_html` accepts either and always
returns HTML that went through the nh3 allow-list; :func:`html_to_text`
accepts either and returns one block (paragraph, bullet, heading) per line.
"""

from __future__ import annotations

import html as _html
import json
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import nh3
from selectolax.lexbor import LexborHTMLParser

__all__ = [
    "ALLOWED_TAGS",
    "MAX_DESCRIPTION_CHARS",
    "MAX_FIELD_CHARS",
    "MAX_RAW_VALUE_CHARS",
    "cap_description",
    "cap_field",
    "cap_raw",
    "clean_html",
    "company_key",
    "html_to_text",
    "looks_like_html",
    "markdown_to_html",
    "normalize_company",
    "normalize_location",
    "normalize_title",
    "title_key",
    "to_safe_html",
    "truncation_note",
]

# ---------------------------------------------------------------------------
# Size caps: every later stage, the store and every page see bounded text
# ---------------------------------------------------------------------------

#: A description is kept up to this many characters (real postings: a few thousand).
MAX_DESCRIPTION_CHARS = 100_000
#: Title, company, location: a longer one is cut.
MAX_FIELD_CHARS = 1_000
#: One value in a posting's ``raw`` bag (source-only fields).
MAX_RAW_VALUE_CHARS = 10_000


def _cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: before a tag left open
    at the limit, else after the last line or word break near it."""
    window = text[max(0, limit - 2000) : limit]
    base = max(0, limit - 2000)
    lt, gt = window.rfind("<"), window.rfind(">")
    if lt > gt:  # the limit falls inside a tag: cut before it
        return base + lt
    for sep in ("\n", " "):
        at = window.rfind(sep)
        if at > 0:
            return base + at
    return limit


def cap_description(description: str, limit: int = MAX_DESCRIPTION_CHARS) -> tuple[str, int]:
    """``(description, original length)``: cut to at most ``limit`` characters at a
    break; the original length is 0 when nothing was cut.

        >>> cap_description("one two three", limit=9)
        ('one two', 13)
        >>> cap_description("<p>short</p>")
        ('<p>short</p>', 0)
    """
    if len(description) <= limit:
        return description, 0
    return description[: _cut_point(description, limit)], len(description)


def cap_field(text: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """A title, company or location cut to ``limit`` characters, ending "..." (ASCII,
    so normalising the result cannot lengthen it again).

        >>> cap_field("Care Coordinator", limit=10)
        'Care Co...'
    """
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 3] + "..."


# (json.dumps with these options, without building an encoder a call: the same text)
_SIZE_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def cap_raw(raw: dict[str, Any], limit: int = MAX_RAW_VALUE_CHARS) -> dict[str, Any]:
    """``raw`` with each text value cut to ``limit`` characters and each larger list or
    object replaced by a note, so a stray huge column cannot bloat the store.

        >>> cap_raw({"note": "x" * 12, "ok": 1}, limit=5)
        {'note': 'xxxxx… [cut: 12 characters]', 'ok': 1}
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and len(value) > limit:
            value = f"{value[:limit]}\u2026 [cut: {len(value):,} characters]"
        elif isinstance(value, list | dict):
            size = len(_SIZE_ENCODER.encode(value))
            if size > limit:
                value = f"[dropped: a JSON value of {size:,} characters]"
        out[str(key)[:200]] = value
    return out


def truncation_note(original_chars: int, kept_chars: int, where: str | None) -> str:
    """The sentence shown after a cut description."""
    source = f" The whole text is in {where}." if where else ""
    return (
        f"[otpath kept the first {kept_chars:,} of this description's {original_chars:,}"
        f" characters.{source}]"
    )


# ---------------------------------------------------------------------------
# Sanitising HTML
# ---------------------------------------------------------------------------

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h2", "h3", "h4", "a"}
)
# Tags removed together with their content (everything else unknown is unwrapped).
_DROP_WITH_CONTENT = {"script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _keep_safe_href(tag: str, attr: str, value: str) -> str | None:
    # nh3's url_schemes already drops javascript: and friends; this also drops
    # relative and scheme-less links, which would point into otpath's own site.
    if attr == "href" and not value.strip().lower().startswith(_SAFE_SCHEMES):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=_DROP_WITH_CONTENT,
    attributes={"a": {"href"}},
    attribute_filter=_keep_safe_href,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
    strip_comments=True,
)
_SCRIPT_WORD = re.compile(r"((?:java|vb)script\s*):", re.IGNORECASE)


def clean_html(html: str) -> str:
    """Sanitise ``html`` with an allow-list; safe to render as-is.

    Keeps p, br, ul, ol, li, strong, em, b, i, h2-h4 and a[href] (http, https,
    mailto only, with ``rel="nofollow noopener"``). Scripts, styles, iframes
    and similar are removed with their content; event handlers and other
    attributes are dropped; unknown tags are unwrapped.

        >>> clean_html('<h1>Title</h1><img src=x onerror=alert(1)><b>ok</b>')
        'Title<b>ok</b>'
    """
    if not html:
        return ""
    out = _CLEANER.clean(html)
    # Text that merely *mentions* "javascript:" is harmless once escaped, but we
    # encode the colon so that no output ever contains the scheme literally, in any case
    # ("JavaScript:" too). The literal test skips the regex for nearly every advert.
    if ("cript" in out or "CRIPT" in out) and _SCRIPT_WORD.search(out):
        out = _SCRIPT_WORD.sub(r"\1&#58;", out)
    return out


# ---------------------------------------------------------------------------
# HTML or markdown -> text
# ---------------------------------------------------------------------------

_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|ul|ol|li|b|strong|i|em|u|h[1-6]|a|table|tr|td|th|tbody|section|article|"
    r"font|center|blockquote|pre|hr|script|style|iframe|img|meta|body|html)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(
    r"<(?:(li)\b[^>]*|/?(?:p|div|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote|"
    r"pre|dd|dt|dl|hr|td|th)\b[^>]*|br\s*/?)>",
    re.IGNORECASE,
)
_WS = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains at least one common HTML tag.

        >>> looks_like_html("<p>Hi</p>"), looks_like_html("3 < 5 years, **bold**")
        (True, False)
    """
    return "<" in text and _HTML_TAG.search(text) is not None


# _BLOCK_TAG with the whole tag as group 1 (and <li> as group 2), for re.split.
_BLOCK_SPLIT = re.compile("(" + _BLOCK_TAG.pattern + ")", re.IGNORECASE)


def _block_marker(m: re.Match[str]) -> str:
    # A newline before every block boundary; list items also get a "- " bullet.
    return "\n" + m.group(0) + ("- " if m.group(1) else "")


def _mark_blocks(html: str) -> str:
    """``_BLOCK_TAG.sub(_block_marker, html)`` without a Python call per tag.

    ``re.split`` with groups gives [text, tag, li, text, tag, li, ..., text];
    each tag gets its newline, each ``li`` its bullet, in C-level list passes.
    """
    parts: list[str | None] = _BLOCK_SPLIT.split(html)  # type: ignore[assignment]
    parts[1::3] = ["\n" + tag for tag in parts[1::3]]  # type: ignore[operator]
    parts[2::3] = ["- " if li else "" for li in parts[2::3]]
    return "".join(parts)  # type: ignore[arg-type]


# The characters of _WS but the plain space.
_ODD_SPACE = re.compile(r"[\t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]")
# Two spaces or more: a literal that re finds by a quick scan.
_SPACES = re.compile("  +")


def _tidy_lines(text: str) -> str:
    # _WS never matches a newline, so one pass over the whole text is the same
    # as one per line; and none at all when every run is already one space.
    # What _WS.sub(" ", text) gives (each run of _WS one space), without rewriting
    # every single space and without a regex tried at every character: the odd
    # spaces made plain ones, then runs of spaces made one.
    if "  " in text or _ODD_SPACE.search(text) is not None:
        for odd in set(_ODD_SPACE.findall(text)):
            text = text.replace(odd, " ")
        text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join([line for line in lines if line])


def _html_text(html: str) -> str:
    # Source newlines are just whitespace in HTML; our own markers make the lines.
    html = html.replace("\r", " ").replace("\n", " ")
    html = _mark_blocks(html)
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg"])
    root = tree.body if tree.body is not None else tree.root
    text = root.text(separator="") if root is not None else ""
    return _tidy_lines(text)


# CommonMark: a backslash before any ASCII punctuation character makes it literal.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_BULLET = re.compile(r"^\s*(?:[*+\-\u2022\u25cf\u25aa\u2023\u25e6]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)\)")
_MD_EMPH = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


# The same rules for the whole text at once (MULTILINE, and nothing crosses a
# newline): a handful of C-level passes instead of five regex calls per line.
# The same rules for the whole text at once. A line start is "\n" in the text
# with a "\n" put in front (a literal ``re`` finds fast, where ``^`` in
# MULTILINE mode is tried at every character), and nothing matches across a
# newline: [^\S\n] is \s within a line.
_MD_HEADING_ALL = re.compile(r"\n[^\S\n]*#{1,6}[^\S\n]*")
_MD_BULLET_ALL = re.compile(r"\n[^\S\n]*(?:[*+\-\u2022\u25cf\u25aa\u2023\u25e6]|\d{1,2}[.)])[^\S\n]+")
_MD_LINK_ALL = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)\)")


def _markdown_text(md: str) -> str:
    # Line by line this is: drop a heading's #s, turn a bullet into "- ", keep a
    # link's text, drop emphasis marks and backslash escapes. Each rule is
    # line-local (no pattern can match a newline, and the look-arounds see a
    # newline exactly as they see the end of a line), so each runs once over
    # the whole text, and only when its marker character is there.
    if "&" in md:
        md = _html.unescape(md)
    if "\r" in md:
        md = md.replace("\r\n", "\n").replace("\r", "\n")
    # Backslash escapes first: an escaped character is literal text, never a heading,
    # bullet, link or emphasis mark ("\\*\\*Note" is two stars, not bold). Each one is
    # parked as a private-use character and put back at the end.
    escaped = "\\" in md
    if escaped:
        md = _literal_breaks(md)
        md = _MD_ESCAPE.sub(_park, md)
    md = "\n" + md
    if "#" in md:
        md = _MD_HEADING_ALL.sub("\n", md)
    md = _MD_BULLET_ALL.sub("\n- ", md)
    if "[" in md:
        md = _MD_LINK_ALL.sub(r"\1", md)
    if "*" in md or "__" in md:
        md = _MD_EMPH.sub("", md)
    if escaped:
        md = md.translate(_UNPARK)
    return _tidy_lines(md[1:])


# Escaped ASCII punctuation parked in Unicode plane 15 (private use), where no posting
# text lives, while the markdown rules run.
_PARK_BASE = 0xF0000
_UNPARK = {_PARK_BASE + code: chr(code) for code in range(0x21, 0x7F)}


#: A literal backslash-n, -r-n or -t that is not the start of a word ("\\new").
_LITERAL_BREAK = re.compile(r"\\(?:r\\n|n|t)(?![a-z])")


def _unbreak(m: re.Match[str]) -> str:
    return " " if m.group(0) == "\\t" else "\n"


def _literal_breaks(text: str) -> str:
    r"""Line breaks of text encoded twice on its way to the file, made real again.

        >>> _literal_breaks("Job Description:\\n\\n Job Title: Lead\\tBand 6 (C:\\new)")
        'Job Description:\n\n Job Title: Lead Band 6 (C:\\new)'
    """
    if "\\n" in text or "\\t" in text:
        return _LITERAL_BREAK.sub(_unbreak, text)
    return text


def _park(m: re.Match[str]) -> str:
    return chr(_PARK_BASE + ord(m.group(1)))


def html_to_text(html_or_markdown: str) -> str:
    """Plain text with one block per line: paragraphs, headings and bullets.

    HTML entities are unescaped, runs of whitespace collapse to one space and
    empty lines are dropped. List items (HTML ``<li>`` or markdown ``*``/``-``)
    become lines that start with ``"- "``.

        >>> html_to_text("<div>Must be a PT,<br>OT &nbsp; or SLP</div>")
        'Must be a PT,\\nOT or SLP'
    """
    if not html_or_markdown:
        return ""
    if looks_like_html(html_or_markdown):
        return _html_text(html_or_markdown)
    return _markdown_text(html_or_markdown)


# ---------------------------------------------------------------------------
# Markdown -> HTML (the small subset job boards emit)
# ---------------------------------------------------------------------------

_PLACEHOLDER = "\u0000"


_MD_BOLD_STARS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_BOLD_UNDERSCORES = re.compile(r"__(?=\S)(.+?)(?<=\S)__")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_INLINE_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s&\"]+)\)")
_MD_HIDDEN = re.compile(f"{_PLACEHOLDER}(\\d+){_PLACEHOLDER}")
_MD_HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*)$")


@lru_cache(maxsize=4096)
def _md_inline(text: str) -> str:
    # Pure in the line, so remembered (postings repeat lines). Each rule runs
    # only when its marker is in the line (most lines have none).
    if _PLACEHOLDER in text:
        text = text.replace(_PLACEHOLDER, "")
    # Hide backslash-escaped characters so they never start emphasis or links.
    escaped: list[str] = []
    if "\\" in text:

        def _hide(m: re.Match[str]) -> str:
            escaped.append(m.group(1))
            return f"{_PLACEHOLDER}{len(escaped) - 1}{_PLACEHOLDER}"

        text = _MD_ESCAPE.sub(_hide, text)
    text = _html.escape(text, quote=True)
    if "**" in text:
        text = _MD_BOLD_STARS.sub(r"<strong>\1</strong>", text)
    if "__" in text:
        text = _MD_BOLD_UNDERSCORES.sub(r"<strong>\1</strong>", text)
    if "*" in text:
        text = _MD_EM.sub(r"<em>\1</em>", text)
    if "](" in text:
        text = _MD_INLINE_LINK.sub(r'<a href="\2">\1</a>', text)
    if not escaped:
        return text
    return _MD_HIDDEN.sub(lambda m: _html.escape(escaped[int(m.group(1))]), text)


def markdown_to_html(md: str) -> str:
    """Render the markdown subset job boards produce (not yet sanitised).

    Blank lines separate paragraphs; single line breaks inside a paragraph
    become ``<br>``; ``*``, ``-``, ``+`` and ``•`` lines become ``<ul>``,
    ``1.`` lines ``<ol>``; ``#`` headings become ``<h2>``-``<h4>``; ``**bold**``,
    ``*em*`` and ``[text](https://...)`` links are kept. Raw HTML in the
    input is escaped, never passed through.

        >>> markdown_to_html("## Duties\\n- Review charts\\n- Call providers")
        '<h2>Duties</h2>\\n<ul><li>Review charts</li><li>Call providers</li></ul>'
    """
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush_para() -> None:
        if para:
            blocks.append("<p>" + "<br>".join(para) + "</p>")
            para.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            blocks.append(f"<{list_tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    if "\\" in md:
        md = _literal_breaks(md)
    for raw_line in md.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            flush_para()
            flush_list()
            continue
        heading = _MD_HEADING_LINE.match(line) if line[0] == "#" else None
        if heading:
            flush_para()
            flush_list()
            level = min(max(len(heading.group(1)), 2), 4)
            blocks.append(f"<h{level}>{_md_inline(heading.group(2).strip(' #'))}</h{level}>")
            continue
        bullet = _MD_BULLET.match(line)
        if bullet:
            tag = "ol" if line[0].isdigit() else "ul"
            flush_para()
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append(_md_inline(line[bullet.end():].strip()))
            continue
        if items:  # a plain line right after a list ends it
            flush_list()
        para.append(_md_inline(line))
    flush_para()
    flush_list()
    return "\n".join(blocks)


def to_safe_html(description: str) -> str:
    """Safe HTML for any description: HTML is sanitised, markdown/plain text rendered then sanitised.

        >>> to_safe_html("* **InterQual** a plus, < 5 years")
        '<ul><li><strong>InterQual</strong> a plus, &lt; 5 years</li></ul>'
        >>> to_safe_html("<p>Hi<script>x()</script></p>")
        '<p>Hi</p>'
    """
    if not description:
        return ""
    if looks_like_html(description):
        return clean_html(description)
    return clean_html(markdown_to_html(description))


# ---------------------------------------------------------------------------
# Title, company, location
# ---------------------------------------------------------------------------

_DASHES = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    }
)
_ANY_WS = re.compile(r"\s+")
_EDGE_JUNK = " -|,;:*\u2022\u00b7/"


def _unescape_all(text: str) -> str:
    # "&amp;amp;" -> "&": unescape until nothing changes (each pass shortens the text).
    while "&" in text:
        new = _html.unescape(text)
        if new == text:
            break
        text = new
    return text


# A tag in a title, a company or a place ("Reviewer <b>Remote</b>"): a feed that put its
# HTML there. Inline formatting goes without a trace; any other tag is a space.
_FIELD_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_INLINE_TAGS = frozenset({"b", "i", "u", "em", "strong", "span", "font", "small", "sup", "sub", "mark"})


def _no_tags(text: str) -> str:
    if "<" not in text:
        return text
    return _FIELD_TAG.sub(lambda m: "" if m.group(1).lower() in _INLINE_TAGS else " ", text)


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFKC", _no_tags(_unescape_all(text)))
    text = _unescape_all(text).translate(_DASHES)
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return _ANY_WS.sub(" ", text).strip(_EDGE_JUNK + "\t\n")


def _fixed_point(step: Callable[[str], str], text: str) -> str:
    # Each step is idempotent for real input; looping a few times makes the
    # composition idempotent for odd unicode (NFKC output that unescapes again...).
    for _ in range(6):
        new = step(text)
        if new == text:
            return new
        text = new
    return text


_JOB_POST_NOISE = re.compile(r"\s*-\s*job post$", re.IGNORECASE)


def _title_step(text: str) -> str:
    text = _JOB_POST_NOISE.sub("", _tidy(text))
    return text.strip(_EDGE_JUNK)


def normalize_title(title: str) -> str:
    """Tidy a job title: entities, unicode dashes, whitespace, board noise.

    Case is kept (``PT``, ``COTA/L`` matter).

        >>> normalize_title("Physical Therapist \u2013 Utilization Review - job post")
        'Physical Therapist - Utilization Review'
        >>> normalize_title("Clinical Appeals Reviewer <b>Remote</b> &amp; Flexible")
        'Clinical Appeals Reviewer Remote & Flexible'
    """
    return _normalize_title(title or "")


# Titles, companies and locations repeat a lot across postings (and process()
# normalises each again inside posting_key): remember recent ones.
@lru_cache(maxsize=8192)
def _normalize_title(title: str) -> str:
    return _fixed_point(_title_step, title)


def _key(text: str) -> str:
    return _ANY_WS.sub(" ", re.sub(r"[^\w]+", " ", text.casefold())).strip()


def title_key(title: str) -> str:
    """Casefolded, punctuation-free title for comparisons.

        >>> title_key("Utilization Review - PT/OT")
        'utilization review pt ot'
    """
    return _key(normalize_title(title))


_LEGAL_SUFFIX = re.compile(
    r"(?:,\s*|\s+)(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|plc|pllc|llp|"
    r"lp|l\.p|gmbh|p\.c|pc|p\.a|pa)\.?$"
    # "Co." is a suffix, but "Merck & Co." and "Smith and Co" keep it: it is their name
    r"|(?:,\s*|(?<!&)(?<!\band)\s+)co\.?$",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\s*(\([^()]*\))$")


def _company_step(text: str) -> str:
    text = _tidy(text)
    paren = _TRAILING_PAREN.search(text)
    tail = ""
    if paren and paren.start() > 0:
        tail = " " + paren.group(1)
        text = text[: paren.start()]
    while True:
        stripped = _LEGAL_SUFFIX.sub("", text).rstrip(" ,")
        if stripped == text or not stripped:
            break
        text = stripped
    return (text + tail).strip()


def normalize_company(name: str) -> str:
    """Tidy a company name and drop legal suffixes (Inc., LLC, Ltd...).

    A trailing parenthetical such as ``(sample)`` is kept.

        >>> normalize_company("Acme Rehab, LLC (sample)")
        'Acme Rehab (sample)'
        >>> normalize_company("Merck & Co., Inc."), normalize_company("Zeta &amp; Co")
        ('Merck & Co.', 'Zeta & Co')
    """
    return _normalize_company(name or "")


@lru_cache(maxsize=8192)
def _normalize_company(name: str) -> str:
    return _fixed_point(_company_step, name)


def company_key(name: str) -> str:
    """Casefolded company name for comparisons and dedupe keys.

        >>> company_key("NaviHealth, Inc.") == company_key("navihealth")
        True
    """
    return _company_key(name or "")


@lru_cache(maxsize=8192)
def _company_key(name: str) -> str:
    return _key(_normalize_company(name))


US_STATES: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "puerto rico": "PR",
}
STATE_CODES: frozenset[str] = frozenset(US_STATES.values())
_US_NAMES = {"us", "u.s", "u.s.", "usa", "u.s.a", "u.s.a.", "united states", "united states of america"}


def _location_step(text: str) -> str:
    parts = [p.strip(_EDGE_JUNK) for p in _tidy(text).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    if len(parts) > 1 and parts[-1].casefold() in _US_NAMES:
        parts.pop()
    if len(parts) == 1 and parts[0].casefold() in _US_NAMES:
        return "United States"
    out = [parts[0] if parts[0].casefold() != "remote" else "Remote"]
    for part in parts[1:]:
        folded = part.casefold()
        if folded in US_STATES:
            part = US_STATES[folded]
        elif len(part) == 2 and part.upper() in STATE_CODES:
            part = part.upper()
        elif folded == "remote":
            part = "Remote"
        out.append(part)
    return ", ".join(out)


def normalize_location(location: str) -> str:
    """Tidy a location: ``City, ST`` for US places, country kept elsewhere.

        >>> normalize_location("austin ,  tx, USA")
        'austin, TX'
        >>> normalize_location("London, UK")
        'London, UK'
    """
    return _normalize_location(location or "")


@lru_cache(maxsize=8192)
def _normalize_location(location: str) -> str:
    return _fixed_point(_location_step, location)
