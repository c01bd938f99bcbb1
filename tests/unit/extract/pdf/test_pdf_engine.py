"""The PDF table engine on real PDFs from the peers' test suites (../shared/peers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.model import ExtractError
from plantables.extract.pdf.engine import extract_tables, find_tables
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.settings import DEFAULT, TableSettings


def _grid(table) -> list[list[str]]:
    from plantables.extract.pdf.export import table_to_grid

    return table_to_grid(table)


def test_read_pages_gives_chars_rects_and_colours_top_left(peers_dir: Path):
    page = next(read_pages(peers_dir / "pdfplumber" / "word365_structure.pdf"))
    assert page.number == 1 and page.has_text_layer
    assert (round(page.width), round(page.height)) == (595, 842)
    text = "".join(c["text"] for c in page.chars)
    assert "Alouette" in text and "En-tête 1" in text
    # the header row's shading is Word blue, the body rows light blue
    fills = {r["fill"] for r in page.rects}
    assert {"#4472C4", "#D9E2F3"} <= fills
    # top-left origin: the table sits in the upper half of the A4 page
    alouette = next(w for w in page.words if w["text"] == "Alouette")
    assert 200 < alouette["top"] < 300 and alouette["bottom"] > alouette["top"]
    assert all(c["size"] > 5 for c in page.chars if not c["text"].isspace())


def test_pdfium_and_pdfplumber_parsing_agree_on_word_positions(peers_dir: Path):
    from plantables.extract.pdf.plumber import read_pages_plumber

    path = peers_dir / "camelot" / "row_span_1.pdf"
    ours = next(read_pages(path)).words
    theirs = next(read_pages_plumber(path)).words
    from collections import Counter

    once = {t for t, n in Counter(w["text"] for w in theirs).items() if n == 1}
    once &= {t for t, n in Counter(w["text"] for w in ours).items() if n == 1}
    first = {w["text"]: (w["x0"], w["bottom"]) for w in theirs if w["text"] in once}
    common = [w for w in ours if w["text"] in once]
    assert len(common) > 30
    for w in common:
        x0, bottom = first[w["text"]]
        # pdfium boxes span the font's full ascent, pdfminer's its bbox: bottoms agree, tops less
        assert abs(w["x0"] - x0) < 2 and abs(w["bottom"] - bottom) < 2


def test_tagged_word_table_reads_header_cells_from_the_tags(peers_dir: Path):
    page = next(read_pages(peers_dir / "pdfplumber" / "word365_structure.pdf"))
    assert page.tag_tables and page.tag_tables[0].n_cols == 3
    (table,) = find_tables(page)
    assert _grid(table) == [
        ["En-tête 1", "En-tête 2", "En-tête 3"],
        ["Ligne 1", "Alouette", "Farfadet"],
        ["Linge 2", "Belette", "Bibitte"],
    ]
    assert [c.header for c in table.rows[0].cells] == [True, True, True]
    assert not any(c.header for c in table.rows[1].cells)
    assert table.rows[0].cells[0].fill == "#4472C4"
    assert table.rows[2].cells[2].fill == "#D9E2F3"
    assert [c.label for c in table.columns] == ["En-tête 1", "En-tête 2", "En-tête 3"]


def test_geometry_alone_gives_the_same_tagged_table(peers_dir: Path):
    path = peers_dir / "pdfplumber" / "word365_structure.pdf"
    (tagged,) = extract_tables(path)
    (plain,) = extract_tables(path, settings=DEFAULT.with_(use_tags=False))
    assert _grid(tagged) == _grid(plain)


def test_merged_cells_are_one_cell_with_spans(peers_dir: Path):
    (table,) = extract_tables(peers_dir / "camelot" / "row_span_1.pdf")
    gmc = table.rows[1].cells[0]
    assert (gmc.text, gmc.col, gmc.row_span, gmc.col_span) == ("GMC", 0, 10, 1)
    # the rows it covers have no cell in its column
    assert all(r.cell(0) is None for r in table.rows[2:11])
    assert table.rows[11].cell(0) is not None


def test_unreadable_files_raise_extract_error_naming_file_and_reason(peers_dir: Path, tmp_path: Path):
    with pytest.raises(ExtractError, match="encrypted PDF"):
        extract_tables(peers_dir / "pdfplumber" / "password-example.pdf")
    junk = tmp_path / "notes.pdf"
    junk.write_text("this is not a PDF")
    with pytest.raises(ExtractError) as err:
        extract_tables(junk)
    assert err.value.path == str(junk) and "not a PDF" in err.value.reason
    with pytest.raises(ExtractError, match="page 9 does not exist"):
        extract_tables(peers_dir / "camelot" / "row_span_1.pdf", pages=[9])


def test_settings_are_frozen_with_documented_defaults():
    settings = TableSettings()
    with pytest.raises(AttributeError):
        settings.snap_tolerance = 1  # type: ignore[misc]
    assert settings.with_(snap_tolerance=1.0).snap_tolerance == 1.0
    assert settings.snap_tolerance == 3.0 and settings.join_tolerance == 3.0


def test_tags_continuing_on_the_next_page_are_checked_against_positions(samples_dir: Path):
    """A tagged plan (LibreOffice export): a row running onto the next page lists that page's
    MCIDs too; where they collide with this page's, only chars in the cell's place count."""
    from plantables.extract.pdf.tag_cells import tag_table_cells

    path = samples_dir / "harbourside_2024_26_tagged.pdf"
    if not path.exists():
        pytest.skip("the tagged sample is not generated")
    for page in read_pages(path):
        assert page.tag_tables, page.number
        assert all(tag_table_cells(t, page.chars, []) is not None for t in page.tag_tables)
        tagged = [_grid(t) for t in find_tables(page)]
        plain = [_grid(t) for t in find_tables(page, DEFAULT.with_(use_tags=False))]
        assert tagged == plain, page.number
