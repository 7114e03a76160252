"""Dates and times written the Indonesian way ("Rabu, 9 Januari 2019 08.15")."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.errors import ValidationError

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")


def format_date(day: dt.date) -> str:
    """``Rabu, 9 Januari 2019``."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: dt.datetime) -> str:
    """``Rabu, 9 Januari 2019 08.15`` (Indonesian writes a dot between hours and minutes)."""
    return f"{format_date(moment.date())} {moment.hour:02d}.{moment.minute:02d}"


def parse_iso_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; ValidationError in Bahasa Indonesia otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"Tanggal '{text.strip()[:20]}' tidak sah; tulis sebagai TTTT-BB-HH, "
            "misalnya 2019-01-09."
        ) from None
