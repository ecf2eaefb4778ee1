"""The career plan (otpath.report): its facts are the fit engine's, the catalog's and the
stored postings'; its HTML is inert and self-contained; its PDF says what the page says."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from otpath.errors import ReportError
from otpath.fit import rank
from otpath.ingest import ingest_paths
from otpath.match import jobs_for_profile, role_evidence
from otpath.profile import Profile
from otpath.report import build_report, render_body, render_document, report_pdf, write_pdf
from otpath.search import SearchQuery
from otpath.store import Store
from tests._pdf import pdf_text, require_weasyprint

SAMPLE = Path(__file__).resolve().parent.parent / "otpath" / "data" / "sample_postings.jsonl"
TODAY = date(2026, 12, 1)

COTA_REMOTE = Profile(
    credentials=["COTA"], years_experience=4, settings=["snf"],
    preferences={"remote": "required", "patient_interaction": "none", "musts": ["remote"],
                 "pay_floor": 61500},
)  # fmt: skip
OT_PEDS = Profile(credentials=["OT"], years_experience=1, settings=["pediatrics", "schools"])
PT_BUSINESS = Profile(
    credentials=["PT"], years_experience=12,
    preferences={"entrepreneurship": True, "pay_model": "business", "musts": ["entrepreneurship"]},
)  # fmt: skip
SLP_UK = Profile(
    credentials=["SLP"], years_experience=6, country="GB", preferences={"pay_floor": 38000}
)
PROFILES = {"cota-remote": COTA_REMOTE, "ot-peds": OT_PEDS, "pt-business": PT_BUSINESS, "slp-uk": SLP_UK}

HOSTILE = {
    "id": "hostile-report-1",
    "title": "Utilization Review Therapist <script>alert(1)</script><img src=x onerror=alert(2)>",
    "company": "Evil <b>Corp</b>",
    "location": "Remote, United States",
    "url": "javascript:alert(3)",
    "description": "<p>Remote utilization review for OT and COTA. 2 years required.</p>"
    "<script>alert(4)</script>",
}

# A job in the UK, paid in pounds (our own words): a pay chart in GBP for an SLP there.
UK_POSTING = {
    "id": "uk-coordinator-1",
    "title": "Home Health Care Coordinator",
    "company": "Example Community Trust",
    "location": "Leeds, UK",
    "description": "Coordinate home health care visits for patients discharged from hospital."
    " Open to OT, PT and SLP. Salary £40,000 - £46,000 per year. Hybrid.",
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding otpath's own sample postings stored as ordinary (non-sample)
    postings, plus one hostile posting."""
    folder = tmp_path_factory.mktemp("report-store")
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    for record in records:
        record.pop("sample", None)  # each marks itself as sample data
    postings = folder / "postings.jsonl"
    postings.write_text("".join(json.dumps(r) + "\n" for r in [*records, HOSTILE, UK_POSTING]), encoding="utf-8")
    path = folder / "otpath.db"
    with Store.open(path) as store:
        assert ingest_paths(store, [postings]).new == len(records) + 2
        assert store.count_postings(sample=True) == 0
    return path


@pytest.fixture
def store(store_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(store_path) as s:
        yield s


def _text(html: str) -> str:
    return " ".join(LexborHTMLParser(html).body.text().split())  # type: ignore[union-attr]


# -- facts come from the engine, the catalog and the store --------------------------------


@pytest.mark.parametrize("name", sorted(PROFILES))
@pytest.mark.parametrize("top", [1, 3, 5])
def test_top_roles_are_the_rankings_best_open_to_you(store: Store, name: str, top: int) -> None:
    profile = PROFILES[name]
    plan = build_report(store, profile, top=top, today=TODAY)
    expected = [
        r for r in rank(profile, evidence=role_evidence(store)).results
        if r.eligibility != "not_eligible"
    ][:top]  # fmt: skip
    # the engine's results, word for word, except that catalog source keys ("[S135]")
    # are written as the plan's own source numbers ("[4]")
    def same(fit: object) -> str:
        return re.sub(r"\[?\bS\d+\b\]?|\[\d+\]", "[#]", fit.model_dump_json())  # type: ignore[attr-defined]

    assert [same(r.fit) for r in plan.roles] == [same(e) for e in expected]
    assert [r.rank for r in plan.roles] == list(range(1, top + 1))


def test_why_splits_the_engines_own_reasons(store: Store) -> None:
    plan = build_report(store, COTA_REMOTE, today=TODAY)
    for role in plan.roles:
        fit = role.fit
        counted = {f.reason for f in fit.factors if f.weight > 0}
        # every strength and concern is a sentence of the fit engine, none is ours
        assert set(role.strengths) <= counted
        engine = counted | {f"Breaks your must \u201c{m.label}\u201d: {m.reason}" for m in fit.musts_broken}
        engine |= {fit.pay.note} if fit.pay and fit.pay.note else set()
        assert set(role.concerns) <= engine
        assert not set(role.strengths) & set(role.concerns)
        assert set(role.strengths) | set(role.concerns) >= counted  # nothing counted is dropped


def test_postings_are_those_the_whole_profile_can_apply_for(store: Store) -> None:
    plan = build_report(store, COTA_REMOTE, postings=7, today=TODAY)
    judged = jobs_for_profile(
        store, COTA_REMOTE, query=SearchQuery(include_sample=False, relevant_only=True), limit=500
    )
    expected = [j for j in judged if j.verdict != "cannot_apply" and not j.breaks_must]
    assert plan.postings == expected[:7]
    assert plan.postings_matching == len(expected) > 7
    assert {j.verdict for j in plan.postings} <= {"can_apply", "stretch"}
    # a posting that breaks a must of the person's is not part of their plan
    assert any(j.breaks_must for j in judged) and not any(j.breaks_must for j in plan.postings)
    for role in plan.roles:
        assert role.matching_postings == sum(1 for j in expected if j.role == role.fit.role)


def test_sample_postings_are_left_out_unless_asked_and_then_marked(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ingest_paths(store, [SAMPLE], sample=True)
        bare = build_report(store, COTA_REMOTE, today=TODAY)
        assert bare.postings == [] and bare.sample_left_out == store.count_postings() > 0
        assert "No stored posting you can apply for" in _text(render_body(bare))
        assert "made-up sample postings are left out" in _text(render_body(bare))
        shown = build_report(store, COTA_REMOTE, include_sample=True, today=TODAY)
    assert shown.postings and all(j.sample for j in shown.postings)
    page = LexborHTMLParser(render_body(shown))
    assert len(page.css(".cp-posting .cp-sample")) == len(shown.postings)
    assert "sample postings included" in _text(render_body(shown))


def test_an_empty_store_invents_no_posting_and_no_pay() -> None:
    with Store.memory() as store:
        plan = build_report(store, COTA_REMOTE, today=TODAY)
    assert plan.postings == [] and plan.store_postings == 0
    assert all(line.stored == [] for line in plan.pay_lines)
    for chart in plan.pay_charts:
        assert all(row.median is None and row.p25 is None for row in chart.rows)


@pytest.mark.parametrize(
    ("profile", "currencies", "floor_in"),
    [
        (COTA_REMOTE, ["USD"], "USD"),
        (SLP_UK, ["GBP", "USD"], "GBP"),  # a pay floor in pounds is never drawn on dollars
    ],
)
def test_pay_charts_keep_one_currency_each(
    store: Store, profile: Profile, currencies: list[str], floor_in: str
) -> None:
    plan = build_report(store, profile, today=TODAY)
    assert [c.currency for c in plan.pay_charts][: len(currencies)] == currencies
    for chart in plan.pay_charts:
        floors = [r for r in chart.rows if r.label == "Your pay floor"]
        assert len(floors) == (1 if chart.currency == floor_in else 0)
        if chart.currency != "USD":  # BLS figures are US dollars only
            assert not any("clinical pay" in r.label for r in chart.rows)
    gbp = [r for c in plan.pay_charts if c.currency == "GBP" for r in c.rows if r.median]
    if "GBP" in currencies:  # the pounds come from the one posting paid in pounds
        assert gbp and all(r.label == "Home Health Care Coordinator" for r in gbp)
    usd = next(c for c in plan.pay_charts if c.currency == "USD")
    baseline = plan.credential_pay[0]
    row = next(r for r in usd.rows if r.label == f"{baseline.credential}: clinical pay")
    assert row.marker == baseline.annual_median


def test_the_sourced_range_is_drawn_only_for_your_credential(store: Store) -> None:
    """Utilization review's sourced range is for COTA and PTA: drawn for a COTA, not an OT."""
    ur = "Utilization Reviewer"
    cota = build_report(store, COTA_REMOTE, top=1, today=TODAY)
    row = next(r for c in cota.pay_charts for r in c.rows if r.label == ur)
    assert (row.low, row.high) == (65000, 80000)
    ot = build_report(store, COTA_REMOTE.model_copy(update={"credentials": ["OT"]}), top=1, today=TODAY)
    assert ot.roles[0].fit.role == "utilization_review"
    row = next(r for c in ot.pay_charts for r in c.rows if r.label == ur)
    assert (row.low, row.high) == (None, None)
    assert ot.pay_lines[0].sourced_for == ["COTA", "PTA"]


# -- the HTML ------------------------------------------------------------------------------


def test_the_document_is_inert_and_self_contained(store: Store) -> None:
    plan = build_report(store, COTA_REMOTE, postings=50, today=TODAY)
    # the hostile posting is listed, its title's tags taken out when it was read
    hostile = [j.title for j in plan.postings if "alert(1)" in j.title]
    assert hostile == ["Utilization Review Therapist alert(1)"], hostile
    html = render_document(plan)
    page = LexborHTMLParser(html)
    assert page.css("script") == [] and page.css("img") == [] and page.css("link") == []
    assert page.css("iframe") == [] and len(page.css("style")) == 1
    for node in page.css("*"):
        assert not any(a.lower().startswith("on") for a in node.attributes), node.tag
        for attr in ("href", "src"):
            value = (node.attributes.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "file:")), value
    assert "Utilization Review Therapist alert(1)" in html and "alert(2)" not in html
    assert "javascript:alert(3)" not in html


def test_every_citation_points_at_a_listed_source(store: Store) -> None:
    plan = build_report(store, SLP_UK, today=TODAY)
    page = LexborHTMLParser(render_body(plan))
    targets = {n.attributes["id"] for n in page.css(".cp-sources li")}
    cites = [n.attributes["href"] for n in page.css("a.cp-cite")]
    assert cites and {c.removeprefix("#") for c in cites} <= targets
    assert [s.number for s in plan.sources] == list(range(1, len(plan.sources) + 1))


def test_app_links_only_on_the_web(store: Store) -> None:
    plan = build_report(store, COTA_REMOTE, today=TODAY)
    web = LexborHTMLParser(render_body(plan, app_links=True))
    assert web.css_first('#cp-roles a[href="/roles/utilization_review"]') is not None
    assert web.css_first('.cp-posting h3 a[href^="/postings/"]') is not None
    alone = LexborHTMLParser(render_document(plan))
    local = [a.attributes["href"] for a in alone.css("a") if (a.attributes["href"] or "").startswith("/")]
    assert local == []  # a file on its own has no app to link to
    assert alone.css_first('.cp-posting h3 a[href^="https://careers.example.com/"]') is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    credentials=st.lists(st.sampled_from(["OT", "COTA", "PT", "PTA", "SLP"]), min_size=1, max_size=2),
    years=st.floats(min_value=0, max_value=40, allow_nan=False),
    remote=st.sampled_from(["required", "preferred", "no_preference", "avoid"]),
    contact=st.sampled_from(["none", "low", "medium", "high"]),
    business=st.booleans(),
    top=st.integers(min_value=-3, max_value=12),
)
def test_any_profile_gets_a_plan_it_can_read(
    credentials: list[str], years: float, remote: str, contact: str, business: bool, top: int
) -> None:
    profile = Profile(
        credentials=credentials, years_experience=years,
        preferences={"remote": remote, "patient_interaction": contact, "entrepreneurship": business},
    )  # fmt: skip
    with Store.memory() as store:
        plan = build_report(store, profile, top=top, today=TODAY)
    assert 1 <= len(plan.roles) <= max(1, min(6, top))
    assert all(r.fit.eligibility != "not_eligible" for r in plan.roles)
    cited = {s.key for r in plan.roles for g in r.fit.gaps for s in g.sources}
    assert cited <= {s.key for s in plan.sources}
    html = render_document(plan)
    assert "<script" not in html
    for role in plan.roles:
        assert role.fit.title.replace("&", "&amp;") in html


# -- the PDF -------------------------------------------------------------------------------


def test_the_pdf_says_what_the_page_says(store: Store, tmp_path: Path) -> None:
    require_weasyprint()
    plan = build_report(store, COTA_REMOTE, today=TODAY)
    path = write_pdf(plan, tmp_path / "plan.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for role in plan.roles:
        assert role.fit.title in text
    first_step = next(g for r in plan.roles for g in r.fit.gaps)
    assert first_step.text in text
    assert first_step.how and first_step.how in text  # printed open: the how of each step
    assert plan.postings[0].title in text
    assert "Postings you can apply for" in text and "Pay compared" in text
    assert "1 December 2026" in text


def test_pdf_without_weasyprint_says_what_to_install(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    plan = build_report(store, OT_PEDS, today=TODAY)
    with pytest.raises(ReportError, match="writing a PDF needs WeasyPrint") as info:
        report_pdf(plan)
    assert info.value.hint is not None and "otpath[pdf]" in info.value.hint


def test_writing_to_a_folder_that_is_not_there_is_a_report_error(store: Store, tmp_path: Path) -> None:
    require_weasyprint()
    plan = build_report(store, OT_PEDS, today=TODAY)
    with pytest.raises(ReportError, match=re.escape(f"cannot write {tmp_path / 'no' / 'plan.pdf'}")):
        write_pdf(plan, tmp_path / "no" / "plan.pdf")


def test_a_plan_for_someone_outside_the_us_says_its_facts_are_us_facts(store: Store) -> None:
    uk = Profile(credentials=["OT"], years_experience=3, country="GB")
    body = _text(render_body(build_report(store, uk, top=1, today=TODAY)))
    assert "The roles and their facts come from US sources" in body
    assert "postings you import from the UK show what employers there ask" in body
    us = _text(render_body(build_report(store, uk.model_copy(update={"country": "US"}), top=1, today=TODAY)))
    assert "come from US sources" not in us


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_source_the_plan_names_is_in_its_list(store: Store, name: str) -> None:
    # The plan numbers its sources; a catalog key ("S139") left in a reason or a step
    # could not be looked up by its reader.
    plan = build_report(store, PROFILES[name], top=5, today=TODAY)
    body = _text(render_body(plan))
    assert not re.findall(r"\bS\d{1,3}\b", body)
    listed = {s.number for s in plan.sources}
    cited = {int(n) for n in re.findall(r"\[(\d{1,3})\]", body)}
    assert cited and cited <= listed


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_a_roles_postings_line_says_how_many_section_4_lists(store: Store, name: str) -> None:
    plan = build_report(store, PROFILES[name], top=5, postings=3, today=TODAY)
    for role in plan.roles:
        shown = sum(1 for j in plan.postings if j.role == role.fit.role)
        assert role.matching_shown == shown <= role.matching_postings


def test_outside_the_us_a_role_s_pay_is_held_against_the_floor_by_stored_postings(store: Store) -> None:
    """No sourced figure is in pounds, but a stored posting paid in pounds is: the table
    compares its median with a UK person's floor, and says where the figure comes from."""
    plan = build_report(store, SLP_UK, top=6, today=TODAY)
    line = next(p for p in plan.pay_lines if any(s.currency == "GBP" for s in p.stored))
    gbp = next(s for s in line.stored if s.currency == "GBP")
    assert line.against_floor is not None and "the median of the stored postings that take SLP or name no credential, £" in line.against_floor
    assert line.below_floor is (gbp.median < 38000)
    assert line.against_floor.endswith(("is below your £38,000.", "is at or above your £38,000."))
