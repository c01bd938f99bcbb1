"""Which files an import reads, and what identifies a version of a file (its sha256)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.schema.runlog import path_text

if TYPE_CHECKING:  # the loader (SQLAlchemy) is imported only when a file is hashed
    from plantables.schema.loader import FileInfo


class UsageError(ValueError):
    """The caller asked for something impossible (a path that does not exist)."""


#: In a folder, files with these endings are not plan documents (generator
#: scripts, sidecar JSON, READMEs) and are passed over; a file named on the
#: command line is always tried, whatever its name — formats come from content.
NOT_DOCUMENTS = frozenset({
    ".py", ".pyc", ".json", ".md", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".lock",
    # data and machine files that sit beside published plans (sitemaps, exports, logs, archives,
    # databases and their journals): never a plan document, and each would fail every night
    ".xml", ".csv", ".tsv", ".log", ".sh", ".js", ".css", ".zip", ".gz", ".tar", ".7z",
    ".db", ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".db-journal",
})


def excluded(path: Path, patterns: Iterable[str]) -> bool:
    """``path`` matches one of the ``--exclude`` globs (its full path, or its name alone)."""
    from fnmatch import fnmatch

    return any(fnmatch(str(path), pat) or fnmatch(path.name, pat) for pat in patterns)


def _kind(p: Path) -> str | None:
    """``"dir"``, ``"file"``, None (nothing there) or why ``p`` cannot be read as a document."""
    import errno
    import stat

    try:
        st = os.stat(p)
    except FileNotFoundError:
        return f"a broken symbolic link (to {os.readlink(p)})" if os.path.islink(p) else None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return exc.strerror or str(exc)
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISFIFO(st.st_mode):
        return "a FIFO (named pipe), not a file"
    return "not a regular file (a socket or device)"


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str] = (),
             problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files named, and plan files under folders (recursive), hidden ones and those matching
    ``exclude`` skipped, in a stable order.

    What cannot be read — a FIFO, a symlink loop, a dangling link, a folder that cannot be
    listed — is appended to ``problems`` as ``(path, reason)`` (one line each for the run; the
    batch goes on); without a ``problems`` list a named one is a :class:`UsageError`. A path
    that does not exist at all is always a :class:`UsageError`.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        kind = _kind(p)
        if kind == "dir":
            found += _plan_files_under(p, problems)
        elif kind == "file":
            found.append(p.resolve())
        elif kind is None:
            raise UsageError(f"{raw}: no such file or folder")
        elif problems is None:
            raise UsageError(f"{path_text(raw)}: {kind}")
        else:
            problems.append((path_text(os.path.abspath(p)), kind))
    exclude = tuple(exclude)
    if exclude:
        found = [p for p in found if not excluded(p, exclude)]
    return list(dict.fromkeys(found))


def _plan_files_under(folder: Path, problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """What ``folder.rglob("*")`` finds that is a file, not hidden (no part of its path under
    ``folder`` starts with ``.`` or ``__``) nor in ``NOT_DOCUMENTS``, sorted as paths, resolved.

    Walked with ``os.scandir`` (a no-op re-run spends much of its own time here): folders are
    entered as ``rglob`` enters them (not through symlinks), and a file's real path is its
    folder's real path plus its name unless the file itself is a symlink.
    """
    found: list[tuple[tuple[str, ...], Path]] = []  # (parts under folder, resolved path)

    def walk(path: str, real: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError as exc:  # rglob passes over folders it may not list; the run says so
            if problems is not None:
                problems.append((path_text(path), f"cannot list this folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "__")):
                continue
            try:
                if entry.is_dir() and not entry.is_symlink():
                    walk(entry.path, os.path.join(real, name), (*parts, name))
                    continue
                if _suffix(name).lower() in NOT_DOCUMENTS:
                    continue
                if not entry.is_file():
                    kind = _kind(Path(entry.path)) if problems is not None else "dir"
                    if problems is not None and kind not in ("dir", "file", None):  # a FIFO, a loop, a dangling link
                        problems.append((path_text(os.path.join(real, name)), kind))
                    continue
                resolved = Path(entry.path).resolve() if entry.is_symlink() else Path(os.path.join(real, name))
            except OSError:  # vanished, unreadable or a symlink loop: neither a folder nor a file to rglob
                kind = _kind(Path(entry.path)) if problems is not None else None
                if problems is not None and kind not in ("dir", "file", None):
                    problems.append((path_text(os.path.join(real, name)), kind))
                continue
            found.append(((*parts, name), resolved))

    walk(str(folder), os.path.realpath(folder), ())
    found.sort(key=lambda item: item[0])
    return [resolved for _, resolved in found]


def _suffix(name: str) -> str:
    """``Path(name).suffix``: from the last dot, unless the name starts or ends with it."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def file_info(path: Path) -> FileInfo:
    """Path, sha256, size and mtime of a file (the hash made once per version of the file)."""
    from plantables.schema.loader import FileInfo

    st = path.stat()
    digest = _sha256(str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    return FileInfo(path_text(path), digest, st.st_size, st.st_mtime)


@lru_cache(maxsize=1024)
def _sha256(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """The file's sha256; cached by its stat, since the writer asks twice for each new file
    (once to decide whether to send it to a worker, once when loading what came back)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def settled(files: list[Path], min_age: float) -> tuple[list[Path], list[tuple[str, str]]]:
    """``files`` without those still being written, and ``(path, reason)`` of those left out.

    A file modified less than ``min_age`` seconds ago may be half copied: it is watched until it is
    ``min_age`` seconds old (one wait for all such files, at most ``min_age``), and left for the
    next run if its size, time or inode changed meanwhile. Older files cost one ``stat``.
    """
    if min_age <= 0:
        return files, []
    import time

    now = time.time()
    young: dict[Path, os.stat_result] = {}
    for path in files:
        try:
            st = path.stat()
        except OSError:  # the writer says why when it opens the file
            continue
        if now - st.st_mtime < min_age:  # a time in the future (another machine's clock) too
            young[path] = st
    if not young:
        return files, []
    newest = max(st.st_mtime for st in young.values())
    time.sleep(min(min_age, max(0.0, newest + min_age - time.time())))
    left: list[tuple[str, str]] = []
    for path, before in young.items():
        try:
            after = path.stat()
        except OSError:
            continue
        if (after.st_size, after.st_mtime_ns, after.st_ino) != (before.st_size, before.st_mtime_ns, before.st_ino):
            left.append((path_text(path), f"still being written (changed within the last {min_age:g} s, "
                                          "--min-age); left for the next run"))
    gone = {name for name, _ in left}
    return [p for p in files if path_text(p) not in gone], left
