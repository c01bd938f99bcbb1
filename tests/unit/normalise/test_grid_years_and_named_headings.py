"""A month under a financial-year group, a row that prints its kind, a heading naming the organisation."""

from __future__ import annotations

from plantables.extract.model import Column, Document, Heading, Table
from plantables.normalise.plan import Context, grid_label
from plantables.normalise.titleblock import mark_named_headings, mark_title_block
from plantables.vocabulary.headings import classify_heading


def test_a_month_under_a_financial_year_takes_that_year():
    assert grid_label(Column(3, "Apr", "2025/26")) == "Apr 2025"
    assert grid_label(Column(12, "Jan", "2025/26")) == "Jan 2026"
    assert grid_label(Column(3, "Q1", "2025/26")) == "Q1 2025/26"  # quarters keep the financial year
    assert grid_label(Column(3, "Apr", "2022")) == "Apr 2022"


def test_a_labelled_objective_with_a_one_level_number_stays_an_objective():
    ctx = Context()
    ctx.apply(classify_heading("Objective 1: Answer more contacts first time", in_table=True), in_table=True)
    assert ctx.section is None and ctx.objective is not None and ctx.objective.ref == "1"
    ctx = Context()
    ctx.apply(classify_heading("1. Digital services", in_table=True), in_table=True)
    assert ctx.section is not None and ctx.section.ref == "1"  # a numbered name: a section


def test_a_heading_naming_the_organisation_is_no_section():
    doc = Document("x.pdf", "pdf", [Heading("Kingsmead Council: Customer Experience Plan", "section", 1),
                                    Heading("Customer contact", "section", 1)])
    mark_named_headings(doc, "Kingsmead Council")
    assert [b.kind for b in doc.blocks] == ["title", "section"]


def test_each_sheet_opens_with_its_own_title_block():
    t1, t2 = (Table([Column(0, "Ref")]) for _ in range(2))
    doc = Document("x.xlsx", "xlsx", [Heading("Guidance", "sheet", 0), Heading("How to read this plan", "section", 1),
                                      t1, Heading("Plan", "sheet", 0), Heading("Customer Plan 2025", "section", 1), t2])
    mark_title_block(doc)
    assert doc.blocks[4].kind == "title"
