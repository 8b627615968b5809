"""erviz's settings: one ``ERVIZ`` dict, every key optional.

Read through :func:`get_config`, which merges the project's ``ERVIZ`` over
:data:`DEFAULTS`; the merge is cached and reset when a test overrides the
setting.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Cache alias for rendered diagrams, and how long to keep them (seconds).
    # None, a DummyCache or a failing backend: LOCAL_CACHE_BYTES are kept in
    # each process instead.
    "CACHE_ALIAS": "default",
    "CACHE_TIMEOUT": 60 * 60 * 24,
    "LOCAL_CACHE_BYTES": 32 * 1024 * 1024,
    # Largest PNG erviz rasterises, in pixels; beyond it the resolution drops
    # so that memory stays bounded (about 4 bytes per pixel, twice over).
    "PNG_MAX_PIXELS": 16_000_000,
    # The theme of exports when none is asked for: "light" or "dark".
    "DEFAULT_THEME": "light",
    # Above this many models the overview starts as a map of apps.
    "OVERVIEW_MAX_MODELS": 60,
    # A page whose picture has more models than this and is not cached yet
    # shows at once and fetches the picture after (behind a spinner).
    "LAZY_ABOVE_MODELS": 80,
    # The deepest neighbourhood the model view draws.
    "MAX_DEPTH": 6,
    # In the pages, a model that this many edges from other apps reach (the
    # user model, ContentType...) is drawn as a small copy in each source app.
    "HUB_EDGES": 6,
    # Seconds a page's picture may take to lay out and draw (in a Graphviz
    # worker process); a bigger one is drawn simpler (fewer models, a map of
    # apps) and says so. Downloads from the pages get EXPORT_TIME_BUDGET.
    "PICTURE_TIME_BUDGET": 3,
    "EXPORT_TIME_BUDGET": 30,
    # How many matches the search box lists.
    "SEARCH_LIMIT": 20,
    # Seconds a row's delete preview may take before it answers "partial".
    "PREVIEW_TIME_BUDGET": 5,
    # The database row previews count on: None (where the routers send the
    # model's writes), an alias (a read replica) or a callable
    # (model) -> alias. The admin's delete summary counts where it deletes.
    "PREVIEW_DATABASE": None,
    # When the database a preview or a related-rows page reads (a replica)
    # does not answer: False says so (a 503 page, exit 2), True counts on
    # the model's write database instead and says that it did.
    "PREVIEW_DATABASE_FALLBACK": False,
    # Who sees which models: "permitted" (the models a user may view or
    # change in the admin; superusers all) or "staff" (every staff user sees
    # every model, as admindocs does).
    "SCHEMA_VISIBILITY": "permitted",
    # The AdminSite instance whose login, permissions and look erviz's pages
    # share, as a dotted path: set it when the project serves its models from
    # an AdminSite of its own rather than django.contrib.admin.site.
    "ADMIN_SITE": "django.contrib.admin.site",
    # erviz lint: findings to silence, as {rule id: [model labels or globs]}.
    "LINT_IGNORE": {},
    # erviz lint: a rule's level, {rule id: "error" | "warning" | "note"};
    # the rest are warnings (SARIF levels, GitHub annotations, --fail-level).
    "LINT_LEVELS": {},
    # Offer the lint findings as system-check warnings (erviz.W001...).
    "LINT_CHECKS": False,
    # L001: a model with more incoming relations than this is a hub (the
    # user model always is), and its cascade is reported when it deletes
    # rows of more models than LINT_CASCADE_MODELS.
    "LINT_HUB_RELATIONS": 10,
    "LINT_CASCADE_MODELS": 10,
    # Named views: saved selections of models, drawn by `erviz export --view
    # NAME` and listed on the overview, as {name: {"title": ..., "models":
    # ["shop.*", "auth.User"], "depth": 0, "exclude": [...]}}
    # (erviz.schema.named_views).
    "VIEWS": {},
}


@cache
def get_config() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "ERVIZ", {})}


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "ERVIZ":
        get_config.cache_clear()
