"""A page on another site attacks the local app: cross-site writes, DNS rebinding, HEAD.

A local web app is reachable from any page its user opens. These tests send what
such a page can make a browser send and check that nothing is written or read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import COTA_REMOTE_NO_PATIENTS as QUIZ_ANSWERS

from .conftest import BASE_URL, count_postings, csrf_token, make_client

PLANTED = b'{"title": "Planted Posting", "description": "Put here by another site."}\n'

# What a browser adds to a request a page on another site makes.
CROSS_SITE_HEADERS = [
    pytest.param({"Origin": "https://evil.example"}, id="foreign Origin"),
    pytest.param({"Origin": "null"}, id="opaque Origin (sandboxed frame, data: URL)"),
    pytest.param({"Sec-Fetch-Site": "cross-site"}, id="Sec-Fetch-Site cross-site"),
    # another port on this computer is the same *site* but not the same origin
    pytest.param(
        {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:3000"}, id="another local port"
    ),
    pytest.param({"Origin": "https://127.0.0.1:8765"}, id="same host, other scheme"),
]


def upload(web, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    """The multipart import a page (or a script) sends, with ``headers``."""
    return web.post(
        "/api/v1/import", files={"file": ("jobs.jsonl", PLANTED, "application/json")},
        headers=headers,
    )  # fmt: skip


@pytest.mark.parametrize("headers", CROSS_SITE_HEADERS)
def test_multipart_import_from_another_site_is_refused_and_writes_nothing(
    web, store_db: Path, headers: dict[str, str]
) -> None:
    before = count_postings(store_db)
    resp = upload(web, headers)
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "cross_site_request"
    assert count_postings(store_db) == before


@pytest.mark.parametrize("headers", CROSS_SITE_HEADERS)
def test_json_api_posts_from_another_site_are_refused(web, headers: dict[str, str]) -> None:
    for path in ("/api/v1/match", "/api/v1/jobs"):
        resp = web.post(path, json={"credentials": ["OT"]}, headers=headers)
        assert resp.status_code == 403, path


@pytest.mark.parametrize("headers", CROSS_SITE_HEADERS)
def test_quiz_with_a_valid_token_but_from_another_site_is_refused(
    web, profile_file: Path, headers: dict[str, str]
) -> None:
    # Even a page that somehow had the token could not save the profile cross-site.
    data = {**QUIZ_ANSWERS, "csrf_token": csrf_token(web)}
    resp = web.post("/quiz", data=data, headers=headers, follow_redirects=False)
    assert resp.status_code == 403
    assert not profile_file.exists()


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin"}, id="same origin"),
        pytest.param({"Sec-Fetch-Site": "none"}, id="typed by the user"),
        pytest.param({}, id="no browser (curl, scripts)"),
    ],
)
def test_same_origin_and_non_browser_imports_are_accepted(
    web, store_db: Path, headers: dict[str, str]
) -> None:
    before = count_postings(store_db)
    resp = upload(web, headers)
    assert resp.status_code == 200, resp.text
    assert count_postings(store_db) == before + 1


# -- DNS rebinding: a hostile name that resolves to 127.0.0.1 -------------------------------

REBOUND = {"Host": "evil.example:8765"}


@pytest.mark.parametrize("path", ["/results", "/quiz", "/jobs?for=me", "/api/v1/postings", "/"])
def test_a_rebound_host_name_reads_nothing(web, path: str) -> None:
    web.post("/quiz", data={**QUIZ_ANSWERS, "csrf_token": csrf_token(web)})
    resp = web.get(path, headers=REBOUND)
    assert resp.status_code == 400
    assert "COTA" not in resp.text  # nothing of the saved profile


def test_a_rebound_host_name_cannot_overwrite_the_profile(web, profile_file: Path) -> None:
    web.post("/quiz", data={**QUIZ_ANSWERS, "csrf_token": csrf_token(web)})
    saved = profile_file.read_text(encoding="utf-8")
    # The rebound page is same-origin with itself, so its Origin matches its Host.
    data = {**QUIZ_ANSWERS, "credentials": ["PT"], "csrf_token": csrf_token(web)}
    resp = web.post(
        "/quiz", data=data, follow_redirects=False,
        headers={**REBOUND, "Origin": "http://evil.example:8765"},
    )  # fmt: skip
    assert resp.status_code == 400
    assert profile_file.read_text(encoding="utf-8") == saved


def test_a_rebound_host_name_cannot_import(web, store_db: Path) -> None:
    before = count_postings(store_db)
    resp = upload(web, {**REBOUND, "Origin": "http://evil.example:8765"})
    assert resp.status_code == 400
    body = resp.json()["error"]
    assert body["code"] == "invalid_host" and "evil.example" in body["message"]
    assert count_postings(store_db) == before


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST"])
def test_the_loopback_names_are_answered(web, host: str) -> None:
    assert web.get("/api/v1/families", headers={"Host": host}).status_code == 200


def test_more_host_names_are_a_setting(store_db: Path, profile_file: Path) -> None:
    from otpath.settings import load_settings
    from otpath.web import create_app
    from otpath.web._security import allowed_host_names

    settings = load_settings({"OTPATH_ALLOWED_HOSTS": "otpath.lan, 10.0.0.5"})
    hosts = allowed_host_names("127.0.0.1", settings.allowed_hosts)
    assert hosts == ("127.0.0.1", "localhost", "::1", "otpath.lan", "10.0.0.5")
    app = create_app(db_path=store_db, profile_path=profile_file, allowed_hosts=hosts)
    with make_client(app) as client:
        assert client.get("/", headers={"Host": "otpath.lan:8765"}).status_code == 200
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        ("127.0.0.1", ("127.0.0.1", "localhost", "::1")),
        ("localhost", ("127.0.0.1", "localhost", "::1")),
        ("::1", ("127.0.0.1", "localhost", "::1")),
        ("192.168.1.20", ("192.168.1.20",)),
    ],
)
def test_the_names_of_a_bound_address(bound: str, expected: tuple[str, ...]) -> None:
    from otpath.web._security import allowed_host_names

    assert allowed_host_names(bound) == expected


# -- HEAD ----------------------------------------------------------------------------------

GET_ROUTES = [
    "/", "/quiz", "/results", "/roles", "/roles/utilization_review", "/jobs", "/import", "/about",
    "/static/otpath.css", "/api/v1/roles", "/api/v1/roles/utilization_review",
    "/api/v1/families", "/api/v1/postings", "/api/v1/openapi.json",
]  # fmt: skip


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_answers_like_get_without_a_body(web, path: str) -> None:
    got = web.get(path)
    head = web.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert "content-security-policy" in head.headers


def test_head_on_a_post_only_route_is_405(web) -> None:
    assert web.head("/api/v1/match").status_code == 405
