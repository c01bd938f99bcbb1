"""Readers for office formats: Word, Excel, web pages, and (through LibreOffice) OpenDocument and legacy files.

One module per format, one interface: ``read_<format>(path) -> Document``
(:class:`~plantables.extract.model.Document`, the model every reader emits),
registered in the one dispatcher (:data:`plantables.extract.sniff.READERS`).
The format comes from the content (:mod:`.container`), never the name.
The readers report format facts only — spans, header marks, fills, bold and
italic runs, headings with their level, the organisation and title the file
names — and decide nothing about what a column means.

Nothing here is imported on the PDF path: python-docx, openpyxl and lxml are
loaded by the reader that needs them, on first use.
"""

from __future__ import annotations

from plantables.extract.model import Document


def read_docx(path: str) -> Document:
    from plantables.extract.office.docx import read_docx as read

    return read(path)


def read_xlsx(path: str) -> Document:
    from plantables.extract.office.xlsx import read_xlsx as read

    return read(path)


def read_html(path: str) -> Document:
    from plantables.extract.office.html import read_html as read

    return read(path)


def read_converted(path: str, kind: str) -> Document:
    """An OpenDocument/legacy file converted by LibreOffice, then read as Word or Excel."""
    from plantables.extract.office.convert import TARGET, converted

    with converted(path, kind) as tmp:
        if TARGET[kind] == "docx":
            from plantables.extract.office.docx import read_docx as read
        else:
            from plantables.extract.office.xlsx import read_xlsx as read
        return read(tmp, fmt=kind, source=path)


def read_odt(path: str) -> Document:
    return read_converted(path, "odt")


def read_ods(path: str) -> Document:
    return read_converted(path, "ods")


def read_doc(path: str) -> Document:
    return read_converted(path, "doc")


def read_xls(path: str) -> Document:
    return read_converted(path, "xls")


def read_rtf(path: str) -> Document:
    return read_converted(path, "rtf")
