"""Building erviz's schema vs merely iterating ``_meta.get_fields()``.

    .venv/bin/python bench/schema_build.py [--repeat N]

Both sides start from cold ``_meta`` caches (``apps.clear_cache()``), since
building the relation tree is a large part of the cost of either. The target
is a ratio below 2 for the graph (models, relations, reverse accessors). A
model's field records are read from ``_meta`` when first used, and so is the
fingerprint: both are timed on top of the graph as well.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

from django.apps import apps  # noqa: E402

from erviz.schema import build_schema  # noqa: E402


def iterate_fields() -> int:
    count = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            count += bool(field.name)
    return count


def timed(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        apps.clear_cache()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    schema = build_schema()
    models = len(list(apps.get_app_config("generated").get_models()))
    relations = sum(1 for r in schema.relations if r.source.startswith("generated."))
    baseline = timed(iterate_fields, args.repeat)
    ours = timed(build_schema, args.repeat)
    with_fields = timed(
        lambda: [len(model.fields) for model in build_schema().models], args.repeat
    )
    with_fingerprint = timed(lambda: build_schema().fingerprint, args.repeat)
    print(f"generated project: {models} models, {relations} relations")
    for name, seconds in (
        ("iterate _meta.get_fields(include_hidden=True)", baseline),
        ("erviz build_schema()", ours),
        ("erviz build_schema(), every field record read", with_fields),
        ("erviz build_schema().fingerprint", with_fingerprint),
    ):
        print(f"{name:<48}{seconds * 1000:8.1f} ms")
    print(f"ratio, graph:                 {ours / baseline:.2f} (target < 2)")
    print(f"ratio, graph + field records: {with_fields / baseline:.2f}")
    print(f"ratio, graph + fingerprint:   {with_fingerprint / baseline:.2f}")


if __name__ == "__main__":
    main()
