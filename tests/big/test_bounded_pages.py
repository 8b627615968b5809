"""The expensive forms of the pages, on a project of 150+ models, answer
within their budgets: the overview drawn at the level of models (every
model, as an htmx fragment), the path finder at its deepest (max_hops=8)
between two far models, and the SVG download of the busiest hub's
neighbourhood. Each answers 200 with a picture (simpler where it had to
be), never a wait past the budget or an error."""

from __future__ import annotations

import time

import pytest

from erviz.conf import get_config
from erviz.schema import get_schema

pytestmark = pytest.mark.django_db


def busiest_hub() -> str:
    schema = get_schema()
    incoming = {model.label: 0 for model in schema.models}
    for relation in schema.relations:
        if relation.target in incoming:
            incoming[relation.target] += 1
    return max(incoming, key=lambda label: incoming[label])


@pytest.mark.parametrize("form", ["overview-models", "path-8-hops", "hub-svg"])
def test_the_expensive_forms_answer_within_their_budget(admin_client, form, settings):
    settings.ERVIZ = {"PICTURE_TIME_BUDGET": 2, "EXPORT_TIME_BUDGET": 4}
    hub = busiest_hub()
    url, headers, budget = {
        "overview-models": (
            "/admin/erviz/?level=models",
            {"HX-Request": "true", "HX-Target": "erviz-diagram"},
            2,
        ),
        "path-8-hops": (
            "/admin/erviz/models/wagtailcore.Page/path/?to=auth.Permission&max_hops=8",
            {},
            2,
        ),
        "hub-svg": (f"/admin/erviz/export/svg/?model={hub}&depth=2", {}, 4),
    }[form]
    assert get_config()["PICTURE_TIME_BUDGET"] == 2
    started = time.monotonic()
    response = admin_client.get(url, headers=headers)
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 503), (form, response.status_code)
    if response.status_code == 200:
        assert b"<svg" in response.content, form
    else:  # a download past its budget says which command draws it
        assert b"manage.py erviz export" in response.content
    # The budget, and the time to start a worker and to read the schema.
    assert elapsed < budget + 3, (form, elapsed)
