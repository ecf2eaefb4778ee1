"""Results, role, quiz, jobs and posting pages for issue 9 (and issue 8's consumer side).

In-process, HTML parsed. The store is a copy of the sample store; postings that only the
lead's classifier will produce (family "unrelated") are inserted directly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from otpath.postings.models import Classification, Pay, Posting, Requirements

# added to conftest's remote, no-patient COTA (h.COTA): musts, SNF, a pay floor, a country
MORE = {
    "settings": ["snf"],
    "musts": ["remote", "patient_interaction"],
    "pay_floor": "61,500",
    "pay_floor_interval": "yearly",
    "pay_floor_currency": "",
    "country": "US",
}


def cota(h, **over: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The quiz answers of the COTA of issue 9, with ``over`` replacing some."""
    return {**h.COTA, **MORE, **over}


def insert(db: Path, *postings: Posting) -> None:
    from otpath.store import SourceRef, Store

    with Store.open(db) as store, store.transaction():
        for p in postings:
            store.insert_posting(p, title_norm=p.title.lower(), signature=None,
                                 keys=["content:" + p.id], sources=[SourceRef(file="t", line=1)])  # fmt: skip


def posting(pid: str, title: str, *, family: str, role: str | None, credentials: list[str],
            pay: Pay | None = None) -> Posting:  # fmt: skip
    return Posting(
        id=pid, title=title, company="Test Co", date_posted="2026-11-20",
        description_text=f"{title}. Remote.",
        classification=Classification(relevant=family != "unrelated", family=family, role=role),
        requirements=Requirements(credentials=credentials, remote="remote", pay=pay or Pay()),
    )  # fmt: skip


def test_quiz_saves_musts_pay_floor_and_country(client, h, profile_path) -> None:
    assert h.take_quiz(client, cota(h)).status_code == 303
    text = profile_path.read_text()
    assert 'musts = ["remote", "patient_interaction"]' in text
    assert "pay_floor = 61500.0" in text and 'country = "US"' in text
    page = h.parse(client.get("/quiz").text)
    assert "checked" in page.css_first("#must-remote").attributes
    assert "checked" not in page.css_first("#must-schedule").attributes
    assert page.css_first("#pay_floor").attributes["value"] == "61500"
    # countries are offered by name, the saved one chosen
    chosen = page.css_first("#country option[selected]")
    assert (chosen.attributes["value"], h.text_of(chosen)) == ("US", "United States (US)")
    assert "United Kingdom (GB)" in [h.text_of(o) for o in page.css("#country option")]


def test_quiz_with_a_bad_pay_floor_names_the_field(client, h) -> None:
    resp = h.take_quiz(client, cota(h, pay_floor="lots"))
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert "pay_floor" in (page.css_first("fieldset.invalid").attributes.get("id") or "")
    assert "enter your pay floor as an amount, such as 31000 or £31,000" in h.text_of(page.css_first("#form-error"))


def test_quiz_refuses_a_yearly_pay_floor_given_per_hour(client, h, profile_path) -> None:
    resp = h.take_quiz(client, cota(h, pay_floor="75,000", pay_floor_interval="hourly"))
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert page.css_first("fieldset.invalid").attributes.get("id") == "field-pay_floor"
    assert "75,000 an hour is more than any hourly pay" in h.text_of(page.css_first("#form-error"))
    assert not profile_path.exists()


def test_quiz_takes_a_pay_floor_typed_with_its_currency_symbol(client, h, profile_path) -> None:
    assert h.take_quiz(client, cota(h, country="GB", pay_floor="£31,000")).status_code == 303
    text = profile_path.read_text()
    assert "pay_floor = 31000.0" in text and 'pay_floor_currency = "GBP"' in text
    # no role's pay is in pounds: the results page does not promise to mark any against it
    line = h.text_of(h.parse(client.get("/results").text).css_first(".pay-line"))
    assert "Your pay floor: £31,000 a year; no role's pay here is in your currency" in line
    assert "roles below it are marked" not in line


def test_results_show_weights_groups_and_the_broken_must(client, h) -> None:
    h.take_quiz(client, cota(h))
    page = h.parse(client.get("/results").text)
    rows = {h.text_of(r.css_first("th")): h.text_of(r.css_first("td.num"))
            for r in page.css(".weights-table tbody tr")}  # fmt: skip
    assert set(rows) >= {"Remote or in person (must)", "Patient contact (must)", "Own business"}
    remote = rows["Remote or in person (must)"]
    assert remote.endswith("%") and float(remote[:-1]) > 25
    musts = [h.text_of(r.css_first("th")) for r in page.css(".weights-table tr.must")]
    assert musts == ["Remote or in person (must)", "Patient contact (must)"]
    assert "Remote only; No patient contact" in h.text_of(page.css_first(".musts"))
    can = page.css('ol.ranked[aria-label="Roles you are eligible for"] > li')
    assert can[0].attributes["id"] == "fit-utilization_review"
    assert not [li for li in can if li.css_first(".must-broken")]
    tele = page.css_first('ol.breaking-list > li#fit-telehealth_therapist')
    assert tele is not None
    assert "No patient contact" in h.text_of(tele.css_first(".must-broken"))
    assert page.css_first(".ineligible-list > li#fit-pre_service_coordinator") is not None
    assert "US median (BLS) $72,300" in h.text_of(page.css_first(".pay-line"))
    assert "Your pay floor: $61,500 a year; roles below it are marked" in h.text_of(page.css_first(".pay-line"))


@pytest.mark.parametrize(
    ("role", "badge"),
    [
        ("utilization_review", "Eligible"),
        ("ux_researcher", "Likely eligible"),
        ("compliance_auditor", "Eligibility unclear"),
        ("pre_service_coordinator", "Not eligible"),
    ],
)
def test_results_show_four_eligibility_states(client, h, role, badge) -> None:
    h.take_quiz(client, cota(h, musts=[]))
    card = h.parse(client.get("/results").text).css_first(f"#fit-{role}")
    assert h.text_of(card.css_first(".eligibility .badge")) == badge
    if badge == "Likely eligible":
        assert "Why otpath thinks so" in h.text_of(card.css_first(".basis"))
    if badge == "Eligibility unclear":
        assert card.parent.attributes.get("aria-label") == "Roles whose eligibility is unclear"


def test_stored_postings_are_evidence_with_a_link(client, h, app, sample_db) -> None:
    insert(sample_db,
           posting("real-ca-1", "Therapy Documentation Auditor", family="quality_compliance",
                   role="compliance_auditor", credentials=["COTA", "PT"]),
           posting("real-ca-2", "Rehab Compliance Specialist", family="quality_compliance",
                   role="compliance_auditor", credentials=["PT"]),
           # an advert that names no credential (UK adverts never name a COTA)
           posting("real-ca-3", "Clinical Audit Officer", family="quality_compliance",
                   role="compliance_auditor", credentials=[]))  # fmt: skip
    h.take_quiz(client, cota(h, musts=[]))
    card = h.parse(client.get("/results").text).css_first("#fit-compliance_auditor")
    link, unnamed = card.css(".evidence-count a")
    assert h.text_of(link) == "1 of 3 stored postings for this role accept COTA"
    assert h.text_of(unnamed) == "1 names no credential (check them)"
    # the postings that name no credential are in the role's list, not the credential filter
    assert unnamed.attributes["href"] == "/jobs?role=compliance_auditor"
    role_list = h.parse(client.get(unnamed.attributes["href"]).text)
    assert "Clinical Audit Officer" in [h.text_of(n) for n in role_list.css("ol.postings > li h2 a")]
    assert link.attributes["href"] == "/jobs?role=compliance_auditor&credential=COTA"
    assert h.text_of(card.css_first(".eligibility .badge")) == "Likely eligible"
    role_page = h.parse(client.get("/roles/compliance_auditor").text)
    cells = {h.text_of(r.css_first("th")): h.text_of(r.css("td")[1]) for r in role_page.css(".evidence-table tbody tr")}
    assert cells["PT"].startswith("2 of 3 stored postings for this role accept PT")
    assert cells["PT"].endswith("1 names no credential: check them")
    listed = h.parse(client.get(link.attributes["href"]).text)
    titles = [h.text_of(n) for n in listed.css("ol.postings > li h2 a")]
    assert titles == ["Therapy Documentation Auditor"]


def test_role_page_shows_pay_and_who_can_apply(client, h) -> None:
    h.take_quiz(client, cota(h))
    page = h.parse(client.get("/roles/recruiter").text)
    pay = h.text_of(page.css_first('section[aria-labelledby="pay-h"]'))
    assert "base about $30,000-$35,000" in pay
    assert "US median (BLS) for Human Resources Specialists: $75,940 a year" in pay
    assert "Your clinical pay (COTA)" in pay and "$72,300" in pay
    assert "Below your pay" in pay
    pre = h.parse(client.get("/roles/pre_service_coordinator").text)
    who = {h.text_of(r.css_first("th")): h.text_of(r.css_first(".badge")) for r in pre.css(".evidence-table tbody tr")}
    assert who == {"OT": "Eligible", "COTA": "Not eligible", "PT": "Eligible", "PTA": "Not eligible",
                   "SLP": "Not eligible"}  # fmt: skip


def test_plans_are_concrete_with_sources(client, h) -> None:
    h.take_quiz(client, cota(h, musts=[]))
    card = h.parse(client.get("/results").text).css_first("#fit-office_ergonomics")
    steps = card.css("ol.plan > li")
    assert steps
    for step in steps:
        terms = [h.text_of(dt) for dt in step.css("dl.step dt")]
        assert "How" in terms and any(t.startswith("Source") for t in terms)
    cert = next(s for s in steps if "certifications" in h.text_of(s.css_first(".step-what")))
    assert "15 contact hours" in h.text_of(cert)
    assert all(a.attributes["href"].startswith("http") for a in cert.css("dd a"))


def test_jobs_lists_relevant_postings_unless_all(client, h, sample_db) -> None:
    insert(sample_db, posting("nurse-1", "Staff Nurse Remote Triage", family="unrelated", role=None,
                              credentials=[]))  # fmt: skip
    h.take_quiz(client, cota(h, musts=[]))
    for base in ("/jobs?q=triage", "/jobs?q=triage&for=me"):
        page = h.parse(client.get(base).text)
        assert not [n for n in page.css("ol.postings > li h2 a") if "Staff Nurse" in h.text_of(n)]
        page = h.parse(client.get(base + "&all=1").text)
        found = [n for n in page.css("ol.postings > li") if "Staff Nurse" in h.text_of(n)]
        assert found, base
        # with a profile, a search card (as a jobs-for-me card) gives the verdict and why
        assert h.text_of(found[0].css_first(".badge")) == "Cannot apply"
        why = found[0].css_first(".missing") or found[0].css_first("ul.reasons")
        assert "another profession's job" in h.text_of(why), base
        assert "checked" in page.css_first("#show-all").attributes


def test_api_jobs_and_postings_leave_unrelated_out_unless_asked(client, sample_db) -> None:
    insert(sample_db, posting("dev-1", "Software Engineer", family="unrelated", role=None,
                              credentials=[]))  # fmt: skip
    ids = lambda body: {i["id"] for i in body["items"]}  # noqa: E731
    assert "dev-1" not in ids(client.get("/api/v1/postings", params={"q": "software"}).json())
    assert "dev-1" in ids(client.get("/api/v1/postings", params={"q": "software", "include_unrelated": True}).json())
    prof = {"credentials": ["COTA"]}
    jobs = client.post("/api/v1/jobs", json=prof, params={"q": "software"}).json()["jobs"]
    assert not [j for j in jobs if j["posting_id"] == "dev-1"]
    jobs = client.post("/api/v1/jobs", json=prof, params={"q": "software", "include_unrelated": True}).json()["jobs"]
    dev = next(j for j in jobs if j["posting_id"] == "dev-1")
    assert dev["verdict"] == "cannot_apply" and dev["relevant"] is False


def test_api_match_carries_weights_musts_and_pay(client) -> None:
    body = client.post("/api/v1/match", json={
        "credentials": ["COTA"],
        "preferences": {"remote": "required", "musts": ["remote"], "pay_floor": 61500},
    }).json()  # fmt: skip
    assert abs(sum(w["weight"] for w in body["weights"]) - 1) < 0.001
    assert body["musts"] == ["Remote only"] and body["pay_floor"] == "$61,500 a year"
    assert body["credential_pay"][0]["annual_median"] == 72300
    ur = next(r for r in body["results"] if r["role"] == "utilization_review")
    assert ur["eligibility"] == "eligible" and ur["pay"]["below_floor"] is False
    rec = next(r for r in body["results"] if r["role"] == "recruiter")
    assert rec["pay"]["below_floor"] is True


def test_posting_in_pounds_shows_pounds_and_what_is_missing(client, h, sample_db) -> None:
    gbp = Pay(min=30000, max=35000, interval="yearly", currency="GBP", annual_min=30000, annual_max=35000)
    insert(sample_db, posting("uk-1", "Utilization Review Lead", family="utilization_management",
                              role="utilization_review", credentials=["COTA"], pay=gbp))  # fmt: skip
    h.take_quiz(client, cota(h))
    page = h.parse(client.get("/postings/uk-1").text)
    assert "£30,000-£35,000 a year" in h.text_of(page.css_first("p.meta"))
    # ...and in what the posting asks for (it said "currency not stated" there)
    asks = h.text_of(page.css_first("main"))
    assert "Pay £30,000-£35,000 a year" in " ".join(asks.split()) and "currency not stated" not in asks
    assert h.text_of(page.css_first(".verdict-panel .badge")) == "A stretch"
    assert "a job in your country (US)" in h.text_of(page.css_first(".verdict-panel .missing"))
    found = client.get("/api/v1/postings", params={"q": "utilization review lead"}).json()["items"]
    assert found[0]["pay"]["text"] == "£30,000-£35,000 a year" and found[0]["pay"]["currency"] == "GBP"


# -- copy: contrast ---------------------------------------------------------------------------

CSS = Path(__file__).resolve().parents[2] / "otpath" / "web" / "static" / "otpath.css"


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _badge_colours() -> dict[str, tuple[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    resolve = lambda v: variables[v[6:-1]] if v.startswith("var(") else v  # noqa: E731
    out = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        colour = re.search(r"(?<![-\w])color:\s*([^;]+);", body)
        background = re.search(r"background:\s*([^;]+);", body)
        if not (colour and background):
            continue
        for sel in selectors.split(","):
            sel = sel.strip()
            if sel.startswith(".badge."):
                out[sel] = (resolve(colour.group(1).strip()), resolve(background.group(1).strip()))
    return out


def test_contrast_formula_on_known_pairs() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#9a6a00", "#fdf3d8") < 4.5  # the old "A stretch" colours failed AA


def test_a_stretch_badge_and_every_badge_meet_wcag_aa() -> None:
    badges = _badge_colours()
    assert ".badge.verdict-stretch" in badges
    for sel, (fg, bg) in badges.items():
        assert contrast(fg, bg) >= 4.5, (sel, fg, bg, round(contrast(fg, bg), 2))


def test_results_json_of_the_page_and_the_api_agree(client, h) -> None:
    h.take_quiz(client, cota(h))
    page = h.parse(client.get("/results").text)
    shown = [li.attributes["id"][4:] for li in page.css("li.card.fit")]
    prof = json.loads(json.dumps({"credentials": ["COTA"], "years_experience": 4, "settings": ["snf"],
                                  "preferences": {"remote": "required", "patient_interaction": "none",
                                                  "physical_demand": "none",
                                                  "musts": ["remote", "patient_interaction"],
                                                  "pay_floor": 61500}}))  # fmt: skip
    api = [r["role"] for r in client.post("/api/v1/match", json=prof).json()["results"]]
    assert shown == api


def test_results_outside_the_us_say_the_facts_are_us_facts(client, h) -> None:
    assert h.take_quiz(client).status_code == 303
    assert h.parse(client.get("/results").text).css_first(".market-note") is None
    assert h.parse(client.get("/roles/utilization_review").text).css_first(".market-note") is None
    assert h.take_quiz(client, {**h.COTA, "country": "GB"}).status_code == 303
    note = h.parse(client.get("/results").text).css_first(".market-note")
    assert note is not None
    assert h.text_of(note).startswith("The roles and their facts come from US sources")
    assert "postings you import from the UK" in h.text_of(note)
    role_note = h.parse(client.get("/roles/utilization_review").text).css_first(".market-note")
    assert role_note is not None and "US sources" in h.text_of(role_note)


def test_quiz_refuses_an_nhs_band_outside_the_uk(client, h, profile_path) -> None:
    resp = h.take_quiz(client, cota(h, country="US", nhs_band="6"))
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert "invalid" in (page.css_first("#field-nhs_band").attributes.get("class") or "")
    assert "an NHS band is a UK pay grade, but your country is US" in h.text_of(page.css_first("#form-error"))
    assert not profile_path.exists()


def test_quiz_saves_an_nhs_band_and_refuses_an_unknown_one(client, h, profile_path) -> None:
    assert h.take_quiz(client, cota(h, country="GB", nhs_band="6")).status_code == 303
    assert 'nhs_band = "6"' in profile_path.read_text()
    page = h.parse(client.get("/quiz").text)
    assert "selected" in page.css_first('#nhs_band option[value="6"]').attributes
    resp = h.take_quiz(client, cota(h, country="GB", nhs_band="10"))
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert "Your NHS band: “10” is not one of the choices" in h.text_of(page.css_first("#form-error"))
    assert "invalid" in (page.css_first("#field-nhs_band").attributes.get("class") or "")
    # no band (the default) writes none
    assert h.take_quiz(client, cota(h)).status_code == 303
    assert "nhs_band" not in profile_path.read_text()


def requirement_rows(h, page) -> dict[str, str]:
    """A posting page's requirements list as {term: value}."""
    terms, values = page.css("dl.requirements dt"), page.css("dl.requirements dd")
    return {h.text_of(dt): h.text_of(dd) for dt, dd in zip(terms, values, strict=True)}


def test_a_posting_page_shows_the_band_and_weighs_it_against_yours(client, h, sample_db) -> None:
    lead = posting("real-band-1", "Therapy Lead (Band 8a)", family="other", role=None, credentials=["OT"])
    lead = lead.model_copy(update={"requirements": lead.requirements.model_copy(update={"nhs_band": "8a"})})
    insert(sample_db, lead)
    h.take_quiz(client, {**h.COTA, "credentials": ["OT"], "country": "GB", "nhs_band": "6"})
    page = h.parse(client.get("/postings/real-band-1").text)
    rows = requirement_rows(h, page)
    assert rows["NHS band"].startswith("Band 8a (named in the title)")
    assert "band 8a: 2 bands above your band 6" in [h.text_of(li) for li in page.css(".verdict-panel ul.reasons li")]
    assert "experience at band 8a (you are band 6)" in h.text_of(page.css_first(".verdict-panel .missing"))
    assert "(OT, band 6, " in h.text_of(page.css_first(".verdict-panel .hint"))


def test_a_band_named_by_the_pay_field_says_so(client, h, sample_db) -> None:
    head = posting("real-band-2", "Head of Continuing Healthcare", family="other", role=None, credentials=["OT"])
    req = head.requirements.model_copy(update={"nhs_band": "8c", "sentences": {"nhs_band:pay": "Band 8c"}})
    insert(sample_db, head.model_copy(update={"requirements": req}))
    h.take_quiz(client, {**h.COTA, "credentials": ["OT"], "country": "GB", "nhs_band": "6"})
    page = h.parse(client.get("/postings/real-band-2").text)
    rows = requirement_rows(h, page)
    assert rows["NHS band"].startswith("Band 8c (named in the pay)")
    assert "band 8c: 4 bands above your band 6" in [h.text_of(li) for li in page.css(".verdict-panel ul.reasons li")]


def test_a_head_of_service_with_no_band_asks_a_band_6_to_check(client, h, sample_db) -> None:
    head = posting("real-head-1", "Head of Continuing Healthcare", family="other", role=None, credentials=["OT"])
    insert(sample_db, head.model_copy(update={
        "location": "Leeds, United Kingdom",  # an NHS post: bands are said of UK posts only
        "requirements": head.requirements.model_copy(update={"senior_title": "Head of"}),
    }))  # fmt: skip
    h.take_quiz(client, {**h.COTA, "credentials": ["OT"], "country": "GB", "nhs_band": "6"})
    page = h.parse(client.get("/postings/real-head-1").text)
    assert requirement_rows(h, page)["Seniority"] == "“Head of …” in the title; no band stated"
    reasons = [h.text_of(li) for li in page.css(".verdict-panel ul.reasons li")]
    assert "“Head of …” post, no band stated: check its band (you are band 6)" in reasons


def test_jobs_for_me_can_hide_what_the_profile_cannot_apply_for(client, h, sample_db) -> None:
    staff = posting("real-internal", "Utilization Reviewer (internal applicants only)",
                    family="utilization_management", role="utilization_review", credentials=["COTA"])
    staff = staff.model_copy(update={"requirements": staff.requirements.model_copy(update={"internal_only": True})})
    insert(sample_db, staff)
    h.take_quiz(client, cota(h, musts=[]))

    def listed(**params: str) -> tuple[int, list[str]]:
        page = h.parse(client.get("/jobs", params={"for": "me", **params}).text)
        total = int(h.text_of(page.css_first("p.count")).split()[0].replace(",", ""))
        badges = [i.css_first(".badge").attributes["class"] for i in page.css("ol.postings > li.posting-item")]
        return total, badges

    everything, _ = listed()
    last_page = (everything - 1) // 20 + 1
    _, tail = listed(page=str(last_page))
    assert tail[-1] == "badge verdict-cannot_apply"  # what it cannot apply for comes last
    cannot = sum(1 for p in range(1, last_page + 1) for b in listed(page=str(p))[1] if b.endswith("cannot_apply"))
    hidden, first = listed(eligible="1")
    assert hidden == everything - cannot and cannot >= 1
    assert not any(b.endswith("cannot_apply") for b in first)


def test_a_posting_page_shows_its_closing_date_and_a_closed_advert_cannot_be_applied_for(
    client, h, sample_db
) -> None:
    from datetime import date

    old = posting("real-closed-1", "Prior Authorization Coordinator", family="utilization_management",
                  role="pre_service_coordinator", credentials=["COTA"])  # fmt: skip
    insert(sample_db, old.model_copy(update={"valid_through": date(2020, 11, 20)}))
    h.take_quiz(client, cota(h, musts=[]))
    page = h.parse(client.get("/postings/real-closed-1").text)
    rows = requirement_rows(h, page)
    assert rows["Closing date"] == "2020-11-20 (closed: the date has passed)"
    reasons = [h.text_of(li) for li in page.css(".verdict-panel ul.reasons li")]
    assert reasons[0] == "closed on 2020-11-20: the advert's closing date has passed"
    assert "cannot" in page.css_first(".verdict-panel .badge").attributes["class"]


def test_a_title_only_posting_says_it_has_no_description(client, h, sample_db) -> None:
    bare = posting("real-title-only", "Patient Care Coordinator - Remote", family="care_coordination",
                   role=None, credentials=[])  # fmt: skip
    insert(sample_db, bare.model_copy(update={"description_text": "", "description_html": ""}))
    page = h.parse(client.get("/postings/real-title-only").text)
    note = page.css_first("#desc-h").parent.css_first(".alert")
    assert note is not None and "only a title" in h.text_of(note)
    assert page.css_first(".description") is None


def test_hiding_everything_says_how_many_are_hidden(client, h, sample_db) -> None:
    from datetime import date

    from otpath.store import Store

    with Store.open(sample_db) as store, store.transaction():
        store.conn.execute("UPDATE postings SET valid_through = '2020-01-31'")  # every advert closed
    h.take_quiz(client, cota(h, musts=[]))
    shown = h.parse(client.get("/jobs", params={"for": "me"}).text)
    total = int(h.text_of(shown.css_first("p.count")).split()[0].replace(",", ""))
    assert total > 0 and date.today() > date(2020, 1, 31)
    page = h.parse(client.get("/jobs", params={"for": "me", "eligible": "1"}).text)
    empty = h.text_of(page.css_first("ol.postings li.empty"))
    assert f"{total:,} postings you cannot apply for are hidden: show them." in empty


def test_source_keys_in_catalog_notes_link_to_the_about_page(client, h) -> None:
    h.take_quiz(client, cota(h, musts=[]))
    page = h.parse(client.get("/results").text)
    refs = page.css("a.source-ref")
    assert refs, "a catalog note that cites a source key should link it"
    assert not re.search(r"\bS\d{2,3}\b", h.text_of(page.css_first("main"))), "a raw source key is shown"
    about = h.parse(client.get("/about").text)
    for ref in refs[:5]:
        key = ref.attributes["href"].split("#source-")[1]
        number = int(h.text_of(ref).split()[-1])
        listed = about.css("ol.sources > li")
        assert listed[number - 1].attributes.get("id") == f"source-{key}"


def test_a_role_page_links_source_keys_in_its_notes_to_its_own_source_list(client, h) -> None:
    h.take_quiz(client, cota(h, musts=[]))
    page = h.parse(client.get("/roles/ux_researcher").text)
    refs = page.css("a.source-ref")
    assert refs
    targets = [ref.attributes["href"] for ref in refs]
    # the keys the page lists itself link to its list; others (in the gap plan) to the About page
    assert any(t.startswith("#src-") for t in targets)
    for t in targets:
        assert (t.startswith("#src-") and page.css_first(t) is not None) or t.startswith("/about#source-S")
    assert not re.search(r"\[?\bS\d{2,3}\b", h.text_of(page.css_first("main")))


def test_a_posting_that_breaks_a_must_is_badged_so_on_the_list_and_its_page(client, h, sample_db) -> None:
    # A stretch she could close and a job that breaks her "remote only" must looked alike.
    hybrid = posting("real-hybrid", "Hybrid Care Coordinator", family="care_coordination", role=None,
                     credentials=["COTA"])  # fmt: skip
    hybrid = hybrid.model_copy(update={"requirements": hybrid.requirements.model_copy(update={"remote": "hybrid"})})
    insert(sample_db, hybrid)
    h.take_quiz(client, cota(h, musts=["remote"]))
    page = h.parse(client.get("/jobs", params={"for": "me", "q": "Hybrid Care Coordinator"}).text)
    item = next(li for li in page.css("li.posting-item") if "Hybrid Care Coordinator" in h.text_of(li))
    badge = item.css_first(".badge.verdict-breaks_must")
    assert badge is not None and h.text_of(badge) == "Breaks your must"
    shown = h.parse(client.get("/postings/real-hybrid").text)
    assert h.text_of(shown.css_first(".verdict-panel .badge")) == "Breaks your must"
    assert "hybrid: breaks your must \u201cRemote only\u201d" in h.text_of(shown.css_first(".verdict-panel"))
