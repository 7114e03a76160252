"""Jemput bola on the laptop: join an office, the day's event, export, confirm and purge.

A laptop is an installation of its own (its own SQLite database) that joined an office
once with the pairing file. It records with the same wizard and services as a counter;
``services.outreach_hooks`` gives its slips the laptop's prefix and tracks each
recording until the office confirms it holds it. Only then is the personal data deleted
from the laptop (with SQLite's secure delete, and the write-ahead log emptied), while the
counts per event stay.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from counter_app.db import Database, open_database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.outreach_packet import (
    CONFIRMATION_FORMAT,
    PAIRING_FORMAT,
    PacketError,
    canonical_json,
    raw_public,
    require_laptop_code,
    seal,
    verify_document,
)
from counter_app.domain.roles import Permission, Role
from counter_app.domain.slip_token import key_id_of
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDisability,
    ApplicationDocument,
    AuditLog,
    BatchItem,
    Biometrics,
    BlankoEntry,
    CounterService,
    HomeVisitRequest,
    Office,
    OutreachEvent,
    OutreachProfile,
    OutreachRecord,
    Pickup,
    QueueService,
    Region,
    SigningKey,
    Suket,
    User,
)
from counter_app.models import Counter as CounterRow
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.keys import key_path
from counter_app.services.recording import OUTREACH_KINDS

# --- joining ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LaptopStatus:
    """The laptop's pairing and what it holds."""

    laptop_code: str
    laptop_name: str
    key_id: str
    office_title: str
    last_sequence: int
    last_confirmed_sequence: int
    waiting: int  # recordings not yet confirmed by the office
    exported_waiting: int  # of those, already in a packet
    confirmed: int
    purged: int

    def as_json(self) -> dict[str, object]:
        """For ``outreach status --json``."""
        return dict(vars(self))


def _write_key(path: Path, pem: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        # A key made before joining (a slip printed early) is kept aside, not destroyed.
        path.replace(path.with_name(f"{path.stem}.sebelum-jemput-bola{path.suffix}"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def join_office(db: Database, pairing_text: str, key_file: Path | None = None,
                now: dt.datetime | None = None) -> LaptopStatus:
    """Set this empty installation up as an outreach laptop of the office, once.

    The laptop's signing key goes to this PC's key file (owner-only); the office profile,
    the regions, the team's accounts and the office's public keys go to the database.
    """
    try:
        data = json.loads(pairing_text)
        if data.get("format") != PAIRING_FORMAT:
            raise ValueError
        laptop, office, office_key = data["laptop"], data["office"], data["office_key"]
        code = require_laptop_code(laptop["code"])
        private = load_pem_private_key(laptop["private_key_pem"].encode("ascii"), None)
        if not isinstance(private, Ed25519PrivateKey) or key_id_of(
                private.public_key()) != laptop["key_id"]:
            raise ValueError
        X25519PublicKey.from_public_bytes(bytes.fromhex(office_key["box_public"]))
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(office_key["sign_public"]))
        for user in data.get("users", []):
            Role(user["role"])
            if not all(isinstance(user[k], str) for k in ("username", "full_name",
                                                           "password_hash")):
                raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError, PacketError):
        raise ValidationError("Berkas pemasangan rusak atau bukan berkas pemasangan laptop "
                              "jemput bola.") from None
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        existing = session.get(OutreachProfile, 1)
        if existing is not None:
            raise Conflict(f"Laptop ini sudah dipasangkan dengan {existing.office_title} "
                           f"sebagai {existing.laptop_code}; berkas pemasangan hanya dipakai "
                           "sekali.")
        if session.get(Office, 1) is not None:
            raise Conflict("Basis data ini sudah dipakai sebagai kantor; laptop jemput bola "
                           "perlu basis data kosong (jalankan dengan --db ke berkas baru).")
    path = key_file or key_path()
    try:
        _write_key(path, laptop["private_key_pem"].encode("ascii"))
    except OSError as exc:
        raise ValidationError(f"Kunci laptop tidak dapat disimpan di {path} "
                              f"({exc.strerror}).") from None
    title = f"Kecamatan {office['kecamatan_name']}, {office['kota_name']}"
    with db.transaction() as session:
        session.add(Office(id=1, opened_on=office_day(moment), **{k: str(office[k]) for k in (
            "kecamatan_code", "kecamatan_name", "kota_code", "kota_name", "provinsi_name",
            "address", "phone", "camat_name", "camat_nip")}))
        counter = CounterRow(number=1, name="Meja jemput bola", active=True)
        session.add(counter)
        session.flush()
        session.add_all(CounterService(counter_id=counter.id, service_id=sid)
                        for sid in session.execute(select(QueueService.id)).scalars())
        for region in data.get("regions", []):
            session.add(Region(code=region["code"], level=region["level"],
                               name=region["name"], parent_code=region["parent_code"]))
        for user in data.get("users", []):
            session.add(User(username=user["username"], full_name=user["full_name"],
                             role=user["role"], nip=user.get("nip", ""),
                             password_hash=user["password_hash"], active=True,
                             must_change_password=False, failed_logins=0))
        session.add(SigningKey(key_id=laptop["key_id"],
                               public_key=raw_public(private.public_key()).hex(),
                               workstation=f"Laptop {code}: {laptop['name']}"[:100],
                               created_at=moment))
        for key in data.get("signing_keys", []):  # the office's: its slips verify here too
            session.add(SigningKey(key_id=key["key_id"], public_key=key["public_key"],
                                   workstation=key["workstation"], created_at=moment))
        session.add(OutreachProfile(
            id=1, laptop_code=code, laptop_name=laptop["name"], key_id=laptop["key_id"],
            pairing_id=data["pairing_id"],
            office_code=office["kecamatan_code"].replace(".", ""), office_title=title,
            office_key_id=office_key["key_id"], office_box_public=office_key["box_public"],
            office_sign_public=office_key["sign_public"], joined_at=moment,
            last_sequence=0, last_confirmed_sequence=0, audit_seq_confirmed=0))
        audit.record(session, None, "outreach.join", code, username="sistem",
                     after={"office": title, "key_id": laptop["key_id"],
                            "users": [u["username"] for u in data.get("users", [])]})
    return laptop_status(db)


def is_laptop(db: Database) -> bool:
    """True on an installation that joined an office as an outreach laptop."""
    with db.transaction() as session:
        return session.get(OutreachProfile, 1) is not None


def _profile(session: Session) -> OutreachProfile:
    profile = session.get(OutreachProfile, 1)
    if profile is None:
        raise NotFound("Komputer ini bukan laptop jemput bola (belum dipasangkan dengan "
                       "kantor). Jalankan `counter-app outreach join BERKAS`.")
    return profile


def laptop_status(db: Database) -> LaptopStatus:
    """The pairing and the recordings waiting, confirmed and purged."""
    with db.transaction() as session:
        p = _profile(session)
        row = session.execute(select(
            func.count(OutreachRecord.uid).filter(OutreachRecord.confirmed_at.is_(None)),
            func.count(OutreachRecord.uid).filter(OutreachRecord.confirmed_at.is_(None),
                                                  OutreachRecord.exported_sequence.is_not(None)),
            func.count(OutreachRecord.uid).filter(OutreachRecord.confirmed_at.is_not(None)),
            func.count(OutreachRecord.uid).filter(OutreachRecord.purged_at.is_not(None)),
        )).one()
        values = [int(v) for v in row]
        return LaptopStatus(p.laptop_code, p.laptop_name, p.key_id, p.office_title,
                            p.last_sequence, p.last_confirmed_sequence, *values)


# --- the day's event -------------------------------------------------------------------

@dataclass(frozen=True)
class EventInfo:
    """A jemput bola event on this laptop, with its counts (kept after the purge)."""

    id: int
    name: str
    kind: str
    place: str
    day: dt.date
    team: str
    recorded: int
    waiting: int
    confirmed: int

    @property
    def label(self) -> str:
        """``SMA Negeri 6 (Sekolah), Jl. ..., 09-01-2019``."""
        where = f", {self.place}" if self.place else ""
        return (f"{self.name} ({OUTREACH_KINDS.get(self.kind, self.kind)}){where}, "
                f"{self.day:%d-%m-%Y}")


def start_event(db: Database, actor: Actor, name: str, kind: str, place: str,
                day: dt.date, team: str) -> EventInfo:
    """Open the day's event on the laptop: every recording of the day is tagged with it."""
    actor.require(Permission.SERVE)
    label = " ".join((name or "").split())
    where = " ".join((place or "").split())
    members = " ".join((team or "").split())
    if not 3 <= len(label) <= 120:
        raise ValidationError("Nama kegiatan wajib diisi (3 sampai 120 huruf).", field="name")
    if kind not in OUTREACH_KINDS:
        raise ValidationError("Pilih jenis kegiatan dari daftar.", field="kind")
    if not 3 <= len(where) <= 200:
        raise ValidationError("Tulis tempat kegiatan (3 sampai 200 huruf).", field="place")
    if not 3 <= len(members) <= 300:
        raise ValidationError("Tulis nama anggota tim (3 sampai 300 huruf).", field="team")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        _profile(session)
        event = OutreachEvent(name=label, kind=kind, day=day, place=where, team=members,
                              uid=str(uuid.uuid4()), created_by=actor.user_id)
        session.add(event)
        session.flush()
        audit.record(session, actor, "outreach.create", label,
                     after={"kind": kind, "day": day.isoformat(), "place": where,
                            "team": members})
        return EventInfo(event.id, label, kind, where, day, members, 0, 0, 0)


def list_events(db: Database) -> list[EventInfo]:
    """The laptop's events, newest first, with their counts."""
    with db.transaction() as session:
        counts = {row.event_id: row for row in session.execute(select(
            OutreachRecord.event_id, func.count(OutreachRecord.uid).label("recorded"),
            func.count(OutreachRecord.uid).filter(
                OutreachRecord.confirmed_at.is_(None)).label("waiting"),
        ).group_by(OutreachRecord.event_id))}
        events = session.execute(select(OutreachEvent).order_by(
            OutreachEvent.day.desc(), OutreachEvent.id.desc())).scalars().all()
        result = []
        for e in events:
            row = counts.get(e.id)
            recorded, waiting = (int(row.recorded), int(row.waiting)) if row else (0, 0)
            result.append(EventInfo(e.id, e.name, e.kind, e.place, e.day, e.team, recorded,
                                    waiting, recorded - waiting))
        return result


def events_of_day(db: Database, day: dt.date) -> list[EventInfo]:
    """The events of ``day``: the event screen offers these for today's recordings."""
    return [e for e in list_events(db) if e.day == day]


# --- export ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    """A sealed packet and what it holds."""

    data: bytes
    sequence: int
    recordings: int
    events: int
    photos: int
    audit_rows: int


def _laptop_private(path: Path | None) -> Ed25519PrivateKey:
    path = path or key_path()
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError):
        raise NotFound(f"Kunci laptop {path} tidak ada atau rusak; paket tidak dapat "
                       "ditandatangani.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError(f"Berkas {path} bukan kunci Ed25519.")
    return key


def _record_json(session: Session, app: Application, person: Applicant, uid: str,
                 event_uids: dict[int, str], users: dict[int, str]) -> dict[str, Any]:
    docs = session.execute(select(ApplicationDocument).where(
        ApplicationDocument.application_id == app.id).order_by(ApplicationDocument.id)
    ).scalars()

    return {
        "uid": uid, "slip_number": app.slip_number, "nik": person.nik, "kk": person.kk,
        "event_uid": event_uids.get(app.outreach_event_id or 0),
        "case_type": app.case_type, "changed_elements": json.loads(app.changed_elements or "[]"),
        "route": app.route, "status": app.status, "eligibility": app.eligibility,
        "printable_from": app.printable_from.isoformat(),
        "expected_ready": app.expected_ready.isoformat(), "day": app.day.isoformat(),
        "recorded_at": app.recorded_at.isoformat(),
        "recorded_by": users.get(app.recorded_by, ""),
        "data": json.loads(app.data), "old_data": json.loads(app.old_data or "{}"),
        "override_by": users.get(app.override_by) if app.override_by else None,
        "override_reason": app.override_reason,
        "biometric_exceptions": app.biometric_exceptions,
        "slip_print_count": app.slip_print_count, "cancel_reason": app.cancel_reason,
        "documents": [{"code": d.code, "label": d.label, "provided": d.provided,
                       "surrendered": d.surrendered, "details": json.loads(d.details or "{}")}
                      for d in docs],
    }


def export_packet(db: Database, actor: Actor, key_file: Path | None = None,
                  now: dt.datetime | None = None) -> ExportResult:
    """One sealed, signed packet of everything the office has not confirmed yet.

    Each export takes the next sequence number; recordings stay on the laptop (and in
    the next packet) until a confirmation names them.
    """
    actor.require(Permission.SERVE)
    private = _laptop_private(key_file)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        profile = _profile(session)
        if key_id_of(private.public_key()) != profile.key_id:
            raise ValidationError("Kunci di komputer ini bukan kunci laptop yang dipasangkan "
                                  f"({profile.key_id}); paket tidak dibuat.")
        profile.last_sequence += 1
        sequence = profile.last_sequence
        pending = session.execute(select(OutreachRecord, Application, Applicant).join(
            Application, Application.id == OutreachRecord.application_id).join(
            Applicant, Applicant.id == Application.applicant_id).where(
            OutreachRecord.confirmed_at.is_(None)).order_by(Application.id)).all()
        users = {int(i): str(n) for i, n in session.execute(select(User.id, User.username))}
        event_ids = {app.outreach_event_id for _r, app, _p in pending if app.outreach_event_id}
        events = session.execute(select(OutreachEvent).where(
            OutreachEvent.id.in_(event_ids))).scalars().all() if event_ids else []
        event_uids = {e.id: e.uid or "" for e in events}
        app_ids = [a.id for _r, a, _p in pending]
        biometrics = {b.application_id: b for b in session.execute(select(Biometrics).where(
            Biometrics.application_id.in_(app_ids))).scalars()}
        disabilities = {d.application_id: d.kinds for d in session.execute(
            select(ApplicationDisability).where(
                ApplicationDisability.application_id.in_(app_ids),
                ApplicationDisability.consent.is_(True))).scalars()}
        files: dict[str, bytes] = {}
        records = []
        for record, app, person in pending:
            item = _record_json(session, app, person, record.uid, event_uids, users)
            bio = biometrics.get(app.id)
            item["modalities"] = json.loads(bio.modalities) if bio else {}
            item["device"] = bio.device if bio else ""
            # Recorded only with the person's consent (SIAK's jenis disabilitas).
            item["disabilities"] = disabilities.get(app.id, "")
            for part, blob in (("photo", bio.photo if bio else None),
                               ("signature", bio.signature if bio else None),
                               ("exception_photo", bio.exception_photo if bio else None)):
                if blob is not None:
                    name = f"{part}s/{record.uid}.bin"
                    files[name] = blob
                    item[part] = name
                else:
                    item[part] = None
            records.append(item)
            record.exported_sequence = sequence
        audit.record(session, actor, "outreach.export", f"#{sequence}",
                     after={"recordings": len(records), "events": len(events)})
        rows = session.execute(select(AuditLog).where(
            AuditLog.seq > profile.audit_seq_confirmed).order_by(AuditLog.seq)).scalars()
        audit_rows = [{"seq": r.seq, "at": r.at.isoformat(), "username": r.username,
                       "workstation": r.workstation, "kind": r.kind, "subject": r.subject,
                       "before": r.before, "after": r.after, "reason": r.reason,
                       "row_hash": r.row_hash} for r in rows]
        files["recordings.json"] = canonical_json(records)
        files["events.json"] = canonical_json([
            {"uid": e.uid, "name": e.name, "kind": e.kind, "place": e.place,
             "day": e.day.isoformat(), "team": e.team} for e in events])
        files["audit.json"] = canonical_json(audit_rows)
        office_code, office_key = profile.office_code, profile.office_key_id
        box_public = X25519PublicKey.from_public_bytes(bytes.fromhex(profile.office_box_public))
        code, key_id = profile.laptop_code, profile.key_id
        audit_to = audit_rows[-1]["seq"] if audit_rows else profile.audit_seq_confirmed
    data = seal(files,
                office_code=office_code, office_key=office_key, office_box_public=box_public,
                laptop_private=private, laptop_key_id=key_id, code=code, sequence=sequence,
                created_at=moment, extra={"audit_to": audit_to})
    return ExportResult(data, sequence, len(records), len(events),
                        sum(1 for r in records if r["photo"]), len(audit_rows))


# --- confirmation and purge ------------------------------------------------------------

@dataclass(frozen=True)
class PurgeResult:
    """What a confirmation did on the laptop."""

    sequence: int
    confirmed: int
    purged: int
    still_waiting: int

    def as_json(self) -> dict[str, object]:
        """For ``outreach confirm --json``."""
        return dict(vars(self))


def apply_confirmation(db: Database, actor: Actor, confirmation: str,
                       now: dt.datetime | None = None) -> PurgeResult:
    """Check the office's signed confirmation, then delete the personal data it covers.

    A forged, altered or foreign confirmation changes nothing. Recordings the office does
    not name stay, and go in the next packet.
    """
    actor.require(Permission.SERVE)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        profile = _profile(session)
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(profile.office_sign_public))
        body = verify_document(confirmation, public, CONFIRMATION_FORMAT)
        if body.get("laptop_key") != profile.key_id or body.get("office") != \
                profile.office_code:
            raise PacketError("Konfirmasi ini untuk laptop lain; data di laptop ini tidak "
                              "dihapus.")
        received = set(body.get("received", []))
        sequence = int(body.get("sequence", 0))
        if db.is_sqlite:
            # Deleted rows are overwritten with zeros, not left readable in free pages.
            session.execute(text("PRAGMA secure_delete = ON"))
        records = session.execute(select(OutreachRecord).where(
            OutreachRecord.uid.in_(received), OutreachRecord.confirmed_at.is_(None))
        ).scalars().all() if received else []
        for record in records:
            record.confirmed_at = moment
        purged = _purge(session, moment)
        profile.last_confirmed_sequence = max(profile.last_confirmed_sequence, sequence)
        profile.audit_seq_confirmed = max(profile.audit_seq_confirmed,
                                          int(body.get("audit_to", 0)))
        waiting = int(session.execute(select(func.count(OutreachRecord.uid)).where(
            OutreachRecord.confirmed_at.is_(None))).scalar_one())
        audit.record(session, actor, "outreach.purge", f"#{sequence}",
                     after={"confirmed": len(records), "purged": purged,
                            "waiting": waiting})
    if db.is_sqlite:
        # Old page images in the write-ahead log go too (outside any transaction).
        raw = db.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return PurgeResult(sequence, len(records), purged, waiting)


def _purge(session: Session, moment: dt.datetime) -> int:
    rows = session.execute(select(OutreachRecord).where(
        OutreachRecord.confirmed_at.is_not(None), OutreachRecord.purged_at.is_(None),
        OutreachRecord.application_id.is_not(None))).scalars().all()
    # A card printed, a SUKET or a handover made on the laptop (not its job) keeps its
    # application: deleting it would cut those papers' records.
    kept = set()
    for model in (Suket, Pickup, BatchItem, BlankoEntry):
        kept |= set(session.execute(select(model.application_id).where(
            model.application_id.in_([r.application_id for r in rows]))).scalars())
    rows = [r for r in rows if r.application_id not in kept]
    app_ids = [r.application_id for r in rows if r.application_id is not None]
    if not app_ids:
        return 0
    people = set(session.execute(select(Application.applicant_id).where(
        Application.id.in_(app_ids))).scalars())
    for record in rows:
        record.application_id = None
        record.purged_at = moment
    session.flush()
    session.execute(update(HomeVisitRequest).where(
        HomeVisitRequest.application_id.in_(app_ids)).values(application_id=None))
    for table in (ApplicationDisability, Biometrics, ApplicationDocument):
        session.execute(delete(table).where(table.application_id.in_(app_ids)))
    session.execute(delete(Application).where(Application.id.in_(app_ids)))
    still_used = set(session.execute(select(Application.applicant_id).where(
        Application.applicant_id.in_(people))).scalars())
    session.execute(delete(Applicant).where(Applicant.id.in_(people - still_used)))
    return len(app_ids)


# --- over the network ------------------------------------------------------------------

@dataclass(frozen=True)
class SyncResult:
    """What ``outreach sync`` did."""

    sent_sequence: int | None
    recordings_sent: int
    confirmations: int
    purged: int
    still_waiting: int

    def as_json(self) -> dict[str, object]:
        """For ``outreach sync --json``."""
        return dict(vars(self))


def sync_with_office(db: Database, actor: Actor, office_url: str,
                     key_file: Path | None = None) -> SyncResult:
    """On the office network: send the packet to the office's inbox, fetch confirmations.

    The packet is the same sealed, signed packet as on a USB stick, so the office imports
    it by the same rules after a supervisor's review; the confirmations issued for this
    laptop are applied here at once (and the data they cover purged).
    """
    from counter_app.services import outreach_office

    actor.require(Permission.SERVE)
    office = _open_office(office_url)
    try:
        purged = confirmations = 0
        key_id = laptop_status(db).key_id
        # Confirmations first: what the office already holds is purged, not sent again.
        for text_ in outreach_office.confirmations_for(office, key_id):
            try:
                result = apply_confirmation(db, actor, text_)
            except PacketError:
                continue  # another office key's confirmation: not ours to apply
            confirmations += 1
            purged += result.purged
        sent: ExportResult | None = None
        if laptop_status(db).waiting:
            sent = export_packet(db, actor, key_file)
            outreach_office.receive_packet(office, sent.data)
        return SyncResult(sent.sequence if sent else None, sent.recordings if sent else 0,
                          confirmations, purged, laptop_status(db).waiting)
    finally:
        office.dispose()


def _open_office(url: str) -> Database:
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from counter_app.db import SCHEMA_HEAD, current_revision

    try:
        office = open_database(url, upgrade=False)
    except (ArgumentError, ModuleNotFoundError, ValueError):
        raise ValidationError("Alamat basis data kantor tidak dikenali; contoh: "
                              "postgresql+psycopg://loket@server/loket.") from None
    try:
        revision = current_revision(office.engine)
    except SQLAlchemyError:
        office.dispose()
        raise ValidationError("Basis data kantor tidak dapat dihubungi; periksa jaringan "
                              "dan alamatnya.") from None
    if revision != SCHEMA_HEAD:
        office.dispose()
        raise ValidationError("Basis data kantor belum disiapkan atau versinya berbeda "
                              "dengan laptop ini; perbarui aplikasi di kantor dan laptop.")
    return office


def recordings_by_case(db: Database) -> dict[str, int]:
    """The laptop's recordings by case type, purged ones included (the counts stay)."""
    with db.transaction() as session:
        return dict(Counter(session.execute(select(OutreachRecord.case_type)).scalars()))


def today(now: dt.datetime | None = None) -> dt.date:
    """The office day on this laptop."""
    return office_day(now or utc_now())
