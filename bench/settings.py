"""Settings for the benchmarks that need a generated project."""

import tempfile
from pathlib import Path

SECRET_KEY = "bench"
INSTALLED_APPS = [
    "erviz",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django_extensions",
    "bench.generated",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# A cache shared by separate processes, so a second CLI export is a cache hit.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(tempfile.gettempdir()) / "erviz-bench-cache"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
# graph_models renders its DOT through Django templates.
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
]
