"""System checks: the set-up mistakes users make, each with a fix.

Only what stops erviz itself is an Error (an ERVIZ setting that is not a
dict or holds an invalid value, htmx missing for its pages): an Error stops
every management command of the host, ``migrate`` included. The rest are
Warnings. An id names one mistake and is never reused for another.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.admin.sites import AdminSite
from django.core.checks import CheckMessage, Error, Warning, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from .conf import DEFAULTS, get_config
from .render.options import THEMES
from .review.levels import LEVELS
from .schema.named_views import VIEW_ENTRY, VIEW_NAME
from .schema.select import DEPTH_CEILING
from .visibility import VISIBILITIES


@register()
def check_urls(**kwargs: Any) -> list[CheckMessage]:
    try:
        reverse("erviz:overview")
    except NoReverseMatch:
        return [
            Warning(
                "erviz's URLs are not in ROOT_URLCONF: its pages are not served "
                "and the admin shows no erviz links. `manage.py erviz` works "
                "without them.",
                hint='Add path("admin/erviz/", include("erviz.urls")) before the '
                "admin's URLs. If a middleware sets request.urlconf, include "
                "them there and silence this check (erviz.W020).",
                id="erviz.W020",
            )
        ]
    return []


@register()
def check_installed_apps(**kwargs: Any) -> list[CheckMessage]:
    # The apps' names, in INSTALLED_APPS order: an entry may be an AppConfig
    # of another package (erviz's DeleteSummaryAdminConfig is the admin).
    names = [config.name for config in django_apps.get_app_configs()]
    errors: list[CheckMessage] = []
    if (
        "erviz" in names
        and "django.contrib.admin" in names
        and names.index("erviz") > names.index("django.contrib.admin")
    ):
        errors.append(
            Warning(
                "erviz is listed after django.contrib.admin in INSTALLED_APPS, so "
                "the admin's templates hide erviz's dashboard entry and links.",
                hint='Move "erviz" above "django.contrib.admin" in INSTALLED_APPS.',
                id="erviz.W021",
            )
        )
    if "django.contrib.admin" not in names and (
        get_config()["ADMIN_SITE"] == DEFAULTS["ADMIN_SITE"]
        if isinstance(getattr(settings, "ERVIZ", {}), dict)
        else True
    ):
        errors.append(
            Warning(
                "django.contrib.admin is not installed and ERVIZ['ADMIN_SITE'] "
                "names none of yours: erviz's pages ask an AdminSite who may "
                "enter. `manage.py erviz` works without one.",
                hint="Set ERVIZ = {'ADMIN_SITE': 'yourproject.sites.site'}, an "
                "AdminSite() of yours (its URLs need not be routed), and include "
                "erviz.urls.",
                id="erviz.W023",
            )
        )
    if "django_htmx" not in names:
        errors.append(
            Error(
                "django_htmx is not in INSTALLED_APPS: erviz's pages load htmx "
                "through its template tag and static files.",
                hint='Add "django_htmx" to INSTALLED_APPS.',
                id="erviz.E003",
            )
        )
    return errors


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_view(name: Any, spec: Any) -> bool:
    """A named view as erviz.schema.named_views reads one."""

    def entries(value: Any) -> bool:
        return isinstance(value, list | tuple) and all(
            isinstance(entry, str) and VIEW_ENTRY.fullmatch(entry) for entry in value
        )

    return (
        isinstance(name, str)
        and bool(VIEW_NAME.fullmatch(name))
        and isinstance(spec, dict)
        and set(spec) <= {"title", "models", "depth", "exclude"}
        and entries(spec.get("models"))
        and bool(spec.get("models"))
        and entries(spec.get("exclude", []))
        and isinstance(spec.get("title", ""), str)
        and type(spec.get("depth", 0)) is int
        and 0 <= spec.get("depth", 0) <= DEPTH_CEILING
    )


def _positive_seconds(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


_VALID: dict[str, tuple[Callable[[Any], bool], str]] = {
    "CACHE_ALIAS": (
        lambda value: value is None or value in settings.CACHES,
        "the alias of one of your CACHES, or None to keep pictures in each process",
    ),
    "LOCAL_CACHE_BYTES": (
        lambda value: _positive_int(value) or (type(value) is int and value == 0),
        "a whole number of bytes, 0 to keep none",
    ),
    "CACHE_TIMEOUT": (
        lambda value: value is None or (_positive_int(value) or value == 0),
        "a number of seconds (0 or more), or None for ever",
    ),
    "PNG_MAX_PIXELS": (_positive_int, "a positive whole number of pixels"),
    "DEFAULT_THEME": (lambda value: value in THEMES, "light or dark"),
    "OVERVIEW_MAX_MODELS": (_positive_int, "a positive whole number of models"),
    "LAZY_ABOVE_MODELS": (_positive_int, "a positive whole number of models"),
    "MAX_DEPTH": (
        lambda value: _positive_int(value) and value <= DEPTH_CEILING,
        f"a whole number from 1 to {DEPTH_CEILING}",
    ),
    "HUB_EDGES": (
        lambda value: value is None or (_positive_int(value) and value >= 2),
        "a whole number of edges, 2 or more, or None to draw hubs once",
    ),
    "SEARCH_LIMIT": (_positive_int, "a positive whole number of matches"),
    "PREVIEW_TIME_BUDGET": (_positive_seconds, "a positive number of seconds"),
    "PICTURE_TIME_BUDGET": (
        lambda value: value is None or _positive_seconds(value),
        "a positive number of seconds, or None for no limit",
    ),
    "EXPORT_TIME_BUDGET": (
        lambda value: value is None or _positive_seconds(value),
        "a positive number of seconds, or None for no limit",
    ),
    "PREVIEW_DATABASE_FALLBACK": (
        lambda value: isinstance(value, bool),
        "True or False",
    ),
    "PREVIEW_DATABASE": (
        lambda value: value is None or callable(value) or value in settings.DATABASES,
        "None, the alias of one of your DATABASES (a read replica, say) or a "
        "callable (model) -> alias",
    ),
    "SCHEMA_VISIBILITY": (
        lambda value: value in VISIBILITIES,
        " or ".join(repr(v) for v in VISIBILITIES),
    ),
    "ADMIN_SITE": (
        lambda value: isinstance(value, str) and _is_admin_site(value),
        "the dotted path of an AdminSite instance, such as 'myproject.admin.site'",
    ),
    "LINT_IGNORE": (
        lambda value: (
            isinstance(value, dict)
            and all(
                isinstance(patterns, str)
                or (
                    isinstance(patterns, list | tuple)
                    and all(isinstance(p, str) for p in patterns)
                )
                for patterns in value.values()
            )
        ),
        'a dict of rule id to model labels or globs, e.g. {"L002": ["audit.*"]}',
    ),
    "LINT_CHECKS": (lambda value: isinstance(value, bool), "True or False"),
    "LINT_LEVELS": (
        lambda value: (
            isinstance(value, dict) and all(level in LEVELS for level in value.values())
        ),
        'a dict of rule id to "error", "warning" or "note", e.g. {"L003": "note"}',
    ),
    "VIEWS": (
        lambda value: (
            isinstance(value, dict)
            and all(_is_view(name, spec) for name, spec in value.items())
        ),
        'a dict of view name to {"title": str, "models": ["app.Model" or '
        f'"app.*", ...], "depth": 0 to {DEPTH_CEILING}, "exclude": [...]}}',
    ),
    "LINT_HUB_RELATIONS": (_positive_int, "a positive whole number of relations"),
    "LINT_CASCADE_MODELS": (_positive_int, "a positive whole number of models"),
}


#: Settings erviz no longer reads, with why and what replaces them.
_REMOVED = {
    "ADMIN_DELETE_SUMMARY": "it changed other apps' ModelAdmins while the "
    "project ran, so no delete page is summarised by it.",
}
_REMOVED_HINTS = {
    "ADMIN_DELETE_SUMMARY": 'List "erviz.admin.apps.DeleteSummaryAdminConfig" in '
    'INSTALLED_APPS in place of "django.contrib.admin" (every ModelAdmin of the '
    "default site), subclass erviz.admin.DeleteSummaryAdminSite for a site of "
    "yours, or add erviz.admin.DeleteSummaryMixin to a ModelAdmin.",
}


def _is_admin_site(path: str) -> bool:
    try:
        site = import_string(path)
    except ImportError:
        return False
    return isinstance(site, AdminSite)


#: Lint rules whose finding is a system check of its own, always on.
CHECKED_ALWAYS = frozenset({"L010"})


@register()
def check_lint(**kwargs: Any) -> list[CheckMessage]:
    """erviz lint's findings as warnings, when ERVIZ["LINT_CHECKS"] is on."""
    if (
        not isinstance(getattr(settings, "ERVIZ", {}), dict)
        or not get_config()["LINT_CHECKS"]
    ):
        return []
    from .review.lint import lint
    from .schema import build_schema

    return [
        Warning(
            f"{finding.subject}: {finding.message}.",
            hint=f"{finding.rule.explanation} {finding.hint}",
            id=f"erviz.W{finding.rule.id[1:]}",
        )
        for finding in lint(build_schema())
        # A stale view is erviz.W030 already, always on: said once.
        if finding.rule.id not in CHECKED_ALWAYS
    ]


@register()
def check_views(**kwargs: Any) -> list[CheckMessage]:
    """A named view that names a model or an app the project does not have
    (always on: a view goes stale when a model is renamed or removed)."""
    from .schema import get_schema
    from .schema.named_views import configured_views, stale_entries

    user = getattr(settings, "ERVIZ", {})
    if not isinstance(user, dict) or not _VALID["VIEWS"][0](user.get("VIEWS", {})):
        return []  # erviz.E005 says what is wrong with the setting
    try:
        schema = get_schema()
    except Exception:
        return []  # erviz.W011 says it
    return [
        Warning(
            f"ERVIZ['VIEWS'][{view.name!r}] names {entry!r}, which this project "
            "does not have: the view is drawn without it.",
            hint="Rename or remove the entry (a model renamed or removed, or an "
            "app no longer installed).",
            id="erviz.W030",
        )
        for view in configured_views().values()
        for entry in stale_entries(schema, view)
    ]


@register()
def check_relation_fields(**kwargs: Any) -> list[CheckMessage]:
    """One warning per relation field erviz could not fully read. Never an
    error: the host's commands run whatever its models hold."""
    from .schema import get_schema

    try:
        notes = get_schema().notes
    except Exception as error:
        return [
            Warning(
                f"erviz could not read the project's models: "
                f"{type(error).__name__}: {error}",
                hint="erviz's pages and exports will fail; please report this "
                "to erviz with the traceback of `manage.py erviz export`.",
                id="erviz.W011",
            )
        ]
    return [
        Warning(
            f"{note.id}: {note.message} ({note.field_type}).",
            hint="erviz shows what it could read of this field; "
            "the rest of the project is unaffected.",
            id="erviz.W010",
        )
        for note in notes
    ]


@register()
def check_settings(**kwargs: Any) -> list[CheckMessage]:
    user = getattr(settings, "ERVIZ", {})
    if not isinstance(user, dict):
        return [
            Error(
                "The ERVIZ setting must be a dict.",
                hint=f"For example ERVIZ = {{'MAX_DEPTH': {DEFAULTS['MAX_DEPTH']}}}.",
                id="erviz.E006",
            )
        ]
    errors: list[CheckMessage] = []
    for key in sorted(set(user) & set(_REMOVED)):
        errors.append(
            Warning(
                f"ERVIZ[{key!r}] is no longer read: {_REMOVED[key]}",
                hint=_REMOVED_HINTS[key],
                id="erviz.W024",
            )
        )
    for key in sorted(set(user) - set(DEFAULTS) - set(_REMOVED)):
        close = difflib.get_close_matches(key, DEFAULTS, n=1)
        errors.append(
            Warning(
                f"Unknown ERVIZ setting {key!r}: it is ignored.",
                hint=f"Did you mean {close[0]!r}?"
                if close
                else f"Known settings: {', '.join(sorted(DEFAULTS))}.",
                id="erviz.W022",
            )
        )
    for key, (valid, expected) in _VALID.items():
        if key in user and not valid(user[key]):
            errors.append(
                Error(
                    f"ERVIZ[{key!r}] is {user[key]!r}; it must be {expected}.",
                    hint=f"The default is {DEFAULTS[key]!r}.",
                    id="erviz.E005",
                )
            )
    return errors
