"""The ruled-grid path's own versions of pdfplumber steps give pdfplumber's results."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfplumber.table import cells_to_tables as plumber_cells_to_tables
from pdfplumber.table import edges_to_intersections as plumber_edges_to_intersections
from pdfplumber.table import intersections_to_cells as plumber_intersections_to_cells
from pdfplumber.table import merge_edges as plumber_merge_edges

from plantables.extract.pdf.crossings import cells_to_tables, edges_to_intersections
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.ruled import intersections_to_cells, merge_edges, table_edges
from plantables.extract.pdf.settings import DEFAULT


def _ruled_pages(samples_dir: Path, peers_dir: Path):
    files = sorted(samples_dir.glob("*.pdf"))[:3] + [
        peers_dir / "pdfplumber" / "word365_structure.pdf",
        peers_dir / "camelot" / "row_span_1.pdf",
    ]
    for path in files:
        yield from read_pages(path)


def test_intersections_to_cells_gives_pdfplumbers_cells_in_its_order(samples_dir: Path, peers_dir: Path):
    checked = 0
    for page in _ruled_pages(samples_dir, peers_dir):
        edges = table_edges(page, DEFAULT)
        if not edges:
            continue
        intersections = edges_to_intersections(edges, DEFAULT.intersection_tolerance, DEFAULT.intersection_tolerance)
        assert intersections_to_cells(intersections) == plumber_intersections_to_cells(intersections)
        checked += 1
    assert checked >= 5


def test_edges_to_intersections_and_cells_to_tables_give_pdfplumbers_results(samples_dir: Path, peers_dir: Path):
    tables = 0
    for page in _ruled_pages(samples_dir, peers_dir):
        edges = table_edges(page, DEFAULT)
        tol = DEFAULT.intersection_tolerance
        ours = edges_to_intersections(edges, tol, tol)
        theirs = plumber_edges_to_intersections(edges, tol, tol)
        assert list(ours) == list(theirs)  # same points in the same order
        assert ours == theirs  # with the same edges at each
        cells = intersections_to_cells(ours)
        assert cells_to_tables(cells) == plumber_cells_to_tables(cells)
        tables += len(cells_to_tables(cells))
    assert tables >= 5


@pytest.mark.parametrize("lattice", [
    # a 3 x 2 grid, an open side (no right rule on the lower row), a point touching nothing
    ([(0, 0, 30, 0), (0, 10, 30, 10), (0, 20, 20, 20)], [(0, 0, 0, 20), (10, 0, 10, 20), (30, 0, 30, 10)]),
    ([(0, 0, 50, 0), (0, 50, 50, 50), (10, 20, 40, 20)], [(0, 0, 0, 50), (50, 0, 50, 50), (25, 20, 25, 50)]),
])
def test_intersections_to_cells_agrees_on_drawn_lattices(lattice):
    h, v = lattice
    edges = [{"x0": a, "top": b, "x1": c, "bottom": d, "orientation": "h"} for a, b, c, d in h]
    edges += [{"x0": a, "top": b, "x1": c, "bottom": d, "orientation": "v"} for a, b, c, d in v]
    intersections = edges_to_intersections(edges, 3, 3)
    assert intersections == plumber_edges_to_intersections(edges, 3, 3)
    assert intersections_to_cells(intersections) == plumber_intersections_to_cells(intersections)
    assert cells_to_tables(intersections_to_cells(intersections)) == plumber_cells_to_tables(intersections_to_cells(intersections))


def test_centre_index_finds_the_chars_a_scan_of_the_page_finds(samples_dir: Path):
    from plantables.extract.pdf.grid import CentreIndex
    from plantables.extract.pdf.text import chars_centred_in

    page = next(read_pages(sorted(samples_dir.glob("*.pdf"))[0]))
    index = CentreIndex(page.chars)
    w, h = page.width, page.height
    for box in [(0, 0, w, h), (w / 4, h / 4, w / 2, h / 2), (0, h / 3, w, h / 3 + 12), (w, h, w, h)]:
        assert [page.chars[i] for i in index.centred_in(box)] == chars_centred_in(page.chars, box)
    # a box edge through the centre of a char holds it
    ch = page.chars[len(page.chars) // 2]
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    assert page.chars.index(ch) in index.centred_in((x, y, x + 5, y + 5))


@pytest.mark.parametrize("tolerances", [(3, 3, 3, 3), (1, 2, 0.5, 4), (0, 0, 3, 3)])
def test_merge_edges_gives_pdfplumbers_edges_in_its_order(samples_dir: Path, peers_dir: Path, tolerances):
    from plantables.extract.pdf.plumber import read_pages_plumber

    pages = list(_ruled_pages(samples_dir, peers_dir))
    # pdfminer's edges carry more keys (doctop, y0, y1) that snapping and joining move too
    pages += list(read_pages_plumber(peers_dir / "camelot" / "row_span_1.pdf"))
    for page in pages:
        edges = [e for e in page.edges if e["x1"] - e["x0"] >= 1.5 or e["bottom"] - e["top"] >= 1.5]
        ours, theirs = merge_edges(edges, *tolerances), plumber_merge_edges(edges, *tolerances)
        assert [list(e.items()) for e in ours] == [list(e.items()) for e in theirs]
        if tolerances[0] or tolerances[1]:  # snapped edges are new dicts: the page's edges stay as read
            assert not {id(e) for e in ours} & {id(e) for e in page.edges}
