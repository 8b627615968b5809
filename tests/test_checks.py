"""Each system check catches its set-up mistake and says how to fix it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from erviz import checks


def ids(messages):
    return [message.id for message in messages]


def test_the_demo_and_test_projects_pass_every_check():
    assert (
        checks.check_urls() + checks.check_installed_apps() + checks.check_settings()
        == []
    )
    call_command("check", fail_level="WARNING")


def test_e001_urls_not_included(settings):
    settings.ROOT_URLCONF = "tests.urls_without_erviz"
    messages = checks.check_urls()
    assert ids(messages) == ["erviz.E001"]
    assert 'include("erviz.urls")' in str(messages[0].hint)


def test_e002_erviz_after_the_admin(settings):
    apps = [a for a in settings.INSTALLED_APPS if a != "erviz"]
    settings.INSTALLED_APPS = [*apps, "erviz"]
    assert "erviz.E002" in ids(checks.check_installed_apps())


def test_e003_django_htmx_missing(settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "django_htmx"]
    messages = checks.check_installed_apps()
    assert ids(messages) == ["erviz.E003"]
    assert "django_htmx" in str(messages[0].hint)


def test_e004_unknown_setting_with_a_suggestion(settings):
    settings.ERVIZ = {"MAX_DEPHT": 3}
    messages = checks.check_settings()
    assert ids(messages) == ["erviz.E004"]
    assert "'MAX_DEPTH'" in str(messages[0].hint)


@pytest.mark.parametrize(
    "value",
    [
        {"MAX_DEPTH": 0},
        {"MAX_DEPTH": 99},
        {"MAX_DEPTH": "3"},
        {"DEFAULT_THEME": "blue"},
        {"CACHE_ALIAS": "nope"},
        {"HUB_EDGES": 1},
        {"PNG_MAX_PIXELS": True},
        {"CACHE_TIMEOUT": -5},
        {"ADMIN_DELETE_SUMMARY": "yes"},
    ],
)
def test_e005_invalid_setting_values(settings, value):
    settings.ERVIZ = value
    assert ids(checks.check_settings()) == ["erviz.E005"]


def test_e005_setting_not_a_dict(settings):
    settings.ERVIZ = ["MAX_DEPTH"]
    assert ids(checks.check_settings()) == ["erviz.E005"]
