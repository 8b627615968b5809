"""The test project as a host that added erviz but did not include its URLs
(it routes requests in a middleware, say), with its cache on a Redis nobody
answers: erviz must not stop its commands."""

from __future__ import annotations

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "tests.urls_without_erviz"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    }
}
