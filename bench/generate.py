"""Write N synthetic job postings as otpath JSONL, for the speed benchmarks.

    python bench/generate.py 100000 bench/out/postings-100k.jsonl --seed 1

Each line is one object in otpath's JSONL schema (``id``, ``title``,
``description``, ``company``, ``location``, ``url``, ``date_posted``, ``remote``,
``pay_min``, ``pay_max``, ``pay_interval``). Descriptions are 2-3 KB of text
built from templates: a mix of role families (utilization review, care
coordination, recruiting, ergonomics, kids gym franchises, many clinical jobs
and others), fictional companies, US locations, remote/hybrid/onsite wording,
credential lists ("PT, PTA, OT, COTA, or SLP"), years ("3-5 years"), hourly and
yearly pay, InterQual/MCG/ICD-10 mentions and boilerplate benefits. About 5% of
the lines are exact or near-duplicate reposts of an earlier posting on another
board (different id and URL), as job boards really do.

The output depends only on ``--seed`` and ``--anchor`` (the day postings are
dated back from; today by default). Generation streams (memory stays constant:
only a small ring of recent postings is kept for reposts) and is fast
(template fragments are JSON-escaped once, each line is a join of choices).
Synthetic data only: every company is invented.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

__all__ = ["generate", "main"]


def _j(s: str) -> str:
    """A string JSON-escaped without its quotes, ready to splice into a line."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


# --------------------------------------------------------------------------- vocab

CITIES = [
    ("New York", "NY"), ("Brooklyn", "NY"), ("Buffalo", "NY"), ("Albany", "NY"),
    ("Los Angeles", "CA"), ("San Diego", "CA"), ("Sacramento", "CA"), ("Fresno", "CA"),
    ("San Jose", "CA"), ("Chicago", "IL"), ("Naperville", "IL"), ("Peoria", "IL"),
    ("Houston", "TX"), ("Dallas", "TX"), ("Austin", "TX"), ("San Antonio", "TX"),
    ("El Paso", "TX"), ("Phoenix", "AZ"), ("Tucson", "AZ"), ("Philadelphia", "PA"),
    ("Pittsburgh", "PA"), ("Allentown", "PA"), ("Jacksonville", "FL"), ("Tampa", "FL"),
    ("Orlando", "FL"), ("Miami", "FL"), ("Tallahassee", "FL"), ("Columbus", "OH"),
    ("Cleveland", "OH"), ("Cincinnati", "OH"), ("Charlotte", "NC"), ("Raleigh", "NC"),
    ("Durham", "NC"), ("Indianapolis", "IN"), ("Fort Wayne", "IN"), ("Seattle", "WA"),
    ("Spokane", "WA"), ("Tacoma", "WA"), ("Denver", "CO"), ("Colorado Springs", "CO"),
    ("Boston", "MA"), ("Worcester", "MA"), ("Nashville", "TN"), ("Memphis", "TN"),
    ("Knoxville", "TN"), ("Detroit", "MI"), ("Grand Rapids", "MI"), ("Ann Arbor", "MI"),
    ("Portland", "OR"), ("Eugene", "OR"), ("Las Vegas", "NV"), ("Reno", "NV"),
    ("Louisville", "KY"), ("Lexington", "KY"), ("Baltimore", "MD"), ("Bethesda", "MD"),
    ("Milwaukee", "WI"), ("Madison", "WI"), ("Albuquerque", "NM"), ("Kansas City", "MO"),
    ("St. Louis", "MO"), ("Omaha", "NE"), ("Minneapolis", "MN"), ("Rochester", "MN"),
    ("Atlanta", "GA"), ("Savannah", "GA"), ("Richmond", "VA"), ("Norfolk", "VA"),
    ("Salt Lake City", "UT"), ("Boise", "ID"), ("Birmingham", "AL"), ("Tulsa", "OK"),
    ("Oklahoma City", "OK"), ("Little Rock", "AR"), ("Des Moines", "IA"), ("Wichita", "KS"),
    ("New Orleans", "LA"), ("Baton Rouge", "LA"), ("Hartford", "CT"), ("Providence", "RI"),
    ("Burlington", "VT"), ("Portland", "ME"), ("Manchester", "NH"), ("Charleston", "SC"),
    ("Columbia", "SC"), ("Jackson", "MS"), ("Anchorage", "AK"), ("Honolulu", "HI"),
    ("Newark", "NJ"), ("Trenton", "NJ"), ("Wilmington", "DE"), ("Fargo", "ND"),
    ("Sioux Falls", "SD"), ("Billings", "MT"), ("Cheyenne", "WY"), ("Charleston", "WV"),
]
STATE_NAMES = [
    "Texas", "Florida", "Ohio", "Pennsylvania", "Georgia", "North Carolina", "Michigan",
    "Arizona", "Tennessee", "Indiana", "Missouri", "Wisconsin", "Colorado", "Minnesota",
]

CO_A = [
    "Summit", "Bluewater", "Cedar Ridge", "Northstar", "Harborview", "Keystone", "Lakeshore",
    "Pinecrest", "Riverbend", "Silverline", "Evergreen", "Meridian", "Brightpath", "Crescent",
    "Granite", "Prairie", "Beacon", "Oakmont", "Willow Creek", "Aspen", "Horizon", "Magnolia",
    "Redwood", "Sunrise", "Clearwater", "Ironwood", "Juniper", "Maplewood", "Tidewater",
    "Blue Heron", "Copper Canyon", "Foxglove", "Hollow Oak", "Lantern", "Marigold", "Quarry",
]
CO_B = [
    "Health Partners", "Rehab Group", "Therapy Services", "Care Network", "Health Plan",
    "Medical Group", "Staffing", "Home Health", "Rehabilitation Hospital", "Senior Living",
    "Pediatric Therapy", "Health System", "Managed Care", "Ergonomics LLC", "Solutions",
    "Clinical Review Services", "Healthcare Staffing", "Post-Acute Care", "Wellness Co.",
    "Outpatient Rehab", "Orthopedics", "Care Management", "Benefits Administrators",
    "Medical Supply", "Learning Institute", "Analytics", "Kids Therapy Center",
]
GYM_BRANDS = [
    "Little Leapers Gym", "Wiggle Works Kids Gym", "Tumble Town Play & Learn",
    "Sensory Sprouts Gym", "Bounce Academy for Kids", "KidQuest Motor Lab",
]
BOARDS = [
    ("indeed", "https://www.indeed.example/viewjob?jk="),
    ("linkedin", "https://www.linkedin.example/jobs/view/"),
    ("glassdoor", "https://www.glassdoor.example/job-listing/jl="),
    ("ziprecruiter", "https://www.ziprecruiter.example/c/job/"),
    ("company", "https://careers.example.org/jobs/"),
]

CRED_LISTS = [
    "PT, PTA, OT, COTA, or SLP", "OT, COTA, PT or PTA", "OTR/L or COTA/L", "OTR/L",
    "COTA/L", "PT or OT", "licensed therapist (PT, OT, SLP)", "RN, LPN, PT, OT or SLP",
    "physical therapist, occupational therapist or speech-language pathologist",
    "OT, PT, SLP, RN", "CCC-SLP", "DPT or PT", "PTA or COTA", "LPN, RN, COTA, PTA",
    "Occupational Therapist (OTR/L)", "Certified Occupational Therapy Assistant (COTA)",
]
YEARS = [
    "3-5 years", "2+ years", "at least 3 years", "1-2 years", "5+ years", "two (2) years",
    "minimum of 4 years", "3 to 5 years", "one year", "7+ years", "2-4 years",
]
YEARS_CONTEXT = [
    "of clinical experience", "of post-acute or acute care experience",
    "of experience in utilization review or case management",
    "of clinical practice in a hospital, SNF or home health setting",
    "of recruiting or sales experience", "of pediatric experience",
    "of experience in industrial rehabilitation or ergonomics",
    "of experience working with managed care organizations",
]
TOOLS = [
    "InterQual", "MCG (Milliman Care Guidelines)", "ICD-10", "CPT coding", "CMS guidelines",
    "Medicare Part A and B", "Epic", "Cerner", "WebPT", "Netsmart", "PointClickCare",
    "Salesforce", "Bullhorn", "Microsoft Excel", "NCQA and URAC standards",
    "OSHA recordkeeping", "RULA and REBA", "NIOSH lifting equation",
]
CERTS = [
    "CPHM", "CCM", "CEAS", "CPE", "ATP", "CAPS", "ACM", "CBIS", "NBCOT certification",
    "BLS", "CPR/First Aid", "CDI", "CPC",
]

# Titles per family. "clinical" is the largest share, as on real boards.
TITLES = {
    "utilization_management": [
        "Utilization Review Specialist - Therapy", "Utilization Review Clinician (PT/OT/SLP)",
        "Utilization Management Reviewer", "Prior Authorization Specialist - Rehab",
        "Pre-Service Review Clinician", "Clinical Reviewer, Post-Acute",
        "Utilization Review Therapist", "UM Clinical Reviewer - Outpatient Therapy",
        "Utilization Management Clinician II", "Therapy Utilization Reviewer",
        "Clinical Appeals Reviewer", "Medical Necessity Reviewer - PT/OT",
    ],
    "care_coordination": [
        "Care Coordinator", "Transitions of Care Coordinator", "Discharge Planner",
        "Care Coordination Specialist", "Post-Acute Care Navigator",
        "Clinical Care Coordinator - Rehab", "Patient Care Navigator",
    ],
    "recruiting": [
        "Therapy Recruiter", "Clinical Recruiter - Rehab", "Healthcare Recruiter",
        "Travel Therapy Recruiter", "Talent Acquisition Partner - Therapy",
        "Rehab Staffing Consultant",
    ],
    "ergonomics": [
        "Ergonomics Specialist", "Ergonomist", "Office Ergonomics Consultant",
        "Industrial Injury Prevention Specialist", "Onsite Injury Prevention Specialist",
        "Workplace Ergonomics Coordinator",
    ],
    "kids_gym": [
        "Kids Gym Franchise Owner", "Franchise Owner - Children's Gym",
        "Sensory Gym Owner Opportunity", "Own a Kids Fitness Franchise",
        "Children's Gym Franchise Partner",
    ],
    "clinical": [
        "Occupational Therapist", "Occupational Therapist - SNF", "Home Health Occupational Therapist",
        "Certified Occupational Therapy Assistant", "COTA - Skilled Nursing", "COTA/L PRN",
        "Physical Therapist", "Physical Therapist - Outpatient Orthopedics",
        "Physical Therapist Assistant", "PTA - Home Health", "Speech-Language Pathologist",
        "SLP - School Based", "Pediatric Occupational Therapist", "Travel Occupational Therapist",
        "Travel Physical Therapist", "Inpatient Rehab OT", "Acute Care Occupational Therapist",
        "Hand Therapist (CHT)", "Outpatient Occupational Therapist", "OTR/L - Acute Rehab",
        "Staff Physical Therapist", "Speech Therapist - Acute Care", "Pediatric PT - Early Intervention",
        "School-Based COTA", "Occupational Therapist PRN", "Physical Therapist - Sign-On Bonus",
    ],
    "case_management": [
        "Case Manager - Workers' Compensation", "Telephonic Case Manager", "Field Case Manager",
        "Life Care Planner", "Rehabilitation Case Manager", "Catastrophic Case Manager",
    ],
    "liaison": [
        "Clinical Liaison", "Admissions Liaison - Inpatient Rehab", "Community Liaison",
        "Clinical Outreach Liaison", "Hospital Liaison - Post-Acute",
    ],
    "sales": [
        "Clinical Sales Specialist", "Complex Rehab Technology Sales Rep",
        "Durable Medical Equipment Sales Representative", "Medical Device Sales - Rehab",
        "Territory Manager, Mobility",
    ],
    "assistive_technology": [
        "Assistive Technology Specialist", "Home Modification Specialist",
        "Accessibility Consultant", "Seating and Mobility Specialist", "ATP Specialist",
    ],
    "education": [
        "OTA Program Faculty", "Academic Fieldwork Coordinator", "Clinical Educator",
        "Continuing Education Content Developer", "Assistant Professor of Occupational Therapy",
    ],
    "writing": [
        "Medical Writer", "Health Content Writer", "Clinical Content Specialist",
        "Medical Editor", "Continuing Education Writer",
    ],
    "informatics": [
        "Clinical Informatics Specialist", "EMR Analyst - Rehab", "Clinical Documentation Specialist",
        "Epic Therapy Analyst", "Clinical Applications Analyst",
    ],
    "quality_compliance": [
        "Therapy Compliance Auditor", "Clinical Documentation Auditor", "Rehab Quality Specialist",
        "Compliance Specialist - Therapy Services", "MDS Coordinator",
    ],
    "telehealth": [
        "Telehealth Occupational Therapist", "Teletherapy SLP", "Virtual Physical Therapist",
        "Telehealth OT - School Based", "Remote Teletherapist",
    ],
    "coaching": [
        "Health Coach", "Wellness Coach", "Health and Wellness Coach - Remote",
        "Lifestyle Coach", "Chronic Condition Coach",
    ],
    "vocational_disability": [
        "Vocational Rehabilitation Counselor", "Disability Claims Specialist",
        "Return to Work Coordinator", "Disability Case Manager", "Vocational Case Manager",
    ],
    "health_tech": [
        "UX Researcher - Digital Health", "Clinical Product Specialist",
        "Clinical Consultant - Health Tech", "Product Manager, Rehab Software",
    ],
    "management": [
        "Director of Rehab", "Rehab Manager", "Therapy Program Manager",
        "Director of Therapy Services", "Outpatient Clinic Manager",
    ],
    "other": [
        "Warehouse Associate", "Barista", "Software Engineer", "Customer Service Representative",
        "Administrative Assistant", "Delivery Driver", "Marketing Coordinator", "Data Analyst",
        "Retail Sales Associate", "Bookkeeper",
    ],
}
FAMILY_WEIGHTS = {
    "clinical": 36, "utilization_management": 9, "care_coordination": 6, "recruiting": 5,
    "ergonomics": 4, "kids_gym": 3, "case_management": 4, "liaison": 4, "sales": 3,
    "assistive_technology": 2, "education": 3, "writing": 2, "informatics": 2,
    "quality_compliance": 3, "telehealth": 3, "coaching": 2, "vocational_disability": 2,
    "health_tech": 1, "management": 3, "other": 3,
}
TITLE_PREFIX = ["", "", "", "", "", "Senior ", "Lead ", "Remote ", "Bilingual ", "Per Diem "]
TITLE_SUFFIX = [
    "", "", "", "", "", "", " - Remote", " (Hybrid)", " - Full Time", " - Part Time", " II",
    " - $5,000 Sign-On Bonus", " - Days", " (Contract)", " - Nationwide Remote",
]

# Duty sentences per family; each posting takes a random sample, so two postings of the
# same family rarely share more than a sentence or two of this part.
_DUTIES_COMMON = [
    "Collaborate with interdisciplinary team members to ensure timely, high-quality outcomes.",
    "Document all activities accurately and on time in the electronic record.",
    "Participate in team meetings, huddles and quality improvement projects.",
    "Maintain confidentiality of protected health information in accordance with HIPAA.",
    "Communicate clearly with patients, families, providers and internal partners.",
    "Meet productivity and quality metrics set by the department.",
    "Stay current with regulatory changes, payer policies and evidence-based practice.",
    "Mentor new team members and share knowledge during onboarding.",
]
DUTIES = {
    "utilization_management": [
        "Review requests for outpatient physical, occupational and speech therapy against InterQual and MCG criteria.",
        "Conduct pre-service (prior authorization) reviews of post-acute admissions to skilled nursing and inpatient rehab facilities.",
        "Apply medical-necessity criteria, plan benefits and CMS guidelines to each request.",
        "Refer cases that do not meet criteria to the physician reviewer with a clear clinical summary.",
        "Review ICD-10 and CPT codes for accuracy against the documented plan of care.",
        "Complete concurrent reviews of continued-stay requests within turnaround time standards.",
        "Communicate determinations to providers and members by phone, fax and portal.",
        "Identify members who would benefit from case management or disease management programs.",
        "Maintain inter-rater reliability scores of 90% or higher on quarterly audits.",
        "Work a queue of 25-35 authorization requests per day in a fully remote environment.",
        "Use NCQA and URAC standards to guide documentation of each determination.",
        "Review therapy progress notes to determine whether functional gains support additional visits.",
    ],
    "care_coordination": [
        "Coordinate discharge plans from acute care to home, home health, SNF or inpatient rehab.",
        "Schedule follow-up appointments and arrange durable medical equipment before discharge.",
        "Assess social determinants of health and connect patients with community resources.",
        "Contact high-risk members after discharge to reconcile medications and services.",
        "Track patients across care transitions to reduce avoidable readmissions.",
        "Educate patients and caregivers on the plan of care and warning signs.",
        "Work with payers to obtain authorizations for post-acute services.",
        "Maintain a caseload of members with complex medical and functional needs.",
    ],
    "recruiting": [
        "Source, screen and place physical therapists, occupational therapists and SLPs in travel and permanent roles.",
        "Build a pipeline of candidates through job boards, social media, referrals and conferences.",
        "Negotiate pay packages, housing stipends and contract terms with clinicians.",
        "Partner with facility clients to understand staffing needs and submit qualified candidates.",
        "Use Bullhorn to track candidates, submissions and placements.",
        "Meet weekly targets for calls, submittals, interviews and starts.",
        "Speak the language of therapy: explain caseloads, settings and productivity to candidates.",
        "Guide clinicians through credentialing, licensure and onboarding.",
    ],
    "ergonomics": [
        "Perform office and industrial ergonomic assessments using RULA, REBA and the NIOSH lifting equation.",
        "Deliver early-intervention care for musculoskeletal discomfort at the worksite.",
        "Train employees on body mechanics, stretching programs and safe lifting.",
        "Analyze job tasks and recommend engineering and administrative controls.",
        "Track OSHA recordable injuries and report injury trends to site leadership.",
        "Conduct post-offer employment testing and functional job analyses.",
        "Set up workstations for remote and in-office employees, virtually and in person.",
        "Build relationships with safety managers, supervisors and human resources.",
    ],
    "kids_gym": [
        "Own and operate a children's gym offering classes, camps and birthday parties.",
        "Use your background in pediatric therapy to design developmentally sound motor programs.",
        "Hire, train and lead a team of coaches and front-desk staff.",
        "Market your gym to local families, schools and pediatricians.",
        "Manage the business: budget, payroll, memberships and the franchise's operating system.",
        "Receive full training, site selection support and a proven curriculum from the franchisor.",
        "Initial investment ranges from $150,000 to $350,000 including the franchise fee.",
        "Build a community where kids develop strength, coordination and confidence through play.",
    ],
    "clinical": [
        "Evaluate and treat patients according to the plan of care and state practice act.",
        "Provide skilled therapy interventions to improve function, safety and independence in ADLs.",
        "Complete evaluations, progress notes and discharge summaries in a timely manner.",
        "Supervise PTAs, COTAs and aides as required by state regulations.",
        "Treat a caseload of 10-14 patients per day in a fast-paced environment.",
        "Educate patients and caregivers on home exercise programs and adaptive equipment.",
        "Perform home safety evaluations and recommend durable medical equipment.",
        "Provide school-based services according to IEP goals and district requirements.",
        "Complete productivity of 85% with a flexible schedule.",
        "Deliver manual therapy, therapeutic exercise and neuromuscular re-education.",
        "Work with patients recovering from stroke, joint replacement and cardiac events.",
        "Travel to patients' homes within the assigned territory; mileage reimbursed.",
        "Complete OASIS documentation and visit notes on a tablet.",
        "Provide splinting, hand therapy and post-surgical rehabilitation.",
    ],
    "other": [
        "Provide excellent service to every customer in a fast-paced environment.",
        "Maintain a clean and organized work area.",
        "Operate equipment safely and follow company procedures.",
        "Answer phones, schedule appointments and manage correspondence.",
        "Build and maintain web services in Python and TypeScript.",
        "Prepare weekly reports in Excel and present results to managers.",
        "Lift up to 50 pounds and stand for long periods.",
        "Deliver packages on time to residential and business addresses.",
    ],
}
_GENERIC_DUTIES = {
    "case_management": [
        "manage workers' compensation and catastrophic injury cases from referral to closure",
        "coordinate medical care, return to work and costs across providers and payers",
        "prepare life care plans and cost projections for attorneys and insurers",
    ],
    "liaison": [
        "screen referrals at acute care hospitals for inpatient rehab admission",
        "educate physicians, case managers and families about the rehab program",
        "build referral relationships and meet monthly admission goals",
    ],
    "sales": [
        "sell complex rehab technology, power wheelchairs and durable medical equipment",
        "run product evaluations and in-services with clinicians and facilities",
        "manage a territory, a pipeline and quarterly revenue targets",
    ],
    "assistive_technology": [
        "assess clients for assistive technology and train them in its use",
        "recommend home modifications such as ramps, grab bars and accessible bathrooms",
        "evaluate the accessibility of buildings, websites and products against ADA standards",
    ],
    "education": [
        "teach lecture and lab courses in an occupational therapy assistant program",
        "coordinate level I and level II fieldwork placements",
        "develop continuing education courses for therapists",
    ],
    "writing": [
        "write and edit patient education materials at an accessible reading level",
        "develop continuing education courses with subject-matter experts",
        "create clinically accurate marketing and web content",
    ],
    "informatics": [
        "build and maintain therapy documentation templates in Epic",
        "train clinicians on the electronic medical record and new workflows",
        "troubleshoot documentation issues and support go-lives",
    ],
    "quality_compliance": [
        "audit therapy documentation and billing for medical necessity",
        "prepare the organization for Medicare and payer audits",
        "educate clinicians on compliant documentation and coding",
    ],
    "telehealth": [
        "deliver therapy sessions over secure video to students and adults",
        "coordinate with teachers, families and facilitators at the remote site",
        "hold licenses in several states as caseloads require",
    ],
    "coaching": [
        "coach members toward lasting health behaviour change by phone, video and chat",
        "use motivational interviewing to set goals and track progress",
        "support members living with diabetes, heart disease and chronic pain",
    ],
    "vocational_disability": [
        "review disability claims and assess functional capacity",
        "coordinate vocational rehabilitation and return-to-work plans",
        "complete transferable skills analyses and labor market surveys",
    ],
    "health_tech": [
        "research user needs and test digital health products with clinicians",
        "translate therapy workflows into product requirements",
        "support customers as the clinical voice of the product team",
    ],
    "management": [
        "lead the rehab department and coach a team of therapists and assistants",
        "manage budgets, staffing and scheduling",
        "drive clinical quality, patient satisfaction and productivity",
    ],
}
_GENERIC_TEMPLATES = [
    "In this role you will {d}.",
    "Day to day, you will {d}, working closely with your team lead.",
    "You will {d} while meeting quality and productivity expectations.",
    "The team relies on this position to {d}.",
    "{D}.",
]
for _fam, _ds in _GENERIC_DUTIES.items():
    DUTIES[_fam] = [t.format(d=d, D=d[0].upper() + d[1:]) for t in _GENERIC_TEMPLATES for d in _ds]

QUALS = [
    "Current, unrestricted license in the state of practice or a compact state.",
    "Strong written and verbal communication skills.",
    "Comfortable working independently in a remote, metrics-driven environment.",
    "Proficiency with Microsoft Office and the ability to learn new software quickly.",
    "Bachelor's or master's degree from an accredited program.",
    "Bilingual English/Spanish is a plus.",
    "Excellent organizational and time-management skills.",
    "Ability to prioritize a high-volume queue and meet deadlines.",
    "Knowledge of Medicare, Medicaid and commercial insurance requirements.",
    "A valid driver's license and reliable transportation.",
    "Experience with managed care, prior authorization or utilization review preferred.",
    "Certification such as CCM, CPHM or CEAS preferred but not required.",
    "Must be able to pass a background check and drug screen.",
    "Demonstrated ability to build relationships and influence without authority.",
    "Experience in home health, SNF, acute care or outpatient settings.",
    "High-speed internet and a quiet, HIPAA-compliant home workspace.",
]
BENEFITS = [
    "We offer a comprehensive benefits package including medical, dental and vision insurance, a 401(k) with company match, paid time off, paid holidays, tuition reimbursement and an employee assistance program. Full-time employees are eligible on the first of the month after hire.",
    "Benefits: health, dental and vision coverage; life and disability insurance; 401(k) with 4% match; generous PTO that grows with tenure; continuing education allowance of $1,500 per year; wellness program; and paid parental leave.",
    "What we offer: competitive pay, flexible scheduling, CEU reimbursement, professional liability coverage, health savings account with employer contribution, employee discount program, and a culture that puts people first.",
    "Our total rewards include medical plans with low deductibles, dental, vision, flexible spending accounts, short- and long-term disability, a retirement plan with employer contribution, 20 days of paid time off, and home office stipend for remote roles.",
    "Perks & benefits:\n- Medical, dental, vision from day one\n- 401(k) with match\n- Paid time off and holidays\n- License and certification reimbursement\n- Mentorship and career ladder\n- Mileage reimbursement for field roles",
    "Eligible employees receive medical, dental and vision insurance; basic life insurance; a 403(b) retirement plan; paid time off; paid sick leave as required by state law; and access to free continuing education through our learning platform.",
    "Compensation includes base pay plus an annual incentive. Benefits include comprehensive health coverage, an employee stock purchase plan, backup child care, adoption assistance, and paid volunteer time.",
    "Travel assignments include tax-free housing and meal stipends, travel reimbursement, day-one medical benefits, license reimbursement, 24/7 recruiter support and a completion bonus.",
]
EEO = [
    "We are an equal opportunity employer. All qualified applicants will receive consideration for employment without regard to race, color, religion, sex, sexual orientation, gender identity, national origin, disability, or protected veteran status.",
    "{co} is an Equal Opportunity/Affirmative Action employer and participates in E-Verify. Reasonable accommodations are available to applicants with disabilities upon request.",
    "{co} celebrates diversity and is committed to creating an inclusive environment for all employees. We do not discriminate on the basis of any protected characteristic.",
    "Applicants must be authorized to work in the United States. {co} is a drug-free workplace. EOE/Minorities/Females/Vet/Disability.",
]
ABOUT = [
    "{co} is a growing organization serving more than {n},000 members and patients across {st}. We believe better care starts with people who care.",
    "For over {n} years, {co} has partnered with hospitals, health plans and employers to improve outcomes and lower costs. Join a team recognized as a Top Workplace.",
    "At {co}, our mission is simple: help people live their fullest lives. Our clinicians, reviewers and support teams work together in {st} and nationwide.",
    "{co} operates {n} locations in {st} and neighboring states, offering rehabilitation, home health and community programs.",
    "{co} is a mission-driven company founded by clinicians. We have grown to {n}00 employees while keeping a small-team culture.",
]
INTRO = [
    "{co} is hiring a {t} to join our team in {loc}.",
    "Join {co} as a {t}! This position is based in {loc}.",
    "We are looking for a motivated {t} for our {loc} team.",
    "{co} seeks an experienced {t}. Location: {loc}.",
    "Are you a therapist ready for your next chapter? {co} needs a {t} ({loc}).",
    "Position: {t}\nCompany: {co}\nLocation: {loc}",
]
REMOTE_WORDING = {
    "remote": [
        "This is a 100% remote, work-from-home position; candidates may reside in {st2}.",
        "Fully remote role. Must live in one of the following states: {st2}, {st3}.",
        "Work from home anywhere in the US (some states excluded).",
        "Remote - telecommute; occasional travel for training (less than 5%).",
    ],
    "hybrid": [
        "Hybrid schedule: three days in the {city} office, two days remote.",
        "This is a hybrid role with in-office days on Tuesdays and Thursdays.",
        "Hybrid after 90 days of onsite training in {city}.",
    ],
    "onsite": [
        "This position is onsite at our {city} location.",
        "On-site role; travel within the territory required.",
        "In-person position; this role is not eligible for remote work.",
    ],
}
CRED_SENTENCES = [
    "Requirements: active {c} license in good standing.",
    "Must hold a current {c} license.",
    "Qualified candidates are a licensed {c}.",
    "Open to {c} with an active license.",
    "Licensure as {c} required; compact license accepted.",
]
YEARS_SENTENCES = [
    "{y} {ctx} required.",
    "Minimum {y} {ctx}.",
    "We are looking for {y} {ctx}; new graduates are encouraged to apply for our residency.",
    "Preferred: {y} {ctx}.",
]
TOOLS_SENTENCES = [
    "Experience with {a} and {b} preferred.",
    "Working knowledge of {a}, {b} and {c}.",
    "Familiarity with {a} is a strong plus.",
    "You will use {a} and {b} daily.",
]
SCHEDULE = [
    "Schedule: Monday-Friday, 8:00 AM-4:30 PM in your time zone.",
    "Schedule: four 10-hour shifts with rotating weekend coverage.",
    "Flexible schedule; some evenings and weekends.",
    "Full-time, 40 hours per week, no weekends or holidays.",
    "PRN/per diem with a minimum of two shifts per month.",
    "Part-time, 20-30 hours per week.",
]

# ----------------------------------------------------------------------- generation


CULTURE = [
    "We invest in our people with mentorship, clear career paths and continuing education.",
    "Our teams are small, supportive and led by clinicians who understand the work.",
    "You will have the tools, training and time to do your best work.",
    "We measure success by the outcomes of the people we serve.",
    "New hires complete a structured onboarding program with a dedicated preceptor.",
    "We value curiosity, kindness and accountability.",
    "Many of our leaders started in roles like this one.",
    "We are proud of our low turnover and high employee engagement scores.",
    "Flexible scheduling helps our team balance work and family.",
    "We support licensure in additional states as our coverage grows.",
    "You will have a predictable caseload and protected documentation time.",
    "Our clinicians tell us they never want to go back to chasing productivity.",
]
OTHER_REQ = [
    "High school diploma or equivalent required.",
    "Previous customer service experience preferred.",
    "Bachelor's degree in business, marketing or a related field.",
    "2+ years of experience in a similar role.",
    "Must be at least 18 years old.",
    "Experience with Python, SQL and cloud services.",
]

# ----------------------------------------------------------------------- generation


def _pairs(items: list[str]) -> list[str]:
    """Every ordered pair of distinct items, pre-joined as two bullet lines."""
    return [f"{a}\\n- {b}" for a in items for b in items if a is not b]


def _prepare(rng: random.Random) -> dict:
    """Everything JSON-escaped and pre-joined once: a line is then a few index picks.

    Lists of sentences become lists of ordered *pairs* of sentences, so three picks from
    the pairs of a 20-sentence list give 380**3 (5e7) orderings: postings stay distinct
    (no accidental near-duplicates) while each pick costs one ``random()``.
    """
    fams: list[str] = []
    for f, w in FAMILY_WEIGHTS.items():
        fams += [f] * w
    companies = [_j(f"{a} {b}") for a in CO_A for b in CO_B]
    titles = {}
    for f, ts in TITLES.items():
        rows = []
        for t in ts:
            for pre in TITLE_PREFIX:
                for suf in TITLE_SUFFIX:
                    if f == "kids_gym" and (pre or suf):
                        continue
                    remote = "Remote" in pre or "Remote" in suf
                    rows.append((_j(pre + t + suf), remote))
        titles[f] = rows
    duties = {}
    for f in TITLES:
        own = [_j(d) for d in DUTIES.get(f, DUTIES["clinical"])]
        common = [_j(d) for d in _DUTIES_COMMON]
        duties[f] = (_pairs(own), own, _pairs(common if f != "other" else own))
    cred = [_j(s.format(c=c)) for s in CRED_SENTENCES for c in CRED_LISTS]
    years = [_j(s.format(y=y, ctx=x)) for s in YEARS_SENTENCES for y in YEARS for x in YEARS_CONTEXT]
    tools = []
    for _ in range(600):
        a, b, c = rng.sample(TOOLS, 3)
        tools.append(_j(rng.choice(TOOLS_SENTENCES).format(a=a, b=b, c=c)))
    about = []
    for s in ABOUT:
        for n in (3, 5, 8, 12, 15, 20, 25, 40, 60):
            for st in STATE_NAMES:
                about.append(_j(s.replace("{n}", str(n)).replace("{st}", st)))
    return {
        "fams": fams,
        "companies": companies,
        "gyms": [_j(g) for g in GYM_BRANDS],
        "titles": titles,
        "cities": [(_j(c), _j(f"{c}, {s}"), s) for c, s in CITIES],
        "states": [_j(s) for s in STATE_NAMES],
        "duties": duties,
        "cred": cred,
        "years": years,
        "tools": tools,
        "quals": _pairs([_j(q) for q in QUALS]),
        "qual1": [_j(q) for q in QUALS],
        "culture": [f"{a} {b}" for a in map(_j, CULTURE) for b in map(_j, CULTURE) if a != b],
        "other_req": [_j(s) for s in OTHER_REQ],
        "certs": [_j(f"Certifications: {c} preferred.") for c in CERTS],
        "intro": [_j(s) for s in INTRO],
        "about": about,
        "remote": {m: [_j(s) for s in v] for m, v in REMOTE_WORDING.items()},
        "schedule": [_j(s) for s in SCHEDULE],
        "benefits": [_j(b) for b in BENEFITS],
        "eeo": [_j(s) for s in EEO],
        "boards": BOARDS,
    }


REMOTE_FAMS = {"utilization_management", "writing", "coaching", "telehealth", "informatics",
               "health_tech"}


def generate(n: int, out, *, seed: int = 1, anchor: date | None = None,
             dup_rate: float = 0.05, ring: int = 2000, html_rate: float = 0.15) -> dict[str, int]:
    """Write ``n`` JSONL postings to the text stream ``out``. Returns counts.

    The loop is written for speed (every pick is ``seq[int(rand() * len)]`` inline, lines
    are ASCII except for the share that uses bullet characters): about 50-60k lines/s.
    """
    rng = random.Random(seed)
    P = _prepare(random.Random(seed ^ 0x5EED))
    rand = rng.random
    fams, companies, gyms, titles = P["fams"], P["companies"], P["gyms"], P["titles"]
    cities, states, duties = P["cities"], P["states"], P["duties"]
    cred, years, tools, quals, qual1 = P["cred"], P["years"], P["tools"], P["quals"], P["qual1"]
    culture, other_req, certs, intro, about = (P["culture"], P["other_req"], P["certs"],
                                               P["intro"], P["about"])
    remote_w, schedule, benefits, eeo, boards = (P["remote"], P["schedule"], P["benefits"],
                                                P["eeo"], P["boards"])
    nfams, ncomp, ngyms, ncities, nstates = (len(fams), len(companies), len(gyms), len(cities),
                                             len(states))
    ncred, nyears, ntools, nquals, nqual1 = len(cred), len(years), len(tools), len(quals), len(qual1)
    nculture, nother, ncerts, nintro, nabout = (len(culture), len(other_req), len(certs),
                                                len(intro), len(about))
    nsched, nben, neeo, nboards = len(schedule), len(benefits), len(eeo), len(boards)
    anchor = anchor or date.today()
    dates = [(anchor - timedelta(days=d)).isoformat() for d in range(0, 120)]
    fscale = nfams / (1.0 - dup_rate)
    recent: list[tuple[str, int]] = []  # ring of recent lines (and where the body starts)
    counts = {"postings": n, "exact_reposts": 0, "near_reposts": 0, "html": 0}
    buf: list[str] = []
    write = out.write
    for i in range(n):
        pid = f"bench-{seed}-{i:08d}"
        r = rand()
        board = boards[int(rand() * nboards)][1]
        if recent and r < dup_rate:
            line, k = recent[int(rand() * len(recent))]
            body = line[k:-2]
            if r < dup_rate / 2:
                counts["exact_reposts"] += 1
            else:  # near duplicate: re-dated and lightly edited by the other board
                counts["near_reposts"] += 1
                k = body.find('"date_posted": "') + 16
                body = body[:k] + dates[int(rand() * 30)] + body[k + 10:]
                body = body.replace("Responsibilities", "Reposted - still hiring! Responsibilities", 1)
            buf.append(f'{{"id": "{pid}", "url": "{board}{pid}", {body}}}\n')
        else:
            fam = fams[int((r - dup_rate) * fscale)]  # r is uniform on [dup_rate, 1) here
            co = gyms[int(rand() * ngyms)] if fam == "kids_gym" else companies[int(rand() * ncomp)]
            ts = titles[fam]
            t, t_remote = ts[int(rand() * len(ts))]
            city, loc, st = cities[int(rand() * ncities)]
            m = rand()
            if t_remote:
                mode = "remote"
            elif fam in REMOTE_FAMS:
                mode = "remote" if m < 0.7 else ("hybrid" if m < 0.85 else "onsite")
            elif fam == "clinical":
                mode = "onsite" if m < 0.9 else "hybrid"
            else:
                mode = "remote" if m < 0.25 else ("hybrid" if m < 0.5 else "onsite")
            rw = remote_w[mode]
            remote_line = rw[int(rand() * len(rw))]
            if "{" in remote_line:
                remote_line = remote_line.format(st2=states[int(m * nstates)],
                                                 st3=states[int(rand() * nstates)], city=city)
            if mode == "remote" and m < 0.35:
                loc = ("Remote", f"Remote, {st}", "United States (Remote)")[int(m * 8.5) % 3]
            pr = rand()
            if (fam == "clinical" or fam == "telehealth") and pr < 0.6 or pr < 0.25:
                lo = 28 + int(rand() * 25)
                hi = lo + 3 + int(pr * 20)
                pay = f'"pay_min": {lo}.0, "pay_max": {hi}.0, "pay_interval": "hourly", '
                pay_txt = f"Pay: ${lo}-${hi} per hour, based on experience."
            elif pr < 0.8:
                lo = 55 + int(rand() * 44)
                hi = lo + 8 + int(pr * 30)
                pay = f'"pay_min": {lo}000.0, "pay_max": {hi}000.0, "pay_interval": "yearly", '
                pay_txt = f"Salary range: ${lo},000 - ${hi},000 per year plus bonus."
            else:
                pay = ""
                pay_txt = "Competitive compensation commensurate with experience."
            x = rand()
            if x < 0.3:
                pay = ""  # the figure only in the text, as many boards do
            own_pairs, own, common_pairs = duties[fam]
            no, np_, nc = len(own), len(own_pairs), len(common_pairs)
            duty = (f"{own_pairs[int(rand() * np_)]}\\n- {own_pairs[int(rand() * np_)]}\\n- "
                    f"{own[int(rand() * no)]}\\n- {common_pairs[int(rand() * nc)]}")
            if fam == "other":
                req = f"{other_req[int(rand() * nother)]} {other_req[int(x * nother)]}"
            else:
                req = f"{cred[int(rand() * ncred)]} {years[int(rand() * nyears)]} {tools[int(rand() * ntools)]}"
            qual = (f"{quals[int(rand() * nquals)]}\\n- {quals[int(rand() * nquals)]}\\n- "
                    f"{qual1[int(rand() * nqual1)]}")
            e = eeo[int(rand() * neeo)]
            if "{co}" in e:
                e = e.replace("{co}", co)
            h1 = intro[int(rand() * nintro)].format(co=co, t=t, loc=loc)
            h2 = about[int(rand() * nabout)].replace("{co}", co)
            h3 = culture[int(rand() * nculture)]
            tail = (remote_line, schedule[int(rand() * nsched)], pay_txt,
                    benefits[int(rand() * nben)], e)
            y = rand()
            if y < 0.4:
                tail = (certs[int(y * 2.5 * ncerts)], *tail)
            if y < html_rate:  # some boards hand us HTML
                counts["html"] += 1
                desc = "".join((
                    "<p>", h1, "</p><p>", h2, "</p><p>", h3,
                    "</p><h3>Responsibilities</h3><ul><li>", duty.replace("\\n- ", "</li><li>"),
                    "</li></ul><h3>Qualifications</h3><p>", req, "</p><ul><li>",
                    qual.replace("\\n- ", "</li><li>"), "</li></ul><p>",
                    "</p><p>".join(tail), "</p>",
                ))
            else:
                desc = "\\n\\n".join((
                    h1, h2, h3,
                    "Responsibilities:\\n- " + duty,
                    "Qualifications:\\n" + req + "\\n- " + qual,
                    *tail,
                ))
                if y > 0.8:  # a fifth of plain-text boards use bullet characters
                    desc = desc.replace("\\n- ", "\\n\\u2022 ")  # JSON escape: lines stay ASCII
            date_s = dates[int(rand() * rand() * 120)]  # skewed toward recent days
            if x < 0.6:
                remote_field = f'"remote": "{mode}", '
            elif x < 0.8:
                remote_field = '"remote": true, ' if mode == "remote" else '"remote": false, '
            else:
                remote_field = ""
            head = f'{{"id": "{pid}", "url": "{board}{pid}", '
            line = (f'{head}"title": "{t}", "company": "{co}", "location": "{loc}", '
                    f'"date_posted": "{date_s}", {remote_field}{pay}"description": "{desc}"}}\n')
            buf.append(line)
            if len(recent) < ring:
                recent.append((line, len(head)))
            elif y < 0.1:  # refresh a tenth of the time: cheap, and still a rolling window
                recent[int(x * ring)] = (line, len(head))
        if len(buf) >= 2000:
            write("".join(buf))
            buf.clear()
    if buf:
        write("".join(buf))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of postings")
    ap.add_argument("out", type=Path, help="output JSONL file ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--anchor", type=date.fromisoformat, default=None,
                    help="date postings are dated back from (YYYY-MM-DD; default today)")
    ap.add_argument("--dup-rate", type=float, default=0.05,
                    help="share of lines that are reposts of an earlier posting (default 0.05)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    if str(a.out) == "-":
        counts = generate(a.n, sys.stdout, seed=a.seed, anchor=a.anchor, dup_rate=a.dup_rate)
        size = 0
    else:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        with open(a.out, "w", encoding="utf-8", buffering=1 << 20) as fh:
            counts = generate(a.n, fh, seed=a.seed, anchor=a.anchor, dup_rate=a.dup_rate)
        size = a.out.stat().st_size
    dt = time.perf_counter() - t0
    msg = (f"wrote {counts['postings']:,} postings ({counts['exact_reposts']:,} exact and "
           f"{counts['near_reposts']:,} near reposts, {counts['html']:,} HTML)")
    if size:
        msg += f", {size / 1e6:.1f} MB ({size / max(counts['postings'], 1):,.0f} B/posting)"
    msg += f" in {dt:.2f} s = {counts['postings'] / dt:,.0f} postings/s"
    print(msg, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
