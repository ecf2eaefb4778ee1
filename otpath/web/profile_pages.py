"""Several people on one install: the profile picker.

=========================  ==================================================
``/profiles``              every profile (default first), which one this browser
                           uses, and how many applications each tracks
``POST /profiles/use``     work with another profile (a cookie holds its name)
``POST /profiles/new``     start a new person: a new name, and a blank quiz
``POST /profiles/remove``  delete a named profile's answers
=========================  ==================================================

The choice is per browser: the ``otpath_profile`` cookie holds a profile *name*,
checked against the name rule on every request (see
:func:`~otpath.web._templating.active_profile`), so it can only point into the
profiles folder. Every POST goes through ``checked_form`` (CSRF).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ..errors import NotFoundError, ProfileError
from ..profile.named import DEFAULT_PROFILE, list_profiles, named_profile, remove_profile
from ._templating import PROFILE_COOKIE, active_profile, checked_form, render, web_config
from ._views import open_store

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _choose(response: Response, name: str) -> Response:
    if name == DEFAULT_PROFILE:
        response.delete_cookie(PROFILE_COOKIE, path="/")
    else:
        response.set_cookie(PROFILE_COOKIE, name, httponly=True, samesite="strict", path="/")
    return response


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    cfg = web_config(request)
    with open_store(request) as store:
        tracked = store.application_profiles()
    refs = list_profiles(cfg.profile_path)
    known = {r.name for r in refs}
    # Also the profile in use and those tracking applications, though no answers are saved.
    for name in sorted({active_profile(request).name, *tracked} - known):
        try:
            refs.append(named_profile(name, default_path=cfg.profile_path))
        except ProfileError:
            continue
    return {
        "nav": "profiles",
        "profiles": refs,
        "tracked": tracked,
        "error": None,
        "new_name": "",
        **extra,
    }


@router.get("/profiles")
def profiles(request: Request) -> Response:
    return render(request, "profiles.html", _context(request))


@router.post("/profiles/use")
async def profiles_use(request: Request) -> Response:
    form = await checked_form(request)
    cfg = web_config(request)
    try:
        ref = named_profile(str(form.get("name") or ""), default_path=cfg.profile_path)
    except ProfileError as exc:
        return render(request, "profiles.html", _context(request, error=str(exc)), status_code=422)
    if not ref.is_default and not ref.exists:
        raise NotFoundError(f"no profile named {ref.name!r}", hint="start it as a new person")
    target = "/results" if ref.exists else "/quiz"
    return _choose(RedirectResponse(target, status_code=303), ref.name)


@router.post("/profiles/new")
async def profiles_new(request: Request) -> Response:
    form = await checked_form(request)
    cfg = web_config(request)
    text = str(form.get("name") or "")
    try:
        ref = named_profile(text, default_path=cfg.profile_path)
        if ref.is_default or ref.exists:
            raise ProfileError(
                f"a profile named {ref.name!r} already exists; choose it in the list, or pick"
                " another name",
                field="name",
            )
    except ProfileError as exc:
        ctx = _context(request, error=str(exc), new_name=text)
        return render(request, "profiles.html", ctx, status_code=422)
    # Nothing is written until the quiz is saved: the new person starts with a blank quiz.
    return _choose(RedirectResponse("/quiz", status_code=303), ref.name)


@router.post("/profiles/remove")
async def profiles_remove(request: Request) -> Response:
    form = await checked_form(request)
    cfg = web_config(request)
    name = str(form.get("name") or "")
    try:
        ref = await run_in_threadpool(
            lambda: remove_profile(name, default_path=cfg.profile_path)
        )
    except ProfileError as exc:
        return render(request, "profiles.html", _context(request, error=str(exc)), status_code=422)
    response = RedirectResponse("/profiles", status_code=303)
    if active_profile(request).name == ref.name:
        _choose(response, DEFAULT_PROFILE)
    return response
