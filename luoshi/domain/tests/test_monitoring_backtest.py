import math
import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.backtest import (
    BacktestRow,
    Scale,
    backtest,
    backtest_outcomes,
    calibrated_year_end,
    conformal_rank,
)
from luoshi.domain.monitoring.catalogue import Direction, Kind, default_catalogue
from luoshi.domain.monitoring.evaluation import evaluate
from luoshi.domain.monitoring.forecast import Method
from luoshi.domain.monitoring.pace import TargetPath
from luoshi.domain.monitoring.series import Observation

D = Decimal


def flow(totals, shares, reach=6):
    """Years with a December total and the given share reached by ``reach``."""
    cumulative = {}
    for year, total in totals.items():
        cumulative[(year, 12)] = D(total)
        cumulative[(year, reach)] = D(total) * D(shares[year])
    return cumulative


def row(rows, method, horizon):
    return next(r for r in rows if r.method is method and r.horizon == horizon)


@pytest.mark.parametrize(("count", "rank"), [(1, 2), (3, 4), (4, 4), (5, 5), (9, 8), (10, 9),
                                             (19, 16)])
def test_conformal_rank(count, rank):
    assert conformal_rank(count) == rank


def test_outcomes_use_only_what_was_known_then():
    # Half the year by June, every year; totals grow by 10 a year.
    totals = {2019 + i: 100 + 10 * i for i in range(6)}  # 2019–2024
    cumulative = flow(totals, dict.fromkeys(totals, "0.5"))
    cumulative[(2025, 6)] = D(90)  # this year: no December, no outcome
    outcomes = backtest_outcomes(Kind.FLOW, cumulative)
    assert {o.year for o in outcomes} == set(totals)
    assert all(o.reach == 6 and o.horizon == 6 for o in outcomes)
    pace = [o for o in outcomes if o.method is Method.PACE]
    seasonal = [o for o in outcomes if o.method is Method.SEASONAL_SHARE]
    assert len(pace) == 6  # pace needs no past year
    assert [o.year for o in seasonal] == [2021, 2022, 2023, 2024]  # two past years for a spread
    assert all(o.point == o.actual for o in pace)  # half by June: pace is exact
    assert all(o.score == 0 for o in outcomes)
    assert backtest_outcomes(Kind.FLOW, cumulative, before=2022) == [
        o for o in outcomes if o.year < 2022]


def test_pace_widening_is_the_conformal_quantile_of_relative_errors():
    # June reaches 40, 45, 50, 55, 60 % of years of 100: pace (×2) errs by −20 % … +20 %.
    totals = {2020 + i: 100 for i in range(5)}
    shares = {2020: "0.4", 2021: "0.45", 2022: "0.5", 2023: "0.55", 2024: "0.6"}
    rows = backtest(Kind.FLOW, flow(totals, shares))
    pace = row(rows, Method.PACE, 6)
    assert (pace.count, pace.scale) == (5, Scale.RELATIVE)
    # |100 − 2·100·s| ÷ (2·100·s): 0.25, 0.1111, 0, 0.0909, 0.1667; the 5th smallest of 5.
    assert math.isclose(pace.widen, 0.25)
    assert pace.coverage == 1.0
    assert math.isclose(pace.mape, (0.2 + 0.1 + 0 + 0.1 + 0.2) / 5)
    seasonal = row(rows, Method.SEASONAL_SHARE, 6)
    assert seasonal.count == 3 and seasonal.widen is None  # 3 < 4: cannot calibrate
    assert seasonal.coverage is not None  # how often the raw model interval held


def test_row_as_json_keeps_the_contract_keys():
    rows = backtest(Kind.FLOW, flow({2020: 100, 2021: 110}, {2020: "0.5", 2021: "0.5"}))
    data = row(rows, Method.PACE, 6).as_dict()
    assert list(data)[:5] == ["method", "horizon", "count", "mape", "coverage_80"]
    assert data["method"] == "pace" and data["count"] == 2 and data["widen"] is None


def test_too_little_history_says_insufficient():
    cumulative = flow({2023: 100, 2024: 110}, {2023: "0.4", 2024: "0.4"}, reach=5)
    cumulative[(2025, 5)] = D(48)
    forecast, rows = calibrated_year_end(Kind.FLOW, cumulative, 2025, 5, target=D(100))
    assert forecast.method is Method.SEASONAL_SHARE and forecast.value == D(120)
    assert forecast.insufficient
    assert (forecast.low, forecast.high, forecast.probability) == (None, None, None)
    assert rows and all(r.widen is None for r in rows)


def test_calibrated_pace_interval_and_probability():
    totals = {2020 + i: 100 for i in range(5)}
    shares = {2020: "0.4", 2021: "0.45", 2022: "0.5", 2023: "0.55", 2024: "0.6"}
    cumulative = flow(totals, shares)
    cumulative[(2025, 6)] = D(60)
    forecast, _rows = calibrated_year_end(Kind.FLOW, cumulative, 2025, 6, target=D(120))
    assert forecast.method is Method.PACE and not forecast.insufficient
    assert (forecast.value, forecast.low, forecast.high) == (D(120), D(90), D(150))
    assert forecast.probability == D("0.5")  # the target is the point: the median
    at_low, _ = calibrated_year_end(Kind.FLOW, cumulative, 2025, 6, target=D(90))
    assert math.isclose(at_low.probability, 0.9, rel_tol=1e-6)
    lower, _ = calibrated_year_end(Kind.FLOW, cumulative, 2025, 6, target=D(90),
                                   direction=Direction.LOWER)
    assert math.isclose(lower.probability, 0.1, rel_tol=1e-6)


def test_a_flow_interval_stops_at_what_is_done():
    # Building season: 1–2月 holds 3–8 % of the year; pace (× 6) said 18–48 of 100, so its
    # interval reaches below zero before the floor.
    totals = {2020 + i: 100 for i in range(5)}
    shares = {2020: "0.03", 2021: "0.05", 2022: "0.08", 2023: "0.04", 2024: "0.06"}
    cumulative = flow(totals, shares, reach=2)
    cumulative[(2025, 2)] = D(5)
    forecast, rows = calibrated_year_end(Kind.FLOW, cumulative, 2025, 2, target=D(100))
    assert forecast.method is Method.PACE and row(rows, Method.PACE, 10).widen > 1
    assert forecast.low == D(5)  # not below zero: the year has 5 already
    assert forecast.high > forecast.value == D(30)


def test_the_method_with_the_lowest_error_wins():
    # June always reaches about 30 %: seasonal shares are right, pace (50 %) is far off.
    rng = random.Random(7)
    totals = {2014 + i: 100 + 5 * i for i in range(10)}
    shares = {year: str(round(0.3 + rng.uniform(-0.01, 0.01), 4)) for year in totals}
    cumulative = flow(totals, shares)
    cumulative[(2024, 6)] = D(45)
    forecast, rows = calibrated_year_end(Kind.FLOW, cumulative, 2024, 6, target=D(150))
    seasonal, pace = row(rows, Method.SEASONAL_SHARE, 6), row(rows, Method.PACE, 6)
    assert seasonal.mape < pace.mape and seasonal.widen >= 1
    assert forecast.method is Method.SEASONAL_SHARE
    assert forecast.low < forecast.value < forecast.high
    assert forecast.probability is not None


def test_quarterly_official_figures_have_three_horizons():
    cumulative = {}
    for year in range(2019, 2025):
        for quarter, share in zip((3, 6, 9, 12), ("0.22", "0.47", "0.72", "1"), strict=True):
            cumulative[(year, quarter)] = D(1000 + 50 * (year - 2019)) * D(share)
    rows = backtest(Kind.FLOW, cumulative)
    assert {r.horizon for r in rows} == {3, 6, 9}
    cumulative[(2025, 9)] = D(900)
    forecast, _ = calibrated_year_end(Kind.FLOW, cumulative, 2025, 9)
    assert forecast.method is Method.SEASONAL_SHARE and forecast.value == D(1250)


def test_rates_use_percentage_points():
    rates = {2018: ("6.0", "6.5"), 2019: ("7.0", "6.0"), 2020: ("-1.0", "2.0"),
             2021: ("8.0", "8.5"), 2022: ("3.0", "3.0")}
    cumulative = {}
    for year, (june, december) in rates.items():
        cumulative[(year, 6)], cumulative[(year, 12)] = D(june), D(december)
    rows = backtest(Kind.RATE, cumulative)
    assert [(r.method, r.scale) for r in rows] == [(Method.LAST_VALUE, Scale.ABSOLUTE)]
    assert rows[0].widen == 3.0  # gaps 0.5, 1, 3, 0.5, 0: the 5th smallest
    cumulative[(2023, 6)] = D("5.5")
    forecast, _ = calibrated_year_end(Kind.RATE, cumulative, 2023, 6, target=D(5))
    assert (forecast.low, forecast.high) == (D("2.5"), D("8.5"))
    assert forecast.probability > D("0.5")


def test_stock_pace_needs_last_year_end():
    cumulative = {(2023, 6): D(500), (2023, 12): D(517), (2024, 6): D(540),
                  (2024, 12): D(566)}
    outcomes = backtest_outcomes(Kind.STOCK, cumulative)
    assert [(o.method, o.year) for o in outcomes] == [
        (Method.LAST_VALUE, 2023), (Method.PACE, 2024), (Method.LAST_VALUE, 2024)]


def test_december_and_missing_values_need_no_backtest():
    cumulative = {(2024, 12): D(99)}
    assert calibrated_year_end(Kind.FLOW, cumulative, 2024, 12)[0].method is Method.ACTUAL
    assert calibrated_year_end(Kind.FLOW, cumulative, 2025, 3)[0].method is Method.NONE


CATALOGUE = default_catalogue()
HIGH_TECH = CATALOGUE["high_tech_firms"]


def high_tech_values(through_year):
    values = []
    for index, year in enumerate(range(2016, through_year)):
        start = 300 + 30 * index
        values += [Observation(Period.month(year, month), cumulative=D(start + 2 * month))
                   for month in (3, 6, 9)]
        values.append(Observation(Period.month(year, 12), cumulative=D(start + 30)))
    return values + [Observation(Period.month(through_year, 9), cumulative=D(620))]


def test_target_year_this_year_is_the_year_end_forecast():
    """One forecast: the chart's target-year point is the table's year end when they coincide."""
    path = TargetPath.build(2022, D(450), 2026, D(650))
    status = evaluate(HIGH_TECH, path, high_tech_values(2026), Period.month(2026, 9),
                      today=date(2026, 10, 1))
    assert status.target_forecast is status.forecast
    assert status.forecast_year_end == status.forecast.value.quantize(D("0.0001"))
    assert status.method is status.forecast.method
    assert status.backtest  # the rows the forecast rests on, for the indicator page
    earlier = evaluate(HIGH_TECH, path, high_tech_values(2025), Period.month(2025, 9),
                       today=date(2025, 10, 1))
    assert earlier.target_forecast is not earlier.forecast
    assert earlier.target_forecast.method in (Method.ETS, Method.LOGLINEAR)


# --- the calibration holds on simulated series -------------------------------------------

HISTORY, FUTURE = 120, 240
SHAPE = [0.3, 0.3, 0.6, 1, 1.3, 1.4, 1.4, 1.4, 1.2, 1, 0.6, 0.5]  # a building season


def simulate(rng: random.Random, kind: Kind, years: int, noise: float, growth: float):
    """Monthly increments with lognormal noise around a seasonal shape (flow), a level that
    moves by the year's change (stock) or a rate around a fixed mean (rate); cumulative by
    reach."""
    cumulative = {}
    level = 1000.0
    for year in range(years):
        expected = 100 * (1 + growth) ** year
        total = expected * math.exp(rng.gauss(0, noise / 2))
        increments = [SHAPE[month] * math.exp(rng.gauss(0, noise)) for month in range(12)]
        running, scale = 0.0, total / sum(increments)
        rate = 6 + rng.gauss(0, 1)
        for month, increment in enumerate(increments, start=1):
            running += increment * scale
            if kind is Kind.FLOW:
                value = running
            elif kind is Kind.STOCK:
                value = level * (1 + 0.08 * running / expected)  # grows about 8 % a year
            else:
                value = rate + rng.gauss(0, noise * 10) * (12 - month) / 12
            cumulative[(year, month)] = D(f"{value:.6f}")
        level = float(cumulative[(year, 12)]) if kind is Kind.STOCK else level
    return cumulative


@settings(max_examples=12, deadline=None, derandomize=True)
@given(kind=st.sampled_from([Kind.FLOW, Kind.STOCK, Kind.RATE]),
       noise=st.floats(0.02, 0.3), growth=st.floats(0.0, 0.08),
       reach=st.sampled_from([2, 6, 10]), seed=st.integers(0, 2**32))
def test_calibrated_coverage_is_near_the_level(kind, noise, growth, reach, seed):
    """Calibrated on HISTORY simulated years, the interval holds the next FUTURE year ends
    about 80 % of the time (sd ≈ 0.04 from calibration and test sampling)."""
    rng = random.Random(seed)
    cumulative = simulate(rng, kind, HISTORY + FUTURE, noise, growth)
    rows = backtest(kind, {key: value for key, value in cumulative.items()
                                 if key[0] < HISTORY and key[1] in (reach, 12)})
    assert all(isinstance(r, BacktestRow) and r.coverage >= 0.8 for r in rows if r.widen)
    inside = 0
    for year in range(HISTORY, HISTORY + FUTURE):
        known = {key: value for key, value in cumulative.items()
                 if key[0] in range(year - 5, year + 1) and key[1] in (reach, 12)}
        del known[(year, 12)]
        forecast, _ = calibrated_year_end(kind, known, year, reach, rows=rows)
        assert not forecast.insufficient and forecast.low is not None
        inside += forecast.low <= cumulative[(year, 12)] <= forecast.high
    assert abs(inside / FUTURE - 0.8) < 0.12
