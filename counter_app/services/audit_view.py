"""Reading the audit log (supervisors and admins): search it, check it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.input_policy import as_recorded
from counter_app.domain.roles import Permission
from counter_app.services import audit, audit_seal
from counter_app.services.actor import Actor, load_actor
from counter_app.services.audit_check import (
    Disagreement,
    LogFinding,
    check_log,
    replay,
)
from counter_app.services.keys import KnownKey, SigningKeyError, local_signer


def search_audit(db: Database, actor: Actor, *, day: dt.date | None = None,
                 username: str = "", subject: str = "", kind: str = "",
                 limit: int = 500) -> list[audit.AuditRow]:
    """Audit rows, newest first, for the audit screen."""
    actor.require(Permission.READ_AUDIT)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_AUDIT)
        return audit.search(session, day=day, username=username.strip().lower(),
                            subject=subject.strip(), kind=kind, limit=limit)


@contextmanager
def snapshot(db: Database) -> Iterator[Session]:
    """A read-only transaction that sees one consistent state of the whole database.

    PostgreSQL: REPEATABLE READ, so rows, head and signatures written by other counters
    while the check runs are all invisible, never half-seen. SQLite: a transaction is a
    snapshot already.
    """
    if db.is_sqlite:
        with db.transaction() as session:
            yield session
        return
    engine = db.engine.execution_options(isolation_level="REPEATABLE READ",
                                         postgresql_readonly=True)
    with Session(bind=engine, expire_on_commit=False) as session, session.begin():
        yield session


@dataclass(frozen=True)
class AuditVerification:
    """What ``audit verify`` found: the log's own checks and, when deep, the replay."""

    rows: int
    findings: tuple[LogFinding, ...]
    disagreements: tuple[Disagreement, ...]
    deep: bool
    signed_by: str  # key id of the signed head at the chain's end ("" when none)

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings and not self.disagreements

    @property
    def first_bad_seq(self) -> int | None:
        """The first row number a finding names."""
        return next((f.seq for f in self.findings if f.seq is not None), None)

    @property
    def lines(self) -> list[str]:
        """Everything found, one line each, in the supervisor's words."""
        return ([f"{f.kind.label}: {f.message}" for f in self.findings]
                + [d.message for d in self.disagreements])

    @property
    def message(self) -> str:
        """A summary: what was checked, then each finding."""
        return self.summary(limit=None)

    def summary(self, limit: int | None = 20) -> str:
        """What was checked, then up to ``limit`` findings (a dialog stays readable)."""
        if self.ok:
            text = f"Rantai audit utuh: {self.rows} baris diperiksa"
            text += f", ujung ditandatangani kunci {self.signed_by}" if self.signed_by else ""
            if self.deep:
                text += "; isi basis data cocok dengan log audit"
            return text + "."
        head = (f"Log audit TIDAK UTUH ({len(self.findings)} temuan)" if self.findings
                else "Rantai audit utuh")
        if self.deep:
            head += (f"; {len(self.disagreements)} data berbeda dari log audit"
                     if self.disagreements else "; isi basis data cocok dengan log audit")
        lines = self.lines
        shown = lines if limit is None else lines[:limit]
        more = (f"\n... dan {len(lines) - len(shown)} lainnya (lihat counter-app audit verify "
                "--deep)." if len(shown) < len(lines) else "")
        return head + ":\n" + "\n".join(f"- {line}" for line in shown) + more


def _local_key() -> KnownKey | None:
    try:
        signer = local_signer()
    except SigningKeyError:
        return None
    public = signer.private_key.public_key()
    return KnownKey(signer.key_id, public, "PC ini", None, None, "")


def verify_audit(db: Database, actor: Actor | None, *, deep: bool = False
                 ) -> AuditVerification:
    """Check the audit log (chain, signed heads, this PC's anchor, archived day heads).

    ``deep`` also replays the log against applications, the blanko ledger, users and
    tickets and lists each disagreement. One consistent snapshot is read, so counters
    writing meanwhile never cause a false alarm. ``actor`` None: a local command with
    the database in hand.
    """
    if actor is not None:
        actor.require(Permission.READ_AUDIT)
    database = db.engine.url.render_as_string(hide_password=True)
    # Read before the snapshot: every head in it was committed before the snapshot.
    audit_seal.flush_anchors(database)
    anchor = audit_seal.read_anchor(database)
    local_key = _local_key()
    with snapshot(db) as session:
        if actor is not None:
            actor = load_actor(session, actor, Permission.READ_AUDIT)
        result = check_log(session, anchor, local_key)
        disagreements = tuple(replay(session)) if deep else ()
    if result.ok and result.newest_signed is not None:
        audit_seal.remember(database, result.newest_signed)
    return AuditVerification(result.rows, result.findings, disagreements, deep,
                             result.newest_signed.key_id if result.newest_signed else "")


def check_chain(db: Database, actor: Actor) -> AuditVerification:
    """The whole check, from the audit screen."""
    return verify_audit(db, actor)


def record_command(db: Database, actor: Actor, command: str, details: dict[str, Any]) -> None:
    """Audit one command-line command under the user who logged in for it.

    ``details`` are its arguments (the caller leaves out passwords); what the command
    then changes is audited by the services it calls, as in the GUI.
    """
    with db.transaction() as session:
        actor = load_actor(session, actor)
        audit.record(session, actor, "cli.command", as_recorded(command, 100),
                     after=_recorded(details))


def _recorded(value: Any) -> Any:
    """Arguments as typed, made safe for the permanent log (see ``as_recorded``)."""
    if isinstance(value, str):
        return as_recorded(value)
    if isinstance(value, dict):
        return {as_recorded(str(k), 60): _recorded(v) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [_recorded(v) for v in list(value)[:50]]
    return value


__all__ = ["AuditVerification", "check_chain", "record_command", "search_audit",
           "snapshot", "verify_audit"]
