"""Worker functions the multi-process queue test runs in separate processes."""

from __future__ import annotations

import time

from counter_app.db import open_database
from counter_app.services import queue as q
from counter_app.services.users import authenticate


def issue_and_call(url: str, username: str, password: str, counter_id: int, tickets: int,
                   start_at: float) -> tuple[list[str], list[str]]:
    """Issue ``tickets`` tickets, then call and finish until the queue is empty."""
    db = open_database(url)
    actor = authenticate(db, username, password)
    time.sleep(max(0.0, start_at - time.time()))  # all processes start together
    issued = [q.issue_ticket(db, "A", source="counter", actor=actor).number
              for _ in range(tickets)]
    # Second barrier: everyone calls together, once every ticket is out.
    time.sleep(max(0.0, start_at + 3 - time.time()))
    called = []
    idle_rounds = 0
    while idle_rounds < 3:
        ticket = q.call_next(db, actor, counter_id)
        if ticket is None:
            idle_rounds += 1
            time.sleep(0.05)
            continue
        idle_rounds = 0
        called.append(ticket.number)
        q.finish(db, actor, counter_id)
    db.dispose()
    return issued, called


def print_last_blanko(url: str, username: str, password: str, application_id: int,
                      start_at: float) -> str:
    """Record one card printed; returns "ok" or the clerk's message."""
    from counter_app.domain.errors import CounterError
    from counter_app.services.card_printing import record_printed

    db = open_database(url)
    actor = authenticate(db, username, password)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        record_printed(db, actor, application_id, "BLK-T")
        return "ok"
    except CounterError as exc:
        return exc.message
    finally:
        db.dispose()
