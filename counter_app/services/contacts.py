"""The contact log: each attempt to reach a person, whatever the reason.

A general model: coverage targets use it ("cakupan"), and so can applicants waiting for
their card ("pengambilan") or anything else that calls people back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.coverage import ContactChannel
from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.roles import Permission
from counter_app.models import ContactLog
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.coverage import ContactEntry, contacts_by_nik

# "ulang_tahun_17": calling those recorded at 16 whose card is printable (issue 11).
PURPOSES = ("cakupan", "pengambilan", "ulang_tahun_17", "lainnya")


def add_contact(db: Database, actor: Actor, nik: str, channel: ContactChannel | str,
                result: str, day: dt.date | None = None, purpose: str = "cakupan",
                now: dt.datetime | None = None) -> ContactEntry:
    """Log one attempt to reach the person with ``nik`` (audited, NIK masked in the log)."""
    actor.require(Permission.SERVE)
    number = parse_nik(nik).nik
    try:
        how = ContactChannel(channel)
    except ValueError:
        raise ValidationError("Pilih saluran: telepon, SMS, WhatsApp, surat, atau datang "
                              "langsung.", field="channel") from None
    text = " ".join((result or "").split())
    if len(text) < 3 or len(text) > 500:
        raise ValidationError("Tulis hasil kontak (3-500 huruf), mis. 'tidak diangkat' atau "
                              "'akan datang Senin'.", field="result")
    if purpose not in PURPOSES:
        raise ValidationError("Keperluan kontak tidak dikenal.", field="purpose")
    moment = (now or utc_now()).replace(microsecond=0)
    when = day or office_day(moment)
    if when > office_day(moment):
        raise ValidationError("Tanggal kontak tidak boleh di masa depan.", field="day")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        row = ContactLog(nik=number, day=when, channel=how.value, result=text,
                         purpose=purpose, user_id=actor.user_id, recorded_at=moment)
        session.add(row)
        session.flush()
        audit.record(session, actor, "contact.add", mask_nik(number),
                     after={"channel": how.value, "purpose": purpose, "day": when.isoformat()})
        return ContactEntry(row.id, mask_nik(number), when, how.value, text, purpose,
                            actor.full_name)


def list_contacts(db: Database, actor: Actor, nik: str,
                  purpose: str | None = None) -> list[ContactEntry]:
    """The contact log of one person, oldest first (optionally of one purpose)."""
    actor.require(Permission.SERVE)
    number = parse_nik(nik).nik
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        entries = contacts_by_nik(session, [number]).get(number, [])
    return [e for e in entries if purpose is None or e.purpose == purpose]


def contacted_niks(db: Database, purpose: str | None = None) -> set[str]:
    """Every NIK with at least one contact (of ``purpose``)."""
    with db.transaction() as session:
        query = select(ContactLog.nik).distinct()
        if purpose is not None:
            query = query.where(ContactLog.purpose == purpose)
        return {str(n) for n in session.execute(query).scalars()}
