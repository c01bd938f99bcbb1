"""What every backend shares: the :class:`Backend` protocol, the :class:`Outcome` of a read,
the task a backend runs (:func:`run_read`) and the errors.

A backend reads files somewhere (here, in worker processes, on a Dask
cluster) and hands back one :class:`Outcome` per file; the writer
(``pipeline/writer.py``) turns outcomes into loaded documents or one-line
errors. Backends import this module and ``pipeline/read.py``, never the writer.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from plantables.pipeline.read import read_plan

if TYPE_CHECKING:
    from plantables.normalise.records import PlanDocument

log = logging.getLogger("plantables.import")


class ExecutorError(RuntimeError):
    """The executor cannot run (e.g. the Dask scheduler is unreachable); the message is one line."""


class ReaderFailed(RuntimeError):
    """The reader raised something other than ``ExtractError`` (a bug); the message is one line."""


@dataclass(frozen=True)
class Outcome:
    """How reading one file ended; picklable, so it travels back from any worker.

    ``kind`` is ``"ok"`` (``plan``, read in ``seconds``), ``"extract"`` (not a
    plan: ``path`` and ``message`` are the ``ExtractError``'s fields),
    ``"error"`` (a reader bug: ``message``), ``"timeout"`` (gave up after
    ``seconds``) or ``"crash"`` (the reading process died: ``exit_code``).
    """

    kind: str
    plan: PlanDocument | None = None
    seconds: float = 0.0
    path: str | None = None
    message: str | None = None
    exit_code: int | None = None
    reason_kind: str = "error"  # an "extract" outcome's ExtractError.kind ("not_a_plan": read, holds no plan)
    read_info: tuple[str, int, float] | None = None  # an "ok" read's (sha256, size, mtime) of the bytes read
    limit: float | None = None  # a "timeout" outcome's time limit (``seconds``: how long it really ran);
    # a "crash" outcome's memory cap in MB (the likely cause, named in its line)

    @classmethod
    def from_exception(cls, exc: Exception, seconds: float = 0.0) -> Outcome:
        """The outcome of a read that raised ``exc`` after ``seconds`` (the one place a reader's
        exception is mapped)."""
        from plantables.extract.model import ExtractError

        if isinstance(exc, ExtractError):  # sent as fields: its __init__ takes (path, reason)
            return cls("extract", path=exc.path, message=exc.reason, reason_kind=exc.kind, seconds=seconds)
        text = str(exc)
        if isinstance(exc, MemoryError) or "bad_alloc" in text:  # Python's or a C++ library's (OCR)
            from plantables.pipeline.limits import out_of_memory

            return cls("error", message=out_of_memory(), seconds=seconds)
        # a library that puts its own traceback in the message (onnxruntime): its last line says what
        last = [ln for ln in text.splitlines() if ln.strip()][-1:] or [""]
        return cls("error", message=f"{type(exc).__name__}: {last[0].strip()}", seconds=seconds)

    @property
    def read_seconds(self) -> float:
        """Time spent reading, however it ended (counted in the file's duration)."""
        return self.seconds

    def result(self, label: str) -> PlanDocument:
        """The plan, or the exception a read in this process would have raised."""
        from plantables.extract.model import ExtractError

        if self.kind == "ok" and self.plan is not None:
            return self.plan
        if self.kind == "extract":
            raise ExtractError(self.path or label, self.message or "", self.reason_kind)
        if self.kind == "timeout":
            raise TimeoutError(f"gave up after {self.limit or self.seconds:g} s (--max-seconds-per-file)")
        if self.kind == "crash":
            from plantables.pipeline.limits import crash_hint

            raise ExtractError(label, f"the reader crashed (exit code {self.exit_code}{crash_hint(self.limit)})")
        raise ReaderFailed(self.message or "the reader returned nothing")


class Backend(Protocol):
    """Where files are read. The writer drives it: ``start`` once, then ``submit`` while
    ``free > 0`` and ``poll`` for outcomes, then ``close``."""

    #: files read at the same time
    slots: int
    #: files the writer may take ahead of the one it is loading (bounds memory)
    window: int

    @property
    def free(self) -> int:
        """Slots not reading a file now."""
        ...

    def start(self, count: int) -> None:
        """Get ready for up to ``count`` files (start workers so their start-up overlaps the writer's)."""
        ...

    def submit(self, seq: int, path: str, options: dict[str, Any]) -> None:
        """Start reading ``path`` with ``read_plan(path, **options)``; ``seq`` names it in ``poll``."""
        ...

    def poll(self, timeout: float) -> list[tuple[int, Outcome]]:
        """``(seq, outcome)`` of reads that ended within ``timeout`` seconds."""
        ...

    def close(self) -> None:
        """Stop every worker (reads in flight are dropped)."""
        ...


#: PDFium is not thread-safe: a process reads one file at a time (a Dask worker
#: started with several threads runs our tasks one after the other)
_READ_LOCK = threading.Lock()


def run_read(path: str, options: dict[str, Any]) -> Outcome:
    """``read_plan(path, **options)`` as an :class:`Outcome`; never raises an ``Exception`` (runs on workers).

    What was read is what is reported: the file's sha256, size and mtime are taken before the
    read and its stat checked after; a file that changed meanwhile (replaced, still being
    copied) is read once more, then reported as changed while reading (left for the next run),
    so a document is never stored under the hash of other bytes than those it was read from.
    """
    with _READ_LOCK:
        started = time.perf_counter()
        try:
            for _attempt in range(2):
                try:
                    before, digest = _stat_and_hash(path)
                except OSError:  # the reader says why in its own words (missing, unreadable …)
                    read_plan(path, **options)
                    raise
                plan = read_plan(path, **options)
                if _identity(os.stat(path)) == _identity(before):
                    return Outcome("ok", plan, time.perf_counter() - started,
                                   read_info=(digest, before.st_size, before.st_mtime))
            return Outcome("extract", path=path, message=CHANGED, seconds=time.perf_counter() - started)
        except Exception as exc:
            log.debug("reading %s failed", path, exc_info=True)
            return Outcome.from_exception(exc, time.perf_counter() - started)


CHANGED = "changed while it was being read (twice); left for the next run"


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _stat_and_hash(path: str) -> tuple[os.stat_result, str]:
    """The file's stat and the sha256 of its bytes, from one open descriptor."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return st, digest.hexdigest()


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (``PR_SET_PDEATHSIG``), so a killed
    import leaves no reader behind (holding the lock, or reading for no one)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except Exception:  # not Linux: workers still stop when their pipe closes; orphans are just possible
        pass
