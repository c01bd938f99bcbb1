"""Build the randomised layout corpus: ``python -m plantables.samples.layouts.build --out DIR --n N``.

Seed ``k`` (``--start`` … ``--start + n - 1``) draws one layout
(:func:`~plantables.samples.layouts.spec.draw_layout`), which names its
producer. ``docx``/``xlsx``/``html`` layouts are written in their source
format (kept, with the same ground truth) and printed to PDF by LibreOffice
Writer / Calc (batched) or headless Chromium; ``reportlab`` layouts are drawn
to PDF directly. Each file gets ``FILE.expected.json``
(:mod:`~plantables.samples.layouts.truth`). Every PDF is checked against its
truth: each word of each truth cell must be on its pages.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from plantables.samples.layouts.compose import compose
from plantables.samples.layouts.spec import LayoutSpec, draw_layout
from plantables.samples.layouts.truth import write_truth

SOURCE_SUFFIX = {"docx": ".docx", "xlsx": ".xlsx", "html": ".html"}


def freeze_zip(path: Path) -> None:
    """Rewrite an Office file with fixed member times and document dates, so the same seed
    gives the same bytes (python-docx and openpyxl stamp the time of saving)."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def render_source(spec: LayoutSpec, outdir: Path) -> Path:
    """Write the layout in its producer's own format (PDF for reportlab); return the file."""
    doc = compose(spec)
    if spec.producer == "reportlab":
        from plantables.samples.layouts.render_reportlab import render_reportlab

        out = outdir / f"{spec.name}.pdf"
        render_reportlab(doc, out)
        return out
    out = outdir / f"{spec.name}{SOURCE_SUFFIX[spec.producer]}"
    if spec.producer == "docx":
        from plantables.samples.layouts.render_docx import render_docx

        render_docx(doc, out)
        freeze_zip(out)
    elif spec.producer == "xlsx":
        from plantables.samples.layouts.render_xlsx import render_xlsx

        render_xlsx(doc, out)
        freeze_zip(out)
    else:
        from plantables.samples.layouts.render_html import render_html

        render_html(doc, out)
    return out


def pdf_text(path: Path) -> str:
    """The text printed on a PDF's pages, casefolded: poppler's ``pdftotext -layout`` (no
    joining across lines; pdfium's text splits words that Chromium positions glyph by glyph),
    else pdfium's."""
    exe = shutil.which("pdftotext")
    if exe:
        return subprocess.run([exe, "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout.casefold()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return " ".join(page.get_textpage().get_text_range() for page in pdf).casefold()
    finally:
        pdf.close()


def missing_words(truth: dict, text: str) -> list[str]:
    """Words of the truth's cells that the PDF's ``text`` does not print (should be none): a word
    broken inside by a narrow column, cut off by a cell's height, or never drawn."""
    words = set(re.findall(r"\w+", text))
    lost = []
    for a in truth["actions"]:
        for head, cell_text in a["cells"].items():
            lost += [f"{a['action_ref']} {head}: {w}" for w in re.findall(r"\w+", cell_text.casefold())
                     if w not in words]
    return lost


def build(outdir: Path, seeds: list[int], producers: set[str] | None = None) -> list[Path]:
    """Render ``seeds`` into ``outdir``; return every corpus file written (truth files excluded)."""
    from plantables.samples.layouts.convert import chromium_to_pdf, pdf_pages, soffice_to_pdf

    outdir.mkdir(parents=True, exist_ok=True)
    specs = [draw_layout(s) for s in seeds]
    specs = [s for s in specs if producers is None or s.producer in producers]
    sources = {s.name: render_source(s, outdir) for s in specs}
    office = [sources[s.name] for s in specs if s.producer in ("docx", "xlsx")]
    if office:
        soffice_to_pdf(office, outdir)
    web = [sources[s.name] for s in specs if s.producer == "html"]
    if web:
        chromium_to_pdf(web, outdir)
    written = []
    for spec in specs:
        pdf = outdir / f"{spec.name}.pdf"
        pages = pdf_pages(pdf)
        truth_file = write_truth(spec, pdf, pages)
        written.append(pdf)
        if spec.producer != "reportlab":
            write_truth(spec, sources[spec.name], None)
            written.append(sources[spec.name])
        lost = missing_words(json.loads(truth_file.read_text(encoding="utf-8")), pdf_text(pdf))
        if lost:
            print(f"{pdf.name}: {len(lost)} truth words not printed, e.g. {lost[:3]}", file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("--producers", nargs="*", help="only these producers (docx, xlsx, html, reportlab)")
    args = ap.parse_args(argv)
    files = build(args.out, list(range(args.start, args.start + args.n)),
                  set(args.producers) if args.producers else None)
    print(f"{len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
