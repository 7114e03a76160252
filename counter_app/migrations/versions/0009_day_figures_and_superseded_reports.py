"""Each closed day's figures in mergeable form, and reports superseded by a reopen.

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-29

Days closed before this revision have no archived figures: range recaps compute them
from the tables (the same figures, only slower) until a day is reopened and closed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_json', sa.Text(), nullable=True))

    op.create_table('superseded_day_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('closed_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=False),
    sa.Column('report_pdf', sa.LargeBinary(), nullable=False),
    sa.Column('report_sha256', sa.String(length=64), nullable=False),
    sa.Column('report_json', sa.Text(), nullable=False),
    sa.Column('reopened_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('reopened_by', sa.Integer(), nullable=False),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'],
                            name=op.f('fk_superseded_day_reports_closed_by_users')),
    sa.ForeignKeyConstraint(['reopened_by'], ['users.id'],
                            name=op.f('fk_superseded_day_reports_reopened_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_superseded_day_reports'))
    )
    with op.batch_alter_table('superseded_day_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_superseded_day_reports_day'), ['day'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('superseded_day_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_superseded_day_reports_day'))

    op.drop_table('superseded_day_reports')
    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.drop_column('figures_json')
