"""Every knob of the PDF table engine, in one frozen dataclass.

The defaults are chosen for born-digital reports and Word exports (tables drawn
as thin filled rectangles, shading as filled rectangles, 8-12 pt text). They
follow pdfplumber's ``TableSettings`` where the meaning is the same, so the
numbers can be compared with its documentation. Distances are PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class TableSettings:
    # --- ruled tables (from drawn lines and rectangle edges) -----------------
    #: edges closer than this across their direction are snapped to one line
    #: (pdfplumber's ``snap_tolerance``; Word's double borders are ~1.5 pt apart).
    snap_tolerance: float = 3.0
    #: collinear edges with a gap up to this are joined into one
    #: (pdfplumber's ``join_tolerance``; covers borders cut at every cell).
    join_tolerance: float = 3.0
    #: edges shorter than this are ignored (the short sides of a thin border
    #: rectangle, tick marks); pdfplumber's ``edge_min_length``.
    edge_min_length: float = 3.0
    #: a horizontal and a vertical edge meet when they come this close
    #: (pdfplumber's ``intersection_tolerance``).
    intersection_tolerance: float = 3.0
    #: a rectangle thinner than this is a rule (border), not a shaded area.
    rule_max_thickness: float = 2.5
    #: a ruled table needs at least this many rows and columns to be kept;
    #: a single boxed paragraph (1 x 1) or a text frame is not a table.
    min_ruled_rows: int = 2
    min_ruled_cols: int = 2

    # --- text-aligned tables (few or no vertical rules) ----------------------
    #: look for tables aligned by whitespace where no ruled table was found.
    text_tables: bool = True
    #: a horizontal gap between words wider than this many times the font
    #: size separates two cells of a line (one space is ~0.25 em).
    cell_gap_em: float = 1.0
    #: a text-aligned table needs at least this many rows sharing the column
    #: structure (pdfplumber's ``min_words_vertical`` plays the same role).
    min_aligned_rows: int = 3
    #: ... and at least this many columns.
    min_aligned_cols: int = 2
    #: fraction of a table's data rows that must start a cell inside a column
    #: for the column to count (lower keeps sparse columns, higher is stricter).
    column_support: float = 0.2
    #: a vertical strip of whitespace at least this many font sizes wide, running
    #: through a table's lines, separates two columns.
    gutter_min_em: float = 0.5
    #: vertical gap (in line heights) that ends a table or separates blocks.
    max_row_gap: float = 2.2

    # --- text ------------------------------------------------------------------
    #: chars whose tops differ by less than this fraction of their height are
    #: on the same text line.
    line_overlap: float = 0.5
    #: a gap wider than this fraction of the font size between two chars is a
    #: word space even where the PDF has no space character (pdfplumber's
    #: ``x_tolerance`` is 3 pt, i.e. 0.3 em at 10 pt).
    word_gap_em: float = 0.2
    #: keep line breaks inside a cell as "\n" (otherwise joined by spaces).
    keep_line_breaks: bool = True

    # --- structure -------------------------------------------------------------
    #: read Table/TR/TH/TD tags where the PDF is tagged, before geometry.
    use_tags: bool = True

    def with_(self, **changes: Any) -> "TableSettings":
        """A copy with some knobs changed (the dataclass is frozen)."""
        return replace(self, **changes)


#: the defaults, shared (the dataclass is immutable).
DEFAULT = TableSettings()

@dataclass(frozen=True)
class EngineSpec:
    """What one ``--engine`` choice reads pages with and who finds the tables."""

    #: page reader: ``"pdfium"`` (pypdfium2, page.py) or ``"pdfplumber"`` (pdfminer, plumber.py)
    pages: str
    #: camelot's own table finder (``"lattice"``/``"stream"``) instead of ours, as a reference
    camelot: str | None = None
    help: str = ""
    #: modules it needs beyond the core install (the ``plantables[engines]`` extra)
    needs: tuple[str, ...] = ()


#: every engine, once: ``extract_tables``, the plan reader and the CLI's ``--engine`` choices read it.
ENGINES: dict[str, EngineSpec] = {
    "auto": EngineSpec("pdfium", help="the default: pypdfium2 pages, our table finder"),
    "pdfium": EngineSpec("pdfium", help="pypdfium2 pages, our table finder"),
    "pdfplumber": EngineSpec("pdfplumber", help="pdfminer pages (slower, an independent parser), our finder",
                             needs=("pdfplumber",)),
    "camelot": EngineSpec("pdfium", "lattice", help="camelot-lattice", needs=("camelot", "pandas", "cv2")),
    "camelot-lattice": EngineSpec("pdfium", "lattice", help="camelot's ruled-table finder (a reference)",
                                  needs=("camelot", "pandas", "cv2")),
    "camelot-stream": EngineSpec("pdfium", "stream", help="camelot's whitespace finder (a reference)",
                                 needs=("camelot", "pandas", "cv2")),
}

EXTRA_HINT = "pip install 'plantables[engines]'"


def engine_spec(name: str) -> EngineSpec:
    """The engine called ``name``; a one-line ValueError naming the choices for any other,
    or what to install when the engine needs a module that is not there."""
    try:
        spec = ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}") from None
    if spec.needs:
        from importlib.util import find_spec  # finds a module without importing it

        missing = [m for m in spec.needs if find_spec(m) is None]
        if missing:
            raise ValueError(f"--engine {name} needs {', '.join(missing)}, not installed: {EXTRA_HINT}")
    return spec
