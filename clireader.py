"""Commands that show what the reader makes of one file: ``tables`` (its tables, exported) and
``inspect`` (the tables the plan reader recovers, drawn over the page with ``--png``)."""

from __future__ import annotations

import click

from plantables.clioptions import max_memory_option, ocr_option
from plantables.clisupport import check_output, check_pages
from plantables.extract.pdf.settings import ENGINES


@click.command("tables")
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


@click.command("inspect")
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
