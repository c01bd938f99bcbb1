"""Regenerate the sample plans in ``samples/`` (or build one plan, as a library).

Usage::

    python samples/generate.py            # rewrite every committed sample
    python samples/generate.py --out DIR  # write them somewhere else

Library use (the benchmark builds a large corpus this way)::

    from plantables.samples.generate import build_plan
    from plantables.samples.spec import make_spec
    build_plan(make_spec("B", seed=7, n_sections=6), "out/plan_b_7.pdf", fmt="pdf")

Everything is drawn from seeds, so the output is the same on every run.
Formats: ``pdf`` (reportlab, untagged), ``text`` (flattened, tab-separated),
``layout-text`` (``pdftotext -layout`` of the PDF; needs poppler-utils) and
``tagged-pdf`` (Word-like document converted by LibreOffice with tags; needs
LibreOffice, see :mod:`plantables.samples.office`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from plantables.samples.families import blocks_for, page_size
from plantables.samples.layout import Line, PageLayout, PageSetup, layout
from plantables.samples.render_pdf import draw_pdf
from plantables.samples.spec import PlanSpec, make_spec
from plantables.samples.text_export import export_text
from plantables.samples.truth import write_truth

FORMATS = ("pdf", "text", "layout-text", "tagged-pdf", "docx", "xlsx", "html", "odt", "doc")
#: office formats, written under ``samples/formats/`` (one plan in several formats; ``make run`` imports
#: the distinct plans at the top of ``samples/`` only)
OFFICE_FORMATS = ("docx", "xlsx", "html")
#: the plans also converted by LibreOffice from their ``.docx``: (file stem, format)
CONVERTED_SAMPLES = (("harbourside_2024_26", "odt"), ("westmoor_2016_17", "doc"))

#: The committed samples: (file stem, family, seed, sections).
SAMPLES = (
    ("westmoor_2016_17", "A", 11, 7),
    ("kingsbridge_2023_24", "B", 23, 4),
    ("harbourside_2024_26", "C", 31, 7),
)
#: The tagged sample, made by LibreOffice: (file stem, family, seed, sections).
TAGGED_SAMPLE = ("harbourside_2024_26_tagged", "C", 31, 8)


def _title_lines(spec: PlanSpec, setup: PageSetup) -> list[Line]:
    m = setup.margin
    return [
        Line(spec.organisation, m, setup.top, 14, True, -10),
        Line(spec.title, m, setup.top + 20, 12, True, -11),
        Line("Version 4 – last updated by the improvement programme office", m, setup.top + 38, 8, False, -12),
    ]


def _running(pages: list[PageLayout], spec: PlanSpec, setup: PageSetup) -> None:
    """The running header and footer Word repeats on every page."""
    for p in pages:
        p.running = [
            Line(f"{spec.organisation} – {spec.title}", setup.margin, 18, 7),
            Line("OFFICIAL", setup.width - setup.margin - 32, 18, 7, True),
            Line(f"Page {p.number} of {len(pages)}", setup.width / 2 - 20, setup.height - 28, 7),
        ]


def lay_out(spec: PlanSpec) -> tuple[list[PageLayout], list, PageSetup]:
    w, h = page_size(spec)
    setup = PageSetup(w, h)
    blocks = blocks_for(spec)
    pages = layout(blocks, setup, _title_lines(spec, setup))
    _running(pages, spec, setup)
    return pages, blocks, setup


def build_plan(spec: PlanSpec | str, out_path: str | Path, *, fmt: str = "pdf", seed: int = 1,
               n_sections: int = 4, truth: bool = True) -> Path:
    """Render one plan to ``out_path`` in ``fmt``; write its ground truth beside it.

    ``spec`` is a :class:`PlanSpec` or a layout family letter (then drawn from
    ``seed`` with ``n_sections`` sections). Returns the path written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    if isinstance(spec, str):
        spec = make_spec(spec, seed, name=Path(out_path).name.split(".")[0], n_sections=n_sections)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages_n: int | None = None
    if fmt == "tagged-pdf":
        from plantables.samples.office import build_tagged_pdf

        pages_n = build_tagged_pdf(spec, out)
    elif fmt in OFFICE_FORMATS:
        from plantables.samples import office_formats

        getattr(office_formats, f"build_{fmt}")(spec, out)
    elif fmt in ("odt", "doc"):
        import tempfile

        from plantables.samples.office_formats import build_docx, convert_with_soffice

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"{out.name.split('.')[0]}.docx"
            build_docx(spec, src)
            convert_with_soffice(src, fmt, out)
    else:
        pages, blocks, setup = lay_out(spec)
        if fmt == "pdf":
            draw_pdf(pages, out, title=spec.title, author=spec.organisation)
            pages_n = len(pages)
        elif fmt == "text":
            out.write_text(export_text(pages, blocks, setup.margin), encoding="utf-8")
        else:
            _layout_text(pages, spec, out)
    if truth:
        write_truth(spec, out, "pdf" if fmt.endswith("pdf") else fmt, pages_n)
    return out


def _layout_text(pages: list[PageLayout], spec: PlanSpec, out: Path) -> None:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("pdftotext not found: install poppler-utils to make layout-text samples")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "plan.pdf"
        draw_pdf(pages, pdf, title=spec.title, author=spec.organisation)
        subprocess.run([exe, "-layout", "-enc", "UTF-8", str(pdf), str(out)], check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--no-office", action="store_true", help="skip the LibreOffice (tagged) sample")
    args = ap.parse_args(argv)
    for stem, family, seed, n_sections in SAMPLES:
        spec = make_spec(family, seed, name=stem, n_sections=n_sections)
        for fmt, suffix in (("pdf", ".pdf"), ("text", ".txt"), ("layout-text", ".layout.txt")):
            path = build_plan(spec, args.out / f"{stem}{suffix}", fmt=fmt)
            print(f"wrote {path}")
    formats = args.out / "formats"
    for stem, family, seed, n_sections in SAMPLES:
        spec = make_spec(family, seed, name=stem, n_sections=n_sections)
        for fmt in OFFICE_FORMATS:
            print(f"wrote {build_plan(spec, formats / f'{stem}.{fmt}', fmt=fmt)}")
    stem, family, seed, n_sections = TAGGED_SAMPLE
    if args.no_office or not (shutil.which("soffice") or shutil.which("libreoffice")):
        print(f"skipped {stem}.pdf (needs LibreOffice)")
    else:
        spec = make_spec(family, seed, name=stem, n_sections=n_sections)
        print(f"wrote {build_plan(spec, args.out / f'{stem}.pdf', fmt='tagged-pdf')}")
        by_stem = {s[0]: s for s in SAMPLES}
        for stem, fmt in CONVERTED_SAMPLES:
            _, family, seed, n_sections = by_stem[stem]
            spec = make_spec(family, seed, name=stem, n_sections=n_sections)
            print(f"wrote {build_plan(spec, formats / f'{stem}.{fmt}', fmt=fmt)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
