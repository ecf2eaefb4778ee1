"""The store's schema as an ordered, recorded list of migrations.

Each :class:`Migration` runs once, inside its own transaction, and is recorded
in the ``migrations`` table; :func:`migrate` skips those already recorded, so
running it again is a no-op::

    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> [m.id for m in migrate(conn)] == [m.id for m in MIGRATIONS]
    True
    >>> migrate(conn)
    []

Never edit a migration that has shipped: append a new one.

Schema (migration 1)
--------------------
``postings``            one row per cluster of copies of the same job (``id`` = the
                        pipeline's content key of the first copy seen, ``cluster_id`` = id).
                        ``seq`` is an INTEGER PRIMARY KEY so the FTS index's rowids
                        survive ``VACUUM`` (a plain rowid may be renumbered).
``postings_fts``        FTS5 over title, company, description_text; content-linked to
                        ``postings`` and kept in sync by the ``postings_a*`` triggers.
``posting_sources``     every source (URL, site + id, file:line) of a cluster.
``identity_keys``       key -> cluster: URL, site+id, company+title+location keys and the
                        content keys of every copy seen (``content:<id>``).
``lsh_bands``           minhash LSH band -> cluster, for near-duplicate lookup. The band
                        is stored as a signed 64-bit hash of the pipeline's band string
                        and the cluster as its posting's ``seq``: 16 bands a posting make
                        this the largest table, so it is kept to two integers a row.
``cluster_signatures``  the minhash signature (BLOB of uint32) and normalised title of a
                        cluster, to confirm an LSH candidate.
``posting_credentials`` credential code -> posting, with ``clinical`` and ``date_posted``
                        in the key so "jobs for me" walks it in date order, and a copy of
                        the facts a verdict needs (family, remote, years, certifications)
                        beside the key, so scoring thousands of candidates reads a few
                        contiguous pages instead of thousands of wide posting rows. Code
                        ``-`` marks a posting that names no credential. Filled and kept in
                        sync from ``postings`` by the ``postings_a*_credentials`` triggers.
``ingest_files``        files completely ingested (sha256, size), to skip them next time.

Migration 2 (faster ingest)
---------------------------
* ``lsh_bands.band`` becomes a hash of the band *and the normalised title*
  (:func:`otpath.store.writes.band_key`): a near-duplicate must have the same title
  anyway, so a lookup now finds only same-title postings instead of every posting
  sharing boilerplate text (hundreds of rows a lookup at 100k postings, thousands at
  1M). Existing rows are re-keyed from ``cluster_signatures.title_norm`` by the SQL
  function ``otpath_title_band`` that :func:`migrate` registers.
* ``postings_cluster`` is dropped: ``cluster_id`` always equals ``id`` (which has its
  own unique index) and nothing looks postings up by it, so it only cost a random
  B-tree insert per posting.
* ``postings_facets`` (``seq`` then every filter column) lets a text search test the
  filters of each FTS5 hit in a narrow index read in ``seq`` order, instead of
  reading one multi-kilobyte posting row (a page or more) per hit.

Migration 3 (the MinHash scheme beside the signatures)
------------------------------------------------------
``store_meta``          facts about the store as a whole, ``key -> value``. Key
                        ``minhash_scheme`` names the scheme that made every signature in
                        ``cluster_signatures`` (:data:`otpath.postings.minhash.SCHEME`);
                        it is absent while the store holds no signature. Signatures made
                        before this migration replayed datasketch 2's random draws (or
                        datasketch 1's): they are marked ``datasketch``, which no
                        version of otpath makes now, so ingest asks for
                        ``otpath resign`` before adding any (see :mod:`otpath.ingest`).
Migration 4 (applications tracker)
----------------------------------
``applications``        a posting a person saved, and where their application stands:
                        ``status`` (saved, applied, interviewing, offer, rejected,
                        withdrawn), the date each status was reached, notes and a next
                        step with its date. One list per profile name (``profile``).
                        It holds its own copy of the posting's display fields and
                        sanitised description and has **no foreign key** to
                        ``postings``: re-ingesting, or removing a posting (sample data
                        removal), never touches it. ``posting_id`` is the posting it was
                        saved from (NULL for an application entered or imported by hand);
                        a profile saves a posting once.

Migration 5 (precise search)
----------------------------
* ``postings_fts`` is rebuilt without the Porter stemmer (``unicode61
  remove_diacritics 2`` only): the stemmer made "utilization" and "utilize" one word
  ("util"), and "care" match "career"'s neighbours. Plurals and British spellings are
  matched by the query instead (:mod:`otpath.query`). The rebuild reads every
  posting once (minutes at a million postings).
* ``postings_terms`` (``fts5vocab``, one row per indexed word with the number of
  postings holding it) lets a search tell a misspelt word (found nowhere) from a
  rare one, and correct it.
* ``postings.pay_currency`` (a virtual column computed from the requirements' pay
  currency) and the index ``postings_pay_currency`` (currency, then yearly minimum)
  let the pay filter compare amounts in one currency only, without reading rows.

Migration 6 (a smaller store)
-----------------------------
* ``postings.description_html`` and ``postings.raw`` hold zlib-compressed UTF-8 (BLOBs,
  :func:`deflate`; ``""`` and ``"{}"`` stay as they are): the sanitised HTML is a second
  copy of the description, read only to show one posting, and took more room than the
  plain text (searched, shown in results) itself. The migration compresses the rows
  already stored (the freed pages are reused by later ingests; ``VACUUM`` returns
  them to the disk). Reads accept both forms (:func:`inflate`).

Migration 7 (jobs-for-me reads)
-------------------------------
``posting_credentials_relevant``  a partial index of ``posting_credentials`` (code, date,
                        posting) over the families a therapy practitioner can move into
                        (not ``clinical``, not ``unrelated``): "jobs for me" walks it in
                        date order instead of stepping over every other profession's
                        posting (nine in ten of the NHS adverts).

Migration 8 (a store about the size of its text)
------------------------------------------------
Measured on the NHS adverts, the store took 7 KB a posting beyond the description
text (``dbstat``: the sanitised HTML 1.2 KB, the key and source tables 0.8 KB, the LSH
bands 0.56 KB). This migration rewrites what it can of an existing store:

* ``postings.description_html`` is compressed with the posting's own plain text as
  the zlib dictionary (:func:`deflate_html`; a BLOB starting with byte 1): the HTML is
  the text plus tags, so it costs about 140 bytes instead of 1,200. Reading it needs
  ``description_text`` (:func:`inflate_html`).
* ``postings.requirements`` stores its evidence sentences once: ``credentials_sentence``,
  ``years_sentence`` and ``remote_sentence`` become ``true`` when they repeat their
  entry of ``sentences``, and a sentence found in the description text becomes its
  place there, ``[start, length]`` in characters (:func:`compact_requirements`; 0.3 KB
  a posting). Reading a posting puts the text back
  (:func:`otpath.store.writes.full_json`); SQL reads a sentence with
  ``substr(description_text, start + 1, length)``.
* ``postings.cluster_id`` (always equal to ``id``) becomes a virtual generated column.
* ``identity_keys`` holds a 64-bit hash of each key (:func:`key_hash`) and the
  posting's ``seq`` instead of the key text and the 40-character cluster id;
  ``identity_keys_posting`` (``posting_seq``) replaces ``identity_keys_cluster`` for
  the cascade on delete.
* ``posting_sources`` points at its posting's ``seq`` and keeps a hash of the source
  key (``source_hash``) instead of its text (the URL, site id or file:line are kept
  in their own columns, as before).
* ``lsh_bands.band`` keeps the top 32 bits of the title-scoped band hash
  (:func:`otpath.store.writes.band_key`): a chance match only adds a candidate that
  the title and signature check then reject. The table loses its index by posting
  (``lsh_bands_posting``, as large as the table) and with it the foreign key's
  cascade: :meth:`~otpath.store.writes.PostingWrites.delete_postings` and
  ``delete_sample_postings`` remove the bands of what they delete in one pass, and
  ``otpath resign`` empties the table first (every band changes with the scheme).
  A band row left behind by a posting deleted some other way is never a match: a
  lookup joins the posting and its signature, and a candidate must pass the title
  and signature check.
* ``raw`` (the source's own fields) is compressed with a fixed dictionary of JSON-LD
  and JobSpy field names (:func:`deflate_raw`; a BLOB starting with byte 2): 150
  bytes instead of 280 for an NHS advert.

New stores are also created with 16 KiB pages (:data:`PAGE_SIZE`): with 4 KiB pages a
posting row of 2-5 KB spills into overflow pages and leaves a quarter of each leaf
page empty (0.8 KB a posting). An existing store keeps its page size until it is
rebuilt (``VACUUM`` after ``PRAGMA page_size``; see docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "MIGRATIONS",
    "PAGE_SIZE",
    "Migration",
    "applied",
    "deflate",
    "deflate_html",
    "deflate_raw",
    "inflate",
    "inflate_html",
    "key_hash",
    "migrate",
    "title_band",
]

#: Page size of a new store (bytes): see migration 8.
PAGE_SIZE = 16384


@dataclass(frozen=True)
class Migration:
    id: int
    name: str
    sql: str


_INITIAL = """
CREATE TABLE postings (
    seq                     INTEGER PRIMARY KEY,
    id                      TEXT NOT NULL UNIQUE,
    cluster_id              TEXT NOT NULL,
    title                   TEXT NOT NULL,
    company                 TEXT,
    location                TEXT,
    url                     TEXT,
    site                    TEXT,
    source_id               TEXT,
    date_posted             TEXT,
    valid_through           TEXT,
    role                    TEXT,
    family                  TEXT NOT NULL DEFAULT 'other',
    confidence              REAL NOT NULL DEFAULT 0,
    remote                  TEXT NOT NULL DEFAULT 'unknown',
    credentials             TEXT NOT NULL DEFAULT '[]',
    certifications_required TEXT NOT NULL DEFAULT '[]',
    years_min               REAL,
    years_max               REAL,
    pay_min                 REAL,
    pay_max                 REAL,
    pay_interval            TEXT,
    pay_annual_min          REAL,
    pay_annual_max          REAL,
    commission              INTEGER NOT NULL DEFAULT 0,
    sample                  INTEGER NOT NULL DEFAULT 0,
    description_html        TEXT NOT NULL DEFAULT '',
    description_text        TEXT NOT NULL DEFAULT '',
    classification          TEXT NOT NULL DEFAULT '{}',
    requirements            TEXT NOT NULL DEFAULT '{}',
    raw                     TEXT NOT NULL DEFAULT '{}',
    ingested_at             TEXT NOT NULL
);
CREATE INDEX postings_cluster ON postings(cluster_id);
CREATE INDEX postings_family ON postings(family, date_posted);
CREATE INDEX postings_role ON postings(role, date_posted);
CREATE INDEX postings_remote ON postings(remote, date_posted);
CREATE INDEX postings_pay_annual_min ON postings(pay_annual_min);
CREATE INDEX postings_date_posted ON postings(date_posted);
CREATE INDEX postings_company ON postings(company COLLATE NOCASE);
CREATE INDEX postings_sample ON postings(sample);

CREATE VIRTUAL TABLE postings_fts USING fts5(
    title, company, description_text,
    content='postings', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO postings_fts(postings_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');
CREATE TRIGGER postings_ai AFTER INSERT ON postings BEGIN
    INSERT INTO postings_fts(rowid, title, company, description_text)
    VALUES (new.seq, new.title, new.company, new.description_text);
END;
CREATE TRIGGER postings_ad AFTER DELETE ON postings BEGIN
    INSERT INTO postings_fts(postings_fts, rowid, title, company, description_text)
    VALUES ('delete', old.seq, old.title, old.company, old.description_text);
END;
CREATE TRIGGER postings_au AFTER UPDATE OF title, company, description_text ON postings BEGIN
    INSERT INTO postings_fts(postings_fts, rowid, title, company, description_text)
    VALUES ('delete', old.seq, old.title, old.company, old.description_text);
    INSERT INTO postings_fts(rowid, title, company, description_text)
    VALUES (new.seq, new.title, new.company, new.description_text);
END;

CREATE TABLE posting_sources (
    id          INTEGER PRIMARY KEY,
    cluster_id  TEXT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    source_key  TEXT NOT NULL,
    url         TEXT,
    site        TEXT,
    source_id   TEXT,
    file        TEXT,
    line        INTEGER,
    added_at    TEXT NOT NULL,
    UNIQUE (cluster_id, source_key)
);

CREATE TABLE identity_keys (
    key         TEXT PRIMARY KEY,
    cluster_id  TEXT NOT NULL REFERENCES postings(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX identity_keys_cluster ON identity_keys(cluster_id);

CREATE TABLE lsh_bands (
    band         INTEGER NOT NULL,
    posting_seq  INTEGER NOT NULL REFERENCES postings(seq) ON DELETE CASCADE,
    PRIMARY KEY (band, posting_seq)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_posting ON lsh_bands(posting_seq);

CREATE TABLE cluster_signatures (
    posting_seq  INTEGER PRIMARY KEY REFERENCES postings(seq) ON DELETE CASCADE,
    title_norm   TEXT NOT NULL,
    signature    BLOB NOT NULL
);

CREATE TABLE posting_credentials (
    code                    TEXT NOT NULL,
    clinical                INTEGER NOT NULL,
    date_posted             TEXT NOT NULL,
    posting_seq             INTEGER NOT NULL REFERENCES postings(seq) ON DELETE CASCADE,
    family                  TEXT NOT NULL,
    role                    TEXT,
    remote                  TEXT NOT NULL,
    years_min               REAL,
    years_max               REAL,
    pay_annual_min          REAL,
    commission              INTEGER NOT NULL,
    sample                  INTEGER NOT NULL,
    credentials             TEXT NOT NULL,
    certifications          TEXT NOT NULL,
    certifications_required TEXT NOT NULL,
    PRIMARY KEY (code, clinical, date_posted, posting_seq)
) WITHOUT ROWID;
CREATE INDEX posting_credentials_posting ON posting_credentials(posting_seq, code);
CREATE TRIGGER postings_ai_credentials AFTER INSERT ON postings BEGIN
    INSERT INTO posting_credentials (code, clinical, date_posted, posting_seq, family, role,
        remote, years_min, years_max, pay_annual_min, commission, sample, credentials,
        certifications, certifications_required)
    SELECT c.code, new.family = 'clinical', ifnull(new.date_posted, ''), new.seq, new.family,
        new.role, new.remote, new.years_min, new.years_max, new.pay_annual_min, new.commission,
        new.sample, new.credentials,
        ifnull(json_extract(new.requirements, '$.certifications'), '[]'),
        new.certifications_required
    FROM (SELECT value AS code FROM json_each(new.credentials)
          UNION SELECT '-' WHERE json_array_length(new.credentials) = 0) AS c;
END;
CREATE TRIGGER postings_au_credentials AFTER UPDATE OF family, role, remote, years_min,
    years_max, pay_annual_min, commission, sample, credentials, requirements,
    certifications_required, date_posted ON postings BEGIN
    DELETE FROM posting_credentials WHERE posting_seq = old.seq;
    INSERT INTO posting_credentials (code, clinical, date_posted, posting_seq, family, role,
        remote, years_min, years_max, pay_annual_min, commission, sample, credentials,
        certifications, certifications_required)
    SELECT c.code, new.family = 'clinical', ifnull(new.date_posted, ''), new.seq, new.family,
        new.role, new.remote, new.years_min, new.years_max, new.pay_annual_min, new.commission,
        new.sample, new.credentials,
        ifnull(json_extract(new.requirements, '$.certifications'), '[]'),
        new.certifications_required
    FROM (SELECT value AS code FROM json_each(new.credentials)
          UNION SELECT '-' WHERE json_array_length(new.credentials) = 0) AS c;
END;

CREATE TABLE ingest_files (
    sha256        TEXT NOT NULL,
    path          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    completed_at  TEXT NOT NULL,
    PRIMARY KEY (sha256, path)
) WITHOUT ROWID;
"""

_MIGRATION_2 = """
DROP INDEX IF EXISTS postings_cluster;
CREATE TABLE lsh_bands_v2 (
    band         INTEGER NOT NULL,
    posting_seq  INTEGER NOT NULL REFERENCES postings(seq) ON DELETE CASCADE,
    PRIMARY KEY (band, posting_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO lsh_bands_v2 (band, posting_seq)
    SELECT otpath_title_band(b.band, s.title_norm), b.posting_seq
    FROM lsh_bands AS b JOIN cluster_signatures AS s ON s.posting_seq = b.posting_seq
    ORDER BY 1, 2;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_v2 RENAME TO lsh_bands;
CREATE INDEX lsh_bands_posting ON lsh_bands(posting_seq);
CREATE INDEX postings_facets ON postings(
    seq, date_posted, family, role, remote, pay_annual_min, sample, company);
"""

_MIGRATION_3 = """
CREATE TABLE store_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO store_meta (key, value)
    SELECT 'minhash_scheme', 'datasketch' WHERE EXISTS (SELECT 1 FROM cluster_signatures);
"""

_MIGRATION_4 = """
CREATE TABLE applications (
    id                INTEGER PRIMARY KEY,
    profile           TEXT NOT NULL DEFAULT 'default',
    posting_id        TEXT,
    title             TEXT NOT NULL,
    company           TEXT,
    location          TEXT,
    url               TEXT,
    role              TEXT,
    family            TEXT,
    remote            TEXT,
    pay               TEXT,
    date_posted       TEXT,
    description_html  TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'saved' CHECK (status IN
                      ('saved', 'applied', 'interviewing', 'offer', 'rejected', 'withdrawn')),
    saved_on          TEXT NOT NULL,
    applied_on        TEXT,
    interviewing_on   TEXT,
    offer_on          TEXT,
    rejected_on       TEXT,
    withdrawn_on      TEXT,
    next_step         TEXT NOT NULL DEFAULT '',
    next_step_on      TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX applications_posting ON applications(profile, posting_id)
    WHERE posting_id IS NOT NULL;
CREATE INDEX applications_board ON applications(profile, status, updated_at);
"""

_MIGRATION_5 = """
DROP TABLE postings_fts;
CREATE VIRTUAL TABLE postings_fts USING fts5(
    title, company, description_text,
    content='postings', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO postings_fts(postings_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');
INSERT INTO postings_fts(postings_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE postings_terms USING fts5vocab(postings_fts, 'row');
ALTER TABLE postings ADD COLUMN pay_currency TEXT
    GENERATED ALWAYS AS (json_extract(requirements, '$.pay.currency')) VIRTUAL;
CREATE INDEX postings_pay_currency ON postings(pay_currency, pay_annual_min);
"""

_MIGRATION_6 = """
UPDATE postings SET description_html = otpath_deflate(description_html)
    WHERE typeof(description_html) = 'text' AND description_html != '';
UPDATE postings SET raw = otpath_deflate(raw) WHERE typeof(raw) = 'text' AND raw != '{}';
"""

# "Jobs for me" walks, per credential, the newest non-clinical postings of the therapy
# professions' families; in a store of mostly other professions' jobs (the NHS adverts:
# nine in ten) the primary key made it step over all of them.
_MIGRATION_7 = """
CREATE INDEX posting_credentials_relevant ON posting_credentials(code, date_posted, posting_seq)
    WHERE family NOT IN ('clinical', 'unrelated');
"""

# A smaller store: see "Migration 8" above. The postings rows are rewritten once (one
# UPDATE: the credentials trigger re-derives their posting_credentials rows unchanged),
# the key, source and band tables are copied into their new shape.
_MIGRATION_8 = """
UPDATE postings SET
    description_html = otpath_deflate_html(description_html, description_text),
    requirements = otpath_compact_requirements(requirements, description_text),
    raw = otpath_deflate_raw(raw)
    WHERE description_html != '' OR raw != '{}'
        OR requirements LIKE '%sentence%';
ALTER TABLE postings DROP COLUMN cluster_id;
ALTER TABLE postings ADD COLUMN cluster_id TEXT GENERATED ALWAYS AS (id) VIRTUAL;

CREATE TABLE identity_keys_v8 (
    key_hash     INTEGER PRIMARY KEY,
    posting_seq  INTEGER NOT NULL REFERENCES postings(seq) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT OR IGNORE INTO identity_keys_v8 (key_hash, posting_seq)
    SELECT otpath_key_hash(k.key), p.seq
    FROM identity_keys AS k JOIN postings AS p ON p.id = k.cluster_id
    ORDER BY 1;
DROP TABLE identity_keys;
ALTER TABLE identity_keys_v8 RENAME TO identity_keys;
CREATE INDEX identity_keys_posting ON identity_keys(posting_seq);

CREATE TABLE posting_sources_v8 (
    id           INTEGER PRIMARY KEY,
    posting_seq  INTEGER NOT NULL REFERENCES postings(seq) ON DELETE CASCADE,
    source_hash  INTEGER NOT NULL,
    url          TEXT,
    site         TEXT,
    source_id    TEXT,
    file         TEXT,
    line         INTEGER,
    added_at     TEXT NOT NULL,
    UNIQUE (posting_seq, source_hash)
);
INSERT OR IGNORE INTO posting_sources_v8
    (id, posting_seq, source_hash, url, site, source_id, file, line, added_at)
    SELECT s.id, p.seq, otpath_key_hash(s.source_key), s.url, s.site, s.source_id, s.file,
        s.line, s.added_at
    FROM posting_sources AS s JOIN postings AS p ON p.id = s.cluster_id
    ORDER BY s.id;
DROP TABLE posting_sources;
ALTER TABLE posting_sources_v8 RENAME TO posting_sources;

CREATE TABLE lsh_bands_v8 (
    band         INTEGER NOT NULL,
    posting_seq  INTEGER NOT NULL,
    PRIMARY KEY (band, posting_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO lsh_bands_v8 (band, posting_seq)
    SELECT band >> 32, posting_seq FROM lsh_bands ORDER BY 1, 2;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_v8 RENAME TO lsh_bands;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "title-scoped LSH bands, postings_facets index", _MIGRATION_2),
    Migration(3, "store_meta: the MinHash scheme of the stored signatures", _MIGRATION_3),
    Migration(4, "applications tracker", _MIGRATION_4),
    Migration(5, "search without stemming, its word list, pay currency column", _MIGRATION_5),
    Migration(6, "description HTML and raw source fields stored compressed", _MIGRATION_6),
    Migration(7, "index of the postings jobs-for-me reads", _MIGRATION_7),
    Migration(8, "HTML compressed against the text, hashed keys, smaller bands", _MIGRATION_8),
)


def deflate(text: str) -> str | bytes:
    """``text`` as stored in a compressed column: zlib of its UTF-8 (a BLOB), or ``""``
    as it is. :func:`inflate` reads either form back (rows written before migration 6
    hold plain text).

        >>> inflate(deflate("<p>Review requests.</p>"))
        '<p>Review requests.</p>'
        >>> deflate(""), inflate("<p>old row</p>"), inflate(None)
        ('', '<p>old row</p>', '')
    """
    return zlib.compress(text.encode("utf-8"), 6) if text else ""


def inflate(value: str | bytes | None) -> str:
    """The text of a compressed column (:func:`deflate`, :func:`deflate_raw`), whichever
    form it has."""
    if isinstance(value, bytes):
        if value[:1] == _RAW_WITH_DICTIONARY:
            z = zlib.decompressobj(-15, zdict=_RAW_DICTIONARY)
            return (z.decompress(value[1:]) + z.flush()).decode("utf-8")
        return zlib.decompress(value).decode("utf-8")
    return value or ""


# First byte of a raw BLOB compressed with _RAW_DICTIONARY (migration 8).
_RAW_WITH_DICTIONARY = b"\x02"
# The field names (and a few common values) of the sources' own records: schema.org
# JobPosting JSON-LD and JobSpy's CSV columns. Stored rows depend on it: never change
# it; a new dictionary needs a new first byte.
_RAW_DICTIONARY = (
    b'{"@context":"https://schema.org","@type":"JobPosting","title":"","description":"",'
    b'"datePosted":"","validThrough":"","employmentType":"FULL_TIME","PART_TIME",'
    b'"baseSalary":{"@type":"MonetaryAmount","currency":"GBP","USD","value":'
    b'{"@type":"QuantitativeValue","minValue":"","maxValue":"","unitText":"YEAR","HOUR"}},'
    b'"identifier":{"@type":"PropertyValue","name":"","value":""},'
    b'"jobLocationType":"TELECOMMUTE","applicantLocationRequirements":'
    b'{"@type":"Country","name":""},"site","job_url","job_url_direct","company",'
    b'"location","date_posted","job_type","salary_source","interval","min_amount",'
    b'"max_amount","currency","is_remote","job_level","job_function","listing_type",'
    b'"emails","company_industry","company_url","company_logo","company_url_direct",'
    b'"company_addresses","company_num_employees","company_revenue","company_description",'
    b'"hiringOrganization":{"@type":"Organization","name":"","sameAs":"","logo":"https://",'
    b'"url":"https://www."},"industry":"Healthcare","jobLocation":{"@type":"Place",'
    b'"address":{"@type":"PostalAddress","addressCountry":"GB","US","addressRegion":"",'
    b'"streetAddress":"","addressLocality":"","postalCode":""},"geo":'
    b'{"@type":"GeoCoordinates","latitude":"","longitude":""}}}'
)


def deflate_raw(value: str | bytes) -> str | bytes:
    """A ``raw`` column as stored (migration 8): raw DEFLATE with a fixed dictionary of
    the sources' field names, behind a format byte; ``"{}"`` stays as it is. ``value``
    may also be an older stored form.

        >>> stored = deflate_raw('{"hiringOrganization":{"@type":"Organization","name":"X"}}')
        >>> stored[:1], len(stored) < 20, inflate(stored)
        (b'\\x02', True, '{"hiringOrganization":{"@type":"Organization","name":"X"}}')
        >>> deflate_raw("{}")
        '{}'
    """
    if isinstance(value, bytes):
        if value[:1] == _RAW_WITH_DICTIONARY:
            return value
        value = inflate(value)
    if not value or value == "{}":
        return value or "{}"
    z = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zdict=_RAW_DICTIONARY)
    return _RAW_WITH_DICTIONARY + z.compress(value.encode("utf-8")) + z.flush()


# First byte of a description_html BLOB compressed against its text (a zlib stream, the
# form of migration 6, starts with 0x78).
_HTML_WITH_TEXT = b"\x01"


def deflate_html(html: str | bytes, text: str) -> str | bytes:
    """``html`` as stored: raw DEFLATE with the posting's plain ``text`` as the preset
    dictionary (the HTML repeats the text, so little is left to store), behind a
    format byte. ``html`` may also be a stored form (migration 6's zlib, plain text).

        >>> text = "Review requests. Two years of experience."
        >>> stored = deflate_html("<p>Review requests.</p><p>Two years of experience.</p>", text)
        >>> stored[:1], len(stored) < 30
        (b'\\x01', True)
        >>> inflate_html(stored, text)
        '<p>Review requests.</p><p>Two years of experience.</p>'
        >>> deflate_html("", text), inflate_html("<p>old row</p>", "")
        ('', '<p>old row</p>')
    """
    if isinstance(html, bytes):
        if html[:1] == _HTML_WITH_TEXT:
            return html
        html = inflate(html)
    if not html:
        return ""
    # Level 1: with the text as dictionary the HTML's words are all matches already;
    # level 9 saves 30 more bytes (173 -> 142 an NHS advert) for 7x the CPU (16 -> 116 us).
    z = zlib.compressobj(1, zlib.DEFLATED, -15, 8, zdict=_dictionary(text))
    return _HTML_WITH_TEXT + z.compress(html.encode("utf-8")) + z.flush()


def inflate_html(value: str | bytes | None, text: str) -> str:
    """The HTML of a stored ``description_html`` (:func:`deflate_html`, any form), given
    the same posting's ``description_text``."""
    if isinstance(value, bytes) and value[:1] == _HTML_WITH_TEXT:
        z = zlib.decompressobj(-15, zdict=_dictionary(text))
        return (z.decompress(value[1:]) + z.flush()).decode("utf-8")
    return inflate(value)


def _dictionary(text: str) -> bytes:
    # zlib reads only the last 32 KiB of a dictionary; the window is 32 KiB anyway.
    return text.encode("utf-8")[-32768:]


def key_hash(key: str) -> int:
    """The stored form (signed 64-bit) of an identity key or a source key: a BLAKE2b
    hash, so a key costs 8 bytes instead of a URL or ``content:`` + 40 hex digits.

        >>> key_hash("url:https://example.org/jobs/1") == key_hash("url:https://example.org/jobs/1")
        True
        >>> key_hash("content:ab") != key_hash("content:ac")
        True
    """
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def compact_requirements(text: str, description: str = "") -> str:
    """A stored ``requirements`` JSON whose evidence sentences are not stored twice: a
    ``*_sentence`` field that repeats its entry of ``sentences`` becomes ``true``, and a
    sentence found in the posting's ``description`` (its plain text) becomes
    ``[start, length]`` in characters (SQL: ``substr(description_text, start + 1,
    length)``). Sentences found nowhere stay as they are::

        >>> text = "Duties. 2 years of experience. Remote."
        >>> compact_requirements(
        ...     '{"years_sentence":"2 years of experience.","remote_sentence":"Remote.",'
        ...     '"sentences":{"years":"2 years of experience.","remote":"Fully remote."}}', text)
        '{"years_sentence":true,"remote_sentence":[31,7],"sentences":{"years":[8,22],"remote":"Fully remote."}}'
        >>> expand_requirements(json.loads(_), text)["sentences"]
        {'years': '2 years of experience.', 'remote': 'Fully remote.'}
    """
    data = json.loads(text)
    if not isinstance(data, dict) or not compact_sentences(data, description):
        return text
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def compact_sentences(data: dict[str, Any], description: str) -> bool:
    """:func:`compact_requirements` on decoded requirements, in place; ``True`` when
    something changed."""
    sentences = data.get("sentences")
    if not isinstance(sentences, dict):
        sentences = {}
    changed = False
    for field, key in SENTENCE_FIELDS:
        value = data.get(field)
        if isinstance(value, str):
            ref: Any = True if sentences.get(key) == value else _reference(value, description)
            if ref is not None:
                data[field] = ref
                changed = True
    for key, value in sentences.items():
        ref = _reference(value, description) if isinstance(value, str) else None
        if ref is not None:
            sentences[key] = ref
            changed = True
    return changed


def _reference(sentence: str, description: str) -> list[int] | None:
    start = description.find(sentence) if sentence else -1
    return [start, len(sentence)] if start >= 0 else None


def expand_requirements(data: dict[str, Any], description: str) -> dict[str, Any]:
    """``data`` (a decoded stored ``requirements``) with the sentences
    :func:`compact_requirements` left out put back, from the posting's ``description``."""
    sentences = data.get("sentences")
    if isinstance(sentences, dict):
        for key, value in sentences.items():
            if isinstance(value, list):
                sentences[key] = description[value[0] : value[0] + value[1]]
    else:
        sentences = {}
    for field, key in SENTENCE_FIELDS:
        value = data.get(field)
        if value is True:
            data[field] = sentences.get(key)
        elif isinstance(value, list):
            data[field] = description[value[0] : value[0] + value[1]]
    return data


#: ``requirements`` fields that repeat an entry of ``requirements.sentences``.
SENTENCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("credentials_sentence", "credentials"),
    ("years_sentence", "years"),
    ("remote_sentence", "remote"),
)


def title_band(band: int, title_norm: str) -> int:
    """A stored LSH band key (signed 64-bit) scoped to a normalised title.

    The same band under two titles gives two keys, so a lookup finds only postings
    with the same title (the only ones that can be near-duplicates)::

        >>> title_band(42, "case manager") == title_band(42, "case manager")
        True
        >>> title_band(42, "case manager") != title_band(42, "recruiter")
        True
    """
    h = hashlib.blake2b(digest_size=8)
    h.update(band.to_bytes(8, "little", signed=True))
    h.update(title_norm.encode("utf-8"))
    return int.from_bytes(h.digest(), "little", signed=True)


def _register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the migrations use."""
    conn.create_function("otpath_title_band", 2, title_band, deterministic=True)
    conn.create_function("otpath_deflate", 1, deflate, deterministic=True)
    conn.create_function("otpath_deflate_html", 2, deflate_html, deterministic=True)
    conn.create_function("otpath_compact_requirements", 2, compact_requirements, deterministic=True)
    conn.create_function("otpath_key_hash", 1, key_hash, deterministic=True)
    conn.create_function("otpath_deflate_raw", 1, deflate_raw, deterministic=True)


def _statements(sql: str) -> Iterator[str]:
    """Split a script into complete statements (trigger bodies keep their semicolons)."""
    buf = ""
    for part in sql.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            buf = ""
            if stmt.strip(";").strip():
                yield stmt
    if buf.strip(" \n\t;"):
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]!r}")


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations ("
        " id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )


def applied(conn: sqlite3.Connection) -> list[int]:
    """Ids of the migrations recorded in ``conn``, in order."""
    _ensure_table(conn)
    return [r[0] for r in conn.execute("SELECT id FROM migrations ORDER BY id")]


def migrate(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[Migration]:
    """Apply the migrations not yet recorded, each in its own transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Returns the
    migrations applied by this call (empty when the schema is current).
    """
    ids = [m.id for m in migrations]
    if ids != sorted(set(ids)):
        raise ValueError("migration ids must be unique and increasing")
    done = set(applied(conn))
    if any(m.id not in done for m in migrations):
        _register_functions(conn)
    ran: list[Migration] = []
    for m in migrations:
        if m.id in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if conn.execute("SELECT 1 FROM migrations WHERE id = ?", (m.id,)).fetchone():
                conn.execute("COMMIT")
                continue
            for stmt in _statements(m.sql):
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)",
                (m.id, m.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk, an I/O error): then a
            # ROLLBACK would fail and hide the error that matters.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        ran.append(m)
    return ran
