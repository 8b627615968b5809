"""The large test project (Wagtail, django-oscar: 170 models in 67 apps)
with a cache that separate processes share, for the export benchmark."""

import bench.settings
from tests.big_settings import *  # noqa: F403

CACHES = bench.settings.CACHES
