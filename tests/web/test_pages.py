"""The server-rendered pages, in-process, with the HTML parsed (never grepped)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest


def first_posting_id(client, **params) -> str:  # type: ignore[no-untyped-def]
    items = client.get("/api/v1/postings", params={"per_page": 1, **params}).json()["items"]
    assert items, f"no posting for {params}"
    return items[0]["id"]


PAGES = [
    "/",
    "/quiz",
    "/results",
    "/roles",
    "/roles/utilization_review",
    "/jobs",
    "/jobs?for=me",
    "/jobs?remote=remote&credential=COTA",
    "/import",
    "/about",
]


@pytest.mark.parametrize("with_profile", [False, True], ids=["no-profile", "profile"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(client, h, path: str, with_profile: bool) -> None:
    if with_profile:
        assert h.take_quiz(client).status_code == 303
    resp = client.get(path)
    assert resp.status_code == 200, resp.text[-500:]
    assert resp.headers["content-type"].startswith("text/html")
    page = h.parse(resp.text)
    assert page.css_first("html").attributes.get("lang") == "en"
    assert page.css_first("title") is not None
    assert len(page.css("h1")) == 1
    assert page.css_first('nav[aria-label="Main"]') is not None
    assert page.css_first('link[rel="stylesheet"]').attributes["href"] == "/static/otpath.css"


def test_posting_page_renders(client, h) -> None:
    resp = client.get(f"/postings/{first_posting_id(client)}")
    assert resp.status_code == 200
    assert h.parse(resp.text).css_first("h1") is not None


def test_every_form_control_has_a_label(client, h) -> None:
    h.take_quiz(client)
    for path in ("/quiz", "/jobs", "/import"):
        page = h.parse(client.get(path).text)
        labelled = {n.attributes.get("for") for n in page.css("label")}
        for control in page.css("input, select, textarea"):
            if control.attributes.get("type") in ("hidden", "submit"):
                continue
            cid = control.attributes.get("id")
            assert cid and cid in labelled, f"{path}: control {control.attributes} has no label"


def test_static_css_is_served(client) -> None:
    resp = client.get("/static/otpath.css")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/css")
    assert "@media" in resp.text


# -- quiz and results --------------------------------------------------------------------


def test_quiz_saves_profile_and_redirects_to_results(client, h, profile_path) -> None:
    resp = h.take_quiz(client)
    assert resp.status_code == 303
    assert resp.headers["location"] == "/results"
    from otpath.profile import read_profile

    saved = read_profile(profile_path)
    assert saved.credentials == ["COTA"]
    assert saved.preferences.remote == "required"
    # The quiz comes back pre-filled with the saved answers.
    page = h.parse(client.get("/quiz").text)
    assert page.css_first("#cred-COTA").attributes.__contains__("checked")
    assert page.css_first("#remote-required").attributes.__contains__("checked")


def test_results_rank_eligible_roles_first_with_charts(client, h) -> None:
    h.take_quiz(client)
    page = h.parse(client.get("/results").text)
    eligible = page.css('ol.ranked[aria-label="Roles you are eligible for"] > li')
    assert eligible, "no eligible roles listed"
    assert eligible[0].attributes["id"] == "fit-utilization_review"
    for card in eligible:
        svg = card.css_first("svg.chart")
        assert svg is not None and svg.attributes.get("role") == "img"
        assert svg.css("rect.bar"), "a chart needs bars"
        assert card.css_first(".score .num") is not None
    not_eligible = page.css(".ineligible-list > li")
    ids = [li.attributes["id"] for li in not_eligible]
    assert "fit-pre_service_coordinator" in ids
    card = not_eligible[ids.index("fit-pre_service_coordinator")]
    assert h.text_of(card.css_first(".badge.not-eligible")) == "Not eligible"
    reason = h.text_of(card.css_first(".eligibility"))
    assert "COTA" in reason and "open to" in reason


def test_results_without_profile_invites_to_quiz(client, h) -> None:
    page = h.parse(client.get("/results").text)
    assert page.css_first('main a[href="/quiz"]') is not None
    assert page.css_first("svg.chart") is None


def test_quiz_without_credential_shows_the_problem(client, h) -> None:
    answers = dict(h.COTA)
    answers.pop("credentials")
    resp = h.take_quiz(client, answers)
    assert resp.status_code == 422
    page = h.parse(resp.text)
    alert = page.css_first('[role="alert"]')
    assert "credential" in h.text_of(alert)
    assert page.css_first("#field-credentials").attributes.get("class") == "invalid"
    # What was entered is kept.
    assert page.css_first("#remote-required").attributes.__contains__("checked")


@pytest.mark.parametrize(
    ("answers", "label", "said"),
    [
        ({"years_experience": "-3"}, "Years of clinical experience", "enter 0 or more"),
        ({"years_experience": "99"}, "Years of clinical experience", "enter 60 or less"),
        ({"years_experience": "lots"}, "Years of clinical experience", "enter a number of years"),
        ({"pay_floor": "-5"}, "8. What is your current pay", "enter an amount above 0"),
        ({"pay_floor": "abc"}, "8. What is your current pay", "enter your pay floor as an amount"),
        ({"remote": "bogus"}, "1. Do you want to work remotely or in person?", "choose one of the answers shown"),
        ({"credentials": ["XX"]}, "Which credential do you hold?", "choose one of the answers shown"),
        ({"nhs_band": "7", "country": "US"}, "Your NHS band", "an NHS band is a UK pay grade"),
        ({"degree": "diploma"}, "Your highest degree", "choose one of the answers shown"),
    ],
)
def test_quiz_errors_name_the_question_in_plain_words(client, h, answers, label, said) -> None:
    resp = h.take_quiz(client, {**h.COTA, **answers})
    assert resp.status_code == 422
    text = h.text_of(h.parse(resp.text).css_first("#form-error"))
    assert label in text and said in text
    for code in ("years_experience", "pay_floor", "preferences.", "Input should", "no_preference", "_"):
        assert code not in text


def test_a_degree_given_in_the_quiz_is_kept_and_judged(client, h) -> None:
    # A COTA's OT/OTA faculty plan starts with a master's until she says she holds one.
    h.take_quiz(client, dict(h.COTA))
    first = h.parse(client.get("/roles/academic_faculty").text)
    assert "Hold a master's degree" in h.text_of(first.css_first("main"))
    h.take_quiz(client, {**h.COTA, "degree": "master"})
    quiz = h.parse(client.get("/quiz").text)
    assert quiz.css_first('#degree option[value="master"]').attributes.__contains__("selected")
    again = h.parse(client.get("/roles/academic_faculty").text)
    assert "Hold a master's degree" not in h.text_of(again.css_first("main"))
    assert "A master's degree typically needed" in h.text_of(again.css_first("dl.facts"))


def test_a_role_that_needs_a_further_degree_is_badged_so(client, h) -> None:
    # A COTA's faculty role was badged like a role she could apply for today.
    h.take_quiz(client, dict(h.COTA))
    role = h.parse(client.get("/roles/academic_faculty").text)
    assert h.text_of(role.css_first("p.eligibility .badge")) == "Needs a master's degree"
    results = h.parse(client.get("/results").text)
    section = results.css_first('section[aria-labelledby="degree-h"]')
    assert section is not None and "OT / OTA Academic Faculty" in h.text_of(section)
    can = h.text_of(results.css_first('section[aria-labelledby="can-h"]'))
    assert "OT / OTA Academic Faculty" not in can


def test_quiz_with_bad_years_names_the_field(client, h) -> None:
    resp = h.take_quiz(client, {**h.COTA, "years_experience": "lots"})
    assert resp.status_code == 422
    assert "years" in h.text_of(h.parse(resp.text).css_first('[role="alert"]'))


# -- roles -------------------------------------------------------------------------------


def test_role_page_writes_settings_as_everywhere_else(client, h) -> None:
    # "Acute, Irf, Snf" was the setting keys capitalised; the labels keep IRF and SNF.
    from otpath.profile.models import setting_words

    page = h.parse(client.get("/roles/utilization_review").text)
    experience = h.text_of(page.css_first("dl.facts"))
    assert ", ".join(setting_words(k) for k in ("acute", "irf", "snf")) in experience
    assert "Irf" not in experience and "Snf" not in experience


def test_roles_lists_every_role_by_family(client, h) -> None:
    from otpath.catalog import default_catalog

    page = h.parse(client.get("/roles").text)
    links = {a.attributes["href"] for a in page.css(".role-list a")}
    assert links == {f"/roles/{rid}" for rid in default_catalog().roles}


def test_role_page_shows_facts_with_sources_and_fit(client, h) -> None:
    h.take_quiz(client)
    page = h.parse(client.get("/roles/utilization_review").text)
    assert "Utilization" in h.text_of(page.css_first("h1"))
    assert page.css("dl.facts dt")
    sources = page.css("ol.sources > li")
    assert sources
    # every citation link points at a listed source
    targets = {li.attributes["id"] for li in sources}
    for a in page.css(".cite a"):
        assert a.attributes["href"].lstrip("#") in targets
    assert page.css_first("section.fit svg.chart") is not None
    jobs_link = page.css_first('a[href="/jobs?role=utilization_review"]')
    assert jobs_link is not None


def test_unknown_role_is_a_404_page(client, h) -> None:
    resp = client.get("/roles/no_such_role")
    assert resp.status_code == 404
    page = h.parse(resp.text)
    assert "no_such_role" in h.text_of(page.css_first(".message"))


# -- jobs --------------------------------------------------------------------------------


def test_jobs_search_filters_are_bookmarkable_and_kept(client, h) -> None:
    resp = client.get("/jobs", params={"remote": "remote", "q": "review"})
    assert resp.status_code == 200
    page = h.parse(resp.text)
    assert page.css_first("#q").attributes["value"] == "review"
    selected = page.css_first("#remote option[selected]")
    assert selected is not None and selected.attributes["value"] == "remote"
    items = page.css("ol.postings > li.posting-item")
    assert items
    for item in items:
        assert "Remote" in h.text_of(item.css_first(".meta"))


def test_jobs_pagination_links_keep_the_filters(client, h) -> None:
    total = client.get("/api/v1/postings", params={"per_page": 1}).json()["total"]
    assert total > 20, "the sample postings should need more than one page"
    page = h.parse(client.get("/jobs", params={"posted_within": "", "company": ""}).text)
    nxt = page.css_first('.pager a[rel="next"]')
    assert nxt is not None
    page2 = h.parse(client.get("/jobs", params={"credential": "OT"}).text)
    nxt2 = page2.css_first('.pager a[rel="next"]')
    if nxt2 is not None:
        query = parse_qs(urlparse(nxt2.attributes["href"]).query)
        assert query == {"credential": ["OT"], "page": ["2"]}
    resp = client.get(nxt.attributes["href"].replace("?", "/jobs?", 1))
    assert resp.status_code == 200
    current = h.parse(resp.text).css_first('.pager a[aria-current="page"]')
    assert h.text_of(current) == "2"


def test_jobs_marks_sample_postings(client, h) -> None:
    page = h.parse(client.get("/jobs").text)
    assert page.css_first(".alert.sample-note") is not None
    assert page.css(".posting-item .badge.sample")


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"posted_within": "soon"}, "Posted: “soon” is not a time otpath reads"),
        ({"min_pay": "lots"}, "Pay from (a year): enter an amount"),
        ({"min_pay": "5", "min_pay_currency": "zz"}, "Currency of the pay: “zz” is not a currency"),
        ({"family": "space"}, "Family: “space” is not one of the menu's choices"),
        ({"role": "astronaut"}, "Role: “astronaut” is not one of the menu's choices"),
        ({"credential": "XYZ"}, "Credential: “XYZ” is not one of the menu's choices"),
        ({"remote": "mars"}, "Remote: “mars” is not one of the menu's choices"),
        ({"page": "0"}, "Page: enter a page number of 1 or more"),
    ],
)
def test_jobs_invalid_filter_is_explained_in_the_forms_words(client, h, params, said) -> None:
    # The web form has labels, not command-line options or field names.
    resp = client.get("/jobs", params=params)
    assert resp.status_code == 422
    text = h.text_of(h.parse(resp.text).css_first('[role="alert"]'))
    assert said in text
    assert "--" not in text and "_" not in text and "Input should" not in text


def test_jobs_for_me_shows_verdicts_and_reasons(client, h) -> None:
    h.take_quiz(client)
    page = h.parse(client.get("/jobs", params={"for": "me"}).text)
    items = page.css("ol.postings > li.posting-item")
    assert items
    verdicts = [i.css_first(".badge").attributes["class"] for i in items]
    assert all(v.startswith("badge verdict-") for v in verdicts)
    assert items[0].css("ul.reasons li")
    # the for=me checkbox is ticked so the next search keeps the mode
    assert page.css_first("#for-me").attributes.__contains__("checked")


def test_jobs_for_me_without_profile_invites_to_quiz(client, h) -> None:
    page = h.parse(client.get("/jobs", params={"for": "me"}).text)
    assert page.css_first('main .alert a[href="/quiz"]') is not None


# -- posting -----------------------------------------------------------------------------


def test_posting_shows_requirements_with_their_sentences(client, h) -> None:
    h.take_quiz(client)
    pid = first_posting_id(client, q="utilization review")
    page = h.parse(client.get(f"/postings/{pid}").text)
    rows = page.css("dl.requirements dd")
    assert rows, "the posting should have extracted requirements"
    marks = page.css("dl.requirements blockquote.evidence mark")
    assert marks, "each requirement shows its sentence highlighted"
    description = page.css_first(".description")
    assert description is not None and h.text_of(description)
    assert page.css_first(".verdict-panel .badge") is not None
    assert page.css(".verdict-panel ul.reasons li")
    assert page.css("section ul.sources li")


def test_posting_marked_as_sample(client, h) -> None:
    pid = first_posting_id(client)
    page = h.parse(client.get(f"/postings/{pid}").text)
    assert page.css_first(".alert.sample-note .badge.sample") is not None


def test_unknown_posting_is_a_404_page(client) -> None:
    assert client.get("/postings/nope").status_code == 404


# -- import ------------------------------------------------------------------------------


def test_import_jobspy_csv_then_find_its_postings(client, h) -> None:
    token = h.csrf_token(client, "/import")
    data = h.JOBSPY_CSV.read_bytes()
    resp = client.post(
        "/import",
        data={"csrf_token": token},
        files={"file": ("my jobs.csv", data, "text/csv")},
    )
    resp = h.finish_import(client, resp)
    assert resp.status_code == 200, resp.text[-500:]
    page = h.parse(resp.text)
    summary = page.css_first("section.summary")
    assert "my jobs.csv" in h.text_of(summary.css_first("h2"))
    counts = {
        h.text_of(d.css_first("dt")): int(h.text_of(d.css_first("dd")))
        for d in summary.css("dl.counts > div")
    }
    assert counts["Read"] > 0 and counts["New"] > 0
    # the imported postings are searchable and not marked as sample data
    import csv
    import io

    title = next(csv.DictReader(io.StringIO(data.decode("utf-8"))))["title"]
    found = client.get("/api/v1/postings", params={"q": title}).json()["items"]
    assert found and not found[0]["sample"]


def test_malformed_upload_shows_rejected_lines(client, h) -> None:
    token = h.csrf_token(client, "/import")
    body = (
        b'{"title": "Utilization Review Therapist", "description": "Remote, OT or COTA."}\n'
        b"{not json at all\n"
        b'{"description": "a posting without a title"}\n'
    )
    resp = client.post(
        "/import",
        data={"csrf_token": token},
        files={"file": ("bad.jsonl", body, "application/json")},
    )
    resp = h.finish_import(client, resp)
    assert resp.status_code == 200
    page = h.parse(resp.text)
    rejected = [h.text_of(li) for li in page.css("ul.rejected li")]
    assert len(rejected) == 2, rejected
    assert rejected[0].startswith("bad.jsonl:2:")
    assert rejected[1].startswith("bad.jsonl:3:")
    # the temporary file name never shows
    assert "upload.jsonl" not in resp.text


def test_import_without_a_file_is_explained(client, h) -> None:
    token = h.csrf_token(client, "/import")
    resp = client.post("/import", data={"csrf_token": token}, files={"file": ("", b"", "text/csv")})
    assert resp.status_code == 422
    assert h.parse(resp.text).css_first('[role="alert"]') is not None


def test_import_of_wrong_type_is_refused_on_the_page(client, h) -> None:
    token = h.csrf_token(client, "/import")
    resp = client.post(
        "/import",
        data={"csrf_token": token},
        files={"file": ("jobs.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/csv")},
    )
    assert resp.status_code == 415
    assert "binary" in h.text_of(h.parse(resp.text).css_first('[role="alert"]'))


def test_about_gives_privacy_and_sources(client, h) -> None:
    page = h.parse(client.get("/about").text)
    text = h.text_of(page.css_first("main"))
    assert "nothing leaves this computer" in text.lower()
    assert page.css("ol.sources li")


def test_broken_profile_file_does_not_lock_out_the_quiz(client, h, profile_path) -> None:
    profile_path.write_text("credentials = [\n", encoding="utf-8")
    resp = client.get("/quiz")
    assert resp.status_code == 200
    assert "could not be read" in h.text_of(h.parse(resp.text).css_first('[role="alert"]'))
    results = client.get("/results")
    assert results.status_code == 422
    assert "profile.toml" in h.text_of(h.parse(results.text).css_first(".message"))
    assert h.take_quiz(client).status_code == 303
    assert client.get("/results").status_code == 200


def test_pages_and_api_say_when_the_stored_answers_are_an_older_otpaths(
    client, h, sample_db
) -> None:
    from otpath.store import Store

    def notes() -> tuple[list[str], list[str], int, list[str]]:
        start = h.parse(client.get("/").text).css(".stale-note")
        jobs = h.parse(client.get("/jobs").text).css(".stale-note")
        api_jobs = client.post(
            "/api/v1/jobs", json={"credentials": ["OT"], "years_experience": 3}
        ).json()
        api_search = client.get("/api/v1/postings").json()
        return (
            [" ".join(n.text().split()) for n in start],
            [" ".join(n.text().split()) for n in jobs],
            api_jobs["stale_postings"],
            [n for n in api_search["notes"] if "reclassify" in n],
        )

    assert notes() == ([], [], 0, [])  # ingested by this otpath: nothing to say
    with Store.open(sample_db) as store:
        count = store.count_postings()
        store.set_rules_fingerprint("rules-0000000000000000")  # an older otpath's
    start, jobs, stale, api_notes = notes()
    assert stale == count > 0
    assert len(start) == len(jobs) == 1
    assert start[0].startswith(f"{count} stored postings were classified by an older version")
    assert "Run otpath reclassify" in jobs[0]
    assert api_notes == [
        f"{count} stored postings were classified by an older otpath: run `otpath reclassify`"
        " to update their answers."
    ]
