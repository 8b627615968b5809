"""What drawing in a worker process costs over drawing in the caller's own.

    .venv/bin/python bench/isolation_cost.py

The DOT of a 20-model picture of the demo project (20 of its models, as a
page draws them), drawn as SVG 30 times each way, taking turns: through
:func:`erviz.graphviz.client.draw` with a warm worker (the request pickled
down a pipe, the answer pickled back), and by calling the worker's own
``handle`` in this process (the same layout, label placement and drawing:
the floor). The median difference is the isolation's cost; the goal is under
10 ms. The first request, which starts the worker, is reported apart.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.demo_settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

ROUNDS = 30


def main() -> None:
    import django

    django.setup()

    from erviz.graphviz import client, worker
    from erviz.render.dot import build_graph
    from erviz.render.options import DiagramOptions
    from erviz.render.scene import build_scene
    from erviz.schema import get_schema

    schema = get_schema()
    demo = sorted(m.label for m in schema.models if m.app_label == "demo_models")
    labels = frozenset(
        label for label in demo if not schema.models_by_label[label].auto_created
    )
    labels = frozenset(sorted(labels)[:20])
    scene = build_scene(schema, labels, 8)
    text = build_graph(scene, DiagramOptions()).string()
    request = {
        "dot": text,
        "format": "svg",
        "prog": "dot",
        "dpi": 72,
        "max_pixels": 16_000_000,
        "budget": None,
    }
    started = time.perf_counter()
    client.draw(text, fmt="svg")
    first = time.perf_counter() - started
    pooled, direct = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.draw(text, fmt="svg")
        pooled.append(time.perf_counter() - started)
        started = time.perf_counter()
        worker.handle(request)
        direct.append(time.perf_counter() - started)
    worker_ms = statistics.median(pooled) * 1000
    direct_ms = statistics.median(direct) * 1000
    print(f"{len(scene.models)} models, {len(scene.edges)} relations drawn")
    print(f"first request (starts the worker): {first * 1000:.0f} ms")
    print(f"warm worker, median of {ROUNDS}:      {worker_ms:.1f} ms")
    print(f"in this process (the floor):       {direct_ms:.1f} ms")
    print(
        f"isolation cost: {worker_ms - direct_ms:+.1f} ms "
        f"({worker_ms / direct_ms:.2f}x the floor)"
    )


if __name__ == "__main__":
    main()
