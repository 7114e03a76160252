"""Queue services, tickets, their events, and the per-day number sequences."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.domain.queue import TicketStatus
from counter_app.models.base import Base, StrEnumColumn, UtcDateTime


class QueueService(Base):
    """A service a ticket is taken for (A Perekaman, B Penggantian, ...)."""

    __tablename__ = "queue_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    prepare_hint: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class CounterService(Base):
    """Which counter serves which service."""

    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"), primary_key=True)


class QueueSequence(Base):
    """The last number issued for a service on an office day.

    Issuing a ticket increments this row inside the ticket's transaction: the row lock
    orders concurrent issuers, and a rolled-back issue gives its number back, so
    numbers are never doubled and never skipped.
    """

    __tablename__ = "queue_sequences"

    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    """One queue ticket and the timestamps reports need."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("issued_service_id", "day", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"))
    # The service the number was issued for; a transfer changes service_id only.
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(10))  # kiosk | counter | cli
    status: Mapped[TicketStatus] = mapped_column(StrEnumColumn(TicketStatus, 12), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Only this counter may call it (after a transfer to a counter).
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"),
                                                          nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True,
                                                   index=True)
    served_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    first_called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    service_started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    no_show_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(200), default="")


class TicketEvent(Base):
    """Every step of a ticket: issued, called, recalled, no-show, transfer, ... in order.

    The waiting-room display follows this table by id to see calls from any PC.
    """

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(20))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
