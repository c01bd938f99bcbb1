"""How fast the loader writes documents: actions/second on SQLite (and PostgreSQL).

    .venv/bin/python benchmarks/load_speed.py [--actions 1000] [--documents 5] [--pg URL]

Builds synthetic PlanDocuments in memory (no reading, no normalising), so the
figure is the database side alone: bulk inserts, lead resolution, views.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from plantables.normalise.records import Action, Objective, PlanDocument, Section, Status, Target
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document

ROLES = ["Head of Service QA", "HoS QA", "Director of Children's Services", "DCS", "Service Manager Early Help",
         "Team Manager MASH", "Principal Social Worker", "Performance Lead"]


def synthetic_plan(n_actions: int, edition: int) -> PlanDocument:
    actions = []
    for i in range(n_actions):
        s, o = divmod(i, 25)
        actions.append(Action(
            ref=f"{s + 1}.{o // 5 + 1}.{o % 5 + 1}", ref_raw=None, title=f"Action {i} for edition {edition}",
            steps=[f"step {k}" for k in range(3)], lead_raw=ROLES[i % 8], leads=[ROLES[i % 8], ROLES[(i + 3) % 8]],
            timeframe_raw="Sep 2023", start_month="2023-09", due_month="2024-03",
            active_months=["2023-09", "2023-10", "2023-11"], measures="Target – 95%",
            targets=[Target("95%", 95.0, "%", "at_least")], status=Status("On track", "on_track", 0.9),
            update_text="progress " * 20, rag="green", risk_refs=["RSK_1"],
            section=Section(str(s + 1), f"Section {s + 1}"), objective=Objective(f"{s + 1}.{o // 5 + 1}", "Objective"),
        ))
    return PlanDocument(path="/bench/plan.txt", format="text", organisation="Bench Council", title="Bench plan",
                        pages=None, actions=actions)


def bench(url: str, n_actions: int, n_docs: int) -> None:
    engine = db.open_engine(url)
    plans = [synthetic_plan(n_actions, e) for e in range(n_docs)]
    t0 = time.perf_counter()
    for e, plan in enumerate(plans):
        load_document(engine, plan, FileInfo("/bench/plan.txt", f"{e:064d}", 1, float(e)))
    elapsed = time.perf_counter() - t0
    t1 = time.perf_counter()
    with engine.connect() as conn:
        n = len(conn.execute(sa.text("SELECT * FROM action_overview")).all())
    view = time.perf_counter() - t1
    print(f"{engine.dialect.name:10} {n_docs} documents x {n_actions} actions: load {elapsed:.2f} s "
          f"({n_docs * n_actions / elapsed:,.0f} actions/s); SELECT * FROM action_overview {n} rows in {view:.2f} s")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actions", type=int, default=1000)
    ap.add_argument("--documents", type=int, default=5)
    ap.add_argument("--pg", help="an empty PostgreSQL database URL to measure too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"sqlite:///{Path(tmp) / 'bench.db'}", args.actions, args.documents)
    if args.pg:
        bench(args.pg, args.actions, args.documents)


if __name__ == "__main__":
    main()
