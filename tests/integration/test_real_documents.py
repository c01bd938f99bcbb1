"""The plan interpreter on documents nobody here wrote (../shared/real/, ../shared/peers/icdar2013/).

The right reading of each document was decided by looking at its pages
(``pdftoppm -r 60``), not from what plantables printed:

* Watford main modifications: one ``MM Ref | Local Plan Ref | Modification`` table over 85
  pages, header repeated on every page, ``CHAPTER n: …`` rows across it, tables nested in
  some modification cells. Each ``M<n>`` is one row (M1…M257); the chapter rows are
  sections; the header is never a row.
* City of London LDS: Table 1's header sits alone at the foot of page 1, its 13 milestones
  on page 2; the header labels them (``Key Plan-making Stage`` … ``Data Standard``).
* City of London's Table 2: two Neighbourhood Plan milestones under ``| 2025 estimate`` (``2027``);
  Table 3: 16 SPD milestones; Table 4: 12 documents with a status (``-`` is no status).
* Tewkesbury LDS: one table holding a title row, two key/value facts (``Role and subject …``,
  ``When adopted, will supersede``), then a ``Timetable – Key Stage`` of 7 milestones in two
  stretches: 7 milestones, the facts none of them; ``May – July 2026`` starts in May.
* Broxbourne LDS: a ``Stage | Timeline`` table of 7 milestones (the numbered prose
  paragraphs on page 3 are no table of actions).
* Scout progress report: a ``Risk ID | Description | Probability | Impact | Mitigation``
  table whose last row breaks over the page: three risks, R-089's halves joined.
* Buckinghamshire EqIA: impact tables (``Policy | Possible impact | Changes …``), no plan.
* ICDAR 2013 statistics reports: no plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from plantables.extract.model import Table
from plantables.extract.sniff import read_document
from plantables.normalise.plan import NotAPlan, join_fragments, normalise_document, read_tables
from plantables.pipeline import import_paths

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
ICDAR = Path(__file__).resolve().parents[3] / "shared" / "peers" / "icdar2013"


def _real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/ sits beside the clone in CI)")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[str, dict]:
    """Every real document imported once into one SQLite database: (url, file name -> result)."""
    if not REAL.exists():
        pytest.skip("../shared/real is not here")
    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}"
    result = import_paths(sorted(REAL.glob("*.pdf")), db=url)
    return url, {Path(f.path).name: f for f in result.files}


def _rows(url: str, sql: str, **params) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def _actions(url: str, file_name: str) -> list[dict]:
    return _rows(url, "SELECT * FROM action_overview WHERE source_file = :f ORDER BY action_id", f=file_name)


def test_watford_one_action_per_modification_chapters_as_sections(imported):
    url, files = imported
    actions = _actions(url, "watford_local_plan_main_modifications_2022.pdf")
    refs = [a["action_ref"] for a in actions]
    assert len(refs) == len(set(refs)), "a modification read twice"
    numbers = {int(r[1:]) for r in refs if r and r[0] == "M" and r[1:].isdigit()}
    assert len(numbers) == len(refs) >= 249  # of M1…M257: M250-257 sit in nested tables on pages 82-85
    # (253 before the horizontal-rule stacks of 229f108 joined page 84's nested grid with its outer rows)
    assert set(range(1, 250)) <= numbers
    assert not any(a["title"].startswith("Modification (deleted") for a in actions), "the header is no action"
    m1 = actions[0]
    assert m1["action_ref"] == "M1" and m1["title"].startswith("The diagrams covering the borough")
    assert json.loads(m1["other_columns"])["Local Plan Ref"].startswith("Page 6")
    chapters = {a["section_title"] for a in actions if a["section_title"]}
    assert "CHAPTER 1: A SPATIAL STRATEGY FOR WATFORD" in chapters
    assert sum(c.startswith("CHAPTER") for c in chapters) >= 10


def test_city_of_london_header_alone_at_a_page_foot_labels_the_next_page(imported):
    url, _ = imported
    actions = _actions(url, "lds_cityoflondon_2025-02.pdf")
    titles = [a["title"] for a in actions]
    assert "Key Plan-making Stage" not in titles
    table1 = actions[:13]
    assert [a["title"] for a in table1[:2]] == ["Regulation 18 published", "Regulation 18 consultation start date"]
    assert table1[-1]["title"] == "Adoption"
    for a in table1:
        other = json.loads(a["other_columns"])
        assert "Data Standard" in other, a["title"]  # the header printed on page 1 names page 2's cells
    headers = _rows(url, "SELECT DISTINCT c.header FROM action_cells c JOIN actions a ON a.id = c.action_id "
                         "JOIN documents d ON d.id = a.document_id WHERE d.file_name = 'lds_cityoflondon_2025-02.pdf' "
                         "AND c.position = 0")
    assert {"Key Plan-making Stage"} <= {h["header"] for h in headers}


def test_city_of_london_every_timetable_and_no_dash_as_a_value(imported):
    url, _ = imported
    actions = _actions(url, "lds_cityoflondon_2025-02.pdf")
    assert len(actions) == 13 + 2 + 16 + 12
    neighbourhood = actions[13:15]
    assert [a["timeframe_raw"] for a in neighbourhood] == ["2027", "2027"]
    assert neighbourhood[1]["title"] == "Regulation 15 Submission"
    assert not any(a["timeframe_raw"] == "-" or a["status_raw"] == "-" for a in actions)
    assert actions[13 + 2 + 16]["status"] == "in_progress"  # 'In preparation'
    assert actions[0]["section_title"] == "Local Plan (City Plan 2040) key dates"
    assert actions[15]["section_title"] == "Supplementary Planning Documents in preparation"
    assert actions[-1]["section_title"] == "Adopted Policy and Guidance"


def test_tewkesbury_facts_above_the_timetable_are_no_milestones(imported):
    url, files = imported
    actions = _actions(url, "lds_tewkesbury_2025-02.pdf")
    assert len(actions) == 7
    assert actions[0]["title"].startswith("Evidence gathering")
    assert actions[-1]["title"] == "Adoption (Regulation 26)"
    assert (actions[1]["start_month"], actions[1]["due_month"]) == ("2026-05", "2026-07")
    assert any("read as facts" in w for w in files["lds_tewkesbury_2025-02.pdf"].warnings)


def test_broxbourne_stage_timeline_milestones(imported):
    url, _ = imported
    actions = _actions(url, "lds_broxbourne_2025-10.pdf")
    assert len(actions) == 7
    first = actions[0]
    assert first["title"].startswith("Issues and Options")
    assert (first["timeframe_raw"], first["due_month"]) == ("May 2026", "2026-05")
    assert actions[-1]["title"] == "Adoption (Regulation 26)"
    assert not any(a["title"].startswith("This LDS supersedes") for a in actions), "prose paragraphs are no actions"


def test_scout_risk_table_broken_over_a_page_is_three_risks(imported):
    url, _ = imported
    actions = _actions(url, "scout_fictional_progress_report.pdf")
    assert [a["action_ref"] for a in actions] == ["R-042", "R-067", "R-089"]
    # the heading printed above the table (larger type, no number) names their section
    assert {a["section_title"] for a in actions} == {"Risk Register Highlights"}
    last = actions[-1]
    assert last["title"] == "Wonkavator interference with local air traffic"
    other = json.loads(last["other_columns"])
    assert other["Probability"] == "Medium" and other["Impact"] == "Medium"
    assert " ".join(other["Mitigation"].split()) == "Coordination with CAA for designated flight paths"


def test_impact_assessment_is_not_a_plan(imported):
    _, files = imported
    eqia = files["bucks_local_plan_eqia_2025.pdf"]
    assert eqia.status == "not_a_plan" and eqia.rows == 0
    assert "\n" not in eqia.error and "not a plan" in eqia.error


def test_no_cell_of_a_plan_table_is_left_behind():
    """Every non-empty cell of every data row of every plan table reaches an action's cells."""
    for name in ("scout_fictional_progress_report.pdf", "lds_cityoflondon_2025-02.pdf", "lds_broxbourne_2025-10.pdf"):
        doc = read_document(_real(name))
        plan = normalise_document(doc)
        kept = [" ".join(c.text.split()) for a in plan.actions for c in a.cells]
        doc = read_document(_real(name))
        join_fragments(doc)
        readings = read_tables(doc)
        for table in doc.tables:
            if readings[id(table)].verdict:
                continue
            for row in table.rows:
                if row.kind != "data":
                    continue
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and cell.col_span < len(table.columns):
                        assert any(text in k for k in kept), (name, text)


@pytest.mark.parametrize("name", ["eu-001", "eu-004", "eu-012", "us-002", "us-007", "us-028", "us-032", "us-040"])
def test_statistics_reports_are_not_plans(name):
    matches = list(ICDAR.glob(f"*/{name}.pdf")) if ICDAR.exists() else []
    if not matches:
        pytest.skip("../shared/peers/icdar2013 is not here")
    doc = read_document(matches[0])
    assert any(isinstance(b, Table) for b in doc.blocks)
    with pytest.raises(NotAPlan, match="not a plan"):
        normalise_document(doc)
