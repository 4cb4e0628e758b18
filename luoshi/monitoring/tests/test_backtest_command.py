"""`luoshi monitor backtest`: the rows the statuses' forecasts rest on, on the demo data."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.forecast import Method
from luoshi.monitoring import selectors
from luoshi.monitoring.forecasting import zone_backtests

CONTRACT = {"method", "horizon", "count", "mape", "coverage_80"}
OCTOBER = Period.month(2026, 10)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(seed_plan, zone):
    run("demo_data", "--zone", zone.code, "--through", "2026-10")
    return zone


def test_backtest_json_rows(demo):
    rows = json.loads(run("monitor", "backtest", "--zone", demo.code, "--json"))
    assert rows and all(CONTRACT | {"code", "name", "widen"} <= set(row) for row in rows)
    assert all(1 <= row["horizon"] <= 11 and row["count"] >= 1 for row in rows)
    # Widened intervals hold at least 80 % of the back-tested year ends.
    calibrated = [row for row in rows if row["widen"] is not None]
    assert calibrated and all(row["coverage_80"] >= 0.8 for row in calibrated)
    assert all(row["count"] >= 4 for row in calibrated)
    # GDP is official and quarterly: forecasts only from 一季度, 上半年 and 前三季度.
    assert {row["horizon"] for row in rows if row["code"] == "gdp"} <= {3, 6, 9}
    by_code = {row["code"] for row in rows}
    assert {"industrial_output", "high_tech_firms", "industrial_value_added_growth"} <= by_code


def test_backtest_table(demo):
    out = run("monitor", "backtest", "--zone", demo.code)
    lines = out.strip().splitlines()
    assert lines[0].split("\t")[:7] == ["code", "name", "method", "horizon", "count", "mape",
                                        "coverage_80"]
    assert len(lines) == len(zone_backtests(demo)) + 1


def test_one_forecast_per_indicator(demo):
    """Table, chart and command show the forecast of the back-test's best calibrated method,
    or 数据不足 with no interval and no probability."""
    rows = zone_backtests(demo)
    statuses = selectors.zone_statuses(demo, OCTOBER, date(2026, 11, 27))
    for _indicator, status in statuses:
        forecast = status.forecast
        if forecast is None or forecast.method in (Method.ACTUAL, Method.NONE):
            continue
        horizon = 12 - status.period.reach
        usable = [r for r in rows if r["code"] == status.code and r["horizon"] == horizon
                  and r["widen"] is not None]
        if status.insufficient_data:
            assert not usable
            assert (status.forecast_low, status.forecast_high, status.probability) == (
                None, None, None)
        else:
            best = min(usable, key=lambda r: r["mape"])
            assert status.method.value == best["method"]
            assert status.forecast_low <= status.forecast_year_end <= status.forecast_high
        if status.target_forecast is not None:
            # The plan's target year is 2026: the chart's target-year point is this forecast.
            assert status.target_forecast == forecast


def test_backtest_without_values(zone):
    assert json.loads(run("monitor", "backtest", "--zone", zone.code, "--json")) == []
