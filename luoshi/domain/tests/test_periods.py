from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.calendar.periods import (
    Frequency,
    Grain,
    Period,
    PeriodError,
    parse_period,
    periods_of_year,
)

MARCH = Period.month(2026, 3)
JAN_FEB = Period.jan_feb(2026)
Q1 = Period.quarter(2026, 1)
YEAR = Period.whole_year(2026)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03", MARCH), ("2026-3", MARCH), ("2026/3", MARCH), ("2026.03", MARCH),
    ("202603", MARCH), ("2026年3月", MARCH), ("2026年03月份", MARCH), (" 2026 年 3 月 ", MARCH),
    ("２０２６年３月", MARCH), ("2026年1-3月", MARCH), ("2026年1—3月", MARCH),
    ("2026Q1", Q1), ("2026q1", Q1), ("2026-Q1", Q1), ("2026年Q1", Q1), ("2026年一季度", Q1),
    ("2026年第一季度", Q1), ("2026年第1季度", Q1), ("2026年1季度", Q1),
    ("2026年四季度", Period.quarter(2026, 4)),
    ("2026", YEAR), ("2026年", YEAR), ("2026年度", YEAR), ("2026年全年", YEAR),
    ("2026-01/02", JAN_FEB), ("2026-1/2", JAN_FEB), ("2026年1-2月", JAN_FEB),
    ("2026年1~2月", JAN_FEB), ("2026年1至2月", JAN_FEB), ("2026年1－2月", JAN_FEB),
    ("2026年1-5月", Period.month(2026, 5)), ("2026年1-12月", Period.month(2026, 12)),
    ("2026年上半年", Period.month(2026, 6)), ("2026年前三季度", Period.month(2026, 9)),
    (2026, YEAR), (2026.0, YEAR), (date(2026, 3, 1), MARCH),
    (datetime.fromisoformat("2026-03-01T00:00"), MARCH),
    (MARCH, MARCH),
])
def test_parse(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", [
    "", "2026-13", "2026-00", "2026Q5", "2026年五季度", "2026年3-5月", "2026年1-1月", "March",
    "2026/01/02", "26-03", "2026-03-01", None, True, 2026.5,
])
def test_parse_rejects(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize(("period", "grain", "months", "code", "label"), [
    (MARCH, Grain.MONTH, (3,), "2026-03", "2026年3月"),
    (JAN_FEB, Grain.JAN_FEB, (1, 2), "2026-01/02", "2026年1-2月"),
    (Q1, Grain.QUARTER, (1, 2, 3), "2026Q1", "2026年一季度"),
    (Period.quarter(2026, 3), Grain.QUARTER, (7, 8, 9), "2026Q3", "2026年三季度"),
    (YEAR, Grain.YEAR, tuple(range(1, 13)), "2026", "2026年"),
])
def test_grain_months_code_label(period, grain, months, code, label):
    assert period.grain is grain
    assert period.months == months
    assert period.reach == months[-1]
    assert period.code == code == str(period)
    assert period.label_zh == label
    assert parse_period(code) == period == parse_period(label)


def test_invalid_spans_are_refused():
    for first, last in [(2, 3), (1, 4), (3, 5), (4, 3), (0, 1), (12, 13)]:
        with pytest.raises(PeriodError):
            Period(2026, first, last)


def test_previous_year_and_quarter_view():
    assert JAN_FEB.previous_year() == Period.jan_feb(2025)
    assert Q1.previous_year() == Period.quarter(2025, 1)
    assert Period.month(2026, 6).as_quarter() == Period.quarter(2026, 2)
    assert Period.month(2026, 5).as_quarter() is None
    assert JAN_FEB.as_quarter() is None
    assert Q1.quarter_number == 1 and MARCH.quarter_number is None


def test_ordering():
    periods = [YEAR, Period.month(2026, 12), Period.quarter(2026, 4), MARCH, Q1, JAN_FEB,
               Period.month(2025, 12)]
    assert sorted(periods) == [
        Period.month(2025, 12), JAN_FEB, Q1, MARCH, YEAR, Period.quarter(2026, 4),
        Period.month(2026, 12),
    ]


def test_periods_of_year():
    months = periods_of_year(2026, Frequency.MONTH)
    assert months[0] == JAN_FEB and months[1] == MARCH and len(months) == 11
    assert len(periods_of_year(2026, Frequency.MONTH, jan_feb_combined=False)) == 12
    assert periods_of_year(2026, Frequency.QUARTER)[-1] == Period.quarter(2026, 4)
    assert periods_of_year(2026, Frequency.YEAR) == (YEAR,)


def _periods():
    months = st.builds(Period.month, st.integers(1990, 2100), st.integers(1, 12))
    quarters = st.builds(Period.quarter, st.integers(1990, 2100), st.integers(1, 4))
    others = st.builds(Period.jan_feb, st.integers(1990, 2100)) | st.builds(
        Period.whole_year, st.integers(1990, 2100))
    return months | quarters | others


@given(_periods())
def test_code_and_label_round_trip(period):
    assert parse_period(period.code) == period
    assert parse_period(period.label_zh) == period
    assert period.previous_year().year == period.year - 1
