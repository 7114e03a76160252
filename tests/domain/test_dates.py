import datetime as dt

import pytest

from counter_app.domain.dates import (
    day_from_text,
    format_date,
    format_datetime,
    format_long_date,
    format_number,
    parse_typed_date,
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


def test_a_typed_date_is_refused_in_indonesian():
    assert parse_typed_date(" 2019-01-09 ") == dt.date(2019, 1, 9)
    with pytest.raises(ValidationError, match="tidak sah; tulis HH-BB-TTTT"):
        parse_typed_date("9/1/2019")


@pytest.mark.parametrize("text, day", [
    ("2019-01-09", dt.date(2019, 1, 9)), ("09-01-2019", dt.date(2019, 1, 9)),
    ("09/01/2019", dt.date(2019, 1, 9)), (" 09.01.2019 ", dt.date(2019, 1, 9)),
    ("31-02-2019", None), ("2019-13-01", None), ("09-01/2019", None), ("+9-01-2019", None),
    ("２０１９-01-09", None), ("9-1-2019", None), ("", None)])
def test_a_typed_date_is_day_month_year_or_iso(text, day):
    """Clerks write 09-01-2019; commands and spreadsheets often carry 2019-01-09."""
    assert day_from_text(text) == day
