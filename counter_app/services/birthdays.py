"""The 17th-birthday list (issue 11).

Applicants recorded at 16 become printable on their 17th birthday (Perpres 96/2018
art. 15: the card is for residents aged 17, married or once married). The list shows
who turns 17 in a period (this week, this month), with phone numbers and whether they
were already contacted; the card is printed from the list in one step when they come
(services/card_printing.record_printed refuses before the birthday).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.eligibility import Eligibility
from counter_app.domain.errors import ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.models import Applicant, Application
from counter_app.services.actor import Actor, load_actor
from counter_app.services.coverage import ContactEntry, contacts_by_nik, latest_contact_line

CONTACT_PURPOSE = "ulang_tahun_17"
_WAITING = (Status.AWAITING_PRINT, Status.SUKET_ISSUED)


@dataclass(frozen=True)
class BirthdayRow:
    """Someone recorded at 16 who turns 17 in the period, card not printed yet."""

    application_id: int
    slip_number: str
    status: Status
    nama: str
    nik_masked: str
    phone: str
    birthday: dt.date
    printable: bool  # the birthday has come
    contacts: tuple[ContactEntry, ...]

    @property
    def contacted(self) -> bool:
        """True when someone already tried to reach this person for the card."""
        return bool(self.contacts)

    @property
    def contact_state(self) -> str:
        """'belum dihubungi' or the latest contact in one line."""
        return latest_contact_line(self.contacts)

    def as_json(self) -> dict[str, object]:
        """A row of ``birthdays list --json``."""
        return {"slip_number": self.slip_number, "status": self.status.value,
                "name": self.nama, "nik": self.nik_masked, "phone": self.phone,
                "birthday_17": self.birthday.isoformat(), "printable": self.printable,
                "contacted": self.contacted,
                "contacts": [c.as_json() for c in self.contacts]}


def this_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week of ``today``."""
    start = today - dt.timedelta(days=today.weekday())
    return start, start + dt.timedelta(days=6)


def this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month of ``today``."""
    start = today.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def birthday_list(db: Database, actor: Actor, start: dt.date, end: dt.date,
                  today: dt.date | None = None) -> list[BirthdayRow]:
    """Who turns 17 from ``start`` to ``end`` (recorded at 16, not printed yet)."""
    actor.require(Permission.SERVE)
    if end < start:
        raise ValidationError("Tanggal akhir sebelum tanggal awal.", field="end")
    if (end - start).days > 366:
        raise ValidationError("Rentang paling lama satu tahun.", field="end")
    day = today or office_day(utc_now())
    with db.read_session() as session:
        load_actor(session, actor, Permission.SERVE)  # names and phones: staff only
        rows = session.execute(
            select(Application, Applicant)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(Application.eligibility == Eligibility.RECORD_ONLY.value,
                   Application.status.in_(_WAITING),
                   Application.printable_from >= start, Application.printable_from <= end)
            .order_by(Application.printable_from, Applicant.nama, Application.id)).all()
        log = contacts_by_nik(session, [p.nik for _a, p in rows])
        return [BirthdayRow(
            a.id, a.slip_number, a.status, p.nama, mask_nik(p.nik), p.phone,
            a.printable_from, a.printable_from <= day,
            tuple(e for e in log.get(p.nik, []) if e.purpose == CONTACT_PURPOSE))
            for a, p in rows]


BIRTHDAY_HEADERS = ("Tanda terima", "Nama", "NIK", "Telepon", "Ulang tahun ke-17",
                    "Dapat dicetak", "Kontak terakhir")


def birthday_sheet_rows(rows: list[BirthdayRow]) -> list[tuple[object, ...]]:
    """The rows of the call-list spreadsheet (printing/call_list_xlsx)."""
    return [(r.slip_number, r.nama, r.nik_masked, r.phone, r.birthday.isoformat(),
             "ya" if r.printable else "belum", r.contact_state) for r in rows]
