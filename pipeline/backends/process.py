"""``--workers N``: files read in N worker processes, one file each at a time.

* **Time limit** (``--max-seconds-per-file``): a worker still reading a file
  after that long is killed and replaced; a crashed worker costs its file one
  error line.
* Workers are started by :meth:`ProcessBackend.start` before the writer opens
  the database, so their start-up overlaps SQLAlchemy, migrations and the lock.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from plantables.pipeline.backends.base import Outcome, die_with_parent, run_read
from plantables.pipeline.limits import limit_from_env, worker_env
from plantables.pipeline.read import preload_readers

if TYPE_CHECKING:  # imported when a worker is started: a run with nothing to read starts none
    import subprocess
    from multiprocessing.connection import Connection

log = logging.getLogger("plantables.import")


def default_workers() -> int:
    """The machine's cores (the ones this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _worker_main(fd: int) -> None:
    """Loop of a worker process on the socket ``fd``: read ``(seq, path, options)``, send ``(seq, outcome)``."""
    import signal
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    die_with_parent()
    conn = Connection(fd)
    limit_from_env()
    preload_readers()
    # a page makes thousands of small acyclic dicts: collecting cycles every 700
    # allocations cost ~5 % of a reader's time; modules stay out of collections
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        seq, path, options = task
        outcome = run_read(path, options)
        try:
            conn.send((seq, outcome))
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # an unpicklable result
            conn.send((seq, Outcome("error", message=f"result cannot be sent back: {type(exc).__name__}: {exc}")))


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    seq: int | None = None  # task being read
    deadline: float | None = None
    started: float = 0.0  # when the task was sent (a crash's duration)


class ProcessBackend:
    """Up to ``workers`` processes, started when first needed, one file each at a time.

    Each worker is a fresh interpreter running :func:`_worker_main` (not a
    ``multiprocessing`` child: that one re-runs the caller's main script,
    which breaks for ``python -`` and scripts without a main guard, and a
    forked child would inherit the writer's threads); a worker past its
    deadline is killed and replaced.
    """

    def __init__(self, workers: int, *, max_seconds: float | None = None, max_memory_mb: float | None = None) -> None:
        self.max_memory_mb = max_memory_mb or None
        self.slots = max(1, workers)
        self.window = 4 * self.slots  # every worker busy even behind a slow file at the head
        self.max_seconds = max_seconds or None
        self._workers: list[_Worker] = []

    @property
    def free(self) -> int:
        return self.slots - sum(1 for w in self._workers if w.seq is not None)

    def start(self, count: int) -> None:
        """Start up to ``count`` workers now, so their start-up (an interpreter and the readers,
        ~0.3 s) overlaps the writer's own (SQLAlchemy, migrations, the lock) instead of following it."""
        for _ in range(min(count, self.slots) - len(self._workers)):
            self._spawn()

    def submit(self, seq: int, path: str, options: dict[str, Any]) -> None:
        worker = next((w for w in self._workers if w.seq is None), None) or self._spawn()
        try:
            worker.conn.send((seq, path, options))
        except OSError:  # it died while idle: a fresh one takes the file
            self._drop(worker)
            worker = self._spawn()
            worker.conn.send((seq, path, options))
        worker.seq = seq
        worker.started = time.monotonic()
        worker.deadline = worker.started + self.max_seconds if self.max_seconds else None

    def _spawn(self) -> _Worker:
        import subprocess
        from multiprocessing import Pipe

        parent_end, child_end = Pipe()
        fd = child_end.fileno()
        # the caller's import path, so the worker finds plantables wherever this process did
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
                   **worker_env(self.max_memory_mb))
        process = subprocess.Popen(
            [sys.executable, "-c", f"from plantables.pipeline.backends.process import _worker_main; _worker_main({fd})"],
            pass_fds=[fd], stdin=subprocess.DEVNULL, env=env,
        )
        child_end.close()
        worker = _Worker(process, parent_end)
        self._workers.append(worker)
        return worker

    def poll(self, timeout: float) -> list[tuple[int, Outcome]]:
        """Outcomes of tasks that ended within ``timeout`` seconds (killing any past its deadline)."""
        from multiprocessing.connection import wait

        busy = [w for w in self._workers if w.seq is not None]
        if not busy:
            return []
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        if deadlines:
            timeout = max(0.0, min(timeout, min(deadlines) - time.monotonic()))
        ready = wait([w.conn for w in busy], timeout)
        done: list[tuple[int, Outcome]] = []
        for w in busy:
            if w.conn in ready:
                assert w.seq is not None
                try:
                    seq, outcome = w.conn.recv()
                except (EOFError, OSError):  # died mid-file (a crash in C code, the OOM killer)
                    done.append((w.seq, Outcome("crash", exit_code=w.process.wait(), limit=self.max_memory_mb,
                                                       seconds=time.monotonic() - w.started)))
                    self._drop(w)
                    continue
                w.seq = w.deadline = None
                done.append((seq, outcome))
            elif w.seq is not None and w.deadline is not None and time.monotonic() >= w.deadline:
                log.debug("killing reader %s: its file took longer than %g s", w.process.pid, self.max_seconds)
                done.append((w.seq, Outcome("timeout", seconds=time.monotonic() - w.started,
                                                limit=self.max_seconds)))
                self._drop(w)
        return done

    def _drop(self, worker: _Worker) -> None:
        if worker.process.poll() is None:
            worker.process.kill()
        worker.process.wait()
        worker.conn.close()
        self._workers.remove(worker)

    def close(self) -> None:
        import subprocess

        for w in list(self._workers):
            if w.seq is None:
                try:
                    w.conn.send(None)  # idle: let it exit on its own
                    w.process.wait(1)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._drop(w)
