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

from dataclasses import replace

from plantables.extract.model import Block, Cell, Column, Document, Heading, Row, Table
from plantables.vocabulary.fields import match_field
from plantables.vocabulary.refs import split_labelled_ref

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


#: the words a card's own heading names its number with: ``Action 2.1``, ``Ref 4``, ``Task 3``
_CARD_REF_WORDS = frozenset({"action", "ref", "ref.", "reference", "no", "no.", "task", "item", "milestone"})


def _card_ref(block: Block) -> str | None:
    """The number a heading printed just above a card gives it (``Action 2.1``, ``2.1``), or None:
    a heading that is a ref and nothing else."""
    if not isinstance(block, Heading):
        return None
    text = " ".join(block.text.split())
    raw, ref, rest = split_labelled_ref(text)
    words = text.split()
    if raw is None or ref is None or rest.strip() or len(words) > 2:
        return None
    return raw if len(words) == 1 or words[0].lower() in _CARD_REF_WORDS else None


def turn_cards(doc: Document) -> None:
    """Turn each run of cards with the same labels into one table of one row per card (in place).

    A card without a ``Ref`` label that is numbered by a heading just above it (``Action 2.1``)
    takes that number as its ref, and the heading goes (it is the card's, not a section's); cards
    printed side by side have their headings on one line above them, read first: the n headings
    before n cards number them in order."""
    doc.blocks = [part for block in doc.blocks for part in _stacked_cards(block)]
    blocks: list[Block] = []
    last: Table | None = None
    last_labels: list[str] | None = None
    refs = _heading_refs(doc.blocks)
    for k, block in enumerate(doc.blocks):
        labels = card_labels(block) if isinstance(block, Table) else None
        pairs = _pairs(block) if labels is not None and isinstance(block, Table) else None
        if k in refs and not isinstance(block, Table):
            continue  # a card's number, given to it below
        if not isinstance(block, Table) or labels is None or pairs is None:
            if isinstance(block, Table) or block.kind != "text":
                last = last_labels = None  # a heading or another table ends the run
            blocks.append(block)
            continue
        row = _card_row(block, pairs)
        ref = refs.get(k)
        if ref is not None:
            labels = ["Ref", *labels]
            row = Row([Cell(0, ref, page=row.page), *(replace(c, col=c.col + 1) for c in row.cells)], row.page)
        if last is not None and labels == last_labels:
            last.rows.append(row)
            last.pages.extend(p for p in block.pages if p not in last.pages)
            continue
        last = Table([Column(i, label) for i, label in enumerate(labels)], [row], list(block.pages), block.bbox)
        last_labels = labels
        blocks.append(last)
    doc.blocks = blocks


def _takes_ref(block: Block) -> bool:
    """A card that numbers none of its rows itself."""
    labels = card_labels(block) if isinstance(block, Table) else None
    return labels is not None and all(match_field(t).field != "ref" for t in labels)


def _heading_refs(blocks: list[Block]) -> dict[int, str]:
    """Block index → ref for each card numbered by a heading, and for each such heading."""
    out: dict[int, str] = {}
    k = 0
    while k < len(blocks):
        heads = k
        while heads < len(blocks) and _card_ref(blocks[heads]) is not None:
            heads += 1
        cards = heads
        while cards < len(blocks) and cards - heads < heads - k and _takes_ref(blocks[cards]):
            cards += 1
        if heads > k and cards - heads == heads - k:
            for h, c in zip(range(k, heads), range(heads, cards)):
                out[h] = out[c] = _card_ref(blocks[h])  # type: ignore[assignment]
            k = cards
        else:
            k = max(k + 1, heads)
    return out


def _stacked_cards(block: Block) -> list[Block]:
    """A two-column table that is cards read as one (a PDF reader joins cards printed one under
    another, the heading numbering each, ``Action 1.2``, a row of its own with nothing beside it),
    as its cards and their headings; any other block as it is. Only when every card has the same
    labels: the repetition is the evidence."""
    if not isinstance(block, Table) or len(block.columns) != 2 or len(block.rows) < 6:
        return [block]
    parts: list[Block] = []
    rows: list[Row] = []
    for row in block.rows:
        first, second = row.cell(0), row.cell(1)
        text = " ".join(first.text.split()) if first is not None else ""
        heading = Heading(text, "section", page=row.page)
        if text and not (second is not None and second.text.strip()) and _card_ref(heading) is not None:
            if rows:
                parts.append(Table(list(block.columns), rows, list(block.pages), block.bbox))
            parts.append(heading)
            rows = []
        else:
            rows.append(row)
    if rows:
        parts.append(Table(list(block.columns), rows, list(block.pages), block.bbox))
    cards = [card_labels(p) for p in parts if isinstance(p, Table)]
    if len(cards) < 2 or any(c is None or c != cards[0] for c in cards):
        return [block]
    return parts
