"""Accuracy through producers the corpus is not made with: the corpus's HTML plans printed again.

The layout corpus prints its HTML sources with headless Chromium only. This
prints the same sources with other HTML-to-PDF engines, each with its own page
breaking, table painting and text placement, and scores the result against the
same ground truth (the Chromium PDF's ``expected.json``): a stand-in for plans
printed by software nobody here writes for.

* ``wkhtmltopdf`` (Qt WebKit; Debian package ``wkhtmltopdf``)
* ``weasyprint`` (its own layout and PDF writer; ``pip install weasyprint``)

    .venv/bin/python benchmarks/other_producers.py --corpus DIR --out OUTDIR [--producers wkhtmltopdf weasyprint]

``DIR`` is a corpus made by ``python -m plantables.samples.layouts.build``
(fresh seeds are the honest measure); each producer's PDFs go to
``OUTDIR/PRODUCER`` and are scored as ``benchmarks/layout_accuracy.py`` does.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _page_size(html: str) -> str:
    """``Landscape`` or ``Portrait``, as the source's ``@page`` size states it (A4 either way)."""
    return "Portrait" if "size: 210mm" in html else "Landscape"


def print_wkhtmltopdf(src: Path, out: Path) -> None:
    exe = shutil.which("wkhtmltopdf")
    if exe is None:
        raise RuntimeError("wkhtmltopdf not found: apt-get install wkhtmltopdf")
    orientation = _page_size(src.read_text(encoding="utf-8"))
    subprocess.run([exe, "-q", "--enable-local-file-access", "-O", orientation, "-T", "15mm", "-B", "15mm",
                    "-L", "15mm", "-R", "15mm", str(src), str(out)], check=False, capture_output=True, timeout=300)


def print_weasyprint(src: Path, out: Path) -> None:
    import weasyprint  # type: ignore[import-not-found]

    weasyprint.HTML(filename=str(src)).write_pdf(str(out))


PRINTERS = {"wkhtmltopdf": print_wkhtmltopdf, "weasyprint": print_weasyprint}


def reprint(corpus: Path, outdir: Path, name: str) -> Path:
    """Print every HTML plan of ``corpus`` with producer ``name`` into ``outdir/name`` with its truth."""
    target = outdir / name
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted(corpus.glob("*.html")):
        truth_file = corpus / f"{src.stem}.pdf.expected.json"
        if not truth_file.exists():
            continue
        pdf = target / f"{src.stem}.pdf"
        PRINTERS[name](src, pdf)
        if not pdf.exists():
            print(f"{src.name}: {name} printed nothing", file=sys.stderr)
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        truth["file"] = pdf.name
        truth["producer"] = f"HTML → {name}"
        (target / f"{pdf.name}.expected.json").write_text(json.dumps(truth), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--producers", nargs="*", default=sorted(PRINTERS), choices=sorted(PRINTERS))
    args = ap.parse_args(argv)
    from layout_accuracy import report

    from plantables.samples.layouts.score import score_corpus

    for name in args.producers:
        folder = reprint(args.corpus, args.out, name)
        print(f"== {name} ({folder})")
        print(report(score_corpus(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
