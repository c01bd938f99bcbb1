"""Timeframes and grid labels: real wording from the seeds, documented conventions, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantables.normalise.dates import Timeframe, parse_timeframe, period_label_months

TORBAY_PERIOD = ("2016-09", "2017-08")


def months(a: str, b: str) -> list[str]:
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(ya * 12 + ma - 1, yb * 12 + mb)]


@pytest.mark.parametrize(
    "text, start, due, listed, ongoing",
    [
        ("Dec 2016", None, "2016-12", ["2016-12"], False),
        ("Teb 2017", None, "2017-02", ["2017-02"], False),  # typo
        ("February 2017", None, "2017-02", ["2017-02"], False),
        ("Mar2017", None, "2017-03", ["2017-03"], False),
        ("Nov 16 Nov 16", None, "2016-11", ["2016-11"], False),
        ("Sum mer 2016", None, "2016-08", months("2016-06", "2016-08"), False),  # split word
        ("End Feb 2017", None, "2017-02", ["2017-02"], False),
        ("To be complete d by end of February 2017", None, "2017-02", ["2017-02"], False),
        ("From Jan 2017 and ongoing", "2017-01", None, ["2017-01"], True),
        ("From Jan 2017 and on-going", "2017-01", None, ["2017-01"], True),
        ("From Jan 2017 and weekly on an on- going basis", "2017-01", None, ["2017-01"], True),
        ("Monthly audits from Jan 2017", "2017-01", None, ["2017-01"], True),
        ("From Jan 2017 onwards", "2017-01", None, ["2017-01"], True),
        ("Jan 2017 and ongoing", "2017-01", None, ["2017-01"], True),
        ("Sept 2016 and ongoing May 2017 May 2017", "2016-09", "2017-05", ["2016-09", "2017-05"], True),
        ("Mar2017 Feb 2017 From Jan 2017 and ongoing", "2017-01", "2017-03", months("2017-01", "2017-03"), True),
        ("Jan – April 2017", "2017-01", "2017-04", months("2017-01", "2017-04"), False),
        ("Mar –May 2017", "2017-03", "2017-05", months("2017-03", "2017-05"), False),
        ("Dec 2016 – April 2017", "2016-12", "2017-04", months("2016-12", "2017-04"), False),
        ("Jan and Feb 2017 Jan 2017", "2017-01", "2017-02", ["2017-01", "2017-02"], False),
        ("22/23 February; 1/2/7/9 March", "2017-02", "2017-03", ["2017-02", "2017-03"], False),
        ("22/23 Fen and 1/2/7/9 March 2017", "2017-02", "2017-03", ["2017-02", "2017-03"], False),
        ("Dec 2016 Dec 2016 Phase 1 completed Phase 2 Mar 2017 (LOGI) version",
         "2016-12", "2017-03", ["2016-12", "2017-03"], False),
        ("Feb 2017 Dec 2016 Jan 2017", "2016-12", "2017-02", months("2016-12", "2017-02"), False),
        ("Half Termly Termly Dec 2016", None, "2016-12", ["2016-12"], True),
        ("13/12/16", None, "2016-12", ["2016-12"], False),
        ("9.12.16", None, "2016-12", ["2016-12"], False),
        ("01/03/2017", None, "2017-03", ["2017-03"], False),
        ("2017-03-31", None, "2017-03", ["2017-03"], False),
        ("Dec", None, "2016-12", ["2016-12"], False),  # year from the plan's period
        ("Q3 2017", None, "2017-12", months("2017-10", "2017-12"), False),
        ("Q4 2017/18", None, "2018-03", months("2018-01", "2018-03"), False),
        ("2017/18", None, "2018-03", months("2017-04", "2018-03"), False),
        ("2017-18", None, "2018-03", months("2017-04", "2018-03"), False),
        ("Autumn term 2017", None, "2017-12", months("2017-09", "2017-12"), False),
        ("Spring term 2018", None, "2018-03", months("2018-01", "2018-03"), False),
        ("Winter 2016", None, "2017-02", months("2016-12", "2017-02"), False),
        ("23-Sep", None, "2016-09", ["2016-09"], False),  # a day: Sep 2023 lies far from the 2016/17 plan
        ("ongoing", None, None, [], True),
        ("on-going", None, None, [], True),
        ("Immediate", "2016-09", None, [], False),  # the plan's period start
        ("2017", None, "2017-12", [], False),
    ],
)
def test_parse_real_and_conventional_timeframes(text, start, due, listed, ongoing):
    tf = parse_timeframe(text, period=TORBAY_PERIOD)
    assert tf == Timeframe(text, start, due, listed, ongoing)


def test_yearless_months_without_a_period_are_dropped():
    tf = parse_timeframe("22/23 February; 1/2/7/9 March")
    assert (tf.months, tf.start_month) == ([], None)
    assert parse_timeframe("Immediate").start_month is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", ",", "Phase 1 completed", "may be delayed", "Key Stage 4", "Pending information from HoS",
     "5 day training", "33 22.723", "Section 47", "1.4.2"],
)
def test_no_dates_in_text_without_dates(text):
    tf = parse_timeframe(text, period=TORBAY_PERIOD)
    assert (tf.months, tf.start_month, tf.due_month) == ([], None, None)
    assert tf.raw == text


@pytest.mark.parametrize(
    "label, period, want",
    [
        ("23-Sep", None, ["2023-09"]),
        ("24-Mar", None, ["2024-03"]),
        ("Sep-23", None, ["2023-09"]),
        ("Sept 2023", None, ["2023-09"]),
        ("Apr", ("2023-04", "2024-03"), ["2023-04"]),
        ("Jan", ("2023-04", "2024-03"), ["2024-01"]),
        ("Q1 2024", None, months("2024-04", "2024-06")),
        ("Q4 2024", None, months("2025-01", "2025-03")),
        ("Q2", ("2023-04", "2024-03"), months("2023-07", "2023-09")),
        ("2023/24", None, months("2023-04", "2024-03")),
        ("<b>24-Feb</b>", None, ["2024-02"]),
        ("Timeframe", None, []),
    ],
)
def test_period_label_months(label, period, want):
    assert period_label_months(label, period=period) == want


def test_timeframe_column_of_torbay_seed(torbay_seed):
    """Every real When? cell in the Torbay plan gives a month or an ongoing flag."""
    from plantables.vocabulary.fields import match_field

    col, cells = None, []
    for line in torbay_seed.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        fields = [match_field(c).field if c.strip() and len(c) < 60 else None for c in row]
        if "timeframe" in fields and "lead" in fields:
            col = fields.index("timeframe")
            continue
        if col is None or col >= len(row) or re.fullmatch(r"\s*\d+\s*", row[0]) or not row[col].strip():
            continue
        cells.append(row[col].strip())
    parsed = [parse_timeframe(c, period=TORBAY_PERIOD) for c in cells]
    dated = [tf for tf in parsed if tf.months or tf.ongoing]
    print(f"\nTorbay When? cells: {len(cells)}, dated {len(dated)}; "
          f"undated: {[tf.raw for tf in parsed if not (tf.months or tf.ongoing)]}")
    assert len(cells) >= 100
    assert len(dated) / len(cells) >= 0.97
    assert all(m.startswith(("2016-", "2017-")) for tf in parsed for m in tf.months)


def test_plymouth_grid_labels(plymouth_seed):
    """The month grid header of the Plymouth plan reads as Sep 2023 .. Mar 2024."""
    labels = set()
    for line in plymouth_seed.read_text(encoding="utf-8").splitlines():
        labels |= {c.strip() for c in line.split("\t") if re.fullmatch(r"\d{2}-[A-Z][a-z]{2}", c.strip())}
    got = sorted(m for label in labels for m in period_label_months(label))
    assert got == months("2023-09", "2024-03")


# --- properties ---------------------------------------------------------------------

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_parse_never_raises_and_is_well_formed(text):
    tf = parse_timeframe(text, period=("2020-04", "2021-03"))
    assert tf.raw == text
    assert tf.months == sorted(set(tf.months))
    assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", m) for m in tf.months)
    if tf.months:
        assert tf.start_month in (None, tf.months[0])
        assert tf.due_month is None or tf.due_month in tf.months
        assert tf.start_month or tf.due_month
    period_label_months(text)


@given(
    st.integers(min_value=2000, max_value=2099),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["full", "abbr", "upper", "lower"]),
    st.sampled_from(["", "By ", "End ", "Due: ", "Target date "]),
)
def test_month_year_round_trips(year, month, style, prefix):
    name = MONTH_NAMES[month - 1]
    word = {"full": name, "abbr": name[:3], "upper": name.upper(), "lower": name[:3].lower()}[style]
    tf = parse_timeframe(f"{prefix}{word} {year}")
    assert tf.months == [f"{year}-{month:02d}"] == [tf.due_month]
    assert tf.start_month is None  # one date alone is a deadline


@given(st.integers(min_value=2000, max_value=2098), st.integers(min_value=1, max_value=4))
def test_financial_year_quarters_round_trip(fy, q):
    first = 4 + 3 * (q - 1)  # Q1 = Apr-Jun
    y, m = fy + (first - 1) // 12, (first - 1) % 12 + 1
    want = months(f"{y}-{m:02d}", f"{y + (m + 1) // 12}-{(m + 1) % 12 + 1:02d}")
    assert parse_timeframe(f"Q{q} {fy}").months == want
    assert parse_timeframe(f"Q{q} {fy}/{(fy + 1) % 100:02d}").months == want
    assert len(parse_timeframe(f"{fy}/{(fy + 1) % 100:02d}").months) == 12


@given(st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=12),
       st.integers(min_value=2000, max_value=2099), st.sampled_from(["/", ".", "-"]))
def test_numeric_dates_round_trip(day, month, year, sep):
    for y in (str(year), f"{year % 100:02d}"):
        assert parse_timeframe(f"{day}{sep}{month}{sep}{y}").months == [f"{year}-{month:02d}"]


def test_sample_ground_truth_timeframes(samples_dir):
    """Single-cell timeframes of the project's sample plans give their documented months."""
    import json

    checked = 0
    for path in sorted(samples_dir.glob("*.expected.json")):
        for action in json.loads(path.read_text(encoding="utf-8"))["actions"]:
            raw = action["timeframe_raw"]
            if raw and ";" not in raw:  # joined step timeframes are aggregated by the normaliser
                tf = parse_timeframe(raw)
                assert (tf.start_month, tf.due_month) == (action["start_month"], action["due_month"]), raw
                checked += 1
    assert checked >= 100


@pytest.mark.parametrize("text, start, due", [
    ("May – July 2026", "2026-05", "2026-07"),  # "May" before a range dash is the month, not the verb
    ("May to June 2024", "2024-05", "2024-06"),
    ("October – November 2026", "2026-10", "2026-11"),
    ("Works may - subject to funding - start", None, None),
])
def test_ranges_joined_by_a_dash_or_to(text, start, due):
    tf = parse_timeframe(text)
    assert (tf.start_month, tf.due_month) == (start, due)
