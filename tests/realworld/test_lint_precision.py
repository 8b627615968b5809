"""Lint on real apps (django CMS, filer, helpdesk, guardian, reversion):
each rule finds what Django's ``_meta`` says it should, and stays silent
where those apps do it right."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from erviz.review.levels import level_of
from erviz.review.lint import Finding, lint
from erviz.schema import build_schema
from tests.realworld.lint_expectations import (
    ambiguous_accessors,
    set_null_on_unique,
    through_models_without_unique,
    unexplained_dangling,
)


def findings(rule: str) -> list[Finding]:
    return [f for f in lint(build_schema()) if f.rule.id == rule]


def test_l001_names_the_protect_relations_that_guard_the_user_model():
    """helpdesk PROTECTs its tickets' and follow-ups' users: deleting a user
    who has them is refused, so the finding is a note that names them and
    does not tell the team to add PROTECT."""
    (finding,) = [f for f in findings("L001") if f.model == "auth.User"]
    guards = finding.message.split("refused while rows point at it through ")[1]
    named = [item.split(" (")[0] for item in guards.split(", ")]
    assert "helpdesk.Ticket.assigned_to" in named
    for subject in named:
        label, name = subject.rsplit(".", 1)
        field = apps.get_model(label)._meta.get_field(name)
        assert field.remote_field.on_delete in (models.PROTECT, models.RESTRICT)
    assert "Use PROTECT" not in finding.hint
    assert level_of(finding, {"LINT_LEVELS": {}}) == "note"


def test_l002_and_l004_find_what_meta_says_and_stay_silent_elsewhere():
    dangling, looked_at = unexplained_dangling()
    assert looked_at > 50
    assert {f.subject for f in findings("L002")} == dangling == set()
    ambiguous, shared = ambiguous_accessors()
    # Five model pairs share two or more relations; one names only one.
    assert shared >= 4
    assert {f.subject for f in findings("L004")} == ambiguous
    assert ambiguous == {"cms.PageUser.user_ptr"}


def test_l005_and_l006_find_what_meta_says():
    throughs, explicit = through_models_without_unique()
    assert explicit >= 1
    assert {f.model for f in findings("L005")} == throughs
    updating, count = set_null_on_unique()
    assert count > 10  # SET_NULL keys on which L006 stays silent
    assert {f.subject for f in findings("L006")} == updating
    assert len(updating) < count
