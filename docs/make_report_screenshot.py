"""Rebuild docs/report.png: the README's report screenshot, from the sample plans.

    python docs/make_report_screenshot.py

Imports the three sample PDFs and a later edition of Harbourside
(samples/editions.py) into a temporary SQLite database, writes the report
(as of April 2025) and screenshots it in headless Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from plantables.pipeline import ImportSettings, import_paths
from plantables.report import load, write_html
from plantables.samples.editions import HARBOURSIDE_MOVES, later_edition

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/plans.db"
        pdfs = [SAMPLES / f"{n}.pdf" for n in ("westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26")]
        import_paths([str(p) for p in pdfs], db=url, settings=ImportSettings(workers=0))
        later = later_edition(SAMPLES / "harbourside_2024_26.txt", Path(tmp) / "harbourside_2024_26_march_2025.txt",
                              moves=HARBOURSIDE_MOVES)
        import_paths([str(later)], db=url, settings=ImportSettings(workers=0))
        page = write_html(load(url, "2025-04"), Path(tmp) / "report.html")
        browser = shutil.which("chromium") or "chromium"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--user-data-dir={tmp}/profile", "--window-size=1000,1560",
                        f"--screenshot={REPO / 'docs' / 'report.png'}", page.as_uri()], check=True,
                       capture_output=True, timeout=120)
    print(f"wrote {REPO / 'docs' / 'report.png'}")


if __name__ == "__main__":
    main()
