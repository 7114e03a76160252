"""A closed day is locked: changes to it need a supervisor's short, audited unlock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.db import lock_day
from counter_app.domain.clock import office_day
from counter_app.domain.errors import NotAllowed, NotFound
from counter_app.domain.input_policy import require_service_day as require_day_in_range
from counter_app.models import DayClosure, Office
from counter_app.services import audit
from counter_app.services.actor import Actor

_CLOSED = select(DayClosure.day).where(DayClosure.day == bindparam("day"))


def require_open_day(session: Session, day: dt.date, actor: Actor | None,
                     moment: dt.datetime, what: str, *, closed: bool | None = None) -> None:
    """Raise NotAllowed when ``day`` is closed and not unlocked; audit a late change.

    Takes the day's lock shared first (held to the end of the transaction), so a day
    close waits for this change, or this change waits for the close and is refused.
    ``closed``: the caller already holds that lock (``db.DAY_LOCK_KEY``) and read, in a
    statement after taking it, whether the day has a closure (the counter's hot path).
    """
    if closed is None:
        lock_day(session, day, exclusive=False)
        # Nearly always open: a light Core look first, the row itself only for a closed
        # day.
        closed = session.connection().execute(_CLOSED, {"day": day}).first() is not None
    if not closed:
        return
    closure = session.get(DayClosure, day)
    if closure is None:
        return
    if closure.unlocked_until is not None and closure.unlocked_until > moment:
        # The archived figures no longer describe the day: recaps read it from the tables.
        closure.figures_json = closure.figures_sha256 = None
        audit.record(session, actor, "day.late_change", day.isoformat(),
                     after={"what": what}, reason=closure.unlock_reason,
                     username=None if actor else "kios")
        return
    raise NotAllowed(f"Layanan tanggal {day:%d-%m-%Y} sudah ditutup. Perubahan perlu dibuka "
                     "dahulu oleh supervisor dengan alasan.")


def require_service_day(session: Session, day: dt.date, moment: dt.datetime) -> None:
    """Raise ValidationError unless ``day`` is between the office's opening day and today."""
    office = session.get(Office, 1)
    if office is None:
        raise NotFound("Kantor belum disiapkan.")
    require_day_in_range(day, office.opened_on, office_day(moment))
