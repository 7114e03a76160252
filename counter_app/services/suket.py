"""SUKET: a temporary certificate for a recorded applicant who cannot get the card yet.

Issued when there is no blanko, before the 17th birthday, or while a replacement waits
at Disdukcapil; valid six months; void once the card is handed over. Its QR is signed
like the slip's. It stands in for the card, so it shows the full NIK.

Issue 11: renewable (a renewal is a new numbered SUKET linked to the old one, which is
voided); the signer is a setting (the camat, or the camat on behalf of the head of
Disdukcapil); and an office can switch SUKET issuing off (Dukcapil stopped SUKETs
nationally from March 2020, the reason is shown to the clerk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.reference import JENIS_KELAMIN
from counter_app.domain.roles import Permission
from counter_app.domain.slip_token import SlipToken
from counter_app.models import Applicant, Application, Biometrics, Office, Suket
from counter_app.printing.letterhead import Letterhead
from counter_app.printing.output import Printable
from counter_app.printing.suket import SuketPrintout, suket_pdf
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.keys import Signer
from counter_app.services.recording import transition
from counter_app.services.settings import read_setting, write_settings

VALID_MONTHS = 6
REASONS: dict[str, str] = {
    "no_blanko": "blanko KTP-el sedang habis",
    "under_17": "pemohon belum berusia 17 tahun",
    "waiting_disdukcapil": "KTP-el pengganti sedang dicetak di Disdukcapil",
}
# Where a SUKET may be issued without moving the application along its lifecycle.
_WAITING_AT_DINAS = (Status.FORWARDED, Status.RECEIVED)

SUKET_OFF_REASON = "suket.off_reason"      # "" or absent: SUKETs are issued
SUKET_ON_BEHALF = "suket.on_behalf"        # True: a.n. Kepala Dinas Dukcapil


@dataclass(frozen=True)
class SuketSettings:
    """The office's SUKET settings."""

    off_reason: str  # "" when issuing is on
    on_behalf: bool

    @property
    def issuing(self) -> bool:
        """True when the office issues SUKETs."""
        return not self.off_reason


def get_suket_settings(db: Database) -> SuketSettings:
    """The office's SUKET settings."""
    with db.transaction() as session:
        return SuketSettings(str(read_setting(session, SUKET_OFF_REASON, "") or ""),
                             bool(read_setting(session, SUKET_ON_BEHALF, False)))


def set_suket_settings(db: Database, actor: Actor, *, issuing: bool, off_reason: str = "",
                       on_behalf: bool = False) -> SuketSettings:
    """An admin sets who signs, and may switch SUKET issuing off with a reason."""
    text = " ".join((off_reason or "").split())
    if not issuing and not 10 <= len(text) <= 300:
        raise ValidationError("Tulis alasan SUKET tidak diterbitkan (10-300 huruf), mis. "
                              "'Sesuai surat Dirjen Dukcapil, SUKET tidak diterbitkan lagi "
                              "sejak Maret 2020'.", field="off_reason")
    write_settings(db, actor, {SUKET_OFF_REASON: "" if issuing else text,
                               SUKET_ON_BEHALF: bool(on_behalf)})
    return get_suket_settings(db)


def _require_issuing(session: Session) -> None:
    reason = str(read_setting(session, SUKET_OFF_REASON, "") or "")
    if reason:
        raise Conflict(f"Kantor ini tidak menerbitkan SUKET: {reason}")


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
    renews: str = ""


def _active(session: Session, application_id: int) -> Suket | None:
    return session.execute(select(Suket).where(
        Suket.application_id == application_id, Suket.voided_at.is_(None))
        .order_by(Suket.id.desc())).scalars().first()


def issue_suket(db: Database, actor: Actor, application_id: int, reason: str,
                now: dt.datetime | None = None) -> SuketInfo:
    """Issue a SUKET for an application waiting to be printed here or at Disdukcapil."""
    actor.require(Permission.SERVE)
    if reason not in REASONS:
        raise ValidationError("Pilih alasan SUKET: blanko habis, belum 17 tahun, atau "
                              "KTP-el pengganti menunggu di Disdukcapil.")
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
        _require_issuing(session)
        if _active(session, app.id) is not None:
            raise Conflict(f"{app.slip_number} sudah memiliki SUKET yang berlaku; "
                           "perpanjang bila masa berlakunya habis.")
        if reason == "waiting_disdukcapil":
            if app.status not in _WAITING_AT_DINAS:
                raise ValidationError(f"{app.slip_number} tidak sedang menunggu di "
                                      "Disdukcapil.")
            audit.record(session, actor, "application.suket", app.slip_number,
                         reason=REASONS[reason], after={"status": app.status})
        else:
            transition(session, app, Action.ISSUE_SUKET, actor, moment,
                       reason=REASONS[reason])
        suket = Suket(application_id=app.id, number=f"{app.slip_number}-S", issued_on=today,
                      valid_until=add_months(today, VALID_MONTHS), issued_by=actor.user_id,
                      reason=reason, signer_name=office.camat_name,
                      signer_nip=office.camat_nip,
                      on_behalf=bool(read_setting(session, SUKET_ON_BEHALF, False)))
        session.add(suket)
        session.flush()
        return SuketInfo(suket.id, app.id, suket.number, suket.issued_on, suket.valid_until,
                         False)


def renew_suket(db: Database, actor: Actor, application_id: int,
                now: dt.datetime | None = None) -> SuketInfo:
    """A new numbered SUKET linked to the current one, which is voided.

    Renewed when the card is still not ready; the new one is valid six months from today.
    """
    actor.require(Permission.SERVE)
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        office = session.get(Office, 1)
        app = session.get(Application, application_id)
        if app is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, today, actor, moment, "perpanjangan SUKET")
        _require_issuing(session)
        old = _active(session, app.id)
        if old is None:
            raise Conflict(f"{app.slip_number} tidak memiliki SUKET yang berlaku untuk "
                           "diperpanjang.")
        if app.status in (Status.READY_FOR_PICKUP, Status.ARCHIVED):
            raise Conflict("KTP-el sudah siap diambil; SUKET tidak perlu diperpanjang.")
        count = session.execute(select(func.count(Suket.id)).where(
            Suket.application_id == app.id)).scalar_one()
        new = Suket(application_id=app.id, number=f"{app.slip_number}-{count + 1}-S",
                    issued_on=today, valid_until=add_months(today, VALID_MONTHS),
                    issued_by=actor.user_id, reason=old.reason,
                    signer_name=office.camat_name, signer_nip=office.camat_nip,
                    previous_suket_id=old.id,
                    on_behalf=bool(read_setting(session, SUKET_ON_BEHALF, False)))
        old.voided_at, old.void_reason = moment, f"diperpanjang dengan SUKET {new.number}"
        session.add(new)
        session.flush()
        audit.record(session, actor, "suket.renew", new.number,
                     before={"number": old.number, "valid_until": old.valid_until.isoformat()},
                     after={"valid_until": new.valid_until.isoformat()})
        return SuketInfo(new.id, app.id, new.number, new.issued_on, new.valid_until, False,
                         renews=old.number)


def void_suket(session: Session, application_id: int, moment: dt.datetime, reason: str) -> None:
    """Void an application's SUKET (in the caller's transaction), e.g. at handover."""
    suket = _active(session, application_id)
    if suket is not None:
        suket.voided_at = moment
        suket.void_reason = reason


def suket_printout(db: Database, application_id: int, signer: Signer) -> SuketPrintout:
    """What the SUKET letter says, its QR signed by ``signer``."""
    from counter_app.services.office import load_wilayah

    wilayah = load_wilayah(db)
    with db.transaction() as session:
        suket = session.execute(select(Suket).where(Suket.application_id == application_id)
                                .order_by(Suket.id.desc())).scalars().first()
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
        previous = (session.get(Suket, suket.previous_suket_id)
                    if suket.previous_suket_id else None)
        token = signer.sign(SlipToken(suket.number, office.kecamatan_code.replace(".", ""),
                                      suket.issued_on, signer.key_id))
        return SuketPrintout(
            head=Letterhead(office.kota_name, office.kecamatan_name, office.address,
                            office.phone, suket.signer_name, suket.signer_nip),
            number=suket.number, issued_on=suket.issued_on, valid_until=suket.valid_until,
            nama=person.nama, nik=person.nik,
            tempat_tanggal_lahir=f"{person.tempat_lahir}, {person.tanggal_lahir:%d-%m-%Y}",
            jenis_kelamin=JENIS_KELAMIN.get(person.jenis_kelamin, person.jenis_kelamin),
            agama=person.agama, status_perkawinan=person.status_perkawinan,
            pekerjaan=person.pekerjaan,
            alamat=f"{person.alamat} RT {person.rt} RW {person.rw}, Kelurahan "
                   f"{kelurahan.name if kelurahan else person.kelurahan_code}, Kecamatan "
                   f"{office.kecamatan_name}",
            reason=REASONS.get(suket.reason, suket.reason), slip_number=app.slip_number,
            photo=bio.photo if bio else None, token=token, on_behalf=suket.on_behalf,
            renews=previous.number if previous is not None else "")


def suket_document(printout: SuketPrintout) -> Printable:
    """The SUKET as a printable A4 document."""
    return Printable(name=f"suket-{printout.number}", pdf=lambda _paper: suket_pdf(printout))
