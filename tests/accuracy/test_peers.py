"""The engine against the expected output other table extractors ship with their test PDFs.

tabula-java's expected CSVs, camelot's ``expected.json`` and pdfplumber's own
table finder are the references; merged cells are spans here, so camelot's
"copy text" expectations are compared with our grid filled down.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from pathlib import Path

import pytest

from plantables.extract.model import ExtractError, Table
from plantables.extract.pdf.engine import ScannedPageWarning, extract_tables
from plantables.extract.pdf.export import table_to_grid

TRANSPORT = "Publication_of_award_of_Bids_for_Transport_Sector__August_2016"
WARN = "WARN-Report-for-7-1-2015-to-03-25-2016.pdf"


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def squashed(grid: list[list[str]]) -> list[list[str]]:
    return [[squash(c) for c in row] for row in grid]


def bare(grid: list[list[str]]) -> list[list[str]]:
    return [["".join(c.split()) for c in row] for row in grid]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def camelot_expected(peers_dir: Path, key: str) -> list[list[str]]:
    return json.loads((peers_dir / "camelot" / "expected.json").read_text(encoding="utf-8"))[key]


def fill_down(table: Table) -> list[list[str]]:
    """The grid with each merged cell's text repeated down the rows it spans (camelot's copy_text="v")."""
    grid = table_to_grid(table)
    for i, row in enumerate(table.rows):
        for c in row.cells:
            for r in range(i + 1, i + c.row_span):
                grid[r][c.col] = c.text
    return grid


# --- tabula ------------------------------------------------------------------------------------


def test_transport_table_over_five_pages_is_one_table_with_one_header(peers_dir: Path):
    tables = extract_tables(peers_dir / "tabula" / f"{TRANSPORT}.pdf")
    assert len(tables) == 1
    (table,) = tables
    assert table.pages == [1, 2, 3, 4, 5]
    grid = table_to_grid(table)
    header = grid[0]
    assert sum(row == header for row in grid) == 1, "the header repeated on each page is dropped"
    assert [r.kind for r in table.rows].count("header") == 1
    # rows broken by a page break are joined: every serial number once, in order
    serials = [row[0] for row in grid[1:]]
    assert serials == [str(n) for n in range(1, len(serials) + 1)]


def test_transport_page_one_matches_tabulas_expected_csv(peers_dir: Path):
    expected = read_csv(peers_dir / "tabula" / f"{TRANSPORT}.csv")
    (table,) = extract_tables(peers_dir / "tabula" / f"{TRANSPORT}.pdf")
    page_one = [row for row, r in zip(table_to_grid(table), table.rows) if r.page == 1]
    assert bare(page_one) == bare(expected)
    # line breaks inside cells as tabula has them; only "Black &White" differs (pdfium and
    # pdfplumber both see a space there, tabula does not)
    differ = [(a, b) for ra, rb in zip(page_one, expected) for a, b in zip(ra, rb) if squash(a) != squash(b)]
    assert all(b.replace("&White", "& White") == a for a, b in differ), differ


def test_spanning_cells_match_tabulas_csv_and_are_spans(peers_dir: Path):
    expected = read_csv(peers_dir / "tabula" / "spanning_cells.csv")
    tables = extract_tables(peers_dir / "tabula" / "spanning_cells.pdf")
    grid = [row for t in tables for row in table_to_grid(t)]
    assert squashed(grid) == squashed(expected)
    titles = [r.cells[0] for t in tables for r in t.rows if r.kind == "heading"]
    assert [squash(c.text) for c in titles][:2] == ["Improved operation scenario", "Best practice scenario"]
    assert all(c.col_span == len(t.columns) for t in tables for r in t.rows if r.kind == "heading" for c in r.cells)


# --- camelot -----------------------------------------------------------------------------------


def test_row_spans_filled_down_match_camelots_copy_text(peers_dir: Path):
    expected = camelot_expected(peers_dir, "data_lattice_copy_text")
    # the last grid row is a source note ("Source: Data Warehouse ..."): camelot keeps it as a
    # row, the engine drops it like the ICDAR 2013 ground truth does
    assert expected[-1][0].startswith("Source:")
    expected = expected[:-1]
    (table,) = extract_tables(peers_dir / "camelot" / "row_span_1.pdf")
    got = squashed(fill_down(table))
    assert len(got) == len(expected)
    for ours, theirs in zip(got, squashed(expected)):
        # camelot copies text down only; a label merged across two columns is one span here
        assert [a if b or a == "" else b for a, b in zip(ours, theirs)] == theirs or ours == theirs
        assert all(a == b or (b == "" and a in ours[:k]) for k, (a, b) in enumerate(zip(ours, theirs)))
    gmc = table.rows[1].cells[0]
    assert (gmc.text, gmc.row_span) == ("GMC", 10)


def test_column_spans_match_camelots_shifted_text(peers_dir: Path):
    expected = camelot_expected(peers_dir, "data_lattice_shift_text_left_top")
    (table,) = extract_tables(peers_dir / "camelot" / "column_span_2.pdf")
    assert squashed(table_to_grid(table)) == squashed(expected)
    spans = {(squash(c.text), c.row_span, c.col_span) for r in table.rows for c in r.cells if c.row_span * c.col_span > 1}
    assert ("All the available individuals", 3, 5) in spans


def test_background_fills_do_not_break_cells(peers_dir: Path):
    expected = camelot_expected(peers_dir, "data_lattice_process_background")
    (table,) = extract_tables(peers_dir / "camelot" / "background_lines_1.pdf")
    assert squashed(table_to_grid(table)) == squashed(expected)
    assert {c.fill for r in table.rows for c in r.cells} - {None}, "shaded cells report their fill"


def test_pdfplumber_parsing_gives_the_same_tables(peers_dir: Path):
    for path in (peers_dir / "camelot" / "row_span_1.pdf", peers_dir / "camelot" / "column_span_2.pdf"):
        ours = [squashed(table_to_grid(t)) for t in extract_tables(path)]
        theirs = [squashed(table_to_grid(t)) for t in extract_tables(path, engine="pdfplumber")]
        assert ours == theirs, path.name


# --- pdfplumber --------------------------------------------------------------------------------


def test_warn_report_main_table_is_one_table_matching_pdfplumbers_rows(peers_dir: Path):
    import pdfplumber

    path = peers_dir / "pdfplumber" / WARN
    tables = extract_tables(path)
    date = re.compile(r"^\d\d/\d\d/\d{4}$")
    main = [t for t in tables if t.header and t.header[0] == "Notice Date"]
    assert len(main) == 1, [t.header for t in tables]
    (table,) = main
    assert table.pages == list(range(1, 16))
    assert table.rows[0].kind == "header" and all(r.kind != "header" for r in table.rows[1:])
    rows = [r for r in table.rows if r.cells and date.match(r.cells[0].text)]
    assert len(rows) == len(table.rows) - 1
    # the same records as pdfplumber's own table finder, page by page
    with pdfplumber.open(path) as pdf:
        for number in (1, 8, 15):
            theirs = [r for t in pdf.pages[number - 1].extract_tables() for r in t if r[0] and date.match(r[0])]
            ours = [[c.text for c in r.cells] for r in rows if r.page == number]
            # pdfplumber spaces out some dates ("0 3 / 2 5 / 2 0 16"): compare without spaces
            assert [["".join(v.split()) for v in r] for r in ours] == [
                ["".join((v or "").split()) for v in r] for r in theirs
            ], number


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, password, tables",
    # pdfplumber's example holds bulleted lists and headings, no table: it is read, and nothing
    # found in it (a heading set larger under a list no longer makes the list a table's rows)
    [("pdfplumber/password-example.pdf", "test", False), ("camelot/health_protected.pdf", "userpass", True)],
)
def test_encrypted_pdfs_need_their_password(peers_dir: Path, name: str, password: str, tables: bool):
    path = peers_dir / name
    with pytest.raises(ExtractError) as err:
        extract_tables(path)
    assert err.value.path == str(path) and "encrypted PDF" in err.value.reason
    with pytest.raises(ExtractError, match="wrong password"):
        extract_tables(path, password="not-it")
    found = extract_tables(path, password=password)  # with the password the file is read
    assert bool(found) == tables, "with the password the table is read"


def test_malformed_pdf_is_read_as_far_as_it_goes(peers_dir: Path):
    import pdfplumber

    path = peers_dir / "pdfplumber" / "malformed-from-issue-932.pdf"
    assert extract_tables(path) == []  # a date line, no table; and no traceback
    from plantables.extract.pdf.page import read_pages

    with pdfplumber.open(path) as pdf:
        theirs = pdf.pages[0].extract_text().split()
    assert [w["text"] for w in next(read_pages(path)).words] == theirs


def test_image_only_page_warns_naming_file_and_page(peers_dir: Path):
    path = peers_dir / "camelot" / "image.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert extract_tables(path, ocr="off") == []  # read by OCR: tests/integration/test_ocr_import.py
    messages = [str(w.message) for w in caught if issubclass(w.category, ScannedPageWarning)]
    assert messages == [f"{path}: page 1: no text layer: scanned page, OCR turned off"]


def test_blank_page_gives_no_tables_and_no_warning(peers_dir: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScannedPageWarning)
        assert extract_tables(peers_dir / "camelot" / "empty.pdf") == []
