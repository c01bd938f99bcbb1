"""SQLAlchemy models: the tables plantables writes.

The tables are created and changed only by the Alembic migrations in
``schema/migrations`` (``plantables db upgrade``, or automatically when an
empty database is opened); these models describe them for the loader and for
readers of the code. Every column carries a ``comment`` — the README's schema
section is the same text.

Shape: a *plan* (identity: organisation + title, else path) has *editions*,
one ``documents`` row each. Everything read from a document hangs off it with
``ON DELETE CASCADE``. Leads and their aliases are per organisation and live
outside documents, so review decisions survive re-imports. ``import_runs`` and
``import_files`` record what each run did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Names compared exactly: MariaDB/MySQL collations ignore case by default,
#: which would make the aliases "HoS QA" and "HOS QA" one key.
NAME = String(255).with_variant(mysql.VARCHAR(255, collation="utf8mb4_bin"), "mysql", "mariadb")


class Base(DeclarativeBase):
    pass


def _fk(target: str, *, nullable: bool = False, cascade: str = "CASCADE", comment: str | None = None) -> Mapped:
    return mapped_column(
        Integer, ForeignKey(target, ondelete=cascade), nullable=nullable, index=True, comment=comment
    )


class Plan(Base):
    """One plan across its editions (the identity a changed file keeps)."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_key: Mapped[str] = mapped_column(
        NAME, unique=True, comment="identity: 'org|title' normalised, else 'path:<path>'"
    )
    organisation: Mapped[str | None] = mapped_column(String(255), comment="organisation named by the plan")
    title: Mapped[str | None] = mapped_column(Text, comment="title of the first edition")
    path: Mapped[str | None] = mapped_column(Text, comment="path of the first edition's file")


class DocumentRow(Base):
    """One imported file = one edition of a plan."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = _fk("plans.id", comment="the plan this is an edition of")
    edition: Mapped[int] = mapped_column(Integer, comment="1, 2, … in import order within the plan")
    file_name: Mapped[str] = mapped_column(String(255), comment="base name of the file")
    path: Mapped[str] = mapped_column(Text, comment="absolute path when imported")
    sha256: Mapped[str] = mapped_column(String(64), index=True, comment="content hash; identical content is never loaded twice")
    size: Mapped[int] = mapped_column(Integer, comment="file size in bytes", info={"unit": "byte"})
    mtime: Mapped[float] = mapped_column(Float, comment="file modification time (epoch seconds)")
    format: Mapped[str] = mapped_column(String(32), comment="reader used: text, layout-text, pdf")
    organisation: Mapped[str | None] = mapped_column(String(255), index=True, comment="organisation (council) of the plan")
    title: Mapped[str | None] = mapped_column(Text, comment="document title")
    pages: Mapped[int | None] = mapped_column(Integer, comment="page count, where known")
    period_start: Mapped[str | None] = mapped_column(String(7), comment="plan period start YYYY-MM")
    period_end: Mapped[str | None] = mapped_column(String(7), comment="plan period end YYYY-MM")
    edition_date: Mapped[str | None] = mapped_column(String(10), comment="date the document gives itself (title, header, file name): YYYY-MM-DD, or YYYY-MM when it names only a month; NULL when it names none")
    imported_at: Mapped[datetime] = mapped_column(comment="when this row was written (UTC)")
    run_id: Mapped[int | None] = _fk("import_runs.id", nullable=True, cascade="SET NULL", comment="run that imported it")
    missing_since: Mapped[datetime | None] = mapped_column(comment="set by --prune when the file is gone; rows are kept")
    warnings: Mapped[str | None] = mapped_column(Text, comment="reader/normaliser warnings, one per line")
    __table_args__ = (Index("ix_documents_path", "path", mysql_length=255),)


class SectionRow(Base):
    __tablename__ = "sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("documents.id")
    position: Mapped[int] = mapped_column(Integer, comment="order in the document")
    ref: Mapped[str | None] = mapped_column(String(32), comment="canonical section ref, e.g. '1'")
    title: Mapped[str] = mapped_column(Text, comment="section / priority / theme heading")
    kind: Mapped[str] = mapped_column(String(16), comment="priority, section or theme")


class ObjectiveRow(Base):
    __tablename__ = "objectives"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("documents.id")
    position: Mapped[int] = mapped_column(Integer, comment="order in the document")
    ref: Mapped[str | None] = mapped_column(String(32), comment="canonical objective ref, e.g. '1.4'")
    text: Mapped[str] = mapped_column(Text, comment="objective / desired outcome text")


class PlanAction(Base):
    """Stable identity of an action across the editions of one plan."""

    __tablename__ = "plan_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = _fk("plans.id")
    action_key: Mapped[str] = mapped_column(NAME, comment="canonical ref, else 'title:<normalised title>'")
    ref: Mapped[str | None] = mapped_column(String(32), comment="latest canonical ref")
    title: Mapped[str | None] = mapped_column(Text, comment="latest title")
    __table_args__ = (UniqueConstraint("plan_id", "action_key"),)


class ActionRow(Base):
    """One action (numbered row) of one document."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("documents.id")
    position: Mapped[int] = mapped_column(Integer, comment="order in the document")
    section_id: Mapped[int | None] = _fk("sections.id", nullable=True)
    objective_id: Mapped[int | None] = _fk("objectives.id", nullable=True)
    plan_action_id: Mapped[int | None] = _fk("plan_actions.id", nullable=True, cascade="SET NULL", comment="identity across editions")
    theme: Mapped[str | None] = mapped_column(Text, comment="theme heading above the action")
    ref: Mapped[str | None] = mapped_column(String(32), index=True, comment="canonical ref, e.g. '1.1.1'")
    ref_raw: Mapped[str | None] = mapped_column(String(64), comment="ref as printed, e.g. 'I.1.1'")
    title: Mapped[str] = mapped_column(Text, comment="the action (or objective row) text")
    lead_raw: Mapped[str | None] = mapped_column(Text, comment="lead cell as printed")
    timeframe_raw: Mapped[str | None] = mapped_column(Text, comment="timeframe cell as printed")
    start_month: Mapped[str | None] = mapped_column(String(7), comment="YYYY-MM")
    due_month: Mapped[str | None] = mapped_column(String(7), index=True, comment="YYYY-MM")
    measures: Mapped[str | None] = mapped_column(Text, comment="success measures text")
    status_raw: Mapped[str | None] = mapped_column(Text, comment="status cell as printed")
    status: Mapped[str | None] = mapped_column(String(16), index=True, comment="canonical status (see STATUS_VALUES)")
    status_confidence: Mapped[float | None] = mapped_column(Float, comment="classifier confidence 0..1")
    update_text: Mapped[str | None] = mapped_column(Text, comment="progress update / outcome text")
    rag: Mapped[str | None] = mapped_column(String(8), comment="green, amber, red, blue, grey")
    status_source: Mapped[str | None] = mapped_column(
        String(16), comment="where the status was read: column, phrase (opening the update), prose, colour"
    )
    page_first: Mapped[int | None] = mapped_column(Integer)
    page_last: Mapped[int | None] = mapped_column(Integer)
    ocr_confidence: Mapped[float | None] = mapped_column(
        Float, comment="mean OCR confidence 0..1 of the action's text (scanned pages); NULL: read from a text layer")


class ActionStep(Base):
    __tablename__ = "action_steps"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, comment="one step (bullet) of the action")


class ActionCellRow(Base):
    """Every non-empty cell of an action's rows as printed (no cell left behind): one per column."""

    __tablename__ = "action_cells"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, comment="column position in its table, from 0")
    header: Mapped[str | None] = mapped_column(Text, comment="the column's header as printed; NULL when the table has none")
    field: Mapped[str | None] = mapped_column(
        String(32), comment="the field the column was read into (action, lead, …); NULL: no field takes it"
    )
    text: Mapped[str] = mapped_column(Text, comment="the cell's text as printed (a column's cells joined by line breaks)")


class LeadRow(Base):
    """A canonical lead (a role or named officer) within one organisation."""

    __tablename__ = "leads"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(NAME, comment="'' when the organisation is unknown")
    name: Mapped[str] = mapped_column(NAME, comment="canonical lead name")
    role_type: Mapped[str | None] = mapped_column(String(64), comment="cross-organisation role type")
    __table_args__ = (UniqueConstraint("organisation", "name"),)


class LeadAlias(Base):
    """A lead string as written, and the canonical lead it belongs to."""

    __tablename__ = "lead_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(NAME, comment="'' when the organisation is unknown")
    alias: Mapped[str] = mapped_column(NAME, comment="lead as written in a plan")
    lead_id: Mapped[int] = _fk("leads.id")
    decision: Mapped[str] = mapped_column(String(16), comment="auto, suggested, confirmed or rejected")
    score: Mapped[float | None] = mapped_column(Float, comment="matcher score 0..100")
    candidate_lead_id: Mapped[int | None] = _fk(
        "leads.id", nullable=True, cascade="SET NULL", comment="suggested: the lead it may belong to; rejected: the lead refused"
    )
    __table_args__ = (UniqueConstraint("organisation", "alias"),)


class ActionLead(Base):
    __tablename__ = "action_leads"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias_id: Mapped[int] = _fk("lead_aliases.id", comment="the alias as written; its lead is the canonical one")


class ActionMonth(Base):
    __tablename__ = "action_months"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True, comment="active month YYYY-MM")


class TargetRow(Base):
    __tablename__ = "targets"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw: Mapped[str] = mapped_column(Text, comment="target as written")
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16), comment="%, days, count, …")
    direction: Mapped[str | None] = mapped_column(String(16), comment="at_least, increase, reduce, at_most")


class RiskRef(Base):
    __tablename__ = "risk_refs"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), comment="risk register reference")


class ImportRun(Base):
    """One ``plantables import`` invocation."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), comment="running, ok, failed (some files), interrupted")
    pid: Mapped[int | None] = mapped_column(Integer, comment="process id of the importer")
    host: Mapped[str | None] = mapped_column(String(255))
    files_seen: Mapped[int] = mapped_column(Integer, default=0)
    files_imported: Mapped[int] = mapped_column(Integer, default=0)
    files_skipped: Mapped[int] = mapped_column(Integer, default=0)
    files_failed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[str | None] = mapped_column(Text, comment="one line per failed file")


class ImportFile(Base):
    """What one run did with one file."""

    __tablename__ = "import_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _fk("import_runs.id")
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), comment="imported, skipped, failed, pruned")
    document_id: Mapped[int | None] = _fk("documents.id", nullable=True, cascade="SET NULL")
    duration_s: Mapped[float | None] = mapped_column(Float, info={"unit": "s"})  # Datasette shows the unit
    rows: Mapped[int | None] = mapped_column(Integer, comment="actions loaded")
    error: Mapped[str | None] = mapped_column(Text, comment="one-line reason when failed")
    warnings: Mapped[str | None] = mapped_column(Text)
