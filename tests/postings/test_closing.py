"""The closing date an advert states in its own words (extract.toml ``[closing_date]``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpath.postings.models import RawPosting
from otpath.postings.pipeline import prepare
from otpath.postings.pipeline.closing import closing_date, parse_day

CASES = [
    # (text, british, closing date or None)
    ("Reference: 42\nClosing Date: 08/20/2025\nShift: Day", False, date(2025, 8, 20)),
    ("Closing date: 3rd December 2020", True, date(2020, 12, 3)),
    ("Closing date is: 27/11/2020\n\nInterviews on: TBC", True, date(2020, 11, 27)),
    ("Closing date:\n14 March 2021", True, date(2021, 3, 14)),
    ("Application deadline: March 3, 2026.", False, date(2026, 3, 3)),
    ("This posting closes on 2026-02-01 at noon.", False, date(2026, 2, 1)),
    ("Applications close on Friday 5 February 2021.", True, date(2021, 2, 5)),
    # both readings possible: day first in a British advert, month first elsewhere
    ("Closing date: 04/05/2021", True, date(2021, 5, 4)),
    ("Closing date: 04/05/2021", False, date(2021, 4, 5)),
    # a range names the opening date first
    ("Open & closing dates\n01/10/2026 to 01/24/2026", False, date(2026, 1, 24)),
    # no date, or words that are not a closing date
    ("We may close the vacancy before the closing date.", True, None),
    ("Closing date: to be confirmed", True, None),
    ("You will meet tight deadlines every week.", False, None),
    ("Closing date:\n\nOther details\nStarts 01/06/2021", True, None),  # not the label's date
    ("Closing Date: 31/02/2021", True, None),  # no such day
]


@pytest.mark.parametrize(("text", "british", "expected"), CASES)
def test_closing_date(text: str, british: bool, expected: date | None) -> None:
    got = closing_date(text, british=british)
    assert (got[0] if got else None) == expected
    if got:
        assert got[1] and "\n" not in got[1]


def test_a_board_s_closing_date_wins_and_the_text_fills_a_gap() -> None:
    text = "Help our team. Closing date: 27/11/2020. HCPC registration essential."
    from_text = prepare(RawPosting(title="Recruitment Officer", description=text)).posting
    assert from_text.valid_through == date(2020, 11, 27)
    assert "27/11/2020" in from_text.requirements.sentences["closing_date"]
    board = prepare(RawPosting(title="Recruitment Officer", description=text, valid_through=date(2020, 12, 1)))
    assert board.posting.valid_through == date(2020, 12, 1)
    assert "closing_date" not in board.posting.requirements.sentences


@given(st.text(max_size=300), st.booleans())
def test_any_text_gives_real_dates_or_none(text: str, british: bool) -> None:
    for day, at in parse_day(text, british=british):
        assert isinstance(day, date) and 0 <= at < len(text)
    got = closing_date("Closing date: " + text, british=british)
    assert got is None or isinstance(got[0], date)


def test_the_posting_page_quotes_the_line_its_closing_date_came_from(tmp_path) -> None:
    from otpath.advert import requirement_rows
    from otpath.ingest import ingest_records
    from otpath.search import get_posting
    from otpath.store import Store

    raw = RawPosting(title="Recruitment Officer", description="Join us.\nClosing date: 27/11/2020\nHCPC registered.")
    with Store.open(tmp_path / "s.db") as store:
        ingest_records(store, [raw], workers=0)
        posting = get_posting(store, prepare(raw).posting.id)
        rows = {r.label: r for r in requirement_rows(posting, today=date(2020, 12, 1))}
    assert rows["Closing date"].value == "2020-11-27 (closed: the date has passed)"
    assert rows["Closing date"].sentence == "Closing date: 27/11/2020"
