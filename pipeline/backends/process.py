"""Read documents in worker processes or on a Dask cluster while one writer loads them.

``plantables import --workers N`` (and ``--executor dask --scheduler ADDR``)
splits the import in two: the per-document work — sniff, read, normalise,
:func:`plantables.pipeline.read_plan`, pure and returning a picklable
``PlanDocument`` — runs elsewhere, and the database writer in this process
loads each document in its own transaction as it comes back
(:func:`import_concurrently`, called by ``import_paths``).

* **Bounded**: files are taken ``window`` ahead of the writer (default four
  per worker), so no more than that many documents are in flight or waiting;
  nothing holds the whole corpus, memory stays flat as the corpus grows.
* **Same database as a serial run**: documents are loaded in discovery order
  (editions of one plan are numbered as a one-at-a-time run numbers them), and
  the writer keeps every rule of a serial run — skip what is loaded, one
  transaction per document, one line per failed file.
* **Only what needs reading is sent**: a file already loaded (size + mtime, or
  its content) is skipped by the writer without starting a worker, so a second
  run over an unchanged folder starts no process.
* **Time limit** (``--max-seconds-per-file``): a worker process still reading
  a file after that long is killed and replaced; a crashed worker costs its
  file one error line. Dask cannot interrupt a running task: the writer gives
  up on it (the task is cancelled, its result dropped when it ends).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a worker is started: a run with nothing to read starts none
    import subprocess

log = logging.getLogger("plantables.import")

EXECUTORS = ("process", "dask")

#: modules every reader needs, imported by each worker before its first file
WORKER_PRELOAD = (
    "plantables.pipeline",
    "plantables.extract.sniff",
    "plantables.extract.pdf.plan",
    "plantables.extract.pdf.engine",
    "plantables.extract.text.reader",
    "plantables.normalise.plan",
)


def preload_readers() -> None:
    """Import the readers in this process (a worker before its first file; the serial
    path before forking a time-limited child per file, so each child starts warm)."""
    import importlib

    for name in WORKER_PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # a reader this build does not have
            pass


#: what a worker sends back: ("ok", plan, seconds) | ("extract", path, reason)
#: | ("error", message) | ("timeout", seconds) | ("crash", exit code)
Outcome = tuple


class ExecutorError(RuntimeError):
    """The executor cannot run (e.g. the Dask scheduler is unreachable); the message is one line."""


def default_workers() -> int:
    """The machine's cores (the ones this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- the per-document task (runs in a worker) -----------------------------------


#: PDFium is not thread-safe: a process reads one file at a time (a Dask worker
#: started with several threads runs our tasks one after the other)
_READ_LOCK = threading.Lock()


def run_read(path: str, options: dict) -> Outcome:
    """``read_plan(path, **options)`` as an outcome tuple; never raises (runs on workers)."""
    from plantables.extract.model import ExtractError
    from plantables.pipeline import read_plan

    with _READ_LOCK:
        started = time.perf_counter()
        try:
            return ("ok", read_plan(path, **options), time.perf_counter() - started)
        except ExtractError as exc:  # sent as fields: its __init__ takes (path, reason)
            return ("extract", exc.path, exc.reason)
        except Exception as exc:
            return ("error", f"{type(exc).__name__}: {exc}")


def plan_from(outcome: Outcome, label: str):
    """The ``PlanDocument`` of an outcome, or the exception a serial read would have raised."""
    from plantables.extract.model import ExtractError
    from plantables.pipeline import ReaderFailed

    kind, *payload = outcome
    if kind == "ok":
        return payload[0]
    if kind == "extract":
        raise ExtractError(*payload)
    if kind == "timeout":
        raise TimeoutError(f"gave up after {payload[0]:g} s (--max-seconds-per-file)")
    if kind == "crash":
        raise ExtractError(label, f"the reader crashed (exit code {payload[0]})")
    raise ReaderFailed(payload[0])


def _seconds(outcome: Outcome) -> float:
    return outcome[2] if outcome[0] == "ok" else 0.0


# --- worker processes ------------------------------------------------------------


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the importer
    except Exception:  # not Linux: workers still stop when their pipe closes
        pass


def _worker_main(fd: int) -> None:
    """Loop of a worker process on the socket ``fd``: read ``(seq, path, options)``, send ``(seq, outcome)``."""
    import signal
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    _die_with_parent()
    conn = Connection(fd)
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
            conn.send((seq, ("error", f"result cannot be sent back: {type(exc).__name__}: {exc}")))


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: object
    seq: int | None = None  # task being read
    deadline: float | None = None


class ProcessBackend:
    """Up to ``workers`` processes, started when first needed, one file each at a time.

    Each worker is a fresh interpreter running :func:`_worker_main` (not a
    ``multiprocessing`` child: that one re-runs the caller's main script,
    which breaks for ``python -`` and scripts without a main guard, and a
    forked child would inherit the writer's threads); a worker past its
    deadline is killed and replaced.
    """

    def __init__(self, workers: int, *, max_seconds: float | None = None):
        self.slots = max(1, workers)
        self.max_seconds = max_seconds or None
        self._workers: list[_Worker] = []

    @property
    def free(self) -> int:
        return self.slots - sum(1 for w in self._workers if w.seq is not None)

    def warm(self, count: int) -> None:
        """Start up to ``count`` workers now, so their start-up (an interpreter and the readers,
        ~0.3 s) overlaps the writer's own (SQLAlchemy, migrations, the lock) instead of following it."""
        for _ in range(min(count, self.slots) - len(self._workers)):
            self._spawn()

    def start(self, seq: int, path: str, options: dict) -> None:
        worker = next((w for w in self._workers if w.seq is None), None) or self._spawn()
        try:
            worker.conn.send((seq, path, options))
        except OSError:  # it died while idle: a fresh one takes the file
            self._drop(worker)
            worker = self._spawn()
            worker.conn.send((seq, path, options))
        worker.seq = seq
        worker.deadline = time.monotonic() + self.max_seconds if self.max_seconds else None

    def _spawn(self) -> _Worker:
        import subprocess
        from multiprocessing import Pipe

        parent_end, child_end = Pipe()
        fd = child_end.fileno()
        # the caller's import path, so the worker finds plantables wherever this process did
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        process = subprocess.Popen(
            [sys.executable, "-c", f"from plantables.executors import _worker_main; _worker_main({fd})"],
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
                try:
                    seq, outcome = w.conn.recv()
                except (EOFError, OSError):  # died mid-file (a crash in C code, the OOM killer)
                    done.append((w.seq, ("crash", w.process.wait())))
                    self._drop(w)
                    continue
                w.seq = w.deadline = None
                done.append((seq, outcome))
            elif w.deadline is not None and time.monotonic() >= w.deadline:
                log.debug("killing reader %s: its file took longer than %g s", w.process.pid, self.max_seconds)
                done.append((w.seq, ("timeout", self.max_seconds)))
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


# --- the writer's loop --------------------------------------------------------------


def read_ahead(
    files: Iterable[Path],
    backend,
    needs_reading: Callable[[Path], bool],
    options: dict,
    *,
    window: int,
) -> Iterator[tuple[Path, Outcome | None]]:
    """``(file, outcome)`` in file order, reading up to ``window`` files ahead on ``backend``.

    ``outcome`` is None for a file ``needs_reading`` said is loaded already
    (nothing was sent for it). Files are taken from ``files`` lazily.
    """
    window = max(window, 1)
    pending: deque[tuple[int, Path, bool]] = deque()  # taken, not yet yielded, in order
    queued: deque[tuple[int, Path]] = deque()  # to send when a slot is free
    finished: dict[int, Outcome] = {}
    source = iter(files)
    seq = 0
    while True:
        while len(pending) < window:
            path = next(source, None)
            if path is None:
                break
            need = needs_reading(path)
            pending.append((seq, path, need))
            if need:
                queued.append((seq, path))
            seq += 1
        while queued and backend.free > 0:
            s, path = queued.popleft()
            backend.start(s, str(path), options)
        if not pending:
            return
        head, path, need = pending[0]
        if not need:
            pending.popleft()
            yield path, None
        elif head in finished:
            pending.popleft()
            yield path, finished.pop(head)
        else:
            for s, outcome in backend.poll(1.0):
                finished[s] = outcome


def make_backend(settings):
    """The backend ``settings`` ask for: worker processes or a Dask cluster."""
    if settings.executor == "dask":
        from plantables.dask_executor import DaskBackend

        return DaskBackend(settings.scheduler, max_seconds=settings.max_seconds_per_file)
    if settings.executor != "process":
        raise ExecutorError(f"unknown executor {settings.executor!r}; choose one of {', '.join(EXECUTORS)}")
    return ProcessBackend(settings.workers or default_workers(), max_seconds=settings.max_seconds_per_file)


def import_concurrently(engine, files: list[Path], run_id: int, settings, import_one, backend=None) -> Iterator:
    """The ``FileResult`` of each file, in order, with the reading done by ``make_backend(settings)``.

    ``import_one(engine, path, run_id, settings, read=…, started=…)`` is the
    writer's per-file step (skip check, load, run records); it is given the
    worker's result instead of reading the file itself. ``backend``: one the caller
    made (and may have warmed) already; it is closed here either way.
    """
    from plantables.pipeline import _already_loaded, file_info
    from plantables.schema.loader import find_loaded

    check = engine.connect()  # one connection for every look-up, each in its own short transaction

    def needs_reading(path: Path) -> bool:
        # only a hint: the writer checks again, and reads here if the hint was wrong
        try:
            return _already_loaded(check, path) is None and find_loaded(check, file_info(path).sha256) is None
        except OSError:
            return False  # the writer records the error
        finally:
            check.rollback()  # no snapshot held open while the writer commits

    try:
        backend = backend or make_backend(settings)
        options = dict(organisation=settings.organisation, **settings.reader_options)
        window = 4 * backend.slots  # every worker busy even behind a slow file at the head
        try:
            for path, outcome in read_ahead(files, backend, needs_reading, options, window=window):
                if outcome is None:
                    yield import_one(engine, path, run_id, settings)
                    continue
                # the file's time counts its reading on the worker, then the writer's work
                yield import_one(engine, path, run_id, settings,
                                 read=lambda o=outcome, p=path: plan_from(o, str(p)),
                                 started=time.monotonic() - _seconds(outcome))
        finally:
            backend.close()
    finally:
        check.close()


__all__ = [
    "EXECUTORS",
    "ExecutorError",
    "ProcessBackend",
    "default_workers",
    "import_concurrently",
    "make_backend",
    "plan_from",
    "read_ahead",
    "run_read",
]
