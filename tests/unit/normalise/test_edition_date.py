"""The edition date comes from what the document says about itself, never the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.model import Column, Document, Heading, Table
from plantables.normalise.edition_date import date_in, date_in_file_name, edition_date
from plantables.pipeline import read_plan

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


@pytest.mark.parametrize("text, expected", [
    ("Improvement Plan – updated 12 March 2024", "2024-03-12"),
    ("Position as at 31/10/2023", "2023-10-31"),
    ("Version 3 – January 2024", "2024-01"),
    ("Progress report, March 5, 2019", "2019-03-05"),
    ("Published 2022-07-01", "2022-07-01"),
    # a plan period in a title is not an edition date
    ("Children's Services Improvement Plan September 2023 – March 2024", None),
    ("Council Delivery Plan 2024–2026", None),
    ("Version 4 – last updated by the improvement programme office", None),
    ("as at 31/02/2023", None),  # no such day
])
def test_date_in_text(text, expected):
    assert date_in(text) == expected


def test_date_in_file_name():
    assert date_in_file_name("/x/plan_2024-03-12.pdf") == "2024-03-12"
    assert date_in_file_name("/x/plan 20240312 final.txt") == "2024-03-12"
    assert date_in_file_name("/x/westmoor_2016_17.pdf") is None


def _doc(path: str, title: str | None, lines: list[str]) -> Document:
    blocks = [Heading(text, kind="text") for text in lines] + [Table([Column(0, "Ref")])]
    blocks.append(Heading("Reviewed 1 January 2030"))  # after the table: body prose, not a self-description
    return Document(path=path, format="text", blocks=blocks, title=title)


def test_title_then_lines_above_the_first_table_then_file_name():
    assert edition_date(_doc("/p/plan_2021-01-01.txt", "Plan – as at 5 May 2022", [])) == "2022-05-05"
    assert edition_date(_doc("/p/plan_2021-01-01.txt", "Plan", ["Updated: 14/02/2023"])) == "2023-02-14"
    assert edition_date(_doc("/p/plan_2021-01-01.txt", "Plan", ["Owner: improvement office"])) == "2021-01-01"
    assert edition_date(_doc("/p/plan.txt", "Plan", [])) is None


def test_a_real_text_plan_with_a_date_line(tmp_path):
    text = (SAMPLES / "westmoor_2016_17.txt").read_text(encoding="utf-8").splitlines()
    text.insert(2, "Position as at 30 June 2017")
    path = tmp_path / "westmoor.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    plan = read_plan(path)
    assert plan.edition_date == "2017-06-30"
    # the sample as shipped names no date: NULL, not today's date
    assert read_plan(SAMPLES / "westmoor_2016_17.txt").edition_date is None


def test_a_running_header_gives_the_date():
    doc = _doc("/p/plan.txt", "Plan", [])
    doc.running = ["Council Delivery Plan – progress at 30 September 2024 – OFFICIAL"]
    assert edition_date(doc) == "2024-09-30"


def test_a_running_header_of_a_real_text_export(tmp_path):
    """A header repeated at the top of every page of a layout export is a running header."""
    text = (SAMPLES / "harbourside_2024_26.layout.txt").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    dated = first.replace("OFFICIAL", "Updated 14/02/2025  OFFICIAL")
    path = tmp_path / "harbourside.layout.txt"
    path.write_text(text.replace(first, dated), encoding="utf-8")
    assert text.count(first) > 1
    assert read_plan(path).edition_date == "2025-02-14"
