"""The employment and applicant cues are searched only around their anchor words
(``_cue_matches``): the matches must be exactly those of the whole-text search.

If a rule in extract.toml changes so that a match no longer holds its anchor with
only the lead characters before it, these tests say so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.pipeline import extract as E

# (cue, anchors, lead, starts): as the extract module passes them
CUES = [
    (E._BANK, ("bank",), E._words_lead, ("contract", "on", "this", "the")),
    (E._FIXED_TERM, ("fixed", "secondment", "maternity", "paternity", "parental", "sick"), None, None),
    (E._PART_TIME_HOURS, ("hour", "hr", "wte", "fte"), E._number_lead, None),
    (E._INTERNAL_TEXT, ("open", "internal"), E._words_lead, ("this", "the", "for")),
]

PIECES = [
    "contract type", ": ", " - ", "\u2013", "bank", "Bank", "BANK", " basis", "on a", "on an", "this is a",
    " post", " position", " is ", "the role", "this vacancy", "fixed-term", "fixed term", "Fixed Term",
    "secondment", " opportunities are also", "maternity", " leave", " cover", "sickness", "sick",
    "0.5", ".6", "22.5", "37.5", "15", "3", "1", " ", "  ", "\n", "\t", "hours", "Hours", "hrs", "hr",
    " per ", " a ", "/", " each ", "week", "wk", " wte", "FTE", "fte", "open", " only", " to ",
    "current", "existing", "internal", " staff", " employees", " applicants", " and", "for", "x", ".", ",",
    "İ", "ı", "ſ", "K", "e\u0301",
]


def _same(rx, anchors, lead, starts, text: str) -> None:
    want = [(m.start(), m.end()) for m in rx.finditer(text)]
    got = [(m.start(), m.end()) for m in E._cue_matches(rx, text, text.lower(), anchors, lead, starts)]
    assert got == want, text


@pytest.mark.parametrize(("rx", "anchors", "lead", "starts"), CUES)
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=30))
def test_same_matches_as_finditer(rx, anchors, lead, starts, pieces) -> None:
    _same(rx, anchors, lead, starts, "".join(pieces))


@pytest.mark.parametrize(
    "text",
    [
        "This post is offered on a bank basis. Contract type: Bank",
        "Fixed term for 12 months (maternity leave cover); secondment opportunities are also available.",
        "Hours: 22.5 hours per week, 0.6 WTE, 3\n hours a week or 37.5 hrs/wk",
        "This vacancy is only open to current Trust staff. Also for internal applicants only.",
        "This post is open to existing  NHS staff and bank staff",
    ],
)
def test_same_matches_on_adverts(text: str) -> None:
    for cue in CUES:
        _same(*cue, text)


BAND_PIECES = [
    "Band", "band", "BAND", "bAnd", " ", "\n", "\t", "6", "7", "8a", "8 b", "8", "10", " - ", " \u2013 ", ": ",
    "|", "(", ")", ",", "*", "#", "Moving and Handling", "Adviser", "Lead the team", ".", "x", "İ",
]


@pytest.mark.parametrize("rx", [E._BAND_HEADING, E._BAND_HEADING_END])
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(BAND_PIECES), max_size=30))
def test_band_lines_same_as_finditer(rx, pieces) -> None:
    text = "".join(pieces)
    want = [(m.start(), m.end()) for m in rx.finditer(text)]
    assert [(m.start(), m.end()) for m in E._band_lines(rx, text, text.lower())] == want, text
