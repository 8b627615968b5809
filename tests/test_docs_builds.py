"""Diagrams in docs: a Sphinx build (``erviz.sphinx``) and a MkDocs build
(the ``erviz`` plugin) of a small docs project draw inline SVGs of the
view's models, and fail cleanly (exit 1, the place, no traceback) on an
unknown view."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "tests.docs_settings",
    "DATABASE_URL": "sqlite:///:memory:",
    "PYTHONPATH": str(ROOT),
}
BIN = Path(sys.executable).parent


def checked_svgs(page: str) -> list[str]:
    """The page's inline SVGs, each without a prolog, labelled, and every
    id on the page unique."""
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate ids"
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    for svg in svgs:
        assert svg.startswith('<svg role="img" aria-label="ER diagram: ')
    return svgs


def sphinx(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'extensions = ["erviz.sphinx"]\n'
        'erviz_admin_url = "https://example.com/admin/erviz/"\n'
    )
    (docs / "index.rst").write_text(source)
    return subprocess.run(
        [
            str(BIN / "sphinx-build"),
            "-q",
            "-b",
            "html",
            str(docs),
            str(tmp_path / "out"),
        ],
        env=ENV,
        capture_output=True,
        text=True,
    )


def test_a_sphinx_build_draws_the_views_and_models(tmp_path):
    built = sphinx(
        tmp_path,
        "Models\n======\n\n.. erviz:: catalog\n\n.. erviz::\n"
        "   :models: demo_models.Order, demo_models.Customer\n   :depth: 1\n"
        "   :detail: none\n",
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    catalog, orders = checked_svgs(page)
    assert "The catalog" in catalog and ">Book<" in catalog and ">Author<" in catalog
    # An excluded model is not drawn; the models link to their admin pages.
    assert "Publisher" not in catalog
    assert 'href="https://example.com/admin/erviz/models/demo_models.Book/"' in catalog
    assert ">Order<" in orders and ">OrderLine<" in orders


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Title\n=====\n\n.. erviz:: nope\n", "index.rst:4: ERROR: erviz: unknown view 'nope' (views: catalog)"),
        ("Title\n=====\n\n.. erviz::\n   :models: demo_models.Gone\n", "index.rst:4: ERROR: erviz: unknown model 'demo_models.Gone'"),
    ],
)  # fmt: skip
def test_a_sphinx_build_fails_cleanly_on_an_unknown_view(tmp_path, source, message):
    built = sphinx(tmp_path, source)
    assert built.returncode == 1  # without -W
    assert message in built.stderr
    assert "Traceback" not in built.stderr and "Exception occurred" not in built.stderr


def mkdocs(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Models\nplugins:\n  - erviz:\n"
        "      admin_url: https://example.com/admin/erviz/\n"
    )
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(tmp_path / "mkdocs.yml")],
        env=ENV,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_a_mkdocs_build_draws_the_views_and_models(tmp_path):
    built = mkdocs(
        tmp_path,
        "# Models\n\n```erviz\nview: catalog\n```\n\n"
        "~~~erviz\nmodels: [demo_models.Order, demo_models.Customer]\ndepth: 1\n~~~\n\n"
        "```erviz\nmodels: demo_models.Store demo_models.Product\n```\n",
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "index.html").read_text()
    catalog, orders, store = checked_svgs(page)
    assert ">Book<" in catalog and "Publisher" not in catalog
    assert 'href="https://example.com/admin/erviz/models/demo_models.Book/"' in catalog
    assert ">OrderLine<" in orders
    assert ">Store<" in store and ">Product<" in store


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("```erviz\nview: nope\n```\n", "index.md: erviz: unknown view 'nope' (views: catalog)"),
        ("```erviz\n- a list\n```\n", "index.md: erviz: the block must hold"),
    ],
)  # fmt: skip
def test_a_mkdocs_build_fails_cleanly_on_an_unknown_view(tmp_path, page, message):
    built = mkdocs(tmp_path, page)
    assert built.returncode == 1  # without --strict
    assert message in built.stderr
    assert "Traceback" not in built.stderr
