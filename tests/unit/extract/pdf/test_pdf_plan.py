"""read_pdf_plan on the sample PDFs, checked cell by cell against their ground truth.

The reader only hints at header rows; the plan interpreter decides them
(:func:`plantables.normalise.header.settle_header`), so the documents here are
read and then have their headers settled, as the import does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from plantables.extract.model import Cell, Document, ExtractError, Row, Table
from plantables.extract.pdf.plan import read_pdf_plan as _read_pdf_plan
from plantables.normalise.header import settle_header
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines
from plantables.samples.spec import MONTH_ABBR, RAG_FILLS
from plantables.vocabulary.fields import map_columns

SAMPLES = Path(__file__).resolve().parents[4] / "samples"


def read_pdf_plan(*args, **kwargs) -> Document:
    """The reader's document with every table's header rows decided by the interpreter."""
    doc = _read_pdf_plan(*args, **kwargs)
    for table in doc.tables:
        settle_header(table)
    return doc


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {stem: read_pdf_plan(SAMPLES / f"{stem}.pdf") for stem in ("westmoor_2016_17", "kingsbridge_2023_24")}


def truth(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.pdf.expected.json").read_text())


def fields_of(table: Table) -> dict[str, int]:
    return {f: i for i, f in map_columns(table.header).items() if f != "month"}


def covering(table: Table, index: int, col: int) -> tuple[int, Row] | None:
    """The row whose cell at ``col`` covers row ``index`` (a merged cell starts above)."""
    for i in range(index, -1, -1):
        cell = table.rows[i].cell(col)
        if cell is not None:
            return (i, table.rows[i]) if i + cell.row_span > index else None
    return None


def action_rows(doc: Document, ref_col_field: str, pattern) -> dict[str, tuple[Table, int]]:
    found = {}
    for t in doc.tables:
        col = fields_of(t)[ref_col_field]
        for i, row in enumerate(t.rows):
            m = pattern(row.text(col)) if row.kind == "data" else None
            if m:
                found[m] = (t, i)
    return found


def test_document_title_organisation_and_no_running_text(docs):
    for stem, doc in docs.items():
        t = truth(stem)
        assert organisation_of(doc) == t["organisation"]
        assert doc.title == t["title"]
        assert doc.pages == t["pages"]
        assert doc.warnings == []
        texts = [h.text for h in doc.headings]
        assert not any(re.match(r"Page \d+ of \d+", x) or x == "OFFICIAL" for x in texts), texts


def test_family_a_every_action_with_its_merged_cells_and_steps(docs):
    doc, t = docs["westmoor_2016_17"], truth("westmoor_2016_17")
    assert len(doc.tables) == 1, "one table stitched over all pages"
    table = doc.tables[0]
    assert table.pages == list(range(1, t["pages"] + 1))
    assert sum(r.kind == "header" for r in table.rows) == 1, "repeated headers dropped"
    f = fields_of(table)
    assert {"ref", "objective", "lead", "action", "timeframe", "measures", "status", "update"} <= set(f)
    rows = action_rows(doc, "ref", lambda s: s.strip() if re.fullmatch(r"\d+\.\d+", s.strip()) else None)
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}
    for a in t["actions"]:
        _, i = rows[a["action_ref_raw"]]
        row = table.rows[i]
        assert squash(row.text(f["objective"])) == a["title"], a["action_ref"]
        assert squash(row.text(f["lead"])) == a["lead_raw"], a["action_ref"]
        # status and outcome are merged over the steps: one cell, in the action's first row
        status_cell = squash(row.text(f["status"]))
        stated = status_cell == "" and (a["update_text"] or "").startswith(a["status_raw"] or "\0")  # said in the update
        assert status_cell == (a["status_raw"] or "") or stated, a["action_ref"]
        assert squash(row.text(f["update"])) == (a["update_text"] or ""), a["action_ref"]


def test_family_a_merged_cells_continued_on_the_next_page_are_whole(docs):
    table = docs["westmoor_2016_17"].tables[0]
    f = fields_of(table)
    rows = action_rows(docs["westmoor_2016_17"], "ref", lambda s: s.strip() or None)
    for a in truth("westmoor_2016_17")["actions"]:
        i = rows[a["action_ref_raw"]][1]
        row = table.rows[i]
        span = row.cell(f["ref"]).row_span
        assert (squash(row.text(f["objective"])), squash(row.text(f["update"]))) == (
            a["title"], a["update_text"] or "")
        steps = [squash(table.rows[k].text(f["action"])).replace("• ", "") for k in range(i, i + span)]
        assert " ".join(steps) == " ".join(a["action_steps"]), a["action_ref"]
        whens = [squash(table.rows[k].text(f["timeframe"])) for k in range(i, i + span)]
        assert " ".join(w for w in whens if w) == " ".join((a["timeframe_raw"] or "").split("; "))


def test_family_a_step_rows_starting_a_page_stay_separate(docs):
    table = docs["westmoor_2016_17"].tables[0]
    f = fields_of(table)
    rows = action_rows(docs["westmoor_2016_17"], "ref", lambda s: s.strip() or None)
    for a in truth("westmoor_2016_17")["actions"]:
        _, i = rows[a["action_ref_raw"]]
        span = table.rows[i].cell(f["ref"]).row_span
        steps = [squash(table.rows[k].text(f["action"])).replace("• ", "") for k in range(i, i + span)]
        assert steps == a["action_steps"], a["action_ref"]


def test_family_a_section_and_objective_rows_stay_full_width(docs):
    table = docs["westmoor_2016_17"].tables[0]
    n = len(table.columns)
    wide = [r for r in table.rows if any(c.col_span >= n - 1 for c in r.cells)]
    titles = {squash(r.cells[-1].text) for r in wide}
    for a in truth("westmoor_2016_17")["actions"]:
        assert a["section_title"] in titles and a["objective_text"] in titles


def _month(label: str) -> str:
    yy, mon = label.split("-")
    return f"20{yy}-{MONTH_ABBR.index(mon) + 1:02d}"


def test_family_b_grid_rag_merged_outcomes_and_themes(docs):
    doc, t = docs["kingsbridge_2023_24"], truth("kingsbridge_2023_24")
    priorities = [h for h in doc.headings if h.kind == "priority"]
    assert len(priorities) == len({a["section_ref"] for a in t["actions"]})
    ref = re.compile(r"^([IVX\d]+(?:\.\d+){2})\s")
    rows = action_rows(doc, "action", lambda s: (m := ref.match(s)) and m.group(1))
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}
    themes = {squash(r.cells[0].text) for tb in doc.tables for r in tb.rows if r.kind == "heading"}
    assert {a["theme"] for a in t["actions"] if a["theme"]} <= themes
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        row, f = table.rows[i], fields_of(table)
        months = [c for c in table.columns if c.group == "Timeframe"]
        assert len(months) == 7
        assert squash(row.text(f["action"])) == f"{a['action_ref_raw']} {a['title']}"
        assert squash(row.text(f["lead"])) == a["lead_raw"]
        assert squash(row.text(f["update"])) == (a["update_text"] or ""), a["action_ref"]
        assert squash(row.text(f["measures"])) == (a["measures"] or "")
        active = [_month(c.label) for c in months if (row.cell(c.index) and row.cell(c.index).fill)]
        assert active == a["active_months"], a["action_ref"]
        rag = row.cell(f["rag"]).fill
        assert (rag in RAG_FILLS[a["rag"]]) if a["rag"] else rag is None, a["action_ref"]
        k, outcome_row = covering(table, i, f["objective"])
        assert squash(outcome_row.text(f["objective"])).endswith(a["objective_text"])
        assert squash(outcome_row.text(f["risk_ref"])).split() == a["risk_refs"]


def test_family_b_rows_broken_by_a_page_break_are_joined(docs):
    rows = action_rows(docs["kingsbridge_2023_24"], "action",
                       lambda s: (m := re.match(r"^([IVX\d]+(?:\.\d+){2})\s", s)) and m.group(1))
    for a in truth("kingsbridge_2023_24")["actions"]:
        table, i = rows[a["action_ref_raw"]]
        assert squash(table.rows[i].text(fields_of(table)["update"])) == (a["update_text"] or "")


def test_merged_cell_crossing_a_page_break_is_one_cell(docs):
    crossing = [
        (r, c) for tb in docs.values() for t in tb.tables for i, r in enumerate(t.rows) for c in r.cells
        if c.row_span > 1 and {t.rows[k].page for k in range(i, min(len(t.rows), i + c.row_span))} != {r.page}
    ]
    assert crossing, "no merged cell runs over a page break"


def test_family_c_rules_only_table_keeps_every_cell():
    doc, t = read_pdf_plan(SAMPLES / "harbourside_2024_26.pdf"), truth("harbourside_2024_26")
    rows = action_rows(doc, "ref", lambda s: s.strip() or None)
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        f = fields_of(table)
        assert squash(table.rows[i].text(f["action"])) == a["title"]
        assert squash(covering(table, i, f["lead"])[1].text(f["lead"])) == a["lead_raw"]
        assert squash(table.rows[i].text(f["status"])) == a["update_text"], a["action_ref"]


def test_rest_of_a_row_under_a_repeated_header_is_joined_not_a_heading():
    """Page 3 of the family-C sample holds only the repeated header and the last two lines
    of 2.10's progress cell (too little for a table): they join 2.10, not the headings."""
    doc, t = read_pdf_plan(SAMPLES / "harbourside_2024_26.pdf"), truth("harbourside_2024_26")
    header = {squash(" ".join(c.label for c in tb.columns)) for tb in doc.tables}
    assert not any(squash(h.text) in header for h in doc.headings)
    assert [h.kind for h in doc.headings].count("text") == 1  # the version line under the title
    table, i = action_rows(doc, "ref", lambda s: s.strip() or None)["2.10"]
    assert table.pages[-1] > table.rows[i].page  # the table runs on over the break
    want = next(a["update_text"] for a in t["actions"] if a["action_ref"] == "2.10")
    assert squash(table.rows[i].text(fields_of(table)["status"])) == want


def test_a_single_page_read_keeps_the_rest_of_a_row_under_its_repeated_header_as_a_table():
    doc = read_pdf_plan(SAMPLES / "harbourside_2024_26.pdf", pages=[3])
    first = doc.blocks[0]
    assert isinstance(first, Table) and [r.kind for r in first.rows] == ["header", "data"]
    assert first.header == doc.tables[1].header  # the header the page's own table has
    rest = first.rows[1]
    assert squash(rest.text(4)) == "Feedback from practitioners has been positive and will shape the next phase."
    # the row runs down to its rule: the RAG cell's shading is inside it
    assert rest.cell(5).fill in RAG_FILLS["amber"]
    assert [h.text for h in doc.headings] == ["3. A cleaner, greener district"]


def _stitched(first_row_on_page_2: Row) -> Table:
    from plantables.extract.model import Column
    from plantables.extract.pdf.stitch import stitch_pages

    columns = [Column(i, label) for i, label in enumerate(["NOS", "What?", "How?", "Outcome"])]
    header = Row([Cell(i, c.label, header=True) for i, c in enumerate(columns)], 1, "header")
    page1 = Table(columns, [header, Row([Cell(0, "5.2", 2), Cell(1, "Referrals made", 2), Cell(2, "Train staff"),
                                        Cell(3, "Standards issued", 2)], 1),
                            Row([Cell(2, "Audit files")], 1)], [1])
    page2 = Table(columns, [Row([Cell(i, c.label, header=True) for i, c in enumerate(columns)], 2, "header"),
                            first_row_on_page_2, Row([Cell(2, "Second step")], 2)], [2])
    return stitch_pages([page1, page2])[0]


def test_empty_merged_cell_beside_a_new_ref_at_the_top_of_a_page_is_its_own_cell():
    table = _stitched(Row([Cell(0, "5.3", 2), Cell(1, "Practice week", 2), Cell(2, "Book dates"),
                           Cell(3, "", 2)], 2))
    assert [c.row_span for c in table.rows[1].cells] == [2, 2, 1, 2]  # 5.2 ends at the break
    assert table.rows[3].cell(3) is not None and table.rows[3].cell(3).text == ""


def test_merged_cells_of_an_action_running_over_the_break_still_continue():
    table = _stitched(Row([Cell(0, "", 2), Cell(1, "and partners", 2), Cell(2, "Book dates"),
                           Cell(3, "", 2)], 2))
    first = table.rows[1]
    assert [c.row_span for c in first.cells] == [4, 4, 1, 4]
    assert first.cell(1).text == "Referrals made\nand partners"
    assert table.rows[3].cells == [table.rows[3].cell(2)]


def test_tagged_word_like_pdf_gives_every_action_whole():
    stem = "harbourside_2024_26_tagged"
    doc, t = read_pdf_plan(SAMPLES / f"{stem}.pdf"), truth(stem)
    assert (organisation_of(doc), doc.title, doc.pages) == (t["organisation"], t["title"], t["pages"])
    sections = [h.text for h in doc.headings if h.kind == "section"]
    assert {f"{a['section_ref']}. {a['section_title']}" for a in t["actions"]} <= set(sections)
    rows = action_rows(doc, "ref", lambda s: s.strip() or None)
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        row, f = table.rows[i], fields_of(table)
        assert squash(row.text(f["action"])) == a["title"]
        assert squash(covering(table, i, f["lead"])[1].text(f["lead"])) == a["lead_raw"], a["action_ref"]
        assert squash(row.text(f["timeframe"])) == (a["timeframe_raw"] or "")
        assert squash(row.text(f["status"])) == a["update_text"], a["action_ref"]
        assert row.cell(f["rag"]).fill in RAG_FILLS[a["rag"]]


def test_scanned_page_is_a_warning_and_a_scan_only_pdf_an_error(tmp_path, peers_dir):
    # with OCR off (read by OCR: tests/integration/test_ocr_import.py)
    image_pdf = peers_dir / "camelot" / "image.pdf"
    with pytest.raises(ExtractError, match="no tables") as err:
        read_pdf_plan(image_pdf, ocr="off")
    assert str(image_pdf) in str(err.value)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(SAMPLES / "kingsbridge_2023_24.pdf"), [0])
    mixed.import_pages(pdfium.PdfDocument(image_pdf), [0])
    out = tmp_path / "mixed.pdf"
    mixed.save(out)
    doc = read_pdf_plan(out, ocr="off")
    assert doc.warnings == [f"{out}: page 2: no text layer: scanned page, OCR turned off"]
    assert doc.tables


def test_bad_inputs_raise_extract_error_naming_the_file(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf at all")
    with pytest.raises(ExtractError) as err:
        read_pdf_plan(junk)
    assert err.value.path == str(junk)
    with pytest.raises(ExtractError, match="timed out after"):
        read_pdf_plan(SAMPLES / "westmoor_2016_17.pdf", max_seconds=1e-9)


def test_pages_argument_reads_only_those_pages():
    doc = read_pdf_plan(SAMPLES / "kingsbridge_2023_24.pdf", pages=[3])
    assert {r.page for t in doc.tables for r in t.rows} == {3}
    assert doc.pages == 8


@pytest.mark.parametrize("stem", ["westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26"])
def test_a_single_page_read_takes_title_and_organisation_from_the_running_header(stem):
    t = truth(stem)
    doc = read_pdf_plan(SAMPLES / f"{stem}.pdf", pages=[3])
    assert (doc.title, organisation_of(doc)) == (t["title"], t["organisation"])  # whole title, no "OFFICIAL"


def test_a_single_page_read_of_a_page_without_running_header_keeps_its_section_heading():
    t = truth("harbourside_2024_26_tagged")
    doc = read_pdf_plan(SAMPLES / "harbourside_2024_26_tagged.pdf", pages=[3])
    assert doc.title == t["title"]  # from the document properties
    assert organisation_of(doc) is None  # page 3 does not name it; a lower-case "district" is no council
    assert [h.text for h in doc.headings] == ["3. A cleaner, greener district"]


@pytest.mark.parametrize("line,parts", [
    ("Kingsbridge City Council – Improvement Plan September 2023 – March 2024",
     ("Kingsbridge City Council", "Improvement Plan September 2023 – March 2024")),
    ("Improvement Plan 2016/17 – Westmoor Borough Council", ("Westmoor Borough Council", "Improvement Plan 2016/17")),
    ("Harbourside District Council", ("Harbourside District Council", None)),
    ("Draft – Delivery Plan for the district – 2024", (None, "Delivery Plan for the district")),
    ("Page 3 of 9", (None, None)),
])
def test_split_running_header(line, parts):
    from plantables.extract.pdf.plan_flow import split_running_header

    assert split_running_header(line) == parts


def test_the_tagged_sample_has_a_structure_tree_for_every_table():
    from plantables.extract.pdf.page import read_pages

    pages = list(read_pages(SAMPLES / "harbourside_2024_26_tagged.pdf"))
    assert all(p.tag_tables for p in pages)
    assert all(any(c.header for c in t.cells) for t in pages[0].tag_tables)  # TH cells
    assert not any(p.tag_tables for p in read_pages(SAMPLES / "harbourside_2024_26.pdf", [1, 2]))


def test_every_table_of_the_tagged_sample_is_read_from_its_tags():
    """LibreOffice counts a row whose content is on the next page among this page's TRs, and
    repeats the header on a continuation page as an untagged artifact: the tags still agree
    with the ruled grid, which places every tagged cell."""
    from plantables.extract.pdf import engine
    from plantables.extract.pdf.page import read_pages
    from plantables.extract.pdf.ruled import find_ruled_tables, table_edges
    from plantables.extract.pdf.settings import DEFAULT

    used = {}
    for page in read_pages(SAMPLES / "harbourside_2024_26_tagged.pdf"):
        ruled = find_ruled_tables(page, DEFAULT, table_edges(page, DEFAULT))
        used[page.number] = (len(engine._tagged_tables(page, ruled, DEFAULT)), len(page.tag_tables))
    assert all(n == total for n, total in used.values()), used


def test_title_block_ends_at_the_first_numbered_section_heading():
    from plantables.extract.pdf.plan_flow import TextLine, title_block

    def line(text: str, top: float, size: float) -> TextLine:
        return TextLine(1, text, (40.0, top, 400.0, top + size), size, True)

    first_page = [line("Eastwick Town Council", 40, 16), line("Service Improvement Plan 2021/22", 62, 14),
                  line("Section 1: Places and spaces", 90, 13)]
    title, taken = title_block(first_page, [], before=120, size=9)
    assert title == "Service Improvement Plan 2021/22"
    assert [ln.text for ln in taken] == ["Eastwick Town Council", "Service Improvement Plan 2021/22"]
    doc = Document("p.pdf", "pdf", title_lines=[ln.text for ln in taken])
    assert organisation_of(doc) == "Eastwick Town Council"


def _generated(tmp_path, family: str, seed: int) -> tuple[Document, dict]:
    """A plan the committed samples do not hold, drawn by the generator, read back."""
    from plantables.samples.generate import build_plan
    from plantables.samples.spec import make_spec

    out = build_plan(make_spec(family, seed, n_sections=4), tmp_path / f"{family}_{seed}.pdf", fmt="pdf")
    return read_pdf_plan(out), json.loads(out.with_name(out.name + ".expected.json").read_text())


def test_a_table_starting_at_the_foot_of_a_page_learns_its_columns_from_the_next_page(tmp_path):
    """Family B, seed 102: priority 2 starts with one row (2.1.1) at the foot of page 2. The
    next page's first row (2.1.2) is a new row under the same merged outcome and risk cells,
    not the rest of 2.1.1 — one row above is too few to tell, the rows below are not."""
    doc, t = _generated(tmp_path, "B", 102)
    ref = re.compile(r"^([IVX\d]+(?:\.\d+){2})\s")
    rows = action_rows(doc, "action", lambda s: (m := ref.match(s)) and m.group(1))
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        f = fields_of(table)
        assert squash(table.rows[i].text(f["action"])) == f"{a['action_ref_raw']} {a['title']}"
        _, outcome_row = covering(table, i, f["objective"])
        assert squash(outcome_row.text(f["objective"])).endswith(a["objective_text"]), a["action_ref"]
        assert squash(outcome_row.text(f["risk_ref"])).split() == a["risk_refs"], a["action_ref"]


def test_a_header_at_the_foot_of_a_page_over_only_a_theme_row_is_still_the_header(tmp_path):
    """Family B, seed 104: priority 3's table starts at the foot of page 4 with its header and a
    theme row only — no body to tell the header's styling from — and runs on over page 5."""
    doc, t = _generated(tmp_path, "B", 104)
    assert all(c.label for tb in doc.tables for c in tb.columns)
    ref = re.compile(r"^([IVX\d]+(?:\.\d+){2})\s")
    rows = action_rows(doc, "action", lambda s: (m := ref.match(s)) and m.group(1))
    assert set(rows) == {a["action_ref_raw"] for a in t["actions"]}


def test_a_merged_group_running_over_a_page_break_takes_its_capitalised_rest(tmp_path):
    """Family A, seed 106: 10.2's lead wraps over the page break as '… Family' | 'Support'.
    The group's first cell (NOS) is empty on the new page, so the whole group runs on."""
    doc, t = _generated(tmp_path, "A", 106)
    table = doc.tables[0]
    f = fields_of(table)
    rows = action_rows(doc, "ref", lambda s: s.strip() if re.fullmatch(r"\d+\.\d+", s.strip()) else None)
    for a in t["actions"]:
        row = table.rows[rows[a["action_ref_raw"]][1]]
        assert (squash(row.text(f["objective"])), squash(row.text(f["lead"]))) == (a["title"], a["lead_raw"])


def test_the_lower_case_rest_of_a_broken_row_joins_it_though_it_fills_several_columns(tmp_path):
    """Family B, seed 106: 2.1.2 and 3.2.1 break over a page; the rest fills the action,
    measures and update columns (``each month``, ``statutory support``, ``records found …``)."""
    doc, t = _generated(tmp_path, "B", 106)
    ref = re.compile(r"^([IVX\d]+(?:\.\d+){2})\s")
    rows = action_rows(doc, "action", lambda s: (m := ref.match(s)) and m.group(1))
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        f = fields_of(table)
        assert squash(table.rows[i].text(f["action"])) == f"{a['action_ref_raw']} {a['title']}"
        assert squash(table.rows[i].text(f["update"])) == (a["update_text"] or ""), a["action_ref"]


def test_a_lone_row_between_horizontal_rules_stays_one_row(tmp_path):
    """Family C, seed 102: page 2 holds the repeated header and one data row (1.10), ruled by
    horizontal lines only; its deadline wraps to a bare year ('2025'), yet the rules bound one row."""
    doc, t = _generated(tmp_path, "C", 102)
    rows = action_rows(doc, "ref", lambda s: s.strip() or None)
    for a in t["actions"]:
        table, i = rows[a["action_ref_raw"]]
        assert squash(table.rows[i].text(fields_of(table)["action"])) == a["title"], a["action_ref"]
