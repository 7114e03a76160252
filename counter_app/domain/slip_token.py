"""The signed token in a slip's (or a SUKET's) QR code.

It carries no personal data: a version tag, the document's number, the office code,
the issue date and the signing key's id, then an Ed25519 signature over those fields:

    KTP1.167104-190109-0001.167104.20190109.9f3a61c2.<signature, base64url>

Only characters a barcode scanner types on any keyboard layout (letters, digits, dot,
hyphen, underscore). A slip recorded on a jemput bola laptop carries the laptop's code
after the office code (``167104-L01-190109-0001``), so it never collides with the
office's own numbers. Each signing PC has its own key; the key id says which public key
checks the signature.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from counter_app.domain.errors import ValidationError

VERSION = "KTP1"
_TOKEN = re.compile(
    r"^(?P<version>KTP\d)\.(?P<number>[0-9]{6}-(?:L[0-9]{2}-)?[0-9]{6}-[0-9]{4}(?:-[SB])?)\.(?P<office>[0-9]{6})"
    r"\.(?P<date>[0-9]{8})\.(?P<key>[0-9a-f]{8})\.(?P<sig>[A-Za-z0-9_-]{86})$"
)


@dataclass(frozen=True)
class SlipToken:
    """The signed fields of a token."""

    number: str
    office_code: str  # six digits: 167104
    issued_on: dt.date
    key_id: str

    def message(self) -> bytes:
        """The exact bytes the signature covers."""
        return (f"{VERSION}.{self.number}.{self.office_code}.{self.issued_on:%Y%m%d}."
                f"{self.key_id}").encode("ascii")


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """A short, stable id for a public key: the first 8 hex digits of its SHA-256."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


def sign(token: SlipToken, private_key: Ed25519PrivateKey) -> str:
    """The QR text of ``token`` signed with ``private_key``."""
    signature = private_key.sign(token.message())
    encoded = base64.urlsafe_b64encode(signature).rstrip(b"=").decode("ascii")
    return f"{token.message().decode('ascii')}.{encoded}"


def parse(text: str) -> tuple[SlipToken, bytes]:
    """Read a scanned token's fields and signature; ValidationError when malformed."""
    match = _TOKEN.match((text or "").strip())
    if match is None:
        raise ValidationError("Kode QR bukan tanda terima Loket KTP-el yang sah.")
    if match["version"] != VERSION:
        raise ValidationError(f"Versi kode QR {match['version']} tidak dikenal.")
    try:
        issued = dt.datetime.strptime(match["date"], "%Y%m%d").date()
        signature = base64.urlsafe_b64decode(match["sig"] + "==")
    except ValueError:
        raise ValidationError("Kode QR rusak.") from None
    # The last character of 86 carries 4 unused bits: only the canonical spelling counts,
    # or a changed character could still decode to the same signature.
    if base64.urlsafe_b64encode(signature).rstrip(b"=").decode("ascii") != match["sig"]:
        raise ValidationError(
            "Tanda tangan kode QR tidak sah: dokumen ini palsu atau telah diubah."
        )
    return SlipToken(match["number"], match["office"], issued, match["key"]), signature


def verify(text: str, public_key: Ed25519PublicKey) -> SlipToken:
    """The token's fields when the signature is genuine; ValidationError otherwise."""
    token, signature = parse(text)
    if key_id_of(public_key) != token.key_id:
        raise ValidationError("Kunci tanda tangan tidak cocok dengan kode QR.")
    try:
        public_key.verify(signature, token.message())
    except InvalidSignature:
        raise ValidationError(
            "Tanda tangan kode QR tidak sah: dokumen ini palsu atau telah diubah."
        ) from None
    return token
