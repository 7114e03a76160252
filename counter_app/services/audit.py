"""Append rows to the hash-chained audit log inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from counter_app.models import AuditHead, AuditLog
from counter_app.models.base import utcnow
from counter_app.services import audit_seal
from counter_app.services.actor import Actor, workstation_name


def _json(value: Any) -> str:
    if value is None or value == "":
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def row_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous row's hash and this row's content, canonically encoded."""
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + payload).encode("utf-8")).hexdigest()


def hashed_fields(row: AuditLog) -> dict[str, Any]:
    """The content of a row that its hash covers."""
    return _hashed({name: getattr(row, name) for name in _HASHED})


_HASHED = ("seq", "at", "user_id", "username", "workstation", "kind", "subject", "before",
           "after", "reason")


def _hashed(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name].isoformat() if name == "at" else values[name]
            for name in _HASHED}


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as callers see it."""

    seq: int
    kind: str
    subject: str
    username: str


def _advance_head(session: Session, count: int) -> tuple[int, str]:
    """Take ``count`` row numbers: the new last number and the hash the first row follows.

    Updating the head row first takes the lock that orders concurrent writers, so each
    row's ``prev_hash`` is the row before it and the chain never forks. One statement
    (``UPDATE ... RETURNING``): a counter writes a row at every call.
    """
    # The caller's pending changes are written first, so every transaction locks its
    # business rows before the head row: one lock order, no deadlock between counters on
    # PostgreSQL. Then Core statements on the session's connection: no unit of work for
    # a row that is only ever appended.
    session.flush()
    seq, prev_hash = session.connection().execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + count)
        .returning(AuditHead.seq, AuditHead.last_hash)).one()
    audit_seal.note_previous(session, int(seq) - count, str(prev_hash))
    return int(seq), str(prev_hash)


def _set_head_hash(session: Session, seq: int, head_hash: str) -> None:
    """Point the head row at the newest row; the signer reads it from ``session.info``."""
    session.connection().execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_hash=head_hash))
    held = session.identity_map.get(identity_key(AuditHead, 1))
    if held is not None:  # a head loaded earlier in this transaction is out of date now
        session.expire(held)
    audit_seal.note_head(session, seq, head_hash)


def record(
    session: Session,
    actor: Actor | None,
    kind: str,
    subject: str = "",
    *,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    username: str | None = None,
) -> AuditEntry:
    """Write one audit row in ``session``'s transaction (it commits or rolls back with it).

    The head row is updated first: that takes the lock that orders concurrent writers,
    so each row's ``prev_hash`` is the row before it and the chain never forks.
    """
    seq, prev_hash = _advance_head(session, 1)
    name = (actor.username if actor else username or "")[:40]
    fields: dict[str, Any] = {
        "seq": seq,
        "at": utcnow().replace(microsecond=0),
        "user_id": actor.user_id if actor else None,
        "username": name,
        "workstation": actor.workstation if actor else workstation_name(),
        "kind": kind,
        "subject": subject[:100],
        "before": _json(before),
        "after": _json(after),
        "reason": reason,
    }
    row_hash = row_digest(prev_hash, _hashed(fields))
    session.connection().execute(insert(AuditLog).values(
        **fields, prev_hash=prev_hash, row_hash=row_hash))
    _set_head_hash(session, seq, row_hash)
    audit_seal.mark_written(session, kind)
    return AuditEntry(seq, kind, subject[:100], name)


def record_many(session: Session, actor: Actor,
                entries: list[tuple[str, str, Any]]) -> None:
    """Write several rows ``(kind, subject, after)`` of one action, chained in order.

    The same rows as calling :func:`record` for each, with the head locked once: a bulk
    import audits every row it adds without a round trip per row.
    """
    if not entries:
        return
    last_seq, prev_hash = _advance_head(session, len(entries))
    at = utcnow().replace(microsecond=0)
    rows = []
    for offset, (kind, subject, after) in enumerate(entries):
        row = AuditLog(
            seq=last_seq - len(entries) + 1 + offset, at=at, user_id=actor.user_id,
            username=actor.username[:40], workstation=actor.workstation, kind=kind,
            subject=subject[:100], before="", after=_json(after), reason="",
            prev_hash=prev_hash, row_hash="")
        row.row_hash = prev_hash = row_digest(prev_hash, hashed_fields(row))
        rows.append(row)
    _set_head_hash(session, last_seq, prev_hash)
    session.add_all(rows)
    session.flush()
    audit_seal.mark_written(session)


@dataclass(frozen=True)
class ChainCheck:
    """The result of checking the audit chain."""

    ok: bool
    rows: int
    message: str
    first_bad_seq: int | None = None


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every row's hash and link; name the first row changed, removed or inserted.

    A changed row no longer matches its hash; a removed row leaves a gap in the sequence
    and a broken link; an inserted row carries a sequence or link that does not fit; the
    head row must point at the last row. (This alone cannot see a chain re-hashed after
    an edit, or a cut tail with the head row set back: ``audit_check`` adds the signed
    heads for that.)
    """
    return walk_chain(session)[0]


def walk_chain(session: Session) -> tuple[ChainCheck, list[str]]:
    """The structural check and the hash of each row in order (index 0 is row 1)."""
    rows = session.execute(select(AuditLog).order_by(AuditLog.seq, AuditLog.id)).scalars().all()
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    hashes: list[str] = []
    prev_hash = "0" * 64
    expected_seq = 1
    for row in rows:
        if row.seq != expected_seq:
            if row.seq > expected_seq:
                return ChainCheck(False, len(rows), f"Baris audit nomor {expected_seq} hilang "
                                  f"(setelah nomor {expected_seq - 1}).", expected_seq), hashes
            return ChainCheck(False, len(rows), f"Baris audit nomor {row.seq} disisipkan atau "
                              "ganda.", row.seq), hashes
        if row.prev_hash != prev_hash:
            return ChainCheck(False, len(rows), f"Baris audit nomor {row.seq} tidak tersambung "
                              "ke baris sebelumnya: ada baris yang dihapus atau disisipkan.",
                              row.seq), hashes
        if row_digest(row.prev_hash, hashed_fields(row)) != row.row_hash:
            return ChainCheck(False, len(rows), f"Baris audit nomor {row.seq} telah diubah "
                              f"({row.kind}, {row.subject}).", row.seq), hashes
        prev_hash = row.row_hash
        hashes.append(row.row_hash)
        expected_seq += 1
    if head is not None and (head.seq != len(rows) or head.last_hash != prev_hash):
        bad = len(rows) + 1 if head.seq > len(rows) else len(rows)
        return ChainCheck(False, len(rows), "Ujung rantai audit tidak cocok dengan baris "
                          f"terakhir: baris terakhir dihapus atau disisipkan (nomor {bad}).",
                          bad), hashes
    return ChainCheck(True, len(rows), f"Rantai audit utuh: {len(rows)} baris diperiksa."), \
        hashes


@dataclass(frozen=True)
class AuditRow:
    """One audit row as the audit screen shows it."""

    seq: int
    at: dt.datetime
    username: str
    workstation: str
    kind: str
    subject: str
    before: str
    after: str
    reason: str


def search(session: Session, *, day: dt.date | None = None, username: str = "",
           subject: str = "", kind: str = "", limit: int = 500) -> list[AuditRow]:
    """Audit rows, newest first, filtered by office day, user, applicant/subject and kind."""
    from counter_app.domain.clock import day_bounds

    query = select(AuditLog)
    if day is not None:
        start, end = day_bounds(day)
        query = query.where(AuditLog.at >= start, AuditLog.at < end)
    if username:
        query = query.where(AuditLog.username == username)
    if kind:
        query = query.where(AuditLog.kind.startswith(kind))
    if subject:
        pattern = f"%{subject}%"
        query = query.where(AuditLog.subject.like(pattern) | AuditLog.after.like(pattern))
    rows = session.execute(query.order_by(AuditLog.seq.desc()).limit(limit)).scalars()
    return [AuditRow(r.seq, r.at, r.username, r.workstation, r.kind, r.subject, r.before,
                     r.after, r.reason) for r in rows]
