"""Nomor KK (Kartu Keluarga, the family card number).

Sixteen digits: six of the issuing region, the DDMMYY date the number was made,
and a four-digit serial that is never 0000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import clean_number, require_16_digits, require_known_province


@dataclass(frozen=True)
class KkInfo:
    """What a valid nomor KK says."""

    kk: str
    province_code: str
    regency_code: str
    district_code: str
    issued_on: dt.date
    serial: str


def parse_kk(kk: str, *, today: dt.date | None = None) -> KkInfo:
    """Parse and check a nomor KK; raise ValidationError with a message in Bahasa Indonesia."""
    today = today or dt.date.today()
    number = clean_number(kk)
    require_16_digits(number, "Nomor KK")
    require_known_province(number[:2], "nomor KK")
    if number[12:] == "0000":
        raise ValidationError(
            "Nomor urut KK (4 digit terakhir) tidak boleh 0000.", field="nomor kk"
        )
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    issued: dt.date | None = None
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            issued = candidate
            break
    if issued is None:
        raise ValidationError(
            f"Tanggal pada nomor KK ({number[6:8]}-{number[8:10]}-{number[10:12]}) "
            "bukan tanggal yang sah.",
            field="nomor kk",
        )
    return KkInfo(
        kk=number,
        province_code=number[:2],
        regency_code=number[:4],
        district_code=number[:6],
        issued_on=issued,
        serial=number[12:],
    )
