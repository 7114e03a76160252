"""Who is acting, from which PC."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from counter_app.domain.roles import Permission, Role, require

ENV_WORKSTATION = "COUNTER_APP_WORKSTATION"


def workstation_name() -> str:
    """This PC's name for the audit log (``COUNTER_APP_WORKSTATION`` overrides it)."""
    return (os.environ.get(ENV_WORKSTATION) or socket.gethostname() or "tidak-diketahui")[:100]


@dataclass(frozen=True)
class Actor:
    """A logged-in user acting from a workstation."""

    user_id: int
    username: str
    full_name: str
    role: Role
    workstation: str
    must_change_password: bool = False

    def require(self, permission: Permission) -> None:
        """Raise NotAllowed unless this actor's role holds ``permission``."""
        require(self.role, permission)


SYSTEM_ACTOR_NAME = "sistem"
