"""Second visits without a working shared cache, on the 170-model project.

    .venv/bin/python bench/cache_fallback.py

The overview page (and its app map) by a logged-in superuser, with CACHES
pointing at a DummyCache (keeps nothing) and at a Redis nobody answers (every
call refused): the first visit renders, the next ones come from erviz's
process-local LRU. Beside them, the floor: the same page with the picture
in a LocMemCache (the shared cache working). Target: second visit >= 10x
faster than the first.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.snippet import run_in_project

BACKENDS = {
    "DummyCache": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "Redis down": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    },
    "LocMemCache (floor)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
URLS = ("/admin/erviz/", "/admin/erviz/apps/wagtailcore/")
MEASURE = """
import logging, statistics, time, django
from django.conf import settings
settings.CACHES = {{"default": {backend!r}}}
logging.disable(logging.WARNING)
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client
call_command("migrate", run_syncdb=True, verbosity=0)
client = Client()
client.force_login(get_user_model().objects.create_superuser("bench", password="x"))
for url in {urls!r}:
    start = time.perf_counter()
    assert client.get(url + "?wait=1").status_code == 200
    first = time.perf_counter() - start
    samples = []
    for _ in range(10):
        start = time.perf_counter()
        assert client.get(url + "?wait=1").status_code == 200
        samples.append(time.perf_counter() - start)
    print(url, first * 1000, statistics.median(samples) * 1000)
"""


def main() -> None:
    print(f"{'cache':<22}{'page':<34}{'first':>10}{'second':>10}{'ratio':>8}")
    for name, backend in BACKENDS.items():
        output = run_in_project(
            "bench.large_settings", MEASURE.format(backend=backend, urls=URLS)
        )
        for line in output.strip().splitlines():
            url, first, second = line.split()
            ratio = float(first) / float(second)
            print(
                f"{name:<22}{url:<34}{float(first):>8.0f}ms"
                f"{float(second):>8.1f}ms{ratio:>7.0f}x"
            )


if __name__ == "__main__":
    main()
