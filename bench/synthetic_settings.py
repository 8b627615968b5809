"""The benchmarks' settings with a synthetic project of
``ERVIZ_SYNTHETIC_MODELS`` models (default 500) in a tenth as many apps,
written by :mod:`bench.synthetic` into the temporary folder (and reused)."""

import os
import sys
import tempfile
from pathlib import Path

from bench.settings import *  # noqa: F403
from bench.settings import INSTALLED_APPS
from bench.synthetic import project_folder, write_project

MODELS = int(os.environ.get("ERVIZ_SYNTHETIC_MODELS", "500"))
APPS = max(3, MODELS // 10)
ROOT = Path(tempfile.gettempdir()) / "erviz-synthetic"
LABELS = write_project(ROOT, MODELS, APPS)
sys.path.insert(0, str(project_folder(ROOT, MODELS, APPS)))
INSTALLED_APPS = [
    app for app in INSTALLED_APPS if app not in ("bench.generated", "django_extensions")
] + LABELS
# Each process keeps its own pictures: a first visit is a first visit.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
