"""Append rows to the hash-chained audit log inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.models import AuditHead, AuditLog
from counter_app.models.base import utcnow
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
    return {
        "seq": row.seq,
        "at": row.at.isoformat(),
        "user_id": row.user_id,
        "username": row.username,
        "workstation": row.workstation,
        "kind": row.kind,
        "subject": row.subject,
        "before": row.before,
        "after": row.after,
        "reason": row.reason,
    }


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as callers see it."""

    seq: int
    kind: str
    subject: str
    username: str


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
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    session.refresh(head)
    row = AuditLog(
        seq=head.seq,
        at=utcnow().replace(microsecond=0),
        user_id=actor.user_id if actor else None,
        username=(actor.username if actor else username or "")[:40],
        workstation=actor.workstation if actor else workstation_name(),
        kind=kind,
        subject=subject[:100],
        before=_json(before),
        after=_json(after),
        reason=reason,
        prev_hash=head.last_hash,
        row_hash="",
    )
    row.row_hash = row_digest(row.prev_hash, hashed_fields(row))
    head.last_hash = row.row_hash
    session.add(row)
    session.flush()
    return AuditEntry(row.seq, row.kind, row.subject, row.username)
