"""Commands that keep the database: ``db`` (schema, read-only logins), ``leads`` (canonical leads and
their aliases), ``review`` (what the normaliser was unsure of)."""

from __future__ import annotations

import sys

import click

from plantables.clioptions import db_option, format_option, organisation_option, print_rows
from plantables.clisupport import EXIT_USAGE


@click.group("db")
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


@click.group()
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


@click.group()
def review():
    """Review what the normaliser was unsure of."""


@review.command("status")
@db_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.7, show_default=True)
@format_option
def review_status(db, threshold, fmt):
    """List statuses classified with low confidence."""
    from plantables.schema.query import low_confidence_statuses

    print_rows(lambda: low_confidence_statuses(db, threshold), fmt)


@review.command("ocr")
@db_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=1.0, show_default=True,
              help="Show actions whose OCR confidence is at most this (1 = every OCR'd action).")
@format_option
def review_ocr(db, threshold, fmt):
    """List actions read from scanned pages by OCR, least confident first."""
    from plantables.schema.query import ocr_actions

    print_rows(lambda: ocr_actions(db, threshold), fmt)
