"""Gap plans: what a person still has to do for a role, in order, each step concrete.

Rules, each for a defect people met:

- no step the person already meets (their credential, years, settings, skills,
  certifications); a setting they worked in meets the catalog's setting items;
- no soft skill as a step (the catalog marks those ``kind = "soft"``);
- no duplicates: a preferred skill that repeats the role's setting step or a
  certification is dropped, and alternative certifications (one ``group``) are one
  step: "get one of...";
- each step says what to do and how; time and cost only where a source gives them;
  and the sources, with their links;
- business roles get their own business steps from the catalog (licences, insurance,
  start-up costs where sourced), never another role's;
- a role whose sources name a degree (``degree_required``: a master's for vocational
  rehabilitation counselling) gets an education step when the person's degree is below
  it: the one their profile states, else the one their credential is entered with
  (``Catalog.entry_degrees``, sourced); a credential with no sourced entry degree gets
  no step, since otpath cannot tell.

    >>> from otpath.catalog import default_catalog
    >>> from otpath.profile import Profile
    >>> cat = default_catalog()
    >>> snf_cota = Profile(credentials=["COTA"], years_experience=4, settings=["snf"])
    >>> steps = gap_plan(cat.role("utilization_review"), snf_cota, state="eligible",
    ...                  basis=None, count=None, catalog=cat)
    >>> [s.text for s in steps if s.kind == "setting"]  # SNF is hers already
    ['Managed care experience (a plus).']
    >>> any("Self-starter" in s.text for s in steps)  # a soft skill is never a step
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..catalog import Catalog, Role
from ..catalog.models import DEGREE_LEVELS, DEGREE_NAMES, Certification
from ..credentials import CREDENTIALS
from ..profile.models import SETTING_LABELS, Profile, setting_words
from .models import GapStep, PostingCount, StepSource

__all__ = ["EducationGap", "education_gap", "gap_plan", "item_met"]

_PRIORITY = {"required": 0, "recommended": 1, "optional": 2}
_KIND = {
    "credential": 0, "eligibility": 1, "education": 2, "experience": 3, "setting": 4,
    "certification": 5, "business": 6, "skill": 7, "knowledge": 8,
}  # fmt: skip
# How to gain an item when the catalog gives no "how" of its own (our advice, no facts).
_HOW = {
    "skill": "Learn it on the job or in a course, then name it on your résumé.",
    "knowledge": "Study it from the source linked here, then show it in your cover letter.",
    "experience": "Ask for this work in your current job, then name it on your résumé.",
}


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()))


def item_met(text: str, profile: Profile, *, settings: Sequence[str] = ()) -> bool:
    """A catalog item is met by a setting the person worked in, or by a skill or
    certification of theirs whose every word (at least one of two letters or more)
    appears in it: ``ICD-10`` meets "ICD-10 experience (a plus)", ``A`` meets nothing."""
    if any(s in profile.settings for s in settings):
        return True
    words = _tokens(text)
    for have in (*profile.skills, *profile.certifications):
        hw = _tokens(have)
        if hw and any(len(w) > 1 for w in hw) and hw <= words:
            return True
    return False


def _sources(catalog: Catalog, keys: Iterable[str]) -> list[StepSource]:
    out: list[StepSource] = []
    for key in dict.fromkeys(keys):
        src = catalog.sources.get(key)
        if src is None:
            continue
        url = src.url if src.url and src.url.lower().startswith(("http://", "https://")) else None
        title = src.title + (f", {src.section}" if src.section else "")
        out.append(StepSource(key=key, title=title, url=url))
    return out


def _short(name: str) -> str:
    """``"CEAS (Certified ...), The Back School"`` -> ``"CEAS"``."""
    return re.split(r"\s*[(,]", name, maxsplit=1)[0].strip()


def _certification_steps(role: Role, profile: Profile, catalog: Catalog) -> list[GapStep]:
    steps: list[GapStep] = []
    groups: dict[str | None, list[Certification]] = {}
    for cert in role.certifications:
        groups.setdefault(cert.group, []).append(cert)
    for group, certs in groups.items():
        alternatives = [certs] if group is not None else [[c] for c in certs]
        for options in alternatives:
            if any(item_met(c.name, profile) for c in options):
                continue
            required = any(c.required for c in options)
            # a generic "any certification" entry adds its source, not an option
            named = [c for c in options if "(any)" not in c.name] or options
            if len(named) == 1:
                c = named[0]
                text = f"Get {c.name}" + (" (required)" if c.required else "")
                how, time, cost = c.how, c.time, c.cost
            else:
                names = [_short(c.name) for c in named]
                text = "Get one of these certifications: " + ", ".join(names[:-1]) + " or " + names[-1]
                how = "; ".join(f"{_short(c.name)}: {c.how}" for c in named if c.how) or None
                time = "; ".join(f"{_short(c.name)}: {c.time}" for c in named if c.time) or None
                cost = "; ".join(f"{_short(c.name)}: {c.cost}" for c in named if c.cost) or None
            steps.append(GapStep(
                order=0, kind="certification",
                priority="required" if required else "recommended",
                text=text + ".", how=how, time=time, cost=cost,
                sources=_sources(catalog, (k for c in options for k in c.sources)),
            ))  # fmt: skip
    return steps


class EducationGap(NamedTuple):
    """A degree a role's sources name, above the person's."""

    need: str  # "a master's degree"
    basis: str  # "a PTA qualifies with an associate degree"
    sources: tuple[str, ...]  # the role's citation, then the entry degree's
    stated: bool  # the person's degree came from their profile, not their credential


def _degree_held(profile: Profile, catalog: Catalog) -> tuple[str, str, list[str]] | None:
    """The person's degree (from their profile, else the one every credential of theirs
    qualifies with), how that is known, and its sources; None when otpath cannot tell."""
    if profile.degree is not None:
        return profile.degree, f"your profile gives {DEGREE_NAMES[profile.degree]}", []
    entries = [(c, catalog.entry_degrees.get(c)) for c in profile.credentials]
    known = [(c, e) for c, e in entries if e is not None]
    if not known or len(known) < len(entries):
        return None
    code, entry = max(known, key=lambda ce: DEGREE_LEVELS[ce[1].degree])
    return entry.degree, f"a {code} qualifies with {DEGREE_NAMES[entry.degree]}", list(entry.sources)


def holds_required_degree(role: Role, profile: Profile, catalog: Catalog) -> str | None:
    """How the person is known to hold the degree ``role``'s sources name ("your profile
    gives a doctorate"), or None (the role names none, they hold less, or otpath cannot
    tell). A role whose extra education is "a further degree" asks nothing more of them.

        >>> from otpath.catalog import default_catalog
        >>> from otpath.profile import Profile
        >>> cat = default_catalog()
        >>> vrc = cat.role("vocational_rehab_counselor")
        >>> holds_required_degree(vrc, Profile(credentials=["PT"], degree="doctorate"), cat)
        'your profile gives a doctorate'
        >>> holds_required_degree(vrc, Profile(credentials=["PTA"]), cat) is None
        True
    """
    need = role.degree_required
    held = _degree_held(profile, catalog)
    if need is None or held is None or DEGREE_LEVELS[held[0]] < DEGREE_LEVELS[need]:
        return None
    return held[1]


def education_gap(role: Role, profile: Profile, catalog: Catalog) -> EducationGap | None:
    """The degree ``role``'s sources name, when the person's is below it (else None):
    the degree their profile gives, else the one their credential qualifies with
    (a credential with no sourced entry degree: None, since otpath cannot tell).

        >>> from otpath.catalog import default_catalog
        >>> from otpath.profile import Profile
        >>> cat = default_catalog()
        >>> vrc = cat.role("vocational_rehab_counselor")
        >>> education_gap(vrc, Profile(credentials=["PTA"]), cat).basis
        'a PTA qualifies with an associate degree'
        >>> education_gap(vrc, Profile(credentials=["PTA"], degree="master"), cat) is None
        True
        >>> education_gap(vrc, Profile(credentials=["OT"]), cat) is None
        True
    """
    need = role.degree_required
    if need is None:
        return None
    cite = role.citation("degree_required")
    keys: list[str] = list(cite.sources) if cite is not None else []
    held = _degree_held(profile, catalog)
    if held is None:
        return None
    have, basis, more = held
    keys += more
    if DEGREE_LEVELS[have] >= DEGREE_LEVELS[need]:
        return None
    return EducationGap(DEGREE_NAMES[need], basis, tuple(dict.fromkeys(keys)), profile.degree is not None)


def _education_step(role: Role, profile: Profile, catalog: Catalog) -> GapStep | None:
    gap = education_gap(role, profile, catalog)
    if gap is None:
        return None
    need = role.degree_required
    return GapStep(
        order=0, kind="education", priority="required",
        text=f"Hold {gap.need}: sources say this role typically needs one; {gap.basis}.",
        how=(
            "A degree program (which fields count: see the sources and each posting)."
            + ("" if gap.stated else
               f" If you already hold {gap.need}, give it in your profile (the quiz's \"Your"
               f" highest degree\", otpath quiz --degree {need}, or degree = \"{need}\" in a"
               " profile file) and this step goes.")
        ),
        sources=_sources(catalog, gap.sources),
    )  # fmt: skip


def gap_plan(
    role: Role,
    profile: Profile,
    *,
    state: str,
    basis: str | None,
    count: PostingCount | None,
    catalog: Catalog,
) -> list[GapStep]:
    """The ordered steps between ``profile`` and ``role`` (see the module docstring)."""
    steps: list[GapStep] = []
    held = ", ".join(profile.credentials)
    if state == "not_eligible":
        need = role.eligible_credentials
        names = " or ".join(CREDENTIALS[c].name.lower() for c in need if c in CREDENTIALS)
        cite = role.citation("excluded_credentials") or role.citation("eligible_credentials")
        steps.append(GapStep(
            order=0, kind="credential", priority="required",
            text=f"This role needs a {names} credential ({', '.join(need)}); you hold {held}.",
            how="Only by qualifying in one of those professions: a degree program, not a course.",
            sources=_sources(catalog, cite.sources if cite else ()),
        ))  # fmt: skip
    elif state in ("unclear", "likely"):
        code = count.credential if count is not None else profile.credentials[0]
        link = f"/jobs?role={role.id}&credential={code}"
        found = f" ({count.text})" if count is not None else ""
        cite = role.citation("likely_credentials")
        steps.append(GapStep(
            order=0, kind="eligibility",
            priority="required" if state == "unclear" else "recommended",
            text=(
                f"Check what its postings ask of a {code} before you invest{found}."
                if role.is_business
                else f"Check that employers accept {code} before you apply{found}."
            ),
            how=(
                "Read the credential line of this role's postings; otpath lists them filtered by"
                " role and credential. "
                + (f"Why otpath thinks so: {basis}" if state == "likely" and basis
                   else "No source says either way.")
            ),
            sources=_sources(catalog, cite.sources if cite and state == "likely" else ()),
            link=link,
        ))  # fmt: skip

    education = _education_step(role, profile, catalog)
    if education is not None:
        steps.append(education)

    exp = role.experience
    if exp.years_min and profile.years_experience < exp.years_min:
        rng = f"{exp.years_min:g}-{exp.years_max:g}" if exp.years_max else f"{exp.years_min:g}+"
        more = exp.years_min - profile.years_experience
        steps.append(GapStep(
            order=0, kind="experience", priority="recommended",
            text=(
                f"Gain about {more:g} more year{'s' if more != 1 else ''} of clinical experience:"
                f" employers prefer {rng}; you have {profile.years_experience:g}."
            ),
            how="Keep working clinically; every year counts towards the preferred range.",
            time=f"About {more:g} year{'s' if more != 1 else ''}",
            sources=_sources(catalog, exp.sources),
        ))  # fmt: skip
    covered = set(exp.settings)
    if exp.settings and not any(s in profile.settings for s in exp.settings):
        names = ", ".join(SETTING_LABELS.get(s, s) for s in exp.settings)
        steps.append(GapStep(
            order=0, kind="setting", priority="recommended",
            text=f"Gain experience in one of: {names} (employers prefer it).",
            how="Take a job, or regular per-diem shifts, in one of these settings.",
            sources=_sources(catalog, exp.sources),
        ))  # fmt: skip

    steps += _certification_steps(role, profile, catalog)

    seen = {_short(c.name).lower() for c in role.certifications}
    for item in role.preferred_skills:
        if item.kind == "soft" or item_met(item.text, profile, settings=item.settings):
            continue
        if item.kind == "setting" and set(item.settings) <= covered:
            continue  # the role's setting step already asks for it
        key = " ".join(sorted(_tokens(item.text)))
        if key in seen or _short(item.text).lower() in seen:
            continue
        seen.add(key)
        kind = "setting" if item.kind == "setting" else item.kind
        how = item.how or _HOW.get(item.kind)
        if item.kind == "setting":
            names = ", ".join(SETTING_LABELS.get(s, s) for s in item.settings)
            how = item.how or f"Work in {', '.join(setting_words(x) for x in item.settings)}, even part time."
        steps.append(GapStep(
            order=0, kind=kind,  # type: ignore[arg-type]
            priority="recommended" if "(required)" in item.text else "optional",
            text=item.text[0].upper() + item.text[1:] + ".", how=how,
            sources=_sources(catalog, item.sources),
        ))  # fmt: skip

    for step in role.business_steps:
        if step.credentials and not any(c in step.credentials for c in profile.credentials):
            continue
        steps.append(GapStep(
            order=0, kind="business", priority="recommended", text=step.text + ".",
            how=step.how, time=step.time, cost=step.cost,
            sources=_sources(catalog, step.sources),
        ))  # fmt: skip

    steps.sort(key=lambda s: (_PRIORITY[s.priority], _KIND[s.kind]))
    return [s.model_copy(update={"order": i}) for i, s in enumerate(steps, 1)]
