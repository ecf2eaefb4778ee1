"""Query text: normalisation (bounded, idempotent), expansion from the reviewed vocabulary."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.errors import RulesError
from otpath.query import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    build_vocabulary,
    normalize_query,
    number_forms,
    understand,
)
from otpath.rules import search_rules, vocabulary
from otpath.rules.engine import compile_alternatives
from otpath.store import Store

# -- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("", ""),
        (None, ""),
        ("UR", "UR"),
        ("UR  ur Ur", "UR"),  # repeated terms fold (any case)
        ("utilization   review", "utilization review"),
        ('"Prior  Auth" prior auth', '"prior auth" prior auth'),  # a phrase is not its words
        ("ergonom*", "ergonom*"),
        ("er*", "er"),  # a prefix needs 3 letters
        ("OT or PT", "OT OR PT"),
        ("OT or or PT or", "OT OR PT"),
        ("or OT", "OT"),
        ("OT or OT", "OT"),
        ("* ( ) \"", ""),
        ('a"b', "a'b"),
        ("title:foo NEAR(", "title:foo NEAR("),
        ("\x00UR\x07", "UR"),
        ("ｔｉｔｌｅ", "title"),  # full-width letters read as letters
    ],
)
def test_normalize_query(text: str | None, canonical: str) -> None:
    assert normalize_query(text).text == canonical


def test_four_thousand_repeated_words_fold_into_one() -> None:
    parsed = normalize_query(" ".join(["a"] * 4000))
    assert parsed.text == "a"
    assert parsed.truncated and "first 2,000 characters" in parsed.notes()[0]


def test_term_count_is_capped_and_said() -> None:
    words = [f"w{i}" for i in range(40)]
    parsed = normalize_query(" ".join(words))
    assert len(parsed.clauses) == MAX_CLAUSES
    assert parsed.dropped == 40 - MAX_CLAUSES
    assert any(f"first {MAX_CLAUSES} terms" in n for n in parsed.notes())


def test_normalising_is_linear_in_the_text() -> None:
    # the hostile query of issue 12: a long text of repeated (or distinct) words
    start = time.perf_counter()
    for _ in range(20):
        normalize_query(" ".join(f"w{i % 977}" for i in range(20_000)))
    assert time.perf_counter() - start < 2.0


_words = st.sampled_from(["UR", "ur", "OT", "or", "OR", "care", '"', "*", "ergonom*", "a",
                          "prior", "auth", "\x00", "ｔｉｔｌｅ", "c.o.t.a", "-", "jobs"])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_words, max_size=30).map(" ".join)))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_query(text)
    twice = normalize_query(once.text)
    assert twice.text == once.text
    assert twice.clauses == once.clauses
    assert len(once.clauses) <= MAX_CLAUSES
    assert len(once.text) <= MAX_QUERY_CHARS + 4 * MAX_CLAUSES


# -- expansion -----------------------------------------------------------------------------


def _searched(text: str, **kw) -> dict[str, list[str]]:
    u = understand(normalize_query(text), **kw)
    return {e.typed: e.also for e in u.expansions}


def _fts(text: str, **kw) -> str:
    fts = understand(normalize_query(text), **kw).fts()
    return fts.expr() if fts else ""


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        ("UR", ["utilization review", "utilization management"]),
        ("UM", ["utilization review"]),
        ("utilisation review", ["utilization management"]),
        ("PA", ["prior authorization", "pre-auth"]),
        ("prior auth", ["prior authorization"]),
        ("pre-cert", ["precertification"]),
        ("CM", ["case management", "Case Manager"]),
        ("CEAS", ["certified ergonomics assessment specialist"]),
        ("CHT", ["certified hand therapist"]),
        ("SNF", ["skilled nursing"]),
        ("IRF", ["inpatient rehab"]),
        ("OTA", ["COTA", "occupational therapy assistant"]),
        ("COTA", ["OTA"]),
        ("PT", ["physical therapist", "physiotherapist"]),
        ("physio", ["physiotherapist"]),
        ("SLP", ["speech and language therapist"]),
        ("SLP-CCC", ["SLP"]),
        ("DPT", ["physical therapist"]),
        ("speech and language therapist", ["SLP"]),
        ("Utilization Reviewer", ["Therapy Services Reviewer"]),
        ("paediatric", ["pediatric"]),
        ("moving and handling", ["manual handling"]),
    ],
)
def test_what_people_type_finds_what_postings_say(typed: str, finds: list[str]) -> None:
    also = _searched(typed).get(typed, [])
    for phrase in finds:
        assert phrase in also, also


@pytest.mark.parametrize(
    ("text", "in_expr", "not_in_expr"),
    [
        ("UR", ['"utilization review"', '"utilisation review"', '"ur"'], []),
        ("PA", ['"prior authorization"'], ['"pa"']),  # PA alone means Pennsylvania, too
        ("behaviour", ['"behavior"', '"behaviour"'], []),
        ("reviewers", ['"reviewer"', '"reviewers"'], []),
        ("care", ['"care"', '"cares"'], ['"career"', '"care"*']),
        ('"case manager"', ['("case manager")'], ['"case managers"']),  # exact
        ("ergonom*", ['"ergonom"*'], []),
        ("OT or PT", ['"occupational therapist"', '"physical therapist"'], []),
        ("LOT", ['("lot")'], ['"occupational therapist"']),  # left alone
        ("remote OT jobs", ['"remote"'], ['"jobs"']),  # a noise word is left out
        ("jobs", ['"jobs"'], []),  # ... unless nothing else is left
    ],
)
def test_expression(text: str, in_expr: list[str], not_in_expr: list[str]) -> None:
    expr = _fts(text)
    for part in in_expr:
        assert part in expr
    for part in not_in_expr:
        assert part not in expr


def test_literal_searches_the_words_alone() -> None:
    u = understand(normalize_query("UR prior auth jobs"), literal=True)
    assert u.expansions == () and u.literal
    assert u.fts().expr() == '("ur") AND ("prior") AND ("auth") AND ("jobs")'


def test_a_word_in_no_posting_is_searched_as_its_likely_misspelling() -> None:
    counts = {"utilization": 40, "review": 300, "utilizations": 0}

    def term_counts(terms: list[str]) -> dict[str, int]:
        return {t: counts[t] for t in terms if counts.get(t)}

    u = understand(normalize_query("utilzation review"), term_counts=term_counts)
    kinds = {e.kind: e for e in u.expansions}
    assert kinds["correction"].also == ["utilization"]
    expr = u.fts().expr()
    assert '"utilzation review"' in expr  # the typed word too
    assert '"utilization management"' in expr  # corrected, then expanded
    # a word postings use is never "corrected"
    counts["utilzation"] = 30
    assert all(e.kind != "correction" for e in
               understand(normalize_query("utilzation"), term_counts=term_counts).expansions)


def test_a_huge_word_is_not_corrected() -> None:
    asked: list[int] = []

    def term_counts(terms: list[str]) -> dict[str, int]:
        asked.append(len(terms))
        return {}

    start = time.perf_counter()
    understand(normalize_query("x" * 1999 + "y"), term_counts=term_counts)
    assert asked == [] and time.perf_counter() - start < 0.5


def test_expansion_is_bounded() -> None:
    text = " ".join(["UR", "OT", "PT", "SNF", "IRF", "CM", "PA", "SLP", "OTA", "PTA", "CEAS", "CHT"])
    u = understand(normalize_query(text))
    phrases = [p for clause in u.clauses for p in clause]
    assert len(u.clauses) == 12 and len(phrases) <= 192


@pytest.mark.parametrize(
    ("token", "forms"),
    [
        ("therapist", ("therapist", "therapists")),
        ("therapists", ("therapists", "therapist")),
        ("facility", ("facility", "facilities")),
        ("analysis", ("analysis",)),
        ("peds", ("peds",)),
        ("ur", ("ur",)),
        ("coach", ("coach", "coaches")),
    ],
)
def test_number_forms(token: str, forms: tuple[str, ...]) -> None:
    assert number_forms(token) == forms


# -- the data ------------------------------------------------------------------------------


def test_each_groups_phrases_are_what_its_vocabulary_entry_finds() -> None:
    """A group linked to a skill, certification or setting searches only wordings the
    extractor reads as that entry, so search and extraction agree."""
    vocab = vocabulary()
    wrong = []
    for gid, group in search_rules().groups.items():
        for kind, table in (("skill", vocab.skills), ("certification", vocab.certifications),
                            ("setting", vocab.settings)):  # fmt: skip
            name = getattr(group, kind)
            if name is None:
                continue
            rx = compile_alternatives(table[name].patterns)
            wrong += [f"{gid}: {p!r}" for p in group.phrases if not rx.search(p)]
    assert not wrong


def test_abbreviations_in_the_issue_are_in_the_data() -> None:
    v = build_vocabulary()
    for typed in ("UR", "UM", "PA", "pre-cert", "CM", "CEAS", "CHT", "SNF", "IRF", "OTA",
                  "COTA", "PT", "DPT", "SLP", "SLP-CCC"):  # fmt: skip
        assert v.lookup(tuple(re.findall(r"[a-z0-9]+", typed.lower()))), typed


def test_a_link_to_a_missing_entry_names_file_and_field(monkeypatch: pytest.MonkeyPatch) -> None:
    from otpath.rules import SearchGroup, SearchRules

    rules = search_rules()
    broken = SearchRules(
        **{**rules.model_dump(), "groups": {"x": SearchGroup(label="x", phrases=["x"],
                                                             skill="juggling")}}
    )
    monkeypatch.setattr("otpath.rules.search_rules", lambda: broken)
    with pytest.raises(RulesError, match=r"search.toml: groups.x.skill: no skill 'juggling'"):
        build_vocabulary()


def test_spellings_must_be_single_different_words() -> None:
    from otpath.rules import SearchRules

    with pytest.raises(ValueError, match="two or more different words"):
        SearchRules(spellings=[["colour", "colour"]])
    with pytest.raises(ValueError, match="one word of letters"):
        SearchRules(spellings=[["pre-auth", "preauth"]])


# -- against a store -----------------------------------------------------------------------


def test_term_counts_read_the_index(store: Store, make_posting, add_postings) -> None:
    add_postings(store, make_posting("Utilisation Reviewer", description="UR for OTs"),
                 make_posting("Care Coordinator", description="utilisation of care"))
    counts = store.term_counts(["utilisation", "care", "nowhere", "ur"])
    assert counts == {"utilisation": 2, "care": 1, "ur": 1}
