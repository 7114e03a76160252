"""Users and the hash-chained audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.models.base import Base, UtcDateTime, utcnow


class User(Base):
    """A person who logs in; the password only as an argon2id hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    nip: Mapped[str] = mapped_column(String(30), default="")
    jabatan: Mapped[str] = mapped_column(String(100), default="")  # printed under a signature
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class LoginSession(Base):
    """One successful login; services accept an actor only with its open session's token.

    Only a SHA-256 of the token is stored; the token lives in the logged-in process.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    workstation: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AuditLog(Base):
    """One change of state: who, when, where, what, before and after.

    Append-only. ``row_hash`` is the SHA-256 of ``prev_hash`` and the row's content,
    so editing, removing or inserting a row breaks the chain.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(40), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row every audit write updates first.

    Updating it takes a row lock (PostgreSQL) or the write lock (SQLite), so two
    counters writing at once append one after the other and the chain never forks.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    # Rows up to this number were written before heads were signed (schema 0016).
    unsigned_upto: Mapped[int] = mapped_column(Integer, default=0)


class AuditHeadSignature(Base):
    """The newest chain head a PC's key signed: one row per key, replaced at each write.

    The signature covers the row number and hash of the head, so a chain edited and
    re-hashed by someone without the key no longer matches any signed head.
    """

    __tablename__ = "audit_head_signatures"

    key_id: Mapped[str] = mapped_column(ForeignKey("signing_keys.key_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))  # hex
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    workstation: Mapped[str] = mapped_column(String(100), default="")
