import pytest
from sqlalchemy import func, select

from counter_app.domain.errors import Conflict, NotAllowed, ValidationError
from counter_app.domain.roles import Role
from counter_app.models import AuditLog, Counter, Office, Region, User
from counter_app.services.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_office
from counter_app.services.office import get_office, import_regions, initialize_office, load_wilayah
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, make_office, make_user


def _count(db, model):
    with db.transaction() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_initialize_office(db):
    profile = make_office(db, counters=3)
    assert profile.kecamatan_name == "Ilir Barat Satu"
    assert profile.kota_name == "Kota Palembang"
    assert profile.provinsi_name == "Sumatera Selatan"
    assert profile.title == "Kecamatan Ilir Barat Satu, Kota Palembang"
    assert [c.name for c in profile.counters] == ["Loket 1", "Loket 2", "Loket 3"]
    assert profile.camat_nip == "197001011990031001"
    actor = authenticate(db, "admin", PASSWORD)
    assert actor.role is Role.ADMIN
    assert get_office(db) == profile


def test_unknown_kecamatan_writes_nothing(db):
    with pytest.raises(ValidationError, match="'16.71.99' tidak dikenal"):
        initialize_office(db, kecamatan_code="16.71.99", admin_username="admin",
                          admin_password=PASSWORD)
    assert get_office(db) is None
    assert _count(db, User) == 0 and _count(db, AuditLog) == 0


def test_bad_admin_password_writes_nothing(db):
    with pytest.raises(ValidationError, match="minimal 8"):
        initialize_office(db, kecamatan_code="16.71.04", admin_username="admin",
                          admin_password="pendek")
    assert _count(db, Office) == 0 and _count(db, Counter) == 0


def test_bad_nip_is_refused(db):
    with pytest.raises(ValidationError, match="NIP terdiri dari 18 angka"):
        initialize_office(db, kecamatan_code="16.71.04", admin_username="admin",
                          admin_password=PASSWORD, camat_nip="12345")


def test_office_is_set_up_once(db):
    make_office(db)
    with pytest.raises(Conflict, match="sudah disiapkan"):
        make_office(db)
    assert _count(db, Counter) == 2


def test_demo_office_users_log_in(db):
    profile = create_demo_office(db)
    assert profile.kecamatan_code == "16.71.04"
    for user in DEMO_USERS:
        assert authenticate(db, user.username, DEMO_PASSWORD).role is user.role
    assert create_demo_office(db) == profile  # a second call changes nothing


CSV = """code,level,name,parent_code
16.09,kabupaten,Ogan Komering Ulu Timur,16
16.09.01,kecamatan,Martapura,16.09
"""


def test_admin_imports_regions(db):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    result = import_regions(db, admin, CSV)
    assert (result.added, result.updated) == (2, 0)
    wilayah = load_wilayah(db)
    assert wilayah.require("16.09.01", "kecamatan").name == "Martapura"
    again = import_regions(db, admin, CSV.replace("Martapura", "Martapura Baru"))
    assert (again.added, again.updated) == (0, 1)


def test_import_with_unknown_parent_writes_nothing(db):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    with pytest.raises(ValidationError, match="induk tidak dikenal"):
        import_regions(db, admin, "code,level,name,parent_code\n77.01,kota,X,77\n")
    assert _count(db, Region) == 0


def test_operator_cannot_import_regions(db):
    make_office(db)
    operator = make_user(db, "petugas", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        import_regions(db, operator, CSV)
    assert _count(db, Region) == 0
