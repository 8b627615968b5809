"""Building erviz's schema vs merely iterating ``_meta.get_fields()``.

    .venv/bin/python bench/schema_build.py [--repeat N]

Both sides start from cold ``_meta`` caches (``apps.clear_cache()``), since
building the relation tree is a large part of the cost of either, and they
take turns, so that the machine's load changes both alike. The target
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


def call_get_fields() -> int:
    """The strictest baseline: the loop reads nothing from the fields."""
    count = 0
    for model in apps.get_models(include_auto_created=True):
        count += len(model._meta.get_fields(include_hidden=True))
    return count


def timed(
    functions: dict[str, Callable[[], object]], repeat: int
) -> dict[str, list[float]]:
    """Seconds per run of each function, each run from cold ``_meta`` caches.

    The functions take turns (one run of each per round) so that a change in
    the machine's load or clock during the benchmark hits every side alike.
    """
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            apps.clear_cache()
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    return {name: sorted(runs) for name, runs in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    schema = build_schema()
    models = len(list(apps.get_app_config("generated").get_models()))
    relations = sum(1 for r in schema.relations if r.source.startswith("generated."))
    del schema
    samples = timed(
        {
            "iterate _meta.get_fields(include_hidden=True)": iterate_fields,
            "call get_fields(), the fields left unread": call_get_fields,
            "erviz build_schema()": build_schema,
            "erviz build_schema(), every field record read": lambda: [
                len(model.fields) for model in build_schema().models
            ],
            "erviz build_schema().fingerprint": lambda: build_schema().fingerprint,
        },
        args.repeat,
    )
    print(f"generated project: {models} models, {relations} relations")
    print(f"{'':<48}{'best':>8}{'median':>10}")
    for name, runs in samples.items():
        print(f"{name:<48}{runs[0] * 1000:8.1f}{runs[len(runs) // 2] * 1000:10.1f} ms")
    baseline, strict, graph, with_fields, with_fingerprint = samples.values()
    for name, runs, base, target in (
        ("graph", graph, baseline, " (target < 2)"),
        ("graph, strict baseline", graph, strict, ""),
        ("graph + field records", with_fields, baseline, ""),
        ("graph + fingerprint", with_fingerprint, baseline, ""),
    ):
        best = runs[0] / base[0]
        median = runs[len(runs) // 2] / base[len(base) // 2]
        print(f"ratio, {name + ':':<24}{best:.2f} best, {median:.2f} median{target}")


if __name__ == "__main__":
    main()
