"""The expected ready date is a day the office is open (issue 13)."""

import datetime as dt

from counter_app.domain.routing import Route, expected_ready
from counter_app.domain.working_days import is_working_day, next_working_day


def test_weekends_move_to_monday():
    saturday = dt.date(2019, 1, 12)
    assert not is_working_day(saturday, ())
    assert next_working_day(saturday, ()) == dt.date(2019, 1, 14)
    assert next_working_day(dt.date(2019, 1, 14), ()) == dt.date(2019, 1, 14)


def test_a_forwarded_card_due_on_a_holiday_and_an_office_day_off_comes_after_both():
    recorded = dt.date(2019, 5, 16)  # Thursday; fourteen days later is Ascension Day
    assert expected_ready(Route.FORWARD, recorded, recorded) == dt.date(2019, 5, 30)
    closed = {dt.date(2019, 5, 30), dt.date(2019, 5, 31)}  # holiday, then an office day off
    assert expected_ready(Route.FORWARD, recorded, recorded, closed) == dt.date(2019, 6, 3)


def test_a_local_card_recorded_on_a_saturday_outreach_is_ready_on_monday():
    saturday = dt.date(2019, 1, 12)
    assert expected_ready(Route.LOCAL, saturday, saturday) == dt.date(2019, 1, 14)


def test_a_long_closed_run_is_an_error_not_a_closed_day_passed_off_as_open():
    import pytest

    from counter_app.domain.errors import ValidationError

    start = dt.date(2019, 1, 14)
    closed = {start + dt.timedelta(days=n) for n in range(400)}
    with pytest.raises(ValidationError, match="tutup 60 hari berturut-turut"):
        next_working_day(start, closed)
