"""A two-row header a page break split: its first row (the column labels and a group label such
as ``2015/16``) alone at the foot of one page, its sub-labels (``Q1 Q2 Q3 Q4``) opening the next
page over the body.

Alone on its page the first row has one column where the group label stands (nothing there
parts its sub-columns), so it has fewer columns than the body under the sub-labels and its
bounds cannot be matched one to one (:func:`.stitch.head_bounds_of`). Each label is placed over
the body's column its middle stands in, the group label over the whole run of sub-labelled
columns there, when that labels every column of the body once.
"""

from __future__ import annotations

from bisect import bisect_right

from plantables.extract.model import Table


def sub_label_spans(head: Table, body: Table) -> list[tuple[int, int]] | None:
    """Per text cell of ``head``'s one row of labels (left to right, a header alone at a page foot:
    :func:`.stitch.header_only`), the body columns it labels as (first column, span); None unless
    ``body`` opens with a header row of sub-labels and the labels then name each of the body's
    columns once, the two tables' left edges level within :mod:`.stitch`'s column tolerance."""
    from plantables.extract.pdf.stitch import COLUMN_TOLERANCE, COLUMN_TOLERANCE_FRACTION, header_only

    hb, bb = head.column_bounds(), body.column_bounds()
    if hb is None or bb is None or len(head.rows) != 1 or len(head.columns) >= len(body.columns) \
            or not body.rows or body.rows[0].kind != "header" or not header_only(head) \
            or abs(hb[0] - bb[0]) > max(COLUMN_TOLERANCE, COLUMN_TOLERANCE_FRACTION * (bb[-1] - bb[0])):
        return None
    subs = sorted(c.col for c in body.rows[0].cells if c.text.strip() and c.col_span == 1)
    runs: list[list[int]] = []
    for k in subs:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    labels = sorted((c for c in head.rows[0].cells if c.text.strip() and c.bbox is not None), key=lambda c: c.col)
    spans: list[tuple[int, int]] = []
    for cell in labels:
        assert cell.bbox is not None
        k = min(max(bisect_right(bb, (cell.bbox[0] + cell.bbox[2]) / 2) - 1, 0), len(bb) - 2)
        run = next((r for r in runs if len(r) >= 2 and r[0] <= k <= r[-1]), None)
        spans.append((run[0], len(run)) if run is not None else (k, 1))
    covered = [k for first, span in spans for k in range(first, first + span)]
    # each column labelled once, in order; a run of sub-labels under one label only
    if covered != list(range(len(bb) - 1)) or not any(span > 1 for _, span in spans):
        return None
    return spans


def place_on_sub_labels(head: Table, body: Table, spans: list[tuple[int, int]]) -> None:
    """``head``'s row on ``body``'s columns (:func:`sub_label_spans`), empty cells dropped."""
    row = head.rows[0]
    labels = sorted((c for c in row.cells if c.text.strip() and c.bbox is not None), key=lambda c: c.col)
    for cell, (first, span) in zip(labels, spans):
        cell.col, cell.col_span = first, span
    row.cells = labels
    head.columns = list(body.columns)


def spread_bounds(bounds: list[float]) -> list[float]:
    """Bounds with each run of equal ones (the sub-columns of a group label printed alone, whose own
    labels stood on the next page: no width of their own) spread evenly up to the next bound."""
    out, k = list(bounds), 0
    while k < len(out) - 1:
        j = next((i for i in range(k + 1, len(out)) if out[i] != out[k]), len(out))  # the next other bound
        if j - k > 1 and j < len(out):
            out[k + 1: j] = [out[k] + (i - k) * (out[j] - out[k]) / (j - k) for i in range(k + 1, j)]
        k = j
    return out
