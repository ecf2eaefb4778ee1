"""'Jobs for me': verdicts, reasons, ranking and the SQL pre-filter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from otpath.match import JobVerdict, jobs_for_profile, posting_verdict
from otpath.profile.models import Profile
from otpath.search import SearchQuery, get_posting
from otpath.store import Store

COTA4 = {"credentials": ["COTA/L"], "years_experience": 4}


def prof(**kw) -> Profile:
    data = {**COTA4, **kw}
    return Profile(**data)


@pytest.mark.parametrize(
    ("posting", "profile", "verdict", "reasons"),
    [
        (
            {"credentials": ["OT", "COTA"], "years_min": 3, "years_max": 5, "remote": "remote"},
            {},
            "can_apply",
            ["accepts COTA", "asks 3-5 years, you have 4", "remote"],
        ),
        (
            {"credentials": ["PT", "OT"]},
            {},
            "cannot_apply",
            ["does not accept COTA (accepts PT, OT)"],
        ),
        (
            {"credentials": []},
            {},
            "can_apply",
            ["no credential stated: check the posting"],
        ),
        (
            {"credentials": ["COTA"], "years_min": 5},
            {},
            "stretch",
            ["accepts COTA", "asks 5+ years, you have 4: 1 year short"],
        ),
        (
            {"credentials": ["COTA"], "years_min": 8},
            {},
            "cannot_apply",
            ["accepts COTA", "asks 8+ years, you have 4: 4 years short"],
        ),
        (
            {"credentials": ["COTA"], "certifications_required": ["CCM"]},
            {},
            "stretch",
            ["accepts COTA", "requires CCM: you do not have it"],
        ),
        (
            {"credentials": ["COTA"], "certifications_required": ["CCM"]},
            {"certifications": ["Certified Case Manager (CCM)"]},
            "can_apply",
            ["accepts COTA", "requires CCM: you have it"],
        ),
        (
            {"credentials": ["OT"], "years_min": 10, "certifications_required": ["CCM"]},
            {},
            "cannot_apply",
            ["does not accept COTA (accepts OT)", "asks 10+ years, you have 4: 6 years short",
             "requires CCM: you do not have it"],
        ),
        (
            {"credentials": ["OT", "PT"]},
            {"credentials": ["COTA", "PT"]},
            "can_apply",
            ["accepts PT"],
        ),
        (
            {"credentials": ["SLP"]},
            {"credentials": ["COTA", "PTA"]},
            "cannot_apply",
            ["does not accept COTA or PTA (accepts SLP)"],
        ),
        (
            {"credentials": ["COTA"], "remote": "onsite"},
            {"preferences": {"remote": "required"}},
            "can_apply",
            ["accepts COTA", "on-site: you want remote work"],
        ),
        (
            {"credentials": ["COTA"], "remote": "hybrid"},
            {"preferences": {"remote": "required"}},
            "can_apply",
            ["accepts COTA", "hybrid: you want fully remote work"],
        ),
        (
            {"credentials": ["COTA"], "remote": "unknown"},
            {"preferences": {"remote": "preferred"}},
            "can_apply",
            ["accepts COTA", "remote or on-site not stated"],
        ),
        (
            # unknown is not a stated requirement; it is flagged against a must
            {"credentials": ["COTA"], "remote": "unknown"},
            {"preferences": {"remote": "required", "musts": ["remote"]}},
            "can_apply",
            ["accepts COTA", "remote or on-site not stated: check it against your must \u201cRemote only\u201d"],
        ),
        (
            {"credentials": ["COTA"], "commission": True, "remote": "unknown"},
            {"preferences": {"pay_model": "salary"}},
            "can_apply",
            ["accepts COTA", "pays commission: you prefer a salary", "pays commission"],
        ),
        (
            {"credentials": ["COTA"], "years_max": 2, "remote": "unknown"},
            {},
            "can_apply",
            ["accepts COTA", "asks up to 2 years, you have 4"],
        ),
        (
            {"credentials": ["COTA"], "pay_annual_min": 60000, "pay_annual_max": 70000,
             "remote": "unknown"},
            {},
            "can_apply",
            ["accepts COTA", "pays $60,000-$70,000 a year"],
        ),
    ],
)  # fmt: skip
def test_verdicts(
    make_posting, posting: dict, profile: dict, verdict: str, reasons: list[str]
) -> None:
    # no catalog role here: these cases pin the posting's own facts (see test_role_*)
    fields = {"remote": "unknown", "role": None, "family": "other", **posting}
    v = posting_verdict(make_posting(**fields), prof(**profile))
    assert v.verdict == verdict
    assert v.reasons == reasons
    assert 0 <= v.score <= 100


def test_scores_follow_the_verdict(make_posting) -> None:
    p = prof()
    good = posting_verdict(make_posting(credentials=["COTA"], years_min=2, remote="remote"), p)
    open_ = posting_verdict(make_posting(credentials=[], remote="remote"), p)
    short = posting_verdict(make_posting(credentials=["COTA"], years_min=6, remote="remote"), p)
    wrong = posting_verdict(make_posting(credentials=["PT"], remote="remote"), p)
    assert good.score > open_.score > short.score > wrong.score
    assert wrong.score <= 30 < short.score < 60 <= open_.score


@pytest.mark.parametrize(
    ("credentials", "degree", "verdict"),
    [(["PTA"], None, "stretch"), (["PTA"], "master", "can_apply"), (["OT"], None, "can_apply")],
)
def test_a_role_needing_a_master_s_is_a_stretch_below_one(
    make_posting, credentials: list[str], degree: str | None, verdict: str
) -> None:
    posting = make_posting("Vocational Rehabilitation Specialist", family="vocational_disability",
                           role="vocational_rehab_counselor", credentials=[], remote="onsite")  # fmt: skip
    v = posting_verdict(posting, Profile(credentials=credentials, years_experience=3, degree=degree))
    assert v.verdict == verdict, v.reasons
    said = [m for m in v.missing if "master's degree" in m]
    assert bool(said) is (verdict == "stretch"), v.missing
    if said:
        assert any("a PTA qualifies with an associate degree" in r for r in v.reasons)


@pytest.mark.parametrize(
    ("location", "country", "said"),
    [("Leeds LS9 7TF, UK", "GB", "about US employers; this advert is in the UK"), ("Boston, MA", "US", None)],
)
def test_a_source_s_limit_says_where_its_employers_are(make_posting, location, country, said) -> None:
    posting = make_posting("Discharge Coordinator", family="care_coordination", location=location,
                           role="transitional_care_coordinator", credentials=[], remote="onsite")  # fmt: skip
    v = posting_verdict(posting, Profile(credentials=["COTA"], years_experience=4, country=country))
    assert v.verdict == "stretch"
    limit = next(r for r in v.reasons if "limits Transitional Care Coordinator to others" in r)
    assert (said in limit) if said else "US employers" not in limit


def _band_8a_from_pay(make_posting):  # type: ignore[no-untyped-def]
    from otpath.postings.models import Requirements

    posting = make_posting("Therapy Deputy Manager", family="management", role="rehab_manager",
                           credentials=["OT"], location="Leeds, UK", remote="onsite")  # fmt: skip
    req = Requirements(credentials=["OT"], remote="onsite", nhs_band="8a",
                       sentences={"nhs_band:pay_scale": "£45,753-£51,668 a year is band 8a on the Agenda for Change pay scale 2020/21"})  # fmt: skip
    return posting.model_copy(update={"requirements": req})


def test_a_band_read_from_pay_is_judged_and_says_so(make_posting) -> None:
    v = posting_verdict(_band_8a_from_pay(make_posting), Profile(credentials=["OT"], years_experience=2, country="GB", nhs_band="5"))
    assert v.verdict == "stretch"
    assert "band 8a (from its pay): 3 bands above your band 5" in v.reasons


def test_a_stored_band_from_pay_is_said_in_the_ranking_too(store: Store, make_posting, add_postings) -> None:
    add_postings(store, _band_8a_from_pay(make_posting))
    me = Profile(credentials=["OT"], years_experience=2, country="GB", nhs_band="5")
    ranked = jobs_for_profile(store, me, today=date(2026, 11, 26))
    assert "band 8a (from its pay): 3 bands above your band 5" in ranked[0].reasons


def test_remote_preference_moves_the_score(make_posting) -> None:
    posting = make_posting(credentials=["COTA"], remote="onsite")
    want_remote = posting_verdict(posting, prof(preferences={"remote": "required"}))
    no_pref = posting_verdict(posting, prof())
    assert want_remote.score < no_pref.score


def test_clinical_postings_are_flagged(make_posting) -> None:  # noqa: D103
    v = posting_verdict(make_posting(credentials=["COTA"], family="clinical", role=None), prof())
    assert "clinical job (direct patient care)" in v.reasons


def test_verdict_of_a_stored_posting_matches_the_model(
    store: Store, make_posting, add_postings
) -> None:
    p = make_posting(credentials=["COTA"], years_min=3, certifications_required=["CCM"])
    add_postings(store, p)
    assert posting_verdict(get_posting(store, p.id), prof()) == posting_verdict(p, prof())


# -- jobs_for_profile -----------------------------------------------------------------

TODAY = date(2026, 11, 26)


@pytest.fixture
def jobs_store(store: Store, make_posting, add_postings) -> Store:
    d = lambda n: TODAY - timedelta(days=n)  # noqa: E731
    add_postings(
        store,
        make_posting("UR reviewer", id="ok-remote", credentials=["OT", "COTA"], years_min=2,
                     remote="remote", date_posted=d(1)),
        make_posting("Liaison", id="ok-onsite", credentials=["COTA"], remote="onsite",
                     family="liaison", role="rehab_liaison", date_posted=d(2)),
        make_posting("Recruiter", id="open", credentials=[], remote="remote",
                     family="recruiting", role="recruiter", date_posted=d(3)),
        make_posting("Case manager", id="stretch", credentials=["COTA", "RN"], years_min=5,
                     remote="remote", family="case_management", role="case_manager",
                     date_posted=d(4)),
        make_posting("PT reviewer", id="pt-only", credentials=["PT"], remote="remote",
                     date_posted=d(1)),
        make_posting("COTA - SNF", id="clinical", credentials=["COTA"], remote="onsite",
                     family="clinical", role=None, date_posted=d(0)),
    )  # fmt: skip
    return store


def _ids(vs: list[JobVerdict]) -> list[str]:
    return [v.posting_id for v in vs]


def test_jobs_for_profile_ranks_and_prefilters(jobs_store: Store) -> None:
    got = jobs_for_profile(jobs_store, prof(), today=TODAY)
    ids = _ids(got)
    assert "clinical" not in ids  # clinical family set aside in SQL
    assert "pt-only" not in ids  # does not accept COTA: not a candidate
    assert ids[-1] == "stretch"
    assert [v.verdict for v in got] == ["can_apply"] * 3 + ["stretch"]
    assert ids[0] == "ok-remote"
    assert got == sorted(got, key=lambda v: ({"can_apply": 0, "stretch": 1}[v.verdict], -v.score))


def test_jobs_for_profile_respects_required_remote(jobs_store: Store) -> None:
    got = jobs_for_profile(jobs_store, prof(preferences={"remote": "required"}), today=TODAY)
    assert "ok-onsite" not in _ids(got)


def test_jobs_for_profile_applies_the_query(jobs_store: Store) -> None:
    q = SearchQuery(q="liaison")
    assert _ids(jobs_for_profile(jobs_store, prof(), query=q, today=TODAY)) == ["ok-onsite"]
    q = SearchQuery(family="recruiting")
    assert _ids(jobs_for_profile(jobs_store, prof(), query=q, today=TODAY)) == ["open"]
    q = SearchQuery(posted_within="2d")
    assert set(_ids(jobs_for_profile(jobs_store, prof(), query=q, today=TODAY))) == {
        "ok-remote", "ok-onsite",
    }  # fmt: skip


def test_jobs_for_profile_limit_and_multiple_credentials(jobs_store: Store) -> None:
    assert len(jobs_for_profile(jobs_store, prof(), limit=2, today=TODAY)) == 2
    both = jobs_for_profile(jobs_store, prof(credentials=["COTA", "PT"]), today=TODAY)
    assert "pt-only" in _ids(both)
    assert len(set(_ids(both))) == len(both)  # a posting accepting both appears once


def test_a_ranking_says_when_more_postings_qualified_than_it_judged(jobs_store: Store) -> None:
    from otpath.match import rank_jobs

    # four postings qualify for a COTA (not the PT-only one, not the clinical one)
    assert rank_jobs(jobs_store, prof(), today=TODAY, candidates=3).capped
    whole = rank_jobs(jobs_store, prof(), today=TODAY, candidates=4)
    assert not whole.capped and len(whole) == 4


def test_jobs_for_profile_on_an_empty_store(store: Store) -> None:
    assert jobs_for_profile(store, prof()) == []


def test_jobs_query_matching_many_postings_walks_the_matches(
    jobs_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otpath.store import reads

    q = SearchQuery(q="authorization")  # in every posting
    profile = prof(credentials=["COTA", "OT"])
    few = _ids(jobs_for_profile(jobs_store, profile, query=q, today=TODAY))
    monkeypatch.setattr(reads, "_FEW_MATCHES", 1)  # every text now counts as common
    many = _ids(jobs_for_profile(jobs_store, profile, query=q, today=TODAY))
    assert many == few
    assert set(few) == {"ok-remote", "ok-onsite", "open", "stretch"}


def test_a_remote_must_ranks_unknown_remote_lower(make_posting) -> None:
    must = prof(preferences={"remote": "required", "musts": ["remote"]})
    wish = prof(preferences={"remote": "required"})
    unknown = make_posting(credentials=["COTA"], remote="unknown")
    known = posting_verdict(make_posting(credentials=["COTA"], remote="remote"), must)
    flagged, plain = posting_verdict(unknown, must), posting_verdict(unknown, wish)
    assert known.verdict == flagged.verdict == plain.verdict == "can_apply"
    # a posting that may break a must ranks after those known to keep it, and lower
    # than the same posting for someone who only wishes for remote work
    assert known.score > flagged.score < plain.score


@pytest.mark.parametrize(("remote", "breaks"), [("remote", False), ("unknown", True), ("hybrid", True)])
def test_a_posting_that_says_where_its_work_is_decides_the_remote_must(
    make_posting, remote: str, breaks: bool
) -> None:
    # Cross-market care coordination is usually hybrid (its catalog fact); a posting of it
    # that says "remote" keeps a remote-only must, and a must broken twice is missing once.
    p = prof(credentials=["OT"], preferences={"remote": "required", "musts": ["remote"]})
    v = posting_verdict(
        make_posting(credentials=["OT"], remote=remote, role="cross_market_care_coordinator",
                     family="care_coordination"),
        p,
    )  # fmt: skip
    must = "your must \u201cRemote only\u201d"
    assert (must in v.missing) is breaks
    assert v.missing.count(must) <= 1
    assert (v.verdict == "can_apply") is not breaks


def test_a_post_open_only_to_the_employers_staff_cannot_be_applied_for(
    make_posting, store: Store
) -> None:
    from otpath.postings.models import Requirements

    p = prof(credentials=["COTA"])
    open_post = make_posting(credentials=["COTA"], remote="remote")
    internal = open_post.model_copy(update={
        "id": "internal-1",
        "requirements": open_post.requirements.model_copy(update={"internal_only": True}),
    })  # fmt: skip
    assert isinstance(internal.requirements, Requirements)
    assert posting_verdict(open_post, p).verdict == "can_apply"
    v = posting_verdict(internal, p)
    assert v.verdict == "cannot_apply"
    assert v.reasons[0].startswith("open to") and "own staff only" in v.reasons[0]
    # the same verdict from the store's fast path, which reads only parts of the record
    store.insert_posting(internal, title_norm="internal", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "internal-1"] == ["cannot_apply"]


@pytest.mark.parametrize(
    ("mine", "verdict", "reason"),
    [
        ("6", "stretch", "band 8a: 2 bands above your band 6"),
        ("7", "can_apply", "band 8a: one band above your band 7"),
        ("8a", "can_apply", "band 8a: your band"),
        ("8b", "can_apply", "band 8a: below your band 8b"),
        (None, "can_apply", None),
    ],
)
def test_an_nhs_band_two_or_more_above_yours_is_a_stretch(
    make_posting, store: Store, mine: str | None, verdict: str, reason: str | None
) -> None:
    p = prof(credentials=["OT"], nhs_band=mine)
    lead = _ot_post(make_posting, "band-1", "Therapy Lead (Band 8a)", nhs_band="8a")
    v = posting_verdict(lead, p)
    assert v.verdict == verdict
    band_reasons = [r for r in v.reasons if r.startswith("band ")]
    assert band_reasons == ([reason] if reason else [])
    if verdict == "stretch":
        assert "experience at band 8a (you are band 6)" in v.missing
    # the store's fast path reads the band from the stored record too
    store.insert_posting(lead, title_norm="therapy lead", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "band-1"] == [verdict]


@pytest.mark.parametrize(
    ("country", "reason"),
    [
        ("GB", "band 8a: give your NHS band in your profile to compare it with yours"),
        ("US", "an NHS band 8a post"),
    ],
)
def test_an_advert_s_band_is_said_when_you_give_none(make_posting, country: str, reason: str) -> None:
    """With no band of yours there is nothing to compare, but a Band 8a post is still said to
    be one (and not held against you)."""
    lead = _ot_post(make_posting, "band-1", "Therapy Lead (Band 8a)", nhs_band="8a")
    lead = lead.model_copy(update={"location": "Leeds, United Kingdom" if country == "GB" else None})
    v = posting_verdict(lead, Profile(credentials=["OT"], years_experience=2, country=country))
    assert v.verdict == "can_apply", v.missing
    assert [r for r in v.reasons if "band" in r] == [reason]


@pytest.mark.parametrize(
    ("mine", "low", "high", "verdict"),
    [
        ("6", 60058, 68891, "stretch"),  # from band 8b's entry point: two bands up at least
        ("6", 45359, 51000, "can_apply"),  # under band 8a's entry: perhaps a London band 7
        ("7", 50000, 52000, "can_apply"),  # band 8a pay is one band above a band 7
        ("3", 60058, 68891, "can_apply"),  # low bands: a London supplement blurs them
        ("6", 52643, 58558, "can_apply"),  # in London: less a fifth, under band 8a's entry
    ],
)
def test_pay_from_a_band_two_above_yours_is_a_stretch_when_no_band_is_named(
    make_posting, store: Store, mine: str, low: int, high: int, verdict: str
) -> None:
    from datetime import date

    from otpath.postings.models import Pay

    post = _ot_post(make_posting, "paid-1", "Senior CHC Manager")
    london = low == 52643  # a London post, its pay with a supplement
    post = post.model_copy(update={
        "location": "London, United Kingdom" if london else "Leeds, United Kingdom", "date_posted": date(2020, 11, 2),
        "requirements": post.requirements.model_copy(update={"pay": Pay(
            min=low, max=high, interval="yearly", currency="GBP", annual_min=low, annual_max=high)}),
    })  # fmt: skip
    p = prof(credentials=["OT"], nhs_band=mine, country="GB")
    v = posting_verdict(post, p)
    assert v.verdict == verdict, v.reasons
    if verdict == "stretch":
        assert (
            "pays from £60,058 a year, at or above band 8b's entry point (£53,168) on the Agenda for"
            " Change pay scale 2020/21: check how senior it is (you are band 6)"
        ) in v.reasons
        assert "the seniority of a post paid like band 8b (you are band 6)" in v.missing
    store.insert_posting(post, title_norm="senior chc manager", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "paid-1"] == [verdict]


@pytest.mark.parametrize(
    ("profile", "location"),
    [
        ({"country": "US"}, "Boston, MA"),
        ({"country": "GB", "nhs_band": "6"}, "Boston, MA"),
        ({"country": "US"}, "Worcester, United Kingdom"),  # NHS bands mean nothing to a US person
    ],
)
def test_nhs_bands_are_said_only_of_uk_posts_to_uk_people(make_posting, profile: dict, location: str) -> None:
    post = _ot_post(make_posting, "dir-1", "Director of Rehabilitation", senior_title="Director")
    post = post.model_copy(update={"location": location})
    v = posting_verdict(post, prof(credentials=["OT"], **profile))
    assert not [r for r in v.reasons if "band" in r], v.reasons


def _ot_post(make_posting, posting_id: str, title: str, **requirements):
    """A remote OT posting with these requirements set."""
    post = make_posting(title, credentials=["OT"], remote="remote")
    return post.model_copy(
        update={"id": posting_id, "requirements": post.requirements.model_copy(update=requirements)}
    )


@pytest.mark.parametrize(
    ("mine", "verdict"),
    [("6", "stretch"), ("7", "can_apply"), ("8a", "can_apply"), (None, "can_apply")],
)
def test_experience_asked_at_a_band_above_yours_is_a_stretch(
    make_posting, store: Store, mine: str | None, verdict: str
) -> None:
    p = prof(credentials=["OT"], nhs_band=mine)
    lead = _ot_post(make_posting, "band-exp-1", "Children's OT Team Manager", band_experience="7")
    v = posting_verdict(lead, p)
    assert v.verdict == verdict
    if verdict == "stretch":
        assert "asks experience at band 7: you are band 6" in v.reasons
        assert "experience at band 7 (you are band 6)" in v.missing
    store.insert_posting(lead, title_norm="childrens ot team manager", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "band-exp-1"] == [verdict]


@pytest.mark.parametrize(
    ("mine", "band", "verdict"),
    [
        ("6", None, "stretch"),  # a head of service with no band: check it
        ("7", None, "stretch"),
        ("8a", None, "can_apply"),  # said, not held against you
        (None, None, "can_apply"),  # no band given: nothing to compare
        ("6", "7", "can_apply"),  # the advert names its band: that decides
    ],
)
def test_a_head_of_service_with_no_band_is_a_stretch_for_band_7_or_below(
    make_posting, store: Store, mine: str | None, band: str | None, verdict: str
) -> None:
    p = prof(credentials=["OT"], nhs_band=mine, country="GB")
    head = _ot_post(make_posting, "head-1", "Head of Continuing Healthcare", senior_title="Head of", nhs_band=band)
    head = head.model_copy(update={"location": "Leeds, United Kingdom"})  # an NHS post
    v = posting_verdict(head, p)
    assert v.verdict == verdict
    if verdict == "stretch":
        assert f"“Head of …” post, no band stated: check its band (you are band {mine})" in v.reasons
        assert f"the seniority of a “Head of …” post (you are band {mine})" in v.missing
    elif mine == "8a" or (mine is None and band is None):
        assert "“Head of …” post, no band stated: check its band" in v.reasons
    store.insert_posting(head, title_norm="head of continuing healthcare", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "head-1"] == [verdict]


def test_an_advert_whose_closing_date_has_passed_cannot_be_applied_for(make_posting, store: Store) -> None:
    from datetime import date

    p = prof(credentials=["COTA"])
    closed = make_posting("Utilization Review Coordinator", credentials=["COTA"], remote="remote")
    closed = closed.model_copy(update={"id": "closed-1", "valid_through": date(2020, 11, 20)})
    v = posting_verdict(closed, p)
    assert v.verdict == "cannot_apply"
    assert v.reasons[0] == "closed on 2020-11-20: the advert's closing date has passed"
    assert v.missing == ["an open advert (it closed on 2020-11-20)"]  # what stands in the way
    store.insert_posting(closed, title_norm="ur coordinator", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged if j.posting_id == "closed-1"] == ["cannot_apply"]
    # judged as on a day before it closed, it is open (its closing day included)
    for day in (date(2020, 11, 1), date(2020, 11, 20)):
        then = jobs_for_profile(store, p, query=SearchQuery(), limit=50, today=day)
        assert [j.verdict for j in then if j.posting_id == "closed-1"] == ["can_apply"]
    # every answer says when the advert closes, so a person can see what is urgent
    assert v.closes == date(2020, 11, 20)
    assert [j.closes for j in then if j.posting_id == "closed-1"] == [date(2020, 11, 20)]


@pytest.mark.parametrize(
    ("description", "verdict"),
    [
        ("Support people through the cancer pathway. You will hold a caseload of patients.", "stretch"),
        ("Track referrals through the cancer pathway by phone and email with the hospital teams.", "can_apply"),
    ],
)
def test_an_advert_that_shows_patient_contact_breaks_a_no_contact_must(
    store: Store, description: str, verdict: str
) -> None:
    # A posting with no catalog role says nothing about patient contact through its role;
    # its own words can (a care co-ordinator with a caseload was "can apply" for a COTA
    # whose must is no patient contact).
    from otpath.postings.models import RawPosting
    from otpath.postings.pipeline import process

    posting = process(RawPosting(title="Cancer Care Co-ordinator", description=description, source_id="pc-1"))
    assert posting.classification.role is None and posting.classification.family != "clinical"
    p = prof(credentials=["COTA"], preferences={"patient_interaction": "none", "musts": ["patient_interaction"]})
    shown = posting_verdict(posting, p)
    # ...and the same from the store's fast path, which reads only parts of the record
    store.insert_posting(posting, title_norm="cancer care co-ordinator", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [j.verdict for j in judged] == [shown.verdict] == [verdict]
    if verdict == "stretch":
        assert any("works with patients in person" in r and "caseload" in r for r in shown.reasons)


@pytest.mark.parametrize(
    ("location", "country", "abroad"),
    [
        ("Pune, Maharashtra", "US", "in India (Pune, Maharashtra): a job in another country;"
         " you work in the US (check your right to work there)"),
        ("Colombo, Sri Lanka", "US", "in Sri Lanka (Colombo, Sri Lanka): a job in another country;"
         " you work in the US (check your right to work there)"),
        ("Chennai, Tamil Nadu", "GB", "in India (Chennai, Tamil Nadu): a job in another country;"
         " you work in the UK (check your right to work there)"),
        ("Dublin, Ireland", "GB", "in Ireland (Dublin, Ireland): a job in another country;"
         " you work in the UK (check your right to work there)"),
        ("Indianapolis, IN", "US", None),
        ("Portland, ME", "US", None),
        ("Chester, CH", "GB", None),
        ("Douglas, Isle of Man", "US", "in Isle of Man (Douglas, Isle of Man): a job in another country;"
         " you work in the US (check your right to work there)"),
        ("Vancouver, WA", "US", None),
        ("Atlanta, Georgia", "US", None),
    ],
)  # fmt: skip
def test_a_job_abroad_is_a_stretch_named_by_its_country(
    make_posting, location: str, country: str, abroad: str | None
) -> None:
    """A US PTA was told "can apply" to a recruiting job at a hospital in India: a state
    of another country, or any country's name, now makes a job abroad."""
    posting = make_posting("Talent Acquisition Manager", location=location, credentials=[],
                           remote="onsite", role=None, family="other")  # fmt: skip
    v = posting_verdict(posting, Profile(credentials=["PTA"], country=country))
    if abroad is None:
        assert v.verdict == "can_apply"
        assert not any("another country" in r for r in v.reasons)
    else:
        assert v.verdict == "stretch"
        assert abroad in v.reasons
        assert f"a job in your country ({country})" in v.missing


@pytest.mark.parametrize("location", ["St Helier, JE", "St Peter Port, Guernsey", "Douglas, Isle of Man"])
def test_a_crown_dependency_is_named_not_abroad_for_the_uk(make_posting, location: str) -> None:
    """Guernsey, Jersey and the Isle of Man are not part of the UK, but are in its Common
    Travel Area and pay in pounds: for someone in the UK the place is said, not judged a job
    in another country, and the pay is compared as pounds."""
    posting = make_posting("Talent Acquisition Manager", location=location, credentials=[],
                           remote="onsite", role=None, family="other")  # fmt: skip
    v = posting_verdict(posting, Profile(credentials=["OT"], country="GB"))
    assert v.verdict == "can_apply"
    assert not any("another country" in r for r in v.reasons)
    assert any("Crown Dependency" in r and location in r for r in v.reasons)
    assert "a job in your country (GB)" not in v.missing


@pytest.mark.parametrize(
    ("sentence", "mine", "verdict", "said"),
    [
        # years of another kind of work: clinical years do not show it
        ("You will need 2 years of administrative experience in an office.", {}, "stretch",
         "asks 2+ years of administrative experience"),
        ("Applicants need at least 3 years' experience in a supervisory position.", {}, "stretch",
         "asks 3+ years of supervisory or management experience"),
        ("We ask for 2+ years of utilization review experience.", {}, "stretch",
         "asks 2+ years of utilization review or management experience"),
        # ...unless the person lists work of that kind: then their years are compared
        ("We ask for 2+ years of utilization review experience.",
         {"skills": ["utilization review"], "settings": ["managed_care"]}, "can_apply", "asks 2+ years, you have 4"),
        # only a wish: said, not a stretch
        ("You will bring 2 years of experience, with claims or appeals work a plus.", {}, "can_apply",
         "as a wish"),
        # clinical years are what it asks
        ("You will bring at least 2 years of experience as an occupational therapy assistant.", {}, "can_apply",
         "asks 2+ years, you have 4"),
    ],
)  # fmt: skip
def test_years_of_another_kind_of_work_are_not_met_by_clinical_years(
    store: Store, sentence: str, mine: dict, verdict: str, said: str
) -> None:
    # A therapist with 4 years was told "asks 2+ years, you have 4" for an advert asking
    # two years in an editorial role: her years are of clinical work.
    from otpath.postings.models import RawPosting
    from otpath.postings.pipeline import process

    posting = process(RawPosting(title="Care Co-ordinator", description=f"Office based. {sentence}", source_id="yk-1"))
    assert posting.requirements.years_min is not None
    p = prof(credentials=["COTA"], **mine)
    shown = posting_verdict(posting, p)
    assert shown.verdict == verdict, shown.reasons
    assert any(said in r for r in shown.reasons), shown.reasons
    # the store's fast path reads the years sentence too
    store.insert_posting(posting, title_norm="care co-ordinator", signature=None)
    judged = jobs_for_profile(store, p, query=SearchQuery(), limit=50)
    assert [(j.verdict, j.reasons) for j in judged] == [(shown.verdict, shown.reasons)]


def test_a_stretch_that_breaks_your_must_is_named_so_and_comes_after_other_stretches(
    store: Store, make_posting, add_postings
) -> None:
    # A US SLP with "remote only" as a must saw 41 stretches, most of them on-site or
    # hybrid jobs: not gaps she could close, but jobs she said she did not want.
    add_postings(
        store,
        make_posting("Hybrid coordinator", id="hybrid", credentials=["COTA"], remote="hybrid",
                     date_posted=TODAY),
        make_posting("Remote reviewer", id="short", credentials=["COTA"], years_min=5, remote="remote",
                     date_posted=TODAY - timedelta(days=9)),
        make_posting("Remote coordinator", id="fine", credentials=["COTA"], remote="remote",
                     date_posted=TODAY - timedelta(days=5)),
    )  # fmt: skip
    me = prof(preferences={"remote": "required", "musts": ["remote"]})
    got = jobs_for_profile(store, me, today=TODAY)
    assert [(v.posting_id, v.verdict, v.breaks_must) for v in got] == [
        ("fine", "can_apply", False),
        ("short", "stretch", False),  # a year short: a gap to close
        ("hybrid", "stretch", True),  # breaks the must, although newer and closer in score
    ]
    assert got[2].model_dump(mode="json")["breaks_must"] is True  # the API says so too
    one = posting_verdict(store_posting(store, "hybrid"), me)
    assert one.breaks_must and one.missing == ["your must \u201cRemote only\u201d"]


def store_posting(store: Store, id_: str):  # type: ignore[no-untyped-def]
    got = get_posting(store, id_)
    assert got is not None
    return got
