"""Who is acting, from which PC, as the database knows them now."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import overload

from sqlalchemy.orm import Session

from counter_app.domain.clock import utc_now
from counter_app.domain.errors import NotAllowed
from counter_app.domain.roles import Permission, Role, require
from counter_app.models import User

ENV_WORKSTATION = "COUNTER_APP_WORKSTATION"


def workstation_name() -> str:
    """This PC's name for the audit log (``COUNTER_APP_WORKSTATION`` overrides it)."""
    return (os.environ.get(ENV_WORKSTATION) or socket.gethostname() or "tidak-diketahui")[:100]


@dataclass(frozen=True)
class Actor:
    """A logged-in user acting from a workstation.

    It is only a claim: every service reloads the user with ``load_actor`` in its own
    transaction and takes the role from the database, never from this object.
    """

    user_id: int
    username: str
    full_name: str
    role: Role
    workstation: str
    must_change_password: bool = False

    def require(self, permission: Permission) -> None:
        """Raise NotAllowed unless this actor's role holds ``permission``.

        A quick first refusal only; ``load_actor`` is the check that counts.
        """
        require(self.role, permission)


SYSTEM_ACTOR_NAME = "sistem"


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
    exist under the claimed id and name, be active and not locked; the role comes from
    the row, so an ``Actor`` whose role or id was edited by the caller gets nothing
    more than the stored user may do. Raises NotAllowed (never an IntegrityError) and
    checks ``permission`` when given. ``None`` (the kiosk, a system task) stays None.
    """
    if claimed is None:
        return None
    user = session.get(User, claimed.user_id)
    if user is None or user.username != claimed.username:
        raise NotAllowed("Pengguna ini tidak dikenal di basis data kantor. Masuk lagi "
                         "dengan akun Anda sendiri.")
    if not user.active:
        raise NotAllowed(f"Akun {user.username} sudah dinonaktifkan; tindakan ditolak.")
    if user.locked_until is not None and user.locked_until > utc_now():
        raise NotAllowed(f"Akun {user.username} sedang dikunci karena salah kata sandi; "
                         "coba lagi nanti.")
    actor = Actor(user.id, user.username, user.full_name, Role(user.role),
                  claimed.workstation, user.must_change_password)
    if permission is not None:
        actor.require(permission)
    return actor
