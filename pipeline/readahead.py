"""The writer's read-ahead: files sent to a backend up to a window ahead, outcomes handed back in file order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plantables.pipeline.backends.base import Backend, Outcome


def read_ahead(
    files: Iterable[Path],
    backend: Backend,
    needs_reading: Callable[[Path], bool],
    options: dict[str, Any],
    *,
    window: int,
) -> Iterator[tuple[Path, Outcome | None]]:
    """``(file, outcome)`` in file order, reading up to ``window`` files ahead on ``backend``.

    ``outcome`` is None for a file ``needs_reading`` said is loaded already
    (nothing was sent for it). Files are taken from ``files`` lazily, so no more
    than ``window`` documents are in flight or waiting: memory stays flat as
    the corpus grows, and documents are loaded in discovery order (editions of
    one plan numbered as a one-at-a-time run numbers them).
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
            backend.submit(s, str(path), options)
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
