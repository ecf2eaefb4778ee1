"""extract: requirements read from a posting's title and text."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.models import RawPosting
from otpath.postings.pipeline.extract import (
    extract_requirements,
    parse_pay,
    parse_years,
    split_sentences,
)

# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------

CREDENTIAL_CASES = [
    ("For this role you need to be a PT, PTA, OT, COTA, or SLP.", ["OT", "COTA", "PT", "PTA", "SLP"]),
    ("Requirements:\n- Licensed therapist (PT/OT/SLP)", ["OT", "PT", "SLP"]),
    ("Must hold an active OTR/L or COTA/L license.", ["OT", "COTA"]),
    ("We are hiring a Physical or Occupational Therapist.", ["OT", "PT"]),
    ("Requirements: RN or licensed therapist.", ["OT", "PT", "SLP", "RN"]),
    ("Qualifications\n- PTA/OTA with 2 years in home health", ["COTA", "PTA"]),
    ("Qualified candidates are a licensed Physical, Occupational, or Speech Therapist.", ["OT", "PT", "SLP"]),
    ("Graduate of a PTA, OTA or SLPA program.", ["COTA", "PTA", "SLPA"]),
    ("Former therapists (PT, PTA, OT, COTA, SLP) are encouraged to apply.", ["OT", "COTA", "PT", "PTA", "SLP"]),
    ("Backgrounds in OT, PT, nursing or nutrition are welcome.", ["OT", "PT", "RN"]),
    ("Essential criteria\n- Registered Physiotherapist, Occupational Therapist or Nurse", ["OT", "PT", "RN"]),
    ("Requirements: LCSW or LMSW license.", ["SW"]),
    ("Licensed PT, OT or ST required.", ["OT", "PT", "SLP"]),
    ("An OT or PT background is a strong plus.", ["OT", "PT"]),
    # "physio" counts as an item of a list of professions, never a gym or a team
    ("The post would suit a nurse, social worker, physio or OT.", ["OT", "PT", "RN", "SW"]),
    ("Open to OTs and physios.", ["OT", "PT"]),
    ("Our physio gym has new equipment.", []),
    # the council's name written without its "and"
    ("You must be registered with the Nursing Midwifery Council.", ["RN"]),
    ("Requirements: CCC-SLP and state licensure.", ["SLP"]),
    ("RN, PT, OT or SLP with 3 years of experience across acute and post-acute care.", ["OT", "PT", "SLP", "RN"]),
    # a US state licence named by its discipline
    ("Required license: state Physical Therapy or Occupational Therapy License.", ["OT", "PT"]),
    ("Must hold a current Speech-Language Pathology license.", ["SLP"]),
    ("Occupational Therapy Assistant license required.", ["COTA"]),
    # the disciplines listed right before "background"
    ("We want a care co-ordinator from either a nursing, occupational therapy or social work background.", ["OT", "RN", "SW"]),
    ("Practitioners from a mental health nursing background are invited to apply.", ["RN"]),
    ("Suits someone from a nursing or therapy background.", ["OT", "PT", "SLP", "RN"]),
    ("Open to clinicians from a variety of nursing backgrounds.", ["RN"]),
    # a requirement that follows a word about whom the post educates
    ("Our Education Team requires an experienced Emergency Nurse for 23 hours a week.", ["RN"]),
    ("The Practice Education Facilitator post is suitable for an experienced allied health professional.", ["OT", "PT", "SLP"]),
    ("We are looking to recruit six people who have either NMC or HCPC registration.", ["OT", "PT", "SLP", "RN"]),
    # hard negatives: people you supervise, work with, recruit, or review
    ("Experience in oversight and supervision of assistants (CNAs, PTAs, OTAs).", []),
    ("You will supervise PTAs and COTAs on the team.", []),
    ("Work closely with PTs, OTs and SLPs on discharge plans.", []),
    ("Recruit PTs, OTs and SLPs for school districts.", []),
    ("Review PT/OT/ST evaluations and progress notes for medical necessity.", []),
    ("Coordinate OT services for students.", []),
    ("Under the supervision of an OTR, you will lead groups.", []),
    ("The OT department is growing.", []),
    ("Competitive pay and OT available.", []),
    ("Located on St. Mary's campus.", []),
    ("Must have a valid driver's license and reliable car.", []),
    ("You will join colleagues from a nursing or occupational therapy background.", []),
    ("Applications are welcome from a nursing background or a non-clinical management background.", []),
    ("Residents come from a nursing home background.", []),
    ("You will come from a strong clinical background.", []),
    ("This role requires a hands-on approach and close work with senior nurses.", []),
]


@pytest.mark.parametrize(("text", "codes"), CREDENTIAL_CASES, ids=[c[0][:45] for c in CREDENTIAL_CASES])
def test_credentials(text: str, codes: list[str]) -> None:
    r = extract_requirements("Specialist", text)
    assert sorted(r.credentials) == sorted(codes)
    if codes:
        assert r.credentials_sentence and r.sentences["credentials"] == r.credentials_sentence
    else:
        assert r.credentials_sentence is None


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("Utilization Management Therapist (PT/OT)", ["OT", "PT"]),
        ("COTA/L - Skilled Nursing", ["COTA"]),
        ("Occupational Therapist - Clinical Reviewer", ["OT"]),
        ("Travel Therapy Recruiter - PT/OT/SLP", []),  # the people recruited
        # a leader's title that lists codes lists who may lead (a US rehab director is a
        # licensed therapist); "Director of PT" names the service
        ("Director of Rehab (PT, OT or SLP)", ["OT", "PT", "SLP"]),
        ("Director of PT", []),
        ("Utilization Review Nurse", ["RN"]),
        ("Licensed Practical Nurse - Long-Term Care", ["LPN"]),
        ("Nurse Practitioner", ["RN"]),  # a nurse practitioner is a registered nurse
        ("Sensory Gym Ownership - Ideal for OTs and COTAs", ["OT", "COTA"]),
        ("Education Lead Health Visiting", ["RN"]),  # health visitors are registered nurses
        ("Health Visiting Administrator", []),
        ("Speech & Language Pathologist - School Year", ["SLP"]),
        ("Speech/Language Pathologist", ["SLP"]),
    ],
)
def test_credentials_from_title(title: str, codes: list[str]) -> None:
    assert extract_requirements(title, "").credentials == codes


@pytest.mark.parametrize(
    ("title", "text", "codes"),
    [
        # a leader's title naming one discipline: that discipline, register named or not
        ("Head of Profession for Speech and Language Therapy", "Lead our paediatric team.", ["SLP"]),
        ("Physiotherapy Manager", "Run the outpatient service.", ["PT"]),
        ("Occupational Therapy Team Leader", "Lead a community team.", ["OT"]),
        # a degree in the discipline asks for it as a register would
        ("Senior Physiotherapist", "Qualifications\n- Degree in physiotherapy or equivalent.", ["PT"]),
        # not a registrant's job, or not one discipline
        ("Physiotherapy Administrator", "Book clinic appointments.", []),
        ("Therapy Manager", "Lead the therapy service.", []),
    ],
)
def test_a_title_naming_one_discipline(title: str, text: str, codes: list[str]) -> None:
    assert extract_requirements(title, text).credentials == codes


def test_supervision_sentence_does_not_hide_a_real_requirement() -> None:
    text = (
        "Requirements\n- Licensed PT or OT\n"
        "- Experience in oversight and supervision of assistants (CNAs, PTAs, OTAs)"
    )
    r = extract_requirements("Care Coordinator", text)
    assert r.credentials == ["OT", "PT"]
    assert r.credentials_sentence == "Licensed PT or OT"


# ---------------------------------------------------------------------------
# Licence
# ---------------------------------------------------------------------------

LICENSE_CASES = [
    ("Active, unrestricted license as a PT or OT.", True),
    ("Current state licensure required.", True),
    ("Must be licensed in Texas.", True),
    ("Requirements\n- OT license in good standing", True),
    ("Compact license accepted.", True),
    ("Licensed Physical Therapist Assistant in Colorado.", True),
    ("Valid driver's license required.", False),
    ("No license required.", False),
    ("A clinical license is not required for this role.", False),
    ("We hold a business license in all 50 states.", False),
    ("Software license management experience.", False),
    ("", False),
    ("Great benefits.", False),
    ("Licensure: RN", True),
    ("This role does not require an active license.", False),
    # another person's licence: the work goes to them
    ("Send complex requests to a licensed therapist reviewer.", False),
    ("Escalate denials to the licensed clinical reviewer on call.", False),
    ("The role is open to a licensed OT or PT.", True),
]


@pytest.mark.parametrize(("text", "expected"), LICENSE_CASES)
def test_license_required(text: str, expected: bool) -> None:
    r = extract_requirements("Reviewer", text)
    assert r.license_required is expected
    assert ("license" in r.sentences) is expected


# ---------------------------------------------------------------------------
# Years
# ---------------------------------------------------------------------------

YEARS_CASES = [
    ("3-5 years of clinical experience.", (3.0, 5.0)),
    ("3 to 5 years of experience in acute care.", (3.0, 5.0)),
    ("3\u20135 years in home health.", (3.0, 5.0)),
    ("Minimum of 2 years as a PT.", (2.0, None)),
    ("At least one year of outpatient experience.", (1.0, None)),
    ("5+ years of UM experience.", (5.0, None)),
    ("Two (2) years of clinical experience required.", (2.0, None)),
    ("A minimum of six months of experience.", (0.5, None)),
    ("1 year of experience required; 3 years preferred.", (1.0, None)),
    ("3 years preferred.\nMinimum 1 year of clinical experience.", (1.0, None)),
    ("Requirements\n- 2 years of SNF experience", (2.0, None)),
    ("At least 3 years of work experience as an occupational therapist.", (3.0, None)),
    ("Experience: 4 or more years of clinical practice.", (4.0, None)),
    ("1 year of experience preferred.", (1.0, None)),
    # hard negatives: not experience
    ("Graduate of a two-year PTA program.", (None, None)),
    ("This is a 184-day work year.", (None, None)),
    ("Our clinic has been open 9 years.", (None, None)),
    ("We have served patients for over 30 years.", (None, None)),
    ("Must be eligible to sit for the exam within one year.", (None, None)),
    ("Patients aged 3-5 years.", (None, None)),
    ("New graduates welcome!", (None, None)),
    ("Recertify every 2 years.", (None, None)),
]


@pytest.mark.parametrize(("text", "span"), YEARS_CASES, ids=[c[0][:40] for c in YEARS_CASES])
def test_years(text: str, span: tuple[float | None, float | None]) -> None:
    r = extract_requirements("Therapist", text)
    assert (r.years_min, r.years_max) == span
    assert (r.years_sentence is not None) == (span != (None, None))


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("3-5 years of acute care experience", [(3.0, 5.0)]),
        ("Minimum of two (2) years as a PT; 5+ years preferred", [(2.0, None), (5.0, None)]),
        ("5-3 years of experience", [(3.0, 5.0)]),
        ("We have served patients for over 30 years", []),
        ("99 years of experience", []),
    ],
)
def test_parse_years(sentence: str, spans: list[tuple[float | None, float | None]]) -> None:
    assert parse_years(sentence) == spans


def test_years_from_experience_hint() -> None:
    raw = RawPosting(title="x", experience_hint="24 months of experience")
    assert extract_requirements("x", "", raw).years_min == 2.0


# ---------------------------------------------------------------------------
# Settings, skills, certifications
# ---------------------------------------------------------------------------

SETTINGS_CASES = [
    ("Experience in an acute care, rehab or skilled nursing facility environment preferred.", ["acute", "snf"]),
    ("Inpatient rehabilitation (IRF) experience a plus.", ["irf"]),
    ("Experience in post-acute care.", []),
    ("Experience in acute rehab.", ["irf"]),
    # US sub-acute rehab is a skilled nursing facility's, not an inpatient rehab facility's
    ("Experience in sub-acute rehab or post-acute rehabilitation.", ["snf"]),
    ("Subacute rehabilitation beds.", ["snf"]),
    ("Sub-acute rehab beds on our NHS ward.", []),
    ("LTACH or SNF background.", ["ltach", "snf"]),
    # a US nursing home is SNF / long-term care work; a British one (NHS, HCPC, pounds...) is a
    # care home, which is not a Medicare skilled nursing facility
    ("Long-term care or nursing home experience preferred.", ["snf"]),
    ("Our therapists also see residents in two local nursing homes.", ["snf"]),
    ("Our NHS team sees people at home and in nursing homes.", ["care_home"]),
    ("HCPC registered; you will visit residential and nursing homes.", ["care_home"]),
    ("We support care homes across the borough.", ["care_home"]),
    ("Join the Primary Care Home team in our town.", []),
    # care homes in an employer's list of what it runs, or in a welcome to applicants who
    # work in one now, are not where the job is
    ("NHS ward post. From clinics to care homes, our charity offers many services.", []),
    ("HCPC registered. Across our network of hospitals and care homes we help people.", []),
    ("NHS ward. Our services include a care home support team and a hospice.", []),
    ("NHS ward. Whether you work in a nursing home now or are new, do apply.", []),
    ("NHS ward. If you have only worked in care homes, we will train you.", []),
    ("NHS. Our group runs care homes. You will visit residential homes weekly.", ["care_home"]),
    # the UK has no skilled nursing facilities: in a British advert "LTC" is long-term
    # conditions, "sub-acute" a step-down ward or an illness's phase, "skilled nursing" the
    # care nurses give; none is SNF (a US advert keeps all three)
    ("NHS talking therapies: join our LTC team for people with diabetes.", []),
    ("HCPC registered OT for our sub-acute ward of step-down beds.", []),
    ("Band 5 district nurse giving skilled nursing care at home.", []),
    ("NHS trust: a long-term career with us, in a skilled nursing team.", []),
    ("NHS post; placements in a skilled nursing facility in Ohio.", ["snf"]),
    ("Subacute or LTC experience preferred.", ["snf"]),
    ("Skilled nursing experience required.", ["snf"]),
    ("Plan a long-term career with us.", []),
    ("Home health experience required.", ["home_health"]),
    ("Outpatient orthopedic clinic.", ["outpatient"]),
    ("Pediatric experience preferred.", ["pediatrics"]),
    ("School-based therapy experience.", ["schools"]),
    ("Managed care experience is a plus.", ["managed_care"]),
    ("Behavioral health unit.", ["mental_health"]),
    ("Experience in adult mental health services is essential.", ["mental_health"]),
    # staff benefits and other words that hold the letters are not a setting
    ("We support your physical and mental health with free counselling.", []),
    ("Trained mental health first aiders are on every floor.", []),
    ("Apply if you are an environmental health officer.", []),
    ("Certified hand therapy clinic.", ["hand_therapy"]),
    ("Onsite at our manufacturing plant.", ["industrial"]),
    ("Teletherapy platform.", ["telehealth"]),
    ("Early intervention for infants and toddlers.", ["early_intervention"]),
    ("Ergonomics early intervention at our manufacturing plant.", ["industrial"]),
    ("Fresh air and sunshine.", []),
    ("Experience in community rehabilitation or intermediate care is essential.", ["community"]),
    ("Join our reablement service.", ["community"]),
    ("Maple Community Health Plan reviews therapy requests.", ["managed_care"]),  # a plan, not community work
    # the employer's own staff health checks in the small print are not a setting
    ("Any offer is subject to DBS, occupational health and reference checks.", []),
    ("Fitness for the post will be assessed by Occupational Health.", []),
    ("Pass pre-employment checks including occupational health screening.", []),
    ("Experience of occupational health physiotherapy is essential.", ["industrial"]),
    # a critical (intensive) care unit is acute hospital work
    ("You should have recent critical care experience.", ["acute"]),
    ("Intensive care nursing background essential.", ["acute"]),
    # teaching or academia is the job, or asked of the applicant; a trust's university links,
    # an academic medical centre and a client's schooling are not
    ("Prior teaching experience in an OT program is required.", ["academia"]),
    ("Two years of experience in academia preferred.", ["academia"]),
    ("Core faculty members advise students.", ["academia"]),
    ("Rank: assistant professor, tenure track.", ["academia"]),
    ("We work with our academic partners at the local university.", []),
    ("The Trust is part of an Academic Health Science Centre.", []),
    ("Our 400-bed academic medical center serves the region.", []),
    ("Assess the client's academic and educational functioning.", []),
    ("The hospital is linked to the Faculty of Health at the university.", []),
    ("Formal teaching experience is not essential.", []),
]


@pytest.mark.parametrize(("text", "expected"), SETTINGS_CASES)
def test_settings(text: str, expected: list[str]) -> None:
    assert sorted(extract_requirements("Job", text).settings) == sorted(expected)


SKILL_CASES = [
    # an interview tool, a verb and a frame of mind are not Office skills
    ("Interviews will be held on Microsoft Teams.", []),
    ("You will excel at building rapport with families.", []),
    ("A positive outlook and good humour.", []),
    ("Good working knowledge of Excel and Outlook.", ["Microsoft Office"]),
    ("ICD-10 and InterQual experience a plus.", ["ICD-10", "InterQual"]),
    ("Knowledge of MCG (Milliman) guidelines.", ["MCG"]),
    ("CMS knowledge preferred.", ["CMS guidelines"]),
    ("Medicare and Medicaid rules.", ["Medicare", "Medicaid"]),
    ("Case management experience.", ["case management"]),
    ("Experience performing clinical audits.", ["clinical audits"]),
    ("Comfortable with EMR systems such as Epic.", ["EMR"]),
    ("Utilization review background.", ["utilization review"]),
    ("Discharge planning with families.", ["discharge planning"]),
    ("Process prior authorization requests.", ["prior authorization"]),
    ("Excellent documentation skills required.", ["documentation"]),
    ("Proficient in Microsoft Office and Excel.", ["Microsoft Office"]),
    ("B2B sales experience.", ["sales"]),
    ("REBA and RULA assessments.", ["REBA/RULA"]),
    ("Ergonomic assessments of workstations.", ["ergonomic assessment"]),
    ("Mcg of medication per dose.", []),  # lower-case "mcg" is micrograms
    ("Great team.", []),
]


@pytest.mark.parametrize(("text", "expected"), SKILL_CASES)
def test_skills(text: str, expected: list[str]) -> None:
    r = extract_requirements("Job", text)
    assert sorted(r.skills) == sorted(expected)
    for label in expected:
        assert r.sentences[f"skill:{label}"]


CERT_CASES = [
    ("CEAS certification required.", ["CEAS"], ["CEAS"]),
    ("CEAS or CPE preferred.", ["CEAS", "CPE"], []),
    ("Certified Aging-in-Place Specialist (CAPS) a plus.", ["CAPS"], []),
    ("Must hold RESNA ATP certification.", ["ATP"], ["ATP"]),
    ("CCM required within 12 months of hire.", ["CCM"], []),
    ("CLCP preferred.", ["CLCP"], []),
    ("IAAP CPACC is a plus.", ["CPACC"], []),
    ("AMWA Medical Writer Certified (MWC) preferred.", ["MWC"], []),
    ("NBC-HWC certification required.", ["NBC-HWC"], ["NBC-HWC"]),
    ("Certified Rehabilitation Counselor (CRC) eligible.", ["CRC"], []),
    ("CSCS preferred.", ["CSCS"], []),
    ("Epic certification required.", ["Epic"], ["Epic"]),
    ("Requirements\n- CCM", ["CCM"], ["CCM"]),
    ("Preferred qualifications\n- CEAS", ["CEAS"], []),
    ("Pay caps at $40/hour.", [], []),  # lower-case word, not the credential
    ("The CRC team coordinates clinical research.", [], []),
    ("Epic go-live support.", [], []),
    ("You must be a certified instructor in Adult Advanced Life Support.", ["ALS"], ["ALS"]),
    ("ILS provider certificate desirable.", ["ILS"], []),
    ("Patients with ALS benefit from early referral.", [], []),  # the disease
]


@pytest.mark.parametrize(("text", "certs", "required"), CERT_CASES)
def test_certifications(text: str, certs: list[str], required: list[str]) -> None:
    r = extract_requirements("Job", text)
    assert sorted(r.certifications) == sorted(certs)
    assert sorted(r.certifications_required) == sorted(required)
    for code in certs:
        assert f"cert:{code}" in r.sentences


# ---------------------------------------------------------------------------
# Remote
# ---------------------------------------------------------------------------

REMOTE_CASES = [
    # a benefit on the site is not where the work is done
    ("Staff benefits include an on-site nursery and onsite parking.", None, "unknown"),
    ("Perks: on-site sports facilities and a staff shop.", None, "unknown"),
    ("Staff may park on site at weekends with a permit.", None, "unknown"),
    ("Benefits include a cycle scheme and Car Lease.", None, "unknown"),
    # how you learn or are interviewed is not where the work is done
    ("Trainees get hands-on experience of the booking system.", None, "unknown"),
    ("Interviews may be held by video call rather than in person.", None, "unknown"),
    # a team's initials are not a car
    ("The CAR team runs a duty line for the county.", None, "unknown"),
    # while the work itself still counts
    ("A car driver is essential: you will cover the whole district.", None, "onsite"),
    ("This is a hands-on role on the ward.", None, "onsite"),
    ("Assessments are done in person at the client's workplace.", None, "onsite"),
    # an operating theatre, a trust's list of working patterns, a base that may change for now
    ("The trust has opened a new hybrid theatre for vascular surgery.", None, "onsite"),
    ("We support flexible options such as job sharing, term-time working, compressed hours and "
     "working from home.", None, "unknown"),
    ("You will be based at the county office; in the current pandemic this may be subject to alternative "
     "arrangements, for example home working.", None, "onsite"),
    ("We offer hybrid working: two days at home.", None, "hybrid"),
    ("This is a fully remote position.", None, "remote"),
    ("Work from home.", None, "remote"),
    ("100% remote - must reside in TX, FL or GA.", None, "remote"),
    ("Remote, with occasional travel to facilities.", None, "remote"),
    ("Remote - telecommute; occasional travel for training.", None, "remote"),
    ("Are you ready? We need a Physical Therapist - Remote (El Paso, TX).", None, "remote"),
    ("Remote: No. Office in Dallas.", None, "onsite"),
    ("Remote: Yes", None, "remote"),
    ("Hybrid: 2 days per week in our Boston office.", None, "hybrid"),
    ("Half the week in facilities, remote and onsite mix.", None, "hybrid"),
    ("This is not a remote position.", None, "onsite"),
    ("Onsite only. Remote work is not available.", None, "onsite"),
    ("Office-based role in Omaha.", None, "onsite"),
    ("In-clinic. $90,000.", None, "onsite"),
    ("Travel within your territory.", None, "onsite"),
    ("Home visits in the metro area.", None, "onsite"),
    ("Territory travel; base plus commission.", None, "onsite"),
    ("Travel between referring hospitals in Albuquerque.", None, "onsite"),
    ("Evaluate and treat patients.", None, "unknown"),
    ("Travel PT contract, 13 weeks.", None, "unknown"),
    ("Remote patient monitoring program.", None, "unknown"),
    ("Review charts.", RawPosting(title="x", remote_hint=True), "remote"),
    ("Review charts on site.", RawPosting(title="x", remote_hint=True), "onsite"),
    ("This is not a remote position.", RawPosting(title="x", remote_hint=True), "onsite"),
    ("Review charts.", RawPosting(title="x", remote_type_hint="hybrid"), "hybrid"),
    ("Review charts.", RawPosting(title="x", location="Remote"), "remote"),
    # In-person work an advert takes for granted (NHS adverts rarely say "on site").
    ("You will hold a mixed clinical caseload.", None, "onsite"),
    ("Run our outpatient clinics on Tuesdays.", None, "onsite"),
    ("Treat people in the community and in their own homes.", None, "onsite"),
    ("You will work across three sites.", None, "onsite"),
    ("A car driver is essential.", None, "onsite"),
    ("Weekend rota applies.", None, "onsite"),
    ("Uniform is provided.", None, "onsite"),
    # ...and look-alikes that say nothing about where the work is.
    ("You will manage your own caseload of employment cases.", None, "unknown"),
    ("Benefits include a car lease scheme.", None, "unknown"),
    ("Experience with reception class children.", None, "unknown"),
    ("Handle remote interviews by phone.", None, "unknown"),
    ("You need 2 years of outpatient experience.", None, "unknown"),
    ("Design hybrid cloud systems for our clinics.", None, "unknown"),
    # Home working as one option among others is hybrid at most; an idiom is not remote.
    ("Home based and across our county sites.", None, "hybrid"),
    ("Occasional home working may be possible once trained.", None, "hybrid"),
    # ...but a list of the working patterns an employer supports is its perks, not this post's place
    ("We offer flexible options such as job sharing and working from home.", None, "unknown"),
    ("You will feel at home working in our friendly team.", None, "unknown"),
    ("Fully remote with flexible hours.", None, "remote"),
    ("The team is currently based at home because of the pandemic.", None, "hybrid"),
    ("This post is home based; an office desk can be arranged.", None, "remote"),
    ("The job mixes onsite and home based working.", None, "hybrid"),
    ("You can be based at our city office or at home.", None, "hybrid"),
    ("Based from home, but must be able to travel across the region.", None, "hybrid"),
    # A remote cue about the interview, the contact person or the tools is not the job's.
    ("Interviews will be held remotely over video.", None, "unknown"),
    ("Interviews will be Remote (Teams). The post is ward based.", None, "onsite"),
    ("You will work from home and reach the team by email.", None, "remote"),
    ("Contact me by email as I am working from home.", None, "unknown"),
    ("Being able to use a tablet for remote working is essential.", None, "unknown"),
    ("Interviews are remote. This is a fully remote role.", None, "remote"),
    ("This post does not allow for home working.", None, "onsite"),
    # where the post is based, said of the post, when nothing says remote
    ("The post is based in Wallington, with travel to the other sites.", None, "onsite"),
    ("The post holder will be based on the Northwick site.", None, "onsite"),
    ("Base - Riverside House\nHours - 37.5", None, "onsite"),
    ("You will work across all hospital sites.", None, "onsite"),
    ("Fully remote role. You must be based in Texas.", None, "remote"),  # where she lives
    # remote now and then, beside an office base
    ("Based at our city office; remote working may be necessary.", None, "hybrid"),
    # a US federal board's fields: "Remote job No" is an answer, not a remote job
    ("Location Springfield 1 vacancy Remote job No Telework eligible No Travel Required", None, "onsite"),
    ("Location Springfield 1 vacancy Remote job Yes Telework eligible No", None, "remote"),
    # remote care for the patients is not remote work for the hire
    ("You will help develop remote and virtual interventions for our patients.", None, "unknown"),
    ("We are growing our remote therapy offer for families.", None, "unknown"),
    # a contact line glued to its label by a table ("Telephone numberContact via ...")
    ("Telephone numberContact via Teams or by email as homeworking", None, "unknown"),
    # a place of work that lists home beside a named base is part-time remote
    ("Folkestone or home working", None, "hybrid"),
    ("Location: City Hospital/Bromley/Remote", None, "hybrid"),
    ("Home Working/Felixstowe", None, "hybrid"),
    ("Remote/home based anywhere in England.", None, "remote"),
    ("You can use our digital platform to work remotely where available.", None, "hybrid"),
    ("We use this modern approach to remote work whenever possible.", None, "hybrid"),
    # remote words about something else: sign-up checks, training, a machine, a place, a person
    ("Quick remote registration and compliance checks for bank staff.", None, "unknown"),
    ("Training is delivered by the university via remote learning.", None, "unknown"),
    ("We run remote follow up clinics for pacemaker patients.", None, "unknown"),
    ("You will work under the remote supervision of a senior nurse.", None, "unknown"),
    ("Our clinic is geographically remote from the main hospital.", None, "unknown"),
    ("We serve rural, remote and coastal towns.", None, "unknown"),
    ("Our recruitment will be completed remotely this year.", None, "unknown"),
    ("You may never want to work anywhere else!", None, "unknown"),
    # home or remote work offered as one option of several
    ("A flexible approach to working through remote and homeworking options.", None, "hybrid"),
    ("Your week is spent between our hub, clients' homes and working from home.", None, "hybrid"),
    ("WFH/ Truro", None, "hybrid"),
    # care at a distance is not where the job is; home working among working patterns is part-time
    ("Case managers work remotely with service users and their families to plan discharge.", None, "unknown"),
    ("We offer flexible working patterns including 9 day fortnights and working from home.", None, "hybrid"),
]


@pytest.mark.parametrize(("text", "raw", "expected"), REMOTE_CASES, ids=[c[0][:40] for c in REMOTE_CASES])
def test_remote(text: str, raw: RawPosting | None, expected: str) -> None:
    r = extract_requirements("Reviewer", text, raw)
    assert r.remote == expected


# The kind of care a reviewer reviews is not where the reviewer works: under a review title,
# or in a sentence about authorising or paying for care. Clinicians' own inpatient work is.
REVIEWED_CARE_CASES = [
    ("Utilization Review Nurse", "You will review requests for inpatient admissions and outpatient therapy.", "unknown"),
    ("Nurse Reviewer", "Settings include inpatient and outpatient.", "unknown"),
    ("Clinical Appeals Analyst", "Appeals cover in-patient stays.", "unknown"),
    ("Nurse", "Gather clinical details to obtain authorization for acute inpatient care.", "unknown"),
    ("Nurse", "Apply MCG criteria to inpatient and outpatient services.", "unknown"),
    ("Nurse", "Obtain authorization for inpatient care. Then work on our wards.", "onsite"),
    ("Staff Nurse", "Care for inpatients on a surgical unit.", "onsite"),
    ("Consultant", "One consultant supports in-patient review each weekday.", "onsite"),
    ("Clinical Pharmacist", "Your work includes inpatient medicines reconciliation.", "onsite"),
]


# Words that name a place, a visit or a kind of care without saying where the hire works:
# "not stated", never a wrong "on site" for someone who must work remotely. The same words
# said of the job's own work stay on-site, and remote or hybrid wording still decides.
INCIDENTAL_PLACE_CASES = [
    # a location line that names a place of work counts; remote or hybrid wording decides
    ("Ward Clerk", "Location: Riverside General Hospital", "onsite"),
    ("Administrator", "Work base: Elm Tree House", "onsite"),
    ("Benefits Analyst", "Location: Leeds\nThis is a fully remote role.", "remote"),
    ("Benefits Analyst", "Location: Leeds\nWe offer hybrid working, two days in the office.", "hybrid"),
    # inpatient or outpatient said of records, money or a market, not of care the hire gives
    ("Network Manager", "You will grow our links with outpatient speech therapy providers.", "unknown"),
    ("Member Advocate", "Members qualify after two inpatient stays in a year.", "unknown"),
    ("Data Analyst", "You will extract and report inpatient information each month.", "unknown"),
    ("Finance Officer", "Track inpatient and outpatient costs across the trust.", "unknown"),
    ("Staff Nurse", "You will care for inpatients and keep their records up to date.", "onsite"),
    ("Physiotherapist", "You will run outpatient clinics for knee patients.", "onsite"),
    ("Occupational Therapist", "You will treat adults on an inpatient rehabilitation unit.", "onsite"),
    # visits, meetings and interviews the hire arranges for others, and what the site offers staff
    ("Coordinator", "You will manage the logistics of on-site visits by our auditors.", "unknown"),
    ("Coordinator", "Schedule in-person meetings for the board.", "unknown"),
    ("Recruiter", "You will set up in-person or video interviews with applicants.", "unknown"),
    ("Recruiter", "Interviews will be held on site next month.", "unknown"),
    ("Administrator", "There is a choice of cafes and a gym on site.", "unknown"),
    ("Administrator", "Staff parking is available onsite.", "unknown"),
    ("Consultant", "You will carry out on-site visits to client workplaces.", "onsite"),
    ("Administrator", "This role is on site five days a week.", "onsite"),
    ("Administrator", "You will work at our clinic in Leeds.", "onsite"),
    ("Administrator", "You will work on site at our city office; cafes are nearby.", "onsite"),
    ("Coordinator", "Arrange on-site visits. This is a fully remote role.", "remote"),
    ("Coordinator", "Book in-person meetings; the job is hybrid with two office days.", "hybrid"),
]


NOT_WHERE_THE_WORK_IS = REVIEWED_CARE_CASES + INCIDENTAL_PLACE_CASES


@pytest.mark.parametrize(("title", "text", "expected"), NOT_WHERE_THE_WORK_IS, ids=[c[1][:40] for c in NOT_WHERE_THE_WORK_IS])
def test_care_or_places_named_in_passing_are_not_where_the_work_is(title: str, text: str, expected: str) -> None:
    assert extract_requirements(title, text).remote == expected


def test_patients_based_at_home_is_not_remote_work() -> None:
    # "when based at home" is where the patients are, not where the job holder works.
    assert extract_requirements("Physiotherapist", "Continuity of care for service personnel when based at home.").remote != "remote"


@pytest.mark.parametrize(
    ("title", "text", "remote", "inferred"),
    [
        # hands-on treatment that never says where: on-site, and marked as inferred
        ("Occupational Therapist", "Assess and treat adults after stroke. HCPC registration.", "onsite", True),
        ("Speech and Language Therapist", "Our children's service needs a band 5 SLT.", "onsite", True),
        # what the posting says still decides
        ("Speech Language Pathologist", "Teletherapy caseload, work from home.", "remote", False),
        ("Physical Therapist", "Hybrid: clinic two days a week, home visits the rest.", "hybrid", False),
        # not treatment: nothing to infer
        ("Utilization Review Specialist", "Review therapy authorization requests.", "unknown", False),
        ("Staff Nurse", "Band 5 nurse for our surgical team.", "unknown", False),
    ],
)
def test_hands_on_treatment_that_says_nothing_is_on_site(
    title: str, text: str, remote: str, inferred: bool
) -> None:
    from otpath.postings.pipeline import process

    req = process(RawPosting(title=title, description=text)).requirements
    assert (req.remote, req.remote_inferred) == (remote, inferred)


def test_remote_in_title() -> None:
    assert extract_requirements("Utilization Review Therapist - Remote", "").remote == "remote"


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Remote \u2013 must reside in TX, FL.", ["TX", "FL"]),
        ("This is a remote role; candidates must live in Texas or Florida.", ["TX", "FL"]),
        ("Remote (AZ, NM or UT residents only).", ["AZ", "NM", "UT"]),
        ("Fully remote anywhere in the US.", []),
        ("Fully remote. Must reside in OR or WA.", ["OR", "WA"]),
        ("Fully remote. Must be licensed in OR or WA.", []),  # a licence, not a residence
    ],
)
def test_remote_states(text: str, states: list[str]) -> None:
    r = extract_requirements("Reviewer", text)
    assert r.remote == "remote"
    assert r.remote_states == states


def test_remote_states_from_applicant_locations() -> None:
    raw = RawPosting(title="x", applicant_locations=["US-TX", "Florida"], remote_type_hint="remote")
    assert extract_requirements("x", "", raw).remote_states == ["TX", "FL"]


# ---------------------------------------------------------------------------
# Pay
# ---------------------------------------------------------------------------

PAY_CASES = [
    ("Pay: $38\u2013$45/hour", (38.0, 45.0, "hourly", "USD", 79040.0, 93600.0)),
    ("$85,000 - $98,000 per year", (85000.0, 98000.0, "yearly", "USD", 85000.0, 98000.0)),
    ("$40K base plus commission", (40000.0, None, "yearly", "USD", 40000.0, None)),
    ("\u00a335,000 per annum", (35000.0, None, "yearly", "GBP", 35000.0, None)),
    ("Band 6: \u00a335,000\u2013\u00a342,000 per annum", (35000.0, 42000.0, "yearly", "GBP", 35000.0, 42000.0)),
    ("$1,500 - $1,900 weekly", (1500.0, 1900.0, "weekly", "USD", 78000.0, 98800.0)),
    ("$320/day", (320.0, None, "daily", "USD", 83200.0, None)),
    ("$6,000 per month", (6000.0, None, "monthly", "USD", 72000.0, None)),
    ("$28-$33/hr", (28.0, 33.0, "hourly", "USD", 58240.0, 68640.0)),
    ("$60-70K", (60000.0, 70000.0, "yearly", "USD", 60000.0, 70000.0)),
    ("Salary range: $68,000\u2013$82,000 per year.", (68000.0, 82000.0, "yearly", "USD", 68000.0, 82000.0)),
    ("Pay 38.00 - 45.00 USD hourly", (38.0, 45.0, "hourly", "USD", 79040.0, 93600.0)),
    ("\u20ac50,000 a year", (50000.0, None, "yearly", "EUR", 50000.0, None)),
    ("$92,000\u2013$104,000 plus productivity bonus.", (92000.0, 104000.0, "yearly", "USD", 92000.0, 104000.0)),
    ("$35 an hour", (35.0, None, "hourly", "USD", 72800.0, None)),
    ("Up to $90,000 per year", (None, 90000.0, "yearly", "USD", None, 90000.0)),
    # thousands set apart by a space, as some boards print them
    ("\u00a331 500 \u2013 \u00a336 200 a year", (31500.0, 36200.0, "yearly", "GBP", 31500.0, 36200.0)),
]


@pytest.mark.parametrize(("sentence", "expected"), PAY_CASES, ids=[c[0][:30] for c in PAY_CASES])
def test_parse_pay(sentence: str, expected: tuple[object, ...]) -> None:
    p = parse_pay(sentence)
    assert p is not None
    assert (p.min, p.max, p.interval, p.currency, p.annual_min, p.annual_max) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "$5,000 sign-on bonus",
        "Franchise fee $49,500; liquid capital $100K",
        "Total investment from $280,000 to $420,000",
        "$2,000 relocation assistance",
        "Tuition reimbursement up to $5,250",
        "$65 per visit",
        "401(k) with 4% match",
        "We raised $20 million",
        "No pay listed",
        "$3",
        "A \u00a350,000 fund for staff ideas each year",
        "$1,200 (one-time) equipment stipend",
        "Serving households earning over $90,000",
    ],
)
def test_parse_pay_ignores_non_pay(sentence: str) -> None:
    assert parse_pay(sentence) is None


def test_pay_from_raw_fields_first() -> None:
    raw = RawPosting(title="x", pay_min=45, pay_max=36, pay_interval="hourly")
    r = extract_requirements("x", "Pay: $90,000 per year.", raw)
    assert (r.pay.min, r.pay.max, r.pay.interval, r.pay.currency) == (36, 45, "hourly", "USD")
    assert r.pay.annual_min == 36 * 2080
    raw = RawPosting(title="x", pay_min=30000, pay_max=35000, pay_interval="yearly", pay_currency="gbp")
    assert extract_requirements("x", "", raw).pay.currency == "GBP"


def test_pay_flags_and_sentence() -> None:
    r = extract_requirements("Recruiter", "Base $45,000 per year plus uncapped commission and quarterly bonus.")
    assert r.pay.commission and r.pay.bonus
    assert r.sentences["pay"] == r.pay.sentence
    r = extract_requirements("Auditor", "Joint Commission survey readiness.")
    assert not r.pay.commission and not r.pay.bonus


TEXT_PAY_CASES = [
    # a label line above an amount says what the amount is
    ("Reviewer", "Start-up Costs\n$90,000 - $140,000\nPay: $30 - $36 per hour", (30.0, 36.0, "hourly")),
    # ...but a heading with a figure in it is not a label ("Grants Officer" is the job)
    ("Grants Officer", "Grants Officer - 30 hours per week\n\u00a321,000 - \u00a324,000 per annum", (21000.0, 24000.0, "yearly")),
    ("Fundraising Assistant", "Grants Team - 30 hours\n\u00a321,000 - \u00a324,000 per annum", (21000.0, 24000.0, "yearly")),
    # a frequency field on the next line gives the interval
    ("Analyst", "Salary Range: $4,100.00 - $5,300.00\nPay Frequency: Monthly", (4100.0, 5300.0, "monthly")),
    # a business to buy states no pay
    ("Kids Gym Franchise", "Total start-up $150,000 - $300,000. Earn $80,000 per year as an owner.", None),
    ("Business Opportunity: Play Studio", "Own a studio for $60,000 per year in fees.", None),
]


@pytest.mark.parametrize(("title", "text", "expected"), TEXT_PAY_CASES, ids=[c[0] for c in TEXT_PAY_CASES])
def test_pay_read_from_field_lines(title: str, text: str, expected: tuple[object, ...] | None) -> None:
    pay = extract_requirements(title, text).pay
    got = None if pay.min is None and pay.max is None else (pay.min, pay.max, pay.interval)
    assert got == expected


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        ("Telework: Eligible for telework, two days a week.", "hybrid"),
        ("Telework eligible position.", "hybrid"),
        ("Telework: No. This role is based in the county office.", "onsite"),
    ],
)
def test_telework_field(text: str, remote: str) -> None:
    assert extract_requirements("Analyst", text).remote == remote


# ---------------------------------------------------------------------------
# Employment type, nights/weekends
# ---------------------------------------------------------------------------

EMPLOYMENT_CASES = [
    ("Full-time, Monday to Friday.", None, "full_time"),
    ("Part-time, 20 hours.", None, "part_time"),
    ("PRN position.", None, "per_diem"),
    ("Per diem shifts available.", None, "per_diem"),
    ("13-week travel contract.", None, "contract"),
    ("Independent contractor (1099).", None, "contract"),
    ("Summer internship.", None, "internship"),
    ("Great team.", None, None),
    ("Part-time.", RawPosting(title="x", employment_type="fulltime, parttime"), "full_time"),
    ("", RawPosting(title="x", employment_type="CONTRACT"), "contract"),
    ("", RawPosting(title="x", employment_type="perdiem"), "per_diem"),
    ("Per diem allowance for travel.", None, None),
    ("Full time or part time.", None, "full_time"),
    ("We PT clinicians love it.", None, None),
    ("PT position, 24 hours a week.", None, "part_time"),
    # a fixed term, a secondment or leave cover is temporary, whatever the board's field says...
    ("This role is a one year fixed term contract.", RawPosting(title="x", employment_type="FULL_TIME"),
     "temporary"),
    ("Full time, 12 month secondment.", None, "temporary"),
    ("A 6 month maternity leave cover post.", None, "temporary"),
    # ...unless the sentence offers a permanent post too, or only welcomes secondees as well
    ("Permanent, secondment or fixed term contracts are all options.", None, None),
    ("We would also welcome applicants interested in a secondment.", RawPosting(title="x", employment_type="FULL_TIME"),
     "full_time"),
    # fewer hours than full time make it part time, whatever the board says...
    ("Band 6 post. 22.5 hours per week, permanent.", RawPosting(title="x", employment_type="FULL_TIME"), "part_time"),
    ("0.8 WTE - 30 hours a week.", None, "part_time"),
    # ...but not full time, someone else's hours, or a choice of hours
    ("This is a full-time, 37.5 hours per week post.", RawPosting(title="x", employment_type="FULL_TIME"), "full_time"),
    ("There is a separate 0.5 wte consultant in the team.", None, None),
    ("Hours: 30 or 37.5 hours per week.", None, None),
    ("Your job plan will include about 0.5 WTE clinical caseload.", None, None),
]


@pytest.mark.parametrize(("text", "raw", "expected"), EMPLOYMENT_CASES)
def test_employment_type(text: str, raw: RawPosting | None, expected: str | None) -> None:
    assert extract_requirements("Job", text, raw).employment_type == expected


# An NHS "bank" post (the employer's pool of as-needed staff) is per diem, though NHS Jobs
# files it as TEMPORARY; other banks and bank holidays say nothing about the contract.
_TEMP = RawPosting(title="x", employment_type="TEMPORARY")
_FULL = RawPosting(title="x", employment_type="FULL_TIME")
BANK_CASES = [
    ("Occupational Therapist (Bank)", "Pick up shifts on our wards when it suits you.", _TEMP, "per_diem"),
    ("Bank Physiotherapist - Band 6", "", _TEMP, "per_diem"),
    ("Speech and Language Therapist", "Contract type: Bank. Hours to suit you.", _FULL, "per_diem"),
    ("Occupational Therapist", "We want OTs to join the team on a bank basis.", _FULL, "per_diem"),
    # false friends: the post is whatever its board field says
    ("Occupational Therapist", "You will work some weekends and bank holidays.", _FULL, "full_time"),
    ("Porter - Bank Holiday Cover", "", _FULL, "full_time"),
    ("Blood Bank Scientist", "Run our hospital blood bank.", _FULL, "full_time"),
    ("Community OT", "We collect for the local food bank at Christmas.", _FULL, "full_time"),
    ("Finance Officer", "Experience at the Bank of England is welcome. Send your bank details.", _FULL, "full_time"),
    ("Bank Office Call Handler", "Book shifts for our bank staff.", _FULL, "full_time"),
    # a post offered either way keeps the board's field
    ("Staff Nurse - Permanent & Bank", "", _FULL, "full_time"),
    ("Physiotherapist", "We can offer this role on a bank basis or as a fixed term contract.", _FULL, "temporary"),
]


@pytest.mark.parametrize(("title", "text", "raw", "expected"), BANK_CASES, ids=[c[0] for c in BANK_CASES])
def test_bank_posts_are_per_diem(title: str, text: str, raw: RawPosting, expected: str) -> None:
    assert extract_requirements(title, text, raw).employment_type == expected


NIGHTS_CASES = [
    ("Nights and weekends required.", True),
    ("Every other weekend.", True),
    ("Rotating weekends and holidays.", True),
    ("On-call one week a month.", True),
    ("Evenings & weekends to answer travelers.", True),
    ("Some weekends for community events.", True),
    ("Available Saturdays and Sundays; weekend work.", True),
    ("Night shift, 7p-7a.", True),
    ("Monday-Friday, no weekends.", False),
    ("No nights or weekends!", False),
    ("Monday to Friday, 8-5.", False),
    ("Great work-life balance.", False),
    ("No on-call.", False),
    ("Weekends off.", False),
    ("Working weekends is never required.", False),
    # a rota over the whole week
    ("The team works 8am to 8pm, seven days a week.", True),
    ("Shifts run Monday to Sunday, 08:00-18:30.", True),
    ("The post involves rostered seven day working, 8am-8pm.", True),
    ("The team runs a 7-day rota across the trust.", True),
    ("Our seven-day guarantee covers deliveries only.", False),
    ("Evening shifts Monday to Saturday.", True),
    ("Office hours, Monday to Friday.", False),
    # support for staff at any hour is a benefit, not the post's hours
    ("Hours 9-5. Our staff benefits: help when you need it, 24/7, 365 days.", False),
    ("Free 24/7 counselling for every employee.", False),
    # a service's hours do not outweigh an advert that says the post has no weekends...
    ("Our hub runs 24/7. This post is Monday to Thursday (no weekends).", False),
    ("The ward is open seven days a week; the coordinator post has no weekends.", False),
    # ...but they still count when it says nothing of the post's own hours
    ("You will cover a 24/7 service on a rota.", True),
    ("A 24/7 service; no weekends, but on-call is shared.", True),
    ("The post includes weekends and bank holidays on a rota.", True),
    ("Service hours are 9am to 5pm, excluding weekends and bank holidays.", False),
]


@pytest.mark.parametrize(("text", "expected"), NIGHTS_CASES)
def test_nights_weekends(text: str, expected: bool) -> None:
    assert extract_requirements("Job", text).nights_weekends is expected


# ---------------------------------------------------------------------------
# Sentences, sections, the whole thing
# ---------------------------------------------------------------------------


def test_split_sentences_sections() -> None:
    text = (
        "About us\nWe help people. Since 1990.\n"
        "Responsibilities\n- Review charts, e.g. PT notes.\n"
        "Qualifications: PT or OT. 2 years.\n"
        "Preferred\n- InterQual\n"
        "Benefits\n- 401(k)"
    )
    got = [(s.text, s.section) for s in split_sentences(text)]
    assert got == [
        ("We help people.", "about"),
        ("Since 1990.", "about"),
        ("Review charts, e.g. PT notes.", "duties"),
        ("PT or OT.", "req"),
        ("2 years.", "req"),
        ("InterQual", "pref"),
        ("401(k)", "benefits"),
    ]
    spans = split_sentences(text)
    assert all(text[s.start: s.end] == s.text for s in spans)


_SENTENCE_BITS = st.sampled_from(
    [".", "!", "?", " ", "  ", "\t", "\xa0", "\u2028", "a", "B", "7", '"', "'", "(", "[", "e.g", "U.S", "..", "?!"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_BITS, max_size=40))
def test_sentence_ends_are_the_look_behind_reading(parts: list[str]) -> None:
    import re

    from otpath.postings.pipeline.extract import _SENT_END

    text = "".join(parts)
    look_behind = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
    assert [m.span(1) for m in _SENT_END.finditer(text)] == [m.span() for m in look_behind.finditer(text)]


def test_seed_article_requirements() -> None:
    text = (
        "For Utilization Reviewer, you need to be a PT, PTA, OT, COTA, or SLP.\n"
        "- Case management experience\n"
        "- 3-5 years of clinical experience required\n"
        "- Experience in an acute care, rehab or skilled nursing facility environment preferred; "
        "managed care experience is a plus\n"
        "- Experience performing clinical audits to improve quality standards or performance preferred\n"
        "- Experience in oversight and supervision of assistants (CNAs, PTAs, OTAs)\n"
        "- ICD-10 and InterQual experience a plus\n"
        "- CMS knowledge preferred\n"
        "- Excellent documentation skills required\n"
    )
    r = extract_requirements("Utilization Review", text)
    assert r.credentials == ["OT", "COTA", "PT", "PTA", "SLP"]
    assert (r.years_min, r.years_max) == (3.0, 5.0)
    assert {"acute", "snf", "managed_care"} <= set(r.settings)
    assert {"ICD-10", "InterQual", "CMS guidelines", "case management", "clinical audits",
            "documentation", "utilization review"} <= set(r.skills)
    assert r.sentences["skill:InterQual"] == "ICD-10 and InterQual experience a plus"
    assert r.sentences["years"] == "3-5 years of clinical experience required"


_WORDS = st.sampled_from(
    [
        "PT", "OT", "COTA", "or", "and", "/", ",", ".", "\n", "- ", "license", "years", "3-5", "2+",
        "minimum", "remote", "hybrid", "not", "onsite", "$", "38", "45,000", "K", "£", "per", "hour",
        "year", "supervise", "Requirements:", "Preferred", "CEAS", "InterQual", "weekends", "PRN",
        "reside in", "TX", "(", ")", "\u2013", "&amp;", "*", "two (2)", "six months",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=60).map(" ".join)), st.text(max_size=40))
def test_extract_never_raises(text: str, title: str) -> None:
    r = extract_requirements(title, text)
    assert r.remote in ("remote", "hybrid", "onsite", "unknown")
    if r.years_min is not None and r.years_max is not None:
        assert r.years_min <= r.years_max
    if r.pay.min is not None and r.pay.max is not None:
        assert r.pay.min <= r.pay.max
    for key, sentence in r.sentences.items():
        assert isinstance(sentence, str), key


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_extract_with_raw_never_raises(text: str) -> None:
    raw = RawPosting(title="t", description=text, remote_hint=True, employment_type=text[:20],
                     experience_hint=text[:50], applicant_locations=[text[:5]])
    extract_requirements("t", text, raw)


@pytest.mark.parametrize("module", ['otpath.postings.pipeline.extract', 'otpath.postings.pipeline'])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_every_credential_the_rules_name_is_a_credential_code() -> None:
    # A typo in a key of extract.toml ("OT PT SPL") would give a credential no profile
    # can hold: every key of every credential table names known codes only.
    from otpath.credentials import CREDENTIALS
    from otpath.rules import extract_rules

    c = extract_rules().credentials
    tables = {
        "from_title": c.from_title, "from_title_always": c.from_title_always,
        "title_excludes": c.title_excludes, "british_title_excludes": c.british_title_excludes,
        "unnamed_registration": c.unnamed_registration, "discipline_titles": c.discipline_titles,
        "backgrounds": c.backgrounds, "groups": c.groups, "title_owns": c.title_owns,
    }  # fmt: skip
    unknown = {
        (name, key): code
        for name, table in tables.items()
        for key in table
        for code in key.split()
        if code not in CREDENTIALS
    }
    assert not unknown
    assert {"RN", "OT", "SW", "PT", "SLP"} <= {code for key in c.backgrounds for code in key.split()}


@pytest.mark.parametrize(
    ("title", "text", "internal"),
    [
        ("INTERNAL ONLY - MSK Physiotherapist", "Join our team.", True),
        ("Health Care Assistant *Internal Applicants Only*", "", True),
        ("Practice Educator - Trust Employees only", "", True),
        ("Discharge Coordinator", "This vacancy is only open to current Trust staff.", True),
        # not a closed post: internal candidates first, or an internal role's duties
        ("Recruitment Officer", "Internal applicants will be considered first.", False),
        ("Internal Communications Officer", "Write the staff newsletter.", False),
        ("Care Coordinator", "Open to current and former therapists.", False),
    ],
)
def test_a_post_open_only_to_the_employers_staff(title: str, text: str, internal: bool) -> None:
    assert extract_requirements(title, text).internal_only is internal


def test_a_british_therapist_can_name_community_work_in_a_profile() -> None:
    from otpath.profile import Profile

    p = Profile(credentials=["OT"], settings=["community", "intermediate care"])
    assert p.settings == ["community"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("You will hold a caseload of patients on CPA.", True),
        ("Manage your own caseload of clients returning to work.", True),
        ("You will undertake assessments with the service user to plan support.", True),
        ("The role provides holistic needs assessments to cancer patients.", True),
        ("Home visits across the district.", True),
        ("You will treat patients at home.", True),
        # ...not an employer's values, a count of patients or booking them by phone
        ("Our values set out the way we treat patients.", False),
        ("We care for 500,000 patients every year.", False),
        ("You will book appointments and speak with patients by phone.", False),
        ("Ability to manage a caseload of 35 active reviews.", False),  # a reviewer's caseload
        # a caseload however it is called, face-to-face assessments, treatment the hire gives
        ("Are you able to manage your own caseload?", True),
        ("You will carry out face to face assessments in police custody.", True),
        ("You will also provide specialist evidence-based interventions to young people.", True),
        ("You will assess adults referred to the team and plan their care.", True),
        ("Applicants must be able to travel between patients.", True),
        # ...not what the service or the hospital provides
        ("The hospital provides individualised treatment and care for adults.", False),
        ("You will hold a caseload of 40 claims files.", False),
        ("Manage a caseload of injured workers by phone from first report to closure.", False),
    ],
)
def test_patient_contact_is_read_from_what_the_hire_does(text: str, shown: bool) -> None:
    r = extract_requirements("Co-ordinator", text)
    assert ("patient_contact" in r.sentences) is shown


@pytest.mark.parametrize("british", [False, True])
@pytest.mark.parametrize(
    "title",
    ["Midwife", "Registered Midwife - Band 6", "Staff Nurse", "Occupational Therapist", "Dental Nurse",
     "Nursery Nurse", "Operating Department Practitioner", "Physiotherapy Assistant", ""],
)
def test_title_excluded_is_the_rules_in_order(title: str, british: bool) -> None:
    """The cached title exclusions are the ones whose regex the title matches, in rule order."""
    from otpath.postings.pipeline import extract as X

    rules = X._TITLE_EXCLUDES + (X._BRITISH_TITLE_EXCLUDES if british else [])
    assert X._title_excluded(title, british) == tuple(tuple(d) for d, rx in rules if rx.search(title))


@pytest.mark.parametrize(
    ("sentence", "years_min", "kind"),
    [
        ("2 years administrative experience, some of it in a healthcare setting.", 2, "administrative"),
        ("Administrative experience of at least 2 years is essential.", 2, "administrative"),
        ("Two years in a clinical governance / risk management role.", 2, "governance"),
        ("2+ years' experience in a supervisor position.", 2, "supervisory"),
        ("A minimum of 2 years in an editorial or systematic review role.", 2, "editorial"),
        ("3 years of UR experience at a health plan.", 3, "utilization"),
        ("5+ years of sales experience in medical devices.", 5, "sales"),
        # the clause of the figure that gave the minimum, not another one
        ("6 years of therapy experience; 2 years of research experience a plus.", 6, None),
        ("6 years of therapy experience; 2 years of research experience a plus.", 2, "research"),
        # clinical years, and work a therapist's years are
        ("At least 2 years of experience as an occupational therapist.", 2, None),
        ("A minimum of 18 months post-qualification experience in acute care.", 1.5, None),
        ("3+ years of professional experience working with people with disabilities.", 3, None),
        # a post's length and an employer's recruitment plans are not a kind of experience
        ("A one year development post with a view to permanent recruitment.", 1, None),
        ("No years named here, only recruitment experience.", None, None),
    ],
)  # fmt: skip
def test_experience_kind(sentence: str, years_min: float | None, kind: str | None) -> None:
    from otpath.postings.pipeline.extract import experience_kind

    found = experience_kind(sentence, years_min)
    assert (found.key if found else None) == kind


def test_experience_kinds_name_skills_the_vocabulary_has() -> None:
    from otpath.rules import extract_rules, vocabulary

    skills = set(vocabulary().skills)
    named = {s for k in extract_rules().experience_kinds.kinds.values() for s in k.skills}
    assert named and named <= skills, named - skills
