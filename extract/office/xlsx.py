"""Excel (``.xlsx``, ``.xlsm``) → the intermediate model, with openpyxl.

Every visible sheet is read: its name opens its blocks as a ``sheet`` heading
(whether a sheet is a plan, a key or guidance is the interpreter's call),
then its content split at empty rows into tables and the lone lines between
them (headings). Merged ranges are spans; fills come from the cell style and
from conditional formatting (``cellIs`` rules and the text rules
``containsText``/``notContainsText``/``beginsWith``/``endsWith``, in priority
order, ``stopIfTrue`` honoured); formulas are read as their cached values
(``data_only``); dates are written ISO (``2024-03-31``), or ``Sep 2023``
where the number format shows no day; rich text keeps its bold/italic runs;
hidden rows, columns and sheets are skipped; print titles and frozen rows
mark header rows.

The workbook is loaded in full mode, not ``read_only``: read-only worksheets
carry no merged ranges, row/column visibility or conditional formats. Memory
is bounded instead before loading, from the XML (:mod:`.xlsx_bounds`: cells,
merged ranges, unpacked size), and by :data:`MAX_ROWS`/:data:`MAX_COLS` of
content per sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from plantables.extract.model import Block, Document, ExtractError, Heading, Run
from plantables.extract.office.colours import THEME_ORDER, excel_tint, hex_colour, theme_colours
from plantables.extract.office.grid import Slot, split_rows
from plantables.extract.office.xlsx_bounds import check_workbook
from plantables.extract.office.xlsx_rules import ConditionalFills

MAX_ROWS = 50_000
MAX_COLS = 1_000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Colours:
    def __init__(self, wb):
        self.theme = theme_colours(getattr(wb, "loaded_theme", None))

    def of(self, colour) -> str | None:
        if colour is None:
            return None
        kind = getattr(colour, "type", None)
        tint = getattr(colour, "tint", 0.0) or 0.0
        if kind == "rgb":
            rgb = hex_colour(colour.rgb if isinstance(colour.rgb, str) else None)
            if rgb is None or colour.rgb in ("00000000",):
                return None
        elif kind == "theme":
            idx = colour.theme
            if idx is None or not 0 <= idx < len(THEME_ORDER):
                return None
            rgb = "#" + self.theme[THEME_ORDER[idx]]
        elif kind == "indexed":
            from openpyxl.styles.colors import COLOR_INDEX

            idx = colour.indexed
            if idx is None or idx >= 64 or idx >= len(COLOR_INDEX):
                return None  # 64/65: the system's foreground/background, not a shade
            rgb = hex_colour(COLOR_INDEX[idx])
        else:
            return None
        return excel_tint(rgb[1:], tint) if rgb and tint else rgb

    def fill(self, fill, dxf: bool = False) -> str | None:
        if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
            if not dxf or fill is None:
                return None
        # a cell's solid fill is its foreground colour; a conditional format's (dxf) its background
        first, second = (fill.bgColor, fill.fgColor) if dxf else (fill.fgColor, fill.bgColor)
        return self.of(first) or (self.of(second) if dxf else None)


def _number_text(value: float, number_format: str) -> str:
    if "%" in number_format:
        return f"{value * 100:g}%"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


_DATE_TOKEN = re.compile(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|[/\-., ]|\\.|\"[^\"]*\"", re.IGNORECASE)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _date_text(value, number_format: str) -> str:
    """A date as Excel shows it under its number format (``dd/mm/yyyy``, ``yy-mmm``, ``mmmm yyyy``…);
    ISO (``2024-03-31``) where the format is General, holds a time, or is one this does not know."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    fmt = re.sub(r"\[[^\]]*\]", "", (number_format or "").split(";")[0]).strip()
    iso = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if not fmt or fmt.lower() == "general" or re.search(r"[hs0#@]", fmt, re.IGNORECASE):
        return iso
    out, pos = [], 0
    for m in _DATE_TOKEN.finditer(fmt):
        if m.start() != pos:
            return iso  # something this formatter does not know
        tok, low = m.group(0), m.group(0).lower()
        pos = m.end()
        if low == "yyyy":
            out.append(f"{value.year:04d}")
        elif low == "yy":
            out.append(f"{value.year % 100:02d}")
        elif low.startswith("m"):
            out.append({1: str(value.month), 2: f"{value.month:02d}", 3: _MONTHS[value.month - 1],
                        4: _MONTH_NAMES[value.month - 1]}.get(len(low), _MONTH_NAMES[value.month - 1][0]))
        elif low.startswith("d"):
            wd = value.weekday()
            out.append({1: str(value.day), 2: f"{value.day:02d}", 3: _DAY_NAMES[wd][:3]}.get(len(low), _DAY_NAMES[wd]))
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        else:
            out.append(tok)
    return "".join(out) if pos == len(fmt) and out else iso


def cell_runs(cell) -> list[Run]:
    """The cell's displayed text as runs with the cell's (or each rich run's) bold/italic."""
    value = cell.value
    font = cell.font
    bold, italic = bool(font and font.b), bool(font and font.i)
    if value is None:
        return []
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return [Run(_date_text(value, cell.number_format), bold, italic)]
    if isinstance(value, bool):
        return [Run("TRUE" if value else "FALSE", bold, italic)]
    if isinstance(value, (int, float)):
        return [Run(_number_text(value, cell.number_format or ""), bold, italic)]
    if isinstance(value, str):
        return [Run(value, bold, italic)]
    runs = []
    for part in value:  # CellRichText: plain strings (the cell's font) and TextBlocks
        if isinstance(part, str):
            runs.append(Run(part, bold, italic))
        else:
            f = part.font
            runs.append(Run(part.text, bool(f.b) if f is not None and f.b is not None else bold,
                            bool(f.i) if f is not None and f.i is not None else italic))
    return runs


def _plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs).strip()


def _title_rows(ws) -> set[int]:
    """Rows the sheet repeats on each printed page or keeps frozen: header hints."""
    rows: set[int] = set()
    spec = ws.print_title_rows
    if spec:
        m = re.match(r"\$?(\d+):\$?(\d+)", spec.split("!")[-1])
        if m:
            rows.update(range(int(m.group(1)), int(m.group(2)) + 1))
    frozen = ws.freeze_panes
    if frozen:
        m = re.match(r"[A-Z]+(\d+)", frozen)
        if m:
            rows.update(range(1, int(m.group(1))))
    return rows


def _hidden_cols(ws) -> set[int]:
    from openpyxl.utils import column_index_from_string

    out: set[int] = set()
    for key, dim in ws.column_dimensions.items():
        if dim.hidden:
            lo = dim.min or column_index_from_string(key)
            out.update(range(lo, (dim.max or lo) + 1))
    return out


class _Box(NamedTuple):
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def sheet_blocks(ws, colours: _Colours, dxfs, path: str, first_sheet: bool) -> list[Block]:
    cells = {k: c for k, c in ws._cells.items()}  # only the cells the file holds (max_row may be inflated)
    hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
    hidden_cols = _hidden_cols(ws)
    cond = ConditionalFills(ws, colours, dxfs, cells)
    # merged ranges clipped to the cells the sheet holds (a merge may run over whole columns)
    last_row = max((r for r, _ in cells), default=0)
    last_col = max((c for _, c in cells), default=0)
    merged = {(m.min_row, m.min_col): _Box(m.min_row, m.min_col, min(m.max_row, last_row), min(m.max_col, last_col))
              for m in ws.merged_cells.ranges if m.min_row <= last_row and m.min_col <= last_col}
    covered = {(r, c) for m in merged.values() for r in range(m.min_row, m.max_row + 1)
               for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
    found: dict[tuple[int, int], tuple[list[Run], str | None]] = {}
    for (r, c), cell in cells.items():
        if r in hidden_rows or c in hidden_cols or (r, c) in covered:
            continue
        runs = cell_runs(cell)
        fill = cond.fill(r, c, cell.value) or colours.fill(cell.fill)
        if _plain(runs) or fill:
            found[(r, c)] = (runs, fill)
    if not found:
        return []
    rows_used = sorted({r for r, _ in found})
    cols_used = sorted({c for _, c in found})
    if rows_used[-1] - rows_used[0] >= MAX_ROWS or cols_used[-1] - cols_used[0] >= MAX_COLS:
        raise ExtractError(path, f"sheet {ws.title!r} spans {rows_used[-1]} rows × {cols_used[-1]} columns; "
                                 f"more than {MAX_ROWS} × {MAX_COLS} is refused")
    vis_rows = [r for r in range(rows_used[0], max(rows_used[-1], max(
        (m.max_row for m in merged.values()), default=0)) + 1) if r not in hidden_rows]
    vis_cols = [c for c in range(cols_used[0], cols_used[-1] + 1) if c not in hidden_cols]
    row_at = {r: i for i, r in enumerate(vis_rows)}
    col_at = {c: i for i, c in enumerate(vis_cols)}
    header_rows = _title_rows(ws)
    slots: list[Slot] = []
    for (r, c), (runs, fill) in found.items():
        if c not in col_at:
            continue
        m = merged.get((r, c))
        rs = sum(1 for x in range(r, m.max_row + 1) if x in row_at) if m else 1
        cs = sum(1 for x in range(c, m.max_col + 1) if x in col_at) if m else 1
        font = cells[(r, c)].font
        size = float(font.sz) if font is not None and font.sz else None
        colour = colours.of(font.color) if font is not None and font.color is not None else None
        slots.append(Slot(row_at[r], col_at[c], runs, max(rs, 1), max(cs, 1), fill, r in header_rows, size,
                          colour if colour != "#000000" else None))
    return [Heading(ws.title, "sheet", 0)] + split_rows(slots, opening=first_sheet)


def _openpyxl():
    """openpyxl, imported on first use (the PDF path never loads it) without numpy: openpyxl imports
    numpy only to write numpy numbers, a third of its import time; a reader writes nothing."""
    import sys

    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl
        return openpyxl
    sys.modules["numpy"] = None  # type: ignore[assignment]  # 'import numpy' raises ImportError meanwhile
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
    return openpyxl


def read_xlsx(path: str, *, fmt: str = "xlsx", source: str | None = None) -> Document:
    """Read an Excel workbook. ``source``/``fmt`` name the original file when this one was converted."""
    openpyxl = _openpyxl()

    from plantables.extract.office.common import organisation_and_title

    shown = source or path
    check_workbook(path, shown)  # before openpyxl makes an object per cell
    try:
        wb = openpyxl.load_workbook(path, data_only=True, rich_text=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise ExtractError(shown, f"is not a readable Excel workbook ({type(exc).__name__}: {exc})") from None
    colours = _Colours(wb)
    dxfs = list(getattr(wb, "_differential_styles", None) or [])
    blocks: list[Block] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        blocks += sheet_blocks(ws, colours, dxfs, shown, first_sheet=not any(
            isinstance(b, Heading) and b.kind == "sheet" for b in blocks))
    if not any(not isinstance(b, Heading) for b in blocks):
        names = ", ".join(repr(ws.title) for ws in wb.worksheets)
        raise ExtractError(shown, f"is an Excel workbook with no table-like sheet (sheets: {names})")
    titles = [b.text for b in blocks if isinstance(b, Heading) and b.kind == "title"]
    core_title = (wb.properties.title or "").strip() or None if wb.properties else None
    title, _ = organisation_and_title(titles, [], core_title)
    return Document(path=shown, format=fmt, blocks=blocks, title=title, title_lines=list(titles))
