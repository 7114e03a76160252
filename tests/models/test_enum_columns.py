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
