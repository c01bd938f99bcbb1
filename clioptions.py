"""The options several commands share, as decorator bundles (``--db``, ``--organisation``, ``--ocr-engine``,
``-q``/``-v``, ``--config``, ``--max-memory-per-file``, ``--format``), and the printing of query rows."""

from __future__ import annotations

import functools
import logging
import sys

import click

from plantables.clisupport import EXIT_USAGE, check_db, setup_logging


def db_option(fn):
    """``--db``: a SQLAlchemy URL or a file path (else $PLANTABLES_DB, else ./plantables.db)."""
    return click.option(
        "--db", envvar="PLANTABLES_DB", default=None, metavar="URL|PATH", callback=check_db,
        help="SQLAlchemy URL or SQLite file [env PLANTABLES_DB; default ./plantables.db]",
    )(fn)


def organisation_option(fn):
    return click.option("--organisation", "-O", default=None, help="Organisation (council) the plans belong to.")(fn)


def ocr_option(fn):
    """``--ocr-engine``: how scanned pages are read (auto = rapidocr when the ocr extra is installed)."""
    return click.option(
        "--ocr-engine", type=click.Choice(["auto", "rapidocr", "tesseract", "off"]), default="auto",
        show_default=True, help="OCR for scanned pages (pip install 'plantables[ocr]'; tesseract if installed).",
    )(fn)


def logging_options(fn):
    """``--quiet`` / ``-v``: log level of the stderr log (WARNING by default)."""

    @click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr, no progress or summary (cron).")
    @click.option("--verbose", "-v", count=True, help="-v info, -vv debug.")
    @functools.wraps(fn)
    def wrapper(*args, quiet: bool, verbose: int, **kwargs):
        setup_logging(logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)])
        return fn(*args, quiet=quiet, **kwargs)

    return wrapper


def config_option(fn):
    """``--config FILE`` (else $PLANTABLES_CONFIG, else ./plantables.toml): the settings file, loaded
    and checked before the command runs; a bad file is one line naming it (and the line), exit 2."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
                  help="Settings file [env PLANTABLES_CONFIG; default ./plantables.toml if present].")
    @functools.wraps(fn)
    def wrapper(*args, config_path, **kwargs):
        from plantables.normalise.config import ConfigError, load_config

        try:
            config = load_config(config_path)
        except ConfigError as exc:
            click.echo(f"plantables: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        return fn(*args, config=config, **kwargs)

    return wrapper


def max_memory_option(fn):
    """``--max-memory-per-file MB``: the address-space cap of each process that reads a file."""
    from plantables.pipeline.limits import DEFAULT_MAX_MEMORY_MB

    return click.option("--max-memory-per-file", "max_memory", type=click.FloatRange(min=0),
                        default=DEFAULT_MAX_MEMORY_MB, show_default=True, metavar="MB",
                        help="Memory cap of each process reading a file (0 = no cap).")(fn)


def format_option(fn):
    """``--format table|csv|tsv|json|jsonl`` for commands that print rows."""
    from plantables.schema.output import FORMATS

    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)(fn)


def print_rows(fetch, fmt: str) -> None:
    """Print what ``fetch()`` returns in ``fmt``; a refused or failed query is one line, exit 1."""
    from plantables.schema import output
    from plantables.schema.query import QueryError

    try:
        result = fetch()
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    output.write(result, fmt, sys.stdout)

