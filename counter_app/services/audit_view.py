"""Reading the audit log (supervisors and admins): search it, check its chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from counter_app.db import Database
from counter_app.domain.roles import Permission
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor


def search_audit(db: Database, actor: Actor, *, day: dt.date | None = None,
                 username: str = "", subject: str = "", kind: str = "",
                 limit: int = 500) -> list[audit.AuditRow]:
    """Audit rows, newest first, for the audit screen."""
    actor.require(Permission.READ_AUDIT)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_AUDIT)
        return audit.search(session, day=day, username=username.strip().lower(),
                            subject=subject.strip(), kind=kind, limit=limit)


def check_chain(db: Database, actor: Actor) -> audit.ChainCheck:
    """The hash chain check, from the audit screen."""
    actor.require(Permission.READ_AUDIT)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_AUDIT)
        return audit.verify_chain(session)


def record_command(db: Database, actor: Actor, command: str, details: dict[str, Any]) -> None:
    """Audit one command-line command under the user who logged in for it.

    ``details`` are its arguments (the caller leaves out passwords); what the command
    then changes is audited by the services it calls, as in the GUI.
    """
    with db.transaction() as session:
        actor = load_actor(session, actor)
        audit.record(session, actor, "cli.command", command[:100], after=details)
