"""Printing for people already recorded (cetak bagi yang sudah rekam, PRR; issue 11).

A walk-in whose biometrics were recorded earlier is not recorded again. The clerk finds
the person by NIK: the app shows what it holds (photo, data, where and when recorded);
for someone recorded elsewhere the clerk confirms that the central record (SIAK) was
checked, with the reference seen. The KK is checked, the identity confirmed against the
photo, and the card goes to the local print queue. No biometrics page.

In July 2019 Palembang had about 8,000 such records waiting; the kecamatan printers were
meant for them (issue 11).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.cases import CaseType
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.eligibility import Eligibility, age_on, birthday_at
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import SHORT_TEXT, clean_text
from counter_app.domain.kk import parse_kk
from counter_app.domain.lifecycle import TERMINAL, Action, Status
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.recording import CardData, check_card
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route, expected_ready, route_reason
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Biometrics,
    Office,
    OutreachEvent,
)
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.office_days import closed_days
from counter_app.services.recording import _next_slip_number, transition

CENTRAL_CHECK = "REKAM_PUSAT"


@dataclass(frozen=True)
class PrrLookup:
    """What the office holds about a NIK for a PRR print."""

    nik_masked: str
    held: bool
    nama: str
    photo: bytes | None
    recorded_where: str
    recorded_on: dt.date | None
    open_slip: str  # an application still on its way ("" none)
    open_status: str

    @property
    def summary(self) -> str:
        """One line for the clerk."""
        if not self.held:
            return ("Belum ada data perekaman di kantor ini: periksa data rekam di database "
                    "pusat dan catat rujukannya.")
        text = f"{self.nama}, direkam {self.recorded_where}"
        if self.recorded_on:
            text += f" pada {self.recorded_on:%d-%m-%Y}"
        if self.open_slip:
            text += f"; permohonan {self.open_slip} masih berjalan ({self.open_status})"
        return text + "."


@dataclass(frozen=True)
class PrrResult:
    """The PRR application put in the local print queue."""

    application_id: int
    slip_number: str
    status: Status
    printable_from: dt.date
    central_reference: str


def _last_recording(session: Session, applicant_id: int) -> Application | None:
    return session.execute(
        select(Application).join(Biometrics, Biometrics.application_id == Application.id)
        .where(Application.applicant_id == applicant_id)
        .order_by(Application.recorded_at.desc(), Application.id.desc())).scalars().first()


def lookup_prr(db: Database, actor: Actor, nik: str) -> PrrLookup:
    """What this office holds about ``nik`` (photo, data, where and when recorded)."""
    actor.require(Permission.SERVE)
    number = parse_nik(nik).nik
    with db.read_session() as session:
        load_actor(session, actor, Permission.SERVE)
        person = session.execute(select(Applicant).where(Applicant.nik == number)
                                 ).scalar_one_or_none()
        if person is None:
            return PrrLookup(mask_nik(number), False, "", None, "", None, "", "")
        last = _last_recording(session, person.id)
        open_app = session.execute(select(Application).where(
            Application.applicant_id == person.id,
            Application.status.not_in(tuple(TERMINAL | {Status.REJECTED})))
            .order_by(Application.id.desc())).scalars().first()
        photo, where, when = None, "", None
        if last is not None:
            bio = session.get(Biometrics, last.id)
            photo = bio.photo if bio else None
            when = last.day
            event = (session.get(OutreachEvent, last.outreach_event_id)
                     if last.outreach_event_id else None)
            where = f"saat jemput bola {event.name}" if event else "di kantor ini"
        return PrrLookup(mask_nik(number), last is not None, person.nama, photo, where, when,
                         open_app.slip_number if open_app else "",
                         open_app.status.label if open_app else "")


def _checked_card(db: Database, card: CardData, nik: str, today: dt.date) -> CardData:
    """The card data typed from the central record, cleaned, or every problem at once.

    The same field rules as a recording (domain/recording.check_card).
    """
    from counter_app.services.recording import _FIELD_LABELS, _addresses

    local, elsewhere = _addresses(db)
    cleaned, problems = check_card(card, nik, local, today, elsewhere)
    if cleaned is None or problems:
        field = next(iter(problems), "card")
        raise ValidationError("Data pemohon belum benar: " + "; ".join(
            f"{_FIELD_LABELS.get(f, f)}: {m}" for f, m in problems.items()), field=field)
    return cleaned


def request_prr_print(db: Database, actor: Actor, nik: str, *, kk_checked: bool,
                      identity_confirmed: bool, central_reference: str = "",
                      card: CardData | None = None, kk: str = "",
                      ticket_id: int | None = None,
                      now: dt.datetime | None = None) -> PrrResult:
    """Put a person already recorded in the local print queue, without biometrics.

    Held here: the data and biometrics of the last recording are carried over. Recorded
    elsewhere: ``central_reference`` (what the clerk saw in the central record), the
    card data and the KK number are required.
    """
    actor.require(Permission.SERVE)
    if not kk_checked:
        raise ValidationError("Centang bahwa KK asli sudah diperiksa.", field="kk_checked")
    if not identity_confirmed:
        raise ValidationError("Centang bahwa wajah pemohon cocok dengan foto rekaman.",
                              field="identity_confirmed")
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    number = parse_nik(nik, today=today).nik
    reference = clean_text(central_reference, field="central_reference",
                           label="Rujukan database pusat", limit=SHORT_TEXT)
    if card is not None:
        card = _checked_card(db, card, number, today)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        office = session.get(Office, 1)
        if office is None:
            raise NotFound("Kantor belum disiapkan.")
        require_open_day(session, today, actor, moment, "cetak PRR")
        person = session.execute(select(Applicant).where(Applicant.nik == number)
                                 .with_for_update()).scalar_one_or_none()
        last = _last_recording(session, person.id) if person is not None else None
        if person is not None:
            open_app = session.execute(select(Application.slip_number, Application.status)
                                       .where(Application.applicant_id == person.id,
                                              Application.status.not_in(
                                                  tuple(TERMINAL)))).first()
            if open_app is not None:
                raise Conflict(f"Permohonan {open_app[0]} untuk NIK ini masih berjalan "
                               f"({Status(open_app[1]).label}); tidak perlu cetak PRR.")
        if last is None:
            if len(reference) < 3:
                raise ValidationError("Data rekam tidak ada di kantor ini: periksa database "
                                      "pusat dan tulis rujukannya (mis. nomor/tanggal "
                                      "tampilan SIAK).", field="central_reference")
            if card is None:
                raise ValidationError("Isi data pemohon sesuai database pusat.", field="card")
            kk_number = parse_kk(kk, today=today).kk
            if person is None:
                person = Applicant(nik=number)
                session.add(person)
            for name, value in vars(card).items():
                setattr(person, name, value)
            person.kk, person.updated_at = kk_number, moment
            session.flush()
            data = json.dumps(card.as_dict(), ensure_ascii=False)
        else:
            assert person is not None
            data = last.data
        birth = person.tanggal_lahir
        under_17 = age_on(birth, today) < 17
        printable_from = birthday_at(birth, 17) if under_17 else today
        slip = _next_slip_number(session, office.kecamatan_code, today, None)
        app = Application(
            slip_number=slip, applicant_id=person.id, ticket_id=ticket_id,
            outreach_event_id=None, case_type=CaseType.PRR.value, changed_elements="[]",
            route=Route.LOCAL.value, status=Status.RECORDED,
            eligibility=(Eligibility.RECORD_ONLY if under_17 else Eligibility.ELIGIBLE).value,
            printable_from=printable_from,
            expected_ready=expected_ready(Route.LOCAL, today, printable_from,
                                          closed_days(session, today)),
            day=today, recorded_at=moment, recorded_by=actor.user_id, data=data,
            old_data="", override_by=None, override_reason="", biometric_exceptions=0,
            slip_print_count=0, status_changed_at=moment, cancel_reason="",
            route_reason=route_reason(CaseType.PRR),
            previous_application_id=last.id if last is not None else None)
        session.add(app)
        session.flush()
        session.add(ApplicationDocument(application_id=app.id, code="KK",
                                        label="Kartu Keluarga (KK)", provided=True,
                                        surrendered=False, details="{}"))
        if last is None:
            session.add(ApplicationDocument(
                application_id=app.id, code=CENTRAL_CHECK,
                label="Data rekam diperiksa di database pusat", provided=True,
                surrendered=False,
                details=json.dumps({"nomor": reference}, ensure_ascii=False)))
        else:
            bio = session.get(Biometrics, last.id)
            assert bio is not None
            session.add(Biometrics(application_id=app.id, photo=bio.photo,
                                   signature=bio.signature, modalities=bio.modalities,
                                   exception_photo=bio.exception_photo, device=bio.device))
        audit.record(session, actor, "application.prr", slip,
                     after={"nik": mask_nik(number), "held": last is not None,
                            "from": last.slip_number if last is not None else "",
                            "central_reference": reference})
        status = transition(session, app, Action.ROUTE_LOCAL, actor, moment)
        return PrrResult(app.id, slip, status, printable_from, reference)


@dataclass(frozen=True)
class PrintReady:
    """A recorded application not yet printed, printable today."""

    application_id: int
    slip_number: str
    status: Status
    nama: str
    nik_masked: str
    case_type: CaseType
    recorded_on: dt.date
    printable_from: dt.date

    def as_json(self) -> dict[str, object]:
        """A row of ``print-ready list --json``."""
        return {"slip_number": self.slip_number, "status": self.status.value,
                "name": self.nama, "nik": self.nik_masked, "case": self.case_type.value,
                "recorded_on": self.recorded_on.isoformat(),
                "printable_from": self.printable_from.isoformat()}


def print_ready(db: Database, actor: Actor, today: dt.date | None = None) -> list[PrintReady]:
    """The local print queue: recorded, not yet printed, printable today; oldest first."""
    actor.require(Permission.SERVE)
    day = today or office_day(utc_now())
    with db.read_session() as session:
        load_actor(session, actor, Permission.SERVE)
        rows = session.execute(
            select(Application, Applicant)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(Application.status.in_((Status.AWAITING_PRINT,
                                           Status.SUKET_ISSUED)),
                   Application.printable_from <= day)
            .order_by(Application.printable_from, Application.recorded_at, Application.id)
        ).all()
        return [PrintReady(a.id, a.slip_number, a.status, p.nama, mask_nik(p.nik),
                           CaseType(a.case_type), a.day, a.printable_from)
                for a, p in rows]
