"""A later edition of a sample plan: the same text file with its progress moved on.

Plans are re-published as the year goes: the same table with statuses
updated and a new date in the heading. :func:`later_edition` writes such a
file from a text sample (the report's edition comparison and its screenshot
use it): the first ``n`` updates starting with ``old`` now start with
``new``, and ``dated`` goes under the title.
"""

from __future__ import annotations

from pathlib import Path


def later_edition(source: Path, target: Path, *, moves: dict[str, tuple[str, int]],
                  dated: str = "Position as at 12 March 2025") -> Path:
    """Write ``target``: ``source`` with ``moves = {old status: (new status, how many)}`` applied."""
    lines = source.read_text(encoding="utf-8").splitlines()
    left = {old: n for old, (_, n) in moves.items()}
    out = []
    for line in lines:
        for old, (new, _) in moves.items():
            if left[old] and f"\t{old} –" in line:
                line = line.replace(f"\t{old} –", f"\t{new} –", 1)
                left[old] -= 1
                break
        out.append(line)
    out.insert(2, dated)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


#: Harbourside a year on: delayed work done or started, new work started
HARBOURSIDE_MOVES = {"Delayed": ("Complete", 5), "In progress": ("Complete", 6), "Not started": ("In progress", 4)}
