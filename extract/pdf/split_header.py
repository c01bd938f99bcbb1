"""A header a page break split: its labels alone at the foot of one page, the labels under its
group labels (``Q1 Q2 Q3 Q4`` under ``2015/16``) on the next page or nowhere."""

from __future__ import annotations


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
