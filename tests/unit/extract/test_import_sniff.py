"""Format sniffing: by content, not by name; junk is a one-line ExtractError."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.model import ExtractError
from plantables.extract.sniff import read_document, sniff

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "bad"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
    ],
)
def test_junk_is_refused_with_file_and_reason(name, reason):
    with pytest.raises(ExtractError) as err:
        sniff(BAD / name)
    assert err.value.path.endswith(name)
    assert reason in err.value.reason
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name, kind", [("truncated.pdf", "pdf"), ("encrypted.pdf", "pdf"),
                                        ("cp1252.txt", "text"), ("big_plan.txt", "text"),
                                        ("html_renamed.pdf", "html"), ("docx_renamed.pdf", "docx")])
def test_kind_comes_from_content(name, kind, tmp_path):
    assert sniff(BAD / name) == kind
    renamed = tmp_path / ("x.bin")
    renamed.write_bytes((BAD / name).read_bytes())
    assert sniff(renamed) == kind


def test_a_web_page_or_word_file_under_a_pdf_name_is_read_as_what_it_is_and_fails_plainly():
    # the page's only table is a header (no plan in it); the "docx" has no package relationships
    with pytest.raises(ExtractError, match="not a readable Word document") as err:
        read_document(BAD / "docx_renamed.pdf")
    assert "\n" not in str(err.value)
    doc = read_document(BAD / "html_renamed.pdf")
    assert doc.format == "html" and [c.text for c in doc.tables[0].rows[0].cells] == ["Ref", "Action"]


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ExtractError, match="cannot be read"):
        sniff(tmp_path / "nope.txt")
    with pytest.raises(ExtractError, match="directory"):
        read_document(tmp_path)


def test_seeds_are_text(torbay_seed, plymouth_seed):
    assert sniff(torbay_seed) == "text"
    assert sniff(plymouth_seed) == "text"
