"""Signed audit heads, the signed head archived at day close, key revocation.

Revision ID: 0016
Revises: 0015 (the lead re-chains on merge)
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head_signatures',
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('signed_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['signing_keys.key_id'],
                            name=op.f('fk_audit_head_signatures_key_id_signing_keys')),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_audit_head_signatures'))
    )
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsigned_upto', sa.Integer(), nullable=False,
                                      server_default='0'))
    # Rows written before this revision carry no signed head; the first write after the
    # upgrade signs the head, which covers them from then on.
    op.execute("UPDATE audit_head SET unsigned_upto = seq")

    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('audit_hash', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('audit_key_id', sa.String(length=8), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('audit_signature', sa.String(length=128),
                                      nullable=False, server_default=''))

    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revoke_reason', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_signing_keys_revoked_by_users'), 'users',
                                    ['revoked_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_signing_keys_revoked_by_users'),
                                 type_='foreignkey')
        batch_op.drop_column('revoke_reason')
        batch_op.drop_column('revoked_by')
        batch_op.drop_column('revoked_at')

    with op.batch_alter_table('day_closures', schema=None) as batch_op:
        batch_op.drop_column('audit_signature')
        batch_op.drop_column('audit_key_id')
        batch_op.drop_column('audit_hash')
        batch_op.drop_column('audit_seq')

    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('unsigned_upto')

    op.drop_table('audit_head_signatures')
