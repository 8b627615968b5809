"""Pictures drawn by worker interpreters, within a time budget.

A small pool of workers per process (:data:`MAX_WORKERS`), each started on
first need with ``python -m erviz.graphviz.worker`` and kept warm. A request
takes an idle worker (or waits for one within its budget), sends the DOT text
and waits for the answer until the budget runs out; then the worker is
killed, as is one that crashed, and :class:`DrawingFailed` says why. A
process that was forked after its workers started (a pre-forking server)
leaves them to its parent and starts its own.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Any, Literal

from . import protocol

logger = logging.getLogger("erviz.render")

#: Workers per process: two requests lay out at once, more wait their turn.
MAX_WORKERS = 2
#: How long a worker that is not answering may take to start and import
#: pygraphviz, beyond the budget of the picture it is started for.
START_SECONDS = 1.0

Reason = Literal["timeout", "crash", "error"]


class DrawingFailed(Exception):
    """No picture: the worker overran its budget, died, or refused the graph."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Drawing:
    data: bytes
    #: The PNG's resolution (lowered to keep PNG_MAX_PIXELS), else None.
    dpi: int | None
    seconds: float


def python_executable() -> str:
    """This interpreter, also where the process is a server that embeds it
    (uWSGI, mod_wsgi: there ``sys.executable`` is the server)."""
    if os.path.basename(sys.executable).startswith("python"):
        return sys.executable
    for name in ("python3", "python"):
        candidate = os.path.join(sys.prefix, "bin", name)
        if os.access(candidate, os.X_OK):
            return candidate
    return sys.executable


class Worker:
    def __init__(self) -> None:
        environment = dict(os.environ)
        # The worker finds erviz and pygraphviz where this process does.
        environment["PYTHONPATH"] = os.pathsep.join(
            entry for entry in sys.path if entry and os.path.isdir(entry)
        )
        self.process = subprocess.Popen(
            [python_executable(), "-m", "erviz.graphviz.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            close_fds=True,
        )
        self.fresh = True

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, request: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        """The worker's answer, or :class:`DrawingFailed` (the worker is
        then dead: killed when it overran)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        if self.fresh and timeout is not None:
            timeout += START_SECONDS
        self.fresh = False
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            stdin.write(protocol.encode(request))
            stdin.flush()
            if not _readable(stdout, deadline):
                self.kill()
                raise DrawingFailed("timeout", f"no answer in {timeout:.1f} s")
            answer = protocol.read(stdout)
        except (BrokenPipeError, OSError):
            answer = None
        if answer is None:
            raise DrawingFailed("crash", self._death())
        return answer

    def _death(self) -> str:
        code = self.process.wait(timeout=5)
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exited with status {code}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


def _readable(stream: IO[bytes], deadline: float | None) -> bool:
    """Whether the answer starts arriving before ``deadline``."""
    left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
    ready, _w, _x = select.select([stream], [], [], left)
    return bool(ready)


class Pool:
    def __init__(self) -> None:
        self._owner = os.getpid()
        self._idle: list[Worker] = []
        self._busy = 0
        self._ready = threading.Condition()

    def _forked(self) -> None:
        """In a forked child, the inherited workers belong to the parent."""
        if os.getpid() != self._owner:
            self._owner, self._idle, self._busy = os.getpid(), [], 0

    def take(self, deadline: float | None) -> Worker:
        with self._ready:
            self._forked()
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        self._busy += 1
                        return worker
                if self._busy < MAX_WORKERS:
                    self._busy += 1
                    break
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise DrawingFailed("timeout", "every worker was busy")
                self._ready.wait(left)
        try:
            return Worker()
        except OSError as error:
            self.give_back(None)
            raise DrawingFailed("error", f"cannot start a worker: {error}") from error

    def give_back(self, worker: Worker | None) -> None:
        with self._ready:
            if os.getpid() != self._owner:
                return
            self._busy -= 1
            if worker is not None and worker.alive:
                self._idle.append(worker)
            self._ready.notify()

    def workers(self) -> list[int]:
        """The pids of the idle workers (for tests and benchmarks)."""
        with self._ready:
            return [worker.pid for worker in self._idle if worker.alive]

    def stop(self) -> None:
        with self._ready:
            for worker in self._idle:
                worker.kill()
            self._idle = []


pool = Pool()


def draw(
    dot: str,
    *,
    fmt: str,
    prog: str = "dot",
    dpi: int = 72,
    max_pixels: int = 16_000_000,
    budget: float | None = None,
) -> Drawing:
    """``dot`` laid out with ``prog`` and drawn as ``fmt`` ("svg", "png",
    "pdf", or "dot" for Graphviz's own writing of the graph), in at most
    ``budget`` seconds (None: no limit)."""
    started = time.monotonic()
    deadline = None if budget is None else started + budget
    worker = pool.take(deadline)
    left = None if deadline is None else max(deadline - time.monotonic(), 0.05)
    request = {
        "dot": dot,
        "format": fmt,
        "prog": prog,
        "dpi": dpi,
        "max_pixels": max_pixels,
        "budget": left,
    }
    try:
        answer = worker.ask(request, left)
    except DrawingFailed as failure:
        worker.kill()
        pool.give_back(None)
        logger.warning(
            "erviz: the Graphviz worker drew no picture (%s: %s, after %.1f s)",
            failure.reason,
            failure.detail,
            time.monotonic() - started,
        )
        raise
    pool.give_back(worker)
    if not answer["ok"]:
        raise DrawingFailed("error", answer["error"])
    return Drawing(answer["data"], answer.get("dpi"), time.monotonic() - started)
