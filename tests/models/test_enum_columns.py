import pytest
from sqlalchemy import select, text

from counter_app.domain.lifecycle import Status
from counter_app.domain.queue import TicketStatus
from counter_app.models import Application, Ticket
from counter_app.services import queue


def test_ticket_status_is_an_enum_in_python_and_the_same_string_in_the_table(db):
    from tests.helpers import make_office

    make_office(db)
    ticket = queue.issue_ticket(db, "A")
    with db.transaction() as s:
        row = s.get(Ticket, ticket.id)
        assert row.status is TicketStatus.WAITING
        assert s.execute(text("SELECT status FROM tickets")).scalar_one() == "waiting"
        # Rows written by older versions (plain strings) read back as members.
        s.execute(text("UPDATE tickets SET status = 'no_show'"))
        s.expire_all()
        assert s.get(Ticket, ticket.id).status is TicketStatus.NO_SHOW
        assert s.execute(select(Ticket.id).where(Ticket.status == TicketStatus.NO_SHOW)
                         ).scalar_one() == ticket.id


def test_an_unknown_status_is_refused(db):
    from tests.helpers import make_office

    make_office(db)
    ticket = queue.issue_ticket(db, "A")
    with pytest.raises(Exception, match="not a valid TicketStatus|StatementError"):
        with db.transaction() as s:
            s.get(Ticket, ticket.id).status = "lost"
    assert queue.get_ticket(db, ticket.id).status is TicketStatus.WAITING


def test_application_status_column_reads_back_as_status(db):
    from counter_app.domain.roles import Role
    from counter_app.services import recording as rec
    from tests.helpers import make_office, make_user, recording

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    saved = rec.save_recording(db, clerk, recording("BARU"))
    with db.transaction() as s:
        assert s.get(Application, saved.application_id).status is Status.AWAITING_PRINT
        assert s.execute(text("SELECT status FROM applications")).scalar_one() == \
            "awaiting_print"


def test_batch_and_item_states_are_enums_and_the_same_strings_in_the_tables(db):
    import datetime as dt

    from counter_app.domain.batches import BatchStatus, ItemState
    from counter_app.domain.roles import Role
    from counter_app.models import Batch, BatchItem
    from counter_app.services import batches as b
    from counter_app.services import recording as rec
    from tests.helpers import make_office, make_user, recording

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    now = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)
    saved = rec.save_recording(db, clerk, recording("HILANG"), now=now)
    batch = b.create_batch(db, clerk, now=now)
    assert batch.status is BatchStatus.DRAFT
    assert batch.items[0].state is ItemState.PENDING
    batch = b.send_batch(db, clerk, batch.id, "Pak Joko", now=now)
    batch = b.mark_item(db, clerk, batch.id, saved.application_id, "missing", now=now)
    assert batch.status is BatchStatus.SENT and batch.items[0].state is ItemState.MISSING
    assert batch.items[0].state_label == "Hilang/tidak ada"
    assert batch.as_json()["counts"]["missing"] == 1
    with db.transaction() as s:
        assert s.execute(text("SELECT status FROM batches")).scalar_one() == "sent"
        assert s.execute(text("SELECT state FROM batch_items")).scalar_one() == "missing"
        # Rows as older versions wrote them read back as members.
        s.execute(text("UPDATE batch_items SET state = 'pending'"))
        s.expire_all()
        assert s.execute(select(BatchItem)).scalar_one().state is ItemState.PENDING
        assert s.execute(select(Batch)).scalar_one().status is BatchStatus.SENT


def test_marking_an_item_with_a_state_that_is_not_markable_changes_nothing(db):
    import datetime as dt

    from counter_app.domain.batches import ItemState
    from counter_app.domain.errors import ValidationError
    from counter_app.domain.roles import Role
    from counter_app.services import batches as b
    from counter_app.services import recording as rec
    from tests.helpers import make_office, make_user, recording

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    now = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)
    saved = rec.save_recording(db, clerk, recording("HILANG"), now=now)
    batch = b.send_batch(db, clerk, b.create_batch(db, clerk, now=now).id, "Pak Joko",
                         now=now)
    for state in ("lost", "pending", ItemState.REJECTED):
        with pytest.raises(ValidationError, match="diterima, hilang, atau dikembalikan"):
            b.mark_item(db, clerk, batch.id, saved.application_id, state, now=now)
    assert b.get_batch(db, batch.id).items[0].state is ItemState.PENDING


def test_home_visit_status_is_an_enum_and_the_same_string_in_the_table(db):
    from counter_app.domain.errors import Conflict
    from counter_app.domain.home_visit import HomeVisitStatus
    from counter_app.domain.roles import Role
    from counter_app.services import home_visits as hv
    from tests.helpers import make_office, make_user

    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    request = hv.request_home_visit(
        db, kasi, nik="1671040201900001", nama="Pak Tua", requested_by="Anaknya",
        address="Jl. Mawar 1", kelurahan_code="16.71.04.1001", needs="Tidak dapat berjalan")
    assert request.status is HomeVisitStatus.REQUESTED and request.status_label == "Diminta"
    hv.cancel_home_visit(db, kasi, request.id, "Sudah pindah domisili")
    shown = hv.list_home_visits(db, kasi, HomeVisitStatus.CANCELLED)
    assert [v.id for v in shown] == [request.id] and shown[0].status_label == "Dibatalkan"
    with pytest.raises(Conflict, match="sudah dibatalkan"):
        hv.cancel_home_visit(db, kasi, request.id, "Sekali lagi dibatalkan")
    with db.transaction() as s:
        assert s.execute(text("SELECT status FROM home_visit_requests")).scalar_one() == \
            "cancelled"


def test_outreach_packet_status_is_an_enum_and_the_same_string_in_the_table(db, tmp_path):
    from counter_app.domain.packet_status import PacketStatus
    from counter_app.models import OutreachPacket
    from counter_app.services import outreach_laptop as ol
    from counter_app.services import outreach_office as oo
    from tests.services.outreach_support import make_outreach, record_at_event

    o = make_outreach(db, tmp_path)
    record_at_event(o, 1)
    received = oo.receive_packet(db, ol.export_packet(o.laptop, o.clerk).data)
    assert [i.id for i in oo.list_inbox(db)] == [received.id]
    with db.transaction() as s:
        assert s.execute(select(OutreachPacket)).scalar_one().status is PacketStatus.INBOX
        assert s.execute(text("SELECT status FROM outreach_packets")).scalar_one() == "inbox"
    oo.import_packet(db, o.kasi, oo.inbox_packet(db, received.id), o.box)
    assert oo.list_inbox(db) == []
    with db.transaction() as s:
        assert s.execute(select(OutreachPacket)).scalar_one().status is PacketStatus.IMPORTED
        assert s.execute(text("SELECT status FROM outreach_packets")).scalar_one() == \
            "imported"


def test_a_held_recording_is_open_then_settled_as_an_enum(db, tmp_path):
    from counter_app.domain.packet_status import ConflictResolution
    from counter_app.domain.roles import Role
    from counter_app.services import outreach_laptop as ol
    from counter_app.services import outreach_office as oo
    from tests.helpers import make_user
    from tests.services.outreach_support import make_outreach, record_at_event, record_at_office

    o = make_outreach(db, tmp_path)
    record_at_office(db, make_user(db, "petugas2", Role.OPERATOR), 1)
    record_at_event(o, 1)
    oo.import_packet(db, o.kasi, ol.export_packet(o.laptop, o.clerk).data, o.box)
    (held,) = oo.list_conflicts(db, o.kasi)
    assert held.resolution is ConflictResolution.OPEN
    with db.transaction() as s:
        assert s.execute(text("SELECT resolution FROM outreach_conflicts")).scalar_one() == ""
    done = oo.resolve_conflict(db, o.kasi, held.id, "office", "Sudah direkam di loket 1")
    assert done.resolution is ConflictResolution.DISCARD
    assert oo.list_conflicts(db, o.kasi) == []
    with db.transaction() as s:
        assert s.execute(text("SELECT resolution FROM outreach_conflicts")).scalar_one() == \
            "discard"


def test_the_typed_status_columns_need_no_migration(db):
    """The models and the migrated schema agree on these columns (VARCHAR of the same
    length): the enums changed Python, not the tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from counter_app.models import Base

    tables = {"batches", "batch_items", "home_visit_requests", "outreach_packets",
              "outreach_conflicts", "tickets", "applications"}
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)

    column_changes = [entry for diff in diffs
                      for entry in (diff if isinstance(diff, list) else [diff])
                      if entry[0].startswith("modify_") and entry[2] in tables]
    assert column_changes == []
