"""Is a posting a path for a therapy practitioner, and if so, which role? With the evidence.

Relevance first, then the role, in one pass over the words::

    >>> c = classify("Utilization Review Therapist (PT/OT)",
    ...              "Review prior authorization requests for medical necessity using InterQual.")
    >>> c.relevant, c.role, c.family, c.confidence > 0.8
    (True, 'utilization_review', 'utilization_management', True)
    >>> [(e.field, e.text) for e in c.evidence][:3]
    [('title', 'utilization review'), ('title', 'utilization'), ('description', 'authorization')]

    >>> c = classify("Home Health Case Manager - Physical Therapist",
    ...              "Manage a caseload of 25-30 visits per week. Evaluate and treat patients, "
    ...              "write the plan of care.")
    >>> c.role, c.family
    (None, 'clinical')

    >>> c = classify("Staff Nurse - Medical Ward", "NMC registration essential. Deliver nursing care.")
    >>> c.relevant, c.family, c.role, [e.text for e in c.evidence]
    (False, 'unrelated', None, ['nurse', 'staff nurse', 'nmc registration'])

How it works
------------
The rules are data, in ``otpath/rules/data/classify.toml``: cues (phrases with
weights) that point to a catalog role, a family without a role, a *signal*
(treatment duties, behavioural health, healthcare context, front-office
work...) or *another profession* (nursing, medicine, other health
professions, work outside health care). The title and the description are
lower-cased and cut into words once and matched by
:class:`otpath.rules.engine.PhraseMatcher`. A role's family comes from the
catalog. Two decisions follow, each a method with the cases it exists for:

* :meth:`Classifier._role_decision`: which role or family the evidence points
  to. Direct-care jobs with titles such as "case manager" or "clinical
  specialist" are ``clinical`` when the duties are a therapist's caseload;
  behavioural-health therapists have no role; payer wording is utilization
  management unless the job only submits paperwork; a hospital case manager
  planning discharges is care coordination; complex-rehab jobs with a quota
  are sales; health-only roles need healthcare context; a role the title
  names is preferred to one only the description suggests; a fuzzy match of
  the whole title catches typos.
* :meth:`Classifier._relevance`: whether the posting is a path at all. A
  title that names a role keeps it whatever credential it asks for; a title
  that names a therapy discipline keeps it; a title that names another
  profession (nurse, doctor, pharmacist, engineer, receptionist...) makes it
  ``unrelated`` (family ``"unrelated"``, no role, ``relevant=False``).

Speed: ``bench/bench_classify.py`` measures it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ...credentials import CLINICAL_THERAPY_CODES
from ...rules import ClassifyRules, Rules, default_rules
from ...rules.engine import PhraseMatcher, Rule, phrase_key, words
from ..models import Classification, Evidence

__all__ = [
    "Classifier",
    "classify",
    "default_classifier",
]


def _rules_of(section: Mapping[str, object], prefix: str, field: str, *, plurals: bool = False) -> list[Rule]:
    out: list[Rule] = []
    for name, target in section.items():
        for cue in getattr(target, field):
            for phrase in cue.phrases:
                out.append((prefix + name, cue.weight, phrase))
                if plurals and phrase[-1:].isalpha() and not phrase.endswith(("s", "(s)")):
                    out.append((prefix + name, cue.weight, phrase + "s"))
    return out


def _table(rules: ClassifyRules, field: str) -> list[Rule]:
    """Every cue of one field (title, description, company) as (target, weight, phrase).

    Targets: a role id, ``~name`` for a family without a role, ``@name`` for a
    signal, ``!name`` for another profession.
    """
    # A title may name the job in the plural when a service hires several ("Case
    # Managers/Care Coordinators", "Speech Language Pathologists").
    title = field == "title"
    return (
        _rules_of(rules.roles, "", field, plurals=title)
        + _rules_of(rules.families, "~", field, plurals=title)
        + _rules_of(rules.signals, "@", field, plurals=title)
        + _rules_of(rules.professions, "!", field, plurals=True)
    )


_EVIDENCE: dict[tuple[str, str, float, bool], Evidence] = {}


def _evidence_item(field: str, phrase: str, weight: float, body: bytes) -> Evidence:
    """A shared, frozen :class:`Evidence` (building pydantic models is the costly part)."""
    loose = field == "description" and " " in phrase and b" " + phrase_key(phrase) + b" " not in body
    key = (field, phrase, weight, loose)
    item = _EVIDENCE.get(key)
    if item is None:
        # A loose match found the words, not the phrase: say so ("treating + caseload").
        text = " + ".join(phrase_key(phrase).decode().split()) if loose else phrase
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
    body_bytes: bytes
    cap: float

    def __post_init__(self) -> None:
        self.title = _sum(self.title_hits)
        self.body = _sum(self.body_hits)
        self.company = _sum(self.company_hits)

    def t(self, target: str) -> float:
        return self.title.get(target, 0.0)

    def b(self, target: str) -> float:
        """Description score, capped so a long description cannot drown the title."""
        return min(self.body.get(target, 0.0), self.cap)

    def c(self, target: str) -> float:
        return self.company.get(target, 0.0)

    def raw(self, target: str) -> float:
        return self.body.get(target, 0.0)


class Classifier:
    """The rules of ``classify.toml`` compiled for fast matching. Build once, call many times."""

    def __init__(self, rules: Rules | None = None) -> None:
        rules = rules or default_rules()
        cr = rules.classify
        self._rules = cr
        self._t = cr.thresholds
        self._role_family = dict(rules.role_family)
        self._pseudo = {f"~{name}": target.family or name for name, target in cr.families.items()}
        self._needs_health = frozenset(cr.groups.needs_health)
        self._needs_health_context = frozenset(cr.groups.needs_health_context)
        self._care_roles = tuple(cr.groups.care_roles)
        self._bh_ok = frozenset(cr.groups.behavioural_health_ok)
        self._needs_therapy = frozenset(cr.groups.needs_therapy)
        self._needs_clinician = frozenset(cr.groups.needs_clinician)
        self._title_needs_description = {
            f"~{name}": target.title_needs_description
            for name, target in cr.families.items()
            if target.title_needs_description is not None
        }
        self._paths_over = {
            f"~{name}": (cr.families[name].family or name, frozenset(f"!{p}" for p in profs))
            for name, profs in cr.groups.paths_over_professions.items()
        }
        self._lookalikes = tuple(cr.groups.lookalike_roles)
        self._description_decides = frozenset(cr.groups.description_decides)
        self._outweighs_profession = frozenset(cr.groups.description_outweighs_profession)
        self._ahp_over = frozenset(f"!{name}" for name in cr.groups.ahp_over_professions)
        self._ambiguous = tuple(b" " + phrase_key(p) + b" " for p in cr.groups.ambiguous_titles)
        self._unambiguous = tuple(b" " + phrase_key(p) + b" " for p in cr.groups.unambiguous_titles)
        self._title_ignore = tuple(b" " + phrase_key(p) + b" " for p in cr.matching.title_ignore)
        self._title_not = {
            name: tuple(b" " + phrase_key(p) + b" " for p in target.title_not)
            for name, target in cr.roles.items()
            if target.title_not
        }
        self._professions = tuple(f"!{name}" for name in cr.professions)
        self._profession_credential = {f"!{name}": p.credential for name, p in cr.professions.items()}
        self._user_codes = frozenset(CLINICAL_THERAPY_CODES)
        common = frozenset(w.encode() for w in cr.matching.common)
        block = frozenset(w.encode() for w in cr.matching.loose_block)
        self._title = PhraseMatcher(_table(cr, "title"), common=common)
        self._body = PhraseMatcher(_table(cr, "description"), common=common, loose_block=block)
        self._company = PhraseMatcher(_table(cr, "company"), common=common)
        self._fuzzy: dict[str, str] = {}
        for role, target in cr.roles.items():
            for name in target.fuzzy_titles:
                self._fuzzy.setdefault(name, role)
        self._fuzzy_choices = list(self._fuzzy)
        self._seen: dict[tuple[int, str], tuple[bytes, list[Rule]]] = {}
        self._fuzzy_seen: dict[str, tuple[str, float] | None] = {}

    def add_fuzzy_titles(self, titles: Mapping[str, Iterable[str]]) -> None:
        for role, names in titles.items():
            for name in names:
                key = phrase_key(name).decode()
                if key and key not in self._fuzzy:
                    self._fuzzy[key] = role
        self._fuzzy_choices = list(self._fuzzy)
        self._fuzzy_seen.clear()

    def __call__(
        self, title: str, text: str, *, company: str | None = None, accepts: Iterable[str] = ()
    ) -> Classification:
        """Classify a posting; ``accepts`` are the credentials its requirements name (if read)."""
        title_bytes, title_hits = self._short_hits(self._title, title or "", self._title_ignore)
        if self._title_not:
            # across the title's punctuation: "Therapist - Integrated Discharge Team"
            squeezed = b" " + b" ".join(title_bytes.split()) + b" "
            for role, phrases in self._title_not.items():
                if any(p in squeezed for p in phrases):
                    title_hits = [h for h in title_hits if h[0] != role]
        body = words(text) if text else b""
        body_hits = self._body.hits(body) if text else []
        if self._title_needs_description and title_hits:
            needy = {h[0] for h in title_hits if h[0] in self._title_needs_description}
            if needy:
                body_sum = _sum([h for h in body_hits if h[0] in needy])
                title_hits = [
                    h for h in title_hits
                    if h[0] not in needy or body_sum.get(h[0], 0.0) >= self._title_needs_description[h[0]]
                ]
        s = _Scores(
            title_hits,
            body_hits,
            self._short_hits(self._company, company, ())[1] if company else [],
            title_bytes,
            body,
            self._t.description_cap,
        )
        return self._relevance(self._role_decision(s, title or ""), s, accepts=frozenset(accepts))

    def title_profession(self, title: str) -> str | None:
        """The other profession a title names, if any ("nursing", "other_work"...).

            >>> default_classifier().title_profession("Receptionist - PT")
            'other_work'
        """
        _, hits = self._short_hits(self._title, title or "", self._title_ignore)
        scores = _sum(hits)
        best, name = 0.0, None
        for target in self._professions:
            if scores.get(target, 0.0) > best:
                best, name = scores[target], target
        return name[1:] if name is not None and best >= self._t.profession_min else None

    def title_credential(self, title: str) -> str | None:
        """The credential the profession a title names needs ("Matron" -> RN, "Registrar" -> MD).

            >>> default_classifier().title_credential("Discharge Matron")
            'RN'
            >>> default_classifier().title_credential("Utilization Review Therapist") is None
            True
        """
        name = self.title_profession(title)
        return self._profession_credential.get(f"!{name}") or None if name else None

    def forget(self) -> None:
        """Drop the titles and company names remembered so far."""
        self._seen.clear()
        self._fuzzy_seen.clear()

    def _short_hits(
        self, matcher: PhraseMatcher, text: str, ignore: tuple[bytes, ...]
    ) -> tuple[bytes, list[Rule]]:
        """Bytes and rule hits of a title or company name, remembered (they repeat).

        ``ignore`` phrases are erased first (two spaces keep a phrase from
        matching across the gap).
        """
        key = (id(matcher), text)
        found = self._seen.get(key)
        if found is None:
            data = words(text)
            for phrase in ignore:
                if phrase in data:
                    data = data.replace(phrase, b"  ")
            found = (data, matcher.hits(data))
            if len(self._seen) >= 16384:
                self._seen.clear()
            self._seen[key] = found
        return found[0], list(found[1])

    def _family(self, role: str) -> str:
        return self._role_family.get(role) or self._pseudo[role]

    # -- decision ------------------------------------------------------------------
    def _role_totals(self, s: _Scores) -> dict[str, float]:
        totals: dict[str, float] = {}
        title, body, company = s.title, s.body, s.company
        cap = s.cap
        for role in {*title, *body, *company}:
            if role[0] not in "@!":
                # s.t(role) + s.b(role) + s.c(role), inlined (dozens of targets).
                totals[role] = title.get(role, 0.0) + min(body.get(role, 0.0), cap) + company.get(role, 0.0)
        ergo_t, ergo_b = s.t("@ergo"), s.b("@ergo")
        if ergo_t or ergo_b >= self._t.ergonomics_description_min:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals[role] = totals.get(role, 0.0) + ergo_t + ergo_b
        else:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals.pop(role, None)
        # A device maker's "Clinical Specialist" is a field clinician (signals.device_maker).
        if "dme_sales" in title and (device := s.c("@device_maker") + s.t("@device_maker")):
            totals["dme_sales"] += device
        # A generic care-coordination title points to a care role that has evidence
        # of its own (discharge, skilled inpatient, home health...), else to the
        # family with no role (a mental-health or cancer care co-ordinator).
        care_t, care_b = s.t("@care_coord"), s.b("@care_coord")
        navi = s.c("@navihealth")
        if care_t or navi:
            # In a mental-health service a "care co-ordinator" holds a caseload under the
            # Care Programme Approach: words such as "community" or "episode" there are not
            # evidence of a US transitional or home-health role, so only a role the title
            # names itself stays.
            mh_service = not navi and self._mh_service(s)
            for role in self._care_roles:
                if mh_service and not s.t(role):
                    totals.pop(role, None)
                elif role in totals or navi:
                    totals[role] = totals.get(role, 0.0) + care_t + care_b + navi
            if care_t:
                totals["~care_coordination"] = totals.get("~care_coordination", 0.0) + care_t + care_b
        # Kids gyms need kids (the children's gym's staff count too).
        if "kids_gym_owner" in totals:
            if not (s.t("@kids") or s.b("@kids") or s.c("kids_gym_owner") or s.t("kids_gym_owner") >= 8):
                totals.pop("kids_gym_owner")
        return totals

    def _treats(self, s: _Scores, treat: float) -> bool:
        """Treatment duties (``treat``: signals.treat less signals.nontreat) that make the
        work treatment. A reviewer's duties name the treatment reviewed ("refers treatment
        plans to peer reviewers"): review wording that outweighs them is not treating."""
        return treat >= self._t.treat_min and s.raw("@review") <= treat

    def _mh_service(self, s: _Scores) -> bool:
        """Does the advert place the post in a mental-health service (CMHT, psychosis, CPA)?"""
        return s.t("@mh_service") + s.raw("@mh_service") >= self._t.mh_service_min

    # -- relevance -----------------------------------------------------------------
    def _title_strength(self, s: _Scores, c: Classification) -> float:
        """How strongly the title names ``c``'s role or family."""
        if c.evidence and c.evidence[0].text.startswith("~"):
            return c.evidence[0].weight  # a fuzzy match of the whole title
        if c.role is not None:
            return self._named(s, c.role)
        pseudo = [k for k, fam in self._pseudo.items() if fam == c.family]
        return max((self._named(s, k) for k in pseudo), default=0.0)

    def _profession(self, s: _Scores, field: str) -> tuple[str | None, float]:
        """The profession most strongly named, and its strongest single cue's weight.

        One phrase decides the strength ("Nurse (RN)" is a nurse, not twice one).
        """
        best, name = 0.0, None
        for target, weight, _ in s.title_hits if field == "title" else s.body_hits:
            if target[0] == "!" and weight > best:
                best, name = weight, target
        return name, best

    def _relevance(self, c: Classification, s: _Scores, *, accepts: frozenset[str] = frozenset()) -> Classification:
        """Is the posting a path for a therapy practitioner at all?

        Steps, in order (thresholds in classify.toml):

        1. A title that names a catalog role (or a family without one) keeps
           it, whatever profession it asks for: an RN-only utilization review
           job is still utilization management.
        2. A title that names a therapy discipline keeps the answer: clinical
           therapy work or a therapist's non-clinical role.
        3. A title that names another profession (nurse, doctor, pharmacist,
           engineer, receptionist...) is *unrelated*.
        4. Otherwise the description decides: a role found there stands unless
           the job requires another profession's registration; clinical work
           needs therapy wording, or requirements that accept a therapy
           credential (a mental-health practitioner post open to RMNs, social
           workers and OTs); "other" needs a tie to therapy (AHP leadership,
           practice education, equipment services).
        """
        T = self._t
        therapy_t = s.t("@disc")
        prof_name, prof_t = self._profession(s, "title")
        if T.profession_min <= prof_t < T.profession_decisive and s.t("@ahp_title"):
            # "Ward Manager - AHP Considered", "Research Nurse / Midwife or AHP": a title
            # that opens a nurse's post to allied health professionals names no other
            # profession's job (groups.ahp_over_professions).
            profs_named = {t for t, w, _ in s.title_hits if t[0] == "!" and w >= T.profession_min}
            if profs_named <= self._ahp_over:
                prof_name, prof_t = None, 0.0
        if prof_t < T.profession_min and not s.t("@nonhealth"):
            therapy_t += s.t("@disc_code")  # "PT" is a therapist only in a title with no other job
        if prof_t >= T.profession_min:
            # "Lymphoedema Nurse Practitioner": a discipline word a nurse's title carries too.
            therapy_t = max(0.0, therapy_t - s.t("@disc_shared"))
        disc_b = s.raw("@disc_body")
        word_t = s.t("@therapy_word")
        if c.family == "clinical":
            if s.t("@office_title"):
                return self._unrelated(s, prof_name)  # an OT service's administrator
            if accepts and not (accepts & self._user_codes) and not therapy_t:
                # Treatment work that asks only for another profession (a nurse
                # practitioner's caseload, a doctor's clinic) is not a therapist's job.
                return self._unrelated(s, prof_name)
            treat = s.raw("@treat") - s.raw("@nontreat")
            if therapy_t or (accepts & self._user_codes and prof_t < T.profession_min) or (
                prof_t < T.profession_min
                and (
                    disc_b >= T.therapy_description_min
                    or ((word_t or disc_b >= T.therapy_treat_description_min) and treat >= T.treat_min)  # a rehab caseload
                )
            ):
                if s.t("@bh") >= T.bh_title_min and s.raw("@mh_care_coord") >= T.mh_care_coord_min:
                    # A CMHT or early-intervention practitioner who is a named care co-ordinator.
                    return c.model_copy(update={"family": "care_coordination", "role": None})
                return c
            if s.t("@therapy_path") >= T.title_role_min and prof_t < T.profession_min:
                # Not treatment, but a path the title ties to therapy ("Community
                # Equipment Service Clinical Lead").
                return c.model_copy(update={"family": "other", "role": None})
            return self._unrelated(s, prof_name)
        for key, (family, over) in self._paths_over.items():
            # "Practice Development Nurse": a shared path that stands over the professions
            # named in classify.toml, and over no other ("Pharmacy Technician - Clinical
            # Education" is a pharmacy post).
            if s.t(key) >= T.title_role_min:
                named_profs = {t for t, w, _ in s.title_hits if t[0] == "!" and w >= T.profession_min}
                if prof_t < T.profession_min or (named_profs <= over and prof_t < T.profession_decisive):
                    if c.role is not None and (therapy_t or word_t or disc_b):
                        return c  # a therapy educator's catalog role
                    return c.model_copy(update={"family": family, "role": None, "relevant": True})
                return self._unrelated(s, prof_name)
        if c.role is not None or c.family != "other":
            tie = therapy_t or s.t("@therapy_path") or word_t or disc_b
            if c.role in self._needs_therapy and (not tie or prof_t >= T.profession_min):
                return self._unrelated(s, prof_name)  # a quality manager, a paramedic instructor
            clinician = therapy_t or word_t or s.t("@clinician") or s.raw("@clinician")
            if c.role in self._needs_clinician and not (clinician or accepts & self._user_codes):
                return self._unrelated(s, prof_name)  # an Epic interfaces analyst is IT
            strength = self._title_strength(s, c)
            if prof_t >= T.profession_decisive:
                return self._unrelated(s, prof_name)  # "ST1 ... National Recruitment" is a doctor's post
            if strength >= T.title_role_min or therapy_t:
                return c
            own = s.b(c.role) if c.role else 0.0
            treat = s.raw("@treat") - s.raw("@nontreat")
            telling = (
                c.role in self._outweighs_profession
                and own >= T.description_role_own_min
                and not self._treats(s, treat)
            )
            if prof_t >= T.profession_min and not telling:
                return self._unrelated(s, prof_name)
            body_name, prof_b = self._profession(s, "description")
            if prof_b >= T.profession_description_min and s.raw("@disc_body") < T.therapy_description_min:
                return self._unrelated(s, body_name)
            if 0 < strength and own < T.description_role_own_min and c.role not in self._description_decides:
                # A title that only hints at a role ("Business Development Manager",
                # "... Liaison Worker") needs the description to say so too.
                return self._unrelated(s, prof_name)
            return c
        if prof_t < T.profession_min:
            if therapy_t or s.t("@therapy_path"):
                return c
            if accepts & self._user_codes and s.t("@leader") >= T.title_role_min and c.role is None:
                # A manager's or a lead's post open to a therapist's registration
                # ("Team Manager - CAMHS", for NMC or HCPC registrants): leadership.
                return c.model_copy(update={"family": "other", "relevant": True})
            if (
                accepts & self._user_codes
                and c.role is None
                and (s.t("@bh") >= T.bh_title_min or s.b("@bh") >= T.bh_description_min)
                and (
                    s.raw("@treat") - s.raw("@nontreat") >= T.accepted_treat_min
                    or s.raw("@mh_care_coord") >= T.mh_care_coord_min
                )
            ):
                # A mental-health practitioner's post open to OTs among nurses and social
                # workers ("Crisis Practitioner"), whose advert describes the work: an OT
                # who takes it treats patients, or co-ordinates their care (CMHT).
                if s.raw("@mh_care_coord") >= T.mh_care_coord_min:
                    return c.model_copy(update={"family": "care_coordination", "role": None, "relevant": True})
                return c.model_copy(update={"family": "clinical", "role": None, "relevant": True})
            if accepts & self._user_codes and c.role is None:
                flow, treat = s.raw("@flow_duties"), s.raw("@treat") - s.raw("@nontreat")
                if flow >= T.accepted_flow_min and flow >= treat:
                    # A post open to OTs and physios among nurses ("Senior Assessor - Rapid
                    # Response") whose work is getting patients home early or keeping them
                    # out of hospital: care coordination.
                    return c.model_copy(update={"family": "care_coordination", "role": None, "relevant": True})
            # A look-alike of a role the title names (a front-office "prior
            # authorization specialist") is a path too, in health care only.
            nonhealth = s.t("@nonhealth") + min(s.raw("@nonhealth"), T.nonhealth_description_cap)
            health = s.t("@health") + s.b("@health")
            named = max((self._named(s, r) for r in self._lookalikes), default=0.0)
            if named >= T.title_role_min and health and nonhealth < T.other_industry_min:
                return c
        return self._unrelated(s, prof_name)

    def _unrelated(self, s: _Scores, profession: str | None) -> Classification:
        targets = [profession] if profession else ["@nonhealth", "@admin"]
        strength = s.t(profession) if profession else 3.0
        return Classification.model_construct(
            relevant=False,
            role=None,
            family="unrelated",
            confidence=_confidence(max(strength, 3.0), 0.0),
            evidence=self._evidence(s, targets),
        )

    # -- role ----------------------------------------------------------------------
    def _named(self, s: _Scores, target: str) -> float:
        """How strongly the title (or a telling company name) names ``target``."""
        strength = s.t(target)
        if s.c(target) >= self._t.company_as_title_min:
            strength += s.c(target)
        if target in ("office_ergonomics", "industrial_ergonomics"):
            strength += s.t("@ergo")
        if target in self._care_roles or target == "~care_coordination":
            strength += s.t("@care_coord") + s.c("@navihealth")
        if target == "dme_sales" and s.raw("@selling") >= self._t.selling_min:
            strength = max(strength, s.t("assistive_technology_professional"))  # complex-rehab sales
        if target == "dme_sales" and (s.c("@device_maker") or s.t("@device_maker")):
            strength += s.t("dme_sales")  # a device maker's "Clinical Specialist" is a field clinician
        if target == "transitional_care_coordinator" and s.raw("@discharge") >= self._t.discharge_min:
            strength += s.t("case_manager")  # a hospital case manager who plans discharges
        return strength

    def _role_decision(self, s: _Scores, title: str) -> Classification:
        T = self._t
        totals = self._role_totals(s)
        health = s.t("@health") + s.b("@health") + s.t("@disc") + s.t("@clin_t") + s.c("@device_maker") + s.t("@device_maker")
        nonhealth = s.t("@nonhealth") + min(s.raw("@nonhealth"), T.nonhealth_description_cap) + s.c("@nonhealth")
        disc_t = s.t("@disc")
        clin_t = s.t("@clin_t")
        treat = max(0.0, s.raw("@treat") - s.raw("@nontreat"))
        bh_t, bh_b = s.t("@bh"), s.raw("@bh")
        admin = s.t("@admin") + s.raw("@admin")

        # Roles without healthcare context are look-alikes (law-firm case manager, FinOps).
        if nonhealth >= T.other_industry_min and nonhealth > health:
            for role in list(totals):
                if role in self._needs_health or s.t(role) < T.other_industry_title_keep:
                    totals.pop(role)
        elif health == 0:
            for role in list(totals):
                if role in self._needs_health and (
                    s.t(role) < T.other_industry_title_keep
                    or role in self._needs_health_context  # a software firm's "Product Designer"
                ):
                    totals.pop(role)
        # Front-office paperwork (submit authorizations, schedule visits) is not clinical review.
        if admin >= T.admin_min:
            for role in list(totals):
                if self._role_family.get(role) == "utilization_management" and s.raw("@review") < T.admin_review_min:
                    totals.pop(role)
                elif (role in self._care_roles or role == "~care_coordination") and s.raw(
                    role
                ) < T.admin_care_role_min:
                    totals.pop(role)

        named_of = {role: self._named(s, role) for role in totals}
        # Complex-rehab / ATP jobs with a territory and commission are equipment sales.
        if "assistive_technology_professional" in totals and s.raw("@selling") >= T.selling_min:
            totals["dme_sales"] = max(totals.get("dme_sales", 0.0), totals["assistive_technology_professional"] + 1)
            named_of["dme_sales"] = self._named(s, "dme_sales")

        # A hospital "case manager" who plans discharges is care coordination (not
        # payer/injury case management).
        # A title that names utilization review as strongly ("Utilization Review / Case
        # Manager") is a reviewer's job whose reviews include discharge reviews.
        if (
            s.t("case_manager")
            and s.raw("@discharge") >= T.discharge_min
            and not s.raw("@cm_payer")
            and s.t("utilization_review") < s.t("case_manager")
        ):
            totals["transitional_care_coordinator"] = max(totals.values()) + 1
            named_of["transitional_care_coordinator"] = self._named(s, "transitional_care_coordinator")

        # The title names the job: when it names a role (or a family) clearly,
        # choose among the targets it names.
        named = max(named_of.values(), default=0.0)
        pool = {r: v for r, v in totals.items() if named_of[r] >= T.title_role_min} if named >= T.title_role_min else totals
        ranked = sorted(pool.items(), key=lambda kv: (-kv[1], kv[0]))
        best_role, best = ranked[0] if ranked else (None, 0.0)
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        role_title = named_of[best_role] if best_role else 0.0

        # 1. Behavioural-health therapy: clinical, with no PT/OT role.
        therapist_title = b" therapist" in s.title_bytes or b" clinician" in s.title_bytes
        if (
            (bh_t >= T.bh_title_min or (therapist_title and bh_b >= T.bh_description_min))
            and disc_t < T.discipline_title_min
            and best_role not in self._bh_ok
            # "Social Worker - Discharge Planning" is coordination; a
            # "Prior Authorization Therapist (LPC)" is still a counsellor.
            # "Behavioral Health Clinician / Care Coordinator" treats; a "Patient Flow Clinician" does not.
            and (named < T.title_role_min or b" therapist" in s.title_bytes or (therapist_title and bh_t >= T.bh_title_min))
        ):
            return self._result(None, "clinical", bh_t + bh_b, best, s, ["@bh", "@clin_t"])

        # 2. Telehealth therapists are their own family (still clinical practice).
        # Mixed in-person and tele jobs stay clinical.
        if best_role == "telehealth_therapist" and role_title and (disc_t or clin_t or therapist_title):
            if b" hybrid " in s.title_bytes or s.raw("@inperson") >= T.inperson_min:
                return self._result(None, "clinical", disc_t + clin_t + treat, best, s, ["@disc", "@inperson"])
            return self._result(best_role, "telehealth", best, runner, s, [best_role, "@disc"])

        clinical = disc_t + clin_t + treat
        unambiguous = any(p in s.title_bytes for p in self._unambiguous)
        ambiguous = any(p in s.title_bytes for p in self._ambiguous) and (
            # "OT Care Coordinator" treats; in a mental-health service "Care Co-ordinator -
            # RMN/OT/SW" names who may hold the caseload, and stays care co-ordination.
            (disc_t > 0 and not (unambiguous and s.t("@care_coord") and self._mh_service(s)))
            or not unambiguous
        )
        # Under a therapist's title a role counts as named only when named clearly
        # ("Wheelchair Service Occupational Therapist" treats patients).
        if best_role is not None and role_title > 0 and (not disc_t or role_title >= T.title_role_min):
            # 3. Ambiguous titles ("Case Manager - PT", "Clinical Specialist") whose
            #    duties are treatment are direct care.
            role_body = s.raw(best_role)
            if (
                ambiguous
                and treat >= T.treat_min
                and (disc_t or clin_t or health >= T.ambiguous_health_min)
                and (disc_t or s.t("@therapy_word") or s.raw("@disc_body"))  # a therapist's caseload
                and treat > role_body
            ):
                return self._result(None, "clinical", clinical, best, s, ["@treat", "@disc", "@clin_t"])
            if best >= T.role_floor:
                return self._result(best_role, self._family(best_role), best, runner, s, [best_role])

        # 4. A title with no role in it: a telling description decides; under a
        #    therapist's title only a role whose description is telling (UR) or
        #    wording that says the job does not treat.
        if (
            best_role is not None
            and best >= T.description_role_min
            and (treat < T.treat_min or (best_role in self._description_decides and not self._treats(s, treat)))
            and s.b(best_role) >= T.description_role_own_min
            and (best_role in self._description_decides or (not disc_t and s.raw("@nontreat")))
        ):
            return self._result(best_role, self._family(best_role), best, runner, s, [best_role])
        if disc_t or (
            clin_t
            and not s.t("@admin")
            and (treat >= T.clinical_title_treat_min or health >= T.clinical_title_health_min)
        ):
            return self._result(None, "clinical", clinical, best, s, ["@disc", "@clin_t", "@treat"])

        # 5. Fuzzy title match for typos and unusual spellings.
        fuzzy = self._fuzzy_role(title) if nonhealth < T.other_industry_min and admin < T.admin_min else None
        if fuzzy is not None:
            role, score = fuzzy
            return Classification.model_construct(
                relevant=True,
                role=role,
                family=self._role_family[role],
                confidence=round(min(0.9, score / 100 * 0.8), 3),
                evidence=[Evidence.model_construct(field="title", text=f"~{title.strip()}", weight=score / 10)],
            )
        if (
            best_role is not None
            and best >= T.description_role_late_min
            and s.b(best_role) >= T.description_role_own_min
            and best_role in self._description_decides
        ):
            return self._result(best_role, self._family(best_role), best, runner, s, [best_role])
        if treat >= T.treat_only_min and health >= T.treat_only_health_min and not s.t("@admin"):
            return self._result(None, "clinical", treat, best, s, ["@treat"])
        return Classification.model_construct(
            relevant=True,
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
        key = phrase_key(title).decode()
        if key:
            hit = process.extractOne(
                key, self._fuzzy_choices, scorer=fuzz.token_sort_ratio, score_cutoff=self._t.fuzzy_cutoff
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
                # A phrase that is a cue of two targets shows its stronger weight.
                if target in wanted and weight > picked.get((field, phrase), ("", "", -1.0))[2]:
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
        if role in self._care_roles:
            targets = [*targets, "@care_coord", "@navihealth"]
        return Classification.model_construct(
            relevant=True,
            role=role if role is None or role[0] != "~" else None,
            family=family,
            confidence=_confidence(score, runner_up if family != "clinical" else runner_up / 2),
            evidence=self._evidence(s, targets),
        )


def _catalog_titles() -> dict[str, tuple[str, ...]]:
    """Each catalog role's title and ``title_synonyms``, for fuzzy title matching."""
    from ...catalog import default_catalog

    return {
        role.id: tuple(n for n in [role.title, *role.title_synonyms] if n.strip())
        for role in default_catalog().roles.values()
    }


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The shared classifier: the shipped rules plus catalog titles for fuzzy matching."""
    clf = Classifier()
    clf.add_fuzzy_titles(_catalog_titles())
    return clf


def classify(
    title: str, text: str, *, company: str | None = None, accepts: Iterable[str] = ()
) -> Classification:
    """Classify one posting (title + plain-text description) into role and family.

        >>> classify("Kids Gym Franchise Owner", "Own a children's gym franchise. Liquid capital $100K.").family
        'kids_gym'
        >>> classify("Moving and Handling Advisor", "Train NHS ward staff in safe patient handling.").family
        'ergonomics'
        >>> classify("Senior Software Engineer", "Build cloud services in Python.").family
        'unrelated'
    """
    return default_classifier()(title, text, company=company, accepts=accepts)
