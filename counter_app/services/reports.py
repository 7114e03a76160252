"""The figures of a day (or a range of days) for the camat.

One piece of code computes them; the PDF, the spreadsheet, the JSON and the screen only
present them.

A day's flow figures (what happened during the day) are kept as a ``Tally``: counts,
sums and maxima, never averages, so tallies of many days merge into the tally of the
range and averages are rebuilt from the merged sums. Each day close archives the day's
tally; a range recap merges the archived tallies of the closed days and computes only
the open days from the tables. Balances at the range's bounds (blanko stock, cards
waiting, overdue batch items) are not sums of days: they are a few indexed SQL counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.batches import ItemState
from counter_app.domain.cases import CASE_KEYS, CaseType, DataElement, case_key
from counter_app.domain.clock import day_bounds, local, office_day, utc_now
from counter_app.domain.errors import ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.queue import TicketStatus
from counter_app.domain.recording import STATION_DEVICE
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route
from counter_app.models import (
    Application,
    Batch,
    BatchItem,
    Biometrics,
    BlankoEntry,
    DayClosure,
    IkdActivation,
    Office,
    OutreachEvent,
    Pickup,
    QueueService,
    Suket,
    Ticket,
    User,
)
from counter_app.services.actor import Actor, load_actor
from counter_app.services.coverage_report import CoverageSection, coverage_section
from counter_app.services.settings import (
    DEFAULT_OVERDUE_DAYS,
    OVERDUE_DAYS,
    get_int_setting,
    read_setting,
)

MAX_RANGE_DAYS = 366
HOURS = range(7, 17)  # 07.00-16.59: the office day
OPEN_RUN_DAYS = 31  # open days read from the tables per query


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
    # Recorded with a birth date or sex that disagrees with the NIK (explained).
    nik_mismatch: int = 0
    # Address outside this kecamatan (luar domisili): printed at Disdukcapil.
    outside_domicile: int = 0
    # Fingers and irises captured on the Dukcapil recording station (issue 20).
    station: int = 0


@dataclass(frozen=True)
class IkdFigures:
    """Aktivasi IKD at the counter (no card printed)."""

    activated: int = 0
    not_activated: int = 0

    @property
    def total(self) -> int:
        """Every activation attempt."""
        return self.activated + self.not_activated


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
    # Issue 11: items Disdukcapil rejected, and returned unprinted for another reason.
    items_rejected: int = 0
    items_returned: int = 0


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
    no_show: int = 0
    spoiled: int = 0
    suket: int = 0
    items_sent: int = 0
    ikd: int = 0


@dataclass(frozen=True)
class MonthLine:
    """The key figures of one calendar month (the part of it inside the range)."""

    year: int
    month: int
    days: int
    issued: int
    served: int
    no_show: int
    recordings: int
    printed: int
    spoiled: int
    suket: int
    items_sent: int
    handed_over: int
    ikd: int = 0


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
    months: list[MonthLine] = field(default_factory=list)
    # Coverage of the kecamatan at the end of the period (services/coverage_report.py).
    coverage: CoverageSection | None = None
    ikd: IkdFigures = field(default_factory=IkdFigures)

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
        data["ikd"]["total"] = self.ikd.total
        for line in data["days"]:
            line["date"] = line["date"].isoformat()
        return data

    def json_text(self) -> str:
        """``as_json`` as text (stable order)."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, sort_keys=True)


def _mean(total: int, count: int) -> int:
    return round(total / count) if count else 0


def _seconds(a: dt.datetime | None, b: dt.datetime | None) -> int | None:
    if a is None or b is None:
        return None
    return max(0, int((b - a).total_seconds()))


# --- the mergeable form --------------------------------------------------------------

# Bump when the Tally's fields change: archives of another version are ignored and
# their days computed from the tables (correct, only slower) until closed again.
# 2: combined case keys, NIK disagreements, luar domisili and IKD activations (issue 10).
TALLY_VERSION = 4


@dataclass
class ServiceTally:
    """One service's queue over some days: counts, sums and the longest wait."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    not_served: int = 0
    wait_sum: int = 0
    wait_count: int = 0
    wait_max: int = 0
    service_sum: int = 0
    service_count: int = 0

    def add(self, other: ServiceTally) -> None:
        """Merge ``other`` in: sums add up, the longest wait is the longer one."""
        for name in ("issued", "served", "no_show", "not_served", "wait_sum", "wait_count",
                     "service_sum", "service_count"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wait_max = max(self.wait_max, other.wait_max)


@dataclass
class ClerkTally:
    """One clerk's work over some days."""

    served: int = 0
    service_sum: int = 0
    recordings: int = 0

    def add(self, other: ClerkTally) -> None:
        """Merge ``other`` in."""
        self.served += other.served
        self.service_sum += other.service_sum
        self.recordings += other.recordings


def _add_counts(into: dict[Any, int], other: dict[Any, int]) -> None:
    for key, value in other.items():
        into[key] = into.get(key, 0) + value


@dataclass
class Tally:
    """The flow figures of some days in mergeable form (no averages, no balances).

    Keyed by ids (services, clerks, outreach events); names are looked up when the
    report is made, so a renamed service reads the same from archives and from tables.
    """

    services: dict[int, ServiceTally] = field(default_factory=dict)
    recordings: int = 0
    by_case: dict[str, int] = field(default_factory=dict)
    by_route: dict[str, int] = field(default_factory=dict)
    age_16: int = 0
    biometric_exceptions: int = 0
    nik_mismatch: int = 0
    outside_domicile: int = 0
    station: int = 0
    ikd_activated: int = 0
    ikd_not_activated: int = 0
    outreach: dict[int, int] = field(default_factory=dict)
    clerks: dict[int, ClerkTally] = field(default_factory=dict)
    received: int = 0
    used: int = 0
    spoiled: int = 0
    corrected: int = 0
    suket: int = 0
    batches: int = 0
    items_sent: int = 0
    items_received: int = 0
    items_rejected: int = 0
    items_returned: int = 0
    handed_over: int = 0
    arrivals: dict[int, int] = field(default_factory=dict)
    calls: dict[int, int] = field(default_factory=dict)
    days: dict[dt.date, DayLine] = field(default_factory=dict)
    # Spoiled blanks for the destruction list, each with its ledger time and id for order.
    spoiled_blanks: list[dict[str, Any]] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        """Add the figures of ``other`` (disjoint days) to this tally."""
        for sid, service in other.services.items():
            self.services.setdefault(sid, ServiceTally()).add(service)
        for uid, clerk in other.clerks.items():
            self.clerks.setdefault(uid, ClerkTally()).add(clerk)
        for name in ("recordings", "age_16", "biometric_exceptions", "nik_mismatch", "station",
                     "outside_domicile", "ikd_activated", "ikd_not_activated",
                     "received", "used",
                     "spoiled", "corrected", "suket", "batches", "items_sent",
                     "items_received", "items_rejected", "items_returned",
                     "handed_over"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_case", "by_route", "outreach", "arrivals", "calls"):
            _add_counts(getattr(self, name), getattr(other, name))
        self.days.update(other.days)
        self.spoiled_blanks += other.spoiled_blanks

    def to_json(self) -> str:
        """The archived form (JSON; dates and keys as text)."""
        data = asdict(self)
        data["version"] = TALLY_VERSION
        data["days"] = {day.isoformat(): {k: v for k, v in asdict(line).items() if k != "date"}
                        for day, line in self.days.items()}
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Tally | None:
        """The tally archived as ``text``; None when absent or of another version."""
        if not text:
            return None
        data = json.loads(text)
        if data.get("version") != TALLY_VERSION:
            return None
        return cls(
            services={int(k): ServiceTally(**v) for k, v in data["services"].items()},
            recordings=data["recordings"], by_case=data["by_case"],
            by_route=data["by_route"], age_16=data["age_16"],
            biometric_exceptions=data["biometric_exceptions"],
            nik_mismatch=data["nik_mismatch"], outside_domicile=data["outside_domicile"],
            station=data["station"],
            ikd_activated=data["ikd_activated"], ikd_not_activated=data["ikd_not_activated"],
            outreach={int(k): v for k, v in data["outreach"].items()},
            clerks={int(k): ClerkTally(**v) for k, v in data["clerks"].items()},
            received=data["received"], used=data["used"], spoiled=data["spoiled"],
            corrected=data["corrected"], suket=data["suket"], batches=data["batches"],
            items_sent=data["items_sent"], items_received=data["items_received"],
            items_rejected=data["items_rejected"], items_returned=data["items_returned"],
            handed_over=data["handed_over"],
            arrivals={int(k): v for k, v in data["arrivals"].items()},
            calls={int(k): v for k, v in data["calls"].items()},
            days={dt.date.fromisoformat(k): DayLine(dt.date.fromisoformat(k), **v)
                  for k, v in data["days"].items()},
            spoiled_blanks=data["spoiled_blanks"])


def tally_from_tables(session: Session, start: dt.date, end: dt.date) -> Tally:
    """The flow figures of ``start`` .. ``end`` computed from the tables.

    Only the columns needed are read (no ORM objects), grouped once per day.
    """
    t0, _ = day_bounds(start)
    _, t1 = day_bounds(end)
    tally = Tally()
    issued_on: Counter[dt.date] = Counter()
    served_on: Counter[dt.date] = Counter()
    no_show_on: Counter[dt.date] = Counter()
    done, no_show = TicketStatus.DONE, TicketStatus.NO_SHOW
    open_states = (TicketStatus.NOT_SERVED, TicketStatus.WAITING)
    for (day, service_id, status, issued_at, first_called, started, finished,
         served_by) in session.execute(select(
            Ticket.day, Ticket.issued_service_id, Ticket.status, Ticket.issued_at,
            Ticket.first_called_at, Ticket.service_started_at, Ticket.finished_at,
            Ticket.served_by).where(Ticket.day >= start, Ticket.day <= end)):
        service = tally.services.setdefault(service_id, ServiceTally())
        service.issued += 1
        issued_on[day] += 1
        wait = _seconds(issued_at, first_called)
        if wait is not None:
            service.wait_sum += wait
            service.wait_count += 1
            service.wait_max = max(service.wait_max, wait)
        span = _seconds(started, finished)
        if status == done:
            service.served += 1
            served_on[day] += 1
            if span is not None:
                service.service_sum += span
                service.service_count += 1
            if served_by is not None:
                clerk = tally.clerks.setdefault(served_by, ClerkTally())
                clerk.served += 1
                clerk.service_sum += span or 0
        elif status == no_show:
            service.no_show += 1
            no_show_on[day] += 1
        elif status in open_states:
            service.not_served += 1
        hour = local(issued_at).hour
        if hour in HOURS:
            tally.arrivals[hour] = tally.arrivals.get(hour, 0) + 1
        if first_called is not None and (hour := local(first_called).hour) in HOURS:
            tally.calls[hour] = tally.calls.get(hour, 0) + 1
    tally.by_case = {key: 0 for key in CASE_KEYS}
    tally.by_route = {r.value: 0 for r in Route}
    recorded_on: Counter[dt.date] = Counter()
    for (day, case_type, changed, route, eligibility, exceptions, event_id, recorded_by,
         mismatch, outside, device) in session.execute(
            select(Application.day, Application.case_type, Application.changed_elements,
                   Application.route, Application.eligibility,
                   Application.biometric_exceptions, Application.outreach_event_id,
                   Application.recorded_by, Application.nik_mismatch,
                   Application.outside_domicile, Biometrics.device)
            .outerjoin(Biometrics, Biometrics.application_id == Application.id)
            .where(Application.day >= start, Application.day <= end)):
        tally.recordings += 1
        recorded_on[day] += 1
        key = case_key(CaseType(case_type), tuple(
            DataElement(e) for e in json.loads(changed or "[]")))
        if key in tally.by_case:
            tally.by_case[key] += 1
        tally.nik_mismatch += bool(mismatch)
        tally.outside_domicile += bool(outside)
        tally.station += device == STATION_DEVICE
        if route in tally.by_route:
            tally.by_route[route] += 1
        tally.age_16 += eligibility == "RECORD_ONLY"
        tally.biometric_exceptions += exceptions > 0
        if event_id is not None:
            tally.outreach[event_id] = tally.outreach.get(event_id, 0) + 1
        tally.clerks.setdefault(recorded_by, ClerkTally()).recordings += 1
    printed_on: Counter[dt.date] = Counter()
    spoiled_on: Counter[dt.date] = Counter()
    for entry_id, at, kind, quantity, serial, reason, slip in session.execute(
            select(BlankoEntry.id, BlankoEntry.at, BlankoEntry.kind, BlankoEntry.quantity,
                   BlankoEntry.blanko_serial, BlankoEntry.reason, Application.slip_number)
            .outerjoin(Application, Application.id == BlankoEntry.application_id)
            .where(BlankoEntry.at >= t0, BlankoEntry.at < t1)):
        if kind == "received":
            tally.received += quantity
        elif kind == "used":
            tally.used -= quantity
            printed_on[local(at).date()] -= quantity
        elif kind == "spoiled":
            tally.spoiled -= quantity  # 0 for a misprint: its blank was counted as used
            spoiled_on[local(at).date()] += 1  # every blank for the destruction list
            tally.spoiled_blanks.append({
                "at": at.isoformat(), "id": entry_id, "date": f"{local(at):%d-%m-%Y}",
                "blanko_serial": serial, "reason": reason, "slip_number": slip or ""})
        elif kind == "correction":
            tally.corrected += quantity
    suket_on: Counter[dt.date] = Counter(session.execute(select(Suket.issued_on).where(
        Suket.issued_on >= start, Suket.issued_on <= end)).scalars())
    tally.suket = sum(suket_on.values())
    sent_on: Counter[dt.date] = Counter()
    for _batch_id, sent_at, items in session.execute(
            select(Batch.id, Batch.sent_at, func.count(BatchItem.id))
            .outerjoin(BatchItem, BatchItem.batch_id == Batch.id)
            .where(Batch.sent_at >= t0, Batch.sent_at < t1).group_by(Batch.id, Batch.sent_at)):
        tally.batches += 1
        tally.items_sent += items
        if sent_at is not None:
            sent_on[local(sent_at).date()] += items
    tally.items_received = int(session.execute(select(func.count(BatchItem.id)).where(
        BatchItem.state == ItemState.RECEIVED, BatchItem.changed_at >= t0,
        BatchItem.changed_at < t1)).scalar_one())
    for state, name in ((ItemState.REJECTED, "items_rejected"),
                        (ItemState.RETURNED, "items_returned")):
        setattr(tally, name, int(session.execute(select(func.count(BatchItem.id)).where(
            BatchItem.state == state, BatchItem.changed_at >= t0,
            BatchItem.changed_at < t1)).scalar_one()))
    handed_on: Counter[dt.date] = Counter(
        local(at).date() for at in session.execute(select(Pickup.at).where(
            Pickup.at >= t0, Pickup.at < t1)).scalars())
    tally.handed_over = sum(handed_on.values())
    ikd_on: Counter[dt.date] = Counter()
    for day, activated in session.execute(select(IkdActivation.day, IkdActivation.activated)
                                          .where(IkdActivation.day >= start,
                                                 IkdActivation.day <= end)):
        ikd_on[day] += 1
        if activated:
            tally.ikd_activated += 1
        else:
            tally.ikd_not_activated += 1
    for index in range((end - start).days + 1):
        day = start + dt.timedelta(days=index)
        tally.days[day] = DayLine(day, issued_on[day], served_on[day], recorded_on[day],
                                  printed_on[day], handed_on[day], no_show_on[day],
                                  spoiled_on[day], suket_on[day], sent_on[day], ikd_on[day])
    return tally


# --- balances at the bounds of a period ------------------------------------------------

@dataclass(frozen=True)
class _Balances:
    opening: int
    closing: int
    pending_by_age: dict[str, int]
    overdue: int


def _balances(session: Session, start: dt.date, end: dt.date, overdue_days: int) -> _Balances:
    t0, _ = day_bounds(start)
    _, t1 = day_bounds(end)
    opening, closing = session.execute(select(
        func.coalesce(func.sum(case((BlankoEntry.at < t0, BlankoEntry.quantity), else_=0)), 0),
        func.coalesce(func.sum(BlankoEntry.quantity), 0)).where(BlankoEntry.at < t1)).one()
    # Cards ready by the end of the period, not handed over by then, not cancelled, by
    # how many days they had waited at ``end`` (the day they became ready counts as 0).
    week, month = day_bounds(end - dt.timedelta(days=7))[0], \
        day_bounds(end - dt.timedelta(days=30))[0]
    handed = select(Pickup.id).where(Pickup.application_id == Application.id, Pickup.at < t1)
    recent, middle, old = session.execute(select(
        func.count(case((Application.ready_at >= week, 1))),
        func.count(case(((Application.ready_at < week) & (Application.ready_at >= month), 1))),
        func.count(case((Application.ready_at < month, 1))))
        .where(Application.ready_at.is_not(None), Application.ready_at < t1,
               Application.status != Status.CANCELLED, ~handed.exists())).one()
    # Batch items still out at the end of the period, sent more than N days before it.
    late = day_bounds(end - dt.timedelta(days=overdue_days))[0]
    overdue = session.execute(select(func.count(BatchItem.id))
                              .join(Batch, Batch.id == BatchItem.batch_id)
                              .where(Batch.sent_at.is_not(None), Batch.sent_at < t1,
                                     Batch.sent_at < late,
                                     (BatchItem.state == ItemState.PENDING)
                                     | (BatchItem.changed_at >= t1))).scalar_one()
    return _Balances(int(opening), int(closing),
                     {"0-7": int(recent), "8-30": int(middle), ">30": int(old)}, int(overdue))


# --- the report ----------------------------------------------------------------------

def archived_tallies(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, Tally]:
    """The valid archived tallies of the closed days in ``start`` .. ``end``."""
    found: dict[dt.date, Tally] = {}
    for day, text, digest in session.execute(
            select(DayClosure.day, DayClosure.figures_json, DayClosure.figures_sha256).where(
                DayClosure.day >= start, DayClosure.day <= end,
                DayClosure.figures_json.is_not(None))):
        # An archive that does not match its digest was edited: read the day's rows.
        if text is None or hashlib.sha256(text.encode()).hexdigest() != digest:
            continue
        tally = Tally.from_json(text)
        if tally is not None:
            found[day] = tally
    return found


def _months(days: list[DayLine]) -> list[MonthLine]:
    lines: list[MonthLine] = []
    for (year, month), group in groupby(days, key=lambda d: (d.date.year, d.date.month)):
        rows = list(group)
        lines.append(MonthLine(year, month, len(rows), *(
            sum(getattr(d, name) for d in rows)
            for name in ("issued", "served", "no_show", "recordings", "printed", "spoiled",
                         "suket", "items_sent", "handed_over", "ikd"))))
    return lines


def _report(session: Session, tally: Tally, balances: _Balances, start: dt.date,
            end: dt.date) -> Report:
    services = session.execute(select(QueueService).order_by(QueueService.sort_order)
                               ).scalars().all()
    by_service = []
    for service in services:
        s = tally.services.get(service.id, ServiceTally())
        by_service.append(ServiceFigures(
            service.prefix, service.name, s.issued, s.served, s.no_show, s.not_served,
            _mean(s.wait_sum, s.wait_count), s.wait_max, _mean(s.service_sum, s.service_count)))
    listed = [tally.services.get(service.id, ServiceTally()) for service in services]
    queue = QueueFigures(
        sum(s.issued for s in by_service), sum(s.served for s in by_service),
        sum(s.no_show for s in by_service), sum(s.not_served for s in by_service),
        _mean(sum(s.wait_sum for s in listed), sum(s.wait_count for s in listed)),
        max((s.wait_max for s in listed), default=0),
        _mean(sum(s.service_sum for s in listed), sum(s.service_count for s in listed)),
        by_service)
    events = {e.id: e.name for e in session.execute(select(OutreachEvent)).scalars()}
    outreach: Counter[str] = Counter()
    for event_id, count in tally.outreach.items():
        outreach[events.get(event_id, "?")] += count
    recordings = RecordingFigures(
        total=tally.recordings,
        by_case={key: tally.by_case.get(key, 0) for key in CASE_KEYS},
        by_route={r.value: tally.by_route.get(r.value, 0) for r in Route},
        age_16=tally.age_16, biometric_exceptions=tally.biometric_exceptions,
        outreach=dict(sorted(outreach.items())),
        nik_mismatch=tally.nik_mismatch, outside_domicile=tally.outside_domicile,
        station=tally.station)
    blanko = BlankoFigures(balances.opening, tally.received, tally.used, tally.spoiled,
                           tally.corrected, balances.closing)
    # Printing counts every spoiled blank (also a misprint found after printing, whose
    # blank left the stock as "used"); the stock figures count what left the stock.
    printing = PrintingFigures(tally.used, len(tally.spoiled_blanks), tally.suket)
    forwarding = ForwardingFigures(tally.batches, tally.items_sent, tally.items_received,
                                   balances.overdue, tally.items_rejected,
                                   tally.items_returned)
    pickups = PickupFigures(tally.handed_over, sum(balances.pending_by_age.values()),
                            dict(balances.pending_by_age))
    users = {u.id: u.full_name for u in session.execute(select(User)).scalars()}
    active = [uid for uid, c in tally.clerks.items() if c.served or c.recordings]
    clerks = [ClerkFigures(users.get(uid, "?"), tally.clerks[uid].served,
                           tally.clerks[uid].recordings,
                           _mean(tally.clerks[uid].service_sum, tally.clerks[uid].served))
              for uid in sorted(active, key=lambda u: users.get(u, ""))]
    hourly = [HourFigures(hour, tally.arrivals.get(hour, 0), tally.calls.get(hour, 0))
              for hour in HOURS]
    spoiled_list = [{k: blank[k] for k in ("date", "blanko_serial", "reason", "slip_number")}
                    for blank in sorted(tally.spoiled_blanks, key=lambda b: (b["at"], b["id"]))]
    days = [tally.days[d] for d in sorted(tally.days)] if start != end else []
    spans_months = (start.year, start.month) != (end.year, end.month)
    office = session.get(Office, 1)
    title = (f"Kecamatan {office.kecamatan_name}, {office.kota_name}" if office
             else "Loket KTP-el")
    return Report(start, end, title, office.camat_name if office else "",
                  office.camat_nip if office else "", queue, recordings, printing,
                  blanko, forwarding, pickups, clerks, hourly, days, spoiled_list,
                  months=_months(days) if spans_months else [],
                  # The state of the kecamatan at the end of the period: read, not merged.
                  coverage=coverage_section(session, start, end) if office else None,
                  ikd=IkdFigures(tally.ikd_activated, tally.ikd_not_activated))


def build_report(session: Session, start: dt.date, end: dt.date, overdue_days: int,
                 progress: Callable[[int, int], bool] | None = None,
                 from_archives: bool = True) -> Report:
    """The report of ``start`` .. ``end`` inside an open session (see compute_report)."""
    archived = archived_tallies(session, start, end) if from_archives else {}
    total = (end - start).days + 1
    tally = Tally()
    done = 0
    index = 0
    while index < total:
        day = start + dt.timedelta(days=index)
        if day in archived:
            tally.merge(archived[day])
            run = 1
        else:
            # A run of consecutive open days is read from the tables in one go (a month
            # at most, so the progress moves and a cancel is heard).
            run = 1
            while index + run < total and run < OPEN_RUN_DAYS and \
                    start + dt.timedelta(days=index + run) not in archived:
                run += 1
            tally.merge(tally_from_tables(session, day, day + dt.timedelta(days=run - 1)))
        index += run
        for _ in range(run):
            done += 1
            if progress is not None and start != end and not progress(done, total):
                raise ValidationError("Laporan dibatalkan.")
    return _report(session, tally, _balances(session, start, end, overdue_days), start, end)


def _int_setting(session: Session, key: str, default: int) -> int:
    value = read_setting(session, key, default)
    return int(value) if isinstance(value, int) else default


def compute_report(db: Database, actor: Actor | None, start: dt.date,
                   end: dt.date | None = None,
                   progress: Callable[[int, int], bool] | None = None,
                   session: Session | None = None,
                   from_archives: bool = True) -> Report:
    """All the figures of ``start`` .. ``end`` (inclusive; one day when ``end`` is None).

    Closed days come from their archived tallies, the others from the tables;
    ``from_archives=False`` computes every day from the tables (the two agree, and a
    property test holds them to it). ``progress(done, total)`` is called per day of a
    range; returning False cancels (ValidationError). A day with no activity gives a
    valid report of zeros. ``session``: compute inside the caller's transaction (day
    close), else in a transaction of its own.
    """
    if actor is not None:
        actor.require(Permission.READ_REPORTS)
    end = end or start
    if end < start:
        raise ValidationError("Tanggal akhir sebelum tanggal awal.")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(f"Rentang laporan paling lama {MAX_RANGE_DAYS} hari.")
    today = office_day(utc_now())
    if end > today:
        # A report of days still to come would be a page of zeros the camat could sign.
        raise ValidationError(f"Tanggal {end:%d-%m-%Y} belum tiba; laporan paling akhir "
                              f"untuk hari ini ({today:%d-%m-%Y}).")
    if session is not None:
        load_actor(session, actor, Permission.READ_REPORTS)
        overdue_days = _int_setting(session, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS)
        return build_report(session, start, end, overdue_days, progress, from_archives)
    overdue_days = get_int_setting(db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS)
    with db.read_session() as own:
        load_actor(own, actor, Permission.READ_REPORTS)
        return build_report(own, start, end, overdue_days, progress, from_archives)


def archive_tally(session: Session, day: dt.date) -> str:
    """The day's tally as archived at its close, computed from the tables in ``session``."""
    return tally_from_tables(session, day, day).to_json()
