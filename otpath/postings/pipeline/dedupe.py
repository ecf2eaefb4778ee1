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
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, cast
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


def hash_record(record: Mapping[str, Any]) -> str:
    """SHA-1 of ``record`` as sorted-key JSON: the same dict in any order gives the same key.

        >>> hash_record({"b": 1, "a": "x"}) == hash_record({"a": "x", "b": 1})
        True
    """
    data = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
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
# runs in numpy over all the shingles at once. Hashing the shingles (a join and a
# crc32 each) is the costly part, and postings repeat lines: the hashes of the
# shingles within a line are remembered per line, and only the shingles that cross
# a line break are hashed per text.


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """:func:`otpath.postings.minhash.permutations` as two uint32 arrays."""
    a, b = minhash.permutations()
    return np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32)


_EMPTY = np.full(NUM_PERM, minhash.EMPTY, dtype=np.uint32)
# Words as shingles() sees them, but a line break stays a line break.
_WORDS_LINES = bytes(10 if c == 10 else _WORDS[c] for c in range(256))
# line -> (its word count, first word, first two words, last word, last two words,
# the crc32 hashes of its own shingles); words joined by a space.
_LineInfo = tuple[int, bytes, bytes, bytes, bytes, np.ndarray]
_LINE_CACHE: dict[str, _LineInfo] = {}
_LINE_CACHE_SIZE = 32768
_NO_HASHES = np.zeros(0, dtype=np.uint32)


def _minima(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per permutation, the minimum of a * fmix32(h) + b over ``hashes`` (uint32): one row."""
    return _minima_rows(hashes, a, b).min(axis=0)  # type: ignore[no-any-return]


def _minima_rows(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a * fmix32(h) + b for every hash (rows) and permutation (columns)."""
    h = hashes ^ (hashes >> np.uint32(16))  # minhash.fmix32
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    values = np.multiply.outer(h, a)
    values += b
    return values


def _crc_grams(words: list[bytes]) -> Iterator[int]:
    return map(zlib.crc32, map(b" ".join, zip(words, words[1:], words[2:], strict=False)))


def _line_infos(text: str, lines: list[str], found: list[_LineInfo | None]) -> None:
    """Fill in (and remember) the lines ``found`` lacks, hashing all their shingles at once."""
    # Lower-casing never looks across a line break, so each line's words are
    # those of the whole text, in order.
    data = text.lower().encode("utf-8").translate(_WORDS_LINES).split(b"\n")
    todo = [i for i, item in enumerate(found) if item is None]
    words_of = [data[i].split() for i in todo]
    counts = [max(len(words) - 2, 0) for words in words_of]
    total = sum(counts)
    hashes = (
        np.fromiter(chain.from_iterable(map(_crc_grams, words_of)), dtype=np.uint32, count=total)
        if total
        else _NO_HASHES
    )
    cache = _LINE_CACHE
    if len(cache) + len(todo) > _LINE_CACHE_SIZE:
        cache.clear()
    end = 0
    for k, i in enumerate(todo):
        words = words_of[k]
        start, end = end, end + counts[k]
        if words:
            item: _LineInfo = (
                len(words), words[0], b" ".join(words[:2]), words[-1], b" ".join(words[-2:]), hashes[start:end]
            )
        else:
            item = (0, b"", b"", b"", b"", _NO_HASHES)
        found[i] = item
        cache[lines[i]] = item


def _fast_signature(text: str, a: np.ndarray, b: np.ndarray) -> list[int]:
    lines = text.split("\n")
    cache = _LINE_CACHE
    found: list[_LineInfo | None] = [cache.get(line) for line in lines]
    if None in found:
        _line_infos(text, lines, found)
    infos = cast(list[_LineInfo], found)  # every line is known now
    if sum(item[0] for item in infos) < 3:
        # One shingle of all the words, or none (minhash.EMPTY).
        grams = shingles(text)
        if not grams:
            return _EMPTY.tolist()  # type: ignore[no-any-return]
        hashes = np.array([zlib.crc32(g) for g in grams], dtype=np.uint32)
        return _minima(hashes, a, b).tolist()  # type: ignore[no-any-return]
    parts = [item[5] for item in infos if len(item[5])]
    crossing = _crossing([item for item in infos if item[0]])
    if crossing:
        parts.append(np.fromiter(map(zlib.crc32, crossing), dtype=np.uint32, count=len(crossing)))
    hashes = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return _minima(hashes, a, b).tolist()  # type: ignore[no-any-return]


def _crossing(infos: list[_LineInfo]) -> list[bytes]:
    """The shingles that cross a line break, given the (non-empty) lines in order.

    At each break: the two words before it and the next word, and the word
    before it and the next two (when the next line has two). A one-word line
    passes its word on: the two words before the next break are then the
    word before it and its own.
    """
    a_left: list[bytes] = []
    a_right: list[bytes] = []
    b_left: list[bytes] = []
    b_right: list[bytes] = []
    tail2: bytes | None = None  # the last two words so far
    last1: bytes | None = None  # the last word so far
    for count, first, first2, last, last2, _ in infos:
        if last1 is not None:
            if tail2 is not None:
                a_left.append(tail2)
                a_right.append(first)
            if count >= 2:
                b_left.append(last1)
                b_right.append(first2)
        if count >= 2:
            tail2 = last2
        else:
            tail2 = last1 + b" " + first if last1 is not None else None
        last1 = last
    return [*map(b" ".join, zip(a_left, a_right, strict=True)), *map(b" ".join, zip(b_left, b_right, strict=True))]


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
