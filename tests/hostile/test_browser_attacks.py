"""The attacks of issue 12 made by a real browser (Debian's chromium through Playwright).

A hostile page is served from another origin (another port on 127.0.0.1) and
submits a multipart import to otpath by itself; a hostile DNS name is pointed at
127.0.0.1 with chromium's resolver rules (DNS rebinding). Nothing may be written
or read. The user's own quiz, sent the same way from otpath's page, still works.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import count_postings

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def otpath_server(store_db: Path, profile_file: Path) -> Iterator[int]:
    uvicorn = pytest.importorskip("uvicorn")
    from otpath.web import create_app

    app = create_app(db_path=store_db, profile_path=profile_file)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "otpath did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _hostile_page(target: str) -> bytes:
    # A page anyone could put on the web: a hidden upload form sent without a click.
    return f"""<!doctype html><html><body>
<form id="f" method="post" enctype="multipart/form-data" action="{target}/api/v1/import">
<textarea name="file">unused</textarea></form>
<script>
const data = new DataTransfer();
data.items.add(new File(['{{"title": "Planted", "description": "x"}}\\n'], "jobs.jsonl"));
const input = document.createElement("input");
input.type = "file"; input.name = "file"; input.files = data.files;
const form = document.getElementById("f");
form.querySelector("textarea").remove(); form.appendChild(input); form.submit();
</script></body></html>""".encode()


@pytest.fixture
def hostile_server(otpath_server: int) -> Iterator[int]:
    body = _hostile_page(f"http://127.0.0.1:{otpath_server}")

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    port = _free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()


@pytest.fixture
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"],
        )
        yield browser
        browser.close()


def test_a_page_on_another_origin_cannot_plant_postings(
    chromium, hostile_server: int, otpath_server: int, store_db: Path
) -> None:
    before = count_postings(store_db)
    page = chromium.new_page()  # type: ignore[attr-defined]
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if "/api/v1/import" in r.url else None)
    page.goto(f"http://127.0.0.1:{hostile_server}/")
    page.wait_for_url("**/api/v1/import", timeout=15_000)
    assert answers == [403]
    assert "cross_site_request" in page.content()
    assert count_postings(store_db) == before


def test_a_rebinding_name_reads_nothing(chromium, otpath_server: int) -> None:
    page = chromium.new_page()  # type: ignore[attr-defined]
    response = page.goto(f"http://evil.example:{otpath_server}/results")
    assert response is not None and response.status == 400
    assert "does not answer to the name 'evil.example'" in page.content()


def test_the_users_own_quiz_still_saves(chromium, otpath_server: int, profile_file: Path) -> None:
    page = chromium.new_page(base_url=f"http://127.0.0.1:{otpath_server}")  # type: ignore[attr-defined]
    page.goto("/quiz")
    page.get_by_label("COTA").check()
    page.get_by_role("button", name="Save and see my results").click()
    page.wait_for_url("**/results")
    assert profile_file.exists()
