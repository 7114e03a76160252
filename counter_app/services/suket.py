"""SUKET: a temporary certificate for a recorded applicant who cannot get the card yet.

Issued when there is no blanko, or before the 17th birthday; valid six months; void
once the card is handed over. Its QR is signed like the slip's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.lifecycle import Action
from counter_app.domain.nik import mask_nik
from counter_app.domain.reference import JENIS_KELAMIN
from counter_app.domain.roles import Permission
from counter_app.domain.slip_token import SlipToken
from counter_app.models import Applicant, Application, Biometrics, Office, Suket
from counter_app.printing.letterhead import Letterhead
from counter_app.printing.output import Printable
from counter_app.printing.suket import SuketPrintout, suket_pdf
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.keys import Signer
from counter_app.services.recording import transition

VALID_MONTHS = 6
REASONS: dict[str, str] = {
    "no_blanko": "blanko KTP-el sedang habis",
    "under_17": "pemohon belum berusia 17 tahun",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class SuketInfo:
    """An issued SUKET."""

    id: int
    application_id: int
    number: str
    issued_on: dt.date
    valid_until: dt.date
    void: bool


def issue_suket(db: Database, actor: Actor, application_id: int, reason: str,
                now: dt.datetime | None = None) -> SuketInfo:
    """Issue a SUKET for an application waiting to be printed here."""
    actor.require(Permission.SERVE)
    if reason not in REASONS:
        raise ValidationError("Pilih alasan SUKET: blanko habis atau belum 17 tahun.")
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        office = session.get(Office, 1)
        app = session.get(Application, application_id)
        if app is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        if not office.camat_name.strip():
            raise ValidationError("Nama dan NIP camat belum diisi di profil kantor; SUKET "
                                  "perlu penanda tangan.")
        if reason == "under_17" and app.printable_from <= today:
            raise ValidationError(f"{app.slip_number} sudah dapat dicetak; alasan 'belum 17 "
                                  "tahun' tidak berlaku.")
        require_open_day(session, today, actor, moment, "SUKET")
        transition(session, app, Action.ISSUE_SUKET, actor, moment, reason=REASONS[reason])
        suket = Suket(application_id=app.id, number=f"{app.slip_number}-S", issued_on=today,
                      valid_until=add_months(today, VALID_MONTHS), issued_by=actor.user_id,
                      reason=reason, signer_name=office.camat_name,
                      signer_nip=office.camat_nip)
        session.add(suket)
        session.flush()
        return SuketInfo(suket.id, app.id, suket.number, suket.issued_on, suket.valid_until,
                         False)


def void_suket(session: Session, application_id: int, moment: dt.datetime, reason: str) -> None:
    """Void an application's SUKET (in the caller's transaction), e.g. at handover."""
    suket = session.execute(select(Suket).where(Suket.application_id == application_id)
                            ).scalar_one_or_none()
    if suket is not None and suket.voided_at is None:
        suket.voided_at = moment
        suket.void_reason = reason


def suket_printout(db: Database, application_id: int, signer: Signer) -> SuketPrintout:
    """What the SUKET letter says, its QR signed by ``signer``."""
    from counter_app.services.office import load_wilayah

    wilayah = load_wilayah(db)
    with db.transaction() as session:
        suket = session.execute(select(Suket).where(Suket.application_id == application_id)
                                ).scalar_one_or_none()
        app = session.get(Application, application_id)
        office = session.get(Office, 1)
        if suket is None or app is None or office is None:
            raise NotFound("SUKET untuk permohonan ini belum diterbitkan.")
        if suket.voided_at is not None:
            raise Conflict(f"SUKET {suket.number} sudah tidak berlaku ({suket.void_reason}).")
        person = session.get(Applicant, app.applicant_id)
        bio = session.get(Biometrics, app.id)
        assert person is not None
        kelurahan = wilayah.get(person.kelurahan_code)
        token = signer.sign(SlipToken(suket.number, office.kecamatan_code.replace(".", ""),
                                      suket.issued_on, signer.key_id))
        return SuketPrintout(
            head=Letterhead(office.kota_name, office.kecamatan_name, office.address,
                            office.phone, suket.signer_name, suket.signer_nip),
            number=suket.number, issued_on=suket.issued_on, valid_until=suket.valid_until,
            nama=person.nama, nik_masked=mask_nik(person.nik),
            tempat_tanggal_lahir=f"{person.tempat_lahir}, {person.tanggal_lahir:%d-%m-%Y}",
            jenis_kelamin=JENIS_KELAMIN.get(person.jenis_kelamin, person.jenis_kelamin),
            agama=person.agama, status_perkawinan=person.status_perkawinan,
            pekerjaan=person.pekerjaan,
            alamat=f"{person.alamat} RT {person.rt} RW {person.rw}, Kelurahan "
                   f"{kelurahan.name if kelurahan else person.kelurahan_code}, Kecamatan "
                   f"{office.kecamatan_name}",
            reason=REASONS.get(suket.reason, suket.reason), slip_number=app.slip_number,
            photo=bio.photo if bio else None, token=token)


def suket_document(printout: SuketPrintout) -> Printable:
    """The SUKET as a printable A4 document."""
    return Printable(name=f"suket-{printout.number}", pdf=lambda _paper: suket_pdf(printout))
