"""Pickup (Pengambilan): a card is handed over once, to the right person.

The clerk finds the application by the slip's QR, the slip number, or (slip lost) the
NIK, checks identity, and records who collects it: the applicant, or a family member on
the same KK. Surrendered items (the old card, the SUKET) are recorded; the SUKET is
void from that moment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.cases import CaseType
from counter_app.domain.clock import local, office_day, utc_now
from counter_app.domain.dates import format_date
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import REASON, clean_text
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.recording import clean_person_name
from counter_app.domain.roles import Permission
from counter_app.domain.words import lower_first
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Biometrics,
    Pickup,
    Suket,
    User,
)
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.keys import (
    public_keys,
    require_made_before_retirement,
    verify_with,
)
from counter_app.services.recording import status_note, transition
from counter_app.services.suket import void_suket

SURRENDER_LABELS = {"SUKET": "SUKET", "KTP_LAMA": "KTP-el lama", "KTP_RUSAK": "KTP-el rusak"}


@dataclass(frozen=True)
class PickupCandidate:
    """What the pickup screen shows for an application."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    kk_masked: str
    case_type: CaseType
    status: Status
    expected_ready: dt.date
    photo: bytes | None
    must_surrender: tuple[str, ...]
    handed_over: str  # "" or when, by whom, to whom
    status_note: str = ""  # a rejection's reason, an archive's storage place

    @property
    def where(self) -> str:
        """Where the application is, in plain words, for one not ready yet."""
        if self.status is Status.READY_FOR_PICKUP:
            return "KTP-el siap diambil."
        if self.status is Status.HANDED_OVER:
            return f"KTP-el sudah diserahkan: {self.handed_over}."
        if self.status is Status.CANCELLED:
            return "Permohonan ini dibatalkan."
        if self.status is Status.REJECTED:
            return (f"Permohonan ditolak Disdukcapil: {self.status_note}. Hubungi "
                    "pemohon; permohonan baru dapat dibuka dari permohonan ini.")
        if self.status is Status.RETURNED:
            # status_note: "<Disdukcapil's reason>; menunggu keputusan kirim ulang ..."
            return f"Dikembalikan Disdukcapil: {self.status_note}."
        if self.status is Status.ARCHIVED:
            return f"KTP-el tidak diambil, diarsipkan ({self.status_note}); dapat diserahkan."
        return (f"KTP-el belum siap ({lower_first(self.status.label)}); perkiraan siap "
                f"{format_date(self.expected_ready)}.")


@dataclass(frozen=True)
class ReadyItem:
    """A card waiting to be collected, with the phone number to call."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    phone: str
    ready_since: dt.date
    days_waiting: int


def _handed_over_text(session: Session, pickup: Pickup) -> str:
    clerk = session.get(User, pickup.handed_by)
    who = ("pemohon sendiri" if pickup.receiver == "self"
           else f"{pickup.receiver_name} (keluarga, NIK {mask_nik(pickup.receiver_nik)})")
    return (f"{local(pickup.at):%d-%m-%Y %H.%M} oleh {clerk.full_name if clerk else '?'} "
            f"kepada {who}")


def _candidate(session: Session, app: Application) -> PickupCandidate:
    person = session.get(Applicant, app.applicant_id)
    assert person is not None
    bio = session.get(Biometrics, app.id)
    pickup = session.execute(select(Pickup).where(Pickup.application_id == app.id)
                             ).scalar_one_or_none()
    must: list[str] = []
    if session.execute(select(Suket.id).where(Suket.application_id == app.id,
                                              Suket.voided_at.is_(None))).first():
        must.append("SUKET")
    # An old or damaged card that was not handed in at recording is handed in now.
    for doc in session.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == app.id,
            ApplicationDocument.code.in_(("KTP_LAMA", "KTP_RUSAK")))).scalars():
        if not doc.surrendered:
            must.append(doc.code)
    return PickupCandidate(
        app.id, app.slip_number, person.nama, mask_nik(person.nik), mask_nik(person.kk),
        CaseType(app.case_type), app.status, app.expected_ready,
        bio.photo if bio else None, tuple(must),
        _handed_over_text(session, pickup) if pickup else "", status_note(app))


def find_for_pickup(db: Database, scanned: str) -> PickupCandidate:
    """The application of a scanned slip QR or a typed slip number."""
    text = (scanned or "").strip()
    if not text:
        raise ValidationError("Pindai kode QR tanda terima atau ketik nomornya.")
    keys = public_keys(db)
    token = verify_with(text, keys) if text.startswith("KTP") else None
    number = token.number if token is not None else text
    if number.endswith(("-S", "-B")):
        raise ValidationError("Itu bukan tanda terima pengambilan; pindai tanda terima.")
    with db.read_session() as session:
        app = session.execute(select(Application).where(Application.slip_number == number)
                              ).scalar_one_or_none()
        if app is None:
            raise NotFound(f"Tanda terima {number[:30]} tidak ada.")
        if token is not None:
            require_made_before_retirement(token, keys, app.recorded_at)
        return _candidate(session, app)


def find_by_nik(db: Database, nik: str) -> list[PickupCandidate]:
    """Applications of a NIK, newest first (when the slip is lost)."""
    number = parse_nik(nik).nik
    with db.read_session() as session:
        person = session.execute(select(Applicant).where(Applicant.nik == number)
                                 ).scalar_one_or_none()
        if person is None:
            raise NotFound("Tidak ada permohonan dengan NIK ini.")
        apps = session.execute(select(Application).where(
            Application.applicant_id == person.id).order_by(Application.recorded_at.desc())
        ).scalars().all()
        return [_candidate(session, a) for a in apps]


@dataclass(frozen=True)
class PickupInfo:
    """A completed handover."""

    slip_number: str
    receiver: str
    receiver_name: str
    at: dt.datetime


def hand_over(
    db: Database, actor: Actor, application_id: int, *, receiver: str, identity_checked: bool,
    receiver_name: str = "", receiver_nik: str = "", slip_lost: bool = False,
    identity_note: str = "", surrendered: tuple[str, ...] = (),
    now: dt.datetime | None = None,
) -> PickupInfo:
    """Hand the card over, once.

    Refused, with the reason, when it is not ready, was already handed over, the
    identity was not checked, or a required item was not surrendered.
    """
    actor.require(Permission.SERVE)
    if receiver not in ("self", "family"):
        raise ValidationError("Penerima: pemohon sendiri atau keluarga satu KK.")
    if not identity_checked:
        raise ValidationError("Centang bahwa identitas penerima sudah diperiksa.")
    note = clean_text(identity_note, field="identity_note", label="Catatan identitas",
                      limit=REASON)
    if slip_lost and len(note) < 10:
        raise ValidationError("Tanda terima hilang: tulis dokumen yang diperiksa (mis. KK "
                              "asli dan foto cocok), minimal 10 huruf.", field="identity_note")
    moment = (now or utc_now()).replace(microsecond=0)
    try:
        with db.transaction() as session:
            actor = load_actor(session, actor, Permission.SERVE)
            app = session.execute(select(Application).where(Application.id == application_id)
                                  .with_for_update()).scalar_one_or_none()
            if app is None:
                raise NotFound("Permohonan tidak ditemukan.")
            require_open_day(session, office_day(moment), actor, moment, "pengambilan")
            candidate = _candidate(session, app)
            if candidate.status not in (Status.READY_FOR_PICKUP, Status.ARCHIVED):
                raise Conflict(f"{app.slip_number}: {candidate.where}")
            person = session.get(Applicant, app.applicant_id)
            assert person is not None
            if receiver == "self":
                name, nik = person.nama, person.nik
            else:
                name = clean_person_name(receiver_name)
                nik = parse_nik(receiver_nik).nik
                if nik == person.nik:
                    raise ValidationError("Penerima keluarga harus orang lain; pilih "
                                          "'pemohon sendiri'.")
            missing = [SURRENDER_LABELS[c] for c in candidate.must_surrender
                       if c not in surrendered]
            if missing:
                raise ValidationError("Belum diserahkan: " + ", ".join(missing) + ".")
            transition(session, app, Action.HAND_OVER, actor, moment,
                       receiver=receiver, slip_lost=slip_lost, nik=mask_nik(nik))
            session.add(Pickup(application_id=app.id, at=moment, day=office_day(moment),
                               handed_by=actor.user_id, receiver=receiver, receiver_name=name,
                               receiver_nik=nik, slip_lost=slip_lost, identity_note=note,
                               surrendered=json.dumps(sorted(surrendered))))
            void_suket(session, app.id, moment, "KTP-el sudah diserahkan")
            session.flush()
            return PickupInfo(app.slip_number, receiver, name, moment)
    except IntegrityError:
        # Another counter handed it over in the same moment.
        raise Conflict("KTP-el ini baru saja diserahkan di loket lain.") from None


def ready_list(db: Database, today: dt.date | None = None) -> list[ReadyItem]:
    """Cards ready for pickup, longest waiting first, with phone numbers to call."""
    day = today or office_day(utc_now())
    with db.read_session() as session:
        rows = session.execute(
            select(Application, Applicant).join(Applicant,
                                                Applicant.id == Application.applicant_id)
            .where(Application.status == Status.READY_FOR_PICKUP)
            .order_by(Application.status_changed_at, Application.id)).all()
        return [ReadyItem(a.id, a.slip_number, p.nama, mask_nik(p.nik), p.phone,
                          office_day(a.status_changed_at),
                          (day - office_day(a.status_changed_at)).days)
                for a, p in rows]


def ready_list_csv(items: list[ReadyItem]) -> str:
    """The ready list as CSV for the staff who phone applicants (NIK masked)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["tanda_terima", "nama", "nik", "telepon", "siap_sejak", "hari_menunggu"])
    for item in items:
        writer.writerow([item.slip_number, item.nama, item.nik_masked, item.phone,
                         item.ready_since.isoformat(), item.days_waiting])
    return out.getvalue()

