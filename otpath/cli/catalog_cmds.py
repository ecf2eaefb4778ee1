"""Catalog, profile, quiz and match commands."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from ._app import PROFILE_OPTION_HELP, app, command, load_profile_option

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
    elig = "anyone, whatever their credential" if role.open_to_all else ", ".join(role.eligible_credentials)
    out(f"Who is eligible: {elig}{cite('eligible_credentials')}\n")
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
    out: Path | None = typer.Option(None, "--out", "-o", help="Where to write the profile (default: profile.toml here, unless --profile is given)."),
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
    interactive: bool | None = typer.Option(None, "--interactive/--no-input", help="Ask for missing answers (default: only on a terminal)."),
    match: bool = typer.Option(False, "--match", help="Show your ranked roles afterwards."),
) -> None:
    """Answer the quiz (interactively, or with options) and write a profile file."""
    from ..profile import write_profile
    from ..profile.quiz import PREFERENCE_QUESTIONS, answers_to_profile

    ask = sys.stdin.isatty() if interactive is None else interactive
    given = {
        "remote": remote,
        "patient_interaction": patient_interaction,
        "physical_demand": physical_demand,
        "pay_model": pay_model,
        "schedule": schedule,
        "extra_education": extra_education,
        "entrepreneurship": None if entrepreneurship is None else str(entrepreneurship).lower(),
    }
    creds = list(credential)
    if not creds and ask:
        creds = [c.strip() for c in typer.prompt("Your credential(s), comma separated (e.g. OTR/L, COTA)").split(",") if c.strip()]
    if years is None and ask:
        years = typer.prompt("Years of clinical experience", default=0.0, type=float)
    settings = list(setting)
    if not settings and ask:
        raw = typer.prompt("Settings you worked in, comma separated (e.g. snf, home_health)", default="", show_default=False)
        settings = [s.strip() for s in raw.split(",") if s.strip()]
    skills = list(skill)
    if not skills and ask:
        raw = typer.prompt("Skills, comma separated (e.g. ICD-10, case management)", default="", show_default=False)
        skills = [s.strip() for s in raw.split(",") if s.strip()]
    prefs: dict[str, str] = {}
    for q in PREFERENCE_QUESTIONS:
        value = given[q.key]
        if value is None and ask:
            typer.echo(q.prompt)
            for i, ch in enumerate(q.choices, 1):
                typer.echo(f"  {i}. {ch.label}")
            default_index = next(i for i, ch in enumerate(q.choices, 1) if ch.value == q.default)
            pick = 0
            while not 1 <= pick <= len(q.choices):
                pick = typer.prompt(f"Choose 1-{len(q.choices)}", default=default_index, type=int)
            value = q.choices[pick - 1].value
        if value is not None:
            prefs[q.key] = value
    if not creds:
        from ..errors import ProfileError

        raise ProfileError("at least one credential is required (use --credential COTA)", field="credentials")
    profile = answers_to_profile(
        credentials=creds,
        years_experience=years or 0,
        settings=settings,
        skills=skills,
        certifications=list(certification),
        preferences=prefs,
    )
    if out is not None and profile_name is not None:
        from ..errors import ProfileError

        raise ProfileError("give --out or --profile, not both", field="profile")
    if profile_name is not None:
        from ._app import resolve_profile_option

        target = resolve_profile_option(profile_name).path
    else:
        target = out if out is not None else Path("profile.toml")
    path = write_profile(profile, target)
    typer.echo(f"Wrote {path}")
    if match:
        _print_matches(profile, json_out=False, top=None, show_gaps=True)


def _print_matches(profile, *, json_out: bool, top: int | None, show_gaps: bool) -> None:  # type: ignore[no-untyped-def]
    from ..fit import rank_roles
    from ._output import echo_json, is_terminal, print_table

    results = rank_roles(profile)
    if top:
        results = results[:top]
    if json_out:
        echo_json([r.model_dump(mode="json") for r in results])
        return
    rows = []
    for i, r in enumerate(results, 1):
        rows.append((i, r.title, r.score, "eligible" if r.eligible else "NOT ELIGIBLE", r.reasons[0] if r.eligible else r.eligibility_reason))
    print_table(["#", "role", "score", "eligibility", "weakest point, or why not eligible"], rows, title="Roles ranked for your profile")
    if not show_gaps:
        return
    out = sys.stdout.write
    for r in results:
        if not r.eligible:
            continue
        out(f"\n{r.title} ({r.role}): {r.score}/100. {r.eligibility_reason}\n")
        for f in r.factors:
            out(f"  {f.label:<26} {f.points:5.1f} of {f.weight * 100:4.1f}  {f.reason}\n")
        if r.gaps:
            out("  Gap plan:\n")
            for g in r.gaps:
                out(f"    {g.order}. [{g.priority}] {g.text}\n")
        if is_terminal():
            break  # on a terminal, detail only the best role; --json has all of them


@command("match")
def match_cmd(
    profile_path: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print JSON: role, eligible, score, factors, reasons, gaps per role."),
    top: int | None = typer.Option(None, "--top", help="Only the N best roles."),
    details: bool = typer.Option(True, "--details/--no-details", help="Show factors and the gap plan for eligible roles."),
) -> None:
    """Rank every role for a profile: eligibility, score with its factors, reasons and a gap plan."""
    _print_matches(load_profile_option(profile_path), json_out=json_out, top=top, show_gaps=details)
