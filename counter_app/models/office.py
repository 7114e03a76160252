"""The office profile, its counters, imported regions and admin settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.models.base import Base, UtcDateTime, utcnow


class Office(Base):
    """The one kecamatan office this database serves (a single row, id 1)."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(8))
    kecamatan_name: Mapped[str] = mapped_column(String(100))
    kota_code: Mapped[str] = mapped_column(String(5))
    kota_name: Mapped[str] = mapped_column(String(100))
    provinsi_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    camat_name: Mapped[str] = mapped_column(String(100), default="")
    camat_nip: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The first office day served with this app: day commands refuse earlier dates.
    opened_on: Mapped[dt.date] = mapped_column(Date)


class Counter(Base):
    """A service counter (loket)."""

    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Region(Base):
    """A region imported from a CSV, beyond the built-in Kota Palembang list."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    parent_code: Mapped[str | None] = mapped_column(String(13), nullable=True, index=True)


class Setting(Base):
    """One admin setting, its value as JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class OfficeDayOff(Base):
    """A day the office is closed beyond weekends and national holidays.

    A local holiday or an office event, added by an admin.
    """

    __tablename__ = "office_days_off"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(120))
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
