"""The document's title block, read the same way whatever the format.

The PDF reader marks the lines opening page one (organisation, plan name, a date line) as the
title block (``Heading.kind == "title"``) from their place on the page. Word's heading styles,
HTML's ``h1``/``h2`` and a workbook's title rows reach the interpreter as section headings, and
an unnumbered short section heading names a section of its own: the plan's name would head
every action. :func:`mark_title_block` reads the opening of any document, and of each sheet of
a workbook, as the PDF reader reads page one.
"""

from __future__ import annotations

import re

from plantables.extract.model import Block, Document, Heading, Table
from plantables.vocabulary.fields import match_field
from plantables.vocabulary.headings import classify_heading


def mark_title_block(doc: Document) -> None:
    """The headings opening ``doc`` or one of its sheets — before the first table or body
    paragraph, none numbered or worded as a plan heading (``Priority 2``, ``1.3 …``, ``Objective
    …``) — are its title block (in place). A heading of the same kind and level seen again after
    a table there opens a series of sections instead (one heading per table), and stays a section."""
    starts = [0] + [i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.kind == "sheet"]
    ends = starts[1:] + [len(doc.blocks)]
    for start, end in zip(starts, ends):
        _mark_opening(doc.blocks[start:end])
    _mark_title_heading(doc)


def _mark_title_heading(doc: Document) -> None:
    """A heading before the first table that is the document's title as its reader found it (the
    largest line of page one) is its title, printed under a line of smaller print (the
    organisation's name, a body paragraph by its size) that ended the opening above."""
    title = " ".join((doc.title or "").split())
    if not title:
        return
    for block in doc.blocks:
        if isinstance(block, Table):
            return
        if block.kind not in ("sheet", "title", "text") and " ".join(block.text.split()) == title \
                and classify_heading(block.text).kind == "text":
            block.kind = "title"


def _mark_opening(blocks: list[Block]) -> None:
    opening: list[Heading] = []
    for block in blocks:
        if isinstance(block, Table) or block.kind == "text":
            break
        if block.kind in ("sheet", "title"):
            continue
        if classify_heading(block.text).kind != "text":
            break
        opening.append(block)
    if not opening:
        return
    later: set[tuple[str, int]] = set()
    seen_table = False
    for block in blocks:
        seen_table = seen_table or isinstance(block, Table)
        if seen_table and isinstance(block, Heading):
            later.add((block.kind, block.level))
    for heading in opening:
        if (heading.kind, heading.level) not in later:
            heading.kind = "title"


def mark_named_headings(doc: Document, organisation: str | None) -> None:
    """An unnumbered heading that names the organisation (``Kingsmead Council: Customer Experience
    Plan`` over a workbook's second sheet or a later page) is the plan's title printed again, not
    a section of it (in place): a section names a part of the plan, never whose plan it is."""
    org = " ".join((organisation or "").split()).casefold()
    if len(org.split()) < 2:
        return
    for block in doc.blocks:
        if isinstance(block, Heading) and block.kind not in ("sheet", "title", "text") \
                and org in " ".join(block.text.split()).casefold() and classify_heading(block.text).kind == "text":
            block.kind = "title"


#: a heading naming a plan as a whole ('Action plan', 'Appendix A - Delivery Plan 2025/26')
_PLAN_NAME = re.compile(r"\bplan(?:\s+(?:19|20)\d\d(?:\s*[-–/]\s*\d{2,4})?)?\s*$", re.IGNORECASE)


def mark_plan_name_heading(doc: Document) -> None:
    """The one unnumbered heading in a document that names a plan (``Action plan``, ``Appendix A -
    Action plan`` over the plan table of a report) names the table, not a section of it (in place).
    Several such headings over tables (``Housing action plan``, ``Transport action plan``) part one
    document into its plans: they stay sections."""
    named = [b for b in doc.blocks if isinstance(b, Heading) and b.kind not in ("sheet", "title", "text")
             and _names_the_plan(" ".join(b.text.split())) and classify_heading(b.text).kind == "text"]
    if len(named) == 1:
        named[0].kind = "title"


def _names_the_plan(text: str) -> bool:
    """'Action plan', 'Delivery Plan 2025/26'; or the actions' own column label as a heading over
    them ('What we will do', 'Key actions'): what the table is, not a part of the plan."""
    if _PLAN_NAME.search(text):
        return True
    m = match_field(text)
    return m.field == "action" and m.score >= 100.0 and len(text.split()) >= 2
