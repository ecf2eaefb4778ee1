"""Getting postings in and samples out: paste, .txt, progress, what was imported, removal."""

from __future__ import annotations

import threading

import pytest

from otpath.ingest import IngestProgress, IngestReport

UR_TEXT = (
    "Fully remote utilization review.\n\n"
    "Requirements:\n- Active OT or COTA license\n- 3 years of clinical experience\n\n"
    "<script>alert('x')</script> Pay $70,000 - $80,000 a year."
)


def _paste(client, h, **fields):  # type: ignore[no-untyped-def]
    token = h.csrf_token(client, "/import")
    data = {"title": "Utilization Review Therapist", "company": "Acme Health", "text": UR_TEXT}
    data.update(fields)
    return client.post("/import/paste", data={"csrf_token": token, **data}, follow_redirects=False)


def test_paste_a_posting_keeps_its_url_and_shows_it_as_text(client, h) -> None:
    resp = _paste(client, h, url="https://jobs.example.org/ur-42")
    assert resp.status_code == 303
    location = resp.headers["location"]
    assert location.startswith("/postings/") and location.endswith("?pasted=new")
    page = h.parse(client.get(location).text)
    assert "Imported: this posting is now in your store" in h.text_of(page.css_first(".alert[role=status]"))
    assert h.text_of(page.css_first("h1")) == "Utilization Review Therapist"
    description = page.css_first(".description")
    assert description.css("script") == [] and "<script>alert('x')</script>" in h.text_of(description)
    assert [p.text() for p in description.css("p")][0] == "Fully remote utilization review."
    sources = [a.attributes["href"] for a in page.css(".sources a")]
    assert sources == ["https://jobs.example.org/ur-42"]
    requirements = h.text_of(page.css_first(".requirements"))
    assert "OT, COTA" in requirements and "3+ years" in requirements
    again = _paste(client, h, url="https://jobs.example.org/ur-42")
    assert again.headers["location"] == location.replace("pasted=new", "pasted=unchanged")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "title: this field is required"),
        ({"text": ""}, "text", "text: paste the text of the posting"),
        ({"url": "javascript:alert(1)"}, "url", "url: give a web address starting with http"),
        ({"text": "x" * 100_001}, "text", "text: at most 100,000 characters"),
    ],
)
def test_paste_errors_name_the_field_and_keep_the_answers(client, h, fields, field, message) -> None:
    resp = _paste(client, h, company="Kept Co", **fields)
    assert resp.status_code == 422
    page = h.parse(resp.text)
    assert h.text_of(page.css_first("#paste-error")).startswith(message)
    assert page.css_first(f"#paste-{field}").attributes.get("aria-invalid") == "true"
    assert page.css_first("#paste-company").attributes["value"] == "Kept Co"


def test_txt_upload_lists_what_was_imported_with_verdicts(client, h) -> None:
    h.take_quiz(client)  # a COTA with 4 years who wants remote work
    token = h.csrf_token(client, "/import")
    text = "Utilization Review Therapist (COTA)\n" + UR_TEXT
    resp = client.post(
        "/import", data={"csrf_token": token},
        files={"file": ("ur posting.txt", text.encode(), "text/plain")},
    )  # fmt: skip
    page = h.parse(h.finish_import(client, resp).text)
    assert "Summary of ur posting.txt" in h.text_of(page.css_first("section.summary h2"))
    items = page.css("ol.imported > li")
    assert len(items) == 1
    item = items[0]
    assert h.text_of(item.css_first("h3")) == "Utilization Review Therapist (COTA)"
    assert h.text_of(item.css_first(".badge.verdict-can_apply")) == "You can apply"
    assert h.text_of(item.css_first(".badge.outcome-new")) == "New"
    assert "accepts COTA" in h.text_of(item.css_first(".reasons-line"))


def test_binary_txt_is_refused(client, h) -> None:
    token = h.csrf_token(client, "/import")
    resp = client.post(
        "/import", data={"csrf_token": token}, files={"file": ("x.txt", b"\x00\x01PK", "text/plain")}
    )
    assert resp.status_code == 415
    assert "looks binary" in h.text_of(h.parse(resp.text).css_first("#upload-error"))


def test_progress_page_while_an_import_runs(app, client, h) -> None:
    """A running job's page reloads itself and shows lines read of the file's total."""
    jobs = app.state.otpath.imports
    release = threading.Event()
    report = IngestReport(read=380)

    def run(job):  # type: ignore[no-untyped-def]
        job.on_progress(IngestProgress(file="big.csv", line=400, file_lines=1000,
                                       file_index=1, file_count=1, report=report))  # fmt: skip
        assert release.wait(10)
        return IngestReport(read=1000, new=990, unchanged=10), {
            "file": "big.csv", "read": 1000, "new": 990, "duplicates": 0, "unchanged": 10,
            "rejected": [], "already_imported": False, "notes": [], "postings": [],
            "postings_truncated": False,
        }  # fmt: skip

    job = jobs.start(run, file="big.csv", size=123, folder=jobs.new_folder())
    try:
        for _ in range(200):
            if job.lines_done:
                break
            threading.Event().wait(0.01)
        page = client.get(f"/import/jobs/{job.id}")
        assert '<meta http-equiv="refresh" content="1">' in page.text
        doc = h.parse(page.text)
        assert doc.css_first("progress").attributes["value"] == "40"
        assert "400 of 1,000 lines read (40%); 380 postings processed" in h.text_of(doc.css_first(".progress-panel"))
    finally:
        release.set()
    done = h.finish_import(client, page)
    assert "refresh" not in done.text
    assert "Summary of big.csv" in done.text and not job.folder.exists()


def test_unknown_job_is_404(client) -> None:
    resp = client.get("/import/jobs/nope")
    assert resp.status_code == 404 and "Import the file again" in resp.text


def test_remove_samples_keeps_tracked_copies(client, h) -> None:
    page = h.parse(client.get("/import").text)
    button = page.css_first("form[action='/samples/remove'] button")
    assert h.text_of(button).startswith("Remove the ") and h.text_of(button).endswith("sample postings")
    link = h.parse(client.get("/jobs").text).css_first("ol.postings a[href^='/postings/']")
    pid = link.attributes["href"].rsplit("/", 1)[1]
    token = h.csrf_token(client, "/import")
    client.post("/tracker/save", data={"csrf_token": token, "posting_id": pid})
    resp = client.post("/samples/remove", data={"csrf_token": token}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/import?removed=")
    removed = int(resp.headers["location"].rsplit("=", 1)[1])
    assert removed > 0
    shown = h.parse(client.get(resp.headers["location"]).text)
    assert f"Removed {removed} sample postings" in h.text_of(shown.css_first(".alert[role=status]"))
    assert shown.css_first("form[action='/samples/remove']") is None
    assert client.get(f"/postings/{pid}").status_code == 404
    card = h.parse(client.get("/tracker").text).css_first(".app-card")
    assert "posting removed" in h.text_of(card)
    assert client.post("/samples/remove", data={}).status_code == 403


def test_api_paste_and_samples(client) -> None:
    count = client.get("/api/v1/samples").json()["samples"]
    assert count > 0
    assert client.post("/api/v1/samples/remove", content=b"{}").status_code == 415
    assert client.post("/api/v1/samples/remove", json={}).json() == {"removed": count}
    assert client.get("/api/v1/samples").json() == {"samples": 0}
    body = {"title": "Pre-Service Coordinator", "text": "Remote. PT or OT license.", "url": "https://x.example/1"}
    first = client.post("/api/v1/import/paste", json=body).json()
    assert first["outcome"] == "new"
    posting = client.get(f"/api/v1/postings/{first['posting_id']}").json()
    assert posting["sources"][0]["url"] == "https://x.example/1"
    bad = client.post("/api/v1/import/paste", json={**body, "url": "ftp://x"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "url"


def test_api_import_lists_the_stored_postings(client, h) -> None:
    resp = client.post(
        "/api/v1/import", files={"file": ("jobs.csv", h.JOBSPY_CSV.read_bytes(), "text/csv")}
    )
    body = resp.json()
    assert len(body["postings"]) == body["new"] + body["duplicates"] + body["unchanged"] > 0
    assert {p["outcome"] for p in body["postings"]} <= {"new", "duplicate", "unchanged"}
    assert body["postings_truncated"] is False


def test_a_file_nothing_could_be_read_from_says_so_and_what_to_do(client, h) -> None:
    token = h.csrf_token(client, "/import")
    resp = client.post(
        "/import", data={"csrf_token": token},
        files={"file": ("export.csv", b"colour,size\nred,large\n", "text/csv")},
    )  # fmt: skip
    page = h.parse(h.finish_import(client, resp).text)
    assert h.text_of(page.css_first("h1")) == "Nothing imported from export.csv"
    assert "save it again as a plain CSV" in h.text_of(page.css_first(".alert.error"))
    # the next step offered first is another import
    assert h.text_of(page.css_first("p.actions a.button")) == "Import another file"
