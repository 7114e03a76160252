"""Closing a service day (Tutup Layanan): the report archived, the day locked.

Tickets still waiting are closed as not served; the daily report is computed, made into
a PDF and archived with its SHA-256, so a closed day's report is reprinted exactly as it
was. After that, changes to the day need a supervisor's short unlock with a reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database, lock_day
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.dates import format_date
from counter_app.domain.errors import (
    Conflict,
    CounterError,
    NotAllowed,
    NotFound,
    ValidationError,
)
from counter_app.domain.input_policy import clean_reason
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Permission, Role
from counter_app.domain.ticket_lifecycle import TicketAction, next_ticket_status
from counter_app.models import (
    Application,
    AuditHead,
    AuditLog,
    DayClosure,
    Office,
    SupersededDayReport,
    Ticket,
    TicketEvent,
    User,
)
from counter_app.printing.daily_report import report_pdf
from counter_app.printing.letterhead import Letterhead
from counter_app.services import audit, audit_seal
from counter_app.services.actor import Actor, load_actor
from counter_app.services.audit_view import verify_audit
from counter_app.services.backup import BackupInfo, os_reason
from counter_app.services.day_lock import require_service_day
from counter_app.services.keys import known_keys_in
from counter_app.services.lookup import get_or_not_found
from counter_app.services.reports import Report, archive_tally, compute_report

UNLOCK_MINUTES = 30


@dataclass(frozen=True)
class DaySummary:
    """What the supervisor confirms before closing."""

    day: dt.date
    still_waiting: int
    report: Report
    closed: bool


@dataclass(frozen=True)
class ClosureInfo:
    """A closed day and its archived report (and, at closing, the audit chain check)."""

    day: dt.date
    closed_at: dt.datetime
    closed_by: str
    sha256: str
    audit_message: str = ""
    audit_ok: bool = True
    backup_name: str = ""
    backup_error: str = ""
    audit_lines: tuple[str, ...] = ()  # each finding of the check run at closing

    @property
    def message(self) -> str:
        """What the supervisor is told after closing."""
        text = f"Layanan {self.day:%d-%m-%Y} ditutup."
        if self.backup_error:
            return (f"Layanan ditutup; cadangan gagal: {self.backup_error} Ulangi dengan "
                    "\"Buat cadangan\" di Laporan atau counter-app backup.")
        if self.backup_name:
            text += f" Cadangan: {self.backup_name}."
        return text


def letterhead(db: Database) -> Letterhead:
    """The office's letterhead for reports."""
    with db.read_session() as session:
        return _letterhead(session)


def _letterhead(session: Session) -> Letterhead:
    office = get_or_not_found(session, Office, 1, "Kantor belum disiapkan.")
    return Letterhead(office.kota_name, office.kecamatan_name, office.address,
                      office.phone, office.camat_name, office.camat_nip)


def is_closed(db: Database, day: dt.date) -> bool:
    """True when the day was closed."""
    with db.read_session() as session:
        return session.get(DayClosure, day) is not None


@dataclass(frozen=True)
class FirstReportDay:
    """The day a camat's report screen opens on, and whether that day is closed."""

    day: dt.date
    today: dt.date
    closed: bool

    @property
    def note(self) -> str:
        """What the screen says when it is not today's report ("" when it is today's)."""
        if self.day == self.today:
            return ""
        state = "sudah ditutup" if self.closed else "belum ditutup"
        return (f"Hari ini belum ada layanan; ditampilkan laporan "
                f"{format_date(self.day)} ({state}).")


def first_report_day(db: Database, today: dt.date) -> FirstReportDay:
    """The most recent day with service up to ``today`` (closed or not), else today.

    A Friday left open and viewed on Sunday is shown (the report marks it SEMENTARA),
    not an older closed Thursday.
    """
    with db.read_session() as session:
        candidates = [
            session.execute(select(func.max(DayClosure.day)).where(DayClosure.day <= today))
            .scalar(),
            session.execute(select(func.max(Ticket.day)).where(Ticket.day <= today)).scalar(),
            session.execute(select(func.max(Application.day))
                            .where(Application.day <= today)).scalar(),
        ]
        days = [d for d in candidates if d is not None]
        day = max(days) if days else today
        closed = session.get(DayClosure, day) is not None
    return FirstReportDay(day, today, closed)


def is_provisional(db: Database, start: dt.date, end: dt.date) -> bool:
    """True when a report of ``start``..``end`` may still change: a day in it is not closed.

    Days with no service at all (weekends, holidays) need no closing; only days with
    tickets or recordings count.
    """
    with db.read_session() as session:
        closed = set(session.execute(select(DayClosure.day).where(
            DayClosure.day >= start, DayClosure.day <= end)).scalars())
        served = set(session.execute(select(Ticket.day).where(
            Ticket.day >= start, Ticket.day <= end).distinct()).scalars())
        recorded = set(session.execute(select(Application.day).where(
            Application.day >= start, Application.day <= end).distinct()).scalars())
    open_days = (served | recorded) - closed
    if start == end:
        return start not in closed
    return bool(open_days) or end >= office_day(utc_now()) and end not in closed


def closed_for_changes(db: Database, day: dt.date, now: dt.datetime | None = None) -> bool:
    """True when a change on ``day`` would be refused (closed, and not unlocked now).

    The recording wizard asks before its first page, not at the save (issue 13).
    """
    moment = now or utc_now()
    with db.read_session() as session:
        closure = session.get(DayClosure, day)
        if closure is None:
            return False
        until = closure.unlocked_until
        return not (until is not None and until > moment)


def day_summary(db: Database, actor: Actor, day: dt.date) -> DaySummary:
    """The day's figures and how many tickets still wait (shown before closing)."""
    actor.require(Permission.READ_REPORTS)
    report = compute_report(db, actor, day)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        require_service_day(session, day, utc_now())
        waiting = len(session.execute(select(Ticket.id).where(
            Ticket.day == day, Ticket.status == TicketStatus.WAITING)).all())
        closed = session.get(DayClosure, day) is not None
    return DaySummary(day, waiting, report, closed)


def close_day(db: Database, actor: Actor, day: dt.date,
              now: dt.datetime | None = None) -> ClosureInfo:
    """Close ``day``: waiting tickets become not served; the report is archived; locked.

    One transaction that holds the day's lock exclusively (the lock every change to the
    day takes shared): the changes under way finish first, none starts until the day is
    closed, and then each finds it closed, so the archived report equals the database.
    The automatic backup follows the close; if it fails the day stays closed and the
    result carries the reason (``backup_error``), and ``retry_backup`` tries again.
    """
    actor.require(Permission.CLOSE_DAY)
    moment = (now or utc_now()).replace(microsecond=0)
    if day > office_day(moment):
        raise ValidationError("Hari yang belum tiba tidak dapat ditutup.")
    try:
        with db.transaction() as session:
            actor = load_actor(session, actor, Permission.CLOSE_DAY)
            require_service_day(session, day, moment)
            lock_day(session, day, exclusive=True)
            if session.get(DayClosure, day) is not None:
                raise Conflict(f"Layanan tanggal {day:%d-%m-%Y} sudah ditutup.")
            waiting = session.execute(select(Ticket).where(
                Ticket.day == day, Ticket.status == TicketStatus.WAITING)
            ).scalars().all()
            for ticket in waiting:
                ticket.status = next_ticket_status(ticket.status, TicketAction.CLOSE_DAY)
                ticket.outcome = "tidak terlayani (tutup layanan)"
                session.add(TicketEvent(ticket_id=ticket.id, at=moment, kind="not_served",
                                        user_id=actor.user_id, detail=""))
            audit.record(session, actor, "day.close_tickets", day.isoformat(),
                         after={"not_served": len(waiting)})
            session.flush()
            report = compute_report(db, actor, day, session=session)
            officer = session.get(User, actor.user_id)
            pdf = report_pdf(report, _letterhead(session), closed_by=actor.full_name,
                             closed_by_jabatan=officer.jabatan if officer else "",
                             closed_by_nip=officer.nip if officer else "")
            digest = hashlib.sha256(pdf).hexdigest()
            session.add(DayClosure(day=day, closed_at=moment, closed_by=actor.user_id,
                                   report_pdf=pdf, report_sha256=digest,
                                   report_json=report.json_text(), unlock_reason=""))
            archive_day_figures(session, day, actor)
            audit.record(session, actor, "day.close", day.isoformat(),
                         after={"sha256": digest, "issued": report.queue.issued,
                                "recordings": report.recordings.total})
            _archive_signed_head(session, day)
    except IntegrityError:
        raise Conflict(f"Layanan tanggal {day:%d-%m-%Y} baru saja ditutup di komputer lain.") \
            from None
    # The supervisor sees the whole check: the log itself and the data replayed against it.
    check = verify_audit(db, None, deep=True)
    backup_name, backup_error = "", ""
    try:
        backup_name = daily_backup(db, actor, now=moment).path.name
    except CounterError as exc:
        backup_error = exc.message
    except OSError as exc:  # a full or unplugged disk: the close itself stands
        backup_error = f"{os_reason(exc)}."
    info = ClosureInfo(day, moment, actor.full_name, digest, check.summary(), check.ok,
                       backup_name, backup_error, tuple(check.lines))
    note = info.message if backup_error else f"Cadangan: {backup_name}." if backup_name else ""
    return dataclasses.replace(info, audit_message=f"{check.summary()} {note}".strip())


def _archive_signed_head(session: Session, day: dt.date) -> None:
    """Store the head right after the day.close row, signed by this PC, with the archive."""
    head = session.get(AuditHead, 1)
    closure = session.get(DayClosure, day)
    assert head is not None and closure is not None
    signed = audit_seal.sign_head(session, head.seq, head.last_hash)
    closure.audit_seq, closure.audit_hash = signed.seq, signed.head_hash
    closure.audit_key_id, closure.audit_signature = signed.key_id, signed.signature


def daily_backup(db: Database, actor: Actor,
                 now: dt.datetime | None = None) -> BackupInfo:
    """The automatic backup of a day close (also its retry): checked, the last 30 kept.

    Made for the supervisor who closes the day, who may retry it alone.
    """
    from counter_app.services.backup import make_backup

    return make_backup(db, actor, now=now)


def retry_backup(db: Database, actor: Actor) -> BackupInfo:
    """Make the automatic backup again after it failed at day close (supervisor)."""
    actor.require(Permission.CLOSE_DAY)
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.CLOSE_DAY)
    return daily_backup(db, actor)


def archived_report(db: Database, actor: Actor | None, day: dt.date) -> tuple[bytes, str]:
    """The closed day's report PDF exactly as archived, and its SHA-256 (checked).

    ``actor`` None: a local command with the database in hand.
    """
    if actor is not None:
        actor.require(Permission.READ_REPORTS)
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        closure = session.get(DayClosure, day)
        if closure is None:
            raise NotFound(f"Layanan tanggal {day:%d-%m-%Y} belum ditutup.")
        if hashlib.sha256(closure.report_pdf).hexdigest() != closure.report_sha256:
            raise Conflict("Arsip laporan tidak cocok dengan sidik SHA-256-nya: arsip telah "
                           "diubah. Laporkan ke admin.")
        _require_signed_close_entry(session, closure)
        return bytes(closure.report_pdf), closure.report_sha256


def _require_signed_close_entry(session: Session, closure: DayClosure) -> None:
    """The archive must be the one the signed ``day.close`` audit row names.

    The row names the report's SHA-256; the row's own hash covers it; the head archived
    with the closure is exactly that row, signed by the closing PC's key. Replacing the
    PDF and its SHA-256 together, or also editing the row and re-hashing, breaks one of
    these links.
    """
    tampered = ("Arsip laporan tidak cocok dengan catatan tutup layanan yang ditandatangani "
                "di log audit: arsip atau log telah diubah. Laporkan ke admin.")
    row = session.execute(select(AuditLog).where(
        AuditLog.kind == "day.close", AuditLog.subject == closure.day.isoformat())
        .order_by(AuditLog.seq.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        raise Conflict("Tutup layanan tanggal ini tidak tercatat di log audit: arsip laporan "
                       "tidak dapat dipercaya. Laporkan ke admin.")
    try:
        logged = json.loads(row.after).get("sha256")
    except (ValueError, AttributeError):
        logged = None
    if logged != closure.report_sha256:
        raise Conflict(tampered)
    if audit.row_digest(row.prev_hash, audit.hashed_fields(row)) != row.row_hash:
        raise Conflict(tampered)
    if closure.audit_seq is None:
        head = session.get(AuditHead, 1)
        if head is not None and row.seq <= head.unsigned_upto:
            return  # closed before heads were signed (schema 0016): the row is all there is
        raise Conflict(tampered)
    key = known_keys_in(session).get(closure.audit_key_id)
    signed = audit_seal.SignedHead(closure.audit_seq, closure.audit_hash,
                                   closure.audit_key_id, closure.audit_signature)
    if (key is None or (closure.audit_seq, closure.audit_hash) != (row.seq, row.row_hash)
            or not signed.valid_with(key.public_key)):
        raise Conflict(tampered)


def closure_info(db: Database, day: dt.date) -> ClosureInfo | None:
    """Who closed the day and when, or None."""
    with db.read_session() as session:
        closure = session.get(DayClosure, day)
        if closure is None:
            return None
        user = session.get(User, closure.closed_by)
        return ClosureInfo(day, closure.closed_at, user.full_name if user else "?",
                           closure.report_sha256)


def unlock_day(db: Database, actor: Actor, day: dt.date, reason: str,
               now: dt.datetime | None = None) -> dt.datetime:
    """A supervisor opens a closed day for late changes for 30 minutes, with a reason.

    The archived report stays as it was; each late change is audited.
    """
    actor.require(Permission.CLOSE_DAY)
    if actor.role is not Role.SUPERVISOR:
        raise NotAllowed("Hanya supervisor yang dapat membuka hari yang sudah ditutup.")
    text = clean_reason(reason, "alasan perubahan")
    moment = (now or utc_now()).replace(microsecond=0)
    until = moment + dt.timedelta(minutes=UNLOCK_MINUTES)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.CLOSE_DAY)
        require_service_day(session, day, moment)
        closure = session.get(DayClosure, day)
        if closure is None:
            raise NotFound(f"Layanan tanggal {day:%d-%m-%Y} belum ditutup.")
        closure.unlocked_until, closure.unlocked_by, closure.unlock_reason = \
            until, actor.user_id, text
        audit.record(session, actor, "day.unlock", day.isoformat(), reason=text,
                     after={"until": until.isoformat()})
    return until


# --- archived figures and reopening -----------------------------------------------------

def archive_day_figures(session: Session, day: dt.date, actor: Actor | None = None) -> None:
    """Store the closed day's figures in mergeable form on its closure (same transaction).

    Range recaps merge these instead of reading the day's rows again.
    """
    session.flush()
    closure = session.get(DayClosure, day)
    if closure is not None:
        closure.figures_json = archive_tally(session, day)
        closure.figures_sha256 = hashlib.sha256(closure.figures_json.encode()).hexdigest()
        audit.record(session, actor, "day.figures", day.isoformat(),
                     after={"sha256": closure.figures_sha256},
                     username=None if actor else "sistem")


@dataclass(frozen=True)
class ReopenInfo:
    """A day reopened: its archived report is now superseded."""

    day: dt.date
    reopened_at: dt.datetime
    reopened_by: str
    reason: str
    superseded_sha256: str


@dataclass(frozen=True)
class SupersededReport:
    """An archived report replaced because its day was reopened."""

    id: int
    day: dt.date
    closed_at: dt.datetime
    closed_by: str
    sha256: str
    reopened_at: dt.datetime
    reopened_by: str
    reason: str


MIN_REASON_LETTERS = 5


def _reopen_reason(reason: str) -> str:
    # The one text policy (no control or bidi characters, at most REASON long), then
    # five real letters: "....." or "ab 12" says nothing.
    text = clean_reason(reason, "alasan membuka kembali hari ini")
    if sum(ch.isalpha() for ch in text) < MIN_REASON_LETTERS:
        raise ValidationError("Tulis alasan membuka kembali hari ini (minimal 5 huruf).",
                              field="reason")
    return text


def reopen_day(db: Database, actor: Actor, day: dt.date, reason: str,
               now: dt.datetime | None = None) -> ReopenInfo:
    """A supervisor reopens a closed day, with a reason (audited).

    The day is open again as if never closed: its archived figures no longer count
    (range recaps compute the day from the tables) and its archived report is kept,
    marked superseded, with who reopened it and why. The next close archives a new
    report and new figures.
    """
    actor.require(Permission.CLOSE_DAY)
    if actor.role is not Role.SUPERVISOR:
        raise NotAllowed("Hanya supervisor yang dapat membuka kembali hari yang sudah "
                         "ditutup.")
    text = _reopen_reason(reason)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        lock_day(session, day, exclusive=True)  # never half-way through a close
        closure = session.get(DayClosure, day)
        if closure is None:
            raise NotFound(f"Layanan tanggal {day:%d-%m-%Y} belum ditutup.")
        session.add(SupersededDayReport(
            day=day, closed_at=closure.closed_at, closed_by=closure.closed_by,
            report_pdf=closure.report_pdf, report_sha256=closure.report_sha256,
            report_json=closure.report_json, reopened_at=moment,
            reopened_by=actor.user_id, reopen_reason=text))
        digest = closure.report_sha256
        audit.record(session, actor, "day.reopen", day.isoformat(), reason=text,
                     before={"sha256": digest, "closed_at": closure.closed_at.isoformat()},
                     after={"superseded": True})
        session.delete(closure)
    return ReopenInfo(day, moment, actor.full_name, text, digest)


def superseded_reports(db: Database, actor: Actor | None,
                       day: dt.date) -> list[SupersededReport]:
    """The day's superseded reports, oldest first (``actor`` None: a local command)."""
    if actor is not None:
        actor.require(Permission.READ_REPORTS)
    with db.transaction() as session:
        users = {u.id: u.full_name for u in session.execute(select(User)).scalars()}
        rows = session.execute(select(SupersededDayReport).where(
            SupersededDayReport.day == day).order_by(SupersededDayReport.id)).scalars()
        return [SupersededReport(r.id, r.day, r.closed_at, users.get(r.closed_by, "?"),
                                 r.report_sha256, r.reopened_at,
                                 users.get(r.reopened_by, "?"), r.reopen_reason)
                for r in rows]


def superseded_report_pdf(db: Database, actor: Actor | None, report_id: int) -> bytes:
    """A superseded report's PDF exactly as it was archived (SHA-256 checked)."""
    if actor is not None:
        actor.require(Permission.READ_REPORTS)
    with db.transaction() as session:
        row = session.get(SupersededDayReport, report_id)
        if row is None:
            raise NotFound("Laporan arsip itu tidak ditemukan.")
        if hashlib.sha256(row.report_pdf).hexdigest() != row.report_sha256:
            raise Conflict("Arsip laporan tidak cocok dengan sidik SHA-256-nya: arsip telah "
                           "diubah. Laporkan ke admin.")
        if not _logged_close_names(session, row.day, row.report_sha256):
            raise Conflict("Arsip laporan tidak cocok dengan catatan tutup layanan di log "
                           "audit: arsip atau log telah diubah. Laporkan ke admin.")
        return bytes(row.report_pdf)


def _logged_close_names(session: Session, day: dt.date, sha256: str) -> bool:
    """True when an intact ``day.close`` row of ``day`` names ``sha256``.

    A superseded report's close stays in the log; signed heads after it cover that row.
    """
    for row in session.execute(select(AuditLog).where(
            AuditLog.kind == "day.close", AuditLog.subject == day.isoformat())).scalars():
        try:
            logged = json.loads(row.after).get("sha256")
        except (ValueError, AttributeError):
            continue
        if logged == sha256 and \
                audit.row_digest(row.prev_hash, audit.hashed_fields(row)) == row.row_hash:
            return True
    return False
