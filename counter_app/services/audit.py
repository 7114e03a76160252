"""Append rows to the hash-chained audit log inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from counter_app.models import AuditHead, AuditHeadSignature, AuditLog
from counter_app.models.base import table, utcnow
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


# Built once: a counter writes a row at every call, and a statement built per row (with
# its values inside) costs more than the write itself (the cache key of its values).
_ROW = table(AuditLog)
_HEAD = table(AuditHead)
_SIGNATURE = table(AuditHeadSignature)
_ADVANCE_HEAD = (
    update(_HEAD).where(_HEAD.c.id == 1)
    .values(seq=_HEAD.c.seq + bindparam("count", type_=Integer))
    .returning(_HEAD.c.seq, _HEAD.c.last_hash))
# The hash the chain holds at this PC's kept head (``audit_seal``), read by the statement
# that points the head at a new row: it starts after the head's lock was taken, so it
# sees every change committed before (a statement that waited for the lock reads the
# state from before the wait).
_KEPT_HASH = select(_ROW.c.row_hash).where(_ROW.c.seq == bindparam("kept_seq")) \
    .scalar_subquery()
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.id == 1).values(last_hash=bindparam("head_hash"))
_SET_HEAD_HASH_CHECKED = _SET_HEAD_HASH.returning(_KEPT_HASH)
_INSERT_ROW = insert(_ROW).values(
    {c.name: bindparam(f"r_{c.name}", type_=c.type) for c in _ROW.c if c.name != "id"})
# PostgreSQL: the row, the head and the head's signature in one statement (data-modifying
# CTEs), so the head's lock, which every writer queues for, is held for two round trips
# and the commit instead of five. SQLite runs the statements one by one (one writer at a
# time, no round trips).
_PG_ROW_AND_HEAD = _SET_HEAD_HASH_CHECKED.add_cte(_INSERT_ROW.cte("new_row"))
_signed = audit_seal.UPDATE_SIGNATURE.returning(_SIGNATURE.c.key_id).cte("signed")
_PG_ROW_HEAD_AND_SIGNATURE = (
    _SET_HEAD_HASH.add_cte(_INSERT_ROW.cte("new_row")).add_cte(_signed)
    .returning(_KEPT_HASH, select(func.count()).select_from(_signed).scalar_subquery()))


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
    seq, prev_hash = session.connection().execute(_ADVANCE_HEAD, {"count": count}).one()
    audit_seal.note_previous(session, int(seq) - count, str(prev_hash))
    return int(seq), str(prev_hash)


def _head_moved(session: Session, seq: int, head_hash: str) -> None:
    held = session.identity_map.get(identity_key(AuditHead, 1))
    if held is not None:  # a head loaded earlier in this transaction is out of date now
        session.expire(held)
    audit_seal.note_head(session, seq, head_hash)


def _set_head_hash(session: Session, seq: int, head_hash: str) -> None:
    """Point the head row at the newest row, checking this PC's kept head on the way."""
    kept = audit_seal.kept_head(session)
    kept_hash = session.connection().execute(_SET_HEAD_HASH_CHECKED, {
        "head_hash": head_hash, "kept_seq": kept.seq if kept else None}).scalar_one()
    audit_seal.note_kept_check(session, kept, kept_hash)
    _head_moved(session, seq, head_hash)


def _store(session: Session, row: dict[str, Any], signature: dict[str, Any] | None) -> bool:
    """Insert ``row``, point the head at it and store the head's ``signature`` if given.

    True when the signature is stored (its row exists: this key signed before). On
    PostgreSQL one statement does it all; SQLite runs them one by one.
    """
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        conn.execute(_INSERT_ROW, {f"r_{name}": value for name, value in row.items()})
        _set_head_hash(session, row["seq"], row["row_hash"])
        return signature is not None and conn.execute(
            audit_seal.UPDATE_SIGNATURE, audit_seal.signature_params(signature)).rowcount == 1
    kept = audit_seal.kept_head(session)
    params = {f"r_{name}": value for name, value in row.items()}
    params.update(head_hash=row["row_hash"], kept_seq=kept.seq if kept else None)
    signed = False
    if signature is None:
        kept_hash = conn.execute(_PG_ROW_AND_HEAD, params).scalar_one()
    else:
        params.update(audit_seal.signature_params(signature))
        kept_hash, count = conn.execute(_PG_ROW_HEAD_AND_SIGNATURE, params).one()
        signed = count == 1
    audit_seal.note_kept_check(session, kept, kept_hash)
    _head_moved(session, row["seq"], row["row_hash"])
    return signed


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
    so each row's ``prev_hash`` is the row before it and the chain never forks. The new
    head is signed with the row when this PC's key is at hand, else at commit.
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
    signer = audit_seal.signer_at_hand(session)
    signature = audit_seal.signature_values(session, signer, seq, row_hash) \
        if signer is not None else None
    signed = _store(session, {**fields, "prev_hash": prev_hash, "row_hash": row_hash},
                    signature)
    audit_seal.mark_written(session, kind, signed=signed)
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
