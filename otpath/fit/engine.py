"""Score every catalog role against a profile, explainably.

The score (0-100) is a weighted mean of factor scores, each 0..1::

    score = 100 * sum(weight_i * factor_i)      (weights add up to 1)

Eligibility is a hard verdict by credential and is kept apart from the score:
:func:`rank_roles` sorts eligible roles first, so an ineligible role never
outranks an eligible one whatever its score.

    >>> from otpath.profile import Profile
    >>> results = rank_roles(Profile(credentials=["COTA"]))
    >>> results[0].eligible
    True
"""

from __future__ import annotations

import re

from ..catalog import Catalog, Role, default_catalog
from ..credentials import CREDENTIALS
from ..profile.models import Preferences, Profile
from .models import Factor, FitResult, GapStep

__all__ = ["WEIGHTS", "rank_roles", "score_role"]

LEVELS = {"none": 0, "low": 1, "medium": 2, "high": 3}

# Relative importance of each factor; normalised to add up to 1.
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
WEIGHTS = {k: v / sum(_RAW_WEIGHTS.values()) for k, v in _RAW_WEIGHTS.items()}

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

_REMOTE = {
    "required": {"remote": 1.0, "varies": 0.6, "hybrid": 0.4, "onsite": 0.0},
    "preferred": {"remote": 1.0, "hybrid": 0.75, "varies": 0.6, "onsite": 0.3},
    "no_preference": {"remote": 1.0, "hybrid": 1.0, "varies": 1.0, "onsite": 1.0},
    "avoid": {"onsite": 1.0, "hybrid": 0.7, "varies": 0.6, "remote": 0.1},
}
_PAY = {
    "salary": {"salary": 1.0, "hourly": 1.0, "varies": 0.6, "salary_plus_commission": 0.3, "business_income": 0.1},
    "commission_ok": {"salary": 1.0, "hourly": 1.0, "salary_plus_commission": 1.0, "varies": 0.8, "business_income": 0.4},
    "business": {"business_income": 1.0, "salary_plus_commission": 0.7, "varies": 0.7, "salary": 0.5, "hourly": 0.5},
}
_SCHEDULE = {
    "nine_to_five": {"nine_to_five": 1.0, "varies": 0.6, "flexible": 0.3},
    "flexible": {"flexible": 1.0, "varies": 0.9, "nine_to_five": 0.8},
}
_EDUCATION = {
    "none": {"none": 1.0, "certification_recommended": 0.7, "certification_required": 0.3, "degree": 0.0, "business_startup": 0.3},
    "certificate_ok": {"none": 1.0, "certification_recommended": 1.0, "certification_required": 0.85, "degree": 0.2, "business_startup": 0.5},
    "degree_ok": {"none": 1.0, "certification_recommended": 1.0, "certification_required": 1.0, "degree": 1.0, "business_startup": 0.6},
}

_WORDS = {
    "remote": "fully remote",
    "hybrid": "hybrid (part remote, part on site)",
    "onsite": "on site",
    "varies": "remote or on site depending on the employer",
    "salary": "salaried",
    "hourly": "paid hourly",
    "salary_plus_commission": "salary plus commission",
    "business_income": "business income (you own it)",
    "nine_to_five": "9-to-5 hours",
    "flexible": "flexible hours, including nights and weekends",
    "certification_recommended": "a certification is recommended",
    "certification_required": "a certification is required",
    "degree": "a further degree is needed",
    "business_startup": "you start a business",
}


def _w(value: str) -> str:
    return _WORDS.get(value, value)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()))


def _item_matches(item_text: str, have: list[str]) -> bool:
    """A profile skill matches a catalog item when all its words appear in the item."""
    words = _tokens(item_text)
    for h in have:
        hw = _tokens(h)
        if hw and hw <= words:
            return True
    return False


def _factor(name: str, score: float, reason: str) -> Factor:
    score = max(0.0, min(1.0, score))
    return Factor(
        name=name,
        label=LABELS[name],
        weight=round(WEIGHTS[name], 4),
        score=round(score, 3),
        points=round(WEIGHTS[name] * score * 100, 1),
        reason=reason,
    )


def _eligibility(role: Role, profile: Profile) -> tuple[bool, str]:
    held = ", ".join(profile.credentials)
    if role.open_to_all:
        return True, "Open to any credential" + (f": {role.eligibility_note}" if role.eligibility_note else ".")
    ok = [c for c in profile.credentials if c in role.eligible_credentials]
    need = ", ".join(role.eligible_credentials)
    if ok:
        return True, f"Accepts {', '.join(ok)} (open to {need})."
    return False, f"Not eligible: this role is open to {need}; you hold {held}."


def _experience(role: Role, profile: Profile) -> tuple[float, str]:
    exp = role.experience
    parts: list[str] = []
    years_score = 1.0
    if exp.years_min:
        rng = f"{exp.years_min:g}-{exp.years_max:g}" if exp.years_max else f"{exp.years_min:g}+"
        if profile.years_experience >= exp.years_min:
            parts.append(f"{rng} years preferred: you have {profile.years_experience:g}")
        else:
            years_score = max(0.2, profile.years_experience / exp.years_min)
            parts.append(f"{rng} years preferred: you have {profile.years_experience:g}")
    setting_score = 1.0
    if exp.settings:
        overlap = [s for s in exp.settings if s in profile.settings]
        if overlap:
            parts.append(f"your {', '.join(overlap)} experience is what employers ask for")
        else:
            setting_score = 0.5
            parts.append(f"employers prefer experience in {', '.join(exp.settings)}")
    if not parts:
        return 1.0, "No particular experience asked for."
    return 0.7 * years_score + 0.3 * setting_score, "; ".join(parts).capitalize() + "."


def _skills(role: Role, profile: Profile) -> tuple[float, str, list[str]]:
    have = profile.skills + profile.certifications
    items = [s.text for s in role.preferred_skills] + [c.name for c in role.certifications]
    if not items:
        return 1.0, "No particular skills listed for this role.", []
    matched = [t for t in items if _item_matches(t, have)]
    missing = [t for t in items if t not in matched]
    score = 0.5 + 0.5 * len(matched) / len(items)
    if matched:
        reason = f"You have {len(matched)} of {len(items)} preferred skills and certifications: " + "; ".join(matched[:4])
    else:
        reason = (
            "The preferred skill or certification is not in your profile yet."
            if len(items) == 1
            else f"None of the {len(items)} preferred skills and certifications are in your profile yet."
        )
    return score, reason, missing


def score_role(role: Role, profile: Profile) -> FitResult:
    """Score one role for one profile; see the module docstring for the formula."""
    p: Preferences = profile.preferences
    factors: list[Factor] = []

    s = _REMOTE[p.remote][role.work_arrangement]
    factors.append(_factor("work_arrangement", s, f"The role is {_w(role.work_arrangement)}; you said remote: {p.remote.replace('_', ' ')}."))

    diff = LEVELS[role.patient_interaction] - LEVELS[p.patient_interaction]
    s = 1 - abs(diff) / 3
    factors.append(_factor(
        "patient_interaction", s,
        f"Patient contact is {role.patient_interaction}; you want {p.patient_interaction}.",
    ))

    over = LEVELS[role.physical_demand] - LEVELS[p.physical_demand]
    s = 1.0 if over <= 0 else max(0.0, 1 - over / 2)
    factors.append(_factor(
        "physical_demand", s,
        f"Physical demand is {role.physical_demand}; you accept {p.physical_demand}.",
    ))

    s = _PAY[p.pay_model][role.pay_model]
    factors.append(_factor("pay_model", s, f"Pay is {_w(role.pay_model)}; you want {p.pay_model.replace('_', ' ')}."))

    s = _SCHEDULE[p.schedule][role.schedule]
    factors.append(_factor(
        "schedule", s,
        f"Schedule: {_w(role.schedule) if role.schedule != 'varies' else 'varies by employer'}; you want {_w(p.schedule)}.",
    ))

    s = _EDUCATION[p.extra_education][role.extra_education]
    edu = "no extra education" if role.extra_education == "none" else _w(role.extra_education)
    factors.append(_factor("extra_education", s, f"Education: {edu}; you said {p.extra_education.replace('_', ' ')}."))

    business = role.pay_model == "business_income" or role.extra_education == "business_startup"
    if p.entrepreneurship:
        s = 1.0 if business else 0.6
        why = "You want your own business and this role is one." if business else "You want your own business; this is a job, not a business."
    else:
        s = 0.1 if business else 1.0
        why = "This means running your own business, which you did not ask for." if business else "A job, not a business, as you prefer."
    factors.append(_factor("entrepreneurship", s, why))

    s, why = _experience(role, profile)
    factors.append(_factor("experience", s, why))

    s, why, missing_skills = _skills(role, profile)
    factors.append(_factor("skills", s, why))

    eligible, elig_reason = _eligibility(role, profile)
    total = round(sum(f.points for f in factors))
    total = max(0, min(100, total))
    reasons = [f.reason for f in sorted(factors, key=lambda f: f.score)]
    return FitResult(
        role=role.id,
        title=role.title,
        family=role.family,
        eligible=eligible,
        eligibility_reason=elig_reason,
        score=total,
        factors=factors,
        reasons=reasons,
        gaps=_gap_plan(role, profile, eligible, missing_skills),
    )


def _gap_plan(role: Role, profile: Profile, eligible: bool, missing_skills: list[str]) -> list[GapStep]:
    steps: list[tuple[str, str, str]] = []  # (priority, kind, text)
    if not eligible:
        names = " or ".join(CREDENTIALS[c].name.lower() for c in role.eligible_credentials if c in CREDENTIALS)
        steps.append(("required", "credential", f"This role needs a {names} credential ({', '.join(role.eligible_credentials)})."))
    exp = role.experience
    if exp.years_min and profile.years_experience < exp.years_min:
        rng = f"{exp.years_min:g}-{exp.years_max:g}" if exp.years_max else f"{exp.years_min:g}+"
        more = exp.years_min - profile.years_experience
        steps.append(("recommended", "experience", f"{rng} years of clinical experience preferred: you have {profile.years_experience:g} (about {more:g} more)."))
    if exp.settings and not any(s in profile.settings for s in exp.settings):
        steps.append(("recommended", "setting", f"Gain experience in {', '.join(exp.settings)}: employers prefer it."))
    have = profile.skills + profile.certifications
    for cert in role.certifications:
        if _item_matches(cert.name, have):
            continue
        pri = "required" if cert.required else "recommended"
        steps.append((pri, "certification", f"Get {cert.name} ({'required' if cert.required else 'recommended'})."))
    cert_names = {c.name for c in role.certifications}
    for skill in missing_skills:
        if skill in cert_names:
            continue
        steps.append(("optional", "skill", f"Build: {skill}."))
    if role.extra_education == "business_startup":
        steps.append(("recommended", "business", "Plan the business: location, insurance, start-up cost and, if you will offer OT services, who provides OT oversight."))
    order = {"required": 0, "recommended": 1, "optional": 2}
    kind_order = {"credential": 0, "experience": 1, "certification": 2, "setting": 3, "business": 4, "skill": 5}
    steps.sort(key=lambda t: (order[t[0]], kind_order[t[1]]))
    return [GapStep(order=i + 1, priority=pri, kind=kind, text=text) for i, (pri, kind, text) in enumerate(steps)]  # type: ignore[arg-type]


def rank_roles(profile: Profile, catalog: Catalog | None = None, *, family: str | None = None) -> list[FitResult]:
    """Every role scored; eligible roles first, each group by score (then title)."""
    catalog = catalog or default_catalog()
    results = [score_role(r, profile) for r in catalog.roles_in(family)]
    results.sort(key=lambda r: (not r.eligible, -r.score, r.title))
    return results
