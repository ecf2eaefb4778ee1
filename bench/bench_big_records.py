"""Peak memory for oversized postings: one 9.5 MB description, one legal 15.9 MiB record.

    python bench/bench_big_records.py                 # every case
    python bench/bench_big_records.py --case cli-15.9  # one case

Cases (each in a fresh store, each a fresh process, peak RSS = VmHWM of the whole
process tree, polled every 20 ms):

- ``cli-9.5`` / ``cli-15.9``: ``otpath ingest FILE.jsonl`` on a JSON line whose
  description is 9.5 MB of HTML (or whose whole line is 15.9 MiB, just under the
  16 MiB record limit);
- ``web-9.5``: ``otpath serve``, then the 9.5 MB file uploaded through
  ``POST /api/v1/import``, then its page ``/postings/{id}`` fetched: the server's peak
  RSS, the page's size and how long the view took.

The descriptions are generated here (our own words, repeated with numbered
variations so the text is not one repeated line); nothing is read from ../shared.
The target from issue 12 is under 300 MB for each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, free_port, proc_mb, process_tree  # noqa: E402

OTPATH = [sys.executable, "-m", "otpath"]
_PARAGRAPH = (
    "<p>Paragraph {n}: the utilization review team at Example Health Plan reviews "
    "requests for outpatient therapy. An active OT, PT or SLP license and 3 years of "
    "clinical experience are required; InterQual or MCG a plus. Remote in Ohio, "
    "pay $70,000 to $82,000 a year. <strong>Benefits</strong> include 401(k).</p>\n"
)


def big_description(size: int) -> str:
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        chunk = _PARAGRAPH.format(n=n)
        parts.append(chunk)
        total += len(chunk)
        n += 1
    return "".join(parts)[:size]


def write_case(folder: Path, case: str) -> Path:
    path = folder / f"{case}.jsonl"
    head = {"title": "Utilization Review Therapist", "company": "Example Health Plan"}
    if case.endswith("9.5"):
        record = {**head, "description": big_description(9_500_000)}
    else:  # a whole line of 15.9 MiB: legal, under the 16 MiB record limit
        budget = int(15.9 * 2**20) - len(json.dumps({**head, "description": ""})) - 1
        record = {**head, "description": big_description(budget)}
    line = json.dumps(record) + "\n"
    path.write_text(line, encoding="utf-8")
    return path


class Peak:
    """Polls the VmHWM (peak RSS) and current RSS of a process tree every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.hwm: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for p in process_tree(self.pid):
                (hwm,) = proc_mb(p, "VmHWM")
                if hwm:
                    self.hwm[p] = max(self.hwm.get(p, 0.0), hwm)
            time.sleep(0.02)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self.hwm.values())


def run_cli(path: Path, db: Path) -> dict[str, object]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*OTPATH, "ingest", "--db", str(db), str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    peak = Peak(proc.pid)
    out, err = proc.communicate()
    mb = peak.stop()
    return {
        "peak_mb": round(mb, 1),
        "seconds": round(time.perf_counter() - start, 2),
        "exit": proc.returncode,
        "output": (out + err).strip().splitlines()[-3:],
    }


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "otpathbenchboundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        "Content-Type: application/json\r\n\r\n"
    ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def run_web(path: Path, db: Path, folder: Path) -> dict[str, object]:
    port = free_port()
    env = {**os.environ, "OTPATH_PROFILE": str(folder / "profile.toml"),
           "OTPATH_MAX_UPLOAD_BYTES": str(32 * 2**20)}  # fmt: skip
    proc = subprocess.Popen(
        [*OTPATH, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/v1/families", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        peak = Peak(proc.pid)
        body, ctype = _multipart(path.name, path.read_bytes())
        start = time.perf_counter()
        req = urllib.request.Request(
            base + "/api/v1/import", data=body, headers={"Content-Type": ctype}, method="POST"
        )
        summary = json.loads(urllib.request.urlopen(req, timeout=600).read())
        upload_s = time.perf_counter() - start
        upload_mb = max(peak.hwm.values(), default=0.0)
        items = json.loads(
            urllib.request.urlopen(base + "/api/v1/postings?per_page=1", timeout=60).read()
        )["items"]
        start = time.perf_counter()
        page = urllib.request.urlopen(base + f"/postings/{items[0]['id']}", timeout=600).read()
        view_s = time.perf_counter() - start
        mb = peak.stop()
        return {
            "peak_mb": round(mb, 1),
            "peak_after_upload_mb": round(upload_mb, 1),
            "upload_seconds": round(upload_s, 2),
            "view_seconds": round(view_s, 2),
            "page_mb": round(len(page) / 1e6, 2),
            "import": {k: summary[k] for k in ("read", "new", "rejected")},
        }
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=["cli-9.5", "cli-15.9", "web-9.5"], action="append")
    args = parser.parse_args()
    cases = args.case or ["cli-9.5", "cli-15.9", "web-9.5"]
    with tempfile.TemporaryDirectory(prefix="otpath-big-") as tmp:
        folder = Path(tmp)
        for case in cases:
            path = write_case(folder, case)
            db = folder / f"{case}.db"
            size = path.stat().st_size / 2**20
            result = run_web(path, db, folder) if case.startswith("web") else run_cli(path, db)
            print(json.dumps({"case": case, "file_mib": round(size, 2), **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
