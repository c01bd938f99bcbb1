"""Commands that read the database: ``query``, ``search``, ``export``, ``serve``, ``report``."""

from __future__ import annotations

import re
import sys

import click

from plantables.clioptions import db_option, format_option, print_rows
from plantables.clisupport import EXIT_USAGE, check_output


@click.command()
@click.argument("sql")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Value of the placeholder :NAME (repeatable).")
@db_option
@format_option
def query(sql, params, db, fmt):
    """Run one read-only query (SQL, or - to read it from stdin) and print the rows."""
    from plantables.schema.query import run_query

    sql = sys.stdin.read() if sql == "-" else sql
    print_rows(lambda: run_query(db, sql, dict(params)), fmt)


@click.command("search")
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

    print_rows(lambda: search_actions(db, words, organisation=org, status=status, all_editions=all_editions,
                                       limit=limit), fmt)


@click.command()
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


@click.command("serve")
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


@click.command("report")
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
