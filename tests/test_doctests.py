"""The examples in otpath's docstrings run, and print what they say they print."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import otpath

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(otpath.__path__, prefix="otpath.")
    if not m.name.endswith(".__main__")  # importing it runs the CLI
) + ["otpath"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name.startswith("otpath.web"):
        pytest.importorskip("fastapi")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_found() -> None:
    """Guards the walk above: if it found nothing, every case would pass vacuously."""
    finder = doctest.DocTestFinder()
    examples = sum(
        len(t.examples)
        for name in MODULES
        if not name.startswith("otpath.web")
        for t in finder.find(importlib.import_module(name))
    )
    assert examples >= 90
