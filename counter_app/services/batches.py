"""Forwarding to Disdukcapil: batches (surat pengantar) of FORWARD applications.

A batch is built from the forwarded applications not yet sent (or returned with a
problem), sent with a courier, and then each item comes back (received, by scanning
the slip's QR or ticking it), goes missing, or is returned with a reason. A received
card is ready for pickup. Items not back after N days are overdue.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.batches import (
    ITEM_STATE_LABELS,
    MARKABLE_STATES,
    OUT_STATES,
    BatchStatus,
    ItemState,
)
from counter_app.domain.cases import CaseType
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import REASON, STAFF_NAME, clean_text
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.rejection import RejectReason, parse_rejection, rejection_text
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route
from counter_app.domain.slip_token import SlipToken
from counter_app.domain.words import lower_first
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Batch,
    BatchItem,
    Office,
)
from counter_app.printing.letterhead import Letterhead
from counter_app.printing.output import Printable
from counter_app.printing.transmittal import (
    TransmittalLine,
    TransmittalPrintout,
    transmittal_pdf,
)
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.keys import Signer, public_keys, verify_with
from counter_app.services.recording import transition
from counter_app.services.settings import DEFAULT_OVERDUE_DAYS, OVERDUE_DAYS, get_int_setting

# The labels by state; keyed by the members, so a plain value ("received") finds them too.
ITEM_STATES: dict[str, str] = {state: label for state, label in ITEM_STATE_LABELS.items()}
# An application with an item still out (OUT_STATES) is not gathered again. Only
# applications whose status is FORWARDED are gathered at all: a returned one waits as
# RETURNED until the office resends it, a rejected one never goes again, and a card
# received and then found misprinted is FORWARDED again (its old item says "received").


@dataclass(frozen=True)
class BatchItemInfo:
    """An item of a batch."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    case_type: CaseType
    state: ItemState
    reason: str
    overdue: bool

    @property
    def state_label(self) -> str:
        """The state as the clerk reads it."""
        return self.state.label + (" - TERLAMBAT" if self.overdue else "")


@dataclass(frozen=True)
class BatchInfo:
    """A batch and its items."""

    id: int
    number: str
    day: dt.date
    status: BatchStatus
    sent_at: dt.datetime | None
    courier: str
    items: list[BatchItemInfo]

    @property
    def counts(self) -> dict[str, int]:
        """How many items are in each state (keyed by the ItemState members)."""
        result: dict[str, int] = dict.fromkeys(ItemState, 0)
        for item in self.items:
            result[item.state] += 1
        return result

    def as_json(self) -> dict[str, object]:
        """For ``batch list/show --json``."""
        return {"id": self.id, "number": self.number, "day": self.day.isoformat(),
                "status": self.status.value, "courier": self.courier,
                "sent_at": self.sent_at.isoformat() if self.sent_at else None,
                "counts": {str(state): n for state, n in self.counts.items()},
                "items": [{"slip_number": i.slip_number, "nama": i.nama, "nik": i.nik_masked,
                           "case": i.case_type.value, "state": i.state.value,
                           "reason": i.reason,
                           "overdue": i.overdue} for i in self.items]}


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or utc_now()).replace(microsecond=0)


def _pending_query(session: Session) -> list[Application]:
    spoken_for = select(BatchItem.application_id).where(
        BatchItem.state.in_(OUT_STATES))
    return list(session.execute(
        select(Application).where(Application.route == Route.FORWARD.value,
                                  Application.status == Status.FORWARDED,
                                  Application.id.not_in(spoken_for))
        .order_by(Application.recorded_at, Application.id)).scalars())


def pending_forward(db: Database) -> list[int]:
    """Forwarded applications not yet in a batch (or returned and ready to go again)."""
    with db.read_session() as session:
        return [a.id for a in _pending_query(session)]


def _batch_number(session: Session, office_code: str, day: dt.date) -> str:
    count = session.execute(select(func.count(Batch.id)).where(Batch.day == day)).scalar_one()
    return f"{office_code.replace('.', '')}-{day:%y%m%d}-{count + 1:04d}-B"


def _resend_reason(session: Session, app: Application) -> str:
    """Why an application goes to Disdukcapil again ("" the first time)."""
    last = session.execute(select(BatchItem.state).where(
        BatchItem.application_id == app.id).order_by(BatchItem.id.desc())).first()
    if last is None:
        return ""
    return "salah cetak" if last[0] is ItemState.RECEIVED else "kirim ulang"


def create_batch(db: Database, actor: Actor, now: dt.datetime | None = None) -> BatchInfo:
    """Gather every forwarded application not yet sent into a new draft batch."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    day = office_day(moment)
    try:
        with db.transaction() as session:
            actor = load_actor(session, actor, Permission.SERVE)
            office = session.get(Office, 1)
            if office is None:
                raise NotFound("Kantor belum disiapkan.")
            require_open_day(session, day, actor, moment, "batch baru")
            apps = _pending_query(session)
            if not apps:
                raise Conflict("Tidak ada permohonan yang menunggu dikirim ke Disdukcapil.")
            batch = Batch(number=_batch_number(session, office.kecamatan_code, day), day=day,
                          created_at=moment, created_by=actor.user_id,
                          status=BatchStatus.DRAFT,
                          courier="")
            session.add(batch)
            session.flush()
            for app in apps:
                session.add(BatchItem(batch_id=batch.id, application_id=app.id,
                                      state=ItemState.PENDING,
                                      reason=_resend_reason(session, app)))
            audit.record(session, actor, "batch.create", batch.number,
                         after={"items": len(apps)})
            batch_id = batch.id
    except IntegrityError:
        raise Conflict("Batch lain baru saja dibuat di loket lain; muat ulang daftar.") \
            from None
    return get_batch(db, batch_id)


def send_batch(db: Database, actor: Actor, batch_id: int, courier: str,
               now: dt.datetime | None = None) -> BatchInfo:
    """The batch leaves with a courier."""
    actor.require(Permission.SERVE)
    who = clean_text(courier, field="courier", label="Nama kurir", limit=STAFF_NAME)
    if not who:
        raise ValidationError("Isi nama kurir yang membawa berkas.", field="courier")
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise NotFound("Batch tidak ditemukan.")
        require_open_day(session, office_day(moment), actor, moment, "kirim batch")
        if batch.status is not BatchStatus.DRAFT:
            raise Conflict(f"Batch {batch.number} sudah dikirim "
                           f"{batch.sent_at:%d-%m-%Y %H.%M} UTC." if batch.sent_at
                           else f"Batch {batch.number} sudah dikirim.")
        batch.status, batch.sent_at, batch.sent_by, batch.courier = \
            BatchStatus.SENT, moment, actor.user_id, who
        audit.record(session, actor, "batch.send", batch.number, after={"courier": who})
    return get_batch(db, batch_id)


def mark_item(db: Database, actor: Actor, batch_id: int, application_id: int,
              state: ItemState | str, reason: str = "",
              now: dt.datetime | None = None) -> BatchInfo:
    """Record what became of one item: received (ready for pickup), missing, or returned.

    ``state`` may be the member or its value (as typed on the command line).
    """
    actor.require(Permission.SERVE)
    try:
        marked = ItemState(state)
    except ValueError:
        marked = ItemState.PENDING  # not markable either
    if marked not in MARKABLE_STATES:
        raise ValidationError("Status berkas: diterima, hilang, atau dikembalikan.")
    text = clean_text(reason, field="reason", label="Alasan", limit=REASON)
    if marked is ItemState.RETURNED and len(text) < 5:
        raise ValidationError("Tulis alasan pengembalian dari Disdukcapil (mis. dokumen "
                              "kurang).", field="reason")
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise NotFound("Batch tidak ditemukan.")
        if batch.status is not BatchStatus.SENT:
            raise Conflict(f"Batch {batch.number} belum dikirim.")
        require_open_day(session, office_day(moment), actor, moment, "berkas batch")
        item = session.execute(select(BatchItem).where(
            BatchItem.batch_id == batch_id, BatchItem.application_id == application_id)
        ).scalar_one_or_none()
        if item is None:
            raise NotFound("Permohonan itu tidak ada dalam batch ini.")
        if item.state is ItemState.RECEIVED:
            raise Conflict("KTP-el ini sudah dicatat diterima kembali.")
        if not item.state.out:
            raise Conflict(f"Berkas ini sudah dicatat {lower_first(item.state.label)}.")
        app = session.get(Application, application_id)
        assert app is not None
        if marked is ItemState.RECEIVED:
            transition(session, app, Action.RECEIVE, actor, moment, batch=batch.number)
            transition(session, app, Action.MARK_READY, actor, moment)
        elif marked is ItemState.RETURNED:
            # Waits as "dikembalikan" for the office's decision; not re-queued.
            transition(session, app, Action.RETURN, actor, moment, reason=text,
                       batch=batch.number)
        before = item.state
        item.state, item.reason, item.changed_at = marked, text, moment
        audit.record(session, actor, f"batch.item_{marked.value}", app.slip_number,
                     reason=text, before={"state": before.value},
                     after={"state": marked.value, "batch": batch.number})
    return get_batch(db, batch_id)


def _out_item(session: Session, slip_number: str) -> tuple[Batch, BatchItem, Application]:
    number = (slip_number or "").strip()
    row = session.execute(
        select(Batch, BatchItem, Application)
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .join(Application, Application.id == BatchItem.application_id)
        .where(Application.slip_number == number, Batch.status == BatchStatus.SENT,
               BatchItem.state.in_(OUT_STATES))).first()
    if row is None:
        raise NotFound(f"{number[:30]} tidak sedang menunggu kembali dari Disdukcapil "
                       "(batch terkirim).")
    return row[0], row[1], row[2]


@dataclass(frozen=True)
class RejectionInfo:
    """A rejection as recorded."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    batch_number: str
    reason: RejectReason
    note: str

    @property
    def text(self) -> str:
        """'Ditolak: ...' as the lists show it."""
        return rejection_text(self.reason.value, self.note)


def reject_item(db: Database, actor: Actor, slip_number: str, reason: str, note: str = "",
                now: dt.datetime | None = None) -> RejectionInfo:
    """Disdukcapil refused this forwarded application: it becomes "ditolak".

    The reason stays with it, for good; a new application may be opened from it.
    """
    actor.require(Permission.SERVE)
    code, text = parse_rejection(reason, note)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        batch, item, app = _out_item(session, slip_number)
        require_open_day(session, office_day(moment), actor, moment, "penolakan batch")
        transition(session, app, Action.REJECT, actor, moment, reason=text,
                   batch=batch.number, code=code.value)
        app.reject_code, app.reject_note = code.value, text
        before = item.state
        item.state, item.reason, item.changed_at = \
            ItemState.REJECTED, rejection_text(code.value, text), moment
        audit.record(session, actor, "batch.item_rejected", app.slip_number,
                     reason=text, before={"state": before.value},
                     after={"state": ItemState.REJECTED.value, "code": code.value,
                            "batch": batch.number})
        person = session.get(Applicant, app.applicant_id)
        assert person is not None
        return RejectionInfo(app.id, app.slip_number, person.nama, mask_nik(person.nik),
                             batch.number, code, text)


@dataclass(frozen=True)
class ReturnedItem:
    """An application Disdukcapil returned unprinted, waiting for the office's decision."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    batch_number: str
    reason: str
    returned_on: dt.date

    def as_json(self) -> dict[str, object]:
        """A row of ``batch returned list --json``."""
        return {"slip_number": self.slip_number, "status": Status.RETURNED.value,
                "name": self.nama, "nik": self.nik_masked, "batch": self.batch_number,
                "reason": self.reason, "returned_on": self.returned_on.isoformat()}


def returned_items(db: Database, actor: Actor) -> list[ReturnedItem]:
    """Applications waiting as "dikembalikan" (oldest first), with the batch and reason."""
    actor.require(Permission.SERVE)
    with db.read_session() as session:
        load_actor(session, actor, Permission.SERVE)
        rows = session.execute(
            select(Application, Applicant, BatchItem, Batch)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .join(BatchItem, BatchItem.application_id == Application.id)
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(Application.status == Status.RETURNED.value,
                   BatchItem.state == "returned")
            .order_by(Application.status_changed_at, Application.id, BatchItem.id.desc())
        ).all()
        seen: set[int] = set()
        found = []
        for app, person, item, batch in rows:
            if app.id in seen:
                continue  # an earlier return of the same application (resent since)
            seen.add(app.id)
            found.append(ReturnedItem(
                app.id, app.slip_number, person.nama, mask_nik(person.nik), batch.number,
                item.reason, office_day(item.changed_at or app.status_changed_at)))
        return found


def decide_returned(db: Database, actor: Actor, slip_number: str, resend: bool,
                    reason: str = "", now: dt.datetime | None = None) -> Status:
    """The office's decision on an application Disdukcapil returned (supervisor).

    Resend it with the next batch, or cancel it with a reason. Until then it waits as
    "dikembalikan" and is never gathered into a batch by itself (issue 11).
    """
    actor.require(Permission.DECIDE_RETURNED)
    moment = _now(now)
    text = clean_text(reason, field="reason", label="Alasan", limit=REASON)
    if not resend and len(text) < 5:
        raise ValidationError("Tulis alasan pembatalan (minimal 5 huruf).", field="reason")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.DECIDE_RETURNED)
        app = session.execute(select(Application).where(
            Application.slip_number == (slip_number or "").strip())).scalar_one_or_none()
        if app is None:
            raise NotFound(f"Permohonan {(slip_number or '').strip()[:30]} tidak ditemukan.")
        require_open_day(session, office_day(moment), actor, moment, "berkas dikembalikan")
        if app.status is not Status.RETURNED:
            raise Conflict(f"{app.slip_number} tidak berstatus dikembalikan Disdukcapil.")
        if resend:
            return transition(session, app, Action.RESEND, actor, moment, reason=text)
        app.cancel_reason = text
        return transition(session, app, Action.CANCEL, actor, moment, reason=text)


def receive_scanned(db: Database, actor: Actor, token_or_slip: str,
                    now: dt.datetime | None = None) -> BatchItemInfo:
    """A returned card is checked in by scanning its slip's QR (or typing the slip number)."""
    text = token_or_slip.strip()
    if text.startswith("KTP"):
        number = verify_with(text, public_keys(db)).number
    else:
        number = text
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        row = session.execute(
            select(BatchItem.batch_id, BatchItem.application_id)
            .join(Application, Application.id == BatchItem.application_id)
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(Application.slip_number == number, Batch.status == BatchStatus.SENT,
                   BatchItem.state.in_(OUT_STATES))).first()
    if row is None:
        raise NotFound(f"{number[:30]} tidak menunggu kembali dari Disdukcapil.")
    batch = mark_item(db, actor, row[0], row[1], ItemState.RECEIVED, now=now)
    return next(i for i in batch.items if i.application_id == row[1])


def get_batch(db: Database, batch_id: int, today: dt.date | None = None) -> BatchInfo:
    """A batch and its items (overdue when not back after the admin's N days)."""
    limit = get_int_setting(db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS)
    day = today or office_day(utc_now())
    with db.read_session() as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise NotFound("Batch tidak ditemukan.")
        return _info(session, batch, day, limit)


def _info(session: Session, batch: Batch, today: dt.date, limit: int) -> BatchInfo:
    rows = session.execute(
        select(BatchItem, Application, Applicant)
        .join(Application, Application.id == BatchItem.application_id)
        .join(Applicant, Applicant.id == Application.applicant_id)
        .where(BatchItem.batch_id == batch.id).order_by(BatchItem.id)).all()
    sent_day = office_day(batch.sent_at) if batch.sent_at else None
    items = [
        BatchItemInfo(app.id, app.slip_number, person.nama, mask_nik(person.nik),
                      CaseType(app.case_type), item.state, item.reason,
                      overdue=bool(sent_day and item.state is ItemState.PENDING
                                   and (today - sent_day).days > limit))
        for item, app, person in rows
    ]
    return BatchInfo(batch.id, batch.number, batch.day, batch.status, batch.sent_at,
                     batch.courier, items)


def find_batch(db: Database, number: str, today: dt.date | None = None) -> BatchInfo:
    """The batch with this number (an indexed lookup); NotFound otherwise."""
    wanted = (number or "").strip()
    with db.read_session() as session:
        batch_id = session.execute(select(Batch.id).where(Batch.number == wanted)
                                   ).scalar_one_or_none()
    if batch_id is None:
        raise NotFound(f"Batch {wanted[:30]} tidak ada.")
    return get_batch(db, batch_id, today)


def list_batches(db: Database, today: dt.date | None = None) -> list[BatchInfo]:
    """Every batch, newest first."""
    limit = get_int_setting(db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS)
    day = today or office_day(utc_now())
    with db.read_session() as session:
        return [_info(session, b, day, limit) for b in session.execute(
            select(Batch).order_by(Batch.created_at.desc(), Batch.id.desc())).scalars()]


def overdue_items(db: Database, today: dt.date | None = None) -> list[BatchItemInfo]:
    """Items of sent batches not back after N days (for the dashboard)."""
    return [i for b in list_batches(db, today) for i in b.items if i.overdue]


def transmittal_printout(db: Database, actor: Actor, batch_id: int,
                         signer: Signer) -> TransmittalPrintout:
    """The surat pengantar of a batch, with its signed QR.

    It lists full NIKs, so it is an export with full NIK: supervisor only, audited.
    """
    actor.require(Permission.EXPORT_FULL_NIK)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.EXPORT_FULL_NIK)
        batch = session.get(Batch, batch_id)
        office = session.get(Office, 1)
        if batch is None or office is None:
            raise NotFound("Batch tidak ditemukan.")
        rows = session.execute(
            select(Application, Applicant)
            .join(BatchItem, BatchItem.application_id == Application.id)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(BatchItem.batch_id == batch_id).order_by(BatchItem.id)).all()
        lines = []
        for app, person in rows:
            docs = session.execute(select(ApplicationDocument).where(
                ApplicationDocument.application_id == app.id,
                ApplicationDocument.provided.is_(True))).scalars()
            details = []
            for d in docs:
                extra = json.loads(d.details or "{}")
                details.append(d.label + (f" ({extra['nomor']})" if extra.get("nomor") else ""))
            lines.append(TransmittalLine(app.slip_number, person.nik, person.nama,
                                         CaseType(app.case_type).label, "; ".join(details)))
        token = signer.sign(SlipToken(batch.number, office.kecamatan_code.replace(".", ""),
                                      batch.day, signer.key_id))
        audit.record(session, actor, "export.full_nik", batch.number,
                     after={"document": "surat pengantar", "rows": len(lines)})
        return TransmittalPrintout(
            Letterhead(office.kota_name, office.kecamatan_name, office.address, office.phone,
                       office.camat_name, office.camat_nip),
            batch.number, batch.day, lines, batch.courier, token)


def transmittal_document(printout: TransmittalPrintout) -> Printable:
    """The surat pengantar as a printable A4 document."""
    return Printable(name=f"surat-pengantar-{printout.number}",
                     pdf=lambda _paper: transmittal_pdf(printout))
