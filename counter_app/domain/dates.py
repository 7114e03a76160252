"""Dates, times and numbers written the Indonesian way ("Rabu, 9 Januari 2019 08.15").

The names of days and months and the separators come from the CLDR data of ``babel``
(locale ``id``), not from tables of our own.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal

from counter_app.domain.errors import ValidationError

LOCALE = "id"


def format_date(day: dt.date) -> str:
    """``Rabu, 9 Januari 2019``."""
    return str(_babel_date(day, "EEEE, d MMMM y", locale=LOCALE))


def format_long_date(day: dt.date) -> str:
    """``9 Januari 2019`` (no weekday: signature blocks, validity dates)."""
    return str(_babel_date(day, "d MMMM y", locale=LOCALE))


def format_datetime(moment: dt.datetime) -> str:
    """``Rabu, 9 Januari 2019 08.15`` (Indonesian writes a dot between hours and minutes)."""
    return f"{format_date(moment.date())} {_babel_time(moment.time(), 'HH.mm', locale=LOCALE)}"


def month_name(month: int) -> str:
    """``Januari`` for 1 ... ``Desember`` for 12."""
    return str(_babel_date(dt.date(2000, month, 1), "MMMM", locale=LOCALE))


def format_number(value: int | float) -> str:
    """``1.234.567`` (a dot groups thousands, a comma marks decimals)."""
    return str(format_decimal(value, locale=LOCALE))


def parse_iso_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; ValidationError in Bahasa Indonesia otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"Tanggal '{text.strip()[:20]}' tidak sah; tulis sebagai TTTT-BB-HH, "
            "misalnya 2019-01-09."
        ) from None
