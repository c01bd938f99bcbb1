"""The ``plantables`` command line: a thin click layer over library functions."""

from __future__ import annotations

import click

from plantables import __version__


@click.group()
@click.version_option(__version__, prog_name="plantables")
def cli() -> None:
    """Turn legacy plan documents into one queryable SQL database."""
