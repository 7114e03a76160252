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


def day_from_text(text: str) -> dt.date | None:
    """A date written HH-BB-TTTT (with ``-``, ``/`` or ``.``) or TTTT-BB-HH; else None."""
    value = text.strip()
    if len(value) != 10 or not value.isascii():
        return None
    try:
        if value[4] == value[7] == "-" and (value[:4] + value[5:7] + value[8:]).isdigit():
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        if value[2] in "-/." and value[5] == value[2] and \
                (value[:2] + value[3:5] + value[6:]).isdigit():
            return dt.date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:  # 31-02-2026 and the like
        return None
    return None


def parse_typed_date(text: str, field: str | None = None) -> dt.date:
    """A date a person typed (``day_from_text``); ValidationError in Bahasa Indonesia."""
    day = day_from_text(text)
    if day is None:
        raise ValidationError(
            f"Tanggal '{text.strip()[:20]}' tidak sah; tulis HH-BB-TTTT (mis. 24-12-2026) "
            "atau TTTT-BB-HH.", field=field)
    return day
