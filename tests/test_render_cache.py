"""Rendered bytes come from Django's cache, and never stale ones."""

from __future__ import annotations

import socket

import pytest

from erviz.render import cache as render_cache
from erviz.render.options import DiagramOptions
from erviz.schema import Schema
from erviz.schema.select import select


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    },
}


@pytest.fixture(params=BACKENDS)
def counted_renders(request, settings, monkeypatch):
    if request.param == "redis" and not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    settings.CACHES = {**settings.CACHES, "erviz": BACKENDS[request.param]}
    settings.ERVIZ = {"CACHE_ALIAS": "erviz"}
    from django.core.cache import caches

    caches["erviz"].clear()
    calls = []
    real_render = render_cache.render

    def render(*args, **kwargs):
        calls.append(args)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(render_cache, "render", render)
    yield calls
    caches["erviz"].clear()


def test_a_repeated_render_is_a_cache_hit(schema, counted_renders):
    labels = select(schema, app_labels=["demo_models"])
    first = render_cache.cached_render(schema, labels, "svg", DiagramOptions())
    second = render_cache.cached_render(schema, labels, "svg", DiagramOptions())
    assert first == second
    assert len(counted_renders) == 1


def test_selection_format_and_options_are_part_of_the_key(schema, counted_renders):
    demo = select(schema, app_labels=["demo_models"])
    auth = select(schema, app_labels=["auth"])
    for labels, fmt, options in [
        (demo, "mermaid", DiagramOptions()),
        (auth, "mermaid", DiagramOptions()),
        (demo, "plantuml", DiagramOptions()),
        (demo, "mermaid", DiagramOptions(detail="none")),
        (demo, "mermaid", DiagramOptions(theme="dark")),
    ]:
        render_cache.cached_render(schema, labels, fmt, options)
    assert len(counted_renders) == 5


def test_a_schema_change_never_serves_the_old_diagram(schema, counted_renders):
    labels = select(schema, app_labels=["demo_models"])
    before = render_cache.cached_render(schema, labels, "mermaid", DiagramOptions())
    relations = tuple(
        r._replace(reverse_accessor="published_books")
        if r.id == "demo_models.Book.publisher"
        else r
        for r in schema.relations
    )
    changed = Schema(apps=schema.apps, models=schema.models, relations=relations)
    after = render_cache.cached_render(changed, labels, "mermaid", DiagramOptions())
    assert len(counted_renders) == 2
    assert b"published_books" in after and b"published_books" not in before
