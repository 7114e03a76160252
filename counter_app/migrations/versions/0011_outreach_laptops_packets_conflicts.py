"""Jemput bola: paired laptops, packets, held conflicts, a laptop's pairing and records.

Also the identity that lets a recording or an event be imported once only, and the
place and team of an outreach event.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outreach_office_keys',
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('box_public', sa.String(length=64), nullable=False),
    sa.Column('sign_public', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_outreach_office_keys'))
    )
    op.create_table('outreach_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('laptop_code', sa.String(length=3), nullable=False),
    sa.Column('laptop_name', sa.String(length=100), nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('pairing_id', sa.String(length=36), nullable=False),
    sa.Column('office_code', sa.String(length=6), nullable=False),
    sa.Column('office_title', sa.String(length=200), nullable=False),
    sa.Column('office_key_id', sa.String(length=8), nullable=False),
    sa.Column('office_box_public', sa.String(length=64), nullable=False),
    sa.Column('office_sign_public', sa.String(length=64), nullable=False),
    sa.Column('joined_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.Column('last_confirmed_sequence', sa.Integer(), nullable=False),
    sa.Column('audit_seq_confirmed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_profile'))
    )
    op.create_table('outreach_laptops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('pairing_id', sa.String(length=36), nullable=False),
    sa.Column('paired_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('paired_by', sa.Integer(), nullable=False),
    sa.Column('revoked_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['signing_keys.key_id'], name=op.f('fk_outreach_laptops_key_id_signing_keys')),
    sa.ForeignKeyConstraint(['paired_by'], ['users.id'], name=op.f('fk_outreach_laptops_paired_by_users')),
    sa.ForeignKeyConstraint(['revoked_by'], ['users.id'], name=op.f('fk_outreach_laptops_revoked_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_laptops')),
    sa.UniqueConstraint('code', name=op.f('uq_outreach_laptops_code')),
    sa.UniqueConstraint('key_id', name=op.f('uq_outreach_laptops_key_id')),
    sa.UniqueConstraint('pairing_id', name=op.f('uq_outreach_laptops_pairing_id'))
    )
    op.create_table('outreach_packets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('laptop_key_id', sa.String(length=8), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('received_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('imported_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('laptop_audit', sa.Text(), nullable=False),
    sa.Column('confirmation', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by'], ['users.id'], name=op.f('fk_outreach_packets_imported_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_packets')),
    sa.UniqueConstraint('sha256', name=op.f('uq_outreach_packets_sha256'))
    )
    with op.batch_alter_table('outreach_packets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_packets_laptop_key_id'), ['laptop_key_id'], unique=False)

    op.create_table('outreach_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('laptop_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=120), nullable=False),
    sa.Column('slip_number', sa.String(length=24), nullable=False),
    sa.Column('existing_application_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('held_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolved_application_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['outreach_events.id'], name=op.f('fk_outreach_conflicts_event_id_outreach_events')),
    sa.ForeignKeyConstraint(['existing_application_id'], ['applications.id'], name=op.f('fk_outreach_conflicts_existing_application_id_applications')),
    sa.ForeignKeyConstraint(['laptop_id'], ['outreach_laptops.id'], name=op.f('fk_outreach_conflicts_laptop_id_outreach_laptops')),
    sa.ForeignKeyConstraint(['resolved_application_id'], ['applications.id'], name=op.f('fk_outreach_conflicts_resolved_application_id_applications')),
    sa.ForeignKeyConstraint(['resolved_by'], ['users.id'], name=op.f('fk_outreach_conflicts_resolved_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_conflicts')),
    sa.UniqueConstraint('uid', name=op.f('uq_outreach_conflicts_uid'))
    )
    with op.batch_alter_table('outreach_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_conflicts_nik'), ['nik'], unique=False)

    op.create_table('outreach_records',
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('case_type', sa.String(length=16), nullable=False),
    sa.Column('route', sa.String(length=8), nullable=False),
    sa.Column('exported_sequence', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('purged_at', UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_outreach_records_application_id_applications')),
    sa.ForeignKeyConstraint(['event_id'], ['outreach_events.id'], name=op.f('fk_outreach_records_event_id_outreach_events')),
    sa.PrimaryKeyConstraint('uid', name=op.f('pk_outreach_records'))
    )
    with op.batch_alter_table('outreach_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_records_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_records_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_records_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outreach_uid', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_applications_outreach_uid'), ['outreach_uid'])

    with op.batch_alter_table('outreach_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('team', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('laptop_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_outreach_events_uid'), ['uid'])
        batch_op.create_foreign_key(batch_op.f('fk_outreach_events_laptop_id_outreach_laptops'), 'outreach_laptops', ['laptop_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('outreach_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outreach_events_laptop_id_outreach_laptops'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_outreach_events_uid'), type_='unique')
        batch_op.drop_column('laptop_id')
        batch_op.drop_column('team')
        batch_op.drop_column('place')
        batch_op.drop_column('uid')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_applications_outreach_uid'), type_='unique')
        batch_op.drop_column('outreach_uid')

    with op.batch_alter_table('outreach_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_records_event_id'))
        batch_op.drop_index(batch_op.f('ix_outreach_records_day'))
        batch_op.drop_index(batch_op.f('ix_outreach_records_application_id'))

    op.drop_table('outreach_records')
    with op.batch_alter_table('outreach_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_conflicts_nik'))

    op.drop_table('outreach_conflicts')
    with op.batch_alter_table('outreach_packets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_packets_laptop_key_id'))

    op.drop_table('outreach_packets')
    op.drop_table('outreach_laptops')
    op.drop_table('outreach_profile')
    op.drop_table('outreach_office_keys')
