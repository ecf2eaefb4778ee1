"""The career plan in a real browser: a person takes the quiz, opens "My plan", and
prints it. Screenshots (``screenshots/report-*.png``) at 1280 and 390 px and of the
print view, after checking that the phone view does not scroll sideways."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_open_the_plan_and_print_it(browser, server, h) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    h.quiz_in_browser(page)  # a COTA: remote only, no patient contact (both musts)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My plan").click()
    page.wait_for_url("**/report")
    # the sample postings are made up: left out, with a link that brings them in
    page.get_by_role("link", name="include them").click()
    page.wait_for_url("**/report?samples=1")
    assert page.locator("h1").inner_text() == "Career plan"
    roles = page.locator("ol.cp-roles > li.cp-role h3").all_inner_texts()
    assert roles[0] == "Utilization Reviewer" and len(roles) == 3
    assert page.locator("#cp-pay svg.chart").count() >= 1
    assert page.locator("ol.cp-postings > li.cp-posting").count() > 0
    assert page.locator(".cp-posting .cp-sample").count() > 0  # sample postings are marked

    # on screen, each step's how and sources are folded away under their step
    steps = page.locator("#cp-plan-utilization_review ol.cp-timeline > li.cp-step")
    assert steps.count() > 0
    how = page.locator("#cp-plan ol.cp-timeline details.cp-more > p")
    assert how.count() > 0 and not how.first.is_visible()
    h.shot(page, "report-1280")

    page.emulate_media(media="print")
    # printed, every plan is open: no step's how or sources is hidden
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('#cp-plan details.cp-more > p')]
                 .filter(e => e.getBoundingClientRect().height === 0).length"""
    )
    assert hidden == 0 and how.first.is_visible()
    assert not page.locator("header.site").is_visible()  # the app's chrome is not printed
    assert not page.locator(".report-actions").is_visible()
    assert not page.locator(".cp-toc").is_visible()
    h.shot(page, "report-print")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    h.shot(page, "report-390")
    assert problems == []
    context.close()


def test_the_plan_asks_for_the_quiz_first(browser, server, h) -> None:  # type: ignore[no-untyped-def]
    """A new person (a profile with no answers yet) is sent to the quiz."""
    context = browser.new_context(viewport={"width": 390, "height": 900}, base_url=server)
    context.add_cookies([{"name": "otpath_profile", "value": "newcomer", "url": server}])
    page = context.new_page()
    page.goto("/report")
    assert "You have not taken the quiz yet as newcomer" in page.locator(".alert").inner_text()
    assert page.get_by_role("link", name="Take the quiz").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
