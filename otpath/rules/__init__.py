"""otpath's domain rules, kept as reviewed data.

What otpath knows about reading postings lives in TOML files under
``otpath/rules/data/``, not in Python, so an occupational therapist can review
it without reading code (see ``docs/rules.md``):

* ``classify.toml``: cues that point a posting to a role, a family or a signal,
  the groups and thresholds the decision steps use;
* ``extract.toml``: how requirements are read (sections, credential cues,
  licence, years, remote work, pay, employment type, schedule);
* ``vocabulary.toml``: work settings, skills and certifications, each with
  its label, the words people type for it and how postings write it;
* ``credentials.toml``: credential codes and their aliases (read by
  :mod:`otpath.credentials`);
* ``search.toml``: which words a search treats as the same (abbreviations,
  British and American spellings), read by :mod:`otpath.query`.

The files are read and validated once per process by :func:`default_rules`;
an invalid file raises :class:`~otpath.errors.RulesError` naming the file and
the field. A role's family always comes from the catalog, and every catalog
role must have cues (checked both ways when the rules load)::

    >>> r = default_rules()
    >>> r.role_family["utilization_review"]
    'utilization_management'
    >>> "unrelated" in r.families and "clinical" in r.families
    True

The matching engine that runs them is :mod:`otpath.rules.engine`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._load import (
    DATA_DIR,
    ClassifyRules,
    ExtractRules,
    SearchGroup,
    SearchRules,
    Term,
    Vocabulary,
    check_classify,
    parse,
)

__all__ = [
    "DATA_DIR",
    "ClassifyRules",
    "ExtractRules",
    "Rules",
    "SearchGroup",
    "SearchRules",
    "Term",
    "Vocabulary",
    "default_rules",
    "extract_rules",
    "fingerprint",
    "load_rules",
    "search_rules",
    "vocabulary",
]

# Families every posting can get besides the catalog's: "other" (a non-clinical
# path with no catalog role) and "unrelated" (another profession's job).
EXTRA_FAMILIES: tuple[str, ...] = ("other", "unrelated")


@dataclass(frozen=True)
class Rules:
    """Every rule file, validated, with the catalog facts the rules rely on."""

    classify: ClassifyRules
    role_family: dict[str, str]  # catalog role id -> family id
    families: tuple[str, ...]  # catalog families, then "other" and "unrelated"


def load_rules(data_dir: Path | None = None, *, catalog_dir: Path | None = None) -> Rules:
    """Read and cross-check the rule files in ``data_dir`` (the package's by default)."""
    from ..catalog import default_catalog, load_catalog

    base = Path(data_dir) if data_dir is not None else DATA_DIR
    catalog = load_catalog(catalog_dir) if catalog_dir is not None else default_catalog()
    role_family = {role.id: role.family for role in catalog.roles.values()}
    families = tuple(dict.fromkeys([*catalog.families, *EXTRA_FAMILIES]))
    classify = parse(ClassifyRules, base / "classify.toml")
    check_classify(classify, roles=role_family, families={*catalog.families, "other"})
    return Rules(classify=classify, role_family=role_family, families=families)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules shipped with the package (read once per process)."""
    return load_rules()


@lru_cache(maxsize=1)
def extract_rules() -> ExtractRules:
    """``extract.toml``, validated (read once per process; needs no catalog)."""
    rules: ExtractRules = parse(ExtractRules, DATA_DIR / "extract.toml")
    return rules


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """``vocabulary.toml``, validated (read once per process; needs no catalog).

        >>> vocabulary().settings["snf"].label
        'Skilled nursing (SNF)'
    """
    vocab: Vocabulary = parse(Vocabulary, DATA_DIR / "vocabulary.toml")
    return vocab


@lru_cache(maxsize=1)
def search_rules() -> SearchRules:
    """``search.toml``, validated (read once per process; cross-checked by :mod:`otpath.query`).

        >>> "PA" in search_rules().groups["prior_authorization"].typed
        True
    """
    rules: SearchRules = parse(SearchRules, DATA_DIR / "search.toml")
    return rules


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short name for the answers this otpath gives: a hash of the rule files, the
    catalog and the code that applies them (the pipeline, the rules engine, the
    credential codes).

    The store records it with the postings it classified; when it differs, the stored
    families, roles and requirements are an older otpath's and ``otpath reclassify``
    brings them up to date. Any edit to these files changes it, even one that changes
    no answer (a comment): a reclassify then changes nothing, which is safe.

        >>> fingerprint().startswith("rules-") and len(fingerprint()) == 22
        True
    """
    from ..catalog.loader import DATA_DIR as CATALOG_DIR

    package = Path(__file__).resolve().parents[1]
    files = [
        *sorted(DATA_DIR.glob("*.toml")),
        *sorted(CATALOG_DIR.rglob("*.toml")),
        *sorted(Path(__file__).parent.glob("*.py")),
        *sorted((package / "postings" / "pipeline").glob("*.py")),
        package / "credentials.py",
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return "rules-" + digest.hexdigest()[:16]
