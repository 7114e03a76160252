"""The jemput bola packet: what an outreach laptop carries home, sealed and signed.

Layout of a packet file::

    "KTPJB1" newline | header length (4 bytes, big-endian) | header (JSON) | ciphertext

The header says which office key it is sealed to, which laptop sent it, its sequence
number and the ciphertext's size; it is not secret, but it is bound to the ciphertext as
associated data, so changing one byte of it fails the decryption as surely as changing
the ciphertext. The ciphertext is ChaCha20-Poly1305 under a key agreed by X25519 between
a fresh ephemeral key and the office's receiving key (HKDF-SHA256): only the holder of
the office's private key can open it (an "authenticated sealed box").

Inside is a ZIP (stored, the photos are already compressed) of the data files plus
``manifest.json``, which lists every file with its SHA-256 and size together with the
office, the laptop and the sequence, and ``manifest.sig``, the laptop's Ed25519
signature over the manifest's exact bytes. A packet is accepted only if the decryption
succeeds, the signature is genuine, and every file matches the manifest (no file missing,
none added).

The confirmation the office issues after an import is a small JSON document signed by the
office's Ed25519 key, naming the laptop, the sequence and every recording the office now
holds: only those may be purged from the laptop.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from counter_app.domain.errors import ValidationError

MAGIC = b"KTPJB1\n"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAIRING_FORMAT = "KTPJB-PAIR1"
CONFIRMATION_FORMAT = "KTPJB-CONF1"
_MAX_HEADER = 4096
_LAPTOP_CODE = re.compile(r"^L[0-9]{2}$")


class PacketError(ValidationError):
    """A packet, pairing file or confirmation that must be refused; nothing is changed."""


def raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def office_key_id(box_public: X25519PublicKey, sign_public: Ed25519PublicKey) -> str:
    """A short id of the office's packet key pair: 8 hex digits of SHA-256."""
    return hashlib.sha256(raw_public(box_public) + raw_public(sign_public)).hexdigest()[:8]


def laptop_code(number: int) -> str:
    """``L01`` for the first laptop of an office; the prefix of its slip numbers."""
    if not 1 <= number <= 99:
        raise ValidationError("Kantor ini sudah memasangkan 99 laptop; cabut yang lama dulu.")
    return f"L{number:02d}"


def require_laptop_code(code: str) -> str:
    """``code`` when it is a laptop code (L01..L99)."""
    if not _LAPTOP_CODE.match(code or ""):
        raise PacketError("Kode laptop tidak sah.")
    return code


def laptop_slip_number(office_code: str, code: str, day: dt.date, seq: int) -> str:
    """A slip number that no office counter can issue: ``167104-L01-190109-0001``."""
    return f"{office_code}-{require_laptop_code(code)}-{day:%y%m%d}-{seq:04d}"


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data``, hex."""
    return hashlib.sha256(data).hexdigest()


def canonical_json(value: Any) -> bytes:
    """The one byte spelling of ``value`` that is signed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class PacketHeader:
    """The clear part of a packet."""

    office_code: str
    office_key_id: str
    laptop_key_id: str
    laptop_code: str
    sequence: int
    created_at: str
    ephemeral: str  # X25519 public key, hex
    nonce: str  # 12 bytes, hex
    size: int  # of the ciphertext

    def as_json(self) -> dict[str, Any]:
        """The header's fields."""
        return dict(vars(self))


@dataclass(frozen=True)
class OpenedPacket:
    """A decrypted packet whose files match its manifest (signature not yet checked)."""

    header: PacketHeader
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    files: dict[str, bytes]

    def verify_signature(self, laptop_public: Ed25519PublicKey) -> None:
        """PacketError unless the laptop's key signed this manifest."""
        try:
            laptop_public.verify(self.signature, self.manifest_bytes)
        except InvalidSignature:
            raise PacketError("Tanda tangan laptop pada paket tidak sah: paket ini palsu "
                              "atau telah diubah. Tidak ada yang diimpor.") from None

    def json_file(self, name: str) -> Any:
        """A JSON file of the packet."""
        try:
            return json.loads(self.files[name].decode("utf-8"))
        except (KeyError, ValueError):
            raise PacketError(f"Paket tidak lengkap: berkas {name} tidak ada atau rusak.") \
                from None


def _cipher_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=b"KTPJB1 packet").derive(shared)


def seal(files: Mapping[str, bytes], *, office_code: str, office_key: str,
         office_box_public: X25519PublicKey, laptop_private: Ed25519PrivateKey,
         laptop_key_id: str, code: str, sequence: int, created_at: dt.datetime,
         extra: Mapping[str, Any] | None = None) -> bytes:
    """Sign a manifest of ``files`` with the laptop's key and seal it all to the office.

    ``extra`` adds fields to the signed manifest.
    """
    reserved = {MANIFEST, SIGNATURE} & set(files)
    if reserved:
        raise ValueError(f"reserved packet file names: {reserved}")
    manifest = dict(extra or {}) | {
        "format": "KTPJB-MANIFEST1", "office": office_code, "office_key": office_key,
        "laptop_key": laptop_key_id, "laptop_code": code, "sequence": sequence,
        "created_at": created_at.isoformat(),
        "files": {name: {"sha256": sha256_hex(data), "size": len(data)}
                  for name, data in sorted(files.items())},
    }
    manifest_bytes = canonical_json(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, laptop_private.sign(manifest_bytes))
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    plain = buffer.getvalue()
    ephemeral = X25519PrivateKey.generate()
    eph_raw = raw_public(ephemeral.public_key())
    key = _cipher_key(ephemeral.exchange(office_box_public), eph_raw,
                      raw_public(office_box_public))
    nonce = os.urandom(12)
    header = PacketHeader(office_code, office_key, laptop_key_id, code, sequence,
                          created_at.isoformat(), eph_raw.hex(), nonce.hex(),
                          len(plain) + 16)
    header_bytes = canonical_json(header.as_json())
    prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    return prefix + ChaCha20Poly1305(key).encrypt(nonce, plain, prefix)


def read_header(data: bytes) -> tuple[PacketHeader, bytes, bytes]:
    """The header, the associated data and the ciphertext; PacketError when malformed."""
    if not data.startswith(MAGIC):
        raise PacketError("Berkas ini bukan paket jemput bola Loket KTP-el.")
    if len(data) < len(MAGIC) + 4:
        raise PacketError("Paket terpotong; salin ulang paket dari laptop.")
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if length > _MAX_HEADER:
        raise PacketError("Kepala paket rusak; paket tidak diimpor.")
    if len(data) < start + length:
        raise PacketError("Paket terpotong; salin ulang paket dari laptop.")
    header_bytes = data[start:start + length]
    try:
        fields = json.loads(header_bytes.decode("utf-8"))
        header = PacketHeader(
            str(fields["office_code"]), str(fields["office_key_id"]),
            str(fields["laptop_key_id"]), str(fields["laptop_code"]), int(fields["sequence"]),
            str(fields["created_at"]), str(fields["ephemeral"]), str(fields["nonce"]),
            int(fields["size"]))
        bytes.fromhex(header.ephemeral)
        bytes.fromhex(header.nonce)
    except (ValueError, KeyError, TypeError):
        raise PacketError("Kepala paket rusak; paket tidak diimpor.") from None
    ciphertext = data[start + length:]
    if len(ciphertext) < header.size:
        raise PacketError(f"Paket terpotong: hanya {len(ciphertext):,} dari {header.size:,} "
                          "bita isinya ada. Salin ulang paket dari laptop.".replace(",", "."))
    if len(ciphertext) > header.size:
        raise PacketError("Paket berisi bita tambahan di ujungnya: paket telah diubah. "
                          "Tidak ada yang diimpor.")
    return header, data[:start + length], ciphertext


def open_sealed(data: bytes, box_private: X25519PrivateKey) -> OpenedPacket:
    """Decrypt a packet and check its files against the manifest.

    PacketError when any byte was altered, the file is cut short, or the contents do not
    match the manifest. The laptop's signature is checked by the caller, who knows which
    laptops are paired.
    """
    header, aad, ciphertext = read_header(data)
    eph_raw = bytes.fromhex(header.ephemeral)
    try:
        ephemeral = X25519PublicKey.from_public_bytes(eph_raw)
        recipient = raw_public(box_private.public_key())
        key = _cipher_key(box_private.exchange(ephemeral), eph_raw, recipient)
        plain = ChaCha20Poly1305(key).decrypt(bytes.fromhex(header.nonce), ciphertext, aad)
    except (InvalidTag, ValueError):
        raise PacketError("Paket telah diubah atau rusak (pemeriksaan keaslian gagal). "
                          "Tidak ada yang diimpor.") from None
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            names = archive.namelist()
            if len(names) != len(set(names)):
                raise PacketError("Paket berisi berkas ganda; tidak diimpor.")
            contents = {name: archive.read(name) for name in names}
    except (zipfile.BadZipFile, KeyError, OSError):
        raise PacketError("Isi paket rusak; tidak ada yang diimpor.") from None
    manifest_bytes = contents.pop(MANIFEST, b"")
    signature = contents.pop(SIGNATURE, b"")
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        listed: dict[str, Any] = manifest["files"]
    except (ValueError, KeyError, TypeError):
        raise PacketError("Daftar berkas paket tidak ada atau rusak; paket tidak diimpor.") \
            from None
    if set(listed) != set(contents):
        raise PacketError("Isi paket tidak cocok dengan daftar berkasnya; paket tidak "
                          "diimpor.")
    for name, data_ in contents.items():
        if listed[name].get("sha256") != sha256_hex(data_):
            raise PacketError(f"Berkas {name} di dalam paket tidak cocok dengan sidik "
                              "SHA-256-nya; paket tidak diimpor.")
    expected = {"office": header.office_code, "office_key": header.office_key_id,
                "laptop_key": header.laptop_key_id, "laptop_code": header.laptop_code,
                "sequence": header.sequence}
    if any(manifest.get(k) != v for k, v in expected.items()):
        raise PacketError("Kepala paket tidak cocok dengan daftar berkas yang "
                          "ditandatangani; paket tidak diimpor.")
    return OpenedPacket(header, manifest, manifest_bytes, signature, contents)


# --- confirmation ----------------------------------------------------------------------

def sign_document(fields: Mapping[str, Any], private: Ed25519PrivateKey) -> str:
    """A JSON document with an Ed25519 signature over its canonical fields."""
    body = dict(fields)
    signature = private.sign(canonical_json(body))
    body["signature"] = base64.b64encode(signature).decode("ascii")
    return json.dumps(body, ensure_ascii=False, indent=1)


def verify_document(text: str, public: Ed25519PublicKey, fmt: str) -> dict[str, Any]:
    """The fields of a document signed by ``public``; PacketError when forged or altered."""
    try:
        body = json.loads(text)
        if not isinstance(body, dict):
            raise TypeError
        signature = base64.b64decode(body.pop("signature"), validate=True)
    except (ValueError, KeyError, TypeError):
        raise PacketError("Berkas konfirmasi rusak atau bukan konfirmasi jemput bola.") \
            from None
    if body.get("format") != fmt:
        raise PacketError("Berkas ini bukan konfirmasi impor jemput bola.")
    try:
        public.verify(signature, canonical_json(body))
    except InvalidSignature:
        raise PacketError("Tanda tangan kantor pada konfirmasi tidak sah: berkas ini palsu "
                          "atau telah diubah. Data di laptop tidak dihapus.") from None
    return body


def confirmation_fields(*, office_code: str, office_key: str, laptop_key_id: str,
                        code: str, sequence: int, uids: list[str],
                        issued_at: dt.datetime) -> dict[str, Any]:
    """What a confirmation says: this laptop's recordings ``uids`` are safe at the office."""
    return {"format": CONFIRMATION_FORMAT, "office": office_code, "office_key": office_key,
            "laptop_key": laptop_key_id, "laptop_code": code, "sequence": sequence,
            "received": sorted(uids), "issued_at": issued_at.isoformat()}
