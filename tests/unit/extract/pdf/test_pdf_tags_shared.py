"""Text claimed by several tag elements (shared MCIDs) given to the cell it lies in (extract/pdf/tags.py)."""

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.tag_cells import _add_shared
from plantables.extract.pdf.tags import TagCell, TagTable


def chars(text: str, x: float, y: float, mcid: int) -> list[dict]:
    return [{"text": t, "x0": x + 5 * i, "x1": x + 5 * i + 4, "top": y, "bottom": y + 8, "mcid": mcid}
            for i, t in enumerate(text)]


def test_shared_text_found_when_every_cell_with_text_spans_rows():
    """Chromium tags a rowspan table whose every filled cell spans two rows: no one-row cell gives the
    rows' bounds, so the table's own text bounds where shared text is looked for (this raised
    ``min() arg is an empty sequence`` and lost the whole document)."""
    table = TagTable([TagCell(False, {1}, row_span=2, row=0, col=0), TagCell(False, {2}, row_span=2, row=0, col=1,
                                                                             shared={3})], n_rows=2, n_cols=2)
    cells = [GridCell(row=0, col=0, bbox=(0, 0, 0, 0), row_span=2, chars=chars("1.1", 5, 10, 1)),
             GridCell(row=0, col=1, bbox=(0, 0, 0, 0), row_span=2, chars=chars("Plan", 60, 10, 2))]
    inside, footer = chars("and", 60, 22, 3), chars("Page 2", 60, 300, 3)
    _add_shared(table, cells, {3: inside + footer})
    assert [c["text"] for c in cells[1].chars] == list("Plan") + list("and")
    assert cells[0].chars == chars("1.1", 5, 10, 1)
