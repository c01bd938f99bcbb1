"""One import at a time per database.

PostgreSQL: a session advisory lock (per database) held on a dedicated
connection; MariaDB/MySQL: ``GET_LOCK``; SQLite: ``flock`` on ``<db>.lock``
beside the database file (``flock``, not POSIX ``lockf``: a second attempt
from the same process must fail too). All three are released by the operating
system or the server when the process dies: a SIGKILLed import never leaves a
stale lock behind. A forked child must call :func:`drop_inherited_locks` so its
copy of the lock file does not outlive the importer.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is not needed to take a SQLite lock (schema/unchanged.py)
    from sqlalchemy import Engine

POLL_SECONDS = 0.5


class ImportLocked(RuntimeError):
    """Another import holds the database."""


_HELD: set[int] = set()  # lock-file descriptors this process holds


def drop_inherited_locks() -> None:
    """In a forked child: close (never unlock) the copies of the parent's lock files."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


def _key(engine: Engine) -> int:
    # a stable signed 32-bit key; the PG advisory lock space is per database anyway
    return zlib.crc32(b"plantables-import") - (1 << 31)


@contextmanager
def import_lock(engine: Engine, *, wait: bool = False) -> Iterator[None]:
    """Hold the import lock for the ``with`` body; :class:`ImportLocked` if taken
    (or, with ``wait=True``, block until it is free)."""
    backend = engine.dialect.name
    if backend == "sqlite":
        from plantables.schema.db import sqlite_path

        db_file = sqlite_path(str(engine.url))
        if db_file is None:  # in-memory: private to this process
            yield
            return
        with sqlite_file_lock(db_file, wait=wait):
            yield
    elif backend == "postgresql":
        with _server_lock(engine, wait, "SELECT pg_try_advisory_lock(:k)", "SELECT pg_advisory_unlock(:k)"):
            yield
    elif backend in ("mysql", "mariadb"):
        with _server_lock(engine, wait, "SELECT GET_LOCK(CONCAT(DATABASE(), :k), 0)",
                          "SELECT RELEASE_LOCK(CONCAT(DATABASE(), :k))"):
            yield
    else:  # pragma: no cover
        raise NotImplementedError(f"no import lock for {backend}")


def _locked_message(where: str, holder: str = "") -> str:
    return f"another plantables import is running on {where}{holder}; try later or pass --wait"


@contextmanager
def sqlite_file_lock(db_file: Path, *, wait: bool = False) -> Iterator[None]:
    """The import lock of the SQLite database file ``db_file`` (what :func:`import_lock` takes for it)."""
    import fcntl

    lock_path = f"{db_file}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise ImportLocked(_locked_message(str(db_file), f" (pid {holder})" if holder else "")) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD.add(fd)
        try:
            yield
        finally:
            _HELD.discard(fd)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _server_lock(engine: Engine, wait: bool, take: str, release: str) -> Iterator[None]:
    from sqlalchemy import text

    key = _key(engine)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        while not conn.execute(text(take), {"k": key}).scalar():
            if not wait:
                raise ImportLocked(_locked_message(engine.url.render_as_string(hide_password=True)))
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            conn.execute(text(release), {"k": key})
    finally:
        conn.close()
