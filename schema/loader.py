"""Write one :class:`~plantables.normalise.records.PlanDocument` to the database.

:func:`load_document` is the only writer of document rows. One document = one
transaction: its rows appear all or none, so a reader (or a crash) never sees
half a document. Content already loaded (same sha256) is a no-op. Rows go in
with executemany-style bulk inserts (one statement per table per document), not
ORM unit-of-work flushes, because import speed matters for batch conversion.

A changed file becomes a new *edition* of its plan (identity: organisation +
title, else path); every action is tied to a stable identity across editions
(``plan_actions``: canonical ref, else a fuzzy title match), which
``action_history`` reads.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Engine, Table, bindparam, func, insert, select

from plantables.normalise.records import Action, PlanDocument
from plantables.schema import leads_store, search
from plantables.schema.bulk import insert_returning_ids, new_id
from plantables.schema.models import (
    ActionCellRow,
    ActionLead,
    ActionMonth,
    ActionRow,
    ActionStep,
    DocumentRow,
    ObjectiveRow,
    Plan,
    PlanAction,
    RiskRef,
    SectionRow,
    TargetRow,
)
from plantables.schema.runlog import utcnow

TITLE_MATCH_SCORE = 90.0  # fuzzy title match (0..100) that makes two unnumbered actions one


@dataclass(frozen=True)
class FileInfo:
    """What the loader records about the source file."""

    path: str
    sha256: str
    size: int
    mtime: float


@dataclass(frozen=True)
class LoadResult:
    document_id: int
    plan_id: int
    edition: int
    actions: int
    skipped: bool  # True: identical content was already loaded, nothing written


def blank_to_none(text: str | None) -> str | None:
    """Unknown is NULL, never ''."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def normalise_key(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def plan_key(organisation: str | None, title: str | None, path: str) -> str:
    """Plan identity: organisation + title when the document names them, else the path."""
    if title and normalise_key(title):
        return f"{normalise_key(organisation)}|{normalise_key(title)}"[:255]
    return f"path:{os.path.abspath(path)}"[-255:]


def load_document(
    target: Engine | Connection,
    plan: PlanDocument,
    file: FileInfo,
    *,
    run_id: int | None = None,
) -> LoadResult:
    """Load ``plan`` in one transaction; identical content (sha256) is skipped.

    ``target`` is an engine (a transaction is opened and committed here) or a
    connection inside a transaction the caller commits (so the caller can
    write its own bookkeeping in the same transaction).
    """
    if isinstance(target, Engine):
        with target.begin() as conn:
            return _load(conn, plan, file, run_id)
    return _load(target, plan, file, run_id)


def find_loaded(conn: Connection, sha256: str) -> int | None:
    """Id of a document with this content, if one is loaded."""
    return conn.execute(
        select(DocumentRow.id).where(DocumentRow.sha256 == sha256).order_by(DocumentRow.id).limit(1)
    ).scalar()


def _load(conn: Connection, plan: PlanDocument, file: FileInfo, run_id: int | None) -> LoadResult:
    existing = find_loaded(conn, file.sha256)
    if existing is not None:
        row = conn.execute(select(DocumentRow.plan_id, DocumentRow.edition).where(DocumentRow.id == existing)).one()
        return LoadResult(existing, row.plan_id, row.edition, 0, skipped=True)
    plan_id = _plan_id(conn, plan, file.path)
    edition = (
        conn.execute(select(func.max(DocumentRow.edition)).where(DocumentRow.plan_id == plan_id)).scalar() or 0
    ) + 1
    document_id = new_id(conn.execute(
        insert(DocumentRow).values(
            plan_id=plan_id,
            edition=edition,
            file_name=os.path.basename(file.path),
            path=os.path.abspath(file.path),
            sha256=file.sha256,
            size=file.size,
            mtime=file.mtime,
            format=plan.format,
            organisation=blank_to_none(plan.organisation),
            title=blank_to_none(plan.title),
            pages=plan.pages,
            period_start=plan.period_start,
            period_end=plan.period_end,
            edition_date=plan.edition_date,
            imported_at=utcnow(),
            run_id=run_id,
            warnings="\n".join(plan.warnings) or None,
        )
    ))
    section_ids = _insert_sections(conn, document_id, plan.actions)
    objective_ids = _insert_objectives(conn, document_id, plan.actions)
    keys = _action_keys(conn, plan_id, plan.actions)
    action_rows = [
        _action_values(document_id, pos, a, section_ids, objective_ids, keys[pos])
        for pos, a in enumerate(plan.actions)
    ]
    action_ids = insert_returning_ids(conn, ActionRow, action_rows)
    _insert_children(conn, plan, action_ids)
    search.index_document(conn, document_id)  # in the same transaction: the index never lags the rows
    return LoadResult(document_id, plan_id, edition, len(action_ids), skipped=False)


def _plan_id(conn: Connection, plan: PlanDocument, path: str) -> int:
    key = plan_key(plan.organisation, plan.title, path)
    found = conn.execute(select(Plan.id).where(Plan.plan_key == key)).scalar()
    if found is not None:
        return found
    return new_id(conn.execute(
        insert(Plan).values(
            plan_key=key,
            organisation=blank_to_none(plan.organisation),
            title=blank_to_none(plan.title),
            path=os.path.abspath(path),
        )
    ))


def _section_key(a: Action) -> tuple[str | None, str, str] | None:
    s = a.section
    return None if s is None else (s.ref, s.title, s.kind)


def _objective_key(a: Action) -> tuple[object, str | None, str] | None:
    o = a.objective
    return None if o is None else (_section_key(a), o.ref, o.text)


def _insert_sections(conn: Connection, document_id: int, actions: list[Action]) -> dict:
    seen: dict = {}
    for a in actions:
        key = _section_key(a)
        if key is not None and key not in seen:
            ref, title, kind = key
            seen[key] = dict(document_id=document_id, position=len(seen), ref=ref, title=title, kind=kind)
    ids = insert_returning_ids(conn, SectionRow, list(seen.values()))
    return dict(zip(seen, ids))


def _insert_objectives(conn: Connection, document_id: int, actions: list[Action]) -> dict:
    seen: dict = {}
    for a in actions:
        key = _objective_key(a)
        if key is not None and key not in seen:
            _, ref, text = key
            seen[key] = dict(document_id=document_id, position=len(seen), ref=ref, text=text)
    ids = insert_returning_ids(conn, ObjectiveRow, list(seen.values()))
    return dict(zip(seen, ids))


def _action_values(document_id, pos, a: Action, section_ids, objective_ids, plan_action_id) -> dict:
    status = a.status
    return dict(
        document_id=document_id,
        position=pos,
        section_id=section_ids.get(_section_key(a)),
        objective_id=objective_ids.get(_objective_key(a)),
        plan_action_id=plan_action_id,
        theme=blank_to_none(a.theme),
        ref=blank_to_none(a.ref),
        ref_raw=blank_to_none(a.ref_raw),
        title=a.title.strip(),
        lead_raw=blank_to_none(a.lead_raw),
        timeframe_raw=blank_to_none(a.timeframe_raw),
        start_month=a.start_month,
        due_month=a.due_month,
        measures=blank_to_none(a.measures),
        status_raw=blank_to_none(status.raw) if status else None,
        status=status.value if status else None,
        status_confidence=status.confidence if status else None,
        update_text=blank_to_none(a.update_text),
        rag=a.rag,
        status_source=a.status_source,
        page_first=a.page_first,
        page_last=a.page_last,
        ocr_confidence=a.ocr_confidence,
    )


def _insert_children(conn: Connection, plan: PlanDocument, action_ids: list[int]) -> None:
    steps, months, targets, risks, links, cells = [], [], [], [], [], []
    lead_names = [_lead_names(a) for a in plan.actions]
    alias_ids = leads_store.resolve_aliases(conn, plan.organisation, [n for names in lead_names for n in names])
    for aid, a, names in zip(action_ids, plan.actions, lead_names):
        steps += [dict(action_id=aid, position=i, text=t.strip()) for i, t in enumerate(a.steps) if t.strip()]
        months += [dict(action_id=aid, month=m) for m in sorted(set(a.active_months))]
        targets += [
            dict(action_id=aid, position=i, raw=t.raw, value=t.value, unit=t.unit, direction=t.direction)
            for i, t in enumerate(a.targets)
        ]
        risks += [dict(action_id=aid, position=i, ref=r) for i, r in enumerate(a.risk_refs) if r.strip()]
        cells += [dict(action_id=aid, position=c.col, header=blank_to_none(c.header), field=c.field, text=c.text)
                  for c in a.cells if c.text.strip()]
        links += [dict(action_id=aid, position=i, alias_id=alias_ids[n]) for i, n in enumerate(names)]
    for model, rows in (
        (ActionStep, steps), (ActionMonth, months), (TargetRow, targets), (RiskRef, risks), (ActionLead, links),
        (ActionCellRow, cells),
    ):
        if rows:
            conn.execute(insert(model), rows)


def _lead_names(a: Action) -> list[str]:
    """The action's lead aliases, each once, in order."""
    out: list[str] = []
    for name in a.leads:
        name = leads_store.clean_alias(name)
        if name and name not in out:
            out.append(name)
    return out


def _action_keys(conn: Connection, plan_id: int, actions: list[Action]) -> list[int]:
    """``plan_actions`` id of every action: same ref (or similar title) as an
    earlier edition → the same identity; otherwise a new one."""
    from rapidfuzz import fuzz, process

    known = {
        r.action_key: (r.id, r.title)
        for r in conn.execute(
            select(PlanAction.id, PlanAction.action_key, PlanAction.title).where(PlanAction.plan_id == plan_id)
        )
    }
    unnumbered = {k: normalise_key(v[1]) for k, v in known.items() if k.startswith("title:")}
    keys: list[str] = []
    used: dict[str, int] = {}
    for a in actions:
        if a.ref:
            base = a.ref
        else:
            title = normalise_key(a.title)[:200]
            hit = process.extractOne(title, unnumbered, scorer=fuzz.ratio, score_cutoff=TITLE_MATCH_SCORE)
            base = hit[2] if hit else f"title:{title}"
        # the same ref printed twice in one document (two sections) → two identities
        used[base] = used.get(base, 0) + 1
        keys.append((base if used[base] == 1 else f"{base}#{used[base]}")[:255])
    new = {k: a for k, a in zip(keys, actions) if k not in known}
    new_ids = insert_returning_ids(
        conn, PlanAction,
        [dict(plan_id=plan_id, action_key=k, ref=a.ref, title=a.title) for k, a in new.items()],
    )
    ids = {k: known[k][0] for k in keys if k in known} | dict(zip(new, new_ids))
    # keep the identity's ref/title those of the latest edition
    changed = [
        dict(pa_id=known[k][0], ref=a.ref, title=a.title)
        for k, a in zip(keys, actions) if k in known and known[k][1] != a.title
    ]
    if changed:
        t = cast(Table, PlanAction.__table__)
        conn.execute(
            t.update().where(t.c.id == bindparam("pa_id")).values(ref=bindparam("ref"), title=bindparam("title")),
            changed,
        )
    return [ids[k] for k in keys]
