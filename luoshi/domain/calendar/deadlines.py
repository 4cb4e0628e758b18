"""Deadlines (报送时限, 办理时限) in working days, Beijing time.

A deadline is an aware datetime that is *exclusive*: the start (00:00 Beijing) of the day
after the last allowed day. Something is on time when it happens strictly before it
(``is_on_time``). This avoids 23:59:59.999999 and its fencepost at the database's precision;
``last_day`` gives the day to show ("截止 10月8日").
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from luoshi.domain.calendar.workdays import WorkCalendar

BEIJING = ZoneInfo("Asia/Shanghai")


def end_of_day(d: date) -> datetime:
    """The exclusive deadline for "by the end of d": 00:00 Beijing time of the day after d."""
    # China has kept UTC+8 without daylight saving since 1991, so midnight always exists.
    return datetime.combine(d + timedelta(days=1), time(), tzinfo=BEIJING)


def last_day(deadline: datetime) -> date:
    """The last day, in Beijing, on which something is still on time for ``deadline``."""
    return (_aware(deadline).astimezone(BEIJING) - timedelta(microseconds=1)).date()


def is_on_time(moment: datetime, deadline: datetime) -> bool:
    """Whether ``moment`` is before the (exclusive) deadline."""
    return _aware(moment) < _aware(deadline)


def report_deadline(year: int, month: int, calendar: WorkCalendar, day: int = 5) -> datetime:
    """When month M's report (月报) is due: by the end of day ``day`` of month M+1.

    December's report is due in January of the next year. ``day`` is clamped to the length of
    that month; a day off moves the deadline to the next working day (遇节假日顺延).
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    if day < 1:
        raise ValueError(f"day must be at least 1, not {day}")
    due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)
    days_in_month = _stdlib_calendar.monthrange(due_year, due_month)[1]
    due = date(due_year, due_month, min(day, days_in_month))
    return end_of_day(calendar.next_working_day(due))


def working_days_before(deadline_date: date, n: int, calendar: WorkCalendar) -> date:
    """The n-th working day before ``deadline_date`` (e.g. a 催报 reminder 3 working days ahead).

    n == 0 gives ``deadline_date`` itself. Pass ``last_day(deadline)`` for a deadline datetime.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, not {n}")
    return deadline_date if n == 0 else calendar.add_working_days(deadline_date, -n)


def due_after_working_days(start: datetime, n: int, calendar: WorkCalendar) -> datetime:
    """Deadline for something due within n working days of ``start`` (督办单 "5个工作日内办结").

    By the end of the n-th working day after the start's day in Beijing; the start's own day
    never counts, so a 督办单 issued on Saturday with n=5 is due by the end of Friday.
    n == 0 means by the end of the start's day, or of the next working day if that is off.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, not {n}")
    start_day = _aware(start).astimezone(BEIJING).date()
    return end_of_day(calendar.add_working_days(start_day, n))


def _aware(moment: datetime) -> datetime:
    # A naive datetime has no place in the day arithmetic: which day it is depends on the zone.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("expected an aware datetime")
    return moment
