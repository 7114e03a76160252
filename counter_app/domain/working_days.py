"""Working days of the office: what a slip may promise as the day to come back.

A kecamatan office serves Monday to Friday; it is closed on national public holidays
(Keppres on hari libur nasional) and on cuti bersama (SKB Menteri Agama, Menaker and
MenPAN-RB each year, for civil servants), and on days the office itself declares closed.
The calendar of holidays comes from outside (services/office_days.py); this module only
applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

from counter_app.domain.errors import ValidationError

SATURDAY = 5
MAX_CLOSED_RUN = 60  # no office is closed two months in a row: a guard against bad data


def is_working_day(day: dt.date, closed: Container[dt.date]) -> bool:
    """Monday to Friday and not a holiday or office day off."""
    return day.weekday() < SATURDAY and day not in closed


def next_working_day(day: dt.date, closed: Container[dt.date]) -> dt.date:
    """``day`` itself when the office is open then, else the first working day after it."""
    for offset in range(MAX_CLOSED_RUN):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(candidate, closed):
            return candidate
    # Never a closed day passed off as a working one: the calendar itself is wrong.
    raise ValidationError(
        f"Kantor tercatat tutup {MAX_CLOSED_RUN} hari berturut-turut sejak "
        f"{day:%d-%m-%Y}: tidak ada hari kerja untuk tanggal perkiraan siap. "
        "Periksa daftar hari libur kantor.", field="day")
