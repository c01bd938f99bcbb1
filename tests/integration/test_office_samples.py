"""The bundled plans as Word, Excel, web page, OpenDocument and legacy Word files, imported end to end.

``samples/formats/`` holds each sample plan again as the office files its
producer would keep (``samples/office_formats.py``: tracked changes, content
controls, theme shading, conditional formats, hidden rows and columns, dates
as dates, CSS class fills …) plus one ``.odt`` and one legacy ``.doc`` made by
LibreOffice. Every file goes through :func:`plantables.pipeline.import_paths`
into one SQLite database; each must equal its ground truth field by field
(100%), and the same plan must give the same ``action_overview`` rows in every
format, including the PDF at the top of ``samples/`` (these formats all carry
the fills).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plantables.pipeline import import_paths
from plantables.samples.compare import FIELDS, imported_actions, score_rows

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FORMATS = SAMPLES / "formats"
FILES = sorted(p for p in FORMATS.iterdir() if not p.name.endswith(".expected.json"))
#: columns that differ between two files of one plan by nature
#: (each file of one plan loads as another edition of it: edition numbers and the latest flag differ too)
PER_FILE = ("document_id", "action_id", "source_file", "page_first", "page_last", "source_format", "edition", "is_latest")


def truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actions(tmp_path_factory) -> dict[str, list[dict]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('office') / 'plantables.db'}"
    pdfs = [SAMPLES / f"{stem}.pdf" for stem in {p.name.split('.')[0] for p in FILES}]
    result = import_paths(FILES + pdfs, db=url)
    assert [f.error for f in result.failed] == []
    return imported_actions(url)


def test_every_format_is_here():
    assert sorted({p.suffix for p in FILES}) == [".doc", ".docx", ".html", ".odt", ".xlsx"]
    for stem in ("westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26"):
        assert {p.suffix for p in FILES if p.name.startswith(stem)} >= {".docx", ".xlsx", ".html"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_field_of_every_action(path, actions):
    want = truth(path)
    hits, problems = score_rows(want, actions[path.name])
    n = len(want["actions"])
    assert len(actions[path.name]) == n
    assert problems == []
    assert all(hits[f] == n for f in FIELDS)


@pytest.mark.parametrize("stem", ["westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26"])
def test_the_same_plan_gives_the_same_rows_in_every_format(stem, actions):
    def rows(name: str) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in PER_FILE and not k.startswith("_")} for r in actions[name]]

    reference = rows(f"{stem}.pdf")
    assert reference
    for path in (p for p in FILES if p.name.startswith(stem)):
        assert rows(path.name) == reference, path.name


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
def test_committed_files_are_what_the_generator_makes(fmt, tmp_path):
    from plantables.samples.generate import SAMPLES as PLANS
    from plantables.samples.generate import build_plan
    from plantables.samples.spec import make_spec

    for stem, family, seed, n_sections in PLANS:
        out = build_plan(make_spec(family, seed, name=stem, n_sections=n_sections), tmp_path / f"{stem}.{fmt}", fmt=fmt)
        committed = FORMATS / out.name
        assert out.read_bytes() == committed.read_bytes(), f"{committed.name} is stale: run samples/generate.py"
        assert truth(out) == truth(committed)


@pytest.mark.parametrize("name", ["harbourside_2024_26.docx", "kingsbridge_2023_24.xlsx", "westmoor_2016_17.html"])
def test_tables_and_inspect_read_office_files(name):
    from click.testing import CliRunner

    from plantables.cli import cli

    path = FORMATS / name
    out = CliRunner().invoke(cli, ["tables", str(path)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["file"] == name and data["tables"]
    cells = [c for t in data["tables"] for c in t["cells"]]
    assert all(c["page"] is None and c["bbox"] is None for c in cells)
    assert any(c["header"] for c in cells) and any(c["fill"] for c in cells)
    assert any(c["row_span"] > 1 for c in cells)
    shown = CliRunner().invoke(cli, ["inspect", str(path), "--width", "20"])
    assert shown.exit_code == 0 and "Table 1: no pages" in shown.output and "header" in shown.output
