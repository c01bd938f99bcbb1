"""Find the tables of a PDF: tags first, then ruling lines, then text alignment.

``find_tables`` works on one :class:`PageContent` (plain data, from pypdfium2
or pdfplumber); ``extract_tables`` reads a file with the chosen engine and
stitches tables continuing over pages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from plantables.extract.model import ExtractError, Table
from plantables.extract.pdf.aligned import find_aligned_tables
from plantables.extract.pdf.grid import GridCell, box_of, finish
from plantables.extract.pdf.lines import CAPTION, NOTE, Region, shaded_boxes
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.page import PageContent, read_pages
from plantables.extract.pdf.ruled import RuledGrid, find_ruled_tables, is_open, table_edges
from plantables.extract.pdf.settings import DEFAULT, ENGINES, TableSettings, engine_spec
from plantables.extract.pdf.stacks import join_stacked
from plantables.extract.pdf.stitch import stitch_pages
from plantables.extract.pdf.table_kind import in_chart
from plantables.extract.pdf.tag_cells import tag_table_cells
from plantables.extract.pdf.tagfit import fit_to_grid
from plantables.extract.pdf.tags import TagTable

BBox = tuple[float, float, float, float]


class ScannedPageWarning(UserWarning):
    """A page has no text layer (an image of a page): its tables cannot be read without OCR."""


def find_tables(page: PageContent, settings: TableSettings = DEFAULT, continues: Table | None = None) -> list[Table]:
    """Tables on one page, top to bottom: tagged, ruled, then aligned. ``continues``: the table the
    page may continue (the last one of the page before), whose columns may place its rows."""
    edges = table_edges(page, settings)
    ruled = find_ruled_tables(page, settings, edges)
    tables = _tagged_tables(page, ruled, settings, continues.column_bounds() if continues is not None else None)
    tagged = [t.bbox for t in tables if t.bbox]
    complete, open_grids = _sort_grids(page, ruled, edges, tagged, settings)
    if settings.text_tables:
        complete, open_grids = join_stacked(page, complete, open_grids, edges, tagged, settings)
    tables += [finish(cells, page, xs, settings) for cells, xs in complete]
    if settings.text_tables:
        taken = [t.bbox for t in tables if t.bbox]
        h_edges = [e for e in edges if e["orientation"] == "h"]
        for cells, xs in find_aligned_tables(page, settings, exclude=taken, open_grids=open_grids, h_edges=h_edges):
            tables.append(finish(cells, page, xs, settings))
    tables = [t for t in (without_caption_rows(t) for t in tables) if t.rows]
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]) if t.bbox else (0.0, 0.0))
    return tables


def _tagged_tables(page: PageContent, ruled, settings: TableSettings, columns: list[float] | None = None,
                   ) -> list[Table]:
    """Tables the structure tree states, where the drawn rules do not contradict them. ``columns``
    (those of the table the page may continue) may place the rows of the page's first one."""
    if not (settings.use_tags and page.tag_tables):
        return []
    ruled_cells = [c for grid in ruled for c in grid.cells]
    tables = []
    for k, tag_table in enumerate(page.tag_tables):
        placed = tag_table_cells(tag_table, page.chars, ruled_cells, columns if k == 0 else None)
        fitted = _on_rules(tag_table, *placed, ruled) if placed is not None else None
        if fitted is None and k == 0 and columns is not None and 0 in tag_table.short_rows \
                and placed is not None and _beyond_rules(placed[0], ruled):
            # the rules of a page a table runs onto, opening with the rest of a row, may draw part
            # of it only (a merged column's cell going on from the page before closes no cell
            # here, text stands outside the grid): the table's own columns from that page place the tags
            fitted = tag_table_cells(tag_table, page.chars, ruled_cells, columns, on_columns=True)
        if fitted is not None:
            tables.append(_finish_tagged(*fitted, page, settings))
    return tables


def table_before(tables: list[Table], page: int) -> Table | None:
    """The table ``page`` may continue: the last one read, when it ends on the page before."""
    last = tables[-1] if tables else None
    return last if last is not None and last.pages and last.pages[-1] == page - 1 else None


def _beyond_rules(cells: list[GridCell], ruled: list[RuledGrid]) -> bool:
    """Some cell's text stands outside every ruled grid of the page."""
    boxes = [box_of(grid.cells) for grid in ruled]
    return any(c.chars and not any(b[0] <= (c.bbox[0] + c.bbox[2]) / 2 <= b[2] and b[1] <= (c.bbox[1] + c.bbox[3]) / 2
                                   <= b[3] for b in boxes) for c in cells)


def _on_rules(tag_table: TagTable, cells: list[GridCell], xs: list[float], ruled: list[RuledGrid],
              ) -> tuple[list[GridCell], list[float]] | None:
    """The tag table's cells and column bounds on the ruled grid under it; None where the rules disagree.

    Spreadsheet exports tag a whole sheet as one Table: title rows and two
    ruled tables in one. Where the rules draw another grid over the same
    text (several ruled tables, text grouped otherwise), the drawn grid is
    what a reader sees. Without rules the tags stand alone.
    """
    box = box_of(cells)
    under = [(grid.cells, grid.xs) for grid in ruled if _overlap(box_of(grid.cells), box) > 0.3]
    if not under:
        return cells, xs
    if len(under) > 1:
        return None
    claimed = {m for tc in tag_table.cells for m in tc.mcids}
    fitted = fit_to_grid(cells, under[0][0], claimed, under[0][1])
    return None if fitted is None else (fitted, under[0][1])


def _sort_grids(page: PageContent, ruled: list[RuledGrid], edges: list[Edge], taken: list[BBox],
                settings: TableSettings):
    """Ruled grids that are whole tables, and regions of the others (open grids) for alignment."""
    complete, open_grids = [], []
    boxes = [box_of(grid.cells) for grid in ruled]
    for (cells, xs, inside, beside), box in zip(ruled, boxes):
        if any(_overlap(box, t) > 0.5 for t in taken):
            continue  # already read from the tags
        if in_chart(box, page.graphics) and _lettered(cells) < 0.25 * len(cells):
            continue  # a chart's plot area: gridlines and bars under its curves, hardly a label in them
        others = [b for b in boxes if b != box]
        if settings.text_tables and (is_open(cells, settings, inside, xs)
                                     or (beside and _flanked(box, cells, page, others, edges))
                                     or _one_row_over_text(cells, box, page)):
            # a rule drawn across the grid and on past it (the grid's cells stop short of a merged
            # first column that drew none) parts its rows as well as one inside it
            inner = [e for e in edges if _on_box(e, box) or _across_box(e, box)]
            h_rules = [e for e in inner if e["orientation"] == "h"]
            v_rules = [e for e in inner if e["orientation"] == "v"]
            open_grids.append(Region(box, [], h_rules=h_rules, v_rules=v_rules, kind="lattice",
                                     fills=shaded_boxes(page.rects, box)))
        else:
            complete.append((cells, xs))
    return complete, open_grids


def _lettered(cells: list[GridCell]) -> int:
    """How many of a ruled grid's cells hold a character (their text is not joined yet)."""
    return sum(any(not ch["text"].isspace() for ch in c.chars) for c in cells)


def without_caption_rows(table: Table) -> Table:
    """Drop a caption drawn as the table's first row and notes drawn as its last rows.

    Only rows of one cell across the whole table go: "Exhibit 9 ..." above
    the header, "Source: ..." under the body.
    """
    n_cols = len(table.columns)

    def lone(row) -> str | None:
        cells = [c for c in row.cells if c.text.strip()]
        if n_cols > 1 and len(cells) == 1 and cells[0].col_span >= n_cols - 1:
            return cells[0].text.strip()
        return None

    rows = table.rows
    while rows and (text := lone(rows[0])) is not None and CAPTION.match(text):
        rows = rows[1:]
    while rows and (text := lone(rows[-1])) is not None and NOTE.match(text):
        rows = rows[:-1]
    if len(rows) != len(table.rows):
        _drop_spans_beyond(rows)
        table.rows = rows
    return table


def _drop_spans_beyond(rows) -> None:
    """Row spans shrink to the rows that are left."""
    for i, row in enumerate(rows):
        for c in row.cells:
            c.row_span = min(c.row_span, len(rows) - i)


#: a header's row at a page's foot has at most this many lines under it
FOOT_LINES = 6


def _one_row_over_text(cells: list[GridCell], box: BBox, page: PageContent) -> bool:
    """A grid of one row set in bold (a header whose cells are shaded) with text right under it,
    closer than a line, and no more than a few lines of text below it on the page: the row it heads
    at the page's foot, drawn without a rule to close it (WeasyPrint leaves a broken row's bottom
    rule for the page its rest goes on), is found by alignment (a longer body is found on its own)."""
    if max(c.row + c.row_span for c in cells) != 1:
        return False
    chars = [ch for c in cells for ch in c.chars if not ch["text"].isspace()]
    if not chars or not all(ch.get("bold") for ch in chars):
        return False
    sizes = [ch["bottom"] - ch["top"] for ch in chars]
    size = max(sizes)
    below = [ch["top"] for ch in page.chars if ch["top"] >= box[3] - 0.5 and not ch["text"].isspace()]
    return bool(below) and min(below) <= box[3] + size and max(below) <= box[3] + FOOT_LINES * 1.5 * size


def _flanked(box: BBox, cells, page: PageContent, others: list[BBox], edges: Sequence[Edge] = ()) -> bool:
    """Words beside the grid on the baselines of its rows: row labels (or a column) drawn without rules.

    The grid is then only part of the table; the rest must come from
    alignment. Running text beside a table keeps its own line spacing, so
    it does not sit on the rows' baselines. Words are looked for near the grid, and as far as
    rules drawn across it run on past its sides (a row whose only boxes are a bar and a
    status cell, its title and lead under the same rules further left).
    """
    reach = max(36.0, 0.4 * (box[2] - box[0]))
    across = [e for e in edges if _across_box(e, box)]
    left = min([box[0] - reach] + [e["x0"] for e in across])
    right = max([box[2] + reach] + [e["x1"] for e in across])
    beside = []  # middles of the words beside the grid
    # words centred in the grid or the other grids are never counted: their words need not be made
    for w in page.page_words.beside([box, *others]):
        x = (w["x0"] + w["x1"]) / 2
        if not (left <= x < box[0] or box[2] < x <= right):
            continue
        y = (w["top"] + w["bottom"]) / 2
        if not box[1] <= y <= box[3]:
            continue
        if any(o[0] <= x <= o[2] and o[1] <= y <= o[3] for o in others):
            continue  # a neighbouring grid: side-by-side tables share baselines
        beside.append(y)
    n_rows = max(c.row + c.row_span for c in cells)
    enough = max(2, 0.5 * n_rows)
    if len(beside) < enough:
        return False  # each word marks one row at most: usually no word is beside the grid at all
    middles: dict[int, list[float]] = {}
    for c in cells:
        for ch in c.chars:
            middles.setdefault(c.row, []).append(round((ch["top"] + ch["bottom"]) / 2, 1))
    rows: set[int] = set()
    for y in beside:
        for row, ys in middles.items():
            if any(abs(y - m) <= 1.5 for m in ys):
                rows.add(row)
                break
    # a grid of one row (the rest of a table the page broke) is flanked when its rules run on past it
    return len(rows) >= (min(enough, n_rows) if across else enough)


def _across_box(edge: Edge, box: BBox, tol: float = 2.0) -> bool:
    """A horizontal edge within the box's height that runs over its whole width."""
    return (edge["orientation"] == "h" and box[1] - tol <= edge["top"] <= box[3] + tol
            and edge["x0"] <= box[0] + tol and edge["x1"] >= box[2] - tol)


def _on_box(edge: Edge, box: BBox, tol: float = 2.0) -> bool:
    """The edge lies inside the box (a zero-area edge has no overlap area)."""
    return box[0] - tol <= edge["x0"] and edge["x1"] <= box[2] + tol and box[1] - tol <= edge["top"] and edge["bottom"] <= box[3] + tol


def _finish_tagged(cells, xs: list[float], page: PageContent, settings: TableSettings) -> Table:
    """Like grid.finish, but header flags come from the tags (TH), not from styling."""
    cells = sorted(cells, key=lambda c: (c.row, c.col))  # the order of the table's rows and cells
    headers = [c.header for c in cells]
    table = finish(cells, page, xs, settings)
    flags = iter(headers)
    for row in table.rows:
        for cell in row.cells:
            cell.header = next(flags, cell.header)
        if row.cells and all(c.header for c in row.cells):
            row.kind = "header"
    return table


def _overlap(a: BBox | None, b: BBox | None) -> float:
    """Intersection area over the smaller area."""
    if a is None or b is None:
        return 0.0
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1e-6
    return w * h / smaller


def extract_tables(
    path: str | Path,
    *,
    pages: Sequence[int] | None = None,
    engine: str = "auto",
    stitch: bool = True,
    settings: TableSettings = DEFAULT,
    password: str | None = None,
    ocr: str | None = "auto",
) -> list[Table]:
    """Every table of a PDF; tables continuing over pages are joined unless ``stitch=False``.

    ``engine``: ``auto``/``pdfium`` read pages with pypdfium2, ``pdfplumber``
    with pdfminer (slower, an independent parser), both then find tables
    here; ``camelot``/``camelot-lattice``/``camelot-stream`` are camelot's own
    finders, as references (no spans, no fills). Pages without a text layer
    are read by OCR (``ocr``, see :mod:`.ocr`) when an engine is installed, else
    raise a :class:`ScannedPageWarning` naming the file and page. Unreadable
    files raise :class:`ExtractError`.
    """
    spec = engine_spec(engine)
    if spec.camelot:
        from plantables.extract.pdf.camelot_engine import camelot_tables

        tables = camelot_tables(path, pages, flavor=spec.camelot, password=password)
    else:
        tables = []
        for page in open_pages(path, pages, spec.pages, password, with_tags=settings.use_tags, ocr=ocr):
            if not page.has_text_layer:
                if page.images:
                    from plantables.extract.pdf.ocr import scanned_page_message

                    warnings.warn(
                        scanned_page_message(str(path), page.number, ocr),
                        ScannedPageWarning,
                        stacklevel=2,
                    )
                continue
            tables.extend(find_tables(page, settings, table_before(tables, page.number)))
    return stitch_pages(tables) if stitch else tables


def open_pages(path: str | Path, pages: Sequence[int] | None, reader: str, password: str | None, *,
               with_tags: bool = True, ocr: str | None = "auto") -> Iterator[PageContent]:
    """The pages read by ``reader`` (an :class:`EngineSpec`'s ``pages``: ``pdfium`` or ``pdfplumber``).

    ``ocr``: how pypdfium2's reader reads scanned pages (see :mod:`.ocr`).
    """
    if reader == "pdfplumber":
        from plantables.extract.pdf.plumber import read_pages_plumber

        return read_pages_plumber(path, pages, password=password)
    return read_pages(path, pages, password=password, with_tags=with_tags, ocr=ocr)


__all__ = ["ENGINES", "ExtractError", "ScannedPageWarning", "extract_tables", "find_tables", "open_pages"]
