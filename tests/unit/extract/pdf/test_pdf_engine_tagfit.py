"""Tag tables fitted onto the ruled grid under them (extract/pdf/tagfit.py)."""

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.tagfit import drop_empty_rows, fit_to_grid

XS = [0.0, 50.0, 100.0]
YS = [0.0, 20.0, 40.0, 60.0]


def chars(text: str, col: int, row: int, mcid: int | None) -> list[dict]:
    x, y = XS[col] + 5, YS[row] + 5
    return [{"text": t, "x0": x + 5 * i, "x1": x + 5 * i + 4, "top": y, "bottom": y + 8, "mcid": mcid}
            for i, t in enumerate(text)]


def grid(texts: list[list[tuple[str, int | None]]]) -> list[GridCell]:
    """A ruled 3 x 2 grid; each cell's text and the MCID its chars carry."""
    return [GridCell(row=r, col=c, bbox=(XS[c], YS[r], XS[c + 1], YS[r + 1]), chars=chars(t, c, r, m) if t else [])
            for r, row in enumerate(texts) for c, (t, m) in enumerate(row)]


def tagged(row: int, col: int, text: str, at: tuple[int, int], mcid: int, header: bool = False,
           row_span: int = 1) -> GridCell:
    """A tag cell at (row, col) of the tags whose text lies in ruled cell ``at`` (row, col)."""
    return GridCell(row=row, col=col, bbox=(0, 0, 0, 0), header=header, row_span=row_span,
                    chars=chars(text, at[1], at[0], mcid))


def test_tags_of_a_continuation_page_are_placed_on_the_ruled_grid():
    """Repeated header untagged (mcid None); the Owner cell spanning from the previous page is
    left out of the tree, so the tagged 'Q4' sits in tag column 0 though it is drawn in column 1."""
    ruled = grid([[("Ref", None), ("Due", None)], [("", None), ("Q4", 2)], [("1.2", 3), ("Q1", 4)]])
    tags = [tagged(0, 0, "Q4", (1, 1), 2), tagged(1, 0, "1.2", (2, 0), 3), tagged(1, 1, "Q1", (2, 1), 4)]
    fitted = fit_to_grid(tags, ruled, {2, 3, 4})
    assert fitted is not None
    by_pos = {(c.row, c.col): c for c in fitted}
    assert [by_pos[0, c].header for c in (0, 1)] == [True, True]
    assert "".join(ch["text"] for ch in by_pos[1, 1].chars) == "Q4"
    assert not any(c.header for c in fitted if c.row > 0)


def test_a_tag_row_with_no_content_on_the_page_is_dropped_and_its_span_shrinks():
    tags = [tagged(0, 0, "A", (0, 0), 1, row_span=3), tagged(0, 1, "B", (0, 1), 2),
            tagged(1, 1, "C", (1, 1), 3), GridCell(row=2, col=1, bbox=(0, 0, 0, 0))]
    kept = drop_empty_rows(tags)
    assert sorted((c.row, c.col, c.row_span) for c in kept) == [(0, 0, 2), (0, 1, 1), (1, 1, 1)]


def test_tags_that_group_the_text_otherwise_than_the_rules_are_rejected():
    ruled = grid([[("Ref", 0), ("Due", 1)], [("1.1", 2), ("Q4", 3)], [("1.2", 4), ("Q1", 5)]])
    head = [tagged(0, 0, "Ref", (0, 0), 0, True), tagged(0, 1, "Due", (0, 1), 1, True)]
    # one tagged cell over two ruled cells
    across = GridCell(row=1, col=0, bbox=(0, 0, 0, 0), chars=chars("1.1", 0, 1, 2) + chars("Q4", 1, 1, 2))
    assert fit_to_grid(head + [across, tagged(2, 0, "1.2", (2, 0), 4), tagged(2, 1, "Q1", (2, 1), 5)],
                       ruled, set(range(6))) is None
    # one tag row over two ruled rows
    assert fit_to_grid(head + [tagged(1, 0, "1.1", (1, 0), 2), tagged(1, 1, "Q1", (2, 1), 5)],
                       ruled, set(range(6))) is None
    # tag rows in another order than the drawn rows
    assert fit_to_grid(head + [tagged(1, 0, "1.2", (2, 0), 4), tagged(2, 0, "1.1", (1, 0), 2)],
                       ruled, set(range(6))) is None
    # tagged text in the body that the tags do not state
    assert fit_to_grid(head + [tagged(1, 0, "1.1", (1, 0), 2), tagged(1, 1, "Q4", (1, 1), 3)],
                       ruled, {0, 1, 2, 3}) is None
    # an untagged row below the first tagged row is no repeated header
    untagged_body = grid([[("Ref", 0), ("Due", 1)], [("1.1", None), ("Q4", None)], [("1.2", 4), ("Q1", 5)]])
    assert fit_to_grid(head + [tagged(2, 0, "1.2", (2, 0), 4), tagged(2, 1, "Q1", (2, 1), 5)],
                       untagged_body, {0, 1, 4, 5}) is None


def test_a_last_tag_row_under_the_grid_is_a_row_under_it():
    """A row broken at the page foot draws its closing rule on the next page: its text lies under
    the ruled grid, in the grid's columns, and becomes a row there (else the tags were refused)."""
    ruled = grid([[("Ref", 0), ("Due", 1)], [("1.1", 2), ("Q4", 3)]])
    tags = [tagged(0, 0, "Ref", (0, 0), 0, True), tagged(0, 1, "Due", (0, 1), 1, True),
            tagged(1, 0, "1.1", (1, 0), 2), tagged(1, 1, "Q4", (1, 1), 3), tagged(2, 0, "1.2", (2, 0), 4)]
    fitted = fit_to_grid(tags, ruled, set(range(5)), XS)
    assert fitted is not None
    by_pos = {(c.row, c.col): c for c in fitted}
    assert "".join(ch["text"] for ch in by_pos[2, 0].chars) == "1.2" and not by_pos[2, 1].chars
    assert by_pos[2, 0].bbox[1] == YS[2]
    # without the grid's column bounds, or with a row under the grid before one inside it, no fit
    assert fit_to_grid(tags, ruled, set(range(5))) is None
    early = [tagged(0, 0, "Ref", (0, 0), 0, True), tagged(1, 0, "1.2", (2, 0), 4), tagged(2, 0, "1.1", (1, 0), 2)]
    assert fit_to_grid(early, ruled, set(range(5)), XS) is None


def test_a_first_tag_row_over_the_grid_is_a_row_over_it():
    """Zebra bands shade the body only: a page's repeated header, tagged, draws no rule over the
    band under it and lies over the ruled grid; it becomes the first row, the grid's rows after it."""
    ruled = [GridCell(row=0, col=c.col, bbox=c.bbox, chars=c.chars)
             for c in grid([[("", None), ("", None)], [("1.1", 2), ("Q4", 3)]]) if c.row == 1]
    tags = [tagged(0, 0, "Ref", (0, 0), 0, True), tagged(0, 1, "Due", (0, 1), 1, True),
            tagged(1, 0, "1.1", (1, 0), 2), tagged(1, 1, "Q4", (1, 1), 3)]
    fitted = fit_to_grid(tags, ruled, set(range(4)), XS)
    assert fitted is not None
    by_pos = {(c.row, c.col): c for c in fitted}
    assert [by_pos[0, c].header for c in (0, 1)] == [True, True]
    assert "".join(ch["text"] for ch in by_pos[1, 0].chars) == "1.1"
    assert fit_to_grid(tags, ruled, set(range(4))) is None  # no column bounds: no fit
