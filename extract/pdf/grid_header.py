"""Which top rows of a ruled grid are its header, from their styling and wording.

A header is set apart from the body by bold or by shading under most of its
text, and holds labels (short); the row under it whose texts all sit under its
group labels (Q1..Q4 under ``2025/26``) is a header row too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grid imports this module: the cells are only read here
    from plantables.extract.pdf.grid import GridCell


def _mark_sub_labels(by_row: dict[int, list[GridCell]], order: list[int]) -> None:
    """The row under the header whose texts all sit under the header's group labels (Q1..Q4
    under '2025/26') is a header row too, even when not styled like it: it labels columns."""
    marked = [r for r in order if all(c.header for c in by_row[r])]
    if not marked or marked[-1] == order[-1]:
        return
    groups = [(c.col, c.col + c.col_span) for r in marked for c in by_row[r] if c.col_span > 1 and c.text]
    below = [c for c in by_row[order[order.index(marked[-1]) + 1]] if c.text]
    if groups and len(below) >= 2 and all(any(a <= c.col and c.col + c.col_span <= b for a, b in groups) for c in below):
        for c in by_row[order[order.index(marked[-1]) + 1]]:
            c.header = True


def _one_cells_text(texts: list[GridCell], n_cols: int) -> bool:
    """The top row's only text is one cell's, going on in lower case (``cabinet``: the rest of a
    cell the page broke, shaded as its zebra band) or in the first column (a section's band whose
    merged cell drew no edge, ``4 STRONG GOVERNANCE``): not a header labelling the columns."""
    return n_cols >= 3 and len(texts) == 1 and texts[0].col_span == 1 and (
        texts[0].text.strip()[:1].islower() or texts[0].col == 0)


#: a column label runs to at most this many words
LABEL_WORDS = 6
#: a cell of at least this many words ending in a full stop is a sentence, no label
SENTENCE_WORDS = 4


def _sentence(cell: GridCell) -> bool:
    """The cell holds a sentence (words ending in a full stop): a body row's text (a progress
    note), never a column's label (``No.`` is one word)."""
    text = cell.text.strip()
    return text.endswith(".") and not text.endswith("..") and len(text.split()) >= SENTENCE_WORDS


def mark_header_rows(cells: list[GridCell], max_rows: int = 3) -> None:
    """Flag the top rows that look like a header: bold or shaded unlike the body.

    A row holding one cell across (nearly) the whole width below the first
    row is a section heading inside the table, not part of the header.
    """
    by_row: dict[int, list[GridCell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    order = sorted(by_row)
    if len(order) < 2:
        return
    n_cols = max(c.col + c.col_span for c in cells)

    def style(row: int) -> tuple[bool, frozenset]:
        filled = [c for c in by_row[row] if c.text]
        bold = bool(filled) and all(ch.get("bold") for c in filled for ch in c.chars)
        return bold, frozenset(c.fill for c in by_row[row])

    def full_width(row: int) -> bool:
        return n_cols >= 3 and any(c.col_span >= n_cols - 1 for c in by_row[row])

    body = [style(r) for r in order[max_rows:] or order[1:]]
    body_bold = sum(b for b, _ in body) > len(body) / 2
    body_fills = {f for _, fills in body for f in fills}
    top_bold, top_fills = style(order[0])
    # a header's shading lies under its text, most of it: a row whose only colour is an empty
    # cell's (a status cell's colour running on from the page before) or one coloured status
    # word among plain cells (a body row opening a page) is not set apart by it
    texts = [c for c in by_row[order[0]] if c.text]
    shaded_text = bool(texts) and 2 * sum(c.fill is not None for c in texts) >= len(texts)
    # (the shading under its text: a status colour in an empty cell says nothing of a header)
    distinct = (top_bold and not body_bold) or (shaded_text and not {c.fill for c in texts} <= body_fills)
    # labels are short: a top row most of whose cells run to sentences is a body row, shaded as a
    # zebra band's first (a continuation page) or bold as a title row is
    wordy = bool(texts) and 2 * sum(len(c.text.split()) > LABEL_WORDS for c in texts) >= len(texts)
    if not distinct or wordy or _one_cells_text(texts, n_cols) or any(map(_sentence, texts)):
        return
    for k, row in enumerate(order[:max_rows]):
        bold, fills = style(row)
        if k > 0 and full_width(row):
            break
        if (top_bold and bold) or (fills == top_fills and fills - {None}):
            for c in by_row[row]:
                c.header = True
        else:
            break
    _mark_sub_labels(by_row, order)
    # a header never takes the whole table
    if all(c.header for c in cells):
        for c in cells:
            c.header = False
