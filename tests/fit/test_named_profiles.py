"""Named profiles: names, where their files live, what --profile means."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otpath.errors import NotFoundError, ProfileError
from otpath.profile.named import (
    list_profiles,
    named_profile,
    profile_name,
    remove_profile,
    resolve_profile,
)

DEFAULT = Path("/home/me/.config/otpath/profile.toml")


@pytest.mark.parametrize(
    ("text", "name"),
    [("ana", "ana"), (" Ana Lopez ", "ana-lopez"), ("ben_s", "ben_s"), ("Default", "default"), ("x" * 40, "x" * 40)],
)
def test_names(text: str, name: str) -> None:
    assert profile_name(text) == name


@pytest.mark.parametrize("text", ["", "  ", "../x", "a/b", "ana!", ".hidden", "-x", "x" * 41, "é"])
def test_bad_names(text: str) -> None:
    with pytest.raises(ProfileError, match="is not a profile name"):
        profile_name(text)


@given(st.text(max_size=60))
def test_a_name_never_leaves_the_profiles_folder(text: str) -> None:
    try:
        ref = named_profile(text, default_path=DEFAULT)
    except ProfileError:
        return
    assert ref.path == DEFAULT or ref.path.parent == DEFAULT.parent / "profiles"


@pytest.mark.parametrize(
    ("value", "name", "path"),
    [
        (None, "default", DEFAULT),
        ("", "default", DEFAULT),
        ("default", "default", DEFAULT),
        ("ana", "ana", DEFAULT.parent / "profiles" / "ana.toml"),
        ("me.toml", "me", Path("me.toml")),
        ("./clients/Ben.toml", "ben", Path("clients/Ben.toml")),
        (str(DEFAULT), "default", DEFAULT),
    ],
)
def test_what_profile_means(value, name, path) -> None:  # type: ignore[no-untyped-def]
    ref = resolve_profile(value, default_path=DEFAULT)
    assert (ref.name, ref.path) == (name, path)


def test_list_and_remove(tmp_path: Path) -> None:
    default = tmp_path / "profile.toml"
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name in ("zoe", "ana", "Bad Name", "default"):
        (folder / f"{name}.toml").write_text("credentials = ['OT']\n")
    assert [(r.name, r.exists) for r in list_profiles(default)] == [
        ("default", False), ("ana", True), ("zoe", True),
    ]  # fmt: skip
    remove_profile("ana", default_path=default)
    assert [r.name for r in list_profiles(default)] == ["default", "zoe"]
    with pytest.raises(NotFoundError, match="no profile named 'ana'"):
        remove_profile("ana", default_path=default)
    with pytest.raises(ProfileError, match="the default profile cannot be removed"):
        remove_profile("default", default_path=default)
