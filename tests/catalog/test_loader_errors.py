"""The loader refuses a broken catalog with one CatalogError naming the file and the field.

Each case copies the shipped data folder to a temp dir, breaks one thing, and checks the
message, e.g. ``roles/recruiter.toml: pay_model: Input should be ...``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from otpath.catalog import DATA_DIR, load_catalog
from otpath.errors import CatalogError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA_DIR, dest)
    return dest


def edit(path: Path, old: str, new: str, *, regex: bool = False) -> None:
    """Replace text in a data file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    if regex:
        changed, n = re.subn(old, new, text, count=1, flags=re.S | re.M)
    else:
        n = text.count(old)
        changed = text.replace(old, new, 1)
    assert n, f"{old!r} not found in {path.name}; update this test"
    path.write_text(changed, encoding="utf-8")


def role(data: Path, role_id: str) -> Path:
    return data / "roles" / f"{role_id}.toml"


def bad_enum(d: Path) -> None:
    edit(
        role(d, "recruiter"),
        'pay_model = "salary_plus_commission"',
        'pay_model = "commission_only"',
    )


def missing_cite(d: Path) -> None:
    edit(role(d, "recruiter"), r"^\[cite\.pay_model\]\n.*?\n\n", "", regex=True)


def unknown_source(d: Path) -> None:
    edit(
        role(d, "recruiter"),
        'sources = ["seed:recruiter", "S24"]',
        'sources = ["seed:recruiter", "S9999"]',
    )


def unknown_credential(d: Path) -> None:
    edit(
        role(d, "kids_gym_owner"),
        'eligible_credentials = ["OT", "COTA"]',
        'eligible_credentials = ["OTR/L", "COTA"]',
    )


def invalid_toml(d: Path) -> None:
    with role(d, "recruiter").open("a", encoding="utf-8") as fh:
        fh.write("\nthis is = not = toml\n")


def id_mismatch(d: Path) -> None:
    role(d, "recruiter").rename(role(d, "recruiter_copy"))


def unknown_family(d: Path) -> None:
    edit(role(d, "recruiter"), 'family = "recruiting"', 'family = "astronautics"')


def item_without_source(d: Path) -> None:
    edit(
        role(d, "recruiter"),
        'text = "Find full-time jobs for candidates"\nsources = ["seed:recruiter"]',
        'text = "Find full-time jobs for candidates"\nsources = []',
    )


def cite_unknown_field(d: Path) -> None:
    with role(d, "recruiter").open("a", encoding="utf-8") as fh:
        fh.write('\n[cite.title_synonyms]\nsources = ["seed:recruiter"]\n')


def unknown_key(d: Path) -> None:
    edit(role(d, "recruiter"), "seed = true", "seed = true\nsalary = 100000")


def unknown_source_key(d: Path) -> None:
    edit(d / "sources.toml", "[sources.S24]\n", '[sources.S24]\nrating = "A"\n')


def bad_source_grade(d: Path) -> None:
    edit(
        d / "sources.toml",
        r'(^\[sources\.S24\]\n(?:[^\[\n][^\n]*\n)*?)grade = "[ABC]"',
        r'\1grade = "D"',
        regex=True,
    )


def missing_sources_file(d: Path) -> None:
    (d / "sources.toml").unlink()


def missing_version(d: Path) -> None:
    edit(d / "catalog.toml", r'^version = ".*?"\n', "", regex=True)


def bad_id_shape(d: Path) -> None:
    edit(role(d, "recruiter"), 'id = "recruiter"', 'id = "Recruiter"')


def likely_without_basis(d: Path) -> None:
    edit(role(d, "ux_researcher"), r"^\[cite\.likely_credentials\]\n(.*?)^note = .*?\n", r"[cite.likely_credentials]\n\1", regex=True)


def exclusion_without_source(d: Path) -> None:
    edit(role(d, "rehab_manager"), 'sources = ["S116", "S117"]\nnote = "Both postings', 'sources = []\nunsourced = true\nnote = "Both postings')


def credential_in_two_states(d: Path) -> None:
    edit(role(d, "ux_researcher"), 'likely_credentials = ["COTA"', 'likely_credentials = ["OT", "COTA"')


def unknown_item_setting(d: Path) -> None:
    edit(role(d, "utilization_review"), 'settings = ["managed_care"]', 'settings = ["moon_base"]')


def entry_degree_of_a_nurse(d: Path) -> None:
    edit(d / "catalog.toml", "[entry_degrees.PTA]", "[entry_degrees.RN]")


def entry_degree_unknown_source(d: Path) -> None:
    edit(d / "catalog.toml", 'degree = "associate"\nsources = ["S55"]', 'degree = "associate"\nsources = ["S9999"]')


def entry_degree_bad_level(d: Path) -> None:
    edit(d / "catalog.toml", 'degree = "associate"\nsources = ["S55"]', 'degree = "diploma"\nsources = ["S55"]')


def degree_required_without_cite(d: Path) -> None:
    edit(role(d, "vocational_rehab_counselor"), r"^\[cite\.degree_required\]\n.*?\n\n", "", regex=True)


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("entry degree of a credential users do not hold", entry_degree_of_a_nurse,
     "catalog.toml: entry_degrees.RN", "not a credential otpath's users hold"),
    ("entry degree citing an unknown source", entry_degree_unknown_source,
     "catalog.toml: entry_degrees.PTA.sources", "S9999"),
    ("entry degree of an unknown level", entry_degree_bad_level,
     "catalog.toml: entry_degrees.PTA.degree", "'associate'"),
    ("a required degree without its citation", degree_required_without_cite,
     "roles/vocational_rehab_counselor.toml: cite.degree_required", "needs a [cite] entry"),
    ("likely without a basis", likely_without_basis,
     "roles/ux_researcher.toml: cite.likely_credentials.note", "what it is inferred from"),
    ("exclusion without a source", exclusion_without_source,
     "roles/rehab_manager.toml: cite.excluded_credentials.sources", "a source that excludes"),
    ("a credential in two states", credential_in_two_states,
     "roles/ux_researcher.toml", "OT is in both eligible_credentials and likely_credentials"),
    ("unknown setting on a skill item", unknown_item_setting,
     "roles/utilization_review.toml: preferred_skills.2.settings", "moon_base"),
    # (name, how to break it, file:field prefix the message must start with, words it must contain)
    ("bad enum value", bad_enum, "roles/recruiter.toml: pay_model", "salary_plus_commission"),
    ("missing cite", missing_cite, "roles/recruiter.toml: cite.pay_model", "needs a [cite] entry"),
    ("unknown source key", unknown_source, "roles/recruiter.toml: sources", "S9999"),
    (
        "unknown credential code",
        unknown_credential,
        "roles/kids_gym_owner.toml: eligible_credentials",
        "'OTR/L'",
    ),
    ("invalid TOML", invalid_toml, "roles/recruiter.toml", "not valid TOML"),
    (
        "file name is not the id",
        id_mismatch,
        "roles/recruiter_copy.toml: id",
        "must match the file name",
    ),
    ("unknown family", unknown_family, "roles/recruiter.toml: family", "astronautics"),
    (
        "list item without a source",
        item_without_source,
        "roles/recruiter.toml: duties.0",
        "unsourced = true",
    ),
    (
        "cite of a field that cannot be cited",
        cite_unknown_field,
        "roles/recruiter.toml: cite.title_synonyms",
        "citable fields",
    ),
    ("unknown key in a role", unknown_key, "roles/recruiter.toml: salary", "Extra inputs"),
    (
        "unknown key in a source",
        unknown_source_key,
        "sources.toml: sources.S24.rating",
        "Extra inputs",
    ),
    ("bad source grade", bad_source_grade, "sources.toml: sources.S24.grade", "'A', 'B' or 'C'"),
    ("missing sources.toml", missing_sources_file, "sources.toml", "missing"),
    ("missing version", missing_version, "catalog.toml: version", "version"),
    ("id not lower_snake_case", bad_id_shape, "roles/recruiter.toml: id", "lower_snake_case"),
]


@pytest.mark.parametrize(("name", "breaker", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_catalog_names_file_and_field(
    data: Path, name: str, breaker: Callable[[Path], None], where: str, words: str
) -> None:
    load_catalog(data)  # the untouched copy loads
    breaker(data)
    with pytest.raises(CatalogError) as info:
        load_catalog(data)
    msg = str(info.value)
    assert msg.startswith(where + ":") or msg == where, msg
    assert words in msg, msg
    assert "\n" not in msg.strip(), "one line per error"
