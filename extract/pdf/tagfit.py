"""Fit a tag table onto the ruled grid drawn under it, or reject the tags.

LibreOffice's tags of a table broken over pages do not count rows as the page
shows them: a row whose content is all on the next page is still one of this
page's TR rows (an empty row here, or only the end of a cell spanning it),
the header row repeated on a continuation page is an untagged artifact, and
empty cells are left out of the tree, so the cells after them (a spanning
cell from the previous page, a month grid's blanks) move left. The tags
still group the text as the drawn grid does; only the positions are off. So
each tagged cell is placed in the ruled cell holding its text, and the tags
are trusted only when that is one-to-one and keeps the tags' row order.
"""

from __future__ import annotations

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.objects import Char


def drop_empty_rows(cells: list[GridCell]) -> list[GridCell]:
    """Tag rows where no cell starts with content on this page go; spans over them shrink.

    Such a row's content is on another page (LibreOffice lists it in this
    page's TRs all the same).
    """
    full = sorted({c.row for c in cells if c.chars})
    if not full:
        return cells
    index = {r: i for i, r in enumerate(full)}
    kept = []
    for c in cells:
        if c.row not in index:
            continue
        covered = [r for r in range(c.row, c.row + c.row_span) if r in index]
        kept.append(GridCell(row=index[c.row], col=c.col, bbox=c.bbox, row_span=len(covered),
                             col_span=c.col_span, header=c.header, chars=c.chars))
    return kept


def fit_to_grid(tag_cells: list[GridCell], grid: list[GridCell], claimed: set[int],
                xs: list[float] | None = None) -> list[GridCell] | None:
    """The ruled grid's cells with the tags' text and header flags, or None when they disagree.

    ``claimed``: the MCIDs the tag table names. Every tagged cell with text
    must lie in its own ruled cell; the cells of a tag row in one ruled row;
    tag rows in order. A ruled cell no tagged cell holds may keep text only
    when that text is the table's too (its MCIDs are claimed: the rest of a
    cell broken over the page) or it is an untagged artifact above the first
    tagged row (the repeated header, kept as a header row). The first and last
    tag rows may lie wholly over or under the grid (``xs``: its column bounds): a
    row broken at the page foot draws its closing rule on the next page, a header
    may draw none (zebra bands shade the body only); they become rows over or under it.
    """
    held: dict[tuple[int, int], GridCell] = {}
    row_of: dict[int, int] = {}
    top, foot = min(rc.bbox[1] for rc in grid), max(rc.bbox[3] for rc in grid)
    under: dict[int, list[GridCell]] = {}
    over: dict[int, list[GridCell]] = {}
    for tc in drop_empty_rows(tag_cells):
        if not tc.chars:
            continue
        holder = _holder_of(tc.chars, grid)
        if holder is None and xs and min(ch["top"] for ch in tc.chars) >= foot - 1:
            under.setdefault(tc.row, []).append(tc)
            continue
        if holder is None and xs and max(ch["bottom"] for ch in tc.chars) <= top + 1:
            over.setdefault(tc.row, []).append(tc)
            continue
        if holder is None or (holder.row, holder.col) in held or row_of.setdefault(tc.row, holder.row) != holder.row:
            return None
        held[(holder.row, holder.col)] = tc
    order = [row_of[r] for r in sorted(row_of)]
    if not order or order != sorted(set(order)) or (under and min(under) <= max(row_of)) \
            or (over and max(over) >= min(row_of)):
        return None
    n_over = len(over)
    above_rows = [over[r] for r in sorted(over)]
    above = _rows_under(above_rows, xs or [], 0, min(ch["top"] for row in above_rows for tc in row
                                                      for ch in tc.chars) - 1.0) if over else []
    below = _rows_under([under[r] for r in sorted(under)], xs or [],
                        n_over + 1 + max(rc.row + rc.row_span - 1 for rc in grid), foot)
    if below is None or above is None:
        return None
    first = order[0]
    fitted = []
    for rc in grid:
        tagged = held.get((rc.row, rc.col))
        if tagged is not None:
            header = tagged.header
        elif not rc.chars or all(ch.get("mcid") in claimed for ch in rc.chars):
            header = False
        elif rc.row + rc.row_span <= first and all(ch.get("mcid") is None for ch in rc.chars):
            header = True  # the repeated header: an untagged artifact
        else:
            return None  # text the tags do not state inside the table
        # the ruled cell's own chars: they hold the tagged cell's, and chars of MCIDs
        # the tree shares with other elements that the tagged cell may have missed
        fitted.append(GridCell(row=n_over + rc.row, col=rc.col, bbox=rc.bbox, row_span=rc.row_span,
                               col_span=rc.col_span, header=header, chars=rc.chars))
    return above + fitted + below


def _rows_under(rows: list[list[GridCell]], xs: list[float], first: int, top: float) -> list[GridCell] | None:
    """Tag rows over or under the grid as grid rows from ``first`` on (the first from ``top``
    down), each cell in the column holding its text (empty cells fill the rest); None when a
    cell's text crosses a column bound or two cells fall in one column."""
    out: list[GridCell] = []
    for i, row in enumerate(rows):
        bottom = max(ch["bottom"] for tc in row for ch in tc.chars)
        cols: dict[int, GridCell] = {}
        for tc in row:
            x0, x1 = min(ch["x0"] for ch in tc.chars), max(ch["x1"] for ch in tc.chars)
            k = next((k for k in range(len(xs) - 1) if xs[k] - 2 <= x0 and x1 <= xs[k + 1] + 2), None)
            if k is None or k in cols:
                return None
            cols[k] = tc
        for k in range(len(xs) - 1):
            held = cols.get(k)
            out.append(GridCell(row=first + i, col=k, bbox=(xs[k], top, xs[k + 1], bottom),
                                header=bool(held and held.header), chars=held.chars if held else []))
        top = bottom
    return out


def _holder_of(chars: list[Char], grid: list[GridCell], tol: float = 2.0) -> GridCell | None:
    """The ruled cell holding every one of the chars (by their centres), if one does."""
    for rc in grid:
        x0, top, x1, bottom = rc.bbox
        if all(x0 - tol <= (ch["x0"] + ch["x1"]) / 2 <= x1 + tol and top - tol <= (ch["top"] + ch["bottom"]) / 2 <= bottom + tol
               for ch in chars):
            return rc
    return None
