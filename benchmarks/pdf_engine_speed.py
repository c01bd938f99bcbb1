"""Pages per second of table extraction: plantables (pdfium pages) vs pdfplumber vs camelot lattice.

    .venv/bin/python benchmarks/pdf_engine_speed.py [--peers ../shared/peers]

Same PDFs, same pages, one run each, printed as pages/s per tool and file.
Also times plantables' page reading alone (pypdfium2) against pdfplumber's
parsing alone, the step that dominates pdfplumber's time.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = [
    "pdfplumber/WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
    "pdfplumber/nics-background-checks-2015-11.pdf",
    "tabula/Publication_of_award_of_Bids_for_Transport_Sector__August_2016.pdf",
    "tabula/spanning_cells.pdf",
    "camelot/row_span_1.pdf",
    "camelot/column_span_2.pdf",
    "camelot/background_lines_1.pdf",
    "icdar2013/competition-dataset-eu/eu-004.pdf",
    "icdar2013/competition-dataset-us/us-017.pdf",
]


def n_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def plantables_tables(path: Path) -> int:
    from plantables.extract.pdf.engine import extract_tables

    return len(extract_tables(path, stitch=False))


def pdfplumber_tables(path: Path) -> int:
    import pdfplumber

    found = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            found += len(page.extract_tables())
            page.close()
    return found


def camelot_lattice_tables(path: Path) -> int:
    import camelot

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    return camelot.read_pdf(str(path), pages="1-end", flavor="lattice", suppress_stdout=True).n


def plantables_pages_only(path: Path) -> int:
    from plantables.extract.pdf.page import read_pages

    return sum(1 for _ in read_pages(path, with_tags=False))


def pdfplumber_pages_only(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.rects, page.lines, page.curves  # pdfplumber parses the page when asked
            page.close()
        return len(pdf.pages)


TOOLS = {
    "plantables extract_tables": plantables_tables,
    "pdfplumber extract_tables": pdfplumber_tables,
    "camelot lattice": camelot_lattice_tables,
    "plantables read_pages": plantables_pages_only,
    "pdfplumber page parsing": pdfplumber_pages_only,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, default=REPO.parent / "shared" / "peers")
    parser.add_argument("--tools", default=",".join(TOOLS))
    args = parser.parse_args(argv)
    files = [args.peers / f for f in FILES if (args.peers / f).exists()]
    if not files:
        parser.error(f"no peer PDFs under {args.peers}")
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    pages = {f: n_pages(f) for f in files}
    total_pages = sum(pages.values())
    print(f"{len(files)} files, {total_pages} pages\n")
    print(f"{'file':<58} {'pages':>5}  " + "  ".join(f"{t[:18]:>18}" for t in tools))
    totals = {t: 0.0 for t in tools}
    for f in files:
        cells = []
        for tool in tools:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                TOOLS[tool](f)
                took = time.perf_counter() - start
            totals[tool] += took
            cells.append(f"{pages[f] / took:>14.1f} p/s")
        print(f"{f.name[:58]:<58} {pages[f]:>5}  " + "  ".join(cells))
    print()
    for tool in tools:
        print(f"{tool:<28} {total_pages / totals[tool]:7.1f} pages/s  ({totals[tool]:.2f} s for {total_pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
