"""Which relations the code read, loaded or not: for the eager loads it
never used.

A read of ``book.author`` that select_related already loaded runs no query,
so the query hook cannot see it. The functions Django runs on every such
read (:func:`.django_code.read_codes`) are watched instead, without
patching them: with ``sys.monitoring`` on those code objects alone
(Python 3.12+, which costs nothing elsewhere), or with a profile function
of the watching thread (Python 3.11, which is called on every call of that
thread, and so costs more).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import CodeType, FrameType
from typing import Any

from django.db.models import Model

from .django_code import QUERY_FILE, read_codes
from .lineage import prefetch_accessor

#: sys.monitoring's tool ids erviz may take (the profiler's and the
#: debugger's are left to them).
_TOOL_IDS = (3, 4)


@dataclass
class Reads:
    """The relations read while watching: (instance, accessor), in order."""

    seen: list[tuple[Model, str]] = field(default_factory=list)
    #: Whether the reads were watched (not when every sys.monitoring tool
    #: id erviz may take was in use).
    watched: bool = False
    _stop: Callable[[], None] | None = None

    def start(self) -> None:
        codes = read_codes()
        thread = threading.get_ident()

        def read(frame: FrameType) -> None:
            kind = codes.get(frame.f_code)
            if kind is None or threading.get_ident() != thread:
                return
            caller = frame.f_back
            if caller is not None and caller.f_code.co_filename == QUERY_FILE:
                return  # a prefetch filling or walking its caches, not the code
            found = _read(kind, frame.f_locals)
            if found is not None:
                self.seen.append(found)

        monitoring = getattr(sys, "monitoring", None)
        if monitoring is not None:
            self._stop = _monitor(monitoring, codes, read)
        else:
            self._stop = _profile(codes, read)
        self.watched = self._stop is not None

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None


def _monitor(
    monitoring: Any, codes: dict[CodeType, str], read: Callable[[FrameType], None]
) -> Callable[[], None] | None:
    """PY_START events of ``codes`` alone; None where every tool id erviz
    may take is in use (the reads are then not watched)."""
    for tool in _TOOL_IDS:
        if monitoring.get_tool(tool) is None:
            break
    else:
        return None
    monitoring.use_tool_id(tool, "erviz")
    event = monitoring.events.PY_START

    def started(code: CodeType, offset: int) -> None:
        read(sys._getframe(1))

    monitoring.register_callback(tool, event, started)
    for code in codes:
        monitoring.set_local_events(tool, code, event)

    def stop() -> None:
        for code in codes:
            monitoring.set_local_events(tool, code, 0)
        monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)

    return stop


def _profile(
    codes: dict[CodeType, str], read: Callable[[FrameType], None]
) -> Callable[[], None]:
    """A profile function of this thread, passing calls of ``codes`` on
    (and the profile function there was, restored after)."""
    before: Any = sys.getprofile()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code in codes:
            read(frame)
        if before is not None:
            before(frame, event, arg)

    sys.setprofile(profile)

    def stop() -> None:
        sys.setprofile(before)

    return stop


def _read(kind: str, local: dict[str, Any]) -> tuple[Model, str] | None:
    """The instance and the accessor a watched call reads."""
    owner = local.get("self")
    if kind == "descriptor":
        instance = local.get("instance")
        if not isinstance(instance, Model):
            return None
        related = getattr(owner, "related", None)
        if related is not None:  # a reverse one-to-one
            return instance, related.get_accessor_name()
        name = getattr(getattr(owner, "field", owner), "name", None)
        return (instance, name) if isinstance(name, str) else None
    instance = getattr(owner, "instance", None)
    if not isinstance(instance, Model):
        return None
    rel_field = getattr(owner, "field", None)
    if rel_field is not None and hasattr(rel_field, "remote_field"):
        # A reverse foreign key's manager.
        return instance, rel_field.remote_field.get_accessor_name()
    name = getattr(owner, "prefetch_cache_name", None)
    if isinstance(name, str):
        return instance, prefetch_accessor(type(instance), name)
    return None
