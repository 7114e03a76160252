import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import mask_nik, parse_nik

TODAY = dt.date(2026, 11, 28)


def test_man_born_in_the_1990s_in_palembang():
    info = parse_nik("1671041708990001", today=TODAY)
    assert info.province_code == "16"
    assert info.regency_code == "1671"
    assert info.district_code == "167104"
    assert info.birth_date == dt.date(1999, 8, 17)
    assert info.sex == "L"
    assert info.serial == "0001"
    assert info.province_name == "Sumatera Selatan"


def test_woman_day_plus_40():
    info = parse_nik("1671045708990002", today=TODAY)
    assert info.sex == "P"
    assert info.birth_date == dt.date(1999, 8, 17)


def test_born_in_the_2000s_takes_the_recent_century():
    # A 17-year-old in 2026 was born in 2009, not 1909.
    info = parse_nik("1671040503090003", today=TODAY)
    assert info.birth_date == dt.date(2009, 3, 5)


def test_born_in_the_1900s_when_2000s_would_be_future():
    info = parse_nik("1671041708450001", today=TODAY)
    assert info.birth_date == dt.date(1945, 8, 17)


def test_29_february_of_a_leap_year():
    assert parse_nik("1671042902000001", today=TODAY).birth_date == dt.date(2000, 2, 29)
    # 1996 is leap, 2096 is in the future.
    assert parse_nik("1671046902960001", today=TODAY).birth_date == dt.date(1996, 2, 29)


def test_29_february_of_a_year_that_is_not_leap_is_refused():
    with pytest.raises(ValidationError, match="bukan tanggal yang ada"):
        parse_nik("1671042902010001", today=TODAY)


def test_spaces_and_dots_are_stripped():
    assert parse_nik("1671 04.1708 99 0001", today=TODAY).nik == "1671041708990001"


def test_other_regions_are_valid():
    # Issued in Jakarta, Papua Pegunungan and another Palembang kecamatan: all fine here.
    assert parse_nik("3171011708450001", today=TODAY).province_code == "31"
    assert parse_nik("9501011708800001", today=TODAY).province_code == "95"
    assert parse_nik("1671181708990001", today=TODAY).district_code == "167118"


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("", "wajib diisi"),
        ("16710417089900", "harus 16 digit, yang diisi 14"),
        ("16710417089900011", "harus 16 digit, yang diisi 17"),
        ("16710417089900AB", "hanya boleh berisi angka"),
        ("١٦٧١٠٤١٧٠٨٩٩٠٠٠١", "hanya boleh berisi angka"),  # Arabic-Indic digits
        ("9971041708990001", "Kode provinsi 99"),
        ("0071041708990001", "Kode provinsi 00"),
        ("1671041708990000", "tidak boleh 0000"),
        ("1671043208990001", "tidak sah"),  # day 32
        ("1671047208990001", "tidak sah"),  # woman, day 32
        ("1671040008990001", "tidak sah"),  # day 0
        ("1671041713990001", "tidak sah"),  # month 13
        ("1671041700990001", "tidak sah"),  # month 0
        ("1671043104990001", "bukan tanggal yang ada"),  # 31 April
    ],
)
def test_invalid_nik_gives_indonesian_message(nik, message):
    with pytest.raises(ValidationError, match=message):
        parse_nik(nik, today=TODAY)


def test_birth_date_in_the_future_is_refused():
    # Born 1 December 2026, checked on 28 November 2026 with the entered date.
    with pytest.raises(ValidationError, match="masa depan"):
        parse_nik("1671040112260001", birth_date=dt.date(2026, 12, 1), today=TODAY)


def test_entered_birth_date_sets_the_century():
    info = parse_nik("1671040503090003", birth_date=dt.date(1909, 3, 5), today=TODAY)
    assert info.birth_date == dt.date(1909, 3, 5)


@pytest.mark.parametrize(
    ("entered", "part"),
    [
        (dt.date(1999, 8, 18), "tanggal (17 pada NIK, 18 diisi)"),
        (dt.date(1999, 9, 17), "bulan (08 pada NIK, 09 diisi)"),
        (dt.date(1998, 8, 17), "tahun (99 pada NIK, 98 diisi)"),
    ],
)
def test_entered_birth_date_mismatch_names_the_part(entered, part):
    with pytest.raises(ValidationError) as err:
        parse_nik("1671041708990001", birth_date=entered, today=TODAY)
    assert part in err.value.message
    assert err.value.field == "birth_date"


def test_entered_sex_mismatch():
    with pytest.raises(ValidationError, match="NIK menunjukkan perempuan, yang diisi laki-laki"):
        parse_nik("1671045708990002", sex="L", today=TODAY)
    assert parse_nik("1671045708990002", sex="p", today=TODAY).sex == "P"


def test_unknown_sex_value():
    with pytest.raises(ValidationError, match="L atau P"):
        parse_nik("1671041708990001", sex="X", today=TODAY)


def test_mask_keeps_first_six_and_last_four():
    assert mask_nik("1671041708990001") == "167104******0001"
    assert mask_nik("123") == "***"


@given(st.text(max_size=40))
def test_any_text_is_either_a_nik_or_a_validation_error(text):
    try:
        info = parse_nik(text, today=TODAY)
    except ValidationError as exc:
        assert exc.message
    else:
        assert len(info.nik) == 16 and info.birth_date <= TODAY


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=TODAY), st.sampled_from("LP"),
       st.integers(1, 9999))
def test_round_trip_any_real_birth(born, sex, serial):
    day = born.day + (40 if sex == "P" else 0)
    nik = f"167104{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    info = parse_nik(nik, birth_date=born, sex=sex, today=TODAY)
    assert (info.birth_date, info.sex, info.serial) == (born, sex, f"{serial:04d}")
