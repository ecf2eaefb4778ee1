"""``otpath insights`` and ``otpath compare``: what stored postings say, and roles side by side."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import (
    DB_OPTION_HELP,
    PROFILE_OPTION_HELP,
    command,
    load_profile_option,
    no_store_yet,
    open_store_to_read,
    resolve_profile_option,
)


def _pct(share: float) -> str:
    return f"{round(100 * share)}%"


@command("insights")
def insights_cmd(
    role: str | None = typer.Option(None, "--role", help="A role id: what its stored postings say."),
    family: str | None = typer.Option(None, "--family", help="A family id: the same for a family."),
    include_sample: bool = typer.Option(False, "--include-sample", help="Count the sample postings (made up) too."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Market evidence from stored postings: counts per role, or one role's or family's figures."""
    from ..charts import money
    from ..errors import OtpathError
    from ..insights import market_insights, market_overview
    from ._output import echo_json, print_table

    if role and family:
        raise OtpathError("give --role or --family, not both")
    with open_store_to_read(db) as store:
        if store.path is None:
            typer.echo(no_store_yet(db), err=True)
        if not role and not family:
            rows = market_overview(store, include_sample=include_sample)
            if json_out:
                echo_json([r.model_dump(mode="json") for r in rows])
                return
            print_table(
                ["family", "role", "postings", "remote", "hybrid", "onsite"],
                [(r.family, r.role or "-", r.postings, r.remote, r.hybrid, r.onsite) for r in rows],
            )
            if not rows:
                typer.echo("No non-clinical postings stored" + ("" if include_sample else " (sample postings left out: --include-sample)"), err=True)
            return
        m = market_insights(store, role=role, family=family, include_sample=include_sample)
    if json_out:
        echo_json(m.model_dump(mode="json"))
        return
    out = typer.echo
    out(f"{m.title} ({m.scope} {m.id}): {m.postings} stored posting{'s' if m.postings != 1 else ''}"
        + (f", the newest of {m.total}" if m.capped else "")
        + (f"; {m.sample_left_out} sample postings left out" if m.sample_left_out else "")
        + ("; INCLUDES SAMPLE DATA (made up)" if m.include_sample else ""))
    if not m.postings:
        return
    for c in m.claims:
        out(f"\nThe article says ({c.field.replace('_', ' ')}: {c.claim}): \"{c.quote}\" [{', '.join(c.sources)}]")
        out(f"  Stored postings: {c.evidence}")
    out("\nWhere the work happens: " + ", ".join(f"{s.label.lower()} {s.count} ({_pct(s.share)})" for s in m.remote))
    out("Credentials accepted: " + ", ".join(f"{s.label} {s.count} ({_pct(s.share)})" for s in m.credentials))
    for p in m.pay:
        out(f"Pay in {p.currency} ({p.count} postings, annual): median {money(p.median, p.currency)},"
            f" middle half {money(p.p25, p.currency)}-{money(p.p75, p.currency)},"
            f" range {money(p.low, p.currency)}-{money(p.high, p.currency)}")
    if not m.pay:
        out("Pay: no posting states it")
    if m.skills:
        out("Skills asked most: " + ", ".join(f"{s.label} {s.count}" for s in m.skills))
    if m.certifications:
        out("Certifications asked most: " + ", ".join(f"{s.label} {s.count}" for s in m.certifications))
    if m.over_time:
        out(f"Postings per {m.granularity}: " + ", ".join(f"{p.start.isoformat()} {p.count}" for p in m.over_time)
            + (f" ({m.undated} undated)" if m.undated else ""))


@command("compare")
def compare_cmd(
    roles: list[str] = typer.Argument(..., help="2 to 4 role ids (see 'otpath roles')."),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_OPTION_HELP),
    include_sample: bool = typer.Option(False, "--include-sample", help="Count the sample postings (made up) too."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Path | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Compare 2 to 4 roles side by side: facts, your fit, pay and stored postings."""
    from ..charts import money
    from ..compare import compare_roles
    from ._output import echo_json, eligibility_words, print_table

    ref = resolve_profile_option(profile)
    # The default profile is optional here (no fit column without it); a named one is not.
    prof = load_profile_option(profile) if (profile is not None or ref.exists) else None
    with open_store_to_read(db) as store:
        if store.path is None:
            typer.echo(no_store_yet(db), err=True)
        c = compare_roles(store, roles, profile=prof, include_sample=include_sample)
    if json_out:
        echo_json(c.model_dump(mode="json"))
        return

    def each(fn) -> list[str]:  # type: ignore[no-untyped-def]
        return [fn(r) for r in c.roles]

    def years(r) -> str:  # type: ignore[no-untyped-def]
        if not r.years_min:
            return "not stated"
        return f"{r.years_min:g}-{r.years_max:g}" if r.years_max else f"{r.years_min:g}+"

    rows = [
        ("who can apply", *each(lambda r: "any" if r.open_to_all else ", ".join(r.eligible_credentials))),
        ("remote", *each(lambda r: r.work_arrangement)),
        ("patient contact", *each(lambda r: r.patient_interaction)),
        ("physical demand", *each(lambda r: r.physical_demand)),
        ("pay model", *each(lambda r: r.pay_model.replace("_", " "))),
        ("schedule", *each(lambda r: r.schedule.replace("_", " "))),
        ("extra education", *each(lambda r: r.extra_education.replace("_", " "))),
        ("experience (years)", *each(years)),
        ("US median (BLS, USD)", *each(lambda r: money(r.bls.annual_median) if r.bls and r.bls.annual_median else "-")),
        ("stored pay median" + (" (postings open to you)" if c.profile_used else ""), *each(lambda r: "; ".join(f"{money(p.median, p.currency)} ({p.count})" for p in r.market.pay) or "-")),
        ("stored postings", *each(lambda r: str(r.market.postings))),
    ]
    if c.profile_used:
        # match's words: a role no source opens to your credential is "unclear", not "eligible"
        rows.insert(0, ("your fit", *each(lambda r: f"{r.fit.score}/100 {eligibility_words(r.fit.eligibility, r.fit.degree_needed)}")))
        if prof is not None and prof.preferences.musts:
            rows.insert(1, ("your musts", *each(
                lambda r: "breaks: " + "; ".join(m.label for m in r.fit.musts_broken) if r.fit.musts_broken else "kept"
            )))  # fmt: skip
    print_table(["", *each(lambda r: r.title)], rows)
