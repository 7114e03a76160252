"""Two PCs of one counter (or a double press) act at once: they take turns (PostgreSQL).

Found by a hostile review: both could call next, leaving two tickets at one counter,
and "tidak hadir" on one PC overwrote a ticket the other had just finished.
"""

import threading
import time

import pytest
from sqlalchemy import create_engine, select, text

from counter_app.domain.errors import Conflict
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role
from counter_app.models import Ticket, TicketEvent
from counter_app.services import queue as q
from tests.helpers import make_office, make_user


@pytest.fixture
def clerk(db):
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: the actions cannot overlap")
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR)


def at_once(db_url, first, second):
    """Run ``first`` until it waits for the audit head's lock, start ``second``, let go."""
    holder = create_engine(db_url)
    results = {}

    def run(name, action):
        try:
            results[name] = action()
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            results[name] = exc

    try:
        with holder.connect() as conn:
            conn.execute(text("UPDATE audit_head SET seq = seq"))  # holds every writer
            one = threading.Thread(target=run, args=("first", first))
            one.start()
            time.sleep(0.7)
            two = threading.Thread(target=run, args=("second", second))
            two.start()
            time.sleep(0.7)
            conn.rollback()
        one.join(20)
        two.join(20)
    finally:
        holder.dispose()
    return results


def test_two_pcs_of_one_counter_calling_at_once_get_one_ticket(db_url, db, clerk):
    counter = q.counters(db)[0][0]
    q.issue_ticket(db, "A")
    q.issue_ticket(db, "A")
    results = at_once(db_url, lambda: q.call_next(db, clerk, counter),
                      lambda: q.call_next(db, clerk, counter))
    with db.transaction() as s:
        active = s.execute(select(Ticket.number).where(
            Ticket.counter_id == counter,
            Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING]))).scalars().all()
    assert active == ["A-001"]
    assert isinstance(results["second"], Conflict) and "masih di loket" in str(
        results["second"])


def test_absent_on_one_pc_while_the_other_finishes_changes_nothing_finished(db_url, db,
                                                                          clerk):
    counter = q.counters(db)[0][0]
    q.issue_ticket(db, "A")
    q.call_next(db, clerk, counter)
    results = at_once(db_url, lambda: q.finish(db, clerk, counter, "selesai"),
                      lambda: q.mark_no_show(db, clerk, counter))
    with db.transaction() as s:
        kinds = s.execute(select(TicketEvent.kind).order_by(TicketEvent.id)).scalars().all()
        status = s.execute(select(Ticket.status)).scalar_one()
    assert kinds == ["issued", "called", "finished"] and status is TicketStatus.DONE
    assert isinstance(results["second"], Conflict)
