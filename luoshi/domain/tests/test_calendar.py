"""The work calendar and working-day deadlines, against the real 2024–2026 放假安排.

Every official date asserted here was checked against ``chinese_calendar`` 1.11.0.
"""

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.calendar import (
    BEIJING,
    WorkCalendar,
    due_after_working_days,
    end_of_day,
    is_on_time,
    last_day,
    official_calendar,
    report_deadline,
    working_days_before,
)

OFFICIAL = official_calendar(range(2023, 2028))
# A zone that closes on a Monday, works an official 调休 day off instead, and skips a 调休 Saturday.
LOCAL = OFFICIAL.with_local_days(
    holidays={date(2025, 3, 3), date(2024, 10, 12)}, workdays={date(2025, 3, 8)}
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        *[(date(2024, 10, d), False) for d in range(1, 8)],  # 国庆节 2024
        (date(2024, 9, 29), True),  # Sunday 调休
        (date(2024, 10, 8), True),
        (date(2024, 10, 12), True),  # Saturday 调休
        (date(2025, 1, 26), True),  # Sunday 调休 before 春节 2025
        (date(2025, 2, 8), True),  # Saturday 调休 after it
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 1, 25), False),  # an ordinary Saturday
        (date(2026, 1, 2), False),  # 元旦 2026, a Friday
        (date(2026, 1, 4), True),  # Sunday 调休
        *[(date(2026, 2, d), False) for d in range(15, 24)],  # 春节 2026
        (date(2026, 2, 14), True),  # Saturday 调休
        (date(2026, 2, 28), True),  # Saturday 调休
        (date(2026, 2, 24), True),
    ],
)
def test_official_days(day, working):
    assert OFFICIAL.is_working_day(day) is working


def test_official_calendar_agrees_with_the_library_on_every_covered_day():
    day = date(2024, 1, 1)
    while day.year <= 2026:
        assert OFFICIAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_holidays_include_their_weekend_days_and_workdays_only_weekends():
    assert {date(2024, 10, 5), date(2024, 10, 6)} <= OFFICIAL.holidays
    assert all(d.weekday() >= 5 for d in OFFICIAL.workdays)


def test_names():
    assert OFFICIAL.names[date(2024, 10, 1)] == "国庆节"
    assert OFFICIAL.names[date(2025, 1, 26)] == "春节"  # the 调休 day of 春节
    assert OFFICIAL.names[date(2025, 10, 6)] == "中秋"
    assert date(2025, 3, 3) not in OFFICIAL.names


def test_uncovered_years_fall_back_to_weekends():
    assert [OFFICIAL.is_covered(y) for y in (2024, 2025, 2026)] == [True] * 3
    calendar = official_calendar([2003, 2099])
    assert not calendar.covered
    assert not calendar.is_covered(2003)
    assert calendar.is_working_day(date(2003, 10, 1))  # a Wednesday, 国庆节 in real life
    week = [date(2099, 1, 1) + timedelta(days=i) for i in range(7)]
    assert [calendar.is_working_day(d) for d in week] == [d.weekday() < 5 for d in week]


def test_stepping():
    assert OFFICIAL.next_working_day(date(2024, 10, 1)) == date(2024, 10, 8)
    assert OFFICIAL.next_working_day(date(2025, 1, 25)) == date(2025, 1, 26)
    assert OFFICIAL.next_working_day(date(2024, 10, 8)) == date(2024, 10, 8)
    assert OFFICIAL.previous_working_day(date(2024, 10, 7)) == date(2024, 9, 30)
    assert OFFICIAL.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert OFFICIAL.add_working_days(date(2024, 10, 11), 1) == date(2024, 10, 12)
    assert OFFICIAL.add_working_days(date(2024, 10, 8), -3) == date(2024, 9, 27)
    assert OFFICIAL.add_working_days(date(2024, 10, 3), 0) == date(2024, 10, 8)
    assert OFFICIAL.working_days_between(date(2024, 9, 30), date(2024, 10, 8)) == 1
    assert OFFICIAL.working_days_between(date(2024, 9, 30), date(2024, 10, 31)) == 19
    assert OFFICIAL.working_days_between(date(2024, 10, 31), date(2024, 9, 30)) == -19


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2025, 12, date(2026, 1, 5)),  # year end
        (2025, 1, date(2025, 2, 5)),
        (2024, 9, date(2024, 10, 8)),  # 5 Oct in 国庆节
        (2025, 9, date(2025, 10, 9)),  # 国庆节 and 中秋 2025 run to 8 Oct
        (2024, 3, date(2024, 4, 7)),  # 清明 Friday → the Sunday 调休 day
        (2025, 6, date(2025, 7, 7)),  # an ordinary Saturday
        (2026, 4, date(2026, 5, 6)),  # 劳动节 2026
    ],
)
def test_report_deadline(year, month, last):
    deadline = report_deadline(year, month, OFFICIAL)
    assert last_day(deadline) == last
    assert deadline == datetime(last.year, last.month, last.day, tzinfo=BEIJING) + timedelta(days=1)


def test_report_deadline_day_is_clamped_and_checked():
    assert last_day(report_deadline(2025, 1, OFFICIAL, day=31)) == date(2025, 2, 28)
    assert last_day(report_deadline(2024, 1, OFFICIAL, day=31)) == date(2024, 2, 29)
    assert last_day(report_deadline(2026, 1, OFFICIAL, day=30)) == date(2026, 2, 28)  # 调休
    assert last_day(report_deadline(2024, 11, OFFICIAL, day=10)) == date(2024, 12, 10)
    with pytest.raises(ValueError, match="month"):
        report_deadline(2025, 13, OFFICIAL)
    with pytest.raises(ValueError, match="day"):
        report_deadline(2025, 1, OFFICIAL, day=0)


def test_on_time_means_strictly_before():
    deadline = report_deadline(2024, 9, OFFICIAL)
    assert deadline == end_of_day(date(2024, 10, 8))
    assert is_on_time(datetime(2024, 10, 8, 23, 59, 59, 999999, tzinfo=BEIJING), deadline)
    assert not is_on_time(datetime(2024, 10, 9, tzinfo=BEIJING), deadline)
    assert is_on_time(datetime(2024, 10, 8, 15, 59, 59, tzinfo=UTC), deadline)
    assert not is_on_time(datetime(2024, 10, 8, 16, tzinfo=UTC), deadline)
    with pytest.raises(ValueError, match="aware"):
        is_on_time(datetime(2024, 10, 8), deadline)  # noqa: DTZ001


def test_working_days_before():
    deadline = report_deadline(2024, 9, OFFICIAL)
    assert working_days_before(last_day(deadline), 3, OFFICIAL) == date(2024, 9, 27)
    assert working_days_before(date(2024, 10, 8), 0, OFFICIAL) == date(2024, 10, 8)
    with pytest.raises(ValueError):
        working_days_before(date(2024, 10, 8), -1, OFFICIAL)


def test_due_after_working_days():
    # Issued on a Saturday off: 29 Sep (调休), 30 Sep, 8, 9, 10 Oct.
    start = datetime(2024, 9, 28, 10, tzinfo=BEIJING)
    assert due_after_working_days(start, 5, OFFICIAL) == end_of_day(date(2024, 10, 10))
    # 17:00 UTC on the 27th is already the 28th in Beijing.
    late = datetime(2024, 9, 27, 17, tzinfo=UTC)
    assert due_after_working_days(late, 5, OFFICIAL) == end_of_day(date(2024, 10, 10))
    monday = datetime(2025, 1, 20, 9, tzinfo=BEIJING)
    assert due_after_working_days(monday, 5, OFFICIAL) == end_of_day(date(2025, 1, 26))
    assert due_after_working_days(monday, 0, OFFICIAL) == end_of_day(date(2025, 1, 20))
    with pytest.raises(ValueError, match="aware"):
        due_after_working_days(datetime(2025, 1, 20), 5, OFFICIAL)  # noqa: DTZ001


def test_local_days_override_official_data():
    assert not LOCAL.is_working_day(date(2025, 3, 3))
    assert not LOCAL.is_working_day(date(2024, 10, 12))
    assert LOCAL.is_working_day(date(2025, 3, 8))
    assert OFFICIAL.is_working_day(date(2025, 3, 3))  # the original is untouched
    reopened = OFFICIAL.with_local_days(workdays={date(2024, 10, 7)})
    assert reopened.next_working_day(date(2024, 10, 5)) == date(2024, 10, 7)
    assert last_day(report_deadline(2024, 9, reopened)) == date(2024, 10, 7)
    assert LOCAL.covered == OFFICIAL.covered
    assert LOCAL.names[date(2024, 10, 1)] == "国庆节"
    uncovered = official_calendar([2099]).with_local_days(holidays={date(2099, 1, 1)})
    assert not uncovered.is_working_day(date(2099, 1, 1))


def test_invalid_input():
    with pytest.raises(ValueError, match="both"):
        OFFICIAL.with_local_days(holidays={date(2025, 3, 3)}, workdays={date(2025, 3, 3)})
    with pytest.raises(ValueError, match="both"):
        WorkCalendar(holidays=frozenset({date(2025, 3, 3)}), workdays=frozenset({date(2025, 3, 3)}))
    with pytest.raises(TypeError):
        OFFICIAL.is_working_day(datetime(2024, 10, 1, tzinfo=BEIJING))


def test_calendars_are_values():
    assert official_calendar([2025, 2024]) == official_calendar([2024, 2025, 2024])
    assert hash(OFFICIAL) == hash(official_calendar(range(2023, 2028)))


# Properties, on the official calendar and on one with local days, 2023 to 2027 (uncovered).
calendars = st.sampled_from([OFFICIAL, LOCAL])
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
steps = st.integers(min_value=-80, max_value=80)


@given(calendars, days)
def test_next_working_day_is_the_first_working_day_from_d(calendar, d):
    result = calendar.next_working_day(d)
    assert calendar.is_working_day(result)
    assert result >= d
    assert not any(calendar.is_working_day(d + timedelta(i)) for i in range((result - d).days))


@given(calendars, days, steps)
def test_add_working_days_round_trips_from_a_working_day(calendar, d, n):
    d = calendar.next_working_day(d)
    there = calendar.add_working_days(d, n)
    assert calendar.is_working_day(there)
    assert calendar.add_working_days(there, -n) == d
    assert calendar.working_days_between(d, there) == n


@given(calendars, days, days, days)
def test_working_days_between_is_additive(calendar, a, b, c):
    ab, bc = calendar.working_days_between(a, b), calendar.working_days_between(b, c)
    assert ab + bc == calendar.working_days_between(a, c)


@given(calendars, days, st.integers(min_value=0, max_value=120))
def test_working_days_between_counts_day_by_day(calendar, a, span):
    b = a + timedelta(days=span)
    expected = sum(calendar.is_working_day(a + timedelta(i)) for i in range(1, span + 1))
    assert calendar.working_days_between(a, b) == expected
