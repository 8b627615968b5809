"""L003 on Wagtail, django-oscar, taggit and their neighbours: silent on
every GenericForeignKey whose pair an index or unique constraint covers
(Django's ``_meta`` says which), and firing on the others."""

from __future__ import annotations

from erviz.review.lint import lint
from erviz.schema import build_schema
from tests.realworld.lint_expectations import covered_generic_keys, generic_keys


def test_l003_stays_silent_where_an_index_or_constraint_covers_the_pair():
    covered = covered_generic_keys()
    assert "taggit.TaggedItem.content_object" in covered
    assert len(covered) >= 3
    flagged = {f.subject for f in lint(build_schema()) if f.rule.id == "L003"}
    assert flagged == generic_keys() - covered
