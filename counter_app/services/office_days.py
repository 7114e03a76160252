"""The days the office is closed: weekends, Indonesian public holidays, office days off.

National holidays and cuti bersama come from the ``holidays`` package's Indonesian
calendar (categories public and government: Keppres hari libur nasional and the SKB of
three ministers on cuti bersama for civil servants). An admin adds the office's own
days off (a local holiday, an office event); a slip's expected ready date never falls
on any of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.dates import format_date, parse_typed_date
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import clean_text, require_calendar_date
from counter_app.domain.lifecycle import TERMINAL
from counter_app.domain.roles import Permission
from counter_app.domain.working_days import SATURDAY, next_working_day
from counter_app.models import Application, DayClosure, OfficeDayOff, Ticket, User
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor

log = logging.getLogger(__name__)
REASON_LIMIT = 120


@functools.lru_cache(maxsize=16)
def national_holidays(year: int) -> dict[dt.date, str]:
    """Indonesia's public holidays and cuti bersama of ``year``, in Indonesian."""
    try:
        import holidays
    except ImportError:  # a broken install: slips still print, only without holidays
        log.warning("Paket 'holidays' tidak terpasang: hari libur nasional tidak dihitung.")
        return {}
    calendar = holidays.country_holidays("ID", years=year, language="id",
                                         categories=("public", "government"))
    return {day: str(name) for day, name in sorted(calendar.items())}


class ClosedDays:
    """The days the office is closed from ``start`` on (``day in closed``)."""

    def __init__(self, office_days: dict[dt.date, str]) -> None:
        self._office = office_days

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return day in self._office or day in national_holidays(day.year)

    def reason(self, day: dt.date) -> str:
        """Why the office is closed on ``day`` ("" when it is open, weekends aside)."""
        return self._office.get(day) or national_holidays(day.year).get(day, "")


def closed_days(session: Session, start: dt.date) -> ClosedDays:
    """The office's calendar from ``start`` on, read in ``session``."""
    rows = session.execute(select(OfficeDayOff.day, OfficeDayOff.reason)
                           .where(OfficeDayOff.day >= start)).all()
    return ClosedDays({day: reason for day, reason in rows})


@dataclass(frozen=True)
class DayOff:
    """An office day off as listed to the admin."""

    day: dt.date
    reason: str
    added_by: str
    # When it was added: open applications promised for that day, moved to ``moved_to``.
    moved: int = 0
    moved_to: dt.date | None = None

    def added_text(self) -> str:
        """What the admin reads after adding the day off."""
        text = f"Hari libur kantor dicatat: {format_date(self.day)} ({self.reason})."
        if self.moved and self.moved_to is not None:
            text += (f" {self.moved} permohonan yang dijanjikan siap hari itu dipindah ke "
                     f"{format_date(self.moved_to)}.")
        else:
            text += " Tidak ada permohonan yang dijanjikan siap hari itu."
        return text

    def as_json(self) -> dict[str, str]:
        """The structure ``office holidays list --json`` prints."""
        return {"day": self.day.isoformat(), "reason": self.reason, "added_by": self.added_by}


def office_days_off(db: Database, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The office's own days off between ``start`` and ``end`` (inclusive)."""
    with db.read_session() as session:
        rows = session.execute(select(OfficeDayOff.day, OfficeDayOff.reason).where(
            OfficeDayOff.day >= start, OfficeDayOff.day <= end)).all()
        return {day: reason for day, reason in rows}


def list_days_off(db: Database, actor: Actor, since: dt.date | None = None) -> list[DayOff]:
    """The office's days off from ``since`` on (all when None), oldest first."""
    with db.read_session() as session:
        actor = load_actor(session, actor)
        query = (select(OfficeDayOff, User.full_name)
                 .join(User, User.id == OfficeDayOff.added_by).order_by(OfficeDayOff.day))
        if since is not None:
            query = query.where(OfficeDayOff.day >= since)
        return [DayOff(row.day, row.reason, name) for row, name in session.execute(query)]


def add_day_off(db: Database, actor: Actor, day: dt.date, reason: str,
                today: dt.date | None = None) -> DayOff:
    """An admin closes the office on ``day`` (today or later, a working day); audited.

    Open applications promised for ``day`` are moved to the next working day in the
    same transaction, so no slip already printed sends a citizen to a closed door
    without the office knowing how many were moved.
    """
    require_calendar_date(day, field="day")
    today = today or office_day(utc_now())
    if day < today:
        # A past day (perhaps closed with tickets served) cannot become a day off.
        raise ValidationError(
            f"{format_date(day)} sudah lewat: hari libur kantor hanya untuk hari ini atau "
            "hari yang akan datang.", field="day")
    if day.weekday() >= SATURDAY:
        raise ValidationError(f"{format_date(day)} sudah hari libur (akhir pekan).",
                              field="day")
    holiday = national_holidays(day.year).get(day)
    if holiday:
        raise ValidationError(f"{format_date(day)} sudah hari libur ({holiday}).",
                              field="day")
    text = clean_text(reason, field="reason", label="Keterangan hari libur",
                      limit=REASON_LIMIT, required=True)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        if session.get(OfficeDayOff, day) is not None:
            raise Conflict(f"{format_date(day)} sudah tercatat sebagai hari libur kantor.")
        served = session.execute(select(Ticket.id).where(Ticket.day == day).limit(1)).first() \
            or session.get(DayClosure, day) is not None
        if served:  # today, with tickets already taken: the office is open
            raise Conflict(f"{format_date(day)} sudah ada layanan (tiket diambil); hari itu "
                           "tidak dapat dijadikan hari libur kantor.")
        session.add(OfficeDayOff(day=day, reason=text, added_by=actor.user_id,
                                 added_at=utc_now()))
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(f"{format_date(day)} sudah tercatat sebagai hari libur kantor."
                           ) from None
        moved_to = next_working_day(day, closed_days(session, day))
        affected = list(session.scalars(
            select(Application).where(Application.expected_ready == day,
                                      Application.status.not_in(TERMINAL))
            .with_for_update()))
        for app in affected:
            app.expected_ready = moved_to
        after: dict[str, object] = {"reason": text, "moved": len(affected)}
        if affected:
            after["moved_to"] = moved_to.isoformat()
        audit.record(session, actor, "office.day_off.add", day.isoformat(), after=after)
        return DayOff(day, text, actor.full_name, len(affected), moved_to)


def remove_day_off(db: Database, actor: Actor, day: dt.date) -> None:
    """An admin opens the office again on ``day``; audited."""
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        row = session.get(OfficeDayOff, day)
        if row is None:
            raise NotFound(f"{format_date(day)} bukan hari libur kantor.")
        audit.record(session, actor, "office.day_off.remove", day.isoformat(),
                     before={"reason": row.reason})
        session.delete(row)


def parse_day(text: str) -> dt.date:
    """A date typed as DD-MM-YYYY or YYYY-MM-DD."""
    return parse_typed_date(text, field="day")
