"""Engines registered once (settings.ENGINES): the CLI's choices, and a one-line message when an engine's
extra (plantables[engines]) is not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plantables.extract.pdf.settings import ENGINES, engine_spec

SAMPLE = Path(__file__).resolve().parents[4] / "samples" / "kingsbridge_2023_24.pdf"


def test_the_cli_offers_exactly_the_registered_engines():
    from plantables.cli import tables_cmd

    (option,) = [p for p in tables_cmd.params if p.name == "engine"]
    assert list(option.type.choices) == list(ENGINES)


def test_an_unknown_engine_names_the_choices():
    with pytest.raises(ValueError, match="unknown engine 'x'; choose one of auto, pdfium"):
        engine_spec("x")


@pytest.mark.parametrize("engine, hidden", [("camelot-stream", "camelot"), ("pdfplumber", "pdfplumber")])
def test_an_engine_whose_extra_is_missing_says_what_to_install(engine, hidden):
    code = (f"import sys; sys.modules[{hidden!r}] = None\n"
            "from plantables.cli import cli\n"
            f"cli(['tables', {str(SAMPLE)!r}, '--engine', {engine!r}])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == (f"Error: --engine {engine} needs {hidden}, not installed: "
                                  "pip install 'plantables[engines]'")
