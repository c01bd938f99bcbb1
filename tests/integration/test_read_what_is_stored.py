"""What is stored is what was read (issue 16.2): a file replaced while it is read is read again and
stored under the hash of the bytes read; one that keeps changing is left for the next run."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import sqlalchemy as sa

from plantables.pipeline import ImportSettings, import_paths
from plantables.pipeline.backends import base

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "harbourside_2024_26.layout.txt"


def stored(db_url: str) -> list[tuple[str, int]]:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT sha256, size FROM documents")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_a_file_replaced_mid_read_is_read_again_and_stored_as_read(tmp_path, db_url, monkeypatch):
    path = tmp_path / "plan.txt"
    shutil.copy(SAMPLE, path)
    real, calls = base.read_plan, []

    def replaced_once(p, **kw):
        calls.append(p)
        if len(calls) == 1:  # the nightly copy lands while the first read runs
            path.write_text(SAMPLE.read_text() + "\nreissued\n")
        return real(p, **kw)

    monkeypatch.setattr(base, "read_plan", replaced_once)
    result = import_paths([path], db=db_url, settings=ImportSettings(workers=0))
    assert [f.status for f in result.files] == ["imported"] and len(calls) == 2
    final = path.read_bytes()
    assert stored(db_url) == [(hashlib.sha256(final).hexdigest(), len(final))]


def test_a_file_that_keeps_changing_is_left_for_the_next_run(tmp_path, db_url, monkeypatch):
    path = tmp_path / "plan.txt"
    shutil.copy(SAMPLE, path)
    real = base.read_plan

    def growing(p, **kw):
        with open(path, "a") as fh:
            fh.write("\nmore\n")
        return real(p, **kw)

    monkeypatch.setattr(base, "read_plan", growing)
    first = import_paths([path], db=db_url, settings=ImportSettings(workers=0)).files[0]
    assert first.status == "failed" and first.error.endswith(base.CHANGED) and stored(db_url) == []
    monkeypatch.setattr(base, "read_plan", real)
    second = import_paths([path], db=db_url, settings=ImportSettings(workers=0)).files[0]
    assert second.status == "imported"  # read again (not "failed before"), now that it is still
    final = path.read_bytes()
    assert stored(db_url) == [(hashlib.sha256(final).hexdigest(), len(final))]
