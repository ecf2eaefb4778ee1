"""Defects found on real postings, each pinned by a minimal case in our own words.

The real texts stay in ../shared; these cases were written by us to show the
same shape (issue "Right answers on real postings", item 3).
"""

from __future__ import annotations

import pytest

from otpath.evaluate import coarse_family
from otpath.postings.models import RawPosting
from otpath.postings.pipeline import process


def run(title: str, text: str = "", **raw: object):
    return process(RawPosting(title=title, description=text, **raw))


# (title, description, relevant, family) — words that are not clinical evidence
NOT_CLINICAL = [
    ("Staff Accountant", "Reconcile the ledgers every month. Staff discounts.", False, "unrelated"),
    ("Contract Manager", "Negotiate supplier contracts. Contract role, 6 months.", False, "unrelated"),
    ("Maintenance Technician", "Repair boilers and lighting across the site.", False, "unrelated"),
    ("Pharmacy Technician", "Dispense medicines on the wards.", False, "unrelated"),
    ("Consultant Physician", "Lead the acute medical take. Full GMC registration required.", False, "unrelated"),
    ("Registered Nurse", "Deliver nursing care on a surgical ward.", False, "unrelated"),
    ("Senior Software Engineer", "Build our patient portal in Python.", False, "unrelated"),
    ("Occupational Therapist", "Assess and treat inpatients on the stroke unit.", True, "clinical"),
    # A consultant doctor's post, whatever service its title names.
    ("Consultant in Psychiatry - Assertive Case Management", "Lead the team's medical care.", False, "unrelated"),
    # A community psychiatric nurse, a psychological therapist, a physicist, a hairdresser.
    ("CPN - Care Home Liaison", "Liaise with care homes and accept referrals.", False, "unrelated"),
    ("Cognitive Behavioural Therapist", "Deliver therapy sessions to a caseload of clients.", False, "unrelated"),
    ("Head of Radiotherapy Physics", "Lead the physics team that plans patients' treatment.", False, "unrelated"),
    ("Bank Hairdresser", "Treat patients to a haircut on the ward. Treatment rooms next to physiotherapy.",
     False, "unrelated"),
    # Words another profession's title carries too: the nurse decides.
    ("Lymphoedema Nurse Practitioner", "Hold a caseload and treat patients in clinic.", False, "unrelated"),
    ("First Contact Practitioner: Nurse Prescriber", "Treat patients in the practice.", False, "unrelated"),
    ("Lymphoedema Therapist", "Hold a caseload and treat patients in clinic.", True, "clinical"),
    # Governance and analytics stay outside therapy even beside a role's word.
    ("Information Governance Business Partner (CHC)", "Keep records of funding decisions safe.", False,
     "unrelated"),
    ("Data Analytics Coach", "Coach teams in using dashboards.", False, "unrelated"),
    # An NHS trust's business development is strategy, and every advert has a closing date.
    ("Senior Business Development Manager", "Grow the trust's services with partners. Closing date: "
     "1 May.", False, "unrelated"),
    # A doctor's grade in a title ("SpR") and a secretary's post.
    ("Locum SpR in ITU at St Mary's", "Cover the intensive care unit's rota.", False, "unrelated"),
    ("Medical Secretary Pathway Coordinator", "Type clinic letters and manage the waiting list.", False,
     "unrelated"),
    # A schools' mental health support team is psychological therapy; an integrated care
    # manager runs a service.
    ("Clinical Co-ordinator MHST", "Co-ordinate the team's referrals and supervise its practitioners.", False,
     "unrelated"),
    ("Urgent and Integrated Care Manager", "Manage the urgent care centre's budget and rotas.", False,
     "unrelated"),
    # An electronic-record post that wants no clinician is IT work...
    ("Senior Epic Application Analyst - Interfaces", "Build and support the interfaces between our "
     "systems. Experience of HL7 and integration engines.", False, "unrelated"),
    # ...and one that wants a clinician is a path (clinical informatics).
    ("Clinical Analyst", "Are you an experienced clinician with good IT skills? Help our wards use the "
     "electronic patient record.", True, "informatics"),
    # One passing mention of a therapy beside treatment words is not a therapist's caseload.
    ("Clinical Lead", "Lead a team that treats patients. Staff may use our physiotherapy service.", False,
     "unrelated"),
]


@pytest.mark.parametrize(("title", "text", "relevant", "family"), NOT_CLINICAL, ids=[c[0] for c in NOT_CLINICAL])
def test_other_professions_are_unrelated(title: str, text: str, relevant: bool, family: str) -> None:
    c = run(title, text).classification
    assert (c.relevant, c.family) == (relevant, family)
    if not relevant:
        assert c.role is None


@pytest.mark.parametrize(
    ("title", "text", "credentials", "family"),
    [
        # "PT" in a title that names another job is part-time, not a therapist.
        ("Receptionist - PT", "Greet visitors at the front desk, 20 hours a week.", [], "unrelated"),
        ("Staff Nurse - PT", "Part-time nights on the medical ward.", ["RN"], "unrelated"),
        # ...and still a therapist in a therapist's title.
        ("PT - Home Health", "Evaluate and treat patients in their homes.", ["PT"], "clinical"),
        # A bare "nurse" is an RN; "Registered Nurse (PRN)" is an RN working per diem.
        ("Discharge Co-ordinator", "We are looking for an experienced nurse to plan discharges.", ["RN"],
         "care_coordination"),
        ("Registered Nurse (PRN)", "Cover shifts on the rehab unit as needed.", ["RN"], "unrelated"),
    ],
)
def test_credentials_from_titles(title: str, text: str, credentials: list[str], family: str) -> None:
    p = run(title, text)
    assert p.requirements.credentials == credentials
    assert p.classification.family == family


@pytest.mark.parametrize(
    ("title", "credentials"),
    [
        # A leader's title that names a nurse is a nurse's job...
        ("Nurse Assessor Case Manager", ["RN"]),
        ("Lead Nurse - Safeguarding", ["RN"]),
        # ...a service or other people are not the hire's credential.
        ("Director of Nursing", []),
        ("Nurse Recruiter", []),
        # A UK ward manager is a nurse (our labels; see test_credentials_read_from_titles_and_cues).
        ("Ward Manager", ["RN"]),
    ],
)
def test_a_leaders_title_that_names_a_nurse(title: str, credentials: list[str]) -> None:
    text = "Assess eligibility for continuing care funding and manage a caseload."
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    "text",
    [
        # The team or the employer, not the hire.
        "Our ward team consisting of doctors, nurses and occupational therapists is friendly.",
        "The hospital has around 4,000 highly trained, qualified doctors and nurses.",
        "Our doctors and nurses give families the support they need.",
        "Informal enquiries with the Consultant Psychiatrist are welcomed.",
        "You will provide a secretarial service to the consultant surgeons.",
        "Good relationships with physiotherapists and nurses are essential.",
        "Our AHP recruitment team will make sure you are registered quickly.",
        # A dental nurse is not a registered nurse.
        "You must be a qualified dental nurse.",
        # A list of the team that runs on across semicolons, a hyphenated team word.
        "You will join a multi-disciplinary team made of Ward Nurses; Support Staff; Occupational "
        "Therapists; and a Consultant Psychiatrist.",
        "Experience of working with an inter-disciplinary team of nurses and physiotherapists is essential.",
        # The people who guide the hire, a count of the bank's members, a student.
        "You will work under the guidance of qualified speech and language therapists.",
        "Over 50,000 nurses, doctors and therapists are registered with our bank.",
        "Applicants must be currently studying adult nursing and have finished one placement.",
    ],
)
def test_people_around_the_job_are_not_its_credentials(text: str) -> None:
    assert run("Administrator", text).requirements.credentials == []


def test_medically_qualified_is_a_doctor() -> None:
    wanted = run("Associate Dean - Training", "The postholder will be medically qualified.")
    assert wanted.requirements.credentials == ["MD"]
    # A team that includes doctors does not ask the hire to be one.
    assert run("Administrator", "You will support medically qualified staff.").requirements.credentials == []


def test_registered_nurse_prn_is_per_diem() -> None:
    assert run("Registered Nurse (PRN)", "Cover shifts as needed.").requirements.employment_type == "per_diem"


def test_site_boilerplate_and_similar_jobs_are_not_requirements() -> None:
    text = (
        "Join our community team as an occupational therapist.\n"
        "Occupation Group: Registered Nurse / Healthcare Specialist\n"
        "Similar jobs\n"
        "Staff Nurse - must be a registered nurse with 5 years of experience\n"
    )
    r = run("Occupational Therapist", text).requirements
    assert r.credentials == ["OT"]
    assert r.years_min is None


@pytest.mark.parametrize(
    ("text", "commission"),
    [
        ("We are an equal opportunity employer; complaints go to the Equal Employment Opportunity "
         "Commission.", False),
        ("You will help commission new community services.", False),
        ("Accredited by the Joint Commission.", False),
        ("Base salary plus commission.", True),
        ("Uncapped commissions and a car allowance.", True),
        ("Earn 10% commission on every sale.", True),
        # said not to be commission
        ("A steady salary: this role is not commission-based.", False),
        ("Salary not commission, paid monthly.", False),
        ("Base salary and no commission targets.", False),
    ],
)
def test_commission_means_pay(text: str, commission: bool) -> None:
    assert run("Care Coordinator", text).requirements.pay.commission is commission


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Our employees average 15+ years of clinical experience.", None),
        ("A provider with over 30 years' experience delivering community services.", None),
        ("This is a fixed term contract for 12 months.", None),
        ("If you lived abroad for 6 months or more in the last 5 years, we need a police check.", None),
        ("At least 2 years of post-registration experience is essential.", 2.0),
        # A rota, a contract's length, a rotation, a probation, the ages of the patients,
        # what the employer has done.
        ("Our clinical team works shifts to give cover 365 days a year.", None),
        ("Join our clinical team on a 12 month FTC.", None),
        ("Clinical experience across our 6 month rotations in acute and community work.", None),
        ("All new clinical staff complete a 6 month probationary period.", None),
        ("Our clinical service sees children aged 4-16 years in their schools.", None),
        ("Clinical work with young people from 0 - 19 years in the borough.", None),
        ("A named mentor gives clinical support over the next 12 - 18 months of development.", None),
        ("We have a track record of more than 20 years in clinical practice.", None),
        ("Our clinical teams care for more than a million people a year.", None),
        ("A clinical service for clients from 18yrs onwards.", None),
        ("Join our clinical team in a 1 year charity funded post.", None),
        ("This is an 18 month post working in our clinical team.", None),
        ("You must have at least 2 years post HCPC registration clinical experience.", 2.0),
        ("On the specialist register, or within 6 months of interview, with clinical experience.", None),
        ("A 12 month senior clinical fellowship programme in anaesthesia.", None),
        ("Full clinical training throughout the 2 year training contract.", None),
        # staff housing: a deposit of a month's rent is not a month of experience
        ("One month's rent is held as a deposit for the staff flat.", None),
        ("The rent for a room is paid one month in advance, as a rule.", None),
        # A window that bounds when the experience was gained is not the experience asked for.
        ("You must have at least 3 months experience in a similar role held within the last 2 years.", 0.25),
    ],
)
def test_years_only_from_requirements(text: str, years: float | None) -> None:
    assert run("Occupational Therapist", text).requirements.years_min == years


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A title that names one therapy discipline, in an advert that asks for HCPC
        # registration, asks for that discipline's registration...
        ("Physiotherapy Manager", "Lead the service. HCPC registration is essential.", ["PT"]),
        ("Occupational Therapy Team Leader", "Must be registered with the HCPC.", ["OT"]),
        ("Head of Profession for Speech and Language Therapy", "Current HCPC registration.", ["SLP"]),
        # ...and so does a leader's title without the register (4 December: 6 tune labels
        # right, none wrong; the head of a profession is one of its registrants)...
        ("Physiotherapy Manager", "Lead the service and its budget.", ["PT"]),
        # ...not for a support or office job, not for two disciplines.
        ("Physiotherapy Assistant", "Work with HCPC registered physiotherapists.", []),
        ("Occupational Therapy Service Administrator", "Keep the HCPC records of the team.", []),
        ("Physiotherapy and Occupational Therapy Manager", "HCPC registration is essential.", []),
    ],
)
def test_a_disciplines_title_and_its_register(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A British "occupational therapy assistant" is a support worker: no US licence.
        ("Occupational Therapy Assistant", "Job title: Occupational Therapy Assistant, Band 3. Support the "
         "NHS therapy team.", []),
        ("Physiotherapy Assistant - Band 4", "Applicants must have worked as a physiotherapy assistant.", []),
        # ...where in the US the same title is a licensed COTA.
        ("Occupational Therapy Assistant", "Licensed occupational therapy assistant required.", ["COTA"]),
    ],
)
def test_us_assistant_licences_are_not_read_in_british_adverts(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "relevant", "family"),
    [
        # A therapy service's administrator does not treat patients.
        ("Occupational Therapy Service Administrator", "Book the therapists' clinics and type their letters.",
         False, "unrelated"),
        ("SLT Administrator", "Support the speech and language therapy team with its admin.", False, "unrelated"),
        # A profession's head or a therapy service's deputy manager leads; it is a path.
        ("Head of Profession for Speech and Language Therapy", "Lead the trust's speech and language "
         "therapists and set the profession's strategy.", True, "other"),
        ("Occupational Therapy Deputy Manager", "Manage the occupational therapy department's staff and "
         "budget.", True, "other"),
    ],
)
def test_a_therapy_services_office_and_its_leaders(title: str, text: str, relevant: bool, family: str) -> None:
    c = run(title, text).classification
    assert (c.relevant, coarse_family(c.family)) == (relevant, family)


@pytest.mark.parametrize("title", ["Senior Rehabilitation Instructor", "Exercise Rehabilitation Instructor"])
def test_a_rehabilitation_instructor_is_not_a_lecturer(title: str) -> None:
    c = run(title, "Run exercise classes for patients in the gym. Students on placement join the team.").classification
    assert c.role != "academic_faculty"
    control = run("Instructor - Occupational Therapy Assistant Program", "Teach OTA students in the college's "
                  "accredited program. A current occupational therapy license is required.")
    assert control.classification.role == "academic_faculty"  # the rule still finds lecturers


@pytest.mark.parametrize(
    ("title", "text", "company", "relevant"),
    [
        # A product designer or UX intern with no health care anywhere works in its
        # employer's industry; the catalog role is UX in health tech.
        ("Senior Product Designer", "", "A Team Sports App", False),
        ("Summer Intern - UX/UI (C++)", "Write simulation software with our engineers.", "A Software Firm", False),
        ("Product Designer II (Health)", "", "A Wearables Firm", True),
        ("UX Researcher", "Interview patients and clinicians about our telehealth app.", None, True),
        # An employer's global mobility team relocates staff; procurement sources parts;
        # drug and laboratory sales are not medical devices.
        ("Global Mobility Specialist", "", None, False),
        ("Manager, NPI Sourcing", "", None, False),
        ("Hematology Key Account Manager", "", None, False),
        ("Sales Specialist - Proteomics", "", None, False),
    ],
)
def test_look_alikes_from_other_industries(title: str, text: str, company: str | None, relevant: bool) -> None:
    assert run(title, text, company=company).classification.relevant is relevant


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A therapist's title that names no other profession: the nurses are the team.
        ("Senior Occupational Therapist", "Work beside registered nurses on the ward. HCPC registered "
         "occupational therapist required.", ["OT"]),
        # ...unless the title offers the post to both.
        ("Community Nurse or Occupational Therapist", "A registered nurse or occupational therapist is "
         "required.", ["OT", "RN"]),
        # A support worker's title needs no registration.
        ("Speech & Language Therapy Support Worker", "Work with qualified speech and language therapists, "
         "who must be HCPC registered.", []),
        ("Rehabilitation Assistant", "Carry out programmes set by registered physiotherapists.", []),
        # "Physio" in a British title is a physiotherapist; "seeking to recruit" names the hire.
        ("Chronic Pain Specialist (MSK Physio/OT)", "Join the pain team.", ["OT", "PT"]),
        ("Advanced Practitioner", "We are seeking to recruit a Band 7 Respiratory Physiotherapist to join "
         "us.", ["PT"]),
        # "Allied health care professionals" is the group; an endoscopy post's "NMC or HCPC" is a nurse's.
        ("Health Protection Practitioner", "We are looking for registered nurses or allied health care "
         "professionals.", ["OT", "PT", "SLP", "RN"]),
        ("Endoscopy Practitioner", "You must hold NMC or HCPC registration.", ["RN"]),
        # A doctor's or a psychologist's title owns the post: the nurses named are the team.
        ("Consultant in Gastroenterology", "We have clinical nurse specialists who will support you. Full "
         "GMC registration is required.", ["MD"]),
        ("Specialist Child Clinical Psychologist", "Our team of nurses, OTs and social workers is "
         "friendly. HCPC registration as a psychologist is required.", []),
        ("GP or Nurse Practitioner", "A registered nurse or a GP is required.", ["RN", "MD"]),
        # A consultant named by the specialty; a nursery nurse is not a registered nurse.
        ("Consultant Microbiology", "Join the laboratory team.", ["MD"]),
        ("Community Nursery Nurse", "Join the 0-19 team.", []),
        # A radiographer's title asks for a radiographer, beside a navigator's word too; a
        # benefit offered to "nurses and radiographers" asks for neither.
        ("Cancer Pathway Radiographer Navigator", "Guide patients through their treatment.", ["RAD"]),
        ("Cancer Pathway Navigator", "A welcome payment is offered to new radiographers.", []),
        # The reader's nursing career; a lower-case group of professions.
        ("Neonatal Practice Educator", "Fast forward your neonatal nursing career with us.", ["RN"]),
        ("Coordinator", "we welcome applications from allied health professionals.", ["OT", "PT", "SLP"]),
        # A matron's PA or a consultant's PA works for the profession the title names.
        ("PA to the Matrons", "Support the matrons with their diaries.", []),
        ("PA to Consultant Psychiatrist", "Type clinic letters.", []),
        # A consultant named by a medical specialty is a doctor; a consultant psychologist,
        # nurse or midwife is not; a dentist's training post is not a doctor's.
        ("Palliative Medicine Consultant", "Join the team.", ["MD"]),
        ("Consultant - Care of the Elderly", "Join the team.", ["MD"]),
        ("Consultant Clinical Psychologist in Pain Management", "Join the team.", []),
        ("Consultant Midwife", "Join the team.", []),
        ("Dental Core Training DCT1", "Join the team.", []),
        # Support from a therapist, a chief nurse above the hire, a nurses' credentialing body.
        ("General Practitioner", "Access to the pharmacist and Occupational Therapist support.", ["MD"]),
        ("Deputy Head of Infection Prevention", "You will be accountable through the director to the "
         "Regional Chief Nurses.", []),
        ("Directorate Manager", "We hold accreditation from the American Nurses Credentialing Center.", []),
        ("ANP/ACP", "Join our surgery team.", ["RN"]),
        # A team named after the profession is not a credential.
        ("Progress Coordinator", "We are seeking to recruit a motivated person to join the Occupational "
         "Therapy (OT) team.", []),
    ],
)
def test_the_hires_credential_and_the_teams(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


def test_preferred_but_not_essential_is_preferred() -> None:
    r = run("Physiotherapist", "6 months hospital experience is preferred but not essential.").requirements
    assert (r.years_min, r.years_preferred) == (0.5, True)


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        # A non-clinical appeals and grievances desk is a look-alike of utilization review...
        ("Appeals Representative", "Resolve health plan members' healthcare appeals and grievances in time and "
         "keep the case files. Customer service experience required.", "other"),
        # A British SEND tribunal therapist treats and reports; not a payer's appeals.
        ("Speech and Language Therapist - Tribunal & Appeals", "Assess children and write reports for "
         "education tribunals. HCPC registered speech and language therapist.", "clinical"),
        # ...the clinical appeals reviewer is utilization review.
        ("Appeals Nurse", "Review clinical appeals against medical necessity criteria. RN license required.",
         "utilization_management"),
    ],
)
def test_appeals_desks_and_appeals_reviewers(title: str, text: str, family: str) -> None:
    assert coarse_family(run(title, text).classification.family) == family


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        # Ward work, shifts and inpatients are in-person work...
        ("Care for patients on our busy surgical ward.", "onsite"),
        ("Day, evening and night shifts available.", "onsite"),
        ("Join our 20 bedded inpatient unit.", "onsite"),
        # ...but any remote wording, even a weak one, wins over them.
        ("Work location: Remote, with occasional travel. Review inpatient admissions.", "remote"),
        # An interview held remotely says nothing of the job.
        ("Interviews will be held remotely. Join the team on the ward.", "onsite"),
        # No word about the place of work at all.
        ("Plan and deliver training for the team.", "unknown"),
    ],
)
def test_hands_on_care_is_in_person(text: str, remote: str) -> None:
    assert run("Practitioner", text).requirements.remote == remote


def test_preferred_years_are_marked_preferred() -> None:
    r = run("Speech Therapist", "Minimum of one (1) year experience in rehabilitation preferred.").requirements
    assert (r.years_min, r.years_preferred) == (1.0, True)


def test_um_is_utilization_management() -> None:
    p = run("UM Reviewer - PT/OT", "Complete UM reviews of therapy requests against medical necessity criteria.")
    assert (p.classification.family, p.classification.role) == ("utilization_management", "utilization_review")
    assert "utilization review" in p.requirements.skills


@pytest.mark.parametrize(
    ("title", "text", "role"),
    [
        # Prospective review (before the service) is pre-service, as the article says...
        ("Prior Authorization Reviewer", "Review prior authorization and pre-certification requests before "
         "services start.", "pre_service_coordinator"),
        # ...retrospective review of services already given is utilization review.
        ("Clinical Reviewer", "Perform retrospective reviews of paid therapy claims for medical necessity.",
         "utilization_review"),
    ],
)
def test_prospective_and_retrospective_review(title: str, text: str, role: str) -> None:
    c = run(title, text).classification
    assert (c.family, c.role) == ("utilization_management", role)


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        ("Design hybrid cloud infrastructure for our clinics.", "unknown"),
        ("Hybrid: two days a week in the office.", "hybrid"),
    ],
)
def test_hybrid_cloud_is_not_hybrid_work(text: str, remote: str) -> None:
    assert run("Utilization Review Therapist", text).requirements.remote == remote


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        # Remote some of the time is hybrid, not remote.
        ("You may be able to work from home where possible.", "hybrid"),
        ("Home working on rotation with our two clinic hubs.", "hybrid"),
        ("The team is working from home initially because of the pandemic.", "hybrid"),
        ("There is an element of remote working.", "hybrid"),
        # Remote words that are not about where the hire works.
        ("Staff complete working at home risk assessments each year.", "unknown"),
        ("Interviews will be held as remote interviews on 3 May.", "unknown"),
        ("Expect to work anywhere across the trust's three hospitals.", "unknown"),
        ("Remote delivery of therapy sessions to families is part of the service.", "unknown"),
        # Still remote.
        ("This is a fully remote position.", "remote"),
        ("You will work from home every day.", "remote"),
    ],
)
def test_remote_some_of_the_time_is_hybrid(text: str, remote: str) -> None:
    assert run("Care Coordinator", text).requirements.remote == remote


@pytest.mark.parametrize(
    ("text", "currency", "low"),
    [
        ("Salary £28,000 - £32,000 per annum.", "GBP", 28000.0),
        ("Pay A$90,000 - A$110,000 a year.", "AUD", 90000.0),
        ("C$35 per hour.", "CAD", 35.0),
        ("€45.000 per year.", "EUR", 45000.0),
        ("$38-$45/hour.", "USD", 38.0),
    ],
)
def test_pay_keeps_its_currency(text: str, currency: str, low: float) -> None:
    pay = run("Recruiter", text).requirements.pay
    assert (pay.currency, pay.min) == (currency, low)


def test_a_bare_dollar_takes_the_sources_currency() -> None:
    pay = run("Recruiter", "Pay: $70,000 - $80,000 a year.", pay_currency="CAD").requirements.pay
    assert pay.currency == "CAD"


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        # Treatment work that asks only for another profession is not a therapist's job...
        ("Essential: registered nurse (NMC).", False),
        # ...and it is when a therapist may apply.
        ("Essential: registered nurse or OT.", True),
    ],
)
def test_treatment_for_another_profession_only_is_unrelated(text: str, relevant: bool) -> None:
    caseload = (
        "You will hold a rehabilitation caseload, assess and treat patients and deliver therapy "
        "interventions with the physiotherapy team. "
    )
    assert run("Specialist Practitioner", caseload + text).classification.relevant is relevant


@pytest.mark.parametrize(
    ("text", "credentials"),
    [
        # Who may apply, said in the ways UK adverts say it.
        ("An exciting opportunity has arisen for nurses, social workers or OT\u2019s to join us.", ["OT", "RN", "SW"]),
        ("Are you a mental health nurse, social worker or occupational therapist?", ["OT", "RN", "SW"]),
        ("To support our service we welcome applications from RMNs, occupational therapists or social workers.",
         ["OT", "RN", "SW"]),
        ("You will hold a registered mental health qualification.", ["RN"]),
        ("This is a one-year training post for social workers, occupational therapists and mental health "
         "nurses who are registered.", ["OT", "RN", "SW"]),
        ("The role is for a registered nurse with community experience.", ["RN"]),
        # ...and people the hire works with, or trains, are still not the hire.
        ("You will supervise registered nurses and occupational therapists.", []),
        ("You will run training for registered nurses and occupational therapists.", []),
    ],
)
def test_who_may_apply(text: str, credentials: list[str]) -> None:
    assert run("Practitioner", text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "family"),
    [
        # Non-clinical health-care jobs our labels count as paths ("other"): workplace
        # safety, staff wellbeing, learning and development, practice education.
        ("Health and Safety Adviser", "quality_compliance"),
        ("Staff Wellbeing Advisor", "coaching"),
        ("Learning and Development Facilitator", "education"),
        ("Practice Education Facilitator", "education"),
        # ...and their look-alikes are not: fire safety, a psychological wellbeing
        # practitioner, an addiction service's wellbeing post.
        ("Fire Safety Adviser", "unrelated"),
        ("Psychological Wellbeing Practitioner", "unrelated"),
        ("Substance Misuse Health and Wellbeing Coordinator", "unrelated"),
    ],
)
def test_non_clinical_paths_without_a_catalog_role(title: str, family: str) -> None:
    text = "Join our hospital team. You will work across the trust's sites."
    assert run(title, text).classification.family == family


@pytest.mark.parametrize(
    ("title", "family"),
    [
        # A service hiring several names the job in the plural.
        ("Case Managers/Care Coordinators", "care_coordination"),
        ("Speech Language Pathologists - School Year", "clinical"),
        ("Rehabilitation Assistants", "clinical"),
    ],
)
def test_plural_titles(title: str, family: str) -> None:
    text = "Assess patients, plan their care and treat them with the therapy team; coordinate care."
    assert coarse_family(run(title, text).classification.family) == family


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # Doctors written out are the team, the employer or the people served...
        ("Staff Nurse", "Why Cornwall Doctors? We have cared for the county for years.", ["RN"]),
        ("Staff Nurse", "We have a junior doctor on site and consultant surgeons each morning.", ["RN"]),
        ("Ward Clerk", "Successful candidates work closely with a team of therapists, doctors and nurses.", []),
        ("Assessment Nurse", "Our unit is supported by a cardiologist.", ["RN"]),
        # ...unless the hire is one, or is listed beside one who may apply.
        ("Clinical Lead", "The ideal candidate will be an experienced general practitioner.", ["MD"]),
        ("Lead", "Applications are welcomed from doctors, registered nurses and allied health professionals.",
         ["OT", "PT", "SLP", "RN", "MD"]),
        ("Lead", "Full GMC registration is essential.", ["MD"]),
        ("Cardiology Consultant", "Join our friendly team.", ["MD"]),
        # "allied health professionals" are the hire only when the advert asks for them.
        ("Physiotherapist", "Join our allied health professionals bank.", ["PT"]),
    ],
)
def test_doctors_named_around_the_job(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "family"),
    [
        # Practice education for AHP students is a path; the students are not the hire.
        ("AHP Student Practice Co-ordinator", "other"),
        # Equipment services tied to therapy, without treatment.
        ("Community Equipment Service Clinical Lead", "other"),
        # A therapy team's lead, an MSK lead therapist, a neurophysiotherapist.
        ("Therapy Team Lead", "other"),
        ("Lead Therapist - MSK", "other"),
        ("Band 6 Neurophysiotherapist", "clinical"),
    ],
)
def test_therapy_paths_named_in_few_words(title: str, family: str) -> None:
    text = "Join our community services. You will work across the county."
    assert coarse_family(run(title, text).classification.family) == family


@pytest.mark.parametrize(
    ("title", "text", "relevant", "family"),
    [
        # Practice and clinical education is shared by nurses and AHPs: a path, whoever teaches.
        ("Practice Development Nurse", "Teach ward staff new clinical skills.", True, "other"),
        ("Lead Clinical Educator", "Run the education programme for registered staff.", True, "other"),
        ("Resuscitation Officer", "Deliver life support training to staff.", True, "other"),
        # ...but a doctor's or a pharmacist's education post stays theirs.
        ("Clinical Education Fellow - Cardiology", "Teach medical students on the wards.", False, "unrelated"),
        ("Pharmacy Technician - Clinical Education", "Train pharmacy staff in dispensing.", False, "unrelated"),
    ],
)
def test_clinical_education_is_a_shared_path(title: str, text: str, relevant: bool, family: str) -> None:
    c = run(title, text).classification
    assert (c.relevant, coarse_family(c.family)) == (relevant, family)


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        # An assessor's title says little; continuing healthcare in the advert makes it coordination.
        ("Nurse Assessor", "Assess people for NHS continuing healthcare. Complete the CHC checklist with "
         "families and care homes.", "care_coordination"),
        ("Specialist Assessor", "Carry out continuing healthcare reviews and funded nursing care "
         "assessments.", "care_coordination"),
        # Without it, an assessor is not coordination.
        ("Specialist Assessor", "Assess apprentices' portfolios for their diploma.", "unrelated"),
        # An NHS mental-health care co-ordinator holds a caseload and is still coordination.
        ("Care Co-ordinator", "Hold a caseload of people under the care programme approach. Visit clients at "
         "home, assess their needs and review their care plans.", "care_coordination"),
        # A therapist's title with treatment duties stays clinical.
        ("OT Care Coordinator", "Provide direct occupational therapy to pupils most of the week. Evaluate and "
         "treat, write goals, hold a caseload.", "clinical"),
        # Booking clerks and clinic co-ordinators are a path by our labels, whatever clerical words they carry.
        ("Outpatient Booking Clerk", "Book patients into clinics and answer the phones.", "other"),
        ("Clinic Co-ordinator", "Arrange the clinic lists and book patients' appointments.", "other"),
        # ...as are the clerks who book appointments and take referrals.
        ("Imaging Appointment Facilitator - Band 3", "Book scans and answer patients' calls.", "other"),
        ("Referrals Administrator - Example Surgery", "Send the practice's referrals to hospital clinics.", "other"),
        # A medical secretary (PA) who also keeps a waiting list is a secretary.
        ("Medical PA with Waiting List Management", "Type clinic letters and keep the waiting list.", "unrelated"),
        # Falls prevention, employment retention and patient safety co-ordination are paths.
        ("Falls Coordinator - Community", "Train community teams in preventing falls.", "other"),
        ("Employment Retention Worker", "Help people with health conditions keep their jobs.", "other"),
        ("Patient Safety Coordinator", "Support incident reviews across the trust's hospitals.", "other"),
        # Patient safety, clinical audit and effectiveness posts are governance work, a path.
        ("Patient Safety Manager", "Lead the investigation of serious incidents and share what we learn.", "other"),
        ("Clinical Effectiveness Facilitator", "Help teams audit their practice against national guidance.",
         "other"),
        # Mental Capacity Act and best-interests assessors: a path open to OTs among others.
        ("Best Interests Assessor", "Assess whether a person's care amounts to a deprivation of liberty.", "other"),
        ("Mental Capacity Act Nurse Specialist", "Advise wards on capacity assessments.", "other"),
        ("DoLS Administrator", "Log applications and send letters to care homes.", "unrelated"),
        # A community equipment service's store is the equipment path, "store" or not.
        ("Community Equipment Store Manager", "Run the loan store that supplies beds and hoists to homes.",
         "other"),
        # Social prescribing and cancer MDT tracking co-ordinate a patient's path.
        ("Social Prescribing Link Worker", "Connect patients with community groups and services.",
         "care_coordination"),
        ("MDT Patient Tracker", "Track patients on cancer pathways and prepare the weekly meeting list.",
         "care_coordination"),
        # An OT or PT in a wheelchair service treats: clinical, not the equipment path.
        ("Wheelchair Service Occupational Therapist", "Assess clients for powered chairs and seating; hold a "
         "caseload.", "clinical"),
        # A US federal "supervisory" therapist leads the service.
        ("Supervisory Occupational Therapist", "Lead the occupational therapy section; carry a small caseload.",
         "other"),
        # A mental-health "clinician" whose title names patient flow works the flow.
        ("Patient Flow Clinician", "Gatekeep admissions to our mental health wards, manage the beds and work "
         "with the crisis and home treatment teams. Mental health nursing, psychology or social work.",
         "care_coordination"),
    ],
)
def test_titles_that_say_little_of_the_job(title: str, text: str, family: str) -> None:
    assert coarse_family(run(title, text).classification.family) == family


@pytest.mark.parametrize(
    ("text", "credentials"),
    [
        # Allied health professionals as the audience, the governance or the team: not the hire.
        ("Requirements: You will set clinical standards for nursing and AHP staff.", []),
        ("Essential: Experience of teaching workshops for allied health professionals.", []),
        # The hire is one.
        ("Essential: Registered nurse or AHP with current registration.", ["OT", "PT", "SLP", "RN"]),
        ("Essential: A qualified allied health professional.", ["OT", "PT", "SLP"]),
        ("Essential: Professional qualification - NMC, AHP (HCPC) or social work.", ["OT", "PT", "SLP", "RN", "SW"]),
    ],
)
def test_allied_health_professionals_named_around_the_job(text: str, credentials: list[str]) -> None:
    assert run("Service Lead", text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A GP surgery's staff and services are not GPs.
        ("GP Surgery Receptionist", "Greet patients and answer the phones.", []),
        ("Healthcare Assistant GP Practice", "Take bloods and blood pressures.", []),
        # A training programme director in the NHS is a doctor, though the title leads others.
        ("Training Programme Director - Neurology", "Support the trainees of the region.", ["MD"]),
        # The nurses the hire answers to, or whose plans the hire follows, are not the hire.
        ("Phlebotomist", "Essential: The post holder is accountable to the registered nurses on the ward.", []),
        ("Healthcare Assistant", "Essential: Follow care plans developed by the registered nurse.", []),
        ("Senior Care Assistant", "Requirements: We welcome people who do not currently hold an NMC pin.", []),
        # The team that supports the hire, the people it liaises with, a department's make-up,
        # a career ladder and a contact's job title are not the hire's credentials.
        ("Occupational Therapist", "You will be supported by experienced Band 7 Physiotherapists.", ["OT"]),
        ("Clinic Co-ordinator", "You will liaise with consultants, doctors and clinical nurse specialists.", []),
        ("Dietitian", "You are part of a department of 25 dietetic, nurse and admin staff.", []),
        ("Healthcare Assistant", "Careers range from band 2 assistants moving through to registered nurses.", []),
        ("Therapy Assistant", "Jane Smith - Physiotherapist", []),
        # A leader's title that names a discipline with "&" names the hire's own.
        ("Clinical Lead Speech & Language Therapist", "Lead the team.", ["SLP"]),
        # Who may apply, listed after "including" or "who is a qualified".
        ("Practitioner", "We welcome applications from all mental health professionals, including nurses, "
         "occupational therapists and social workers.", ["OT", "RN", "SW"]),
        ("Practitioner", "We want to recruit a practitioner who is a qualified RMN, OT or social worker.",
         ["OT", "RN", "SW"]),
        # A nurse practitioner is a registered nurse, so such a post is never "can apply" for a
        # therapist; the nurse practitioners a hire works beside are still the team.
        ("Advanced Clinical Practitioner", "You must be a qualified advanced nurse practitioner or "
         "paramedic.", ["RN"]),
        ("Practice Manager", "You will work alongside our nurse practitioners and GPs.", []),
        # A nursing degree required is a nurse's post; students on one are not the hire.
        ("Clinical Utilization Review Specialist", "Qualifications: Associate Degree in Nursing required.",
         ["RN"]),
        ("Practice Educator", "You will support students on the nursing degree programme.", []),
        # "NMC or HCPC" on a theatre or a nurse's post is a nurse's or an ODP's registration...
        ("Theatre Practitioner", "Requirements: Registration with the NMC or HCPC.", ["RN"]),
        ("PACU Nurse", "Requirements: Registration with the NMC or HCPC.", ["RN"]),
        # ...but the therapists' too where the title names no other profession.
        ("Case Manager", "Requirements: Registration with the NMC or HCPC.", ["OT", "PT", "SLP", "RN"]),
        # A UK ward manager or nursing lead is a registered nurse.
        ("Deputy Ward Manager - Band 6", "Lead the ward team day to day.", ["RN"]),
        ("Nursing Clinical Lead - Wellbeing", "Lead the service's clinical team.", ["RN"]),
        # A midwife's NMC registration is a midwife's.
        ("Bank Midwife", "Requirements: Current registration with the NMC.", []),
        ("Head of Nursing and Midwifery", "Requirements: Current registration with the NMC.", ["RN"]),
    ],
)
def test_credentials_read_from_titles_and_cues(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "credentials", "license_required"),
    [
        # A registration required but not named: any registered nurse or AHP (not an assistant).
        ("Resuscitation Officer", "You must hold a professional registration and teaching experience.",
         ["OT", "PT", "SLP", "RN"], True),
        ("Practice Education Facilitator", "We are recruiting a registered healthcare professional to "
         "support learners in practice.", ["OT", "PT", "SLP", "RN"], True),
        ("Learning and Development Facilitator", "Are you a qualified health care professional working in "
         "clinical education?", ["OT", "PT", "SLP", "RN"], True),
        # A title that names another job keeps its own registration.
        ("Clinical Technologist", "You must hold a professional registration.", [], True),
        # A named credential wins.
        ("Practice Educator", "You must be a registered nurse with a professional registration.", ["RN"], True),
    ],
)
def test_a_registration_that_names_no_profession(
    title: str, text: str, credentials: list[str], license_required: bool
) -> None:
    req = run(title, text).requirements
    assert (req.credentials, req.license_required) == (credentials, license_required)


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        # A community team's practitioner who is each patient's named care co-ordinator
        # (Care Programme Approach) co-ordinates care rather than treats...
        ("Mental Health Practitioner", "Join our community mental health team. You will hold a caseload as "
         "care co-ordinator under the Care Programme Approach. Open to registered mental health nurses, "
         "social workers and occupational therapists.", "care_coordination"),
        # ...a crisis team's practitioner who assesses and treats stays clinical work.
        ("Mental Health Practitioner", "Join our crisis home treatment team, assessing and treating adults "
         "at home. Open to registered mental health nurses, social workers and occupational therapists.",
         "clinical"),
    ],
)
def test_a_named_care_coordinator_coordinates(title: str, text: str, family: str) -> None:
    c = run(title, text).classification
    assert c.relevant
    assert coarse_family(c.family) == family


@pytest.mark.parametrize(
    ("title", "credentials"),
    [
        # A practical nurse's title is not a registered nurse's, wherever "Nurse" sits.
        ("Clinic Nurse - LPN", ["LPN"]),
        ("Licensed Practical Nurse - Weekend Shifts", ["LPN"]),
        ("Nurse (RN or LPN)", ["RN", "LPN"]),
        ("Lead Nurse", ["RN"]),
        # Physician associates and assistants are not doctors.
        ("Physician Assistant - Urgent Care", []),
        ("Physician Associate - Acute Medicine", []),
        ("Doctor / Physician Associate", ["MD"]),
        # A bare microbiologist works in a laboratory; a consultant one is a doctor.
        ("Lab Microbiologist - Nights", []),
        ("Consultant Microbiologist", ["MD"]),
        # (A device maker's field post is no consultant doctor's: see
        # test_a_device_makers_clinical_specialist.)
        ("Surgical Consultant", ["MD"]),
        # Dental nurses register with the dental council; a dental trainer is no dentist.
        ("Qualified Dental Nurse", []),
        ("Dental Practice Trainer", []),
    ],
)
def test_other_professions_titles_name_the_right_credential(title: str, credentials: list[str]) -> None:
    p = run(title, "")
    assert p.requirements.credentials == credentials
    assert not p.classification.relevant


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        # A manager's post open to a therapist's registration is a leadership path.
        ("Team Manager - Children's Community Team",
         "You will lead a team of clinicians. Applicants must be registered with the NMC or the HCPC "
         "as a nurse, occupational therapist or physiotherapist.", "other"),
        # ...not one that asks for no registration at all,
        ("Team Manager - Payroll", "You will lead the payroll team and run monthly pay.", "unrelated"),
        # ...nor a title that names another profession.
        ("Ward Manager - Nurse", "Applicants must be registered with the NMC or the HCPC.", "unrelated"),
    ],
)
def test_leadership_open_to_therapists_is_a_path(title: str, text: str, family: str) -> None:
    assert run(title, text).classification.family == family


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # a speech therapy lead's title asks for the SLT registration
        ("Speech, Voice and Swallowing Therapy Lead", "Lead our voice and dysphagia service.", ["SLP"]),
        ("Speech, Voice and Swallowing Therapy Lead", "You must be HCPC registered.", ["SLP"]),
        # ...not an office post in that service
        ("Speech and Swallowing Therapy Administrator", "Book clinics for HCPC registered staff.", []),
    ],
)
def test_a_speech_therapy_leads_title_names_its_discipline(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "setting", "sentence_has"),
    [
        # the years are asked in a setting, though the title named the setting first
        ("Mental Health Practitioner", "You will need at least 2 years' experience in mental health since qualifying.",
         "mental_health", "2 years"),
        # child and adolescent mental health services are a mental health setting
        ("Team Manager - CAMHS", "You must have 5 years of recent CAMHS experience.", "mental_health", "5 years"),
    ],
)
def test_years_asked_in_a_setting_cite_the_years_sentence(title: str, text: str, setting: str, sentence_has: str) -> None:
    r = run(title, text).requirements
    assert setting in r.settings
    assert sentence_has in r.sentences[f"setting:{setting}"]


@pytest.mark.parametrize(
    ("title", "text", "relevant", "credentials"),
    [
        # a nursing service's head is a nurse's post, though it asks for "NMC or HCPC"
        ("Head of Community Nursing", "Lead our out-of-hospital services. NMC or HCPC registration is essential.",
         False, ["RN"]),
        # a nursing associate is not a registered nurse
        ("Nursing Associate - Community Nursing", "Support the district team with visits.", False, []),
    ],
)
def test_nursing_services_titles(title: str, text: str, relevant: bool, credentials: list[str]) -> None:
    p = run(title, text)
    assert p.classification.relevant is relevant
    assert p.requirements.credentials == credentials


# A pharmacy benefit's prior-authorization posts: relevant (utilization management,
# whatever credential it asks) but never "can apply" for a therapist.
@pytest.mark.parametrize(
    ("title", "text", "codes"),
    [
        ("Utilization Management Pharmacist", "Review drug requests. An active pharmacist license is required.", ["RPH"]),
        ("Prior Authorization Specialist", "Requirements: PharmD and a current RPh license.", ["RPH"]),
        ("Prior Authorization Specialist", "Requirements: CPhT or PTCB certification.", ["CPHT"]),
        ("Prior Authorization Pharmacy Technician", "Process authorization requests by fax and phone.", ["CPHT"]),
        # the team, not the hire
        ("Discharge Coordinator", "You will work alongside doctors, pharmacists and nurses. Registered OT required.", ["OT"]),
    ],
)
def test_a_pharmacy_post_asks_a_pharmacy_credential(title: str, text: str, codes: list[str]) -> None:
    from otpath.match import posting_verdict
    from otpath.profile.models import Profile

    posting = run(title, text)
    assert posting.requirements.credentials == codes
    if codes[0] in ("RPH", "CPHT"):
        # relevant (prior authorization) or another profession's job: either way not for a COTA
        verdict = posting_verdict(posting, Profile(credentials=["COTA"], years_experience=3))
        assert verdict.verdict == "cannot_apply"
        assert any("a credential you do not hold" in r or "another profession" in r for r in verdict.reasons)


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # The person to ask is not the person to hire: their job title is left out...
        ("Behaviour Support Worker", "Support people with learning disabilities at home.\n"
         "For further details / informal visits contact:\nName Jo Bloggs\nJob title Speech and Language Therapist\n"
         "Email address jo@example.org", []),
        # ...also when the job site glues the fields together...
        ("Clinic Coordinator", "Run the clinic lists.\nFor further details / informal visits contact:\n"
         "NameJo BloggsJob titleBand 7 PhysiotherapistEmail addressjo@example.org", []),
        # ...and what follows the block is read again.
        ("Clinic Coordinator", "Run the clinic lists.\nFor further details / informal visits contact:\n"
         "Name Jo Bloggs\nJob title Occupational Therapist\nAdditional contact information\n"
         "Applicants must be registered nurses.", ["RN"]),
    ],
)
def test_the_contact_block_names_no_credential(title: str, text: str, credentials: list[str]) -> None:
    assert run(title, text).requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A title of one discipline: "a registered AHP" is that discipline's registration...
        ("Specialist Physiotherapist - Stroke", "Essential: a registered allied health professional with "
         "stroke experience.", {"PT"}),
        ("Occupational Therapist", "Thinking of returning to practice as an allied health professional? "
         "Registered AHPs are welcome to apply.", {"OT"}),
        # ...while other disciplines it names outright still count...
        ("Occupational Therapist", "We are seeking an Occupational Therapist or Physiotherapist to join "
         "the frailty team.", {"OT", "PT"}),
        # ...and a title that offers a choice keeps the whole group.
        ("Occupational Therapist or Physiotherapist", "Essential: a registered allied health professional.",
         {"OT", "PT", "SLP"}),
    ],
)
def test_a_single_discipline_title_narrows_a_group_word(title: str, text: str, credentials: set[str]) -> None:
    assert set(run(title, text).requirements.credentials) == credentials


@pytest.mark.parametrize(
    ("title", "text", "credentials"),
    [
        # A discipline written as a subject counts as an item of a list of credentials...
        ("CAMHS Practitioner", "You will be a qualified CAMHS professional (RMN, Social Work, Occupational "
         "Therapy).", {"RN", "SW", "OT"}),
        ("Crisis Practitioner", "The post is open to applicants with a registration in nursing, occupational "
         "therapy or social work.", {"RN", "SW", "OT"}),
        ("Liaison Practitioner", "You will hold a qualification in mental health nursing, occupational therapy, "
         "speech and language therapy or social work.", {"RN", "SW", "OT", "SLP"}),
        # ...never as a department, a service or a team.
        ("Ward Clerk", "Book appointments for the occupational therapy and physiotherapy departments.", set()),
        ("Team Administrator", "Type letters for the physiotherapy and occupational therapy services.", set()),
    ],
)
def test_a_discipline_in_a_list_of_registrations(title: str, text: str, credentials: set[str]) -> None:
    assert set(run(title, text).requirements.credentials) == credentials


_CRISIS = (
    "Our crisis team supports adults in mental health crisis at home, many living with depression. You "
    "will assess people, plan their treatment and hold a caseload, working with psychiatrists and support "
    "workers. "
)


@pytest.mark.parametrize(
    ("title", "text", "relevant", "family"),
    [
        # A mental-health practitioner's post open to OTs is therapy work an OT can take...
        ("Crisis Practitioner", _CRISIS + "Applications are welcomed from RMNs, social workers and "
         "occupational therapists.", True, "clinical"),
        # ...care co-ordination when the holder is a named care co-ordinator...
        ("Community Mental Health Practitioner", "You will act as care coordinator under the care programme "
         "approach for adults with severe mental illness. Applications are welcomed from RMNs, social "
         "workers and occupational therapists.", True, "care_coordination"),
        # ...and another profession's job when only nurses may apply.
        ("Crisis Practitioner", _CRISIS + "You must be a registered mental health nurse (RMN).", False, "unrelated"),
    ],
)
def test_mental_health_practice_open_to_therapists(title: str, text: str, relevant: bool, family: str) -> None:
    c = run(title, text).classification
    assert (c.relevant, coarse_family(c.family)) == (relevant, family)


@pytest.mark.parametrize(
    ("title", "text", "remote"),
    [
        # Work in a hospital department or at a named hospital is on-site...
        ("Discharge Facilitator", "This is a chance to work within the Emergency Department at Kingsway "
         "General Hospital in a busy role.", "onsite"),
        ("Booking Clerk", "A vacancy has arisen within the Appointments Centre, which is based at Elm Park "
         "Hospital.", "onsite"),
        ("Flow Coordinator", "You will be based on the Northgate site and must be flexible to work cross site.",
         "onsite"),
        # ...unless the advert offers home working...
        ("Booking Clerk", "The team is based at Elm Park Hospital; you may work from home two days a week.",
         "hybrid"),
        # ...and a hospital named in the employer's recruitment boilerplate says nothing of the job.
        ("Booking Clerk", "Read about values based recruitment at Elm Park Hospital before you apply.",
         "unknown"),
        ("Booking Clerk", "Book appointments for the surgical teams by phone and email.", "unknown"),
    ],
)
def test_work_at_a_named_hospital_is_on_site(title: str, text: str, remote: str) -> None:
    assert run(title, text).requirements.remote == remote


@pytest.mark.parametrize(
    ("title", "text", "remote"),
    [
        # A base office with travel across the area, a car for the job, visits to people's homes...
        ("Safety Officer", "The main office base is at Durham and you will travel across the county.", "onsite"),
        ("Practitioner", "You must be able to travel independently and have access to a suitable vehicle.", "onsite"),
        ("Practitioner", "You will visit older people in their own homes to review their equipment.", "onsite"),
        ("Coordinator", "Join the flow team who will be based in Leyland.", "onsite"),
        # ...but not a car benefit, a service's aims, or where other staff sit.
        ("Analyst", "You will have access to a car lease scheme and generous leave.", "unknown"),
        ("Policy Lead", "Do you want more people to be cared for in their own homes?", "unknown"),
        ("Recruitment Assistant", "You will work with colleagues who are based in Manchester.", "unknown"),
    ],
)
def test_a_base_a_car_and_home_visits_are_on_site(title: str, text: str, remote: str) -> None:
    assert run(title, text).requirements.remote == remote


def test_an_employment_specialists_caseload_is_vocational_work() -> None:
    # A caseload of people looking for work is not a caseload of patients to treat.
    text = ("Hold a caseload of clients of the community mental health team and help each find and keep "
            "paid work. We welcome occupational therapists, nurses and social workers. Treatment plans "
            "are held by the care team.")
    c = run("IPS Employment Specialist", text).classification
    assert (c.relevant, c.family, coarse_family(c.family)) == (True, "vocational_disability", "other")


@pytest.mark.parametrize(
    ("title", "credentials"),
    [
        # An advanced physiotherapy practitioner is a physiotherapist...
        ("Advanced Physiotherapy Practitioner - MSK", ["PT"]),
        ("Bank MSK Advanced Physiotherapy Practitioner", ["PT"]),
        # ...a physiotherapy assistant practitioner is not.
        ("Physiotherapy Assistant Practitioner", []),
    ],
)
def test_a_physiotherapy_practitioner_is_a_physiotherapist(title: str, credentials: list[str]) -> None:
    assert run(title, "Join our outpatient team.").requirements.credentials == credentials


@pytest.mark.parametrize(
    ("title", "credentials"),
    [
        # A case or care manager manages a caseload: the code in the title is the hire's...
        ("RN Case Manager", ["RN"]),
        ("Case Manager - RN", ["RN"]),
        ("Ambulatory RN Care Manager", ["RN"]),
        # ...and so is a leader's own credential written as a code...
        ("Clinical Lead (RMN)", ["RN"]),
        ("OT Supervisor", ["OT"]),
        # ...but not a service a leader runs, or a vacancy reference that ends in letters.
        ("Director of PT", []),
        ("Rehab Manager", []),
        ("IAPT Clinical Lead (AQP 608 RN)", []),
        ("High Intensity Therapist (NHS AQP MH 647 RN)", []),
    ],
)
def test_codes_in_case_manager_and_leader_titles(title: str, credentials: list[str]) -> None:
    assert run(title, "Join our team.").requirements.credentials == credentials


@pytest.mark.parametrize(
    "title",
    [
        "Clinical Account Specialist (Nashville, TN)",
        "Cranial Clinical Specialist Representative",
        "Associate Clinical Consultant - Metro Area",
        "Clinical Specialist CRM - Sarasota",
    ],
)
def test_a_device_makers_field_clinician_is_a_sales_path(title: str) -> None:
    # Titles alone, as a job board's list shows them: a path (device sales), not another profession.
    c = run(title, "").classification
    assert (c.relevant, c.role) == (True, "dme_sales")


def test_an_nhs_clinical_specialist_is_still_a_therapist() -> None:
    c = run("Clinical Specialist Physiotherapist - Respiratory", "Treat patients on the respiratory wards.")
    assert coarse_family(c.classification.family) == "clinical"


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        # "Home based" said of the post is remote work...
        ("This role is home based with occasional travel to Leeds.", "remote"),
        # ...for now, or beside a base, it is part-time remote...
        ("The post is currently home based due to COVID.", "hybrid"),
        ("Base: York House/Home Based.", "hybrid"),
        ("The post is part home based and part based at Trust sites.", "hybrid"),
        # ...and therapy given in people's homes, or other staff at home, is not.
        ("Therapy is home based and we also see people in care homes.", "unknown"),
        ("When home based staff visit the office they hot desk.", "unknown"),
    ],
)
def test_home_based_said_of_the_post(text: str, remote: str) -> None:
    assert run("Project Officer", text).requirements.remote == remote


def test_a_practical_nurses_review_job_is_utilization_management() -> None:
    # The title names only the credential; the duties are a payer's review, and they
    # name the treatment reviewed ("plans of care") without treating anyone.
    text = (
        "Gather the clinical information needed to judge medical necessity and the "
        "appropriateness of treatment for members. Apply clinical criteria and plan "
        "benefits to pre-certification, concurrent and retrospective reviews. Send "
        "treatment plans and plans of care to medical directors when the criteria are not met."
    )
    c = run("LPN / LVN", text).classification
    assert (c.relevant, c.role) == (True, "utilization_review")
    # The same title over a nurse's caseload stays another profession's job.
    ward = "Give medications, treat patients on the ward and keep their plans of care up to date."
    assert run("LPN / LVN", ward).classification.family == "unrelated"


def test_a_title_that_names_review_before_case_management_is_review() -> None:
    text = (
        "Perform utilization reviews: pre-admission certification, concurrent review and "
        "discharge review against medical necessity criteria. Work with discharge planners "
        "on discharge planning and the discharge plan for each admission."
    )
    assert run("Utilization Review / Case Manager", text).classification.role == "utilization_review"
    # A hospital case manager who plans discharges is still care coordination.
    assert run("Case Manager", text.replace("Perform utilization reviews", "Plan discharges")).classification.family == (
        "care_coordination"
    )


def test_a_medicaid_services_coordinator_coordinates_care() -> None:
    c = run("Medicaid Services Coordinator", "Help people with developmental disabilities reach services.")
    assert (c.classification.relevant, c.classification.family) == (True, "care_coordination")


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        # A title that opens the post to allied health professionals is not another
        # profession's job: a ward's manager may be a nurse or an OT...
        ("Ward Manager - AHP Considered", "Lead the ward team. You will be an RMN or an HCPC registered AHP.", "other"),
        # ...an outreach post for people with severe mental illness treats them...
        (
            "Physical Health Check Nurse / AHP",
            "Carry a caseload of patients, assess them and deliver treatment plans in clinic.",
            "clinical",
        ),
        # ...and clinical research delivery open to AHPs is a path, even when the job
        # board cut the title short.
        (
            "Senior Clinical Research Nurse / Midwife or Allied Health Professiona",
            "Recruit participants to studies and run the research team.",
            "other",
        ),
        # An assistant to the AHPs' director is an office job, not a therapist's.
        ("PA to Director of Allied Health Professions", "Manage the director's diary and minutes.", "unrelated"),
        # A nurse's research post, and a nurse's ward, stay theirs.
        ("Senior Clinical Research Nurse", "Recruit participants to studies and run the research team.", "unrelated"),
        ("Ward Manager - Registered Nurse", "Lead the ward team. You will be an RMN.", "unrelated"),
    ],
)
def test_a_title_open_to_allied_health_professionals(title: str, text: str, family: str) -> None:
    p = run(title, text)
    assert coarse_family(p.classification.family) == family
    if family != "unrelated":
        assert {"OT", "PT"} <= set(p.requirements.credentials)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Open to a nurse, an OT or a physio, and the work is getting people home from
        # hospital early or keeping them out of it: care coordination.
        (
            "We welcome a Nurse, Occupational Therapist or Physiotherapist. You will facilitate early "
            "discharge from A&E and help prevent hospital admissions through our single point of access.",
            "care_coordination",
        ),
        # The same duties in a post that asks for a nurse alone stay a nurse's job...
        (
            "You must be a Registered Nurse. You will facilitate early discharge from A&E and help "
            "prevent hospital admissions through our single point of access.",
            "unrelated",
        ),
        # ...and one passing mention of discharge does not make a post open to therapists coordination.
        ("We welcome a Nurse, Occupational Therapist or Physiotherapist. Plan a safe discharge.", "unrelated"),
    ],
)
def test_discharge_and_admission_avoidance_work_open_to_therapists(text: str, family: str) -> None:
    c = run("Senior Assessor - Rapid Response", text).classification
    assert coarse_family(c.family) == family


@pytest.mark.parametrize(
    ("title", "company", "role"),
    [
        # A device maker's "Clinical Specialist" is a field clinician: the device-sales path.
        ("Clinical Specialist", "Medtronic", "dme_sales"),
        ("Clinical Specialist, CRM - Springfield, IL", "Abbott", "dme_sales"),
        ("Advanced Surgical Consultant - Acme MedTech - Heart Recovery", "Acme", "dme_sales"),
        ("Surgical Consultant - MedTech Field Team", "Acme", "dme_sales"),
        # Elsewhere it is not...
        ("Clinical Specialist", "St Elsewhere Hospital", None),
        # ...and a device maker's other jobs are what their titles say.
        ("Software Engineer", "Medtronic", None),
        ("Registered Nurse - Patient Educator", "Abbott", None),
    ],
)
def test_a_device_makers_clinical_specialist(title: str, company: str, role: str | None) -> None:
    p = process(RawPosting(title=title, description="", company=company))
    assert p.classification.role == role
    if role:
        assert "MD" not in p.requirements.credentials  # a field clinician, not a consultant doctor


@pytest.mark.parametrize(
    ("site", "url", "want_url", "want_site"),
    [
        # a "source" field that holds the advert's address: that is where it was found
        ("https://jobs.example.org/?p=291065", None, "https://jobs.example.org/?p=291065", "jobs.example.org"),
        # ...and a posting's own address stays first
        ("https://jobs.example.org/list", "https://jobs.example.org/1", "https://jobs.example.org/1", "jobs.example.org"),
        ("indeed", "https://www.indeed.com/viewjob?jk=1", "https://www.indeed.com/viewjob?jk=1", "indeed"),
        ("indeed", None, None, "indeed"),
        # an address inside a note about where the record came from
        ("a scrape of NHS Jobs, Nov 2020 (original URL https://www.jobs.nhs.uk/xi/vacancy/916213055)", None,
         "https://www.jobs.nhs.uk/xi/vacancy/916213055", "www.jobs.nhs.uk"),
    ],
)
def test_a_source_field_that_is_an_address_gives_the_posting_s_address(
    site: str, url: str | None, want_url: str | None, want_site: str
) -> None:
    p = process(RawPosting(title="Utilization Review Specialist", description="Review.", site=site, url=url))
    assert (p.url, p.site) == (want_url, want_site)
