"""``erviz export`` against django-extensions' ``graph_models``, same run.

    .venv/bin/python bench/export_vs_graph_models.py

For the large test project (Wagtail and django-oscar beside the test
project: 170 models in 67 apps; needs the ``large`` extra) and for the test
project, whole project (``-a``) and one app, as PNG:

- cold: each command in a fresh process with an empty cache;
- cached: erviz again in a fresh process (a file cache shared by processes)
  and, in-process, a second ``cached_render`` call;
- peak memory (max RSS of the process) and the size of the PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = {
    "large project": ("bench.large_settings", "wagtailcore"),
    "test project": ("bench.demo_settings", "demo_models"),
}
IN_PROCESS = """
import time, django
django.setup()
from erviz.picture_cache import cached_render
from erviz.render.options import DiagramOptions
from erviz.schema import build_schema
from erviz.schema.select import select
schema = build_schema()
labels = select(schema, app_labels={apps!r})
cached_render(schema, labels, "png", DiagramOptions())
start = time.perf_counter()
cached_render(schema, labels, "png", DiagramOptions())
print(time.perf_counter() - start)
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB and stdout of ``command`` in a fresh process."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "if result.returncode: sys.exit(result.stderr)\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([elapsed, rss, result.stdout.strip()]))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    elapsed, rss, stdout = json.loads(output)
    return elapsed, rss, stdout


def png_size(path: Path) -> str:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return f"{width}x{height}"


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    cache_dir = Path(tempfile.gettempdir()) / "erviz-bench-cache"
    out = Path(tempfile.mkdtemp(prefix="erviz-bench-"))
    manage = [sys.executable, "manage.py"]
    print(
        f"{'case':<28}{'graph_models':>14}{'erviz cold':>12}{'cached CLI':>12}"
        f"{'in-process':>12}   ratios (gm/erviz)   peak MB gm/erviz   PNG gm / erviz"
    )
    for project, (settings, app) in PROJECTS.items():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(ROOT),
        }
        for scope, selection in (("-a", ["-a"]), (app, [app])):
            shutil.rmtree(cache_dir, ignore_errors=True)
            gm_png, ev_png = out / "gm.png", out / "erviz.png"
            gm, gm_rss, _ = run(
                [*manage, "graph_models", *selection, "-o", str(gm_png)], env
            )
            cold, ev_rss, _ = run(
                [*manage, "erviz", "export", *selection, "-o", str(ev_png)], env
            )
            cached, _, _ = run(
                [*manage, "erviz", "export", *selection, "-o", str(ev_png)], env
            )
            apps = [] if scope == "-a" else [app]
            _, _, stdout = run(
                [sys.executable, "-c", IN_PROCESS.format(apps=apps)], env
            )
            in_process = float(stdout)
            name = f"{project} {scope}"
            print(
                f"{name:<28}{gm:>13.2f}s{cold:>11.2f}s{cached:>11.2f}s"
                f"{in_process * 1000:>10.1f}ms"
                f"   cold {gm / cold:5.1f}x"
                f" cached {gm / cached:5.1f}x/{gm / in_process:,.0f}x"
                f"   {gm_rss:5.0f}/{ev_rss:5.0f}"
                f"   {png_size(gm_png)} / {png_size(ev_png)}"
            )
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
