"""One policy for what a person may type: free text, birth dates, service days.

Free text: Unicode NFC; white space folded to single spaces; no control, format
(zero-width, bidi override or mark) or unassigned characters; at most two combining
marks on one letter; a length limit per field. Dates: a birth date from 1 January 1900
to today; a service day from the office's opening day to today.

Every check raises ValidationError with a message in Bahasa Indonesia naming the field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from counter_app.domain.errors import ValidationError

# Length limits (characters after NFC and folding) per kind of field. The applicant's
# name: "jumlah huruf paling banyak 60 (enam puluh) huruf termasuk spasi",
# Permendagri 73/2022 art. 4(2)(b).
PERSON_NAME = 60
STAFF_NAME = 100
PLACE = 60
ADDRESS = 200
DOCUMENT_NUMBER = 60  # a police report number "LP/B/123/I/2019/SPKT/POLRESTA PLG"
REASON = 300
SHORT_TEXT = 120  # sources, references, couriers, event names

# Vietnamese, the most mark-heavy Latin orthography, stacks two marks on one vowel.
MAX_MARKS_PER_LETTER = 2

EARLIEST_BIRTH = dt.date(1900, 1, 1)
# Any date the office types (the same range as the command line's date arguments).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def fold(value: str | None) -> str:
    """NFC, then runs of white space (tabs, line breaks too) folded to single spaces."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def problem(text: str) -> str | None:
    """What is wrong with the characters of already folded ``text``, or None."""
    marks = 0
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category.startswith("C"):  # Cc control, Cf format/bidi, Cs, Co, Cn
            return (f"berisi karakter kendali atau tersembunyi (U+{ord(ch):04X}), misalnya "
                    "pembalik arah teks, yang tidak sah")
        if category.startswith("M"):
            marks += 1
            if index == 0 or text[index - 1] == " " or marks > MAX_MARKS_PER_LETTER:
                return "berisi tanda diakritik yang bertumpuk atau tanpa huruf"
        else:
            marks = 0
    return None


def as_recorded(value: str, limit: int = 200) -> str:
    """``value`` made safe to keep as a record of what someone typed, never refused.

    Control, format and bidi characters are written as ``<U+XXXX>`` (so a record reads
    as it was typed, without ever turning text around on a screen) and a long value is
    cut to ``limit`` characters with its full length noted. For audit rows of attempts
    that may still be refused, e.g. a command line's arguments.
    """
    shown = "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch).startswith("C")
                    and ch != " " else ch for ch in value[: 4 * limit])
    if len(value) <= limit and len(shown) <= limit:
        return shown
    return f"{shown[:limit]}... ({len(value)} karakter)"


def clean_text(value: str | None, *, field: str, label: str, limit: int,
               required: bool = False) -> str:
    """The cleaned text of one field; ValidationError when it breaks the policy."""
    raw = value or ""
    if len(raw) > 4 * limit + 64:  # refuse a flood before normalising it
        raise ValidationError(f"{label} paling banyak {limit} karakter.", field=field)
    text = fold(raw)
    if required and not text:
        raise ValidationError(f"{label} wajib diisi.", field=field)
    wrong = problem(text)
    if wrong:
        raise ValidationError(f"{label} {wrong}.", field=field)
    if len(text) > limit:
        raise ValidationError(f"{label} paling banyak {limit} karakter (terisi {len(text)}).",
                              field=field)
    return text


def clean_reason(value: str | None, what: str, *, field: str = "reason",
                 min_len: int = 5, limit: int = REASON) -> str:
    """A written reason: the text policy plus a minimum length.

    ``what`` names it in the message, e.g. "alasan pembatalan".
    """
    text = clean_text(value, field=field, label=what[:1].upper() + what[1:], limit=limit)
    if len(text) < min_len:
        raise ValidationError(f"Tulis {what} (minimal {min_len} huruf).", field=field)
    return text


def require_birth_date(born: dt.date, today: dt.date, field: str = "tanggal_lahir") -> None:
    """A birth date from 1 January 1900 to today."""
    if born < EARLIEST_BIRTH:
        raise ValidationError("Tanggal lahir tidak boleh sebelum 1 Januari 1900.", field=field)
    if born > today:
        raise ValidationError("Tanggal lahir tidak boleh di masa depan.", field=field)


def require_calendar_date(day: dt.date, field: str = "date") -> None:
    """A date from 1 January 1900 to 31 December 2100."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            f"Tanggal {day.day:02d}-{day.month:02d}-{day.year:04d} di luar rentang "
            f"{EARLIEST_DATE:%Y} sampai "
            f"{LATEST_DATE:%Y}.", field=field)


def require_service_day(day: dt.date, opened_on: dt.date, today: dt.date) -> None:
    """A day of service: from the day the office opened in this app to today."""
    if day > today:
        raise ValidationError(f"Tanggal {day:%d-%m-%Y} belum tiba.", field="date")
    if day < opened_on:
        raise ValidationError(
            f"Tanggal {day:%d-%m-%Y} sebelum kantor mulai memakai aplikasi ini "
            f"({opened_on:%d-%m-%Y}).", field="date")
