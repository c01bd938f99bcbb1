"""``plantables tables``: the JSON contract, CSV/HTML output and errors, on real peer PDFs."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from click.testing import CliRunner

from plantables.cli import cli

TRANSPORT = "tabula/Publication_of_award_of_Bids_for_Transport_Sector__August_2016.pdf"
COLOUR = re.compile(r"^#[0-9A-F]{6}$")
CELL_KEYS = {"row", "col", "row_span", "col_span", "text", "page", "bbox", "fill", "header"}


def run(*args: str):
    return CliRunner().invoke(cli, ["tables", *args], catch_exceptions=False)


def check_contract(doc: dict, name: str, page_sizes: dict[int, tuple[float, float]]) -> None:
    """Schema-ish checks of the JSON contract, and that cells tile their table without overlap."""
    assert doc["file"] == name and isinstance(doc["tables"], list) and isinstance(doc["warnings"], list)
    for table in doc["tables"]:
        assert table["pages"] == sorted(set(table["pages"])) and table["pages"]
        n_rows, n_cols = table["rows"], table["cols"]
        taken: set[tuple[int, int]] = set()
        for cell in table["cells"]:
            assert set(cell) >= CELL_KEYS
            assert isinstance(cell["text"], str) and isinstance(cell["header"], bool)
            assert cell["fill"] is None or COLOUR.match(cell["fill"])
            assert cell["page"] in table["pages"]
            x0, top, x1, bottom = cell["bbox"]
            width, height = page_sizes[cell["page"]]
            assert 0 <= x0 < x1 <= width + 1 and 0 <= top < bottom <= height + 1
            assert cell["row"] + cell["row_span"] <= n_rows and cell["col"] + cell["col_span"] <= n_cols
            slots = {(r, c) for r in range(cell["row"], cell["row"] + cell["row_span"])
                     for c in range(cell["col"], cell["col"] + cell["col_span"])}
            assert not slots & taken, cell
            taken |= slots


def page_sizes(path: Path) -> dict[int, tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return {i + 1: tuple(pdf.get_page_size(i)) for i in range(len(pdf))}
    finally:
        pdf.close()


def test_json_contract_with_merged_cells(peers_dir: Path):
    path = peers_dir / "camelot" / "row_span_1.pdf"
    result = run(str(path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    check_contract(doc, "row_span_1.pdf", page_sizes(path))
    (table,) = doc["tables"]
    gmc = next(c for c in table["cells"] if c["text"] == "GMC")
    assert (gmc["row"], gmc["col"], gmc["row_span"], gmc["col_span"]) == (1, 0, 10, 1)
    assert all(c["header"] for c in table["cells"] if c["row"] == 0)
    assert not any(c["header"] for c in table["cells"] if c["row"] > 0)


def test_json_of_a_table_over_five_pages_keeps_counting_rows(peers_dir: Path):
    path = peers_dir / TRANSPORT
    doc = json.loads(run(str(path)).stdout)
    check_contract(doc, path.name, page_sizes(path))
    (table,) = doc["tables"]
    assert table["pages"] == [1, 2, 3, 4, 5]
    last_row_on = {}
    for cell in table["cells"]:
        last_row_on[cell["page"]] = max(last_row_on.get(cell["page"], -1), cell["row"])
    first_row_on = {p: min(c["row"] for c in table["cells"] if c["page"] == p) for p in table["pages"]}
    for page in table["pages"][1:]:
        assert first_row_on[page] > last_row_on[page - 1]
    assert sum(c["header"] for c in table["cells"]) == table["cols"], "one header row"


def test_no_stitch_and_pages_options(peers_dir: Path):
    path = peers_dir / TRANSPORT
    per_page = json.loads(run(str(path), "--no-stitch").stdout)["tables"]
    assert [t["pages"] for t in per_page] == [[1], [2], [3], [4], [5]]
    some = json.loads(run(str(path), "--pages", "2,4-5").stdout)["tables"]
    assert [t["pages"] for t in some] == [[2], [4, 5]]


def test_csv_files_with_and_without_filled_merged_cells(peers_dir: Path, tmp_path: Path):
    path = peers_dir / "camelot" / "row_span_1.pdf"
    result = run(str(path), "--format", "csv", "--out", str(tmp_path / "plain"))
    assert result.exit_code == 0
    (plain,) = (tmp_path / "plain").glob("*.csv")
    assert plain.name == "row_span_1-table-1.csv"
    rows = list(csv.reader(plain.open(encoding="utf-8")))
    assert rows[1][0] == "GMC" and rows[2][0] == ""
    run(str(path), "--format", "csv", "--fill-merged", "--out", str(tmp_path / "filled"))
    filled = list(csv.reader(next((tmp_path / "filled").glob("*.csv")).open(encoding="utf-8")))
    assert [r[0] for r in filled[1:11]] == ["GMC"] * 10
    # the Totals column has no merged cells: the same either way; "Total ... Enrollment"
    # labels span two columns
    assert len(filled) == len(rows) and [r[3] for r in filled] == [r[3] for r in rows]
    spanning = [r for r in filled if r[1].startswith("Total") and r[1] == r[2]]
    assert spanning and all(p[2] == "" for p, f in zip(rows, filled) if f in spanning)


def test_html_has_spans_header_cells_and_fills(peers_dir: Path):
    result = run(str(peers_dir / "pdfplumber" / "word365_structure.pdf"), "--format", "html")
    assert result.exit_code == 0
    assert "<th" in result.stdout and 'style="background:#4472C4"' in result.stdout
    spans = run(str(peers_dir / "camelot" / "row_span_1.pdf"), "--format", "html").stdout
    assert '<td rowspan="10">GMC</td>' in spans


def test_engines_are_selectable(peers_dir: Path):
    path = peers_dir / "camelot" / "row_span_1.pdf"
    ours = json.loads(run(str(path)).stdout)["tables"][0]
    plumber = json.loads(run(str(path), "--engine", "pdfplumber").stdout)["tables"][0]
    assert [c["text"] for c in ours["cells"]] == [c["text"] for c in plumber["cells"]]
    lattice = json.loads(run(str(path), "--engine", "camelot-lattice").stdout)["tables"]
    assert lattice and lattice[0]["cells"][0]["text"] == "Plan Type"


def test_errors_are_one_line_naming_the_file(peers_dir: Path, tmp_path: Path):
    path = peers_dir / "camelot" / "health_protected.pdf"
    result = CliRunner().invoke(cli, ["tables", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}: encrypted PDF: a password is needed (--password)"
    assert run(str(path), "--password", "userpass").exit_code == 0
    bad = CliRunner().invoke(cli, ["tables", str(peers_dir / TRANSPORT), "--pages", "5-2"])
    assert bad.exit_code == 2 and "runs backwards" in bad.output and bad.output.count("\n") == 1  # usage
    missing = CliRunner().invoke(cli, ["tables", str(tmp_path / "nope.pdf")])
    assert missing.exit_code == 1 and "file not found" in missing.output


def test_scanned_page_is_a_warning_on_stderr_and_in_the_json(peers_dir: Path):
    path = peers_dir / "camelot" / "image.pdf"
    result = CliRunner().invoke(cli, ["tables", str(path), "--ocr-engine", "off"])
    assert result.exit_code == 0
    message = f"{path}: page 1: no text layer: scanned page, OCR turned off"
    assert json.loads(result.stdout) == {"file": "image.pdf", "tables": [], "warnings": [message]}
    assert f"warning: {message}" in result.stderr
