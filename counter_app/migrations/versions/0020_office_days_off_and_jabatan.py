"""Office days off and the user's position (issue 13).

``office_days_off``: days the office is closed beyond weekends and Indonesian public
holidays (added by an admin), skipped when a slip gives the expected ready date.
``users.jabatan``: the position printed with the NIP under the closing officer's
signature on the daily report.

Numbered 0020 after 0017 by agreement: other branches of issue 13 may take 0018-0019;
the lead orders the chain when merging.

Revision ID: 0020
Revises: 0017
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0020'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'office_days_off',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=120), nullable=False),
        sa.Column('added_by', sa.Integer(), nullable=False),
        sa.Column('added_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['added_by'], ['users.id'],
                                name=op.f('fk_office_days_off_added_by_users')),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_office_days_off')),
    )
    # Plain ADD COLUMN (see 0017): no batch copy of a table other rows refer to.
    op.add_column('users', sa.Column('jabatan', sa.String(length=100), nullable=False,
                                     server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('jabatan')
    op.drop_table('office_days_off')
