"""clisupport: the log goes through the progress bar's console; text files decoded as written."""

from __future__ import annotations

import codecs
import io
import logging

import click
import pytest

from plantables.clisupport import log_through, read_text, setup_logging


def test_log_lines_go_through_the_progress_console():
    from rich.console import Console
    from rich.progress import Progress

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    setup_logging(logging.INFO)
    with Progress(console=console, transient=True) as progress:
        log_through(progress.console)
        progress.add_task("importing", total=3)
        logging.getLogger("plantables.import").warning("plan.pdf: a warning while the bar is drawn")
        logging.getLogger("alembic.runtime.migration").info("Running upgrade")  # not shown at -v
    text = out.getvalue()
    assert "plan.pdf: a warning while the bar is drawn" in text and "Running upgrade" not in text
    setup_logging(logging.WARNING)


@pytest.mark.parametrize("data, expected", [
    (codecs.BOM_UTF8 + "a,é\n".encode(), "a,é\n"),
    (codecs.BOM_UTF16_LE + "a,é\n".encode("utf-16-le"), "a,é\n"),
    (codecs.BOM_UTF16_BE + "a,é\n".encode("utf-16-be"), "a,é\n"),
    ("a,é\n".encode("utf-8"), "a,é\n"),
    ("a,é – £\n".encode("cp1252"), "a,é – £\n"),
])
def test_read_text_decodes_what_spreadsheets_write(tmp_path, data, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert read_text(path) == expected


def test_read_text_refuses_binary(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(click.ClickException, match="binary data"):
        read_text(path)
