"""The declarative base, its constraint naming convention and shared column types."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, TypeVar, cast

from sqlalchemy import DateTime, Dialect, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints make Alembic scripts reproducible and SQLite batch moves possible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone; without this a naive value would be read back as if local.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        """Refuse naive values (an error in the caller) and store the UTC instant."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        """Read back an aware UTC datetime whatever the backend returns."""
        if value is None:
            return None
        moment: dt.datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)


def table(model: type[Base]) -> Table:
    """A model's table, for Core statements built once and run on a hot path."""
    return cast(Table, model.__table__)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


E = TypeVar("E", bound=enum.StrEnum)


class StrEnumColumn(TypeDecorator[E]):
    """An enum stored as its plain value in a VARCHAR, read back as the enum member.

    The column stays the VARCHAR the migrations created (no migration, no data change);
    an unknown value is refused on the way in and on the way out.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum_type: type[E], length: int) -> None:
        super().__init__(length)
        self.enum_type = enum_type

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """The member's value (a plain string naming a member is accepted too)."""
        return None if value is None else str(self.enum_type(value).value)

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        """The member for the stored value."""
        return None if value is None else self.enum_type(value)
