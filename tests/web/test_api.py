"""The JSON API under /api/v1, in-process."""

from __future__ import annotations

import json

import pytest

PROFILE = {
    "credentials": ["COTA/L"],
    "years_experience": 4,
    "preferences": {"remote": "required", "patient_interaction": "none", "physical_demand": "none"},
}


def assert_envelope(resp, status: int, code: str, field: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The one error shape of the API, pinned down exactly."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert list(body) == ["error"]
    err = body["error"]
    assert list(err) == ["status", "code", "message", "field"]
    assert err["status"] == status
    assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    assert err["field"] == field
    assert "Traceback" not in resp.text
    return err


# -- catalog -----------------------------------------------------------------------------


def test_roles_list(client) -> None:
    from otpath.catalog import default_catalog

    body = client.get("/api/v1/roles").json()
    catalog = default_catalog()
    assert body["catalog_version"] == catalog.version
    assert body["count"] == len(catalog.roles)
    assert {r["id"] for r in body["roles"]} == set(catalog.roles)


def test_role_detail_has_sourced_facts(client) -> None:
    body = client.get("/api/v1/roles/utilization_review").json()
    assert body["id"] == "utilization_review"
    assert body["sources"]
    assert "eligible_credentials" in body["cite"]


def test_families(client) -> None:
    body = client.get("/api/v1/families").json()
    ur = next(f for f in body["families"] if f["id"] == "utilization_management")
    assert "utilization_review" in ur["roles"]


def test_match_ranks_roles_for_a_profile(client) -> None:
    resp = client.post("/api/v1/match", json=PROFILE)
    assert resp.status_code == 200
    body = resp.json()
    assert body["profile"]["credentials"] == ["COTA"]
    results = body["results"]
    assert results[0]["role"] == "utilization_review"
    eligible = [r["eligible"] for r in results]
    assert eligible == sorted(eligible, reverse=True), "eligible roles come first"
    pre = next(r for r in results if r["role"] == "pre_service_coordinator")
    assert pre["eligible"] is False and "COTA" in pre["eligibility_reason"]
    assert body["market_note"] is None  # a US profile: the catalog's facts are its facts
    uk = client.post("/api/v1/match", json={**PROFILE, "country": "GB"}).json()
    assert uk["market_note"].startswith("The roles and their facts come from US sources")


# -- postings ----------------------------------------------------------------------------


def test_postings_search_and_filters(client) -> None:
    body = client.get("/api/v1/postings", params={"remote": "remote", "per_page": 5}).json()
    assert body["total"] > 0 and len(body["items"]) <= 5
    assert all(item["remote"] == "remote" for item in body["items"])
    assert body["page"] == 1 and body["per_page"] == 5


def test_postings_pagination(client) -> None:
    p1 = client.get("/api/v1/postings", params={"per_page": 3, "page": 1}).json()
    p2 = client.get("/api/v1/postings", params={"per_page": 3, "page": 2}).json()
    assert {i["id"] for i in p1["items"]}.isdisjoint({i["id"] for i in p2["items"]})


def test_a_page_past_the_last_is_404_naming_the_last_page(client) -> None:
    # Not an empty page (nor the last page in its place): a client paging "until empty"
    # or "while page <= pages" stops, and is told where the pages end.
    first = client.get("/api/v1/postings", params={"per_page": 20}).json()
    last = first["pages"]
    assert last > 1
    at_last = client.get("/api/v1/postings", params={"per_page": 20, "page": last})
    assert at_last.status_code == 200 and at_last.json()["page"] == last and at_last.json()["items"]
    for page in (last + 1, 99999):
        err = assert_envelope(
            client.get("/api/v1/postings", params={"per_page": 20, "page": page}), 404, "not_found",
            field="page",
        )  # fmt: skip
        assert err["message"] == (
            f"page {page} is past the last page, {last}: {first['total']} postings match, 20 a page"
        )
    # nothing matches: page 1 is the (empty) last page
    none = client.get("/api/v1/postings", params={"q": "zzyzx"})
    assert none.status_code == 200 and none.json()["items"] == [] and none.json()["pages"] == 0
    err = assert_envelope(
        client.get("/api/v1/postings", params={"q": "zzyzx", "page": 2}), 404, "not_found", field="page"
    )
    assert err["message"] == "page 2 is past the last page, 1: no posting matches, 20 a page"


def test_posting_detail(client) -> None:
    pid = client.get("/api/v1/postings", params={"per_page": 1}).json()["items"][0]["id"]
    body = client.get(f"/api/v1/postings/{pid}").json()
    assert body["id"] == pid
    assert "description_html" in body and "sentences" in body["requirements"]
    assert body["sources"]


def test_jobs_for_a_profile(client) -> None:
    resp = client.post("/api/v1/jobs", json=PROFILE, params={"limit": 10})
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == len(body["jobs"]) <= 10
    assert body["jobs"]
    order = {"can_apply": 0, "stretch": 1, "cannot_apply": 2}
    ranks = [order[j["verdict"]] for j in body["jobs"]]
    assert ranks == sorted(ranks)
    assert all(j["reasons"] for j in body["jobs"])
    # remote required: no on-site posting is offered
    assert all(j["remote"] != "onsite" for j in body["jobs"])


def test_import_upload(client, h) -> None:
    resp = client.post(
        "/api/v1/import",
        files={"file": ("jobs.csv", h.JOBSPY_CSV.read_bytes(), "text/csv")},
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["file"] == "jobs.csv"
    assert body["read"] > 0 and body["new"] > 0
    again = client.post(
        "/api/v1/import", files={"file": ("jobs.csv", h.JOBSPY_CSV.read_bytes(), "text/csv")}
    ).json()
    assert again["new"] == 0


def test_import_reports_rejected_records(client) -> None:
    body = b'{"title": "UR nurse", "description": "Remote UR."}\nnot json\n'
    resp = client.post("/api/v1/import", files={"file": ("x.jsonl", body, "application/x-ndjson")})
    assert resp.status_code == 200
    rejected = resp.json()["rejected"]
    assert [(r["file"], r["line"]) for r in rejected] == [("x.jsonl", 2)]


# -- the error envelope, pinned ----------------------------------------------------------


def test_404_unknown_endpoint(client) -> None:
    assert_envelope(client.get("/api/v1/nope"), 404, "not_found")


def test_404_unknown_role(client) -> None:
    err = assert_envelope(client.get("/api/v1/roles/nope"), 404, "not_found")
    assert "nope" in err["message"]


def test_404_unknown_posting(client) -> None:
    assert_envelope(client.get("/api/v1/postings/nope"), 404, "not_found")


def test_405_wrong_method(client) -> None:
    resp = client.delete("/api/v1/roles")
    err = assert_envelope(resp, 405, "method_not_allowed")
    assert "DELETE" in err["message"]
    assert "GET" in resp.headers["allow"]


def test_413_body_too_large(client) -> None:
    big = b"x" * (10 * 1024 * 1024 + 1)
    resp = client.post("/api/v1/import", files={"file": ("big.csv", big, "text/csv")})
    err = assert_envelope(resp, 413, "payload_too_large")
    assert err["message"] == "File too large: the limit is 10 MB"


def test_415_not_json(client) -> None:
    resp = client.post(
        "/api/v1/match", content=json.dumps(PROFILE), headers={"content-type": "text/plain"}
    )
    assert_envelope(resp, 415, "unsupported_media_type")


def test_415_import_wrong_extension(client) -> None:
    resp = client.post(
        "/api/v1/import", files={"file": ("jobs.exe", b"MZ", "application/x-msdownload")}
    )
    assert_envelope(resp, 415, "unsupported_media_type", field="file")


def test_422_validation_error_names_the_field(client) -> None:
    resp = client.get("/api/v1/postings", params={"page": 0})
    assert_envelope(resp, 422, "validation_error", field="page")


def test_422_invalid_json_body(client) -> None:
    resp = client.post(
        "/api/v1/match", content=b"{not json", headers={"content-type": "application/json"}
    )
    err = assert_envelope(resp, 422, "validation_error", field=None)
    assert "not valid JSON" in err["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"credentials": ["barista"]}, "credentials"),
        ({"credentials": []}, "credentials"),
        ({"credentials": ["OT"], "preferences": {"remote": "sometimes"}}, "preferences.remote"),
        ({"credentials": ["OT"], "colour": "blue"}, "colour"),
    ],
)
def test_422_invalid_profile_names_the_field(client, body, field) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/match", json=body)
    assert resp.status_code == 422
    err = resp.json()["error"]
    assert err["field"] == field
    assert err["code"] in ("validation_error", "invalid_profile")


@pytest.mark.parametrize(
    ("preferences", "said"),
    [
        ({"pay_floor": 75000, "pay_floor_interval": "hourly"}, '"pay_floor_interval": "yearly" in preferences'),
        ({"pay_floor": 36}, '"pay_floor_interval": "hourly" in preferences'),
    ],
)
def test_a_pay_floor_per_the_wrong_interval_says_the_api_s_fix(client, preferences, said) -> None:  # type: ignore[no-untyped-def]
    # The hint named --pay-per, so the API dropped it and said only "give it per year".
    err = client.post("/api/v1/match", json={"credentials": ["OT"], "preferences": preferences}).json()["error"]
    assert err["field"] == "preferences.pay_floor" and said in err["message"]
    assert "--" not in err["message"]


def test_a_preference_given_at_the_top_level_is_pointed_to_preferences(client) -> None:  # type: ignore[no-untyped-def]
    err = client.post("/api/v1/match", json={"credentials": ["OT"], "pay_floor": 85000}).json()["error"]
    assert err["field"] == "pay_floor"
    assert '{"preferences": {"pay_floor": ...}}' in err["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"family": "astronaut"}, "family"),
        ({"role": "astronaut"}, "role"),
        ({"credential": "barista"}, "credential"),
        ({"posted_within": "soon"}, "posted_within"),
    ],
)
def test_422_invalid_filter_names_the_field(client, params, field) -> None:  # type: ignore[no-untyped-def]
    assert_envelope(
        client.get("/api/v1/postings", params=params), 422, "invalid_query", field=field
    )


def _bad_application_date(client) -> object:  # type: ignore[no-untyped-def]
    app_id = client.post("/api/v1/applications", json={"title": "UR nurse"}).json()["application"]["id"]
    return client.patch(f"/api/v1/applications/{app_id}", json={"on": "2026-11-05"})


@pytest.mark.parametrize(
    ("send", "field", "said"),
    [
        (
            lambda c: c.get("/api/v1/postings", params={"posted_within": "soon"}),
            "posted_within",
            "invalid posted_within 'soon': use a positive number and a unit",
        ),
        (
            lambda c: c.post("/api/v1/jobs", params={"posted_within": "0d"}, json=PROFILE),
            "posted_within",
            "invalid posted_within '0d'",
        ),
        (_bad_application_date, "on", "on: give a status to date as well"),
    ],
)
def test_errors_name_the_apis_parameters_not_the_command_lines(client, send, field, said) -> None:  # type: ignore[no-untyped-def]
    # The library words a bad filter for the CLI ("invalid --posted-within"); a JSON client
    # sent posted_within, so the message names that (the CLI's wording is its own test).
    resp = send(client)
    err = assert_envelope(resp, 422, resp.json()["error"]["code"], field=field)
    assert said in err["message"]
    assert "--" not in err["message"]


def test_api_words_are_the_search_commands_options() -> None:
    # The table that puts CLI options as API parameters names real options of
    # 'otpath search' and real parameters of GET /api/v1/postings.
    from typer.main import get_group

    from otpath.cli import app
    from otpath.web._errors import API_PARAMETERS, api_words
    from otpath.web.api import _Filters

    search = get_group(app).commands["search"]
    options = {o for p in search.params for o in p.opts}
    assert set(API_PARAMETERS) <= options
    import inspect

    parameters = {*inspect.signature(_Filters).parameters, "page", "per_page"}
    assert set(API_PARAMETERS.values()) <= parameters
    # an option inside a quoted value is the client's own text, kept as typed
    assert api_words("unknown role '--family x' (--role)") == "unknown role '--family x' (role)"


def test_500_is_an_envelope_without_traceback(app, make_client, caplog) -> None:  # type: ignore[no-untyped-def]
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/v1/boom", boom)
    with make_client(app, raise_server_exceptions=False) as c:
        resp = c.get("/api/v1/boom")
    err = assert_envelope(resp, 500, "internal_error")
    assert "secret internals" not in resp.text
    assert "Content-Security-Policy" in resp.headers
    assert any("unexpected error" in r.message for r in caplog.records)
    assert err["field"] is None


# -- the OpenAPI document ----------------------------------------------------------------


def test_openapi_documents_the_api_only(client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert set(paths) == {
        "/api/v1/roles",
        "/api/v1/roles/{role_id}",
        "/api/v1/families",
        "/api/v1/match",
        "/api/v1/postings",
        "/api/v1/postings/{posting_id}",
        "/api/v1/jobs",
        "/api/v1/import",
        "/api/v1/applications",
        "/api/v1/applications/{app_id}",
        "/api/v1/applications/export",
        "/api/v1/applications/import",
        "/api/v1/import/paste",
        "/api/v1/samples",
        "/api/v1/samples/remove",
        "/api/v1/insights",
        "/api/v1/insights/roles/{role_id}",
        "/api/v1/insights/families/{family_id}",
        "/api/v1/compare",
        "/api/v1/profiles",
        "/api/v1/profiles/{name}",
    }
    for path, ops in paths.items():
        for method, op in ops.items():
            responses = op["responses"]
            if "204" in responses:  # DELETE: no body
                assert method == "delete", (method, path)
            elif "text/csv" in responses.get("200", {}).get("content", {}):
                assert path.endswith("/export"), path
            else:
                success = responses.get("200") or responses["201"]
                ok = success["content"]["application/json"]["schema"]
                assert ok.get("$ref"), f"{method} {path}: its success answer is not modelled"
            for status, resp in responses.items():
                if status.startswith(("4", "5")):
                    ref = resp["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorEnvelope"), (path, status)
            assert "500" in responses
            if method == "post":
                assert {"413", "415", "422"} <= set(responses)


def test_no_swagger_ui_from_a_cdn(client) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
