"""The demo office a newcomer lands in: Kecamatan Ilir Barat Satu, Kota Palembang."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.db import Database
from counter_app.domain.roles import Role
from counter_app.models import Office, Setting
from counter_app.services import audit
from counter_app.services.office import OfficeProfile, get_office, initialize_office
from counter_app.services.settings import DEMO_OFFICE
from counter_app.services.users import add_user

DEMO_KECAMATAN = "16.71.04"
DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoUser:
    """A demo account; the README lists them."""

    username: str
    full_name: str
    role: Role
    # Printed under the signatures of the reports (the kasi signs, the camat knows).
    nip: str = ""
    jabatan: str = ""


DEMO_CAMAT_NIP = "197001011990031001"
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Admin Kecamatan", Role.ADMIN),
    DemoUser("kasi", "Rina Marlina", Role.SUPERVISOR, "198205142008012003",
             "Kepala Seksi Pelayanan"),
    DemoUser("petugas1", "Ahmad Fauzi", Role.OPERATOR),
    DemoUser("petugas2", "Siti Nurhaliza", Role.OPERATOR),
    DemoUser("camat", "Drs. H. Muhammad Ridwan, M.Si.", Role.CAMAT, DEMO_CAMAT_NIP,
             "Camat Ilir Barat Satu"),
)


def create_demo_office(db: Database, opened_on: dt.date | None = None) -> OfficeProfile:
    """Set up the demo office and its users, or return the office that already exists.

    ``opened_on``: the first demo day, so the demo's past days can be closed; an
    existing office's opening day moves back to it when it is earlier.
    """
    existing = get_office(db)
    if existing is not None:
        if opened_on is not None:
            with db.transaction() as session:
                office = session.get(Office, 1)
                if office is not None and opened_on < office.opened_on:
                    office.opened_on = opened_on
        return existing
    admin, *others = DEMO_USERS
    initialize_office(
        db, kecamatan_code=DEMO_KECAMATAN, admin_username=admin.username,
        admin_password=DEMO_PASSWORD, admin_full_name=admin.full_name,
        address="Jl. Demang Lebar Daun No. 1, Palembang", phone="0711-000000",
        camat_name=DEMO_USERS[-1].full_name, camat_nip=DEMO_CAMAT_NIP, counters=3,
        opened_on=opened_on,
    )
    with db.transaction() as session:
        for user in others:
            add_user(session, None, username=user.username, full_name=user.full_name,
                     role=user.role, password=DEMO_PASSWORD, nip=user.nip,
                     jabatan=user.jabatan)
        # Marks the office as the demo, where the simulated scanner may be used.
        session.add(Setting(key=DEMO_OFFICE, value="true"))
        audit.record(session, None, "setting.change", DEMO_OFFICE, after=True,
                     username="sistem")
    profile = get_office(db)
    assert profile is not None
    return profile
