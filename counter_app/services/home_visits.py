"""Requests to record someone at home (perekaman di rumah).

Someone who cannot come (bedridden, a severe disability, very old) is recorded by a team
at home. The request is taken (who asked, the address, what is needed), planned (a date
and a team: the request joins that day's "kunjungan rumah" outreach event), and is done
when the person is recorded with that event chosen in the wizard (or on the jemput bola
laptop, whose recordings carry the same event).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.home_visit import HomeVisitStatus
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.recording import clean_person_name
from counter_app.domain.roles import Permission
from counter_app.domain.words import lower_first
from counter_app.models import HomeVisitRequest, OutreachEvent
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor

HOME_VISIT_KIND = "kunjungan_rumah"
_OPEN = (HomeVisitStatus.REQUESTED, HomeVisitStatus.PLANNED)


@dataclass(frozen=True)
class HomeVisitInfo:
    """A home-visit request as a list shows it (NIK masked)."""

    id: int
    nik_masked: str
    nama: str
    requested_by: str
    requester_phone: str
    address: str
    kelurahan_code: str
    needs: str
    planned_date: dt.date | None
    team: str
    status: HomeVisitStatus
    outreach_event_id: int | None
    application_id: int | None

    @property
    def status_label(self) -> str:
        """The status as the clerk reads it."""
        return self.status.label


def _info(r: HomeVisitRequest) -> HomeVisitInfo:
    return HomeVisitInfo(r.id, mask_nik(r.nik), r.nama, r.requested_by, r.requester_phone,
                         r.address, r.kelurahan_code, r.needs, r.planned_date, r.team,
                         r.status, r.outreach_event_id, r.application_id)


def _text(value: str, field: str, label: str, low: int, high: int) -> str:
    text = " ".join((value or "").split())
    if not low <= len(text) <= high:
        raise ValidationError(f"{label} diisi {low}-{high} huruf.", field=field)
    return text


def request_home_visit(db: Database, actor: Actor, *, nik: str, nama: str,
                       requested_by: str, address: str, kelurahan_code: str,
                       needs: str = "", requester_phone: str = "",
                       now: dt.datetime | None = None) -> HomeVisitInfo:
    """Take a request to record someone at home."""
    actor.require(Permission.SERVE)
    number = parse_nik(nik).nik
    name = clean_person_name(nama)
    who = _text(requested_by, "requested_by", "Nama dan hubungan peminta", 3, 120)
    where = _text(address, "address", "Alamat", 5, 200)
    what = " ".join((needs or "").split())[:1000]
    phone = "".join(ch for ch in (requester_phone or "") if ch not in " -.")
    if phone and (not phone.lstrip("+").isdigit() or not 8 <= len(phone.lstrip("+")) <= 15):
        raise ValidationError("Nomor telepon 8-15 angka.", field="requester_phone")
    from counter_app.services.recording import kelurahan_codes

    if kelurahan_code not in kelurahan_codes(db):
        raise ValidationError("Pilih kelurahan dari daftar kecamatan ini.",
                              field="kelurahan_code")
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        open_one = session.execute(select(HomeVisitRequest.id).where(
            HomeVisitRequest.nik == number,
            HomeVisitRequest.status.in_(_OPEN))).first()
        if open_one is not None:
            raise Conflict(f"Sudah ada permintaan kunjungan rumah untuk NIK ini "
                           f"(nomor {open_one[0]}).")
        row = HomeVisitRequest(
            nik=number, nama=name, requested_by=who, requester_phone=phone, address=where,
            kelurahan_code=kelurahan_code, needs=what, planned_date=None, team="",
            status=HomeVisitStatus.REQUESTED, note="", created_by=actor.user_id,
            created_at=moment)
        session.add(row)
        session.flush()
        audit.record(session, actor, "home_visit.request", f"kunjungan {row.id}",
                     after={"nik": mask_nik(number), "kelurahan": kelurahan_code})
        return _info(row)


def home_visit_event(session: Session, actor: Actor, day: dt.date) -> OutreachEvent:
    """The "kunjungan rumah" outreach event of ``day`` (made on first use)."""
    event = session.execute(select(OutreachEvent).where(
        OutreachEvent.kind == HOME_VISIT_KIND, OutreachEvent.day == day)
        .order_by(OutreachEvent.id)).scalars().first()
    if event is None:
        event = OutreachEvent(name=f"Kunjungan rumah {day:%d-%m-%Y}", kind=HOME_VISIT_KIND,
                              day=day, created_by=actor.user_id)
        session.add(event)
        session.flush()
        audit.record(session, actor, "outreach.create", event.name,
                     after={"kind": HOME_VISIT_KIND, "day": day.isoformat()})
    return event


def plan_home_visit(db: Database, actor: Actor, request_id: int, planned_date: dt.date,
                    team: str, now: dt.datetime | None = None) -> HomeVisitInfo:
    """Set the date and team (supervisor); the request joins that day's home-visit event."""
    actor.require(Permission.MANAGE_COVERAGE)
    crew = _text(team, "team", "Tim (nama petugas)", 3, 200)
    moment = (now or utc_now()).replace(microsecond=0)
    if planned_date < office_day(moment):
        raise ValidationError("Tanggal kunjungan tidak boleh sebelum hari ini.",
                              field="planned_date")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        row = session.get(HomeVisitRequest, request_id)
        if row is None:
            raise NotFound("Permintaan kunjungan rumah tidak ditemukan.")
        if not row.status.open:
            raise Conflict(f"Permintaan ini sudah {lower_first(row.status.label)}.")
        event = home_visit_event(session, actor, planned_date)
        before = {"status": row.status.value, "planned_date": row.planned_date.isoformat()
                  if row.planned_date else None}
        row.planned_date, row.team, row.status = planned_date, crew, HomeVisitStatus.PLANNED
        row.outreach_event_id = event.id
        audit.record(session, actor, "home_visit.plan", f"kunjungan {row.id}", before=before,
                     after={"status": HomeVisitStatus.PLANNED.value,
                            "planned_date": planned_date.isoformat(),
                            "team": crew, "event": event.name})
        return _info(row)


def cancel_home_visit(db: Database, actor: Actor, request_id: int, reason: str) -> None:
    """Cancel a request not yet done (the reason is kept)."""
    actor.require(Permission.SERVE)
    text = _text(reason, "reason", "Alasan pembatalan", 5, 500)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        row = session.get(HomeVisitRequest, request_id)
        if row is None:
            raise NotFound("Permintaan kunjungan rumah tidak ditemukan.")
        if not row.status.open:
            raise Conflict(f"Permintaan ini sudah {lower_first(row.status.label)}.")
        before = row.status
        row.status, row.note = HomeVisitStatus.CANCELLED, text
        audit.record(session, actor, "home_visit.cancel", f"kunjungan {row.id}", reason=text,
                     before={"status": before.value},
                     after={"status": HomeVisitStatus.CANCELLED.value})


def list_home_visits(db: Database, actor: Actor, status: HomeVisitStatus | None = None
                     ) -> list[HomeVisitInfo]:
    """Requests, planned date first (unplanned last), then oldest first."""
    actor.require(Permission.SERVE)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        query = select(HomeVisitRequest)
        if status is not None:
            query = query.where(HomeVisitRequest.status == status)
        rows = session.execute(query.order_by(HomeVisitRequest.id)).scalars().all()
        rows = sorted(rows, key=lambda r: (r.planned_date is None,
                                           r.planned_date or dt.date.max, r.id))
        return [_info(r) for r in rows]


def link_recording(session: Session, actor: Actor, nik: str, event_id: int | None,
                   application_id: int) -> int | None:
    """Mark done the planned visit of this person at this event (the recording's session).

    The visit's own event, or any "kunjungan rumah" event on its planned date (a jemput
    bola laptop makes its own events, imported later under another id). The request
    then points at the new application; returns its id, or None.
    """
    if event_id is None:
        return None
    event = session.get(OutreachEvent, event_id)
    rows = session.execute(select(HomeVisitRequest).where(
        HomeVisitRequest.nik == nik, HomeVisitRequest.status == HomeVisitStatus.PLANNED)
        .order_by(HomeVisitRequest.id)).scalars().all()
    row = next((r for r in rows if r.outreach_event_id == event_id), None) or next(
        (r for r in rows if event is not None and event.kind == HOME_VISIT_KIND
         and r.planned_date == event.day), None)
    if row is None:
        return None
    row.status, row.application_id = HomeVisitStatus.DONE, application_id
    audit.record(session, actor, "home_visit.done", f"kunjungan {row.id}",
                 before={"status": HomeVisitStatus.PLANNED.value},
                 after={"status": HomeVisitStatus.DONE.value,
                        "application_id": application_id})
    return row.id
