from datetime import date
from decimal import Decimal

import pytest

from luoshi.domain.calendar.periods import Frequency, Period
from luoshi.domain.monitoring.catalogue import (
    DEFAULT_INDICATORS,
    CatalogueError,
    Direction,
    IndicatorDef,
    Kind,
    check_catalogue,
    default_catalogue,
    find_indicator,
)
from luoshi.domain.monitoring.evaluation import STATUS_COLUMNS, evaluate
from luoshi.domain.monitoring.forecast import Method
from luoshi.domain.monitoring.pace import Interpolation, NodeSchedule, TargetPath
from luoshi.domain.monitoring.series import DataStatus, Observation
from luoshi.domain.monitoring.status import Light, Reason, StatusRules
from luoshi.domain.monitoring.trajectory import Progress

D = Decimal
M = Period.month
CATALOGUE = default_catalogue()
INDUSTRY = CATALOGUE["industrial_output"]
# 1000 亿元 in 2022 to 1331 in 2025: +10 % a year, so 2024's target is 1210.
PATH = TargetPath.build(2022, D(1000), 2025, D(1331))
MAY_2024 = M(2024, 5)


def industry_values():
    return [
        # Past years: by May 40 % of the year; 2022 reported in 万元.
        Observation(M(2022, 5), cumulative=D(4_000_000), unit="wan_yuan"),
        Observation(M(2022, 12), cumulative=D(10_000_000), unit="wan_yuan"),
        Observation(M(2023, 5), cumulative=D(440)),
        Observation(M(2023, 12), cumulative=D(1100)),
        # This year: 1–2月 cumulative, then 当月值 only; May's cumulative is derived: 484.
        Observation(Period.jan_feb(2024), cumulative=D(180), current=D(180)),
        Observation(M(2024, 3), current=D(100)),
        Observation(M(2024, 4), current=D(100)),
        Observation(MAY_2024, current=D(104), status=DataStatus.PRELIMINARY),
    ]


def test_flow_status_line():
    status = evaluate(INDUSTRY, PATH, industry_values(), MAY_2024, StatusRules(),
                      date(2024, 6, 20))
    assert status.row() == (
        "industrial_output", "工业总产值", "yi_yuan", MAY_2024, D(484), D("1210.0000"),
        D("504.1667"), D("0.4000"), D("0.9600"), Light.YELLOW, D("1210.0000"),
        None, None, None, Method.SEASONAL_SHARE,
    )
    # Two past years cannot calibrate an interval: the point stays, marked 数据不足.
    assert status.insufficient_data and status.forecast.value == D(1210)
    assert status.reason is Reason.NEAR_PACE
    assert status.gap == D("-20.1667")
    assert (status.yoy, status.yoy_computed) == (D("10.0"), True)  # 484 ÷ 440
    assert status.data_status is DataStatus.PRELIMINARY
    progress = status.trajectory
    assert progress.status is Progress.SUBSTANTIAL
    assert (progress.latest_year, progress.latest) == (2023, D(1100))
    assert abs(progress.ratio - 1) < D("1e-20")
    outlook = status.target_forecast
    assert outlook.method is Method.LOGLINEAR
    assert abs(outlook.value - D(1331)) < D("0.001")


def test_status_columns_are_the_commands():
    assert STATUS_COLUMNS == (
        "code", "name", "unit", "period", "cumulative", "year_target", "pace_value",
        "completion", "pace_ratio", "status", "forecast_year_end", "forecast_low",
        "forecast_high", "probability", "method",
    )


def test_jan_feb_period():
    values = [Observation(Period.jan_feb(2023), cumulative=D(160)),
              Observation(M(2023, 12), cumulative=D(1100)),
              Observation(Period.jan_feb(2024), current=D(180))]
    status = evaluate(INDUSTRY, PATH, values, Period.jan_feb(2024), today=date(2024, 3, 20))
    assert status.cumulative == D(180)
    assert status.pace_value == D("201.6667")  # 2/12 of 1210
    assert (status.yoy, status.yoy_computed) == (D("12.5"), True)
    assert status.status is Light.RED  # 180 ÷ 201.67 = 0.8926, below 0.9
    assert status.forecast_year_end == D("1237.5000")  # 180 ÷ (160 ÷ 1100)


def test_published_yoy_is_kept_and_values_accept_a_mapping():
    values = {o.period: o for o in industry_values()}
    values[MAY_2024] = Observation(MAY_2024, current=D(104), yoy=D("9.7"))
    status = evaluate(INDUSTRY, PATH, values, MAY_2024, today=date(2024, 6, 20))
    assert (status.yoy, status.yoy_computed) == (D("9.7"), False)


def test_negative_growth_turns_red():
    values = industry_values()
    values[-1] = Observation(MAY_2024, current=D(104), yoy=D("-0.5"))
    status = evaluate(INDUSTRY, PATH, values, MAY_2024, today=date(2024, 6, 20))
    assert (status.status, status.reason) == (Light.RED, Reason.NEGATIVE_GROWTH)


def test_missing_data_grey_when_overdue_pending_before():
    june = M(2024, 6)
    overdue = evaluate(INDUSTRY, PATH, industry_values(), june, today=date(2024, 7, 16))
    assert (overdue.status, overdue.reason) == (Light.GREY, Reason.OVERDUE)
    assert overdue.cumulative is None and overdue.completion is None
    assert overdue.year_target == D("1210.0000") and overdue.pace_value == D("605.0000")
    assert overdue.method is Method.NONE
    early = evaluate(INDUSTRY, PATH, industry_values(), june, today=date(2024, 7, 1))
    assert early.status is Light.PENDING
    assert evaluate(INDUSTRY, PATH, industry_values(), june).status is Light.PENDING


def test_without_history_the_forecast_is_pace():
    values = [Observation(MAY_2024, cumulative=D(500))]
    status = evaluate(INDUSTRY, PATH, values, MAY_2024, today=date(2024, 6, 1))
    assert (status.method, status.forecast_year_end, status.probability) == (
        Method.PACE, D("1200.0000"), None)
    assert status.status is Light.YELLOW  # 500 against a pace of 504.17: 0.9917


def test_node_schedule_changes_the_pace():
    schedule = NodeSchedule.quarterly({1: D("0.2"), 2: D("0.45"), 3: D("0.7")})
    status = evaluate(INDUSTRY, PATH, industry_values(), MAY_2024, today=date(2024, 6, 20),
                      schedule=schedule)
    # May is two thirds of the way from 0.2 (March) to 0.45 (June): 0.3667 of 1210.
    assert status.pace_value == D("443.6667")
    assert status.status is Light.GREEN


HIGH_TECH = CATALOGUE["high_tech_firms"]
HIGH_TECH_PATH = TargetPath.build(2022, D(450), 2026, D(650))


def test_stock_pace_runs_from_last_year_end():
    values = [Observation(M(2023, 12), cumulative=D(517)),
              Observation(M(2024, 6), cumulative=D(540), unit="firm")]
    status = evaluate(HIGH_TECH, HIGH_TECH_PATH, values, M(2024, 6), today=date(2024, 7, 1))
    year_target = HIGH_TECH_PATH.value_for(2024)
    pace = D(517) + (year_target - D(517)) / 2
    assert status.year_target == year_target.quantize(D("0.0001"))
    assert status.pace_value == pace.quantize(D("0.0001"))
    assert status.pace_ratio == (D(540) / pace).quantize(D("0.0001"))
    assert status.method is Method.PACE
    assert status.forecast_year_end == D(563)  # 517 + 23 × 12 ÷ 6
    assert status.trajectory.latest == D(517)


def test_stock_without_last_year_uses_the_path():
    values = [Observation(M(2023, 6), cumulative=D(500))]
    status = evaluate(HIGH_TECH, HIGH_TECH_PATH, values, M(2023, 6), today=date(2023, 7, 1))
    start, target = HIGH_TECH_PATH.value_for(2022), HIGH_TECH_PATH.value_for(2023)
    assert status.pace_value == (start + (target - start) / 2).quantize(D("0.0001"))


GROWTH = CATALOGUE["industrial_value_added_growth"]
GROWTH_PATH = TargetPath.build(2022, D(6), 2026, D(8), interpolation=Interpolation.LINEAR)


@pytest.mark.parametrize(("rate", "light", "reason"), [
    ("8.6", Light.GREEN, Reason.ON_PACE),
    ("7.2", Light.YELLOW, Reason.NEAR_PACE),
    ("6.0", Light.RED, Reason.BEHIND_PACE),
    ("-1.5", Light.RED, Reason.NEGATIVE_GROWTH),
])
def test_rate_indicator(rate, light, reason):
    values = [Observation(M(2026, 6), cumulative=D(rate), unit="percent")]
    status = evaluate(GROWTH, GROWTH_PATH, values, M(2026, 6), today=date(2026, 7, 1))
    assert (status.status, status.reason) == (light, reason)
    assert status.pace_value == D("8.0000") and status.year_target == D("8.0000")
    assert status.method is Method.LAST_VALUE
    assert status.trajectory is None and status.target_forecast is None
    assert status.yoy_computed is False


GDP = CATALOGUE["gdp"]


def test_official_figures_are_never_derived():
    values = [Observation(Period.quarter(2025, 2), cumulative=D(600)),
              Observation(Period.quarter(2026, 1), cumulative=D(310), yoy=D("5.2")),
              Observation(Period.quarter(2026, 2), current=D(330))]
    path = TargetPath.build(2022, D(1000), 2026, D(1500))
    q2 = evaluate(GDP, path, values, Period.quarter(2026, 2), today=date(2026, 8, 1))
    assert q2.cumulative is None and q2.status is Light.GREY  # no 上半年 figure imported
    assert q2.yoy is None and not q2.yoy_computed
    q1 = evaluate(GDP, path, values, Period.quarter(2026, 1), today=date(2026, 8, 1))
    assert (q1.cumulative, q1.yoy, q1.yoy_computed) == (D(310), D("5.2"), False)
    assert q1.pace_value == D("375.0000")  # a quarter of 1500


def test_lower_is_better_indicator():
    energy = IndicatorDef("energy_use", "综合能耗", "item", kind=Kind.FLOW,
                          direction=Direction.LOWER)
    path = TargetPath.build(2022, D(120), 2026, D(100))
    values = [Observation(M(2026, 6), cumulative=D(45))]
    status = evaluate(energy, path, values, M(2026, 6), today=date(2026, 7, 1))
    assert status.pace_value == D("50.0000")
    assert status.pace_ratio == D("1.1111") and status.gap == D("5.0000")
    assert status.status is Light.GREEN


def test_default_catalogue():
    codes = [indicator.code for indicator in DEFAULT_INDICATORS]
    assert codes[:5] == ["gdp", "revenue", "industrial_output", "construction_output",
                         "services_revenue"]
    assert CATALOGUE["gdp"].frequency is Frequency.QUARTER and CATALOGUE["gdp"].official
    assert CATALOGUE["revenue"].formula == ("industrial_output", "construction_output",
                                            "services_revenue")
    assert CATALOGUE["fdi"].unit == "yi_usd" and CATALOGUE["fdi"].unit_symbol == "亿美元"
    assert HIGH_TECH.kind is Kind.STOCK and HIGH_TECH.unit_symbol == "家"
    assert GROWTH.kind is Kind.RATE
    assert all(indicator.department and indicator.source for indicator in DEFAULT_INDICATORS)


def test_find_indicator():
    assert find_indicator(CATALOGUE, "工业总产值") is INDUSTRY
    assert find_indicator(CATALOGUE, " Industrial_Output ") is INDUSTRY
    assert find_indicator(CATALOGUE, "GDP") is GDP
    assert find_indicator(CATALOGUE, "工业产值") is None


@pytest.mark.parametrize("indicators", [
    [IndicatorDef("a", "甲", "yi_yuan"), IndicatorDef("a", "乙", "yi_yuan")],
    [IndicatorDef("a", "甲", "yi_yuan", formula=("b",))],
    [IndicatorDef("a", "甲", "yi_yuan", formula=("b",)), IndicatorDef("b", "乙", "firm")],
])
def test_bad_catalogues(indicators):
    with pytest.raises(CatalogueError):
        check_catalogue(indicators)


@pytest.mark.parametrize("options", [
    {"code": "GDP"}, {"unit": "tons"}, {"kind": Kind.RATE, "unit": "yi_yuan"},
    {"formula": ("x",), "code": "x"},
])
def test_bad_definitions(options):
    base = {"code": "x", "name": "某指标", "unit": "yi_yuan"}
    with pytest.raises(CatalogueError):
        IndicatorDef(**{**base, **options})


def test_a_stated_target_holds_without_a_path():
    """A new zone without its baseline year's figure still sees the plan's target-year target."""
    values = [v for v in industry_values() if v.period.year == 2024]
    without = evaluate(INDUSTRY, None, values, MAY_2024, today=date(2024, 6, 20))
    assert without.year_target is None and without.status is Light.NONE
    stated = evaluate(INDUSTRY, None, values, MAY_2024, today=date(2024, 6, 20),
                      stated={2024: D(1210)})
    assert stated.year_target == D(1210)
    assert stated.status is not Light.NONE
    other_year = evaluate(INDUSTRY, None, values, MAY_2024, today=date(2024, 6, 20),
                          stated={2025: D(1331)})
    assert other_year.year_target is None
