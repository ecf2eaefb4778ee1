"""The fit engine against the real catalog: acceptance cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.catalog import default_catalog
from otpath.fit import WEIGHTS, profile_weights, rank_roles, score_role
from otpath.fit.engine import rank_key
from otpath.profile import MUST_KEYS, Profile
from otpath.profile.models import SETTINGS

CARE_COORDINATORS = [
    "skilled_inpatient_care_coordinator",
    "cross_market_care_coordinator",
    "transitional_care_coordinator",
    "home_health_care_coordinator",
]


def remote_cota() -> Profile:
    return Profile(
        credentials=["COTA"],
        years_experience=4,
        settings=["snf"],
        preferences={"remote": "required", "patient_interaction": "none"},
    )


def test_remote_cota_gets_utilization_review_first():
    results = rank_roles(remote_cota())
    eligible = [r for r in results if r.eligible]
    assert eligible[0].role == "utilization_review"


@pytest.mark.parametrize("role_id", ["pre_service_coordinator", *CARE_COORDINATORS])
def test_remote_cota_is_not_eligible_for_therapist_only_roles(role_id):
    by_id = {r.role: r for r in rank_roles(remote_cota())}
    result = by_id[role_id]
    assert result.eligible is False
    assert "COTA" in result.eligibility_reason
    assert "Not eligible" in result.eligibility_reason
    assert result.gaps[0].kind == "credential" and result.gaps[0].priority == "required"


def test_ineligible_roles_are_listed_last():
    results = rank_roles(remote_cota())
    flags = [r.eligible for r in results]
    assert flags == sorted(flags, reverse=True)
    assert not flags[-1]


def test_factors_add_up_to_the_score():
    for r in rank_roles(remote_cota()):
        assert abs(sum(f.points for f in r.factors) - r.score) <= 1
        assert {f.name for f in r.factors} == set(WEIGHTS)
        assert all(f.reason for f in r.factors)


def test_gap_plan_names_missing_years():
    p = Profile(credentials=["PT"], years_experience=1)
    ur = score_role(default_catalog().role("utilization_review"), p)
    texts = [g.text for g in ur.gaps]
    assert any("you have 1" in t for t in texts), texts


def test_ergonomics_gap_plan_recommends_a_certification():
    p = Profile(credentials=["COTA"])
    res = score_role(default_catalog().role("office_ergonomics"), p)
    certs = [g for g in res.gaps if g.kind == "certification"]
    assert certs and all(g.priority == "recommended" for g in certs)


def test_entrepreneur_sees_kids_gym_above_a_salaried_office_job():
    p = Profile(
        credentials=["COTA"],
        preferences={"entrepreneurship": True, "pay_model": "business", "patient_interaction": "high",
                     "remote": "avoid", "physical_demand": "medium"},
    )
    ranked = [r.role for r in rank_roles(p)]
    assert ranked.index("kids_gym_owner") < ranked.index("utilization_review")


# --- properties -------------------------------------------------------------

CODES = ["OT", "COTA", "PT", "PTA", "SLP"]
LEVEL = st.sampled_from(["none", "low", "medium", "high"])
preferences = st.fixed_dictionaries(
    {
        "remote": st.sampled_from(["required", "preferred", "no_preference", "avoid"]),
        "patient_interaction": LEVEL,
        "physical_demand": LEVEL,
        "pay_model": st.sampled_from(["salary", "commission_ok", "business"]),
        "schedule": st.sampled_from(["nine_to_five", "flexible"]),
        "extra_education": st.sampled_from(["none", "certificate_ok", "degree_ok"]),
        "entrepreneurship": st.booleans(),
        "musts": st.lists(st.sampled_from(MUST_KEYS), max_size=3, unique=True),
    }
)
SKILL_WORDS = ["ICD-10", "InterQual", "case management", "CMS", "documentation", "CEAS", "sales", "audits"]
profiles = st.builds(
    Profile,
    credentials=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
    years_experience=st.floats(min_value=0, max_value=40, allow_nan=False),
    settings=st.lists(st.sampled_from(list(SETTINGS)), max_size=4, unique=True),
    skills=st.lists(st.sampled_from(SKILL_WORDS), max_size=4, unique=True),
    certifications=st.lists(st.sampled_from(["CEAS", "CCM", "ATP", "CAPS"]), max_size=2, unique=True),
    preferences=preferences,
)


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_scores_stay_within_0_and_100(profile):
    for r in rank_roles(profile):
        assert 0 <= r.score <= 100
        assert all(0 <= f.score <= 1 for f in r.factors)


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_an_ineligible_role_never_outranks_an_eligible_one(profile):
    seen_ineligible = False
    for r in rank_roles(profile):
        if not r.eligible:
            seen_ineligible = True
        assert not (seen_ineligible and r.eligible)


def _skill_texts(role):
    return [s.text for s in role.preferred_skills] + [c.name for c in role.certifications]


@settings(max_examples=60, deadline=None)
@given(profiles, st.data())
def test_adding_a_preferred_skill_never_lowers_a_roles_score(profile, data):
    cat = default_catalog()
    role = data.draw(st.sampled_from(sorted(cat.roles.values(), key=lambda r: r.id)))
    skills = _skill_texts(role)
    if not skills:
        return
    extra = data.draw(st.sampled_from(skills))
    before = score_role(role, profile)
    after = score_role(role, profile.model_copy(update={"skills": [*profile.skills, extra]}))
    assert after.score >= before.score
    assert after.factors[-1].score >= before.factors[-1].score


@settings(max_examples=40, deadline=None)
@given(profiles, st.floats(min_value=0, max_value=20, allow_nan=False))
def test_more_experience_never_lowers_a_score(profile, more):
    older = profile.model_copy(update={"years_experience": profile.years_experience + more})
    before = {r.role: r.score for r in rank_roles(profile)}
    after = {r.role: r.score for r in rank_roles(older)}
    assert all(after[k] >= before[k] for k in before)


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_a_role_breaking_a_must_ranks_below_every_role_keeping_them(profile):
    results = rank_roles(profile)
    assert results == sorted(results, key=rank_key)
    for group in (
        [r for r in results if r.eligibility != "not_eligible"],
        [r for r in results if r.eligibility == "not_eligible"],
    ):
        seen_broken = False
        for r in group:
            seen_broken = seen_broken or bool(r.musts_broken)
            assert not (seen_broken and r.keeps_musts), r.role


@settings(max_examples=40, deadline=None)
@given(profiles)
def test_weights_add_up_and_are_the_factors_weights(profile):
    weights = profile_weights(profile)
    assert abs(sum(w.weight for w in weights) - 1) < 0.001
    result = score_role(default_catalog().role("recruiter"), profile)
    assert [f.weight for f in result.factors] == [w.weight for w in weights]
    assert abs(sum(f.points for f in result.factors) - result.score) <= 1


@pytest.mark.parametrize(
    ("role_id", "first_words"),
    [
        # a business you would own has no employer to accept a credential
        ("kids_gym_owner", "Check what its postings ask of a PTA before you invest"),
        ("academic_faculty", "Check that employers accept PTA before you apply"),
    ],
)
def test_an_unclear_credential_step_speaks_of_the_kind_of_path(role_id, first_words):
    res = score_role(default_catalog().role(role_id), Profile(credentials=["PTA"]))
    assert res.eligibility == "unclear"
    assert res.gaps[0].kind == "eligibility" and res.gaps[0].text.startswith(first_words)


def test_a_uk_person_is_told_otpath_has_no_uk_pay_figure() -> None:
    # Only US figures (a sourced USD range or a BLS median) or none at all: the note says
    # plainly that there is no UK figure, not "no sourced figure" or a currency code.
    from otpath.catalog import default_catalog
    from otpath.fit.pay import role_pay
    from otpath.profile import Profile

    uk = Profile(credentials=["PT"], country="GB", preferences={"pay_floor": 45000, "pay_floor_currency": "GBP"})
    catalog = default_catalog()
    for role in catalog.roles.values():
        note = role_pay(role, uk).note or ""
        if role.pay_currency != "GBP":
            assert "otpath has no sourced pay figure for this role in the UK" in note, (role.id, note)
            assert "GBP" not in note and "no sourced figure" not in note
    us = Profile(credentials=["PT"], preferences={"pay_floor": 45000})
    assert all("in the UK" not in (role_pay(r, us).note or "") for r in catalog.roles.values())


def test_the_no_local_pay_note_is_worded_once() -> None:
    # The person's note (/results, the plan) and each role's note say the same thing: they
    # come from one wording in otpath/fit/pay.py, so one cannot drift from the other.
    import ast
    import inspect

    from otpath.catalog import default_catalog
    from otpath.fit import pay
    from otpath.profile import Profile

    uk = Profile(credentials=["PT"], country="GB", preferences={"pay_floor": 45000, "pay_floor_currency": "GBP"})
    assert pay.no_local_pay(uk) == (
        "otpath has no sourced pay figure for the UK: the figures here are US pay in US dollars,"
        " which otpath does not convert."
    )
    assert pay.role_pay(default_catalog().role("academic_faculty"), uk).note == (
        "Pay: otpath has no sourced pay figure for this role in the UK; the figures shown are US"
        " pay in US dollars, which otpath does not convert or compare with your £45,000."
    )
    strings = [
        n.value
        for n in ast.walk(ast.parse(inspect.getsource(pay)))
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and not n.value.startswith(">>>")
    ]
    for words in ("no sourced pay figure", "US pay in US dollars"):
        written = [s for s in strings if words in s and "\n" not in s]  # docstrings aside
        assert len(written) == 1, (words, written)


@pytest.mark.parametrize(
    ("schedule", "role_schedule", "full"),
    [
        # "nights and weekends are fine" takes a 9-to-5 too: it is not a wish for shifts
        ("flexible", "nine_to_five", True),
        ("flexible", "varies", True),
        ("nine_to_five", "flexible", False),
    ],
)
def test_any_hours_take_a_9_to_5_role_in_full(schedule: str, role_schedule: str, full: bool) -> None:
    catalog = default_catalog()
    role = next(r for r in catalog.roles.values() if r.schedule == role_schedule)
    fit = score_role(role, Profile(credentials=["OT"], preferences={"schedule": schedule}))
    factor = next(f for f in fit.factors if f.name == "schedule")
    assert (factor.score == 1.0) is full, factor


@pytest.mark.parametrize(
    ("want", "role_has", "full"),
    [
        ("low", "none", True),  # little contact means at most a little: none keeps it
        ("low", "low", True),
        ("low", "medium", False),
        ("none", "low", False),
        ("medium", "none", False),  # someone who wants some contact loses it
        ("high", "medium", False),
    ],
)
def test_wanting_little_patient_contact_is_not_marked_down_for_none(want: str, role_has: str, full: bool) -> None:
    role = default_catalog().roles["utilization_review"].model_copy(update={"patient_interaction": role_has})
    fit = score_role(role, Profile(credentials=["PT"], preferences={"patient_interaction": want}))
    factor = next(f for f in fit.factors if f.name == "patient_interaction")
    assert (factor.score == 1.0) is full, factor
    assert factor.reason.startswith(f"Patient contact is {role_has}; you want {want}")


@pytest.mark.parametrize(
    ("credentials", "degree", "holds"),
    [
        (["PT"], "doctorate", True),  # a DPT: a master's-level role asks no further degree
        (["PTA"], "master", True),  # the profile's degree decides over the credential's
        (["PTA"], None, False),  # a PTA qualifies with an associate degree
    ],
)
def test_a_role_needing_a_degree_you_hold_asks_no_further_degree(
    credentials: list[str], degree: str | None, holds: bool
) -> None:
    # A PT with a doctorate was told Vocational Rehabilitation Counselor needs "a further
    # degree", lost its points and broke his must "No further degree".
    role = default_catalog().roles["vocational_rehab_counselor"]
    me = Profile(credentials=credentials, degree=degree,
                 preferences={"extra_education": "certificate_ok", "musts": ["extra_education"]})  # fmt: skip
    fit = score_role(role, me)
    factor = next(f for f in fit.factors if f.name == "extra_education")
    assert (factor.score == 1.0) is holds, factor
    assert any(m.key == "extra_education" for m in fit.musts_broken) is not holds
    if holds:
        assert factor.reason.startswith("Education: sources name a master's degree, and ")
