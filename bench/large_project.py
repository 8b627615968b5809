"""First visits of erviz's pages on large synthetic projects, beside the
admin's own index page of the same project, measured in the same process.

    .venv/bin/python bench/large_project.py [--models 500 2000 5000]

For each size, a fresh process (cold schema, cold picture cache, no layout
worker yet) of :mod:`bench.synthetic`'s project with every model registered
in the admin: the admin index (first visit), then the first visit of each
erviz page with its picture (``?wait=1``: the picture in the response, not
fetched after it): the overview, every model, the biggest app, the most
connected model (``s0.User``) and a median one, its schema cascade page and a
path between far models. Each row gives seconds, the ratio to the admin
index, whether an ``<svg>`` came back, the fallback the page took
(``data-erviz-fallback``) and the memory the process and its layout workers
hold over the warm process (after the admin index). The goal (issue 25): no
page slower than the admin index, none more than 150 MB over the warm
process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.snippet import run_in_project

MEASURE = r"""
import json, os, re, time, django
django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from erviz.schema import get_schema

def rss_mb(pid="self"):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

def workers_mb():
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                    if b"erviz.graphviz.worker" not in cmd.read():
                        continue
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().split()[3]) != os.getpid():
                        continue
            except OSError:
                continue
            total += rss_mb(entry)
    return total

call_command("migrate", verbosity=0)
client = Client()
client.force_login(get_user_model().objects.create_superuser("bench", password="x"))
started = time.perf_counter()
response = client.get("/admin/")
admin_seconds = time.perf_counter() - started
assert response.status_code == 200
warm = rss_mb()

schema = get_schema()
synthetic = lambda app: re.fullmatch(r"s\d+", app) is not None
labels = [
    m.label for m in schema.models if not m.auto_created and synthetic(m.app_label)
]
degree = {label: 0 for label in labels}
for relation in schema.relations:
    for end in (relation.source, relation.target):
        if end in degree:
            degree[end] += 1
by_degree = sorted(labels, key=lambda label: (degree[label], label))
median = by_degree[len(by_degree) // 2]
hub = by_degree[-1]
last_app = max((m.app_label for m in schema.models if synthetic(m.app_label)),
               key=lambda app: int(app[1:]))
pages = [
    ("overview", "/admin/erviz/?wait=1"),
    ("every model", "/admin/erviz/?level=models&wait=1"),
    ("biggest app (s1)", "/admin/erviz/apps/s1/?wait=1"),
    (f"most connected ({hub})", f"/admin/erviz/models/{hub}/?wait=1"),
    (f"median model ({median})", f"/admin/erviz/models/{median}/?wait=1"),
    (f"cascade of {hub}", f"/admin/erviz/models/{hub}/cascade/?wait=1"),
    (f"path {median} -> {last_app}.M1",
     f"/admin/erviz/models/{median}/path/{last_app}.M1/?max_hops=8"),
]
rows = []
for name, url in pages:
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    page = response.content.decode()
    fallback = re.search(r'data-erviz-fallback="([^"]+)"', page)
    rows.append({
        "page": name,
        "status": response.status_code,
        "seconds": seconds,
        "svg": bool(re.search(r'class="erviz-diagram[^"]*"[^>]*>\s*<svg', page)),
        "fallback": fallback.group(1) if fallback else "",
        "partial": "data-erviz-partial" in page,
        "over_warm_mb": rss_mb() - warm + workers_mb(),
    })
print(json.dumps({
    "models": len(labels),
    "relations": len(schema.relations),
    "admin": admin_seconds,
    "rows": rows,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, nargs="+", default=[500, 2000, 5000])
    sizes = parser.parse_args().models
    for size in sizes:
        os.environ["ERVIZ_SYNTHETIC_MODELS"] = str(size)
        found = json.loads(run_in_project("bench.synthetic_settings", MEASURE))
        admin = found["admin"]
        print(
            f"\n{found['models']} models, {found['relations']} relations: "
            f"admin index (first visit) {admin:.2f} s"
        )
        print(
            f"{'page':<44}{'s':>7}{'/admin':>8}{'svg':>5}{'fallback':>10}"
            f"{'MB over warm':>14}"
        )
        for row in found["rows"]:
            svg = "yes" if row["svg"] else "no"
            fallback = row["fallback"] or ("partial" if row["partial"] else "-")
            print(
                f"{row['page'][:43]:<44}{row['seconds']:>7.2f}"
                f"{row['seconds'] / admin:>7.2f}x{svg:>5}{fallback:>10}"
                f"{row['over_warm_mb']:>14.0f}"
            )


if __name__ == "__main__":
    main()
