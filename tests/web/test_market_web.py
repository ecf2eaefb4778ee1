"""Market evidence on role pages and /insights, and /compare: charts, counts, claims."""

from __future__ import annotations


def test_role_page_leaves_samples_out_and_links_to_them(client, h) -> None:
    page = h.parse(client.get("/roles/utilization_review").text)
    market = page.css_first("section.market")
    text = h.text_of(market)
    assert "No stored posting is classified as this role yet" in text
    assert "10 Sample data postings (made up) are left out" in text
    link = market.css_first("a[href='/insights/roles/utilization_review?samples=1']")
    assert link is not None


def test_market_page_with_samples_has_charts_claims_and_counts(client, h) -> None:
    resp = client.get("/insights/roles/pre_service_coordinator?samples=1")
    assert resp.status_code == 200
    page = h.parse(resp.text)
    market = page.css_first("section.market")
    assert "Includes sample data" in h.text_of(market.css_first(".rests-on"))
    charts = market.css("svg.chart")
    assert len(charts) >= 3
    for svg in charts:
        assert svg.css_first("title") is not None  # every chart has an accessible name
        assert "style" not in svg.attributes
    claims = [h.text_of(c) for c in market.css(".claim")]
    assert any("fully remote" in c and "Stored postings" in c for c in claims)
    assert any("physical or occupational therapist" in c for c in claims)
    api = client.get("/api/v1/insights/roles/pre_service_coordinator?include_sample=true").json()
    assert api["postings"] > 0 and api["include_sample"] is True
    assert str(api["postings"]) in h.text_of(market.css_first(".rests-on"))


def test_overview_table_and_family_page(client, h) -> None:
    page = h.parse(client.get("/insights?samples=1").text)
    rows = page.css("table.market-table tbody tr")
    assert rows
    first = [h.text_of(td) for td in rows[0].css("td")]
    api = client.get("/api/v1/insights?include_sample=true").json()["rows"][0]
    assert first[2] == str(api["postings"]) and first[3] == str(api["remote"])
    fam = client.get("/insights/families/utilization_management?samples=1")
    assert fam.status_code == 200 and "Roles in this family" in fam.text
    assert client.get("/insights/families/space").status_code == 404
    assert client.get("/api/v1/insights/families/space").json()["error"]["code"] == "not_found"


def test_compare_two_roles(client, h) -> None:
    h.take_quiz(client)
    page = h.parse(client.get("/compare?roles=utilization_review&roles=recruiter&samples=1").text)
    heads = [h.text_of(th.css_first("a")) for th in page.css("table.compare thead th[scope=col] ") if th.css_first("a")]
    assert heads == ["Utilization Reviewer", "Recruiter"]
    rows = {h.text_of(tr.css_first("th")): [h.text_of(td) for td in tr.css("td")] for tr in page.css("table.compare tbody tr") if tr.css_first("th[scope=row]")}
    assert rows["Who can apply"] == ["PT, PTA, OT, COTA, SLP", "Any credential"]
    assert rows["Score"][0].endswith("Eligible") and "/100" in rows["Score"][0]
    assert rows["US median (BLS)"][1].startswith("$")
    assert page.css_first("figure.pay-compare svg.chart") is not None
    api = client.get("/api/v1/compare?roles=utilization_review&roles=recruiter").json()
    assert [r["id"] for r in api["roles"]] == ["utilization_review", "recruiter"]
    assert api["profile_used"] is True


def test_compare_picker_and_errors(client, h) -> None:
    one = h.parse(client.get("/compare?roles=recruiter").text)
    assert "Choose 1 to 3 more roles" in h.text_of(one.css_first(".alert[role=status]"))
    assert "checked" in one.css_first("#cmp-recruiter").attributes
    bad = client.get("/compare?roles=recruiter&roles=astronaut")
    assert bad.status_code == 422 and "no role" in h.text_of(h.parse(bad.text).css_first("#compare-error"))
    assert client.get("/api/v1/compare?roles=recruiter").status_code == 422
    assert client.get("/api/v1/compare?roles=recruiter&roles=astronaut").status_code == 404


def test_compare_answers_for_every_role(client) -> None:
    # A role whose stored postings hold no remote one made the page fail (500) at once.
    from otpath.catalog import load_catalog

    ids = sorted(load_catalog().roles)
    for a, b in zip(ids, ids[1:] + ids[:1], strict=True):
        resp = client.get(f"/compare?roles={a}&roles={b}&samples=1")
        assert resp.status_code == 200, (a, b)


def test_compare_says_unclear_and_likely_as_the_results_page_does(client, h) -> None:
    # For a COTA, no source says whether case managers take them (unclear) and otpath
    # only infers that UX research does (likely): neither is "Eligible".
    h.take_quiz(client)
    page = h.parse(client.get("/compare?roles=case_manager&roles=ux_researcher&roles=utilization_review").text)
    rows = {h.text_of(tr.css_first("th")): [h.text_of(td) for td in tr.css("td")] for tr in page.css("table.compare tbody tr") if tr.css_first("th[scope=row]")}
    unclear, likely, eligible = rows["Score"]
    assert unclear.endswith("Eligibility unclear") and "Eligible" not in unclear.split("/100")[1]
    assert likely.endswith("Likely eligible")
    assert eligible.endswith("Eligible")


def test_compare_json_says_eligibility_as_the_page_does(client, h) -> None:
    # The page's badge (Eligible, Likely eligible, Eligibility unclear, Not eligible) is
    # each column's fit.eligibility in the JSON; the plain eligible flag, kept for older
    # clients, is true for all but not_eligible, and the OpenAPI document says both.
    h.take_quiz(client)
    roles = ["utilization_review", "ux_researcher", "case_manager", "pre_service_coordinator"]
    page = h.parse(client.get("/compare", params={"roles": roles}).text)
    rows = {h.text_of(tr.css_first("th")): tr.css("td") for tr in page.css("table.compare tbody tr") if tr.css_first("th[scope=row]")}
    badges = [h.text_of(td.css_first(".badge")) for td in rows["Score"]]
    api = client.get("/api/v1/compare", params={"roles": roles}).json()
    states = [col["fit"]["eligibility"] for col in api["roles"]]
    assert states == ["eligible", "likely", "unclear", "not_eligible"]
    assert badges == ["Eligible", "Likely eligible", "Eligibility unclear", "Not eligible"]
    assert [col["fit"]["eligible"] for col in api["roles"]] == [True, True, True, False]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["FitResult"]
    eligibility = schema["properties"]["eligibility"]
    assert eligibility["enum"] == states
    assert all(badge in eligibility["description"] for badge in badges)
    assert "true for 'likely' and 'unclear'" in schema["properties"]["eligible"]["description"]
