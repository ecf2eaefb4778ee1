"""``otpath serve``: options, sample loading, the URL it prints, the missing-extra error.

uvicorn.run is replaced by a recorder (a third-party server, not our code), so
the command returns instead of serving forever.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from otpath.cli import app as cli


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []

    def fake_run(asgi_app: Any, **kwargs: Any) -> None:
        calls.append({"app": asgi_app, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    for name in ("OTPATH_HOST", "OTPATH_PORT", "OTPATH_DB", "OTPATH_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_serve_binds_localhost_by_default_and_prints_the_url(served, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(tmp_path / "s.db"), "--profile", str(tmp_path / "p.toml")]
    )
    assert result.exit_code == 0, result.output
    assert "otpath is running at http://127.0.0.1:8765/" in result.output
    assert served[0]["host"] == "127.0.0.1" and served[0]["port"] == 8765
    cfg = served[0]["app"].state.otpath
    assert cfg.db_path == tmp_path / "s.db"
    assert cfg.profile_path == tmp_path / "p.toml"


def test_serve_load_sample_fills_an_empty_store_once(served, tmp_path: Path) -> None:
    from otpath.store import Store

    db = tmp_path / "s.db"
    args = ["serve", "--db", str(db), "--port", "9000", "--load-sample"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "sample postings" in first.output
    assert "http://127.0.0.1:9000/" in first.output
    with Store.open(db) as store:
        total = store.count_postings()
        assert total > 0 and store.count_postings(sample=True) == total
    second = CliRunner().invoke(cli, args)
    assert "already has postings" in second.output
    with Store.open(db) as store:
        assert store.count_postings() == total


def test_serve_warns_when_not_on_localhost(served, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "no login" in result.output
    assert served[0]["host"] == "0.0.0.0"


def test_serve_without_the_web_extra_says_what_to_install(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "Error: the web app needs uvicorn" in result.output
    assert "pip install 'otpath[web]'" in result.output


def test_serve_renews_older_answers_of_its_own_samples_and_names_the_rest(
    served, tmp_path: Path
) -> None:
    from otpath.ingest import ingest_records
    from otpath.postings.models import RawPosting
    from otpath.rules import fingerprint
    from otpath.store import Store

    db = tmp_path / "s.db"
    args = ["serve", "--db", str(db), "--port", "9000", "--load-sample"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    with Store.open(db) as store:
        total = store.count_postings()
        store.set_rules_fingerprint("rules-0000000000000000")  # filled by an older otpath
    upgraded = CliRunner().invoke(cli, args)
    assert upgraded.exit_code == 0, upgraded.output
    assert f"Reclassified the {total} sample postings with this otpath's rules." in upgraded.stdout
    with Store.open(db) as store:
        assert store.rules_fingerprint() == fingerprint()
        # the user's own postings are not rewritten at start-up: only named
        ingest_records(store, [RawPosting(title="Utilization Review OT", description="Remote.")])
        store.set_rules_fingerprint("rules-0000000000000000")
    named = CliRunner().invoke(cli, args)
    assert named.exit_code == 0, named.output
    assert f"Note: {total + 1} stored postings were classified by an older otpath" in named.stderr
    assert "Reclassified" not in named.stdout
    with Store.open(db) as store:
        assert store.rules_fingerprint() == "rules-0000000000000000"
