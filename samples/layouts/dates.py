"""Timeframes as plans print them, each with the months a right reading gives.

A date format is drawn once per plan (real plans keep to one); every value
returns ``(text, start_month, due_month)`` with months as ``YYYY-MM``. A
single date is a due month; a range gives both; a UK financial-year quarter
ends with its last month (Q1 = April–June).
"""

from __future__ import annotations

import random

from plantables.samples.spec import month_add, month_range  # the month arithmetic of the first generator

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAME = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

DATE_FORMATS = ("dd/mm/yyyy", "month_d_yyyy", "dd.mm.yy", "wc", "fy_quarter", "mon_yyyy",
                "month_yyyy", "iso", "end_of_month", "us_mdy", "range")


def fy_label(fy: int) -> str:
    """``2024`` → ``2024/25`` (the financial year April 2024 – March 2025)."""
    return f"{fy}/{(fy + 1) % 100:02d}"


def quarter_months(fy: int, q: int) -> list[str]:
    """The three months of quarter ``q`` (1–4) of financial year ``fy`` (Q1 = Apr–Jun)."""
    first = month_add(f"{fy:04d}-04", 3 * (q - 1))
    return month_range(first, month_add(first, 2))


def date_text(rng: random.Random, fmt: str, ym: str) -> tuple[str, str | None, str | None]:
    """Month ``ym`` written in format ``fmt``: (text, start_month, due_month)."""
    y, m = int(ym[:4]), int(ym[5:])
    d = rng.randint(13, 28) if fmt == "us_mdy" else rng.randint(1, 28)
    if fmt == "dd/mm/yyyy":
        return f"{d:02d}/{m:02d}/{y}", None, ym
    if fmt == "month_d_yyyy":
        return f"{MONTH_NAME[m - 1]} {d}, {y}", None, ym
    if fmt == "dd.mm.yy":
        return f"{d:02d}.{m:02d}.{y % 100:02d}", None, ym
    if fmt == "wc":
        return f"w/c {d:02d}/{m:02d}/{y % 100:02d}", None, ym
    if fmt == "fy_quarter":
        fy = y if m >= 4 else y - 1
        q = (m - 4) % 12 // 3 + 1
        return f"Q{q} {fy_label(fy)}", None, quarter_months(fy, q)[-1]
    if fmt == "mon_yyyy":
        return f"{MONTH_ABBR[m - 1]} {y}", None, ym
    if fmt == "month_yyyy":
        return f"{MONTH_NAME[m - 1]} {y}", None, ym
    if fmt == "iso":
        return f"{y}-{m:02d}-{d:02d}", None, ym
    if fmt == "end_of_month":
        return f"End of {MONTH_NAME[m - 1]} {y}", None, ym
    if fmt == "us_mdy":  # day over 12, so the order is not in doubt
        return f"{m:02d}/{d:02d}/{y}", None, ym
    if fmt == "range":
        start = month_add(ym, -rng.randint(2, 6))
        sy, sm = int(start[:4]), int(start[5:])
        return f"{MONTH_ABBR[sm - 1]} {sy} – {MONTH_ABBR[m - 1]} {y}", start, ym
    if fmt == "day_mon_range":  # no year printed: the plan's period gives it
        start = month_add(ym, -rng.randint(1, 3))
        sm = int(start[5:])
        return f"{rng.randint(1, 9)}-{MONTH_ABBR[sm - 1]} to {d}-{MONTH_ABBR[m - 1]}", start, ym
    raise ValueError(f"unknown date format {fmt!r}")
