"""Security: headers, CSRF, upload limits and types, hostile posting HTML."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
LIMIT_MESSAGE = "File too large: the limit is 10 MB"


def assert_security_headers(resp) -> None:  # type: ignore[no-untyped-def]
    assert resp.headers["content-security-policy"] == CSP
    assert resp.headers["x-content-type-options"] == "nosniff"
    # same-origin: nothing leaves the app, and same-origin form posts keep their Origin
    assert resp.headers["referrer-policy"] == "same-origin"
    assert resp.headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in resp.headers


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/quiz"),
        ("GET", "/jobs"),
        ("GET", "/about"),
        ("GET", "/static/otpath.css"),
        ("GET", "/nope"),
        ("GET", "/api/v1/roles"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/v1/nope"),
        ("POST", "/quiz"),
        ("POST", "/api/v1/match"),
        ("OPTIONS", "/api/v1/match"),
    ],
)
def test_security_headers_on_every_response(client, method: str, path: str) -> None:
    assert_security_headers(
        client.request(method, path, headers={"Origin": "https://evil.example"})
    )


def test_security_headers_on_500(app, make_client) -> None:  # type: ignore[no-untyped-def]
    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", boom, include_in_schema=False)
    with make_client(app, raise_server_exceptions=False) as c:
        resp = c.get("/boom")
    assert resp.status_code == 500
    assert_security_headers(resp)
    assert "boom" not in resp.text and "Traceback" not in resp.text
    assert resp.headers["content-type"].startswith("text/html")


PAGES = [
    "/",
    "/quiz",
    "/results",
    "/roles",
    "/roles/utilization_review",
    "/jobs",
    "/import",
    "/about",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client, h, path: str) -> None:
    h.take_quiz(client)
    page = h.parse(client.get(path).text)
    assert page.css("style") == []
    for script in page.css("script"):
        assert script.attributes.get("src"), "inline <script> is blocked by the CSP"
    for node in page.css("*"):
        assert "style" not in node.attributes, f"{path}: style= on <{node.tag}>"
        for name in node.attributes:
            assert not name.lower().startswith("on"), f"{path}: {name}= on <{node.tag}>"


# -- CSRF --------------------------------------------------------------------------------


def test_quiz_post_without_token_is_403(client, h, profile_path: Path) -> None:
    client.get("/quiz")  # the browser has the cookie, the forger does not know the token
    resp = client.post("/quiz", data=dict(h.COTA), follow_redirects=False)
    assert resp.status_code == 403
    page = h.parse(resp.text)
    assert "form could not be accepted" in h.text_of(page.css_first("h1"))
    assert not profile_path.exists()


def test_quiz_post_with_wrong_token_is_403(client, h, profile_path: Path) -> None:
    token = h.csrf_token(client)
    forged = token[:-4] + ("0000" if not token.endswith("0000") else "1111")
    resp = client.post("/quiz", data={**h.COTA, "csrf_token": forged}, follow_redirects=False)
    assert resp.status_code == 403
    assert not profile_path.exists()


def test_token_from_another_instance_is_refused(app, h, make_client, sample_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from otpath.web import create_app

    other = create_app(db_path=sample_db, profile_path=tmp_path / "other.toml")
    with make_client(other) as c_other:
        token = h.csrf_token(c_other)
        cookie = c_other.cookies.get("otpath_csrf")
    with make_client(app) as c:
        c.cookies.set("otpath_csrf", cookie)
        resp = c.post("/quiz", data={**h.COTA, "csrf_token": token}, follow_redirects=False)
    assert resp.status_code == 403


def test_token_without_cookie_is_refused(app, h, make_client) -> None:  # type: ignore[no-untyped-def]
    with make_client(app) as c:
        token = h.csrf_token(c)
        c.cookies.clear()
        resp = c.post("/quiz", data={**h.COTA, "csrf_token": token}, follow_redirects=False)
    assert resp.status_code == 403


def test_csrf_cookie_is_httponly_and_samesite_strict(client) -> None:
    cookie = client.get("/quiz").headers["set-cookie"]
    assert cookie.startswith("otpath_csrf=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_import_page_post_without_token_is_403(client, h) -> None:
    resp = client.post(
        "/import", files={"file": ("a.jsonl", h.hostile_jsonl(), "application/json")}
    )
    assert resp.status_code == 403


def test_api_post_needs_a_json_content_type(client) -> None:
    # A cross-site HTML form can only send text/plain, urlencoded or multipart bodies.
    for ctype in ("text/plain", "application/x-www-form-urlencoded"):
        resp = client.post(
            "/api/v1/match", content=b'{"credentials": ["OT"]}', headers={"content-type": ctype}
        )
        assert resp.status_code == 415, ctype


def test_no_cors_preflight_is_granted(client) -> None:
    resp = client.options(
        "/api/v1/match",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "access-control-allow-origin" not in resp.headers
    assert resp.status_code == 405


# -- uploads -----------------------------------------------------------------------------


def test_upload_of_20_mb_is_refused_on_the_page(client, h) -> None:
    token = h.csrf_token(client, "/import")
    big = b"title,description\n" + b"x" * (20 * 1024 * 1024)
    resp = client.post(
        "/import", data={"csrf_token": token}, files={"file": ("big.csv", big, "text/csv")}
    )
    assert resp.status_code == 413
    page = h.parse(resp.text)
    assert h.text_of(page.css_first(".message")) == LIMIT_MESSAGE


def test_upload_of_20_mb_is_refused_by_the_api(client) -> None:
    big = b"x" * (20 * 1024 * 1024)
    resp = client.post("/api/v1/import", files={"file": ("big.csv", big, "text/csv")})
    assert resp.status_code == 413
    assert resp.json()["error"]["message"] == LIMIT_MESSAGE


def test_streamed_body_without_length_is_counted(client) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(21):
            yield b"x" * (1024 * 1024)

    resp = client.post(
        "/api/v1/match", content=chunks(), headers={"content-type": "application/json"}
    )
    assert resp.status_code == 413
    assert resp.json()["error"]["message"] == LIMIT_MESSAGE


def test_small_limit_is_reported_in_its_own_words(sample_db, tmp_path, make_client) -> None:  # type: ignore[no-untyped-def]
    from otpath.web import create_app

    app = create_app(db_path=sample_db, profile_path=tmp_path / "p.toml", max_upload_bytes=1024)
    with make_client(app) as c:
        resp = c.post("/api/v1/import", files={"file": ("a.csv", b"a,b\n" * 600, "text/csv")})
    assert resp.json()["error"]["message"] == "File too large: the limit is 1 KB"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("jobs.exe", b"MZ\x90\x00", "Cannot import a file with .exe"),
        ("jobs", b"title\nx\n", "no extension"),
        ("jobs.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("jobs.json", b"title,description\nx,y\n", "not JSON"),
        ("jobs.jsonl", b"[1, 2]", "not JSON Lines"),
        ("page.html", b"just some words", "not an HTML page"),
        ("../../etc/passwd.csv", b"<html>", "not CSV"),
    ],
)
def test_upload_types_are_checked(client, name: str, content: bytes, words: str) -> None:
    resp = client.post(
        "/api/v1/import", files={"file": (name, content, "application/octet-stream")}
    )
    assert resp.status_code == 415
    assert words in resp.json()["error"]["message"]


def test_empty_upload_is_422(client) -> None:
    resp = client.post("/api/v1/import", files={"file": ("jobs.csv", b"", "text/csv")})
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "empty_upload"


def test_upload_is_saved_under_a_server_name_and_deleted(client, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    uploads = tmp_path / "tmp"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    seen: list[str] = []
    import otpath.web.api as api_module

    real = api_module.ingest_paths

    def spy(store, paths, **kw):  # type: ignore[no-untyped-def]
        seen.extend(str(p) for p in paths)
        assert all(Path(p).exists() for p in paths)
        return real(store, paths, **kw)

    monkeypatch.setattr(api_module, "ingest_paths", spy)
    resp = client.post(
        "/api/v1/import",
        files={
            "file": ("../../../home/me/evil name.jsonl", b'{"title": "UR"}\n', "application/json")
        },
    )
    assert resp.status_code == 200
    assert resp.json()["file"] == "evil name.jsonl"
    assert len(seen) == 1
    saved = Path(seen[0])
    assert saved.name == "upload.jsonl"
    assert saved.parent.parent == uploads
    assert list(uploads.iterdir()) == [], "the temporary folder is removed after ingest"


# -- hostile postings --------------------------------------------------------------------


def _assert_inert(h, html: str) -> None:  # type: ignore[no-untyped-def]
    page = h.parse(html)
    assert page.css("script") == []
    assert page.css("iframe") == []
    for node in page.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), f"{name}= on <{node.tag}>"
            assert "javascript:" not in (value or "").lower(), f"{name}={value!r}"
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "javascript:" not in lowered


def test_hostile_posting_is_rendered_inert(client, h) -> None:
    resp = client.post(
        "/api/v1/import", files={"file": ("evil.jsonl", h.hostile_jsonl(), "application/json")}
    )
    assert resp.status_code == 200 and resp.json()["new"] == 1
    item = client.get("/api/v1/postings", params={"q": "Evil"}).json()["items"][0]
    page = client.get(f"/postings/{item['id']}")
    assert page.status_code == 200
    _assert_inert(h, page.text)
    # the text is still there, escaped
    parsed = h.parse(page.text)
    assert "alert(8)" in h.text_of(parsed.css_first("h1"))
    assert "Requires 2 years." in h.text_of(parsed.css_first(".description"))
    # the search results page too
    _assert_inert(h, client.get("/jobs", params={"q": "Evil"}).text)


def test_the_api_never_serves_a_script_url(client, h, sample_db) -> None:
    """The stored record keeps ``url: javascript:alert(10)``; no API answer passes it on as a link."""
    client.post(
        "/api/v1/import", files={"file": ("evil.jsonl", h.hostile_jsonl(), "application/json")}
    )
    item = client.get("/api/v1/postings", params={"q": "Evil"}).json()["items"][0]
    assert item["url"] is None
    posting = client.get(f"/api/v1/postings/{item['id']}").json()
    assert posting["url"] is None
    assert [s["url"] for s in posting["sources"]] == [None]
    # the source file is the name the user uploaded, not the server's temporary path
    assert [s["file"] for s in posting["sources"]] == ["evil.jsonl"]
    from otpath.store import Store

    with Store.open(sample_db) as store:  # the store keeps what was imported, as data
        assert store.get_posting(item["id"])["url"] == "javascript:alert(10)"
    profile = {"credentials": ["COTA"], "years_experience": 3}
    jobs = client.post("/api/v1/jobs", json=profile, params={"q": "Evil"}).json()["jobs"]
    assert jobs and all(j["url"] is None for j in jobs)


def test_every_sample_posting_is_rendered_inert(client, h) -> None:
    items = client.get("/api/v1/postings", params={"per_page": 100}).json()["items"]
    assert items
    for item in items:
        _assert_inert(h, client.get(f"/postings/{item['id']}").text)


def test_description_is_sanitised_again_at_render_time(client, h, sample_db) -> None:
    """Even if the store held raw HTML (an older version, a hand edit), it is cleaned."""
    import sqlite3

    pid = client.get("/api/v1/postings", params={"per_page": 1}).json()["items"][0]["id"]
    with sqlite3.connect(sample_db) as conn:
        conn.execute(
            "UPDATE postings SET description_html = ? WHERE id = ?",
            ("<p>ok</p><script>alert(1)</script><img src=x onerror=alert(2)>", pid),
        )
    resp = client.get(f"/postings/{pid}")
    _assert_inert(h, resp.text)
    assert h.text_of(h.parse(resp.text).css_first(".description")) == "ok"
