"""Who may hold a KTP-el: 17 or older, or married or ever married.

UU 24/2013 art. 63(1) and Perpres 96/2018 art. 15: a WNI, or a foreigner with a KITAP,
"telah berusia 17 tahun, sudah kawin, atau pernah kawin". Under 17 the marriage must be
shown by its deed in the checklist (buku nikah / akta perkawinan, or the akta cerai /
kematian of the spouse): the status the clerk picks is not proof. From 16 a person may
be recorded; the card is printed from the 17th birthday (Dirjen Dukcapil, Jan 2018).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from counter_app.domain.reference import EVER_MARRIED

CARD_AGE = 17
RECORDING_AGE = 16


class Eligibility(enum.StrEnum):
    """The outcome of the eligibility check."""

    ELIGIBLE = "ELIGIBLE"
    RECORD_ONLY = "RECORD_ONLY"  # 16: recorded now, printed from the 17th birthday
    NOT_ELIGIBLE = "NOT_ELIGIBLE"


@dataclass(frozen=True)
class EligibilityResult:
    """The verdict, the date the card may be printed from, and a message for the clerk."""

    status: Eligibility
    printable_from: dt.date | None
    message: str

    @property
    def may_record(self) -> bool:
        """True when the clerk may go on with the recording."""
        return self.status is not Eligibility.NOT_ELIGIBLE


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``; someone born on 29 February ages on 1 March."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birthday_at(birth_date: dt.date, age: int) -> dt.date:
    """The date a person turns ``age``; 29 February births turn it on 1 March."""
    year = birth_date.year + age
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a year that is not leap
        return dt.date(year, 3, 1)


def needs_marriage_proof(birth_date: dt.date, status_perkawinan: str, today: dt.date) -> bool:
    """True for someone under 17 who says they are or were married."""
    return age_on(birth_date, today) < CARD_AGE and status_perkawinan in EVER_MARRIED


def check_eligibility(
    birth_date: dt.date, status_perkawinan: str, today: dt.date,
    marriage_proof: bool = False,
) -> EligibilityResult:
    """Decide whether a person may be recorded today and when the card may be printed.

    ``marriage_proof``: the deed of the marriage is ticked in the checklist. Without it
    a married person under 17 is judged by age alone.
    """
    age = age_on(birth_date, today)
    if age >= CARD_AGE:
        return EligibilityResult(
            Eligibility.ELIGIBLE, today, "Memenuhi syarat: usia 17 tahun atau lebih."
        )
    married = status_perkawinan in EVER_MARRIED
    if married and marriage_proof:
        return EligibilityResult(
            Eligibility.ELIGIBLE, today,
            f"Memenuhi syarat: usia {age} tahun, sudah/pernah kawin dengan bukti perkawinan.",
        )
    seventeen = birthday_at(birth_date, CARD_AGE)
    if married and age < RECORDING_AGE:
        return EligibilityResult(
            Eligibility.NOT_ELIGIBLE, seventeen,
            f"Usia {age} tahun: sudah/pernah kawin hanya memenuhi syarat dengan bukti "
            "perkawinan (buku nikah/akta perkawinan, akta cerai, atau akta kematian "
            "pasangan) yang dicentang pada daftar dokumen.",
        )
    if age >= RECORDING_AGE:
        return EligibilityResult(
            Eligibility.RECORD_ONLY, seventeen,
            f"Usia {age} tahun: boleh direkam sekarang, KTP-el dicetak mulai ulang tahun "
            f"ke-17 ({seventeen.day:02d}-{seventeen.month:02d}-{seventeen.year}).",
        )
    return EligibilityResult(
        Eligibility.NOT_ELIGIBLE, seventeen,
        f"Belum memenuhi syarat: usia {age} tahun dan belum pernah kawin. Perekaman "
        f"mulai usia 16 tahun.",
    )
