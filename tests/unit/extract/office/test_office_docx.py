"""The Word reader on real .docx files written with python-docx (and raw WordprocessingML where
python-docx has no API: tracked changes, content controls, theme shading)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from plantables.extract.model import ExtractError, Heading, Table
from plantables.extract.office.docx import read_docx
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines


def _shade(cell, xml: str) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f"<w:shd {nsdecls('w')} {xml}/>"))


def _plan(tmp_path, build) -> str:
    d = docx.Document()
    build(d)
    path = tmp_path / "plan.docx"
    d.save(path)
    return str(path)


def test_spans_header_rows_fills_and_bold(tmp_path):
    def build(d):
        t = d.add_table(rows=4, cols=3)
        for i, label in enumerate(("Ref", "Action", "Lead")):
            t.cell(0, i).paragraphs[0].add_run(label).bold = True
        t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        t.cell(1, 0).text, t.cell(2, 0).text, t.cell(3, 0).text = "1.1", "1.2", "2"
        t.cell(1, 1).text, t.cell(2, 1).text = "Do the thing", "Do another"
        t.cell(1, 2).merge(t.cell(2, 2)).text = "Head of Service"  # vMerge over two rows
        t.cell(3, 1).merge(t.cell(3, 2)).text = "Section across"  # gridSpan
        _shade(t.cell(0, 0), 'w:val="clear" w:color="auto" w:fill="auto" w:themeFill="accent1" w:themeFillTint="33"')
        _shade(t.cell(1, 1), 'w:val="clear" w:color="auto" w:fill="92D050"')
    doc = read_docx(_plan(tmp_path, build))
    (table,) = doc.tables
    assert [c.label for c in table.columns] == ["Ref", "Action", "Lead"]
    assert [r.kind for r in table.rows] == ["header", "data", "data", "heading"]  # "2" + a cell across the rest
    head = table.rows[0].cells[0]
    assert head.header and head.bold and head.fill == "#DCE6F2"  # the file theme's accent1 (4F81BD) at tint 0x33
    lead = table.rows[1].cell(2)
    assert (lead.text, lead.row_span, lead.col_span, lead.bold) == ("Head of Service", 2, 1, False)
    assert table.rows[1].cell(1).fill == "#92D050"
    assert table.rows[2].cell(2) is None  # covered by the merge above
    across = table.rows[3].cell(1)
    assert (across.text, across.col_span) == ("Section across", 2)


def test_runs_bullets_numbering_and_nested_table(tmp_path):
    def build(d):
        t = d.add_table(rows=1, cols=2)
        cell = t.cell(0, 1)
        p = cell.paragraphs[0]
        p.add_run("Title in bold").bold = True
        cell.add_paragraph("first step", style="List Bullet")
        cell.add_paragraph("second step", style="List Bullet")
        cell.add_paragraph("one", style="List Number")
        cell.add_paragraph("two", style="List Number")
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "Q1", "done"
        t.cell(0, 0).paragraphs[0].add_run("a ")
        t.cell(0, 0).paragraphs[0].add_run("word").italic = True
    doc = read_docx(_plan(tmp_path, build))
    cell = doc.tables[0].rows[0].cell(1)
    assert cell.text.split("\n") == ["Title in bold", "• first step", "• second step", "1. one", "2. two", "Q1", "done"]
    assert cell.runs[0].text == "Title in bold" and cell.runs[0].bold
    assert not cell.bold  # only the first line is bold
    first = doc.tables[0].rows[0].cell(0)
    assert [(r.text, r.italic) for r in first.runs] == [("a ", False), ("word", True)]


def test_tracked_changes_accepted_and_content_controls_read(tmp_path):
    w = nsdecls("w")

    def build(d):
        t = d.add_table(rows=1, cols=2)
        p = t.cell(0, 0).paragraphs[0]._p
        p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>old text </w:delText></w:r></w:del>'))
        p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>new text</w:t></w:r></w:ins>'))
        p2 = t.cell(0, 1).paragraphs[0]._p
        p2.append(parse_xml(f'<w:sdt {w}><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>Chosen lead</w:t></w:r>'
                            '</w:sdtContent></w:sdt>'))
        body = d.element.body
        body.insert(0, parse_xml(f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Inside a block control</w:t>'
                                 '</w:r></w:p></w:sdtContent></w:sdt>'))
    doc = read_docx(_plan(tmp_path, build))
    row = doc.tables[0].rows[0]
    assert row.text(0) == "new text" and row.text(1) == "Chosen lead"
    assert doc.blocks[0] == Heading("Inside a block control", "text", 1)


def test_headings_in_document_order_with_levels_title_and_organisation(tmp_path):
    def build(d):
        d.sections[0].header.paragraphs[0].text = "Westmoor Borough Council – Improvement Plan 2016/17"
        d.add_paragraph("Improvement Plan 2016/17", style="Title")
        d.add_paragraph("1. Safer places", style="Heading 1")
        d.add_table(rows=1, cols=2).cell(0, 0).text = "a"
        d.add_paragraph("Some words between tables.")
        lead = d.add_paragraph()
        lead.add_run("PRIORITY 2 – HOUSING;").bold = True
        lead.add_run(" prose after the bold lead-in")
        d.add_paragraph("2.1 Sub", style="Heading 3")
        d.add_table(rows=1, cols=2).cell(0, 0).text = "b"
    doc = read_docx(_plan(tmp_path, build))
    kinds = [(b.kind, b.level, b.text) if isinstance(b, Heading) else "table" for b in doc.blocks]
    assert kinds == [("title", 1, "Improvement Plan 2016/17"), ("section", 1, "1. Safer places"), "table",
                     ("text", 1, "Some words between tables."),
                     ("section", 2, "PRIORITY 2 – HOUSING; prose after the bold lead-in"), ("section", 3, "2.1 Sub"),
                     "table"]
    assert organisation_of(doc) == "Westmoor Borough Council" and doc.title == "Improvement Plan 2016/17"
    assert doc.format == "docx" and all(isinstance(t, Table) and t.pages == [] for t in doc.tables)


def test_a_word_file_without_a_table_is_one_line(tmp_path):
    path = _plan(tmp_path, lambda d: d.add_paragraph("Only prose"))
    with pytest.raises(ExtractError, match="Word document with no table") as err:
        read_docx(path)
    assert "\n" not in str(err.value)


def test_title_block_from_large_bold_opening_lines(tmp_path):
    from docx.shared import Pt

    def build(d):
        for text, size in (("Greyhaven City Council", 16), ("Priority 1: Our workforce", 12)):
            run = d.add_paragraph().add_run(text)
            run.bold, run.font.size = True, Pt(size)
        d.add_table(rows=1, cols=2).cell(0, 0).text = "a"
        run = d.add_paragraph().add_run("Priority 2: Safer places")
        run.bold, run.font.size = True, Pt(12)
        d.add_table(rows=1, cols=2).cell(0, 0).text = "b"
    doc = read_docx(_plan(tmp_path, build))
    # the 12 pt line opening the file is set like the headings further on: the first of them, not the title
    assert [(h.kind, h.text) for h in doc.headings] == [("title", "Greyhaven City Council"),
                                                        ("section", "Priority 1: Our workforce"),
                                                        ("section", "Priority 2: Safer places")]
    assert organisation_of(doc) == "Greyhaven City Council"
