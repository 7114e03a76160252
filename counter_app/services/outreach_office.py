"""Jemput bola at the office: pair laptops, receive and import their packets, conflicts.

The office's packet key (X25519 to receive packets, Ed25519 to sign confirmations) is a
PEM file in the config directory of the PC where laptops are paired, owner-only, never in
the database; only its public halves are registered (``outreach_office_keys``). Imports
happen on that PC.

Importing is one transaction: the packet is opened and checked again inside it, so a
preview that said yes never lets a changed packet through, and a crash leaves the office
database as it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.cases import CaseType
from counter_app.domain.clock import utc_now
from counter_app.domain.coverage import format_disabilities, parse_disabilities
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.lifecycle import TERMINAL, Action, Status, next_status
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.outreach_packet import (
    PAIRING_FORMAT,
    OpenedPacket,
    PacketError,
    confirmation_fields,
    laptop_code,
    office_key_id,
    open_sealed,
    raw_public,
    read_header,
    sha256_hex,
    sign_document,
)
from counter_app.domain.packet_status import ConflictResolution, PacketStatus
from counter_app.domain.roles import Permission, Role
from counter_app.domain.routing import Route, route_for
from counter_app.domain.slip_token import key_id_of
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDisability,
    ApplicationDocument,
    Biometrics,
    DayClosure,
    Office,
    OutreachConflict,
    OutreachEvent,
    OutreachLaptop,
    OutreachOfficeKey,
    OutreachPacket,
    Region,
    SigningKey,
    User,
)
from counter_app.paths import config_dir
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor, workstation_name
from counter_app.services.day_lock import require_open_day

ENV_BOX_KEY_FILE = "COUNTER_APP_OUTREACH_KEY_FILE"
_END = b"-----END PRIVATE KEY-----"


# --- the office's packet key -----------------------------------------------------------

def box_key_path() -> Path:
    """This PC's office packet key file (``COUNTER_APP_OUTREACH_KEY_FILE`` overrides it)."""
    return Path(os.environ.get(ENV_BOX_KEY_FILE) or config_dir() / "outreach-office-key.pem")


@dataclass(frozen=True)
class OfficeBox:
    """The office's packet key, private halves loaded from this PC's file."""

    key_id: str
    box_private: X25519PrivateKey
    sign_private: Ed25519PrivateKey


def _read_box(path: Path) -> OfficeBox:
    try:
        blob = path.read_bytes()
        parts = [p + _END + b"\n" for p in blob.split(_END) if p.strip()]
        box, sign = (load_pem_private_key(p, password=None) for p in parts)
    except OSError as exc:
        raise NotFound(f"Kunci paket jemput bola {path} tidak dapat dibaca "
                       f"({exc.strerror}).") from None
    except ValueError:
        raise ValidationError(f"Berkas kunci paket jemput bola {path} rusak.") from None
    if not isinstance(box, X25519PrivateKey) or not isinstance(sign, Ed25519PrivateKey):
        raise ValidationError(f"Berkas {path} bukan kunci paket jemput bola.")
    return OfficeBox(office_key_id(box.public_key(), sign.public_key()), box, sign)


def _write_box(path: Path) -> OfficeBox:
    box, sign = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(k.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
                    for k in (box, sign))
    # Owner-only from the first byte, as the slip signing key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return OfficeBox(office_key_id(box.public_key(), sign.public_key()), box, sign)


def load_office_box(db: Database, path: Path | None = None, *,
                    create: bool = False) -> OfficeBox:
    """The office packet key; made and registered on first pairing when ``create``.

    NotFound when the office already has a key and this PC does not hold it.
    """
    path = path or box_key_path()
    with db.transaction() as session:
        registered = session.execute(select(OutreachOfficeKey).order_by(
            OutreachOfficeKey.created_at.desc())).scalars().first()
        if registered is None:
            if not create:
                raise NotFound("Kantor ini belum pernah memasangkan laptop jemput bola.")
            if path.exists():
                box = _read_box(path)
            else:
                try:
                    box = _write_box(path)
                except OSError as exc:
                    raise ValidationError(f"Kunci paket jemput bola tidak dapat dibuat di "
                                          f"{path} ({exc.strerror}).") from None
            session.add(OutreachOfficeKey(
                key_id=box.key_id, box_public=raw_public(box.box_private.public_key()).hex(),
                sign_public=raw_public(box.sign_private.public_key()).hex(),
                workstation=workstation_name(), created_at=utc_now()))
            audit.record(session, None, "outreach.office_key", box.key_id, username="sistem",
                         after={"workstation": workstation_name()})
            return box
        where = f"komputer {registered.workstation}"
        if not path.exists():
            raise NotFound(f"Kunci paket jemput bola kantor (id {registered.key_id}) tidak ada "
                           f"di komputer ini; ada di {where}. Pasangkan laptop dan impor "
                           "paket di komputer itu.")
        box = _read_box(path)
        if box.key_id != registered.key_id:
            raise ValidationError(f"Berkas kunci {path} bukan kunci paket jemput bola kantor "
                                  f"ini (id {registered.key_id}, di {where}).")
        return box


# --- pairing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LaptopInfo:
    """A paired laptop."""

    id: int
    code: str
    name: str
    key_id: str
    paired_at: dt.datetime
    revoked_at: dt.datetime | None
    last_sequence: int

    def as_json(self) -> dict[str, object]:
        """For ``outreach laptops --json``."""
        return {"code": self.code, "name": self.name, "key_id": self.key_id,
                "paired_at": self.paired_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "last_sequence": self.last_sequence}


@dataclass(frozen=True)
class PairingFile:
    """What ``outreach pair`` writes: hand it to the laptop once, then delete it."""

    text: str
    laptop: LaptopInfo
    team: tuple[str, ...]


def _laptop_info(row: OutreachLaptop) -> LaptopInfo:
    return LaptopInfo(row.id, row.code, row.name, row.key_id, row.paired_at, row.revoked_at,
                      row.last_sequence)


def pair_laptop(db: Database, actor: Actor, name: str, team: list[str] | None = None,
                box_path: Path | None = None, now: dt.datetime | None = None) -> PairingFile:
    """Register a new laptop and write its pairing file (supervisor).

    The file carries the laptop's own signing key (its public half is registered here,
    so every counter verifies the laptop's slips), the office's public keys, the office
    profile, the imported regions and the accounts of the team that records with it.
    """
    actor.require(Permission.MANAGE_OUTREACH)
    label = " ".join((name or "").split())
    if not 3 <= len(label) <= 60:
        raise ValidationError("Beri nama laptop (3 sampai 60 huruf), mis. \"Laptop Jemput "
                              "Bola 1\".", field="name")
    box = load_office_box(db, box_path, create=True)
    moment = (now or utc_now()).replace(microsecond=0)
    laptop_key = Ed25519PrivateKey.generate()
    key_id = key_id_of(laptop_key.public_key())
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_OUTREACH)
        office = session.get(Office, 1)
        if office is None:
            raise NotFound("Kantor belum disiapkan.")
        used = session.execute(select(OutreachLaptop.code)).scalars().all()
        code = laptop_code(max((int(c[1:]) for c in used), default=0) + 1)
        members = _team(session, team)
        session.add(SigningKey(key_id=key_id, public_key=raw_public(
            laptop_key.public_key()).hex(), workstation=f"Laptop {code}: {label}"[:100],
            created_at=moment))
        session.flush()
        row = OutreachLaptop(code=code, name=label, key_id=key_id,
                             pairing_id=str(uuid.uuid4()), paired_at=moment,
                             paired_by=actor.user_id, last_sequence=0)
        session.add(row)
        session.flush()
        keys = session.execute(select(SigningKey).where(SigningKey.key_id != key_id)
                               ).scalars().all()
        regions = session.execute(select(Region)).scalars().all()
        payload = {
            "format": PAIRING_FORMAT, "pairing_id": row.pairing_id,
            "created_at": moment.isoformat(),
            "laptop": {"code": code, "name": label, "key_id": key_id,
                       "private_key_pem": laptop_key.private_bytes(
                           Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode("ascii")},
            "office": {"kecamatan_code": office.kecamatan_code,
                       "kecamatan_name": office.kecamatan_name,
                       "kota_code": office.kota_code, "kota_name": office.kota_name,
                       "provinsi_name": office.provinsi_name, "address": office.address,
                       "phone": office.phone, "camat_name": office.camat_name,
                       "camat_nip": office.camat_nip},
            "office_key": {"key_id": box.key_id,
                           "box_public": raw_public(box.box_private.public_key()).hex(),
                           "sign_public": raw_public(box.sign_private.public_key()).hex()},
            "signing_keys": [{"key_id": k.key_id, "public_key": k.public_key,
                              "workstation": k.workstation} for k in keys],
            "regions": [{"code": r.code, "level": r.level, "name": r.name,
                         "parent_code": r.parent_code} for r in regions],
            "users": [{"username": u.username, "full_name": u.full_name, "role": u.role,
                       "nip": u.nip, "password_hash": u.password_hash} for u in members],
        }
        audit.record(session, actor, "outreach.pair", code,
                     after={"name": label, "key_id": key_id,
                            "team": [u.username for u in members]})
        info = _laptop_info(row)
    return PairingFile(json.dumps(payload, ensure_ascii=False, indent=1), info,
                       tuple(u.username for u in members))


def _team(session: Session, team: list[str] | None) -> list[User]:
    roles = (Role.OPERATOR.value, Role.SUPERVISOR.value)
    if not team:
        return list(session.execute(select(User).where(
            User.active.is_(True), User.role.in_(roles)).order_by(User.username)).scalars())
    wanted = sorted({t.strip() for t in team if t.strip()})
    rows = {u.username: u for u in session.execute(
        select(User).where(User.username.in_(wanted))).scalars()}
    unknown = [t for t in wanted if t not in rows]
    if unknown:
        raise ValidationError(f"Pengguna {', '.join(unknown)} tidak ada.", field="team")
    unfit = [u.username for u in rows.values() if not u.active or u.role not in roles]
    if unfit:
        raise ValidationError(f"Hanya petugas loket dan supervisor aktif yang ikut tim "
                              f"jemput bola ({', '.join(unfit)} tidak).", field="team")
    return [rows[t] for t in wanted]


def unpair_laptop(db: Database, actor: Actor, code: str,
                  now: dt.datetime | None = None) -> LaptopInfo:
    """Revoke a laptop (lost, retired): its later packets are refused (supervisor).

    Its key is retired, not deleted: slips it signed before stay verifiable.
    """
    actor.require(Permission.MANAGE_OUTREACH)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_OUTREACH)
        row = session.execute(select(OutreachLaptop).where(
            OutreachLaptop.code == (code or "").strip().upper())).scalar_one_or_none()
        if row is None:
            raise NotFound(f"Laptop {code} tidak terdaftar di kantor ini.")
        if row.revoked_at is not None:
            raise Conflict(f"Laptop {row.code} sudah dicabut pada {row.revoked_at:%d-%m-%Y}.")
        row.revoked_at, row.revoked_by = moment, actor.user_id
        key = session.get(SigningKey, row.key_id)
        if key is not None and key.retired_at is None:
            key.retired_at = moment
        audit.record(session, actor, "outreach.unpair", row.code,
                     after={"key_id": row.key_id})
        return _laptop_info(row)


def list_laptops(db: Database) -> list[LaptopInfo]:
    """Every laptop ever paired, revoked ones too."""
    with db.transaction() as session:
        return [_laptop_info(r) for r in session.execute(
            select(OutreachLaptop).order_by(OutreachLaptop.code)).scalars()]


# --- opening and checking a packet -----------------------------------------------------

def _check(session: Session, data: bytes, box: OfficeBox,
           ) -> tuple[OpenedPacket, OutreachLaptop]:
    """Open ``data`` and check office, key, laptop, signature and sequence."""
    header, _aad, _ct = read_header(data)
    office = session.get(Office, 1)
    if office is None:
        raise NotFound("Kantor belum disiapkan.")
    code = office.kecamatan_code.replace(".", "")
    if header.office_code != code:
        raise PacketError(f"Paket ini untuk kantor kecamatan lain (kode {header.office_code}), "
                          "bukan kantor ini. Tidak ada yang diimpor.")
    if header.office_key_id != box.key_id:
        raise PacketError("Paket ini dienkripsi untuk kunci kantor lain, bukan kunci kantor "
                          "ini; tidak dapat dibuka di sini. Tidak ada yang diimpor.")
    opened = open_sealed(data, box.box_private)
    laptop = session.execute(select(OutreachLaptop).where(
        OutreachLaptop.key_id == header.laptop_key_id).with_for_update()).scalar_one_or_none()
    if laptop is None:
        raise PacketError("Laptop pengirim paket ini tidak dipasangkan dengan kantor ini. "
                          "Tidak ada yang diimpor.")
    if laptop.revoked_at is not None:
        raise PacketError(f"Laptop {laptop.code} sudah dicabut pada "
                          f"{laptop.revoked_at:%d-%m-%Y}; paketnya tidak diterima.")
    key = session.get(SigningKey, laptop.key_id)
    assert key is not None
    opened.verify_signature(Ed25519PublicKey.from_public_bytes(bytes.fromhex(key.public_key)))
    if header.sequence < laptop.last_sequence:
        raise PacketError(f"Paket nomor {header.sequence} lebih lama daripada paket nomor "
                          f"{laptop.last_sequence} yang sudah diimpor dari laptop "
                          f"{laptop.code}; paket lama tidak diimpor lagi.")
    return opened, laptop


@dataclass(frozen=True)
class HeldConflict:
    """A recording whose NIK already has an open application here."""

    nik_masked: str
    nama: str
    laptop_slip: str
    office_slip: str
    office_status: str


@dataclass(frozen=True)
class PacketPreview:
    """What a packet holds and what importing it would do; nothing is written."""

    laptop_code: str
    laptop_name: str
    sequence: int
    created_at: str
    events: tuple[str, ...]
    total: int
    new: int
    duplicates: int
    conflicts: tuple[HeldConflict, ...]
    by_case: dict[str, int]
    by_route: dict[str, int]
    photos: int
    signatures: int
    documents: int
    audit_rows: int
    # Event days already closed at the office: a supervisor opens them before importing.
    closed_days: tuple[dt.date, ...] = ()

    def as_json(self) -> dict[str, object]:
        """For ``outreach import --preview --json``."""
        return {"laptop": self.laptop_code, "laptop_name": self.laptop_name,
                "sequence": self.sequence, "created_at": self.created_at,
                "events": list(self.events), "recordings": self.total, "new": self.new,
                "duplicates": self.duplicates,
                "conflicts": [vars(c) for c in self.conflicts], "by_case": self.by_case,
                "by_route": self.by_route, "photos": self.photos,
                "signatures": self.signatures, "documents": self.documents,
                "audit_rows": self.audit_rows,
                "closed_days": [d.isoformat() for d in self.closed_days]}


@dataclass
class _Plan:
    events: list[dict[str, Any]]
    new: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[tuple[dict[str, Any], Application, Applicant]] = field(
        default_factory=list)


def _recordings(opened: OpenedPacket) -> list[dict[str, Any]]:
    index = opened.json_file("recordings.json")
    if not isinstance(index, list):
        raise PacketError("Daftar rekaman di dalam paket rusak.")
    return index


def _plan(session: Session, opened: OpenedPacket) -> _Plan:
    records = _recordings(opened)
    events = opened.json_file("events.json")
    uids = [str(r["uid"]) for r in records]
    known = set(session.execute(select(Application.outreach_uid).where(
        Application.outreach_uid.in_(uids))).scalars()) if uids else set()
    known |= set(session.execute(select(OutreachConflict.uid).where(
        OutreachConflict.uid.in_(uids))).scalars()) if uids else set()
    niks = [str(r["nik"]) for r in records]
    open_apps: dict[str, tuple[Application, Applicant]] = {}
    if niks:
        rows = session.execute(select(Application, Applicant).join(
            Applicant, Applicant.id == Application.applicant_id).where(
            Applicant.nik.in_(niks),
            Application.status.not_in(tuple(TERMINAL)))).all()
        open_apps = {person.nik: (app, person) for app, person in rows}
    plan = _Plan(events if isinstance(events, list) else [])
    seen: set[str] = set()
    for record in records:
        uid = str(record["uid"])
        if uid in known or uid in seen:
            plan.duplicates.append(record)
        elif record["nik"] in open_apps and record.get("status") != Status.CANCELLED.value:
            app, person = open_apps[record["nik"]]
            plan.conflicts.append((record, app, person))
        else:
            plan.new.append(record)
            if record.get("status") != Status.CANCELLED.value:
                # A second recording of one NIK in the same packet: the first one wins.
                open_apps.setdefault(record["nik"], (_placeholder(record), _person(record)))
        seen.add(uid)
    return plan


def _placeholder(record: dict[str, Any]) -> Application:
    return Application(slip_number=record["slip_number"], status=record["status"])


def _person(record: dict[str, Any]) -> Applicant:
    return Applicant(nik=record["nik"], nama=record["data"]["nama"])


def preview_packet(db: Database, actor: Actor, data: bytes,
                   box: OfficeBox | None = None) -> PacketPreview:
    """Open and check a packet and say what importing it would add (supervisor).

    PacketError, with the reason, for every packet the import would refuse.
    """
    actor.require(Permission.MANAGE_OUTREACH)
    box = box or load_office_box(db)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_OUTREACH)
        opened, laptop = _check(session, data, box)
        plan = _plan(session, opened)
        records = _recordings(opened)
        names = [f"{e['name']} ({e.get('place') or '-'}), "
                 f"{dt.date.fromisoformat(e['day']):%d-%m-%Y}" for e in plan.events]
        audit_rows = opened.json_file("audit.json")
        return PacketPreview(
            laptop.code, laptop.name, opened.header.sequence, opened.header.created_at,
            tuple(names), len(records), len(plan.new), len(plan.duplicates),
            tuple(HeldConflict(mask_nik(r["nik"]), r["data"]["nama"], r["slip_number"],
                               app.slip_number, app.status.label)
                  for r, app, _p in plan.conflicts),
            dict(Counter(r["case_type"] for r in records)),
            dict(Counter(r["route"] for r in records)),
            sum(1 for r in records if r.get("photo")),
            sum(1 for r in records if r.get("signature")),
            sum(len(r.get("documents", [])) for r in records),
            len(audit_rows) if isinstance(audit_rows, list) else 0,
            tuple(_closed_days(session, plan.new, utc_now())))


def _days(records: list[dict[str, Any]]) -> list[dt.date]:
    return sorted({_parsed(r)[2] for r in records})


def _closed_days(session: Session, records: list[dict[str, Any]],
                 moment: dt.datetime) -> list[dt.date]:
    closed = []
    for day in _days(records):
        closure = session.get(DayClosure, day)
        if closure is not None and not (closure.unlocked_until is not None
                                        and closure.unlocked_until > moment):
            closed.append(day)
    return closed


# --- importing -------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    """What an import added, and the confirmation that lets the laptop purge."""

    laptop_code: str
    sequence: int
    imported: int
    duplicates: int
    conflicts: int
    events: int
    confirmation: str
    slips: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        """For ``outreach import --json``."""
        return {"laptop": self.laptop_code, "sequence": self.sequence,
                "imported": self.imported, "duplicates": self.duplicates,
                "conflicts": self.conflicts, "events": self.events}


def import_packet(db: Database, actor: Actor, data: bytes, box: OfficeBox | None = None,
                  now: dt.datetime | None = None) -> ImportResult:
    """Import a packet in one transaction (supervisor); refused whole, with the reason.

    Each recording keeps its identity, so the same or an overlapping packet adds nothing
    twice; a recording whose NIK already has an open application is held as a conflict.
    """
    actor.require(Permission.MANAGE_OUTREACH)
    box = box or load_office_box(db)
    moment = (now or utc_now()).replace(microsecond=0)
    try:
        return _import(db, actor, data, box, moment)
    except IntegrityError:
        raise Conflict("Paket ini bentrok dengan data kantor yang baru saja berubah (nomor "
                       "tanda terima atau NIK yang sama). Tidak ada yang diimpor; coba "
                       "lagi.") from None


def _import(db: Database, actor: Actor, data: bytes, box: OfficeBox,
            moment: dt.datetime) -> ImportResult:
    digest = sha256_hex(data)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_OUTREACH)
        opened, laptop = _check(session, data, box)
        plan = _plan(session, opened)
        for day in _days(plan.new):
            # The event's day counts these recordings: a closed day is opened first, as
            # for any late change (the archived report stays as it was).
            require_open_day(session, day, actor, moment, "impor jemput bola")
        events = _import_events(session, actor, laptop, plan.events)
        users = {u.username: u.id for u in session.execute(select(User)).scalars()}
        apps = _insert_many(session, actor, [
            (r, {part: _blob(opened, r.get(part)) for part in _BLOBS}) for r in plan.new],
            laptop, events, users, moment)
        slips = [a.slip_number for a in apps]
        for record, app, _person in plan.conflicts:
            session.add(OutreachConflict(
                uid=record["uid"], laptop_id=laptop.id,
                event_id=events.get(record.get("event_uid") or ""), nik=record["nik"],
                nama=record["data"]["nama"], slip_number=record["slip_number"],
                existing_application_id=app.id,
                payload=json.dumps(_with_blobs(opened, record), ensure_ascii=False),
                held_at=moment, resolution=ConflictResolution.OPEN, reason=""))
            audit.record(session, actor, "outreach.conflict_hold", record["slip_number"],
                         after={"laptop": laptop.code, "nik": mask_nik(record["nik"]),
                                "office_slip": app.slip_number})
        laptop.last_sequence = max(laptop.last_sequence, opened.header.sequence)
        received = [str(r["uid"]) for r in _recordings(opened)]
        confirmation = sign_document(confirmation_fields(
            office_code=opened.header.office_code, office_key=box.key_id,
            laptop_key_id=laptop.key_id, code=laptop.code, sequence=opened.header.sequence,
            uids=received, issued_at=moment) | {
                "audit_to": int(opened.manifest.get("audit_to", 0))}, box.sign_private)
        summary = {"imported": len(plan.new), "duplicates": len(plan.duplicates),
                   "conflicts": len(plan.conflicts), "events": len(events)}
        packet = session.execute(select(OutreachPacket).where(
            OutreachPacket.sha256 == digest)).scalar_one_or_none()
        if packet is None:
            packet = OutreachPacket(sha256=digest, laptop_key_id=laptop.key_id,
                                    sequence=opened.header.sequence, received_at=moment)
            session.add(packet)
        packet.status, packet.data = PacketStatus.IMPORTED, None
        packet.imported_at, packet.imported_by = moment, actor.user_id
        packet.summary = json.dumps(summary)
        packet.laptop_audit = opened.files["audit.json"].decode("utf-8")
        packet.confirmation = confirmation
        audit.record(session, actor, "outreach.import", f"{laptop.code} #{packet.sequence}",
                     after=summary | {"sha256": digest})
        return ImportResult(laptop.code, opened.header.sequence, len(plan.new),
                            len(plan.duplicates), len(plan.conflicts), len(events),
                            confirmation, tuple(slips))


def _import_events(session: Session, actor: Actor, laptop: OutreachLaptop,
                   events: list[dict[str, Any]]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for item in events:
        uid = str(item["uid"])
        row = session.execute(select(OutreachEvent).where(OutreachEvent.uid == uid)
                              ).scalar_one_or_none()
        if row is None:
            row = OutreachEvent(uid=uid, name=str(item["name"])[:120],
                                kind=str(item["kind"])[:20],
                                day=dt.date.fromisoformat(item["day"]),
                                place=str(item.get("place", ""))[:200],
                                team=str(item.get("team", ""))[:300], laptop_id=laptop.id,
                                created_by=actor.user_id)
            session.add(row)
            session.flush()
            audit.record(session, actor, "outreach.event_import", row.name,
                         after={"laptop": laptop.code, "day": row.day.isoformat(),
                                "kind": row.kind, "place": row.place})
        ids[uid] = row.id
    return ids


def _blob(opened: OpenedPacket, name: str | None) -> bytes | None:
    if not name:
        return None
    try:
        return opened.files[name]
    except KeyError:
        raise PacketError(f"Paket tidak lengkap: berkas {name} tidak ada.") from None


def _with_blobs(opened: OpenedPacket, record: dict[str, Any]) -> dict[str, Any]:
    held = dict(record)
    for part in ("photo", "signature", "exception_photo"):
        blob = _blob(opened, record.get(part))
        held[part] = base64.b64encode(blob).decode("ascii") if blob is not None else None
    return held


_PERSON_FIELDS = ("nama", "tempat_lahir", "jenis_kelamin", "golongan_darah", "agama",
                  "status_perkawinan", "pekerjaan", "kewarganegaraan", "alamat", "rt", "rw",
                  "kelurahan_code", "phone")
_BLOBS = ("photo", "signature", "exception_photo")


def _parsed(record: dict[str, Any]) -> tuple[str, CaseType, dt.date, dict[str, Any]]:
    try:
        card = dict(record["data"])
        dt.date.fromisoformat(card["tanggal_lahir"])
        return (parse_nik(record["nik"]).nik, CaseType(record["case_type"]),
                dt.date.fromisoformat(record["day"]), card)
    except (ValueError, KeyError, TypeError, ValidationError):
        raise PacketError(f"Rekaman {record.get('slip_number', '?')} di dalam paket rusak; "
                          "tidak ada yang diimpor.") from None


def _insert_many(session: Session, actor: Actor,
                 items: list[tuple[dict[str, Any], dict[str, bytes | None]]],
                 laptop: OutreachLaptop, events: dict[str, int], users: dict[str, int],
                 moment: dt.datetime) -> list[Application]:
    """Laptop recordings as applications here, in the normal flow, each one audited.

    Written in a few bulk statements (one per table), not row by row: a day's work of a
    laptop imports in seconds.
    """
    parsed = [_parsed(record) for record, _blobs in items]
    niks = sorted({nik for nik, *_rest in parsed})
    people = {p.nik: p for p in session.execute(
        select(Applicant).where(Applicant.nik.in_(niks))).scalars()} if niks else {}
    plans = []
    for (record, _blobs), (nik, case, day, card) in zip(items, parsed, strict=True):
        route = route_for(case)  # the office's routing table decides, as at a counter
        status = (Status.CANCELLED if record.get("status") == Status.CANCELLED.value
                  else next_status(Status.RECORDED, Action.ROUTE_LOCAL
                                   if route is Route.LOCAL else Action.ROUTE_FORWARD))
        person = people.get(nik)
        if person is None:
            person = people[nik] = Applicant(nik=nik)
            session.add(person)
        if person.updated_at is None or status is not Status.CANCELLED:
            for name in _PERSON_FIELDS:
                setattr(person, name, str(card.get(name, "")))
            person.tanggal_lahir = dt.date.fromisoformat(card["tanggal_lahir"])
            person.kk = str(record["kk"])
            person.updated_at = moment
        plans.append((record, person, case, day, card, route, status))
    session.flush()
    apps = []
    for record, person, case, day, card, route, status in plans:
        apps.append(Application(
            slip_number=record["slip_number"], applicant_id=person.id,
            outreach_event_id=events.get(record.get("event_uid") or ""),
            outreach_uid=record["uid"], case_type=case.value,
            changed_elements=json.dumps(record.get("changed_elements", [])),
            route=route.value, status=status, eligibility=str(record["eligibility"]),
            printable_from=dt.date.fromisoformat(record["printable_from"]),
            expected_ready=dt.date.fromisoformat(record["expected_ready"]), day=day,
            recorded_at=dt.datetime.fromisoformat(record["recorded_at"]),
            recorded_by=users.get(record.get("recorded_by", ""), actor.user_id),
            data=json.dumps(card, ensure_ascii=False),
            old_data=json.dumps(record["old_data"], ensure_ascii=False)
            if record.get("old_data") else "",
            override_by=users.get(record.get("override_by") or "") if record.get(
                "override_by") else None,
            override_reason=str(record.get("override_reason", "")),
            biometric_exceptions=int(record.get("biometric_exceptions", 0)),
            slip_print_count=int(record.get("slip_print_count", 0)),
            status_changed_at=moment, cancel_reason=str(record.get("cancel_reason", ""))))
    session.add_all(apps)
    session.flush()
    for app, (record, blobs) in zip(apps, items, strict=True):
        session.add_all(ApplicationDocument(
            application_id=app.id, code=str(doc["code"]), label=str(doc["label"]),
            provided=bool(doc["provided"]), surrendered=bool(doc.get("surrendered")),
            details=json.dumps(doc.get("details", {}), ensure_ascii=False))
            for doc in record.get("documents", []))
        session.add(Biometrics(application_id=app.id, photo=blobs["photo"],
                               signature=blobs["signature"],
                               modalities=json.dumps(record.get("modalities", {}),
                                                     ensure_ascii=False),
                               exception_photo=blobs["exception_photo"],
                               device=str(record.get("device", ""))[:60]))
    _carry_coverage(session, actor, apps, items)
    session.flush()
    names = {int(i): str(n) for i, n in session.execute(select(
        OutreachEvent.id, OutreachEvent.name).where(OutreachEvent.id.in_(set(events.values()))))}
    audit.record_many(session, actor, [
        ("application.import", app.slip_number,
         {"laptop": laptop.code, "event": names.get(app.outreach_event_id or 0, ""),
          "event_day": app.day.isoformat(), "nik": mask_nik(record["nik"]),
          "case": app.case_type, "route": app.route, "status": app.status,
          "recorded_by": record.get("recorded_by", "")})
        for app, (record, _blobs) in zip(apps, items, strict=True)])
    return apps


def _carry_coverage(session: Session, actor: Actor, apps: list[Application],
                    items: list[tuple[dict[str, Any], dict[str, bytes | None]]]) -> None:
    """What the coverage work keeps of a laptop recording, as the office save does.

    The disability kinds (recorded on the laptop only with consent) and the home-visit
    request the recording fulfils.
    """
    from counter_app.services.home_visits import link_recording

    for app, (record, _blobs) in zip(apps, items, strict=True):
        kinds = str(record.get("disabilities") or "")
        if kinds:
            try:
                stored = format_disabilities(parse_disabilities(kinds))
            except ValidationError:
                raise PacketError(f"Rekaman {app.slip_number}: jenis disabilitas tidak "
                                  "dikenal; tidak ada yang diimpor.") from None
            session.add(ApplicationDisability(application_id=app.id, kinds=stored,
                                              consent=True))
        if app.status != Status.CANCELLED:
            link_recording(session, actor, str(record["nik"]), app.outreach_event_id, app.id)


# --- the inbox (packets sent over the network by ``outreach sync``) --------------------

@dataclass(frozen=True)
class InboxItem:
    """A packet a laptop sent over the network, waiting for a supervisor's review."""

    id: int
    laptop_code: str
    sequence: int
    received_at: dt.datetime
    size: int


def receive_packet(db: Database, data: bytes, now: dt.datetime | None = None) -> InboxItem:
    """Keep a packet sent by a paired laptop until a supervisor imports it.

    The packet stays sealed (only the PC holding the office key opens it); an unknown or
    revoked laptop is refused here already.
    """
    header, _aad, _ct = read_header(data)
    digest = sha256_hex(data)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        laptop = session.execute(select(OutreachLaptop).where(
            OutreachLaptop.key_id == header.laptop_key_id)).scalar_one_or_none()
        if laptop is None or laptop.revoked_at is not None:
            raise PacketError("Laptop ini tidak (lagi) dipasangkan dengan kantor; paket "
                              "tidak diterima.")
        row = session.execute(select(OutreachPacket).where(
            OutreachPacket.sha256 == digest)).scalar_one_or_none()
        if row is None:
            row = OutreachPacket(sha256=digest, laptop_key_id=laptop.key_id,
                                 sequence=header.sequence, status=PacketStatus.INBOX,
                                 data=data,
                                 received_at=moment, summary="", laptop_audit="",
                                 confirmation="")
            session.add(row)
            session.flush()
            audit.record(session, None, "outreach.inbox", f"{laptop.code} #{header.sequence}",
                         username=f"laptop {laptop.code}", after={"sha256": digest,
                                                                 "bytes": len(data)})
        return InboxItem(row.id, laptop.code, row.sequence, row.received_at, len(data))


def list_inbox(db: Database) -> list[InboxItem]:
    """Packets waiting to be imported, oldest first."""
    with db.transaction() as session:
        rows = session.execute(select(OutreachPacket, OutreachLaptop.code).join(
            OutreachLaptop, OutreachLaptop.key_id == OutreachPacket.laptop_key_id).where(
            OutreachPacket.status == PacketStatus.INBOX).order_by(OutreachPacket.id)).all()
        return [InboxItem(p.id, code, p.sequence, p.received_at, len(p.data or b""))
                for p, code in rows]


def inbox_packet(db: Database, packet_id: int) -> bytes:
    """The bytes of a waiting packet."""
    with db.transaction() as session:
        row = session.get(OutreachPacket, packet_id)
        if row is None or row.status is not PacketStatus.INBOX or row.data is None:
            raise NotFound("Paket ini tidak (lagi) menunggu di kotak masuk.")
        return row.data


def confirmations_for(db: Database, laptop_key_id: str) -> list[str]:
    """Every confirmation issued for a laptop, oldest first (``outreach sync`` reads them)."""
    with db.transaction() as session:
        return list(session.execute(select(OutreachPacket.confirmation).where(
            OutreachPacket.laptop_key_id == laptop_key_id,
            OutreachPacket.status == PacketStatus.IMPORTED)
            .order_by(OutreachPacket.id)).scalars())


# --- conflicts -------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictInfo:
    """A held recording and the office's open application for the same NIK."""

    id: int
    laptop_code: str
    nik_masked: str
    nama: str
    laptop_slip: str
    office_slip: str
    office_status: Status
    held_at: dt.datetime
    resolution: ConflictResolution
    reason: str


def list_conflicts(db: Database, actor: Actor, open_only: bool = True) -> list[ConflictInfo]:
    """Held recordings, oldest first (supervisor)."""
    actor.require(Permission.MANAGE_OUTREACH)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_OUTREACH)
        query = select(OutreachConflict, OutreachLaptop.code, Application).join(
            OutreachLaptop, OutreachLaptop.id == OutreachConflict.laptop_id).join(
            Application, Application.id == OutreachConflict.existing_application_id)
        if open_only:
            query = query.where(OutreachConflict.resolved_at.is_(None))
        return [ConflictInfo(c.id, code, mask_nik(c.nik), c.nama, c.slip_number,
                             app.slip_number, app.status, c.held_at, c.resolution,
                             c.reason)
                for c, code, app in session.execute(query.order_by(OutreachConflict.id))]


def resolve_conflict(db: Database, actor: Actor, conflict_id: int, keep: str, reason: str,
                     now: dt.datetime | None = None) -> ConflictInfo:
    """Settle a held recording (supervisor), with a reason.

    ``keep="office"``: the office's application stands and the laptop's recording is
    set aside (kept in the held row, audited). ``keep="laptop"``: the office's open
    application is cancelled with the reason and the laptop's recording is imported.
    """
    actor.require(Permission.MANAGE_OUTREACH)
    text = " ".join((reason or "").split())
    if len(text) < 5:
        raise ValidationError("Tulis alasan keputusan (minimal 5 huruf).", field="reason")
    if keep not in ("office", "laptop"):
        raise ValidationError("Pilih rekaman yang dipakai: kantor atau laptop.", field="keep")
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        row = session.get(OutreachConflict, conflict_id)
        if row is None:
            raise NotFound("Rekaman tertahan tidak ditemukan.")
        if row.resolved_at is not None:
            raise Conflict(f"Rekaman {row.slip_number} sudah diputuskan pada "
                           f"{row.resolved_at:%d-%m-%Y %H:%M}.")
        laptop = session.get(OutreachLaptop, row.laptop_id)
        existing = session.get(Application, row.existing_application_id)
        assert laptop is not None and existing is not None
        if keep == "laptop":
            from counter_app.services.recording import transition

            if existing.status not in TERMINAL:
                transition(session, existing, Action.CANCEL, actor, moment, reason=text)
                existing.cancel_reason = text
            record = json.loads(row.payload)
            require_open_day(session, _parsed(record)[2], actor, moment,
                             "impor jemput bola (bentrok)")
            blobs = {part: base64.b64decode(record[part]) if record.get(part) else None
                     for part in _BLOBS}
            users = {u.username: u.id for u in session.execute(select(User)).scalars()}
            events = {str(record.get("event_uid")): row.event_id} if row.event_id else {}
            (app,) = _insert_many(session, actor, [(record, blobs)], laptop, events, users,
                                  moment)
            row.resolved_application_id = app.id
        row.resolved_at, row.resolved_by = moment, actor.user_id
        row.resolution = (ConflictResolution.REPLACE if keep == "laptop"
                          else ConflictResolution.DISCARD)
        row.reason = text
        audit.record(session, actor, "outreach.conflict_resolve", row.slip_number,
                     reason=text, after={"keep": keep, "office_slip": existing.slip_number,
                                         "nik": mask_nik(row.nik)})
        return ConflictInfo(row.id, laptop.code, mask_nik(row.nik), row.nama, row.slip_number,
                            existing.slip_number, existing.status, row.held_at,
                            row.resolution, row.reason)


def imported_count(db: Database, laptop_code_: str) -> int:
    """How many applications came from a laptop's packets."""
    with db.transaction() as session:
        laptop = session.execute(select(OutreachLaptop).where(
            OutreachLaptop.code == laptop_code_)).scalar_one_or_none()
        if laptop is None:
            return 0
        return int(session.execute(select(func.count(Application.id)).join(
            OutreachEvent, OutreachEvent.id == Application.outreach_event_id).where(
            OutreachEvent.laptop_id == laptop.id)).scalar_one())
