"""Catalog, profile, quiz and match commands."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from ._app import PROFILE_OPTION_HELP, app, command, load_profile_option, setting_option

profile_app = typer.Typer(help="Work with profile files.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(profile_app, name="profile")


def _fmt_enum(value: str) -> str:
    return value.replace("_", " ")


@command("families")
def families_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List role families (and how many catalog roles each has)."""
    from ..catalog import default_catalog
    from ._output import echo_json, print_table

    cat = default_catalog()
    counts = {fid: len(cat.roles_in(fid)) for fid in cat.families}
    if json_out:
        echo_json([{**f.model_dump(), "roles": counts[fid]} for fid, f in cat.families.items()])
        return
    print_table(
        ["family", "title", "roles"],
        [(fid, f.title, counts[fid]) for fid, f in cat.families.items()],
    )


@command("roles")
def roles_cmd(
    family: str | None = typer.Option(None, "--family", help="Only roles of this family."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON catalog records."),
) -> None:
    """List the non-clinical roles in the catalog."""
    from ..catalog import default_catalog
    from ..errors import NotFoundError
    from ._output import echo_json, print_table

    cat = default_catalog()
    if family is not None and family not in cat.families:
        raise NotFoundError(f"no family {family!r}", hint="run 'otpath families' to list them")
    roles = cat.roles_in(family)
    if json_out:
        echo_json([r.model_dump(mode="json") for r in roles])
        return
    print_table(
        ["id", "title", "family", "eligible", "work", "patients", "pay"],
        [
            (
                r.id,
                r.title,
                r.family,
                "anyone" if r.open_to_all else ", ".join(r.eligible_credentials),
                r.work_arrangement,
                r.patient_interaction,
                _fmt_enum(r.pay_model),
            )
            for r in roles
        ],
    )


def _cite_text(cat, keys: list[str], unsourced: bool = False) -> str:  # type: ignore[no-untyped-def]
    if unsourced and not keys:
        return "[unsourced]"
    parts = []
    for k in keys:
        src = cat.sources.get(k)
        parts.append(f"[{k}]" if src is None else f"[{k}]")
    return " ".join(parts) + (" [unsourced]" if unsourced else "")


@command("role")
def role_cmd(
    role_id: str = typer.Argument(..., help="Role id, e.g. utilization_review."),
    json_out: bool = typer.Option(False, "--json", help="Print the catalog record as JSON."),
) -> None:
    """Show every fact about one role, with its sources."""
    from dataclasses import asdict

    from ..catalog import default_catalog
    from ..wages import credential_wage, role_wage
    from ._output import echo_json

    cat = default_catalog()
    role = cat.role(role_id)
    if json_out:
        data = role.model_dump(mode="json")
        data["source_details"] = {k: cat.sources[k].model_dump(mode="json") for k in role.sources}
        rw = role_wage(role.id)
        data["bls_comparison"] = None if rw is None else {
            **asdict(rw.wage), "link_sources": list(rw.sources), "note": rw.note,
        }
        echo_json(data)
        return
    out = sys.stdout.write

    def cite(field: str) -> str:
        c = role.cite.get(field)
        return "" if c is None else " " + _cite_text(cat, c.sources, c.unsourced)

    out(f"{role.title}  ({role.id}, family {role.family})\n\n{role.summary}{cite('summary')}\n\n")
    elig = "anyone, whatever their credential" if role.open_to_all else (", ".join(role.eligible_credentials) or "no source names a credential")
    out(f"Who is eligible: {elig}{cite('eligible_credentials')}\n")
    if role.likely_credentials:
        basis = role.cite["likely_credentials"].note
        out(f"Likely eligible (inferred): {', '.join(role.likely_credentials)}{cite('likely_credentials')}\n  Inferred from: {basis}\n")
    if role.excluded_credentials:
        out(f"Not eligible (a source excludes): {', '.join(role.excluded_credentials)}{cite('excluded_credentials')}\n")
    others = [c for c in ("OT", "COTA", "PT", "PTA", "SLP") if role.eligibility_of(c) == "unclear"]
    if others:
        out(f"Unclear (no source either way, check the postings): {', '.join(others)}\n")
    if role.eligibility_note:
        out(f"  {role.eligibility_note}\n")
    if role.supervision:
        out(f"Supervision: {role.supervision}{cite('supervision')}\n")
    rows = [
        ("Work arrangement", role.work_arrangement, "work_arrangement"),
        ("Patient interaction", role.patient_interaction, "patient_interaction"),
        ("Physical demand", role.physical_demand, "physical_demand"),
        ("Pay model", _fmt_enum(role.pay_model), "pay_model"),
        ("Schedule", _fmt_enum(role.schedule), "schedule"),
        ("Extra education", _fmt_enum(role.extra_education), "extra_education"),
    ]
    if role.degree_required:
        from ..catalog.models import DEGREE_NAMES

        rows.append(("Degree", f"{DEGREE_NAMES[role.degree_required]} typically needed", "degree_required"))
    if role.pay_range:
        rows.append(("Pay range", role.pay_range, "pay_range"))
    for label, value, field in rows:
        out(f"{label}: {value}{cite(field)}\n")
    exp = role.experience
    if exp.years_min or exp.settings:
        yrs = ""
        if exp.years_min:
            yrs = f"{exp.years_min:g}-{exp.years_max:g} years" if exp.years_max else f"{exp.years_min:g}+ years"
        sets = f" in {', '.join(exp.settings)}" if exp.settings else ""
        out(f"Experience preferred: {yrs}{sets} {_cite_text(cat, exp.sources, exp.unsourced)}\n")
    sections: list[tuple[str, Sequence[Any]]] = [
        ("Duties", role.duties),
        ("Preferred skills", role.preferred_skills),
        ("Certifications", role.certifications),
        ("Pros", role.pros),
        ("Cons", role.cons),
        ("Upward mobility", role.upward_mobility),
        ("Employers named by sources", role.employers),
        ("Notes", role.notes),
    ]
    for title, items in sections:
        if not items:
            continue
        out(f"\n{title}:\n")
        for it in items:
            text = str(getattr(it, "text", None) or getattr(it, "name", ""))
            if getattr(it, "required", None) is not None and hasattr(it, "name"):
                text += " (required)" if it.required else " (recommended)"
            out(f"  - {text} {_cite_text(cat, it.sources, it.unsourced)}\n")
    if role.title_synonyms:
        out(f"\nTitles postings use: {', '.join(role.title_synonyms)}\n")
    if role.search_terms:
        out(f"Search for: {', '.join(role.search_terms)}\n")
    rw = role_wage(role.id)
    out("\nPay comparison, BLS national annual medians, May 2025 [bls:oews-2025]:\n")
    if rw is not None:
        out(f"  {rw.wage.title}: ${rw.wage.annual_median:,} ({rw.note} [{', '.join(rw.sources)}])\n")
    else:
        out("  No BLS occupation is known to hold this role; no comparison is shown.\n")
    for code in role.eligible_credentials or ["OT", "COTA", "PT", "PTA", "SLP"]:
        w = credential_wage(code)
        if w is not None and w.annual_median:
            out(f"  {code} clinical baseline, {w.title}: ${w.annual_median:,}\n")
    keys = list(role.sources) + ["bls:oews-2025"] + [k for k in (rw.sources if rw else ()) if k not in role.sources]
    out("\nSources:\n")
    for k in keys:
        s = cat.sources[k]
        sec = f", section {s.section}" if s.section else ""
        out(f"  [{k}] {s.title}{sec} (grade {s.grade}) {s.url or ''}\n")


@command("list", group=profile_app)
def profile_list_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the profiles on this computer: the default one, then every named one."""
    import os

    from ..profile.named import list_profiles
    from ..settings import load_settings
    from ._output import echo_json, print_table

    refs = list_profiles(load_settings(os.environ).profile_path)
    if json_out:
        echo_json([{"name": r.name, "path": str(r.path), "saved": r.exists} for r in refs])
        return
    print_table(
        ["name", "answers saved", "file"],
        [(r.name, "yes" if r.exists else "no (take the quiz)", r.path) for r in refs],
    )


@command("remove", group=profile_app)
def profile_remove_cmd(
    name: str = typer.Argument(..., help="The named profile to delete (never the default one)."),
) -> None:
    """Delete a named profile's answers (its tracked applications stay in the store)."""
    import os

    from ..profile.named import remove_profile
    from ..settings import load_settings

    ref = remove_profile(name, default_path=load_settings(os.environ).profile_path)
    typer.echo(f"Removed profile {ref.name} ({ref.path})")


@profile_app.command("schema")
def profile_schema_cmd() -> None:
    """Print the profile file's JSON Schema."""
    from ..profile import profile_json_schema
    from ._output import echo_json

    echo_json(profile_json_schema())


@command("quiz")
def quiz_cmd(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the profile to this file instead (default: your default profile, which match, jobs, search, posting and report read; or the one --profile names; see 'otpath profile list')."),
    profile_name: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    credential: list[str] = typer.Option([], "--credential", "-c", help="Your credential (OT, COTA, PT, PTA, SLP or an alias such as OTR/L). Repeatable."),
    years: float | None = typer.Option(None, "--years", help="Years of clinical experience."),
    setting: list[str] = typer.Option([], "--setting", help="A setting you worked in (acute, irf, snf, home_health, outpatient, pediatrics, schools...). Repeatable."),
    skill: list[str] = typer.Option([], "--skill", help="A skill (ICD-10, InterQual, case management...). Repeatable."),
    certification: list[str] = typer.Option([], "--certification", help="A certification you hold (CEAS, CCM...). Repeatable."),
    remote: str | None = typer.Option(None, "--remote", help="required / preferred / no_preference / avoid"),
    patient_interaction: str | None = typer.Option(None, "--patient-interaction", help="none / low / medium / high"),
    physical_demand: str | None = typer.Option(None, "--physical-demand", help="none / low / medium / high"),
    pay_model: str | None = typer.Option(None, "--pay-model", help="salary / commission_ok / business"),
    schedule: str | None = typer.Option(None, "--schedule", help="nine_to_five / flexible"),
    extra_education: str | None = typer.Option(None, "--extra-education", help="none / certificate_ok / degree_ok"),
    entrepreneurship: bool | None = typer.Option(None, "--entrepreneurship/--no-entrepreneurship", help="Do you want to run your own business?"),
    must: list[str] = typer.Option([], "--must", help="Mark an answer as a must (a dealbreaker): remote, patient_interaction, physical_demand, pay_model, schedule, extra_education or entrepreneurship. Repeatable."),
    pay_floor: str | None = typer.Option(None, "--pay-floor", help="Your current or lowest acceptable pay (61500, £31,000 or 31k); roles and postings below it are flagged."),
    pay_per: str = typer.Option("year", "--pay-per", help="year or hour: what --pay-floor is per."),
    pay_currency: str | None = typer.Option(None, "--pay-currency", help="Currency of --pay-floor: USD, GBP, EUR, CAD, AUD, NZD (default: your country's)."),
    country: str | None = typer.Option(None, "--country", help="Where you work: US, GB, IE, CA, AU or NZ (or a name: USA, UK...; default US)."),
    nhs_band: str | None = typer.Option(None, "--nhs-band", help="Your NHS Agenda for Change band (1-9, 8a-8d), if you work in the NHS (with --country GB): adverts whose band (from the title, pay or text) is two or more above it are stretches."),
    degree: str | None = typer.Option(None, "--degree", help="Your highest degree (associate / bachelor / master / doctorate), if it is above the one your credential is entered with: roles whose sources name a degree (a master's for vocational rehabilitation counselling) judge it instead."),
    interactive: bool | None = typer.Option(None, "--interactive/--no-input", help="Ask for missing answers (default: only on a terminal)."),
    match: bool = typer.Option(False, "--match", help="Show your ranked roles afterwards."),
) -> None:
    """Answer the quiz (interactively, or with options) and save your profile, where the
    other commands read it (or write it to a file with -o)."""
    from ..errors import ProfileError
    from ..profile import write_profile
    from ..profile.quiz import answers_to_profile
    from ._app import resolve_profile_option

    if out is not None and profile_name is not None:
        raise ProfileError("give --out or --profile, not both", field="profile")
    # without -o, the profile the other commands read: --profile's, else the default one
    ref = resolve_profile_option(profile_name)
    ask = sys.stdin.isatty() if interactive is None else interactive
    if pay_per.strip().lower() not in ("year", "hour", "yearly", "hourly"):
        raise ProfileError(f"invalid --pay-per {pay_per!r}; use year or hour", field="preferences.pay_floor_interval")
    given = {
        "remote": remote,
        "patient_interaction": patient_interaction,
        "physical_demand": physical_demand,
        "pay_model": pay_model,
        "schedule": schedule,
        "extra_education": extra_education,
        "entrepreneurship": None if entrepreneurship is None else str(entrepreneurship).lower(),
        "musts": list(must) or None,
        "pay_floor": pay_floor,
        "pay_floor_currency": pay_currency,
    }
    answers: dict[str, Any] = {
        "credentials": list(credential),
        "years_experience": years or 0,
        "settings": list(setting),
        "skills": list(skill),
        "certifications": list(certification),
        # the profile reads "hour" as "hourly"
        "preferences": {"pay_floor_interval": pay_per, **{k: v for k, v in given.items() if v is not None}},
        "country": country,
        "nhs_band": nhs_band,
        "degree": degree,
    }
    if ask:
        from ._quiz import ask_missing

        ask_missing(answers, years_given=years is not None)
    if not answers["credentials"]:
        raise ProfileError("at least one credential is required (use --credential COTA)", field="credentials")
    profile = answers_to_profile(**answers)
    path = write_profile(profile, out if out is not None else ref.path)
    if out is None and ref.is_default:
        typer.echo(f"Wrote {path}: your default profile, which match, jobs, search, posting and report use")
    else:
        typer.echo(f"Wrote {path}")
    if match:
        _print_matches(profile, json_out=False, top=None, show_gaps=True)


def _evidence(db: Path | None):  # type: ignore[no-untyped-def]
    """What the stored postings accept, per role; None when there is no store yet."""
    from ..match import role_evidence
    from ..store import Store
    from ._app import checked_db

    path = checked_db(db)  # a --db that does not exist is an error, not "no evidence"
    if not path.exists():
        return None
    with Store.open(path) as store:
        return role_evidence(store)


def _print_matches(profile, *, json_out: bool, top: int | None, show_gaps: bool, db: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    from ..fit import rank
    from ._output import echo_json, eligibility_words, is_terminal, print_table

    ranking = rank(profile, evidence=_evidence(db))
    results = ranking.results[:top] if top else ranking.results
    if json_out:
        data = ranking.model_dump(mode="json")
        data["results"] = [r.model_dump(mode="json") for r in results]
        echo_json(data)
        return
    out = sys.stdout.write
    if ranking.market_note:
        out(f"Note: {ranking.market_note}\n\n")
    out("How much each of your wishes counts (your weights):\n")
    for w in ranking.weights:
        out(f"  {w.label:<26} {w.weight * 100:4.1f}%  {w.why}\n")
    if ranking.musts:
        out(f"Your musts: {'; '.join(ranking.musts)}. A role that breaks one is listed after every role that keeps them.\n")
    for cp in ranking.credential_pay:
        out(f"Clinical pay for {cp.credential}: {cp.occupation}, US median (BLS) ${cp.annual_median:,} a year (May 2025) [{cp.source}]\n")
    if ranking.pay_floor:
        out(f"Your pay floor: {ranking.pay_floor}\n")
    out("\n")
    rows = []
    for i, r in enumerate(results, 1):
        musts = "breaks: " + "; ".join(m.label for m in r.musts_broken) if r.musts_broken else "kept"
        pay = "below your pay" if r.pay and r.pay.below_floor else ""
        why = r.eligibility_reason if r.eligibility == "not_eligible" or r.degree_needed else r.reasons[0]
        rows.append((i, r.title, r.score, eligibility_words(r.eligibility, r.degree_needed), musts if ranking.musts else "",
                     r.postings.text if r.postings else "", pay, why))  # fmt: skip
    print_table(
        ["#", "role", "score", "eligibility", "musts", "stored postings", "pay", "first reason, or why not eligible"],
        rows,
        title="Roles ranked for your profile",
    )
    if not show_gaps:
        return
    for r in results:
        if r.eligibility == "not_eligible":
            continue
        out(f"\n{r.title} ({r.role}): {r.score}/100. {eligibility_words(r.eligibility, r.degree_needed).capitalize()}: {r.eligibility_reason}\n")
        if r.eligibility_basis:
            out(f"  Basis: {r.eligibility_basis}\n")
        for m in r.musts_broken:
            out(f"  Breaks your must \u201c{m.label}\u201d: {m.reason}\n")
        for f in r.factors:
            if f.weight:
                out(f"  {f.label:<26} {f.points:5.1f} of {f.weight * 100:4.1f}  {f.reason}\n")
        if r.pay and (r.pay.range_text or r.pay.bls_median):
            if r.pay.range_text:
                out(f"  Pay (sourced): {r.pay.range_text} [{', '.join(r.pay.sources)}]\n")
            if r.pay.bls_median:
                out(f"  US median (BLS) for {r.pay.bls_title}: ${r.pay.bls_median:,} a year (May 2025) [{', '.join(r.pay.bls_sources)}]\n")
            if r.pay.note:
                out(f"  {r.pay.note}\n")
        if r.gaps:
            out("  Gap plan:\n")
            for g in r.gaps:
                out(f"    {g.order}. [{g.priority}] {g.text}\n")
                if g.how:
                    out(f"       How: {g.how}\n")
                if g.time:
                    out(f"       Time: {g.time}\n")
                if g.cost:
                    out(f"       Cost: {g.cost}\n")
                if g.sources:
                    out("       Sources: " + "; ".join(f"[{s.key}] {s.url or s.title}" for s in g.sources) + "\n")
        if is_terminal():
            break  # on a terminal, detail only the best role; --json has all of them


@command("match")
def match_cmd(
    profile_path: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print JSON: your weights, musts and clinical pay, and per role its eligibility, score, factors, reasons, musts broken, pay and gap plan."),
    top: int | None = typer.Option(None, "--top", help="Only the N best roles."),
    details: bool = typer.Option(True, "--details/--no-details", help="Show factors, pay and the gap plan for the roles you can go for."),
    db: Path | None = setting_option("db_path"),
) -> None:
    """Rank every role for a profile: weights, musts, eligibility, score with its factors, pay and a gap plan.

    The store's postings count as evidence ("N of M stored postings for this role accept
    COTA") when it exists; otpath match never creates one (a --db that does not exist
    is an error).
    """
    _print_matches(load_profile_option(profile_path), json_out=json_out, top=top, show_gaps=details, db=db)
