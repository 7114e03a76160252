"""NIK (Nomor Induk Kependudukan): parsing, cross-checks and masking.

Builds on python-stdnum's ``stdnum.id.nik`` (cleaning, the digit and length checks)
and adds what a KTP-el counter needs: a known province, a real birth date (women's
day + 40) in the right century, a serial other than 0000, no birth date in the
future, and a check against the birth date and sex the clerk entered.

The region in a NIK is where it was first issued and never changes: a NIK from
another kecamatan, city or province is valid here. Nor does the NIK change when the
birth date or sex is corrected (PP 40/2019 art. 30(2)): NIKs whose date part disagrees
with the person exist and stay valid, so ``nik_mismatches`` reports a disagreement as a
warning for the clerk to explain, never as an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.id import nik as stdnum_nik

from counter_app.domain.errors import ValidationError
from counter_app.domain.input_policy import require_birth_date
from counter_app.domain.wilayah import province_name

SEXES = ("L", "P")
MAX_PLAUSIBLE_AGE = 110


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: str
    serial: str
    # Every birth date the NIK allows that is not in the future, latest first: two
    # when the two-digit year fits two centuries (1925 and 2025 in 2026).
    birth_dates: tuple[dt.date, ...] = ()

    @property
    def century_ambiguous(self) -> bool:
        """True when the NIK alone cannot tell the century of the birth."""
        return len(self.birth_dates) > 1

    def describe_birth(self, today: dt.date) -> str:
        """What the NIK says of the birth, naming both centuries when it fits two.

        "lahir 01-01-2025 (1 tahun) atau 01-01-1925 (101 tahun)": a 101-year-old is never
        called "1 tahun" without the other reading next to it.
        """
        dates = self.birth_dates or (self.birth_date,)
        return "lahir " + " atau ".join(
            f"{d:%d-%m-%Y} ({_age(d, today)} tahun)" for d in dates)

    @property
    def province_name(self) -> str:
        """The province's name (the code is known, or the NIK would not parse)."""
        return province_name(self.province_code) or self.province_code

    @property
    def masked(self) -> str:
        """The NIK as it may leave the office: first 6 and last 4 digits."""
        return mask_nik(self.nik)


def clean_number(value: str) -> str:
    """Strip the spaces, dots and dashes people and scanners put in a number."""
    return str(stdnum_nik.compact(value or ""))


def require_16_digits(number: str, what: str) -> None:
    """Raise ValidationError unless ``number`` (already cleaned) is 16 ASCII digits."""
    if not number:
        raise ValidationError(f"{what} wajib diisi.", field=what.lower())
    if not number.isascii() or not number.isdigit():
        raise ValidationError(f"{what} hanya boleh berisi angka.", field=what.lower())
    if len(number) != 16:
        raise ValidationError(
            f"{what} harus 16 digit, yang diisi {len(number)} digit.", field=what.lower()
        )


def require_known_province(code: str, what: str) -> None:
    """Raise ValidationError unless ``code`` is one of the 38 province codes."""
    if province_name(code) is None:
        raise ValidationError(
            f"Kode provinsi {code} pada {what} tidak dikenal.", field=what.lower()
        )


def parse_nik(
    nik: str,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    *,
    today: dt.date | None = None,
) -> NikInfo:
    """Parse and check a NIK; raise ValidationError with a message in Bahasa Indonesia.

    Without ``birth_date`` the century is the latest one that does not put the birth in
    the future. With it, the century comes from it and any disagreement in day, month
    or year is an error naming the part; with ``sex`` ("L"/"P"), a mismatch with the
    NIK's day (+40 for women) is an error too.
    """
    today = today or dt.date.today()
    number = clean_number(nik)
    require_16_digits(number, "NIK")
    require_known_province(number[:2], "NIK")
    if number[12:] == "0000":
        raise ValidationError("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.", field="nik")

    raw_day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    nik_sex = "P" if raw_day > 40 else "L"
    day = raw_day - 40 if raw_day > 40 else raw_day
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        raise ValidationError(
            f"Tanggal lahir pada NIK ({number[6:8]}-{number[8:10]}-{number[10:12]}) tidak sah "
            "(perempuan: tanggal ditambah 40).",
            field="nik",
        )

    if sex is not None:
        sex = sex.strip().upper()
        if sex not in SEXES:
            raise ValidationError("Jenis kelamin harus L atau P.", field="sex")
        if sex != nik_sex:
            said = "perempuan" if nik_sex == "P" else "laki-laki"
            entered = "perempuan" if sex == "P" else "laki-laki"
            raise ValidationError(
                f"Jenis kelamin tidak sesuai dengan NIK: NIK menunjukkan {said}, "
                f"yang diisi {entered}.",
                field="sex",
            )

    candidates = _dates_in_centuries(day, month, yy, today)
    if birth_date is not None:
        # 1900..today keeps the entered year in the NIK's century (its YY is ambiguous).
        require_birth_date(birth_date, today, field="birth_date")
        born = _check_against_entered(day, month, yy, birth_date)
    else:
        born = _date_in_latest_century(day, month, yy, today)
    if born > today:
        raise ValidationError("Tanggal lahir pada NIK ada di masa depan.", field="nik")

    return NikInfo(
        nik=number,
        province_code=number[:2],
        regency_code=number[:4],
        district_code=number[:6],
        birth_date=born,
        sex=nik_sex,
        serial=number[12:],
        birth_dates=candidates,
    )


def _age(born: dt.date, today: dt.date) -> int:
    years = today.year - born.year
    return years - 1 if (today.month, today.day) < (born.month, born.day) else years


def _dates_in_centuries(day: int, month: int, yy: int, today: dt.date) -> tuple[dt.date, ...]:
    found = []
    for century in (2000, 1900):
        try:
            when = dt.date(century + yy, month, day)
        except ValueError:
            continue
        # Both readings only while the older one is a plausible living applicant.
        if when <= today and _age(when, today) <= MAX_PLAUSIBLE_AGE:
            found.append(when)
    return tuple(found)


SEX_WORDS = {"L": "laki-laki", "P": "perempuan"}


@dataclass(frozen=True)
class NikMismatch:
    """A disagreement between the NIK and the entered data; a warning, not an error.

    ``element`` is the form's field (``tanggal_lahir`` or ``jenis_kelamin``).
    """

    element: str
    nik_value: str
    entered_value: str

    @property
    def message(self) -> str:
        """The warning shown next to the field, naming both values."""
        what = "Tanggal lahir" if self.element == "tanggal_lahir" else "Jenis kelamin"
        return (f"{what} berbeda dengan NIK: NIK menunjukkan {self.nik_value}, yang diisi "
                f"{self.entered_value}. NIK tetap (PP 40/2019); pilih alasannya.")

    def as_dict(self) -> dict[str, str]:
        """JSON-friendly fields."""
        return {"element": self.element, "nik": self.nik_value,
                "entered": self.entered_value}


def nik_mismatches(nik: str, birth_date: dt.date | None, sex: str | None,
                   *, today: dt.date | None = None) -> tuple[NikMismatch, ...]:
    """Where the entered birth date or sex disagrees with a valid NIK (else empty).

    The century is not compared for a birth date: the NIK holds two digits of the year.
    Raises ValidationError only when the NIK itself is invalid.
    """
    info = parse_nik(nik, today=today)
    found = []
    if birth_date is not None and (
            (birth_date.day, birth_date.month, birth_date.year % 100)
            != (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100)):
        raw = info.nik[6:12]
        shown = f"{int(raw[:2]) % 40:02d}-{raw[2:4]}-{raw[4:6]}"
        found.append(NikMismatch("tanggal_lahir", shown, f"{birth_date:%d-%m-%Y}"))
    if sex is not None and sex.strip().upper() in SEXES and sex.strip().upper() != info.sex:
        found.append(NikMismatch("jenis_kelamin", SEX_WORDS[info.sex],
                                 SEX_WORDS[sex.strip().upper()]))
    return tuple(found)


def _check_against_entered(day: int, month: int, yy: int, entered: dt.date) -> dt.date:
    parts = []
    if day != entered.day:
        parts.append(f"tanggal ({day:02d} pada NIK, {entered.day:02d} diisi)")
    if month != entered.month:
        parts.append(f"bulan ({month:02d} pada NIK, {entered.month:02d} diisi)")
    if yy != entered.year % 100:
        parts.append(f"tahun ({yy:02d} pada NIK, {entered.year % 100:02d} diisi)")
    if parts:
        raise ValidationError(
            "Tanggal lahir tidak sesuai dengan NIK: " + ", ".join(parts) + ".",
            field="birth_date",
        )
    return entered


def _date_in_latest_century(day: int, month: int, yy: int, today: dt.date) -> dt.date:
    # The holder is alive and registered: prefer 20yy, fall back to 19yy when 20yy is
    # in the future or does not exist (29 February in a year that is not leap).
    candidates = []
    for century in (2000, 1900):
        try:
            candidates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValidationError(
            f"Tanggal lahir pada NIK ({day:02d}-{month:02d}-{yy:02d}) bukan tanggal yang ada.",
            field="nik",
        )
    past = [c for c in candidates if c <= today]
    return past[0] if past else candidates[0]


def mask_nik(nik: str) -> str:
    """Show only the first 6 and last 4 digits: ``167104******0001``.

    Anything that is not a 16-digit number is masked whole, so a typo never leaks.
    """
    number = clean_number(nik)
    if len(number) != 16 or not number.isdigit():
        return "*" * len(number)
    return number[:6] + "*" * 6 + number[12:]
