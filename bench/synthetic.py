"""Large synthetic Django projects for the benchmarks: ``models`` models in
``apps`` apps, written as real packages (``models.py`` and ``admin.py``
registering every model), the way a big project looks to Django and erviz.

Each model has a few plain fields and, chosen by a fixed seed so that the
same arguments always give the same project:

- a ``parent`` in its own app (CASCADE), a ``cross`` key to another app
  (CASCADE, PROTECT or SET_NULL) and, for every tenth, a key to itself;
- one in 17 points at the hub ``s0.User`` (299 models of 5,000, as on the
  project issue 25 was measured on), one in 50 at ``s0.Site``;
- one in three has a many-to-many to any model.

App ``s1`` is three times the size of the others (the biggest app).

    from bench.synthetic import write_project
    labels = write_project(Path("/tmp/synthetic"), models=5000, apps=500)
"""

from __future__ import annotations

import random
from pathlib import Path

#: Bump when the shape changes: a written project is reused when its
#: folder's name (models, apps, shape) matches.
SHAPE = 1
ON_DELETE = ("CASCADE", "PROTECT", "SET_NULL")


def app_sizes(models: int, apps: int) -> list[int]:
    """Models per app: the hub app ``s0`` holds the two hubs and app ``s1``
    three shares; the rest share what is left evenly."""
    share = max(1, (models - 2) // (apps + 2))
    sizes = [2, 3 * share] + [share] * (apps - 2)
    sizes[-1] += models - sum(sizes)
    return sizes


def project_folder(root: Path, models: int, apps: int) -> Path:
    """The folder holding the project's app packages (put it on sys.path)."""
    return root / f"synthetic_{models}_{apps}_v{SHAPE}"


def write_project(root: Path, models: int, apps: int, seed: int = 25) -> list[str]:
    """Write the project's apps into :func:`project_folder` unless they are
    there, and return their labels."""
    folder = project_folder(root, models, apps)
    sizes = app_sizes(models, apps)
    labels = [f"s{index}" for index in range(apps)]
    if (folder / "done").exists():
        return labels
    rng = random.Random(seed)
    names = [
        [f"{label}.M{number}" for number in range(size)]
        for label, size in zip(labels, sizes, strict=True)
    ]
    names[0] = ["s0.User", "s0.Site"]
    everything = [name for app in names for name in app]
    serial = 0
    for label, app_models in zip(labels, names, strict=True):
        package = folder / label
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text("")
        lines = ["from django.db import models", ""]
        for position, name in enumerate(app_models):
            serial += 1
            lines += _model(name, position, app_models, everything, serial, rng)
        (package / "models.py").write_text("\n".join(lines) + "\n")
        (package / "admin.py").write_text(
            "from django.apps import apps\nfrom django.contrib import admin\n\n"
            f"for model in apps.get_app_config({label!r}).get_models():\n"
            "    admin.site.register(model)\n"
        )
    (folder / "done").write_text("")
    return labels


def _model(
    name: str,
    position: int,
    siblings: list[str],
    everything: list[str],
    serial: int,
    rng: random.Random,
) -> list[str]:
    app, model = name.split(".")
    stem = f"{app}_{model}".lower()
    lines = [
        f"class {model}(models.Model):",
        "    name = models.CharField(max_length=100)",
        "    code = models.SlugField()",
        "    created = models.DateTimeField(auto_now_add=True)",
    ]
    if app == "s0":
        return [*lines, ""]

    def key(field: str, target: str, on_delete: str, **extra: str) -> str:
        null = ", null=True" if on_delete == "SET_NULL" else ""
        more = "".join(f", {k}={v}" for k, v in extra.items())
        return (
            f"    {field} = models.ForeignKey({target!r}, "
            f"on_delete=models.{on_delete}{null}, "
            f"related_name={stem + '_' + field!r}{more})"
        )

    if position:
        lines.append(key("parent", siblings[rng.randrange(position)], "CASCADE"))
    other = rng.choice(everything)
    while other.startswith(f"{app}."):
        other = rng.choice(everything)
    lines.append(key("cross", other, rng.choice(ON_DELETE)))
    if serial % 10 == 0:
        lines.append(key("previous", "self", "SET_NULL"))
    if serial % 17 == 0:
        lines.append(key("owner", "s0.User", "PROTECT"))
    if serial % 50 == 0:
        lines.append(key("site", "s0.Site", "CASCADE"))
    if serial % 3 == 0:
        lines.append(
            f"    links = models.ManyToManyField({rng.choice(everything)!r}, "
            f"related_name={stem + '_links'!r}, blank=True)"
        )
    return [*lines, ""]
