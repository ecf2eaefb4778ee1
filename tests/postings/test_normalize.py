"""normalize: safe HTML, text, and idempotent title/company/location normalisers."""

from __future__ import annotations

import doctest
import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from otpath.postings.pipeline.normalize import (
    clean_html,
    company_key,
    html_to_text,
    looks_like_html,
    markdown_to_html,
    normalize_company,
    normalize_location,
    normalize_title,
    title_key,
    to_safe_html,
)

# ---------------------------------------------------------------------------
# clean_html
# ---------------------------------------------------------------------------

CLEAN_CASES = [
    ("<p>Hello</p>", "<p>Hello</p>"),
    ("<p>Hi<script>steal()</script></p>", "<p>Hi</p>"),
    ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
    ("<iframe src='https://evil.example'>fallback</iframe>ok", "ok"),
    ("<p onclick=\"x()\">t</p>", "<p>t</p>"),
    ("<a href=\"javascript:alert(1)\">x</a>", '<a rel="nofollow noopener">x</a>'),
    ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", '<a rel="nofollow noopener">x</a>'),
    ("<a href=\"data:text/html,hi\">x</a>", '<a rel="nofollow noopener">x</a>'),
    ("<a href=\"/jobs/1\">x</a>", '<a rel="nofollow noopener">x</a>'),
    ("<a href=\"https://example.com/a\" target=\"_blank\">x</a>",
     '<a href="https://example.com/a" rel="nofollow noopener">x</a>'),
    ("<a href=\"mailto:jobs@example.com\">mail</a>",
     '<a href="mailto:jobs@example.com" rel="nofollow noopener">mail</a>'),
    ("<h1>Title</h1><h2>Sub</h2>", "Title<h2>Sub</h2>"),
    ("<img src=x onerror=alert(1)><b>ok</b>", "<b>ok</b>"),
    ("<div><span style='x'>a</span></div>", "a"),
    ("<ul><li>PT</li><li>OT</li></ul>", "<ul><li>PT</li><li>OT</li></ul>"),
    ("<!-- secret --><p>a &amp; b</p>", "<p>a &amp; b</p>"),
    ("<P>Upper</P>", "<p>Upper</p>"),
    ("<svg onload=alert(1)><text>x</text></svg>ok", "ok"),
    ("<svg onload=alert(1)><p>x</p></svg>", "<p>x</p>"),  # HTML5: <p> breaks out of <svg>
    ("<strong>b</strong><em>e</em><i>i</i><br>", "<strong>b</strong><em>e</em><i>i</i><br>"),
    ("text mentioning javascript: is defanged", "text mentioning javascript&#58; is defanged"),
    # in any case: the check for the word once looked for lower case only
    ("<p>Knowledge of JavaScript: a plus</p>", "<p>Knowledge of JavaScript&#58; a plus</p>"),
    ("VBSCRIPT:x", "VBSCRIPT&#58;x"),
    ("", ""),
]


@pytest.mark.parametrize(("html", "expected"), CLEAN_CASES)
def test_clean_html(html: str, expected: str) -> None:
    assert clean_html(html) == expected


_TRICKY = st.sampled_from(
    [
        "<script>", "</script>", "<SCRIPT SRC=//x>", "<a href='javascript:alert(1)'>",
        "<a href=\"jav&#x09;ascript:alert(1)\">", "<img src=x onerror=alert(1)>",
        "<p onclick='x'>", "<svg/onload=alert(1)>", "javascript:", "JAVASCRIPT :", "JavaScript:", "VBSCRIPT:", "<", ">",
        "\"", "'", "<iframe src=//evil>", "<style>", "&lt;script&gt;", "<!--", "-->",
        "<scr<script>ipt>", "java\tscript:", "<div onmouseover=x>", "<a href=https://ok>",
        "<body onload=x>", "<math><mi xlink:href='javascript:x'>", "</p>", "<li>", "on=",
        " onerror=", "<a onfocus=x autofocus>",
    ]
)
_HTMLISH = st.lists(st.one_of(_TRICKY, st.text(max_size=12)), max_size=25).map("".join)


def _assert_safe(out: str) -> None:
    low = out.lower()
    assert "<script" not in low
    assert "javascript:" not in low
    assert not re.search(r"<[^>]*\son\w*\s*=", out, re.IGNORECASE)
    tree = LexborHTMLParser(out)
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), out
            if name == "href" and value is not None:
                assert value.lower().startswith(("http://", "https://", "mailto:")), out


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
def test_clean_html_is_safe_for_any_input(html: str) -> None:
    _assert_safe(clean_html(html))


@settings(max_examples=200, deadline=None)
@given(_HTMLISH)
def test_to_safe_html_is_safe_for_any_input(text: str) -> None:
    _assert_safe(to_safe_html(text))


# ---------------------------------------------------------------------------
# html_to_text, markdown
# ---------------------------------------------------------------------------

TEXT_CASES = [
    ("<p>Remote &amp; flexible</p>", "Remote & flexible"),
    ("<p>One</p><p>Two</p>", "One\nTwo"),
    ("<ul><li>PT</li><li>OT</li></ul>", "- PT\n- OT"),
    ("<div>a<br>b<br/>c</div>", "a\nb\nc"),
    ("<p>spaces   and\n newlines\tcollapse</p>", "spaces and newlines collapse"),
    ("<p>x<script>var a = 1;</script>y</p>", "xy"),
    ("<style>.a{}</style><h3>Requirements</h3><p>PT</p>", "Requirements\nPT"),
    ("<p>&lt;5 years &nbsp; ok</p>", "<5 years ok"),
    ("<b>Bold</b> word", "Bold word"),
    ("**About us**\n\nWe are great.", "About us\nWe are great."),
    ("* PT or OT\n* 3\\-5 years", "- PT or OT\n- 3-5 years"),
    ("- dash bullet\n+ plus bullet\n\u2022 dot bullet", "- dash bullet\n- plus bullet\n- dot bullet"),
    ("1. first\n2. second", "- first\n- second"),
    ("## Duties\nReview charts", "Duties\nReview charts"),
    ("Apply [here](https://example.com)", "Apply here"),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("plain text, no markup", "plain text, no markup"),
    ("", ""),
    ("\n\n  \n", ""),
]


@pytest.mark.parametrize(("source", "expected"), TEXT_CASES)
def test_html_to_text(source: str, expected: str) -> None:
    assert html_to_text(source) == expected


MD_CASES = [
    ("Hello", "<p>Hello</p>"),
    ("a\nb", "<p>a<br>b</p>"),
    ("a\n\nb", "<p>a</p>\n<p>b</p>"),
    ("* one\n* two", "<ul><li>one</li><li>two</li></ul>"),
    ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
    ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
    ("# Big\n### Small", "<h2>Big</h2>\n<h3>Small</h3>"),
    ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
    ("[site](https://example.com)", '<p><a href="https://example.com">site</a></p>'),
    ("[bad](javascript:alert(1))", "<p>[bad](javascript:alert(1))</p>"),
    ("\\*not em\\*", "<p>*not em*</p>"),
    ("Intro\n- a\n- b\nAfter", "<p>Intro</p>\n<ul><li>a</li><li>b</li></ul>\n<p>After</p>"),
]


@pytest.mark.parametrize(("md", "expected"), MD_CASES)
def test_markdown_to_html(md: str, expected: str) -> None:
    assert markdown_to_html(md) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>x</p>", True),
        ("<br>", True),
        ("3 < 5 years", False),
        ("**bold**", False),
        ("a <b>b</b>", True),
        ("<notatag>", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_to_safe_html_renders_markdown_then_sanitises() -> None:
    assert to_safe_html("* **InterQual** a plus") == "<ul><li><strong>InterQual</strong> a plus</li></ul>"
    assert to_safe_html("<p>x<script>y</script></p>") == "<p>x</p>"
    assert to_safe_html("[x](javascript:alert(1))") == "<p>[x](javascript&#58;alert(1))</p>"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="<>&*_\\#[]`-+•\u2022\u25cf"), max_size=200))
def test_html_to_text_is_idempotent_on_plain_text(text: str) -> None:
    once = html_to_text(text)
    assert html_to_text(once) == once


# ---------------------------------------------------------------------------
# title, company, location
# ---------------------------------------------------------------------------

TITLE_CASES = [
    ("  Utilization Review Therapist  ", "Utilization Review Therapist"),
    ("Physical Therapist \u2013 Utilization Review", "Physical Therapist - Utilization Review"),
    ("Health &amp; Wellness Coach", "Health & Wellness Coach"),
    ("Health &amp;amp; Wellness Coach", "Health & Wellness Coach"),
    ("PT/OT   Reviewer", "PT/OT Reviewer"),
    ("COTA/L - Home Health - job post", "COTA/L - Home Health"),
    ("- Recruiter -", "Recruiter"),
    ("\u2022 Clinical Liaison", "Clinical Liaison"),
    ("Care Coordinator\u00a0(Remote)", "Care Coordinator (Remote)"),
    ("\uff30\uff34 Reviewer", "PT Reviewer"),  # full-width letters
    ("Speech\u2011Language Pathologist", "Speech-Language Pathologist"),
    ("Director of Rehab\u2014SNF", "Director of Rehab-SNF"),
    ("OT\u2019s corner", "OT's corner"),
    ("Line\nbreak title", "Line break title"),
    ("", ""),
    ("UTILIZATION REVIEW", "UTILIZATION REVIEW"),
]


@pytest.mark.parametrize(("raw", "expected"), TITLE_CASES)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


COMPANY_CASES = [
    ("naviHealth, Inc.", "naviHealth"),
    ("Acme Rehab LLC", "Acme Rehab"),
    ("Acme Rehab, L.L.C.", "Acme Rehab"),
    ("Acme Rehab Ltd", "Acme Rehab"),
    ("Acme Rehab Corp.", "Acme Rehab"),
    ("Acme Rehab Corporation", "Acme Rehab"),
    ("Acme Holdings Inc LLC", "Acme Holdings"),
    ("Acme Rehab, LLC (sample)", "Acme Rehab (sample)"),
    ("Northwind Health Plan (sample)", "Northwind Health Plan (sample)"),
    ("  Skyhollow   Physical Therapy ", "Skyhollow Physical Therapy"),
    ("Ashby &amp; Crane Recruitment", "Ashby & Crane Recruitment"),
    ("Smith PLLC", "Smith"),
    ("Inc", "Inc"),
    ("LLC", "LLC"),
    ("The Company", "The Company"),
    ("Incline Therapy", "Incline Therapy"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), COMPANY_CASES)
def test_normalize_company(raw: str, expected: str) -> None:
    assert normalize_company(raw) == expected


LOCATION_CASES = [
    ("Nashville, Tennessee, United States", "Nashville, TN"),
    ("austin ,  tx, USA", "austin, TX"),
    ("Austin, TX, US", "Austin, TX"),
    ("Austin, TX", "Austin, TX"),
    ("London, UK", "London, UK"),
    ("Manchester, England, United Kingdom", "Manchester, England, United Kingdom"),
    ("remote", "Remote"),
    ("Remote, US", "Remote"),
    ("USA", "United States"),
    ("United States of America", "United States"),
    ("New York, new york", "New York, NY"),
    ("Washington, District of Columbia", "Washington, DC"),
    ("Denver,CO", "Denver, CO"),
    (", , Boise, ID,", "Boise, ID"),
    ("Toronto, ON, Canada", "Toronto, ON, Canada"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), LOCATION_CASES)
def test_normalize_location(raw: str, expected: str) -> None:
    assert normalize_location(raw) == expected


def test_keys_fold_case_and_punctuation() -> None:
    assert title_key("Utilization Review - PT/OT") == "utilization review pt ot"
    assert company_key("NaviHealth, Inc.") == company_key("navihealth")
    assert company_key("Acme Rehab (sample)") != company_key("Acme Rehab")


_NAMEISH = st.lists(
    st.sampled_from(
        list("abcXYZ ,.-&;#()\u2013\u00a0\uff21'\u2019")
        + ["&amp;", " Inc.", " LLC", "tx", "USA", "Remote", "Texas", "(sample)", "- job post"]
    ),
    max_size=15,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), _NAMEISH))
def test_normalizers_are_idempotent(text: str) -> None:
    for fn in (normalize_title, normalize_company, normalize_location):
        once = fn(text)
        assert fn(once) == once, (fn.__name__, text, once)


@pytest.mark.parametrize("module", ['otpath.postings.pipeline.normalize'])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<li>", "<LI class=x>", "<Li", "<br/>", "<br >", "<p <br>", "</p>", "<div>", "<td>",
                                 "text", " ", "\x00", "<", ">", "li", "<span>", "\u00a0"]), max_size=30))
def test_block_marks_as_one_call_per_tag_did(parts: list[str]) -> None:
    # _mark_blocks (list passes over re.split) must equal the substitution it replaced.
    from otpath.postings.pipeline import normalize as N

    html = "".join(parts)
    assert N._mark_blocks(html) == N._BLOCK_TAG.sub(N._block_marker, html)


_SPACE_BITS = st.sampled_from(
    [" ", "  ", "\t", "\f", "\v", "\xa0", "\u2002", "\u200b", "\u202f", "\u3000", "\n", "\r", "\u2028", "a", "b."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPACE_BITS, max_size=40))
def test_tidy_lines_makes_each_run_of_spaces_one(parts: list[str]) -> None:
    from otpath.postings.pipeline.normalize import _WS, _tidy_lines

    text = "".join(parts)
    lines = [line.strip() for line in _WS.sub(" ", text).split("\n")]
    assert _tidy_lines(text) == "\n".join(line for line in lines if line)
