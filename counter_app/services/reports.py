"""The figures of a day (or a range of days) for the camat.

One piece of code computes them; the PDF, the spreadsheet, the JSON and the screen only
present them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.cases import CaseType
from counter_app.domain.clock import day_bounds, local
from counter_app.domain.errors import ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route
from counter_app.models import (
    Application,
    Batch,
    BatchItem,
    BlankoEntry,
    Office,
    OutreachEvent,
    Pickup,
    QueueService,
    Suket,
    Ticket,
    User,
)
from counter_app.services.actor import Actor, load_actor
from counter_app.services.settings import (
    DEFAULT_OVERDUE_DAYS,
    OVERDUE_DAYS,
    get_int_setting,
    read_setting,
)

MAX_RANGE_DAYS = 366
HOURS = range(7, 17)  # 07.00-16.59: the office day


@dataclass(frozen=True)
class ServiceFigures:
    """The queue of one service."""

    prefix: str
    name: str
    issued: int
    served: int
    no_show: int
    not_served: int
    avg_wait_s: int
    max_wait_s: int
    avg_service_s: int


@dataclass(frozen=True)
class QueueFigures:
    """The queue of all services."""

    issued: int
    served: int
    no_show: int
    not_served: int
    avg_wait_s: int
    max_wait_s: int
    avg_service_s: int
    by_service: list[ServiceFigures]


@dataclass(frozen=True)
class RecordingFigures:
    """What was recorded."""

    total: int
    by_case: dict[str, int]
    by_route: dict[str, int]
    age_16: int
    biometric_exceptions: int
    outreach: dict[str, int]


@dataclass(frozen=True)
class PrintingFigures:
    """Cards printed here."""

    printed: int
    spoiled: int
    suket: int


@dataclass(frozen=True)
class BlankoFigures:
    """The blanko ledger over the period."""

    opening: int
    received: int
    used: int
    spoiled: int
    corrected: int
    closing: int


@dataclass(frozen=True)
class ForwardingFigures:
    """Batches to Disdukcapil."""

    batches: int
    items_sent: int
    items_received: int
    overdue: int


@dataclass(frozen=True)
class PickupFigures:
    """Handovers, and cards waiting at the end of the period by how long."""

    handed_over: int
    pending: int
    pending_by_age: dict[str, int]


@dataclass(frozen=True)
class ClerkFigures:
    """One clerk's work."""

    name: str
    tickets_served: int
    recordings: int
    avg_service_s: int


@dataclass(frozen=True)
class HourFigures:
    """Arrivals (tickets issued) and first calls in one hour."""

    hour: int
    arrivals: int
    calls: int


@dataclass(frozen=True)
class DayLine:
    """The key figures of one day in a range."""

    date: dt.date
    issued: int
    served: int
    recordings: int
    printed: int
    handed_over: int


@dataclass(frozen=True)
class Report:
    """Everything the daily report (or a range recap) says."""

    start: dt.date
    end: dt.date
    office_title: str
    camat_name: str
    camat_nip: str
    queue: QueueFigures
    recordings: RecordingFigures
    printing: PrintingFigures
    blanko: BlankoFigures
    forwarding: ForwardingFigures
    pickups: PickupFigures
    clerks: list[ClerkFigures]
    hourly: list[HourFigures]
    days: list[DayLine] = field(default_factory=list)
    spoiled_list: list[dict[str, str]] = field(default_factory=list)
    closed_by: str = ""

    @property
    def single_day(self) -> bool:
        """True for a daily report."""
        return self.start == self.end

    def as_json(self) -> dict[str, Any]:
        """The JSON the README documents (``date`` for a day, ``from``/``to`` for a range)."""
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        if self.single_day:
            data["date"] = self.start.isoformat()
        else:
            data["from"], data["to"] = self.start.isoformat(), self.end.isoformat()
        data["queue"]["by_service"] = {s.prefix: asdict(s) for s in self.queue.by_service}
        for line in data["days"]:
            line["date"] = line["date"].isoformat()
        return data

    def json_text(self) -> str:
        """``as_json`` as text (stable order)."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, sort_keys=True)


def _mean(values: list[int]) -> int:
    return round(sum(values) / len(values)) if values else 0


def _seconds(a: dt.datetime | None, b: dt.datetime | None) -> int | None:
    if a is None or b is None:
        return None
    return max(0, int((b - a).total_seconds()))


def _queue(session: Session, start: dt.date, end: dt.date) -> tuple[QueueFigures, list[Ticket]]:
    services = session.execute(select(QueueService).order_by(QueueService.sort_order)
                               ).scalars().all()
    tickets = list(session.execute(select(Ticket).where(Ticket.day >= start,
                                                        Ticket.day <= end)).scalars())
    by_service = []
    all_waits: list[int] = []
    all_service: list[int] = []
    for service in services:
        mine = [t for t in tickets if t.issued_service_id == service.id]
        waits = [w for t in mine if (w := _seconds(t.issued_at, t.first_called_at)) is not None]
        spans = [s for t in mine if t.status == TicketStatus.DONE
                 and (s := _seconds(t.service_started_at, t.finished_at)) is not None]
        all_waits += waits
        all_service += spans
        by_service.append(ServiceFigures(
            service.prefix, service.name, len(mine),
            sum(t.status == TicketStatus.DONE for t in mine),
            sum(t.status == TicketStatus.NO_SHOW for t in mine),
            sum(t.status in (TicketStatus.NOT_SERVED, TicketStatus.WAITING) for t in mine),
            _mean(waits), max(waits, default=0), _mean(spans)))
    return QueueFigures(
        sum(s.issued for s in by_service), sum(s.served for s in by_service),
        sum(s.no_show for s in by_service), sum(s.not_served for s in by_service),
        _mean(all_waits), max(all_waits, default=0), _mean(all_service), by_service,
    ), tickets


def _int_setting(session: Session, key: str, default: int) -> int:
    value = read_setting(session, key, default)
    return int(value) if isinstance(value, int) else default


def compute_report(db: Database, actor: Actor | None, start: dt.date,
                   end: dt.date | None = None,
                   progress: Callable[[int, int], bool] | None = None,
                   session: Session | None = None) -> Report:
    """All the figures of ``start`` .. ``end`` (inclusive; one day when ``end`` is None).

    ``progress(done, total)`` is called per day of a range; returning False cancels
    (ValidationError). A day with no activity gives a valid report of zeros. ``session``:
    compute inside the caller's transaction (day close), else in a transaction of its own.
    """
    if actor is not None:
        actor.require(Permission.READ_REPORTS)
    end = end or start
    if end < start:
        raise ValidationError("Tanggal akhir sebelum tanggal awal.")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(f"Rentang laporan paling lama {MAX_RANGE_DAYS} hari.")
    outer = session
    overdue_days = (get_int_setting(db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS) if outer is None
                    else _int_setting(outer, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS))
    t0, _ = day_bounds(start)
    _, t1 = day_bounds(end)
    with nullcontext(outer) if outer is not None else db.read_session() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        office = session.get(Office, 1)
        queue, tickets = _queue(session, start, end)
        apps = list(session.execute(select(Application).where(
            Application.day >= start, Application.day <= end)).scalars())
        events = {e.id: e.name for e in session.execute(select(OutreachEvent)).scalars()}
        outreach = Counter(events.get(a.outreach_event_id, "?") for a in apps
                           if a.outreach_event_id is not None)
        recordings = RecordingFigures(
            total=len(apps),
            by_case={c.value: sum(a.case_type == c.value for a in apps) for c in CaseType},
            by_route={r.value: sum(a.route == r.value for a in apps) for r in Route},
            age_16=sum(a.eligibility == "RECORD_ONLY" for a in apps),
            biometric_exceptions=sum(a.biometric_exceptions > 0 for a in apps),
            outreach=dict(sorted(outreach.items())))
        entries = list(session.execute(select(BlankoEntry).where(
            BlankoEntry.at < t1)).scalars())
        before = [e for e in entries if e.at < t0]
        inside = [e for e in entries if e.at >= t0]
        blanko = BlankoFigures(
            opening=sum(e.quantity for e in before),
            received=sum(e.quantity for e in inside if e.kind == "received"),
            used=-sum(e.quantity for e in inside if e.kind == "used"),
            spoiled=-sum(e.quantity for e in inside if e.kind == "spoiled"),
            corrected=sum(e.quantity for e in inside if e.kind == "correction"),
            closing=sum(e.quantity for e in entries))
        suket_count = int(session.execute(select(func.count(Suket.id)).where(
            Suket.issued_on >= start, Suket.issued_on <= end)).scalar_one())
        printing = PrintingFigures(blanko.used, blanko.spoiled, suket_count)
        batches = list(session.execute(select(Batch).where(
            Batch.sent_at >= t0, Batch.sent_at < t1)).scalars())
        sent_ids = [b.id for b in batches]
        items_sent = int(session.execute(select(func.count(BatchItem.id)).where(
            BatchItem.batch_id.in_(sent_ids))).scalar_one()) if sent_ids else 0
        items_received = int(session.execute(select(func.count(BatchItem.id)).where(
            BatchItem.state == "received", BatchItem.changed_at >= t0,
            BatchItem.changed_at < t1)).scalar_one())
        overdue = 0
        for item, sent_at in session.execute(
                select(BatchItem, Batch.sent_at).join(Batch, Batch.id == BatchItem.batch_id)
                .where(Batch.sent_at.is_not(None), Batch.sent_at < t1)).all():
            still_out = item.state == "pending" or (item.changed_at is not None
                                                    and item.changed_at >= t1)
            if still_out and sent_at and (end - local(sent_at).date()).days > overdue_days:
                overdue += 1
        forwarding = ForwardingFigures(len(batches), items_sent, items_received, overdue)
        pickups = list(session.execute(select(Pickup).where(
            Pickup.at >= t0, Pickup.at < t1)).scalars())
        handed_ids = {p.application_id for p in session.execute(
            select(Pickup).where(Pickup.at < t1)).scalars()}
        ages = {"0-7": 0, "8-30": 0, ">30": 0}
        for app in session.execute(select(Application).where(
                Application.ready_at.is_not(None), Application.ready_at < t1)).scalars():
            if app.id in handed_ids or app.status == Status.CANCELLED:
                continue
            waited = (end - local(app.ready_at).date()).days if app.ready_at else 0
            ages["0-7" if waited <= 7 else "8-30" if waited <= 30 else ">30"] += 1
        pickup = PickupFigures(len(pickups), sum(ages.values()), ages)
        users = {u.id: u.full_name for u in session.execute(select(User)).scalars()}
        served: dict[int, list[int]] = defaultdict(list)
        for t in tickets:
            if t.status == TicketStatus.DONE and t.served_by is not None:
                span = _seconds(t.service_started_at, t.finished_at)
                served[t.served_by].append(span or 0)
        recorded = Counter(a.recorded_by for a in apps)
        clerks = [ClerkFigures(users.get(uid, "?"), len(served.get(uid, [])), recorded[uid],
                               _mean(served.get(uid, [])))
                  for uid in sorted(set(served) | set(recorded), key=lambda u: users.get(u, ""))]
        hourly = [HourFigures(
            hour,
            sum(local(t.issued_at).hour == hour for t in tickets),
            sum(t.first_called_at is not None and local(t.first_called_at).hour == hour
                for t in tickets)) for hour in HOURS]
        spoiled_list = [
            {"date": f"{local(e.at):%d-%m-%Y}", "blanko_serial": e.blanko_serial,
             "reason": e.reason,
             "slip_number": session.get(Application, e.application_id).slip_number  # type: ignore[union-attr]
             if e.application_id else ""}
            for e in inside if e.kind == "spoiled"]
        days: list[DayLine] = []
        if start != end:
            # Group once by day: a month would otherwise rescan every row per day.
            issued_on: Counter[dt.date] = Counter(t.day for t in tickets)
            served_on: Counter[dt.date] = Counter(
                t.day for t in tickets if t.status == TicketStatus.DONE)
            recorded_on: Counter[dt.date] = Counter(a.day for a in apps)
            printed_on: Counter[dt.date] = Counter(
                local(e.at).date() for e in inside if e.kind == "used")
            handed_on: Counter[dt.date] = Counter(local(p.at).date() for p in pickups)
            total = (end - start).days + 1
            for index in range(total):
                day = start + dt.timedelta(days=index)
                days.append(DayLine(day, issued_on[day], served_on[day], recorded_on[day],
                                    printed_on[day], handed_on[day]))
                if progress is not None and not progress(index + 1, total):
                    raise ValidationError("Laporan dibatalkan.")
        title = (f"Kecamatan {office.kecamatan_name}, {office.kota_name}" if office
                 else "Loket KTP-el")
        return Report(start, end, title, office.camat_name if office else "",
                      office.camat_nip if office else "", queue, recordings, printing,
                      blanko, forwarding, pickup, clerks, hourly, days, spoiled_list)
