"""Coverage: the resident list and its imports, recorded-elsewhere notes, the contact
log, disabilities recorded with consent, home-visit requests and outreach plans.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('residents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kk', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=120), nullable=False),
    sa.Column('tanggal_lahir', sa.Date(), nullable=False),
    sa.Column('jenis_kelamin', sa.String(length=1), nullable=False),
    sa.Column('status_perkawinan', sa.String(length=20), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=13), nullable=False),
    sa.Column('rt', sa.String(length=3), nullable=False),
    sa.Column('rw', sa.String(length=3), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('disabilities', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('recorded_per_list', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residents')),
    sa.UniqueConstraint('nik', name=op.f('uq_residents_nik'))
    )
    op.create_table('contact_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contact_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_log'))
    )
    with op.batch_alter_table('contact_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_log_nik'), ['nik'], unique=False)

    op.create_table('recorded_elsewhere',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('noted_by', sa.Integer(), nullable=False),
    sa.Column('noted_at', UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['noted_by'], ['users.id'], name=op.f('fk_recorded_elsewhere_noted_by_users')),
    sa.PrimaryKeyConstraint('nik', name=op.f('pk_recorded_elsewhere'))
    )
    op.create_table('resident_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('imported_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('figures_at_import', sa.Text(), nullable=False),
    sa.Column('figures_at_replacement', sa.Text(), nullable=False),
    sa.Column('replaced_at', UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['imported_by'], ['users.id'], name=op.f('fk_resident_imports_imported_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_imports'))
    )
    op.create_table('outreach_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outreach_event_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_outreach_plans_created_by_users')),
    sa.ForeignKeyConstraint(['outreach_event_id'], ['outreach_events.id'], name=op.f('fk_outreach_plans_outreach_event_id_outreach_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_plans')),
    sa.UniqueConstraint('outreach_event_id', name=op.f('uq_outreach_plans_outreach_event_id'))
    )
    op.create_table('application_disabilities',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kinds', sa.String(length=60), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_disabilities_application_id_applications')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_application_disabilities'))
    )
    op.create_table('home_visit_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=120), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requester_phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=13), nullable=False),
    sa.Column('needs', sa.Text(), nullable=False),
    sa.Column('planned_date', sa.Date(), nullable=True),
    sa.Column('team', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('outreach_event_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_home_visit_requests_application_id_applications')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_home_visit_requests_created_by_users')),
    sa.ForeignKeyConstraint(['outreach_event_id'], ['outreach_events.id'], name=op.f('fk_home_visit_requests_outreach_event_id_outreach_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_visit_requests'))
    )
    with op.batch_alter_table('home_visit_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_home_visit_requests_nik'), ['nik'], unique=False)

    op.create_table('outreach_plan_targets',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=120), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=13), nullable=False),
    sa.Column('rt', sa.String(length=3), nullable=False),
    sa.Column('rw', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['outreach_plans.id'], name=op.f('fk_outreach_plan_targets_plan_id_outreach_plans')),
    sa.PrimaryKeyConstraint('plan_id', 'nik', name=op.f('pk_outreach_plan_targets'))
    )


def downgrade() -> None:
    op.drop_table('outreach_plan_targets')
    with op.batch_alter_table('home_visit_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_home_visit_requests_nik'))

    op.drop_table('home_visit_requests')
    op.drop_table('application_disabilities')
    op.drop_table('outreach_plans')
    op.drop_table('resident_imports')
    op.drop_table('recorded_elsewhere')
    with op.batch_alter_table('contact_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_log_nik'))

    op.drop_table('contact_log')
    op.drop_table('residents')
