import datetime as dt

import pytest

from counter_app.domain.dates import (
    format_date,
    format_datetime,
    format_long_date,
    format_number,
    parse_iso_date,
)
from counter_app.domain.errors import ValidationError


def test_indonesian_dates_come_from_cldr():
    assert format_date(dt.date(2019, 1, 9)) == "Rabu, 9 Januari 2019"
    assert format_date(dt.date(2019, 8, 17)) == "Sabtu, 17 Agustus 2019"
    assert format_long_date(dt.date(2020, 3, 2)) == "2 Maret 2020"
    assert format_datetime(dt.datetime(2019, 1, 9, 8, 5)) == "Rabu, 9 Januari 2019 08.05"


def test_indonesian_numbers_group_with_a_dot():
    assert format_number(1234567) == "1.234.567"
    assert format_number(2.5) == "2,5"


def test_parse_iso_date_refuses_in_indonesian():
    assert parse_iso_date(" 2019-01-09 ") == dt.date(2019, 1, 9)
    with pytest.raises(ValidationError, match="tidak sah"):
        parse_iso_date("9/1/2019")
