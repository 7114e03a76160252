"""The queue: issuing tickets, calling them at counters, and what the display shows.

Every action is one transaction that also writes a ticket event and an audit row.
Concurrency: a ticket number comes from a per-service, per-day sequence row that the
transaction increments (the row lock orders issuers; a rollback returns the number),
and a call claims its ticket with ``UPDATE ... WHERE status = 'waiting'`` so two
counters never get the same ticket; the loser simply takes the next one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from counter_app.db import DAY_LOCK_KEY, Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import clean_text
from counter_app.domain.queue import (
    ACTIVE,
    MAX_DAILY_NUMBER,
    PriorityMode,
    PriorityPolicy,
    TicketStatus,
    choose_priority,
    format_number,
    parse_number,
)
from counter_app.domain.roles import Permission
from counter_app.domain.ticket_lifecycle import TicketAction, next_ticket_status, sources
from counter_app.domain.words import lower_first
from counter_app.models import (
    Counter,
    CounterService,
    DayClosure,
    QueueSequence,
    QueueService,
    Setting,
    Ticket,
    TicketEvent,
)
from counter_app.models.base import table
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.lookup import get_or_not_found
from counter_app.services.sequences import next_in_sequence
from counter_app.services.settings import PRIORITY_POLICY, policy_from_text

SOURCES = ("kiosk", "counter", "cli")
_CLAIM_ATTEMPTS = 20


@dataclass(frozen=True)
class ServiceInfo:
    """A queue service and the counters that serve it."""

    id: int
    prefix: str
    name: str
    prepare_hint: str
    active: bool
    counter_numbers: tuple[int, ...]


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as screens, printouts and commands see it."""

    id: int
    number: str
    seq: int
    prefix: str                 # the letter the number was issued with
    service_prefix: str         # the service it waits for now (changes on transfer)
    service_name: str
    prepare_hint: str
    priority: bool
    status: TicketStatus
    source: str
    day: dt.date
    issued_at: dt.datetime
    waiting_ahead: int
    counter_number: int | None
    target_counter_number: int | None
    call_count: int
    first_called_at: dt.datetime | None
    service_started_at: dt.datetime | None
    finished_at: dt.datetime | None
    print_count: int

    def as_json(self) -> dict[str, object]:
        """The fields ``ticket issue --json`` prints."""
        return {
            "id": self.id, "number": self.number, "service": self.service_prefix,
            "service_name": self.service_name, "priority": self.priority,
            "status": self.status.value, "issued_at": self.issued_at.isoformat(),
            "day": self.day.isoformat(), "waiting_ahead": self.waiting_ahead,
        }


@dataclass(frozen=True)
class WaitingTicket:
    """A line of a counter's waiting list."""

    id: int
    number: str
    service_prefix: str
    priority: bool
    issued_at: dt.datetime
    waited_seconds: int
    target_counter_number: int | None


@dataclass(frozen=True)
class CounterCounts:
    """Today's figures for one counter and for the queues it serves."""

    served: int
    no_show: int
    waiting: int
    issued: int


@dataclass(frozen=True)
class CounterView:
    """Everything the counter screen shows."""

    counter_id: int
    counter_number: int
    counter_name: str
    service_prefixes: tuple[str, ...]
    current: TicketInfo | None
    waiting: dict[str, list[WaitingTicket]]
    no_shows: list[WaitingTicket]
    counts: CounterCounts


@dataclass(frozen=True)
class ServiceCounts:
    """Today's queue of one service."""

    prefix: str
    name: str
    issued: int = 0
    waiting: int = 0
    called: int = 0
    serving: int = 0
    done: int = 0
    no_show: int = 0


@dataclass(frozen=True)
class CounterNow:
    """What a counter is doing now."""

    number: int
    name: str
    ticket: str | None
    status: TicketStatus | None


@dataclass(frozen=True)
class QueueStatus:
    """Today's queue per service and per counter."""

    day: dt.date
    services: list[ServiceCounts]
    counters: list[CounterNow]

    def as_json(self) -> dict[str, object]:
        """The structure ``queue status --json`` prints."""
        return {
            "day": self.day.isoformat(),
            "services": [vars(s) for s in self.services],
            "counters": [{"number": c.number, "name": c.name, "ticket": c.ticket,
                          "status": c.status.value if c.status else None}
                         for c in self.counters],
        }


@dataclass(frozen=True)
class DisplayCall:
    """A call (or recall) for the waiting-room display and its announcement."""

    event_id: int
    number: str
    prefix: str
    seq: int
    counter_number: int
    counter_name: str
    at: dt.datetime
    recall: bool


@dataclass(frozen=True)
class DisplayState:
    """What the waiting-room display shows."""

    last_event_id: int
    now_called: dict[int, str]            # counter number -> ticket number
    recent_calls: list[DisplayCall]        # newest first
    waiting: dict[str, int]                # service prefix -> tickets waiting
    service_names: dict[str, str] = field(default_factory=dict)


# --- helpers ------------------------------------------------------------------------

def _now(now: dt.datetime | None) -> dt.datetime:
    moment = now or utc_now()
    return moment.replace(microsecond=0)


def _service_by_prefix(session: Session, prefix: str) -> QueueService:
    service = session.execute(
        select(QueueService).where(QueueService.prefix == prefix.strip().upper())
    ).scalar_one_or_none()
    if service is None:
        raise NotFound(f"Layanan '{prefix.strip()[:5]}' tidak ada.")
    return service


def _counter(session: Session, counter_id: int) -> Counter:
    counter = session.get(Counter, counter_id)
    if counter is None or not counter.active:
        raise NotFound("Loket tidak ditemukan atau tidak aktif.")
    return counter


def _counter_service_ids(session: Session, counter_id: int) -> list[int]:
    return list(session.execute(
        select(CounterService.service_id).where(CounterService.counter_id == counter_id)
    ).scalars())


# The tables as Core sees them: the calling path (every call and finish at every counter)
# runs statements built once at import, on the transaction's connection. Built per call
# through the ORM, the same statements cost several times the work they do.
_T = table(Ticket)
_S = table(QueueService)
_ISSUED = table(QueueService).alias("issued_service")
_C = table(Counter)
_TARGET = table(Counter).alias("target_counter")
_CS = table(CounterService)
_SETTINGS = table(Setting)
_ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)

_INFO = (
    select(_T.c.id, _T.c.number, _T.c.seq, _ISSUED.c.prefix, _S.c.prefix.label("service_prefix"),
           _S.c.name, _S.c.prepare_hint, _T.c.priority, _T.c.status, _T.c.source, _T.c.day,
           _T.c.issued_at, _T.c.service_id, _C.c.number.label("counter_number"),
           _TARGET.c.number.label("target_number"), _T.c.call_count, _T.c.first_called_at,
           _T.c.service_started_at, _T.c.finished_at, _T.c.print_count)
    .select_from(_T.join(_S, _S.c.id == _T.c.service_id)
                 .join(_ISSUED, _ISSUED.c.id == _T.c.issued_service_id)
                 .outerjoin(_C, _C.c.id == _T.c.counter_id)
                 .outerjoin(_TARGET, _TARGET.c.id == _T.c.target_counter_id))
    .where(_T.c.id == bindparam("ticket_id")))

_WAITING_AHEAD = select(func.count()).select_from(_T).where(
    _T.c.day == bindparam("day"), _T.c.service_id == bindparam("service_id"),
    _T.c.status == TicketStatus.WAITING, _T.c.id != bindparam("ticket_id"),
    _T.c.issued_at <= bindparam("issued_at"),
    # Priority tickets go ahead of normal ones; a priority ticket waits for priority
    # tickets only.
    or_(_T.c.priority.is_(True), _T.c.priority == bindparam("priority")))

_INSERT_EVENT = insert(table(TicketEvent))

# A counter with its current ticket (called or being served, any day: it survives
# restarts) and the office's priority policy, in one statement.
_HERE = (
    select(_C.c.id, _C.c.number, _C.c.name, _C.c.active, _T.c.id.label("ticket_id"),
           _T.c.number.label("ticket_number"), _T.c.status, _T.c.day,
           select(_SETTINGS.c.value).where(_SETTINGS.c.key == PRIORITY_POLICY)
           .scalar_subquery().label("policy"),
           # Whether today is closed: read after the day's lock was taken (``_here``).
           exists().where(table(DayClosure).c.day == bindparam("day")).label("day_closed"))
    .select_from(_C.outerjoin(_T, and_(_T.c.counter_id == _C.c.id, _T.c.status.in_(_ACTIVE))))
    .where(_C.c.id == bindparam("counter_id"))
    .order_by(_T.c.last_called_at.desc()).limit(1))


@dataclass(frozen=True)
class _Here:
    """A counter and its current ticket, as ``_HERE`` reads them."""

    id: int
    number: int
    name: str
    ticket_id: int | None
    ticket_number: str | None
    ticket_status: TicketStatus | None
    ticket_day: dt.date | None
    policy: str | None
    today: dt.date
    today_closed: bool

    def require_open(self, session: Session, day: dt.date, actor: Actor | None,
                     moment: dt.datetime, what: str) -> None:
        """``require_open_day``; for today without another statement (its lock is held)."""
        require_open_day(session, day, actor, moment, what,
                         closed=self.today_closed if day == self.today else None)

    def free(self) -> _Here:
        """This counter, which must have finished (or marked absent) its current ticket."""
        if self.ticket_id is not None:
            raise Conflict(f"Tiket {self.ticket_number} masih di loket ini: selesaikan atau "
                           "tandai tidak hadir dahulu.")
        return self


# PostgreSQL: the actions of one counter take turns (two PCs of one counter, a double
# press), so a counter never gets two tickets and a ticket finished on one PC is not
# marked absent on the other; the same statement takes today's lock shared (see
# ``db.lock_day``), so a day close waits for the action or the action sees the day
# closed. Both before ``_HERE``: a statement that waited for a lock reads the other
# tables as they were before the wait. (SQLite: one writer at a time.)
_LOCK_COUNTER_AND_DAY = text(
    f"SELECT pg_advisory_xact_lock_shared({DAY_LOCK_KEY}) FROM counters "
    "WHERE id = :counter_id FOR NO KEY UPDATE")


def _here(session: Session, counter_id: int, today: dt.date) -> _Here:
    """The counter and its current ticket, ``today``'s lock held (``_Here.require_open``)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK_COUNTER_AND_DAY, {"counter_id": counter_id,
                                             "day": today.toordinal()})
    row = conn.execute(_HERE, {"counter_id": counter_id, "day": today}).first()
    if row is None or not row.active:
        raise NotFound("Loket tidak ditemukan atau tidak aktif.")
    return _Here(row.id, row.number, row.name, row.ticket_id, row.ticket_number,
                 TicketStatus(row.status) if row.status is not None else None, row.day,
                 row.policy, today, bool(row.day_closed))


def _info(session: Session, ticket_id: int) -> TicketInfo:
    """The ticket as it stands in this transaction (pending ORM changes are written first)."""
    session.flush()
    conn = session.connection()
    row = conn.execute(_INFO, {"ticket_id": ticket_id}).first()
    if row is None:
        raise NotFound("Tiket tidak ditemukan.")
    status = TicketStatus(row.status)
    ahead = int(conn.execute(_WAITING_AHEAD, {
        "day": row.day, "service_id": row.service_id, "ticket_id": row.id,
        "issued_at": row.issued_at, "priority": row.priority}).scalar_one()) \
        if status is TicketStatus.WAITING else 0
    return TicketInfo(
        id=row.id, number=row.number, seq=row.seq, prefix=row.prefix,
        service_prefix=row.service_prefix, service_name=row.name,
        prepare_hint=row.prepare_hint, priority=bool(row.priority), status=status,
        source=row.source, day=row.day, issued_at=row.issued_at, waiting_ahead=ahead,
        counter_number=row.counter_number, target_counter_number=row.target_number,
        call_count=row.call_count, first_called_at=row.first_called_at,
        service_started_at=row.service_started_at, finished_at=row.finished_at,
        print_count=row.print_count,
    )


def _event(session: Session, ticket: TicketInfo, kind: str, at: dt.datetime,
           actor: Actor | None, counter_id: int | None = None, **detail: object) -> None:
    # A plain insert: the event is only ever appended, and each call writes one.
    session.connection().execute(_INSERT_EVENT, {
        "ticket_id": ticket.id, "at": at, "kind": kind, "counter_id": counter_id,
        "user_id": actor.user_id if actor else None,
        "detail": json.dumps(detail, ensure_ascii=False) if detail else ""})
    # The day names the ticket (numbers restart daily) when the log is replayed.
    audit.record(session, actor, f"ticket.{kind}", ticket.number,
                 after={"status": ticket.status, "day": ticket.day.isoformat(), **detail},
                 username=None if actor else "kios")


def _current(session: Session, counter_id: int) -> Ticket | None:
    """The counter's current ticket: called or being served, any day (survives restarts)."""
    return session.execute(
        select(Ticket).where(Ticket.counter_id == counter_id,
                             Ticket.status.in_(tuple(ACTIVE)))
        .order_by(Ticket.last_called_at.desc()).limit(1)
    ).scalar_one_or_none()


def _serving(session: Session, counter_id: int, actor: Actor,
             moment: dt.datetime) -> tuple[_Here, int, TicketStatus]:
    """The counter, its current ticket's id and status (Conflict when it has none).

    The ticket's day must be open (or unlocked by a supervisor, which is audited).
    """
    here = _here(session, counter_id, office_day(moment))
    if here.ticket_id is None or here.ticket_status is None or here.ticket_day is None:
        raise Conflict("Tidak ada tiket yang sedang dipanggil di loket ini.")
    here.require_open(session, here.ticket_day, actor, moment, f"tiket {here.ticket_number}")
    return here, here.ticket_id, here.ticket_status


def _at_counter(session: Session, counter_id: int, actor: Actor,
                moment: dt.datetime) -> tuple[_Here, Ticket]:
    """The counter and its current ticket, loaded to be changed (see ``_serving``)."""
    here, ticket_id, _status = _serving(session, counter_id, actor, moment)
    ticket = session.get(Ticket, ticket_id)
    assert ticket is not None
    return here, ticket


# --- services list ----------------------------------------------------------------

def list_services(db: Database, *, include_inactive: bool = False) -> list[ServiceInfo]:
    """The queue services in display order, with the counters serving each."""
    with db.read_session() as session:
        query = select(QueueService).order_by(QueueService.sort_order, QueueService.prefix)
        if not include_inactive:
            query = query.where(QueueService.active.is_(True))
        result = []
        for service in session.execute(query).scalars():
            numbers = session.execute(
                select(Counter.number).join(CounterService,
                                            CounterService.counter_id == Counter.id)
                .where(CounterService.service_id == service.id).order_by(Counter.number)
            ).scalars().all()
            result.append(ServiceInfo(service.id, service.prefix, service.name,
                                      service.prepare_hint, service.active, tuple(numbers)))
        return result


def save_service(
    db: Database, actor: Actor, *, prefix: str, name: str, prepare_hint: str = "",
    active: bool = True, counter_numbers: Sequence[int] = (),
) -> ServiceInfo:
    """An admin adds or changes a service: its name, hint, and which counters serve it."""
    actor.require(Permission.MANAGE_SETTINGS)
    code = (prefix or "").strip().upper()
    if not (1 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise ValidationError("Kode layanan 1-3 huruf, misalnya A.", field="prefix")
    clean_name = clean_text(name, field="name", label="Nama layanan", limit=80, required=True)
    hint = clean_text(prepare_hint, field="prepare_hint", label="Petunjuk", limit=200)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        service = session.execute(
            select(QueueService).where(QueueService.prefix == code)
        ).scalar_one_or_none()
        before = None
        if service is None:
            order = session.execute(select(func.max(QueueService.sort_order))).scalar() or 0
            service = QueueService(prefix=code, sort_order=order + 1)
            session.add(service)
        else:
            before = {"name": service.name, "active": service.active}
        service.name, service.prepare_hint, service.active = clean_name, hint, active
        session.flush()
        counters = {c.number: c for c in session.execute(select(Counter)).scalars()}
        unknown = [n for n in counter_numbers if n not in counters]
        if unknown:
            raise ValidationError(f"Loket {', '.join(map(str, unknown))} tidak ada.")
        session.execute(delete(CounterService).where(CounterService.service_id == service.id))
        session.add_all(CounterService(counter_id=counters[n].id, service_id=service.id)
                        for n in sorted(set(counter_numbers)))
        audit.record(session, actor, "service.save", code, before=before,
                     after={"name": clean_name, "active": active,
                            "counters": sorted(set(counter_numbers))})
    return next(s for s in list_services(db, include_inactive=True) if s.prefix == code)


# --- issuing --------------------------------------------------------------------------

def issue_ticket(
    db: Database, service_prefix: str, *, priority: bool = False, source: str = "kiosk",
    actor: Actor | None = None, now: dt.datetime | None = None,
) -> TicketInfo:
    """Issue the next ticket of a service for today; the kiosk needs no login.

    The ticket is stored before anything is printed: a printer failure never loses it.
    """
    if source not in SOURCES:
        raise ValidationError(f"Sumber tiket '{source}' tidak dikenal.")
    if actor is not None:
        actor.require(Permission.SERVE)
    moment = _now(now)
    day = office_day(moment)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        require_open_day(session, day, actor, moment, "tiket baru")
        service = _service_by_prefix(session, service_prefix)
        if not service.active:
            raise ValidationError(f"Layanan {service.name} sedang tidak dibuka.")
        seq = next_in_sequence(session, QueueSequence, service_id=service.id, day=day)
        if seq > MAX_DAILY_NUMBER:
            raise Conflict(f"Nomor antrean {service.prefix} hari ini sudah habis "
                           f"({MAX_DAILY_NUMBER}).")
        ticket = Ticket(
            service_id=service.id, issued_service_id=service.id, day=day, seq=seq,
            number=format_number(service.prefix, seq), priority=priority, source=source,
            status=TicketStatus.WAITING, issued_at=moment,
            issued_by=actor.user_id if actor else None, call_count=0, print_count=0,
            outcome="",
        )
        session.add(ticket)
        session.flush()
        info = _info(session, ticket.id)
        _event(session, info, "issued", moment, actor, priority=priority, source=source)
        return info


def record_print(db: Database, ticket_id: int, actor: Actor | None = None,
                 now: dt.datetime | None = None) -> TicketInfo:
    """Note that a ticket's paper came out; a second print is recorded as a reprint."""
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound("Tiket tidak ditemukan.")
        require_open_day(session, ticket.day, actor, moment, f"cetak tiket {ticket.number}")
        ticket.print_count += 1
        info = _info(session, ticket.id)
        if ticket.print_count > 1:
            _event(session, info, "reprinted", moment, actor, copy=ticket.print_count)
        return info


def get_ticket(db: Database, ticket_id: int) -> TicketInfo:
    """One ticket."""
    with db.read_session() as session:
        return _info(session, ticket_id)


# --- calling --------------------------------------------------------------------------

_MOMENT = bindparam("moment", type_=_T.c.last_called_at.type)
_SERVES = select(_CS.c.service_id).where(_CS.c.counter_id == bindparam("counter_id"))
_ELIGIBLE = and_(
    _T.c.day == bindparam("day"), _T.c.status == TicketStatus.WAITING,
    or_(_T.c.target_counter_id == bindparam("counter_id"),
        and_(_T.c.target_counter_id.is_(None), _T.c.service_id.in_(_SERVES))))
_ORDER = (_T.c.issued_at, _T.c.id)
_TARGETED_HERE = _T.c.target_counter_id == bindparam("counter_id")
# Tickets transferred to this counter come first (oldest first), then priority tickets,
# then normal ones. PostgreSQL: a ticket another counter is claiming this moment is
# skipped, not waited for (its row stays locked until that counter commits, and would
# then be refused to us anyway); SQLite has one writer at a time and renders no lock
# clause. (FOR NO KEY UPDATE SKIP LOCKED: a ticket event being added does not hide its
# ticket.)
_FIRST = (
    select(_T.c.id, _T.c.priority, _T.c.target_counter_id).where(_ELIGIBLE)
    .order_by(case((_TARGETED_HERE, 0), else_=1),
              case((_TARGETED_HERE, 0), (_T.c.priority.is_(True), 0), else_=1), *_ORDER)
    .limit(1).with_for_update(skip_locked=True, key_share=True))
_FIRST_NORMAL = (
    select(_T.c.id).where(_ELIGIBLE, _T.c.priority.is_(False)).order_by(*_ORDER).limit(1)
    .with_for_update(skip_locked=True, key_share=True))
_RECENT_PRIORITY = (
    select(_T.c.priority).where(_T.c.day == bindparam("day"), _T.c.service_id.in_(_SERVES),
                                _T.c.first_called_at.is_not(None))
    .order_by(_T.c.first_called_at.desc(), _T.c.id.desc())
    .limit(bindparam("recent", type_=Integer)))
_CLAIM = (
    update(_T).where(_T.c.id == bindparam("ticket_id"), _T.c.status == bindparam("was"))
    .values(status=bindparam("to_status"), counter_id=bindparam("to_counter"),
            target_counter_id=None, call_count=_T.c.call_count + 1,
            first_called_at=func.coalesce(_T.c.first_called_at, _MOMENT),
            last_called_at=_MOMENT, served_by=bindparam("user_id")))
# The ticket must still be at this counter in the status just read: a second PC of the
# same counter that finished it a moment ago makes this one a clear refusal.
_FINISH = (
    update(_T).where(_T.c.id == bindparam("ticket_id"), _T.c.status == bindparam("was"),
                     _T.c.counter_id == bindparam("at_counter"))
    .values(status=bindparam("to_status"), finished_at=_MOMENT, served_by=bindparam("user_id"),
            outcome=bindparam("note"),
            # Finished without "start": the service counts from the call.
            service_started_at=func.coalesce(_T.c.service_started_at, _T.c.last_called_at,
                                             _MOMENT)))


def _claim(session: Session, ticket_id: int, was: TicketStatus, counter_id: int,
           actor: Actor, moment: dt.datetime) -> bool:
    """Call the ticket to the counter if it still has status ``was``; False when taken."""
    result = session.connection().execute(_CLAIM, {
        "ticket_id": ticket_id, "was": was, "to_counter": counter_id,
        "to_status": next_ticket_status(was, TicketAction.CALL),
        "user_id": actor.user_id, "moment": moment})
    return bool(result.rowcount == 1)


def _next_candidate(session: Session, counter_id: int, day: dt.date,
                    policy: PriorityPolicy) -> int | None:
    """The id of the ticket this counter calls next, or None when none waits.

    One query answers the common cases. Only when a priority ticket and a normal one
    both wait does the policy need the first normal ticket and the day's recent calls.
    """
    conn = session.connection()
    params = {"day": day, "counter_id": counter_id}
    first = conn.execute(_FIRST, params).first()
    if first is None:
        return None
    if first.target_counter_id == counter_id or not first.priority:
        return int(first.id)
    normal = conn.execute(_FIRST_NORMAL, params).first()
    if normal is None:
        return int(first.id)
    recent = [bool(p) for p in conn.execute(
        _RECENT_PRIORITY, {**params, "recent": policy.every + 1}).scalars()] \
        if policy.mode is not PriorityMode.FIRST else []
    return int(first.id if choose_priority(policy, True, True, recent) else normal.id)


def call_next(db: Database, actor: Actor, counter_id: int,
              now: dt.datetime | None = None) -> TicketInfo | None:
    """Call the next ticket for this counter, by the priority policy; None if none waits.

    Tickets transferred to this very counter come first. The counter must have
    finished (or marked absent) its current ticket.
    """
    actor.require(Permission.SERVE)
    moment = _now(now)
    day = office_day(moment)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        here = _here(session, counter_id, day).free()
        here.require_open(session, day, actor, moment, "panggilan")
        policy = policy_from_text(here.policy)
        for _ in range(_CLAIM_ATTEMPTS):
            ticket_id = _next_candidate(session, counter_id, day, policy)
            if ticket_id is None:
                return None
            if _claim(session, ticket_id, TicketStatus.WAITING, here.id, actor, moment):
                # What the screen shows is read before the audit row: the audit head's
                # lock (which orders every writer) is then held for as short as can be.
                info = _info(session, ticket_id)
                _event(session, info, "called", moment, actor, here.id, counter=here.number)
                return info
        raise Conflict("Banyak loket memanggil bersamaan; coba panggil lagi.")


def call_number(db: Database, actor: Actor, counter_id: int, number: str,
                now: dt.datetime | None = None) -> TicketInfo:
    """Call a specific ticket of today (typed or scanned), also one marked absent."""
    actor.require(Permission.SERVE)
    prefix, seq = parse_number(number)
    moment = _now(now)
    day = office_day(moment)
    wanted = format_number(prefix, seq)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        here = _here(session, counter_id, day).free()
        here.require_open(session, day, actor, moment, "panggilan nomor")
        ticket = session.execute(
            select(Ticket).where(Ticket.day == day, Ticket.number == wanted)
        ).scalar_one_or_none()
        if ticket is None:
            raise NotFound(f"Tiket {wanted} tidak ada hari ini.")
        status = TicketStatus(ticket.status)
        if status not in sources(TicketAction.CALL):
            where = ""
            if ticket.counter_id:
                other = session.get(Counter, ticket.counter_id)
                where = f" di {other.name}" if other else ""
            raise Conflict(f"Tiket {wanted} berstatus {lower_first(status.label)}{where}.")
        if ticket.target_counter_id not in (None, counter_id) or (
            ticket.target_counter_id is None
            and ticket.service_id not in _counter_service_ids(session, counter_id)
        ):
            raise Conflict(f"Tiket {wanted} bukan untuk layanan {here.name}.")
        if not _claim(session, ticket.id, status, here.id, actor, moment):
            raise Conflict(f"Tiket {wanted} baru saja dipanggil loket lain.")
        info = _info(session, ticket.id)
        _event(session, info, "called", moment, actor, here.id, counter=here.number,
               specific=True, restored=status is TicketStatus.NO_SHOW)
        return info


def recall(db: Database, actor: Actor, counter_id: int,
           now: dt.datetime | None = None) -> TicketInfo:
    """Call the counter's current ticket again (the display and the voice repeat it)."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        counter, ticket = _at_counter(session, counter_id, actor, moment)
        ticket.status = next_ticket_status(ticket.status, TicketAction.RECALL, ticket.number)
        ticket.call_count += 1
        ticket.last_called_at = moment
        info = _info(session, ticket.id)
        _event(session, info, "recalled", moment, actor, counter.id, counter=counter.number,
               call=ticket.call_count)
        return info


def mark_no_show(db: Database, actor: Actor, counter_id: int,
                 now: dt.datetime | None = None) -> TicketInfo:
    """The called person did not come: the ticket leaves the counter (it can be restored)."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        counter, ticket = _at_counter(session, counter_id, actor, moment)
        ticket.status = next_ticket_status(ticket.status, TicketAction.NO_SHOW, ticket.number)
        ticket.no_show_at = moment
        info = _info(session, ticket.id)
        _event(session, info, "no_show", moment, actor, counter.id, calls=ticket.call_count)
        return info


def restore(db: Database, actor: Actor, ticket_id: int,
            now: dt.datetime | None = None) -> TicketInfo:
    """Put a no-show ticket back in the queue (same number, its original place)."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        ticket = get_or_not_found(session, Ticket, ticket_id, "Tiket tidak ditemukan.")
        after = next_ticket_status(ticket.status, TicketAction.RESTORE, ticket.number)
        require_open_day(session, ticket.day, actor, moment, f"tiket {ticket.number}")
        if ticket.day != office_day(moment):
            raise Conflict(f"Tiket {ticket.number} dari hari lain tidak dapat dikembalikan.")
        ticket.status = after
        ticket.counter_id = None
        ticket.no_show_at = None
        info = _info(session, ticket.id)
        _event(session, info, "restored", moment, actor)
        return info


def transfer(
    db: Database, actor: Actor, counter_id: int, *, to_service: str | None = None,
    to_counter_number: int | None = None, now: dt.datetime | None = None,
) -> TicketInfo:
    """Send the current ticket to another service and/or counter; it keeps its number."""
    actor.require(Permission.SERVE)
    if not to_service and to_counter_number is None:
        raise ValidationError("Pilih layanan atau loket tujuan.")
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        counter, ticket = _at_counter(session, counter_id, actor, moment)
        detail: dict[str, object] = {"from_counter": counter.number}
        if to_service:
            service = _service_by_prefix(session, to_service)
            if not service.active:
                raise ValidationError(f"Layanan {service.name} sedang tidak dibuka.")
            detail["from_service"] = ticket.service_id
            detail["to_service"] = service.prefix
            ticket.service_id = service.id
        target = None
        if to_counter_number is not None:
            target = session.execute(
                select(Counter).where(Counter.number == to_counter_number,
                                      Counter.active.is_(True))
            ).scalar_one_or_none()
            if target is None:
                raise ValidationError(f"Loket {to_counter_number} tidak ada atau tidak aktif.")
            if target.id == counter_id:
                raise ValidationError("Loket tujuan sama dengan loket ini.")
            detail["to_counter"] = target.number
        ticket.target_counter_id = target.id if target else None
        ticket.status = next_ticket_status(ticket.status, TicketAction.TRANSFER, ticket.number)
        ticket.counter_id = None
        ticket.service_started_at = None
        info = _info(session, ticket.id)
        _event(session, info, "transferred", moment, actor, counter.id, **detail)
        return info


def start_service(db: Database, actor: Actor, counter_id: int,
                  now: dt.datetime | None = None) -> TicketInfo:
    """The person has come to the counter: service time starts."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        counter, ticket = _at_counter(session, counter_id, actor, moment)
        ticket.status = next_ticket_status(ticket.status, TicketAction.START, ticket.number)
        ticket.service_started_at = moment
        ticket.served_by = actor.user_id
        info = _info(session, ticket.id)
        _event(session, info, "started", moment, actor, counter.id)
        return info


def finish(db: Database, actor: Actor, counter_id: int, outcome: str = "",
           now: dt.datetime | None = None) -> TicketInfo:
    """Service done; a ticket finished without "start" counts its service from the call."""
    actor.require(Permission.SERVE)
    moment = _now(now)
    note = clean_text(outcome, field="outcome", label="Catatan layanan", limit=200)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        here, ticket_id, status = _serving(session, counter_id, actor, moment)
        done = session.connection().execute(_FINISH, {
            "ticket_id": ticket_id, "was": status, "at_counter": here.id,
            "to_status": next_ticket_status(status, TicketAction.FINISH,
                                            here.ticket_number or ""),
            "user_id": actor.user_id, "note": note, "moment": moment})
        if done.rowcount != 1:
            raise Conflict(f"Tiket {here.ticket_number} baru saja diubah dari PC lain; "
                           "muat ulang layar loket.")
        info = _info(session, ticket_id)  # before the audit head's lock, as in call_next
        _event(session, info, "finished", moment, actor, here.id, outcome=note)
        return info


# --- views --------------------------------------------------------------------------

def _waiting_line(ticket: Ticket, prefix: str, target: int | None,
                  moment: dt.datetime) -> WaitingTicket:
    return WaitingTicket(ticket.id, ticket.number, prefix, ticket.priority, ticket.issued_at,
                         max(0, int((moment - ticket.issued_at).total_seconds())), target)


def counter_view(db: Database, counter_id: int, now: dt.datetime | None = None) -> CounterView:
    """The counter screen: its current ticket, the waiting lists it serves, today's counts."""
    moment = _now(now)
    day = office_day(moment)
    with db.read_session() as session:
        counter = _counter(session, counter_id)
        service_ids = _counter_service_ids(session, counter_id)
        services = {s.id: s for s in session.execute(select(QueueService)).scalars()}
        numbers = {c.id: c.number for c in session.execute(select(Counter)).scalars()}
        current = _current(session, counter_id)
        prefixes = tuple(sorted((services[i].prefix for i in service_ids),
                                key=lambda p: (len(p), p)))
        waiting: dict[str, list[WaitingTicket]] = {p: [] for p in prefixes}
        rows = session.execute(
            select(Ticket).where(
                Ticket.day == day, Ticket.status == TicketStatus.WAITING,
                or_(Ticket.target_counter_id == counter_id,
                    and_(Ticket.target_counter_id.is_(None),
                         Ticket.service_id.in_(service_ids))))
            .order_by(Ticket.priority.desc(), Ticket.issued_at, Ticket.id)
        ).scalars()
        for t in rows:
            prefix = services[t.service_id].prefix
            line = _waiting_line(t, prefix, numbers.get(t.target_counter_id or 0), moment)
            waiting.setdefault(prefix, []).append(line)
        no_shows = [
            _waiting_line(t, services[t.service_id].prefix, None, moment)
            for t in session.execute(
                select(Ticket).where(Ticket.day == day,
                                     Ticket.status == TicketStatus.NO_SHOW,
                                     Ticket.service_id.in_(service_ids))
                .order_by(Ticket.no_show_at.desc())).scalars()
        ]

        def count(*conditions: object) -> int:
            return int(session.execute(
                select(func.count(Ticket.id)).where(Ticket.day == day, *conditions)  # type: ignore[arg-type]
            ).scalar_one())

        counts = CounterCounts(
            served=count(Ticket.counter_id == counter_id,
                         Ticket.status == TicketStatus.DONE),
            no_show=count(Ticket.counter_id == counter_id,
                          Ticket.status == TicketStatus.NO_SHOW),
            waiting=sum(len(v) for v in waiting.values()),
            issued=count(Ticket.issued_service_id.in_(service_ids)),
        )
        return CounterView(counter.id, counter.number, counter.name, prefixes,
                           _info(session, current.id) if current else None, waiting, no_shows,
                           counts)


def counters(db: Database) -> list[tuple[int, int, str]]:
    """Active counters as (id, number, name)."""
    with db.read_session() as session:
        return [(c.id, c.number, c.name) for c in session.execute(
            select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)).scalars()]


def queue_status(db: Database, now: dt.datetime | None = None) -> QueueStatus:
    """Today's queue per service and what each counter is doing."""
    moment = _now(now)
    day = office_day(moment)
    with db.read_session() as session:
        services = session.execute(
            select(QueueService).where(QueueService.active.is_(True))
            .order_by(QueueService.sort_order)).scalars().all()
        by_status = {
            (sid, status): n for sid, status, n in session.execute(
                select(Ticket.service_id, Ticket.status, func.count(Ticket.id))
                .where(Ticket.day == day).group_by(Ticket.service_id, Ticket.status))
        }
        issued = dict(session.execute(
            select(Ticket.issued_service_id, func.count(Ticket.id))
            .where(Ticket.day == day).group_by(Ticket.issued_service_id)).all())
        service_counts = [
            ServiceCounts(
                s.prefix, s.name, issued.get(s.id, 0),
                by_status.get((s.id, TicketStatus.WAITING), 0),
                by_status.get((s.id, TicketStatus.CALLED), 0),
                by_status.get((s.id, TicketStatus.SERVING), 0),
                by_status.get((s.id, TicketStatus.DONE), 0),
                by_status.get((s.id, TicketStatus.NO_SHOW), 0))
            for s in services
        ]
        now_at = []
        for c in session.execute(select(Counter).where(Counter.active.is_(True))
                                 .order_by(Counter.number)).scalars():
            current = _current(session, c.id)
            now_at.append(CounterNow(c.number, c.name, current.number if current else None,
                                     TicketStatus(current.status) if current else None))
        return QueueStatus(day, service_counts, now_at)


def latest_event_id(db: Database) -> int:
    """The id of the newest ticket event: the display's cheap "anything new?" check."""
    with db.read_session() as session:
        return int(session.execute(select(func.max(TicketEvent.id))).scalar() or 0)


def calls_since(db: Database, event_id: int, limit: int = 20) -> list[DisplayCall]:
    """Calls and recalls after ``event_id``, oldest first (for the announcements)."""
    with db.read_session() as session:
        return _calls(session, TicketEvent.id > event_id, oldest_first=True, limit=limit)


def _calls(session: Session, condition: object, *, oldest_first: bool,
           limit: int) -> list[DisplayCall]:
    order = TicketEvent.id.asc() if oldest_first else TicketEvent.id.desc()
    rows = session.execute(
        select(TicketEvent, Ticket, Counter)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(Counter, Counter.id == TicketEvent.counter_id)
        .where(condition, TicketEvent.kind.in_(["called", "recalled"]))  # type: ignore[arg-type]
        .order_by(order).limit(limit)
    ).all()
    services = {s.id: s.prefix for s in session.execute(select(QueueService)).scalars()}
    return [
        DisplayCall(event.id, ticket.number, services[ticket.issued_service_id], ticket.seq,
                    counter.number, counter.name, event.at, event.kind == "recalled")
        for event, ticket, counter in rows
    ]


def display_state(db: Database, now: dt.datetime | None = None,
                  recent: int = 6) -> DisplayState:
    """The waiting-room display: the number at each counter, the last calls, the queues."""
    moment = _now(now)
    day = office_day(moment)
    with db.read_session() as session:
        last = int(session.execute(select(func.max(TicketEvent.id))).scalar() or 0)
        calls = _calls(session, Ticket.day == day, oldest_first=False, limit=recent)
        now_called: dict[int, str] = {}
        for c in session.execute(select(Counter).where(Counter.active.is_(True))
                                 .order_by(Counter.number)).scalars():
            current = _current(session, c.id)
            if current is not None:
                now_called[c.number] = current.number
        services = session.execute(
            select(QueueService).where(QueueService.active.is_(True))
            .order_by(QueueService.sort_order)).scalars().all()
        waiting_counts = dict(session.execute(
            select(Ticket.service_id, func.count(Ticket.id))
            .where(Ticket.day == day, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.service_id)).all())
        return DisplayState(
            last, now_called, calls,
            {s.prefix: waiting_counts.get(s.id, 0) for s in services},
            {s.prefix: s.name for s in services},
        )
