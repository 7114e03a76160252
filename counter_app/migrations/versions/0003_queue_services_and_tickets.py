"""Queue services (with the four defaults), counters' services, tickets and their events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.models.base import UtcDateTime

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


DEFAULT_SERVICES = [
    ("A", "Perekaman KTP-el", "Bawa Kartu Keluarga (KK) asli atau fotokopi.", 1),
    ("B", "Penggantian KTP-el",
     "Bawa KK, KTP-el lama/rusak, atau surat kehilangan dari kepolisian.", 2),
    ("C", "Pengambilan KTP-el", "Bawa tanda terima (slip) dan KTP-el lama bila ada.", 3),
    ("D", "Informasi dan layanan lain", "Siapkan dokumen yang berkaitan.", 4),
]


def upgrade() -> None:

    op.create_table('queue_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('prepare_hint', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_services')),
    sa.UniqueConstraint('prefix', name=op.f('uq_queue_services_prefix'))
    )
    op.create_table('counter_services',
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_services_counter_id_counters')),
    sa.ForeignKeyConstraint(['service_id'], ['queue_services.id'], name=op.f('fk_counter_services_service_id_queue_services')),
    sa.PrimaryKeyConstraint('counter_id', 'service_id', name=op.f('pk_counter_services'))
    )
    op.create_table('queue_sequences',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['queue_services.id'], name=op.f('fk_queue_sequences_service_id_queue_services')),
    sa.PrimaryKeyConstraint('service_id', 'day', name=op.f('pk_queue_sequences'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('issued_service_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('issued_at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('target_counter_id', sa.Integer(), nullable=True),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('served_by', sa.Integer(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('first_called_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_called_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('service_started_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('no_show_at', UtcDateTime(timezone=True), nullable=True),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_tickets_counter_id_counters')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_tickets_issued_by_users')),
    sa.ForeignKeyConstraint(['issued_service_id'], ['queue_services.id'], name=op.f('fk_tickets_issued_service_id_queue_services')),
    sa.ForeignKeyConstraint(['served_by'], ['users.id'], name=op.f('fk_tickets_served_by_users')),
    sa.ForeignKeyConstraint(['service_id'], ['queue_services.id'], name=op.f('fk_tickets_service_id_queue_services')),
    sa.ForeignKeyConstraint(['target_counter_id'], ['counters.id'], name=op.f('fk_tickets_target_counter_id_counters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('issued_service_id', 'day', 'seq', name=op.f('uq_tickets_issued_service_id'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_counter_id'), ['counter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_status'), ['status'], unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_ticket_events_counter_id_counters')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_events_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ticket_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)

    # The four default services; every existing counter serves all of them until an
    # admin says otherwise.
    services = sa.table(
        "queue_services", sa.column("id", sa.Integer), sa.column("prefix", sa.String),
        sa.column("name", sa.String), sa.column("prepare_hint", sa.String),
        sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(services, [
        {"id": order, "prefix": prefix, "name": name, "prepare_hint": hint, "active": True,
         "sort_order": order}
        for prefix, name, hint, order in DEFAULT_SERVICES
    ])
    op.execute(
        "INSERT INTO counter_services (counter_id, service_id) "
        "SELECT counters.id, queue_services.id FROM counters CROSS JOIN queue_services"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids above: move the sequence past them for services an admin adds.
        op.execute("SELECT setval(pg_get_serial_sequence('queue_services', 'id'), "
                   "(SELECT MAX(id) FROM queue_services))")


def downgrade() -> None:

    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))

    op.drop_table('ticket_events')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_status'))
        batch_op.drop_index(batch_op.f('ix_tickets_day'))
        batch_op.drop_index(batch_op.f('ix_tickets_counter_id'))

    op.drop_table('tickets')
    op.drop_table('queue_sequences')
    op.drop_table('counter_services')
    op.drop_table('queue_services')

