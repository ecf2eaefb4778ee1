"""Classify a posting into a catalog role and family, with the evidence for it.

One call, one pass over the words::

    >>> c = classify("Utilization Review Therapist (PT/OT)",
    ...              "Review prior authorization requests for medical necessity using InterQual.")
    >>> c.role, c.family, c.confidence > 0.8
    ('utilization_review', 'utilization_management', True)
    >>> [(e.field, e.text) for e in c.evidence][:3]
    [('title', 'utilization review'), ('title', 'utilization'), ('description', 'authorization')]

    >>> c = classify("Home Health Case Manager - Physical Therapist",
    ...              "Manage a caseload of 25-30 visits per week. Evaluate and treat patients, "
    ...              "write the plan of care.")
    >>> c.role, c.family
    (None, 'clinical')

How it works
------------
The title and the description are lower-cased and cut into words once
(bytes-level ``translate`` + ``split``). Rule tables below map phrases to
*targets* with weights: a role id (``"utilization_review"``), a family without
a catalog role (``"~quality"``) or a signal (``"@treat"`` treatment duties,
``"@bh"`` behavioural health, ``"@health"`` healthcare context, ``"@admin"``
front-office work...). A single word is a set look-up; a phrase is tried only
when all its words occur (one ``bytes in bytes`` search, or none for
description phrases made only of distinctive words: their co-occurrence is
enough, and the evidence then says "treating + caseload"). Title rules weigh
more than description rules; each description target is capped so a long
description cannot drown the title. :meth:`Classifier._decide` then applies
the hard-case logic:

* direct-care jobs whose titles say "case manager", "coordinator", "clinical
  specialist", "manager"... are ``clinical`` when the duties are treatment
  (caseload, visits, plan of care, "80% caseload");
* behavioural-health therapist jobs (LPC, LCSW, LMFT, counselling) are
  ``clinical`` with no role, even when they mention prior authorization;
* payer wording (prior authorization, medical necessity, InterQual, MCG,
  concurrent review) is utilization management, unless the job only submits
  paperwork (front-office "prior authorization specialist" -> ``other``);
  pre-service / pre-admission / pre-authorization of a level of care (IRF,
  SNF, LTACH) is ``pre_service_coordinator``;
* a hospital "case manager" planning discharges is care coordination; NHS
  Continuing Healthcare is care coordination (no role); moving and handling
  advisers are (industrial) ergonomics; kids-gym franchises are ``kids_gym``
  but hourly gym staff are not;
* roles that only make sense in health care (sales, writing, UX, coaching...)
  become ``other`` without healthcare context or with stronger non-health
  context (FinOps "utilization review", law-firm case manager, furniture sales);
* when no rule fires on the title, rapidfuzz compares the title with known
  role titles (ours plus the catalog's ``title_synonyms`` when present).

Speed: about 4-6k classifications per second per core on this project's
(shared, busy) 2-vCPU machine for 2 KB texts; splitting and hashing the words
alone costs ~35 us per posting there. ``bench/bench_classify.py`` measures it.

The tables live here, not in the catalog, so classification works (and is
tested) even while a role file is missing.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..models import Classification, Evidence

__all__ = [
    "FAMILIES",
    "ROLE_FAMILY",
    "Classifier",
    "classify",
    "default_classifier",
]

ROLE_FAMILY: dict[str, str] = {
    "utilization_review": "utilization_management",
    "pre_service_coordinator": "utilization_management",
    "skilled_inpatient_care_coordinator": "care_coordination",
    "cross_market_care_coordinator": "care_coordination",
    "transitional_care_coordinator": "care_coordination",
    "home_health_care_coordinator": "care_coordination",
    "recruiter": "recruiting",
    "office_ergonomics": "ergonomics",
    "industrial_ergonomics": "ergonomics",
    "kids_gym_owner": "kids_gym",
    "case_manager": "case_management",
    "life_care_planner": "case_management",
    "rehab_liaison": "liaison",
    "dme_sales": "sales",
    "assistive_technology_professional": "assistive_technology",
    "home_modification_specialist": "assistive_technology",
    "accessibility_consultant": "assistive_technology",
    "ceu_course_creator": "education",
    "academic_faculty": "education",
    "medical_writer": "writing",
    "clinical_informatics": "informatics",
    "compliance_auditor": "quality_compliance",
    "telehealth_therapist": "telehealth",
    "health_wellness_coach": "coaching",
    "vocational_rehab_counselor": "vocational_disability",
    "disability_claims_consultant": "vocational_disability",
    "ux_researcher": "health_tech",
    "rehab_manager": "management",
}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys([*ROLE_FAMILY.values(), "clinical", "other"]))

# ---------------------------------------------------------------------------
# Text -> words, the one pass
# ---------------------------------------------------------------------------

# ASCII letters/digits kept (lower-cased), everything else becomes a space;
# apostrophes and % are dropped so "workers' comp", "children's" and "80% caseload" stay one phrase.
_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)

Rule = tuple[str, float, str]  # (target, weight, phrase as written)


def _bytes(text: str) -> bytes:
    """``" lower case ascii words "``: the one representation every rule runs on.

    Punctuation becomes a space, so a phrase never matches across a comma or a
    line break (they leave two spaces), while "pre-service" reads "pre service".
    """
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    return b" " + text.encode("ascii", "replace").translate(_TABLE, b"'%") + b" "


def _phrase_key(phrase: str) -> bytes:
    return b" ".join(_bytes(phrase).split())


def _expand(spec: str) -> list[str]:
    """``"prior authorization(s)|pre service"`` -> every spelled-out variant."""
    out: list[str] = []
    for alt in spec.split("|"):
        alt = alt.strip()
        out.extend([alt[:-3], alt[:-3] + "s"] if alt.endswith("(s)") else [alt])
    return out


# Words that appear in most postings make poor anchors (see _Matcher): a phrase is
# anchored on its least common-looking word so few phrases become candidates.
_COMMON = frozenset(
    b"a an and or of the to in for with on at by as is be care health services service "
    b"manager management coordinator specialist therapist therapy clinical patient patients "
    b"review work medical program documentation disability home acute insurance "
    b"rehabilitation team discharge authorization evaluations plan plans treat clinicians "
    b"working office environment your week experience occupational travel training "
    b"education communication per caseload physical speech skilled nursing support "
    b"provide based level staff quality position daily".split()
)
# Words too common to vouch for a phrase on their own: a description phrase made
# only of *other* words (>= 5 letters) counts when its words co-occur, which
# saves a substring search per phrase ("prior authorization", "job hazard analysis").
_LOOSE_BLOCK = _COMMON | frozenset(
    b"medical program programs experience support provide provides team training skills "
    b"based level plan plans staff quality position office daily other their home "
    b"requests request needs needed people assessment assessments skilled acute post "
    b"inpatient outpatient physical occupational speech rehab rehabilitation "
    b"coordination coordinate documentation case cases member members claims claim "
    b"sessions session social family hospital hospitals nursing assistant director "
    b"continuing education employment business development product products "
    b"medicine insurance therapists clinicians planning functional discharge".split()
)


class _Matcher:
    """Finds which of many phrases occur in a text, touching only candidates.

    Single words are looked up in a set; a multi-word phrase is tried (one
    ``bytes in bytes`` search) only when all its words occur in the text.
    """

    def __init__(self, rules: Iterable[tuple[str, float, str]] = (), *, loose: bool = False) -> None:
        self._loose = loose
        self.single: dict[bytes, list[Rule]] = {}
        self.multi: dict[bytes, list[tuple[bytes, frozenset[bytes], list[Rule]]]] = {}
        self._by_key: dict[bytes, list[Rule]] = {}
        self._vocab: set[bytes] = set()
        self.vocab: frozenset[bytes] = frozenset()
        self._single_keys: frozenset[bytes] = frozenset()
        self._anchors: frozenset[bytes] = frozenset()
        for target, weight, spec in rules:
            self.add(target, weight, spec)

    def add(self, target: str, weight: float, spec: str) -> None:
        for phrase in _expand(spec):
            key = _phrase_key(phrase)
            if not key:
                continue
            rule = (target, float(weight), phrase)
            if key in self._by_key:
                self._by_key[key].append(rule)
                continue
            rules = [rule]
            self._by_key[key] = rules
            words = key.split()
            self._vocab.update(words)
            if len(words) == 1:
                self.single[key] = rules
            else:
                # Anchor on the rarest-looking word so few phrases become candidates.
                anchor = max(words, key=lambda w: (w not in _COMMON, len(w)))
                loose = self._loose and all(len(w) >= 5 and w not in _LOOSE_BLOCK for w in words)
                padded = b"" if loose else b" " + key + b" "  # b"" is in every text
                self.multi.setdefault(anchor, []).append((padded, frozenset(words), rules))
        self.vocab = frozenset(self._vocab)
        self._single_keys = frozenset(self.single)
        self._anchors = frozenset(self.multi)

    def hits(self, text: bytes) -> list[Rule]:
        words = self.vocab.intersection(text.split())
        found: list[Rule] = []
        single = self.single
        for w in words.intersection(self._single_keys):
            found += single[w]
        multi = self.multi
        for anchor in words.intersection(self._anchors):
            for padded, need, rules in multi[anchor]:
                if need <= words and padded in text:
                    found += rules
        return found


# ---------------------------------------------------------------------------
# Rule tables: (target, weight, "phrase|phrase(s)|...")
# Targets are role ids, or signals starting with "@".
# ---------------------------------------------------------------------------

TITLE_RULES: list[tuple[str, float, str]] = [
    # --- utilization management -------------------------------------------------
    ("utilization_review", 6, "utilization review|utilization management|utilisation review|"
     "utilisation management|utilization reviewer|utilization manager|ur|um|ur um|um ur"),
    ("utilization_review", 5, "clinical reviewer|therapy reviewer|therapy services reviewer|"
     "physical therapy reviewer|occupational therapy reviewer|rehab reviewer|therapy review|"
     "clinical review|medical review|concurrent review|appeals|denials|peer review|"
     "prior authorization|prior auth|authorization(s)|authorisation(s)|medical necessity|"
     "utilization|reviewer|orthocare manager|clinical appeals|physician advisor|"
     "medical management|care review|precertification|precert|prior approval"),
    ("pre_service_coordinator", 8, "pre service|preservice|pre authorization|preauthorization|"
     "pre authorisation|pre admission|preadmission|pre cert|pre certification|"
     "pre admission screening|post acute placement"),
    ("pre_service_coordinator", 2, "admissions coordinator|intake coordinator|referral coordinator|"
     "referral coordination|admissions"),
    # --- care coordination ---------------------------------------------------------
    ("skilled_inpatient_care_coordinator", 10, "skilled inpatient care coordinator|sicc|"
     "skilled inpatient|inpatient care coordinator|skilled nursing care coordinator|"
     "snf care coordinator|post acute care coordinator|skilled care coordinator"),
    ("cross_market_care_coordinator", 11, "cross market|cross market care coordinator|"
     "care navigator|patient navigator|patient care navigator|field based navigator|navigator"),
    ("transitional_care_coordinator", 10, "transitional care|transition of care|transitions of care|"
     "care transition(s)|transitions coordinator|transition care|discharge planner|"
     "discharge planning|discharge coordinator|hospital discharge|discharge to assess|"
     "readmission|reablement|reablement coordinator|transitions coach|care transitions coach"),
    ("home_health_care_coordinator", 10, "home health care coordinator|home health coordinator|"
     "home care coordinator|home health care coordination|home health intake coordinator|"
     "home health liaison coordinator"),
    ("@care_coord", 4, "care coordinator|care coordination|care manager|care management|"
     "care coord|clinical coordinator|patient care coordinator|care advocate|care advisor"),
    # --- recruiting ---------------------------------------------------------------
    ("recruiter", 9, "recruiter|recruiting|recruitment|talent acquisition|sourcer|"
     "talent partner|staffing consultant|staffing specialist|recruitment consultant|"
     "clinical recruiter|healthcare recruiter|therapy recruiter|travel recruiter"),
    # --- ergonomics ---------------------------------------------------------------
    ("@ergo", 7, "ergonomic(s)|ergonomist|ergonomic specialist|ergonomics specialist|"
     "ergonomics consultant|ergonomic consultant|ergonomic assessor|workstation assessor|"
     "workstation assessment|dse assessor|moving and handling|manual handling|"
     "patient handling|injury prevention|injury prevention specialist|human factors and ergonomics|"
     "industrial rehabilitation|work hardening|early intervention specialist"),
    ("office_ergonomics", 5, "office ergonomics|office ergonomic|workstation|dse|"
     "computer workstation|virtual ergonomic(s)|remote ergonomic(s)|workplace ergonomics"),
    ("industrial_ergonomics", 5, "industrial ergonomics|industrial|industrial athletic trainer|"
     "onsite athletic trainer|worksite|injury prevention|moving and handling|manual handling|"
     "patient handling|work hardening|industrial rehabilitation|industrial ergonomist|"
     "ehs|safety|occupational health"),
    # --- kids gym -----------------------------------------------------------------
    ("kids_gym_owner", 10, "kids gym|kid's gym|children's gym|childrens gym|sensory gym|"
     "my gym|little gym|gymboree|kids fitness|children's fitness|kids play gym|play gym|"
     "sensory club|kids gym franchise|children's gym franchise|sensory gym owner|gym owner|"
     "sensory play studio|play studio|sensory play"),
    ("kids_gym_owner", 4, "franchise|franchise owner|franchise opportunity|franchisee|"
     "own your own|business owner|business opportunity|owner operator"),
    # --- case management ----------------------------------------------------------
    ("case_manager", 7, "case manager|case management|nurse case manager|field case manager|"
     "telephonic case manager|workers compensation case manager|catastrophic case manager|"
     "medical case manager|rehabilitation case manager|rehab case manager|ccm"),
    ("life_care_planner", 12, "life care planner|life care planning|life care plan|clcp|"
     "cost of future care|future care cost"),
    # --- liaison ------------------------------------------------------------------
    ("rehab_liaison", 9, "liaison|clinical liaison|rehab liaison|admissions liaison|"
     "hospital liaison|community liaison|clinical outreach|rehab admissions|"
     "admissions liaison coordinator|clinical rehab liaison|intake liaison"),
    # --- sales --------------------------------------------------------------------
    ("dme_sales", 7, "sales|sales representative|sales rep|territory manager|account executive|"
     "sales consultant|sales specialist|business development|account manager|clinical sales|"
     "sales associate|durable medical equipment|dme|product specialist|clinical specialist|"
     "clinical consultant|market development|territory sales|sales manager|"
     "medical device|orthotics sales|key account"),
    # --- assistive technology ----------------------------------------------------
    ("assistive_technology_professional", 10, "assistive technology|atp|complex rehab technology|"
     "complex rehab|crt|seating and mobility|seating mobility|wheelchair|mobility consultant|"
     "mobility specialist|seating specialist|rehab technology|aac specialist|"
     "augmentative communication|assistive tech"),
    ("home_modification_specialist", 11, "home modification(s)|home mod|aging in place|"
     "ageing in place|caps|home safety|home accessibility|accessible home|"
     "home modification specialist|environmental modification(s)|accessibility remodel"),
    ("accessibility_consultant", 9, "accessibility|ada coordinator|ada compliance|ada|"
     "accessibility consultant|accessibility specialist|accessibility analyst|"
     "digital accessibility|accessibility auditor|inclusive design|universal design|cpacc|"
     "access consultant"),
    # --- education ----------------------------------------------------------------
    ("ceu_course_creator", 9, "continuing education|ceu|ceus|course creator|course developer|"
     "course author|curriculum developer|instructional designer|education content|"
     "continuing ed|ce content|ce course|learning designer|education specialist|"
     "clinical educator|content developer"),
    ("academic_faculty", 10, "faculty|professor|assistant professor|associate professor|"
     "lecturer|adjunct|instructor|academic fieldwork coordinator|fieldwork coordinator|"
     "director of clinical education|program director|dean|teaching|academic|"
     "clinical education coordinator|ota program|ot program|doctoral capstone coordinator"),
    # --- writing ------------------------------------------------------------------
    ("medical_writer", 10, "medical writer|writer|medical writing|health writer|"
     "content writer|copywriter|medical editor|editor|regulatory writer|scientific writer|"
     "health content|clinical content|content specialist|technical writer|writing"),
    # --- informatics --------------------------------------------------------------
    ("clinical_informatics", 10, "informatics|clinical informatics|emr|ehr|epic|cerner|"
     "clinical applications|application analyst|applications analyst|clinical systems|"
     "clinical analyst|implementation specialist|implementation consultant|"
     "clinical documentation integrity|cdi|cdi specialist|documentation specialist|"
     "clinical documentation specialist|emr trainer|ehr trainer|informaticist|"
     "clinical solutions|clinical product specialist|webpt|netsmart|pointclickcare"),
    # --- quality & compliance -----------------------------------------------------
    ("compliance_auditor", 10, "compliance|auditor|audit|audits|quality assurance|"
     "quality improvement|quality specialist|quality manager|quality coordinator|"
     "program integrity|coding|coder|reimbursement|"
     "revenue integrity|documentation auditor|accreditation|risk manager|quality analyst|"
     "clinical quality|qa|qi|quality"),
    # --- telehealth ---------------------------------------------------------------
    ("telehealth_therapist", 9, "telehealth|teletherapy|teletherapist|telepractice|telerehab|"
     "tele rehab|virtual therapist|virtual physical therapist|virtual occupational therapist|"
     "virtual speech|online therapist|tele therapy|virtual care therapist|digital physical therapist"),
    # --- coaching -----------------------------------------------------------------
    ("health_wellness_coach", 9, "health coach|wellness coach|health and wellness coach|"
     "lifestyle coach|health coaching|wellness coaching|nbc hwc|wellness specialist|"
     "wellness consultant|health educator|lifestyle medicine|coach"),
    # --- vocational & disability -------------------------------------------------
    ("vocational_rehab_counselor", 10, "vocational rehabilitation|vocational rehab|vocational|"
     "rehabilitation counselor|rehabilitation counsellor|vr counselor|vocational counselor|"
     "vocational specialist|vocational evaluator|vocational consultant|employment specialist|"
     "job coach|supported employment|return to work|return to work coordinator|crc|"
     "work capacity|vocational case manager|placement specialist"),
    ("disability_claims_consultant", 10, "disability claims|disability claim|claims consultant|"
     "disability specialist|disability analyst|disability examiner|ltd claims|std claims|"
     "disability case manager|claims examiner|claims specialist|claim specialist|"
     "disability consultant|clinical consultant disability|abilities analyst|"
     "disability benefits|leave specialist|functional capacity|fce|disability assessor|"
     "disability"),
    # --- UX / health tech ---------------------------------------------------------
    ("ux_researcher", 10, "ux researcher|ux research|user researcher|user research|ux|"
     "user experience|ux designer|product designer|design researcher|"
     "usability|usability engineer|service designer|design strategist|interaction designer"),
    # --- management ---------------------------------------------------------------
    ("rehab_manager", 10, "rehab manager|rehab director|director of rehab|director of rehabilitation|"
     "rehabilitation manager|rehabilitation director|therapy manager|therapy director|"
     "director of therapy|manager of rehabilitation|rehab services manager|"
     "rehabilitation services manager|director of rehabilitation services|dor|"
     "clinic director|clinic manager|therapy services manager|manager pm r|"
     "director of physical therapy|director of occupational therapy|rehab program manager|"
     "manager rehabilitation|rehabilitation services director|therapy supervisor|"
     "rehab supervisor|head of therapy|therapy lead|lead therapist"),
    # --- family without a catalog role ("~" targets) ---------------------------
    ("~care_coordination", 12, "continuing healthcare|continuing health care|chc nurse|chc assessor|"
     "chc"),
    ("~quality", 12, "mds coordinator|mds nurse|mds|minimum data set|rai coordinator"),
    ("~health_tech", 12, "clinical program manager|clinical program lead|program manager digital|"
     "digital health program manager|clinical product lead"),
    # --- signals ------------------------------------------------------------------
    ("@admin", 6, "front office|front desk|receptionist|scheduler|scheduling coordinator|"
     "patient access|registration|billing specialist|insurance verification|"
     "authorization coordinator front|office coordinator|administrative|admin|dental|"
     "orthodontic|veterinary|optometry|med spa|dermatology"),
    ("@gym_staff", 6, "party host|host|front desk|attendant|team member|cashier|receptionist|"
     "instructor|coach|counselor|camp counselor|gymnastics coach|party|staff"),
    ("@gym_lead", 6, "owner|owners|franchise|franchisee|director|manager|operator|founder|"
     "co founder|business|opportunity|resale|own|general manager|program director"),
    # Direct-care discipline titles.
    ("@disc", 6, "physical therapist|occupational therapist|speech language pathologist|"
     "speech pathologist|speech therapist|physiotherapist|physical therapist assistant|"
     "occupational therapy assistant|occupational therapist assistant|certified occupational "
     "therapy assistant|physical therapy assistant|pt|ot|pta|ota|cota|cota l|otr|otr l|slp|"
     "ccc slp|slpa|dpt|st|physical therapy|occupational therapy|speech therapy|"
     "speech language pathology|rehab therapist|rehabilitation therapist|hand therapist|"
     "certified hand therapist|cht|pts|ots|slps|cotas|ptas|physio|occupational therapists|"
     "physical therapists|therapy assistant|speech language pathologist assistant"),
    ("@clin_t", 5, "nurse|rn|lpn|lvn|cna|registered nurse|staff nurse|therapist|clinician|"
     "physician|nurse practitioner|np|pa c|medical assistant|aide|rehab aide|therapy aide|"
     "technician|tech|athletic trainer|atc|dietitian|respiratory therapist|massage therapist|"
     "caregiver|home health aide|audiologist|psychologist|chiropractor|dentist|pharmacist|"
     "travel|per diem|prn|staff|new grad|contract|locum(s)|school based|outpatient|inpatient|"
     "acute care|snf|skilled nursing|home health|hospice|pediatric|ortho|neuro|"
     "clinical specialist|clinical lead|senior therapist|visits"),
    ("@bh", 7, "lpc|lcsw|lmft|lmhc|lpcc|lcpc|lcmhc|lmsw|lsw|lisw|lpc a|lac|ladc|"
     "mental health therapist|behavioral health therapist|behavioural health|behavioral health|"
     "mental health|psychotherapist|mental health counselor|counselor|counsellor|counseling|"
     "counselling|marriage and family|mft|family therapist|substance abuse|substance use|"
     "addiction|addictions|psychiatric|psych|clinical social worker|social worker|"
     "play therapist|art therapist|music therapist|bcba|aba|rbt|behavior analyst|"
     "behavior technician|trauma therapist|outpatient therapist|in home therapist|"
     "school based therapist|licensed therapist|therapist lpc|psychology"),
    ("@kids", 3, "kids|kid|children|child|childrens|toddler(s)|youth|pediatric|sensory"),
    ("@health", 3, "therapy|therapist(s)|health|healthcare|medical|clinical|clinician|rehab|"
     "rehabilitation|patient|patients|hospital|nurse|nursing|care|wellness|disability|"
     "workers compensation|workers comp|injury|ergonomic(s)|ergonomist|physician|pharma|"
     "life sciences|biotech|hipaa|medicare|medicaid|hospice|seating|mobility|pt|ot|slp"),
    ("@nonhealth", 6, "engineer|engineering|developer|devops|cloud|data scientist|"
     "legal|attorney|paralegal|law firm|immigration|real estate|mortgage|loan|banking|bank|"
     "retail|store|restaurant|barista|cashier|warehouse associate|forklift|driver|cdl|"
     "construction|electrician|plumber|hvac|marketing|seo|automotive|auto|vehicle|"
     "furniture|apparel|fashion|hotel|hospitality|event|travel agent|insurance agent|"
     "financial|finance|accountant|accounting|tax|payroll|network|cybersecurity|"
     "security|logistics|supply chain|manufacturing engineer|mechanical|electrical|chemical|"
     "aerospace|saas|fintech|crypto|gaming|video game|fitness|personal trainer|yoga|"
     "pilates|gymnastics coach|swim|tennis|soccer|basketball|football|sports|pet|veterinary|"
     "dog|animal|property|tenant|housing|homeless|shelter|student|college admissions|"
     "admissions counselor|career coach|executive coach|life coach|business coach|"
     "sales coach|leadership coach|agile coach|scrum|procurement|customer success|"
     "customer service|call center|claims adjuster|auto claims|property claims|"
     "casualty|subrogation|investigator|compliance officer bank|aml|kyc|sox|it audit|"
     "internal audit|financial audit|tax audit|cloud cost|capacity|network utilization|"
     "energy|utility|utilities|solar|oil|gas|mining|airline|aviation|flight|ship|"
     "public accounting|cpa|sales associate|chair(s)|store|showroom|furniture"),
]

BODY_RULES: list[tuple[str, float, str]] = [
    # utilization management
    ("utilization_review", 2.5, "utilization review|utilization management|utilisation review|"
     "medical necessity|medically necessary|concurrent review|continued stay review|"
     "interqual|milliman|mcg guidelines|mcg criteria|mcg|clinical criteria|"
     "evidence based criteria|authorization request(s)|prior authorization(s)|prior auth|"
     "approve or deny|approve or refer|peer to peer|medical director(s)|physician reviewer|"
     "physician advisor|clinical review|review requests|review of requests|determinations|"
     "adverse determination|denial(s)|appeals|turnaround time(s)|tat|health plan(s)|"
     "managed care|payer(s)|payor(s)|members|member|medicare advantage|commercial and medicare|"
     "chart review|medical records review|review medical records|review clinical documentation|"
     "authorization(s)|utilization|level of care|urac|ncqa|length of stay|episode of care|"
     "therapy services reviewer|cases per day|per day reviews|benefit plan|coverage"),
    ("pre_service_coordinator", 2.5, "pre service|preservice|pre authorization|preauthorization|"
     "pre admission|preadmission|pre admission screening|level of care|post acute placement|"
     "placement|admission review|admissions review|irf|inpatient rehabilitation facility|"
     "inpatient rehab|acute rehab|air|ltach|ltac|long term acute care|skilled nursing facility|"
     "snf|prior to admission|before admission|admission decision(s)|site of care|"
     "post acute|post acute care|naviHealth"),
    # care coordination
    ("skilled_inpatient_care_coordinator", 2, "skilled inpatient|skilled nursing facility|snf|"
     "skilled nursing|functional assessment(s)|discharge planning|length of stay|"
     "inpatient stay|skilled stay|post acute|patient family and caregiver|family caregiver|"
     "caregivers|care conference(s)|interdisciplinary team|discharge plan|naviHealth"),
    ("cross_market_care_coordinator", 2, "cross market|acute and post acute|continuum of care|"
     "across the continuum|communication link|navigate|navigation|post acute|acute care|"
     "care team|care plan|naviHealth"),
    ("transitional_care_coordinator", 2, "transitional care|transition of care|transitions of care|"
     "care transition(s)|readmission(s)|follow up call(s)|post discharge|after discharge|"
     "discharge|discharge planning|hospital discharge|continuing healthcare|nhs|"
     "care package(s)|package(s) of care|decision support tool|dst|checklist assessment|"
     "eligibility for continuing healthcare|community|social care|naviHealth"),
    ("home_health_care_coordinator", 2, "home health|home care|homebound|home health agency|"
     "home health services|start of care|episode|oasis|home health referrals|"
     "home health agencies|in home services"),
    ("@care_coord", 1.5, "care coordination|care coordinator|coordinate care|coordinates care|"
     "coordinating care|discharge planning|care plan(s)|navigate|care team|"
     "communication between|liaise|liaison between"),
    # recruiting
    ("recruiter", 2.5, "recruit|recruiting|recruitment|recruiter(s)|talent acquisition|"
     "candidates|candidate|placements|placement|sourcing|source candidates|"
     "pipeline|job seekers|hiring managers|requisitions|ats|applicant tracking|"
     "staffing|staffing agency|travel therapy|travel nurses|travelers|travel clinicians|"
     "cold call(s)|quota|commission|submittals|bullhorn|linkedin recruiter|interviews|"
     "screen candidates|full cycle|full desk"),
    # ergonomics
    ("@ergo", 2.5, "ergonomic(s)|ergonomic assessment(s)|ergonomic evaluation(s)|ergonomist|"
     "workstation(s)|workstation assessment(s)|injury prevention|musculoskeletal|msd|msds|"
     "reba|rula|niosh|niosh lifting equation|job hazard analysis|job task analysis|"
     "job demands analysis|ceas|cpe|body mechanics|risk factors|moving and handling|"
     "manual handling|patient handling|lifting|workers compensation|osha|"
     "strain|sprain|early intervention|discomfort|first aid|stretching|work hardening"),
    ("office_ergonomics", 2.5, "office|office ergonomics|workstation(s)|computer workstation|"
     "sit stand|desk(s)|chair(s)|monitor|keyboard|mouse|home office|remote employees|"
     "virtual assessment(s)|dse|display screen|corporate|employees"),
    ("industrial_ergonomics", 2.5, "industrial|manufacturing|plant|plants|production|warehouse|"
     "distribution center|distribution centre|assembly|assembly line|material handling|"
     "manual material handling|job site|jobsite|worksite|onsite|on site|floor|line workers|"
     "production floor|shop floor|lifting|forklift|safety|ehs|osha|job hazard analysis|"
     "moving and handling|manual handling|patient handling|hoists|slings|nhs|ward(s)|"
     "athletic trainer|industrial athletic trainer|industrial rehabilitation"),
    # kids gym
    ("kids_gym_owner", 2.5, "franchise|franchisee|franchisor|franchise fee|liquid capital|"
     "net worth|investment|initial investment|territory|territories|kids gym|children's gym|"
     "sensory gym|birthday parties|birthday party|parties|classes|gymnastics|"
     "play gym|open play|parents|toddlers|enrichment|business owner|own your own|"
     "royalty|royalties|my gym|little gym|gymboree|sensory|children|kids"),
    # case management
    ("case_manager", 2.5, "case management|case manager|case managers|ccm|certified case manager|"
     "workers compensation|workers comp|claimant(s)|adjuster(s)|injured worker(s)|"
     "return to work|cost containment|catastrophic|field case management|"
     "telephonic case management|medical case management|care plan|ccmc|"
     "coordinate medical care|independent medical exam(s)|ime|treatment plan(s)|"
     "cms|medical providers|attorneys|carriers"),
    ("life_care_planner", 3, "life care plan(s)|life care planning|life care planner|clcp|"
     "future medical|cost of future care|future care|catastrophic|litigation|expert witness|"
     "testimony|deposition(s)|attorneys|medical cost projection(s)|ichcc|aanlcp|"
     "plaintiff|defense|forensic"),
    # liaison
    ("rehab_liaison", 2.5, "referral source(s)|referral sources|census|admissions|"
     "screen patients|screening patients|patient screening(s)|clinical assessment(s)|"
     "pre admission assessment(s)|referrals|referral|marketing|market|community outreach|"
     "relationships|relationship building|physicians and case managers|case managers|"
     "discharge planners|inpatient rehabilitation hospital|rehabilitation hospital|"
     "rehab hospital|acute care hospitals|hospitals|business development|liaison|"
     "encompass health|everest|ihr|accounts|calls on"),
    # sales
    ("dme_sales", 2.5, "sales|quota|quotas|territory|territories|commission|commissions|"
     "ote|on target earnings|revenue|sales goals|customers|accounts|account management|"
     "durable medical equipment|dme|medical device(s)|device(s)|product demonstration(s)|"
     "demonstrations|demos|in services|inservices|prospecting|pipeline|crm|salesforce|"
     "orthotics|prosthetics|braces|bracing|wheelchairs|power mobility|"
     "distributors|surgeons|orthopedic surgeons|clinicians|purchasing|closing|b2b"),
    # assistive technology
    ("assistive_technology_professional", 2.5, "assistive technology|atp|resna|"
     "complex rehab technology|complex rehab|crt|seating and mobility|seating|"
     "power wheelchair(s)|manual wheelchair(s)|power mobility|custom seating|"
     "wheelchair evaluation(s)|wheelchair(s)|mobility|aac|speech generating device(s)|"
     "augmentative|alternative communication|switch access|eye gaze|"
     "adaptive equipment|assistive device(s)|assistive devices"),
    ("home_modification_specialist", 3, "home modification(s)|aging in place|ageing in place|"
     "caps|certified aging in place specialist|grab bars|grab bar|ramps|ramp|"
     "stair lift(s)|stairlift(s)|walk in shower(s)|bathroom|bathrooms|remodel|remodeling|"
     "renovation(s)|contractor(s)|home safety|home safety assessment(s)|home assessment(s)|"
     "fall prevention|falls|accessible|homeowners|home environment|environmental modification(s)|"
     "builders|construction"),
    ("accessibility_consultant", 2.5, "accessibility|ada|americans with disabilities act|wcag|"
     "section 508|cpacc|iaap|built environment|universal design|accessibility audit(s)|"
     "accessible|barriers|barrier free|accessibility standards|inclusive|inclusion|"
     "accommodation(s)|reasonable accommodation(s)|screen reader(s)|assistive technologies"),
    # education
    ("ceu_course_creator", 2.5, "ceu(s)|continuing education|aota approved provider|"
     "approved provider|contact hours|course(s)|course content|learners|learner|"
     "instructional design|lms|e learning|elearning|online courses|webinar(s)|modules|"
     "curriculum|learning objectives|subject matter expert|sme|content creation|ce"),
    ("academic_faculty", 2.5, "acote|capte|asha caa|accreditation|students|student|teaching|"
     "teach|curriculum|courses|didactic|lecture(s)|lab(s)|scholarship|research|tenure|"
     "tenure track|university|college|community college|program director|fieldwork|"
     "level ii fieldwork|advising|academic|faculty|ota program|ot program|pt program|"
     "dpt program|otd program|doctoral|phd|edd|terminal degree|rank|semester|credit hours"),
    # writing
    ("medical_writer", 2.5, "writing|write|writer|written content|manuscripts|manuscript|"
     "articles|blog|blogs|editorial|edit|editing|proofreading|amwa|mwc|content|"
     "regulatory documents|clinical study report(s)|csr|publications|style guide|ama style|"
     "seo|copy|deadlines|freelance|health content|patient education materials|"
     "continuing medical education|cme|needs assessments|slide decks|white papers"),
    # informatics
    ("clinical_informatics", 2.5, "emr|ehr|epic|cerner|meditech|allscripts|netsmart|webpt|"
     "pointclickcare|homecare homebase|kinnser|wellsky|finale|informatics|build|"
     "workflow(s)|implementation|implementations|go live|go lives|super user(s)|"
     "end users|optimization|configuration|clinical documentation|documentation templates|"
     "software|system upgrades|training end users|analyst|hl7|sql|interfaces|"
     "clinical documentation integrity|cdi|query|queries|ccds|cdip"),
    # quality & compliance
    ("compliance_auditor", 2.5, "audit(s)|auditing|auditor|compliance|cms|pdpm|mds|rac|tpe|cert|"
     "medicare compliance|billing|coding|cpt|icd 10|documentation review|documentation audits|"
     "chart audits|quality measures|quality improvement|accreditation|oig|"
     "fraud waste and abuse|joint commission|carf|survey readiness|regulatory|regulations|"
     "medical records review|corrective action|risk|policies and procedures|"
     "reimbursement|denials|claims review|program integrity|qapi|five star"),
    # telehealth
    ("telehealth_therapist", 2.5, "teletherapy|telehealth|telepractice|telerehab|"
     "virtual sessions|virtual therapy|online therapy|video sessions|video visits|"
     "virtual visits|via video|live video|online platform|platform|webcam|"
     "from home|remote sessions|virtual care|digital"),
    # coaching
    ("health_wellness_coach", 2.5, "coaching|coach|coaches|nbc hwc|nbhwc|motivational interviewing|"
     "behavior change|behaviour change|wellness|lifestyle|health goals|healthy habits|"
     "nutrition|weight loss|chronic disease|diabetes prevention|smoking cessation|"
     "stress management|well being|wellbeing|participants|members"),
    # vocational & disability
    ("vocational_rehab_counselor", 2.5, "vocational|vocational rehabilitation|crc|crcc|"
     "job placement|employment|employment services|job development|job seekers|"
     "transferable skills|labor market|labour market|career counseling|return to work|"
     "work readiness|supported employment|individuals with disabilities|"
     "disabilities|vocational assessment(s)|vocational evaluation(s)|ticket to work|"
     "state vocational|vr|dors|workforce|job coaching|employers"),
    ("disability_claims_consultant", 2.5, "disability claims|disability claim|claim(s)|claimant(s)|"
     "long term disability|short term disability|ltd|std|own occupation|any occupation|"
     "restrictions and limitations|restrictions|limitations|functional capacity|"
     "dictionary of occupational titles|dot|benefit determination(s)|"
     "medical documentation|insurance|insurer|disability insurance|social security|"
     "ssdi|leave of absence|fmla|adjudicate|adjudication|functional|impairment|"
     "medical records|occupational demands"),
    # UX
    ("ux_researcher", 2.5, "user research|ux|usability|usability testing|human factors|"
     "user interviews|personas|prototype(s)|prototyping|figma|sketch|wireframes|"
     "user experience|design thinking|product team|product teams|engineers|designers|"
     "digital health|app|apps|mobile app|product|roadmap|stakeholders|iec 62366|"
     "formative|summative|user needs|journey maps|research studies|qualitative"),
    # management
    ("rehab_manager", 2.5, "budget|budgets|p l|profit and loss|direct reports|supervise therapists|"
     "supervise staff|manage staff|lead a team|leadership|hiring|hire|staffing|"
     "scheduling|department|therapy department|rehab department|oversee|oversight|"
     "operations|productivity standards|labor management|performance reviews|"
     "team of therapists|therapy team|rehab team|strategic|kpis|metrics|manage the"),
    # signals
    ("@treat", 2.5, "plan of care|plans of care|caseload|case load|treat patients|treating patients|"
     "evaluate and treat|evaluates and treats|evaluations and treatment(s)|treatment plan(s)|"
     "full caseload|full patient caseload|patient caseload|maintain a caseload|carry a caseload|"
     "treat children|treat adults|treat patients with|treatment visits|evaluation and treatment|"
     "treatment sessions|therapy sessions|patient visits|visits per day|visits per week|"
     "per visit|pay per visit|patients per day|direct patient care|hands on patient care|"
     "hands on|therapeutic exercise(s)|manual therapy|therapeutic intervention(s)|"
     "provide therapy|provides therapy|provide skilled therapy|skilled therapy services|"
     "deliver therapy|therapy services to|home visits|oasis|start of care|"
     "gait training|adl training|adl retraining|splinting|orthotic fabrication|"
     "dysphagia|modalities|co treat|cotreat|new grads|new graduates|13 week|"
     "travel assignment|travel contract|assignment|productivity|patient care|"
     "treatment|treatments|treat|evaluate|evaluations|re evaluations|discharge summaries|"
     "iep|ieps|caseloads|therapeutic activities|neuromuscular re education|"
     "patient education|home exercise program|hep|functional outcomes|"
     "licensed clinicians to treat|clinical excellence|sign on bonus|relocation"),
    ("@treat", 5, "working manager|working director|working dor|working supervisor|"
     "80 caseload|75 caseload|85 caseload|90 caseload|70 caseload|60 caseload|50 caseload|"
     "percent caseload|caseload of|treating caseload|maintain a treating caseload|"
     "80 of your week|85 of the week|80 of the week|treat about|treats about"),
    ("@nontreat", 5, "non caseload|no caseload|without a caseload|non treating|not carry a caseload|"
     "no patient care|no direct patient care|no hands on|non clinical role|non clinical position|"
     "no treating|does not treat|do not treat|will not treat|non patient facing"),
    ("@bh", 2, "counseling|counselling|psychotherapy|mental health|behavioral health|"
     "behavioural health|substance use|substance abuse|addiction|dsm|dsm 5|cbt|dbt|emdr|"
     "trauma|trauma informed|lpc|lcsw|lmft|lmhc|lpcc|lcpc|lmsw|psychiatric|anxiety|"
     "depression|individual and group therapy|group therapy|family therapy|"
     "clients|client|crisis|suicide|co occurring|psychosocial|diagnostic assessments|"
     "biopsychosocial|therapy sessions|aba|applied behavior analysis"),
    ("@selling", 2.5, "sales|quota|quotas|commission|commissions|territory|territories|ote|"
     "on target earnings|sales goals|prospecting|new business|grow business|business development|"
     "revenue targets|book of business"),
    ("@discharge", 2.5, "discharge planning|discharge plan|discharge plans|post acute placement|"
     "hospital discharge|safe discharge|discharge planner(s)|transitions of care|inpatients|"
     "length of stay|throughput|utilization review committee|discharge needs|bedside"),
    ("@cm_payer", 2.5, "workers compensation|workers comp|injured worker(s)|claimant(s)|adjuster(s)|"
     "catastrophic|carrier(s)|insurer(s)|telephonic case management|field case management|"
     "return to work|independent medical|life care|auto liability|liability claims"),
    ("@inperson", 2.5, "in person|in clinic|in our clinic|half in person|home visits|on site|onsite|"
     "in the clinic|face to face|in office"),
    ("@admin", 2.5, "insurance verification|verify insurance|verify patients insurance|"
     "insurance benefits|verify dental insurance|submit authorization requests|"
     "submit authorizations|submit prior authorization(s)|payer portals|fax|by fax|"
     "front office|front desk|schedule appointments|scheduling appointments|confirm visits|"
     "non clinical administrative|administrative role|business office|data entry|"
     "check in|check out|medical office|high school diploma|patient registration|"
     "payment options|copays|collect payments|answer phones|phones"),
    ("@review", 2.5, "medical necessity|medically necessary|clinical criteria|interqual|mcg|"
     "milliman|evidence based criteria|clinical review|clinical reviews|determination(s)|"
     "approve|approves|deny|denies|denial(s)|peer to peer|medical director(s)|"
     "physician reviewer|clinical judgment|review clinical|clinical reviewer|"
     "licensed therapist|licensed clinician|licensed pt|clinical documentation|"
     "review documentation|reviews documentation|appeals|clinical information"),
    ("@health", 1, "patient(s)|clinical|clinician(s)|therapy|therapist(s)|health|healthcare|"
     "health care|medical|medicine|rehab|rehabilitation|hospital(s)|medicare|medicaid|"
     "nurse(s)|nursing|physician(s)|disability|disabilities|injury|injuries|injured|"
     "occupational therapy|physical therapy|speech|wellness|care|clinic|clinics|"
     "workers compensation|workers comp|injured workers|return to work|"
     "pt|ot|slp|cota|pta|otr|dpt|pts|ots|slps|ptas|cotas|otas|wheelchair|seating|mobility|aging|elderly|seniors|"
     "older adults|ergonomic(s)|musculoskeletal|diagnosis|treatment|pharma|pharmaceutical|"
     "biotech|device|devices|life sciences|cms|hipaa|icd 10|snf|irf|ltach"),
    ("@kids", 1, "kids|children|child|toddler(s)|pediatric|sensory|youth|families|parents"),
    ("@nonhealth", 1, "software|saas|engineering|cloud|kubernetes|aws|javascript|python|"
     "law firm|attorney|legal|immigration|real estate|retail|restaurant|hospitality|"
     "automotive|vehicle|vehicles|furniture|apparel|banking|mortgage|loans|fintech|"
     "cybersecurity|crypto|video games|gaming|fitness center|gym members|personal training|"
     "property damage|auto claims|collision|homeowners insurance|commercial lines|"
     "subrogation|tenants|housing|homeless|shelter|students|admissions office|"
     "energy|utility|solar|oil and gas|manufacturing company|factory|supply chain|"
     "logistics|e commerce|ecommerce|marketing agency|brand|consumers|shoppers"),
]

# Phrases that carry weight when they appear in the company name.
COMPANY_RULES: list[tuple[str, float, str]] = [
    ("kids_gym_owner", 6, "my gym|little gym|gymboree|kids gym|sensory gym|sensory club|"
     "kids play gym|we rock the spectrum|romp n roll|the little gym"),
    ("utilization_review", 2, "evicore|elevance|anthem|optum|humana|aetna|cigna|carelon|"
     "unitedhealthcare|unitedhealth|centene|molina|wellcare|healthhelp|magellan|"
     "orthonet|tivity|american specialty health|ash|astyra|orthocare|"
     "health plan|healthplan|blue cross|blue shield|bcbs|kaiser"),
    ("@navihealth", 3, "navihealth|navi health"),
    ("@staffing", 3, "staffing|travel|aya healthcare|amn|cross country|medical solutions|"
     "fusion medical|trustaff|soliant|amergis|maxim|supplemental health care|jackson|"
     "advantage medical|host healthcare|medpro|sunbelt|cariant|nursefinders|flexcare"),
    ("rehab_liaison", 2, "encompass health|everest rehabilitation|ihr|select medical|"
     "kindred|lifepoint rehabilitation"),
    ("dme_sales", 2, "numotion|national seating|nsm|permobil|sunrise medical|invacare|"
     "medtronic|stryker|zimmer|hanger|bioness|ottobock|össur|ossur|breg|djo|enovis|"
     "quantum rehab|pride mobility|tobii|prc saltillo"),
    ("@nonhealth", 2, "bank|capital one|chase|amazon|google|microsoft|meta|law|legal|"
     "realty|motors|automotive|software|technologies|labs"),
]

# Roles that need healthcare (or the right) context to count.
_NEEDS_HEALTH = frozenset(
    {
        "dme_sales", "medical_writer", "ux_researcher", "health_wellness_coach",
        "accessibility_consultant", "ceu_course_creator", "clinical_informatics",
        "compliance_auditor", "case_manager", "utilization_review", "rehab_liaison",
        "academic_faculty", "disability_claims_consultant", "cross_market_care_coordinator",
        "transitional_care_coordinator", "vocational_rehab_counselor",
    }
)
_CARE_ROLES = (
    "transitional_care_coordinator",
    "skilled_inpatient_care_coordinator",
    "cross_market_care_coordinator",
    "home_health_care_coordinator",
)
# Ambiguous titles that are often direct care in disguise.
_AMBIGUOUS_TITLE = re.compile(
    rb" (case manager|case management|coordinator|coord|clinical specialist|liaison|"
    rb"clinical manager|clinical lead|supervisor|lead|director|manager|specialist|"
    rb"consultant|navigator|coach|educator) "
)

# Families that have no catalog role for a job ("~" targets in the tables).
_PSEUDO_FAMILY = {
    "~care_coordination": "care_coordination",
    "~quality": "quality_compliance",
    "~health_tech": "health_tech",
}


def _family(role: str) -> str:
    return ROLE_FAMILY.get(role) or _PSEUDO_FAMILY[role]


_BH_SAFE_ROLES = frozenset({"vocational_rehab_counselor", "academic_faculty", "recruiter"})
_BODY_CAP = 9.0
_ROLE_FLOOR = 4.0  # a role needs at least this much total evidence


@lru_cache(maxsize=1)
def _catalog_titles() -> dict[str, tuple[str, ...]]:
    """Role titles and ``title_synonyms`` from the catalog's role files, when present.

    Read directly (not through the validating loader) because they are only a
    fuzzy-matching hint: a role file that is missing or being edited must not
    stop classification.
    """
    roles_dir = Path(__file__).resolve().parents[2] / "catalog" / "data" / "roles"
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted(roles_dir.glob("*.toml")) if roles_dir.is_dir() else []:
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # a hint only; the catalog loader reports broken files
        role = doc.get("id", path.stem)
        if role not in ROLE_FAMILY:
            continue
        names = [doc.get("title", "")] + list(doc.get("title_synonyms") or [])
        out[role] = tuple(n for n in names if isinstance(n, str) and n.strip())
    return out


_FUZZY_TITLES: dict[str, str] = {
    "utilization review therapist": "utilization_review",
    "utilization management therapist": "utilization_review",
    "therapy services reviewer": "utilization_review",
    "pre service coordinator": "pre_service_coordinator",
    "skilled inpatient care coordinator": "skilled_inpatient_care_coordinator",
    "cross market care coordinator": "cross_market_care_coordinator",
    "transitional care coordinator": "transitional_care_coordinator",
    "home health care coordinator": "home_health_care_coordinator",
    "therapy recruiter": "recruiter",
    "ergonomics specialist": "office_ergonomics",
    "industrial ergonomist": "industrial_ergonomics",
    "kids gym owner": "kids_gym_owner",
    "case manager": "case_manager",
    "life care planner": "life_care_planner",
    "clinical liaison": "rehab_liaison",
    "medical device sales representative": "dme_sales",
    "assistive technology professional": "assistive_technology_professional",
    "home modification specialist": "home_modification_specialist",
    "accessibility consultant": "accessibility_consultant",
    "continuing education course creator": "ceu_course_creator",
    "occupational therapy faculty": "academic_faculty",
    "medical writer": "medical_writer",
    "clinical informatics specialist": "clinical_informatics",
    "compliance auditor": "compliance_auditor",
    "telehealth therapist": "telehealth_therapist",
    "health and wellness coach": "health_wellness_coach",
    "vocational rehabilitation counselor": "vocational_rehab_counselor",
    "disability claims consultant": "disability_claims_consultant",
    "ux researcher": "ux_researcher",
    "rehab manager": "rehab_manager",
}


_EVIDENCE: dict[tuple[str, str, float, bool], Evidence] = {}


def _evidence_item(field: str, phrase: str, weight: float, body: bytes) -> Evidence:
    """A shared, frozen :class:`Evidence` (building pydantic models is the costly part)."""
    loose = field == "description" and " " in phrase and b" " + _phrase_key(phrase) + b" " not in body
    key = (field, phrase, weight, loose)
    item = _EVIDENCE.get(key)
    if item is None:
        # A loose match found the words, not the phrase: say so ("treating + caseload").
        text = " + ".join(_phrase_key(phrase).decode().split()) if loose else phrase
        item = Evidence(field=field, text=text, weight=weight)
        if len(_EVIDENCE) < 50_000:
            _EVIDENCE[key] = item
    return item


def _confidence(best: float, runner_up: float) -> float:
    strength = 1.0 - math.exp(-best / 6.0)
    margin = best / (best + runner_up + 1.0)
    return round(max(0.05, min(0.99, strength * (0.4 + 0.6 * margin))), 3)


def _sum(hits: list[Rule]) -> dict[str, float]:
    scores: dict[str, float] = {}
    get = scores.get
    for target, weight, _ in hits:
        scores[target] = get(target, 0.0) + weight
    return scores


@dataclass
class _Scores:
    title_hits: list[Rule]
    body_hits: list[Rule]
    company_hits: list[Rule]
    title_bytes: bytes
    body_bytes: bytes = b""

    def __post_init__(self) -> None:
        self.title = _sum(self.title_hits)
        self.body = _sum(self.body_hits)
        self.company = _sum(self.company_hits)

    def t(self, target: str) -> float:
        return self.title.get(target, 0.0)

    def b(self, target: str) -> float:
        """Description score, capped so a long text cannot drown the title."""
        return min(self.body.get(target, 0.0), _BODY_CAP)

    def c(self, target: str) -> float:
        return self.company.get(target, 0.0)

    def raw(self, target: str) -> float:
        return self.body.get(target, 0.0)


class Classifier:
    """Rule tables compiled for fast matching. Build once, call many times."""

    def __init__(
        self,
        title_rules: Iterable[tuple[str, float, str]] = TITLE_RULES,
        body_rules: Iterable[tuple[str, float, str]] = BODY_RULES,
        company_rules: Iterable[tuple[str, float, str]] = COMPANY_RULES,
        fuzzy_titles: dict[str, str] | None = None,
    ) -> None:
        self._title = _Matcher(title_rules)
        self._body = _Matcher(body_rules, loose=True)
        self._company = _Matcher(company_rules)
        self._fuzzy = dict(_FUZZY_TITLES if fuzzy_titles is None else fuzzy_titles)
        self._fuzzy_choices = list(self._fuzzy)
        self._seen: dict[tuple[int, str], tuple[bytes, list[Rule]]] = {}
        self._fuzzy_seen: dict[str, tuple[str, float] | None] = {}

    def add_fuzzy_titles(self, titles: Mapping[str, Iterable[str]]) -> None:
        for role, names in titles.items():
            for name in names:
                key = _phrase_key(name).decode()
                if key and key not in self._fuzzy:
                    self._fuzzy[key] = role
        self._fuzzy_choices = list(self._fuzzy)
        self._fuzzy_seen.clear()

    def __call__(self, title: str, text: str, *, company: str | None = None) -> Classification:
        title_bytes, title_hits = self._short_hits(self._title, title or "")
        body = _bytes(text) if text else b""
        s = _Scores(
            title_hits,
            self._body.hits(body) if text else [],
            self._short_hits(self._company, company)[1] if company else [],
            title_bytes,
            body,
        )
        return self._decide(s, title or "")

    def forget(self) -> None:
        """Drop the titles and company names remembered so far."""
        self._seen.clear()
        self._fuzzy_seen.clear()

    def _short_hits(self, matcher: _Matcher, text: str) -> tuple[bytes, list[Rule]]:
        """Bytes and rule hits of a title or company name, remembered (they repeat)."""
        key = (id(matcher), text)
        found = self._seen.get(key)
        if found is None:
            data = _bytes(text)
            found = (data, matcher.hits(data))
            if len(self._seen) >= 16384:
                self._seen.clear()
            self._seen[key] = found
        return found[0], list(found[1])

    # -- decision ------------------------------------------------------------------
    def _role_totals(self, s: _Scores) -> dict[str, float]:
        totals: dict[str, float] = {}
        title, body, company = s.title, s.body, s.company
        for role in {*title, *body, *company}:
            if role[0] != "@":
                # s.t(role) + s.b(role) + s.c(role), inlined (dozens of targets).
                totals[role] = title.get(role, 0.0) + min(body.get(role, 0.0), _BODY_CAP) + company.get(role, 0.0)
        ergo_t, ergo_b = s.t("@ergo"), s.b("@ergo")
        if ergo_t or ergo_b >= 5:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals[role] = totals.get(role, 0.0) + ergo_t + ergo_b
        else:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals.pop(role, None)
        care_t, care_b = s.t("@care_coord"), s.b("@care_coord")
        if care_t or s.c("@navihealth"):
            for role in _CARE_ROLES:
                totals[role] = totals.get(role, 0.0) + care_t + care_b + s.c("@navihealth")
        # Kids gyms need kids, and an owner/manager rather than hourly staff.
        if "kids_gym_owner" in totals:
            kids = s.t("@kids") or s.b("@kids") or s.c("kids_gym_owner")
            staff = s.t("@gym_staff") and not s.t("@gym_lead")
            if not kids or staff:
                totals.pop("kids_gym_owner")
        return totals

    def _decide(self, s: _Scores, title: str) -> Classification:
        totals = self._role_totals(s)
        health = s.t("@health") + s.b("@health") + s.t("@disc") + s.t("@clin_t")
        nonhealth = s.t("@nonhealth") + min(s.raw("@nonhealth"), 4) + s.c("@nonhealth")
        disc_t = s.t("@disc")
        clin_t = s.t("@clin_t")
        treat = max(0.0, s.raw("@treat") - s.raw("@nontreat"))
        bh_t, bh_b = s.t("@bh"), s.raw("@bh")
        admin = s.t("@admin") + s.raw("@admin")

        # Roles without healthcare context are look-alikes (law-firm case manager, FinOps).
        if nonhealth >= 4 and nonhealth > health:
            for role in list(totals):
                if role in _NEEDS_HEALTH or s.t(role) < 8:
                    totals.pop(role)
        elif health == 0:
            for role in list(totals):
                if role in _NEEDS_HEALTH:
                    totals.pop(role)
        # Front-office paperwork (submit authorizations, schedule visits) is not clinical review.
        if admin >= 5:
            for role in list(totals):
                if ROLE_FAMILY.get(role) == "utilization_management" and s.raw("@review") < 2.5:
                    totals.pop(role)
                elif role in _CARE_ROLES and s.raw(role) < 5:
                    totals.pop(role)

        # Complex-rehab / ATP jobs with a territory and commission are equipment sales.
        if "assistive_technology_professional" in totals and s.raw("@selling") >= 5:
            totals["dme_sales"] = max(totals.get("dme_sales", 0.0), totals["assistive_technology_professional"] + 1)

        # A hospital "case manager" who plans discharges is care coordination (not
        # payer/injury case management).
        if s.t("case_manager") and s.raw("@discharge") >= 5 and not s.raw("@cm_payer"):
            totals["transitional_care_coordinator"] = max(totals.values()) + 1

        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        best_role, best = ranked[0] if ranked else (None, 0.0)
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        role_title = s.t(best_role) if best_role else 0.0
        if best_role == "dme_sales" and s.raw("@selling") >= 5:
            role_title = max(role_title, s.t("assistive_technology_professional"))
        if best_role and s.c(best_role) >= 5:  # a telling company name ("My Gym") counts like a title
            role_title += s.c(best_role)
        if best_role in ("office_ergonomics", "industrial_ergonomics"):
            role_title += s.t("@ergo")
        if best_role in _CARE_ROLES:
            role_title += s.t("@care_coord") + (s.t("case_manager") if best_role == "transitional_care_coordinator" else 0)

        # 1. Behavioural-health therapy: clinical, with no PT/OT role.
        therapist_title = b" therapist" in s.title_bytes or b" clinician" in s.title_bytes
        if (bh_t >= 7 or (therapist_title and bh_b >= 6)) and disc_t < 6 and best_role not in _BH_SAFE_ROLES:
            return self._result(None, "clinical", bh_t + bh_b, best, s, ["@bh", "@clin_t"])

        # 2. Telehealth therapists are their own family (still clinical practice).
        # Mixed in-person and tele jobs stay clinical.
        if best_role == "telehealth_therapist" and role_title and (disc_t or clin_t or therapist_title):
            if b" hybrid " in s.title_bytes or s.raw("@inperson") >= 5:
                return self._result(None, "clinical", disc_t + clin_t + treat, best, s, ["@disc", "@inperson"])
            return self._result(best_role, "telehealth", best, runner, s, [best_role, "@disc"])

        clinical = disc_t + clin_t + treat
        ambiguous = bool(_AMBIGUOUS_TITLE.search(s.title_bytes))
        if best_role is not None and role_title > 0:
            # 3. Ambiguous titles ("Case Manager - PT", "Clinical Specialist") whose
            #    duties are treatment are direct care.
            role_body = s.raw(best_role)
            if ambiguous and treat >= 5 and (disc_t or clin_t or health >= 3) and treat > role_body:
                return self._result(None, "clinical", clinical, best, s, ["@treat", "@disc", "@clin_t"])
            if best >= _ROLE_FLOOR:
                return self._result(best_role, _family(best_role), best, runner, s, [best_role])

        # 4. A therapist title with no role in it: the description decides.
        if best_role is not None and best >= 9 and treat < 5 and s.b(best_role) >= 7:
            return self._result(best_role, _family(best_role), best, runner, s, [best_role])
        if disc_t or (clin_t and not s.t("@admin") and (treat >= 3 or health >= 4)):
            return self._result(None, "clinical", clinical, best, s, ["@disc", "@clin_t", "@treat"])

        # 5. Fuzzy title match for typos and unusual spellings.
        fuzzy = self._fuzzy_role(title) if nonhealth < 4 and admin < 5 else None
        if fuzzy is not None:
            role, score = fuzzy
            return Classification.model_construct(
                role=role,
                family=ROLE_FAMILY[role],
                confidence=round(min(0.9, score / 100 * 0.8), 3),
                evidence=[Evidence.model_construct(field="title", text=f"~{title.strip()}", weight=score / 10)],
            )
        if best_role is not None and best >= 8 and s.b(best_role) >= 7:
            return self._result(best_role, _family(best_role), best, runner, s, [best_role])
        if treat >= 8 and health >= 4 and not s.t("@admin"):
            return self._result(None, "clinical", treat, best, s, ["@treat"])
        return Classification.model_construct(
            role=None,
            family="other",
            confidence=_confidence(max(nonhealth + admin, 3.0), best),
            evidence=self._evidence(s, ["@nonhealth", "@admin", "@gym_staff"]),
        )

    def _fuzzy_role(self, title: str) -> tuple[str, float] | None:
        # rapidfuzz against every known title is the slowest step here, and
        # titles repeat: remember the answer per title.
        if title in self._fuzzy_seen:
            return self._fuzzy_seen[title]
        found: tuple[str, float] | None = None
        key = _phrase_key(title).decode()
        if key:
            hit = process.extractOne(
                key, self._fuzzy_choices, scorer=fuzz.token_sort_ratio, score_cutoff=88
            )
            if hit is not None:
                found = self._fuzzy[hit[0]], float(hit[1])
        if len(self._fuzzy_seen) >= 16384:
            self._fuzzy_seen.clear()
        self._fuzzy_seen[title] = found
        return found

    def _evidence(self, s: _Scores, targets: list[str]) -> list[Evidence]:
        wanted = set(targets)
        picked: dict[tuple[str, str], tuple[str, str, float]] = {}
        for field, hits in (("title", s.title_hits), ("description", s.body_hits),
                            ("company", s.company_hits)):
            for target, weight, phrase in hits:
                if target in wanted and (field, phrase) not in picked:
                    picked[(field, phrase)] = (field, phrase, weight)
        # Sets iterate in hash order, which changes between processes: sort fully.
        best = sorted(picked.values(), key=lambda e: (e[0] != "title", -e[2], e[1]))[:10]
        return [_evidence_item(field, phrase, weight, s.body_bytes) for field, phrase, weight in best]

    def _result(
        self,
        role: str | None,
        family: str,
        score: float,
        runner_up: float,
        s: _Scores,
        targets: list[str],
    ) -> Classification:
        if role in ("office_ergonomics", "industrial_ergonomics"):
            targets = [*targets, "@ergo"]
        if role in _CARE_ROLES:
            targets = [*targets, "@care_coord", "@navihealth"]
        return Classification.model_construct(
            role=role if role is None or role[0] != "~" else None,
            family=family,
            confidence=_confidence(score, runner_up if family != "clinical" else runner_up / 2),
            evidence=self._evidence(s, targets),
        )


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The shared classifier: built-in tables plus catalog titles for fuzzy matching."""
    clf = Classifier()
    clf.add_fuzzy_titles(_catalog_titles())
    return clf


def classify(title: str, text: str, *, company: str | None = None) -> Classification:
    """Classify one posting (title + plain-text description) into role and family.

        >>> classify("Kids Gym Franchise Owner", "Own a children's gym franchise. Liquid capital $100K.").family
        'kids_gym'
        >>> classify("Moving and Handling Advisor", "Train NHS ward staff in safe patient handling.").family
        'ergonomics'
        >>> classify("Senior Software Engineer", "Build cloud services in Python.").family
        'other'
    """
    return default_classifier()(title, text, company=company)
