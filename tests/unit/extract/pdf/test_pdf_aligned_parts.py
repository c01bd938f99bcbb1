"""Parts of the text-aligned table builder (lines, hybrid, rows) on hand-made words."""

from __future__ import annotations

from plantables.extract.pdf.gutters import gutters
from plantables.extract.pdf.hybrid import _split_at_separators
from plantables.extract.pdf.lines import Columns, Line, column_range, is_numeric, make_chunk, text_lines
from plantables.extract.pdf.rows import group_records


def word(text: str, x0: float, top: float, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0 * len(text), "top": top, "bottom": top + size, "size": size}


def line(*chunks: list[dict]) -> Line:
    parts = [make_chunk(ws) for ws in chunks]
    return Line(parts, min(c.top for c in parts), max(c.bottom for c in parts), 10.0)


def test_text_lines_cut_a_line_into_chunks_at_wide_gaps():
    words = [word("Ref", 10, 100), word("Action", 100, 100), word("plan", 135, 100), word("Lead", 250, 100)]
    (only,) = text_lines(words, gap_em=1.0)
    assert [c.text for c in only.chunks] == ["Ref", "Action plan", "Lead"]
    assert (only.x0, only.x1) == (10, 270)


def test_gutters_are_the_gaps_no_word_covers_with_a_separator_in_their_middle():
    lines = [line([word("1.1", 10, 100 + 20 * i)], [word("Open", 100, 100 + 20 * i)]) for i in range(4)]
    (gap,) = gutters(lines, 10.0, 120.0, min_width=10.0)
    start, end, separator = gap
    assert 25.0 <= start and end <= 100.0
    assert start < separator < end
    assert abs(separator - (start + end) / 2) <= 0.5


def test_a_separator_between_two_words_cuts_the_chunk_and_a_whole_chunk_stays_the_same_object():
    cut = line([word("Due", 10, 100), word("2025", 40, 100)])
    whole = line([word("Lead", 40, 120), word("Officer", 62, 120)])  # right of both separators
    kept = whole.chunks[0]
    _split_at_separators([cut, whole], [30.0, 36.0])
    assert [c.text for c in cut.chunks] == ["Due", "2025"]
    assert whole.chunks == [kept] and whole.chunks[0] is kept


def test_columns_place_chunks_as_column_range_does_and_remember_them():
    xs, slack = [0.0, 50.0, 100.0, 150.0], 3.0
    cols = Columns(xs, slack)
    ln = line([word("A", 5, 100)], [word("wide label here", 40, 100)], [word("9", 120, 100)])
    for chunk in ln.chunks:
        assert cols.range(chunk) == column_range(chunk, xs, slack)
    assert cols.of_line(ln) is cols.of_line(ln)
    assert sorted(cols.of_line(ln)) == [0, 2]  # the wide label starts in column 0 and is overwritten there
    assert cols.has_numbers(ln)


def test_records_start_where_the_key_column_has_text_and_wrapped_lines_continue_them():
    cols = Columns([0.0, 50.0, 200.0], 3.0)
    lines = [
        line([word("1.1", 5, 100)], [word("Recruit", 60, 100)]),
        line([word("staff", 60, 111)]),  # wraps: no key, no figure
        line([word("1.2", 5, 122)], [word("Train", 60, 122)]),
    ]
    assert group_records(lines, cols, key=0) == [lines[:2], lines[2:]]


def test_is_numeric_reads_figures_as_tables_print_them():
    assert all(is_numeric(t) for t in ("1,234.5", "-3", "12%", "(4.2)", "£1,000"))
    assert not any(is_numeric(t) for t in ("", "n/a", "Q1 target", "--"))
