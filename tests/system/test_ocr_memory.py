"""A long scan is read one page at a time: memory stops growing after the first pages.

The OCR engine's buffers reach their size on the first pages read; every page
after that is rendered, read and released, so a 100-page scan needs what a
5-page one does. Measured in a fresh interpreter (its own peak RSS), on a
committed 150 dpi scan (``tests/fixtures/scanned``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCAN = REPO / "tests" / "fixtures" / "scanned" / "westmoor_2016_17.scan150n.pdf"

pytestmark = pytest.mark.slow

PROBE = """
import json, resource, sys
from plantables.extract.pdf.page import read_pages
peaks = []
for page in read_pages(sys.argv[1], range(1, 7)):
    assert page.ocr_confidence is not None
    peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
print(json.dumps(peaks))
"""


def test_memory_is_flat_after_the_first_pages():
    out = subprocess.run([sys.executable, "-c", PROBE, str(SCAN)], capture_output=True, text=True, timeout=1200,
                         env={**os.environ, "PLANTABLES_OCR_THREADS": "1"})
    assert out.returncode == 0, out.stderr[-2000:]
    peaks = json.loads(out.stdout.strip().splitlines()[-1])  # MB after each page
    assert len(peaks) == 6
    assert peaks[-1] - peaks[2] <= 60, peaks  # pages 4-6 add nothing much to the high-water mark
    assert peaks[-1] < 1500, peaks
