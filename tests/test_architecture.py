"""Imports point downward only: interfaces -> services -> store/pipeline -> models -> errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "otpath"

# module prefix -> otpath modules it must never import
FORBIDDEN = {
    "otpath.errors": ["otpath."],
    "otpath.credentials": ["otpath.catalog", "otpath.postings", "otpath.store", "otpath.cli", "otpath.web"],
    "otpath.catalog": ["otpath.postings", "otpath.store", "otpath.fit", "otpath.cli", "otpath.web", "otpath.ingest"],
    "otpath.profile": ["otpath.postings", "otpath.store", "otpath.fit", "otpath.cli", "otpath.web"],
    "otpath.fit": ["otpath.postings", "otpath.store", "otpath.cli", "otpath.web", "otpath.ingest"],
    "otpath.postings": ["otpath.store", "otpath.ingest", "otpath.search", "otpath.match", "otpath.cli", "otpath.web"],
    "otpath.store": ["otpath.ingest", "otpath.search", "otpath.match", "otpath.cli", "otpath.web"],
    # ingest carries records from readers through the pipeline's prepare() to the store;
    # it never reaches into the pipeline's stages itself (issue 11 item 6)
    "otpath.ingest": [
        "otpath.cli", "otpath.web", "otpath.postings.pipeline.normalize",
        "otpath.postings.pipeline.dedupe", "otpath.postings.pipeline.classify",
        "otpath.postings.pipeline.extract",
    ],
    "otpath.search": ["otpath.cli", "otpath.web"],
    "otpath.advert": ["otpath.cli", "otpath.web"],
    "otpath.match": ["otpath.cli", "otpath.web"],
    "otpath.report": ["otpath.cli", "otpath.web"],
    "otpath.web": ["otpath.cli"],
}


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


@pytest.mark.parametrize(("name", "path"), list(_modules()), ids=lambda v: str(v))
def test_imports_point_downward(name, path):
    rules = [bad for prefix, bads in FORBIDDEN.items() if name == prefix or name.startswith(prefix + ".") for bad in bads]
    bad = sorted(i for i in _imports(name, path) for r in rules if (i + ".").startswith(r) and not i.startswith(name))
    assert not bad, f"{name} imports {bad}"


def test_sql_lives_in_the_store():
    sql = ("CREATE TABLE", "INSERT INTO", "SELECT ", "DELETE FROM")
    offenders = []
    for name, path in _modules():
        if name.startswith("otpath.store") or name.startswith("otpath.postings.pipeline"):
            continue
        text = path.read_text()
        if any(f'"{k}' in text or f"'{k}" in text or f'"""{k}' in text for k in sql):
            offenders.append(name)
    assert not offenders, offenders
