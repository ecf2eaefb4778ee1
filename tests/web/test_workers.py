"""``otpath serve --web-workers N``: worker processes share one CSRF secret and keep every check.

Each worker is built by :func:`otpath.web.app.app_from_env` from the configuration
``serve`` writes once (:func:`otpath.web.app.worker_config`); here two such apps stand
for two workers. The real multi-process server runs in ``test_load_smoke.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from otpath.cli import app as cli
from otpath.web._security import LOOPBACK_NAMES
from otpath.web.app import WORKER_CONFIG_ENV, app_from_env, worker_config


def _worker(monkeypatch: pytest.MonkeyPatch, config: str) -> Any:
    monkeypatch.setenv(WORKER_CONFIG_ENV, config)
    return app_from_env()


def _config(db: Path, profile: Path) -> str:
    return worker_config(
        db_path=db, profile_path=profile, max_upload_bytes=1 << 20, cache_bytes=1 << 20,
        allowed_hosts=LOOPBACK_NAMES, search_seconds=5,
    )  # fmt: skip


@pytest.mark.parametrize(("same_server", "status"), [(True, 303), (False, 403)])
def test_a_form_from_one_worker_is_accepted_by_another_of_the_same_server(
    monkeypatch, h, make_client, sample_db: Path, tmp_path: Path, same_server: bool, status: int
) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "p.toml"
    config = _config(sample_db, profile)
    first = _worker(monkeypatch, config)
    second = _worker(monkeypatch, config if same_server else _config(sample_db, profile))
    with make_client(first) as c1:
        token = h.csrf_token(c1)
        cookie = c1.cookies.get("otpath_csrf")
    with make_client(second) as c2:
        c2.cookies.set("otpath_csrf", cookie)
        resp = c2.post("/quiz", data={**h.COTA, "csrf_token": token}, follow_redirects=False)
    assert resp.status_code == status
    assert profile.exists() == same_server


def test_a_worker_keeps_the_host_allow_list_and_headers(
    monkeypatch, make_client, sample_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = _worker(monkeypatch, _config(sample_db, tmp_path / "p.toml"))
    with make_client(app) as c:
        assert c.get("/jobs?q=review").status_code == 200
        evil = c.get("/jobs?q=review", headers={"Host": "evil.example"})
        assert evil.status_code == 400
        assert "script-src 'self'" in c.get("/").headers["content-security-policy"]


def test_serve_with_workers_runs_the_factory_with_the_same_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append({"target": target, **kw}))
    monkeypatch.delenv(WORKER_CONFIG_ENV, raising=False)
    for name in ("OTPATH_HOST", "OTPATH_PORT", "OTPATH_DB", "OTPATH_PROFILE", "OTPATH_WEB_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    db, profile = tmp_path / "s.db", tmp_path / "p.toml"
    args = ["serve", "--db", str(db), "--profile", str(profile), "--web-workers", "3"]
    try:
        result = CliRunner().invoke(cli, [*args, "--search-seconds", "7"])
        assert result.exit_code == 0, result.output
        app = app_from_env()  # what each worker builds from what serve wrote
    finally:
        os.environ.pop(WORKER_CONFIG_ENV, None)
    call = calls[0]
    assert (call["target"], call["factory"], call["workers"]) == (
        "otpath.web.app:app_from_env", True, 3)  # fmt: skip
    assert call["host"] == "127.0.0.1"
    cfg = app.state.otpath
    assert (cfg.db_path, cfg.profile_path, cfg.search_seconds) == (db, profile, 7)
