"""Server-rendered pages. Each route parses input, calls one library function, renders.

==================  ===================================================
``/``               start: what otpath does, where to begin
``/quiz``           the questions; POST saves the profile, then 303 to /results
``/results``        every role ranked for the saved profile, with a chart per role
``/roles``          all roles by family; ``/roles/{id}`` one role with its sources
``/jobs``           search postings (GET filters, so every search is a bookmark);
                    ``/jobs?for=me`` the postings the saved profile can apply for
``/postings/{id}``  one posting: description, requirements and their sentences
``/import``         upload a postings file or paste one (see :mod:`otpath.web.import_pages`)
``/about``          sources, attribution and privacy
==================  ===================================================
"""

from __future__ import annotations

import math
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from ..advert import found_times
from ..bands import BANDS
from ..catalog import Catalog, default_catalog
from ..credentials import CLINICAL_THERAPY_CODES, CREDENTIALS
from ..errors import ProfileError, SearchQueryError, SearchTimeoutError
from ..fit import credential_baselines, market_note, score_role
from ..fit.engine import eligibility_link
from ..match import CANDIDATES, WELL_FITTING, posting_verdict
from ..money import COUNTRY_CURRENCY, CURRENCY_SYMBOLS, country_label
from ..profile import SETTINGS, write_profile
from ..profile.quiz import PREFERENCE_QUESTIONS, answers_to_profile
from ..search import SearchQuery, get_posting
from ..tracker import tracked_application
from ..wages import role_wage
from ._errors import redact_paths
from ._render import highlight
from ._templating import (
    about_sources,
    active_profile,
    cached_page,
    checked_form,
    render,
    saved_profile,
    web_config,
)
from ._views import (
    JOBS_PER_PAGE,
    POSTED_WITHIN_CHOICES,
    SETTING_LABELS,
    cached_ages,
    cached_counts,
    cached_evidence,
    cached_job_ranking,
    cached_ranking,
    cached_search,
    cached_stale,
    open_store,
    pages_window,
    requirement_rows,
    safe_description,
    search_error_text,
    source_list,
    split_list,
)
from .market_pages import cached_market

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def start(request: Request) -> Response:
    return cached_page(request, lambda: _start(request))


def _start(request: Request) -> Response:
    with open_store(request) as store:
        total, samples = cached_counts(request, store)
        stale = cached_stale(request, store)
        ages = cached_ages(request, store)
    catalog = default_catalog()
    return render(
        request,
        "index.html",
        {
            "nav": "start",
            "postings_total": total,
            "postings_sample": samples,
            "stale": stale,
            "ages": ages,
            "ages_where": "in the store (other professions' jobs aside)",
            "role_count": len(catalog.roles),
            "family_count": len([f for f in catalog.families.values() if catalog.roles_in(f.id)]),
        },
    )


# -- quiz and results --------------------------------------------------------------------


def _anchor(field: str | None) -> str:
    """``preferences.remote`` -> ``remote``; ``settings.0`` -> ``settings``."""
    parts = (field or "").split(".")
    return parts[1] if parts[0] == "preferences" and len(parts) > 1 else parts[0]


#: The quiz's own words for each field (templates/quiz.html), for its error messages.
_QUIZ_LABELS = {
    "credentials": "Which credential do you hold?",
    "years_experience": "Years of clinical experience",
    "nhs_band": "Your NHS band",
    "degree": "Your highest degree",
    "settings": "Settings you have worked in",
    "skills": "Skills",
    "certifications": "Certifications",
    **{q.key: f"{i}. {q.prompt}" for i, q in enumerate(PREFERENCE_QUESTIONS, 1)},
    "musts": "This answer is a must (a dealbreaker)",
    "pay_floor": "8. What is your current pay, or the lowest you would accept?",
    "pay_floor_currency": "8. What is your current pay, or the lowest you would accept? (Currency)",
    "pay_floor_interval": "8. What is your current pay, or the lowest you would accept? (Per)",
    "country": "Country you work in",
}

_BOUND = re.compile(r"Input should be (greater|less) than( or equal to)? (-?[\d.]+)")


def _quiz_error_text(error: ProfileError) -> tuple[str, str]:
    """The question a quiz error is about, in the quiz's words, and a plain sentence
    (not a field name or a pydantic message): ``("Years of clinical experience",
    "enter 0 or more.")``."""
    anchor = _anchor(error.field)
    reason = error.reason
    bound = _BOUND.match(reason)
    if bound:
        more, inclusive, n = bound.groups()
        what = "an amount" if anchor.startswith("pay_floor") else "a number"
        if inclusive:
            reason = f"enter {n} or {'more' if more == 'greater' else 'less'}"
        else:
            reason = f"enter {what} {'above' if more == 'greater' else 'below'} {n}"
    elif "allowed" in reason or reason.startswith(("unknown ", "invalid value")):
        # only a changed page sends a value the form does not offer
        given = re.search(r"'([^']*)'", reason)
        what = f"“{given.group(1)}”" if given else "that answer"
        reason = f"{what} is not one of the choices; choose one of the answers shown"
    elif reason.startswith("must be a number"):
        reason = "enter a number, such as 4 or 2.5"
    return _QUIZ_LABELS.get(anchor, "One answer"), reason.rstrip(".") + "."


def _quiz_context(values: dict[str, Any], error: ProfileError | None = None) -> dict[str, Any]:
    return {
        "nav": "quiz",
        "credential_choices": [(c, CREDENTIALS[c].name) for c in CLINICAL_THERAPY_CODES],
        "setting_choices": [(k, SETTING_LABELS.get(k, k)) for k in SETTINGS],
        "questions": PREFERENCE_QUESTIONS,
        "currencies": list(CURRENCY_SYMBOLS),
        "countries": [(c, country_label(c)) for c in COUNTRY_CURRENCY],
        "bands": BANDS,
        "values": values,
        "error": error,
        "error_text": _quiz_error_text(error) if error else None,
        "error_field": (error.field or "") if error else "",
        "error_anchor": _anchor(error.field) if error else "",
        "notice": None,
    }


@router.get("/quiz")
def quiz(request: Request) -> Response:
    notice = None
    try:
        profile = saved_profile(request)
    except ProfileError as exc:  # a broken file must not lock the person out of the quiz
        profile = None
        problem = redact_paths(request, str(exc))
        notice = f"Your saved profile could not be read ({problem}). Saving the quiz replaces it."
    if profile is None:
        values: dict[str, Any] = {
            "credentials": [],
            "years_experience": "",
            "nhs_band": "",
            "degree": "",
            "settings": [],
            "skills": "",
            "certifications": "",
            "prefs": {q.key: q.default for q in PREFERENCE_QUESTIONS},
            "musts": [],
            "pay_floor": "",
            "pay_floor_currency": "",
            "pay_floor_interval": "yearly",
            "country": "US",
        }
    else:
        prefs = profile.preferences.model_dump()
        prefs["entrepreneurship"] = "true" if profile.preferences.entrepreneurship else "false"
        values = {
            "credentials": profile.credentials,
            "years_experience": f"{profile.years_experience:g}",
            "nhs_band": profile.nhs_band or "",
            "degree": profile.degree or "",
            "settings": profile.settings,
            "skills": "\n".join(profile.skills),
            "certifications": "\n".join(profile.certifications),
            "prefs": prefs,
            "musts": list(profile.preferences.musts),
            "pay_floor": (
                f"{profile.preferences.pay_floor:g}" if profile.preferences.pay_floor else ""
            ),
            "pay_floor_currency": profile.preferences.pay_floor_currency or "",
            "pay_floor_interval": profile.preferences.pay_floor_interval,
            "country": profile.country,
        }
    return render(request, "quiz.html", {**_quiz_context(values), "notice": notice})


@router.post("/quiz")
async def quiz_submit(request: Request) -> Response:
    form = await checked_form(request)
    values: dict[str, Any] = {
        "credentials": [str(v) for v in form.getlist("credentials")],
        "years_experience": str(form.get("years_experience") or "").strip(),
        "nhs_band": str(form.get("nhs_band") or "").strip(),
        "degree": str(form.get("degree") or "").strip(),
        "settings": [str(v) for v in form.getlist("settings")],
        "skills": str(form.get("skills") or ""),
        "certifications": str(form.get("certifications") or ""),
        "prefs": {q.key: str(form.get(q.key) or q.default) for q in PREFERENCE_QUESTIONS},
        "musts": [str(v) for v in form.getlist("musts")],
        "pay_floor": str(form.get("pay_floor") or "").strip(),
        "pay_floor_currency": str(form.get("pay_floor_currency") or "").strip(),
        "pay_floor_interval": str(form.get("pay_floor_interval") or "yearly"),
        "country": str(form.get("country") or "US"),
    }
    try:
        if not values["credentials"]:
            raise ProfileError("choose at least one credential", field="credentials")
        try:
            years = float(values["years_experience"] or 0)
        except ValueError:
            raise ProfileError(
                "enter a number of years, such as 3 or 4.5", field="years_experience"
            ) from None
        profile = answers_to_profile(
            credentials=values["credentials"],
            years_experience=years,
            nhs_band=values["nhs_band"] or None,
            degree=values["degree"] or None,
            settings=values["settings"],
            skills=split_list(values["skills"]),
            certifications=split_list(values["certifications"]),
            preferences={
                **values["prefs"],
                "musts": values["musts"],
                "pay_floor": values["pay_floor"],
                "pay_floor_currency": values["pay_floor_currency"],
                "pay_floor_interval": values["pay_floor_interval"],
            },
            country=values["country"],
        )
    except ProfileError as exc:
        return render(request, "quiz.html", _quiz_context(values, exc), status_code=422)
    await run_in_threadpool(write_profile, profile, active_profile(request).path)
    return RedirectResponse("/results", status_code=303)


@router.get("/results")
def results(request: Request) -> Response:
    return cached_page(request, lambda: _results(request))


def _results(request: Request) -> Response:
    profile = saved_profile(request)
    ranking = None
    if profile is not None:
        with open_store(request) as store:
            ranking = cached_ranking(request, profile, store)
    ranked = ranking.results if ranking else []
    catalog = default_catalog()
    can = [r for r in ranked if r.eligibility != "not_eligible" and r.keeps_musts]
    return render(
        request,
        "results.html",
        {
            "nav": "results",
            "profile": profile,
            "ranking": ranking,
            # the groups of the ranking, in its order (see otpath.fit.engine)
            "eligible": [r for r in can if r.eligibility != "unclear" and not r.degree_needed],
            "unclear": [r for r in can if r.eligibility == "unclear" and not r.degree_needed],
            "degree": [r for r in can if r.degree_needed],
            "breaking": [r for r in ranked if r.eligibility != "not_eligible" and r.musts_broken],
            "ineligible": [r for r in ranked if r.eligibility == "not_eligible"],
            "families": catalog.families,
            "sources": catalog.sources,
        },
    )


# -- roles -------------------------------------------------------------------------------


@router.get("/roles")
def roles(request: Request) -> Response:
    return cached_page(request, lambda: _roles(request))


def _roles(request: Request) -> Response:
    catalog = default_catalog()
    groups = [(f, catalog.roles_in(f.id)) for f in catalog.families.values()]
    return render(
        request,
        "roles.html",
        {"nav": "roles", "groups": [(f, rs) for f, rs in groups if rs], "catalog": catalog},
    )


@router.get("/roles/{role_id}")
def role(request: Request, role_id: str) -> Response:
    return cached_page(request, lambda: _role(request, role_id))


ROLE_PAGE_POSTINGS = 10


def _role(request: Request, role_id: str) -> Response:
    catalog = default_catalog()
    r = catalog.role(role_id)  # NotFoundError -> 404 page
    profile = saved_profile(request)
    with open_store(request) as store:
        postings = cached_search(
            request, store, SearchQuery(role=r.id, per_page=ROLE_PAGE_POSTINGS, relevant_only=True)
        )
        evidence = cached_evidence(request, store)
        market = cached_market(request, store, role=r.id)
    ev = evidence.get(r.id)
    total = ev.total if ev else 0
    credential_evidence = [
        {
            "code": code,
            "state": r.eligibility_of(code),
            "accepting": ev.accepting.get(code, 0) if ev else 0,
            "unnamed": ev.unnamed if ev else 0,
            "total": total,
            "link": eligibility_link(r.id, code),
        }
        for code in CLINICAL_THERAPY_CODES
    ]
    fit = score_role(r, profile, evidence=evidence) if profile is not None else None
    return render(
        request,
        "role.html",
        {
            "nav": "roles",
            "role": r,
            "family": catalog.families[r.family],
            "fit": fit,
            "credential_evidence": credential_evidence,
            "baselines": credential_baselines(profile) if profile is not None else [],
            "market_note": market_note(profile) if profile is not None else None,
            "bls": role_wage(r.id),
            "sources": source_list(catalog, r.sources),
            "src_no": {key: i + 1 for i, key in enumerate(r.sources)},
            "credential_names": {c: CREDENTIALS[c].name for c in CREDENTIALS},
            "postings": postings,
            "market": market,
            "all_sources": catalog.sources,
        },
    )


# -- jobs and postings -------------------------------------------------------------------

_FILTERS = (
    "q", "family", "role", "remote", "credential", "min_pay", "min_pay_currency",
    "posted_within", "company",
)  # fmt: skip


_REMOTE_CHOICES = (("", "Any"), ("remote", "Remote"), ("hybrid", "Hybrid"), ("onsite", "On site"))


def _jobs_choices(catalog: Catalog) -> dict[str, tuple[tuple[str, str], ...]]:
    """The ``(value, label)`` lists of the search form's menus (see ``options``)."""
    found = _CHOICES.get(id(catalog))
    if found is None or found[0] is not catalog:
        found = _CHOICES[id(catalog)] = (catalog, {
            "family_choices": tuple((fid, f.title) for fid, f in catalog.families.items()),
            # sorted as Jinja's sort filter did: by title, ignoring case
            "role_choices": tuple(sorted(((rid, r.title) for rid, r in catalog.roles.items()),
                                         key=lambda c: c[1].lower())),
            "remote_choices": _REMOTE_CHOICES,
            "credential_choices": tuple((c, c) for c in CREDENTIALS),
            "posted_choices": POSTED_WITHIN_CHOICES,
            "currency_choices": tuple((c, c) for c in CURRENCY_SYMBOLS),
        })  # fmt: skip
    return found[1]


_CHOICES: dict[int, tuple[Catalog, dict[str, tuple[tuple[str, str], ...]]]] = {}


@router.get("/jobs")
def jobs(request: Request) -> Response:
    return cached_page(request, lambda: _jobs(request))


def _jobs(request: Request) -> Response:
    params = request.query_params
    form = {k: (params.get(k) or "").strip() for k in _FILTERS}
    for_me = params.get("for") == "me"
    show_all = params.get("all") == "1"  # other professions' jobs too
    literal = params.get("literal") == "1"  # the words alone, no synonyms
    eligible = params.get("eligible") == "1"  # with a profile: only what it can apply for
    page_text = (params.get("page") or "1").strip()
    catalog = default_catalog()
    try:
        profile = saved_profile(request)
    except ProfileError:
        profile = None  # a broken profile file must not break searching
    ctx: dict[str, Any] = {
        "nav": "jobs",
        "form": form,
        "for_me": for_me,
        "show_all": show_all,
        "literal": literal,
        "eligible": eligible and profile is not None,
        "families": catalog.families,
        "roles": catalog.roles,
        **_jobs_choices(catalog),
        "pay_currency": form["min_pay_currency"] or (profile.currency if profile else "USD"),
        "error": None,
        "page": None,
        "matches": None,
        "profile": profile,
        "well_fitting": WELL_FITTING,
    }
    try:
        page_no = int(page_text)
    except ValueError:
        page_no = 0
    try:
        if page_no < 1:
            raise SearchQueryError("page: enter a page number of 1 or more")
        values = {k: v for k, v in form.items() if v}
        if "min_pay" in values:
            values.setdefault("min_pay_currency", ctx["pay_currency"])
        else:
            values.pop("min_pay_currency", None)
        query = SearchQuery(
            **values,
            literal=literal,
            eligible_only=ctx["eligible"] and not for_me,
            page=page_no,
            per_page=JOBS_PER_PAGE,
            relevant_only=not show_all,
        )
    except SearchQueryError as exc:
        ctx["error"] = search_error_text(str(exc), {**form, "page": page_text})
        return render(request, "jobs.html", ctx, status_code=422)
    try:
        with open_store(request) as store:
            ctx["store_count"], ctx["sample_count"] = cached_counts(request, store)
            ctx["stale"] = cached_stale(request, store)
            ctx["ages"] = cached_ages(request, store, query)
            ctx["ages_where"] = "in this list"
            if for_me:
                if profile is not None:
                    found = cached_job_ranking(
                        request, store, profile, query.model_copy(update={"page": 1}),
                        limit=500, include_unrelated=show_all,
                    )  # fmt: skip
                    # "Hide those I cannot apply for": they come last, so the list stops there
                    size = found.applicable() if ctx["eligible"] else len(found)
                    start = (page_no - 1) * JOBS_PER_PAGE
                    stop = min(start + JOBS_PER_PAGE, size)
                    ctx["matches"] = found.verdicts(store, start, stop) if start < stop else []
                    ctx["total"] = size
                    ctx["hidden"] = len(found) - size  # what the toggle left out
                    ctx["capped"], ctx["candidates"] = found.capped, CANDIDATES
                    ctx["pages"] = math.ceil(size / JOBS_PER_PAGE)
            else:
                result = cached_search(
                    request, store, query, highlight=("\x02", "\x03"), profile=profile
                )
                ctx["page"] = result
                ctx["total"] = result.total
                ctx["total_text"] = result.total_text
                ctx["pages"] = result.pages
    except SearchTimeoutError as exc:
        ctx["error"] = f"{exc} ({exc.hint})" if exc.hint else str(exc)
        return render(request, "jobs.html", ctx, status_code=503)
    last = max(ctx.get("pages") or 0, 1)
    if page_no > last:  # "page 99999 of 77": go to the last page there is
        return RedirectResponse(
            str(request.url.include_query_params(page=last)), status_code=307
        )
    ctx["page_no"] = page_no
    ctx["window"] = pages_window(page_no, ctx.get("pages") or 0)
    base = {k: v for k, v in form.items() if v}
    if "min_pay" not in base:
        base.pop("min_pay_currency", None)
    ctx["base_params"] = {
        **base,
        **({"for": "me"} if for_me else {}),
        **({"all": "1"} if show_all else {}),
        **({"literal": "1"} if literal else {}),
        **({"eligible": "1"} if ctx["eligible"] else {}),
    }
    return render(request, "jobs.html", ctx)


@router.get("/postings/{posting_id}")
def posting(request: Request, posting_id: str) -> Response:
    return cached_page(request, lambda: _posting(request, posting_id))


_PASTED = {"new": "new", "duplicate": "duplicate", "unchanged": "unchanged"}


def _posting(request: Request, posting_id: str) -> Response:
    with open_store(request) as store:
        p = get_posting(store, posting_id)  # NotFoundError -> 404 page
        tracked = tracked_application(store, p.id, profile=active_profile(request).name)
    profile = saved_profile(request)
    catalog = default_catalog()
    rows = requirement_rows(p)
    sentences = [row.sentence for row in rows if row.sentence]
    return render(
        request,
        "posting.html",
        {
            "nav": "jobs",
            "posting": p,
            "description": safe_description(p.description_html),
            "requirements": rows,
            "evidence_text": highlight(p.description_text, sentences) if sentences else Markup(""),
            "verdict": posting_verdict(p, profile) if profile is not None else None,
            "profile": profile,
            "role": catalog.roles.get(p.role) if p.role else None,
            "family": catalog.families.get(p.family),
            "tracked": tracked,
            "found_times": found_times(p.sources),
            "pasted": _PASTED.get(request.query_params.get("pasted") or ""),
        },
    )


@router.get("/about")
def about(request: Request) -> Response:
    return cached_page(request, lambda: _about(request))


def _about(request: Request) -> Response:
    catalog = default_catalog()
    sources = about_sources()
    text = " ".join(f"{s.key} {s.title} {s.url or ''}".lower() for s in sources)
    cfg = web_config(request)
    return render(
        request,
        "about.html",
        {
            "nav": "about",
            "sources": sources,
            "uses_onet": "o*net" in text or "onetcenter" in text,
            "uses_bls": "bls.gov" in text or "bureau of labor" in text,
            "catalog_version": catalog.version,
            "article": catalog.sources.get("seed:intro"),
            "db_path": str(cfg.db_path),
            "profile_path": str(active_profile(request).path),
        },
    )
