"""Hubs: the models so many relations point at that they join rows of
half the project. The lint (L001: a hub's delete that cascades far), the
review's picture (drawn without them, or it would draw everything) and
the path finder (a path through one joins rows that have little to do with
each other) read this one definition."""

from __future__ import annotations

from django.conf import settings

from ..conf import get_config
from .model import Schema

#: Hubs by their nature, whatever their count: every generic relation
#: points at ContentType.
_ALWAYS = "contenttypes.contenttype"


def hubs(schema: Schema, limit: int | None = None) -> frozenset[str]:
    """The user model, ContentType, and every model that more than
    ``limit`` relations point at (default ``LINT_HUB_RELATIONS``)."""
    limit = get_config()["LINT_HUB_RELATIONS"] if limit is None else limit
    user = str(getattr(settings, "AUTH_USER_MODEL", "auth.User")).lower()
    return frozenset(
        model.label
        for model in schema.models
        if model.label.lower() in (user, _ALWAYS)
        or len(schema.incoming(model.label)) > limit
    )
