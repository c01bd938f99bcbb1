"""Where the records of a table drawn without rules start: the evidence rows.py reads lines by.

Without rules, a row's lines are told from the next row's by what the cells do: a title wraps
over several lines in its column while a ref, a date or a rating beside it holds text on the
row's first line only; the rest of a wrapped label goes on in lower case; a title across the
table (an objective row) is a row of its own.
"""

from __future__ import annotations

from plantables.extract.pdf.lines import Chunk, Columns, Line


def continues_label(text: str) -> bool:
    """Text that reads as the rest of a wrapped label: lower case, or a closing bracket."""
    text = text.strip()
    return bool(text) and (text[0].islower() or text[0] in ")]/–-" or text.startswith("("))


def split_before(lines: list[Line], cols: Columns, ref: int) -> list[list[Line]]:
    """Records starting at each line holding text in column ``ref``; also where a gap wider than
    the lines' spacing parts them, and around a line of one label across columns (a title row,
    whose wrapped rest, going on in lower case, stays with it)."""
    records: list[list[Line]] = []
    for line in lines:
        if records:
            above = records[-1][-1]
            tight = line.top - above.bottom <= 0.8 * max(line.bottom - line.top, 1.0)
            title_rest = len(line.chunks) == 1 and continues_label(line.text)  # a title's wrapped words
            if tight and ref not in cols.of_line(line) and not spans(line, cols) and (
                    not spans(above, cols) or title_rest):
                records[-1].append(line)
                continue
        records.append([line])
    return records


def reads_on(here: dict[int, Chunk], above: dict[int, Chunk]) -> bool:
    """A line (``here``: its chunks by column) goes on with the cells of the line right above
    (``above``): each of its chunks stands under text, and most read as the rest of a wrapped
    line of words (lower case under a chunk of several words). A record's first line starts its
    cells in capitals, refs or figures, and some in columns empty above."""
    if not here or any(c not in above for c in here):
        return False
    rest = sum(continues_label(chunk.text) and len(above[c].words) > 1 for c, chunk in here.items())
    return 3 * rest >= 2 * len(here)


def spans(line: Line, cols: Columns) -> bool:
    """The line is one chunk crossing column bounds: a title across the table."""
    if len(line.chunks) != 1:
        return False
    first, last = cols.range(line.chunks[0])
    return last > first


def single_line_key(bands: list[list[Line]], cols: Columns, key: int) -> int:
    """The column whose cells never wrap, when the first column's cells do: it starts the records.

    A title wrapped over several lines in the first column fills it on every line of its row;
    a ref or number column beside it holds text on the row's first line only. Such a column
    (text on two lines at least, never wrapped) keys the records of every band; otherwise
    ``key`` stays. Titles across the table (objective rows) are no rows of cells; lines above
    the first that holds the column are a record of their own (a row's rest after a page break).
    """
    lines = [ln for band in bands for ln in band if not spans(ln, cols)]
    present: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        for c in cols.of_line(line):
            present.setdefault(c, []).append(i)
    if not _wraps(lines, cols, key, present.get(key, []), reads_on=True):
        return key
    # lines on which the first column's text reads on from the line above: a column going on
    # there from the line above wraps with it (a name of single words: 'Housing' over 'Manager';
    # a ref under a gap may stand beside a group's title running on)
    running = {i for i in range(1, len(lines)) if key in cols.of_line(lines[i - 1])
               and (cell := cols.of_line(lines[i]).get(key)) is not None and continues_label(cell.text)}
    # of the columns that never wrap, the one least often filled on two lines running, then the
    # fullest, then the leftmost
    # (a column filled on lines running one after another only shows no row's start: a label
    # wrapped in it, 'Responsible' over 'officer' in a header repeated over a row's rest)
    options = [(sum(b == a + 1 for a, b in zip(at, at[1:])), -len(at), c) for c, at in present.items()
               if len(at) > 1 and any(b > a + 1 for a, b in zip(at, at[1:]))
               and not any(b == a + 1 and b in running for a, b in zip(at, at[1:]))
               and not _wraps(lines, cols, c, at)]
    return min(options)[2] if options else key


def _wraps(lines: list[Line], cols: Columns, column: int, at: list[int], reads_on: bool = False) -> bool:
    """Text in the column may run on to the next line: a line of several words, nearly as wide
    as the column's widest, with text right under it (refs and dates stacked in rows of one
    line each are single words or short). ``reads_on``: the text under it must also read as
    the rest (lower case), as a wrapped title does and the labels of rows of figures do not."""
    chunks = {i: cols.of_line(lines[i])[column] for i in at}
    widest = max((c.x1 - c.x0 for c in chunks.values()), default=0.0)
    return any(
        b == a + 1 and len(chunks[a].words) > 1 and chunks[a].x1 - chunks[a].x0 >= 0.6 * widest
        and (not reads_on or continues_label(chunks[b].text))
        for a, b in zip(at, at[1:])
    )


def row_room(lines: list[Line], cols: Columns) -> float | None:
    """How far under a cell's line its next line may stand: the usual gap between lines following
    one another in a column (most lines are a cell's wrapped lines), a quarter of a line more.
    Rows set apart by cell padding or taller spreadsheet rows stand further apart than that.
    None when too few lines follow one another to tell."""
    heights = sorted(ln.bottom - ln.top for ln in lines)
    height = heights[len(heights) // 2] if heights else 0.0
    last: dict[int, float] = {}
    gaps = []
    for line in lines:
        for c, chunk in cols.of_line(line).items():
            if c in last and chunk.top - last[c] < 0.8 * height:
                gaps.append(chunk.top - last[c])
            last[c] = chunk.bottom
    if len(gaps) < 3:
        return None
    gaps.sort()
    return min(gaps[len(gaps) // 2] + 0.25 * height, 0.8 * height)


def gap_starts(lines: list[Line], cols: Columns) -> set[int]:
    """``id`` of each line that opens a row by the white space above it: it starts cells in several
    columns at once, each further under its column's text above than a cell's lines stand apart
    (:func:`row_room`), and in more columns than it goes on with text close above. One column
    alone may part paragraphs of one cell; a cell merged over rows runs on through a row's first
    line beside the others."""
    room = row_room(lines, cols)
    if room is None:
        return set()
    out = set()
    seen: dict[int, float] = {}  # column → bottom of its last text
    for k, line in enumerate(lines):
        here = cols.of_line(line)
        starts = sum(c not in seen or chunk.top - seen[c] > room for c, chunk in here.items())
        if k and starts >= 2 and starts > len(here) - starts:
            out.add(id(line))
        seen.update((c, chunk.bottom) for c, chunk in here.items())
    return out
