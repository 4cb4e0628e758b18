from decimal import Decimal

import pytest

from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.catalogue import default_catalogue
from luoshi.domain.monitoring.series import DataStatus
from luoshi.domain.monitoring.validation import Problem, RowError, parse_number, validate_rows

D = Decimal
CATALOGUE = default_catalogue()


def row(indicator="工业总产值", period="2026年3月", cumulative="100", **others):
    return {"indicator": indicator, "period": period, "cumulative": cumulative, **others}


def errors_of(rows, **options):
    result = validate_rows(rows, CATALOGUE, **options)
    assert not result.ok and result.rows == ()
    return [(e.row, e.column, e.reason) for e in result.errors]


def test_valid_rows_are_typed_and_converted():
    rows = [
        row(cumulative="1,234.5", current="300", yoy="8.4%", unit="亿元", status="快报"),
        row("industrial_output", "2026年1-2月", 934.5, unit="", status=""),
        row("实际利用外资", "2026-03", "3200", unit="万美元", yoy=-12.5),
        row("GDP", "2026年1-3月", "310.2", unit="亿元"),
        row("地区生产总值", "2025年二季度", "600"),
    ]
    result = validate_rows(rows, CATALOGUE, years=(2022, 2026))
    assert result.ok, result.errors
    first, second, fdi, gdp_q1, gdp_q2 = result.rows
    assert first.row == 2 and first.indicator == "industrial_output"
    observation = first.observation
    assert observation.period == Period.month(2026, 3)
    assert (observation.cumulative, observation.current, observation.yoy) == (
        D("1234.5"), D(300), D("8.4"))
    assert (observation.unit, observation.status) == ("yi_yuan", DataStatus.PRELIMINARY)
    assert second.observation.period == Period.jan_feb(2026)
    assert second.observation.status is DataStatus.FINAL
    assert (fdi.observation.cumulative, fdi.observation.unit, fdi.observation.yoy) == (
        D("0.32"), "yi_usd", D("-12.5"))
    assert gdp_q1.observation.period == Period.quarter(2026, 1)  # 1-3月 of a quarterly figure
    assert gdp_q2.observation.period == Period.quarter(2025, 2)


@pytest.mark.parametrize(("cells", "column", "reason"), [
    (row(indicator="营收"), "indicator", Problem.UNKNOWN_INDICATOR),
    (row(indicator=""), "indicator", Problem.MISSING),
    (row(period=""), "period", Problem.MISSING),
    (row(period="三月"), "period", Problem.BAD_PERIOD),
    (row(period="2019年3月"), "period", Problem.PERIOD_OUT_OF_RANGE),
    (row(period="2026年二季度"), "period", Problem.PERIOD_GRAIN),
    (row("GDP", period="2026年5月"), "period", Problem.PERIOD_GRAIN),
    (row(cumulative="约100"), "cumulative", Problem.NOT_A_NUMBER),
    (row(cumulative="", current=""), "cumulative", Problem.MISSING),
    (row(current="n/a"), "current", Problem.NOT_A_NUMBER),
    (row(yoy="高"), "yoy", Problem.NOT_A_NUMBER),
    (row(yoy="-120"), "yoy", Problem.IMPOSSIBLE_YOY),
    (row(unit="亿美元"), "unit", Problem.WRONG_UNIT),
    (row(unit="家"), "unit", Problem.WRONG_UNIT),
    (row(unit="吨"), "unit", Problem.UNKNOWN_UNIT),
    (row(status="草稿"), "status", Problem.UNKNOWN_STATUS),
    (row(cumulative=True), "cumulative", Problem.NOT_A_NUMBER),
    # Counts (家, 个, 人) are never negative; an amount of money may be (a loss).
    (row("高新技术企业", cumulative="-5"), "cumulative", Problem.NEGATIVE_COUNT),
])
def test_each_error_names_row_column_and_reason(cells, column, reason):
    assert errors_of([row(), cells], years=(2022, 2026)) == [(3, column, reason)]


def test_one_bad_row_rejects_all():
    result = validate_rows([row(), row(period="2026-04", cumulative="x")], CATALOGUE)
    assert result.rows == ()
    assert result.errors == (RowError(3, "cumulative", Problem.NOT_A_NUMBER, "x"),)


def test_row_numbers_from_the_reader():
    rows = [row(), row(indicator="?")]
    assert errors_of(rows, row_numbers=[5, 9]) == [(9, "indicator", Problem.UNKNOWN_INDICATOR)]


def test_several_errors_in_one_row():
    assert errors_of([row(indicator="?", period="x", cumulative="y")]) == [
        (2, "indicator", Problem.UNKNOWN_INDICATOR), (2, "period", Problem.BAD_PERIOD),
        (2, "cumulative", Problem.NOT_A_NUMBER),
    ]


def test_duplicates():
    rows = [row(), row(period="2026-03", cumulative="101")]
    assert errors_of(rows) == [(3, "period", Problem.DUPLICATE)]


def test_not_after():
    rows = [row(period="2026-05")]
    assert errors_of(rows, not_after=Period.month(2026, 4)) == [
        (2, "period", Problem.PERIOD_OUT_OF_RANGE)]


def test_cumulative_falling_within_a_year():
    rows = [row(period="2026-01/02", cumulative="60"), row(period="2026-03", cumulative="100"),
            row(period="2026-04", cumulative="95"), row(period="2027-01/02", cumulative="10")]
    errors = validate_rows(rows, CATALOGUE).errors
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (4, "cumulative", Problem.CUMULATIVE_FALLS)]
    assert "95" in errors[0].detail and "100" in errors[0].detail


def test_cumulative_falling_is_not_checked_for_stocks():
    rows = [row("高新技术企业", "2026-03", "520"), row("高新技术企业", "2026-04", "515")]
    assert validate_rows(rows, CATALOGUE).ok


def test_cumulative_falling_against_stored_values():
    existing = {("industrial_output", Period.month(2026, 4)): D(90),
                ("industrial_output", Period.month(2026, 3)): D(50)}
    # Row for March (100) is above the stored April (90); the stored March is replaced.
    assert errors_of([row()], existing=existing) == [(2, "cumulative", Problem.CUMULATIVE_FALLS)]
    assert validate_rows([row(cumulative="80")], CATALOGUE, existing=existing).ok


def revenue_rows(revenue, industry="2500", construction="500", services="3000.4"):
    return [
        row("营业收入", "2026-12", revenue),
        row("工业总产值", "2026-12", industry),
        row("建筑业产值", "2026-12", construction),
        row("服务业营业收入", "2026-12", services),
    ]


def test_parts_larger_than_the_whole():
    errors = validate_rows(revenue_rows("5900"), CATALOGUE).errors
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (2, "cumulative", Problem.PARTS_EXCEED_WHOLE)]
    assert "工业总产值 + 建筑业产值 + 服务业营业收入" in errors[0].detail


def test_parts_within_rounding_of_the_whole_pass():
    # 2500 + 500 + 3000.4 = 6000.4; a whole published as 6000 could be 6000.4 rounded down
    # (each part may be off by half its last digit too).
    assert validate_rows(revenue_rows("6000"), CATALOGUE).ok
    assert not validate_rows(revenue_rows("5998"), CATALOGUE).ok


def test_parts_in_another_unit_are_converted():
    rows = revenue_rows("6000.4", industry="25000000", construction="500", services="3000.4")
    rows[1]["unit"] = "万元"
    assert validate_rows(rows, CATALOGUE).ok
    rows[1]["cumulative"] = "25010000"
    assert not validate_rows(rows, CATALOGUE).ok


def test_some_parts_missing_still_checked():
    rows = [row("营业收入", "2026-12", "2000"), row("工业总产值", "2026-12", "2500")]
    assert errors_of(rows) == [(2, "cumulative", Problem.PARTS_EXCEED_WHOLE)]


@pytest.mark.parametrize(("cell", "expected"), [
    ("1,234.5", D("1234.5")), ("１２３", D(123)), (" -3.5 ", D("-3.5")), (12, D(12)),
    (0.1, D("0.1")), (1234.0, D("1234.0")), ("", None), ("-", None), ("—", None), (None, None),
])
def test_parse_number(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "8.4%", "NaN", "inf", float("nan"), True])
def test_parse_number_rejects(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


def test_percent_only_in_the_yoy_column():
    assert parse_number("8.4%", percent=True) == D("8.4")


@pytest.mark.parametrize(("cells", "column"), [
    ({"cumulative": "1e20"}, "cumulative"),
    ({"cumulative": "1000000000000000000"}, "cumulative"),
    ({"cumulative": "999999999999999999.9999999"}, "cumulative"),  # rounds up to 19 digits
    ({"cumulative": None, "current": "-1e30"}, "current"),
    ({"yoy": "123456789"}, "yoy"),
    ({"cumulative": 1e300}, "cumulative"),
])
def test_numbers_too_large_to_store(cells, column):
    assert errors_of([row(**cells)]) == [(2, column, Problem.TOO_LARGE)]


def test_numbers_that_fit_are_kept():
    result = validate_rows([row(cumulative="999999999999999999.999999", yoy="99999999")],
                           default_catalogue())
    assert result.ok


def test_a_unit_conversion_can_overflow():
    # Judged in the unit stored (亿元): 1e21 元 is 1e13 亿元 and fits; 1e21 亿元 does not.
    assert validate_rows([row(cumulative="1e21", unit="元")], default_catalogue()).ok
    assert errors_of([row(cumulative="1e21", unit="亿元")]) == [
        (2, "cumulative", Problem.TOO_LARGE)]


def test_a_stock_count_may_fall_within_the_month():
    result = validate_rows([row("高新技术企业", cumulative="600", current="-5")], CATALOGUE)
    assert result.ok, result.errors
