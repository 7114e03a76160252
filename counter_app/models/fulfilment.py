"""Blanko stock, SUKET letters, batches to Disdukcapil, and pickups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.domain.batches import BatchStatus, ItemState
from counter_app.models.base import Base, StrEnumColumn, UtcDateTime


class BlankoEntry(Base):
    """One movement of blank cards. Never edited: corrections are new entries.

    ``quantity`` is signed: received +, used and spoiled -, a correction either way.
    The balance is the sum of all entries.
    """

    __tablename__ = "blanko_ledger"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(12))  # received | used | spoiled | correction
    quantity: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"),
                                                       nullable=True, index=True)
    blanko_serial: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(120), default="")     # from whom (received)
    reference: Mapped[str] = mapped_column(String(120), default="")  # their letter/number
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class BlankoStock(Base):
    """The running balance, one row, updated in the same transaction as each entry.

    ``UPDATE ... SET balance = balance - 1 WHERE balance >= 1`` is the guard that lets
    only one of two counters take the last blank; the ledger stays the record.
    """

    __tablename__ = "blanko_stock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    balance: Mapped[int] = mapped_column(Integer, default=0)


class Suket(Base):
    """A temporary certificate standing in for the card (valid six months)."""

    __tablename__ = "sukets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Several per application since issue 11: a renewal is a new SUKET, the old voided.
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    number: Mapped[str] = mapped_column(String(28), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # no_blanko | under_17 | waiting_disdukcapil
    reason: Mapped[str] = mapped_column(String(40))
    signer_name: Mapped[str] = mapped_column(String(100))
    signer_nip: Mapped[str] = mapped_column(String(30))
    voided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(String(120), default="")
    previous_suket_id: Mapped[int | None] = mapped_column(ForeignKey("sukets.id"),
                                                          nullable=True)
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)  # a.n. Kepala Dinas


class Batch(Base):
    """A surat pengantar: forwarded applications sent together to Disdukcapil."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[BatchStatus] = mapped_column(StrEnumColumn(BatchStatus, 10))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    courier: Mapped[str] = mapped_column(String(100), default="")


class BatchItem(Base):
    """One application in a batch and what became of it."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "application_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    state: Mapped[ItemState] = mapped_column(StrEnumColumn(ItemState, 10))
    changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class Pickup(Base):
    """The handover of a card: once, to the applicant or a family member on the same KK."""

    __tablename__ = "pickups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    handed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    receiver: Mapped[str] = mapped_column(String(8))  # self | family
    receiver_name: Mapped[str] = mapped_column(String(120))
    receiver_nik: Mapped[str] = mapped_column(String(16), default="")
    slip_lost: Mapped[bool] = mapped_column(Boolean, default=False)
    identity_note: Mapped[str] = mapped_column(Text, default="")
    surrendered: Mapped[str] = mapped_column(Text, default="")  # JSON list


class DayClosure(Base):
    """A closed service day: its report archived exactly as printed, with its SHA-256."""

    __tablename__ = "day_closures"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    report_pdf: Mapped[bytes] = mapped_column(LargeBinary)
    report_sha256: Mapped[str] = mapped_column(String(64))
    report_json: Mapped[str] = mapped_column(Text)
    # A supervisor may open a closed day for late changes, for a short while, audited.
    unlocked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    unlocked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    unlock_reason: Mapped[str] = mapped_column(Text, default="")
    # The day's flow figures in mergeable form (services/reports.Tally) for range
    # recaps; NULL when never archived or invalidated by a late change.
    figures_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    # SHA-256 of figures_json: an archive edited by hand is ignored (the day is then read
    # from the tables), and the digest is in the audit chain (day.figures).
    figures_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The audit head right after the day.close row, signed by the closing PC's key.
    audit_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audit_hash: Mapped[str] = mapped_column(String(64), default="")
    audit_key_id: Mapped[str] = mapped_column(String(8), default="")
    audit_signature: Mapped[str] = mapped_column(String(128), default="")


class SupersededDayReport(Base):
    """A closed day's archived report, kept when a supervisor reopened the day.

    The day's new report is archived at its next close; this one stays byte for byte,
    with who reopened the day, when and why.
    """

    __tablename__ = "superseded_day_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    closed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    report_pdf: Mapped[bytes] = mapped_column(LargeBinary)
    report_sha256: Mapped[str] = mapped_column(String(64))
    report_json: Mapped[str] = mapped_column(Text)
    reopened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reopened_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str] = mapped_column(Text)
