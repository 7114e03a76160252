import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import ValidationError
from counter_app.domain.kk import parse_kk

TODAY = dt.date(2026, 11, 28)


def test_valid_kk():
    info = parse_kk("1671040901190005", today=TODAY)
    assert info.issued_on == dt.date(2019, 1, 9)
    assert info.district_code == "167104"
    assert info.serial == "0005"


def test_old_kk_from_the_1990s():
    assert parse_kk("1671041505970001", today=TODAY).issued_on == dt.date(1997, 5, 15)


@pytest.mark.parametrize(
    ("kk", "message"),
    [
        ("", "wajib diisi"),
        ("167104090119000", "harus 16 digit"),
        ("16710409011900x5", "hanya boleh berisi angka"),
        ("9971040901190005", "Kode provinsi 99"),
        ("1671040901190000", "tidak boleh 0000"),
        ("1671044101190005", "bukan tanggal yang sah"),  # day 41: no +40 rule on a KK
        ("1671040913190005", "bukan tanggal yang sah"),
    ],
)
def test_invalid_kk(kk, message):
    with pytest.raises(ValidationError, match=message):
        parse_kk(kk, today=TODAY)


@given(st.text(max_size=30))
def test_any_text_is_a_kk_or_a_validation_error(text):
    try:
        parse_kk(text, today=TODAY)
    except ValidationError as exc:
        assert exc.message
