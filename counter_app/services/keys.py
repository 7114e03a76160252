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
from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.errors import CounterError, ValidationError
from counter_app.domain.roles import Permission
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


@dataclass(frozen=True)
class Signer:
    """This PC's key, ready to sign."""

    key_id: str
    private_key: Ed25519PrivateKey

    def sign(self, token: SlipToken) -> str:
        """The signed QR text."""
        return sign(token, self.private_key)


def load_signer(db: Database) -> Signer:
    """This PC's signer: the key is made on first use and its public half registered."""
    path = key_path()
    try:
        if path.exists():
            loaded = load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise SigningKeyError(f"Berkas kunci {path} bukan kunci Ed25519.")
            key = loaded
        else:
            key = Ed25519PrivateKey.generate()
            _write_private(path, key)
    except OSError as exc:
        raise SigningKeyError(f"Kunci tanda tangan di {path} tidak dapat dibaca atau dibuat "
                        f"({exc.strerror}).") from None
    except ValueError:
        raise SigningKeyError(f"Berkas kunci {path} rusak.") from None
    public = key.public_key()
    key_id = key_id_of(public)
    with db.transaction() as session:
        if session.get(SigningKey, key_id) is None:
            session.add(SigningKey(key_id=key_id, public_key=_raw_hex(public),
                                   workstation=workstation_name(), created_at=utcnow()))
            audit.record(session, None, "key.register", key_id, username="sistem",
                         after={"workstation": workstation_name()})
    return Signer(key_id, key)


def public_keys(db: Database) -> dict[str, Ed25519PublicKey]:
    """Every public key the office has registered (retired ones too: old papers verify)."""
    with db.read_session() as session:
        rows = session.execute(select(SigningKey)).scalars().all()
        return {r.key_id: Ed25519PublicKey.from_public_bytes(bytes.fromhex(r.public_key))
                for r in rows}


def export_public_keys(db: Database, office_code: str) -> str:
    """JSON with the office's public keys, for Disdukcapil or another office."""
    with db.transaction() as session:
        rows = session.execute(select(SigningKey).order_by(SigningKey.created_at)).scalars()
        keys = [{"key_id": r.key_id, "public_key_hex": r.public_key,
                 "workstation": r.workstation, "created_at": r.created_at.isoformat(),
                 "retired_at": r.retired_at.isoformat() if r.retired_at else None}
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


def verify_with(text: str, keys: dict[str, Ed25519PublicKey]) -> SlipToken:
    """Check a token's signature against known public keys; ValidationError when forged."""
    token, _signature = parse(text)
    key = keys.get(token.key_id)
    if key is None:
        raise ValidationError("Kode QR ditandatangani kunci yang tidak dikenal kantor ini.")
    return verify(text, key)


def rotate_key(db: Database, actor: Actor) -> Signer:
    """Retire this PC's key and make a new one; old public keys stay, so old papers verify.

    The retired private key is moved aside (owner-only) and no longer signs.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    old = load_signer(db)
    path = key_path()
    retired = path.with_name(f"{path.stem}.{old.key_id}.retired{path.suffix}")
    try:
        path.replace(retired)
    except OSError as exc:
        raise SigningKeyError(f"Kunci lama tidak dapat dipindahkan ({exc.strerror}).") from None
    new = load_signer(db)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        row = session.get(SigningKey, old.key_id)
        if row is not None:
            row.retired_at = utcnow()
        audit.record(session, actor, "key.rotate", new.key_id,
                     before={"key_id": old.key_id}, after={"key_id": new.key_id})
    return new
