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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ...rules import ClassifyRules, Rules, default_rules
from ...rules.engine import PhraseMatcher, Rule, phrase_key, words
from ..models import Classification, Evidence

__all__ = [
    "Classifier",
    "classify",
    "default_classifier",
]


def _rules_of(section: Mapping[str, object], prefix: str, field: str) -> list[Rule]:
    out: list[Rule] = []
    for name, target in section.items():
        for cue in getattr(target, field):
            for phrase in cue.phrases:
                out.append((prefix + name, cue.weight, phrase))
    return out


def _table(rules: ClassifyRules, field: str) -> list[Rule]:
    """Every cue of one field (title, description, company) as (target, weight, phrase).

    Targets: a role id, ``~name`` for a family without a role, ``@name`` for a signal.
    """
    return (
        _rules_of(rules.roles, "", field)
        + _rules_of(rules.families, "~", field)
        + _rules_of(rules.signals, "@", field)
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
        self._care_roles = tuple(cr.groups.care_roles)
        self._bh_ok = frozenset(cr.groups.behavioural_health_ok)
        self._ambiguous = tuple(b" " + phrase_key(p) + b" " for p in cr.groups.ambiguous_titles)
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

    def __call__(self, title: str, text: str, *, company: str | None = None) -> Classification:
        title_bytes, title_hits = self._short_hits(self._title, title or "")
        body = words(text) if text else b""
        s = _Scores(
            title_hits,
            self._body.hits(body) if text else [],
            self._short_hits(self._company, company)[1] if company else [],
            title_bytes,
            body,
            self._t.description_cap,
        )
        return self._decide(s, title or "")

    def forget(self) -> None:
        """Drop the titles and company names remembered so far."""
        self._seen.clear()
        self._fuzzy_seen.clear()

    def _short_hits(self, matcher: PhraseMatcher, text: str) -> tuple[bytes, list[Rule]]:
        """Bytes and rule hits of a title or company name, remembered (they repeat)."""
        key = (id(matcher), text)
        found = self._seen.get(key)
        if found is None:
            data = words(text)
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
            if role[0] != "@":
                # s.t(role) + s.b(role) + s.c(role), inlined (dozens of targets).
                totals[role] = title.get(role, 0.0) + min(body.get(role, 0.0), cap) + company.get(role, 0.0)
        ergo_t, ergo_b = s.t("@ergo"), s.b("@ergo")
        if ergo_t or ergo_b >= self._t.ergonomics_description_min:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals[role] = totals.get(role, 0.0) + ergo_t + ergo_b
        else:
            for role in ("office_ergonomics", "industrial_ergonomics"):
                totals.pop(role, None)
        care_t, care_b = s.t("@care_coord"), s.b("@care_coord")
        if care_t or s.c("@navihealth"):
            for role in self._care_roles:
                totals[role] = totals.get(role, 0.0) + care_t + care_b + s.c("@navihealth")
        # Kids gyms need kids, and an owner/manager rather than hourly staff.
        if "kids_gym_owner" in totals:
            kids = s.t("@kids") or s.b("@kids") or s.c("kids_gym_owner")
            staff = s.t("@gym_staff") and not s.t("@gym_lead")
            if not kids or staff:
                totals.pop("kids_gym_owner")
        return totals

    def _decide(self, s: _Scores, title: str) -> Classification:
        T = self._t
        totals = self._role_totals(s)
        health = s.t("@health") + s.b("@health") + s.t("@disc") + s.t("@clin_t")
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
                if role in self._needs_health:
                    totals.pop(role)
        # Front-office paperwork (submit authorizations, schedule visits) is not clinical review.
        if admin >= T.admin_min:
            for role in list(totals):
                if self._role_family.get(role) == "utilization_management" and s.raw("@review") < T.admin_review_min:
                    totals.pop(role)
                elif role in self._care_roles and s.raw(role) < T.admin_care_role_min:
                    totals.pop(role)

        # Complex-rehab / ATP jobs with a territory and commission are equipment sales.
        if "assistive_technology_professional" in totals and s.raw("@selling") >= T.selling_min:
            totals["dme_sales"] = max(totals.get("dme_sales", 0.0), totals["assistive_technology_professional"] + 1)

        # A hospital "case manager" who plans discharges is care coordination (not
        # payer/injury case management).
        if s.t("case_manager") and s.raw("@discharge") >= T.discharge_min and not s.raw("@cm_payer"):
            totals["transitional_care_coordinator"] = max(totals.values()) + 1

        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        best_role, best = ranked[0] if ranked else (None, 0.0)
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        role_title = s.t(best_role) if best_role else 0.0
        if best_role == "dme_sales" and s.raw("@selling") >= T.selling_min:
            role_title = max(role_title, s.t("assistive_technology_professional"))
        if best_role and s.c(best_role) >= T.company_as_title_min:  # a telling company name ("My Gym") counts like a title
            role_title += s.c(best_role)
        if best_role in ("office_ergonomics", "industrial_ergonomics"):
            role_title += s.t("@ergo")
        if best_role in self._care_roles:
            role_title += s.t("@care_coord") + (s.t("case_manager") if best_role == "transitional_care_coordinator" else 0)

        # 1. Behavioural-health therapy: clinical, with no PT/OT role.
        therapist_title = b" therapist" in s.title_bytes or b" clinician" in s.title_bytes
        if (
            (bh_t >= T.bh_title_min or (therapist_title and bh_b >= T.bh_description_min))
            and disc_t < T.discipline_title_min
            and best_role not in self._bh_ok
        ):
            return self._result(None, "clinical", bh_t + bh_b, best, s, ["@bh", "@clin_t"])

        # 2. Telehealth therapists are their own family (still clinical practice).
        # Mixed in-person and tele jobs stay clinical.
        if best_role == "telehealth_therapist" and role_title and (disc_t or clin_t or therapist_title):
            if b" hybrid " in s.title_bytes or s.raw("@inperson") >= T.inperson_min:
                return self._result(None, "clinical", disc_t + clin_t + treat, best, s, ["@disc", "@inperson"])
            return self._result(best_role, "telehealth", best, runner, s, [best_role, "@disc"])

        clinical = disc_t + clin_t + treat
        ambiguous = any(p in s.title_bytes for p in self._ambiguous)
        if best_role is not None and role_title > 0:
            # 3. Ambiguous titles ("Case Manager - PT", "Clinical Specialist") whose
            #    duties are treatment are direct care.
            role_body = s.raw(best_role)
            if (
                ambiguous
                and treat >= T.treat_min
                and (disc_t or clin_t or health >= T.ambiguous_health_min)
                and treat > role_body
            ):
                return self._result(None, "clinical", clinical, best, s, ["@treat", "@disc", "@clin_t"])
            if best >= T.role_floor:
                return self._result(best_role, self._family(best_role), best, runner, s, [best_role])

        # 4. A therapist title with no role in it: the description decides.
        if (
            best_role is not None
            and best >= T.description_role_min
            and treat < T.treat_min
            and s.b(best_role) >= T.description_role_own_min
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
