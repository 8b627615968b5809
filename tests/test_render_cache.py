"""Rendered bytes come from Django's cache, and never stale ones."""

from __future__ import annotations

import logging
import pickle
import socket

import pytest
from django.core.cache.backends.locmem import LocMemCache

from erviz import picture_cache as render_cache
from erviz.render import FORMATS
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


def count_renders(monkeypatch) -> list:
    """The renders the cache asks for from now on, one entry each."""
    calls = []
    real_render = render_cache.render

    def render(*args, **kwargs):
        calls.append(args)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(render_cache, "render", render)
    return calls


@pytest.fixture(params=BACKENDS)
def counted_renders(request, settings, monkeypatch):
    if request.param == "redis" and not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    settings.CACHES = {**settings.CACHES, "erviz": BACKENDS[request.param]}
    settings.ERVIZ = {"CACHE_ALIAS": "erviz"}
    from django.core.cache import caches

    caches["erviz"].clear()
    yield count_renders(monkeypatch)
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


class PicklingFailsCache(LocMemCache):
    """A backend that fails as a misconfigured one does."""

    def get(self, *args, **kwargs):
        raise pickle.UnpicklingError("bad data in the cache")

    def set(self, *args, **kwargs):
        raise pickle.PicklingError("cannot pickle")

    def has_key(self, *args, **kwargs):
        raise pickle.UnpicklingError("bad data in the cache")


#: Caches that keep nothing, or fail on every call.
NOT_KEEPING = {
    "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    # Nothing listens on the discard port: every call is a refused connection.
    "redis down": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    },
    "pickling fails": {"BACKEND": f"{__name__}.PicklingFailsCache"},
}


@pytest.fixture(params=NOT_KEEPING)
def broken_cache(request, settings, monkeypatch):
    settings.CACHES = {**settings.CACHES, "erviz": NOT_KEEPING[request.param]}
    settings.ERVIZ = {"CACHE_ALIAS": "erviz"}
    render_cache.local_cache.clear()
    monkeypatch.setattr(render_cache, "_failed_aliases", set())
    yield count_renders(monkeypatch)
    render_cache.local_cache.clear()


def test_a_cache_that_keeps_nothing_or_fails_still_gives_fast_second_visits(
    schema, broken_cache, caplog
):
    labels = select(schema, app_labels=["demo_models"])
    with caplog.at_level(logging.WARNING, logger="erviz"):
        first = render_cache.cached_render(schema, labels, "svg", DiagramOptions())
        second = render_cache.cached_render(schema, labels, "svg", DiagramOptions())
        assert render_cache.is_cached(schema, labels, "svg", DiagramOptions())
    assert first == second
    assert len(broken_cache) == 1  # the second came from the process's LRU
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert len(failures) <= 1  # said once per process, if the cache failed


@pytest.mark.django_db
def test_every_page_and_download_answers_while_the_cache_is_down(
    broken_cache, admin_client
):
    urls = [
        "/admin/",
        "/admin/erviz/",
        "/admin/erviz/?level=apps",
        "/admin/erviz/apps/demo_models/",
        "/admin/erviz/models/demo_models.Book/",
        "/admin/erviz/models/demo_models.Book/panel/",
        "/admin/erviz/models/demo_models.Book/cascade/",
        "/admin/erviz/search/?q=book",
        *(f"/admin/erviz/export/{fmt}/?app=demo_models" for fmt in FORMATS),
    ]
    statuses = {url: admin_client.get(url).status_code for url in urls}
    assert {url: s for url, s in statuses.items() if s != 200} == {}


def test_the_process_cache_drops_the_least_recently_used_past_its_size():
    local = render_cache.LocalCache()
    local.set("a", b"x" * 40, max_bytes=100)
    local.set("b", b"y" * 40, max_bytes=100)
    assert local.get("a") is not None  # a is now the most recently used
    local.set("c", b"z" * 40, max_bytes=100)
    assert local.get("b") is None
    assert local.get("a") and local.get("c")
    assert local.size == 80
    local.set("huge", b"h" * 101, max_bytes=100)  # never kept
    assert local.get("huge") is None and local.size == 80


def test_no_cache_alias_keeps_pictures_in_the_process(schema, settings, monkeypatch):
    settings.ERVIZ = {"CACHE_ALIAS": None}
    render_cache.local_cache.clear()
    labels = select(schema, app_labels=["auth"])
    render_cache.cached_render(schema, labels, "mermaid", DiagramOptions())
    assert render_cache.is_cached(schema, labels, "mermaid", DiagramOptions())
    render_cache.local_cache.clear()


@pytest.mark.django_db
def test_changing_png_max_pixels_never_serves_the_old_png(admin_client, settings):
    import struct

    def width(png: bytes) -> int:
        return struct.unpack(">I", png[16:20])[0]

    url = "/admin/erviz/export/png/?app=demo_models"
    large = admin_client.get(url).content
    settings.ERVIZ = {"PNG_MAX_PIXELS": 1_000_000}
    small = admin_client.get(url).content
    assert width(small) < width(large)
    assert width(large) * struct.unpack(">I", large[20:24])[0] > 1_100_000
    assert width(small) * struct.unpack(">I", small[20:24])[0] <= 1_100_000
