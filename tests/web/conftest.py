"""Fixtures for the web tests: a store with the sample postings, an app, a client, a parser."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'otpath[web]'")

from fastapi import FastAPI  # noqa: E402
from selectolax.lexbor import LexborHTMLParser as HTMLParser  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLE_POSTINGS = REPO / "otpath" / "data" / "sample_postings.jsonl"
FIXTURES = REPO / "tests" / "fixtures"
JOBSPY_CSV = FIXTURES / "jobspy" / "sample_jobspy.csv"

# A hostile posting: every classic way to run script from HTML.
HOSTILE_DESCRIPTION = (
    "<p>Utilization review for OT and COTA, remote.</p>"
    "<script>alert(1)</script>"
    "<img src=x onerror=alert(2)>"
    '<a href="javascript:alert(3)">apply here</a>'
    "<svg onload=alert(4)><circle r=1></circle></svg>"
    '<iframe src="javascript:alert(5)"></iframe>'
    '<p style="background:url(javascript:alert(6))" onclick="alert(7)">Requires 2 years.</p>'
)


def hostile_jsonl() -> bytes:
    import json

    record = {
        "id": "hostile-1",
        "title": "Utilization Review Therapist <script>alert(8)</script>",
        "company": "Evil Corp",
        "location": "Remote",
        "url": "javascript:alert(10)",
        "description": HOSTILE_DESCRIPTION,
    }
    return (json.dumps(record) + "\n").encode()


#: The address the app is served at by default: it answers only to its own Host names.
BASE_URL = "http://127.0.0.1:8765"


def _quiet_client(app: FastAPI, **kwargs: object):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        kwargs.setdefault("base_url", BASE_URL)
        return TestClient(app, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample postings, built once per test session."""
    from otpath.ingest import ingest_paths
    from otpath.store import Store

    path = tmp_path_factory.mktemp("sample-store") / "otpath.db"
    with Store.open(path) as store:
        report = ingest_paths(store, [SAMPLE_POSTINGS], sample=True)
    assert report.new > 0, report
    return path


@pytest.fixture
def sample_db(sample_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store for one test."""
    path = tmp_path / "otpath.db"
    shutil.copy(sample_db_template, path)
    return path


@pytest.fixture
def profile_path(tmp_path: Path) -> Path:
    return tmp_path / "profile.toml"


@pytest.fixture
def app(sample_db: Path, profile_path: Path) -> FastAPI:
    from otpath.web import create_app

    return create_app(db_path=sample_db, profile_path=profile_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[object]:
    with _quiet_client(app) as c:
        yield c


@pytest.fixture
def make_client():  # type: ignore[no-untyped-def]
    """``make_client(app, raise_server_exceptions=False)``."""
    return _quiet_client


# -- a real browser (Playwright driving Debian's chromium) on a live server ----------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = REPO / "screenshots"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(sample_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from otpath.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    db = folder / "otpath.db"
    shutil.copy(sample_db_template, db)
    app = create_app(db_path=db, profile_path=folder / "profile.toml")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 900}, base_url=server)
    p = context.new_page()
    problems: list[str] = []
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    p.problems = problems  # type: ignore[attr-defined]
    yield p
    context.close()


def shot(page, name: str, *, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot to ``screenshots/`` (git-ignored) for a person to look at."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def parse(html: str) -> HTMLParser:
    return HTMLParser(html)


def csrf_token(client: object, url: str = "/quiz") -> str:
    """The hidden CSRF token of the form on ``url`` (the client keeps the cookie)."""
    page = parse(client.get(url).text)  # type: ignore[attr-defined]
    node = page.css_first('input[name="csrf_token"]')
    assert node is not None, f"no CSRF field on {url}"
    return node.attributes["value"] or ""


COTA_REMOTE_NO_PATIENTS = {
    "credentials": ["COTA"],
    "years_experience": "4",
    "remote": "required",
    "patient_interaction": "none",
    "physical_demand": "none",
    "pay_model": "salary",
    "schedule": "nine_to_five",
    "extra_education": "certificate_ok",
    "entrepreneurship": "false",
}


def take_quiz(client: object, answers: dict[str, object] | None = None) -> object:
    data = dict(answers or COTA_REMOTE_NO_PATIENTS)
    data["csrf_token"] = csrf_token(client)
    return client.post("/quiz", data=data, follow_redirects=False)  # type: ignore[attr-defined]


def quiz_in_browser(page: object) -> None:
    """Take the quiz in the browser as a COTA with 4 years in skilled nursing who must
    work remotely and without patient contact, paid at least $61,500; ends on /results."""
    page.goto("/quiz")  # type: ignore[attr-defined]
    page.get_by_label("COTA").check()  # type: ignore[attr-defined]
    page.get_by_label("Years of clinical experience").fill("4")  # type: ignore[attr-defined]
    page.get_by_label("Skilled nursing (SNF)").check()  # type: ignore[attr-defined]
    for question, answer in (
        ("1. Do you want to work remotely or in person?", "Remote only"),
        ("2. How much patient and family contact do you want?", "None"),
    ):
        group = page.get_by_role("group", name=question)  # type: ignore[attr-defined]
        group.get_by_label(answer).check()
        group.get_by_label("This answer is a must (a dealbreaker)").check()
    page.get_by_label("Amount").fill("61,500")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save and see my results").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/results")  # type: ignore[attr-defined]


def finish_import(client: object, resp: object, *, seconds: float = 20) -> object:
    """The finished import's page: ``resp`` is the answer to ``POST /import`` (followed
    to its job page), which reloads itself while the import runs."""
    import time

    deadline = time.monotonic() + seconds
    while 'http-equiv="refresh"' in resp.text:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.05)
        resp = client.get(resp.url)  # type: ignore[attr-defined]
    return resp


def text_of(node: object) -> str:
    return re.sub(r"\s+", " ", node.text() if node is not None else "").strip()  # type: ignore[attr-defined]


class Helpers:
    """Helpers for test modules (``--import-mode=importlib`` cannot import conftest)."""

    parse = staticmethod(parse)
    csrf_token = staticmethod(csrf_token)
    take_quiz = staticmethod(take_quiz)
    text_of = staticmethod(text_of)
    finish_import = staticmethod(finish_import)
    quiz_in_browser = staticmethod(quiz_in_browser)
    shot = staticmethod(shot)
    hostile_jsonl = staticmethod(hostile_jsonl)
    COTA = COTA_REMOTE_NO_PATIENTS
    SAMPLE_POSTINGS = SAMPLE_POSTINGS
    JOBSPY_CSV = JOBSPY_CSV
    FIXTURES = FIXTURES
    REPO = REPO


@pytest.fixture
def h() -> type[Helpers]:
    return Helpers
