"""Local card printing and the blanko stock.

The card printer is outside the app: the clerk prints with the official equipment and
records the result here. Each printed or spoiled card takes one blank from the stock;
the stock is a ledger never edited in place, and its running balance can never go
below zero, also when two counters print the last blank at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import day_bounds, office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import SHORT_TEXT, clean_reason, clean_text
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route
from counter_app.domain.words import lower_first
from counter_app.models import Applicant, Application, BlankoEntry, BlankoStock
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.recording import transition
from counter_app.services.settings import (
    BLANKO_THRESHOLD,
    DEFAULT_BLANKO_THRESHOLD,
    get_int_setting,
)

SERIAL = 40  # the blanko serial as printed on the blank
SPOIL_REASONS: tuple[str, ...] = ("Rusak cetak", "Gagal encode chip", "Salah cetak data",
                                  "Lainnya")


@dataclass(frozen=True)
class PrintQueueItem:
    """An application that may be printed here now."""

    application_id: int
    slip_number: str
    nama: str
    nik_masked: str
    status: Status
    recorded_on: dt.date
    printable_from: dt.date
    spoiled: int  # blanks spoiled on it so far


@dataclass(frozen=True)
class StockMovement:
    """One ledger entry as screens show it."""

    at: dt.datetime
    kind: str
    quantity: int
    slip_number: str
    blanko_serial: str
    source: str
    reference: str
    reason: str


@dataclass(frozen=True)
class StockStatus:
    """The balance, the warning, and a day's movements."""

    balance: int
    threshold: int
    movements: list[StockMovement]

    @property
    def low(self) -> bool:
        """Below the admin's threshold."""
        return self.balance < self.threshold

    @property
    def warning(self) -> str:
        """What the print screen says about the stock ("" when plenty)."""
        if self.balance == 0:
            return "Blanko HABIS: KTP-el tidak dapat dicetak. Terbitkan SUKET bila perlu."
        if self.low:
            return f"Stok blanko tinggal {self.balance} (batas peringatan {self.threshold})."
        return ""


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or utc_now()).replace(microsecond=0)


def ledger_balance(session: Session) -> int:
    """The balance as the ledger says it: the sum of every entry."""
    return int(session.execute(select(func.coalesce(func.sum(BlankoEntry.quantity), 0)))
               .scalar_one())


def _move_stock(session: Session, actor: Actor, kind: str, quantity: int, moment: dt.datetime,
                **fields: object) -> BlankoEntry:
    require_open_day(session, office_day(moment), actor, moment, f"blanko {kind}")
    if quantity < 0:
        took = session.execute(
            update(BlankoStock).where(BlankoStock.id == 1, BlankoStock.balance >= -quantity)
            .values(balance=BlankoStock.balance + quantity)
        ).rowcount  # type: ignore[attr-defined]
        if took != 1:
            balance = session.execute(select(BlankoStock.balance)).scalar_one()
            raise Conflict(f"Blanko habis (sisa {balance}): tidak dapat dicatat. Terima "
                           "blanko baru, atau terbitkan SUKET.")
    else:
        session.execute(update(BlankoStock).where(BlankoStock.id == 1)
                        .values(balance=BlankoStock.balance + quantity))
    entry = BlankoEntry(at=moment, day=office_day(moment), kind=kind, quantity=quantity,
                        user_id=actor.user_id, **fields)
    session.add(entry)
    session.flush()
    return entry


def _printable(session: Session, application_id: int, today: dt.date) -> Application:
    app = session.execute(select(Application).where(Application.id == application_id)
                          .with_for_update()).scalar_one_or_none()
    if app is None:
        raise NotFound("Permohonan tidak ditemukan.")
    if app.route != Route.LOCAL:
        raise Conflict(f"{app.slip_number} dicetak di Disdukcapil, bukan di kecamatan.")
    status = app.status
    if status not in (Status.AWAITING_PRINT, Status.SUKET_ISSUED):
        raise Conflict(f"{app.slip_number} berstatus {lower_first(status.label)}; tidak di "
                       "antrean cetak.")
    if app.printable_from > today:
        raise Conflict(f"{app.slip_number} baru dapat dicetak mulai "
                       f"{app.printable_from:%d-%m-%Y} (ulang tahun ke-17).")
    return app


def print_queue(db: Database, today: dt.date | None = None) -> list[PrintQueueItem]:
    """LOCAL applications that may be printed now, oldest first.

    A 16-year-old's application appears on the 17th birthday.
    """
    day = today or office_day(utc_now())
    with db.read_session() as session:
        spoiled = dict(session.execute(
            select(BlankoEntry.application_id, func.count(BlankoEntry.id))
            .where(BlankoEntry.kind == "spoiled").group_by(BlankoEntry.application_id)).all())
        rows = session.execute(
            select(Application, Applicant).join(Applicant,
                                                Applicant.id == Application.applicant_id)
            .where(Application.route == Route.LOCAL.value,
                   Application.status.in_([Status.AWAITING_PRINT,
                                           Status.SUKET_ISSUED]),
                   Application.printable_from <= day)
            .order_by(Application.recorded_at, Application.id)).all()
        return [PrintQueueItem(a.id, a.slip_number, p.nama, mask_nik(p.nik), a.status,
                               a.day, a.printable_from, int(spoiled.get(a.id, 0)))
                for a, p in rows]


def record_printed(db: Database, actor: Actor, application_id: int, blanko_serial: str,
                   now: dt.datetime | None = None) -> Status:
    """The card came out right: one blank used, the application ready for pickup.

    The blank's serial number is required: it is what ties the card in the citizen's
    hand to one line of the blanko ledger the office accounts for.
    """
    actor.require(Permission.SERVE)
    moment = _now(now)
    serial = clean_text(blanko_serial, field="blanko_serial", label="Nomor seri blanko",
                        limit=SERIAL)
    if not serial:
        raise ValidationError("Nomor seri blanko wajib diisi: salin dari blanko yang "
                              "dicetak.")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        app = _printable(session, application_id, office_day(moment))
        _move_stock(session, actor, "used", -1, moment, application_id=app.id,
                    blanko_serial=serial)
        if app.status == Status.AWAITING_PRINT:
            transition(session, app, Action.PRINT, actor, moment, blanko_serial=serial)
            return transition(session, app, Action.MARK_READY, actor, moment)
        return transition(session, app, Action.PRINT, actor, moment, blanko_serial=serial)


def record_spoiled(db: Database, actor: Actor, application_id: int, reason: str,
                   blanko_serial: str = "", now: dt.datetime | None = None) -> Status:
    """A blank was spoiled: it goes on the destruction list, and the card waits again.

    A spoiled print never counts as a printed card.
    """
    actor.require(Permission.SERVE)
    text = clean_reason(reason, "alasan gagal cetak (mis. rusak cetak, gagal encode)",
                        min_len=3)
    serial = clean_text(blanko_serial, field="blanko_serial", label="Nomor seri blanko",
                        limit=SERIAL)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        app = _printable(session, application_id, office_day(moment))
        _move_stock(session, actor, "spoiled", -1, moment, application_id=app.id,
                    blanko_serial=serial, reason=text)
        if app.status == Status.AWAITING_PRINT:
            return transition(session, app, Action.SPOIL, actor, moment, reason=text)
        audit.record(session, actor, "application.spoil", app.slip_number, reason=text)
        return app.status


def receive_blanko(db: Database, actor: Actor, quantity: int, source: str, reference: str,
                   now: dt.datetime | None = None) -> int:
    """Blank cards arrived (usually from Disdukcapil); returns the new balance."""
    actor.require(Permission.MANAGE_STOCK)
    if not 1 <= quantity <= 100_000:
        raise ValidationError("Jumlah blanko 1 sampai 100000.", field="quantity")
    who = clean_text(source, field="source", label="Asal blanko", limit=SHORT_TEXT)
    ref = clean_text(reference, field="reference", label="Nomor berita acara", limit=SHORT_TEXT)
    if not who:
        raise ValidationError("Isi asal blanko (mis. Disdukcapil Kota Palembang).",
                              field="source")
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_STOCK)
        _move_stock(session, actor, "received", quantity, moment, source=who, reference=ref)
        audit.record(session, actor, "blanko.received", ref or who,
                     after={"quantity": quantity, "source": who})
        return int(session.execute(select(BlankoStock.balance)).scalar_one())


def correct_blanko(db: Database, actor: Actor, delta: int, reason: str,
                   now: dt.datetime | None = None) -> int:
    """A supervisor corrects the count (a stock-take found more or fewer), with a reason."""
    actor.require(Permission.MANAGE_STOCK)
    text = clean_reason(reason, "alasan koreksi")
    if delta == 0 or abs(delta) > 100_000:
        raise ValidationError("Koreksi harus bukan nol.", field="delta")
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_STOCK)
        _move_stock(session, actor, "correction", delta, moment, reason=text)
        audit.record(session, actor, "blanko.correction", f"{delta:+d}", reason=text,
                     after={"delta": delta})
        return int(session.execute(select(BlankoStock.balance)).scalar_one())


def _movements(session: Session, start: dt.datetime, end: dt.datetime) -> list[StockMovement]:
    rows = session.execute(
        select(BlankoEntry, Application.slip_number)
        .outerjoin(Application, Application.id == BlankoEntry.application_id)
        .where(BlankoEntry.at >= start, BlankoEntry.at < end)
        .order_by(BlankoEntry.at, BlankoEntry.id)).all()
    return [StockMovement(e.at, e.kind, e.quantity, slip or "", e.blanko_serial, e.source,
                          e.reference, e.reason) for e, slip in rows]


def stock_status(db: Database, day: dt.date | None = None) -> StockStatus:
    """The balance (from the ledger), the warning threshold and a day's movements."""
    when = day or office_day(utc_now())
    threshold = get_int_setting(db, BLANKO_THRESHOLD, DEFAULT_BLANKO_THRESHOLD)
    start, end = day_bounds(when)
    with db.read_session() as session:
        return StockStatus(ledger_balance(session), threshold, _movements(session, start, end))


def spoiled_list(db: Database, year: int, month: int) -> list[StockMovement]:
    """The month's spoiled blanks, for the destruction report."""
    first = dt.date(year, month, 1)
    last = dt.date(year + (month == 12), month % 12 + 1, 1)
    with db.read_session() as session:
        start, _ = day_bounds(first)
        end, _ = day_bounds(last)
        return [m for m in _movements(session, start, end) if m.kind == "spoiled"]
