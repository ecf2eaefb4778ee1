"""Advice a person can trust (issue 9): musts, eligibility states, spread, plans, copy.

The two people of the issue: a COTA with 4 years in SNF who wants remote work and no
patient contact, and an OT with 10 years of outpatient hand therapy who wants her own
business. Every defect they met has a case here.
"""

from __future__ import annotations

import re

import pytest

from otpath.catalog import default_catalog
from otpath.fit import PostingEvidence, profile_weights, rank_roles, score_role
from otpath.profile import MUST_KEYS, Profile

CATALOG = default_catalog()


def snf_cota(musts: tuple[str, ...] = ("remote", "patient_interaction")) -> Profile:
    return Profile(
        credentials=["COTA"],
        years_experience=4,
        settings=["snf"],
        preferences={"remote": "required", "patient_interaction": "none", "musts": list(musts)},
    )


def hand_ot(musts: tuple[str, ...] = ("entrepreneurship",)) -> Profile:
    return Profile(
        credentials=["OT"],
        years_experience=10,
        settings=["outpatient", "hand_therapy"],
        preferences={"patient_interaction": "low", "pay_model": "business",
                     "entrepreneurship": True, "musts": list(musts)},
    )  # fmt: skip


def by_id(results):  # type: ignore[no-untyped-def]
    return {r.role: r for r in results}


# -- 1. dealbreakers ----------------------------------------------------------------------


def test_telehealth_is_not_in_the_no_patient_contact_cota_s_top_five() -> None:
    ranked = rank_roles(snf_cota())
    top = [r.role for r in ranked[:5]]
    assert "telehealth_therapist" not in top
    assert all(r.keeps_musts for r in ranked[:5])
    tele = by_id(ranked)["telehealth_therapist"]
    assert [m.label for m in tele.musts_broken] == ["No patient contact"]
    assert tele.reasons[0].startswith("Breaks your must \u201cNo patient contact\u201d")


def test_the_business_owner_s_first_role_is_a_business() -> None:
    for musts in [(), ("entrepreneurship",)]:
        first = rank_roles(hand_ot(musts))[0]
        assert CATALOG.role(first.role).is_business, (musts, first.role)
        assert "this role is a job, not a business" not in " ".join(first.reasons)
    dme = by_id(rank_roles(hand_ot()))["dme_sales"]
    assert [m.label for m in dme.musts_broken] == ["My own business"]


@pytest.mark.parametrize("key", MUST_KEYS)
def test_every_quiz_preference_can_be_a_must(key: str) -> None:
    answers = {
        "remote": "required", "patient_interaction": "none", "physical_demand": "none",
        "pay_model": "salary", "schedule": "nine_to_five", "extra_education": "none",
        "entrepreneurship": True,
    }  # fmt: skip
    p = Profile(credentials=["OT"], preferences={**answers, "musts": [key]})
    broken = [r for r in rank_roles(p) if any(m.key == key for m in r.musts_broken)]
    assert broken, f"no role breaks the must {key!r}"
    weights = {w.name: w for w in profile_weights(p)}
    assert any(w.must for w in weights.values())


def test_weights_follow_the_answers() -> None:
    no_pref = {w.name: w for w in profile_weights(Profile(credentials=["OT"]))}
    assert no_pref["work_arrangement"].weight == 0  # "no preference" tells roles apart not at all
    musts = {w.name: w for w in profile_weights(snf_cota())}
    plain = {w.name: w for w in profile_weights(snf_cota(musts=()))}
    assert musts["patient_interaction"].must and "must" in musts["patient_interaction"].why
    # base weights: patient contact 2, skills 1; a must doubles, a firm answer ("none") x1.5
    ratio = musts["patient_interaction"].weight / musts["skills"].weight
    assert ratio == pytest.approx(4, rel=1e-2)
    ratio = plain["patient_interaction"].weight / plain["skills"].weight
    assert ratio == pytest.approx(3, rel=1e-2) and "firm answer" in plain["patient_interaction"].why
    middle = {w.name: w for w in profile_weights(Profile(credentials=["OT"], preferences={"patient_interaction": "low"}))}
    assert middle["patient_interaction"].why == "base weight"


@pytest.mark.parametrize("profile", [snf_cota(), hand_ot(), snf_cota(()), hand_ot(())],
                         ids=["cota", "ot", "cota-no-musts", "ot-no-musts"])
def test_scores_spread_so_the_order_means_something(profile: Profile) -> None:
    """Before: the OT's 28 eligible roles sat between 76 and 91."""
    scores = [r.score for r in rank_roles(profile) if r.eligible]
    assert max(scores) - min(scores) >= 25
    near_top = [s for s in scores if s >= max(scores) - 10]
    assert len(near_top) <= len(scores) // 3


# -- 2. eligibility says what is known ---------------------------------------------------


@pytest.mark.parametrize(
    ("role", "credential", "state"),
    [
        ("utilization_review", "COTA", "eligible"),
        ("pre_service_coordinator", "COTA", "not_eligible"),
        ("pre_service_coordinator", "SLP", "not_eligible"),
        ("pre_service_coordinator", "OT", "eligible"),
        ("skilled_inpatient_care_coordinator", "PTA", "not_eligible"),
        ("compliance_auditor", "OT", "likely"),
        ("compliance_auditor", "SLP", "likely"),
        ("compliance_auditor", "COTA", "unclear"),
        ("ux_researcher", "COTA", "likely"),
        ("ceu_course_creator", "COTA", "likely"),
        ("ceu_course_creator", "PT", "unclear"),
        ("office_ergonomics", "PTA", "likely"),
        ("disability_claims_consultant", "OT", "likely"),
        ("clinical_informatics", "COTA", "likely"),
        ("rehab_manager", "COTA", "not_eligible"),
    ],
)
def test_four_eligibility_states(role: str, credential: str, state: str) -> None:
    r = score_role(CATALOG.role(role), Profile(credentials=[credential]))
    assert r.eligibility == state
    assert r.eligible == (state != "not_eligible")
    if state == "likely":
        assert r.eligibility_basis and "infer" in r.eligibility_basis.lower()
        assert "inferred" in r.eligibility_reason
    if state == "unclear":
        assert r.eligibility_basis == "No source says either way: check the postings."
        assert r.gaps[0].kind == "eligibility" and r.gaps[0].link
    if state == "not_eligible":
        assert r.eligibility_reason.startswith("Not eligible")


def test_the_article_s_own_rule_is_quoted_when_it_excludes() -> None:
    r = score_role(CATALOG.role("pre_service_coordinator"), Profile(credentials=["COTA"]))
    assert "you need to be a physical or occupational therapist" in r.eligibility_reason


def test_stored_postings_count_as_evidence() -> None:
    role = CATALOG.role("compliance_auditor")
    cota = Profile(credentials=["COTA"])
    evidence = {"compliance_auditor": PostingEvidence(role="compliance_auditor", total=7,
                                                      accepting={"COTA": 3, "PT": 5})}  # fmt: skip
    r = score_role(role, cota, evidence=evidence)
    assert r.postings is not None
    assert r.postings.text == "3 of 7 stored postings for this role accept COTA"
    assert r.postings.link == "/jobs?role=compliance_auditor&credential=COTA"
    assert r.eligibility == "likely" and "3 of 7" in (r.eligibility_basis or "")
    none = {"compliance_auditor": PostingEvidence(role="compliance_auditor", total=4, unnamed=3)}
    r = score_role(role, cota, evidence=none)
    assert r.eligibility == "unclear" and r.postings and r.postings.accepting == 0
    # postings that name no credential are counted apart: something to check, not evidence
    assert r.postings.text == "0 of 4 stored postings for this role accept COTA; 3 name no credential (check them)"
    # evidence never overrides the article's exact rule
    pre = score_role(CATALOG.role("pre_service_coordinator"), cota,
                     evidence={"pre_service_coordinator": PostingEvidence(
                         role="pre_service_coordinator", total=2, accepting={"COTA": 1})})  # fmt: skip
    assert pre.eligibility == "not_eligible"
    assert pre.postings and pre.postings.text == "1 of 2 stored postings for this role accept COTA"


# -- 4. gap plans --------------------------------------------------------------------------

SOFT = re.compile(r"critical thinking|communication skills|self-starter|documentation skills|relating to", re.I)


def _all_plans():  # type: ignore[no-untyped-def]
    for profile in (snf_cota(), hand_ot(), Profile(credentials=["PTA"], years_experience=1)):
        for r in rank_roles(profile):
            yield profile, r


def test_no_soft_skill_and_no_duplicate_step_in_any_plan() -> None:
    for _, r in _all_plans():
        texts = [g.text.lower() for g in r.gaps]
        assert len(texts) == len(set(texts)), (r.role, texts)
        assert not [t for t in texts if SOFT.search(t)], (r.role, texts)
        assert [g.order for g in r.gaps] == list(range(1, len(r.gaps) + 1))


def test_every_step_says_how_and_cites_its_sources() -> None:
    for _, r in _all_plans():
        for g in r.gaps:
            assert g.how, (r.role, g.text)
            if g.kind in ("certification", "business", "setting", "experience", "skill", "knowledge", "education"):
                assert g.sources, (r.role, g.text)
            for s in g.sources:
                assert s.url is None or s.url.startswith(("http://", "https://"))


def test_the_snf_cota_is_not_told_to_build_snf_experience() -> None:
    ur = by_id(rank_roles(snf_cota()))["utilization_review"]
    assert "skilled nursing" in ur.factors[-2].reason.lower()  # her SNF experience counts
    texts = " ".join(g.text.lower() for g in ur.gaps)
    assert "skilled nursing" not in texts and "snf" not in texts


@pytest.mark.parametrize(
    ("skills", "certs", "role", "absent"),
    [
        (["InterQual"], [], "utilization_review", "interqual experience"),
        (["ICD-10"], [], "utilization_review", "icd-10"),
        ([], ["CEAS"], "office_ergonomics", "certification"),
        ([], ["CAPS"], "home_modification_specialist", "certification"),
    ],
)
def test_no_step_the_person_already_meets(skills, certs, role, absent) -> None:
    p = Profile(credentials=["COTA"], skills=skills, certifications=certs)
    r = score_role(CATALOG.role(role), p)
    assert not [g for g in r.gaps if absent in (g.text.lower() + " " + g.kind)], r.gaps


@pytest.mark.parametrize(
    ("credentials", "degree", "role", "step"),
    [
        # an assistant qualifies with an associate degree: a master's comes first
        (["PTA"], None, "vocational_rehab_counselor", "a PTA qualifies with an associate degree"),
        (["COTA"], None, "academic_faculty", "a COTA qualifies with an associate degree"),
        (["COTA"], "bachelor", "academic_faculty", "your profile gives a bachelor's degree"),
        # a master's or doctorate reaches it, stated or by credential
        (["COTA"], "master", "academic_faculty", None),
        (["PTA"], "doctorate", "vocational_rehab_counselor", None),
        (["OT"], None, "vocational_rehab_counselor", None),
        (["SLP"], None, "vocational_rehab_counselor", None),
        (["PT"], None, "academic_faculty", None),
        (["PTA", "OT"], None, "vocational_rehab_counselor", None),  # the higher counts
        # a role whose sources name no degree never gets the step
        (["PTA"], None, "utilization_review", None),
    ],
)
def test_a_degree_the_role_needs_is_the_first_step_when_yours_is_below(
    credentials: list[str], degree: str | None, role: str, step: str | None
) -> None:
    r = score_role(CATALOG.role(role), Profile(credentials=credentials, degree=degree))
    education = [g for g in r.gaps if g.kind == "education"]
    if step is None:
        assert not education, education
        return
    assert len(education) == 1 and r.gaps[0].kind in ("education", "eligibility"), r.gaps
    assert step in education[0].text and "master's degree" in education[0].text
    keys = [s.key for s in education[0].sources]
    assert keys[0] in {"S107", "S127"} and len(keys) >= (1 if degree else 2)  # the role's, then the credential's
    assert ("quiz --degree master" in (education[0].how or "")) is (degree is None)
    # the badge says it too: an "Eligible" badge above that step read as "apply now"
    assert r.degree_needed == "a master's degree"
    assert "typically needs a master's degree" in r.eligibility_reason


def test_a_role_that_needs_a_further_degree_ranks_after_those_open_today() -> None:
    """A PTA saw vocational rehabilitation counselling 4th of 27, badged "Eligible"."""
    pta = Profile(credentials=["PTA"], preferences={"extra_education": "degree_ok"})
    ranked = rank_roles(pta)
    open_now = [r.role for r in ranked if r.eligibility != "not_eligible" and not r.degree_needed]
    needs = [r.role for r in ranked if r.degree_needed]
    assert set(needs) == {"vocational_rehab_counselor", "academic_faculty"}
    order = [r.role for r in ranked]
    assert max(order.index(x) for x in open_now) < min(order.index(x) for x in needs)
    # a PTA who says she holds a master's sees it among the roles open to her
    again = {r.role: r for r in rank_roles(pta.model_copy(update={"degree": "master"}))}
    assert again["vocational_rehab_counselor"].degree_needed is None
    assert "typically needs" not in again["vocational_rehab_counselor"].eligibility_reason


def test_alternative_certifications_are_one_step() -> None:
    r = score_role(CATALOG.role("office_ergonomics"), Profile(credentials=["COTA"]))
    certs = [g for g in r.gaps if g.kind == "certification"]
    assert len(certs) == 1
    assert certs[0].text == "Get one of these certifications: CEAS or CPE."
    assert "15 contact hours" in (certs[0].time or "")


def test_business_roles_get_their_own_business_steps() -> None:
    ceu = score_role(CATALOG.role("ceu_course_creator"), hand_ot())
    text = " ".join(f"{g.text} {g.how}" for g in ceu.gaps)
    assert "AOTA" in text
    assert "location" not in text and "oversight" not in text  # the kids gym's text, before
    gym_ot = score_role(CATALOG.role("kids_gym_owner"), hand_ot())
    gym_cota = score_role(CATALOG.role("kids_gym_owner"), Profile(credentials=["COTA"]))
    costs = [g.cost for g in gym_ot.gaps if g.cost]
    assert any("$300,000" in c for c in costs)
    assert not any("As a COTA" in g.text for g in gym_ot.gaps)
    assert any("As a COTA" in g.text for g in gym_cota.gaps)


# -- 5. pay ----------------------------------------------------------------------------------


def test_roles_below_the_person_s_pay_are_flagged() -> None:
    floor = Profile(credentials=["COTA"], preferences={"pay_floor": 85000})
    ur = score_role(CATALOG.role("utilization_review"), floor)
    assert ur.pay and ur.pay.below_floor is True
    assert ur.pay.note in ur.reasons
    rec = score_role(CATALOG.role("recruiter"), floor)
    assert rec.pay and rec.pay.below_floor is True and "$35,000" in (rec.pay.note or "")
    ok = score_role(CATALOG.role("dme_sales"), floor)
    assert ok.pay and ok.pay.below_floor is False
    # the UR range describes assistants: an OT's pay is compared with nothing
    ot = score_role(CATALOG.role("utilization_review"), Profile(credentials=["OT"], preferences={"pay_floor": 99000}))
    assert ot.pay and ot.pay.below_floor is None
    # pounds are never compared with dollars
    gb = score_role(CATALOG.role("recruiter"), Profile(credentials=["OT"], country="GB", preferences={"pay_floor": 30000}))
    assert gb.pay and gb.pay.below_floor is None and "does not convert" in (gb.pay.note or "")


# -- 6. copy ----------------------------------------------------------------------------------


def test_no_role_says_its_pay_is_remote_or_on_site() -> None:
    """About ten cards said "Pay is remote or on site depending on the employer"."""
    for _, r in _all_plans():
        pay = next(f for f in r.factors if f.name == "pay_model")
        assert "remote" not in pay.reason and "on site" not in pay.reason, pay.reason
        if CATALOG.role(r.role).pay_model == "varies":
            assert pay.reason.startswith("Pay: paid in different ways by different employers")


def test_musts_and_pay_floor_load_and_old_profiles_still_load(tmp_path) -> None:
    from otpath.profile import read_profile, write_profile

    old = tmp_path / "old.toml"
    old.write_text('credentials = ["COTA"]\n[preferences]\nremote = "required"\n')
    p = read_profile(old)
    assert p.preferences.musts == [] and p.preferences.pay_floor is None and p.country == "US"
    new = p.model_copy(update={"preferences": p.preferences.model_copy(
        update={"musts": ["remote"], "pay_floor": 28.5, "pay_floor_interval": "hourly"})})  # fmt: skip
    assert read_profile(write_profile(new, tmp_path / "new.toml")) == new
    assert new.pay_floor_annual() == 28.5 * 2080
