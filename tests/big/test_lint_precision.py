"""L003 on Wagtail, django-oscar, taggit and their neighbours: silent on
every GenericForeignKey whose pair an index or unique constraint covers
(Django's ``_meta`` says which), and firing on the others."""

from __future__ import annotations

from erviz.review.lint import lint
from erviz.schema import build_schema
from tests.realworld.lint_expectations import (
    covered_generic_keys,
    generic_keys,
    set_null_on_unique,
    through_models_without_unique,
)


def test_l003_stays_silent_where_an_index_or_constraint_covers_the_pair():
    covered = covered_generic_keys()
    assert "taggit.TaggedItem.content_object" in covered
    assert len(covered) >= 3
    flagged = {f.subject for f in lint(build_schema()) if f.rule.id == "L003"}
    assert flagged == generic_keys() - covered


def test_l005_and_l006_find_what_meta_says_on_a_large_project():
    schema = build_schema()
    found = lint(schema)
    throughs, explicit = through_models_without_unique()
    assert explicit >= 3
    assert {f.model for f in found if f.rule.id == "L005"} == throughs
    updating, count = set_null_on_unique()
    assert {f.subject for f in found if f.rule.id == "L006"} == updating
    assert len(updating) < count
