"""Cells of a table drawn without rules whose text runs on over the rows below: merged cells.

A cell merged over several rows (an objective beside each of its actions) prints its text from
the first row's top on, line after line, without regard to where the rows beside it start. With
no rule to bound it, the rows read from the other columns cut that text into pieces, one per row,
the lower ones starting mid-sentence. Where a piece goes on from the one above as a wrapped line
does (in lower case, at the spacing of the cell's own lines, the upper piece reaching down to its
row's last line, the lower one starting on its row's first line) while another column starts a
cell of its own there, the pieces are one cell spanning those rows.
"""

from __future__ import annotations

from plantables.extract.pdf.grid import GridCell, merge_down
from plantables.extract.pdf.lines import Chunk, Columns, Line
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.row_starts import continues_label

Row = tuple[float, float, list[Line], bool]


def _pieces(lines: list[Line], cols: Columns, col: int) -> list[Chunk]:
    """The chunks of ``lines`` starting in column ``col``, top to bottom."""
    return [chunk for ln in lines if (chunk := cols.of_line(ln).get(col)) is not None]


def _spacing(pieces: list[Chunk], height: float) -> float:
    """The widest gap between the lines of one cell's text (``pieces``), or a line's worth less a
    little when it has one line: how far apart lines of that text may stand."""
    gaps = [b.top - a.bottom for a, b in zip(pieces, pieces[1:])]
    return max(gaps) + 1.0 if gaps else 0.8 * height


def _ruled_between(h_rules: list[Edge], y: float, x: float, tol: float = 2.5) -> bool:
    return any(e.get("source") != "fill" and abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol
               for e in h_rules)


def _runs_on(upper: list[Line], lower: list[Line], cols: Columns, col: int) -> bool:
    """The text of column ``col`` goes on from row ``upper`` into row ``lower`` (module docstring)."""
    above, below = _pieces(upper, cols, col), _pieces(lower, cols, col)
    if not above or not below or not continues_label(below[0].text):
        return False
    height = max(ln.bottom - ln.top for ln in upper + lower)
    if above[-1].bottom < max(ln.bottom for ln in upper) - 0.5 * height:
        return False  # the text ends before its row does: a cell of that row alone
    if below[0].top > lower[0].top + 0.5 * height:
        return False  # the text starts below its row's first line: a cell of its own
    if below[0].top - above[-1].bottom > _spacing(above, height):
        return False
    # another column starts a cell of its own on the row's first line: the rows do part there
    return any(k != col and _starts_cell(chunk, _pieces(upper, cols, k), height)
               for k, chunk in cols.of_line(lower[0]).items())


def _starts_cell(chunk: Chunk, above: list[Chunk], height: float) -> bool:
    """The chunk opens a cell of its own: not the rest of a label, nor close under the column's
    text above (``above``: the column's pieces in the row above; a name wrapped in capitals)."""
    if continues_label(chunk.text):
        return False
    return not above or chunk.top - above[-1].bottom > _spacing(above, height)


def join_runovers(cells: list[GridCell], owner: dict, rows: list[Row], n_header: int, cols: Columns,
                  h_rules: list[Edge]) -> None:
    """Merge each body cell with the cell under it whose text runs on from it (in place)."""
    xs = cols.xs
    gone: set[int] = set()
    for r in range(n_header, len(rows) - 1):
        for c in range(len(xs) - 1):
            upper, lower = owner.get((r, c)), owner.get((r + 1, c))
            if upper is None or lower is None or upper is lower or upper.col != c or lower.col != c \
                    or upper.col_span != lower.col_span or upper.row + upper.row_span - 1 != r:
                continue
            if _ruled_between(h_rules, rows[r][1], (xs[c] + xs[c + 1]) / 2) \
                    or not _runs_on(rows[r][2], rows[r + 1][2], cols, c):
                continue
            merge_down(upper, lower, owner)
            gone.add(id(lower))
    if gone:
        cells[:] = [c for c in cells if id(c) not in gone]
