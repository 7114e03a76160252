"""Aktivasi IKD at the counter: one short form, one transaction, no card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import NotFound, ValidationError
from counter_app.domain.ikd import IkdForm, check_ikd
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.models import IkdActivation, QueueService, Ticket
from counter_app.services import audit
from counter_app.services.actor import Actor
from counter_app.services.day_lock import require_open_day

IKD_SERVICE_PREFIX = "E"


@dataclass(frozen=True)
class IkdRecord:
    """One saved activation (the NIK masked, as lists show it)."""

    id: int
    day: dt.date
    nik_masked: str
    phone_model: str
    activated: bool
    reason: str


def ikd_service_open(db: Database) -> bool:
    """True when the admin has the IKD queue service switched on."""
    with db.transaction() as session:
        service = session.execute(select(QueueService).where(
            QueueService.prefix == IKD_SERVICE_PREFIX)).scalar_one_or_none()
        return bool(service and service.active)


def record_activation(db: Database, actor: Actor, form: IkdForm,
                      ticket_id: int | None = None,
                      now: dt.datetime | None = None) -> IkdRecord:
    """Save one IKD activation (successful or not, with the reason) and audit it."""
    actor.require(Permission.SERVE)
    cleaned, problems = check_ikd(form)
    if cleaned is None:
        field, message = next(iter(problems.items()))
        raise ValidationError(message, field=field, problems=list(problems.values()))
    moment = (now or utc_now()).replace(microsecond=0)
    day = office_day(moment)
    with db.transaction() as session:
        require_open_day(session, day, actor, moment, "aktivasi IKD")
        if ticket_id is not None and session.get(Ticket, ticket_id) is None:
            raise NotFound("Tiket antrean tidak ditemukan.")
        row = IkdActivation(day=day, at=moment, nik=cleaned.nik, email=cleaned.email,
                            phone=cleaned.phone, phone_model=cleaned.phone_model,
                            activated=cleaned.activated, reason=cleaned.reason,
                            ticket_id=ticket_id, recorded_by=actor.user_id)
        session.add(row)
        session.flush()
        audit.record(session, actor, "ikd.activation", mask_nik(cleaned.nik),
                     reason=cleaned.reason,
                     after={"activated": cleaned.activated, "phone_model": cleaned.phone_model,
                            "ticket_id": ticket_id})
        return IkdRecord(row.id, day, mask_nik(cleaned.nik), cleaned.phone_model,
                         cleaned.activated, cleaned.reason)


def list_activations(db: Database, day: dt.date) -> list[IkdRecord]:
    """The day's activations, oldest first."""
    with db.transaction() as session:
        return [IkdRecord(r.id, r.day, mask_nik(r.nik), r.phone_model, r.activated, r.reason)
                for r in session.execute(select(IkdActivation).where(
                    IkdActivation.day == day).order_by(IkdActivation.at,
                                                       IkdActivation.id)).scalars()]
