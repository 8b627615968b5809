"""Rendered diagrams in Django's cache, keyed so they can never be stale.

The key holds the schema fingerprint (any model change gives a new one), the
selection, the format, the options and erviz's version (a new renderer gives
new pictures).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.cache import caches

from .. import __version__
from ..conf import get_config
from ..schema.model import Schema
from . import render
from .options import DiagramOptions


def cache_key(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> str:
    parts = "\n".join(
        [__version__, schema.fingerprint, fmt, repr(options), *sorted(labels)]
    )
    return f"erviz:render:{hashlib.sha256(parts.encode()).hexdigest()}"


def is_cached(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bool:
    cache = caches[get_config()["CACHE_ALIAS"]]
    return cache.has_key(cache_key(schema, frozenset(labels), fmt, options))


def cached_render(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bytes:
    labels = frozenset(labels)
    config = get_config()
    cache = caches[config["CACHE_ALIAS"]]
    key = cache_key(schema, labels, fmt, options)
    data: bytes | None = cache.get(key)
    if data is None:
        data = render(schema, labels, fmt, options)
        cache.set(key, data, config["CACHE_TIMEOUT"])
    return data
