"""classify: role and family from title + description, with the hard cases."""

from __future__ import annotations

import doctest
import importlib
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.pipeline.classify import Classifier, classify
from otpath.rules import default_rules

ROLE_FAMILY = default_rules().role_family
FAMILIES = default_rules().families

CATALOG = Path(__file__).resolve().parents[2] / "otpath" / "catalog" / "data"

UR_BODY = (
    "Review prior authorization requests for outpatient PT, OT and ST against InterQual "
    "and MCG criteria for health plan members. Refer cases that do not meet medical "
    "necessity to the medical director. Remote."
)
TREAT_BODY = (
    "Manage a caseload of 25-30 visits per week. Evaluate and treat patients in their homes, "
    "write the plan of care and complete OASIS documentation. Productivity standard applies."
)

# (title, description, company, family, role)
CASES = [
    # --- utilization management ------------------------------------------------------
    ("Utilization Review Therapist (PT/OT)", UR_BODY, None, "utilization_management", "utilization_review"),
    ("Physical Therapist - Utilization Review", UR_BODY, None, "utilization_management", "utilization_review"),
    ("Clinical Reviewer - Therapy Services", UR_BODY, "Northwind Health Plan", "utilization_management", "utilization_review"),
    ("Utilization Review Nurse", "Concurrent review of inpatient stays using InterQual; RN required.", None,
     "utilization_management", "utilization_review"),
    ("Therapy Claims Reviewer (Retrospective)", "Retrospective review of therapy claims for medical necessity; "
     "approve or deny based on documentation.", None, "utilization_management", "utilization_review"),
    ("Pre-Service Coordinator (PT/OT)", "Review pre-authorization requests for admission to inpatient "
     "rehabilitation (IRF), SNF and LTACH and decide the level of care; coordinate the transfer.",
     None, "utilization_management", "pre_service_coordinator"),
    ("Pre-Admission Review Therapist", "Pre-admission screening against IRF level of care criteria for "
     "Medicare Advantage members.", None, "utilization_management", "pre_service_coordinator"),
    # --- care coordination -----------------------------------------------------------
    ("Skilled Inpatient Care Coordinator", "Perform functional assessments that feed discharge planning "
     "during SNF stays; talk with patient, family and caregiver.", None, "care_coordination",
     "skilled_inpatient_care_coordinator"),
    ("Transitional Care Coordinator", "Follow-up calls after discharge to prevent readmissions.", None,
     "care_coordination", "transitional_care_coordinator"),
    ("Care Transitions Coach", "Coach patients during the 30 days after hospital discharge; readmission "
     "prevention.", None, "care_coordination", "transitional_care_coordinator"),
    ("Discharge Coordinator", "NHS discharge to assess pathway; arrange packages of care for patients "
     "leaving hospital.", None, "care_coordination", "transitional_care_coordinator"),
    ("Cross Market Care Coordinator", "Communication link across acute and post-acute settings.", None,
     "care_coordination", "cross_market_care_coordinator"),
    ("Home Health Care Coordinator", "Coordinate home health services and track episodes for "
     "homebound patients.", None, "care_coordination", "home_health_care_coordinator"),
    ("Continuing Healthcare Nurse Assessor", "Assess eligibility for NHS Continuing Healthcare with "
     "the Decision Support Tool; coordinate care packages.", None, "care_coordination", None),
    # A UK mental-health care co-ordinator holds a caseload under the Care Programme Approach: the
    # care_coordination family with no catalog role (not the US post-acute transitional role)...
    ("Care Co-ordinator - RMN/OT/SW", "Our community mental health team wants a care co-ordinator for "
     "adults under the Care Programme Approach: hold a caseload, review care packages with social care "
     "partners in the community. NHS trust.", None, "care_coordination", None),
    ("Care Co-ordinator - Early Intervention in Psychosis", "Be the named care co-ordinator for young "
     "people in a first episode of psychosis; write care plans; episode of care reviews.", None,
     "care_coordination", None),
    # ...while a generic care coordinator title whose advert is about discharge keeps the US role.
    ("Care Coordinator", "Call patients after hospital discharge to prevent readmissions; transitional "
     "care program.", None, "care_coordination", "transitional_care_coordinator"),
    # --- recruiting ------------------------------------------------------------------
    ("Therapy Recruiter", "Recruit travel therapists; base plus commission.", None, "recruiting", "recruiter"),
    ("Technical Recruiter", "Recruit software engineers for our SaaS platform.", None, "recruiting", "recruiter"),
    ("Talent Acquisition Partner - Rehab", "Full-cycle recruiting for rehab requisitions.", None,
     "recruiting", "recruiter"),
    # --- ergonomics ------------------------------------------------------------------
    ("Office Ergonomic Specialist", "Computer workstation assessments for employees, in person and "
     "virtual; sit-stand desks.", None, "ergonomics", "office_ergonomics"),
    ("Ergonomist", "Job hazard analysis on the production floor of our paper mill; REBA and RULA.",
     None, "ergonomics", "industrial_ergonomics"),
    ("Moving and Handling Advisor", "Deliver moving and handling training to NHS ward staff; patient "
     "handling risk assessments; hoists.", None, "ergonomics", "industrial_ergonomics"),
    ("Industrial Athletic Trainer", "Onsite injury prevention and early intervention at a "
     "manufacturing plant.", None, "ergonomics", "industrial_ergonomics"),
    # --- kids gym --------------------------------------------------------------------
    ("Kids Gym Franchise Owner", "Own a children's gym franchise. Liquid capital $100K.", None,
     "kids_gym", "kids_gym_owner"),
    ("Own a Children's Fitness Franchise", "Open children's fitness centers; liquid capital and net worth "
     "requirements; franchise disclosure document.", None, "kids_gym", "kids_gym_owner"),
    ("Sensory Gym Program Director", "Run our sensory gym for kids: classes, open play and staff.",
     None, "kids_gym", "kids_gym_owner"),
    ("Birthday Party Host (Part-Time)", "Lead games at weekend birthday parties for kids.",
     "Tumblethorn Kids Gym", "kids_gym", "kids_gym_owner"),
    # --- case management -------------------------------------------------------------
    ("Workers' Compensation Case Manager", "Telephonic case management of injured workers; return to "
     "work with adjusters.", None, "case_management", "case_manager"),
    ("Certified Life Care Planner", "Write life care plans for catastrophic injury litigation.", None,
     "case_management", "life_care_planner"),
    # --- the rest of the families ----------------------------------------------------
    ("Clinical Liaison - Inpatient Rehab", "Screen patients in acute care hospitals and build "
     "relationships with referral sources; census.", None, "liaison", "rehab_liaison"),
    ("DME Account Executive", "Grow sales of durable medical equipment in your territory; quota.", None,
     "sales", "dme_sales"),
    # a regulator's device specialist assesses devices: no selling, not sales
    ("Senior Medical Device Specialist", "Assess reports of incidents with medical devices and advise "
     "manufacturers on device safety.", None, "unrelated", None),
    ("Medical Device Sales Specialist", "Demonstrate our devices to surgeons and grow accounts in the "
     "territory.", None, "sales", "dme_sales"),
    ("Assistive Technology Specialist", "AAC and switch access evaluations; assistive technology "
     "trials.", None, "assistive_technology", "assistive_technology_professional"),
    ("Home Modification Specialist (CAPS)", "Home safety assessments, grab bars and ramps for aging "
     "in place.", None, "assistive_technology", "home_modification_specialist"),
    ("Accessibility Consultant", "ADA and built environment accessibility audits.", None,
     "assistive_technology", "accessibility_consultant"),
    ("Continuing Education Course Author", "Write CEU courses for OTs and PTs; AOTA approved provider.",
     None, "education", "ceu_course_creator"),
    ("Assistant Professor - OTA Program", "Teach lecture and lab courses; ACOTE accreditation.", None,
     "education", "academic_faculty"),
    ("Medical Writer - Rehabilitation", "Write patient education articles and manuscripts.", None,
     "writing", "medical_writer"),
    ("Clinical Applications Analyst - Therapy", "Build Epic rehab documentation workflows; go-live "
     "support.", None, "informatics", "clinical_informatics"),
    ("Therapy Documentation Auditor", "Audit PT/OT documentation for Medicare compliance and PDPM.",
     None, "quality_compliance", "compliance_auditor"),
    ("MDS Coordinator (RN)", "Complete MDS assessments; PDPM accuracy.", None, "quality_compliance", None),
    ("Telehealth Speech-Language Pathologist", "Deliver speech therapy by live video to students.",
     None, "telehealth", "telehealth_therapist"),
    ("Health & Wellness Coach", "Motivational interviewing and behavior change coaching for members.",
     None, "coaching", "health_wellness_coach"),
    ("Vocational Rehabilitation Counselor", "Job placement and vocational assessments for clients "
     "with disabilities.", None, "vocational_disability", "vocational_rehab_counselor"),
    ("Disability Claims Clinical Consultant", "Review long term disability claims: restrictions and "
     "limitations, own occupation.", None, "vocational_disability", "disability_claims_consultant"),
    ("UX Researcher - Digital Health", "User interviews and usability testing with patients.", None,
     "health_tech", "ux_researcher"),
    ("Clinical Program Manager - Digital MSK", "Own clinical protocols; work with product and "
     "engineering.", None, "health_tech", None),
    ("Director of Rehabilitation (Non-Caseload)", "Lead the therapy department: budget, hiring. "
     "Non-caseload role.", None, "management", "rehab_manager"),
    # a lead of a team of therapists, as "Therapy Lead" (a COTA was told she could apply to one)
    ("Therapy Team Lead, Band 7", "Lead the therapy team of a bed based rehabilitation unit; the team "
     "has occupational therapists, physiotherapists and assistants.", None, "management", "rehab_manager"),
    ("Occupational Therapy Team Leader", "Lead a team of occupational therapists and hold a caseload "
     "of patients on the stroke ward.", None, "clinical", None),
    ("Senior Occupational Therapist Early Supported Discharge Team", "Give rehabilitation at home "
     "to people after a stroke, as part of a community team.", None, "clinical", None),
    # a therapist of a hospital's discharge team assesses and treats on the wards...
    ("Senior Occupational Therapist - Integrated Discharge Team", "Assess patients on the acute wards "
     "and plan their discharge home with the team.", None, "clinical", None),
    # ...while its nurses and assistants plan the discharges
    ("Discharge Nurse - Integrated Hospital Discharge Team", "Plan complex discharges and liaise with "
     "social care.", None, "care_coordination", "transitional_care_coordinator"),
    ("Integrated Discharge Team Assistant Practitioner", "Support discharge planning and liaise with "
     "social care.", None, "care_coordination", "transitional_care_coordinator"),
    ("Clinical Lead Therapist - Frailty", "An occupational therapist or physiotherapist to assess and "
     "treat older patients on the frailty unit and lead the therapy staff there. HCPC registration is "
     "essential.", None, "clinical", None),
    # --- hard negatives: clinical in disguise ----------------------------------------
    ("Home Health Case Manager - Physical Therapist", TREAT_BODY, None, "clinical", None),
    ("OT Case Manager - Home Health", TREAT_BODY, None, "clinical", None),
    ("Rehab Coordinator - SNF", "Treat patients and maintain a full caseload; plan of care; "
     "coordinate the therapy schedule.", None, "clinical", None),
    ("Clinical Specialist - Outpatient Orthopedics", "Maintain a full patient caseload (about 80% of "
     "your week); mentor clinicians. Licensed Physical Therapist; outpatient physical therapy "
     "experience.", None, "clinical", None),
    ("Rehab Manager (Working)", "Working manager: carry about 80% caseload treating patients; some "
     "scheduling and budget.", None, "clinical", None),
    ("Occupational Therapist - Outpatient", "Evaluate and treat patients.", None, "clinical", None),
    ("Travel Physical Therapist - 13 weeks", "13-week travel contract in an outpatient clinic.", None,
     "clinical", None),
    ("Athletic Trainer - High School Sports", "Cover football games and treat athlete injuries.", None,
     "unrelated", None),
    ("Pediatric Occupational Therapist", "Our pediatric OT clinic has a new sensory gym. Evaluate and "
     "treat children; plan of care; kids love open play in the sensory gym.", None, "clinical", None),
    ("School Speech-Language Pathologist", "Serve K-12 students with IEPs; one teletherapy day per week "
     "via live video. Caseload of 45.", None, "clinical", None),
    ("Occupational Therapist - Telehealth (Hybrid)", "Half of visits by telehealth, half in person in our "
     "outpatient clinic; evaluate and treat.", None, "clinical", None),
    ("Massage Therapist", "Therapeutic massage for clients in our clinic.", None, "unrelated", None),
    ("Registered Nurse - Med Surg", "Nursing care for adult patients on a 30-bed unit.", None, "unrelated", None),
    ("Case Manager RN - Hospital", "Discharge planning for inpatients; coordinate post-acute placement "
     "with SNFs and home health.", None, "care_coordination", "transitional_care_coordinator"),
    ("Reablement Coordinator", "Coordinate short-term reablement packages for people leaving hospital.",
     None, "care_coordination", "transitional_care_coordinator"),
    ("Complex Rehab Technology Specialist (ATP)", "Grow complex rehab business in your territory; seating "
     "clinics; RESNA ATP required. Base plus commission.", None, "sales", "dme_sales"),
    # --- hard negatives: behavioural health -----------------------------------------
    ("Mental Health Therapist (LPC, LCSW, LMFT)", "Individual and group counseling.", None, "unrelated", None),
    ("Prior Authorization Therapist (LPC/LCSW)", "Provide counseling to clients with mental health and "
     "substance use disorders; obtain prior authorization for sessions.", None, "unrelated", None),
    ("Substance Use Counselor", "Group counseling for co-occurring disorders.", None, "unrelated", None),
    # --- hard negatives: other -------------------------------------------------------
    ("Cloud Utilization Review Analyst (FinOps)", "Review cloud cost and capacity utilization for AWS "
     "accounts.", None, "unrelated", None),
    ("Case Manager - Immigration Law Firm", "Manage immigration cases; coordinate with attorneys.", None,
     "unrelated", None),
    ("Ergonomic Chair Sales Associate", "Sell ergonomic office furniture in our retail showroom.", None,
     "unrelated", None),
    ("Prior Authorization Specialist (Front Office)", "Verify insurance benefits and submit authorization "
     "requests through payer portals and by fax. Non-clinical, administrative role.", None, "other", None),
    ("Patient Care Coordinator - Dental Office", "Run our front desk: schedule appointments and verify "
     "dental insurance.", None, "unrelated", None),
    ("Senior Software Engineer", "Build cloud services in Python.", None, "unrelated", None),
    ("Auto Claims Adjuster", "Inspect vehicle collision damage and settle auto claims.", None, "unrelated", None),
    ("Warehouse Associate", "Pick and pack orders; forklift experience a plus.", None, "unrelated", None),
    ("Front Desk Associate", "Greet families at our kids gym, check in members for classes, answer "
     "phones.", None, "unrelated", None),
    ("Gymnastics Coach", "Teach recreational gymnastics classes to kids ages 3-12.", None, "kids_gym",
     "kids_gym_owner"),
    ("Senior Software Engineer - Digital Health", "Build our patient app in React; BS in Computer Science "
     "required.", None, "unrelated", None),
]


@pytest.mark.parametrize(
    ("title", "text", "company", "family", "role"),
    CASES,
    ids=[c[0][:40] for c in CASES],
)
def test_classify_cases(title: str, text: str, company: str | None, family: str, role: str | None) -> None:
    c = classify(title, text, company=company)
    assert (c.family, c.role) == (family, role), c.evidence
    assert 0.0 <= c.confidence <= 1.0


def test_role_family_is_consistent() -> None:
    for role, family in ROLE_FAMILY.items():
        assert family in FAMILIES, role
    assert {"clinical", "other", "unrelated"} <= set(FAMILIES)


def test_role_families_come_from_the_catalog() -> None:
    catalog = tomllib.loads((CATALOG / "catalog.toml").read_text(encoding="utf-8"))
    files = sorted((CATALOG / "roles").glob("*.toml"))
    assert len(files) == len(ROLE_FAMILY)
    for path in files:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        assert ROLE_FAMILY[doc["id"]] == doc["family"], path.name
    assert set(FAMILIES) - {"other", "unrelated"} == set(catalog["families"])


def test_evidence_explains_the_decision() -> None:
    c = classify("Utilization Review Therapist", UR_BODY)
    fields = {e.field for e in c.evidence}
    assert "title" in fields and "description" in fields
    assert c.evidence[0].field == "title"
    assert any(e.text == "interqual" for e in c.evidence)
    clinical = classify("OT Case Manager - Home Health", TREAT_BODY)
    assert any(e.text in ("caseload", "plan of care", "oasis") for e in clinical.evidence)


def test_confidence_orders_clear_over_vague() -> None:
    clear = classify("Utilization Review Therapist", UR_BODY)
    vague = classify("Reviewer", "Review things.")
    assert clear.confidence > vague.confidence


def test_fuzzy_title_match_for_typos() -> None:
    c = classify("Utilisation Reveiw Therapst", "Work from home.")
    assert (c.family, c.role) == ("utilization_management", "utilization_review")
    assert c.evidence[0].text.startswith("~")


def test_company_helps() -> None:
    assert classify("Owner", "Run the gym for toddlers.", company="My Gym").family == "kids_gym"


def test_classifier_works_without_catalog_titles() -> None:
    clf = Classifier()
    assert clf("Therapy Recruiter", "Recruit travel therapists.").role == "recruiter"
    assert clf("Xyzzy", "").family == "unrelated"


def test_deterministic() -> None:
    a = classify("Transitional Care Coordinator", "Follow-up calls after discharge.")
    b = classify("Transitional Care Coordinator", "Follow-up calls after discharge.")
    assert a == b


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=600), st.none() | st.text(max_size=30))
def test_classify_never_raises(title: str, text: str, company: str | None) -> None:
    c = classify(title, text, company=company)
    assert c.family in FAMILIES
    assert c.role is None or ROLE_FAMILY[c.role] == c.family or c.family == "telehealth"
    assert 0.0 <= c.confidence <= 1.0


@pytest.mark.parametrize("module", ['otpath.postings.pipeline.classify'])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_every_catalog_role_can_be_predicted() -> None:
    """Both directions of the catalog/rules link: each role's own title finds the role."""
    from otpath.catalog import default_catalog

    missed = []
    for role in default_catalog().roles.values():
        c = classify(role.title, " ".join(d.text for d in role.duties))
        if c.role != role.id:
            missed.append((role.id, role.title, c.family, c.role))
    assert not missed, missed


_DIGEST = """
import hashlib, json
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import process
# Titles that name two professions of equal weight: which one is the evidence?
titles = ["Pharmacy Technician", "Data Scientist", "Student Nurse", "Peer Support Worker",
          "IT Support Technician", "Pharmacy Technician - IT Support"]
h = hashlib.sha1()
for title in titles:
    c = process(RawPosting(title=title, description="Join our team.")).classification
    h.update(json.dumps(c.model_dump(mode="json"), sort_keys=True).encode())
print(h.hexdigest())
"""


def test_answers_do_not_depend_on_the_hash_seed() -> None:
    """Ingest workers are separate processes, each with its own hash seed: the same
    posting must get the same evidence and confidence in every one of them."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _DIGEST], cwd=root, env=env, capture_output=True,
                             text=True, check=True)  # fmt: skip
        digests.add(out.stdout.strip())
    assert len(digests) == 1


@pytest.mark.parametrize(
    ("group", "value", "field"),
    [
        ("ahp_over_professions", '["astronauts"]', "groups.ahp_over_professions"),
        ("paths_over_professions", '{ booking = ["astronauts"] }', "groups.paths_over_professions.booking"),
    ],
)
def test_a_group_naming_an_unknown_profession_is_refused(tmp_path: Path, group: str, value: str, field: str) -> None:
    from otpath.errors import RulesError
    from otpath.rules import DATA_DIR, load_rules

    lines = (DATA_DIR / "classify.toml").read_text(encoding="utf-8").splitlines()
    changed = [f"{group} = {value}" if line.startswith(f"{group} = ") else line for line in lines]
    assert changed != lines
    (tmp_path / "classify.toml").write_text("\n".join(changed) + "\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path)
    assert (info.value.field, "astronauts" in str(info.value)) == (field, True)
