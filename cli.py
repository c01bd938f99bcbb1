"""The ``plantables`` command line: a thin click layer over library functions.

Exit codes: 0 all done, 1 some files failed (or the run was interrupted),
2 usage error, 3 another import holds the database.
"""

from __future__ import annotations

import functools
import logging
import re
import sys

import click

from plantables import __version__
from plantables.clisupport import OneLineGroup, check_db, check_output, check_pages, setup_logging
from plantables.extract.pdf.settings import ENGINES

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


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
    progress = _progress(quiet)
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


class _NoProgress:
    """The progress bar when none is shown (quiet, or stderr not a terminal): rich is not even imported."""

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def update(self, *args, **kwargs) -> None:
        pass


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from plantables.clisupport import log_through

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        transient=True)
    log_through(progress.console)  # log lines above the bar, not over it
    return progress


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


def format_option(fn):
    """``--format table|csv|tsv|json|jsonl`` for commands that print rows."""
    from plantables.schema.output import FORMATS

    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)(fn)


def _print_rows(fetch, fmt: str) -> None:
    """Print what ``fetch()`` returns in ``fmt``; a refused or failed query is one line, exit 1."""
    from plantables.schema import output
    from plantables.schema.query import QueryError

    try:
        result = fetch()
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    output.write(result, fmt, sys.stdout)


@cli.command()
@click.argument("sql")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Value of the placeholder :NAME (repeatable).")
@db_option
@format_option
def query(sql, params, db, fmt):
    """Run one read-only query (SQL, or - to read it from stdin) and print the rows."""
    from plantables.schema.query import run_query

    sql = sys.stdin.read() if sql == "-" else sql
    _print_rows(lambda: run_query(db, sql, dict(params)), fmt)


@cli.command("search")
@click.argument("words")
@db_option
@click.option("--org", default=None, help="Only organisations whose name contains this.")
@click.option("--status", default=None, help="Only actions with this canonical status (complete, behind, …).")
@click.option("--all-editions", is_flag=True, help="Search every edition, not only current_actions.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
def search_cmd(words, db, org, status, all_editions, limit, fmt):
    """Full-text search of actions (title, steps, measures, update): plan, ref and a snippet."""
    from plantables.schema.search import search_actions

    _print_rows(lambda: search_actions(db, words, organisation=org, status=status, all_editions=all_editions,
                                       limit=limit), fmt)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl", "xlsx", "parquet"]), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), callback=check_output,
              help="File to write (csv/tsv/jsonl: default stdout).")
@click.option("--view", default="action_overview", show_default=True, help="View or table to export.")
@click.option("--where", default=None, metavar="SQL", help="Only rows matching this SQL condition.")
@click.option("--latest", is_flag=True, help="Only each plan's newest edition still present (current_actions).")
@click.option("--raw", is_flag=True, help="Write cells starting with = + - @ as they are (no formula guard).")
def export(db, fmt, output, view, where, latest, raw):
    """Export a view (action_overview by default) as csv, tsv, jsonl, xlsx or parquet."""
    from plantables.schema.export import export_rows
    from plantables.schema.query import QueryError

    try:
        n = export_rows(db, fmt, output, view=view, where=where, latest=latest, raw=raw, stdout=sys.stdout)
    except (QueryError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if output:
        click.echo(f"{n} rows written to {output}", err=True)


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--metadata", "metadata_out", type=click.Path(dir_okay=False), help="Also write the metadata here.")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve_cmd(db, host, port, metadata_out, datasette_args):
    """Browse the database in Datasette (facets, search, canned queries); needs plantables[serve]."""
    from plantables.serve import serve

    try:
        sys.exit(serve(db, host=host, port=port, metadata_out=metadata_out, extra_args=datasette_args))
    except (ValueError, ImportError) as exc:
        click.echo(f"plantables serve: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@cli.command("report")
@db_option
@click.option("-o", "--output", required=True, type=click.Path(), help="report.html, or a folder for --format png.")
@click.option("--format", "fmt", type=click.Choice(["html", "png"]), default="html", show_default=True)
@click.option("--as-of", default=None, metavar="YYYY-MM", help="Month overdue is counted from [default: this month].")
def report_cmd(db, output, fmt, as_of):
    """Charts of status, overdue actions, due months and edition changes: one HTML file (or PNGs)."""
    from plantables import report

    if as_of and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", as_of):
        raise click.BadParameter("expected YYYY-MM", param_hint="--as-of")
    try:
        data = report.load(db, as_of)
        written = report.write_pngs(data, output) if fmt == "png" else [report.write_html(data, output)]
    except report.ReportError as exc:
        click.echo(f"plantables report: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@cli.group("db")
def db_group():
    """Database maintenance."""


@db_group.command("upgrade")
@db_option
def db_upgrade(db):
    """Create or upgrade the schema to the newest migration."""
    from plantables.schema import db as dbm

    engine = dbm.make_engine(dbm.resolve_db_url(db))
    dbm.upgrade(engine)
    click.echo(f"schema at revision {dbm.current_revision(engine)}")
    engine.dispose()


@db_group.command("create-reader")
@click.argument("name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="The reader's password.")
@db_option
def db_create_reader(name, password, db):
    """Create a login NAME that can only read this database (PostgreSQL, MariaDB)."""
    from plantables.schema.readonly import ReadOnlyError, create_reader

    try:
        statements = create_reader(db, name, password)
    except ReadOnlyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(statements))


@cli.group()
def leads():
    """Canonical leads and their aliases: list, review, merge, rename."""


def _lead_session(db):
    """A write transaction on the database, with lead errors shown as one line."""
    from contextlib import contextmanager

    from plantables.schema import db as dbm
    from plantables.schema.leads_store import LeadError

    @contextmanager
    def session():
        engine = dbm.open_engine(db)
        try:
            with engine.begin() as conn:
                yield conn
        except LeadError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            engine.dispose()

    return session()


@leads.command("list")
@db_option
@organisation_option
def leads_list(db, organisation):
    """List canonical leads with their alias and action counts."""
    from plantables.schema import leads_store
    from plantables.schema.output import write_table
    from plantables.schema.query import QueryResult

    with _lead_session(db) as conn:
        rows = leads_store.lead_summary(conn, organisation)
    write_table(QueryResult(["organisation", "lead", "role_type", "aliases", "actions"], rows), sys.stdout)


@leads.command("review")
@db_option
@organisation_option
@click.option("--export", "export_path", type=click.File("w"), help="Write the open suggestions as CSV.")
@click.option("--apply", "apply_path", type=click.Path(exists=True, dir_okay=False),
              help="Apply a decisions CSV (see --export; UTF-8/16 with or without BOM, or Windows-1252).")
def leads_review(db, organisation, export_path, apply_path):
    """Walk the matcher's suggestions: accept, reject or pick another lead (each decision saved at once)."""
    from plantables.schema import db as dbm
    from plantables.schema import lead_review as lr

    if export_path:
        from plantables.schema import leads_store

        with _lead_session(db) as conn:
            n = leads_store.export_suggestions(conn, export_path, organisation)
        click.echo(f"{n} suggestions written", err=True)
        return
    engine = dbm.open_engine(db)
    try:
        if apply_path:
            from plantables.clisupport import csv_reader_input

            try:
                n = lr.apply_decisions(engine, lr.read_decisions(csv_reader_input(apply_path)))
            except lr.DecisionsFileError as exc:
                click.echo(f"plantables leads review: {apply_path}: {exc}", err=True)
                sys.exit(EXIT_USAGE)
            click.echo(f"{n} decisions applied", err=True)
            return
        summary = lr.run_review(lr.LeadReview(engine, organisation), ask=_ask, say=click.echo)
        click.echo("no open suggestions" if summary is None else summary.line())
    finally:
        engine.dispose()


def _ask(question: str, default: str) -> str:
    try:
        return click.prompt(question, default=default, show_default=False)
    except click.Abort:  # end of input or Ctrl-C: the review stops, its decisions are saved
        click.echo()
        raise EOFError from None


@leads.command("merge")
@click.argument("source")
@click.argument("target")
@db_option
@organisation_option
def leads_merge(source, target, db, organisation):
    """Merge lead SOURCE into lead TARGET (all its aliases move)."""
    from plantables.schema import leads_store

    with _lead_session(db) as conn:
        org = leads_store.organisation_of(conn, organisation, source)
        n = leads_store.merge(conn, org, source, target)
    click.echo(f"{n} aliases moved to {target!r}")


@leads.command("rename")
@click.argument("old")
@click.argument("new")
@db_option
@organisation_option
@click.option("--merge", "merge_", is_flag=True, help="If lead NEW exists, merge OLD into it.")
def leads_rename(old, new, db, organisation, merge_):
    """Rename canonical lead OLD to NEW (refused if NEW exists, unless --merge)."""
    from plantables.schema import leads_store

    with _lead_session(db) as conn:
        leads_store.rename(conn, leads_store.organisation_of(conn, organisation, old), old, new, allow_merge=merge_)
    click.echo(f"{old!r} is now {new!r}")


@cli.group()
def review():
    """Review what the normaliser was unsure of."""


@review.command("status")
@db_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.7, show_default=True)
@format_option
def review_status(db, threshold, fmt):
    """List statuses classified with low confidence."""
    from plantables.schema.query import low_confidence_statuses

    _print_rows(lambda: low_confidence_statuses(db, threshold), fmt)


@review.command("ocr")
@db_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=1.0, show_default=True,
              help="Show actions whose OCR confidence is at most this (1 = every OCR'd action).")
@format_option
def review_ocr(db, threshold, fmt):
    """List actions read from scanned pages by OCR, least confident first."""
    from plantables.schema.query import ocr_actions

    _print_rows(lambda: ocr_actions(db, threshold), fmt)


@cli.command("tables")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--pages", default=None, metavar="LIST", callback=check_pages, help="Pages to read, e.g. 1,3-5 [default: all].")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "html"]), default="json", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write files here [default: stdout].")
@click.option("--fill-merged", is_flag=True, help="CSV: repeat a merged cell's text in every slot it covers.")
@click.option("--no-stitch", is_flag=True, help="Keep each page's tables apart (no joining over page breaks).")
@click.option("--engine", type=click.Choice(list(ENGINES)), default="auto", show_default=True)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@ocr_option
@max_memory_option
@click.option("--max-seconds", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Give up on a file whose reading takes longer (0 = no limit).")
def tables_cmd(pdf, pages, fmt, out_dir, fill_merged, no_stitch, engine, password, ocr_engine, max_memory,
               max_seconds):
    """Extract every table of a PDF (or Word, Excel, HTML, OpenDocument file): merged cells as spans, tables
    stitched over pages."""
    from functools import partial

    from plantables.extract.model import ExtractError
    from plantables.extract.pdf.export import export_tables
    from plantables.pipeline.backends.base import ReaderFailed
    from plantables.pipeline.backends.inline import in_limited_child

    read = partial(export_tables, pdf, fmt=fmt, out_dir=out_dir, pages=pages, fill_merged=fill_merged,
                   stitch=not no_stitch, engine=engine, password=password, ocr=ocr_engine)
    try:  # in a child under the memory cap and time limit: a bomb costs one line, not the machine
        written, text, warnings = in_limited_child(read, (), label=pdf, memory_mb=max_memory,
                                                   seconds=max_seconds or None)
    except (ExtractError, ValueError, TimeoutError, ReaderFailed) as exc:
        raise click.ClickException(f"{pdf}: {exc}" if isinstance(exc, (TimeoutError, ReaderFailed))
                                   else str(exc)) from None
    for message in warnings:
        click.echo(f"warning: {message}", err=True)
    if text:
        click.echo(text, nl=False)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@cli.command("inspect")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--page", type=click.IntRange(min=1), default=None, help="Only this page [default: all].")
@click.option("--png", "png", type=click.Path(dir_okay=False), default=None, callback=check_output,
              help="Write the page (--page, default 1) with the detected cells drawn over it.")
@click.option("--resolution", type=click.IntRange(min=20, max=400), default=100, show_default=True)
@click.option("--width", type=click.IntRange(min=10), default=60, show_default=True, help="Cell text shown.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@max_memory_option
def inspect_cmd(pdf, page, png, resolution, width, password, max_memory):
    """Show the tables the plan reader recovers from a PDF or office file (row/column spans, fills)."""
    from plantables.extract.inspect import draw_page, print_document
    from plantables.extract.model import ExtractError
    from plantables.extract.pdf.plan import read_pdf_plan
    from plantables.extract.sniff import read_document, sniff
    from plantables.normalise.organisation import organisation_of

    try:
        if sniff(pdf) not in ("pdf", "text"):
            if png:
                raise click.ClickException(f"{pdf}: --png draws PDF pages; this is a .{sniff(pdf)} file")
            doc = read_document(pdf)
            doc.organisation = organisation_of(doc)  # the interpreter's reading, shown with the reader's tables
            print_document(doc, width=width)
            return
        from functools import partial

        from plantables.pipeline.backends.base import ReaderFailed
        from plantables.pipeline.backends.inline import in_limited_child

        try:  # read (and draw) in a child under the memory cap: a huge page is one line, not 6 GB
            doc = in_limited_child(partial(read_pdf_plan, pdf, pages=[page] if page else None, password=password),
                                   (), label=pdf, memory_mb=max_memory)
            doc.organisation = organisation_of(doc)
            print_document(doc, width=width)
            if png:
                drawn = in_limited_child(partial(draw_page, pdf, doc, page or 1, png, resolution=resolution,
                                                 password=password), (), label=pdf, memory_mb=max_memory)
                click.echo(f"wrote {drawn}")
        except ReaderFailed as exc:
            raise click.ClickException(f"{pdf}: {exc}") from None
    except ExtractError as exc:
        raise click.ClickException(str(exc)) from None
