"""Server time of a cached model view, through the whole Django stack.

    .venv/bin/python bench/model_view.py

For the demo (the full test project) and a generated 1,000-model project:
the median of repeated GETs of a model view by a logged-in superuser, after
a first request has filled the render cache. The target is under 50 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.snippet import run_in_project

CASES = {
    "demo (test project)": (
        "bench.demo_settings",
        "/admin/erviz/models/demo_models.Book/",
    ),
    "generated 1,000 models": ("bench.settings", "/admin/erviz/models/generated.M1/"),
}
MEASURE = """
import statistics, time, django
django.setup()
from django.core.management import call_command
from django.core.cache import cache
from django.contrib.auth import get_user_model
from django.test import Client
call_command("migrate", run_syncdb=True, verbosity=0)
cache.clear()
client = Client()
client.force_login(get_user_model().objects.create_superuser("bench", password="x"))
first = time.perf_counter()
assert client.get({url!r}).status_code == 200
cold = time.perf_counter() - first
samples = []
for _ in range(30):
    start = time.perf_counter()
    assert client.get({url!r}).status_code == 200
    samples.append(time.perf_counter() - start)
print(cold * 1000, statistics.median(samples) * 1000, max(samples) * 1000)
"""


def main() -> None:
    print(f"{'project':<26}{'first (cold)':>14}{'cached median':>15}{'cached max':>12}")
    for name, (settings, url) in CASES.items():
        output = run_in_project(settings, MEASURE.format(url=url))
        cold, median, worst = (float(v) for v in output.split()[-3:])
        print(f"{name:<26}{cold:>12.1f}ms{median:>13.1f}ms{worst:>10.1f}ms")


if __name__ == "__main__":
    main()
