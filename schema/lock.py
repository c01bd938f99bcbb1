"""One import at a time per database.

PostgreSQL: a session advisory lock (per database) held on a dedicated
connection; MariaDB/MySQL: ``GET_LOCK``; SQLite: ``flock`` on ``<db>.lock``
beside the file and on a lock named by the file's device and inode, so hard
links cannot race (``flock``, not POSIX ``lockf``: a second attempt from the
same process must fail too). Every commit
of the import checks the lock is still held (:class:`LockLost`). All three are released by the operating
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
from typing import TYPE_CHECKING, Any

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
    (or, with ``wait=True``, block until it is free).

    While it is held every commit on ``engine`` first checks that the lock still
    is (:class:`LockLost` otherwise): a server lock dies with its session
    (``pg_terminate_backend``, ``idle_session_timeout``, a network cut), and a
    second import may then take it; this import must stop before it writes again.
    """
    backend = engine.dialect.name
    if backend == "sqlite":
        database = engine.url.database  # (schema/db.py imports this module: no import back)
        db_file = Path(database) if database and database != ":memory:" else None
        if db_file is None:  # in-memory: private to this process
            yield
            return
        with sqlite_file_lock(db_file, wait=wait) as identity:
            with _guard_commits(engine, lambda _conn: _check_same_file(identity, db_file)):
                yield
    elif backend == "postgresql":
        with _server_lock(engine, wait, "SELECT pg_try_advisory_lock(:k)", "SELECT pg_advisory_unlock(:k)",
                          "SELECT pg_backend_pid()") as pid:
            check = ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = %s"
                     % int(pid))
            with _guard_commits(engine, lambda conn: _check_held(conn, check)):
                yield
    elif backend in ("mysql", "mariadb"):
        with _server_lock(engine, wait, "SELECT GET_LOCK(CONCAT(DATABASE(), :k), 0)",
                          "SELECT RELEASE_LOCK(CONCAT(DATABASE(), :k))", "SELECT CONNECTION_ID()") as conn_id:
            check = "SELECT IS_USED_LOCK(CONCAT(DATABASE(), %d)) = %d" % (_key(engine), int(conn_id))
            with _guard_commits(engine, lambda conn: _check_held(conn, check)):
                yield
    else:  # pragma: no cover
        raise NotImplementedError(f"no import lock for {backend}")


class LockLost(ImportLocked):
    """The import lock was lost while the import ran; it stopped before writing again."""


LOST = ("the import lock was lost ({why}); this import stopped before writing again and another may be "
        "running: the next run goes on where it stopped")


def _check_held(conn, sql: str) -> None:
    """On the transaction about to commit: the lock's session still holds the lock."""
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(sql)
        held = cur.fetchone()[0]
    finally:
        cur.close()
    if not held:
        raise LockLost(LOST.format(why="its database session ended"))


def _check_same_file(identity: tuple[int, int], db_file: Path) -> None:
    """The locked file is still the database file (not moved away and replaced by another)."""
    try:
        now = os.stat(db_file)
    except OSError:
        now = None
    if now is None or (now.st_dev, now.st_ino) != identity:
        raise LockLost(LOST.format(why=f"{db_file} was replaced by another file"))


@contextmanager
def _guard_commits(engine: Engine, check) -> Iterator[None]:
    """Run ``check(connection)`` before every commit on ``engine`` while the body runs."""
    from sqlalchemy import event

    def before_commit(conn) -> None:
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":  # not the lock's own
            check(conn)

    event.listen(engine, "commit", before_commit)
    try:
        yield
    finally:
        event.remove(engine, "commit", before_commit)


@contextmanager
def sqlite_lock_guard(engine: Engine, identity: tuple[int, int], db_file: Path) -> Iterator[None]:
    """The commit check of a SQLite lock the caller took with :func:`sqlite_file_lock`."""
    with _guard_commits(engine, lambda _conn: _check_same_file(identity, db_file)):
        yield


def _locked_message(where: str, holder: str = "") -> str:
    return f"another plantables import is running on {where}{holder}; try later or pass --wait"


#: machine-wide folder of the identity locks (device + inode of the database file)
IDENTITY_LOCKS = Path(os.environ.get("PLANTABLES_LOCK_DIR") or "/tmp/plantables-locks")


@contextmanager
def sqlite_file_lock(db_file: Path, *, wait: bool = False) -> Iterator[tuple[int, int]]:
    """The import lock of the SQLite database ``db_file``; yields the file's (device, inode).

    Two ``flock`` locks: ``<db>.lock`` beside the file (seen by every machine sharing the
    folder; it holds the pid), and one named by the file's identity in
    :data:`IDENTITY_LOCKS`, so hard links, bind mounts and symlinks to one database share
    a lock. The database file itself is never opened here: closing any descriptor of it
    would drop SQLite's own POSIX locks held by this process. A missing database file is
    created empty first (what SQLite makes of a new database).
    """
    if not db_file.exists():
        try:
            os.close(os.open(db_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            pass
    st = os.stat(db_file)
    identity = (st.st_dev, st.st_ino)
    IDENTITY_LOCKS.mkdir(mode=0o1777, parents=True, exist_ok=True)
    with _flock(Path(f"{db_file}.lock"), str(db_file), wait):
        with _flock(IDENTITY_LOCKS / f"{identity[0]}-{identity[1]}.lock", str(db_file), wait):
            yield identity


@contextmanager
def _flock(lock_path: Path, where: str, wait: bool) -> Iterator[None]:
    import fcntl

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise ImportLocked(_locked_message(where, f" (pid {holder})" if holder else "")) from None
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
def _server_lock(engine: Engine, wait: bool, take: str, release: str, session_id: str) -> Iterator[int]:
    """Take a session lock on a dedicated connection; yields that session's id (backend pid / connection id)."""
    from sqlalchemy import text

    key = _key(engine)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        while not conn.execute(text(take), {"k": key}).scalar():
            if not wait:
                raise ImportLocked(_locked_message(engine.url.render_as_string(hide_password=True)))
            time.sleep(POLL_SECONDS)
        try:
            session: Any = conn.execute(text(session_id)).scalar()  # the server's own id for this session
            yield session
        finally:
            try:
                conn.execute(text(release), {"k": key})
            except Exception:  # the session is gone, and the lock with it
                pass
    finally:
        conn.close()
