"""A card found misprinted at the counter before handover (issue 11).

A locally printed card is spoiled (the blanko counted on the destruction list) and the
application goes back to the local print queue; a card printed by Disdukcapil goes back
with the next batch, its item marked "salah cetak" (services/batches).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import clean_reason, clean_text
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route
from counter_app.models import Application, BlankoEntry
from counter_app.services.actor import Actor, load_actor
from counter_app.services.card_printing import SERIAL, _move_stock
from counter_app.services.day_lock import require_open_day
from counter_app.services.recording import transition


def misprint_before_handover(db: Database, actor: Actor, application_id: int, reason: str,
                             blanko_serial: str = "",
                             now: dt.datetime | None = None) -> Status:
    """Record a misprint found before handover; the new status of the application."""
    actor.require(Permission.SERVE)
    text = clean_reason(reason, "keterangan salah cetak", min_len=3)
    serial = clean_text(blanko_serial, field="blanko_serial", label="Nomor seri blanko",
                        limit=SERIAL)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, office_day(moment), actor, moment, "salah cetak")
        if app.status != Status.READY_FOR_PICKUP:
            raise Conflict(f"{app.slip_number}: hanya KTP-el yang siap diambil dan belum "
                           "diserahkan yang dicatat salah cetak di sini.")
        if app.route == Route.LOCAL.value:
            # The blank this card was printed on left the stock when it was printed
            # ("used"): it is not taken again. It goes on the destruction list by the
            # serial recorded at printing, which the clerk copies from the card.
            printed_on = session.execute(
                select(BlankoEntry.blanko_serial).where(BlankoEntry.application_id == app.id,
                                                        BlankoEntry.kind == "used")
                .order_by(BlankoEntry.id.desc()).limit(1)).scalar_one_or_none() or ""
            if not serial:
                raise ValidationError("Nomor seri blanko wajib diisi: salin dari KTP-el "
                                      "yang salah cetak.", field="blanko_serial")
            # Copied from the card in hand, it must be the blank this slip was printed on:
            # a card of someone else is not spoiled by mistake.
            if printed_on and serial.casefold() != printed_on.casefold():
                raise ValidationError(
                    f"Nomor seri {serial} tidak cocok dengan KTP-el {app.slip_number} "
                    f"(dicetak pada blanko {printed_on}). Periksa kartunya.",
                    field="blanko_serial")
            _move_stock(session, actor, "spoiled", 0, moment, application_id=app.id,
                        blanko_serial=printed_on or serial,
                        reason=f"salah cetak (blanko sudah tercatat dipakai): {text}")
            return transition(session, app, Action.SPOIL, actor, moment,
                              reason=f"salah cetak: {text}", blanko_taken=0)
        if serial:
            raise ValidationError("KTP-el ini dicetak di Disdukcapil: nomor seri blankonya "
                                  "tidak dicatat di kecamatan; kosongkan isian seri.",
                                  field="blanko_serial")
        return transition(session, app, Action.MISPRINT_RETURN, actor, moment,
                          reason=f"salah cetak: {text}")
