"""The tracker's pages and JSON API, in-process, with the HTML parsed."""

from __future__ import annotations

import pytest


def _first_posting_id(client, h) -> str:  # type: ignore[no-untyped-def]
    page = h.parse(client.get("/jobs?q=utilization").text)
    link = page.css_first("ol.postings a[href^='/postings/']")
    return link.attributes["href"].rsplit("/", 1)[1]


def test_save_from_the_posting_page_then_move_along_the_board(client, h) -> None:
    pid = _first_posting_id(client, h)
    page = h.parse(client.get(f"/postings/{pid}").text)
    form = page.css_first(".track-panel form")
    assert form.attributes["action"] == "/tracker/save"
    token = form.css_first("input[name=csrf_token]").attributes["value"]
    resp = client.post(
        "/tracker/save",
        data={"csrf_token": token, "posting_id": pid, "next": f"/postings/{pid}"},
        follow_redirects=False,
    )
    assert (resp.status_code, resp.headers["location"]) == (303, f"/postings/{pid}")
    panel = h.parse(client.get(f"/postings/{pid}").text).css_first(".track-panel")
    assert "Tracked: Saved since" in h.text_of(panel)

    board = h.parse(client.get("/tracker").text)
    card = board.css_first(".status-saved .app-card")
    app_id = card.attributes["id"].removeprefix("app-")
    button = card.css_first("button")
    assert h.text_of(button).startswith("Mark applied")
    for expected in ("applied", "interviewing"):
        form = h.parse(client.get("/tracker").text).css_first(f"#app-{app_id} form")
        data = {i.attributes["name"]: i.attributes["value"] for i in form.css("input")}
        resp = client.post(form.attributes["action"], data=data, follow_redirects=False)
        assert resp.status_code == 303
        column = h.parse(client.get("/tracker").text).css_first(f".status-{expected}")
        assert column.css_first(f"#app-{app_id}") is not None, expected
    detail = h.parse(client.get(f"/tracker/{app_id}").text)
    assert [h.text_of(li).split()[0] for li in detail.css("ol.history li")] == [
        "Saved", "Applied", "Interviewing",
    ]  # fmt: skip


def test_forms_without_token_are_refused(client) -> None:
    for path, data in [
        ("/tracker/save", {"posting_id": "x"}),
        ("/tracker/add", {"title": "x"}),
        ("/tracker/1/status", {"status": "applied"}),
        ("/tracker/1/edit", {"notes": "x"}),
        ("/tracker/1/remove", {}),
    ]:
        assert client.post(path, data=data).status_code == 403, path


def test_bad_date_is_shown_on_the_form(client, h) -> None:
    token = h.csrf_token(client, "/tracker")
    resp = client.post("/tracker/add", data={"csrf_token": token, "title": "Liaison"}, follow_redirects=False)
    app_id = resp.headers["location"].rsplit("/", 1)[1]
    resp = client.post(
        f"/tracker/{app_id}/edit",
        data={"csrf_token": token, "next_step": "call", "next_step_on": "tomorrow", "notes": ""},
    )
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert "next_step_on: 'tomorrow' is not a date" in h.text_of(page.css_first("#app-error"))
    assert "invalid" in page.css_first("#next_step_on").attributes["class"]


def test_csv_export_and_import_on_the_board(client, h) -> None:
    token = h.csrf_token(client, "/tracker")
    client.post("/tracker/add", data={"csrf_token": token, "title": "=1+1", "company": "Acme"})
    csv_text = client.get("/tracker/export.csv").text
    assert "'=1+1,Acme" in csv_text
    upload = ("more.csv", b"title,company,status\nRecruiter,Staff Co,applied\nX,Y,hired\n", "text/csv")
    resp = client.post("/tracker/import", data={"csrf_token": token}, files={"file": upload})
    assert resp.status_code == 200
    status = h.text_of(h.parse(resp.text).css_first(".alert[role=status]"))
    assert "1 added, 0 updated, 1 rejected" in status and "line 3: status" in status


def test_redirects_stay_on_this_site(client, h) -> None:
    token = h.csrf_token(client, "/tracker")
    client.post("/tracker/add", data={"csrf_token": token, "title": "A"})
    resp = client.post(
        "/tracker/1/status",
        data={"csrf_token": token, "status": "applied", "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert resp.headers["location"] == "/tracker/1"


# -- JSON API -------------------------------------------------------------------------


def test_api_save_move_and_delete(client, h) -> None:
    pid = _first_posting_id(client, h)
    resp = client.post("/api/v1/applications?profile=ana", json={"posting_id": pid})
    assert resp.status_code == 201 and resp.json()["created"] is True
    app_id = resp.json()["application"]["id"]
    again = client.post("/api/v1/applications?profile=ana", json={"posting_id": pid})
    assert again.json()["created"] is False
    moved = client.patch(
        f"/api/v1/applications/{app_id}?profile=ana",
        json={"status": "applied", "on": "2026-11-05", "next_step": "follow up", "next_step_on": "2026-11-12"},
    )
    assert moved.status_code == 200
    assert (moved.json()["status"], moved.json()["applied_on"]) == ("applied", "2026-11-05")
    listing = client.get("/api/v1/applications?profile=ana&status=applied").json()
    assert listing["count"] == 1
    assert client.get("/api/v1/applications").json()["count"] == 0  # the default profile's list
    assert client.get(f"/api/v1/applications/{app_id}").status_code == 404
    assert client.request(
        "DELETE", f"/api/v1/applications/{app_id}?profile=ana", headers={"Content-Type": "application/json"}
    ).status_code == 204


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("POST", "/api/v1/applications", {"content": "title=x"}, 415, "unsupported_media_type"),
        ("POST", "/api/v1/applications", {"json": {}}, 422, "validation_error"),
        ("POST", "/api/v1/applications", {"json": {"posting_id": "nope"}}, 404, "not_found"),
        ("PATCH", "/api/v1/applications/1", {"json": {"status": "hired"}}, 422, "validation_error"),
        # DELETE has no body, so no content type is required (the Origin check guards it)
        ("DELETE", "/api/v1/applications/1", {}, 404, "not_found"),
        ("GET", "/api/v1/applications?profile=..", {}, 422, "validation_error"),
        ("GET", "/api/v1/applications?profile=" + "a" * 50, {}, 422, "invalid_profile"),
    ],
)
def test_api_errors_use_the_envelope(client, method, path, kwargs, status, code) -> None:
    resp = client.request(method, path, **kwargs)
    assert resp.status_code == status, resp.text
    assert resp.json()["error"]["code"] == code


def test_api_patch_bad_date(client) -> None:
    app_id = client.post("/api/v1/applications", json={"title": "Writer"}).json()["application"]["id"]
    resp = client.patch(f"/api/v1/applications/{app_id}", json={"next_step_on": "soon"})
    assert resp.status_code == 422
    assert resp.json()["error"] == {
        "status": 422, "code": "invalid_application", "field": "next_step_on",
        "message": "next_step_on: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-05",
    }  # fmt: skip


def test_api_csv_round_trip(client) -> None:
    client.post("/api/v1/applications", json={"title": "Case Manager", "status": "interviewing"})
    text = client.get("/api/v1/applications/export").text
    resp = client.post(
        "/api/v1/applications/import?profile=ben", files={"file": ("a.csv", text.encode(), "text/csv")}
    )
    assert resp.json() == {"added": 1, "updated": 0, "rejected": []}
    assert client.get("/api/v1/applications?profile=ben").json()["applications"][0]["status"] == "interviewing"
