"""Stored answers carry the rules that gave them; ``otpath reclassify`` renews them.

A store's families, roles and requirements are computed once, at ingest. When otpath's
rules change (an upgrade), the stored answers are an older otpath's: the store records
which rules classified it, listings say when they differ, and reclassify runs the
pipeline again on the stored text and what the source said besides it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from otpath.cli import app
from otpath.ingest import ingest_paths, ingest_records, reclassify, stale_rules
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import HINTS_KEY, process, raw_from_stored
from otpath.rules import fingerprint
from otpath.store import Store

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
FIXTURES = REPO / "tests" / "fixtures" / "postings"
#: Our own postings (devset, blindset) and source files whose structured fields (JobSpy's
#: is_remote and pay columns, a JSON-LD baseSalary) count besides the text.
SOURCES = [
    DATA / "devset.jsonl",
    DATA / "blindset.jsonl",
    FIXTURES / "jobspy" / "jobs.csv",
    FIXTURES / "jobspy" / "jobs.json",
    FIXTURES / "jsonld" / "ur_clinician_remote.html",
    FIXTURES / "jsonld" / "care_coordinator_mixed.html",
    FIXTURES / "jsonld" / "ergonomics_graph.html",
    FIXTURES / "csv" / "generic.csv",
]

#: Every stored answer reclassify may rewrite, and the credential index that follows it.
_ANSWERS = (
    "SELECT seq, id, role, family, confidence, remote, credentials, certifications_required,"
    " years_min, years_max, pay_min, pay_max, pay_interval, pay_annual_min, pay_annual_max,"
    " pay_currency, commission, classification, requirements FROM postings ORDER BY seq"
)
_INDEX = "SELECT * FROM posting_credentials ORDER BY posting_seq, code"


def _answers(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    conn = store.conn
    return conn.execute(_ANSWERS).fetchall(), conn.execute(_INDEX).fetchall()


def _age(store: Store, rules: str | None = "rules-0000000000000000") -> None:
    """Make ``store`` look classified by other rules, which answered otherwise."""
    with store.transaction():
        store.conn.execute(
            "UPDATE postings SET family = 'unrelated', role = NULL, remote = 'unknown',"
            " credentials = '[\"RN\"]', years_min = 42, classification = '{}' WHERE seq % 2 = 0"
        )
        if rules is None:
            store.conn.execute("DELETE FROM store_meta WHERE key = 'rules'")
        else:
            store.set_rules_fingerprint(rules)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store as this otpath's ingest leaves it."""
    path = tmp_path_factory.mktemp("fresh") / "s.db"
    with Store.open(path) as store:
        report = ingest_paths(store, SOURCES)
    assert report.new > 250, report  # the fixtures hold a few bad rows on purpose
    return path


@pytest.fixture
def store(fresh: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "s.db"
    copy.write_bytes(fresh.read_bytes())
    with Store.open(copy) as s:
        yield s


# -- what ingest records -----------------------------------------------------------------


def test_ingest_records_its_rules_and_counts_only_older_postings_as_stale(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert store.rules_fingerprint() is None
        assert stale_rules(store) == 0  # empty: nothing to renew
        ingest_records(store, [RawPosting(title="Utilization Review OT", description="Remote.")])
        assert store.rules_fingerprint() == fingerprint()
        assert stale_rules(store) == 0
        # a store from before the rules were recorded: its answers are not known to be ours
        _age(store, None)
        assert stale_rules(store) == 1
        # what this otpath adds afterwards is its own, and not counted as older
        ingest_records(store, [RawPosting(title="Prior Authorization OT", description="Hybrid.")])
        assert store.rules_fingerprint() == fingerprint()
        assert stale_rules(store) == 1
        # another otpath's rules: everything stored so far is older, the next ingest's is not
        _age(store, "rules-1111111111111111")
        assert stale_rules(store) == 2
        ingest_records(store, [RawPosting(title="Care Transitions OT", description="Remote.")])
        assert stale_rules(store) == 2
        assert reclassify(store).postings == 3
        assert stale_rules(store) == 0 and store.stale_through() is None


def test_fresh_ingest_holds_the_stored_hints(store: Store) -> None:
    # JobSpy's is_remote and pay columns, a JSON-LD salary: kept for reclassify
    hints = [r["raw"][HINTS_KEY] for r in _all(store) if HINTS_KEY in r["raw"]]
    assert any("remote_hint" in h for h in hints)
    assert any("pay_min" in h and "pay_interval" in h for h in hints)


def _all(store: Store) -> list[dict[str, Any]]:
    return store.postings_to_reclassify(after_seq=0, limit=10_000)


# -- reclassify ------------------------------------------------------------------------


def test_reclassify_of_a_current_store_changes_nothing(store: Store) -> None:
    # What reclassify reads back from the store gives the pipeline what ingest gave it:
    # on our own postings and the fixtures, every stored answer comes out the same.
    before = _answers(store)
    report = reclassify(store, batch_size=50)
    assert report.postings == store.count_postings() > 250
    assert report.changed == 0, report
    assert _answers(store) == before
    assert store.integrity_check() == ["ok"]


def test_reclassify_renews_an_older_otpaths_answers(store: Store, fresh: Path) -> None:
    with Store.open(fresh) as current:
        expected = _answers(current)
    total = store.count_postings()
    _age(store)
    assert _answers(store) != expected
    assert stale_rules(store) == total

    calls: list[tuple[int, int]] = []
    report = reclassify(store, batch_size=100, progress=lambda d, t: calls.append((d, t)))

    assert calls == [(100, total), (200, total), (total, total)]
    assert report.postings == total
    aged = [row for row in expected[0] if row[0] % 2 == 0]  # seq, id, role, family...
    assert report.changed == report.years == len(aged)  # 42 years is no one's answer
    assert report.family == report.relevance == sum(row[3] != "unrelated" for row in aged) > 100
    assert _answers(store) == expected  # postings and the credential index alike
    assert store.rules_fingerprint() == fingerprint()
    assert stale_rules(store) == 0


def test_an_interrupted_reclassify_leaves_the_store_stale_and_a_rerun_ends_it(
    store: Store, fresh: Path
) -> None:
    with Store.open(fresh) as current:
        expected = _answers(current)
    _age(store)

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reclassify(store, batch_size=100, progress=stop)
    assert not store.conn.in_transaction
    assert stale_rules(store) == store.count_postings()  # still marked as older rules
    assert reclassify(store).changed > 0
    assert _answers(store) == expected and stale_rules(store) == 0


def test_reclassify_keeps_ids_sources_and_duplicates(store: Store) -> None:
    conn = store.conn
    keep = (
        "SELECT (SELECT group_concat(id || title || ifnull(company, '') || description_text, '|')"
        " FROM postings), (SELECT count(*) FROM posting_sources), (SELECT count(*) FROM"
        " identity_keys), (SELECT count(*) FROM cluster_signatures), (SELECT count(*) FROM lsh_bands)"
    )
    before = conn.execute(keep).fetchone()
    _age(store)
    reclassify(store)
    assert conn.execute(keep).fetchone() == before


# -- the invariant: the stored form reads as the original ------------------------------

_words = st.sampled_from([
    "Utilization", "Review", "Occupational", "Therapist", "OT", "COTA", "PT", "remote", "hybrid",
    "on-site", "3", "years", "experience", "ICD-10", "InterQual", "license", "required", "£30,000",
    "$40/hr", "&", "<b>", "</b>", "Nurse", "RN", "prior", "authorization", "-", ".", "\n",
])  # fmt: skip
_text = st.lists(_words, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_text,
    description=_text,
    remote_type=st.sampled_from([None, "remote", "hybrid", "onsite"]),
    remote=st.sampled_from([None, True, False]),
    pay=st.one_of(st.none(), st.floats(min_value=10, max_value=200_000)),
    interval=st.sampled_from(["hourly", "yearly", None]),
    currency=st.sampled_from([None, "USD", "GBP"]),
)
def test_the_stored_form_gives_the_same_answers(
    title: str, description: str, remote_type: str | None, remote: bool | None,
    pay: float | None, interval: str | None, currency: str | None,
) -> None:  # fmt: skip
    raw = RawPosting(
        title=title, description=description, company="Plan", location="Remote, US",
        remote_type_hint=remote_type, remote_hint=remote, pay_min=pay, pay_interval=interval,
        pay_currency=currency,
    )  # fmt: skip
    first = process(raw)
    row = {
        "title": first.title, "company": first.company, "location": first.location,
        "description_html": first.description_html, "raw": first.raw,
    }  # fmt: skip
    again = process(raw_from_stored(row))
    assert again.id == first.id
    assert again.classification == first.classification
    assert again.requirements == first.requirements


# -- the command line --------------------------------------------------------------------


def test_listings_say_the_answers_are_older_and_the_command_renews_them(
    store: Store, tmp_path: Path
) -> None:
    db = Path(store.path)
    _age(store)
    store.close()
    runner = CliRunner()
    profile = tmp_path / "cota.toml"
    profile.write_text('credentials = ["COTA"]\nyears_experience = 3\n', encoding="utf-8")

    listed = runner.invoke(app, ["search", "review", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "classified by an older otpath: run `otpath reclassify`" in listed.stderr
    assert "older otpath" not in listed.stdout  # a script reading stdout is not disturbed
    jobs = runner.invoke(app, ["jobs", "--profile", str(profile), "--db", str(db), "--json"])
    assert jobs.exit_code == 0, jobs.output
    assert "otpath reclassify" in jobs.stderr
    json.loads(jobs.stdout)

    renewed = runner.invoke(app, ["reclassify", "--db", str(db)])
    assert renewed.exit_code == 0, renewed.output
    assert f"with {fingerprint()} (they were rules-0000000000000000)" in renewed.stdout
    assert "changed." in renewed.stdout and "family" in renewed.stdout

    again = runner.invoke(app, ["reclassify", "--db", str(db)])
    assert again.stdout.startswith(f"The answers in {db} are already this otpath's")
    quiet = runner.invoke(app, ["search", "review", "--db", str(db)])
    assert "older otpath" not in quiet.stderr


def test_a_stored_record_that_no_longer_reads_keeps_its_answers_and_is_named(store: Store) -> None:
    conn = store.conn
    first, second = [r[0] for r in conn.execute("SELECT id FROM postings ORDER BY seq LIMIT 2")]
    _age(store)  # every second posting answered otherwise by an "older otpath"
    conn.execute(  # a hint this otpath cannot take (as a hand edit or another version might leave)
        "UPDATE postings SET raw = ? WHERE id = ?",
        (json.dumps({HINTS_KEY: {"pay_min": "about forty"}}), first),
    )
    before_first = conn.execute(
        "SELECT role, family, requirements FROM postings WHERE id = ?", (first,)
    ).fetchone()
    report = reclassify(store, batch_size=7)
    assert (report.failed, report.failed_ids) == (1, [first])
    assert report.postings == store.count_postings()
    # its answers are untouched; every other posting was renewed and the store is current
    assert (
        conn.execute(
            "SELECT role, family, requirements FROM postings WHERE id = ?", (first,)
        ).fetchone()
        == before_first
    )
    assert (
        conn.execute("SELECT years_min FROM postings WHERE id = ?", (second,)).fetchone()[0] != 42
    )
    assert stale_rules(store) == 0

    runner = CliRunner()
    db = Path(store.path)
    store.set_rules_fingerprint("rules-0000000000000000")
    store.close()
    result = runner.invoke(app, ["reclassify", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"1 posting could not be read again and keep its answers: {first}" in result.stderr
