"""Which package may import which. ``newsroom`` is what every app builds on, so it imports no
app (the root URLs include them by name); the image library and the sources sit below the
stories that use them; the importer and the API sit on top. No two packages import each other,
however indirectly, so each can be read, and changed, from the bottom up."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"newsroom", "images", "sources", "articles", "importer", "api"}


def imported_packages(package: str) -> dict[str, set[str]]:
    """Each project package ``package`` imports (at the top or inside a function), with where."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != package and top in PACKAGES:
                    found.setdefault(top, set()).add(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize(
    ("package", "allowed"),
    [
        ("newsroom", set()),
        ("images", {"newsroom"}),
        ("sources", {"newsroom"}),
        ("articles", {"newsroom", "images", "sources"}),
    ],
)
def test_each_layer_imports_only_the_layers_below_it(package, allowed):
    imports = imported_packages(package)
    assert {name: where for name, where in imports.items() if name not in allowed} == {}


def test_no_packages_import_each_other():
    graph = {package: set(imported_packages(package)) for package in PACKAGES}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
    assert order[0] == "newsroom"


def test_the_check_finds_the_imports_that_exist():
    assert "sources" in imported_packages("articles")
    assert "articles" in imported_packages("api")
