import datetime as dt

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select

from counter_app.domain.errors import AuthenticationFailed, Conflict, NotAllowed, ValidationError
from counter_app.domain.roles import Role
from counter_app.models import AuditLog, User
from counter_app.models.base import utcnow
from counter_app.services import users as users_service
from counter_app.services.users import (
    authenticate,
    change_password,
    create_user,
    list_users,
)
from tests.helpers import PASSWORD, make_office, make_user


def test_production_hasher_is_argon2id():
    # The fixtures swap in cheap parameters; the shipped hasher must be argon2id.
    import importlib

    fresh = importlib.reload(users_service)
    try:
        assert fresh._hasher.type is Type.ID
        assert fresh.hash_password("x" * 10).startswith("$argon2id$")
    finally:
        users_service._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_password_is_stored_hashed(db):
    make_office(db)
    with db.transaction() as s:
        stored = s.execute(select(User.password_hash)).scalar_one()
    assert PASSWORD not in stored and stored.startswith("$argon2id$")


def test_wrong_password_and_unknown_user_say_the_same(db):
    make_office(db)
    with pytest.raises(AuthenticationFailed) as a:
        authenticate(db, "admin", "salah-salah")
    with pytest.raises(AuthenticationFailed) as b:
        authenticate(db, "siapa", "salah-salah")
    assert a.value.message == b.value.message == "Nama pengguna atau kata sandi salah."


def test_five_wrong_passwords_lock_for_five_minutes(db):
    make_office(db)
    start = utcnow()
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "admin", "salah-salah", now=start)
    with pytest.raises(AuthenticationFailed, match="dikunci"):
        authenticate(db, "admin", PASSWORD, now=start + dt.timedelta(minutes=4))
    actor = authenticate(db, "admin", PASSWORD, now=start + dt.timedelta(minutes=5, seconds=1))
    assert actor.username == "admin"
    with db.transaction() as s:
        kinds = s.execute(select(AuditLog.kind).order_by(AuditLog.seq)).scalars().all()
    assert kinds.count("login.failed") == 5
    assert "user.locked" in kinds and "login.locked" in kinds and kinds[-1] == "login.ok"


def test_admin_creates_user_who_must_change_password(db):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    info = create_user(db, admin, username="Petugas1", full_name="Ni'mah Al-Fatih",
                       role=Role.OPERATOR, password="sementara1")
    assert info.username == "petugas1" and info.full_name == "Ni'mah Al-Fatih"
    actor = authenticate(db, "petugas1", "sementara1")
    assert actor.must_change_password
    actor = change_password(db, actor, "sementara1", "baru-sekali")
    assert not actor.must_change_password
    assert not authenticate(db, "petugas1", "baru-sekali").must_change_password
    with pytest.raises(Conflict, match="sudah dipakai"):
        create_user(db, admin, username="petugas1", full_name="X", role=Role.OPERATOR,
                    password="sementara1")


def test_only_admin_manages_users(db):
    make_office(db)
    for role in (Role.OPERATOR, Role.SUPERVISOR, Role.CAMAT):
        actor = make_user(db, f"u{role.value}", role)
        with pytest.raises(NotAllowed):
            create_user(db, actor, username="x1", full_name="X", role=Role.ADMIN,
                        password="sementara1")
        with pytest.raises(NotAllowed):
            list_users(db, actor)


@pytest.mark.parametrize(
    ("username", "full_name", "password", "message"),
    [
        ("a", "Nama", "sementara1", "Nama pengguna 2-40"),
        ("ada spasi", "Nama", "sementara1", "Nama pengguna 2-40"),
        ("petugas9", "", "sementara1", "Nama lengkap wajib"),
        ("petugas9", "Nama\x00", "sementara1", "tidak sah"),
        ("petugas9", "N" * 101, "sementara1", "paling banyak 100"),
        ("petugas9", "Nama", "pendek", "minimal 8"),
    ],
)
def test_bad_user_input(db, username, full_name, password, message):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    with pytest.raises(ValidationError, match=message):
        create_user(db, admin, username=username, full_name=full_name, role=Role.OPERATOR,
                    password=password)
    assert [u.username for u in list_users(db, admin)] == ["admin"]


def test_change_password_needs_the_old_one(db):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    with pytest.raises(ValidationError, match="lama salah"):
        change_password(db, admin, "bukan-ini", "baru-sekali")
    assert authenticate(db, "admin", PASSWORD)


@pytest.mark.parametrize("nip", ["19800101 200501 1 00",  # 17 digits
                                 "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١"])  # 18 Arabic-Indic digits
def test_a_users_nip_is_eighteen_digits_0_to_9(db, nip):
    make_office(db)
    admin = users_service.authenticate(db, "admin", PASSWORD)
    make_user(db, "kasi", Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="NIP terdiri dari 18 angka"):
        users_service.set_profile(db, admin, "kasi", nip=nip, jabatan="Kasi Pelayanan")
    users_service.set_profile(db, admin, "kasi", nip="19800101 200501 1 001",
                              jabatan="Kasi Pelayanan")
    with db.transaction() as s:
        assert s.execute(select(User.nip).where(User.username == "kasi")).scalar_one() \
            == "198001012005011001"
