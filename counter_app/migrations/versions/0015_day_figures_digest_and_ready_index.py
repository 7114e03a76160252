"""The archived day figures' SHA-256, and an index for counting cards waiting for pickup.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29

A closed day whose figures have no digest (closed before this revision) is read from
the tables by range recaps until it is reopened and closed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_sha256', sa.String(length=64), nullable=True))
    # Recaps count the cards waiting for pickup at a date from this index alone.
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_ready_at_status', ['ready_at', 'status'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_ready_at_status')
    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.drop_column('figures_sha256')
