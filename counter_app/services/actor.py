"""Who is acting, from which PC, as the database knows them now."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from dataclasses import dataclass, field
from typing import overload

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.domain.clock import utc_now
from counter_app.domain.errors import NotAllowed
from counter_app.domain.roles import Permission, Role, require
from counter_app.models import LoginSession, User

ENV_WORKSTATION = "COUNTER_APP_WORKSTATION"


def workstation_name() -> str:
    """This PC's name for the audit log (``COUNTER_APP_WORKSTATION`` overrides it)."""
    return (os.environ.get(ENV_WORKSTATION) or socket.gethostname() or "tidak-diketahui")[:100]


@dataclass(frozen=True)
class Actor:
    """A logged-in user acting from a workstation.

    It is only a claim: every service reloads the user with ``load_actor`` in its own
    transaction and takes the role from the database, never from this object, and
    accepts it only with the token of an open login session of that user.
    """

    user_id: int
    username: str
    full_name: str
    role: Role
    workstation: str
    must_change_password: bool = False
    # The secret of this login (``users.authenticate``); only its digest is stored.
    session_token: str = field(default="", repr=False, compare=False)

    def require(self, permission: Permission) -> None:
        """Raise NotAllowed unless this actor's role holds ``permission``.

        A quick first refusal only; ``load_actor`` is the check that counts.
        """
        require(self.role, permission)


SYSTEM_ACTOR_NAME = "sistem"


def _aware(moment: dt.datetime) -> dt.datetime:
    # UtcDateTime columns come back aware; be safe should a backend hand back naive UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def token_digest(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# Built once (a counter passes here at every call): a Core query on the transaction's
# connection, without the ORM's per-statement work.
_ACTOR_QUERY = (
    select(User.username, User.full_name, User.role, User.active, User.locked_until,
           User.must_change_password, LoginSession.ended_at)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), LoginSession.token_sha256 == bindparam("token")))


@overload
def load_actor(session: Session, claimed: Actor,
               permission: Permission | None = None) -> Actor: ...


@overload
def load_actor(session: Session, claimed: None,
               permission: Permission | None = None) -> None: ...


def load_actor(session: Session, claimed: Actor | None,
               permission: Permission | None = None) -> Actor | None:
    """The acting user as the database says now, in the caller's transaction.

    Call it first in every service transaction that acts for a user. The user must
    exist under the claimed id and name, hold an open login session with the claimed
    token (``users.authenticate``), be active and not locked; the role comes from
    the row, so an ``Actor`` whose role or id was edited by the caller gets nothing
    more than the stored user may do. Raises NotAllowed (never an IntegrityError) and
    checks ``permission`` when given. ``None`` (the kiosk, a system task) stays None.
    """
    if claimed is None:
        return None
    # One indexed query on the hot path (every call at the counter passes here).
    row = session.connection().execute(_ACTOR_QUERY, {
        "user_id": claimed.user_id, "token": token_digest(claimed.session_token)}).first()
    if row is None or row.username != claimed.username:
        known = session.execute(select(User.username).where(
            User.id == claimed.user_id)).scalar_one_or_none()
        if known is None or known != claimed.username:
            raise NotAllowed("Pengguna ini tidak dikenal di basis data kantor. Masuk lagi "
                             "dengan akun Anda sendiri.")
        row = None
    if row is None or row.ended_at is not None:
        raise NotAllowed(f"{claimed.username} tidak sedang masuk (sesi tidak sah atau sudah "
                         "keluar). Masuk lagi dengan kata sandi.")
    if not row.active:
        raise NotAllowed(f"Akun {row.username} sudah dinonaktifkan; tindakan ditolak.")
    if row.locked_until is not None and _aware(row.locked_until) > utc_now():
        raise NotAllowed(f"Akun {row.username} sedang dikunci karena salah kata sandi; "
                         "coba lagi nanti.")
    actor = Actor(claimed.user_id, row.username, row.full_name, Role(row.role),
                  claimed.workstation, bool(row.must_change_password), claimed.session_token)
    if permission is not None:
        actor.require(permission)
    return actor
