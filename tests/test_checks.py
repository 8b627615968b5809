"""Each system check catches its set-up mistake and says how to fix it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.checks import WARNING
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


def test_w020_urls_not_included_is_only_a_warning(settings):
    settings.ROOT_URLCONF = "tests.urls_without_erviz"
    messages = checks.check_urls()
    assert ids(messages) == ["erviz.W020"]
    assert messages[0].level == WARNING
    assert 'include("erviz.urls")' in str(messages[0].hint)


def test_w021_erviz_after_the_admin(settings):
    apps = [a for a in settings.INSTALLED_APPS if a != "erviz"]
    settings.INSTALLED_APPS = [*apps, "erviz"]
    assert "erviz.W021" in ids(checks.check_installed_apps())


def test_w023_no_admin_app_names_the_two_settings(settings):
    settings.INSTALLED_APPS = [
        a for a in settings.INSTALLED_APPS if a != "django.contrib.admin"
    ]
    messages = checks.check_installed_apps()
    assert ids(messages) == ["erviz.W023"]
    assert "ADMIN_SITE" in str(messages[0].hint)
    settings.ERVIZ = {"ADMIN_SITE": "tests.hostproject.sites.ops_site"}
    assert ids(checks.check_installed_apps()) == []


def test_only_what_stops_erviz_is_an_error():
    """Every erviz check that is not about an invalid setting or htmx (which
    the pages load) is a warning: an Error stops the host's commands."""
    errors = {"erviz.E003", "erviz.E005", "erviz.E006"}
    source = Path(checks.__file__).read_text()
    assert set(re.findall(r'id="(erviz\.E\d+)"', source)) == errors


def test_e003_django_htmx_missing(settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "django_htmx"]
    messages = checks.check_installed_apps()
    assert ids(messages) == ["erviz.E003"]
    assert "django_htmx" in str(messages[0].hint)


def test_w022_unknown_setting_with_a_suggestion(settings):
    settings.ERVIZ = {"MAX_DEPHT": 3}
    messages = checks.check_settings()
    assert ids(messages) == ["erviz.W022"]
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
        {"PREVIEW_DATABASE_FALLBACK": "yes"},
        {"PREVIEW_DATABASE": "nowhere"},
        {"PREVIEW_DATABASE": 3},
    ],
)
def test_e005_invalid_setting_values(settings, value):
    settings.ERVIZ = value
    assert ids(checks.check_settings()) == ["erviz.E005"]


def test_w024_a_removed_setting_says_what_replaced_it(settings):
    """ADMIN_DELETE_SUMMARY changed other apps' ModelAdmins at run time; a
    project that still sets it learns that nothing reads it, and what to
    use instead (not the W022 of a typo)."""
    settings.ERVIZ = {"ADMIN_DELETE_SUMMARY": True}
    found = checks.check_settings()
    assert ids(found) == ["erviz.W024"]
    assert "DeleteSummaryAdminConfig" in (found[0].hint or "")


def test_e006_setting_not_a_dict(settings):
    """Its own id: a message id means one mistake (E005 is a bad value)."""
    settings.ERVIZ = ["MAX_DEPTH"]
    assert ids(checks.check_settings()) == ["erviz.E006"]


def test_every_setting_is_documented_with_its_default():
    """README's settings reference lists every ERVIZ key, so that a new key
    cannot go undocumented."""
    from erviz.conf import DEFAULTS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = re.search(r"\nERVIZ = \{\n(.*?)\n\}\n", readme, re.S)
    assert block, "README has a settings reference"
    documented = dict(
        re.findall(r'^\s+"([A-Z_]+)": ([^#\n]+?),?\s*(?:#.*)?$', block.group(1), re.M)
    )
    assert set(documented) == set(DEFAULTS)
    for key, value in DEFAULTS.items():
        assert eval(documented[key]) == value, key
