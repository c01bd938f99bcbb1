"""Initial schema: documents and everything read from them, leads, import runs, views.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from plantables.schema import views

# exact (case-sensitive) names on MariaDB/MySQL too
NAME = sa.String(length=255).with_variant(mysql.VARCHAR(255, collation="utf8mb4_bin"), "mysql", "mariadb")

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False, comment='running, ok, failed (some files), interrupted'),
    sa.Column('pid', sa.Integer(), nullable=True, comment='process id of the importer'),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('files_seen', sa.Integer(), nullable=False),
    sa.Column('files_imported', sa.Integer(), nullable=False),
    sa.Column('files_skipped', sa.Integer(), nullable=False),
    sa.Column('files_failed', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Text(), nullable=True, comment='one line per failed file'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation', NAME, nullable=False, comment="'' when the organisation is unknown"),
    sa.Column('name', NAME, nullable=False, comment='canonical lead name'),
    sa.Column('role_type', sa.String(length=64), nullable=True, comment='cross-organisation role type'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation', 'name')
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_key', NAME, nullable=False, comment="identity: 'org|title' normalised, else 'path:<path>'"),
    sa.Column('organisation', sa.String(length=255), nullable=True, comment='organisation named by the plan'),
    sa.Column('title', sa.Text(), nullable=True, comment='title of the first edition'),
    sa.Column('path', sa.Text(), nullable=True, comment="path of the first edition's file"),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_key')
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False, comment='the plan this is an edition of'),
    sa.Column('edition', sa.Integer(), nullable=False, comment='1, 2, … in import order within the plan'),
    sa.Column('file_name', sa.String(length=255), nullable=False, comment='base name of the file'),
    sa.Column('path', sa.Text(), nullable=False, comment='absolute path when imported'),
    sa.Column('sha256', sa.String(length=64), nullable=False, comment='content hash; identical content is never loaded twice'),
    sa.Column('size', sa.Integer(), nullable=False, comment='file size in bytes'),
    sa.Column('mtime', sa.Float(), nullable=False, comment='file modification time (epoch seconds)'),
    sa.Column('format', sa.String(length=32), nullable=False, comment='reader used: text, layout-text, pdf'),
    sa.Column('organisation', sa.String(length=255), nullable=True, comment='organisation (council) of the plan'),
    sa.Column('title', sa.Text(), nullable=True, comment='document title'),
    sa.Column('pages', sa.Integer(), nullable=True, comment='page count, where known'),
    sa.Column('period_start', sa.String(length=7), nullable=True, comment='plan period start YYYY-MM'),
    sa.Column('period_end', sa.String(length=7), nullable=True, comment='plan period end YYYY-MM'),
    sa.Column('edition_date', sa.String(length=10), nullable=True, comment='date the document gives itself, YYYY-MM-DD'),
    sa.Column('imported_at', sa.DateTime(), nullable=False, comment='when this row was written (UTC)'),
    sa.Column('run_id', sa.Integer(), nullable=True, comment='run that imported it'),
    sa.Column('missing_since', sa.DateTime(), nullable=True, comment='set by --prune when the file is gone; rows are kept'),
    sa.Column('warnings', sa.Text(), nullable=True, comment='reader/normaliser warnings, one per line'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['import_runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_documents_organisation'), 'documents', ['organisation'], unique=False)
    op.create_index('ix_documents_path', 'documents', ['path'], unique=False, mysql_length=255)
    op.create_index(op.f('ix_documents_plan_id'), 'documents', ['plan_id'], unique=False)
    op.create_index(op.f('ix_documents_run_id'), 'documents', ['run_id'], unique=False)
    op.create_index(op.f('ix_documents_sha256'), 'documents', ['sha256'], unique=False)
    op.create_table('lead_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation', NAME, nullable=False, comment="'' when the organisation is unknown"),
    sa.Column('alias', NAME, nullable=False, comment='lead as written in a plan'),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False, comment='auto, suggested, confirmed or rejected'),
    sa.Column('score', sa.Float(), nullable=True, comment='matcher score 0..100'),
    sa.Column('candidate_lead_id', sa.Integer(), nullable=True, comment="suggested: the lead it may belong to; rejected: the lead refused"),
    sa.ForeignKeyConstraint(['candidate_lead_id'], ['leads.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation', 'alias')
    )
    op.create_index(op.f('ix_lead_aliases_candidate_lead_id'), 'lead_aliases', ['candidate_lead_id'], unique=False)
    op.create_index(op.f('ix_lead_aliases_lead_id'), 'lead_aliases', ['lead_id'], unique=False)
    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('action_key', NAME, nullable=False, comment="canonical ref, else 'title:<normalised title>'"),
    sa.Column('ref', sa.String(length=32), nullable=True, comment='latest canonical ref'),
    sa.Column('title', sa.Text(), nullable=True, comment='latest title'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'action_key')
    )
    op.create_index(op.f('ix_plan_actions_plan_id'), 'plan_actions', ['plan_id'], unique=False)
    op.create_table('import_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False, comment='imported, skipped, failed, pruned'),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=True, comment='actions loaded'),
    sa.Column('error', sa.Text(), nullable=True, comment='one-line reason when failed'),
    sa.Column('warnings', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['import_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_import_files_document_id'), 'import_files', ['document_id'], unique=False)
    op.create_index(op.f('ix_import_files_run_id'), 'import_files', ['run_id'], unique=False)
    op.create_table('objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='order in the document'),
    sa.Column('ref', sa.String(length=32), nullable=True, comment="canonical objective ref, e.g. '1.4'"),
    sa.Column('text', sa.Text(), nullable=False, comment='objective / desired outcome text'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_objectives_document_id'), 'objectives', ['document_id'], unique=False)
    op.create_table('sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='order in the document'),
    sa.Column('ref', sa.String(length=32), nullable=True, comment="canonical section ref, e.g. '1'"),
    sa.Column('title', sa.Text(), nullable=False, comment='section / priority / theme heading'),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='priority, section or theme'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_sections_document_id'), 'sections', ['document_id'], unique=False)
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='order in the document'),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('plan_action_id', sa.Integer(), nullable=True, comment='identity across editions'),
    sa.Column('theme', sa.Text(), nullable=True, comment='theme heading above the action'),
    sa.Column('ref', sa.String(length=32), nullable=True, comment="canonical ref, e.g. '1.1.1'"),
    sa.Column('ref_raw', sa.String(length=64), nullable=True, comment="ref as printed, e.g. 'I.1.1'"),
    sa.Column('title', sa.Text(), nullable=False, comment='the action (or objective row) text'),
    sa.Column('lead_raw', sa.Text(), nullable=True, comment='lead cell as printed'),
    sa.Column('timeframe_raw', sa.Text(), nullable=True, comment='timeframe cell as printed'),
    sa.Column('start_month', sa.String(length=7), nullable=True, comment='YYYY-MM'),
    sa.Column('due_month', sa.String(length=7), nullable=True, comment='YYYY-MM'),
    sa.Column('measures', sa.Text(), nullable=True, comment='success measures text'),
    sa.Column('status_raw', sa.Text(), nullable=True, comment='status cell as printed'),
    sa.Column('status', sa.String(length=16), nullable=True, comment='canonical status (see STATUS_VALUES)'),
    sa.Column('status_confidence', sa.Float(), nullable=True, comment='classifier confidence 0..1'),
    sa.Column('update_text', sa.Text(), nullable=True, comment='progress update / outcome text'),
    sa.Column('rag', sa.String(length=8), nullable=True, comment='green, amber, red, blue, grey'),
    sa.Column('page_first', sa.Integer(), nullable=True),
    sa.Column('page_last', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_action_id'], ['plan_actions.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_actions_document_id'), 'actions', ['document_id'], unique=False)
    op.create_index(op.f('ix_actions_due_month'), 'actions', ['due_month'], unique=False)
    op.create_index(op.f('ix_actions_objective_id'), 'actions', ['objective_id'], unique=False)
    op.create_index(op.f('ix_actions_plan_action_id'), 'actions', ['plan_action_id'], unique=False)
    op.create_index(op.f('ix_actions_ref'), 'actions', ['ref'], unique=False)
    op.create_index(op.f('ix_actions_section_id'), 'actions', ['section_id'], unique=False)
    op.create_index(op.f('ix_actions_status'), 'actions', ['status'], unique=False)
    op.create_table('action_leads',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('alias_id', sa.Integer(), nullable=False, comment='the alias as written; its lead is the canonical one'),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['alias_id'], ['lead_aliases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'position')
    )
    op.create_index(op.f('ix_action_leads_alias_id'), 'action_leads', ['alias_id'], unique=False)
    op.create_table('action_months',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False, comment='active month YYYY-MM'),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'month')
    )
    op.create_table('action_steps',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False, comment='one step (bullet) of the action'),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'position')
    )
    op.create_table('risk_refs',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False, comment='risk register reference'),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'position')
    )
    op.create_table('targets',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False, comment='target as written'),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=True, comment='%, days, count, …'),
    sa.Column('direction', sa.String(length=16), nullable=True, comment='at_least, increase, reduce, at_most'),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'position')
    )
    views.create_views(op.execute, op.get_bind().dialect.name, cells=False)  # 0005 adds the cells


def downgrade() -> None:
    views.drop_views(op.execute)
    for table in (
        "targets", "risk_refs", "action_steps", "action_months", "action_leads", "actions",
        "sections", "objectives", "import_files", "plan_actions", "lead_aliases", "documents",
        "plans", "leads", "import_runs",
    ):
        op.drop_table(table)
