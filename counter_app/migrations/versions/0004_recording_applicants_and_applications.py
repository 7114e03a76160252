"""Applicants, applications with documents and biometrics, drafts, outreach events,
signing keys and the daily slip sequence.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('applicants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kk', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=120), nullable=False),
    sa.Column('tempat_lahir', sa.String(length=60), nullable=False),
    sa.Column('tanggal_lahir', sa.Date(), nullable=False),
    sa.Column('jenis_kelamin', sa.String(length=1), nullable=False),
    sa.Column('golongan_darah', sa.String(length=12), nullable=False),
    sa.Column('agama', sa.String(length=40), nullable=False),
    sa.Column('status_perkawinan', sa.String(length=20), nullable=False),
    sa.Column('pekerjaan', sa.String(length=60), nullable=False),
    sa.Column('kewarganegaraan', sa.String(length=3), nullable=False),
    sa.Column('alamat', sa.String(length=200), nullable=False),
    sa.Column('rt', sa.String(length=3), nullable=False),
    sa.Column('rw', sa.String(length=3), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=13), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('updated_at', UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applicants')),
    sa.UniqueConstraint('nik', name=op.f('uq_applicants_nik'))
    )
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applicants_kk'), ['kk'], unique=False)

    op.create_table('signing_keys',
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('retired_at', UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_signing_keys'))
    )
    op.create_table('slip_sequences',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_slip_sequences'))
    )
    op.create_table('outreach_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_outreach_events_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_events'))
    )
    op.create_table('recording_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('updated_at', UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_recording_drafts_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recording_drafts'))
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slip_number', sa.String(length=24), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('outreach_event_id', sa.Integer(), nullable=True),
    sa.Column('case_type', sa.String(length=16), nullable=False),
    sa.Column('changed_elements', sa.Text(), nullable=False),
    sa.Column('route', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('eligibility', sa.String(length=16), nullable=False),
    sa.Column('printable_from', sa.Date(), nullable=False),
    sa.Column('expected_ready', sa.Date(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('recorded_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('old_data', sa.Text(), nullable=False),
    sa.Column('override_by', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('biometric_exceptions', sa.Integer(), nullable=False),
    sa.Column('slip_print_count', sa.Integer(), nullable=False),
    sa.Column('status_changed_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicants.id'], name=op.f('fk_applications_applicant_id_applicants')),
    sa.ForeignKeyConstraint(['outreach_event_id'], ['outreach_events.id'], name=op.f('fk_applications_outreach_event_id_outreach_events')),
    sa.ForeignKeyConstraint(['override_by'], ['users.id'], name=op.f('fk_applications_override_by_users')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_applications_recorded_by_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_applications_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('slip_number', name=op.f('uq_applications_slip_number'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_status'), ['status'], unique=False)

    op.create_table('application_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('provided', sa.Boolean(), nullable=False),
    sa.Column('surrendered', sa.Boolean(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_documents_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_documents'))
    )
    with op.batch_alter_table('application_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_documents_application_id'), ['application_id'], unique=False)

    op.create_table('biometrics',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('modalities', sa.Text(), nullable=False),
    sa.Column('exception_photo', sa.LargeBinary(), nullable=True),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_biometrics_application_id_applications')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_biometrics'))
    )


def downgrade() -> None:
    op.drop_table('biometrics')
    with op.batch_alter_table('application_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_documents_application_id'))

    op.drop_table('application_documents')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_status'))
        batch_op.drop_index(batch_op.f('ix_applications_day'))
        batch_op.drop_index(batch_op.f('ix_applications_applicant_id'))

    op.drop_table('applications')
    op.drop_table('recording_drafts')
    op.drop_table('outreach_events')
    op.drop_table('slip_sequences')
    op.drop_table('signing_keys')
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applicants_kk'))

    op.drop_table('applicants')

