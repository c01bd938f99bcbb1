"""The Excel reader on real .xlsx files written with openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formatting.rule import CellIsRule, Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle

from plantables.extract.model import ExtractError, Heading
from plantables.extract.office.xlsx import MAX_ROWS, read_xlsx
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines


def _save(wb, tmp_path, name="plan.xlsx") -> str:
    path = tmp_path / name
    wb.save(path)
    return str(path)


def _plan_sheet(ws) -> None:
    ws["A1"] = "Harbourside District Council"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Ref", "Action", "Lead", "Deadline", "Notes", "RAG"])
    for c in ws[3]:
        c.font = Font(bold=True)
    ws.append(["1.1", CellRichText(TextBlock(InlineFont(b=True), "Bold title"), "\nplain step"), "HoS",
               dt.datetime(2025, 3, 31), "hidden note", "Green"])
    ws.append(["1.2", "Second", None, dt.datetime(2024, 9, 1), "x", "Red"])
    ws.append(["draft", "hidden row", "x", None, None, None])
    ws.append(["1.3", "Third", "Lead B", "Q3 2024/25", None, "In progress"])
    ws.merge_cells("C4:C5")
    ws["D4"].number_format = "dd/mm/yyyy"
    ws["D5"].number_format = "mmm-yy"
    ws.column_dimensions["E"].hidden = True
    ws.row_dimensions[6].hidden = True
    ws.freeze_panes = "A4"
    ws["B5"].fill = PatternFill("solid", fgColor="FFC000")
    ws.conditional_formatting.add("F4:F7", CellIsRule(operator="equal", formula=['"Green"'],
                                                      fill=PatternFill(bgColor="00B050")))
    ws.conditional_formatting.add("F4:F7", Rule(type="containsText", operator="containsText", text="progress",
                                                dxf=DifferentialStyle(fill=PatternFill(bgColor="FFBF00"))))


def test_spans_fills_dates_rich_text_hidden_and_header_hints(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Plan"
    _plan_sheet(wb.active)
    doc = read_xlsx(_save(wb, tmp_path))
    assert doc.blocks[0] == Heading("Plan", "sheet", 0)
    assert doc.blocks[1] == Heading("Harbourside District Council", "title", 1)
    assert organisation_of(doc) == "Harbourside District Council"
    (table,) = doc.tables
    assert [c.label for c in table.columns] == ["Ref", "Action", "Lead", "Deadline", "RAG"]  # E hidden
    assert [r.kind for r in table.rows] == ["header", "data", "data", "data"]  # the hidden row 6 skipped
    first = table.rows[1]
    assert first.cell(1).text == "Bold title\nplain step"
    assert [(r.text.strip(), r.bold) for r in first.cell(1).runs] == [("Bold title", True), ("plain step", False)]
    assert (first.cell(2).text, first.cell(2).row_span) == ("HoS", 2)
    assert first.cell(3).text == "31/03/2025"  # as the number format shows it
    assert table.rows[2].cell(3).text == "Sep-24"
    assert table.rows[2].cell(1).fill == "#FFC000"
    assert [table.rows[i].cell(4).fill for i in (1, 2, 3)] == ["#00B050", None, "#FFBF00"]  # conditional formats


def test_dates_shown_as_their_format_shows_them_and_formulas_read_as_cached_values(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Due", "Total"])
    ws.append(["1", dt.datetime(2024, 3, 31), "=1+1"])
    ws.append(["2", dt.date(2024, 4, 30), "=2+2"])
    ws["B2"].number_format = "[$-F800]dddd, mmmm dd, yyyy"  # Excel's system long date
    path = _save(wb, tmp_path)
    # openpyxl writes no cached value; Excel and LibreOffice do: put them in as they would
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<f>1+1</f><v></v>", "<f>1+1</f><v>2</v>").replace("<f>2+2</f><v></v>", "<f>2+2</f><v>4</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    table = read_xlsx(path).tables[0]
    assert [(r.text(1), r.text(2)) for r in table.rows[1:]] == [("Sunday, March 31, 2024", "2"),
                                                                          ("2024-04-30", "4")]


def test_every_sheet_is_read_with_its_name_and_tables_split_at_empty_rows(tmp_path):
    wb = openpyxl.Workbook()
    key = wb.active
    key.title = "Guidance"
    key.append(["Status", "Meaning"])
    key.append(["Green", "On track"])
    plan = wb.create_sheet("Actions")
    plan.append(["Ref", "Action"])
    plan.append(["1", "First"])
    plan.append([])
    plan.append(["2. Second section"])
    plan.append(["Ref", "Action"])
    plan.append(["2.1", "Next"])
    hidden = wb.create_sheet("Old")
    hidden.append(["Ref", "Action"])
    hidden.append(["9", "gone"])
    hidden.sheet_state = "hidden"
    doc = read_xlsx(_save(wb, tmp_path))
    shape = [(b.kind, b.text) if isinstance(b, Heading) else len(b.rows) for b in doc.blocks]
    assert shape == [("sheet", "Guidance"), 2, ("sheet", "Actions"), 2, ("text", "2. Second section"), 2]


def test_a_workbook_without_a_table_is_one_line(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "Nothing tabular here"
    wb.create_sheet("Empty")
    with pytest.raises(ExtractError, match="no table-like sheet .*'Notes', 'Empty'") as err:
        read_xlsx(_save(wb, tmp_path))
    assert "\n" not in str(err.value)


def test_a_sheet_beyond_the_bounds_is_refused_plainly(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "Ref", "Action"
    ws.cell(MAX_ROWS + 5, 1, "far down")
    with pytest.raises(ExtractError, match="more than 50000") as err:
        read_xlsx(_save(wb, tmp_path))
    assert "\n" not in str(err.value)


def test_a_bold_section_row_under_a_bold_header_is_no_header_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Key actions", "Responsibility", "Apr-24"])
    ws.append(["1. Digital services"])
    ws.merge_cells("A2:D2")
    ws.append(["1.1", "Do it", "Head of IT", None])
    ws.append(["1.2", "Do more", "Head of IT", None])
    for cell in (*ws[1], ws["A2"]):
        cell.font = Font(bold=True)
    table = read_xlsx(_save(wb, tmp_path)).tables[0]
    assert [r.kind for r in table.rows] == ["header", "heading", "data", "data"]
    assert [c.group for c in table.columns] == [None] * 4


def test_a_rule_over_a_whole_column_costs_nothing_and_a_merge_over_one_is_refused(tmp_path):
    import time

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "RAG"])
    ws.append(["1", "Do it", "Green"])
    ws.append(["2", "Do more", "Red"])
    ws.conditional_formatting.add("C1:C1048576", CellIsRule(operator="equal", formula=['"Green"'],
                                                            fill=PatternFill(bgColor="00B050")))
    path = _save(wb, tmp_path)
    t0 = time.process_time()
    table = read_xlsx(path).tables[0]
    assert time.process_time() - t0 < 1.0
    assert [r.cell(2).fill for r in table.rows] == [None, "#00B050", None]
    # a merge down a whole column, as a spreadsheet program writes it (openpyxl would make a million
    # objects loading it, and as many writing it: put it in the XML)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="E1:E1048576"/></mergeCells>').encode()
    merged = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(merged, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    with pytest.raises(ExtractError, match="merged range E1:E1048576 over 1048576 cells") as err:
        read_xlsx(str(merged))
    assert "\n" not in str(err.value)


def _with_sheet_data(path, tmp_path, rows_xml: bytes, name: str) -> str:
    """The workbook at ``path`` with ``rows_xml`` as its first sheet's data (as another program writes it)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    start, end = sheet.index(b"<sheetData"), sheet.index(b"</sheetData>") + len(b"</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + b"<sheetData>" + rows_xml + b"</sheetData>" + sheet[end:]
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return str(out)


def test_a_workbook_of_too_many_cells_is_refused_before_it_is_loaded(tmp_path):
    import resource

    from plantables.extract.office.xlsx_bounds import MAX_CELLS

    wb = openpyxl.Workbook()
    wb.active.append(["Ref", "Action"])
    base = _save(wb, tmp_path)
    # a sheet of numbers a thousand columns wide: MAX_CELLS + 2 cells, a few MB zipped
    row = b"".join(b'<c r="%s%d"><v>1</v></c>' % (openpyxl.utils.get_column_letter(c).encode(), r)
                   for r in (1,) for c in range(1, 1001))
    rows = b"".join(b'<row r="%d">' % r + row.replace(b'1"><v>', b'%d"><v>' % r) + b"</row>"
                    for r in range(1, MAX_CELLS // 1000 + 2))
    huge = _with_sheet_data(base, tmp_path, rows, "huge.xlsx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ExtractError, match=f"more than {MAX_CELLS} cells and rows") as err:
        read_xlsx(huge)
    assert "\n" not in str(err.value) and "huge.xlsx" in str(err.value)
    # refused from the XML, a megabyte at a time: loading it would have cost some 250 MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB
    # the same workbook with a plan's size of sheet is read
    small = _with_sheet_data(base, tmp_path, rows[: rows.index(b'<row r="3"')], "small.xlsx")
    assert len(read_xlsx(small).tables[0].rows) == 2


def test_formula_rules_colour_cells_from_the_cell_they_name(tmp_path):
    from openpyxl.formatting.rule import FormulaRule

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "Lead", "Status", "Rating"])
    for row in (["1.1", "Open the hub", "ED Manager", "Complete", "x"], ["1.2", "Run grants", "TC Manager", "Off track", "x"],
                ["1.3", "Plant trees", "Parks", "At risk - drought", "x"], ["1.4", "Collect food waste", "Waste", "On track", "x"]):
        ws.append(row)
    # the rating column coloured from the status beside it (relative row, absolute column)
    ws.conditional_formatting.add("E2:E5", FormulaRule(formula=['$D2="Off track"'], fill=PatternFill(bgColor="FF0000")))
    ws.conditional_formatting.add("E2:E5", FormulaRule(formula=['ISNUMBER(SEARCH("risk",$D2))'],
                                                       fill=PatternFill(bgColor="FFC000")))
    # a whole row shaded when its status is Complete
    ws.conditional_formatting.add("A2:D5", FormulaRule(formula=['"complete"=$D2'], fill=PatternFill(bgColor="DDEBF7")))
    ws.conditional_formatting.add("A2:D5", FormulaRule(formula=['SUM($A2:$B2)>1'], fill=PatternFill(bgColor="000000")))
    table = read_xlsx(_save(wb, tmp_path)).tables[0]
    rating = [r.cell(4).fill for r in table.rows[1:]]
    assert rating == [None, "#FF0000", "#FFC000", None]
    assert {c.fill for c in table.rows[1].cells if c.col < 4} == {"#DDEBF7"}  # case as Excel compares text
    assert {c.fill for c in table.rows[4].cells} == {None}  # a formula this does not evaluate gives nothing
