"""``erviz diff`` and ``erviz lint`` on the generated 1,000-model project.

    .venv/bin/python bench/review.py [--repeat N]

The export of the project is diffed against a copy with 100 relations
changed, 20 removed and 10 models renamed (table); both commands run
in-process through ``call_command`` (Django's start-up excluded), best of N.
The target is under 1 second each.

Then whole processes, as a CI job runs them: ``manage.py erviz lint`` and
``export --format json`` on the 170-model Wagtail + oscar project, with and
without ``--system-checks`` (erviz skips the project's checks by default).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

from django.core.management import CommandError, call_command  # noqa: E402

from bench.measure import best  # noqa: E402
from erviz.render.json_export import schema_document  # noqa: E402
from erviz.schema import build_schema  # noqa: E402


def command(*args: str) -> Callable[[], None]:
    def run() -> None:
        try:
            call_command("erviz", *args, stdout=StringIO())
        except CommandError as error:
            assert error.returncode == 1, error  # findings / failing changes

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old = schema_document(build_schema())
    new = json.loads(json.dumps(old))
    relations = new["relations"]
    for relation in relations[:200:2]:
        relation["on_delete"] = "PROTECT" if relation["on_delete"] else None
    del relations[200:220]
    for model in new["models"][:10]:
        model["db_table"] += "_v2"
    folder = Path(tempfile.mkdtemp())
    (folder / "old.json").write_text(json.dumps(old))
    (folder / "new.json").write_text(json.dumps(new))
    print(f"{len(old['models'])} models, {len(old['relations'])} relations")
    for name, run in (
        (
            "erviz diff (text)",
            command("diff", str(folder / "old.json"), str(folder / "new.json")),
        ),
        (
            "erviz diff --format markdown",
            command(
                "diff",
                str(folder / "old.json"),
                str(folder / "new.json"),
                "--format",
                "markdown",
            ),
        ),
        ("erviz diff OLD (live project)", command("diff", str(folder / "old.json"))),
        ("erviz lint", command("lint")),
    ):
        seconds = best(run, args.repeat)
        verdict = "ok" if seconds < 1 else "SLOW"
        print(f"{name:<32}{seconds * 1000:8.0f} ms  {verdict} (target < 1 s)")


def whole_processes(repeat: int) -> None:
    """A CI job's erviz commands as processes, with and without the
    project's system checks."""
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.big_settings",
        "DATABASE_URL": "sqlite:///:memory:",
    }

    def process(*args: str) -> Callable[[], None]:
        def run() -> None:
            subprocess.run(
                [sys.executable, "manage.py", "erviz", *args],
                cwd=root,
                env=env,
                capture_output=True,
                check=False,
            )

        return run

    print(f"\nwhole processes, 170-model project (best of {repeat}):")
    for name, args in (
        ("erviz lint", ("lint",)),
        ("erviz export json", ("export", "-a")),
    ):
        skipped = best(process(*args), repeat)
        checked = best(process("--system-checks", *args), repeat)
        print(
            f"{name:<20}{skipped:6.2f} s, with --system-checks {checked:6.2f} s "
            f"({checked / skipped:.2f}x)"
        )


if __name__ == "__main__":
    main()
    whole_processes(3)
