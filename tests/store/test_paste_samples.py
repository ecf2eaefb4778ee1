"""Pasting one posting, and taking the sample postings out (and back in)."""

from __future__ import annotations

import pytest

from otpath.errors import PasteError
from otpath.paste import ingest_pasted
from otpath.samples import SAMPLE_POSTINGS, load_samples, refresh_samples, remove_samples
from otpath.store import PostingFilters, Store
from otpath.tracker import add_application, list_applications, save_posting

TEXT = "Fully remote.\n\nActive OT or COTA license and 3 years of clinical experience."


def test_paste_new_then_same_job_from_another_address_is_a_duplicate(store: Store) -> None:
    first = ingest_pasted(store, title="Utilization Review Therapist", text=TEXT,
                          company="Acme Health", url="https://a.example/1")  # fmt: skip
    second = ingest_pasted(store, title="Utilization Review Therapist", text=TEXT + " ",
                           company="Acme Health", url="https://b.example/9")  # fmt: skip
    assert (first.outcome, second.outcome) == ("new", "duplicate")
    assert second.posting_id == first.posting_id
    row = store.get_posting(first.posting_id)
    assert [s["url"] for s in row["sources"]] == ["https://a.example/1", "https://b.example/9"]
    assert row["description_html"].startswith("<p>Fully remote.</p>")
    assert (row["role"], row["credentials"]) == ("utilization_review", ["OT", "COTA"])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "", "text": TEXT}, "title"),
        ({"title": "UR", "text": "   "}, "text"),
        ({"title": "UR", "text": TEXT, "url": "data:text/html,x"}, "url"),
        ({"title": "x" * 501, "text": TEXT}, "title"),
    ],
)
def test_paste_refuses_what_is_missing_or_unsafe(store: Store, kwargs, field) -> None:
    with pytest.raises(PasteError) as err:
        ingest_pasted(store, **kwargs)
    assert err.value.field == field
    assert store.count_postings() == 0


def test_remove_samples_then_load_them_again(store: Store) -> None:
    loaded = load_samples(store, workers=1)
    assert loaded.new > 0 and store.count_postings(sample=True) == loaded.new
    ingest_pasted(store, title="My own posting", text=TEXT)
    some = store.search_postings(
        PostingFilters(include_sample=True),
        match=None, limit=100,
    ).rows  # fmt: skip
    sample_id = next(r["id"] for r in some if r["sample"])
    app, _ = save_posting(store, sample_id)
    add_application(store, title="Elsewhere")
    assert remove_samples(store) == loaded.new
    assert store.count_postings() == 1  # only the pasted one
    assert store.integrity_check() == ["ok"]
    kept = {a.title: a for a in list_applications(store)}
    assert app.title in kept and kept[app.title].in_store is False
    assert remove_samples(store) == 0
    again = load_samples(store, workers=1)
    assert again.new == loaded.new and not again.skipped_files


def test_changed_samples_replace_the_old_ones_only_in_a_store_of_samples(store: Store) -> None:
    import hashlib

    loaded = load_samples(store, workers=1)
    assert refresh_samples(store) is None  # the shipped file is the one loaded
    # As if this otpath shipped other samples than the ones stored (a fixed currency):
    store.forget_ingested_file(hashlib.sha256(SAMPLE_POSTINGS.read_bytes()).hexdigest())
    again = refresh_samples(store)
    assert again is not None and again.new == loaded.new
    assert store.count_postings() == store.count_postings(sample=True) == loaded.new
    assert refresh_samples(store) is None
    # A store with the user's own postings is never touched.
    store.forget_ingested_file(hashlib.sha256(SAMPLE_POSTINGS.read_bytes()).hexdigest())
    ingest_pasted(store, title="My own posting", text=TEXT)
    assert refresh_samples(store) is None
    assert store.count_postings() == loaded.new + 1
