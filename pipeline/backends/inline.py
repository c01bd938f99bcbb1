"""``--workers 0``: files read in the importing process, one at a time, when the writer asks.

With a time limit (``--max-seconds-per-file``) each file is read in a forked
child killed after that long: a reader stuck inside C code (pdfium, a regex)
cannot be interrupted from Python, not by a thread nor by an alarm.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from plantables.pipeline.backends.base import Outcome, die_with_parent, run_read
from plantables.pipeline.read import preload_readers


class InlineBackend:
    """One slot; the reading happens in :meth:`poll` (so after the writer loaded the file before)."""

    slots = 1
    window = 1  # the next file is looked at only once the one before is loaded, as a serial run does

    def __init__(self, *, max_seconds: float | None = None, max_memory_mb: float | None = None) -> None:
        self.max_seconds = max_seconds or None
        self.max_memory_mb = max_memory_mb or None
        self._task: tuple[int, str, dict[str, Any]] | None = None

    @property
    def free(self) -> int:
        return 0 if self._task else 1

    def start(self, count: int) -> None:
        if self.max_seconds or self.max_memory_mb:  # each file is read in a forked child: import the readers once
            preload_readers()

    def submit(self, seq: int, path: str, options: dict[str, Any]) -> None:
        self._task = (seq, path, options)

    def poll(self, timeout: float) -> list[tuple[int, Outcome]]:
        if self._task is None:
            return []
        seq, path, options = self._task
        self._task = None
        return [(seq, read_now(path, options, self.max_seconds, self.max_memory_mb))]

    def close(self) -> None:
        self._task = None


def read_now(path: str, options: dict[str, Any], max_seconds: float | None,
             max_memory_mb: float | None = None) -> Outcome:
    """Read one file here, or in a limited child when ``max_seconds`` or ``max_memory_mb`` is set."""
    if not max_seconds and not max_memory_mb:
        return run_read(path, options)
    return call_in_child(run_read, (path, options), seconds=max_seconds, memory_mb=max_memory_mb)


def call_in_child(fn: Callable[..., Outcome], args: tuple[Any, ...], *, seconds: float | None,
                  memory_mb: float | None = None) -> Outcome:
    """``fn(*args)`` in a forked child killed after ``seconds`` (None: no time limit), its address
    space capped at ``memory_mb``: its outcome, a timeout or a crash.

    The child dies with its parent (:func:`die_with_parent`), so a killed
    import leaves no orphan holding the lock.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(sender, fn, args, memory_mb), daemon=True)
    child.start()
    started = time.monotonic()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return Outcome("timeout", seconds=time.monotonic() - started, limit=seconds)
        try:
            outcome: Outcome = receiver.recv()
        except EOFError:
            child.join(5)
            return Outcome("crash", exit_code=child.exitcode, seconds=time.monotonic() - started, limit=memory_mb)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return outcome


def _child_main(sender: Connection, fn: Callable[..., Outcome], args: tuple[Any, ...],
                memory_mb: float | None = None) -> None:
    from plantables.pipeline.limits import limit_memory
    from plantables.schema.lock import drop_inherited_locks

    drop_inherited_locks()
    limit_memory(memory_mb, above_current=True)
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:  # the importer died before prctl took effect
        os._exit(1)
    try:
        outcome = fn(*args)
    except Exception as exc:
        outcome = Outcome.from_exception(exc)
    sender.send(outcome)
    sender.close()


def in_limited_child(fn: Any, args: tuple[Any, ...], *, label: str, memory_mb: float | None,
                     seconds: float | None = None) -> Any:
    """``fn(*args)``'s value, computed in a forked child under the memory cap (and time limit):
    a crash, a timeout or the cap is an exception naming ``label`` (never an abort of this process)."""
    if not memory_mb and not seconds:
        return fn(*args)
    outcome = call_in_child(_value_outcome, (fn, args), seconds=seconds, memory_mb=memory_mb)
    if outcome.kind == "error" and outcome.reason_kind == "ValueError":  # a usage error, raised as in-process
        raise ValueError(outcome.message)
    return outcome.result(label)


def _value_outcome(fn: Any, args: tuple[Any, ...]) -> Any:
    try:
        return Outcome("ok", fn(*args))
    except MemoryError:
        return Outcome("error", message="out of memory (--max-memory-per-file)")
    except ValueError as exc:
        return Outcome("error", message=str(exc), reason_kind="ValueError")
