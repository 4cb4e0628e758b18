"""Observed values (月报数据): 累计值 ↔ 当月值, year-end values and 同比.

Cumulative values are keyed by *reach* (year, months covered), so a quarter's cumulative and the
cumulative of the month that ends it meet, and 1–2月 is the reach-2 value whether or not January
was published alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ..calendar.periods import Grain, Period
from .catalogue import Kind
from .units import convert

Reach = tuple[int, int]  # (year, last month covered by the cumulative)

HUNDRED = Decimal(100)


class DataStatus(StrEnum):
    ESTIMATE = "estimate"  # 预计
    PRELIMINARY = "preliminary"  # 快报
    FINAL = "final"  # 正式


_DATA_STATUS_TEXT = {
    "预计": DataStatus.ESTIMATE, "预计数": DataStatus.ESTIMATE,
    "快报": DataStatus.PRELIMINARY, "快报数": DataStatus.PRELIMINARY,
    "初步": DataStatus.PRELIMINARY,
    "正式": DataStatus.FINAL, "正式数": DataStatus.FINAL, "最终": DataStatus.FINAL,
    **{status.value: status for status in DataStatus},
}


def parse_data_status(text: str) -> DataStatus:
    """预计 / 快报 / 正式 (or the codes) → DataStatus; ValueError for anything else."""
    status = _DATA_STATUS_TEXT.get(text.strip().lower())
    if status is None:
        raise ValueError(f"unknown data status: {text!r}")
    return status


@dataclass(frozen=True)
class Observation:
    """One indicator's values for one period.  ``cumulative`` is 累计值 for a flow, 期末数 for a
    stock and the cumulative 增速 (%) for a rate; ``current`` is 当月值 (当季值 for a quarter);
    ``yoy`` is 同比 (%) exactly as published; ``unit`` is a unit code, "" for the indicator's."""

    period: Period
    cumulative: Decimal | None = None
    current: Decimal | None = None
    yoy: Decimal | None = None
    unit: str = ""
    status: DataStatus = DataStatus.FINAL

    def in_unit(self, unit: str) -> Observation:
        """The same observation with its amounts expressed in ``unit`` (同比 is unit-free)."""
        if self.unit == unit:
            return self  # frozen: the same object serves (statuses convert thousands of them)
        if not self.unit:
            return replace(self, unit=unit)
        source = self.unit

        def amount(value: Decimal | None) -> Decimal | None:
            return None if value is None else convert(value, source, unit)

        return replace(self, cumulative=amount(self.cumulative), current=amount(self.current),
                       unit=unit)


def _family(period: Period) -> tuple[int, str]:
    # 1–2月 belongs with the months; quarters and years tile a year on their own.
    grain = Grain.MONTH if period.grain is Grain.JAN_FEB else period.grain
    return (period.year, grain.value)


def _by_family(values: Mapping[Period, Decimal]) -> dict[tuple[int, str], list[Period]]:
    groups: dict[tuple[int, str], list[Period]] = defaultdict(list)
    for period in values:
        groups[_family(period)].append(period)
    return {key: sorted(periods) for key, periods in groups.items()}


def cumulative_to_current(cumulative: Mapping[Period, Decimal]) -> dict[Period, Decimal]:
    """当月值 from 累计值: each period's cumulative less the one before it in the same year.

    The first period of a year (1月, 1–2月, 一季度) is its own cumulative.  A period that does not
    follow the previous one (a month missing) gets no value: its difference spans two periods.
    """
    current: dict[Period, Decimal] = {}
    for periods in _by_family(cumulative).values():
        reached, before = 0, Decimal(0)
        for period in periods:
            if period.first_month == reached + 1:
                current[period] = cumulative[period] - before
            reached, before = period.reach, cumulative[period]
    return current


def current_to_cumulative(current: Mapping[Period, Decimal]) -> dict[Period, Decimal]:
    """累计值 from 当月值: running sums within each year, up to the first missing period."""
    cumulative: dict[Period, Decimal] = {}
    for periods in _by_family(current).values():
        reached, total = 0, Decimal(0)
        for period in periods:
            if period.first_month != reached + 1:
                break
            total += current[period]
            cumulative[period] = total
            reached = period.reach
    return cumulative


def cumulative_by_reach(
    observations: Iterable[Observation], kind: Kind, *, derive: bool = True
) -> dict[Reach, Decimal]:
    """Cumulative values keyed by (year, reach): published where given; for a flow (unless
    ``derive`` is off, as for official figures) also the previous cumulative plus 当月值."""
    ordered = sorted(observations, key=lambda o: o.period)
    values: dict[Reach, Decimal] = {}
    for observation in ordered:
        key = (observation.period.year, observation.period.reach)
        if observation.cumulative is not None:
            values.setdefault(key, observation.cumulative)
    if not derive or kind is not Kind.FLOW:
        return values
    for observation in ordered:
        period = observation.period
        key = (period.year, period.reach)
        if key in values or observation.current is None:
            continue
        before = Decimal(0) if period.first_month == 1 else values.get((period.year,
                                                                       period.first_month - 1))
        if before is not None:
            values[key] = before + observation.current
    return values


def year_ends(cumulative: Mapping[Reach, Decimal]) -> dict[int, Decimal]:
    """Each year's final value: December's cumulative for a flow, the year-end level for a stock."""
    return {year: value for (year, reach), value in cumulative.items() if reach == 12}


def baseline_from_data(
    observations: Iterable[Observation], kind: Kind, plan_first_year: int, *, derive: bool = True
) -> tuple[int, Decimal] | None:
    """The default 基期: the last full year before the plan (2022 for 2023–2026) and its final
    value (December's cumulative for a flow, the year-end level for a stock); None without it."""
    year = plan_first_year - 1
    value = year_ends(cumulative_by_reach(observations, kind, derive=derive)).get(year)
    return None if value is None else (year, value)


@dataclass(frozen=True)
class YoY:
    """同比 (%): as published, or computed from last year's value and marked ``computed``."""

    value: Decimal | None
    computed: bool = False


def growth_rate(value: Decimal, base: Decimal, *, places: int = 1) -> Decimal | None:
    """(value ÷ base − 1) × 100, rounded half-up to ``places`` decimals; None for a base ≤ 0."""
    if base <= 0:
        return None
    rate = (value / base - 1) * HUNDRED
    return rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def resolve_yoy(
    published: Decimal | None,
    value: Decimal | None,
    last_year_value: Decimal | None,
    *,
    places: int = 1,
) -> YoY:
    """The published 同比 when there is one (never recomputed: it is on this year's 口径);
    otherwise one computed from last year's same-period value, flagged as computed."""
    if published is not None:
        return YoY(published)
    if value is None or last_year_value is None:
        return YoY(None)
    rate = growth_rate(value, last_year_value, places=places)
    return YoY(rate, computed=rate is not None)
