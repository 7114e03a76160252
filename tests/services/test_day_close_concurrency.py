"""Finding 8 of #12: a day close and ticket issuing running at the same time."""

from __future__ import annotations

import datetime as dt
import json
import threading

from sqlalchemy import func, select

from counter_app.domain.clock import office_day
from counter_app.domain.errors import NotAllowed
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role
from counter_app.models import DayClosure, Ticket
from counter_app.services import queue as q
from counter_app.services.day_close import close_day
from tests.helpers import make_office, make_user

MOMENT = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)  # 15:00 WIB, office still open


def test_nothing_is_issued_on_a_closed_day_and_the_archive_equals_the_database(db):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    day = office_day(MOMENT)
    issued: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def counter(prefix: str) -> None:
        while not stop.is_set():
            try:
                issued.append(q.issue_ticket(db, prefix, now=MOMENT).number)
            except NotAllowed:
                refused.append(prefix)
                return
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
                return

    threads = [threading.Thread(target=counter, args=(p,)) for p in ("A", "B", "C")]
    for t in threads:
        t.start()
    while len(issued) < 15 and not errors:
        threading.Event().wait(0.01)
    info = close_day(db, kasi, day, now=MOMENT + dt.timedelta(minutes=1))
    for t in threads:
        t.join(timeout=60)
    stop.set()
    assert errors == []
    assert sorted(refused) == ["A", "B", "C"]  # every counter was then told the day is closed
    with db.transaction() as session:
        in_db = session.execute(select(func.count(Ticket.id)).where(Ticket.day == day)) \
            .scalar_one()
        waiting = session.execute(select(func.count(Ticket.id)).where(
            Ticket.day == day, Ticket.status == TicketStatus.WAITING.value)).scalar_one()
        closure = session.get(DayClosure, day)
        assert closure is not None and closure.report_sha256 == info.sha256
        archived = json.loads(closure.report_json)
    assert waiting == 0
    assert archived["queue"]["issued"] == in_db == len(issued)
    assert archived["queue"]["not_served"] == in_db
