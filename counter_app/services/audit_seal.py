"""Signing the audit chain's head, and this PC's own copy of the newest signed head.

A bare hash chain can be recomputed by whoever can write the table. So every transaction
that writes audit rows also signs the new head (row number and hash) with this PC's
Ed25519 key, the key already registered for slips, whose private half never enters the
database. After the commit the signed head is also written to a small file in this PC's
config folder, outside the database: a tail cut off later, or a log emptied, is seen
against it even when the head row and the signatures in the database were rolled back
too. Day close archives the signed head with the day's report.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session

from counter_app.models import AuditHead, AuditHeadSignature, AuditLog
from counter_app.models.base import table, utcnow
from counter_app.paths import config_dir
from counter_app.services.actor import workstation_name

if TYPE_CHECKING:
    from counter_app.services.keys import Signer

ENV_ANCHOR_DIR = "COUNTER_APP_AUDIT_ANCHOR_DIR"
DIRTY = "audit_head_dirty"
_PENDING = "audit_head_pending_anchor"
_NEW_LOG = "audit_log_started"
_anchor_lock = threading.Lock()  # the heads waiting to be written
_file_lock = threading.Lock()  # the files themselves
# The copy in the config folder as last read, by database, with the file's size and
# modification time: another process of this PC (the kiosk beside the counter app)
# writes the same file, so it is read again whenever it changed.
_on_disk: dict[str, tuple[tuple[int, int], SignedHead]] = {}


@dataclass(frozen=True)
class SignedHead:
    """A chain head (row number and hash) and a key's signature over it."""

    seq: int
    head_hash: str
    key_id: str
    signature: str  # hex

    def message(self) -> bytes:
        """The exact bytes the signature covers."""
        return head_message(self.seq, self.head_hash)

    def valid_with(self, public_key: Ed25519PublicKey) -> bool:
        """True when the signature is genuine for this key."""
        try:
            public_key.verify(bytes.fromhex(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True


def head_message(seq: int, head_hash: str) -> bytes:
    """What a head signature covers: a tag, the row number and the row's hash."""
    return f"KTPAUDIT1.{seq}.{head_hash}".encode("ascii", "replace")


def sign_head(session: Session, seq: int, head_hash: str) -> SignedHead:
    """The head signed by this PC's key (registered in ``session`` when new)."""
    from counter_app.services.keys import session_signer

    signer = session_signer(session)
    return SignedHead(seq, head_hash, signer.key_id, signer.sign_bytes(
        head_message(seq, head_hash)))


_HEAD_NOW = "audit_head_now"


def note_head(session: Session, seq: int, head_hash: str) -> None:
    """Called by ``audit`` when it moves the head: what to sign, with no query to read it."""
    session.info[_HEAD_NOW] = (seq, head_hash)


def note_previous(session: Session, seq: int, head_hash: str) -> None:
    """The head as it stood before this transaction's first row (row number and hash).

    When it is the head this PC kept, the chain still holds that head without a query
    (see ``_extends_known_head``).
    """
    if session.info.get(_HEAD_BEFORE) is None:
        session.info[_HEAD_BEFORE] = (seq, head_hash)


def note_kept_check(session: Session, kept: SignedHead | None, row_hash: str | None) -> None:
    """This PC's kept head and the hash the chain holds at its row, read under the lock.

    ``audit`` reads both when it points the head at a new row, so the check at commit
    (``_extends_known_head``) needs neither the file nor a query again.
    """
    session.info[_KEPT_CHECK] = (kept, row_hash)


def kept_head(session: Session) -> SignedHead | None:
    """The newest head this PC kept for this database (None: none yet).

    ``audit`` reads the chain's hash at its row in the statement that points the head at
    a new row (``note_kept_check``).
    """
    return _kept_head(_database_name(session))


def signer_at_hand(session: Session) -> Signer | None:
    """This PC's signer when it was found registered a moment ago, without a query.

    ``audit`` then signs each new head in the statement that writes its row; otherwise
    (None) the head is signed at commit, where the key is looked up and registered.
    """
    from counter_app.services.keys import recent_signer

    return recent_signer(session)


def signature_values(session: Session, signer: Signer, seq: int,
                     head_hash: str) -> dict[str, Any]:
    """The head signed by ``signer``: the values of its ``audit_head_signatures`` row.

    Stored with ``UPDATE_SIGNATURE`` (``signature_params``); once it is, call
    ``mark_written(..., signed=True)``: the commit then has nothing left to sign.
    """
    signed = SignedHead(seq, head_hash, signer.key_id,
                        signer.sign_bytes(head_message(seq, head_hash)))
    session.info[_SIGNED] = signed
    return {"key_id": signer.key_id, "seq": seq, "head_hash": head_hash,
            "signature": signed.signature, "signed_at": utcnow(),
            "workstation": workstation_name()}


_SIGNATURES = table(AuditHeadSignature)
# Built once (a counter signs at every write); its parameters: ``signature_params``.
UPDATE_SIGNATURE = update(_SIGNATURES).where(_SIGNATURES.c.key_id == bindparam("s_key_id")) \
    .values({c.name: bindparam(f"s_{c.name}", type_=c.type)
             for c in _SIGNATURES.c if c.name != "key_id"})


def signature_params(values: dict[str, Any]) -> dict[str, Any]:
    """``signature_values`` as the parameters of ``UPDATE_SIGNATURE``."""
    return {f"s_{name}": value for name, value in values.items()}


_HEAD_BEFORE = "audit_head_follows"
_KEPT_CHECK = "audit_kept_head_check"
_SIGNED = "audit_head_signed"


def mark_written(session: Session, kind: str = "", *, signed: bool = False) -> None:
    """Called by ``audit`` after each row: the head must be signed before this commits.

    ``signed``: the row's statement already stored the new head's signature.
    """
    if not signed:
        session.info[DIRTY] = True
    if kind in LOG_RESTARTS:
        session.info[_NEW_LOG] = True


# Rows after which this PC's kept copy of the head is history, not evidence: an office set
# up in an empty database (its log starts there), and an admin's audited restore of a
# backup (its log goes on from the backup's head). Only the app writes these rows inside
# a session; a row inserted by SQL does not restart anything.
LOG_RESTARTS = frozenset({"office.init", "backup.restore"})


def _sign_at_commit(session: Session) -> None:
    if session.info.pop(DIRTY, False):
        _sign_head_row(session, recently_checked_ok=True)
        return
    signed = session.info.get(_SIGNED)
    if signed is not None:  # signed with its row (``signature_values``)
        _keep_if_it_extends(session, signed)


def _sign_head_row(session: Session, *, recently_checked_ok: bool) -> None:
    from counter_app.models import SigningKey
    from counter_app.services.keys import session_signer

    # Registering a new key writes an audit row itself: sign after that.
    signer = session_signer(session, recently_checked_ok=recently_checked_ok)
    session.info.pop(DIRTY, None)
    now = session.info.pop(_HEAD_NOW, None)
    if now is None:
        head = session.get(AuditHead, 1)
        if head is None:
            return
        now = (head.seq, head.last_hash)
    values = signature_values(session, signer, *now)
    session.flush()
    # One statement at each write; the insert happens once per key.
    done = session.connection().execute(UPDATE_SIGNATURE, signature_params(values))
    if done.rowcount == 0:
        if recently_checked_ok and session.get(SigningKey, signer.key_id) is None:
            # The key's row is gone (e.g. a restored database): register it, then sign.
            _sign_head_row(session, recently_checked_ok=False)
            return
        session.add(AuditHeadSignature(**values))
    _keep_if_it_extends(session, session.info[_SIGNED])


def _keep_if_it_extends(session: Session, signed: SignedHead) -> None:
    """Keep ``signed`` as this PC's newest head after the commit, if it extends the last.

    It does when the chain still holds the head kept before it, or the log restarted.
    """
    database = _database_name(session)
    if session.info.get(_NEW_LOG) or _extends_known_head(session, database):
        session.info[_PENDING] = (database, signed)
    # Otherwise the chain no longer holds the head this PC kept: the copy is evidence of a
    # cut or a rewrite, and it stays as it is for `audit verify` to report.


def _kept_head(database: str) -> SignedHead | None:
    """This PC's newest kept head of ``database``: waiting to be written, or on disk."""
    with _anchor_lock:
        waiting = _waiting.get(database)
    with _file_lock:
        on_disk = _disk_head(database)
    candidates = [h for h in (waiting, on_disk) if h is not None]
    return max(candidates, key=lambda h: h.seq) if candidates else None


def _extends_known_head(session: Session, database: str) -> bool:
    """True when the chain still holds this PC's newest kept head (written or waiting).

    When it does not, the kept head is evidence of a cut or a rewrite: it is written to
    the config folder now, and no newer head replaces it.
    """
    checked = session.info.get(_KEPT_CHECK)
    # Read with this transaction's newest row, under the lock (``note_kept_check``).
    known, row_hash = checked if checked is not None else (_kept_head(database), None)
    if known is None:
        return True
    if session.info.get(_HEAD_BEFORE) == (known.seq, known.head_hash):
        return True  # this transaction's first row follows the kept head itself
    if checked is None:
        row_hash = session.execute(select(AuditLog.row_hash).where(
            AuditLog.seq == known.seq)).scalar_one_or_none()
    if row_hash == known.head_hash:
        return True
    with _anchor_lock:
        waiting = _waiting.get(database)
    if known is waiting:
        flush_anchors(database)
    return False


# The copy in the config folder is rewritten at most this often while writes stream in
# (a busy counter commits many times a second); the newest head waiting is written at the
# next commit after the interval, by ``flush_anchors``, or at exit.
ANCHOR_INTERVAL_S = 0.5
_waiting: dict[str, SignedHead] = {}
_written_at: dict[str, float] = {}


def _after_commit(session: Session) -> None:
    session.info.pop(_HEAD_NOW, None)
    session.info.pop(_HEAD_BEFORE, None)
    session.info.pop(_KEPT_CHECK, None)
    session.info.pop(_SIGNED, None)
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    database, head = pending
    if session.info.pop(_NEW_LOG, False):
        forget(database)
    with _anchor_lock:
        known = _waiting.get(database)
        if known is None or known.seq < head.seq:
            _waiting[database] = head
        due = time.monotonic() - _written_at.get(database, 0.0) >= ANCHOR_INTERVAL_S
    if due:
        flush_anchors(database)
    else:
        _flush_soon()


_timer: threading.Timer | None = None


def _flush_soon() -> None:
    """Write the heads still waiting once the interval has passed, even with no commit.

    Without it the newest head of a burst waited for the next commit or the exit, and
    a PC that lost power in between kept an older head than the chain held.
    """
    global _timer
    with _anchor_lock:
        if _timer is not None and _timer.is_alive():
            return
        _timer = threading.Timer(ANCHOR_INTERVAL_S, flush_anchors)
        _timer.daemon = True
        _timer.start()


def flush_anchors(database: str | None = None) -> None:
    """Write the newest signed heads waiting to this PC's config folder now."""
    with _anchor_lock:
        names = [database] if database is not None else list(_waiting)
        heads = [(name, _waiting.pop(name)) for name in names if name in _waiting]
        for name, _head in heads:
            _written_at[name] = time.monotonic()
    for name, head in heads:
        # The database already holds the change: a config folder that cannot be written
        # must not turn a saved action into an error. Verification says what it misses.
        with contextlib.suppress(OSError):
            remember(name, head)


atexit.register(flush_anchors)


def _after_rollback(session: Session) -> None:
    session.info.pop(_HEAD_NOW, None)
    session.info.pop(_HEAD_BEFORE, None)
    session.info.pop(_KEPT_CHECK, None)
    session.info.pop(_SIGNED, None)
    session.info.pop(_PENDING, None)
    session.info.pop(DIRTY, None)
    session.info.pop(_NEW_LOG, None)


event.listen(Session, "before_commit", _sign_at_commit)
event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_soft_rollback", lambda session, _tx: _after_rollback(session))


# --- the local anchor: this PC's copy of the newest head it signed or checked -----------

def _database_name(session: Session) -> str:
    from counter_app.services.keys import database_name

    return database_name(session)


def anchor_dir() -> Path:
    """Where this PC keeps its copies (``COUNTER_APP_AUDIT_ANCHOR_DIR`` overrides it)."""
    return Path(os.environ.get(ENV_ANCHOR_DIR) or config_dir() / "audit-heads")


def anchor_path(database: str) -> Path:
    """This PC's copy of the newest signed head of one database (by its URL)."""
    name = hashlib.sha256(database.encode("utf-8")).hexdigest()[:24]
    return anchor_dir() / f"{name}.json"




def read_anchor(database: str) -> SignedHead | None:
    """The newest signed head this PC knows for ``database``, or None."""
    try:
        data: Any = json.loads(anchor_path(database).read_text("utf-8"))
        return SignedHead(int(data["seq"]), str(data["head_hash"]), str(data["key_id"]),
                          str(data["signature"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _disk_head(database: str) -> SignedHead | None:
    """The head in this PC's copy now (read again when another process changed it)."""
    stamp = _stamp(anchor_path(database))
    if stamp is None:
        _on_disk.pop(database, None)
        return None
    cached = _on_disk.get(database)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    head = read_anchor(database)
    if head is not None:
        _on_disk[database] = (stamp, head)
    return head


def remember(database: str, head: SignedHead) -> None:
    """Keep ``head`` as this PC's newest known head when it is newer (owner-only file).

    Every process of this PC (the counter app, the kiosk, a command) writes the same
    file: they take turns on a lock file beside it, and each reads the file again under
    the lock, so an older head never replaces a newer one another process kept.
    """
    from counter_app.db import _unlock, lock_file_by

    path = anchor_path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _file_lock:
        fd = os.open(path.with_name(f"{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not lock_file_by(fd, time.monotonic() + 5):
                raise OSError(f"{path.name}.lock tetap dipegang proses lain")
            try:
                known = _disk_head(database)
                if known is not None and known.seq >= head.seq:
                    return
                tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(out, "w", encoding="utf-8") as handle:
                    json.dump({"database": database, "seq": head.seq,
                               "head_hash": head.head_hash, "key_id": head.key_id,
                               "signature": head.signature}, handle)
                os.replace(tmp, path)
                stamp = _stamp(path)
                if stamp is not None:
                    _on_disk[database] = (stamp, head)
            finally:
                _unlock(fd)
        finally:
            os.close(fd)


def forget(database: str) -> None:
    """Drop this PC's copy (after an audited restore put an older database in place)."""
    with _anchor_lock:
        _waiting.pop(database, None)
    with _file_lock, contextlib.suppress(FileNotFoundError):
        _on_disk.pop(database, None)
        anchor_path(database).unlink()
