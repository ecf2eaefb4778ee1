"""Web load test: 50 concurrent clients for 30 s against a real ``otpath serve``.

    python bench/bench_web.py --db bench/out/bench-100k.db

Starts ``otpath serve --db DB --port P`` (127.0.0.1, a free port) in a subprocess with
a saved profile (``OTPATH_PROFILE``, written with ``otpath.profile.write_profile``), waits
until it answers, then runs ``--clients`` asyncio workers for ``--duration`` seconds.
Each worker walks a fixed list of 20 URLs: ``/results`` (the ranked roles for the
saved profile), ``/jobs?...`` search pages with and without text and filters, and
``/jobs?for=me`` (the profile's jobs); ``--urls varied`` walks 5,204 distinct pages
on words of the real postings instead, each client its own stretch of them (see
:func:`varied_urls`; ``--urls varied-1080`` is the first, smaller varied set).
Every answer but 200 (or 307, a page past the last redirected to it) or an exception counts as a failure. Prints requests/s,
p50/p95/p99/max latency overall, per page kind and per 5 s of the run (a cold server's
first seconds against the rest), the CPU seconds of the server (and per request) and
of this load generator, and the server's peak RSS; the server is stopped after
(SIGINT, then SIGKILL after 10 s).

The default client (``--client raw``) is a minimal HTTP/1.1 keep-alive client on
asyncio streams, one connection per worker, that keeps the CSRF cookie like a
browser. ``--client httpx`` (one shared ``httpx.AsyncClient``) is there to compare:
it costs about 3 ms of CPU per request, so it saturates its own core near 340
requests/s and then measures itself rather than the server.

Loopback only; the loop is bounded by time. ``--server uvicorn`` runs the app through
``uvicorn --factory`` instead of the ``otpath serve`` command (same app, same store).
Note the load generator shares the machine with the server (2 cores here).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    BENCH_DIR,
    OUT_DIR,
    emit,
    fmt_ms,
    free_port,
    machine_info,
    percentile,
    proc_mb,
    process_tree,
)

PROFILE = {
    "credentials": ["COTA"],
    "years_experience": 4,
    "settings": ["snf", "home_health"],
    "skills": ["ICD-10", "documentation"],
    "preferences": {"remote": "required", "patient_interaction": "none"},
}

_J = [
    {"q": "utilization review"},
    {"q": "utilization review", "remote": "remote"},
    {"q": "ergonomics", "remote": "hybrid"},
    {"q": "recruiter", "posted_within": "14d"},
    {"family": "utilization_management", "remote": "remote", "credential": "COTA"},
    {"q": "care coordination", "min_pay": "60000"},
    {"q": "InterQual", "credential": "OT", "posted_within": "30d"},
    {"remote": "remote"},
    {"q": "kids gym franchise"},
    {"q": "therapy", "page": "3"},
    {"company": "Summit Health Partners"},
    {"q": "\"prior authorization\"", "family": "utilization_management"},
    {"q": "NEAR( title:foo \""},
]
# (kind, path): /results 3 in 16, search pages 10 in 16, for=me 3 in 16
URLS: list[tuple[str, str]] = []
for i, params in enumerate(_J[:10]):
    URLS.append(("jobs search", "/jobs?" + urlencode(params)))
    if i % 3 == 0:
        URLS.append(("results", "/results"))
URLS += [("jobs search", "/jobs?" + urlencode(p)) for p in _J[10:]]
URLS += [("jobs for=me", "/jobs?" + urlencode(p)) for p in
         ({"for": "me"}, {"for": "me", "q": "review"}, {"for": "me", "remote": "remote"})]


_TERMS = [
    "utilization review", "prior authorization", "care coordination", "recruiter", "ergonomics",
    "case manager", "InterQual", "MCG", "remote", "telehealth", "clinical reviewer", "liaison",
    "sales", "education", "informatics", "quality", "appeals", "denials", "home health",
    "skilled nursing", "pediatric", "franchise", "consultant", "coordinator", "specialist",
    "manager", "documentation", "ICD-10", "Medicare", "vocational",
]


def varied_urls_1080() -> list[tuple[str, str]]:
    """The first varied set (``--urls varied-1080``): 1,080 distinct pages, each of 30
    terms x 4 remote filters x pages 1-5 of the search, and x 4 pages of the for=me
    view, in a fixed shuffled order. On the real NHS text most of these terms are in no
    posting, and the for=me pages of one query share one computation, so this set is
    cheaper than real use; kept to compare with earlier figures."""
    import random

    urls: list[tuple[str, str]] = []
    for term in _TERMS:
        for remote in ("", "remote", "hybrid", "onsite"):
            for page in range(1, 6):
                params = {"q": term, "remote": remote, "page": str(page) if page > 1 else ""}
                urls.append(("jobs search",
                             "/jobs?" + urlencode({k: v for k, v in params.items() if v})))
        for remote in ("", "remote", "hybrid", "onsite"):
            for page in range(1, 5):
                params = {"for": "me", "q": term, "remote": remote,
                          "page": str(page) if page > 1 else ""}
                urls.append(("jobs for=me",
                             "/jobs?" + urlencode({k: v for k, v in params.items() if v})))
    random.Random(7).shuffle(urls)
    return urls


# Words found in the real postings (NHS adverts and JobSpy exports: the therapy
# professions and the non-clinical jobs around them), searched beside _TERMS.
_REAL_TERMS = [
    "occupational therapist", "physiotherapist", "band 6", "band 7", "band 5",
    "speech and language", "care coordinator", "discharge", "paediatric", "mental health",
    "community", "rehabilitation", "stroke", "neuro", "therapy assistant", "clinical lead",
    "practitioner", "pathway coordinator", "wellbeing", "dementia", "falls", "reablement",
    "social worker", "learning disabilities", "admissions", "team leader", "trainer",
    "project", "digital", "data", "bank", "school", "wheelchair", "health coach", "research",
    "patient experience", "audit", "safeguarding", "hand therapy", "intermediate care",
]
# Filters a person adds to a search (one at a time), and to "jobs for me".
_SEARCH_FILTERS: list[dict[str, str]] = [
    {}, {"remote": "remote"}, {"remote": "hybrid"}, {"remote": "onsite"},
    {"family": "care_coordination"}, {"credential": "OT"},
    {"min_pay": "30000", "min_pay_currency": "GBP"}, {"literal": "1"}, {"all": "1"},
    {"posted_within": "1y"},
]
_FOR_ME_FILTERS: list[dict[str, str]] = [
    {}, {"remote": "remote"}, {"remote": "hybrid"}, {"family": "care_coordination"},
    {"min_pay": "30000", "min_pay_currency": "GBP"}, {"all": "1"},
]


def varied_urls() -> list[tuple[str, str]]:
    """5,204 distinct pages on words that occur in real postings: 70 terms (the
    30 of the first set, 40 from the real text) x 10 filters x pages 1-5 of the search,
    and the for=me view of each term (and of no term) x 6 filters x pages 1-4, in a
    fixed shuffled order. Each client walks its own stretch of the list, so nearly
    every request is for a page (and, but for other pages of the same for=me list, a
    computation) that no one asked for before."""
    import random

    def url(params: dict[str, str]) -> str:
        return "/jobs?" + urlencode({k: v for k, v in params.items() if v})

    urls: list[tuple[str, str]] = []
    for term in [*_TERMS, *_REAL_TERMS]:
        for extra in _SEARCH_FILTERS:
            for page in range(1, 6):
                urls.append(("jobs search", url(
                    {"q": term, **extra, "page": str(page) if page > 1 else ""})))
    for term in ["", *_TERMS, *_REAL_TERMS]:
        for extra in _FOR_ME_FILTERS:
            for page in range(1, 5):
                urls.append(("jobs for=me", url(
                    {"for": "me", "q": term, **extra, "page": str(page) if page > 1 else ""})))
    random.Random(7).shuffle(urls)
    return urls


#: The run's latencies are also reported per this many seconds (cold start versus after).
_WINDOW_S = 5.0

URL_SETS = {"fixed": lambda: URLS, "varied": varied_urls, "varied-1080": varied_urls_1080}


def _server_cmd(server: str, db: Path, port: int, profile: Path) -> list[str]:
    if server == "serve":
        exe = Path(sys.executable).with_name("otpath")
        base = [str(exe)] if exe.exists() else [sys.executable, "-m", "otpath"]
        return [*base, "serve", "--db", str(db), "--port", str(port), "--host", "127.0.0.1",
                "--profile", str(profile)]
    return [sys.executable, "-m", "uvicorn", "--factory", "_web_app:app_factory",
            "--app-dir", str(BENCH_DIR), "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning", "--no-access-log"]


async def _wait_ready(base: str, proc: subprocess.Popen, timeout: float) -> float:
    import httpx

    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=5) as c:
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early with code {proc.returncode}")
            try:
                r = await c.get("/")
                if r.status_code < 500:
                    return time.perf_counter() - t0
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"server did not answer within {timeout:.0f} s")


class RawClient:
    """One keep-alive HTTP/1.1 connection: ``GET`` a path, read the whole answer.

    Enough HTTP for a load test against our own server: a status line, headers,
    and a body sized by ``Content-Length`` (or ``Transfer-Encoding: chunked``).
    It keeps the cookies the server sets, as a browser does.
    """

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body bytes); reconnects once if the kept-alive connection was closed."""
        try:
            return await asyncio.wait_for(self._get(path), self.timeout)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            return await asyncio.wait_for(self._get(path), self.timeout)
        except BaseException:
            await self.close()
            raise

    async def _get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.writer.write(
            (f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
             + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode("latin-1")
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length, chunked, close = None, False, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        size = 0
        if chunked:
            while True:
                n = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        elif length is not None:
            size = len(await self.reader.readexactly(length))
        else:
            size = len(await self.reader.read())
            close = True
        if close:
            await self.close()
        return status, size


async def _load(base: str, clients: int, duration: float, timeout: float,
                client: str = "raw", urls: list[tuple[str, str]] | None = None,
                spread: bool = False, per_client: int | None = None) -> dict:
    import httpx

    lat: dict[str, list[float]] = defaultdict(list)
    by_path: dict[str, list[float]] = defaultdict(list)
    timeline: list[tuple[float, float]] = []  # (seconds since the start, latency ms)
    path_fails: dict[str, int] = defaultdict(int)
    codes: Counter = Counter()
    errors: Counter = Counter()
    fails: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    deadline = time.perf_counter() + duration

    host, _, port = base.removeprefix("http://").partition(":")
    todo = urls or URLS

    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as c:

        async def worker(w: int) -> None:
            # everyone walks the same pages, or (spread) each client its own stretch of them
            i = w * len(todo) // clients if spread else (w * 7) % len(todo)
            raw = RawClient(host, int(port), timeout) if client == "raw" else None
            sent = 0
            while time.perf_counter() < deadline and (per_client is None or sent < per_client):
                sent += 1
                kind, path = todo[i]
                i = (i + 1) % len(todo)
                t0 = time.perf_counter()
                try:
                    if raw is not None:
                        status, _ = await raw.get(path)
                    else:
                        r = await c.get(path)
                        await r.aread()
                        status = r.status_code
                    dt = (time.perf_counter() - t0) * 1000
                    timeline.append((t0 - t_start, dt))
                    codes[status] += 1
                    lat[kind].append(dt)
                    by_path[path].append(dt)
                    # 307: a page past the last one redirects there (the URL sets ask
                    # for pages 1-5 whatever a search finds); an answer, not a failure
                    if status not in (200, 307):
                        fails[kind] += 1
                        path_fails[path] += 1
                except Exception as exc:  # count every failure, keep going
                    errors[type(exc).__name__] += 1
                    fails[kind] += 1
                    path_fails[path] += 1
                    lat[kind].append((time.perf_counter() - t0) * 1000)
                    by_path[path].append((time.perf_counter() - t0) * 1000)
            if raw is not None:
                await raw.close()

        t_start, cpu_start = time.perf_counter(), time.process_time()  # before any request
        await asyncio.gather(*(worker(w) for w in range(clients)))
        elapsed = time.perf_counter() - t_start
        client_cpu = time.process_time() - cpu_start

    every = [x for v in lat.values() for x in v]
    windows: dict[int, list[float]] = defaultdict(list)
    for at, dt in timeline:
        windows[int(at // _WINDOW_S)].append(dt)
    kinds = {
        k: {"requests": len(v), "failures": fails[k], "p50_ms": percentile(v, 50),
            "p95_ms": percentile(v, 95), "p99_ms": percentile(v, 99), "max_ms": max(v)}
        for k, v in sorted(lat.items())
    }
    return {
        "client": client,
        "client_cpu_s": client_cpu,
        "clients": clients,
        "duration_s": duration,
        "elapsed_s": elapsed,
        "requests": len(every),
        "failures": sum(fails.values()),
        "status_codes": {str(k): v for k, v in codes.items()},
        "exceptions": dict(errors),
        "rps": len(every) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(every, 50),
        "p95_ms": percentile(every, 95),
        "p99_ms": percentile(every, 99),
        "max_ms": max(every) if every else 0.0,
        "by_kind": kinds,
        # when the slow requests came: per _WINDOW_S seconds of the run (by start time)
        "by_window": [
            {"from_s": w * _WINDOW_S, "requests": len(v), "p50_ms": percentile(v, 50),
             "p95_ms": percentile(v, 95), "max_ms": max(v)}
            for w, v in sorted(windows.items())
        ],
        "by_path": {
            p: {"requests": len(v), "failures": path_fails[p], "p50_ms": percentile(v, 50),
                "p95_ms": percentile(v, 95), "max_ms": max(v)}
            for p, v in sorted(by_path.items(), key=lambda kv: -percentile(kv[1], 50))
        },
    }


def _cpu_seconds(pids: list[int]) -> float:
    """user + system CPU seconds of ``pids`` so far (from /proc; 0 where unreadable)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run(db: Path, *, clients: int = 50, duration: float = 30.0, server: str = "serve",
        port: int | None = None, profile_path: Path | None = None, timeout: float = 30.0,
        ready_timeout: float = 90.0, log: Path | None = None, client: str = "raw",
        extra_args: list[str] | None = None, url_set: str = "fixed",
        per_client: int | None = None, kind: str | None = None) -> dict:
    from otpath.profile import Profile, write_profile
    from otpath.store import Store

    db = Path(db).resolve()
    with Store.open(db) as store:
        n = store.count_postings()
    if profile_path is None:
        profile_path = OUT_DIR / "web-profile.toml"
        write_profile(Profile(**PROFILE), profile_path)
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "OTPATH_PROFILE": str(Path(profile_path).resolve()),
           "OTPATH_DB": str(db)}
    cmd = _server_cmd(server, db, port, Path(profile_path).resolve()) + list(extra_args or [])
    log = log or OUT_DIR / "web-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    print(f"server: {' '.join(cmd)}  (log {log})", file=sys.stderr, flush=True)
    with open(log, "w") as logf:
        proc = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            ready_s = asyncio.run(_wait_ready(base, proc, ready_timeout))
            print(f"server ready in {ready_s:.1f} s; {clients} clients for {duration:.0f} s ...",
                  file=sys.stderr, flush=True)
            pids = process_tree(proc.pid)
            rss_before = sum(proc_mb(p, "VmRSS")[0] for p in pids)
            cpu_before = _cpu_seconds(pids)
            urls = [u for u in URL_SETS[url_set]() if kind is None or u[0] == kind]
            load = asyncio.run(_load(base, clients, duration, timeout, client, urls,
                                     spread=url_set == "varied", per_client=per_client))
            load["per_client"] = per_client
            load["url_set"] = url_set if kind is None else f"{url_set}, {kind} only"
            load["distinct_urls"] = len(urls)
            load["server_cpu_s"] = _cpu_seconds(pids) - cpu_before
            load["loadavg_end"] = os.getloadavg()
            hwm = max((proc_mb(p, "VmHWM")[0] for p in process_tree(proc.pid)), default=0.0)
            still_up = proc.poll() is None
        finally:
            _stop(proc)
    return {"db": str(db), "postings": n, "server": cmd, "ready_s": ready_s,
            "server_rss_before_mb": rss_before, "server_peak_rss_mb": hwm,
            "server_alive_after": still_up, "load": load, "urls": urls[:40],
            "machine": machine_info()}


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGINT)  # its own session: only the server and its children
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


def report(result: dict) -> str:
    ld = result["load"]
    out = [
        f"store {result['db']}: {result['postings']:,} postings; server ready in "
        f"{result['ready_s']:.1f} s",
        f"{ld['clients']} clients ({ld['client']} client, {ld['url_set']} URL set of "
        f"{ld['distinct_urls']:,}), {ld['elapsed_s']:.1f} s: "
        f"{ld['requests']:,} requests = "
        f"{ld['rps']:,.1f} req/s, failures {ld['failures']} (status {ld['status_codes']}"
        + (f", exceptions {ld['exceptions']}" if ld["exceptions"] else "") + ")",
        f"latency ms: p50 {fmt_ms(ld['p50_ms'])}  p95 {fmt_ms(ld['p95_ms'])}  "
        f"p99 {fmt_ms(ld['p99_ms'])}  max {fmt_ms(ld['max_ms'])}  (targets at 100k: no "
        "failures; pages seen before p95 < 300 ms; new pages >= 100 req/s, p95 <= 1 s)",
        f"CPU during the load: server {ld['server_cpu_s']:.1f} s "
        f"({1000 * ld['server_cpu_s'] / max(1, ld['requests']):.1f} ms a request), load "
        f"generator {ld['client_cpu_s']:.1f} s, in {ld['elapsed_s']:.1f} s on "
        f"{os.cpu_count()} cores",
        f"{'page kind':<14} {'requests':>9} {'fail':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}",
    ]
    for k, v in ld["by_kind"].items():
        out.append(f"{k:<14} {v['requests']:>9,} {v['failures']:>5} {fmt_ms(v['p50_ms']):>8} "
                   f"{fmt_ms(v['p95_ms']):>8} {fmt_ms(v['p99_ms']):>8} {fmt_ms(v['max_ms']):>8}")
    if ld.get("by_window"):
        out.append(f"by {_WINDOW_S:.0f} s of the run (requests, p50, p95 ms): " + "  ".join(
            f"{w['from_s']:.0f}s: {w['requests']} {fmt_ms(w['p50_ms'])} {fmt_ms(w['p95_ms'])}"
            for w in ld["by_window"]))
    out.append("slowest paths (p50 ms, failures/requests):")
    for p, v in list(ld.get("by_path", {}).items())[:6]:
        out.append(f"  {fmt_ms(v['p50_ms']):>8}  {v['failures']}/{v['requests']}  {p}")
    out.append(f"server peak RSS {result['server_peak_rss_mb']:,.0f} MB; still up after load: "
               f"{result['server_alive_after']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an ingested store (100k postings)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    ap.add_argument("--server", choices=("serve", "uvicorn"), default="serve",
                    help="'serve' runs `otpath serve`; 'uvicorn' runs the app factory directly")
    ap.add_argument("--port", type=int, default=None, help="default: a free port")
    ap.add_argument("--profile", type=Path, default=None, help="profile TOML for /results")
    ap.add_argument("--timeout", type=float, default=30.0, help="per-request timeout, s")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="load generator: a minimal asyncio HTTP/1.1 client (default) or httpx")
    ap.add_argument("--server-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `otpath serve` (repeat), e.g. --server-arg=--cache-mb=0")
    ap.add_argument("--urls", choices=tuple(URL_SETS), default="fixed",
                    help="'fixed': the 20 pages above, over and over; 'varied': 5,204 "
                         "distinct search and for=me pages on words of the real postings, "
                         "each client its own (nearly all cache misses); 'varied-1080': the "
                         "first varied set, 30 terms, clients walking the same pages")
    ap.add_argument("--requests-per-client", type=int, default=None, metavar="N",
                    help="stop each client after N requests (the same work in every run, so "
                         "the server's CPU a request compares across runs on a busy machine; "
                         "--duration still bounds the run)")
    ap.add_argument("--kind", choices=("jobs search", "jobs for=me", "results"), default=None,
                    help="only the URL set's pages of this kind (CPU a page of one kind)")
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args(argv)
    if not args.db.exists():
        ap.error(f"no store at {args.db}; run bench/bench_ingest.py first")
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 600:
        ap.error("--clients must be 1-500 and --duration 0-600 s")
    result = run(args.db, clients=args.clients, duration=args.duration, server=args.server,
                 port=args.port, profile_path=args.profile, timeout=args.timeout,
                 client=args.client, extra_args=args.server_arg, url_set=args.urls,
                 per_client=args.requests_per_client, kind=args.kind)
    print(report(result))
    emit(result, args.json_out)
    return 0 if result["load"]["failures"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
