"""The labels of a timeframe grid, and the gutters between them a group label crosses.

A month or quarter grid prints one short label per column at one pitch
(``Q1 Q2 Q3 Q4``, ``Apr May Jun …``), often under group labels naming the
year (``2024/25``) printed left-aligned or centred over their group. When the
rows leave the grid empty (marked by shading only, or by a bar that starts
elsewhere), the gaps between the grid labels are the only evidence of the
columns, and a group label printed across one of them hides it from a
gutter search that counts every word. :func:`headed_gaps` gives those gaps
with the group labels that may cross them.
"""

from __future__ import annotations

from plantables.extract.pdf.lines import Chunk, Line

#: consecutive labels of a run start this close to the run's first pitch (a share of it)
PITCH_TOLERANCE = 0.15
#: at least this many labels make a run (two are a pair, not a pitch)
RUN_MIN = 3
#: a label is a word or two
LABEL_WORDS = 2


def label_runs(line: Line) -> list[list[Chunk]]:
    """Runs of short labels the line prints at one pitch, each of ``RUN_MIN`` labels or more."""
    chunks = line.chunks
    runs: list[list[Chunk]] = []
    i = 0
    while i < len(chunks):
        j = i + 1
        if len(chunks[i].words) <= LABEL_WORDS:
            while j < len(chunks) and len(chunks[j].words) <= LABEL_WORDS:
                pitch = chunks[i + 1].x0 - chunks[i].x0
                if j - i >= 2 and abs(chunks[j].x0 - chunks[j - 1].x0 - pitch) > PITCH_TOLERANCE * pitch:
                    break
                j += 1
        if j - i >= RUN_MIN:
            runs.append(chunks[i:j])
            i = j
        else:
            i += 1
    return runs


def headed_gaps(lines: list[Line]) -> list[tuple[float, float, set[int]]]:
    """The gaps between the labels of each run (lines top to bottom) that short labels on the line
    right above stand over: ``(left, right, ids of those labels' words)``, the group labels, which
    head several of the run's columns and so may cross the gaps between them."""
    out: list[tuple[float, float, set[int]]] = []
    for above, below in zip(lines, lines[1:]):
        if below.top - above.bottom > above.size:
            continue  # not the line right above
        slack = 0.5 * below.size
        for run in label_runs(below):
            groups = {id(w) for c in above.chunks if len(c.words) <= LABEL_WORDS
                      and run[0].x0 - slack <= c.x0 and c.x1 <= run[-1].x1 + slack for w in c.words}
            if groups:
                out += [(a.x1, b.x0, groups) for a, b in zip(run, run[1:])]
    return out
