"""Blanko ledger and stock row, SUKET letters, batches to Disdukcapil, and pickups.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blanko_stock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('balance', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blanko_stock'))
    )
    op.create_table('batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('sent_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('sent_by', sa.Integer(), nullable=True),
    sa.Column('courier', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_batches_created_by_users')),
    sa.ForeignKeyConstraint(['sent_by'], ['users.id'], name=op.f('fk_batches_sent_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches')),
    sa.UniqueConstraint('number', name=op.f('uq_batches_number'))
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_day'), ['day'], unique=False)

    op.create_table('batch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('changed_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_batch_items_application_id_applications')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_items_batch_id_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_items')),
    sa.UniqueConstraint('batch_id', 'application_id', name=op.f('uq_batch_items_batch_id'))
    )
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batch_items_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_batch_items_batch_id'), ['batch_id'], unique=False)

    op.create_table('blanko_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('blanko_serial', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_blanko_ledger_application_id_applications')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_blanko_ledger_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blanko_ledger'))
    )
    with op.batch_alter_table('blanko_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blanko_ledger_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_blanko_ledger_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_blanko_ledger_day'), ['day'], unique=False)

    op.create_table('pickups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('handed_by', sa.Integer(), nullable=False),
    sa.Column('receiver', sa.String(length=8), nullable=False),
    sa.Column('receiver_name', sa.String(length=120), nullable=False),
    sa.Column('receiver_nik', sa.String(length=16), nullable=False),
    sa.Column('slip_lost', sa.Boolean(), nullable=False),
    sa.Column('identity_note', sa.Text(), nullable=False),
    sa.Column('surrendered', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_pickups_application_id_applications')),
    sa.ForeignKeyConstraint(['handed_by'], ['users.id'], name=op.f('fk_pickups_handed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pickups')),
    sa.UniqueConstraint('application_id', name=op.f('uq_pickups_application_id'))
    )
    with op.batch_alter_table('pickups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pickups_day'), ['day'], unique=False)

    op.create_table('sukets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=28), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('signer_name', sa.String(length=100), nullable=False),
    sa.Column('signer_nip', sa.String(length=30), nullable=False),
    sa.Column('voided_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_sukets_application_id_applications')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_sukets_issued_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sukets')),
    sa.UniqueConstraint('application_id', name=op.f('uq_sukets_application_id')),
    sa.UniqueConstraint('number', name=op.f('uq_sukets_number'))
    )
    # The one stock row starts at zero; the first receipt of blanko raises it.
    op.execute(sa.text("INSERT INTO blanko_stock (id, balance) VALUES (1, 0)"))


def downgrade() -> None:
    op.drop_table('sukets')
    with op.batch_alter_table('pickups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pickups_day'))

    op.drop_table('pickups')
    with op.batch_alter_table('blanko_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blanko_ledger_day'))
        batch_op.drop_index(batch_op.f('ix_blanko_ledger_at'))
        batch_op.drop_index(batch_op.f('ix_blanko_ledger_application_id'))

    op.drop_table('blanko_ledger')
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batch_items_batch_id'))
        batch_op.drop_index(batch_op.f('ix_batch_items_application_id'))

    op.drop_table('batch_items')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_day'))

    op.drop_table('batches')
    op.drop_table('blanko_stock')
