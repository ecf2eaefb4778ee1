"""The web load benchmark, tiny: a real ``otpath serve`` under concurrent clients answers them all.

``bench/bench_web.py`` is what measures the web app's speed (docs/benchmarks.md); this
runs it for two seconds on the sample store so that the script, its HTTP client and
the server's cache under concurrency cannot rot unnoticed. No figure is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_web():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import bench_web

        yield bench_web
    finally:
        sys.path.remove(str(REPO / "bench"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("client", "urls", "server_args"),
    [("raw", "fixed", []), ("httpx", "fixed", []), ("raw", "varied", ["--cache-mb=0"]),
     ("raw", "varied", ["--web-workers=2"])],
)
def test_every_request_is_answered(
    bench_web, sample_db: Path, tmp_path: Path, client: str, urls: str, server_args: list[str]
) -> None:
    result = bench_web.run(
        sample_db,
        clients=8,
        duration=2.0,
        profile_path=tmp_path / "profile.toml",
        log=tmp_path / "server.log",
        client=client,
        extra_args=server_args,
        url_set=urls,
    )
    load = result["load"]
    assert load["requests"] > 8, (tmp_path / "server.log").read_text()
    assert load["failures"] == 0, (load["status_codes"], load["exceptions"])
    # 307: a page past a short list's last page redirects to it (the sample store is small)
    assert set(load["status_codes"]) <= {"200", "307"} and "200" in load["status_codes"]
    assert result["server_alive_after"]
    assert load["by_kind"].keys() >= {"jobs search", "jobs for=me"}
    assert "req/s" in bench_web.report(result)
