"""Where a model or field is defined: file and line, for review tools
(SARIF, GitHub annotations) that point reviewers at the code.

Read from the model class's source with ``inspect``; None where there is no
source (a model built at run time, a compiled module).
"""

from __future__ import annotations

import inspect
import os
import re
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.apps.registry import Apps


@dataclass(frozen=True)
class Location:
    #: The file, relative to the project root where it lies below it.
    path: str
    line: int


def locate(
    label: str, field: str | None, root: str = ".", registry: Apps = global_apps
) -> Location | None:
    """The ``class`` line of model ``label``, or the first line of its
    ``field = ...`` statement (the class line where the field is inherited
    or added by another app)."""
    try:
        model = registry.get_model(label)
        source = inspect.getsourcefile(model)
        lines, start = inspect.getsourcelines(model)
    except (OSError, TypeError, LookupError, ValueError):
        return None
    if source is None:
        return None
    line = start
    if field is not None:
        statement = re.compile(rf"^\s+{re.escape(field)}\s*(:[^=]*)?=")
        for number, text in enumerate(lines):
            if statement.match(text):
                line = start + number
                break
    return Location(_relative(source, root), line)


def _relative(path: str, root: str) -> str:
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    if os.path.commonpath([absolute, base]) == base:
        return os.path.relpath(absolute, base).replace(os.sep, "/")
    return absolute.replace(os.sep, "/")
