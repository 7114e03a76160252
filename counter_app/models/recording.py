"""Applicants, their applications (with documents and biometrics), drafts and keys."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.domain.lifecycle import Status
from counter_app.models.base import Base, StrEnumColumn, UtcDateTime


class Applicant(Base):
    """A person as last recorded here; one row per NIK."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kk: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    tempat_lahir: Mapped[str] = mapped_column(String(60))
    tanggal_lahir: Mapped[dt.date] = mapped_column(Date)
    jenis_kelamin: Mapped[str] = mapped_column(String(1))
    golongan_darah: Mapped[str] = mapped_column(String(12))
    agama: Mapped[str] = mapped_column(String(40))
    status_perkawinan: Mapped[str] = mapped_column(String(20))
    pekerjaan: Mapped[str] = mapped_column(String(60))
    kewarganegaraan: Mapped[str] = mapped_column(String(3))
    alamat: Mapped[str] = mapped_column(String(200))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    phone: Mapped[str] = mapped_column(String(20), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OutreachEvent(Base):
    """A jemput bola event: a school, the prison, a mall, the Sunday community event."""

    __tablename__ = "outreach_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Jemput bola (outreach laptops): the event's identity across installations, where
    # it was held and who recorded there; the laptop it came from, at the office.
    uid: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(300), default="")
    laptop_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_laptops.id"),
                                                  nullable=True)


class Application(Base):
    """One KTP-el application, from recording to handover."""

    __tablename__ = "applications"
    # Cards waiting for pickup at a date are counted from this index alone (reports).
    __table_args__ = (Index("ix_applications_ready_at_status", "ready_at", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slip_number: Mapped[str] = mapped_column(String(24), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    outreach_event_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_events.id"),
                                                          nullable=True)
    case_type: Mapped[str] = mapped_column(String(16))
    changed_elements: Mapped[str] = mapped_column(Text, default="")  # JSON list
    route: Mapped[str] = mapped_column(String(8))
    status: Mapped[Status] = mapped_column(StrEnumColumn(Status, 20), index=True)
    eligibility: Mapped[str] = mapped_column(String(16))
    printable_from: Mapped[dt.date] = mapped_column(Date)
    expected_ready: Mapped[dt.date] = mapped_column(Date)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    data: Mapped[str] = mapped_column(Text)  # JSON: the card data as recorded
    old_data: Mapped[str] = mapped_column(Text, default="")  # JSON: before a change
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    biometric_exceptions: Mapped[int] = mapped_column(Integer, default=0)
    slip_print_count: Mapped[int] = mapped_column(Integer, default=0)
    status_changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # When the card became ready for pickup (reports count pickups waiting by age).
    ready_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # JSON list: each disagreement with the NIK, its reason and who approved it.
    nik_mismatch: Mapped[str] = mapped_column(Text, default="")
    nik_mismatch_approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                                 nullable=True)
    # Why the card goes where it goes ("luar domisili", "pindah datang", ...).
    route_reason: Mapped[str] = mapped_column(String(80), default="")
    outside_domicile: Mapped[bool] = mapped_column(Boolean, default=False)
    # A WNA's card is valid until the KITAP's end date (UU 24/2013 art. 64(7)).
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # A recording made on an outreach laptop keeps this identity when imported, so a
    # packet imported twice adds nothing twice.
    outreach_uid: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    # Issue 11. Disdukcapil's rejection: a code of domain/rejection.py and the clerk's text.
    reject_code: Mapped[str] = mapped_column(String(20), default="")
    reject_note: Mapped[str] = mapped_column(Text, default="")
    # A new application opened from a rejected one (or a misprint correction) points back.
    previous_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id"), nullable=True)
    # An uncollected card archived ("tidak diambil"): where it is kept.
    archive_place: Mapped[str] = mapped_column(String(120), default="")


class IkdActivation(Base):
    """One activation of Identitas Kependudukan Digital at the counter (no card printed)."""

    __tablename__ = "ikd_activations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    phone_model: Mapped[str] = mapped_column(String(80))
    activated: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ApplicationDocument(Base):
    """One item of the documents checklist as the clerk ticked it."""

    __tablename__ = "application_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(120))
    provided: Mapped[bool] = mapped_column(Boolean)
    surrendered: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[str] = mapped_column(Text, default="")  # JSON, e.g. police report no.


class Biometrics(Base):
    """The biometric capture of an application and each documented exception."""

    __tablename__ = "biometrics"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"),
                                                primary_key=True)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # JSON: {"R1": {"status": "captured", "quality": 82} | {"status": "exception",
    # "reason": "..."}, ..., "IRIS_L": ..., "IRIS_R": ...}
    modalities: Mapped[str] = mapped_column(Text)
    exception_photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    device: Mapped[str] = mapped_column(String(60), default="")


class RecordingDraft(Base):
    """A recording put aside before it was saved, to be resumed later."""

    __tablename__ = "recording_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    nik: Mapped[str] = mapped_column(String(16), default="")
    label: Mapped[str] = mapped_column(String(120), default="")
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SigningKey(Base):
    """A PC's public key; its private key never leaves that PC's config directory."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # raw key, hex
    workstation: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # A revoked key (lost or stolen PC) verifies nothing any more, whatever the date.
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")


class SlipSequence(Base):
    """The last slip number issued on an office day (incremented in the save's transaction)."""

    __tablename__ = "slip_sequences"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class OverrideGrant(Base):
    """A supervisor's single-use approval to record without every document.

    Made by the supervisor's password check for one clerk, one NIK and one case type;
    it expires after a few minutes and is consumed in the save's transaction. Only a
    SHA-256 of its secret is stored.
    """

    __tablename__ = "override_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    nik: Mapped[str] = mapped_column(String(16))
    case_type: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"),
                                                       nullable=True)
