"""Small builders shared by tests."""

from __future__ import annotations

from counter_app.db import Database
from counter_app.domain.roles import Role
from counter_app.services.actor import Actor
from counter_app.services.office import OfficeProfile, initialize_office
from counter_app.services.users import add_user, authenticate

PASSWORD = "rahasia-123"


def make_office(db: Database, counters: int = 2) -> OfficeProfile:
    """Kecamatan Ilir Barat Satu with an admin ``admin``."""
    return initialize_office(
        db, kecamatan_code="16.71.04", admin_username="admin", admin_password=PASSWORD,
        admin_full_name="Admin Uji", camat_name="Camat Uji", camat_nip="197001011990031001",
        counters=counters,
    )


def make_user(db: Database, username: str, role: Role) -> Actor:
    """A user of ``role`` who has logged in."""
    with db.transaction() as session:
        add_user(session, None, username=username, full_name=username.title(), role=role,
                 password=PASSWORD)
    return authenticate(db, username, PASSWORD)
