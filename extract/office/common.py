"""What the office readers share beyond the grid: the organisation and title from a file's own labels."""

from __future__ import annotations

from plantables.vocabulary.organisation import split_running_header


def organisation_and_title(titles: list[str], running: list[str], core_title: str | None) -> tuple[str | None, str | None]:
    """``(title, organisation)`` from title lines, running headers/footers and the file's title property.

    The same reading as the PDF reader's (:func:`split_running_header`): a line
    naming a public body is the organisation, the rest of a running header
    (``Organisation – Title``) the title. The organisation here only keeps such a line
    out of the title; the interpreter decides it (:mod:`plantables.normalise.organisation`)
    from ``Document.title_lines`` and ``Document.running``, which the readers fill.
    """
    title = organisation = None
    # a running header names both plainly ("Organisation – Title"): it speaks first
    for text in running:
        org, rest = split_running_header(text)
        organisation = organisation or org
        title = title or rest
    for text in titles:
        org, rest = split_running_header(text)
        if org and organisation is None:
            organisation = org
            title = title or rest
        elif title is None and text != organisation:
            title = text
    return title or core_title, organisation
