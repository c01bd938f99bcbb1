"""Every weight and threshold of the plan interpreter, in one place.

The interpreter decides what a table *means* (which top rows are its header,
what each column holds, whether the table is a plan at all) by adding up
small pieces of evidence, pdfplumber-style: each piece has a documented weight
here, and a decision is a sum compared with a threshold. Nothing in it is
tied to one layout's strings or positions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InterpretSettings:
    # --- header rows (normalise.header) --------------------------------------
    #: the reader flagged the row as a header (bold/shaded unlike the body, a tagged TH row,
    #: or a first row it saw repeated at the top of the next pages)
    header_hint: float = 0.35
    #: the row opens the table (a header is printed above its body)
    header_top: float = 0.1
    #: the labels read as plan columns (share of labels naming a known field, vocabulary.fields)
    header_words: float = 0.45
    #: every label is short (a few words, no sentence): what column labels look like
    header_shape: float = 0.2
    #: a label is a sentence or a long text: what body cells look like
    header_long_penalty: float = 0.4
    #: the row's labels cover under half of the columns (of three or more): a body row's rest
    header_sparse_penalty: float = 0.3
    #: share of columns whose body cells are of another kind (dates, refs, long text, empty)
    #: than their label (a word) — a header differs from the rows below it
    header_contrast: float = 0.3
    #: share of columns where the row's cell is of the body's kind (a date over dates, an id over ids)
    header_same_penalty: float = 0.5
    #: the row carries a fill the body rows below do not share
    header_fill: float = 0.15
    #: the row's texts are printed again further down the table (a header repeated mid-table)
    header_repeat: float = 0.3
    #: a row is a header row when its evidence reaches this
    header_threshold: float = 0.5
    #: tables have at most this many header rows (a group label over sub-labels over units)
    max_header_rows: int = 3
    #: a label of more words than this is not a column label
    label_max_words: int = 7

    # --- column roles (normalise.roles) ---------------------------------------
    #: share of a column's body cells of one kind for the content alone to give the column a role
    content_share: float = 0.6
    #: a column needs this many filled cells for its content alone to give it a role
    content_min_cells: int = 3
    #: share of id-like cells (``R-042``, ``M12``, ``1.2``) for an unlabelled column to hold refs
    ref_share: float = 0.8
    #: a title column's cells hold at least this many words on average
    title_min_words: float = 2.0

    # --- plan or not (normalise.planlike) -------------------------------------
    #: the title column describes at least this share of the data rows (a chart read as a grid does not)
    title_rows_share: float = 0.3
    #: a table without a header whose cells are mostly empty or shaded (under this share of text) is a chart
    text_cells_share: float = 0.25
    #: share of a column's cells that are numbers for it to count as a statistics column
    numeric_share: float = 0.6
    #: a table whose non-title columns are mostly numbers is statistics, not a plan
    numeric_columns_share: float = 0.5
    #: ... and so is one where this share of all its filled cells are numbers
    numeric_cells_share: float = 0.35
    #: with two columns of leads, dates or statuses beside them, figures make statistics only in
    #: this share of the columns (a risk register's likelihood, impact and score are half of them)
    numeric_columns_beside_actions: float = 0.75


DEFAULT = InterpretSettings()
