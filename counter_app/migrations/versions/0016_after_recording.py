"""After recording (issue 11): rejections, returns, uncollected cards, linked applications.

Adds to applications Disdukcapil's rejection (a reason code and the clerk's text), the
application a new one was opened from, and the storage place of an archived
uncollected card.

Revision ID: 0016
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reject_code', sa.String(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('reject_note', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('previous_application_id', sa.Integer(),
                                      nullable=True))
        batch_op.add_column(sa.Column('archive_place', sa.String(length=120),
                                      nullable=False, server_default=''))
        batch_op.create_foreign_key(
            batch_op.f('fk_applications_previous_application_id_applications'),
            'applications', ['previous_application_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_applications_previous_application_id_applications'),
            type_='foreignkey')
        batch_op.drop_column('archive_place')
        batch_op.drop_column('previous_application_id')
        batch_op.drop_column('reject_note')
        batch_op.drop_column('reject_code')
