"""The full test project (demo, contrib, third-party apps) with a cache that
separate processes share, for the export benchmark."""

import bench.settings
from tests.settings import *  # noqa: F403

CACHES = bench.settings.CACHES
