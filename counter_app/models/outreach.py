"""Jemput bola tables: laptops, packets and conflicts; a laptop's pairing and records.

Office side: paired outreach laptops, their packets and held conflicts. Laptop side:
the pairing and each recording's export state.

Both kinds of installation share one schema; an office never has an ``outreach_profile``
row and a laptop never has ``outreach_laptops`` rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.domain.packet_status import ConflictResolution, PacketStatus
from counter_app.models.base import Base, StrEnumColumn, UtcDateTime


class OutreachOfficeKey(Base):
    """The office's packet key: X25519 to receive, Ed25519 to sign confirmations.

    Only the public halves are here; the private file stays on the supervisor's PC.
    """

    __tablename__ = "outreach_office_keys"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    box_public: Mapped[str] = mapped_column(String(64))  # X25519, raw hex
    sign_public: Mapped[str] = mapped_column(String(64))  # Ed25519, raw hex
    workstation: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OutreachLaptop(Base):
    """A laptop paired with this office; revoked laptops' packets are refused."""

    __tablename__ = "outreach_laptops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)  # L01: the slip prefix
    name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(ForeignKey("signing_keys.key_id"), unique=True)
    pairing_id: Mapped[str] = mapped_column(String(36), unique=True)
    paired_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    paired_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


class OutreachPacket(Base):
    """A packet received from a laptop: waiting in the inbox (sync) or imported."""

    __tablename__ = "outreach_packets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    laptop_key_id: Mapped[str] = mapped_column(String(8), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    status: Mapped[PacketStatus] = mapped_column(StrEnumColumn(PacketStatus, 10))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # inbox only
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    imported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON counts
    laptop_audit: Mapped[str] = mapped_column(Text, default="")  # JSON: the laptop's rows
    confirmation: Mapped[str] = mapped_column(Text, default="")  # signed, for the laptop


class OutreachConflict(Base):
    """A laptop recording whose NIK had an open application here: held, never dropped."""

    __tablename__ = "outreach_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    laptop_id: Mapped[int] = mapped_column(ForeignKey("outreach_laptops.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_events.id"),
                                                 nullable=True)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    slip_number: Mapped[str] = mapped_column(String(24))
    existing_application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    payload: Mapped[str] = mapped_column(Text)  # JSON: the recording as the laptop sent it
    held_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    resolution: Mapped[ConflictResolution] = mapped_column(
        StrEnumColumn(ConflictResolution, 10), default=ConflictResolution.OPEN)
    reason: Mapped[str] = mapped_column(Text, default="")
    resolved_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id"), nullable=True)


class OutreachProfile(Base):
    """On a laptop: the office it belongs to (one row, id 1) and its packet counter."""

    __tablename__ = "outreach_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    laptop_code: Mapped[str] = mapped_column(String(3))
    laptop_name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(8))
    pairing_id: Mapped[str] = mapped_column(String(36))
    office_code: Mapped[str] = mapped_column(String(6))
    office_title: Mapped[str] = mapped_column(String(200))
    office_key_id: Mapped[str] = mapped_column(String(8))
    office_box_public: Mapped[str] = mapped_column(String(64))
    office_sign_public: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_confirmed_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The laptop's audit rows up to here are safe at the office (not sent again).
    audit_seq_confirmed: Mapped[int] = mapped_column(Integer, default=0)


class OutreachRecord(Base):
    """On a laptop: one saved recording and how far it got; the counts outlive the purge."""

    __tablename__ = "outreach_records"

    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"),
                                                       nullable=True, index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_events.id"),
                                                 nullable=True, index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    case_type: Mapped[str] = mapped_column(String(16))
    route: Mapped[str] = mapped_column(String(8))
    exported_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    purged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
