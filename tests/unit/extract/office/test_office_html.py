"""The web page reader on real HTML: header rows, spans, colours from attributes and CSS, headings in the flow."""

from __future__ import annotations

import pytest

from plantables.extract.model import ExtractError, Heading
from plantables.extract.office.html import read_html
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Harbourside District Council – Delivery plan</title>
<style>
  /* key colours */
  .green, td.g { background-color: #92D050 }
  table.plan td.amber { background: rgb(255, 192, 0); }
  #late { background: red }
  th { font-weight: bold }
</style></head>
<body>
<h1>Delivery plan 2024–26</h1>
<p>Some <b>introduction</b> text.</p>
<h2>1. Housing</h2>
<table class="plan">
  <thead><tr><th rowspan="2">Ref</th><th rowspan="2">Action</th><th colspan="2">2024/25</th></tr>
         <tr><th>Q1</th><th>Q2</th></tr></thead>
  <tbody>
    <tr><td>1.1</td><td><b>Build homes</b><ul><li>find land</li><li>get consent</li></ul></td>
        <td class="green"></td><td bgcolor="#FFC000">x</td></tr>
    <tr><td>1.2</td><td rowspan="2">Shared text</td><td class="amber">a</td><td style="background-color:#00B050">b</td></tr>
    <tr><td>1.3</td><td id="late">c</td><td class="g">d</td></tr>
  </tbody>
</table>
<div><h3>2. Transport</h3>
<table><caption>Roads</caption>
  <tr><td>Ref</td><td>Action</td></tr>
  <tr><td>2.1</td><td>Fix roads<table><tr><td>inner</td><td>cells</td></tr></table></td></tr>
</table></div>
</body></html>
"""


def test_header_rows_spans_fills_and_flow(tmp_path):
    path = tmp_path / "plan.htm"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_html(str(path))
    flow = [(b.kind, b.level, b.text) if isinstance(b, Heading) else "table" for b in doc.blocks]
    assert flow == [("title", 1, "Delivery plan 2024–26"), ("text", 1, "Some introduction text."),
                    ("section", 2, "1. Housing"), "table", ("section", 3, "2. Transport"), ("section", 1, "Roads"),
                    "table"]
    assert organisation_of(doc) == "Harbourside District Council" and doc.title == "Delivery plan 2024–26"
    first, second = doc.tables
    assert [(c.label, c.group) for c in first.columns] == [("Ref", None), ("Action", None), ("Q1", "2024/25"),
                                                           ("Q2", "2024/25")]
    assert [r.kind for r in first.rows] == ["header", "header", "data", "data", "data"]
    row = first.rows[2]
    assert row.cell(1).text == "Build homes\n• find land\n• get consent"
    assert row.cell(1).runs[0].bold and not row.cell(1).bold
    assert [row.cell(2).fill, row.cell(3).fill] == ["#92D050", "#FFC000"]
    assert [first.rows[3].cell(2).fill, first.rows[3].cell(3).fill] == ["#FFC000", "#00B050"]
    assert first.rows[3].cell(1).row_span == 2 and first.rows[4].cell(1) is None
    assert [first.rows[4].cell(2).fill, first.rows[4].cell(3).fill] == ["#FF0000", "#92D050"]
    # nothing marks a header (plain td, no bold, no shade): no row is hinted, the interpreter decides;
    # a nested table's cells are further lines of its cell
    assert [r.kind for r in second.rows] == ["data", "data"] and [c.label for c in second.columns] == ["", ""]
    assert second.rows[1].cell(1).text == "Fix roads\ninner\ncells"


def test_a_page_without_a_table_is_one_line(tmp_path):
    path = tmp_path / "news.html"
    path.write_text("<html><body><h1>News</h1><p>No tables today.</p></body></html>", encoding="utf-8")
    with pytest.raises(ExtractError, match="web page with no table") as err:
        read_html(str(path))
    assert "\n" not in str(err.value)


def test_a_header_left_alone_before_a_page_break_heads_the_next_table(tmp_path):
    path = tmp_path / "orphan.html"
    path.write_text(
        "<html><body><table><thead><tr><th>Deliverable</th><th>Lead</th><th>RAG</th></tr></thead><tbody></tbody>"
        "</table><div style='break-after: page'></div><table><tbody>"
        "<tr><td colspan='3' style='background:#F2F2F2'><b>Objective 1.1: Keep people safe</b></td></tr>"
        "<tr><td>1.1.1 Do it</td><td>Head of IT</td><td bgcolor='#00B050'></td></tr></tbody></table></body></html>",
        encoding="utf-8")
    (table,) = read_html(str(path)).tables
    assert [c.label for c in table.columns] == ["Deliverable", "Lead", "RAG"]
    # the bold shaded row across the top of the second table is a heading, not a second header row
    assert [r.kind for r in table.rows] == ["header", "heading", "data"]


def test_a_spreadsheet_saved_as_one_web_table_splits_at_its_empty_rows(tmp_path):
    # LibreOffice Calc's HTML export: the whole sheet in one table, titles and gaps included
    empty = "<tr><td><br></td><td><br></td><td><br></td></tr>"
    path = tmp_path / "sheet.html"
    path.write_text(
        "<html><body><table>"
        "<tr><td><b><font size=4>Harbourside District Council</font></b></td><td></td><td></td></tr>"
        f"{empty}<tr><td><b>1. Safer neighbourhoods</b></td><td></td><td></td></tr>{empty}"
        "<tr><td><b>Ref</b></td><td><b>Action</b></td><td><b>RAG</b></td></tr>"
        "<tr><td>1.1</td><td>Do it <del>old words</del>now</td><td bgcolor='#92D050'>G</td></tr>"
        "</table></body></html>", encoding="utf-8")
    doc = read_html(str(path))
    flow = [(b.kind, b.text) if isinstance(b, Heading) else [r.kind for r in b.rows] for b in doc.blocks]
    assert flow == [("section", "Harbourside District Council"), ("section", "1. Safer neighbourhoods"),
                    ["header", "data"]]
    assert doc.tables[0].rows[1].cell(1).text == "Do it now"  # deleted text (a tracked change) dropped


def test_one_coloured_cell_in_the_top_row_does_not_make_it_a_header(tmp_path):
    # a table whose header was left on the page before: its first row is data, its status cell amber
    rows = [("1.1.1", "Do it", "Not started", "#FFC000"), ("1.1.2", "Do more", "Complete", "#00B050"),
            ("1.1.3", "Do less", "Complete", "#00B050"), ("1.2.1", "Again", "Behind", "#FF0000")]
    body = "".join(f"<tr><td>{a}</td><td>{b}</td><td bgcolor='{f}'>{c}</td></tr>" for a, b, c, f in rows)
    path = tmp_path / "cont.html"
    path.write_text(f"<html><body><table>{body}</table></body></html>", encoding="utf-8")
    assert [r.kind for r in read_html(str(path)).tables[0].rows] == ["data"] * 4
