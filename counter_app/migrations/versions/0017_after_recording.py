"""After recording (issue 11): rejections, returns, uncollected cards, linked applications.

Adds to applications Disdukcapil's rejection (a reason code and the clerk's text), the
application a new one was opened from, and the storage place of an archived
uncollected card; lets an application have several SUKETs (a renewal is a new one
linked to the old), noting whether it was signed on behalf of the head of Disdukcapil;
and the queue service "F Cetak bagi yang sudah rekam" (PRR), served
by every counter until an admin says otherwise (and renamable like any service).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

PRR_SERVICE = ("F", "Cetak bagi yang sudah rekam",
               "Bawa KK asli. Tidak perlu rekam ulang bila sudah pernah rekam.")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite (foreign_keys=ON) re-creating
    # applications would fail on DROP TABLE as soon as any row refers to one (a SUKET, a
    # pickup, biometrics). SQLite cannot add the self-reference as a constraint to an
    # existing table; the other databases get it.
    op.add_column('applications', sa.Column('reject_code', sa.String(length=20),
                                            nullable=False, server_default=''))
    op.add_column('applications', sa.Column('reject_note', sa.Text(), nullable=False,
                                            server_default=''))
    op.add_column('applications', sa.Column('previous_application_id', sa.Integer(),
                                            nullable=True))
    op.add_column('applications', sa.Column('archive_place', sa.String(length=120),
                                            nullable=False, server_default=''))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key(op.f('fk_applications_previous_application_id_applications'),
                              'applications', 'applications', ['previous_application_id'],
                              ['id'])
    with op.batch_alter_table('sukets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_sukets_application_id'), type_='unique')
        batch_op.create_index(batch_op.f('ix_sukets_application_id'), ['application_id'],
                              unique=False)
        batch_op.add_column(sa.Column('previous_suket_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_behalf', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_foreign_key(batch_op.f('fk_sukets_previous_suket_id_sukets'),
                                    'sukets', ['previous_suket_id'], ['id'])
    bind = op.get_bind()
    exists = bind.execute(sa.text("SELECT COUNT(*) FROM queue_services WHERE prefix = 'F'")
                          ).scalar()
    if not exists:
        order = bind.execute(sa.text("SELECT COALESCE(MAX(sort_order), 0) + 1 "
                                     "FROM queue_services")).scalar()
        prefix, name, hint = PRR_SERVICE
        bind.execute(sa.text(
            "INSERT INTO queue_services (prefix, name, prepare_hint, active, sort_order) "
            "VALUES (:prefix, :name, :hint, :active, :order)"),
            {"prefix": prefix, "name": name, "hint": hint, "active": True, "order": order})
        op.execute(
            "INSERT INTO counter_services (counter_id, service_id) "
            "SELECT counters.id, queue_services.id FROM counters CROSS JOIN queue_services "
            "WHERE queue_services.prefix = 'F'")


def downgrade() -> None:
    op.execute("DELETE FROM counter_services WHERE service_id IN "
               "(SELECT id FROM queue_services WHERE prefix = 'F' AND id NOT IN "
               "(SELECT service_id FROM tickets UNION SELECT issued_service_id FROM tickets))")
    op.execute("DELETE FROM queue_services WHERE prefix = 'F' AND id NOT IN "
               "(SELECT service_id FROM tickets UNION SELECT issued_service_id FROM tickets)")
    with op.batch_alter_table('sukets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sukets_previous_suket_id_sukets'),
                                 type_='foreignkey')
        batch_op.drop_column('on_behalf')
        batch_op.drop_column('previous_suket_id')
        batch_op.drop_index(batch_op.f('ix_sukets_application_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_sukets_application_id'),
                                          ['application_id'])
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_applications_previous_application_id_applications'),
                           'applications', type_='foreignkey')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('archive_place')
        batch_op.drop_column('previous_application_id')
        batch_op.drop_column('reject_note')
        batch_op.drop_column('reject_code')
