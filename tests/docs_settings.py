"""The test project with named views: the settings of the docs builds that
draw erviz diagrams (tests/test_docs_builds.py)."""

from __future__ import annotations

from tests.settings import *  # noqa: F403

ERVIZ = {
    "VIEWS": {
        "catalog": {
            "title": "The catalog",
            "models": ["demo_models.Book", "demo_models.Author"],
            "exclude": ["demo_models.Publisher"],
        }
    }
}
