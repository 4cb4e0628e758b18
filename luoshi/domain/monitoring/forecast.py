"""Forecasts: this year's final value (全年预计) and the value in the plan's target year.

Year end of a flow with history: cumulative ÷ the mean share of the year that past years had
reached by the same month (seasonal_share); the interval comes from the spread of those shares
(a normal share with its sample standard deviation, widened by √(1 + 1/n) for a new year).
Without history: cumulative × 12 ÷ months (pace).  A stock extends its change since last year's
end in a straight line (pace); a rate keeps its latest value (last_value).

Target year: a model on the logs of the year-end values — statsmodels' ETSModel with additive
trend (ets) when there are enough consecutive years, else OLS of log value on the year
(loglinear) — with its prediction interval.  The probability of reaching a target treats the
errors as normal (on the share, or on the log value).  ``method`` always says which was used.

These are each method's own forecasts.  The product shows the back-tested, calibrated one
(``backtest.calibrated_year_end``); a target-year forecast on fewer than ``TARGET_MIN_POINTS``
years keeps its point but no interval or probability (``insufficient``: 数据不足).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from statistics import NormalDist

from .catalogue import Direction, Kind
from .series import Reach

DEFAULT_LEVEL = Decimal("0.8")
ETS_MIN_POINTS = 8
# Fewer yearly values than this cannot tell a trend's noise from its slope: no interval.
TARGET_MIN_POINTS = 5
_ONE = Decimal(1)
_TWELVE = Decimal(12)


class Method(StrEnum):
    ACTUAL = "actual"  # the period closes the year: nothing to forecast
    SEASONAL_SHARE = "seasonal_share"
    PACE = "pace"
    LAST_VALUE = "last_value"
    ETS = "ets"
    LOGLINEAR = "loglinear"
    NONE = "none"  # not enough data


@dataclass(frozen=True)
class Forecast:
    method: Method
    value: Decimal | None = None
    low: Decimal | None = None  # bounds of the ``level`` prediction interval
    high: Decimal | None = None
    probability: Decimal | None = None  # of reaching the target (None: no target or interval)
    level: Decimal = DEFAULT_LEVEL
    points: int = 0  # past years the forecast rests on
    insufficient: bool = False  # 数据不足: too little history to say how sure the point is


def _z(level: Decimal) -> Decimal:
    return _decimal(NormalDist().inv_cdf((1 + float(level)) / 2))


def _decimal(number: float) -> Decimal:
    # Ten significant digits: floats carry no more that mean anything here.
    return Decimal(f"{number:.10g}")


def _settled(value: Decimal, target: Decimal | None, direction: Direction) -> Decimal | None:
    """Probability 1 or 0 for a forecast without spread."""
    if target is None:
        return None
    met = value <= target if direction is Direction.LOWER else value >= target
    return _ONE if met else Decimal(0)


def _oriented(probability_at_least: float, direction: Direction) -> Decimal:
    chance = 1 - probability_at_least if direction is Direction.LOWER else probability_at_least
    return _decimal(min(max(chance, 0.0), 1.0))


def forecast_year_end(
    kind: Kind,
    cumulative: Mapping[Reach, Decimal],
    year: int,
    reach: int,
    *,
    target: Decimal | None = None,
    direction: Direction = Direction.HIGHER,
    level: Decimal = DEFAULT_LEVEL,
    max_years: int = 5,
) -> Forecast:
    """This year's final value from the cumulative (flow), level (stock) or rate at ``reach``.

    ``cumulative`` holds the values keyed by (year, reach) in the target's unit, this year's
    and past years'; at most ``max_years`` past years feed the seasonal shares.
    """
    value = cumulative.get((year, reach))
    if value is None:
        return Forecast(Method.NONE, level=level)
    if reach == 12:
        return Forecast(Method.ACTUAL, value, value, value, _settled(value, target, direction),
                        level)
    if kind is Kind.RATE:
        return Forecast(Method.LAST_VALUE, value, level=level)
    if kind is Kind.STOCK:
        return (year_end_by(Method.PACE, kind, cumulative, year, reach, level=level)
                or Forecast(Method.LAST_VALUE, value, level=level))
    shares = _shares(cumulative, year, reach, max_years)
    if not shares:
        return Forecast(Method.PACE, value * _TWELVE / reach, level=level)
    return _seasonal(value, shares, target, direction, level)


def year_end_by(
    method: Method,
    kind: Kind,
    cumulative: Mapping[Reach, Decimal],
    year: int,
    reach: int,
    *,
    level: Decimal = DEFAULT_LEVEL,
    max_years: int = 5,
) -> Forecast | None:
    """The year end as ``method`` alone would forecast it at (year, reach) (no probability);
    None when the method does not apply or lacks the history it needs."""
    value = cumulative.get((year, reach))
    if value is None or reach >= 12:
        return None
    if method is Method.LAST_VALUE:
        return Forecast(Method.LAST_VALUE, value, level=level)
    if kind is Kind.RATE:
        return None
    if method is Method.PACE:
        if kind is Kind.FLOW:
            return Forecast(Method.PACE, value * _TWELVE / reach, level=level)
        last_final = cumulative.get((year - 1, 12))
        if last_final is None:
            return None
        projected = last_final + (value - last_final) * _TWELVE / reach
        return Forecast(Method.PACE, projected, level=level, points=1)
    if method is Method.SEASONAL_SHARE and kind is Kind.FLOW:
        shares = _shares(cumulative, year, reach, max_years)
        return _seasonal(value, shares, None, Direction.HIGHER, level) if shares else None
    return None


def _shares(cumulative: Mapping[Reach, Decimal], year: int, reach: int,
            max_years: int) -> list[Decimal]:
    return [
        cumulative[(past, reach)] / cumulative[(past, 12)]
        for past in range(year - max_years, year)
        if (past, reach) in cumulative and cumulative.get((past, 12), 0) > 0
        and cumulative[(past, reach)] > 0
    ]


def _seasonal(
    value: Decimal, shares: list[Decimal], target: Decimal | None, direction: Direction,
    level: Decimal,
) -> Forecast:
    count = len(shares)
    mean = sum(shares, Decimal(0)) / count
    point = value / mean
    if count < 2:
        return Forecast(Method.SEASONAL_SHARE, point, level=level, points=count)
    variance = sum(((share - mean) ** 2 for share in shares), Decimal(0)) / (count - 1)
    spread = variance.sqrt() * (1 + _ONE / count).sqrt()
    if spread == 0:
        return Forecast(Method.SEASONAL_SHARE, point, point, point,
                        _settled(point, target, direction), level, count)
    z = _z(level)
    # A larger share means less of the year is left: the high share gives the low year end.
    low = value / (mean + z * spread)
    high = value / (mean - z * spread) if mean > z * spread else None
    probability = None
    if target is not None and target > 0:
        # year end ≥ target ⇔ share ≤ value ÷ target
        at_least = NormalDist(float(mean), float(spread)).cdf(float(value / target))
        probability = _oriented(at_least, direction)
    return Forecast(Method.SEASONAL_SHARE, point, low, high, probability, level, count)


def forecast_target_year(
    yearly: Mapping[int, Decimal],
    target_year: int,
    *,
    target: Decimal | None = None,
    direction: Direction = Direction.HIGHER,
    level: Decimal = DEFAULT_LEVEL,
    ets_min_points: int = ETS_MIN_POINTS,
    min_points: int = TARGET_MIN_POINTS,
) -> Forecast:
    """The value in ``target_year`` from year-end values (all > 0, since the model is on logs).

    On fewer than ``min_points`` years the point stays but is marked ``insufficient``."""
    if target_year in yearly:
        actual = yearly[target_year]
        return Forecast(Method.ACTUAL, actual, actual, actual,
                        _settled(actual, target, direction), level)
    years = sorted(year for year in yearly if year < target_year)
    if len(years) < 2 or any(yearly[year] <= 0 for year in years):
        return Forecast(Method.NONE, level=level, points=len(years))
    logs = [math.log(float(yearly[year])) for year in years]
    run = _last_consecutive_run(years)
    fitted = None
    if len(run) >= ets_min_points:
        fitted = _ets(tuple(logs[-len(run):]), target_year - years[-1], level)
    method = Method.ETS
    if fitted is None:
        fitted = _loglinear(tuple(years), tuple(logs), target_year, level)
        method = Method.LOGLINEAR
    mean, low, high = fitted
    points = len(run) if method is Method.ETS else len(years)
    value = _decimal(math.exp(mean))
    if points < min_points:
        return Forecast(method, value, level=level, points=points, insufficient=True)
    if low is None or high is None:
        return Forecast(method, value, level=level, points=points, insufficient=True)
    bounds = (_decimal(math.exp(low)), _decimal(math.exp(high)))
    sigma = (high - low) / (2 * float(_z(level)))
    probability = None
    if target is not None and target > 0:
        if sigma < 1e-9:  # a perfect fit: float noise, not uncertainty
            probability = _settled(value, target, direction)
        else:
            below = NormalDist(mean, sigma).cdf(math.log(float(target)))
            probability = _oriented(1 - below, direction)
    return Forecast(method, value, bounds[0], bounds[1], probability, level, points)


def interval_probability(
    point: Decimal, low: Decimal, high: Decimal, target: Decimal | None,
    direction: Direction = Direction.HIGHER, level: Decimal = DEFAULT_LEVEL,
) -> Decimal | None:
    """The chance of reaching ``target`` read off an interval around ``point``: a split normal
    (one half-normal each side of the point, its spread set by that side of the interval), so
    the point is the median and the interval's ends the (1 ± level) ÷ 2 quantiles."""
    if target is None:
        return None
    if low == high == point:
        return _settled(point, target, direction)
    z = float(_z(level))
    gap = float(target - point)
    if gap == 0:
        at_least = 0.5
    elif gap > 0:
        above = float(high - point)
        at_least = 0.0 if above <= 0 else 1 - NormalDist().cdf(z * gap / above)
    else:
        below = float(point - low)
        at_least = 1.0 if below <= 0 else NormalDist().cdf(z * -gap / below)
    return _oriented(at_least, direction)


def _last_consecutive_run(years: list[int]) -> list[int]:
    run = [years[-1]]
    for year in reversed(years[:-1]):
        if year != run[0] - 1:
            break
        run.insert(0, year)
    return run


Fit = tuple[float, float | None, float | None]  # mean, low, high on the log scale


# The fits are pure, and every month of a year asks the same question of the same year ends,
# so the answers are kept (ETS in statsmodels takes milliseconds).
@lru_cache(maxsize=4096)
def _ets(logs: tuple[float, ...], horizon: int, level: Decimal) -> Fit | None:
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    series = pd.Series(logs, index=pd.RangeIndex(len(logs)))
    try:
        with warnings.catch_warnings():
            # Short yearly series make the optimiser chatty; the interval still holds.
            warnings.simplefilter("ignore")
            result = ETSModel(series, error="add", trend="add").fit(disp=False)
            frame = result.get_prediction(start=len(logs), end=len(logs) + horizon - 1)
            row = frame.summary_frame(alpha=1 - float(level)).iloc[-1]
    except Exception:  # any failure of the fit falls back to the log-linear model
        return None
    mean, low, high = float(row["mean"]), float(row["pi_lower"]), float(row["pi_upper"])
    if not all(math.isfinite(number) for number in (mean, low, high)):
        return None
    return mean, low, high


@lru_cache(maxsize=4096)
def _loglinear(years: tuple[int, ...], logs: tuple[float, ...], target_year: int,
               level: Decimal) -> Fit:
    """Least squares of the logs on the year, and its prediction interval for ``target_year``:
    the textbook formulas for one regressor (statsmodels' OLS ``obs_ci``, which the tests check
    against, at a hundredth of its cost: every status of last year asks for one)."""
    from scipy.stats import t as student

    count = len(years)
    origin = years[0]  # centre the year so the sums are well conditioned
    xs = [float(year - origin) for year in years]
    mean_x, mean_y = sum(xs) / count, sum(logs) / count
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, logs, strict=True)) / sxx
    at = float(target_year - origin)
    mean = mean_y + slope * (at - mean_x)
    freedom = count - 2
    if freedom < 1:  # two points leave no residual to size an interval
        return mean, None, None
    residual = sum((y - mean_y - slope * (x - mean_x)) ** 2
                   for x, y in zip(xs, logs, strict=True)) / freedom
    spread = math.sqrt(residual * (1 + 1 / count + (at - mean_x) ** 2 / sxx))
    half = float(student.ppf(0.5 + float(level) / 2, freedom)) * spread
    low, high = mean - half, mean + half
    if not (math.isfinite(low) and math.isfinite(high)):
        return mean, None, None
    return mean, low, high
