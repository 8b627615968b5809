"""Rendered diagrams, kept so that a second visit is fast in any deployment.

The key holds the schema fingerprint (any model change gives a new one), the
selection, the format, the options, the active language (legends and labels
are translated) and erviz's version (a new renderer gives new pictures), so a
kept picture is never stale.

A cache is an optimisation, not a dependency: the bytes go to Django's cache
(``ERVIZ["CACHE_ALIAS"]``), and when that alias is a ``DummyCache``, is
``None``, or its backend raises (a Redis nobody answers, a timeout, a
pickling error), to a bounded process-local LRU instead. A failing backend is
logged once per process, as a warning; the page is served all the same.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.core.cache import BaseCache, caches
from django.core.cache.backends.dummy import DummyCache
from django.utils.translation import get_language

from . import __version__
from .conf import get_config
from .graphviz.client import DrawingFailed
from .render import render
from .render.fallback import SHARE, Picture, Reason, attempts, drawn_models
from .render.options import DiagramOptions
from .schema.model import Schema
from .schema.paths import PathSearch, find_paths

logger = logging.getLogger("erviz")


def cache_key(
    schema: Schema,
    labels: Iterable[str],
    fmt: str,
    options: DiagramOptions,
    *extra: str,
) -> str:
    # A picture's legend and labels are in the active language.
    language = get_language() or ""
    return _key(
        "render",
        schema,
        fmt,
        language,
        repr(options),
        *extra,
        *sorted(labels),
    )


def _key(kind: str, schema: Schema, *parts: str) -> str:
    """A cache key of erviz's version, the schema's fingerprint and
    ``parts``: nothing kept outlives the code or the models it came from."""
    text = "\n".join([__version__, schema.fingerprint, *parts])
    return f"erviz:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


class LocalCache:
    """Rendered bytes in this process, least recently used dropped first
    once they pass ``max_bytes`` in all."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            data = self._entries.get(key)
            if data is not None:
                self._entries.move_to_end(key)
            return data

    def set(self, key: str, data: Any, max_bytes: int) -> None:
        if _size(data) > max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += _size(data) - (_size(old) if old is not None else 0)
            self._entries[key] = data
            while self._bytes > max_bytes:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= _size(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._bytes


def _size(value: Any) -> int:
    """Bytes of rendered data, or of a picture's."""
    if isinstance(value, Picture):
        return len(value.data or b"")
    return len(value)


local_cache = LocalCache()
_failed_aliases: set[str] = set()


def _shared_cache() -> BaseCache | None:
    """Django's cache for rendered bytes, or None where it keeps nothing."""
    alias = get_config()["CACHE_ALIAS"]
    if alias is None:
        return None
    try:
        cache = caches[alias]
    except Exception as error:
        _log_failure(alias, error)
        return None
    return None if isinstance(cache, DummyCache) else cache


def _log_failure(alias: str, error: Exception) -> None:
    if alias in _failed_aliases:
        return
    _failed_aliases.add(alias)
    logger.warning(
        "erviz: the cache %r failed (%s: %s); rendering without it, and keeping "
        "pictures in this process instead. Said once per process.",
        alias,
        type(error).__name__,
        error,
    )


def _get(key: str) -> Any:
    cache = _shared_cache()
    if cache is not None:
        try:
            data = cache.get(key)
        except Exception as error:
            _log_failure(get_config()["CACHE_ALIAS"], error)
        else:
            return data
    return local_cache.get(key)


def _set(key: str, data: Any) -> None:
    config = get_config()
    cache = _shared_cache()
    if cache is not None:
        try:
            cache.set(key, data, config["CACHE_TIMEOUT"])
        except Exception as error:
            _log_failure(config["CACHE_ALIAS"], error)
        else:
            return
    local_cache.set(key, data, config["LOCAL_CACHE_BYTES"])


def is_cached(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bool:
    return _kept(cache_key(schema, frozenset(labels), fmt, options))


def _kept(key: str) -> bool:
    """Whether ``key`` is kept, without fetching what it holds."""
    cache = _shared_cache()
    if cache is not None:
        try:
            return bool(cache.has_key(key))
        except Exception as error:
            _log_failure(get_config()["CACHE_ALIAS"], error)
    return local_cache.get(key) is not None


def cached_render(
    schema: Schema, labels: Iterable[str], fmt: str, options: DiagramOptions
) -> bytes:
    labels = frozenset(labels)
    key = cache_key(schema, labels, fmt, options)
    data = _get(key)
    if data is None:
        data = render(schema, labels, fmt, options)
        _set(key, data)
    return data


#: Seconds a simpler picture may take after the asked one overran or
#: crashed: a request costs at most its budget and this.
FALLBACK_SECONDS = 1.0


def picture_is_cached(
    schema: Schema,
    labels: Iterable[str],
    options: DiagramOptions,
    subject: str | None = None,
) -> bool:
    return _kept(_picture_key(schema, frozenset(labels), options, subject))


def _picture_key(
    schema: Schema, labels: frozenset[str], options: DiagramOptions, subject: str | None
) -> str:
    return cache_key(schema, labels, "svg", options, "picture", subject or "")


def cached_picture(
    schema: Schema,
    labels: Iterable[str],
    options: DiagramOptions,
    subject: str | None = None,
) -> Picture:
    """The SVG of ``labels`` within ``options.time_budget``, or the simplest
    picture that fits (:mod:`erviz.render.fallback`), or none when even that
    failed; kept like any picture (a fallback under the budget it was drawn
    for, which is part of ``options``)."""
    labels = frozenset(labels)
    key = _picture_key(schema, labels, options, subject)
    picture = _get(key)
    if isinstance(picture, Picture):
        return picture
    picture = _draw_within_budget(schema, labels, options, subject)
    # A crash may pass: the next visit tries again. An overrun is kept like
    # any picture, so that a visitor who reloads does not pay the budget anew.
    if picture.reason != "crash":
        _set(key, picture)
    return picture


def _draw_within_budget(
    schema: Schema, labels: frozenset[str], options: DiagramOptions, subject: str | None
) -> Picture:
    started = time.monotonic()
    budget = options.time_budget
    tried = list(attempts(schema, labels, options, subject))
    if budget is not None:
        # The first whose estimate fits, else the simplest.
        fits = [a.seconds <= budget * SHARE for a in tried]
        tried = tried[fits.index(True) if True in fits else len(tried) - 1 :]
    asked = len(drawn_models(schema, labels))
    failure: DrawingFailed | None = None
    for attempt in tried[:2]:
        left = None
        if budget is not None:
            left = max(budget - (time.monotonic() - started), 0.0)
            if failure is not None:
                left += FALLBACK_SECONDS
        try:
            data = render(
                schema,
                attempt.labels,
                "svg",
                replace(attempt.options, time_budget=left),
            )
        except DrawingFailed as error:
            failure = error
            continue
        reason: Reason | None = None if attempt.level == "full" else "size"
        if failure is not None:
            reason = failure.reason
        return Picture(data, attempt.level, reason, attempt.left_out, asked)
    return Picture(None, "full", failure.reason if failure else "error", asked, asked)


def cached_paths(
    schema: Schema,
    start: str,
    end: str,
    max_hops: int,
    limit: int,
    deadline: float | None = None,
) -> PathSearch:
    """:func:`erviz.schema.paths.find_paths`, kept like a picture (per
    schema fingerprint, so per visible set of models, and per query) when
    the search was complete."""
    key = _key("paths", schema, start, end, str(max_hops), str(limit))
    kept = _get(key)
    if isinstance(kept, bytes):
        search = pickle.loads(kept)
        if isinstance(search, PathSearch):
            return search
    search = find_paths(schema, start, end, max_hops, limit, deadline)
    if search.complete:
        _set(key, pickle.dumps(search, protocol=pickle.HIGHEST_PROTOCOL))
    return search
