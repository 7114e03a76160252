"""Users: creation, login with lock-out, password changes. Passwords as argon2id hashes."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.errors import AuthenticationFailed, Conflict, NotFound, ValidationError
from counter_app.domain.input_policy import STAFF_NAME, clean_text
from counter_app.domain.roles import Permission, Role
from counter_app.models import LoginSession, User
from counter_app.models.base import utcnow
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor, token_digest, workstation_name

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

# argon2id (the library's default type) with its recommended parameters.
_hasher = PasswordHasher()


@dataclass(frozen=True)
class UserInfo:
    """A user as screens and commands see it (never the hash)."""

    id: int
    username: str
    full_name: str
    role: Role
    nip: str
    active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    jabatan: str = ""


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.nip,
                    user.active, user.must_change_password, user.locked_until, user.jabatan)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def validate_username(username: str) -> str:
    """The user name folded to lower case; ValidationError when it is not usable."""
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            "Nama pengguna 2-40 karakter: huruf kecil, angka, titik, garis bawah atau "
            "tanda hubung, diawali huruf atau angka.",
            field="username",
        )
    return name


def validate_full_name(full_name: str) -> str:
    """A person's name: apostrophes, hyphens and any script are fine; control characters not."""
    return clean_text(full_name, field="full_name", label="Nama lengkap", limit=STAFF_NAME,
                      required=True)


def validate_password(password: str) -> None:
    """Raise ValidationError for a password that is too short or only spaces."""
    if len(password or "") < MIN_PASSWORD or not password.strip():
        raise ValidationError(
            f"Kata sandi minimal {MIN_PASSWORD} karakter.", field="password"
        )


def add_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    nip: str = "",
    must_change_password: bool = False,
    jabatan: str = "",
) -> User:
    """Insert a user in ``session``'s transaction, audited. Used by setup and by admins."""
    name = validate_username(username)
    full = validate_full_name(full_name)
    validate_password(password)
    exists = session.execute(select(User.id).where(User.username == name)).first()
    if exists:
        raise Conflict(f"Nama pengguna '{name}' sudah dipakai.")
    user = User(
        username=name, full_name=full, role=Role(role).value, nip=nip.strip()[:30],
        jabatan=clean_text(jabatan, field="jabatan", label="Jabatan", limit=100),
        password_hash=hash_password(password), active=True,
        must_change_password=must_change_password, failed_logins=0,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        # Another admin added the same name a moment ago.
        raise Conflict(f"Nama pengguna '{name}' sudah dipakai.") from None
    audit.record(session, actor, "user.create", name,
                 after={"username": name, "full_name": full, "role": user.role},
                 username=name)
    return user


def create_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    nip: str = "",
    jabatan: str = "",
) -> UserInfo:
    """An admin creates a user, who must choose a new password at first login."""
    actor.require(Permission.MANAGE_USERS)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_USERS)
        user = add_user(session, actor, username=username, full_name=full_name, role=role,
                        password=password, nip=nip, must_change_password=True,
                        jabatan=jabatan)
        return _info(user)


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    """All users, by user name (admins only)."""
    actor.require(Permission.MANAGE_USERS)
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.MANAGE_USERS)
        return [_info(u) for u in session.execute(select(User).order_by(User.username)).scalars()]


def authenticate(
    db: Database, username: str, password: str, *, now: dt.datetime | None = None
) -> Actor:
    """Log in. Five wrong passwords in a row lock the account for five minutes.

    Every attempt, good or bad, is audited. The message never says whether the user
    name exists.
    """
    now = now or utcnow()
    name = (username or "").strip().lower()
    wrong = AuthenticationFailed("Nama pengguna atau kata sandi salah.")
    with db.transaction() as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is None or not user.active:
            audit.record(session, None, "login.failed", name[:40], username=name[:40],
                         reason="pengguna tidak dikenal atau nonaktif")
            failure: AuthenticationFailed = wrong
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() + 59) // 60)
            audit.record(session, None, "login.locked", name, username=name)
            failure = AuthenticationFailed(
                f"Akun dikunci karena {MAX_FAILED_LOGINS} kali salah kata sandi. "
                f"Coba lagi dalam {minutes} menit."
            )
        elif not _verify(user.password_hash, password or ""):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
                audit.record(session, None, "user.locked", name, username=name,
                             after={"locked_until": user.locked_until.isoformat()})
            audit.record(session, None, "login.failed", name, username=name,
                         reason="kata sandi salah")
            failure = wrong
        else:
            user.failed_logins = 0
            user.locked_until = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            token = secrets.token_urlsafe(32)
            session.add(LoginSession(user_id=user.id, token_sha256=token_digest(token),
                                     workstation=workstation_name(), started_at=now))
            actor = Actor(user.id, user.username, user.full_name, Role(user.role),
                          workstation_name(), user.must_change_password, token)
            audit.record(session, actor, "login.ok", name)
            return actor
    # Raised after the block so the failed attempt and any lock are committed.
    raise failure


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def change_password(db: Database, actor: Actor, old_password: str, new_password: str) -> Actor:
    """A user changes their own password; returns the actor without the change-required flag."""
    validate_password(new_password)
    if old_password == new_password:
        raise ValidationError("Kata sandi baru harus berbeda dari yang lama.", field="password")
    with db.transaction() as session:
        actor = load_actor(session, actor)
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotFound("Pengguna tidak ditemukan.")
        if not _verify(user.password_hash, old_password):
            raise ValidationError("Kata sandi lama salah.", field="old_password")
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        audit.record(session, actor, "user.password_changed", user.username)
    return Actor(actor.user_id, actor.username, actor.full_name, actor.role,
                 actor.workstation, False, actor.session_token)


def log_out(db: Database, actor: Actor) -> None:
    """End the actor's login session: its token is refused from now on."""
    with db.transaction() as session:
        login = session.execute(select(LoginSession).where(
            LoginSession.token_sha256 == token_digest(actor.session_token),
            LoginSession.user_id == actor.user_id)).scalar_one_or_none()
        if login is None or login.ended_at is not None:
            return
        login.ended_at = utcnow()
        audit.record(session, actor, "logout", actor.username)


def reset_password(db: Database, actor: Actor, username: str, temporary: str) -> None:
    """An admin sets a temporary password; the user must choose a new one at next login."""
    actor.require(Permission.MANAGE_USERS)
    validate_password(temporary)
    name = (username or "").strip().lower()
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_USERS)
        user = _user_named(session, name)
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        audit.record(session, actor, "user.password_reset", name)


def set_profile(db: Database, actor: Actor, username: str, *, nip: str,
                jabatan: str) -> UserInfo:
    """An admin records a user's NIP and position (printed under their signature)."""
    from counter_app.services.office import clean_nip as office_nip

    clean_nip = office_nip(nip, field="nip")
    position = clean_text(jabatan, field="jabatan", label="Jabatan", limit=100)
    name = (username or "").strip().lower()
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_USERS)
        user = _user_named(session, name)
        before = {"nip": user.nip, "jabatan": user.jabatan}
        user.nip, user.jabatan = clean_nip, position
        audit.record(session, actor, "user.profile", name, before=before,
                     after={"nip": clean_nip, "jabatan": position})
        return _info(user)


def _user_named(session: Session, name: str) -> User:
    """The user with this (already lower-cased) name, or NotFound."""
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"Pengguna '{name[:40]}' tidak ada.")
    return user
