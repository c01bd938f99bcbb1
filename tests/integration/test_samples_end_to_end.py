"""Every sample in every format, imported end to end: ``action_overview`` equals its ground truth.

Each file under ``samples/`` with a ``FILE.expected.json`` (PDF, the tagged
PDF, the flattened text export, the ``pdftotext -layout`` export) goes through
:func:`plantables.pipeline.import_paths` into one real SQLite database, as
``make run`` does, and its rows are compared field by field with the ground
truth written from the generator's spec (never from a rendering).

What a format cannot know is part of its ground truth (``lost_fields``): a
flattened text export writes ``█`` for a coloured cell, so the RAG colour of
a family-B plan is unknown there; ``pdftotext -layout`` drops the shading of
the month grid too, so a family-B layout export has no active months and no
start/due months (the grid is the plan's only timeframe). Those fields are
expected NULL / empty in the database — not guessed — and are checked like
every other field. ``benchmarks/sample_scores.py`` prints the per-file, per-field score.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plantables.pipeline import import_paths
from plantables.samples.compare import (  # noqa: F401
    FIELDS,
    expected_value,
    field_ok,
    imported_actions,
    query_rows,
    score_rows,
)
from plantables.samples.compare import (
    squash as _squash,
)

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if (SAMPLES / f"{p.name}.expected.json").exists())

#: columns that differ between two files of one plan by nature: the file and its edition, and pages (text has none)
PER_FILE = ("document_id", "source_file", "page_first", "page_last", "edition", "is_latest", "action_id")


def truth(path: Path) -> dict:
    return json.loads((SAMPLES / f"{path.name}.expected.json").read_text(encoding="utf-8"))


def score(path: Path, rows: list[dict]) -> tuple[dict[str, int], list[str]]:
    return score_rows(truth(path), rows)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('samples') / 'plantables.db'}"
    result = import_paths(SAMPLE_FILES, db=url)
    assert [f.error for f in result.failed] == []
    assert result.count("imported") == len(SAMPLE_FILES)
    return url


@pytest.fixture(scope="module")
def actions(sqlite_db) -> dict[str, list[dict]]:
    return imported_actions(sqlite_db)


def test_every_sample_format_is_here():
    kinds = {(truth(p)["format"], "tagged" in p.name) for p in SAMPLE_FILES}
    assert kinds == {("pdf", False), ("pdf", True), ("text", False), ("layout-text", False)}
    assert len(SAMPLE_FILES) == 10


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_imports_to_its_ground_truth(path, actions):
    """Every field of every action, 100 %: including NULL/empty for what the format cannot know."""
    hits, problems = score(path, actions[path.name])
    assert problems == [], f"{path.name}: {len(problems)} differences:\n" + "\n".join(problems[:40])
    assert set(hits.values()) == {len(truth(path)["actions"])}


@pytest.mark.parametrize("path", [p for p in SAMPLE_FILES if truth(p)["lost_fields"]], ids=lambda p: p.name)
def test_what_a_text_export_cannot_know_is_null_not_guessed(path, actions):
    lost = truth(path)["lost_fields"]
    assert set(lost) >= {"rag"}  # a text export never carries a colour
    for row in actions[path.name]:
        assert {f: row[f] for f in lost} == dict.fromkeys(lost), row["action_ref"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_organisation_and_title_of_every_file(path, sqlite_db):
    docs = {r["file_name"]: r for r in query_rows(sqlite_db, "SELECT file_name, organisation, title, format FROM documents")}
    t = truth(path)
    assert (docs[path.name]["organisation"], docs[path.name]["title"], docs[path.name]["format"]) == (
        t["organisation"], t["title"], t["format"])


# --- the same plan in several formats -----------------------------------------------------


def _plans() -> list[tuple[Path, Path]]:
    """Pairs of files holding the same plan: the PDF and each text export of it."""
    pairs = []
    for pdf in (p for p in SAMPLE_FILES if p.suffix == ".pdf" and "tagged" not in p.name):
        stem = pdf.name[: -len(".pdf")]
        others = [SAMPLES / f"{stem}.txt", SAMPLES / f"{stem}.layout.txt"]
        pairs += [(pdf, o) for o in others if o in SAMPLE_FILES]
        pairs.append((SAMPLES / f"{stem}.txt", SAMPLES / f"{stem}.layout.txt"))
    return [pytest.param(*p, id=f"{p[0].name}-{p[1].name}") for p in pairs if p[0] in SAMPLE_FILES and p[1] in SAMPLE_FILES]


def _comparable(row: dict, known_less: set[str]) -> dict:
    # line breaks inside a cell are where the page or the export wrapped it, not content
    return {k: _squash(v) for k, v in row.items()
            if not k.startswith("_") and k not in PER_FILE and k not in known_less}


@pytest.mark.parametrize("richer,poorer", _plans())
def test_the_same_plan_gives_the_same_rows_in_every_format(richer, poorer, actions):
    """Row for row equal, except the fields the poorer format cannot carry (NULL there)."""
    lost = set(truth(poorer)["lost_fields"]) - set(truth(richer)["lost_fields"])
    lost |= {f"{f}_json" for f in lost if f in ("leads", "active_months")}  # the JSON companions go with them
    lost |= {"role_types_json"} if "leads" in lost else set()
    a, b = actions[richer.name], actions[poorer.name]
    assert [r["action_ref"] for r in a] == [r["action_ref"] for r in b]
    for ra, rb in zip(a, b):
        assert _comparable(rb, lost) == _comparable(ra, lost), ra["action_ref"]
        assert all(rb[f] is None for f in lost)
    if lost:  # the richer format really knows more
        assert any(ra[f] is not None for ra in a for f in lost)


def test_the_tagged_pdf_gives_the_rows_of_its_untagged_twin(actions):
    """The tagged PDF holds the same plan drawn by Word (LibreOffice) plus an eighth section."""
    tagged = {r["action_ref"]: r for r in actions["harbourside_2024_26_tagged.pdf"]}
    plain = actions["harbourside_2024_26.pdf"]
    assert len(tagged) > len(plain)
    for row in plain:
        assert _comparable(tagged[row["action_ref"]], set()) == _comparable(row, set()), row["action_ref"]


# --- other databases ------------------------------------------------------------------------


def overview(url: str) -> list[tuple]:
    rows = query_rows(url, "SELECT * FROM action_overview")
    out = [tuple(round(v, 6) if isinstance(v, float) else v for v in r.values()) for r in rows]
    return sorted(out, key=lambda r: tuple("" if v is None else str(v) for v in r))


def test_postgresql_gives_the_same_rows(sqlite_db, pg_url):
    result = import_paths(SAMPLE_FILES, db=pg_url)
    assert [f.error for f in result.failed] == []
    assert overview(pg_url) == overview(sqlite_db)


def test_mariadb_gives_the_same_rows(sqlite_db, mysql_url):
    result = import_paths(SAMPLE_FILES, db=mysql_url)
    assert [f.error for f in result.failed] == []
    assert overview(mysql_url) == overview(sqlite_db)
