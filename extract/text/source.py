"""Flattened text exports → decoded lines of tab-separated cells with page numbers.

A flattened export writes one table row per line, cells separated by tabs,
and a blank line (or a form feed) where a page ended. Page numbers are
inferred from those breaks: a blank line after a tabbed row, or a form feed,
starts a new page; blank lines between paragraphs do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plantables.extract.model import ExtractError
from plantables.vocabulary.markup import is_form_control, strip_markup

_TEXT_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class SourceLine:
    """One non-blank line of the export."""

    no: int  # 1-based line number in the file
    raw: str
    cells: list[str]  # plain text per tab-separated cell, trailing empty cells dropped
    page: int
    chunk: int  # index of the blank-line-separated run of lines the line is in
    after_break: bool = False  # first line after a page break
    raw_cells: list[str] = field(default_factory=list)

    @property
    def filled(self) -> list[tuple[int, str]]:
        """``(position, text)`` of the non-empty cells."""
        return [(i, c) for i, c in enumerate(self.cells) if c]

    @property
    def is_paragraph(self) -> bool:
        """Only the first cell holds text (a paragraph, or a full-width row)."""
        f = self.filled
        return len(f) == 1 and f[0][0] == 0


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Bytes → text: ``encoding`` if given, else UTF-8, else cp1252.

    Raises :class:`ExtractError` for an empty file or binary content.
    """
    from plantables.extract.sniff import bom_encoding, looks_like_text

    if not data.strip():
        raise ExtractError(path, "is empty")
    encoding = encoding or bom_encoding(data)
    if encoding:  # a wide encoding (UTF-16) has NUL bytes: judge the decoded text instead
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ExtractError(path, f"cannot be decoded as {encoding} ({exc.__class__.__name__})") from None
        if not looks_like_text(text[:65536].encode("utf-8", "replace")):
            raise ExtractError(path, f"is binary data, not a text export (read as {encoding})")
        return text
    if not looks_like_text(data[:65536]):
        raise ExtractError(path, "is binary data, not a text export")
    for enc in _TEXT_ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")  # pragma: no cover - cp1252 maps almost every byte


def split_cells(line: str) -> list[str]:
    """Tab-separated cells as plain text; form controls count as empty; trailing empties dropped."""
    cells = ["" if is_form_control(c) else strip_markup(c) for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def source_lines(text: str) -> list[SourceLine]:
    """The non-blank lines of an export with inferred page numbers and chunk indexes."""
    out: list[SourceLine] = []
    page, chunk = 1, 0
    gap = False  # blank line(s) seen since the last line
    page_break = False
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            page_break = True
            raw = raw.replace("\f", "")
        if not raw.strip():
            gap = True
            continue
        after = False
        if out and (page_break or (gap and "\t" in out[-1].raw)):
            page += 1
            after = True
        if out and (gap or page_break):
            chunk += 1
        gap = page_break = False
        out.append(SourceLine(no, raw, split_cells(raw), page, chunk, after, raw.split("\t")))
    return out


def read_lines(path: str | Path, encoding: str | None = None) -> tuple[str, list[SourceLine]]:
    """Read and decode a file; returns the decoded text and its lines."""
    p = str(path)
    try:
        data = Path(p).read_bytes()
    except IsADirectoryError:
        raise ExtractError(p, "is a directory") from None
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror or exc})") from None
    text = decode(data, p, encoding)
    return text, source_lines(text)
