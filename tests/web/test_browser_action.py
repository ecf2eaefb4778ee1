"""From advice to action, in a real browser: track, paste, upload, the market, compare.

Each flow is clicked through as a person would, and every new page is saved as a
screenshot at 1280 and 390 px wide (``screenshots/action-*.png``) after checking
that it does not scroll sideways on the phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def at_both_widths(browser, server, h, path: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``path`` at 1280 and 390 px, check there is no sideways scroll, screenshot it."""
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=server)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, seen=errors: seen.append(m.text) if m.type == "error" else None)
        page.goto(path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width} px ({scroll} px wide)"
        h.shot(page, f"action-{name}-{width}")
        assert errors == [], errors
        context.close()


def test_save_then_applied_then_interviewing(page, browser, server, h) -> None:  # type: ignore[no-untyped-def]
    page.goto("/jobs?q=utilization")
    page.locator("ol.postings > li.posting-item h2 a").first.click()
    page.wait_for_url("**/postings/*")
    title = page.locator("h1").inner_text()
    page.get_by_role("button", name="Save to my applications").click()
    page.wait_for_url("**/postings/*")
    assert "Tracked: Saved since" in page.locator(".track-panel").inner_text()
    posting_url = page.url

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    page.wait_for_url("**/tracker")
    card = page.locator(".status-saved .app-card", has_text=title)
    card.get_by_role("button", name="Mark applied").click()
    page.wait_for_url("**/tracker*")
    card = page.locator(".status-applied .app-card", has_text=title)
    assert card.count() == 1
    card.get_by_role("button", name="Mark interviewing").click()
    page.wait_for_url("**/tracker*")
    card = page.locator(".status-interviewing .app-card", has_text=title)
    assert card.count() == 1

    card.get_by_role("link", name=title).click()
    page.wait_for_url("**/tracker/*")
    history = [t.split()[0] for t in page.locator("ol.history li").all_inner_texts()]
    assert history == ["Saved", "Applied", "Interviewing"]
    page.get_by_label("Next step", exact=True).fill("Send a thank-you note to the panel")
    page.get_by_label("By", exact=True).fill("2030-01-15")
    page.get_by_label("Notes", exact=True).fill("Panel of three; asked about InterQual.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/tracker/*")
    assert page.get_by_label("Next step", exact=True).input_value() == "Send a thank-you note to the panel"
    detail = page.url.removeprefix(server)
    assert page.problems == []  # type: ignore[attr-defined]

    at_both_widths(browser, server, h, "/tracker", "tracker")
    at_both_widths(browser, server, h, detail, "application")
    at_both_widths(browser, server, h, posting_url.removeprefix(server), "posting-tracked")


def test_paste_a_posting(page, browser, server, h) -> None:  # type: ignore[no-untyped-def]
    page.goto("/import")
    page.get_by_label("Job title").fill("Pre-Service Review Clinician")
    page.get_by_label("Company").fill("Northbay Health Plan")
    page.get_by_label("Web address of the posting").fill("https://jobs.example.org/ps-7")
    page.get_by_label("The posting's text").fill(
        "Remote pre-service review of therapy requests.\n\n"
        "Requirements:\n- Active PT or OT license\n- 3 years of clinical experience\n\n"
        "<b>not bold</b> $38 - $44 per hour."
    )
    page.get_by_role("button", name="Import this posting").click()
    page.wait_for_url("**/postings/*?pasted=new")
    assert "Imported: this posting is now in your store" in page.locator(".alert[role=status]").inner_text()
    assert page.locator("h1").inner_text() == "Pre-Service Review Clinician"
    assert page.locator(".description b").count() == 0
    assert "<b>not bold</b>" in page.locator(".description").inner_text()
    assert page.locator(".sources a").first.get_attribute("href") == "https://jobs.example.org/ps-7"
    assert page.problems == []  # type: ignore[attr-defined]
    at_both_widths(browser, server, h, "/import", "import")
    at_both_widths(browser, server, h, page.url.removeprefix(server), "pasted-posting")


def test_txt_upload_lists_what_was_imported(page, browser, server, h, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    upload = tmp_path / "care coordinator.txt"
    upload.write_text(
        "Transitional Care Coordinator (OT, PT or SLP)\n"
        "Hybrid: two days a week at the hospital. Coordinate discharges to home health.\n"
        "Active OT, PT or SLP license and 2 years of acute care experience.\n",
        encoding="utf-8",
    )
    page.goto("/import")
    page.get_by_label("File to import").set_input_files(str(upload))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/import/jobs/*")
    page.locator("section.summary").wait_for()
    item = page.locator("ol.imported > li").first
    assert item.locator("h3").inner_text() == "Transitional Care Coordinator (OT, PT or SLP)"
    assert item.locator(".badge.outcome-new").inner_text() == "New"
    assert page.problems == []  # type: ignore[attr-defined]
    at_both_widths(browser, server, h, page.url.removeprefix(server), "import-job")


def test_market_and_compare_pages(browser, server, h) -> None:  # type: ignore[no-untyped-def]
    for path, name in [
        ("/insights?samples=1", "insights"),
        ("/insights/roles/utilization_review?samples=1", "market-role"),
        ("/insights/families/utilization_management?samples=1", "market-family"),
        ("/roles/pre_service_coordinator", "role-market"),
        ("/compare?roles=utilization_review&roles=pre_service_coordinator&roles=recruiter&samples=1", "compare"),
        ("/compare", "compare-picker"),
    ]:
        at_both_widths(browser, server, h, path, name)


def test_remove_the_samples(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/import")
    button = page.get_by_role("button", name="Remove the")
    assert button.inner_text().endswith("sample postings")
    button.click()
    page.wait_for_url("**/import?removed=*")
    assert page.locator(".alert[role=status]").inner_text().startswith("Removed ")
    assert page.get_by_role("button", name="Remove the").count() == 0
    assert page.problems == []  # type: ignore[attr-defined]


def test_switch_profiles(page, browser, server, h) -> None:  # type: ignore[no-untyped-def]
    # Someone answers the quiz as the default profile...
    page.goto("/quiz")
    page.locator("#cred-OT").check()
    page.get_by_role("button", name="Save and see my results").click()
    page.wait_for_url("**/results")
    # ...then a second person starts their own profile: the quiz is blank.
    page.get_by_role("link", name="Profile: default").click()
    page.wait_for_url("**/profiles")
    page.get_by_label("Their name").fill("Ben S")
    page.get_by_role("button", name="Start their quiz").click()
    page.wait_for_url("**/quiz")
    assert page.get_by_role("link", name="Profile: ben-s").count() == 1
    assert not page.locator("#cred-OT").is_checked()
    page.locator("#cred-PTA").check()
    page.get_by_role("button", name="Save and see my results").click()
    page.wait_for_url("**/results")
    assert "PTA" in page.locator(".profile-summary").inner_text()
    # Back to the first person, whose answers are as they left them.
    page.get_by_role("link", name="Profile: ben-s").click()
    page.get_by_role("button", name="Use default").click()
    page.wait_for_url("**/results")
    assert "OT" in page.locator(".profile-summary strong").inner_text()
    page.goto("/quiz")
    assert page.locator("#cred-OT").is_checked()
    assert not page.locator("#cred-PTA").is_checked()
    assert page.problems == []  # type: ignore[attr-defined]
    at_both_widths(browser, server, h, "/profiles", "profiles")
