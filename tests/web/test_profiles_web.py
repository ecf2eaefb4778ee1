"""Several people on one install: picking a profile, a blank quiz for someone new."""

from __future__ import annotations


def _post(client, h, path: str, **data):  # type: ignore[no-untyped-def]
    token = h.csrf_token(client, "/profiles")
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def _checked(page) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(i.attributes["value"] for i in page.css("input[checked]") if i.attributes.get("type") in ("checkbox", "radio"))


def test_a_new_person_starts_with_a_blank_quiz_and_keeps_their_own_answers(client, h, profile_path) -> None:
    h.take_quiz(client)  # the default profile: a COTA who wants remote work
    quiz_default = h.parse(client.get("/quiz").text)
    assert "COTA" in _checked(quiz_default)

    resp = _post(client, h, "/profiles/new", name="Ana Lopez")
    assert (resp.status_code, resp.headers["location"]) == (303, "/quiz")
    assert "otpath_profile=ana-lopez" in resp.headers["set-cookie"]
    quiz = h.parse(client.get("/quiz").text)
    assert "COTA" not in _checked(quiz)  # blank: not the last person's answers
    assert h.text_of(quiz.css_first("main .hint strong")) == "ana-lopez"
    assert quiz.css_first("a.profile-chip").text().strip() == "Profile: ana-lopez"

    answers = dict(h.COTA, credentials=["PT"], years_experience="9", remote="avoid")
    assert h.take_quiz(client, answers).status_code == 303
    assert (profile_path.parent / "profiles" / "ana-lopez.toml").exists()
    assert "PT" in _checked(h.parse(client.get("/quiz").text))

    # Back to the default profile: its own answers, untouched.
    resp = _post(client, h, "/profiles/use", name="default")
    assert resp.headers["location"] == "/results"
    assert "otpath_profile=" in resp.headers["set-cookie"]  # cleared
    client.cookies.delete("otpath_profile")
    assert "COTA" in _checked(h.parse(client.get("/quiz").text))


def test_results_and_tracker_follow_the_profile(client, h) -> None:
    h.take_quiz(client)
    client.post("/api/v1/applications?profile=ben", json={"title": "Ben's job"})
    _post(client, h, "/profiles/new", name="ben")
    board = h.text_of(h.parse(client.get("/tracker").text).css_first("main"))
    assert "Ben's job" in board and "for the profile ben" in board
    results = h.parse(client.get("/results").text)
    assert "You have not taken the quiz yet" in h.text_of(results.css_first("main"))
    listing = h.parse(client.get("/profiles").text)
    cards = {h.text_of(c.css_first("h2")).split()[0]: h.text_of(c) for c in listing.css(".profile-list > li")}
    assert "In use" in cards["ben"] and "1 application tracked" in cards["ben"]
    assert "Quiz answered" in cards["default"]


def test_bad_names_and_a_hostile_cookie(client, h, profile_path) -> None:
    resp = _post(client, h, "/profiles/new", name="../../etc/passwd")
    assert resp.status_code == 422
    assert "is not a profile name" in h.text_of(h.parse(resp.text).css_first("#profile-error"))
    assert _post(client, h, "/profiles/new", name="default").status_code == 422
    assert _post(client, h, "/profiles/use", name="nobody").status_code == 404
    client.cookies.set("otpath_profile", "../../../tmp/x")
    page = h.parse(client.get("/quiz").text)
    assert page.css_first("a.profile-chip").text().strip() == "Profile: default"
    assert client.post("/profiles/new", data={"name": "x"}).status_code == 403


def test_remove_a_named_profile(client, h, profile_path) -> None:
    _post(client, h, "/profiles/new", name="cy")
    h.take_quiz(client)
    path = profile_path.parent / "profiles" / "cy.toml"
    assert path.exists()
    resp = _post(client, h, "/profiles/remove", name="cy")
    assert resp.status_code == 303 and not path.exists()
    assert _post(client, h, "/profiles/remove", name="default").status_code == 422


def test_api_lists_profiles(client, h) -> None:
    h.take_quiz(client)
    _post(client, h, "/profiles/new", name="dee")
    listing = client.get("/api/v1/profiles").json()["profiles"]
    assert listing[0] == {"name": "default", "saved": True, "applications": 0}
    assert client.get("/api/v1/profiles/default").json()["credentials"] == ["COTA"]
    assert client.get("/api/v1/profiles/dee").status_code == 404  # not saved yet
    assert client.get("/api/v1/profiles/a%20b!").status_code == 422
