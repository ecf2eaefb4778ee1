"""Every library the code imports is declared in pyproject.toml, in the right place.

* the package (``otpath/``) imports only core dependencies at module level, except
  ``otpath/web``, which may also use the ``web`` extra;
* inside functions (imported when a command needs them) it may also use the
  ``web``, ``fetch`` and ``pdf`` extras, never the ``test`` one (users do not install it);
* tests, benchmarks and scripts may use anything declared, test extra included.

Imports are read with ``ast`` (plus ``pytest.importorskip("name")`` calls), so an
import nobody runs in the suite is still checked.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Import names whose distribution may not be installed here (optional extras), and
# names that packages_distributions() cannot tell apart.
KNOWN = {"jobspy": "python-jobspy", "multipart": "python-multipart", "python_multipart": "python-multipart"}
# Modules of this repository that tests and benchmarks import by path.
LOCAL = {"otpath", "tests", "_common", "bench_web", "_web_app", "gen_cli_docs"}


def _name(requirement: str) -> str:
    """``"numpy>=1.26; python_version..."`` -> ``"numpy"`` (normalised, extras dropped)."""
    name = re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def declared() -> dict[str, set[str]]:
    """``group -> distributions``: ``core`` and each extra, with ``otpath[...]`` expanded."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"core": {_name(r) for r in project["dependencies"]}}
    extras = project["optional-dependencies"]
    for extra, reqs in extras.items():
        names: set[str] = set()
        for req in reqs:
            if req.startswith("otpath["):
                for other in req[len("otpath[") : req.index("]")].split(","):
                    names |= {_name(r) for r in extras[other.strip()]}
            else:
                names.add(_name(req))
        groups[extra] = names
    return groups


@cache
def distribution(module: str) -> str:
    if module in KNOWN:
        return KNOWN[module]
    found = packages_distributions().get(module)
    if not found:
        pytest.fail(f"cannot tell which distribution provides {module!r}: add it to KNOWN")
    return _name(found[0])


def imports(path: Path) -> list[tuple[str, bool]]:
    """``(top-level module, at module level?)`` of every third-party import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "importorskip"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names = [str(node.args[0].value)]
        for name in names:
            root = name.split(".")[0]
            if root not in sys.stdlib_module_names and root not in LOCAL and root != "__future__":
                out.append((root, top))
        inner = top and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        # ``if TYPE_CHECKING:`` blocks never run
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, True)
    return out


def _allowed(path: Path, top: bool) -> set[str]:
    groups = declared()
    if path.is_relative_to(ROOT / "otpath"):
        if path.is_relative_to(ROOT / "otpath" / "web"):
            return groups["core"] | groups["web"]
        if top:
            return groups["core"]
        return groups["core"] | groups["web"] | groups["fetch"] | groups["pdf"]
    return set().union(*groups.values())


FILES = sorted(
    p
    for folder in ("otpath", "tests", "bench", "scripts")
    for p in (ROOT / folder).rglob("*.py")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_import_is_declared(path: Path) -> None:
    wrong = sorted(
        f"{module} ({distribution(module)}{'' if top else ', in a function'})"
        for module, top in imports(path)
        if distribution(module) not in _allowed(path, top)
    )
    assert not wrong, f"{path.relative_to(ROOT)} imports undeclared or misplaced: {wrong}"


def test_the_check_sees_imports() -> None:
    """Guards the walk: the package really imports these, at these levels."""
    found = {m: top for p in FILES for m, top in imports(p) if p.is_relative_to(ROOT / "otpath")}
    assert {"numpy", "pydantic", "typer", "fastapi"} <= set(found)
    assert "datasketch" not in found  # only the tests use it, as an oracle
    assert distribution("numpy") in declared()["core"]
    assert distribution("datasketch") in declared()["test"] - declared()["core"]
