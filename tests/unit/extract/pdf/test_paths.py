"""pdf/paths: path objects of a real page as rects, lines and graphics boxes, and the edges drawn from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.paths import edges_from

SAMPLES = Path(__file__).resolve().parents[4] / "samples"


def _rect(x0, top, x1, bottom, fill=None, stroke=None):
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": fill, "stroke": stroke, "linewidth": 1.0}


def test_a_thin_rectangle_is_one_rule_along_its_middle():
    (h,) = edges_from([_rect(10, 100, 200, 101, fill="#000000")], [])
    assert (h["orientation"], h["top"], h["bottom"], h["x0"], h["x1"]) == ("h", 100.5, 100.5, 10, 200)
    (v,) = edges_from([_rect(50, 10, 51, 90, fill="#000000")], [])
    assert (v["orientation"], v["x0"], v["x1"], v["top"], v["bottom"]) == ("v", 50.5, 50.5, 10, 90)


def test_a_stroked_or_shaded_box_gives_its_four_sides_and_a_white_background_none():
    box = edges_from([_rect(10, 10, 110, 60, stroke="#000000")], [])
    assert sorted((e["orientation"], e["x0"], e["top"]) for e in box) == [
        ("h", 10, 10), ("h", 10, 60), ("v", 10, 10), ("v", 110, 10)]
    assert len(edges_from([_rect(10, 10, 110, 60, fill="#D9D9D9")], [])) == 4
    assert edges_from([_rect(0, 0, 595, 842, fill="#FFFFFF")], []) == []


def test_shading_inset_in_a_cell_of_its_own_colour_draws_no_boundary():
    cell = _rect(10, 10, 210, 60, fill="#D9D9D9")
    inset = _rect(14, 14, 206, 56, fill="#D9D9D9")  # Word's paragraph shading inside the shaded cell
    assert len(edges_from([cell, inset], [])) == 4


def test_lines_keep_their_direction():
    lines = [{"x0": 0, "top": 5, "x1": 100, "bottom": 5, "stroke": "#000000", "linewidth": 0.5},
             {"x0": 20, "top": 0, "x1": 20, "bottom": 80, "stroke": "#000000", "linewidth": 0.5}]
    assert [(e["orientation"], e["source"]) for e in edges_from([], lines)] == [("h", "line"), ("v", "line")]


@pytest.mark.parametrize("name", ["westmoor_2016_17.pdf", "kingsbridge_2023_24.pdf"])
def test_a_ruled_sample_page_reads_as_axis_parallel_rules_and_shading(name):
    page = next(read_pages(SAMPLES / name, [1], with_tags=False))
    assert page.rects or page.lines
    for r in page.rects:
        assert r["x0"] <= r["x1"] and r["top"] <= r["bottom"]
        assert r["fill"] is None or (r["fill"].startswith("#") and len(r["fill"]) == 7)
    assert page.edges == edges_from(page.rects, page.lines)
    h = [e for e in page.edges if e["orientation"] == "h"]
    v = [e for e in page.edges if e["orientation"] == "v"]
    assert len(h) >= 5 and len(v) >= 3  # a ruled table: rows and columns
    assert all(e["top"] == e["bottom"] for e in h) and all(e["x0"] == e["x1"] for e in v)
    assert all(0 <= e["x0"] <= page.width + 1 and 0 <= e["top"] <= page.height + 1 for e in page.edges)
