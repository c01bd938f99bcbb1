"""What every command of the CLI shares: one-line errors, checked paths, logging beside the progress bar.

* Errors are one line and never a traceback: a usage error (exit 2) is
  ``Error: …`` plus the command's ``--help`` hint on the same line; a file
  system or database error (exit 1) is the system's message naming the path.
  ``PLANTABLES_DEBUG=1`` shows the traceback instead.
* ``--db`` is checked before the command runs: a file in a folder that does not
  exist, or a file that is not a SQLite database, is a usage error (exit 2)
  rather than a folder created on the way or a traceback.
* Output files (``-o``, ``--report``, ``--png``) must go into a folder that
  exists, checked before any work is done.
* Logs: plantables' own logger at the chosen level, everything else (Alembic,
  SQLAlchemy) at WARNING; while a progress bar is shown the log goes through
  its console, above the bar, instead of over it.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
SQLITE_MAGIC = b"SQLite format 3\x00"


class OneLineGroup(click.Group):
    """A click group whose errors are one line (its subcommands' and nested groups' too)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.UsageError as exc:
            raise _OneLineUsage(exc) from None
        except click.ClickException:
            raise
        except (OSError, UnicodeError) as exc:
            if os.environ.get("PLANTABLES_DEBUG"):
                raise
            raise click.ClickException(one_line_os_error(exc)) from None
        except Exception as exc:
            from plantables.schema.readonly import is_database_error, one_line

            if os.environ.get("PLANTABLES_DEBUG") or not is_database_error(exc):
                raise
            raise click.ClickException(f"cannot use the database: {one_line(exc)}") from None


class _OneLineUsage(click.UsageError):
    def __init__(self, exc: click.UsageError) -> None:
        super().__init__(exc.format_message(), exc.ctx)

    def show(self, file: Any = None) -> None:
        hint = f" (see '{self.ctx.command_path} --help')" if self.ctx is not None else ""
        click.echo(f"Error: {' '.join(self.message.split())}{hint}", err=True)


def one_line_os_error(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return " ".join(str(exc).split())


def check_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--db`` callback: a SQLite path must be in an existing folder and, if it exists, be a database."""
    path_text = value  # click has read $PLANTABLES_DB into it; None: ./plantables.db
    if not path_text or "://" in path_text:
        return value
    path = Path(path_text).expanduser()
    if not path.parent.is_dir():
        raise click.BadParameter(f"folder {str(path.parent)!r} does not exist (create it first)", ctx, param)
    if path.is_dir():
        raise click.BadParameter(f"{path_text!r} is a folder, not a database file", ctx, param)
    if path.is_file() and path.stat().st_size > 0:
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise click.BadParameter(one_line_os_error(exc), ctx, param) from None
        if head != SQLITE_MAGIC:
            raise click.BadParameter(f"{path_text!r} is not a SQLite database", ctx, param)
    return value


def check_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback of options naming a file to write: its folder must exist and not be the file itself."""
    if value is None or value == "-":
        return value
    path = Path(value).expanduser()
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a folder; give a file name", ctx, param)
    if not path.parent.is_dir():
        raise click.BadParameter(f"folder {str(path.parent)!r} does not exist", ctx, param)
    return value


def check_pages(ctx: click.Context, param: click.Parameter, value: str | None) -> list[int] | None:
    """``--pages 1,3-5`` callback: the page numbers, or a usage error (exit 2)."""
    from plantables.extract.pdf.export import parse_pages

    try:
        return parse_pages(value)
    except ValueError as exc:
        message = str(exc) if "range" in str(exc) else f"{value!r} is not a page list like 1,3-5"
        raise click.BadParameter(message, ctx, param) from None


def read_text(path: str | os.PathLike[str], *, what: str = "file") -> str:
    """A user's text file decoded as its byte-order mark says (UTF-8/16/32), else UTF-8, else
    Windows-1252 (a spreadsheet's CSV export); the BOM is dropped."""
    data = Path(path).read_bytes()
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise click.ClickException(
                    f"{path}: not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise click.ClickException(f"{path}: binary data, not a text {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_reader_input(path: str | os.PathLike[str]) -> io.StringIO:
    """A CSV file as text for ``csv`` (decoded by :func:`read_text`), with no field-size limit below 64 MB."""
    import csv

    csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
    return io.StringIO(read_text(path, what="CSV file"), newline="")


def setup_logging(level: int) -> None:
    """plantables' log at ``level`` on stderr; other libraries' at WARNING."""
    root = logging.getLogger()
    if not any(getattr(h, "_plantables", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler._plantables = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.WARNING if level < logging.WARNING else level)
    logging.getLogger("plantables").setLevel(level)
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))


def log_through(console: Any) -> None:
    """Send the log through ``console`` (the progress bar's), so lines appear above the bar."""
    from rich.logging import RichHandler

    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_plantables", False):
            root.removeHandler(h)
    handler = RichHandler(console=console, show_time=False, show_path=False, markup=False)
    handler._plantables = True  # type: ignore[attr-defined]
    root.addHandler(handler)


class NoProgress:
    """The progress bar when none is shown (quiet, or stderr not a terminal): rich is not even imported."""

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def update(self, *args, **kwargs) -> None:
        pass


def progress_bar(quiet: bool):
    """The import's progress bar on stderr, with the log above it; none when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        return NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        transient=True)
    log_through(progress.console)  # log lines above the bar, not over it
    return progress
