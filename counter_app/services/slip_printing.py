"""Printing a pickup slip with its signed QR; every print after the first is a reprint."""

from __future__ import annotations

import json

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.cases import CaseType, DataElement, case_label
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.dates import format_date
from counter_app.domain.eligibility import Eligibility
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.lifecycle import TERMINAL
from counter_app.domain.nik import mask_nik
from counter_app.domain.recording import STATION_DEVICE
from counter_app.domain.roles import Permission
from counter_app.domain.routing import ROUTE_PLACES, Route, bring_at_pickup
from counter_app.domain.words import lower_first
from counter_app.models import Applicant, Application, Biometrics, Office
from counter_app.printing.output import PdfPrinter, Printable, deliver
from counter_app.printing.paper import Paper, PrinterSettings
from counter_app.printing.pickup_slip import SlipPrintout, slip_escpos, slip_pdf
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.keys import Signer, load_signer
from counter_app.services.recording import slip_token
from counter_app.services.settings import get_office_hours


def slip_printout(db: Database, application_id: int, signer: Signer) -> SlipPrintout:
    """What an application's slip says, its QR signed by ``signer``."""
    token = signer.sign(slip_token(db, application_id, signer.key_id))
    hours = get_office_hours(db)
    with db.transaction() as session:
        app = session.get(Application, application_id)
        office = session.get(Office, 1)
        if app is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        applicant = session.get(Applicant, app.applicant_id)
        assert applicant is not None
        case = CaseType(app.case_type)
        changed = tuple(DataElement(e) for e in json.loads(app.changed_elements or "[]"))
        bio = session.execute(select(Biometrics.device).where(
            Biometrics.application_id == app.id)).scalar_one_or_none()
        notes = []
        if app.eligibility == Eligibility.RECORD_ONLY:
            notes.append(f"KTP-el dicetak mulai ulang tahun ke-17 "
                         f"({format_date(app.printable_from)}).")
        if app.valid_until is not None:
            # UU 24/2013 art. 64(7): a foreigner's card follows the KITAP.
            notes.append(f"KTP-el WNA berlaku sampai {format_date(app.valid_until)} "
                         "(sesuai KITAP).")
        note = " ".join(notes)
        where = ROUTE_PLACES[Route(app.route)]
        if app.route_reason:
            where += f". Alasan: {app.route_reason}."
        return SlipPrintout(
            office_name=f"Kecamatan {office.kecamatan_name}, {office.kota_name}",
            office_address=office.address, slip_number=app.slip_number,
            recorded_on=app.day, nama=applicant.nama, nik_masked=mask_nik(applicant.nik),
            case_label=case_label(case, changed), where_printed=where,
            expected_ready=app.expected_ready, bring=bring_at_pickup(case),
            office_hours=hours, token=token, reprint=app.slip_print_count > 0, note=note,
            biometrics="Direkam di stasiun Dukcapil" if bio == STATION_DEVICE else "",
        )


def slip_document(slip: SlipPrintout) -> Printable:
    """The slip as a printable document (PDF on 58/80 mm or A6, and ESC/POS)."""
    return Printable(
        name=f"tanda-terima-{slip.slip_number}",
        pdf=lambda paper: slip_pdf(slip, paper),
        escpos=lambda paper, cutter: slip_escpos(slip, paper, cutter),
    )


def record_slip_print(db: Database, application_id: int, actor: Actor | None) -> int:
    """Count a slip that came out; the second and later ones are audited as reprints."""
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        moment = utc_now()
        require_open_day(session, office_day(moment), actor, moment,
                         f"cetak tanda terima {app.slip_number}")
        app.slip_print_count += 1
        if app.slip_print_count > 1:
            audit.record(session, actor, "slip.reprint", app.slip_number,
                         after={"copy": app.slip_print_count}, username="sistem")
        return app.slip_print_count


def print_slip(db: Database, application_id: int, settings: PrinterSettings,
               pdf_printer: PdfPrinter | None = None,
               actor: Actor | None = None) -> tuple[SlipPrintout, str]:
    """Print (or reprint) a slip; the application is already saved whatever happens here."""
    slip = slip_printout(db, application_id, load_signer(db))
    where = deliver(slip_document(slip), settings, pdf_printer)
    record_slip_print(db, application_id, actor)
    return slip, where


def slip_pdf_bytes(db: Database, application_id: int, paper: Paper = Paper.A6) -> bytes:
    """The slip's PDF (e.g. ``slip print --out``); not counted as a print."""
    return slip_pdf(slip_printout(db, application_id, load_signer(db)), paper)


def reissue_slip(db: Database, actor: Actor, application_id: int, *, identity_checked: bool,
                 identity_note: str, settings: PrinterSettings,
                 pdf_printer: PdfPrinter | None = None) -> tuple[SlipPrintout, str]:
    """A new slip for the same application, after the clerk checked who asks for it.

    For a slip signed with a revoked key (or lost): the new one carries a new token
    signed with this PC's current key; the slip number stays, so the application, its
    history and the ready list are unchanged. Audited with the identity check written.
    """
    actor.require(Permission.SERVE)
    if not identity_checked:
        raise ValidationError("Centang bahwa identitas pemohon sudah diperiksa.")
    note = " ".join((identity_note or "").split())
    if len(note) < 10:
        raise ValidationError("Tulis dokumen yang diperiksa (mis. KK asli dan foto cocok), "
                              "minimal 10 huruf.", field="identity_note")
    if len(note) > 300:
        raise ValidationError("Catatan pemeriksaan terlalu panjang (maksimal 300 huruf).",
                              field="identity_note")
    signer = load_signer(db)
    with db.transaction() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        status = app.status
        if status in TERMINAL:
            raise Conflict(f"{app.slip_number} berstatus {lower_first(status.label)}: tanda terima "
                           "tidak diterbitkan ulang.")
        audit.record(session, actor, "slip.reissue", app.slip_number, reason=note,
                     after={"key_id": signer.key_id})
    slip = slip_printout(db, application_id, signer)
    where = deliver(slip_document(slip), settings, pdf_printer)
    record_slip_print(db, application_id, actor)
    return slip, where
