"""schema.org JobPosting JSON-LD reader: saved HTML pages and bare JSON files."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpath.errors import ReaderError
from otpath.postings.models import RawPosting
from otpath.postings.sources import JsonLdReader, detect
from otpath.postings.sources.jsonld import _unescape, find_job_postings, job_posting_to_raw

FIX = Path(__file__).parent.parent / "fixtures" / "postings" / "jsonld"


def read(path: Path) -> tuple[list[RawPosting], list[ReaderError]]:
    errors: list[ReaderError] = []
    return list(JsonLdReader().read(path, errors=errors)), errors


def posting(**fields: Any) -> RawPosting:
    node = {"@context": "https://schema.org", "@type": "JobPosting", "title": "UR Clinician"}
    node.update(fields)
    return job_posting_to_raw(node, file="page.html", line=3)


@pytest.mark.parametrize(
    "name",
    [
        "ur_clinician_remote.html",
        "ergonomics_graph.html",
        "care_coordinator_mixed.html",
        "no_jsonld.html",
        "posting.json",
    ],
)
def test_detected_as_jsonld(name: str) -> None:
    assert detect(FIX / name).name == "jsonld"


def test_telecommute_page_with_salary_and_applicant_locations() -> None:
    postings, errors = read(FIX / "ur_clinician_remote.html")
    assert errors == []
    [p] = postings
    assert p.title == "Utilization Review Clinician \u2013 Therapy Services"  # &ndash; decoded
    assert p.description.startswith("<p>Review requests for outpatient therapy")
    assert "<strong>InterQual</strong>" in p.description
    assert p.company == "Example Health Plan"
    assert p.source_id == "REQ-4471"
    assert p.remote_hint is True
    assert p.applicant_locations == ["Ohio", "Kentucky", "Indiana"]
    assert (p.pay_min, p.pay_max, p.pay_interval, p.pay_currency) == (34.0, 41.5, "hourly", "USD")
    assert p.date_posted == date(2025, 3, 14)
    assert p.valid_through == date(2025, 4, 30)
    assert p.employment_type == "FULL_TIME"
    assert p.experience_hint == "36 months of experience"
    assert p.education_hint == "professional certificate"
    # no url property: the page's canonical link is used
    assert p.url == "https://careers.example-healthplan.com/jobs/4471"
    assert p.site == "careers.example-healthplan.com"
    assert p.origin_line == 7  # the <script> line
    assert p.raw["occupationalCategory"] == "29-1122.00"
    assert p.raw["directApply"] is True
    assert p.raw["hiringOrganization"]["sameAs"] == "https://www.example-healthplan.com"


def test_graph_page_with_entities_and_two_locations() -> None:
    postings, errors = read(FIX / "ergonomics_graph.html")
    assert errors == []  # the BreadcrumbList script is not an error
    [p] = postings
    assert p.title == "Ergonomics Specialist (OT/PT) & Injury Prevention"
    assert p.description.startswith("<p>Perform job site analyses")  # escaped HTML unescaped
    assert p.location == "Louisville, KY, US; Nashville, TN, US"
    assert p.employment_type == "FULL_TIME, CONTRACTOR"
    assert (p.pay_min, p.pay_max, p.pay_interval) == (78000.0, 78000.0, "yearly")
    assert p.experience_hint == "Two years of industrial rehab or work hardening experience"
    assert p.education_hint == "Bachelor's degree in OT or PT; CEAS"
    assert p.remote_hint is None
    assert p.url == "https://jobs.example-safety.com/ergonomics-specialist"


def test_trailing_comma_and_missing_title_are_reported_good_posting_kept() -> None:
    postings, errors = read(FIX / "care_coordinator_mixed.html")
    [p] = postings
    assert p.title == "Transitional Care Coordinator"
    assert p.company == "Lakeside Home Health"
    assert p.location == "Madison, WI"
    assert (p.pay_min, p.pay_max, p.pay_interval) == (28.0, 33.0, "hourly")
    assert p.source_id == "LHH-0192"
    assert [(e.line, e.reason) for e in errors] == [
        (
            9,
            "invalid JSON-LD: Expecting property name enclosed in double quotes "
            "(a trailing comma? JSON does not allow them)",
        ),
        (12, "JobPosting has no title; skipped"),
    ]


def test_page_without_jsonld_is_one_error_naming_the_file() -> None:
    postings, errors = read(FIX / "no_jsonld.html")
    assert postings == []
    assert len(errors) == 1
    assert str(errors[0]) == f"{FIX / 'no_jsonld.html'}: no schema.org JobPosting JSON-LD found"


def test_bare_json_file() -> None:
    postings, errors = read(FIX / "posting.json")
    assert errors == []
    [p] = postings
    assert p.title == "Clinical Reviewer, Rehabilitation Services"
    assert p.remote_hint is True
    assert p.applicant_locations == ["USA"]
    assert p.site == "greatlakes-hp.example"


def test_bare_json_list_numbers_records(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    nodes = [
        {"@context": "https://schema.org", "@type": "JobPosting", "title": f"Reviewer {i}"}
        for i in range(3)
    ]
    path.write_text(json.dumps(nodes), encoding="utf-8")
    postings, errors = read(path)
    assert errors == []
    assert [(p.title, p.origin_line) for p in postings] == [
        ("Reviewer 0", 1),
        ("Reviewer 1", 2),
        ("Reviewer 2", 3),
    ]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('{"@type": "JobPosting", "title": "A",\n}', 1, "trailing comma"),
        ('{"@type": "JobPosting",\n "title": }', 2, "Expecting value"),
        ('{"@type": "Organization", "name": "x"}', None, "no schema.org JobPosting"),
        ("[" * 5000 + "]" * 5000, 1, "invalid JSON-LD"),
    ],
)
def test_bare_json_errors(tmp_path: Path, text: str, line: int | None, reason: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    postings, errors = read(path)
    assert postings == []
    assert len(errors) == 1
    assert errors[0].line == line
    assert reason in errors[0].reason


@pytest.mark.parametrize(
    ("data", "titles"),
    [
        ({"@type": "JobPosting", "title": "A"}, ["A"]),
        (
            [{"@type": "JobPosting", "title": "A"}, {"@type": "JobPosting", "title": "B"}],
            ["A", "B"],
        ),
        ({"@graph": [{"@type": "WebSite"}, {"@type": "JobPosting", "title": "A"}]}, ["A"]),
        ({"@type": ["JobPosting", "Thing"], "title": "A"}, ["A"]),
        ({"@type": "schema:JobPosting", "title": "A"}, ["A"]),
        ({"@type": "http://schema.org/JobPosting", "title": "A"}, ["A"]),
        ({"@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "A"}}, ["A"]),
        (
            {
                "@type": "ItemList",
                "itemListElement": [
                    {"@type": "ListItem", "item": {"@type": "JobPosting", "title": "A"}}
                ],
            },
            ["A"],
        ),
        ({"@type": "JobPostingX", "title": "A"}, []),
        ({"@type": "Organization", "name": "A"}, []),
        ("JobPosting", []),
    ],
)
def test_find_job_postings(data: Any, titles: list[str]) -> None:
    assert [p["title"] for p in find_job_postings(data)] == titles


@pytest.mark.parametrize(
    ("fields", "attr", "expected"),
    [
        ({"employmentType": "PART_TIME"}, "employment_type", "PART_TIME"),
        ({"employmentType": ["FULL_TIME", "PER_DIEM"]}, "employment_type", "FULL_TIME, PER_DIEM"),
        ({"jobLocationType": "TELECOMMUTE"}, "remote_hint", True),
        ({"jobLocationType": ["telecommute"]}, "remote_hint", True),
        ({}, "remote_hint", None),
        ({"hiringOrganization": "Acme Rehab"}, "company", "Acme Rehab"),
        ({"hiringOrganization": {"name": "Acme &amp; Co"}}, "company", "Acme & Co"),
        ({"identifier": {"@type": "PropertyValue", "value": 1234}}, "source_id", "1234"),
        ({"identifier": "R-9"}, "source_id", "R-9"),
        ({"datePosted": "2025-01-05T10:00:00Z"}, "date_posted", date(2025, 1, 5)),
        ({"validThrough": "2025-06-30"}, "valid_through", date(2025, 6, 30)),
        (
            {"applicantLocationRequirements": {"@type": "Country", "name": "USA"}},
            "applicant_locations",
            ["USA"],
        ),
        (
            {"experienceRequirements": {"monthsOfExperience": 24, "description": "post-acute"}},
            "experience_hint",
            "24 months of experience; post-acute",
        ),
        ({"experienceRequirements": "1 year of SNF"}, "experience_hint", "1 year of SNF"),
        (
            {"educationRequirements": {"credentialCategory": "bachelor degree"}},
            "education_hint",
            "bachelor degree",
        ),
        ({"educationRequirements": "Master's in OT"}, "education_hint", "Master's in OT"),
        (
            {"jobLocation": {"address": {"addressRegion": "OH", "addressCountry": "US"}}},
            "location",
            "OH, US",
        ),
        ({"description": ["<p>a</p>", "<p>b</p>"]}, "description", "<p>a</p>\n<p>b</p>"),
        ({"description": "&lt;b&gt;x&lt;/b&gt;"}, "description", "<b>x</b>"),
        ({"description": "<p>R&amp;D</p>"}, "description", "<p>R&amp;D</p>"),
        ({"url": "https://www.example.org/jobs/1"}, "site", "example.org"),
    ],
)
def test_property_mapping(fields: dict[str, Any], attr: str, expected: Any) -> None:
    assert getattr(posting(**fields), attr) == expected


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (
            {"currency": "USD", "value": {"minValue": 30, "maxValue": 38, "unitText": "HOUR"}},
            (30.0, 38.0, "hourly", "USD"),
        ),
        (
            {"currency": "USD", "value": {"value": 400, "unitText": "DAY"}},
            (400.0, 400.0, "daily", "USD"),
        ),
        ({"value": {"minValue": "1,200", "unitText": "WEEK"}}, (1200.0, None, "weekly", None)),
        (
            {"currency": "EUR", "value": {"value": 5000, "unitText": "MONTH"}},
            (5000.0, 5000.0, "monthly", "EUR"),
        ),
        (
            {"currency": "USD", "value": 72000, "unitText": "YEAR"},
            (72000.0, 72000.0, "yearly", "USD"),
        ),
        (
            [{"currency": "USD", "value": {"value": 50, "unitText": "HOUR"}}],
            (50.0, 50.0, "hourly", "USD"),
        ),
        ({"currency": "USD", "value": {"value": "competitive"}}, (None, None, None, "USD")),
    ],
)
def test_base_salary(salary: Any, expected: tuple[Any, ...]) -> None:
    p = posting(baseSalary=salary)
    assert (p.pay_min, p.pay_max, p.pay_interval, p.pay_currency) == expected


def test_unreadable_date_is_kept_in_raw() -> None:
    p = posting(datePosted="last Tuesday")
    assert p.date_posted is None
    assert p.raw["datePosted"] == "last Tuesday"


def test_posting_without_title_uses_name_or_fails() -> None:
    node = {"@type": "JobPosting", "name": "Care Navigator"}
    assert job_posting_to_raw(node, file="f", line=1).title == "Care Navigator"


@pytest.mark.parametrize(
    "script",
    [
        '<!--\n{"@type": "JobPosting", "title": "Commented"}\n-->',
        '//<![CDATA[\n{"@type": "JobPosting", "title": "Commented"}\n//]]>',
        "{&quot;@type&quot;: &quot;JobPosting&quot;, &quot;title&quot;: &quot;Commented&quot;}",
    ],
)
def test_script_wrappers_and_escaped_json(tmp_path: Path, script: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        f'<html><head><script type="application/ld+json">{script}</script></head></html>',
        encoding="utf-8",
    )
    postings, errors = read(path)
    assert errors == []
    assert [p.title for p in postings] == ["Commented"]


def test_script_type_is_case_insensitive_and_may_carry_parameters(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><head>\n"
        '<SCRIPT TYPE="Application/LD+JSON; charset=utf-8">'
        '{"@type": "JobPosting", "title": "Clinical Liaison"}</SCRIPT>'
        "</head></html>",
        encoding="utf-8",
    )
    postings, errors = read(path)
    assert [p.title for p in postings] == ["Clinical Liaison"]
    assert postings[0].origin_line == 2


def test_cp1252_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "JobPosting", "title": "Coordinatrice de soins – réadaptation"}'
        "</script></head></html>"
    )
    path.write_bytes(html.encode("cp1252"))
    postings, errors = read(path)
    assert errors == []
    assert postings[0].title == "Coordinatrice de soins – réadaptation"


def test_og_url_is_used_when_no_canonical(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><meta property="og:url" content="https://jobs.example.net/42">'
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Ergonomist"}'
        "</script></head></html>",
        encoding="utf-8",
    )
    [p], _ = read(path)
    assert p.url == "https://jobs.example.net/42"


def test_sniff() -> None:
    reader = JsonLdReader()
    assert reader.sniff(Path("a.html"), b"")
    assert reader.sniff(Path("saved_page"), b"<!DOCTYPE html><html>")
    assert reader.sniff(
        Path("a.json"), b'{"@context": "https://schema.org", "@type": "JobPosting"}'
    )
    assert not reader.sniff(Path("a.json"), b'{"title": "JobPosting"}')
    assert not reader.sniff(Path("a.txt"), b"<html>")


# An entity-escaped description is unescaped by str.replace when it holds only the
# common entities; anything else goes to html.unescape. Either way: html.unescape's answer.
_PIECES = ["&lt;", "&gt;", "&amp;", "&quot;", "&#39;", "&", "&amp", "&lt", "&#", "&#x27;", "&nbsp;",
           "&notit;", "amp;", "lt;", "p", " ", "<", "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_escaped_description_unescapes_as_html_unescape(text: str) -> None:
    assert _unescape(text) == html.unescape(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("&lt;p&gt;Band 5 &amp;amp; 6&lt;/p&gt;", "<p>Band 5 &amp; 6</p>"),  # unescaped once
        ("&lt;p&gt;O&#39;Neil &quot;Ward&quot;&lt;/p&gt;", "<p>O'Neil \"Ward\"</p>"),
        ("&lt;p&gt;Notes &notes &copy;&lt;/p&gt;", "<p>Notes ¬es ©</p>"),  # html.unescape's own reading
        ("&lt;b&gt;x&lt;/b&gt; <i>raw</i>", "&lt;b&gt;x&lt;/b&gt; <i>raw</i>"),  # already HTML: left alone
    ],
)
def test_escaped_description(value: str, expected: str) -> None:
    assert posting(description=value).description == expected
