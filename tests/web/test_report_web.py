"""The career plan on the web: /report, /report.html, /report.pdf and /report.css."""

from __future__ import annotations

from datetime import date

from tests._pdf import pdf_text, require_weasyprint

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def test_without_a_profile_the_plan_asks_for_the_quiz(client, h) -> None:
    page = h.parse(client.get("/report").text)
    assert "You have not taken the quiz yet." in h.text_of(page.css_first("main .alert"))
    assert page.css_first('main a.button[href="/quiz"]') is not None
    assert page.css_first("article.career-plan") is None
    assert client.get("/report.html").status_code == 404
    assert client.get("/report.pdf").status_code == 404


def test_the_plan_page(client, h) -> None:
    h.take_quiz(client)  # a COTA who wants remote work and no patient contact
    resp = client.get("/report")
    assert resp.status_code == 200
    assert resp.headers["content-security-policy"] == CSP
    page = h.parse(resp.text)
    assert page.css_first('nav a[aria-current="page"]').text() == "My plan"
    assert page.css_first('head link[href="/report.css"]') is not None
    plan = page.css_first("main article.career-plan")
    roles = [h.text_of(n) for n in plan.css("ol.cp-roles > li h3")]
    assert roles[0] == "Utilization Reviewer" and len(roles) == 3
    assert plan.css_first('#cp-roles a[href="/roles/utilization_review"]') is not None
    assert len(plan.css("#cp-plan .cp-plan")) == 3
    assert plan.css_first("#cp-pay svg.chart title") is not None
    # the samples are made up: left out by default, with the way to bring them in
    assert plan.css("ol.cp-postings") == []
    assert page.css_first('.report-actions a[href="/report?samples=1"]') is not None
    # strict CSP: no inline script or style, no event handler
    assert page.css("style") == [] and page.css("script") == []
    for node in page.css("*"):
        assert "style" not in node.attributes
        assert not any(a.startswith("on") for a in node.attributes)

    shown = h.parse(client.get("/report?samples=1").text)
    items = shown.css("ol.cp-postings > li.cp-posting")
    assert len(items) == 10
    assert all(i.css_first(".cp-sample") is not None for i in items)
    assert items[0].css_first('h3 a[href^="/postings/"]') is not None
    assert shown.css_first('.report-actions a[href="/report.html?samples=1"]') is not None


def test_the_plan_follows_the_active_profile(client, h) -> None:
    h.take_quiz(client)
    token = h.csrf_token(client, "/profiles")
    client.post("/profiles/new", data={"csrf_token": token, "name": "ben"}, follow_redirects=False)
    assert "You have not taken the quiz yet as ben" in h.text_of(h.parse(client.get("/report").text).css_first("main"))
    h.take_quiz(client, dict(h.COTA, credentials=["PT"], years_experience="12", remote="avoid"))
    page = h.parse(client.get("/report").text)
    assert h.text_of(page.css_first("h1")) == "Career plan for ben"
    assert "PT, 12 years" in h.text_of(page.css_first(".cp-profile"))


def test_the_plan_as_a_file_to_keep(client, h) -> None:
    h.take_quiz(client)
    resp = client.get("/report.html?samples=1")
    assert resp.status_code == 200
    name = f"career-plan-default-{date.today().isoformat()}.html"
    assert resp.headers["content-disposition"] == f'attachment; filename="{name}"'
    page = h.parse(resp.text)
    assert len(page.css("style")) == 1 and page.css("link") == [] and page.css("script") == []
    # a file on its own links no page of the app
    assert [a for a in page.css("a") if (a.attributes.get("href") or "").startswith("/")] == []
    assert h.text_of(page.css_first("ol.cp-roles > li h3")) == "Utilization Reviewer"


def test_the_plan_as_pdf(client, h) -> None:
    require_weasyprint()
    h.take_quiz(client)
    page = h.parse(client.get("/report?samples=1").text)
    assert page.css_first('.report-actions a[href="/report.pdf?samples=1"]') is not None
    resp = client.get("/report.pdf?samples=1")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/pdf"
    assert resp.headers["content-disposition"].endswith('.pdf"')
    text = pdf_text(resp.content)
    assert "Utilization Reviewer" in text and "Postings you can apply for" in text
    first_posting = h.text_of(page.css_first("ol.cp-postings > li h3 a"))
    assert first_posting in text


def test_the_style_sheet(client) -> None:
    resp = client.get("/report.css")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/css")
    assert "@media print" in resp.text and "details::details-content" in resp.text


def test_a_uk_person_is_told_there_is_no_uk_pay_figure(client, h) -> None:
    # Only US figures back the pay lines: /results and /report say so for a UK person
    h.take_quiz(client, {**h.COTA, "credentials": ["PT"], "country": "GB", "pay_floor": "45000", "pay_floor_currency": "GBP"})
    for url in ("/results", "/report"):
        text = h.text_of(h.parse(client.get(url).text).css_first("main"))
        assert "otpath has no sourced pay figure for the UK" in text, url
        assert "no sourced figure" not in text


def test_old_postings_are_said_once_where_they_are_listed(sample_db, client, h) -> None:
    # Every posting closed or posted long ago: home, the search, the 'can apply' list,
    # jobs for me and the plan each say so once, and point to importing newer ones.
    import sqlite3
    from datetime import date

    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE postings SET date_posted = '2020-01-01', valid_through = NULL")
        conn.execute("UPDATE postings SET valid_through = '2020-02-01' WHERE seq % 2 = 0")
    h.take_quiz(client)
    for url in ("/", "/jobs", "/jobs?eligible=1", "/jobs?for=me", "/jobs?q=review", "/report?samples=1"):
        notes = h.parse(client.get(url).text).css(".old-note")
        assert len(notes) == 1, url
        text = h.text_of(notes[0])
        assert "has passed its closing date or was posted more than 60 days ago" in text, url
        assert "none was posted after 2020-01-01" in text
        assert notes[0].css_first('a[href="/import"]') is not None
    with sqlite3.connect(sample_db) as conn:  # one current posting: nothing to say
        conn.execute("UPDATE postings SET date_posted = ?, valid_through = NULL WHERE seq = 1", (date.today().isoformat(),))
    assert not h.parse(client.get("/jobs").text).css(".old-note")
