"""Back-testing the year-end forecasts (回测) and the one forecast the product shows.

What would each method have said in March 2024 about December 2024?  For every past year whose
December is known and every month (reach) before it, each method forecasts the year end from
what was known then; the outcome records its error and how far its interval would have had to
widen to hold the actual value.  Per method and horizon (months ahead = 12 − reach):

- ``mape``: mean absolute percentage error;
- ``widen``: the factor k applied to the interval's half-widths.  seasonal_share has a model
  interval (k ≥ 1: it is never narrowed); pace and last_value have none, so their interval is
  point ± k × |point| (a relative half-width; for a rate ± k percentage points);
- ``coverage``: the share of outcomes inside the interval after widening.

k is the split-conformal quantile of the outcomes' scores: the ⌈(n + 1) × level⌉-th smallest.
That holds ``level`` on a new year when years behave alike, and needs n ≥ 4 outcomes at 80 %
(fewer cannot say where the 80 % lies): such a row has no ``widen``.

The forecast shown (``calibrated_year_end``) comes from the method with the lowest MAPE among
those calibrated at its horizon, with the widened interval and the chance of the target read off
it (its shown low end stops at what cannot happen: a flow's year end below what is done already,
a stock below zero).  Without one the usual method's point stays, marked ``insufficient``
(数据不足), with no interval and no probability.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from .catalogue import Direction, Kind
from .forecast import (
    DEFAULT_LEVEL,
    Forecast,
    Method,
    forecast_year_end,
    interval_probability,
    year_end_by,
)
from .series import Reach

# The methods tried for each kind, in order of preference when errors tie.
METHODS: dict[Kind, tuple[Method, ...]] = {
    Kind.FLOW: (Method.SEASONAL_SHARE, Method.PACE),
    Kind.STOCK: (Method.PACE, Method.LAST_VALUE),
    Kind.RATE: (Method.LAST_VALUE,),
}


class Scale(StrEnum):
    """What ``widen`` multiplies."""

    MODEL = "model"  # the method's own interval half-widths
    RELATIVE = "relative"  # |point|: k is a fraction of the point
    ABSOLUTE = "absolute"  # one unit (a rate's percentage point)


@dataclass(frozen=True)
class Outcome:
    """One back-tested forecast: made at (year, reach), compared with that year's end."""

    method: Method
    year: int
    reach: int
    point: Decimal
    actual: Decimal
    score: float  # the smallest widening that puts the actual inside the interval

    @property
    def horizon(self) -> int:
        return 12 - self.reach


@dataclass(frozen=True)
class BacktestRow:
    method: Method
    horizon: int  # months ahead of December
    count: int  # outcomes
    mape: float | None  # mean |actual − point| ÷ |actual| (None: every actual is 0)
    coverage: float | None  # share of outcomes inside the (widened) interval
    widen: float | None  # None: too few outcomes to calibrate
    scale: Scale
    level: Decimal = DEFAULT_LEVEL

    def as_dict(self) -> dict[str, object]:
        """The command's JSON (the keys up to coverage_80 are a contract)."""
        return {
            "method": self.method.value, "horizon": self.horizon, "count": self.count,
            "mape": _rounded(self.mape), "coverage_80": _rounded(self.coverage),
            "widen": _rounded(self.widen), "interval": self.scale.value,
        }


def _rounded(number: float | None) -> float | None:
    return None if number is None else round(number, 4)


def _scale(method: Method, kind: Kind) -> Scale:
    if method is Method.SEASONAL_SHARE:
        return Scale.MODEL
    return Scale.ABSOLUTE if kind is Kind.RATE else Scale.RELATIVE


def _half_widths(forecast: Forecast, scale: Scale) -> tuple[float, float] | None:
    """The interval's half-widths below and above the point before widening (None: none)."""
    point = forecast.value
    if point is None:
        return None
    if scale is Scale.ABSOLUTE:
        return 1.0, 1.0
    if scale is Scale.RELATIVE:
        return (abs(float(point)),) * 2 if point != 0 else None
    if forecast.low is None:
        return None
    # The model leaves the top open when the shares are too spread (no finite year end).
    above = math.inf if forecast.high is None else float(forecast.high - point)
    return float(point - forecast.low), above


def _score(actual: Decimal, point: Decimal, widths: tuple[float, float]) -> float:
    gap = float(actual - point)
    if gap == 0:
        return 0.0
    side = widths[1] if gap > 0 else widths[0]
    return math.inf if side == 0 else abs(gap) / side


def backtest_outcomes(
    kind: Kind,
    cumulative: Mapping[Reach, Decimal],
    *,
    before: int | None = None,
    level: Decimal = DEFAULT_LEVEL,
) -> list[Outcome]:
    """Every method's forecast at every month of every complete year (before ``before``)."""
    outcomes = []
    years = sorted(y for y, r in cumulative if r == 12 and (before is None or y < before))
    for year in years:
        actual = cumulative[(year, 12)]
        for reach in sorted(r for y, r in cumulative if y == year and r < 12):
            for method in METHODS[kind]:
                forecast = year_end_by(method, kind, cumulative, year, reach, level=level)
                widths = None if forecast is None else _half_widths(forecast,
                                                                    _scale(method, kind))
                if forecast is None or forecast.value is None or widths is None:
                    continue
                outcomes.append(Outcome(method, year, reach, forecast.value, actual,
                                        _score(actual, forecast.value, widths)))
    return outcomes


def conformal_rank(count: int, level: Decimal = DEFAULT_LEVEL) -> int:
    """Which smallest score (1-based) bounds a new one with probability ≥ ``level``."""
    return int((Decimal(count + 1) * level).to_integral_value(rounding=ROUND_CEILING))


def summarise(outcomes: Iterable[Outcome], kind: Kind,
              level: Decimal = DEFAULT_LEVEL) -> tuple[BacktestRow, ...]:
    """One row per method and horizon, in the kind's method order, nearest horizon first."""
    groups: dict[tuple[Method, int], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome.method, outcome.horizon)].append(outcome)
    order = {method: index for index, method in enumerate(METHODS[kind])}
    rows = []
    for (method, horizon), group in sorted(groups.items(),
                                           key=lambda item: (order[item[0][0]], item[0][1])):
        scale = _scale(method, kind)
        scores = sorted(outcome.score for outcome in group)
        rank = conformal_rank(len(scores), level)
        widen = scores[rank - 1] if rank <= len(scores) else None
        if widen is not None and scale is Scale.MODEL:
            widen = max(widen, 1.0)
        if widen is not None and math.isinf(widen):
            widen = None
        # Uncalibrated, a model interval still shows how often it held as it was.
        bound = widen if widen is not None else (1.0 if scale is Scale.MODEL else None)
        coverage = (None if bound is None
                    else sum(score <= bound for score in scores) / len(scores))
        errors = [abs(float((o.actual - o.point) / o.actual)) for o in group if o.actual != 0]
        mape = sum(errors) / len(errors) if errors else None
        rows.append(BacktestRow(method, horizon, len(group), mape, coverage, widen, scale,
                                level))
    return tuple(rows)


def backtest(kind: Kind, cumulative: Mapping[Reach, Decimal], *, before: int | None = None,
             level: Decimal = DEFAULT_LEVEL) -> tuple[BacktestRow, ...]:
    """The back-test of one indicator's year-end methods (see the module's docstring)."""
    return summarise(backtest_outcomes(kind, cumulative, before=before, level=level), kind,
                     level)


def ranked_rows(rows: Sequence[BacktestRow], horizon: int, kind: Kind) -> list[BacktestRow]:
    """The calibrated rows at ``horizon``, the lowest error first."""
    order = {method: index for index, method in enumerate(METHODS[kind])}
    usable = [row for row in rows if row.horizon == horizon and row.widen is not None]
    return sorted(usable, key=lambda row: (math.inf if row.mape is None else row.mape,
                                           order.get(row.method, len(order))))


def calibrated_year_end(
    kind: Kind,
    cumulative: Mapping[Reach, Decimal],
    year: int,
    reach: int,
    *,
    target: Decimal | None = None,
    direction: Direction = Direction.HIGHER,
    level: Decimal = DEFAULT_LEVEL,
    rows: Sequence[BacktestRow] | None = None,
) -> tuple[Forecast, tuple[BacktestRow, ...]]:
    """The one year-end forecast at (year, reach) and the back-test it rests on.

    ``rows`` default to the back-test of the years before ``year`` in ``cumulative``.
    """
    if rows is None:
        rows = backtest(kind, cumulative, before=year, level=level)
    rows = tuple(rows)
    usual = forecast_year_end(kind, cumulative, year, reach, target=target,
                              direction=direction, level=level)
    if usual.method in (Method.NONE, Method.ACTUAL):
        return usual, rows
    for row in ranked_rows(rows, 12 - reach, kind):
        forecast = year_end_by(row.method, kind, cumulative, year, reach, level=level)
        widths = None if forecast is None else _half_widths(forecast, row.scale)
        if forecast is None or forecast.value is None or widths is None:
            continue
        if not all(math.isfinite(width) for width in widths):
            continue
        point = forecast.value
        low = point - _decimal(row.widen * widths[0])
        high = point + _decimal(row.widen * widths[1])
        probability = interval_probability(point, low, high, target, direction, level)
        return Forecast(row.method, point, _floor(kind, cumulative[(year, reach)], low), high,
                        probability, level, forecast.points), rows
    return replace(usual, low=None, high=None, probability=None, insufficient=True), rows


def _floor(kind: Kind, value: Decimal, low: Decimal) -> Decimal:
    """The shown low end never below what cannot happen: a flow's year end below what is done
    already, a stock below zero (a wide relative interval early in the year would say so)."""
    if kind is Kind.FLOW and value >= 0:
        return max(low, value)
    if kind is Kind.STOCK and value >= 0:
        return max(low, Decimal(0))
    return low


def _decimal(number: float) -> Decimal:
    return Decimal(f"{number:.10g}")
