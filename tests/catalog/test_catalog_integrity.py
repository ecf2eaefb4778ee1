"""The shipped catalog as a whole: it loads, it is big enough, and every fact has a source."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from otpath.catalog import DATA_DIR, load_catalog
from otpath.catalog.models import CITED_FIELDS, Catalog, Role
from otpath.credentials import CLINICAL_THERAPY_CODES, CREDENTIALS

ROLE_FILES = sorted((DATA_DIR / "roles").glob("*.toml"))
SEED_URL = "http://www.myotspot.com/non-clinical-jobs-for-occupational-therapists/"
SEED_KEYS = {"seed:insurance", "seed:recruiter", "seed:ergonomics", "seed:kids_gym", "seed:intro"}
REQUIRED_ENUMS = (
    "work_arrangement",
    "patient_interaction",
    "physical_demand",
    "pay_model",
    "schedule",
    "extra_education",
)
LIST_FIELDS = (
    "duties",
    "preferred_skills",
    "certifications",
    "pros",
    "cons",
    "upward_mobility",
    "employers",
    "notes",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def all_citations(role: Role):
    """(where, citation) for every fact of a role that carries sources."""
    for field, cit in role.cite.items():
        yield f"cite.{field}", cit
    for field in LIST_FIELDS:
        for i, item in enumerate(getattr(role, field)):
            yield f"{field}.{i}", item


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.name)
def test_every_role_file_is_valid_toml_and_loads(path: Path, catalog: Catalog) -> None:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["id"] == path.stem
    assert path.stem in catalog.roles


def test_catalog_has_at_least_25_roles(catalog: Catalog) -> None:
    assert len(catalog.roles) >= 25


def test_every_family_has_a_title_and_description(catalog: Catalog) -> None:
    raw = tomllib.loads((DATA_DIR / "catalog.toml").read_text(encoding="utf-8"))
    assert set(raw["families"]) == set(catalog.families)
    for fam in catalog.families.values():
        assert fam.title.strip() and fam.description.strip()


def test_every_role_family_exists_and_clinical_is_empty(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        assert role.family in catalog.families
    assert catalog.roles_in("clinical") == []


def test_every_non_clinical_family_has_a_role(catalog: Catalog) -> None:
    empty = [f for f in catalog.families if f != "clinical" and not catalog.roles_in(f)]
    assert not empty


@pytest.mark.parametrize("role_id", sorted(p.stem for p in ROLE_FILES))
def test_role_sources_resolve(role_id: str, catalog: Catalog) -> None:
    role = catalog.role(role_id)
    assert role.sources, "a role cites at least one source"
    for key in role.sources:
        assert key in catalog.sources, key
    for where, cit in all_citations(role):
        for key in cit.sources:
            assert key in catalog.sources, f"{where}: {key}"


@pytest.mark.parametrize("role_id", sorted(p.stem for p in ROLE_FILES))
def test_every_cited_field_with_a_value_has_sources_or_is_flagged(
    role_id: str, catalog: Catalog
) -> None:
    role = catalog.role(role_id)
    for field in CITED_FIELDS:
        value = getattr(role, field)
        if value in (None, "", []):
            continue
        cit = role.citation(field)
        assert cit is not None, f"{field} has no [cite.{field}]"
        assert cit.sources or cit.unsourced, field
        if cit.unsourced:
            assert cit.note, f"cite.{field} is unsourced and must say why in a note"
    for field in REQUIRED_ENUMS:
        assert role.citation(field) is not None, field


@pytest.mark.parametrize("role_id", sorted(p.stem for p in ROLE_FILES))
def test_every_unsourced_fact_explains_itself(role_id: str, catalog: Catalog) -> None:
    role = catalog.role(role_id)
    for where, cit in all_citations(role):
        if cit.unsourced:
            assert cit.note, where
        else:
            assert cit.sources, where


def test_summaries_are_cited_and_sourced(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        cit = role.citation("summary")
        assert cit is not None and cit.sources and not cit.unsourced, role.id


def test_roles_beyond_the_seed_cite_research(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        if role.seed:
            continue
        assert any(not k.startswith("seed:") for k in role.sources), role.id


def test_seed_roles_cite_the_article(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        if role.seed:
            assert any(k.startswith("seed:") for k in role.sources), role.id


def test_credential_codes_are_canonical_and_eligibility_is_stated(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        assert role.open_to_all or role.eligible_credentials or role.likely_credentials, role.id
        for code in (*role.eligible_credentials, *role.likely_credentials, *role.excluded_credentials):
            assert code in CREDENTIALS, (role.id, code)


def test_every_therapy_credential_has_some_eligible_role(catalog: Catalog) -> None:
    for code in CLINICAL_THERAPY_CODES:
        assert [r for r in catalog.roles.values() if r.is_eligible([code])], code


def test_sources_have_title_url_and_grade(catalog: Catalog) -> None:
    for key, src in catalog.sources.items():
        assert src.title.strip(), key
        assert src.url and src.url.startswith(("http://", "https://")), key
        assert src.grade in {"A", "B", "C"}


def test_seed_sources_point_at_the_article(catalog: Catalog) -> None:
    assert SEED_KEYS <= set(catalog.sources)
    for key in SEED_KEYS:
        src = catalog.sources[key]
        assert src.url == SEED_URL
        assert "myotspot" in src.title and src.section


def test_every_user_credential_has_a_sourced_entry_degree(catalog: Catalog) -> None:
    from otpath.credentials import CLINICAL_THERAPY_CODES

    assert set(catalog.entry_degrees) == set(CLINICAL_THERAPY_CODES)
    for entry in catalog.entry_degrees.values():
        assert entry.sources and all(k in catalog.sources for k in entry.sources)


def test_every_research_source_is_cited_by_some_role(catalog: Catalog) -> None:
    from otpath.wages import BLS_SOURCE_KEY, _links

    cited = set().union(*(r.sources for r in catalog.roles.values()))
    cited |= {k for link in _links()["roles"].values() for k in link["sources"]}
    cited.add(BLS_SOURCE_KEY)
    cited |= {k for entry in catalog.entry_degrees.values() for k in entry.sources}
    orphans = sorted(k for k in catalog.sources if not k.startswith("seed:") and k not in cited)
    assert not orphans


def test_experience_ranges_are_ordered(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        exp = role.experience
        if exp.years_min is not None and exp.years_max is not None:
            assert exp.years_min <= exp.years_max, role.id
        if exp.years_min is not None or exp.years_max is not None or exp.settings:
            assert exp.sources or exp.unsourced, role.id


def test_title_synonyms_and_search_terms_are_clean(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        for words in (role.title_synonyms, role.search_terms):
            assert all(w.strip() == w and w for w in words), role.id
            assert len({w.lower() for w in words}) == len(words), role.id
        assert role.search_terms, role.id
