"""Signing keys: each PC signs with its own Ed25519 key.

The office database knows every PC's public key, so a paper signed at one counter
verifies at every other.

The private key is a PEM file in this PC's config directory, readable by its owner only,
and never stored in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import local, office_day
from counter_app.domain.errors import (
    Conflict,
    CounterError,
    NotAllowed,
    NotFound,
    ValidationError,
)
from counter_app.domain.roles import Permission, Role
from counter_app.domain.slip_token import SlipToken, key_id_of, parse, sign, verify
from counter_app.models import SigningKey
from counter_app.models.base import utcnow
from counter_app.paths import config_dir, private_dir
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor, workstation_name

ENV_KEY_FILE = "COUNTER_APP_KEY_FILE"


class SigningKeyError(CounterError):
    """The signing key file cannot be read or written."""


def key_path() -> Path:
    """This PC's private key file (``COUNTER_APP_KEY_FILE`` overrides it)."""
    return Path(os.environ.get(ENV_KEY_FILE) or config_dir() / "signing-key.pem")


def _raw_hex(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    private_dir(path.parent)
    data = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # Created owner-only from the start: no moment where others could read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _create_private(path: Path, key: Ed25519PrivateKey) -> None:
    """Create the key file whole or not at all; an existing file (another process) wins."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.new")
    tmp.unlink(missing_ok=True)  # left by a crash
    _write_private(tmp, key)
    try:
        os.link(tmp, path)  # atomic, and refuses to replace a key another process made
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Signer:
    """This PC's key, ready to sign."""

    key_id: str
    private_key: Ed25519PrivateKey

    def sign(self, token: SlipToken) -> str:
        """The signed QR text."""
        return sign(token, self.private_key)

    def sign_bytes(self, message: bytes) -> str:
        """A raw Ed25519 signature over ``message``, hex (the audit head uses it)."""
        return self.private_key.sign(message).hex()


# The private key read from its file, reused while the file is unchanged (the audit head
# is signed at every write, so the file is not parsed each time).
_cache: dict[Path, tuple[int, Signer]] = {}
_cache_lock = threading.Lock()


def local_signer() -> Signer:
    """This PC's key from its file, made on first use; no database needed.

    Its public half may not be registered yet: ``load_signer`` or ``session_signer``
    register it.
    """
    path = key_path()
    with _cache_lock:
        try:
            if not path.exists():
                # Two processes starting at once on a new PC: one key wins, both use it.
                _create_private(path, Ed25519PrivateKey.generate())
            mtime = path.stat().st_mtime_ns
            cached = _cache.get(path)
            if cached is not None and cached[0] == mtime:
                return cached[1]
            loaded = load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise SigningKeyError(f"Berkas kunci {path} bukan kunci Ed25519.")
            key = loaded
        except OSError as exc:
            raise SigningKeyError(f"Kunci tanda tangan di {path} tidak dapat dibaca atau "
                                  f"dibuat ({exc.strerror}).") from None
        except ValueError:
            raise SigningKeyError(f"Berkas kunci {path} rusak.") from None
        signer = Signer(key_id_of(key.public_key()), key)
        _cache[path] = (mtime, signer)
        return signer


def _set_aside(signer: Signer, why: str) -> None:
    """Move this PC's key file aside (owner-only, kept for the record); it signs no more."""
    path = key_path()
    target = path.with_name(f"{path.stem}.{signer.key_id}.{why}{path.suffix}")
    try:
        path.replace(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise SigningKeyError(f"Kunci lama tidak dapat dipindahkan ({exc.strerror}).") from None
    with _cache_lock:
        _cache.pop(path, None)
    _forget_checks(signer.key_id)


def _forget_checks(key_id: str) -> None:
    """Look ``key_id`` up again before it signs: it was revoked or set aside."""
    for entry in [e for e in _registered if e[1] == key_id]:
        _registered.pop(entry, None)
    _recent_signer.clear()


def database_name(session: Session) -> str:
    """The database ``session`` works on, by its URL without the password."""
    engine = session.get_bind().engine
    name = _names.get(engine)
    if name is None:
        name = _names[engine] = engine.url.render_as_string(hide_password=True)
    return name


_names: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def recent_signer(session: Session) -> Signer | None:
    """This PC's signer when it was found registered and not revoked a moment ago.

    Registered and not revoked, its file unchanged, within ``REGISTRATION_RECHECK_S``:
    the audit head is signed at every write, without the query and the file check.
    """
    recent = _recent_signer.get(database_name(session))
    if recent is not None and time.monotonic() - recent[0] < REGISTRATION_RECHECK_S:
        return recent[1]
    return None


def session_signer(session: Session, *, recently_checked_ok: bool = False) -> Signer:
    """This PC's signer, registered in ``session``'s transaction when it is new.

    A key the office revoked never signs again: it is set aside and a new one made.
    ``recently_checked_ok``: skip the lookup when it found the key fine a moment ago (the
    audit head is signed at every write; papers always look the key up).
    """
    database = database_name(session)
    if recently_checked_ok:
        recent = recent_signer(session)
        if recent is not None:
            return recent
    signer = local_signer()
    checked = _registered.get((database, signer.key_id))
    if recently_checked_ok and checked is not None and \
            time.monotonic() - checked < REGISTRATION_RECHECK_S:
        _recent_signer[database] = (checked, signer)
        return signer
    row = session.get(SigningKey, signer.key_id)
    if row is not None and row.revoked_at is not None:
        _set_aside(signer, "revoked")
        signer = local_signer()
        row = session.get(SigningKey, signer.key_id)
    if row is None:
        public = signer.private_key.public_key()
        session.add(SigningKey(key_id=signer.key_id, public_key=_raw_hex(public),
                               workstation=workstation_name(), created_at=utcnow(),
                               revoke_reason=""))
        session.flush()
        audit.record(session, None, "key.register", signer.key_id, username="sistem",
                     after={"workstation": workstation_name()})
    else:
        _registered[(database, signer.key_id)] = time.monotonic()
    return signer


# The audit head is signed at every write; whether this PC's key is registered and not
# revoked is looked up again after this many seconds (a revocation made on another PC
# takes effect here within that time; one made here at once).
REGISTRATION_RECHECK_S = 5.0
_registered: dict[tuple[str, str], float] = {}
_recent_signer: dict[str, tuple[float, Signer]] = {}


def load_signer(db: Database) -> Signer:
    """This PC's signer: the key is made on first use and its public half registered."""
    with db.transaction() as session:
        return session_signer(session)


@dataclass(frozen=True)
class KnownKey:
    """A registered public key and what limits it."""

    key_id: str
    public_key: Ed25519PublicKey
    workstation: str
    retired_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revoke_reason: str


def _known(row: SigningKey) -> KnownKey:
    return KnownKey(row.key_id, Ed25519PublicKey.from_public_bytes(bytes.fromhex(
        row.public_key)), row.workstation, row.retired_at, row.revoked_at, row.revoke_reason)


def known_keys_in(session: Session) -> dict[str, KnownKey]:
    """Every registered key with its retirement and revocation, in ``session``."""
    return {r.key_id: _known(r) for r in session.execute(select(SigningKey)).scalars()}


def public_keys(db: Database) -> dict[str, KnownKey]:
    """Every key the office has registered (retired and revoked ones too, with their limits).

    ``verify_with`` applies the limits: a retired key verifies papers dated up to its
    retirement; a revoked key verifies nothing.
    """
    with db.read_session() as session:
        return known_keys_in(session)


def export_public_keys(db: Database, office_code: str) -> str:
    """JSON with the office's public keys, for Disdukcapil or another office."""
    with db.transaction() as session:
        rows = session.execute(select(SigningKey).order_by(SigningKey.created_at)).scalars()
        keys = [{"key_id": r.key_id, "public_key_hex": r.public_key,
                 "workstation": r.workstation, "created_at": r.created_at.isoformat(),
                 "retired_at": r.retired_at.isoformat() if r.retired_at else None,
                 "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
                 "revoke_reason": r.revoke_reason}
                for r in rows]
    return json.dumps({"office": office_code, "algorithm": "Ed25519",
                       "exported_at": dt.datetime.now(dt.UTC).isoformat(), "keys": keys},
                      indent=2)


def keys_from_export(text: str) -> tuple[str, dict[str, Ed25519PublicKey]]:
    """Read an exported key file: (office code, keys by id); ValidationError if damaged."""
    try:
        data = json.loads(text)
        keys = {k["key_id"]: Ed25519PublicKey.from_public_bytes(bytes.fromhex(
            k["public_key_hex"])) for k in data["keys"]}
        return str(data["office"]), keys
    except (ValueError, KeyError, TypeError):
        raise ValidationError("Berkas kunci publik rusak atau bukan ekspor Loket KTP-el.") \
            from None


class KeyRevoked(ValidationError):
    """The paper was signed with a key the office revoked; it can be re-issued."""

    def __init__(self, message: str, number: str) -> None:
        super().__init__(message)
        self.number = number


def verify_with(text: str, keys: Mapping[str, Ed25519PublicKey | KnownKey]) -> SlipToken:
    """Check a token's signature against known keys; ValidationError when forged.

    With the office's ``KnownKey`` records, a revoked key's papers are refused with the
    reason (``KeyRevoked``), and a retired key verifies only papers dated on or before
    the day it was retired.
    """
    token, _signature = parse(text)
    key = keys.get(token.key_id)
    if key is None:
        raise ValidationError("Kode QR ditandatangani kunci yang tidak dikenal kantor ini.")
    if isinstance(key, KnownKey):
        verify(text, key.public_key)  # a forgery is called one, whatever its key
        if key.revoked_at is not None:
            raise KeyRevoked(
                f"Kunci tanda tangan {key.key_id} ({key.workstation}) telah dicabut pada "
                f"{local(key.revoked_at):%d-%m-%Y}: {key.revoke_reason}. Dokumen ini tidak "
                "berlaku lagi; periksa identitas pemohon lalu terbitkan ulang tanda terima.",
                token.number)
        if key.retired_at is not None and token.issued_on > office_day(key.retired_at):
            raise ValidationError(
                f"Kode QR ditandatangani kunci {key.key_id} yang sudah diganti pada "
                f"{local(key.retired_at):%d-%m-%Y}, tetapi bertanggal sesudahnya: dokumen "
                "ini tidak sah.")
        return token
    return verify(text, key)


def require_made_before_retirement(token: SlipToken, keys: Mapping[str, KnownKey],
                                   made_at: dt.datetime) -> None:
    """Refuse a paper signed by a retired key when the paper was made after it retired.

    The token only carries a date; the database knows when the paper was made, so a
    paper made later on the day of the rotation is refused too.
    """
    key = keys.get(token.key_id)
    # Papers keep whole seconds: one made in the very second of the rotation still counts
    # as made before it.
    if key is not None and key.retired_at is not None and \
            made_at > key.retired_at.replace(microsecond=0):
        raise ValidationError(
            f"Kode QR ditandatangani kunci {key.key_id} yang sudah diganti sebelum dokumen "
            "ini dibuat: dokumen ini tidak sah.")


def rotate_key(db: Database, actor: Actor) -> Signer:
    """Retire this PC's key and make a new one.

    The retired private key is moved aside (owner-only) and no longer signs; its public
    key still verifies papers made before the retirement, and only those.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    old = load_signer(db)
    _set_aside(old, "retired")
    new = load_signer(db)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        row = session.get(SigningKey, old.key_id)
        if row is not None and row.retired_at is None:
            row.retired_at = utcnow()
        audit.record(session, actor, "key.rotate", new.key_id,
                     before={"key_id": old.key_id}, after={"key_id": new.key_id})
    return new


@dataclass(frozen=True)
class RevokedKey:
    """A key the office revoked."""

    key_id: str
    workstation: str
    revoked_at: dt.datetime
    reason: str


def revoke_key(db: Database, actor: Actor, key_id: str, reason: str,
               now: dt.datetime | None = None) -> RevokedKey:
    """A supervisor revokes a key (a PC lost or stolen, a key file copied).

    From then on every paper signed with it is refused, with the reason, until it is
    re-issued after an identity check. When it is this PC's key, the key file is set
    aside and the next signature uses a new key.
    """
    if actor.role is not Role.SUPERVISOR:  # a quick first refusal; the row decides below
        raise NotAllowed("Hanya supervisor yang dapat mencabut kunci tanda tangan.")
    wanted = (key_id or "").strip().lower()
    text = " ".join((reason or "").split())
    if len(text) < 5:
        raise ValidationError("Tulis alasan pencabutan kunci (minimal 5 huruf).",
                              field="reason")
    if len(text) > 300:
        raise ValidationError("Alasan pencabutan terlalu panjang (maksimal 300 huruf).",
                              field="reason")
    moment = (now or utcnow()).replace(microsecond=0)
    with db.transaction() as session:
        acting = load_actor(session, actor)
        if acting.role is not Role.SUPERVISOR:
            raise NotAllowed("Hanya supervisor yang dapat mencabut kunci tanda tangan.")
        row = session.get(SigningKey, wanted)
        if row is None:
            raise NotFound(f"Kunci {wanted[:20]} tidak terdaftar di kantor ini.")
        if row.revoked_at is not None:
            raise Conflict(f"Kunci {row.key_id} sudah dicabut pada "
                           f"{local(row.revoked_at):%d-%m-%Y}.")
        row.revoked_at, row.revoked_by, row.revoke_reason = moment, actor.user_id, text
        if row.retired_at is None:
            row.retired_at = moment
        # Not signed with the key being revoked (its signatures count for nothing now):
        # the head is signed at commit, where this PC's key, if it is the one, is set
        # aside and a new one registered.
        _forget_checks(row.key_id)
        audit.record(session, acting, "key.revoke", row.key_id, reason=text,
                     after={"workstation": row.workstation})
        info = RevokedKey(row.key_id, row.workstation, moment, text)
    _forget_checks(info.key_id)  # and after the commit: a check made meanwhile is stale
    try:
        mine = local_signer()
    except SigningKeyError:
        return info
    if mine.key_id == info.key_id:
        _set_aside(mine, "revoked")
    return info
