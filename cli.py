"""The ``plantables`` command line: a thin click layer over library functions.

The group and ``import`` are here; the other commands live beside it, grouped by what they do
(``cliquery``: read the database; ``climaintain``: db, leads, review; ``clireader``: tables, inspect),
and share the option bundles of ``clioptions``.

Exit codes: 0 all done, 1 some files failed (or the run was interrupted),
2 usage error, 3 another import holds the database.
"""

from __future__ import annotations

import sys

import click

from plantables import __version__
from plantables.climaintain import db_group, leads, review
from plantables.clioptions import (
    config_option,
    db_option,
    logging_options,
    max_memory_option,
    ocr_option,
    organisation_option,
)
from plantables.cliquery import export, query, report_cmd, search_cmd, serve_cmd
from plantables.clireader import inspect_cmd, tables_cmd
from plantables.clisupport import EXIT_FAILED, EXIT_LOCKED, OneLineGroup, check_output, progress_bar


@click.group(cls=OneLineGroup)
@click.version_option(__version__, prog_name="plantables")
def cli() -> None:
    """Turn legacy plan documents into one queryable SQL database."""


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@organisation_option
@click.option("--wait", is_flag=True, help="Wait for a running import instead of exiting with code 3.")
@click.option("--prune", is_flag=True, help="Mark documents under PATHS whose files are gone (rows are kept).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that fails.")
@click.option("--max-seconds-per-file", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Give up on a file whose reading takes longer (0 = no limit).")
@click.option("--report", type=click.Path(dir_okay=False), callback=check_output,
              help="Write a JSON report of every file.")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@max_memory_option
@click.option("--retry-failed", is_flag=True, help="Read again files that failed before and have not changed.")
@click.option("--min-age", type=click.FloatRange(min=0), default=5.0, show_default=True, metavar="SECONDS",
              envvar="PLANTABLES_MIN_AGE", help="A file modified more recently is watched this long and, if it "
              "changes meanwhile (still being copied), left for the next run (0 = no check).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Pass over files matching GLOB (on the path or the name; repeatable).")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=None, metavar="N",
              help="Processes reading files in parallel [default: every core; 0 = read in this process].")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Read in local worker processes, or as tasks on a Dask cluster (--scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786) for --executor dask.")
@config_option
@ocr_option
@logging_options
def import_cmd(paths, db, organisation, wait, prune, fail_fast, max_seconds_per_file, report, password, max_memory,
               retry_failed, min_age,
               exclude, workers, executor, scheduler, ocr_engine, quiet, config):
    """Import plan documents (files or folders, recursive) into the database."""
    import json
    import signal

    from plantables.pipeline import ExecutorError, ImportSettings, UsageError, default_workers, import_paths
    from plantables.schema.lock import ImportLocked

    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS")
    settings = ImportSettings(organisation=organisation, prune=prune, fail_fast=fail_fast, wait=wait,
                              max_seconds_per_file=max_seconds_per_file or None,
                              workers=default_workers() if workers is None else workers, executor=executor,
                              scheduler=scheduler, config=config, exclude=tuple(exclude) + config.exclude,
                              retry_failed=retry_failed or bool(password),  # a password is a reason to retry
                              max_memory_mb=max_memory or None, min_age_s=min_age,
                              reader_options={**({} if ocr_engine == "auto" else {"ocr": ocr_engine}),
                                              **({"password": password} if password else {})})
    # SIGTERM (systemd stop, kill) ends the run like Ctrl-C: recorded as interrupted.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    progress = progress_bar(quiet)
    try:
        with progress:
            task = progress.add_task("importing", total=None)
            result = import_paths(
                paths, db=db, settings=settings,
                on_start=lambda n: progress.update(task, total=n),
                on_file=lambda f: progress.update(task, advance=1, description=f.path.rsplit("/", 1)[-1][:40]),
            )
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ImportLocked as exc:
        click.echo(f"plantables import: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except ExecutorError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("plantables import: interrupted; the run is recorded as interrupted", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        if not _is_operational_error(exc):
            raise
        orig = getattr(exc, "orig", exc)  # the driver's error inside SQLAlchemy's
        raise click.ClickException(f"cannot use the database: {' '.join(str(orig).split())}") from None
    if report:
        with open(report, "w", encoding="utf-8") as fh:
            json.dump(result.to_dict(), fh, indent=1)
    if not quiet:
        _print_summary(result)
    sys.exit(result.exit_code)


def _is_operational_error(exc: BaseException) -> bool:
    """A SQLAlchemy ``OperationalError`` (the server is down, the file unreadable…), without importing
    SQLAlchemy: a run that never used it (schema/unchanged.py) cannot have raised one."""
    exc_module = sys.modules.get("sqlalchemy.exc")
    return exc_module is not None and isinstance(exc, exc_module.OperationalError)


def _print_summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"import run {result.run_id}")
    for col in ("file", "status", "actions", "seconds", "error / warnings"):
        table.add_column(col, overflow="fold")
    for f in result.files:
        note = f.error.split(": ", 1)[-1] if f.error else "; ".join(f.warnings)
        table.add_row(f.path.rsplit("/", 1)[-1], f.status, str(f.rows or ""), f"{f.duration_s:.2f}", note)
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    console.print(f"{result.count('imported')} imported, {result.count('skipped')} already loaded, "
                  f"{result.count('failed')} failed, {result.count('not_a_plan')} not plans, "
                  f"{result.count('pruned')} pruned")


for _command in (query, search_cmd, export, serve_cmd, report_cmd, db_group, leads, review, tables_cmd, inspect_cmd):
    cli.add_command(_command)
