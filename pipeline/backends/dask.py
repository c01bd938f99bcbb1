"""``--executor dask``: the per-document reading as tasks on a Dask distributed cluster.

The writer's loop (:func:`plantables.pipeline.readahead.read_ahead`) drives this backend
exactly as it drives the local worker processes: it starts a task per file
(``run_read``, the same function the local workers run), polls for finished
ones, and loads each document as it comes back. The cluster needs plantables
installed on every worker and the files at the same paths; see the README.
"""

from __future__ import annotations

import queue
import time
import uuid
from typing import Any

from plantables.pipeline.backends.base import ExecutorError, Outcome, run_read


class DaskBackend:
    """Reads as tasks on a Dask distributed cluster, one per thread the cluster has.

    ``scheduler`` is an address (``tcp://host:8786``) or a ``distributed.Client``.
    Workers must see the files at the same paths and have plantables installed.
    """

    def __init__(self, scheduler: Any, *, max_seconds: float | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--executor dask needs dask[distributed]: pip install 'plantables[dask]'") from None
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            if not scheduler:
                raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://scheduler:8786)")
            try:
                self.client = Client(scheduler, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {' '.join(str(exc).split())}"
                                    ) from None
            self._own = True
        self.slots: int = max(1, sum(self.client.nthreads().values()))
        self.window = 4 * self.slots
        self.max_seconds = max_seconds or None
        self._run = uuid.uuid4().hex[:8]
        self._tasks: dict[Any, tuple[int, float]] = {}  # future -> (seq, started)
        self._done: queue.Queue[Any] = queue.Queue()  # futures that finished, in the order they did

    @property
    def free(self) -> int:
        return self.slots - len(self._tasks)

    def start(self, count: int) -> None:
        """Nothing to start: the cluster's workers are running."""

    def submit(self, seq: int, path: str, options: dict[str, Any]) -> None:
        future = self.client.submit(run_read, path, options, key=f"plantables-read-{self._run}-{seq}", pure=False)
        self._tasks[future] = (seq, time.monotonic())
        future.add_done_callback(self._done.put)  # called from the client's thread

    def poll(self, timeout: float) -> list[tuple[int, Outcome]]:
        if not self._tasks:
            return []
        if self.max_seconds:
            first = min(started for _, started in self._tasks.values())
            timeout = max(0.0, min(timeout, first + self.max_seconds - time.monotonic()))
        ready = []
        try:
            ready.append(self._done.get(timeout=timeout))
            while True:
                ready.append(self._done.get_nowait())
        except queue.Empty:
            pass
        done: list[tuple[int, Outcome]] = []
        for future in ready:
            if future not in self._tasks:
                continue  # given up on already
            seq, _ = self._tasks.pop(future)  # dropping the future releases the result on the cluster
            try:
                outcome = future.result()
            except Exception as exc:  # the task's worker died, or the task was lost
                outcome = Outcome("error", message=f"Dask task failed: {type(exc).__name__}: {exc}")
            done.append((seq, outcome))
        if self.max_seconds:
            now = time.monotonic()
            for future, (seq, started) in list(self._tasks.items()):
                if now - started >= self.max_seconds:
                    del self._tasks[future]
                    future.cancel()
                    done.append((seq, Outcome("timeout", seconds=self.max_seconds, limit=self.max_seconds)))
        return done

    def close(self) -> None:
        for future in self._tasks:
            future.cancel()
        self._tasks.clear()
        if self._own:
            self.client.close()
