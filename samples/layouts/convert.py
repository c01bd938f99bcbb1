"""The real producers' PDF printing: LibreOffice (Writer/Calc) in batches, headless Chromium.

Only the corpus builder needs these (Debian: ``libreoffice-writer-nogui``,
``libreoffice-calc-nogui``, ``chromium``); tests read the committed PDFs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")


def soffice_to_pdf(sources: list[Path], outdir: Path, batch: int = 40) -> None:
    """Print ``.docx``/``.xlsx`` files to PDF with LibreOffice, many files per ``soffice`` call."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui "
                           "libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(0, len(sources), batch):
            chunk = [str(p) for p in sources[i:i + batch]]
            subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                            "pdf", "--outdir", str(outdir), *chunk], check=True, capture_output=True, timeout=1200)


def _chromium_one(exe: str, src: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                        src.resolve().as_uri()], check=True, capture_output=True, timeout=300)


def chromium_to_pdf(sources: list[Path], outdir: Path, workers: int = 2) -> None:
    """Print HTML files to PDF with headless Chromium (``NAME.html`` → ``outdir/NAME.pdf``)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        raise RuntimeError("Chromium not found: apt-get install chromium")
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda s: _chromium_one(exe, s, outdir / (s.stem + ".pdf")), sources))


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()
