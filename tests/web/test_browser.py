"""What a person clicks, in a real browser: Playwright driving Debian's chromium.

A uvicorn server runs in a thread on 127.0.0.1 (a free port) over a temporary
store holding the sample postings. Each step saves a screenshot to
``screenshots/`` (git-ignored) so a human can look at the pages.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "screenshots"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_person_s_path(page) -> None:  # type: ignore[no-untyped-def]
    # 1. Start page -> quiz.
    page.goto("/")
    shot(page, "01-start")
    page.get_by_role("link", name="Take the quiz").first.click()
    page.wait_for_url("**/quiz")

    # 2. The quiz, as a COTA who wants remote work and no patient contact.
    page.get_by_label("COTA").check()
    page.get_by_label("Years of clinical experience").fill("4")
    page.get_by_role("group", name="1. Do you want to work remotely or in person?").get_by_label(
        "Remote only"
    ).check()
    page.get_by_role(
        "group", name="2. How much patient and family contact do you want?"
    ).get_by_label("None").check()
    page.get_by_role(
        "group", name="3. How much lifting and physical work is acceptable?"
    ).get_by_label("None").check()
    shot(page, "02-quiz")
    page.get_by_role("button", name="Save and see my results").click()
    page.wait_for_url("**/results")

    # 3. Results: utilization review first, pre-service coordinator not eligible, with why.
    first = page.locator('ol.ranked[aria-label="Roles you are eligible for"] > li').first
    assert first.get_attribute("id") == "fit-utilization_review"
    assert first.locator("svg.chart rect.bar").count() > 0
    pre = page.locator("#fit-pre_service_coordinator")
    assert pre.locator(".badge.not-eligible").inner_text() == "Not eligible"
    reason = pre.locator(".eligibility").inner_text()
    assert "COTA" in reason and "open to" in reason
    shot(page, "03-results")

    # 4. The role page.
    first.get_by_role("link").first.click()
    page.wait_for_url("**/roles/utilization_review")
    assert "Utilization" in page.locator("h1").inner_text()
    shot(page, "04-role")

    # 5. Search jobs with the remote filter (a GET form: the URL is a bookmark).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    page.get_by_label("Remote", exact=True).select_option("remote")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/jobs?*remote=remote*")
    items = page.locator("ol.postings > li.posting-item")
    assert items.count() > 0
    for i in range(items.count()):
        assert "Remote" in items.nth(i).locator(".meta").first.inner_text()
    shot(page, "05-jobs-remote")

    # 6. Open a posting and see its verdict for the saved profile.
    items.first.get_by_role("link").first.click()
    page.wait_for_url("**/postings/*")
    verdict = page.locator(".verdict-panel .badge").inner_text()
    assert verdict in ("You can apply", "A stretch", "Cannot apply")
    assert page.locator(".verdict-panel ul.reasons li").count() > 0
    shot(page, "06-posting")

    # 7. Import a JobSpy CSV and find its postings.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    csv_path = REPO / "tests" / "fixtures" / "jobspy" / "sample_jobspy.csv"
    page.get_by_label("File to import").set_input_files(str(csv_path))
    page.get_by_role("button", name="Import", exact=True).click()
    summary = page.locator("section.summary")
    summary.wait_for()
    assert "sample_jobspy.csv" in summary.locator("h2").inner_text()
    shot(page, "07-import")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        title = next(csv.DictReader(fh))["title"]
    page.get_by_role("link", name="See the postings").click()
    page.get_by_label("Words").fill(title)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/jobs?*")
    assert page.locator("ol.postings > li.posting-item").count() > 0
    assert title.split()[0] in page.locator("ol.postings > li.posting-item h2").first.inner_text()
    shot(page, "08-imported-found")

    assert page.problems == []  # type: ignore[attr-defined]


def test_results_fit_a_phone_screen(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=server)
    p = context.new_page()
    for path, name in [("/results", "09-phone-results"), ("/jobs", "10-phone-jobs")]:
        p.goto(path)
        width = p.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways at 375 px ({width} px wide)"
        shot(p, name)
    context.close()


def test_keyboard_only_quiz(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/quiz")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.focus("#cred-OT")
    page.keyboard.press("Space")
    assert page.is_checked("#cred-OT")
    page.focus("#remote-no_preference")
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    assert page.is_checked("#remote-avoid")
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/results")
    assert page.problems == []  # type: ignore[attr-defined]


def test_hostile_posting_runs_no_script(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    hostile = {
        "id": "browser-hostile",
        "title": "Remote Utilization Review OT <script>alert('title')</script>",
        "company": "Hostile Health",
        "url": "javascript:alert('url')",
        "description": (
            "<p>Remote utilization review. OT or COTA.</p>"
            "<script>alert(1)</script>"
            "<img src=x onerror=alert(2)>"
            '<a href="javascript:alert(3)">apply</a>'
            "<svg onload=alert(4)><circle r=5></circle></svg>"
            '<iframe srcdoc="<script>alert(5)</script>"></iframe>'
            "<details open ontoggle=alert(6)><summary>x</summary></details>"
        ),
    }
    upload = tmp_path / "hostile.jsonl"
    upload.write_text(json.dumps(hostile) + "\n", encoding="utf-8")
    page.goto("/import")
    page.get_by_label("File to import").set_input_files(str(upload))
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("section.summary").wait_for()
    page.goto("/jobs?q=Hostile+Health")
    page.locator("ol.postings > li.posting-item a").first.click()
    page.wait_for_url("**/postings/*")
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    found = page.evaluate(
        """() => {
            const all = [...document.querySelectorAll('*')];
            return {
                scripts: document.querySelectorAll('script').length,
                iframes: document.querySelectorAll('iframe').length,
                handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                jsLinks: all.filter(e => [...e.attributes].some(
                    a => a.value.toLowerCase().includes('javascript:'))).length,
            };
        }"""
    )
    assert found == {"scripts": 0, "iframes": 0, "handlers": 0, "jsLinks": 0}
    assert "alert('title')" in page.locator("h1").inner_text()
    shot(page, "11-hostile-posting")
    assert page.problems == []  # type: ignore[attr-defined]


def test_dealbreakers_on_the_results_page_and_its_print(browser, server, h) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: musts marked in the quiz decide the ranking, the weights are on the page,
    and the printed page has every reason and plan open."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    h.quiz_in_browser(page)

    # the weights, with the musts marked
    weights = page.locator(".weights-table tbody tr.must th")
    assert weights.all_inner_texts() == ["Remote or in person (must)", "Patient contact (must)"]
    # a role breaking a must sits in its own group, saying which must
    tele = page.locator("ol.breaking-list > li#fit-telehealth_therapist")
    assert tele.locator(".must-broken").inner_text().endswith("Patient contact in this role is high.")
    first = page.locator('ol.ranked[aria-label="Roles you are eligible for"] > li').first
    assert first.get_attribute("id") == "fit-utilization_review"
    plan = first.locator("details.plan-box ol.plan")
    assert not plan.is_visible()  # closed on screen
    shot(page, "12-results-musts-1280")

    page.emulate_media(media="print")
    assert plan.is_visible()
    assert first.locator("details.why ul.reasons").is_visible()
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('details ol.plan, details ul.reasons')]
                 .filter(e => e.getBoundingClientRect().height === 0).length"""
    )
    assert hidden == 0
    shot(page, "13-results-print")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "14-results-musts-390")
    page.goto("/roles/compliance_auditor")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".evidence-table tbody tr").count() == 5
    shot(page, "15-role-evidence-390")
    assert problems == []
    context.close()
