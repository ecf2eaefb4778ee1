"""The Hyperscan prefilter of the rules engine never changes an answer.

A prefilter may name an alternative that then does not match (``re`` decides),
but it must never leave out one that matches: that would lose a setting, a
skill or a remote cue. Checked alternative by alternative on our own postings
and on texts made of the rules' own words, and end to end on the golden corpus.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.pipeline import clear_caches
from otpath.postings.pipeline import extract as E
from otpath.rules import engine
from tests.golden.corpus import corpus

pytest.importorskip("hyperscan", reason="the prefilter needs hyperscan (not installed on this machine)")

TABLES = [
    value
    for value in vars(E).values()
    if isinstance(value, engine.Patterns | engine.Table)
]


def _index(obj: engine.Patterns | engine.Table) -> engine._Index:
    return obj._index


def _misses(text: str) -> list[str]:
    """Alternatives that match ``text`` (by ``re``) but that the prefilter left out."""
    doc = engine.Text(text)
    out = []
    for obj in TABLES:
        index = _index(obj)
        candidates = index.candidates(doc)
        if candidates is None:
            continue  # this text runs every alternative
        for pos, alt in enumerate(index.alts):
            target, regex, _ = alt._target(doc)
            if regex.search(target) and pos not in candidates:
                out.append(alt.regex.pattern)
    return out


SETS = [E._CRED_SET, E._MENTION_SET] + [value._set for value in vars(E).values() if isinstance(value, engine.Cue)]


def _set_misses(text: str) -> list[str]:
    """Regexes of the sentence-level sets that match ``text`` but were left out."""
    out = []
    for rset in SETS:
        candidates = rset.candidates(text)
        if candidates is None:
            continue
        for pos, (pattern, flags) in enumerate(rset.entries):
            if re.search(pattern, text, max(flags, 0)) and pos not in candidates:
                out.append(pattern[:60])
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = []
    for _key, raw in corpus():
        out += [raw.description, raw.title, f"{raw.title}\n{raw.description}", f"{raw.title}\n{raw.location or ''}"]
    return out


def test_no_alternative_is_missed_on_our_postings(texts: list[str]) -> None:
    engine.use_prefilter(True)
    misses = {(pattern, text[:60]) for text in texts for pattern in _misses(text)}
    assert not misses, sorted(misses)[:10]


def test_no_credential_regex_is_missed_on_our_sentences(texts: list[str]) -> None:
    engine.use_prefilter(True)
    sentences = {s.text for text in texts for s in E.split_sentences(text)}
    misses = {(pattern, text[:60]) for text in sentences for pattern in _set_misses(text)}
    assert not misses, sorted(misses)[:10]


def _each_misses(sentences: list[str]) -> list[tuple[str, str]]:
    """(regex, sentence) where the regex matches the sentence but one scan of them all left it out."""
    out = []
    for rset in SETS:
        found = rset.candidates_each(sentences)
        if found is None:
            continue
        assert len(found) == len(sentences)
        for text, candidates in zip(sentences, found, strict=True):
            assert candidates == sorted(set(candidates))
            for pos, (pattern, flags) in enumerate(rset.entries):
                if re.search(pattern, text, max(flags, 0)) and pos not in candidates:
                    out.append((pattern[:60], text[:60]))
    return out


def test_no_credential_regex_is_missed_by_one_scan_of_all_sentences(texts: list[str]) -> None:
    engine.use_prefilter(True)
    misses = set()
    for text in texts:
        sentences = [E._credential_text(s.text) for s in E.split_sentences(text)]
        misses.update(_each_misses(sentences))
    assert not misses, sorted(misses)[:10]


@pytest.mark.parametrize(
    ("sentences", "want"),
    [
        (["Registered Nurse wanted.", "No credential here", "HCPC registered OT"], [True, False, True]),
        (["", "nurse"], [False, True]),  # an empty text, and a match at the very end
        (["Speech and Language Therapist", "Caf\u00e9 \u2013 staff"], [True, False]),  # bytes are not characters
        (["nursing"], [True]),
    ],
)
def test_one_scan_names_the_sentence_a_match_is_in(sentences: list[str], want: list[bool]) -> None:
    engine.use_prefilter(True)
    found = E._MENTION_SET.candidates_each(sentences)
    assert [bool(f) for f in found] == want


def test_one_scan_cannot_tell_with_a_line_break_or_without_the_prefilter() -> None:
    assert E._MENTION_SET.candidates_each(["a\nb"]) is None
    assert E._MENTION_SET.candidates_each([]) == []
    try:
        engine.use_prefilter(False)
        assert E._MENTION_SET.candidates_each(["Registered Nurse"]) is None
    finally:
        engine.use_prefilter(True)


def test_entries_anchored_to_the_whole_text_are_always_candidates_of_one_scan() -> None:
    engine.use_prefilter(True)
    rset = engine.RegexSet([(r"\Anurse", True), (r"^nurse", True), (r"nurse$", False)])
    assert rset.candidates_each(["a nurse", "nurse b"]) == [[0, 2], [0, 1]]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(["\x1c", "\u0130x", "ok \u2013 \u00e9", "a\ud800b"]))
def test_prefilter_bytes_refuses_what_unsafe_names(text: str) -> None:
    engine.use_prefilter(True)
    want = None if engine._UNSAFE.search(text) else text.encode()
    assert engine.prefilter_bytes(text) == want


CUES = [value for value in vars(E).values() if isinstance(value, engine.Cue)]


def _cue_differences(text: str) -> list[str]:
    """Cues whose matches (by alternatives the prefilter names) differ from their whole regex's."""
    out = []
    for cue in CUES:
        want = [m.span() for m in cue.regex.finditer(text)]
        if [m.span() for m in cue.finditer(text)] != want:
            out.append(f"finditer {cue.pattern[:40]}")
        got = cue.search(text)
        if (got.span() if got else None) != (want[0] if want else None):
            out.append(f"search {cue.pattern[:40]}")
    return out


def test_money_cue_finds_a_money_mark_where_the_regex_does(texts: list[str]) -> None:
    engine.use_prefilter(True)
    samples = [*texts, "Pay: 35 GBP a year", "\u00a330,000", "eurozone", "Salary in EUR.", "nzd", "\u20ac5", "no pay"]
    assert [bool(E._MONEY_CUE.search(t)) for t in samples] == [bool(E._MONEY_MARK.search(t)) for t in samples]


def test_cues_split_into_alternatives() -> None:
    assert CUES and all(cue._alts for cue in CUES)


def test_cue_matches_are_the_whole_regexs_on_our_sentences(texts: list[str]) -> None:
    engine.use_prefilter(True)
    sentences = {s.text for text in texts for s in E.split_sentences(text)}
    bad = {(d, text[:60]) for text in sentences for d in _cue_differences(text)}
    assert not bad, sorted(bad)[:10]


@pytest.mark.parametrize(
    ("alts", "text"),
    [
        (["ot", r"\bot\s+practice", "MUST"], "OT practice: an OT MUST, ot"),
        (["a", "ab", "abc"], "abcab"),  # the first alternative in order wins at a place
        (["abc", "ab", "a"], "abcab"),
        (["b", r"x?"], "abxb"),  # an empty match: the whole regex goes on from there
        ([r"(a)\1", "b"], "aab"),  # a back reference: no split
        ([r"(?<=x)y", r"\bz"], "xy yz z"),
    ],
)
def test_cue_of_alternatives_matches_as_the_whole_regex(alts: list[str], text: str) -> None:
    engine.use_prefilter(True)
    cue = engine.Cue.of(alts)
    assert [m.span() for m in cue.finditer(text)] == [m.span() for m in cue.regex.finditer(text)]
    got, want = cue.search(text), cue.regex.search(text)
    assert (got and got.span()) == (want and want.span())


# The rules' own words and the characters Python and Hyperscan might read differently
# (a no-break space, curly quotes, dashes, a dotted capital I, digits).
_WORDS = sorted(
    {w for obj in TABLES for alt in _index(obj).alts for w in re.findall(r"[A-Za-z]{2,}", alt.regex.pattern)}
    | {w for rset in SETS for pattern, _ in rset.entries for w in re.findall(r"[A-Za-z]{2,}", pattern)}
    | {w for cue in CUES for w in re.findall(r"[A-Za-z]{2,}", cue.pattern)}
)
_ODD = [" ", "\u00a0", "\u2019", "'", "-", "\u2013", "/", "(", ")", ":", "\n", "%", "100%", "3", "\u0130", "\u00e9", "$"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.sampled_from(_ODD), min_size=1, max_size=40))
def test_no_alternative_is_missed_on_rule_words(parts: list[str]) -> None:
    engine.use_prefilter(True)
    for sep in (" ", ""):
        text = sep.join(parts)
        assert not _misses(text), text
        assert not _set_misses(text), text
    # The same words cut into sentences at the line breaks, read by one scan of them all.
    assert not _each_misses(" ".join(parts).split("\n"))
    assert not _cue_differences(" ".join(parts))


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Occupational Therapist", "Remote.\u00a0Must hold HCPC registration; 2 years in outpatient care."),
        ("RN \u2013 Case Manager", "Hybrid: 2 days in office. Nights and weekends required. \u0130stanbul."),
        ("Utilization Review Nurse", "Work from home (TX). InterQual/MCG. $40\u2013$45/hour plus bonus."),
    ],
)
def test_extract_same_with_and_without_prefilter(title: str, text: str) -> None:
    try:
        engine.use_prefilter(False)
        clear_caches()  # (titles' and sentences' answers are remembered)
        without = E.extract_requirements(title, text)
        assert engine.use_prefilter(True)
        clear_caches()
        with_it = E.extract_requirements(title, text)
    finally:
        engine.use_prefilter(True)
    assert with_it == without


def test_golden_corpus_same_without_prefilter() -> None:
    # The path taken where hyperscan is not installed gives the pinned answers too.
    from tests.golden.corpus import build

    try:
        engine.use_prefilter(False)
        clear_caches()
        without = build()
    finally:
        engine.use_prefilter(True)
    clear_caches()
    assert build() == without


# -- the compiled databases kept on disk -------------------------------------------------

_CACHE_TEXTS = ["Registered Nurse, NMC", "an rn", "Occupational therapist (HCPC)", "no credential here", ""]


def _fresh_sets() -> list[engine.RegexSet]:
    """New sets with the entries of the pipeline's own (nothing compiled or loaded yet)."""
    return [engine.RegexSet([(pattern, bool(flags & re.I)) for pattern, flags in rset.entries]) for rset in SETS]


@pytest.fixture
def cache_dir(tmp_path):
    before = engine.compiled_cache_dir()
    engine.compiled_cache_dir(tmp_path)
    yield tmp_path
    engine.compiled_cache_dir(before)


def test_compiled_database_is_kept_and_loaded_with_the_same_answers(cache_dir) -> None:
    engine.use_prefilter(True)
    built = _fresh_sets()
    answers = [[rset.candidates(t) for t in _CACHE_TEXTS] for rset in built]
    files = sorted(cache_dir.glob("*.hsdb"))
    assert len(files) == len(SETS)
    stamps = [(f.stat().st_ino, f.read_bytes()) for f in files]
    loaded = _fresh_sets()
    assert [[rset.candidates(t) for t in _CACHE_TEXTS] for rset in loaded] == answers
    # read, not rewritten (a rewrite replaces the file: a new inode)
    assert [(f.stat().st_ino, f.read_bytes()) for f in sorted(cache_dir.glob("*.hsdb"))] == stamps
    assert not list(cache_dir.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "folder"])
def test_damaged_cache_file_is_compiled_again(cache_dir, damage: str) -> None:
    engine.use_prefilter(True)
    want = [[rset.candidates(t) for t in _CACHE_TEXTS] for rset in _fresh_sets()]
    for f in cache_dir.glob("*.hsdb"):
        data = f.read_bytes()
        if damage == "truncate":
            f.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            f.write_bytes(data[:-10] + bytes(b ^ 0xFF for b in data[-10:]))
        elif damage == "empty":
            f.write_bytes(b"")
        else:  # the cache path is not a file at all
            f.unlink()
            f.mkdir()
    assert [[rset.candidates(t) for t in _CACHE_TEXTS] for rset in _fresh_sets()] == want


def _compile_or_load() -> None:
    for rset in _fresh_sets():
        rset.candidates(_CACHE_TEXTS[0])  # compiled (or loaded) on first use


def test_databases_nobody_used_for_a_month_are_removed(cache_dir) -> None:
    engine.use_prefilter(True)
    _compile_or_load()
    kept = sorted(cache_dir.glob("*.hsdb"))
    stale = cache_dir / ("0" * 40 + ".hsdb")  # an older rule version's database
    stale.write_bytes(b"old")
    month_ago = time.time() - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    for f in kept:  # used a month ago too, but loaded again below: kept
        os.utime(f, (month_ago, month_ago))
    _compile_or_load()  # loads every kept one (which marks it used)...
    for f in kept:
        f.unlink()
    _compile_or_load()  # ...and compiles and saves again, which prunes
    assert not stale.exists()
    assert sorted(cache_dir.glob("*.hsdb")) == kept


def test_no_cache_folder_compiles_each_time(tmp_path) -> None:
    before = engine.compiled_cache_dir()
    try:
        assert engine.compiled_cache_dir(None) is None
        rset = _fresh_sets()[0]
        assert rset.candidates("Registered Nurse, NMC") is not None
    finally:
        engine.compiled_cache_dir(before)
    assert not list(tmp_path.iterdir())


# -- phrases found by one Hyperscan scan ------------------------------------------------


def _phrase_matchers() -> list[engine.PhraseMatcher]:
    from otpath.postings.pipeline.classify import default_classifier

    clf = default_classifier()
    return [clf._title, clf._body, clf._company]


_PHRASE_WORDS = sorted({w.decode() for m in _phrase_matchers() for w in m.vocab})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_WORDS) | st.sampled_from([",", "-", "\n", "  ", "x"]), max_size=60))
def test_phrase_hits_are_the_same_with_one_scan_and_with_a_search_each(parts: list[str]) -> None:
    data = engine.words(" ".join(parts))
    try:
        engine.use_prefilter(False)
        without = [m.hits(data) for m in _phrase_matchers()]
        assert engine.use_prefilter(True)
        with_it = [m.hits(data) for m in _phrase_matchers()]
    finally:
        engine.use_prefilter(True)
    assert with_it == without  # the same rules, in the same order


def test_phrase_added_later_is_found_by_the_scan() -> None:
    engine.use_prefilter(True)
    m = engine.PhraseMatcher([("a", 1, "prior authorization")])
    assert [t for t, _, _ in m.hits(engine.words("Prior authorization nurse"))] == ["a"]
    m.add("b", 2, "utilization review")
    assert [t for t, _, _ in m.hits(engine.words("utilization review and prior authorization"))] == ["a", "b"]


def test_phrase_database_is_kept_and_loaded_with_the_same_hits(cache_dir) -> None:
    engine.use_prefilter(True)
    rules = [("a", 1, "prior authorization"), ("b", 2, "utilization review"), ("c", 1, "case management")]
    text = engine.words("Utilization review and case management; prior authorization")
    built = engine.PhraseMatcher(rules).hits(text)
    files = sorted(cache_dir.glob("*.hsdb"))
    assert len(files) == 1
    stamp = (files[0].stat().st_ino, files[0].read_bytes())
    assert engine.PhraseMatcher(rules).hits(text) == built == [
        ("a", 1.0, "prior authorization"), ("c", 1.0, "case management"), ("b", 2.0, "utilization review"),
    ]  # fmt: skip  (in the order of their anchor words: authorization, management, utilization)
    assert (files[0].stat().st_ino, files[0].read_bytes()) == stamp  # loaded, not written again
    # Other phrases are another database, never the kept one's answers.
    other = engine.PhraseMatcher([("a", 1, "prior authorization"), ("b", 2, "utilization management")])
    assert [t for t, _, _ in other.hits(text)] == ["a"]
    assert len(list(cache_dir.glob("*.hsdb"))) == 2
