"""Cards nobody collects (issue 11).

A card ready for pickup longer than the office's limit (setting, 30 days by default) is
on the uncollected list with its contact log (purpose "pengambilan"). After a second
limit (90 days by default) a supervisor may archive it as "tidak diambil", noting where
it is kept; an archived card is still handed over when its owner comes (services/pickup).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import SHORT_TEXT, clean_text
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.models import Applicant, Application
from counter_app.services.actor import Actor, load_actor
from counter_app.services.coverage import ContactEntry, contacts_by_nik, latest_contact_line
from counter_app.services.day_lock import require_open_day
from counter_app.services.recording import transition
from counter_app.services.settings import (
    ARCHIVE_DAYS,
    DEFAULT_ARCHIVE_DAYS,
    DEFAULT_UNCOLLECTED_DAYS,
    UNCOLLECTED_DAYS,
    get_int_setting,
)

CONTACT_PURPOSE = "pengambilan"


@dataclass(frozen=True)
class UncollectedCard:
    """A card waiting past the office's limit, with its contact log."""

    application_id: int
    slip_number: str
    status: Status
    nama: str
    nik_masked: str
    phone: str
    ready_since: dt.date
    days_waiting: int
    archivable: bool
    archive_place: str
    contacts: tuple[ContactEntry, ...]

    @property
    def last_contact(self) -> str:
        """'belum dihubungi' or the latest contact in one line."""
        return latest_contact_line(self.contacts)

    def as_json(self) -> dict[str, object]:
        """A row of ``pickup uncollected --json``."""
        return {"slip_number": self.slip_number, "status": self.status.value,
                "name": self.nama, "nik": self.nik_masked, "phone": self.phone,
                "ready_since": self.ready_since.isoformat(),
                "days_waiting": self.days_waiting, "archivable": self.archivable,
                "archive_place": self.archive_place,
                "contacts": [c.as_json() for c in self.contacts]}


def limits(db: Database) -> tuple[int, int]:
    """(uncollected after, archivable after) in days."""
    return (get_int_setting(db, UNCOLLECTED_DAYS, DEFAULT_UNCOLLECTED_DAYS),
            get_int_setting(db, ARCHIVE_DAYS, DEFAULT_ARCHIVE_DAYS))


def uncollected_cards(db: Database, actor: Actor,
                      today: dt.date | None = None) -> list[UncollectedCard]:
    """Cards ready longer than the limit (and archived ones), longest waiting first."""
    actor.require(Permission.SERVE)
    day = today or office_day(utc_now())
    after, archive_after = limits(db)
    with db.read_session() as session:
        load_actor(session, actor, Permission.SERVE)  # names and phones: staff only
        rows = session.execute(
            select(Application, Applicant)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(Application.status.in_((Status.READY_FOR_PICKUP,
                                           Status.ARCHIVED)),
                   Application.ready_at.is_not(None))
            .order_by(Application.ready_at, Application.id)).all()
        waiting = []
        for app, person in rows:
            assert app.ready_at is not None
            since = office_day(app.ready_at)
            days = (day - since).days
            if days > after:
                waiting.append((app, person, since, days))
        log = contacts_by_nik(session, [p.nik for _a, p, _s, _d in waiting])
        return [UncollectedCard(
            app.id, app.slip_number, app.status, person.nama, mask_nik(person.nik),
            person.phone, since, days,
            app.status == Status.READY_FOR_PICKUP and days > archive_after,
            app.archive_place,
            tuple(e for e in log.get(person.nik, []) if e.purpose == CONTACT_PURPOSE))
            for app, person, since, days in waiting]


def archive_card(db: Database, actor: Actor, slip_number: str, place: str,
                 now: dt.datetime | None = None) -> UncollectedCard:
    """A supervisor archives an uncollected card as "tidak diambil", with where it is kept."""
    actor.require(Permission.OVERRIDE)
    where = clean_text(place, field="place", label="Tempat penyimpanan", limit=SHORT_TEXT)
    if len(where) < 3:
        raise ValidationError("Tulis tempat penyimpanan (3-120 huruf), mis. 'lemari arsip "
                              "B, map Januari'.", field="place")
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    _after, archive_after = limits(db)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.OVERRIDE)
        app = session.execute(select(Application).where(
            Application.slip_number == (slip_number or "").strip())).scalar_one_or_none()
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, today, actor, moment, "arsip KTP-el")
        if app.status != Status.READY_FOR_PICKUP or app.ready_at is None:
            raise Conflict(f"{app.slip_number} bukan KTP-el yang menunggu diambil.")
        days = (today - office_day(app.ready_at)).days
        if days <= archive_after:
            raise Conflict(f"KTP-el baru menunggu {days} hari; dapat diarsipkan setelah "
                           f"{archive_after} hari.")
        transition(session, app, Action.ARCHIVE, actor, moment, place=where)
        app.archive_place = where
    return next(c for c in uncollected_cards(db, actor, today) if c.application_id == app.id)


def uncollected_sheet_rows(cards: list[UncollectedCard]) -> list[tuple[object, ...]]:
    """The rows of the call-list spreadsheet (printing/call_list_xlsx UNCOLLECTED_HEADERS)."""
    return [(c.slip_number, c.nama, c.nik_masked, c.phone, c.ready_since.isoformat(),
             c.days_waiting, c.status.label, c.last_contact, len(c.contacts)) for c in cards]
