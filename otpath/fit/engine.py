"""Score every catalog role against a profile, explainably.

The score (0-100) is a weighted mean of factor scores, each 0..1::

    score = 100 * sum(weight_i * factor_i)      (weights add up to 1)

The weights are the person's (see :func:`profile_weights`): a factor the person has no
preference on (remote: "no preference", physical work: "heavy is fine") counts for
nothing, so it cannot squeeze every score towards the top; an answer at an end of its
scale ("remote only", "no patient contact") counts 1.5 times; a must counts double.

Two things are kept apart from the score and decide the order first
(:func:`rank_roles`):

1. **Eligibility**, by credential, in four states (see
   :meth:`otpath.catalog.Role.eligibility_of`): ``eligible`` (a source says so),
   ``likely`` (an inference, shown as one), ``unclear`` (no source either way: check
   the postings) and ``not_eligible`` (a source excludes it). Stored postings count as
   evidence: an ``unclear`` role becomes ``likely`` when some of its stored postings
   accept the person's credential, and every result says how many do.
2. **Musts**: a role that breaks a must ranks below every role that keeps them all,
   and says which must it breaks.
3. **A degree the role needs**: a role whose sources say it typically needs a degree the
   person does not hold (a PTA, entered with an associate degree, and vocational
   rehabilitation counselling's master's) says so in its eligibility and ranks after
   the roles open to them today (``degree_needed``).

So the order is: roles you can go for that keep every must (eligible or likely, then
unclear), then those that also need a further degree, then those that break a must,
then the roles a source excludes you from; by score within each group.

    >>> from otpath.profile import Profile
    >>> results = rank_roles(Profile(credentials=["COTA"]))
    >>> results[0].eligibility
    'eligible'
"""

from __future__ import annotations

from collections.abc import Mapping

from ..catalog import Catalog, Role, default_catalog
from ..catalog.models import DEGREE_NAMES
from ..money import country_name, format_money
from ..profile.models import Preferences, Profile, setting_words
from .models import (
    BrokenMust,
    CredentialPay,
    Factor,
    FitResult,
    PostingCount,
    PostingEvidence,
    Ranking,
    Weight,
)
from .pay import credential_baselines, role_pay
from .plan import education_gap, gap_plan, holds_required_degree, item_met

__all__ = [
    "LABELS",
    "WEIGHTS",
    "eligibility_link",
    "must_label",
    "profile_weights",
    "rank",
    "rank_roles",
    "score_role",
]

LEVELS = {"none": 0, "low": 1, "medium": 2, "high": 3}

# Relative importance of each factor before the person's own answers adjust it.
_RAW_WEIGHTS = {
    "work_arrangement": 3.0,
    "patient_interaction": 2.0,
    "physical_demand": 2.0,
    "pay_model": 1.5,
    "schedule": 1.0,
    "extra_education": 1.0,
    "entrepreneurship": 1.0,
    "experience": 1.0,
    "skills": 1.0,
}
#: The base weights (shares adding up to 1); :func:`profile_weights` gives a person's.
WEIGHTS = {k: v / sum(_RAW_WEIGHTS.values()) for k, v in _RAW_WEIGHTS.items()}
MUST_FACTOR = 2.0  # a must counts this many times its base weight

LABELS = {
    "work_arrangement": "Remote or in person",
    "patient_interaction": "Patient contact",
    "physical_demand": "Physical demand",
    "pay_model": "Pay model",
    "schedule": "Schedule",
    "extra_education": "Extra education",
    "entrepreneurship": "Own business",
    "experience": "Experience",
    "skills": "Skills and certifications",
}
# Which factor each quiz answer feeds (the keys a person can mark as a must).
_FACTOR_OF = {
    "remote": "work_arrangement",
    "patient_interaction": "patient_interaction",
    "physical_demand": "physical_demand",
    "pay_model": "pay_model",
    "schedule": "schedule",
    "extra_education": "extra_education",
    "entrepreneurship": "entrepreneurship",
}
_KEY_OF = {v: k for k, v in _FACTOR_OF.items()}

# How well a role's value meets an answer (1 = fully). Partial credit is kept small so
# that scores spread: "varies" is half a match, not nearly a full one.
_REMOTE = {
    "required": {"remote": 1.0, "varies": 0.5, "hybrid": 0.25, "onsite": 0.0},
    "preferred": {"remote": 1.0, "hybrid": 0.7, "varies": 0.6, "onsite": 0.2},
    "no_preference": {"remote": 1.0, "hybrid": 1.0, "varies": 1.0, "onsite": 1.0},
    "avoid": {"onsite": 1.0, "hybrid": 0.6, "varies": 0.5, "remote": 0.0},
}
_PAY = {
    "salary": {"salary": 1.0, "hourly": 1.0, "varies": 0.5, "salary_plus_commission": 0.2, "business_income": 0.0},
    "commission_ok": {"salary": 1.0, "hourly": 1.0, "salary_plus_commission": 1.0, "varies": 0.8, "business_income": 0.3},
    "business": {"business_income": 1.0, "varies": 0.5, "salary_plus_commission": 0.4, "salary": 0.2, "hourly": 0.2},
}  # fmt: skip
_SCHEDULE = {
    "nine_to_five": {"nine_to_five": 1.0, "varies": 0.5, "flexible": 0.1},
    # "nights and weekends are fine" takes a 9-to-5 too, as commission_ok takes a salary
    "flexible": {"flexible": 1.0, "varies": 1.0, "nine_to_five": 1.0},
}
_EDUCATION = {
    "none": {"none": 1.0, "certification_recommended": 0.7, "certification_required": 0.2, "degree": 0.0, "business_startup": 0.4},
    "certificate_ok": {"none": 1.0, "certification_recommended": 1.0, "certification_required": 0.9, "degree": 0.1, "business_startup": 0.6},
    "degree_ok": {"none": 1.0, "certification_recommended": 1.0, "certification_required": 1.0, "degree": 1.0, "business_startup": 0.7},
}  # fmt: skip

# Factors read from a table: (field, table, heading, verb before the answer's words).
_TABLE_FACTORS = (
    ("pay_model", _PAY, "Pay", "you want"),
    ("schedule", _SCHEDULE, "Schedule", "you want"),
    ("extra_education", _EDUCATION, "Education", "you accept"),
)

# Answers that every role meets equally: the factor tells roles apart not at all.
_NEUTRAL = {("remote", "no_preference"), ("physical_demand", "high")}
# Answers at an end of their scale ("no patient contact", "remote only") say more than a
# middle answer ("some contact"): they count half as much again.
_STRONG = {
    ("remote", "required"), ("remote", "avoid"), ("patient_interaction", "none"),
    ("patient_interaction", "high"), ("physical_demand", "none"),
}  # fmt: skip
STRONG_FACTOR = 1.5

# Words for a role's values, one table per field ("varies" means different things).
_ROLE_WORDS = {
    "work_arrangement": {
        "remote": "fully remote",
        "hybrid": "hybrid (part remote, part on site)",
        "onsite": "on site",
        "varies": "remote or on site, depending on the employer",
    },
    "pay_model": {
        "salary": "salaried",
        "hourly": "paid by the hour",
        "salary_plus_commission": "salary plus commission",
        "business_income": "business income (you own it)",
        "varies": "paid in different ways by different employers",
    },
    "schedule": {
        "nine_to_five": "9-to-5 hours",
        "flexible": "flexible hours, including nights and weekends",
        "varies": "hours that vary by employer",
    },
    "extra_education": {
        "none": "no extra education",
        "certification_recommended": "a certification is recommended",
        "certification_required": "a certification is required",
        "degree": "a further degree",
        "business_startup": "starting a business (no degree)",
    },
}
# Words for the person's answers.
_WANT_WORDS = {
    "remote": {
        "required": "remote work only",
        "preferred": "remote work, hybrid is fine",
        "no_preference": "no preference",
        "avoid": "to work in person",
    },
    "pay_model": {
        "salary": "steady salary or hourly pay",
        "commission_ok": "salary, and commission is fine",
        "business": "business income",
    },
    "schedule": {"nine_to_five": "9-to-5 hours", "flexible": "any hours, nights and weekends included"},
    "extra_education": {
        "none": "no more education",
        "certificate_ok": "a certification course at most",
        "degree_ok": "even a degree",
    },
}
_MUST_LABELS = {
    "remote": {"required": "Remote only", "preferred": "Remote or hybrid", "avoid": "In person"},
    "patient_interaction": {
        "none": "No patient contact",
        "low": "Little patient contact",
        "medium": "Some patient contact",
        "high": "A lot of patient contact",
    },
    "physical_demand": {
        "none": "No lifting or physical work",
        "low": "Minimal physical work",
        "medium": "Moderate physical work at most",
    },
    "pay_model": {
        "salary": "Salary or hourly pay only",
        "commission_ok": "Not business income",
        "business": "Business income",
    },
    "schedule": {"nine_to_five": "9-to-5 only"},
    "extra_education": {"none": "No more school", "certificate_ok": "No further degree"},
    "entrepreneurship": {"true": "My own business", "false": "A job, not a business"},
}


def _answer(prefs: Preferences, key: str) -> str:
    value = getattr(prefs, key)
    return str(value).lower() if isinstance(value, bool) else str(value)


def must_label(prefs: Preferences, key: str) -> str | None:
    """The words for a must ("Remote only"), or ``None`` when the answer cannot break."""
    return _MUST_LABELS.get(key, {}).get(_answer(prefs, key))


def profile_weights(profile: Profile) -> list[Weight]:
    """Each factor's share of the score for this person, with the reason for it."""
    prefs = profile.preferences
    raw: dict[str, float] = {}
    why: dict[str, str] = {}
    for name, base in _RAW_WEIGHTS.items():
        key = _KEY_OF.get(name)
        if key is not None and (key, _answer(prefs, key)) in _NEUTRAL:
            raw[name], why[name] = 0.0, "not counted: every role meets your answer"
        elif key is not None and prefs.is_must(key) and must_label(prefs, key):
            raw[name], why[name] = base * MUST_FACTOR, "counts double: you marked it as a must"
        elif key is not None and (key, _answer(prefs, key)) in _STRONG:
            raw[name], why[name] = base * STRONG_FACTOR, "counts 1.5 times: a firm answer"
        else:
            raw[name], why[name] = base, "base weight"
    total = sum(raw.values())
    return [
        Weight(
            name=name,
            label=LABELS[name],
            weight=round(raw[name] / total, 4),
            must=why[name].startswith("counts double"),
            why=why[name],
        )
        for name in _RAW_WEIGHTS
    ]


def _factor(w: Weight, score: float, reason: str) -> Factor:
    score = max(0.0, min(1.0, score))
    return Factor(
        name=w.name,
        label=w.label,
        weight=w.weight,
        score=round(score, 3),
        points=round(w.weight * score * 100, 1),
        reason=reason,
        must=w.must,
    )


# -- eligibility -------------------------------------------------------------------------

_STATE_ORDER = {"eligible": 0, "likely": 1, "unclear": 2, "not_eligible": 3}


def eligibility_link(role_id: str, credential: str) -> str:
    """The postings list filtered by role and credential (the evidence to check)."""
    return f"/jobs?role={role_id}&credential={credential}"


def _posting_count(
    role: Role, profile: Profile, evidence: Mapping[str, PostingEvidence] | None
) -> PostingCount | None:
    if evidence is None:
        return None
    ev = evidence.get(role.id)
    total = ev.total if ev else 0
    # the credential the postings best support (the first held on a tie)
    code = max(profile.credentials, key=lambda c: (ev.accepting.get(c, 0) if ev else 0))
    n = ev.accepting.get(code, 0) if ev else 0
    noun = "posting" if total == 1 else "postings"
    unnamed = ev.unnamed if ev else 0
    accept_text = (
        f"{n} of {total} stored {noun} for this role accept {code}"
        if total
        else "No stored postings for this role yet (sample postings are not counted)"
    )
    unnamed_text = f"{unnamed} {'names' if unnamed == 1 else 'name'} no credential (check them)" if unnamed else ""
    return PostingCount(
        credential=code,
        accepting=n,
        total=total,
        text=f"{accept_text}; {unnamed_text}" if unnamed_text else accept_text,
        link=eligibility_link(role.id, code),
        accept_text=accept_text,
        unnamed=unnamed,
        unnamed_text=unnamed_text,
        role_link=f"/jobs?role={role.id}",
    )


def _eligibility(
    role: Role, profile: Profile, count: PostingCount | None
) -> tuple[str, str, str | None]:
    """(state, reason, basis) for the best of the person's credentials."""
    held = profile.credentials
    states = {c: role.eligibility_of(c) for c in held}
    state = min(states.values(), key=_STATE_ORDER.__getitem__)
    codes = [c for c in held if states[c] == state]
    listed = ", ".join(role.eligible_credentials)
    if state == "eligible":
        if role.open_to_all:
            note = f": {role.eligibility_note}" if role.eligibility_note else "."
            return state, "Open to any credential" + note, None
        return state, f"Accepts {', '.join(codes)} (a source lists {listed}).", None
    if state == "likely":
        cite = role.citation("likely_credentials")
        basis = (cite.note if cite else None) or "research inference"
        return state, f"Likely accepts {', '.join(codes)}: inferred, not stated by a source.", basis
    if state == "unclear":
        if count is not None and count.accepting > 0 and count.credential in codes:
            basis = f"{count.text} (stored postings are the evidence; no source says either way)"
            return "likely", f"Likely accepts {count.credential}: {count.text}.", basis
        basis = "No source says either way: check the postings."
        known = f" A source lists {listed}." if listed else ""
        return state, f"Unclear for {', '.join(codes)}: no source says either way.{known}", basis
    cite = role.citation("excluded_credentials")
    quote = f' The source: "{cite.quote}"' if cite and cite.quote else ""
    need = listed or ", ".join(role.likely_credentials)
    return (
        state,
        f"Not eligible: this role is open to {need}; you hold {', '.join(held)}.{quote}",
        None,
    )


# -- musts ------------------------------------------------------------------------------


def _broken_musts(role: Role, prefs: Preferences, education: str | None = None) -> list[BrokenMust]:
    """The person's musts this role breaks. "Varies" never breaks one: some employers'
    jobs keep it, and the reasons say to check each posting. ``education`` is the role's
    extra education for this person (see :func:`_education_for`)."""
    out: list[BrokenMust] = []

    def broke(key: str, reason: str) -> None:
        label = must_label(prefs, key)
        if label and prefs.is_must(key):
            out.append(BrokenMust(key=key, label=label, reason=reason))

    wa = role.work_arrangement
    if (prefs.remote == "required" and wa in ("hybrid", "onsite")) or (
        prefs.remote == "preferred" and wa == "onsite"
    ):
        broke("remote", f"The role is {_ROLE_WORDS['work_arrangement'][wa]}.")
    if prefs.remote == "avoid" and wa == "remote":
        broke("remote", "The role is fully remote.")
    have, want = LEVELS[role.patient_interaction], LEVELS[prefs.patient_interaction]
    if (want <= 1 and have > want) or (want >= 2 and have < want - 1):
        broke("patient_interaction", f"Patient contact in this role is {role.patient_interaction}.")
    if LEVELS[role.physical_demand] > LEVELS[prefs.physical_demand]:
        broke("physical_demand", f"Physical demand in this role is {role.physical_demand}.")
    pm = role.pay_model
    if (
        (prefs.pay_model == "salary" and pm in ("salary_plus_commission", "business_income"))
        or (prefs.pay_model == "commission_ok" and pm == "business_income")
        or (prefs.pay_model == "business" and pm in ("salary", "hourly", "salary_plus_commission"))
    ):
        broke("pay_model", f"The role is {_ROLE_WORDS['pay_model'][pm]}.")
    if prefs.schedule == "nine_to_five" and role.schedule == "flexible":
        broke("schedule", "The role's hours include nights and weekends.")
    edu = education or role.extra_education
    if (prefs.extra_education == "none" and edu in ("certification_required", "degree")) or (
        prefs.extra_education == "certificate_ok" and edu == "degree"
    ):
        broke("extra_education", f"The role needs {_ROLE_WORDS['extra_education'][edu]}.")
    if prefs.entrepreneurship and not role.is_business:
        broke("entrepreneurship", "This is a job, not a business of your own.")
    if not prefs.entrepreneurship and role.is_business:
        broke("entrepreneurship", "This means running a business of your own.")
    return out


# -- factors ----------------------------------------------------------------------------


def _experience(role: Role, profile: Profile) -> tuple[float, str]:
    exp = role.experience
    parts: list[str] = []
    years_score = 1.0
    if exp.years_min:
        rng = f"{exp.years_min:g}-{exp.years_max:g}" if exp.years_max else f"{exp.years_min:g}+"
        parts.append(f"{rng} years preferred: you have {profile.years_experience:g}")
        if profile.years_experience < exp.years_min:
            years_score = max(0.0, profile.years_experience / exp.years_min)
    setting_score = 1.0
    if exp.settings:
        overlap = [s for s in exp.settings if s in profile.settings]
        names = ", ".join(_setting_name(s) for s in (overlap or exp.settings))
        if overlap:
            parts.append(f"your {names} experience is what employers ask for")
        else:
            setting_score = 0.3
            parts.append(f"employers prefer experience in {names}")
    if not parts:
        return 1.0, "No particular experience asked for."
    text = "; ".join(parts)
    return 0.7 * years_score + 0.3 * setting_score, text[0].upper() + text[1:] + "."


def _setting_name(key: str) -> str:
    return setting_words(key)


def _skill_items(role: Role) -> list[str]:
    """What the skills factor counts: preferred skills that are not soft skills, and one
    entry per group of alternative certifications."""
    items = [s.text for s in role.preferred_skills if s.kind != "soft"]
    groups: set[str] = set()
    for cert in role.certifications:
        if cert.group is None:
            items.append(cert.name)
        elif cert.group not in groups:
            groups.add(cert.group)
            items.append(f"group:{cert.group}")
    return items


def _skills(role: Role, profile: Profile) -> tuple[float, str]:
    items = _skill_items(role)
    if not items:
        # halfway between none and all met: a role nobody described is not a better match
        return 0.75, "No particular skills listed for this role: scored halfway between none and all met."
    met: list[str] = []
    for item in items:
        if item.startswith("group:"):
            group = [c for c in role.certifications if c.group == item[6:]]
            found = next((c.name for c in group if item_met(c.name, profile)), None)
            if found:
                met.append(found)
        else:
            skill = next((s for s in role.preferred_skills if s.text == item), None)
            if item_met(item, profile, settings=skill.settings if skill else ()):
                met.append(item)
    score = 0.5 + 0.5 * len(met) / len(items)
    if met:
        return score, (
            f"You have {len(met)} of {len(items)} preferred skills and certifications: "
            + "; ".join(met[:4])
        )
    if len(items) == 1:
        return score, "The preferred skill or certification is not in your profile yet."
    return score, f"None of the {len(items)} preferred skills and certifications are in your profile yet."


def _patient_contact(role: Role, p: Preferences) -> tuple[float, str]:
    """The patient-contact factor: 1 when the role's contact is what you want, less as
    it moves away. Wanting little contact means at most a little: a role with none
    keeps it in full (a PT leaving treatment saw utilization review marked down for
    having no patient contact at all)."""
    have, want = LEVELS[role.patient_interaction], LEVELS[p.patient_interaction]
    said = f"Patient contact is {role.patient_interaction}; you want {p.patient_interaction}"
    if want == LEVELS["low"] and have < want:
        return 1.0, f"{said}: none is within that."
    return max(0.0, 1 - abs(have - want) / 2), f"{said}."


def _education_for(role: Role, profile: Profile, catalog: Catalog) -> tuple[str, str | None]:
    """The role's extra education for this person, and how they hold its degree: a role
    whose extra education is "a further degree" asks nothing more of someone who holds
    the degree its sources name (a PT with a DPT and a master's-level counselling role)."""
    held = holds_required_degree(role, profile, catalog) if role.extra_education == "degree" else None
    return ("none", held) if held else (role.extra_education, None)


def score_role(
    role: Role,
    profile: Profile,
    *,
    evidence: Mapping[str, PostingEvidence] | None = None,
    catalog: Catalog | None = None,
) -> FitResult:
    """Score one role for one profile; see the module docstring for the formula.

    ``evidence`` (from :func:`otpath.match.role_evidence`) is what the stored postings of
    each role accept; without it, results say nothing about postings.
    """
    catalog = catalog or default_catalog()
    p: Preferences = profile.preferences
    weights = {w.name: w for w in profile_weights(profile)}
    factors: list[Factor] = []
    rw = _ROLE_WORDS

    wa = role.work_arrangement
    extra = " Check each posting." if wa == "varies" and p.remote != "no_preference" else ""
    factors.append(_factor(
        weights["work_arrangement"], _REMOTE[p.remote][wa],
        f"The role is {rw['work_arrangement'][wa]}; you want {_WANT_WORDS['remote'][p.remote]}.{extra}",
    ))  # fmt: skip

    factors.append(_factor(weights["patient_interaction"], *_patient_contact(role, p)))

    over = LEVELS[role.physical_demand] - LEVELS[p.physical_demand]
    factors.append(_factor(
        weights["physical_demand"], 1.0 if over <= 0 else max(0.0, 1 - over / 1.5),
        f"Physical demand is {role.physical_demand}; you accept {p.physical_demand}.",
    ))  # fmt: skip

    education, held = _education_for(role, profile, catalog)
    for name, table, head, verb in _TABLE_FACTORS:
        answer, value = getattr(p, name), education if name == "extra_education" else getattr(role, name)
        said = f"{head}: {rw[name][value]}; {verb} {_WANT_WORDS[name][answer]}."
        if name == "extra_education" and held:
            said = f"{head}: sources name {DEGREE_NAMES[role.degree_required or '']}, and {held}: no further degree."
        factors.append(_factor(weights[name], table[answer][value], said))

    if p.entrepreneurship:
        s, why = (1.0, "You want your own business, and this role is one.") if role.is_business else (
            0.0, "You want your own business; this role is a job, not a business.")  # fmt: skip
    else:
        s, why = (0.0, "This means running your own business, which you did not ask for.") if (
            role.is_business) else (1.0, "A job, not a business, as you prefer.")  # fmt: skip
    factors.append(_factor(weights["entrepreneurship"], s, why))

    s, why = _experience(role, profile)
    factors.append(_factor(weights["experience"], s, why))
    s, why = _skills(role, profile)
    factors.append(_factor(weights["skills"], s, why))

    count = _posting_count(role, profile, evidence)
    state, elig_reason, basis = _eligibility(role, profile, count)
    degree = education_gap(role, profile, catalog) if state != "not_eligible" else None
    if degree is not None:
        elig_reason += f" Sources say it typically needs {degree.need}; {degree.basis}."
    musts = _broken_musts(role, p, education)
    pay = role_pay(role, profile)
    total = max(0, min(100, round(sum(f.points for f in factors))))
    # weakest first; factors that do not count for this person are left out
    reasons = [f"Breaks your must \u201c{m.label}\u201d: {m.reason}" for m in musts]
    reasons += [f.reason for f in sorted(factors, key=lambda f: f.score) if f.weight > 0]
    if pay.below_floor and pay.note:
        reasons.append(pay.note)
    return FitResult(
        role=role.id,
        title=role.title,
        family=role.family,
        eligible=state != "not_eligible",
        eligibility_reason=elig_reason,
        score=total,
        factors=factors,
        reasons=reasons,
        gaps=gap_plan(role, profile, state=state, basis=basis, count=count, catalog=catalog),
        eligibility=state,  # type: ignore[arg-type]
        eligibility_basis=basis,
        degree_needed=degree.need if degree is not None else None,
        musts_broken=musts,
        postings=count,
        pay=pay,
    )


def rank_key(r: FitResult) -> tuple[bool, bool, bool, bool, int, str]:
    """The order of the results page: see the module docstring."""
    return (
        r.eligibility == "not_eligible",
        bool(r.musts_broken),
        r.degree_needed is not None,
        r.eligibility == "unclear",
        -r.score,
        r.title,
    )


def rank_roles(
    profile: Profile,
    catalog: Catalog | None = None,
    *,
    family: str | None = None,
    evidence: Mapping[str, PostingEvidence] | None = None,
) -> list[FitResult]:
    """Every role scored and ordered: see the module docstring."""
    catalog = catalog or default_catalog()
    results = [
        score_role(r, profile, evidence=evidence, catalog=catalog)
        for r in catalog.roles_in(family)
    ]
    results.sort(key=rank_key)
    return results


def market_note(profile: Profile) -> str | None:
    """What a person outside the US must know before trusting the catalog: every role
    fact in it (who qualifies, titles, pay, settings) comes from US sources.

        >>> market_note(Profile(credentials=["OT"], country="GB"))[:58]
        'The roles and their facts come from US sources: who qualif'
        >>> market_note(Profile(credentials=["OT"])) is None
        True
    """
    if profile.country == "US":
        return None
    where = country_name(profile.country)
    return (
        "The roles and their facts come from US sources: who qualifies, titles, settings and pay"
        f" describe the US job market. In {where} the same work may go by other names and ask for"
        f" other registrations; postings you import from {where} show what employers there ask."
    )


def rank(
    profile: Profile,
    catalog: Catalog | None = None,
    *,
    evidence: Mapping[str, PostingEvidence] | None = None,
) -> Ranking:
    """:func:`rank_roles` with what explains it: the person's weights, musts and pay."""
    prefs = profile.preferences
    floor = None
    if prefs.pay_floor is not None:
        per = "an hour" if prefs.pay_floor_interval == "hourly" else "a year"
        floor = f"{format_money(prefs.pay_floor, profile.currency)} {per}"
    return Ranking(
        weights=profile_weights(profile),
        musts=[label for key in prefs.musts if (label := must_label(prefs, key))],
        credential_pay=[
            CredentialPay(
                credential=code, occupation=w.title, annual_median=w.annual_median or 0,
                hourly_median=w.hourly_median, source=w.source,
            )  # fmt: skip
            for code, w in credential_baselines(profile)
        ],
        pay_floor=floor,
        market_note=market_note(profile),
        results=rank_roles(profile, catalog, evidence=evidence),
    )
