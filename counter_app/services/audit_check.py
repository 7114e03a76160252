"""Checking the audit log as an auditor would: chain, signed heads, anchors, and a replay.

``check_log`` finds what someone who can write the database may have done to the log:
a row changed (also when the hashes after it were recomputed), rows missing at the end
(also when the head row was set back with them), the log emptied, a head signature that
is not genuine, a closed day whose archived head is no longer in the chain.

``replay`` compares the log with the business tables it describes: an application's
status, the blanko balance, users' roles and tickets changed by SQL without an audit row.
Both read one session; the caller gives it a consistent snapshot.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.clock import office_day
from counter_app.domain.lifecycle import Status
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role
from counter_app.domain.words import lower_first
from counter_app.models import (
    Application,
    AuditHead,
    AuditHeadSignature,
    AuditLog,
    BlankoEntry,
    BlankoStock,
    DayClosure,
    Office,
    Ticket,
    User,
)
from counter_app.services.audit import walk_chain
from counter_app.services.audit_seal import SignedHead
from counter_app.services.keys import KnownKey, known_keys_in


class Finding(enum.StrEnum):
    """What kind of tampering a check found."""

    ROW_CHANGED = "row_changed"
    ROWS_MISSING_AT_END = "rows_missing_at_end"
    LOG_EMPTIED = "log_emptied"
    HEAD_SIGNATURE_INVALID = "head_signature_invalid"
    CHAIN_BROKEN = "chain_broken"  # a gap, an insertion, a bad link in the middle

    @property
    def label(self) -> str:
        """The kind in the supervisor's words."""
        return {
            Finding.ROW_CHANGED: "Baris diubah",
            Finding.ROWS_MISSING_AT_END: "Baris hilang di akhir",
            Finding.LOG_EMPTIED: "Log dikosongkan",
            Finding.HEAD_SIGNATURE_INVALID: "Tanda tangan ujung tidak sah",
            Finding.CHAIN_BROKEN: "Rantai terputus",
        }[self]


@dataclass(frozen=True)
class LogFinding:
    """One thing found wrong with the log."""

    kind: Finding
    message: str
    seq: int | None = None


@dataclass(frozen=True)
class Disagreement:
    """A business table that says something the audit log does not."""

    area: str  # permohonan | blanko | pengguna | tiket
    subject: str
    in_log: str
    in_table: str

    @property
    def message(self) -> str:
        """One line for the supervisor."""
        return (f"{self.area.capitalize()} {self.subject}: menurut log audit {self.in_log}, "
                f"di basis data {self.in_table}.")


@dataclass(frozen=True)
class LogCheck:
    """The result of ``check_log``."""

    rows: int
    findings: tuple[LogFinding, ...]
    newest_signed: SignedHead | None  # the valid signed head at the chain's end, if any

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def _signed_points(session: Session, keys: dict[str, KnownKey],
                   anchor: SignedHead | None, local_key: KnownKey | None
                   ) -> tuple[list[tuple[str, SignedHead]], list[LogFinding]]:
    """Every signed head known (where from, head) whose signature is genuine; bad ones."""
    points: list[tuple[str, SignedHead]] = []
    bad: list[LogFinding] = []

    def genuine(head: SignedHead, where: str) -> None:
        key = keys.get(head.key_id)
        if key is None and local_key is not None and local_key.key_id == head.key_id:
            key = local_key
        if key is None or not head.valid_with(key.public_key):
            bad.append(LogFinding(Finding.HEAD_SIGNATURE_INVALID,
                                  f"Tanda tangan ujung rantai audit {where} (nomor {head.seq}, "
                                  f"kunci {head.key_id}) tidak sah: ujung itu dipalsukan.",
                                  head.seq))
            return
        if key.revoked_at is not None:
            return  # a revoked key proves nothing any more
        points.append((where, head))

    for row in session.execute(select(AuditHeadSignature)).scalars():
        genuine(SignedHead(row.seq, row.head_hash, row.key_id, row.signature),
                f"dari PC {row.workstation}")
    for closure in session.execute(select(DayClosure).where(
            DayClosure.audit_seq.is_not(None))).scalars():
        assert closure.audit_seq is not None
        genuine(SignedHead(closure.audit_seq, closure.audit_hash, closure.audit_key_id,
                           closure.audit_signature),
                f"di arsip tutup layanan {closure.day:%d-%m-%Y}")
    if anchor is not None:
        genuine(anchor, "yang disimpan PC ini")
    return points, bad


def check_log(session: Session, anchor: SignedHead | None = None,
              local_key: KnownKey | None = None) -> LogCheck:
    """Check the chain, every signed head and this PC's anchor against each other.

    ``anchor``: the newest head this PC signed or saw (read before the snapshot began).
    ``local_key``: this PC's own key, so its anchor is checked even when the key's row
    was removed from the database.
    """
    chain, hashes = walk_chain(session)
    findings: list[LogFinding] = []
    if not chain.ok:
        findings.append(LogFinding(Finding.CHAIN_BROKEN, chain.message, chain.first_bad_seq))
    keys = known_keys_in(session)
    points, bad = _signed_points(session, keys, anchor, local_key)
    findings.extend(bad)
    count = len(hashes) if chain.ok else chain.rows
    head = session.get(AuditHead, 1)
    unsigned_upto = head.unsigned_upto if head is not None else 0

    if chain.rows == 0:
        office = session.get(Office, 1) is not None
        known = max((p.seq for _w, p in points), default=0)
        if office or known:
            findings.append(LogFinding(
                Finding.LOG_EMPTIED,
                "Log audit dikosongkan: tidak ada satu baris pun, padahal "
                + (f"ujung bertanda tangan mencatat {known} baris." if known
                   else "kantor sudah disiapkan (penyiapan selalu tercatat)."), 1))
        return LogCheck(0, tuple(findings), None)

    # The newest matching point below a mismatch bounds where the change is.
    matched = [p.seq for _w, p in points
               if p.seq <= len(hashes) and hashes[p.seq - 1] == p.head_hash]
    missing_reported = False
    for where, point in sorted(points, key=lambda wp: -wp[1].seq):
        if point.seq > count:
            if not missing_reported and chain.ok:
                findings.append(LogFinding(
                    Finding.ROWS_MISSING_AT_END,
                    f"Baris audit nomor {count + 1} sampai {point.seq} hilang di akhir log: "
                    f"ujung bertanda tangan {where} mencatat {point.seq} baris, log tinggal "
                    f"{count}.", count + 1))
                missing_reported = True
        elif point.seq <= len(hashes) and hashes[point.seq - 1] != point.head_hash:
            low = max((m for m in matched if m < point.seq), default=0)
            findings.append(LogFinding(
                Finding.ROW_CHANGED,
                f"Baris audit di antara nomor {low + 1} dan {point.seq} telah diubah (atau "
                "dihapus lalu diganti baris lain) dan hash-nya dihitung ulang: tidak cocok "
                f"dengan ujung bertanda tangan {where}.",
                low + 1))
            break

    newest = None
    if chain.ok:
        ends = [p for _w, p in points if p.seq == count and p.head_hash == hashes[-1]]
        newest = ends[0] if ends else None
        # A cut tail or a changed row already explains a head nobody signed.
        if newest is None and count > unsigned_upto and not any(
                f.kind in (Finding.ROW_CHANGED, Finding.ROWS_MISSING_AT_END)
                for f in findings):
            findings.append(LogFinding(
                Finding.HEAD_SIGNATURE_INVALID,
                f"Ujung rantai audit (nomor {count}) tidak bertanda tangan sah kunci PC mana "
                "pun: baris ditambahkan atau hash dihitung ulang di luar aplikasi.", count))
    return LogCheck(count, tuple(findings), newest)


# --- deep check: replay the log against the business tables ---------------------------

def _after(row: AuditLog) -> dict[str, Any]:
    if not row.after:
        return {}
    try:
        value = json.loads(row.after)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _status_label(value: str) -> str:
    try:
        return lower_first(Status(value).label)
    except ValueError:
        return value


def _ticket_label(value: str) -> str:
    try:
        return lower_first(TicketStatus(value).label)
    except ValueError:
        return value


def replay(session: Session) -> list[Disagreement]:
    """Every place where a business table disagrees with what the audit log recorded.

    Replayed: each application's status (``application.*`` rows), the blanko balance
    (received, corrections, cards printed and spoiled), each user's role
    (``user.*`` rows naming a role), each ticket's status (``ticket.*`` rows and the
    tickets a day close ended).
    """
    app_status: dict[str, str] = {}
    blanko = 0
    roles: dict[str, str] = {}
    tickets: dict[tuple[dt.date, str], str] = {}
    closed_days: list[dt.date] = []
    rows = session.execute(select(AuditLog).order_by(AuditLog.seq)).scalars()
    for row in rows:
        kind = row.kind
        if kind.startswith("application."):
            after = _after(row)
            if "status" in after:
                app_status[row.subject] = str(after["status"])
            if kind in ("application.print", "application.spoil"):
                # A misprint found after printing takes no second blank (blanko_taken 0).
                blanko -= int(after.get("blanko_taken", 1))
        elif kind == "blanko.received":
            blanko += int(_after(row).get("quantity", 0))
        elif kind == "blanko.correction":
            blanko += int(_after(row).get("delta", 0))
        elif kind.startswith("user."):
            # user.create, and any later row that sets a role, names the user as subject.
            role = _after(row).get("role")
            if role:
                roles[row.subject] = str(role)
        elif kind.startswith("ticket."):
            status = _after(row).get("status")
            if status:
                day = _after(row).get("day")
                when = dt.date.fromisoformat(day) if isinstance(day, str) else office_day(row.at)
                tickets[(when, row.subject)] = str(status)
        elif kind == "day.close_tickets":
            closed = dt.date.fromisoformat(row.subject)
            closed_days.append(closed)
            for key, status in tickets.items():
                if key[0] == closed and status == TicketStatus.WAITING.value:
                    tickets[key] = TicketStatus.NOT_SERVED.value

    found: list[Disagreement] = []
    seen: set[str] = set()
    for slip, status in session.execute(select(Application.slip_number, Application.status)
                                        .order_by(Application.id)):
        seen.add(slip)
        logged = app_status.get(slip)
        if logged is None:
            found.append(Disagreement("permohonan", slip, "tidak pernah direkam",
                                      f"berstatus {_status_label(status)}"))
        elif logged != status:
            found.append(Disagreement("permohonan", slip,
                                      f"berstatus {_status_label(logged)}",
                                      f"berstatus {_status_label(status)}"))
    for slip in sorted(set(app_status) - seen):
        found.append(Disagreement("permohonan", slip,
                                  f"berstatus {_status_label(app_status[slip])}",
                                  "tidak ada (baris dihapus)"))

    ledger = int(session.execute(select(func.coalesce(func.sum(BlankoEntry.quantity), 0)))
                 .scalar_one())
    stock = session.execute(select(BlankoStock.balance).where(BlankoStock.id == 1)
                            ).scalar_one_or_none()
    if ledger != blanko:
        found.append(Disagreement("blanko", "saldo buku", f"{blanko} lembar",
                                  f"{ledger} lembar"))
    if stock is not None and stock != blanko:
        found.append(Disagreement("blanko", "saldo stok", f"{blanko} lembar",
                                  f"{stock} lembar"))

    seen = set()
    for username, role in session.execute(select(User.username, User.role).order_by(User.id)):
        seen.add(username)
        logged = roles.get(username)
        if logged is None:
            found.append(Disagreement("pengguna", username, "tidak pernah dibuat",
                                      f"berperan {_role_label(role)}"))
        elif logged != role:
            found.append(Disagreement("pengguna", username, f"berperan {_role_label(logged)}",
                                      f"berperan {_role_label(role)}"))

    in_table: dict[tuple[dt.date, str], str] = {}
    for day, number, status in session.execute(
            select(Ticket.day, Ticket.number, Ticket.status).order_by(Ticket.id)):
        in_table[(day, number)] = status
    for key in sorted(set(in_table) | set(tickets)):
        logged, actual = tickets.get(key), in_table.get(key)
        if logged == actual:
            continue
        found.append(Disagreement(
            "tiket", f"{key[1]} ({key[0]:%d-%m-%Y})",
            f"berstatus {_ticket_label(logged)}" if logged else "tidak pernah diterbitkan",
            f"berstatus {_ticket_label(actual)}" if actual else "tidak ada (baris dihapus)"))
    return found


def _role_label(value: str) -> str:
    try:
        return lower_first(Role(value).label)
    except ValueError:
        return value
