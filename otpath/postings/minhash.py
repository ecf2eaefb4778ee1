"""The MinHash scheme that signs posting descriptions: ours, named and versioned.

A signature is :data:`NUM_PERM` minima over a text's distinct word shingles
(:func:`otpath.postings.pipeline.dedupe.shingles`, :data:`SHINGLE_SIZE` words each):

1. each shingle (UTF-8 bytes) is hashed with ``zlib.crc32``;
2. the hash is mixed with MurmurHash3's 32-bit finalizer (:func:`fmix32`), so that
   nearby inputs land far apart (CRC-32 alone is linear);
3. permutation ``i`` maps the mixed hash ``h`` to ``(a[i] * h + b[i]) mod 2**32`` (``a[i]``
   odd, so this is a permutation of the 32-bit integers), and the signature keeps,
   per permutation, the smallest value over all shingles; a text without words
   gets :data:`EMPTY` everywhere.

The permutations come from our own seeded draw (:func:`permutations`): BLAKE2b keyed
with :data:`SEED` over the permutation's number. CRC-32, BLAKE2b and the arithmetic
are fixed algorithms, so a signature never changes with a library's release (the
scheme used to replay datasketch's private random draws).

:data:`SCHEME` names all of the above. The store records it beside the signatures it
holds, and ingest refuses to mix signatures of two schemes (``otpath resign``
recomputes a store's signatures). **Any change to how a signature is computed needs
a new** :data:`SCHEME` (tests pin known signatures, so a silent change fails them).

This module is kept apart from the pipeline package so that the process that writes
the store can read :data:`SCHEME` without importing the pipeline.

    >>> SCHEME
    'otpath-minhash-1'
    >>> a, b = permutations()
    >>> len(a) == len(b) == NUM_PERM and all(x % 2 == 1 for x in a)
    True
    >>> sig = reference_signature([b"review prior authorization", b"prior authorization requests"])
    >>> len(sig), sig == reference_signature([b"prior authorization requests", b"review prior authorization"])
    (64, True)
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "BANDS",
    "EMPTY",
    "NUM_PERM",
    "SCHEME",
    "SEED",
    "SHINGLE_SIZE",
    "fmix32",
    "permutations",
    "reference_signature",
]

#: The name of this scheme, stored with the signatures it made.
SCHEME = "otpath-minhash-1"
#: Permutations, hence values in a signature.
NUM_PERM = 64
#: LSH bands a signature is cut into (``NUM_PERM // BANDS`` rows each).
BANDS = 16
#: Words in a shingle.
SHINGLE_SIZE = 3
#: The BLAKE2b key the permutations are drawn with.
SEED = b"otpath-minhash-1"
#: Every value of the signature of a text without words.
EMPTY = 0xFFFFFFFF

_MASK = 0xFFFFFFFF


@lru_cache(maxsize=1)
def permutations() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ``(a, b)`` coefficients of the :data:`NUM_PERM` permutations.

    Permutation ``i`` takes the 8-byte BLAKE2b digest, keyed with :data:`SEED`, of
    ``i`` as 4 little-endian bytes: ``a`` is its first 4 bytes (little-endian) with the
    lowest bit set, ``b`` the last 4.

        >>> [hex(x) for x in (permutations()[0][0], permutations()[1][0])]
        ['0xb1d4353f', '0x5bdd0896']
    """
    a: list[int] = []
    b: list[int] = []
    for i in range(NUM_PERM):
        digest = hashlib.blake2b(i.to_bytes(4, "little"), key=SEED, digest_size=8).digest()
        a.append(int.from_bytes(digest[:4], "little") | 1)
        b.append(int.from_bytes(digest[4:], "little"))
    return tuple(a), tuple(b)


def fmix32(h: int) -> int:
    """MurmurHash3's 32-bit finalizer: a bijection of the 32-bit integers that mixes bits.

        >>> fmix32(0), hex(fmix32(1))
        (0, '0x514e28b7')
    """
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h


def reference_signature(shingles: Iterable[bytes]) -> list[int]:
    """The signature of a set of shingles, computed plainly (the specification).

    :func:`otpath.postings.pipeline.dedupe.minhash_signature` computes the same values
    much faster; tests compare the two.
    """
    hashes = {fmix32(zlib.crc32(s)) for s in shingles}
    if not hashes:
        return [EMPTY] * NUM_PERM
    a, b = permutations()
    return [min((ai * h + bi) & _MASK for h in hashes) for ai, bi in zip(a, b, strict=True)]
