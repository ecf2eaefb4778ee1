"""``otpath quiz`` on a terminal: each answer is checked as it is typed.

The answers are the keyword arguments of :func:`otpath.profile.quiz.answers_to_profile`;
``otpath quiz`` fills them from its options and :func:`ask_missing` asks for the rest.
After each reply the answers so far are made into a profile, so the profile's own checks
(credentials, settings, countries, bands, currencies, pay) judge it there and then: a
reply they refuse is asked again with their reason, and no earlier answer is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from ..errors import ProfileError
from ..money import COUNTRY_CURRENCY, CURRENCY_SYMBOLS, country_label, currency_label, format_money
from ..profile.quiz import (
    PREFERENCE_QUESTIONS,
    Question,
    answers_to_profile,
    split_interval,
    typed_amount,
)

__all__ = ["ask_missing"]

Answers = dict[str, Any]
#: How a question reads a reply: the answers with it in (a ProfileError when it is none).
Reader = Callable[[Answers, str], Answers]


def _ask(prompt: str, answers: Answers, read: Reader, *, about: tuple[str, ...], default: str = "") -> None:
    """Ask until ``read`` makes the reply into answers the profile takes, then keep them.

    ``about`` names the fields this question answers: an error about another field is
    an option's fault, not the reply's, and ends the quiz as it would without questions.
    """
    while True:
        reply = typer.prompt(prompt, default=default, show_default=bool(default))
        try:
            trial = read(answers, reply)
            answers_to_profile(**trial)
        except ProfileError as exc:
            if exc.field not in about:
                raise
            typer.echo(f"  {exc.reason.rstrip('.')}. Please answer again.")
            continue
        answers.update(trial)
        return


def _items(reply: str) -> list[str]:
    return [item.strip() for item in reply.split(",") if item.strip()]


def _with_prefs(answers: Answers, **prefs: Any) -> Answers:
    return {**answers, "preferences": {**answers["preferences"], **prefs}}


def _credentials(answers: Answers, reply: str) -> Answers:
    if not _items(reply):
        raise ProfileError("give at least one credential, such as OT, COTA, PT, PTA or SLP", field="credentials")
    return {**answers, "credentials": _items(reply)}


def _years(answers: Answers, reply: str) -> Answers:
    try:
        return {**answers, "years_experience": float(reply)}
    except ValueError:
        raise ProfileError("enter a number of years, such as 3 or 4.5", field="years_experience") from None


def _choice(q: Question) -> Reader:
    def read(answers: Answers, reply: str) -> Answers:
        n = len(q.choices)
        if not reply.strip().isdigit() or not 1 <= int(reply) <= n:
            raise ProfileError(f"choose a number from 1 to {n}", field=f"preferences.{q.key}")
        return _with_prefs(answers, **{q.key: q.choices[int(reply) - 1].value})

    return read


def _musts(answers: Answers, reply: str) -> Answers:
    numbers = _items(reply.replace(" ", ","))
    n = len(PREFERENCE_QUESTIONS)
    if not all(x.isdigit() and 1 <= int(x) <= n for x in numbers):
        raise ProfileError(f"give numbers from 1 to {n}, such as 1, 2 (or none)", field="preferences.musts")
    return _with_prefs(answers, musts=[PREFERENCE_QUESTIONS[int(x) - 1].key for x in numbers])


def _pay(answers: Answers, reply: str) -> Answers:
    amount, per = split_interval(reply)
    if not amount:
        return answers
    return _with_prefs(answers, pay_floor=amount, pay_floor_interval=per or answers["preferences"]["pay_floor_interval"])


def _country(answers: Answers) -> str:
    """The country answered (checked already), else the profile's default."""
    return answers_to_profile(**answers).country


def _ask_pay(answers: Answers) -> None:
    """The pay floor, then its currency when neither an option nor a symbol said it."""
    prefs = answers["preferences"]
    chosen = prefs.get("pay_floor_currency")
    currency = chosen or COUNTRY_CURRENCY[_country(answers)]
    if "pay_floor" not in prefs:
        per = "an hour" if str(prefs["pay_floor_interval"]).strip().lower() in ("hour", "hourly") else "a year"
        _ask(
            f"Your current or lowest acceptable pay {per}, in {currency_label(currency)}: such as"
            f" {format_money(45000, currency)} or 45k, or {format_money(25, currency)} an hour"
            " (Enter to skip)",
            answers, _pay, about=("pay_floor", "preferences.pay_floor"),
        )  # fmt: skip
        prefs = answers["preferences"]
    if "pay_floor" not in prefs:
        return
    typed = str(prefs["pay_floor"])
    amount, symbol = typed_amount(typed)
    dollar = "$" in typed  # "$" alone: the country's dollar, else most likely the US one
    if chosen is None and symbol is None and not (dollar and "$" in CURRENCY_SYMBOLS[currency]):
        default = "USD" if dollar else currency
        _ask(
            f"Currency of that pay: {', '.join(CURRENCY_SYMBOLS)}",
            answers, lambda a, reply: _with_prefs(a, pay_floor_currency=reply),
            about=("preferences.pay_floor_currency",), default=default,
        )  # fmt: skip
    profile = answers_to_profile(**answers)
    per = "an hour" if profile.preferences.pay_floor_interval == "hourly" else "a year"
    typer.echo(f"  Your pay floor: {format_money(amount, profile.currency)} {per}.")


def ask_missing(answers: Answers, *, years_given: bool) -> None:
    """Ask for every answer ``answers`` lacks, in the quiz's order, checking each."""
    if not answers["credentials"]:
        _ask(
            "Your credential(s), comma separated: OT, COTA, PT, PTA or SLP, or as you write it"
            " (OTR/L, COTA/L, DPT, CCC-SLP)",
            answers, _credentials, about=("credentials",),
        )  # fmt: skip
    if not years_given:
        _ask("Years of clinical experience", answers, _years, about=("years_experience",), default="0")
    if answers["degree"] is None:
        # a PT asking "does my DPT count?": roles whose sources name a degree judge it
        _ask(
            "Your highest degree: associate, bachelor, master or doctorate (Enter to go by your credential)",
            answers, lambda a, reply: {**a, "degree": reply.strip().lower() or None}, about=("degree",),
        )  # fmt: skip
    if not answers["settings"]:
        _ask(
            "Settings you worked in, comma separated (e.g. snf, home_health, outpatient, schools)",
            answers, lambda a, reply: {**a, "settings": _items(reply)}, about=("settings",),
        )  # fmt: skip
    if not answers["skills"]:
        _ask(
            "Skills, comma separated (e.g. ICD-10, case management)",
            answers, lambda a, reply: {**a, "skills": _items(reply)}, about=("skills",),
        )  # fmt: skip
    for q in PREFERENCE_QUESTIONS:
        if q.key in answers["preferences"]:
            continue
        typer.echo(q.prompt)
        for i, ch in enumerate(q.choices, 1):
            typer.echo(f"  {i}. {ch.label}")
        default = next(i for i, ch in enumerate(q.choices, 1) if ch.value == q.default)
        _ask(f"Choose 1-{len(q.choices)}", answers, _choice(q), about=(f"preferences.{q.key}",), default=str(default))
    if "musts" not in answers["preferences"]:
        typer.echo("Which of these answers are musts (dealbreakers)?")
        for i, q in enumerate(PREFERENCE_QUESTIONS, 1):
            typer.echo(f"  {i}. {q.prompt}")
        _ask("Numbers, comma separated (Enter for none)", answers, _musts, about=("preferences.musts",))
    if answers["country"] is None:
        typer.echo("Where do you work? " + ", ".join(country_label(c) for c in COUNTRY_CURRENCY))
        _ask(
            "Your country (its name or code)",
            answers, lambda a, reply: {**a, "country": reply}, about=("country",), default="US",
        )  # fmt: skip
    if answers["nhs_band"] is None and _country(answers) == "GB":
        _ask(
            "Your NHS band, e.g. 6 or 8a (Enter if you are not in the NHS)",
            answers, lambda a, reply: {**a, "nhs_band": reply.strip() or None}, about=("nhs_band",),
        )  # fmt: skip
    _ask_pay(answers)
