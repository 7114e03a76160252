"""The day-close archive, and when each card became ready for pickup.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_closures',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('closed_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=False),
    sa.Column('report_pdf', sa.LargeBinary(), nullable=False),
    sa.Column('report_sha256', sa.String(length=64), nullable=False),
    sa.Column('report_json', sa.Text(), nullable=False),
    sa.Column('unlocked_until', UtcDateTime(timezone=True), nullable=True),
    sa.Column('unlocked_by', sa.Integer(), nullable=True),
    sa.Column('unlock_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_day_closures_closed_by_users')),
    sa.ForeignKeyConstraint(['unlocked_by'], ['users.id'], name=op.f('fk_day_closures_unlocked_by_users')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_day_closures'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_at', UtcDateTime(timezone=True), nullable=True))

    # Cards already ready: their last status change is when they became ready.
    op.execute("UPDATE applications SET ready_at = status_changed_at "
               "WHERE status = 'ready_for_pickup'")


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('ready_at')

    op.drop_table('day_closures')
