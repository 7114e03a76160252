"""The one policy for typed text and dates (domain/input_policy.py)."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain import input_policy as policy
from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import parse_nik
from counter_app.domain.recording import clean_document_details, clean_person_name

TODAY = dt.date(2019, 1, 9)


def clean(value, limit=60):
    return policy.clean_text(value, field="f", label="Isian", limit=limit)


@pytest.mark.parametrize(("typed", "stored"), [
    ("Jose\u0301", "José"),                        # composed to NFC
    ("  Jl.\tMerdeka\n No. 5  ", "Jl. Merdeka No. 5"),  # white space folded
    ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),          # two marks on one vowel are fine
    ("", ""),
])
def test_text_is_normalised(typed, stored):
    assert clean(typed) == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("LP/123\x00", "karakter kendali"),         # NUL
    ("Siti\u200fAminah", "karakter kendali"),   # right-to-left mark
    ("abc\u202eFDP.exe", "karakter kendali"),   # right-to-left override
    ("Siti\u2066Aminah\u2069", "karakter kendali"),  # bidi isolates
    ("Si\u200bti", "karakter kendali"),         # zero-width space
    ("\ufeffSiti", "karakter kendali"),         # byte order mark
    ("\ue000", "karakter kendali"),             # private use
    ("x" + "\u0301" * 3, "diakritik"),          # three marks on one letter
    ("\u0301abc", "diakritik"),                 # a mark with no letter
    ("abc \u0301", "diakritik"),
    ("x" * 61, "paling banyak 60"),
    ("x" * 100_000, "paling banyak 60"),        # a flood is refused before normalising
])
def test_text_that_hides_or_floods_is_refused(typed, message):
    with pytest.raises(ValidationError, match=message) as err:
        clean(typed)
    assert err.value.field == "f"


@given(st.text(max_size=400))
def test_any_text_is_clean_or_refused(text):
    try:
        value = clean(text, limit=120)
    except ValidationError as exc:
        assert exc.message.startswith("Isian")
    else:
        assert len(value) <= 120 and value == value.strip()
        assert unicodedata.is_normalized("NFC", value)
        assert not any(unicodedata.category(ch).startswith("C") for ch in value)


def test_a_name_of_one_letter_under_90_accents():
    with pytest.raises(ValidationError, match="diakritik"):
        clean_person_name("A" + "\u0301" * 90)
    assert clean_person_name("Siti Aminah") == "Siti Aminah"
    with pytest.raises(ValidationError, match="paling banyak 60"):
        clean_person_name("Siti " * 13)  # 64 characters: Permendagri 73/2022 allows 60


def test_police_report_details():
    assert clean_document_details({"SURAT_KEHILANGAN": {"nomor": " LP/B/12/I/2019 "}}) == \
        {"SURAT_KEHILANGAN": {"nomor": "LP/B/12/I/2019"}}
    with pytest.raises(ValidationError, match="karakter kendali"):
        clean_document_details({"SURAT_KEHILANGAN": {"nomor": "LP/12\x00\u200f"}})
    with pytest.raises(ValidationError, match="paling banyak 60"):
        clean_document_details({"SURAT_KEHILANGAN": {"nomor": "9" * 10_000}})


def test_reasons_need_words_and_keep_to_the_policy():
    assert policy.clean_reason("  dokumen  menyusul ", "alasan") == "dokumen menyusul"
    with pytest.raises(ValidationError, match="Tulis alasan pembatalan \\(minimal 5 huruf\\)"):
        policy.clean_reason("ok", "alasan pembatalan")
    with pytest.raises(ValidationError, match="Alasan pembatalan paling banyak 300"):
        policy.clean_reason("x" * 301, "alasan pembatalan")


@pytest.mark.parametrize(("born", "ok"), [
    (dt.date(1900, 1, 1), True), (TODAY, True), (dt.date(1899, 12, 31), False),
    (TODAY + dt.timedelta(days=1), False), (dt.date(1, 1, 1), False),
])
def test_birth_dates_from_1900_to_today(born, ok):
    if ok:
        policy.require_birth_date(born, TODAY)
    else:
        with pytest.raises(ValidationError, match="Tanggal lahir"):
            policy.require_birth_date(born, TODAY)


def test_the_nik_century_follows_from_the_1900_floor():
    # 17-08-99: 1999 agrees; 1899 has the same digits but is before 1900.
    assert parse_nik("1671045708990002", dt.date(1999, 8, 17), today=TODAY).birth_date.year == 1999
    with pytest.raises(ValidationError, match="1900"):
        parse_nik("1671045708990002", dt.date(1899, 8, 17), today=TODAY)
    with pytest.raises(ValidationError, match="tahun"):
        parse_nik("1671045708990002", dt.date(1989, 8, 17), today=TODAY)


def test_service_days_from_opening_to_today():
    opened = dt.date(2018, 7, 1)
    policy.require_service_day(opened, opened, TODAY)
    policy.require_service_day(TODAY, opened, TODAY)
    with pytest.raises(ValidationError, match="sebelum kantor mulai"):
        policy.require_service_day(dt.date(1800, 1, 1), opened, TODAY)
    with pytest.raises(ValidationError, match="belum tiba"):
        policy.require_service_day(TODAY + dt.timedelta(days=1), opened, TODAY)
