"""The office's clock: Palembang keeps Western Indonesia Time (WIB, UTC+7).

Days (queue numbers restart each day, the daily report) are office days, whatever zone
the PC is set to. ``COUNTER_APP_TZ`` names another IANA zone for an office elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Jakarta"


@cache
def office_tz() -> ZoneInfo:
    """The office's time zone."""
    return ZoneInfo(os.environ.get("COUNTER_APP_TZ") or DEFAULT_TZ)


def utc_now() -> dt.datetime:
    """Now, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` on the office's clock."""
    return moment.astimezone(office_tz())


def office_day(moment: dt.datetime) -> dt.date:
    """The office day ``moment`` falls on."""
    return local(moment).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC start (inclusive) and end (exclusive) of an office day."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=office_tz())
    end = start + dt.timedelta(days=1)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
