"""The cases a real counter meets: NIK disagreements, luar domisili, WNA, IKD.

Adds to applications the disagreements with the NIK (and who approved them), the
route's reason, whether the address is outside this kecamatan, and a WNA card's end
date; a table of IKD activations; and the queue service "E Aktivasi IKD", served by
every counter until an admin says otherwise (and switched off by an admin at will).

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None

IKD_SERVICE = ("E", "Aktivasi IKD",
               "Bawa KTP-el dan ponsel pintar dengan e-mail atau nomor HP yang aktif.")


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nik_mismatch', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('nik_mismatch_approved_by', sa.Integer(),
                                      nullable=True))
        batch_op.add_column(sa.Column('route_reason', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('outside_domicile', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('valid_until', sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_applications_nik_mismatch_approved_by_users'), 'users',
            ['nik_mismatch_approved_by'], ['id'])
    op.create_table('ikd_activations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('phone_model', sa.String(length=80), nullable=False),
    sa.Column('activated', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_ikd_activations_recorded_by_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ikd_activations_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ikd_activations'))
    )
    with op.batch_alter_table('ikd_activations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ikd_activations_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_ikd_activations_nik'), ['nik'], unique=False)

    # Existing rows: the reason their route had before this revision.
    op.execute("UPDATE applications SET route_reason = CASE case_type "
               "WHEN 'BARU' THEN 'pemohon baru (pemula)' "
               "WHEN 'HILANG' THEN 'penggantian KTP-el (hilang)' "
               "WHEN 'RUSAK' THEN 'penggantian KTP-el (rusak)' "
               "ELSE 'perubahan elemen data' END")
    bind = op.get_bind()
    exists = bind.execute(sa.text("SELECT COUNT(*) FROM queue_services WHERE prefix = 'E'")
                          ).scalar()
    if not exists:
        order = bind.execute(sa.text("SELECT COALESCE(MAX(sort_order), 0) + 1 "
                                     "FROM queue_services")).scalar()
        prefix, name, hint = IKD_SERVICE
        bind.execute(sa.text(
            "INSERT INTO queue_services (prefix, name, prepare_hint, active, sort_order) "
            "VALUES (:prefix, :name, :hint, :active, :order)"),
            {"prefix": prefix, "name": name, "hint": hint, "active": True, "order": order})
        op.execute(
            "INSERT INTO counter_services (counter_id, service_id) "
            "SELECT counters.id, queue_services.id FROM counters CROSS JOIN queue_services "
            "WHERE queue_services.prefix = 'E'")


def downgrade() -> None:
    op.execute("DELETE FROM counter_services WHERE service_id IN "
               "(SELECT id FROM queue_services WHERE prefix = 'E' AND id NOT IN "
               "(SELECT service_id FROM tickets UNION SELECT issued_service_id FROM tickets))")
    op.execute("DELETE FROM queue_services WHERE prefix = 'E' AND id NOT IN "
               "(SELECT service_id FROM tickets UNION SELECT issued_service_id FROM tickets)")
    with op.batch_alter_table('ikd_activations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ikd_activations_nik'))
        batch_op.drop_index(batch_op.f('ix_ikd_activations_day'))
    op.drop_table('ikd_activations')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_nik_mismatch_approved_by_users'),
                                 type_='foreignkey')
        batch_op.drop_column('valid_until')
        batch_op.drop_column('outside_domicile')
        batch_op.drop_column('route_reason')
        batch_op.drop_column('nik_mismatch_approved_by')
        batch_op.drop_column('nik_mismatch')
