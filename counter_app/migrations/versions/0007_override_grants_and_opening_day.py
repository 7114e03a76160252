"""Login sessions, single-use supervisor override grants, and the day the office opened.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.domain.clock import office_day
from counter_app.models.base import UtcDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('started_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_login_sessions_token_sha256'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('override_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('secret_sha256', sa.String(length=64), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('case_type', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_override_grants_application_id_applications')),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_override_grants_clerk_id_users')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_override_grants_supervisor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_override_grants')),
    sa.UniqueConstraint('secret_sha256', name=op.f('uq_override_grants_secret_sha256'))
    )
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_on', sa.Date(), nullable=True))

    # An office already in use opened on its first day of activity (or its creation).
    bind = op.get_bind()
    office = sa.table('office', sa.column('id', sa.Integer()),
                      sa.column('created_at', UtcDateTime()), sa.column('opened_on', sa.Date()))
    created = bind.execute(sa.select(office.c.created_at).where(office.c.id == 1)).scalar()
    if created is not None:
        days = [office_day(created)]
        for name in ('tickets', 'applications', 'blanko_ledger', 'batches', 'pickups',
                     'day_closures'):
            first = bind.execute(sa.select(sa.func.min(sa.table(
                name, sa.column('day', sa.Date())).c.day))).scalar()
            if first is not None:
                days.append(first)
        bind.execute(office.update().where(office.c.id == 1).values(opened_on=min(days)))
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.alter_column('opened_on', existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('opened_on')
    op.drop_table('override_grants')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
