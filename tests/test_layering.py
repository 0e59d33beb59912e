"""Which package may import which: ``newsroom`` is what every app builds on, so it imports no app
(the root URLs include them by name), and the image library sits below the stories that use it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"articles", "sources", "images", "importer", "api"}


def imported_packages(package: str) -> dict[str, set[str]]:
    """Each project package ``package`` imports (top-level or inside a function), with where."""
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
                if top != package and top in APPS | {"newsroom"}:
                    found.setdefault(top, set()).add(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize(
    ("package", "allowed"),
    [("newsroom", set()), ("images", {"newsroom"})],
)
def test_lower_layers_import_nothing_above_them(package, allowed):
    imports = imported_packages(package)
    assert {name: where for name, where in imports.items() if name not in allowed} == {}


def test_the_check_finds_the_imports_that_exist():
    assert "newsroom" in imported_packages("articles")
    assert "articles" in imported_packages("api")
