"""What a layer may import of Django and of other libraries, read by
parsing the source (an import added anywhere in a package is caught). The
order of erviz's own layers is the import-linter contract in pyproject.toml
(``lint-imports``, run by scripts/test)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import erviz

PACKAGE = Path(erviz.__file__).parent


def imported_modules(folder: str) -> dict[str, set[str]]:
    """Every module a package's files import, by file (relative imports
    resolved against the erviz package)."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        parts = ["erviz", *path.relative_to(PACKAGE).with_suffix("").parts]
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = parts[: len(parts) - node.level] if node.level else []
                module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        # rows/ reads the database: no HTTP, no admin, no HTML.
        ("rows", ("django.http", "django.contrib.admin", "django.utils.html")),
        # render/ is pure: no setting, no request, no view, and no Graphviz
        # library (it writes DOT; the worker of erviz/graphviz/ draws it).
        (
            "render",
            (
                "django.conf",
                "erviz.conf",
                "django.http",
                "erviz.views",
                "erviz.site",
                "pygraphviz",
            ),
        ),
        # The schema knows Django's models, nothing of pictures or pages.
        ("schema", ("erviz.render", "erviz.views", "django.http", "pygraphviz")),
    ],
)
def test_a_layer_imports_nothing_above_it(folder, forbidden):
    offending = {
        file: sorted(name for name in names if name.startswith(forbidden))
        for file, names in imported_modules(folder).items()
    }
    assert {file: names for file, names in offending.items() if names} == {}


def test_the_scan_sees_relative_imports():
    """(The test above would pass on a scan that found nothing.)"""
    views = imported_modules("views")["views/pictures.py"]
    assert "erviz.picture_cache.cached_picture" in views
    assert "django.utils.translation" in views


def test_the_graphviz_worker_imports_nothing_of_django_or_the_host():
    """The worker is a clean interpreter: it must start without settings and
    load nothing but pygraphviz and its own package."""
    for file, names in imported_modules("graphviz").items():
        foreign = {
            name
            for name in names
            if name.startswith(("django", "erviz."))
            and not name.startswith("erviz.graphviz")
        }
        assert foreign == set(), file


def test_nothing_outside_the_worker_loads_graphviz():
    for folder in ("render", "schema", "views", "rows", "review", "management"):
        for file, names in imported_modules(folder).items():
            assert not any(n.startswith("pygraphviz") for n in names), file
