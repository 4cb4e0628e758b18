import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.monitoring.catalogue import Direction, Kind
from luoshi.domain.monitoring.forecast import (
    Method,
    forecast_target_year,
    forecast_year_end,
)

D = Decimal


def near(a, b, relative=1e-6):
    return math.isclose(float(a), float(b), rel_tol=relative)


def seasonal_history(shares_by_year, reach=5):
    """Year totals 100, 110, 120 … with the given share reached by ``reach``."""
    cumulative = {}
    for index, (year, share) in enumerate(shares_by_year.items()):
        total = D(100 + 10 * index)
        cumulative[(year, 12)] = total
        cumulative[(year, reach)] = total * D(share)
    return cumulative


def test_constant_seasonal_shares_forecast_exactly():
    cumulative = seasonal_history({2023: "0.4", 2024: "0.4", 2025: "0.4"})
    cumulative[(2026, 5)] = D(52)
    result = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(130))
    assert result.method is Method.SEASONAL_SHARE
    assert result.value == D(130) == result.low == result.high
    assert result.probability == D(1)
    assert result.points == 3
    assert forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D("130.01")).probability == 0


def test_seasonal_shares_with_spread():
    cumulative = seasonal_history({2023: "0.38", 2024: "0.40", 2025: "0.42"})
    cumulative[(2026, 5)] = D(52)
    result = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(130))
    assert result.value == D(130)  # mean share 0.40
    assert result.low < D(130) < result.high
    # share ~ N(0.40, 0.02·√(4/3)); 80 % interval: z = 1.2816
    spread = 0.02 * math.sqrt(4 / 3)
    assert near(result.low, 52 / (0.40 + 1.2815516 * spread))
    assert near(result.high, 52 / (0.40 - 1.2815516 * spread))
    assert near(result.probability, 0.5)  # the target is the point forecast
    lower_target = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(120))
    assert lower_target.probability > D("0.9")


def test_a_single_past_year_gives_a_point_without_interval():
    cumulative = seasonal_history({2025: "0.25"})
    cumulative[(2026, 5)] = D(30)
    result = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(100))
    assert (result.method, result.value, result.low, result.probability) == (
        Method.SEASONAL_SHARE, D(120), None, None)


def test_jan_feb_uses_the_reach_two_shares():
    cumulative = {(2025, 2): D(15), (2025, 12): D(100), (2026, 2): D(18)}
    assert forecast_year_end(Kind.FLOW, cumulative, 2026, 2).value == D(120)


def test_plain_pace_without_history():
    result = forecast_year_end(Kind.FLOW, {(2026, 5): D(50)}, 2026, 5, target=D(100))
    assert (result.method, result.value, result.low, result.probability) == (
        Method.PACE, D(120), None, None)


def test_only_recent_years_count():
    cumulative = seasonal_history({2018: "0.1", 2024: "0.5", 2025: "0.5"})
    cumulative[(2026, 6)] = D(0)
    cumulative[(2026, 5)] = D(60)
    result = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, max_years=5)
    assert result.value == D(120) and result.points == 2


def test_december_is_actual():
    result = forecast_year_end(Kind.FLOW, {(2026, 12): D(99)}, 2026, 12, target=D(100))
    assert (result.method, result.value, result.probability) == (Method.ACTUAL, D(99), D(0))


def test_stock_and_rate():
    stock = forecast_year_end(Kind.STOCK, {(2025, 12): D(600), (2026, 6): D(620)}, 2026, 6)
    assert (stock.method, stock.value) == (Method.PACE, D(640))
    first_year = forecast_year_end(Kind.STOCK, {(2026, 6): D(620)}, 2026, 6)
    assert (first_year.method, first_year.value) == (Method.LAST_VALUE, D(620))
    rate = forecast_year_end(Kind.RATE, {(2026, 6): D("7.5")}, 2026, 6, target=D(8))
    assert (rate.method, rate.value) == (Method.LAST_VALUE, D("7.5"))


def test_no_value_no_forecast():
    assert forecast_year_end(Kind.FLOW, {}, 2026, 5).method is Method.NONE


def test_lower_is_better_probability():
    cumulative = seasonal_history({2023: "0.38", 2024: "0.40", 2025: "0.42"})
    cumulative[(2026, 5)] = D(52)
    higher = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(125))
    lower = forecast_year_end(Kind.FLOW, cumulative, 2026, 5, target=D(125),
                              direction=Direction.LOWER)
    assert near(higher.probability + lower.probability, 1, 1e-6)


def growth_series(first_year, count, start=100.0, rate=0.08):
    return {first_year + i: D(str(round(start * (1 + rate) ** i, 12))) for i in range(count)}


def test_constant_growth_extrapolates_loglinear():
    yearly = growth_series(2019, 5)  # 2019–2023
    result = forecast_target_year(yearly, 2026, target=D(150))
    assert result.method is Method.LOGLINEAR and result.points == 5
    expected = 100 * 1.08 ** 7
    assert near(result.value, expected, 1e-8)
    assert near(result.low, expected, 1e-6) and near(result.high, expected, 1e-6)
    assert result.probability == D(1)


def test_constant_growth_extrapolates_ets():
    yearly = growth_series(2014, 10)  # 2014–2023
    result = forecast_target_year(yearly, 2026)
    assert result.method is Method.ETS and result.points == 10
    assert near(result.value, 100 * 1.08 ** 12, 1e-5)


def test_noisy_series_gives_an_interval_and_probability():
    noise = [0.02, -0.03, 0.01, 0.025, -0.015, 0.0]
    yearly = {2018 + i: D(str(round(100 * 1.08 ** i * math.exp(e), 6)))
              for i, e in enumerate(noise)}
    result = forecast_target_year(yearly, 2026, target=D(170))
    assert result.method is Method.LOGLINEAR
    assert result.low < result.value < result.high
    expected = 100 * 1.08 ** 8
    assert near(result.value, expected, 0.05)
    assert result.probability > D("0.9")  # 170 lies below the 80 % interval's low end
    # The interval's ends are the 10th and 90th percentiles of the same normal (on logs).
    at_low = forecast_target_year(yearly, 2026, target=result.low)
    at_point = forecast_target_year(yearly, 2026, target=result.value)
    at_high = forecast_target_year(yearly, 2026, target=result.high)
    assert near(at_low.probability, 0.9, 1e-6)
    assert near(at_point.probability, 0.5, 1e-6)
    assert near(at_high.probability, 0.1, 1e-5)


def test_two_points_give_no_interval():
    result = forecast_target_year({2022: D(100), 2023: D(110)}, 2026, target=D(130))
    assert result.method is Method.LOGLINEAR and result.insufficient
    assert near(result.value, 100 * 1.1 ** 4)
    assert (result.low, result.high, result.probability) == (None, None, None)


@pytest.mark.parametrize("yearly", [{}, {2023: D(100)}, {2022: D(-1), 2023: D(5)}])
def test_not_enough_data(yearly):
    assert forecast_target_year(yearly, 2026).method is Method.NONE


def test_target_year_already_observed():
    result = forecast_target_year({2025: D(90), 2026: D(101)}, 2026, target=D(100))
    assert (result.method, result.value, result.probability) == (Method.ACTUAL, D(101), D(1))


def test_gaps_leave_ets_for_loglinear():
    yearly = growth_series(2010, 12)
    del yearly[2017]  # the last consecutive run is 2018–2021: too short for ETS
    result = forecast_target_year(yearly, 2026)
    assert result.method is Method.LOGLINEAR
    assert near(result.value, 100 * 1.08 ** 16, 1e-8)


def test_flat_series_is_certain():
    result = forecast_target_year({2014 + i: D(100) for i in range(10)}, 2026, target=D(100))
    assert result.value == D(100) and result.probability == D(1)


@pytest.mark.parametrize("count", [2, 3, 4])
def test_few_years_give_a_point_but_no_interval(count):
    """Three flat years do not make 2026 certain: 数据不足 (no interval, no probability)."""
    result = forecast_target_year({2014 + i: D(100) for i in range(count)}, 2026, target=D(100))
    assert result.value == D(100) and result.insufficient
    assert (result.low, result.high, result.probability) == (None, None, None)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=-0.3, max_value=0.3), min_size=3, max_size=9),
       st.integers(min_value=1, max_value=5))
def test_loglinear_matches_statsmodels_ols(noise, ahead):
    """The closed-form fit and interval are statsmodels' OLS prediction (obs_ci) exactly."""
    import numpy as np
    import statsmodels.api as sm

    from luoshi.domain.monitoring.forecast import _loglinear

    years = tuple(range(2015, 2015 + len(noise)))
    logs = tuple(math.log(100) + 0.07 * i + e for i, e in enumerate(noise))
    target_year = years[-1] + ahead
    design = sm.add_constant(np.array([y - years[0] for y in years], dtype=float))
    row = sm.OLS(np.array(logs), design).fit().get_prediction(
        np.array([[1.0, float(target_year - years[0])]])).summary_frame(alpha=0.2).iloc[0]
    mean, low, high = _loglinear(years, logs, target_year, D("0.8"))
    assert math.isclose(mean, row["mean"], rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(low, row["obs_ci_lower"], rel_tol=1e-7, abs_tol=1e-7)
    assert math.isclose(high, row["obs_ci_upper"], rel_tol=1e-7, abs_tol=1e-7)
