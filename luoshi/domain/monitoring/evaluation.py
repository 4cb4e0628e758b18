"""One indicator's status line for one period (指标监测情况): every figure the status command and
the monitoring pages show, from the indicator, its target path and its stored values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..calendar.periods import Period
from .backtest import BacktestRow, calibrated_year_end
from .backtest import backtest as run_backtest
from .catalogue import Direction, IndicatorDef, Kind
from .forecast import DEFAULT_LEVEL, Forecast, Method, forecast_target_year
from .pace import NodeSchedule, TargetPath, pace_value
from .series import (
    DataStatus,
    Observation,
    Reach,
    cumulative_by_reach,
    resolve_yoy,
    year_ends,
)
from .status import (
    DEFAULT_RULES,
    Light,
    Reason,
    StatusRules,
    is_negative_growth,
    judge,
    missing_light,
)
from .trajectory import Trajectory, trajectory

# The status command's columns, in order; ``IndicatorStatus.row()`` gives their values.
STATUS_COLUMNS = (
    "code", "name", "unit", "period", "cumulative", "year_target", "pace_value", "completion",
    "pace_ratio", "status", "forecast_year_end", "forecast_low", "forecast_high", "probability",
    "method",
)


@dataclass(frozen=True)
class IndicatorStatus:
    """Amounts are in the indicator's unit (``unit`` is its code); ratios are fractions
    (0.4167, not 41.67 %); ``status`` is the light code, ``reason`` why; ``gap`` is ahead (+) or
    behind (−) 序时进度; ``probability`` is of reaching this year's target by year end.

    There is one forecast (``forecast``; the forecast_* columns are it, rounded): the back-tested
    method's, with its calibrated interval (``backtest``), or 数据不足 (``insufficient_data``).
    When the plan's target year is this year, ``target_forecast`` is that same forecast."""

    code: str
    name: str
    unit: str
    period: Period
    cumulative: Decimal | None
    year_target: Decimal | None
    pace_value: Decimal | None
    completion: Decimal | None
    pace_ratio: Decimal | None
    status: Light
    forecast_year_end: Decimal | None
    forecast_low: Decimal | None
    forecast_high: Decimal | None
    probability: Decimal | None
    method: Method
    reason: Reason
    gap: Decimal | None = None
    yoy: Decimal | None = None
    yoy_computed: bool = False
    data_status: DataStatus | None = None
    trajectory: Trajectory | None = None  # progress since the baseline (Open SDG)
    target_forecast: Forecast | None = None  # the value expected in the plan's target year
    forecast: Forecast | None = None  # this year's end, unrounded
    backtest: tuple[BacktestRow, ...] = ()  # per method and horizon, years before this one

    @property
    def insufficient_data(self) -> bool:
        """数据不足: a forecast point without an interval or probability."""
        return self.forecast is not None and self.forecast.insufficient

    def row(self) -> tuple[object, ...]:
        return tuple(getattr(self, column) for column in STATUS_COLUMNS)


@dataclass(frozen=True)
class History:
    """An indicator's observations in its unit, and the cumulative series and year ends they
    give: made once when one indicator is judged at many periods (stored statuses)."""

    by_period: Mapping[Period, Observation]
    cumulative: Mapping[Reach, Decimal]
    finals: Mapping[int, Decimal]

    @classmethod
    def of(cls, indicator: IndicatorDef,
           values: Mapping[Period, Observation] | Iterable[Observation]) -> History:
        observations = [observation.in_unit(indicator.unit) for observation in
                        (values.values() if isinstance(values, Mapping) else values)]
        cumulative = cumulative_by_reach(observations, indicator.kind,
                                         derive=not indicator.official)
        return cls({observation.period: observation for observation in observations},
                   cumulative, year_ends(cumulative))


def evaluate(
    indicator: IndicatorDef,
    path: TargetPath | None,
    values: History | Mapping[Period, Observation] | Iterable[Observation],
    period: Period,
    rules: StatusRules = DEFAULT_RULES,
    today: date | None = None,
    *,
    schedule: NodeSchedule | None = None,
    level: Decimal = DEFAULT_LEVEL,
    places: int = 4,
    stated: Mapping[int, Decimal] | None = None,
    backtests: MutableMapping[int, tuple[BacktestRow, ...]] | None = None,
) -> IndicatorStatus:
    """Judge ``indicator`` at ``period`` with its values of this and past years.

    Values are converted to the indicator's unit (IncompatibleUnitError if one cannot be;
    ``validation`` refuses such rows earlier).  Official figures are never derived (no
    cumulative from 当月值, no computed 同比).  Without ``today`` missing data count as pending.
    Computed amounts and ratios are rounded half-up to ``places`` decimals, probabilities to 3.
    ``stated`` are the yearly targets set outright (the plan's target year, years set by hand):
    they hold even without a path, which needs a baseline value a new zone may not have yet.
    ``values`` may be a ``History`` made once for many periods.
    ``backtests`` keeps the back-test per year across calls with the same values: it reads only
    the years before, so every period of a year shares it (stored statuses judge them all).
    """
    known = values if isinstance(values, History) else History.of(indicator, values)
    by_period, cumulative, finals = known.by_period, known.cumulative, known.finals
    year, reach = period.year, period.reach
    value = cumulative.get((year, reach))

    year_target = _on_path(path, year)
    if year_target is None and path is None and stated:
        year_target = stated.get(year)
    start = finals.get(year - 1, _on_path(path, year - 1))
    pace = None
    if year_target is not None:
        pace = pace_value(indicator.kind, year_target, reach, last_year_final=start,
                          schedule=schedule)

    observation = by_period.get(period)
    published = observation.yoy if observation else None
    if indicator.official or indicator.kind is Kind.RATE:
        yoy = resolve_yoy(published, None, None)
    else:
        yoy = resolve_yoy(published, value, cumulative.get((year - 1, reach)))

    if value is None:
        # Without a today nothing can be overdue.
        standing = missing_light(period, today or date.min, rules)
    else:
        growth = value if indicator.kind is Kind.RATE else yoy.value
        negative = is_negative_growth(
            indicator.direction, growth, _growth_targeted(indicator, path, year, year_target))
        standing = judge(indicator.kind, indicator.direction, value, year_target, pace,
                         negative_growth=negative, rules=rules)

    rows = None
    if backtests is not None:
        rows = backtests.get(year)
        if rows is None:
            rows = backtests[year] = run_backtest(indicator.kind, cumulative, before=year,
                                                  level=level)
    year_end, backtest = calibrated_year_end(
        indicator.kind, cumulative, year, reach, target=year_target,
        direction=indicator.direction, level=level, rows=rows)
    history = {y: v for y, v in finals.items() if y <= year}
    progress, outlook = _long_run(indicator, path, history, level, year_end, year)

    amount = _rounder(places)
    return IndicatorStatus(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        period=period,
        cumulative=value,
        year_target=amount(year_target),
        pace_value=amount(pace),
        completion=amount(standing.completion),
        pace_ratio=amount(standing.pace_ratio),
        status=standing.light,
        forecast_year_end=amount(year_end.value),
        forecast_low=amount(year_end.low),
        forecast_high=amount(year_end.high),
        probability=_rounder(3)(year_end.probability),
        method=year_end.method,
        reason=standing.reason,
        gap=amount(standing.gap),
        yoy=yoy.value,
        yoy_computed=yoy.computed,
        data_status=observation.status if observation else None,
        trajectory=progress,
        target_forecast=outlook,
        forecast=year_end,
        backtest=backtest,
    )


def _on_path(path: TargetPath | None, year: int) -> Decimal | None:
    return path.value_for(year) if path is not None and year in path.years else None


def _growth_targeted(
    indicator: IndicatorDef, path: TargetPath | None, year: int, year_target: Decimal | None
) -> bool:
    """Whether the plan asks this year to grow (or, lower-is-better, to fall)."""
    lower = indicator.direction is Direction.LOWER
    if indicator.kind is Kind.RATE:
        return year_target is None or (year_target < 0 if lower else year_target > 0)
    before = _on_path(path, year - 1)
    if year_target is None or before is None:
        return True
    return year_target < before if lower else year_target > before


def _long_run(
    indicator: IndicatorDef, path: TargetPath | None, history: Mapping[int, Decimal],
    level: Decimal, year_end: Forecast, year: int,
) -> tuple[Trajectory | None, Forecast | None]:
    # A growth rate has no level to compound, so neither measure applies to it.
    if path is None or indicator.kind is Kind.RATE:
        return None, None
    progress = trajectory(history, baseline_year=path.baseline_year, baseline=path.baseline,
                          target_year=path.target_year, target=path.target,
                          direction=indicator.direction)
    if path.target_year == year:
        # The target year is this year: its forecast is the year end's, not a second one.
        return progress, year_end
    outlook = forecast_target_year(history, path.target_year, target=path.target,
                                   direction=indicator.direction, level=level)
    return progress, outlook


def _rounder(places: int) -> Callable[[Decimal | None], Decimal | None]:
    quantum = Decimal(1).scaleb(-places)

    def rounded(number: Decimal | None) -> Decimal | None:
        return None if number is None else number.quantize(quantum, rounding=ROUND_HALF_UP)

    return rounded
