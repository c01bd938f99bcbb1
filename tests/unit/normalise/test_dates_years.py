"""Dates are never invented: a year is printed in the text, or comes from its context (the plan's
period), or the month stays unknown. Real wordings from plans made elsewhere, and a property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantables.normalise.dates import parse_timeframe, period_label_months

FY_2024 = ("2024-04", "2025-03")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@pytest.mark.parametrize(
    "text, period, due, listed",
    [
        ("March 31, 2024", None, "2024-03", ["2024-03"]),  # was 2031-03
        ("Jan 1, 2024 - Mar 30, 2024", None, "2024-03", ["2024-01", "2024-02", "2024-03"]),
        ("31.03.17", None, "2017-03", ["2017-03"]),
        ("Q4 2016/17", None, "2017-03", ["2017-01", "2017-02", "2017-03"]),
        ("Q2 - 2025", None, "2025-09", ["2025-07", "2025-08", "2025-09"]),  # FY quarter: Jul-Sep
        ("w/c 12/02/24", None, "2024-02", ["2024-02"]),
        ("06/22/2015", None, "2015-06", ["2015-06"]),  # US: the day is over 12 (was 2015-12)
        ("22/06/2015", None, "2015-06", ["2015-06"]),
        ("15-Jan-2024", None, "2024-01", ["2024-01"]),  # was 2015-01
        ("1-Jan to 30-Mar", None, None, []),  # no year anywhere (was 2030-01..03)
        ("1-Jan to 30-Mar", FY_2024, "2025-03", ["2025-01", "2025-02", "2025-03"]),
        ("30-Mar", FY_2024, "2025-03", ["2025-03"]),  # a day in a 2024/25 plan, not March 2030
        ("March 31", None, None, []),
        ("March 31", FY_2024, "2025-03", ["2025-03"]),
        ("Nov 16", None, "2016-11", ["2016-11"]),  # Excel's mmm yy
        ("Planned for October", FY_2024, "2024-10", ["2024-10"]),
        ("Planned for October", None, None, []),
    ],
)
def test_dates_from_other_layouts(text, period, due, listed):
    tf = parse_timeframe(text, period=period)
    assert (tf.due_month, tf.months) == (due, listed)


def test_grid_labels_keep_two_digit_years():
    assert period_label_months("23-Sep", period=FY_2024) == ["2023-09"]
    assert period_label_months("Q1", period=FY_2024) == ["2024-04", "2024-05", "2024-06"]


# --- property: every parsed year is printed in the text or lies in the period's context ---------

def _with_year(day: int, month: int, year: int, form: int) -> tuple[str, set[int]]:
    """A date written with its year in one of the forms plans use; the years it may stand for
    (a financial-year quarter or year reaches into the next calendar year)."""
    name, yy = MONTHS[month - 1], year % 100
    q = (month - 4) % 12 // 3 + 1
    forms = [
        f"{name} {day}, {year}", f"{day} {name} {year}", f"{day}-{name[:3]}-{year}",
        f"{day}/{month}/{year}", f"{day:02d}.{month:02d}.{yy:02d}", f"w/c {day:02d}/{month:02d}/{yy:02d}",
        f"{name[:3]}-{yy:02d}", f"{name[:3]} {year}", f"Q{q} {year}/{(yy + 1) % 100:02d}", f"Q{q} - {year}",
        f"{month:02d}/{max(day, 13)}/{year}",
    ]
    return forms[form % len(forms)], {year, year + 1}


def _without_year(day: int, month: int, form: int) -> str:
    name = MONTHS[month - 1]
    forms = [f"{day}-{name[:3]} to {max(day, 13)}-{MONTHS[month % 12][:3]}", f"{name} {day}",
             f"{day} {name}", f"w/c {day} {name}", f"by end of {name}", f"{day}-{name[:3]}"]
    return forms[form % len(forms)]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(2000, 2040), st.integers(0, 20),
                       st.booleans()), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(2005, 2035)),
    st.sampled_from(["", "Target: ", "Complete by ", "Revised "]),
    st.sampled_from(["", " (revised)", ". Ongoing", " and review"]),
)
def test_no_parsed_year_is_absent_from_the_text_and_its_context(dates, period_year, prefix, suffix):
    allowed: set[int] = set()
    parts = []
    for day, month, year, form, dated in dates:
        if dated:
            text, years = _with_year(day, month, year, form)
            allowed |= years
        else:
            text = _without_year(day, month, form)
        parts.append(text)
    period = None
    if period_year is not None:  # the plan's period: a financial year, its years and their neighbours
        period = (f"{period_year}-04", f"{period_year + 1}-03")
        allowed |= {period_year - 1, period_year, period_year + 1, period_year + 2}
    text = prefix + "; ".join(parts) + suffix
    tf = parse_timeframe(text, period=period)
    years = {int(m[:4]) for m in tf.months + [tf.start_month or "", tf.due_month or ""] if m}
    if any(d[4] for d in dates):  # a year-less date takes the years of the dated ones next to it
        allowed |= {y - 1 for y in allowed} | {y + 1 for y in allowed}
    assert years <= allowed, (text, period, tf)


@pytest.mark.parametrize(
    "text, first, due, n",
    [("Early 2027", "2027-01", "2027-04", 4), ("mid-2026", "2026-05", "2026-08", 4),
     ("Late 2026", "2026-09", "2026-12", 4), ("H1 2026", "2026-01", "2026-06", 6),
     ("second half of 2025", "2025-07", "2025-12", 6)],
)
def test_parts_of_a_year(text, first, due, n):
    tf = parse_timeframe(text)
    assert (tf.months[0], tf.due_month, len(tf.months)) == (first, due, n)


def test_a_heading_names_the_period_that_dates_yearless_months():
    from plantables.extract.model import Document, Heading
    from plantables.normalise.plan import heading_period

    def period(text):
        return heading_period(Document("x.pdf", "pdf", blocks=[Heading(text)]))

    assert period("Service delivery plan 2024/25") == ("2024-04", "2025-03")
    assert period("Corporate risk register, Q2 - 2025") == ("2025-07", "2025-09")
    assert period("Improvement Plan 2023 - 2026") == ("2023-01", "2026-12")
    assert period("Local Development Scheme") is None
    assert period("Plan for 2024") is None  # one year alone: no period
