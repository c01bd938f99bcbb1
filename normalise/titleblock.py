"""The document's title block, read the same way whatever the format.

The PDF reader marks the lines opening page one (organisation, plan name, a date line) as the
title block (``Heading.kind == "title"``) from their place on the page. Word's heading styles,
HTML's ``h1``/``h2`` and a workbook's title rows reach the interpreter as section headings, and
an unnumbered short section heading names a section of its own: the plan's name would head
every action. :func:`mark_title_block` reads the opening of any document as the PDF reader does.
"""

from __future__ import annotations

from plantables.extract.model import Document, Heading, Table
from plantables.vocabulary.headings import classify_heading


def mark_title_block(doc: Document) -> None:
    """The headings opening ``doc`` — before its first table or body paragraph, none numbered or
    worded as a plan heading (``Priority 2``, ``1.3 …``, ``Objective …``) — are its title block
    (in place). A heading of the same kind and level seen again after a table opens a series of
    sections instead (one heading per table), and stays a section."""
    opening: list[Heading] = []
    for block in doc.blocks:
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
    for block in doc.blocks:
        seen_table = seen_table or isinstance(block, Table)
        if seen_table and isinstance(block, Heading):
            later.add((block.kind, block.level))
    for heading in opening:
        if (heading.kind, heading.level) not in later:
            heading.kind = "title"
