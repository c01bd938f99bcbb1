"""The import pipeline: files → reader → normaliser → loader, one run at a time.

Two halves, kept apart so the reading can move to worker processes:

* :func:`read_plan` — pure per-file work: sniff the format, read, normalise,
  return a picklable :class:`PlanDocument` (or raise ``ExtractError``).
* :func:`import_paths` — the single database writer: discovers files, skips
  content already loaded, calls ``read_plan`` (in a time-limited child process
  when ``max_seconds_per_file`` is set), loads each document in its own
  transaction and records everything in ``import_runs`` / ``import_files``.
  A re-run over unchanged files of a SQLite database is decided and recorded
  by :mod:`plantables.schema.unchanged` before SQLAlchemy is even imported.

A bad file costs one recorded one-line error; the batch goes on (unless
``fail_fast``). Nothing is half-written: a document and its ``import_files``
row commit together.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.schema import unchanged
from plantables.schema.db import resolve_db_url
from plantables.schema.lock import import_lock, sqlite_file_lock

# SQLAlchemy, the loader and the readers are imported when a file needs them:
# a re-run over unchanged files (schema/unchanged.py) ends before that
if TYPE_CHECKING:
    from plantables.extract.model import Document
    from plantables.normalise.records import PlanDocument
    from plantables.schema.loader import FileInfo

log = logging.getLogger("plantables.import")

IMPORTED, SKIPPED, FAILED, PRUNED = "imported", "skipped", "failed", "pruned"


class UsageError(ValueError):
    """The caller asked for something impossible (a path that does not exist)."""


class ReaderFailed(RuntimeError):
    """The reader raised something other than ``ExtractError`` (a bug); the message is one line."""


@dataclass
class ImportSettings:
    """Knobs of one import run (CLI options map one to one)."""

    organisation: str | None = None  # overrides what the document says
    prune: bool = False  # mark documents under the given folders whose files are gone
    fail_fast: bool = False  # stop at the first failed file
    wait: bool = False  # wait for another import to finish instead of exiting
    max_seconds_per_file: float | None = None  # read+normalise time limit; None = no limit
    reader_options: dict = field(default_factory=dict)  # passed to the PDF reader
    # where files are read (plantables.executors): 0 = here, one at a time; N = N worker
    # processes (the CLI's default: every core); executor "dask" = tasks on the cluster at `scheduler`
    workers: int = 0
    executor: str = "process"
    scheduler: str | None = None


@dataclass
class FileResult:
    path: str
    status: str  # imported, skipped, failed, pruned
    duration_s: float = 0.0
    rows: int = 0
    error: str | None = None
    document_id: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    run_id: int | None
    db_url: str
    files: list[FileResult] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == FAILED]

    @property
    def exit_code(self) -> int:
        """0 every file imported or already there, 1 some failed."""
        return 1 if self.failed or self.interrupted else 0

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "database": self.db_url,
            "imported": self.count(IMPORTED),
            "skipped": self.count(SKIPPED),
            "failed": self.count(FAILED),
            "pruned": self.count(PRUNED),
            "files": [asdict(f) for f in self.files],
        }


# --- discovery ---------------------------------------------------------------


#: In a folder, files with these endings are not plan documents (generator
#: scripts, sidecar JSON, READMEs) and are passed over; a file named on the
#: command line is always tried, whatever its name — formats come from content.
NOT_DOCUMENTS = frozenset({".py", ".pyc", ".json", ".md", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".lock"})


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, and plan files under folders (recursive), hidden ones skipped, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += _plan_files_under(p)
        elif p.is_file():
            found.append(p.resolve())
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return list(dict.fromkeys(found))


def _plan_files_under(folder: Path) -> list[Path]:
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
        except PermissionError:  # rglob passes over folders it may not list
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "__")):
                continue
            try:
                if entry.is_dir() and not entry.is_symlink():
                    walk(entry.path, os.path.join(real, name), (*parts, name))
                    continue
                if not entry.is_file() or _suffix(name).lower() in NOT_DOCUMENTS:
                    continue
                resolved = Path(entry.path).resolve() if entry.is_symlink() else Path(os.path.join(real, name))
            except OSError:  # vanished or unreadable meanwhile: neither a folder nor a file to rglob
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
    return FileInfo(str(path), digest, st.st_size, st.st_mtime)


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


# --- per-file work (pure; runs in a child process or a worker) ---------------


def read_plan(path: str | os.PathLike, *, organisation: str | None = None, **reader_options) -> PlanDocument:
    """Read and normalise one file. Raises ``ExtractError`` for anything that is not a plan."""
    from plantables.extract.model import ExtractError
    from plantables.extract.sniff import read_document
    from plantables.normalise.plan import normalise_document

    p = os.fspath(path)
    doc = read_document(p, **reader_options)
    org = organisation or doc.organisation or guess_organisation(doc)
    plan = normalise_document(doc, organisation=org)
    if organisation or not plan.organisation:
        plan.organisation = org
    if not plan.actions:
        raise ExtractError(p, "no plan table found (no header row naming plan columns, or no numbered rows)")
    return plan


_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'&-]+ )*[A-Z][\w'&-]+) (?:(?:City|County|Borough|District|Metropolitan Borough) )?Council\b"
)
# "… services across X", "… pathway for X": a capitalised word after a place
# preposition that follows a lower-case word (so not inside a name such as
# "Centre for Excellence" or "Scheme of Delegation")
_PLACE = re.compile(r"\b[a-z]+ (?:in|across|throughout|within|for) ([A-Z][a-z]{3,})\b")
_MONTH_WORDS = frozenset(
    "january february march april june july august september october november december sept".split()
)


def document_text(doc: Document) -> str:
    parts = [doc.title or ""] + [h.text for h in doc.headings]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    return "\n".join(parts)


def guess_organisation(doc: Document) -> str | None:
    """The organisation a plan belongs to, from its own words.

    ``<Name> [City|County|Borough…] Council`` anywhere wins; otherwise the
    capitalised word most often named as a place (``… in X``, ``… across X``),
    at least twice, that never appears in lower case — a council's plan keeps
    naming its area.
    """
    text = document_text(doc)
    # a proper name is never written in lower case ("Children in Care Council" is not one)
    lower = set(re.findall(r"\b[a-z]{3,}\b", text))
    named = Counter(
        m.group(1) for m in _COUNCIL.finditer(text)
        if not any(w.lower() in lower for w in m.group(1).split())
    )
    if named:
        return f"{named.most_common(1)[0][0]} Council"
    places = Counter(
        m.group(1) for m in _PLACE.finditer(text)
        if m.group(1).lower() not in _MONTH_WORDS and m.group(1).lower() not in lower
    )
    if not places:
        return None
    best, hits = places.most_common(1)[0]
    return best if hits >= 2 else None


# --- time limit -----------------------------------------------------------------


def call_with_time_limit(fn: Callable, args: tuple, kwargs: dict, *, seconds: float | None, label: str):
    """``fn(*args, **kwargs)``, in a forked child killed after ``seconds``.

    A child, not a thread or an alarm, because a reader stuck inside C code
    (pdfium, a regex) cannot be interrupted from Python. The child dies with
    its parent (``PR_SET_PDEATHSIG``), so a killed import leaves no orphan
    holding the lock. ``seconds=None`` runs ``fn`` here.
    """
    if not seconds:
        return fn(*args, **kwargs)
    import multiprocessing

    from plantables.extract.model import ExtractError

    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(sender, fn, args, kwargs), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TimeoutError(f"gave up after {seconds:g} s (--max-seconds-per-file)")
        try:
            kind, *payload = receiver.recv()
        except EOFError:
            child.join(5)
            raise ExtractError(label, f"the reader crashed (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "ok":
        return payload[0]
    if kind == "extract":
        raise ExtractError(*payload)
    raise ReaderFailed(payload[0])


def _child_main(sender, fn, args, kwargs) -> None:
    from plantables.extract.model import ExtractError
    from plantables.schema.lock import drop_inherited_locks

    drop_inherited_locks()
    parent = os.getppid()
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the importer
    except Exception:  # not Linux: the time limit still works, orphans are just possible
        pass
    if os.getppid() != parent:  # the importer died before prctl took effect
        os._exit(1)
    try:
        message = ("ok", fn(*args, **kwargs))
    except ExtractError as exc:  # sent as fields: its __init__ takes (path, reason)
        message = ("extract", exc.path, exc.reason)
    except Exception as exc:
        message = ("error", f"{type(exc).__name__}: {exc}")
    sender.send(message)
    sender.close()


# --- the writer ---------------------------------------------------------------


def import_paths(
    paths: Iterable[str | os.PathLike],
    *,
    db: str | os.PathLike | None = None,
    organisation: str | None = None,
    settings: ImportSettings | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportResult:
    """Import files and folders into ``db``; see the module docstring.

    Raises ``UsageError`` for a missing path and ``ImportLocked`` when another
    import holds the database (and ``settings.wait`` is false).
    """
    settings = settings or ImportSettings()
    if organisation:
        settings.organisation = organisation
    roots = [Path(p).resolve() for p in paths]
    files = discover(roots)
    result = ImportResult(None, resolve_db_url(db))
    db_file = unchanged.sqlite_file(result.db_url)
    # Dask: even a no-op run connects to the scheduler (and fails when it is down), so it runs in full
    if db_file is not None and db_file.is_file() and not settings.prune and settings.executor == "process":
        with sqlite_file_lock(db_file, wait=settings.wait):
            done = unchanged.record_if_unchanged(db_file, files)
            if done is not None:
                result.run_id, skipped = done
                if on_start:
                    on_start(len(files))
                for name, doc_id, seconds in skipped:
                    log.info("%s: already loaded (document %s)", name, doc_id)
                    result.files.append(FileResult(name, SKIPPED, seconds, document_id=doc_id))
                    if on_file:
                        on_file(result.files[-1])
                return result
            return _run(result, files, roots, settings, on_start, on_file, lock=nullcontext())
    return _run(result, files, roots, settings, on_start, on_file)


def _run(result: ImportResult, files: list[Path], roots: list[Path], settings: ImportSettings,
         on_start, on_file, *, lock=None) -> ImportResult:
    """The full pipeline; ``lock``: the import lock when the caller holds it already."""
    backend = None
    if settings.workers and settings.executor == "process" and files:
        # workers start now: their start-up overlaps the writer's (SQLAlchemy, migrations, lock)
        from plantables.executors import make_backend

        backend = make_backend(settings)
        backend.warm(len(files))
    try:
        return _run_writer(result, files, roots, settings, on_start, on_file, lock, backend)
    finally:
        if backend is not None:
            backend.close()  # already closed when the files were read; not when the run stopped before


def _run_writer(result: ImportResult, files: list[Path], roots: list[Path], settings: ImportSettings,
                on_start, on_file, lock, backend) -> ImportResult:
    from plantables.schema import runs
    from plantables.schema.db import open_engine

    engine = open_engine(result.db_url)
    try:
        with lock or import_lock(engine, wait=settings.wait):
            result.run_id = runs.start_run(engine)
            if on_start:
                on_start(len(files))
            try:
                for fr in _file_results(engine, files, result.run_id, settings, backend):
                    result.files.append(fr)
                    if on_file:
                        on_file(fr)
                    if fr.status == FAILED and settings.fail_fast:
                        log.warning("stopping at the first failure (--fail-fast)")
                        break
                if settings.prune:
                    result.files += prune_missing(engine, result.run_id, roots)
            except BaseException:
                result.interrupted = True
                _finish(engine, result, runs.INTERRUPTED)
                raise
            _finish(engine, result, runs.FAILED if result.failed else runs.OK)
    finally:
        engine.dispose()
    return result


def _finish(engine, result: ImportResult, status: str) -> None:
    from plantables.schema import runs

    runs.finish_run(
        engine, result.run_id, status, seen=len(result.files), imported=result.count(IMPORTED),
        skipped=result.count(SKIPPED), failed=result.count(FAILED),
        errors=[f.error for f in result.failed if f.error],
    )


def _already_loaded(conn, path: Path) -> int | None:
    """Fast pre-check: a live document at this path with the same size and mtime."""
    from sqlalchemy import select

    from plantables.schema.models import DocumentRow

    st = path.stat()
    return conn.execute(
        select(DocumentRow.id).where(
            DocumentRow.path == str(path), DocumentRow.size == st.st_size, DocumentRow.mtime == st.st_mtime,
            DocumentRow.missing_since.is_(None),
        ).limit(1)
    ).scalar()


def _file_results(engine, files: list[Path], run_id: int, settings: ImportSettings, backend=None):
    """One FileResult per file, in order; the reading done here or by plantables.executors."""
    if settings.workers or settings.executor != "process":
        from plantables.executors import import_concurrently

        return import_concurrently(engine, files, run_id, settings, _import_one, backend)
    if settings.max_seconds_per_file:  # each file is read in a forked child: import the readers once, here
        from plantables.executors import preload_readers

        preload_readers()
    return (_import_one(engine, path, run_id, settings) for path in files)


def _import_one(engine, path: Path, run_id: int, settings: ImportSettings, *,
                read: Callable[[], PlanDocument] | None = None, started: float | None = None) -> FileResult:
    """Check, read (or take ``read()``: a worker's result) and load one file, recording it in the run."""
    from sqlalchemy import update

    from plantables.extract.model import ExtractError
    from plantables.schema import runs
    from plantables.schema.loader import find_loaded, load_document
    from plantables.schema.models import DocumentRow

    started = time.monotonic() if started is None else started
    name = str(path)
    info = None
    try:
        with engine.begin() as conn:
            doc_id = _already_loaded(conn, path)
            if doc_id is None:
                info = file_info(path)
                doc_id = find_loaded(conn, info.sha256)
            if doc_id is not None:
                # content already loaded: only note it (and that a pruned file came back;
                # the size+mtime check only matches documents that are not missing)
                if info is not None:
                    conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(missing_since=None))
                runs.record_file(conn, run_id, name, SKIPPED, sha256=info.sha256 if info else None,
                                 document_id=doc_id, duration_s=time.monotonic() - started)
                log.info("%s: already loaded (document %s)", name, doc_id)
                return FileResult(name, SKIPPED, time.monotonic() - started, document_id=doc_id)
        plan = read() if read else call_with_time_limit(
            read_plan, (name,), dict(organisation=settings.organisation, **settings.reader_options),
            seconds=settings.max_seconds_per_file, label=name,
        )
        with engine.begin() as conn:
            loaded = load_document(conn, plan, info, run_id=run_id)
            duration = time.monotonic() - started
            runs.record_file(conn, run_id, name, IMPORTED, sha256=info.sha256, document_id=loaded.document_id,
                             duration_s=duration, rows=loaded.actions, warnings=plan.warnings)
        log.info("%s: %d actions (edition %d)", name, loaded.actions, loaded.edition)
        for warning in plan.warnings:
            log.warning("%s: %s", name, warning)
        return FileResult(name, IMPORTED, duration, loaded.actions, None, loaded.document_id, list(plan.warnings))
    except ExtractError as exc:
        error = str(exc)
    except (TimeoutError, OSError, ReaderFailed) as exc:
        error = f"{name}: {exc}"
    except Exception as exc:  # a reader bug must not stop the batch; one line, traceback at debug
        log.debug("unexpected error on %s", name, exc_info=True)
        error = f"{name}: {type(exc).__name__}: {exc}"
    error = " ".join(error.split())
    duration = time.monotonic() - started
    with engine.begin() as conn:
        runs.record_file(conn, run_id, name, FAILED, sha256=info.sha256 if info else None,
                         duration_s=duration, error=error)
    log.error("%s", error)
    return FileResult(name, FAILED, duration, error=error)


def prune_missing(engine, run_id: int, roots: list[Path]) -> list[FileResult]:
    """Mark (never delete) documents under ``roots`` whose files are gone."""
    from sqlalchemy import select, update

    from plantables.schema import runs
    from plantables.schema.loader import utcnow
    from plantables.schema.models import DocumentRow

    results: list[FileResult] = []
    with engine.begin() as conn:
        rows = conn.execute(
            select(DocumentRow.id, DocumentRow.path).where(DocumentRow.missing_since.is_(None))
        ).all()
        for doc_id, doc_path in rows:
            p = Path(doc_path)
            under = any(p == r or r in p.parents for r in roots)
            if under and not p.exists():
                conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(missing_since=utcnow()))
                runs.record_file(conn, run_id, doc_path, PRUNED, document_id=doc_id)
                results.append(FileResult(doc_path, PRUNED, document_id=doc_id))
                log.warning("%s: file is gone; document %s marked missing", doc_path, doc_id)
    return results
