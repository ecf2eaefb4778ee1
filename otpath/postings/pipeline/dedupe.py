"""Keys for finding the same posting again: exact, by identity, and near-duplicate.

Three levels, cheapest first::

    >>> posting_key("PT Reviewer", "Acme, Inc.", "Austin, TX", "Review requests.") == \\
    ...     posting_key(" PT Reviewer ", "ACME", "Austin, Texas", "Review   requests.")
    True
    >>> identity_keys(RawPosting(title="PT", source_id="in-123",
    ...     url="https://www.indeed.com/viewjob?jk=abc&utm_source=x&from=serp"))
    ['in-123', 'https://www.indeed.com/viewjob?jk=abc']
    >>> sig = minhash_signature("review prior authorization requests for therapy services")
    >>> len(sig), len(lsh_bands(sig)), jaccard_estimate(sig, sig)
    (64, 16, 1.0)

* :func:`posting_key` — a stable content key: SHA-1 of the sorted-key JSON of
  the normalised title, company, location and description text (the way
  sqlite-utils' ``hash_record`` builds ``hash_id``). Same content, same key,
  whatever the whitespace, case or dict order.
* :func:`identity_keys` — what identifies a posting at its source: the board's
  id ("in-123") and its URLs with tracking parameters stripped.
* :func:`minhash_signature` + :func:`lsh_bands` — MinHash (our own scheme,
  :mod:`otpath.postings.minhash`: ``num_perm=64`` over word 3-shingles) cut into
  16 bands of 4 rows. A store indexes the band hashes (one row per band in
  SQLite); two postings that share a band are near-duplicate candidates,
  confirmed with :func:`jaccard_estimate`. With 16x4 bands, pairs at Jaccard 0.7
  share a band ~99% of the time, pairs at 0.2 about 2.5%.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from .. import minhash
from ..minhash import BANDS, NUM_PERM, SCHEME, SHINGLE_SIZE
from ..models import RawPosting
from .normalize import company_key, normalize_location, normalize_title

__all__ = [
    "BANDS",
    "NUM_PERM",
    "SCHEME",
    "canonical_url",
    "hash_record",
    "identity_keys",
    "jaccard_estimate",
    "lsh_bands",
    "minhash_signature",
    "posting_key",
    "shingles",
]

_WS = re.compile(r"\s+")


# (json.dumps with these options, without building an encoder a call: the same text)
_RECORD_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def hash_record(record: Mapping[str, Any]) -> str:
    """SHA-1 of ``record`` as sorted-key JSON: the same dict in any order gives the same key.

        >>> hash_record({"b": 1, "a": "x"}) == hash_record({"a": "x", "b": 1})
        True
    """
    data = _RECORD_ENCODER.encode(record)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


# Whitespace other than " " and "\n" (every character str.isspace() knows).
_OTHER_SPACE = re.compile(
    "[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _text_key(text: str | None) -> str:
    """Casefolded, whitespace runs as one space, stripped: ``_WS.sub(" ", ...).strip()``.

    Text from html_to_text is already single-spaced lines: then only the line
    breaks change. Otherwise str.split() (it and the regex ``\\s`` agree on
    what whitespace is) does it, still ~10x faster than the regex.
    """
    folded = (text or "").casefold()
    spaced = folded.replace("\n", " ")
    if (
        "  " not in spaced
        and spaced[:1] != " "
        and spaced[-1:] != " "
        and (
            not any(ch in spaced for ch in "\t\r\x0b\x0c\x1c\x1d\x1e\x1f")
            if spaced.isascii()
            else _OTHER_SPACE.search(spaced) is None
        )
    ):
        return spaced
    return " ".join(folded.split())


def posting_key(
    title: str,
    company: str | None = None,
    location: str | None = None,
    description: str | None = "",
) -> str:
    """Stable content key for a posting (40 hex characters).

    Title, company and location go through their normalisers, then
    everything is casefolded with whitespace collapsed, so trivial formatting
    differences do not change the key.

        >>> len(posting_key("Utilization Review Therapist"))
        40
    """
    record = {
        "title": _text_key(normalize_title(title or "")),
        "company": company_key(company or ""),
        "location": _text_key(normalize_location(location or "")),
        "description": _text_key(description),
    }
    return hash_record(record)


# ---------------------------------------------------------------------------
# Identity: source ids and canonical URLs
# ---------------------------------------------------------------------------

_TRACKING = re.compile(
    r"^(?:utm_\w+|gclid|fbclid|msclkid|mc_[ce]id|_hs\w+|ref|refid|ref_id|referer|referrer|"
    r"src|source|from|trk|trkinfo|tracking_?id|trackingid|campaign|cmp|sid|siteid|"
    r"spa|advn|adid|ad|tk|vjk|vjs|xkcb|sjdu|camk|iris|bb|fccid|xfps|eid|lipi|midtoken|"
    r"midsig|originalsubdomain|position|pagenum|currentjobid|alternatechannel|share_id|"
    r"trackingkey|gh_src|lever-source|lever-origin|source_id|s|t|rx_\w+)$",
    re.IGNORECASE,
)
_UNSTABLE_ID = re.compile(r"^bayt-", re.IGNORECASE)  # Bayt ids use Python's salted hash()


def canonical_url(url: str) -> str | None:
    """A URL without tracking parameters, fragment, default port or trailing slash.

        >>> canonical_url("HTTPS://Www.LinkedIn.com/jobs/view/123/?trk=abc&refId=x#top")
        'https://www.linkedin.com/jobs/view/123'
        >>> canonical_url("mailto:jobs@example.com") is None
        True
    """
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _TRACKING.match(k))
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def identity_keys(raw: RawPosting) -> list[str]:
    """Keys that identify ``raw`` at its source: its board id, then canonical URLs.

    Ids that already carry a site prefix (JobSpy's "in-123", "li-456") are
    kept as they are; other ids are prefixed with the site or file
    ("jobs.jsonl:42"). Bayt ids are skipped: JobSpy builds them with Python's
    per-process ``hash()``, so they change between runs.

        >>> identity_keys(RawPosting(title="x", source_id="42", site="jobs.jsonl"))
        ['jobs.jsonl:42']
    """
    keys: list[str] = []
    sid = (raw.source_id or "").strip()
    if sid and not _UNSTABLE_ID.match(sid):
        if re.match(r"^[a-z]{2,5}-\S+$", sid):
            keys.append(sid)
        else:
            keys.append(f"{raw.site or 'id'}:{sid}")
    for url in (raw.url, *raw.urls):
        canon = canonical_url(url or "")
        if canon and canon not in keys:
            keys.append(canon)
    return keys


# ---------------------------------------------------------------------------
# Near duplicates: MinHash + LSH bands
# ---------------------------------------------------------------------------

# Letters, digits and non-ASCII (UTF-8) bytes are kept, ASCII punctuation and
# spaces separate words (bytes.translate + split: ~10x faster than a regex).
_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32
    for c in range(256)
)


def shingles(text: str, k: int = SHINGLE_SIZE) -> list[bytes]:
    """Distinct word ``k``-shingles of the lower-cased text (the whole text when shorter).

        >>> shingles("Review PT/OT requests today")
        [b'review pt ot', b'pt ot requests', b'ot requests today']
        >>> [s.decode() for s in shingles("Résumé: déjà vu")]
        ['résumé déjà vu']
    """
    words = (text or "").lower().encode("utf-8").translate(_WORDS).split()
    if len(words) < k:
        return [b" ".join(words)] if words else []
    join = b" ".join
    return list(dict.fromkeys(map(join, zip(*(words[i:] for i in range(k)), strict=False))))


def minhash_signature(text: str) -> list[int]:
    """MinHash signature (64 ints) of the text's word 3-shingles, by :data:`SCHEME`.

    Deterministic across processes and library versions (see
    :mod:`otpath.postings.minhash`), so signatures can be stored and compared later.

        >>> minhash_signature("a b c") == minhash_signature("A  b, C")
        True
        >>> minhash_signature("review prior authorization requests")[:2]
        [2200309753, 1395166208]
    """
    if not text:
        return _EMPTY.tolist()  # type: ignore[no-any-return]
    return _fast_signature(text, *_permutations())


# -- computing it fast ------------------------------------------------------------------
#
# minhash.reference_signature() is the plain definition. Here the same arithmetic
# runs in numpy over all the shingles at once. Hashing the shingles is one C call
# each (a join and a crc32, chained by ``map``), over the text's words in one go:
# duplicate shingles give duplicate hashes, which leave the minima unchanged, so
# they need not be removed. (Remembering the hashes of repeated lines saved less
# than it cost: an ingest meets most lines once.)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """:func:`otpath.postings.minhash.permutations` as two uint32 arrays."""
    a, b = minhash.permutations()
    return np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32)


_EMPTY = np.full(NUM_PERM, minhash.EMPTY, dtype=np.uint32)


def _minima(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per permutation, the minimum of a * fmix32(h) + b over ``hashes`` (uint32): one row."""
    h = hashes ^ (hashes >> np.uint32(16))  # minhash.fmix32
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    # One row a permutation (64 x shingles), so each minimum runs along contiguous
    # memory: about a quarter faster than a column a permutation, the same minima.
    values = np.multiply.outer(a, h)
    values += b[:, None]
    return values.min(axis=1)  # type: ignore[no-any-return]


def _fast_signature(text: str, a: np.ndarray, b: np.ndarray) -> list[int]:
    words = text.lower().encode("utf-8").translate(_WORDS).split()
    count = len(words) - SHINGLE_SIZE + 1
    if count <= 0:
        if not words:
            return _EMPTY.tolist()  # type: ignore[no-any-return]
        hashes = np.array([zlib.crc32(b" ".join(words))], dtype=np.uint32)  # one shingle of all the words
    else:
        grams = map(b" ".join, zip(*(words[i:] for i in range(SHINGLE_SIZE)), strict=False))
        hashes = np.fromiter(map(zlib.crc32, grams), dtype=np.uint32, count=count)
    return _minima(hashes, a, b).tolist()  # type: ignore[no-any-return]


def lsh_bands(signature: Sequence[int], bands: int = BANDS) -> list[str]:
    """Band hashes of a signature: ``"<band>:<16 hex>"``, one per band.

    Two signatures share band ``i`` when all of its rows are equal.

        >>> [band[:3] for band in lsh_bands(list(range(64)))][:3]
        ['00:', '01:', '02:']
    """
    if bands <= 0 or len(signature) % bands:
        raise ValueError(f"signature length {len(signature)} is not divisible by bands={bands}")
    rows = len(signature) // bands
    if type(signature) is list and all(type(v) is int and 0 <= v < 2**64 for v in signature):
        # Every row as 8 little-endian bytes, at once.
        data = np.array(signature, dtype="<u8").tobytes()
        size = 8 * rows
        blake = hashlib.blake2b
        return [f"{b:02d}:{blake(data[b * size: (b + 1) * size], digest_size=8).hexdigest()}" for b in range(bands)]
    out: list[str] = []
    for b in range(bands):
        chunk = signature[b * rows: (b + 1) * rows]
        data = b"".join(int(v).to_bytes(8, "little", signed=False) for v in chunk)
        out.append(f"{b:02d}:{hashlib.blake2b(data, digest_size=8).hexdigest()}")
    return out


def jaccard_estimate(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Share of equal positions: an estimate of the shingle sets' Jaccard similarity.

        >>> jaccard_estimate([1, 2, 3, 4], [1, 2, 0, 0])
        0.5
    """
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures differ in length ({len(sig_a)} vs {len(sig_b)})")
    if not sig_a:
        return 1.0
    return sum(1 for a, b in zip(sig_a, sig_b, strict=True) if a == b) / len(sig_a)
