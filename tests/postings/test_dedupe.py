"""dedupe: content keys, identity keys, MinHash/LSH near-duplicate bands."""

from __future__ import annotations

import doctest
import hashlib
import importlib
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.models import RawPosting
from otpath.postings.pipeline.dedupe import (
    canonical_url,
    hash_record,
    identity_keys,
    jaccard_estimate,
    lsh_bands,
    minhash_signature,
    posting_key,
    shingles,
)


def test_docstring_examples() -> None:
    module = importlib.import_module("otpath.postings.pipeline.dedupe")
    assert doctest.testmod(module).failed == 0


# ---------------------------------------------------------------------------
# posting_key
# ---------------------------------------------------------------------------

BASE = ("Utilization Review Therapist", "Northwind Health Plan", "Austin, TX", "Review requests. Remote.")

SAME_KEY = [
    ("  Utilization Review Therapist ", "Northwind Health Plan", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan, Inc.", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "NORTHWIND HEALTH PLAN LLC", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "Austin, Texas", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "Austin, TX, USA", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "Austin, TX", "Review   requests.\nRemote."),
    ("utilization review therapist", "Northwind Health Plan", "Austin, TX", "REVIEW REQUESTS. REMOTE."),
    ("Utilization Review Therapist - job post", "Northwind Health Plan", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "austin, tx", " Review requests. Remote. "),
]
DIFFERENT_KEY = [
    ("Utilization Review Nurse", "Northwind Health Plan", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Southwind Health Plan", "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "Dallas, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", "Austin, TX", "Review requests. Hybrid."),
    ("Utilization Review Therapist", None, "Austin, TX", "Review requests. Remote."),
    ("Utilization Review Therapist", "Northwind Health Plan", None, "Review requests. Remote."),
]


@pytest.mark.parametrize("other", SAME_KEY)
def test_posting_key_ignores_formatting(other: tuple[str, str | None, str | None, str]) -> None:
    assert posting_key(*other) == posting_key(*BASE)


@pytest.mark.parametrize("other", DIFFERENT_KEY)
def test_posting_key_sees_content(other: tuple[str, str | None, str | None, str]) -> None:
    assert posting_key(*other) != posting_key(*BASE)


def test_posting_key_is_sha1_of_sorted_json() -> None:
    record = {
        "company": "northwind health plan",
        "description": "review requests. remote.",
        "location": "austin, tx",
        "title": "utilization review therapist",
    }
    expected = hashlib.sha1(json.dumps(record, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert posting_key(*BASE) == expected


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=20), st.integers(), st.none()), max_size=8))
def test_hash_record_ignores_key_order(record: dict[str, object]) -> None:
    reordered = dict(reversed(list(record.items())))
    assert hash_record(record) == hash_record(reordered)
    assert hash_record(record) == hash_record(dict(record))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.none() | st.text(max_size=30), st.none() | st.text(max_size=30), st.text(max_size=200))
def test_posting_key_is_stable(title: str, company: str | None, location: str | None, text: str) -> None:
    key = posting_key(title, company, location, text)
    assert key == posting_key(title, company, location, text)
    assert len(key) == 40 and all(c in "0123456789abcdef" for c in key)


def test_posting_key_same_in_another_process() -> None:
    code = (
        "from otpath.postings.pipeline.dedupe import posting_key, minhash_signature;"
        "print(posting_key('PT Reviewer', 'Acme', 'Austin, TX', 'Review requests'));"
        "print(minhash_signature('review prior authorization requests for therapy')[:4])"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    key, sig = out.stdout.strip().splitlines()
    assert key == posting_key("PT Reviewer", "Acme", "Austin, TX", "Review requests")
    assert sig == str(minhash_signature("review prior authorization requests for therapy")[:4])


# ---------------------------------------------------------------------------
# identity keys and URLs
# ---------------------------------------------------------------------------

URL_CASES = [
    ("https://www.indeed.com/viewjob?jk=abc&utm_source=x&from=serp", "https://www.indeed.com/viewjob?jk=abc"),
    ("HTTPS://Www.LinkedIn.com/jobs/view/123/?trk=abc&refId=x#top", "https://www.linkedin.com/jobs/view/123"),
    ("https://example.com/jobs/1?gclid=1&fbclid=2", "https://example.com/jobs/1"),
    ("https://example.com:443/jobs/1", "https://example.com/jobs/1"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://example.com//a//b/", "https://example.com/a/b"),
    ("https://boards.greenhouse.io/acme/jobs/42?gh_src=abc", "https://boards.greenhouse.io/acme/jobs/42"),
    ("https://jobs.lever.co/acme/uuid?lever-source=LinkedIn", "https://jobs.lever.co/acme/uuid"),
    ("https://example.com/a?utm_campaign=x&utm_medium=y", "https://example.com/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("mailto:jobs@example.com", None),
    ("javascript:alert(1)", None),
    ("/relative/path", None),
    ("", None),
    ("http://[bad", None),
]


@pytest.mark.parametrize(("url", "expected"), URL_CASES)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url) == expected


IDENTITY_CASES = [
    (dict(source_id="in-123"), ["in-123"]),
    (dict(source_id="li-456", url="https://www.linkedin.com/jobs/view/456?trk=x"),
     ["li-456", "https://www.linkedin.com/jobs/view/456"]),
    (dict(source_id="42", site="jobs.jsonl"), ["jobs.jsonl:42"]),
    (dict(source_id="42"), ["id:42"]),
    (dict(source_id="bayt-99887766"), []),
    (dict(url="https://a.example/x?utm_source=y", urls=["https://a.example/x", "https://b.example/y"]),
     ["https://a.example/x", "https://b.example/y"]),
    (dict(), []),
    (dict(source_id="  "), []),
    (dict(url="mailto:x@example.com"), []),
    (dict(source_id="gd-1", urls=["https://www.glassdoor.com/job-listing/x?jl=1&src=GD"]),
     ["gd-1", "https://www.glassdoor.com/job-listing/x?jl=1"]),
    (dict(source_id="zr-abc"), ["zr-abc"]),
    (dict(source_id="dev-001", site="devset"), ["dev-001"]),
    (dict(source_id="JOB 7", site="ats.csv"), ["ats.csv:JOB 7"]),
    (dict(url="https://x.example/a#frag"), ["https://x.example/a"]),
    (dict(url="https://x.example/a", urls=["https://X.example/a/"]), ["https://x.example/a"]),
]


@pytest.mark.parametrize(("fields", "expected"), IDENTITY_CASES)
def test_identity_keys(fields: dict[str, object], expected: list[str]) -> None:
    assert identity_keys(RawPosting(title="t", **fields)) == expected


# ---------------------------------------------------------------------------
# MinHash / LSH
# ---------------------------------------------------------------------------

JOB_A = """Northwind Health Plan is hiring a Utilization Review Therapist to join our post-acute team.
You will review prior authorization requests for outpatient physical, occupational and speech
therapy, compare documentation with InterQual and MCG criteria, approve requests that meet medical
necessity and refer the rest to a physician reviewer. You will call providers for missing
information, document every decision in our utilization management system and meet turnaround
times set by CMS and state regulators. Requirements: active, unrestricted license as a PT, PTA,
OT, COTA or SLP; two years of clinical experience; experience in acute care, inpatient rehab or
skilled nursing preferred; ICD-10 and InterQual knowledge a plus. This is a remote position;
you must reside in Texas, Florida or Georgia. Pay is $38 to $45 per hour."""

JOB_B = """Northwind Health Plan is hiring a Transitional Care Coordinator for our Medicare members.
You will call members within 48 hours of hospital discharge, review medications and equipment
needs, arrange home health and outpatient follow-up, and share updates with the care team. You
will visit members at home during their first two weeks and coordinate with their primary care
physicians to prevent readmissions. Requirements: licensed RN, PT or OT with three years of
experience in home health or hospital discharge planning. Hybrid schedule with three days in
the field and two at home. Pay is $72,000 to $84,000 a year."""

BOARD_1 = """
About us: Northwind Health Plan serves members across the South. We value integrity and care.
Benefits: medical, dental and vision insurance; 401(k) match; paid time off.
Northwind is an equal opportunity employer."""

BOARD_2 = """

Posted via CareerBoard.   Apply   today!
Equal Opportunity Employer - minorities/women/veterans/disability.
"""


def _reflow(text: str) -> str:
    # The same words with other line breaks and spacing, as a second board would show them.
    return "  ".join(text.split())


def test_same_job_on_two_boards_shares_a_band() -> None:
    a = minhash_signature(JOB_A + BOARD_1)
    b = minhash_signature(_reflow(JOB_A) + BOARD_2)
    assert set(lsh_bands(a)) & set(lsh_bands(b))
    assert jaccard_estimate(a, b) > 0.6


def test_different_jobs_share_no_band() -> None:
    a = minhash_signature(JOB_A + BOARD_1)
    b = minhash_signature(JOB_B + BOARD_1)  # same company, same boilerplate
    assert not set(lsh_bands(a)) & set(lsh_bands(b))
    assert jaccard_estimate(a, b) < 0.3


def test_jaccard_estimate_tracks_true_jaccard() -> None:
    words = [f"w{i}" for i in range(400)]
    a = " ".join(words[:300])
    b = " ".join(words[100:400])
    true = len(set(shingles(a)) & set(shingles(b))) / len(set(shingles(a)) | set(shingles(b)))
    assert abs(jaccard_estimate(minhash_signature(a), minhash_signature(b)) - true) < 0.2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("one", [b"one"]),
        ("one two", [b"one two"]),
        ("a b c d", [b"a b c", b"b c d"]),
        ("A, b; C", [b"a b c"]),
        ("a b c a b c", [b"a b c", b"b c a", b"c a b"]),
    ],
)
def test_shingles(text: str, expected: list[bytes]) -> None:
    assert shingles(text) == expected


def test_signature_shape_and_empty_text() -> None:
    sig = minhash_signature("")
    assert len(sig) == 64 and len(set(sig)) == 1  # all "empty" sentinels
    assert jaccard_estimate(sig, minhash_signature("")) == 1.0
    assert len(lsh_bands(minhash_signature("a b c d e"))) == 16
    assert len(lsh_bands(minhash_signature("a b c d e"), bands=8)) == 8


def test_lsh_bands_and_jaccard_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="not divisible"):
        lsh_bands(list(range(64)), bands=10)
    with pytest.raises(ValueError, match="differ in length"):
        jaccard_estimate([1, 2], [1])


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_signature_is_deterministic(text: str) -> None:
    sig = minhash_signature(text)
    assert sig == minhash_signature(text)
    assert lsh_bands(sig) == lsh_bands(minhash_signature(text))


# -- signatures without datasketch at run time ------------------------------------------

_DEDUPE = importlib.import_module("otpath.postings.pipeline.dedupe")


def test_permutations_are_datasketchs() -> None:
    import zlib

    import numpy as np
    from datasketch import MinHash

    m = MinHash(num_perm=64, seed=1, hashfunc=zlib.crc32, scheme="affine32")
    a, b = _DEDUPE._affine32()
    assert a.dtype == b.dtype == np.uint32
    assert np.array_equal(a, m.permutations[0]) and np.array_equal(b, m.permutations[1])


@pytest.mark.parametrize(
    "text",
    ["", " ", "a", "a b", "A  b, C", "!!!", "x\ny", "x\n\ny z", "one two\nthree four",
     "Résumé: déjà vu", "review prior authorization requests for therapy services"],
)  # fmt: skip
def test_signature_is_datasketchs(text: str) -> None:
    assert minhash_signature(text) == _DEDUPE._datasketch_signature(text)


_WORDS = st.sampled_from(["pt", "OT", "review", "a", "Résumé", "x.y", "-", "\n", "\n\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=40))
def test_signature_is_datasketchs_for_any_words(words: list[str]) -> None:
    text = " ".join(words)
    assert minhash_signature(text) == _DEDUPE._datasketch_signature(text)


def test_signatures_do_not_import_scipy() -> None:
    # ``import datasketch`` loads scipy (~45 MB in each ingest worker): signatures need neither.
    code = (
        "import sys; from otpath.postings.models import RawPosting; "
        "from otpath.postings.pipeline import process; "
        "from otpath.postings.pipeline.dedupe import minhash_signature; "
        "process(RawPosting(title='PT Reviewer', description='Review requests. Remote.')); "
        "[minhash_signature(t) for t in ('', 'a b', 'a b c d', 'one two\\nthree four')]; "
        "print(','.join(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
