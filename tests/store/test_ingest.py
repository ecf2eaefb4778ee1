"""Ingest: counts, idempotency, cross-board clusters, rejected records, atomic batches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from otpath.errors import SourceError, StoreError
from otpath.ingest import IngestProgress, fetch_jobspy, ingest_paths
from otpath.store import Store

UR_TEXT = (
    "Join our utilization management team reviewing prior authorization requests for "
    "physical, occupational and speech therapy. You will apply medical necessity criteria, "
    "document determinations in our system, collaborate with medical directors and meet "
    "turnaround times. Requirements: active OT, PT or COTA license; 3-5 years of clinical "
    "experience in post-acute settings; strong documentation skills. Fully remote, Monday "
    "to Friday, $72,000 - $85,000 per year with benefits and a 401k match."
)


def posting(i: int, **kw) -> dict:
    base = {
        "id": f"job-{i}",
        "title": f"Utilization Review Specialist {i}",
        "company": f"Health Plan {i}",
        "location": "Nashville, TN",
        "url": f"https://jobs.example/{i}",
        "date_posted": "2026-11-20",
        "description": f"Posting number {i}. " + UR_TEXT,
    }
    return {**base, **kw}


def write_jsonl(path: Path, records: list, *, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r) for r in records]
    for index, text in (raw_lines or {}).items():
        lines.insert(index - 1, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(store: Store) -> dict[str, int]:
    return {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("postings", "posting_sources", "identity_keys", "lsh_bands",
                  "cluster_signatures", "posting_credentials")
    }  # fmt: skip


@pytest.fixture
def file_store(tmp_path: Path):
    with Store.open(tmp_path / "otpath.db") as s:
        yield s


def test_ingest_counts_new_postings(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(5)])
    report = ingest_paths(file_store, [path])
    assert (report.read, report.new, report.duplicates, report.unchanged) == (5, 5, 0, 0)
    assert report.rejected == []
    assert report.files == [str(path)]
    assert file_store.count_postings() == 5
    assert file_store.integrity_check() == ["ok"]


def test_reingesting_the_same_file_adds_nothing(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(6)])
    ingest_paths(file_store, [path])
    before = counts(file_store)

    again = ingest_paths(file_store, [path])  # skipped whole: same sha256
    assert again.skipped_files == [str(path)]
    assert (again.read, again.new) == (0, 0)

    forced = ingest_paths(file_store, [path], skip_completed=False)  # read again
    assert (forced.read, forced.new, forced.duplicates, forced.unchanged) == (6, 0, 0, 6)

    copy = shutil.copy(path, tmp_path / "copy.jsonl")  # same content, other path
    assert ingest_paths(file_store, [copy]).skipped_files == [str(copy)]
    assert counts(file_store) == before


def test_an_edited_file_adds_only_its_new_records(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(3)])
    ingest_paths(file_store, [path])
    write_jsonl(path, [posting(i) for i in range(5)])
    report = ingest_paths(file_store, [path])
    assert (report.read, report.new, report.unchanged) == (5, 2, 3)
    assert file_store.count_postings() == 5


def test_same_job_on_two_boards_folds_into_one_cluster(file_store: Store, tmp_path: Path) -> None:
    job = posting(1, id="in-abc", site="indeed", url="https://www.indeed.com/viewjob?jk=abc")
    copy = posting(1, id="li-999", site="linkedin", url="https://www.linkedin.com/jobs/view/999")
    a = write_jsonl(tmp_path / "indeed.jsonl", [job])
    b = write_jsonl(tmp_path / "linkedin.jsonl", [copy])
    ingest_paths(file_store, [a])
    report = ingest_paths(file_store, [b])
    assert (report.new, report.duplicates) == (0, 1)
    assert file_store.count_postings() == 1
    pid = file_store.conn.execute("SELECT id FROM postings").fetchone()[0]
    urls = {s["url"] for s in file_store.get_posting(pid)["sources"]}
    assert urls == {job["url"], copy["url"]}


def test_near_duplicate_descriptions_fold_by_minhash(file_store: Store, tmp_path: Path) -> None:
    # An agency re-post: other company name, other URL, a sentence added.
    job = posting(1, title="Utilization Review Specialist", company="Acme Health Plan")
    repost = posting(
        1,
        id="agency-7",
        title="Utilization Review Specialist",
        company="Staffing Partners",
        location="Remote",
        url="https://agency.example/7",
        description=job["description"] + " Apply today.",
    )
    other = posting(2, title="Utilization Review Specialist", company="Other Plan",
                    description="Sell durable medical equipment to clinics in the region. " * 5)  # fmt: skip
    path = write_jsonl(tmp_path / "jobs.jsonl", [job, repost, other])
    report = ingest_paths(file_store, [path])
    assert (report.new, report.duplicates) == (2, 1)
    sources = file_store.conn.execute("SELECT count(*) FROM posting_sources").fetchone()[0]
    assert sources == 3


def test_copies_inside_one_batch_fold_too(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(1), posting(1, url="https://b.example/1")])
    report = ingest_paths(file_store, [path], batch_size=10)
    assert (report.new, report.duplicates) == (1, 1)


def test_rejected_records_are_reported_with_file_and_line(
    file_store: Store, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "jobs.jsonl",
        [posting(1), posting(2), {"description": "no title here"}, posting(3)],
        raw_lines={2: "{not json"},
    )
    report = ingest_paths(file_store, [path])
    assert report.new == 3
    where = [(r.file, r.line) for r in report.rejected]
    assert where == [(str(path), 2), (str(path), 4)]
    assert "title" in report.rejected[1].reason
    assert str(report.rejected[0]).startswith(f"{path}:2: ")
    assert "rejected 2" in report.summary()


def test_a_batch_failing_midway_leaves_no_partial_rows(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(12)])
    # Make the store itself fail on the 8th posting (in the second batch of 5).
    file_store.conn.execute(
        "CREATE TEMP TRIGGER fail_8th BEFORE INSERT ON postings"
        " WHEN (SELECT count(*) FROM postings) >= 7"
        " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
    )
    with pytest.raises(StoreError, match="disk on fire"):
        ingest_paths(file_store, [path], batch_size=5)
    c = counts(file_store)
    assert c["postings"] == 5  # first batch committed, second rolled back whole
    assert c["posting_sources"] == 5
    assert c["identity_keys"] >= 5
    seqs = {r[0] for r in file_store.conn.execute("SELECT posting_seq FROM identity_keys")}
    assert seqs == {r[0] for r in file_store.conn.execute("SELECT seq FROM postings")}
    assert file_store.conn.execute("SELECT count(*) FROM ingest_files").fetchone()[0] == 0

    file_store.conn.execute("DROP TRIGGER temp.fail_8th")
    report = ingest_paths(file_store, [path], batch_size=5)  # the rerun completes
    assert (report.new, report.unchanged) == (7, 5)
    assert file_store.integrity_check() == ["ok"]


def test_a_file_can_be_recorded_under_another_name(file_store: Store, tmp_path: Path) -> None:
    """The web app saves an upload as upload.jsonl in a temporary folder; the user knows it
    as their own file name, and that is the name the store and the report keep."""
    path = write_jsonl(tmp_path / "upload.jsonl", [posting(1), {"description": "no title"}])
    report = ingest_paths(file_store, [path], names={path: "my jobs.jsonl"})
    assert report.new == 1
    assert report.files == ["my jobs.jsonl"]
    assert [(r.file, r.line) for r in report.rejected] == [("my jobs.jsonl", 2)]
    (posting_id,) = file_store.conn.execute("SELECT id FROM postings").fetchone()
    stored = file_store.get_posting(posting_id) or {}
    assert [s["file"] for s in stored["sources"]] == ["my jobs.jsonl"]
    paths = [r[0] for r in file_store.conn.execute("SELECT path FROM ingest_files")]
    assert paths == ["my jobs.jsonl"]
    again = ingest_paths(file_store, [path], names={path: "my jobs.jsonl"})
    assert again.skipped_files == ["my jobs.jsonl"]


def test_progress_is_reported_per_batch(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(7)])
    seen: list[IngestProgress] = []
    ingest_paths(file_store, [path], batch_size=3, progress=seen.append)
    lines = [p.line for p in seen if not p.file_done]
    assert lines[:2] == [3, 6]
    assert seen[-1].file_done and seen[-1].file_lines == 7 and seen[-1].report.new == 7


def test_missing_path_is_an_error_before_anything_is_written(
    file_store: Store, tmp_path: Path
) -> None:
    good = write_jsonl(tmp_path / "jobs.jsonl", [posting(1)])
    with pytest.raises(SourceError, match="no such file"):
        ingest_paths(file_store, [good, tmp_path / "missing.jsonl"])
    assert file_store.count_postings() == 0


def test_sample_flag_marks_postings(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(1)])
    ingest_paths(file_store, [path], sample=True)
    assert file_store.count_postings(sample=True) == 1


def test_records_can_mark_themselves_as_samples(file_store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(1, sample=True), posting(2)])
    ingest_paths(file_store, [path])
    assert (file_store.count_postings(sample=True), file_store.count_postings()) == (1, 2)


def test_folders_are_ingested(file_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [posting(1)])
    write_jsonl(folder / "b.jsonl", [posting(2), posting(3)])
    report = ingest_paths(file_store, [folder])
    assert (report.read, report.new) == (3, 3)


# -- fetch ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "indeed", "sites"),
    [
        ("US", "usa", ["indeed", "zip_recruiter"]),
        ("GB", "uk", ["indeed"]),  # ZipRecruiter searches the US and Canada only
        ("ca", "canada", ["indeed", "zip_recruiter"]),
    ],
)
def test_fetch_jobspy_searches_the_country_asked(tmp_path: Path, country: str, indeed: str, sites: list[str]) -> None:
    calls: list[dict] = []
    fetch_jobspy(tmp_path / "x.csv", term="x", sites=["indeed", "zip_recruiter"], country=country,
                 scrape=lambda **kw: calls.append(kw) or [])  # fmt: skip
    assert (calls[0]["country_indeed"], calls[0]["site_name"]) == (indeed, sites)


def test_fetch_jobspy_refuses_a_country_it_cannot_search(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="'FR'"):
        fetch_jobspy(tmp_path / "x.csv", term="x", country="FR", scrape=lambda **kw: [])


def test_fetch_jobspy_saves_rows_from_an_injected_scraper(tmp_path: Path) -> None:
    calls: list[dict] = []

    def fake_scrape(**kwargs):
        calls.append(kwargs)
        return [{"id": "in-1", "site": "indeed", "job_url": "https://www.indeed.com/viewjob?jk=1",
                 "title": "Utilization Review Specialist", "description": UR_TEXT}]  # fmt: skip

    out = tmp_path / "fetched" / "jobs.csv"
    n = fetch_jobspy(
        out, term="utilization review", sites=["indeed"], remote=True, scrape=fake_scrape
    )
    assert n == 1 and out.exists()
    assert calls[0]["search_term"] == "utilization review"
    assert calls[0]["site_name"] == ["indeed"] and calls[0]["is_remote"] is True
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:5] == ["id", "site", "job_url", "job_url_direct", "title"]


def test_fetch_with_no_results_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert fetch_jobspy(out, term="x", scrape=lambda **kw: []) == 0
    assert not out.exists()


def test_a_failing_scraper_is_a_source_error(tmp_path: Path) -> None:
    def blocked(**kw):
        raise ConnectionError("429 Too Many Requests")

    with pytest.raises(SourceError, match="JobSpy failed: ConnectionError: 429"):
        fetch_jobspy(tmp_path / "x.csv", term="x", scrape=blocked)


def test_ingest_streams_one_batch_at_a_time(file_store: Store) -> None:
    from otpath.ingest import ingest_records
    from otpath.postings.models import RawPosting

    ahead: list[int] = []

    def records():
        for i in range(45):
            # never more than one batch read ahead of what is committed
            ahead.append(i - file_store.count_postings())
            yield RawPosting(
                title=f"Reviewer {i}", description=f"Job {i}. " + UR_TEXT, url=f"https://x/{i}"
            )

    report = ingest_records(file_store, records(), batch_size=10)
    assert (report.read, report.new) == (45, 45)
    assert max(ahead) <= 10


# -- worker processes ------------------------------------------------------------------


def _snapshot(store: Store) -> dict[str, list]:
    q = {
        "postings": "SELECT seq, id, title, family, credentials FROM postings ORDER BY seq",
        "keys": "SELECT key_hash, posting_seq FROM identity_keys ORDER BY key_hash",
        "sources": "SELECT posting_seq, source_hash, line FROM posting_sources ORDER BY id",
        "bands": "SELECT band, posting_seq FROM lsh_bands ORDER BY 1, 2",
        "credentials": "SELECT code, posting_seq FROM posting_credentials ORDER BY 2, 1",
    }
    return {k: store.conn.execute(sql).fetchall() for k, sql in q.items()}


def test_worker_processes_store_exactly_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import otpath.ingest as ingest

    records = [posting(i) for i in range(40)]
    records[25] = posting(3, url="https://boards.example/3")  # a copy, other board: duplicate
    records[31] = posting(7)  # the same record again: unchanged
    records[33] = {"description": "no title"}  # rejected
    records += [posting(1, company="Staffing Co", id="agency-1", url="https://agency.example/1",
                        description=posting(1)["description"] + " Apply now.")]  # near-duplicate  # fmt: skip
    path = write_jsonl(tmp_path / "jobs.jsonl", records)

    monkeypatch.setattr(ingest, "POOL_MIN_RECORDS", 10)
    monkeypatch.setattr(ingest, "CHUNK_SIZE", 7)
    reports, snapshots = [], []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            rep = ingest_paths(store, [path], workers=workers, batch_size=16)
            reports.append((rep.read, rep.new, rep.duplicates, rep.unchanged, rep.rejected))
            snapshots.append(_snapshot(store))
    assert reports[0] == reports[1]
    assert reports[0][:4] == (40, 37, 2, 1)
    assert snapshots[0] == snapshots[1]


def _jsonld_line(i: int) -> dict:
    return {
        "@context": "https://schema.org", "@type": "JobPosting", "identifier": f"r-{i}",
        "title": f"Utilization Review Specialist {i}", "description": f"<p>Posting {i}.</p><p>{UR_TEXT}</p>",
        "hiringOrganization": {"@type": "Organization", "name": f"Health Plan {i}"},
        "url": f"https://jobs.example/ld/{i}",
    }  # fmt: skip


@pytest.mark.parametrize("compressed", [False, True])
def test_workers_reading_the_lines_themselves_store_and_report_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    # JSON-LD lines (the format of saved job-board feeds): with a pool, the workers parse
    # the lines; bad lines, a line without a JobPosting, a copy, an upload's shown name
    # and a compressed file that breaks off must come out exactly as in one process.
    import gzip

    import otpath.ingest as ingest

    lines = [json.dumps(_jsonld_line(i)) for i in range(30)]
    lines[4] = "{not json"
    lines[9] = "[1, 2]"
    lines[12] = json.dumps({"@type": "Thing", "name": "no posting"})
    lines[20] = ""
    lines[25] = json.dumps(_jsonld_line(3))  # the same posting again
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / ("feed.jsonl.gz" if compressed else "feed.jsonl")
    if compressed:
        whole = gzip.compress(data)
        path.write_bytes(whole[: len(whole) * 3 // 4])  # breaks off part-way
    else:
        path.write_bytes(data)
    monkeypatch.setattr(ingest, "POOL_MIN_RECORDS", 5)
    monkeypatch.setattr(ingest, "GZIP_POOL_MIN_BYTES", 1)
    monkeypatch.setattr(ingest, "CHUNK_SIZE", 4)
    reports, snapshots = [], []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            rep = ingest_paths(store, [path], workers=workers, batch_size=6, names={path: "upload.jsonl"})
            reports.append(rep.model_dump(exclude={"postings"}) | {"listed": [p.model_dump() for p in rep.postings]})
            snapshots.append(_snapshot(store))
    assert reports[0] == reports[1]
    assert snapshots[0] == snapshots[1]
    rejected = reports[1]["rejected"]
    assert {r["file"] for r in rejected} == {"upload.jsonl"}
    assert [r["line"] for r in rejected if r["line"] is not None][:3] == [5, 10, 13]
    if compressed:
        [cut] = [r["reason"] for r in rejected if r["line"] is None]
        assert cut.startswith("the compressed file is damaged")
        assert cut.endswith("the rest of the file was skipped")
        assert 0 < reports[1]["read"] < 26
    else:
        assert (reports[1]["read"], reports[1]["unchanged"], len(rejected)) == (26, 1, 3)
    assert {p["file"] for p in reports[1]["listed"]} == {"upload.jsonl"}


def test_worker_results_come_back_in_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import otpath.ingest as ingest
    from otpath.postings.models import RawPosting

    monkeypatch.setattr(ingest, "POOL_MIN_RECORDS", 5)
    monkeypatch.setattr(ingest, "CHUNK_SIZE", 3)
    raws = [
        RawPosting(title=f"Reviewer {i}", description=UR_TEXT, origin_line=i) for i in range(23)
    ]
    with ingest._Workers(2) as workers:
        got = [it for items in workers.prepare(raws, sample=False, step=4) for it in items]
    assert [it.line for it in got] == list(range(23))


def test_small_inputs_stay_in_process(file_store: Store, tmp_path: Path) -> None:
    import otpath.ingest as ingest
    from otpath.postings.sources import iter_postings

    path = write_jsonl(tmp_path / "jobs.jsonl", [posting(i) for i in range(5)])
    report = ingest.IngestReport()
    with ingest._Workers(2) as workers:
        ingest._ingest(
            file_store, iter_postings([path], errors=[]), workers, sample=False, batch_size=10,
            report=report, errors=[], on_batch=None, finish=None,
        )  # fmt: skip
        assert workers._pool is None  # no process was started
    assert report.new == 5


@pytest.mark.parametrize(
    ("a", "b"),
    [([1, 2, 3, 4], [1, 2, 0, 0]), ([5] * 64, [5] * 64), ([1, 2], [3, 4]), ([], [])],
)
def test_store_side_similarity_is_the_pipelines_jaccard_estimate(a: list, b: list) -> None:
    from otpath.postings.pipeline.dedupe import jaccard_estimate
    from otpath.store import signature_blob, signature_values
    from otpath.store import signature_similarity as _similarity

    if not a:
        assert _similarity(b"I", b"I") == jaccard_estimate([], [])
    else:
        assert _similarity(signature_blob(a), signature_blob(b)) == jaccard_estimate(a, b)
        assert signature_values(signature_blob(a)) == a


def test_ingest_restores_the_page_cache_size(file_store: Store, tmp_path: Path) -> None:
    before = file_store.conn.execute("PRAGMA cache_size").fetchone()[0]
    ingest_paths(file_store, [write_jsonl(tmp_path / "jobs.jsonl", [posting(1)])])
    assert file_store.conn.execute("PRAGMA cache_size").fetchone()[0] == before
