"""Plans printed as one card per action: a two-column table of ``label | value`` rows.

Some plans give each action a small table of its own (``Ref | A1``, ``Action | …``,
``Lead officer | …``, ``Deadline | …``, ``Status | …``) instead of a row of a wide
table. Such a card is the plan table turned on its side: its first column holds
the labels (short, most of them naming plan fields), its second the values. Each
card becomes one row under those labels, and consecutive cards with the same
labels become one table, so the interpreter reads them like any other plan table
(header, roles, content). A two-column table whose first column is not labels
(``Stage | Timeline`` milestones, a ``Status | Meaning`` key) is left alone.
"""

from __future__ import annotations

from plantables.extract.model import Block, Cell, Column, Document, Row, Table
from plantables.vocabulary.fields import match_field

#: a card names at least this many plan fields in its first column ...
CARD_MIN_FIELDS = 3
#: ... and most of its labels name one
CARD_FIELD_SHARE = 0.6
#: a label is a few words
LABEL_MAX_WORDS = 5


def _pairs(table: Table) -> list[tuple[str, Cell | None]] | None:
    """``(label, value cell)`` per row of a two-column table, or None when it is not one."""
    if len(table.columns) != 2 or not table.rows:
        return None
    out = []
    for row in table.rows:
        label = row.cell(0)
        if label is None or not label.text.strip() or label.col_span > 1:
            return None
        out.append((" ".join(label.text.split()), row.cell(1)))
    return out


def card_labels(table: Table) -> list[str] | None:
    """The labels of a card (its first column), or None when ``table`` is no card."""
    pairs = _pairs(table)
    if pairs is None or len(pairs) < CARD_MIN_FIELDS:
        return None
    labels = [label for label, _ in pairs]
    if len(set(labels)) < len(labels) or any(len(t.split()) > LABEL_MAX_WORDS for t in labels):
        return None
    fields = [match_field(t).field for t in labels]
    named = [f for f in fields if f is not None]
    if len(set(named)) < CARD_MIN_FIELDS or len(named) < CARD_FIELD_SHARE * len(labels):
        return None
    return labels


def _card_row(table: Table, pairs: list[tuple[str, Cell | None]]) -> Row:
    cells = []
    for i, (_, value) in enumerate(pairs):
        if value is not None:
            cells.append(Cell(i, value.text, page=value.page, bbox=value.bbox, fill=value.fill, bold=value.bold,
                              italic=value.italic, runs=value.runs, confidence=value.confidence))
    page = next((r.page for r in table.rows if r.page is not None), None)
    return Row(cells, page)


def turn_cards(doc: Document) -> None:
    """Turn each run of cards with the same labels into one table of one row per card (in place)."""
    blocks: list[Block] = []
    last: Table | None = None
    last_labels: list[str] | None = None
    for block in doc.blocks:
        labels = card_labels(block) if isinstance(block, Table) else None
        pairs = _pairs(block) if labels is not None and isinstance(block, Table) else None
        if not isinstance(block, Table) or labels is None or pairs is None:
            if isinstance(block, Table) or block.kind != "text":
                last = last_labels = None  # a heading or another table ends the run
            blocks.append(block)
            continue
        row = _card_row(block, pairs)
        if last is not None and labels == last_labels:
            last.rows.append(row)
            last.pages.extend(p for p in block.pages if p not in last.pages)
            continue
        last = Table([Column(i, label) for i, label in enumerate(labels)], [row], list(block.pages), block.bbox)
        last_labels = labels
        blocks.append(last)
    doc.blocks = blocks
