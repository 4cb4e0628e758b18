"""Targets over the plan years (年度目标路径) and within a year (序时进度).

Yearly path: constant growth from the baseline to the plan's target,
baseline × (target ÷ baseline)^((y − by) ÷ (ty − by)); a year set by hand becomes an anchor and
the years around it grow at constant rates between neighbouring anchors.  Within a year a flow's
序时进度 is months elapsed ÷ 12 of the year target, a stock's a straight line from last year's
final value to this year's target, a rate's the target rate itself; a node schedule (节点计划)
replaces months ÷ 12 with cumulative shares at chosen month ends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from .catalogue import Kind

TWELVE = Decimal(12)


class PathError(ValueError):
    """A target path or node schedule that cannot be built, or a year outside the path."""


class Interpolation(StrEnum):
    GEOMETRIC = "geometric"  # constant growth rate (default)
    LINEAR = "linear"  # constant increment; used anyway where a segment crosses or touches zero


def default_baseline_year(plan_first_year: int) -> int:
    """The last full year before the plan period: 2022 for a 2023–2026 plan."""
    return plan_first_year - 1


@dataclass(frozen=True)
class TargetPath:
    """基期值 (baseline), 目标值 (target) and years set by hand (``overrides``), which must lie
    strictly between the two."""

    baseline_year: int
    baseline: Decimal
    target_year: int
    target: Decimal
    overrides: tuple[tuple[int, Decimal], ...] = ()
    interpolation: Interpolation = Interpolation.GEOMETRIC

    def __post_init__(self) -> None:
        if self.target_year <= self.baseline_year:
            raise PathError("the target year must follow the baseline year")
        years = [year for year, _value in self.overrides]
        if len(set(years)) != len(years):
            raise PathError("a year is set twice")
        if any(not self.baseline_year < year < self.target_year for year in years):
            raise PathError("years set by hand must lie between the baseline and target years")
        object.__setattr__(self, "overrides", tuple(sorted(self.overrides)))

    @classmethod
    def build(
        cls,
        baseline_year: int,
        baseline: Decimal,
        target_year: int,
        target: Decimal,
        overrides: Mapping[int, Decimal] | None = None,
        interpolation: Interpolation = Interpolation.GEOMETRIC,
    ) -> TargetPath:
        return cls(baseline_year, baseline, target_year, target,
                   tuple((overrides or {}).items()), interpolation)

    @property
    def years(self) -> range:
        return range(self.baseline_year, self.target_year + 1)

    def anchors(self) -> tuple[tuple[int, Decimal], ...]:
        return ((self.baseline_year, self.baseline), *self.overrides,
                (self.target_year, self.target))

    def value_for(self, year: int) -> Decimal:
        """The year's target on the path (exactly the baseline, target or hand-set value there)."""
        if year not in self.years:
            raise PathError(f"{year} is outside the path {self.baseline_year}–{self.target_year}")
        anchors = self.anchors()
        for (start_year, start), (end_year, end) in zip(anchors, anchors[1:], strict=False):
            if year == start_year:
                return start
            if year == end_year:
                return end
            if start_year < year < end_year:
                fraction = Decimal(year - start_year) / Decimal(end_year - start_year)
                return _between(start, end, fraction, self.interpolation)
        raise AssertionError("anchors cover the path")  # pragma: no cover

    def values(self) -> dict[int, Decimal]:
        return {year: self.value_for(year) for year in self.years}


# A fractional power of a Decimal is slow, and every period of every year asks for the same few.
@lru_cache(maxsize=8192)
def _between(start: Decimal, end: Decimal, fraction: Decimal, how: Interpolation) -> Decimal:
    if how is Interpolation.GEOMETRIC and start != 0 and end / start > 0:
        return start * (end / start) ** fraction
    return start + (end - start) * fraction


@dataclass(frozen=True)
class NodeSchedule:
    """节点计划: cumulative shares of the year's target (or of a stock's planned increase) due
    by the end of chosen months; between nodes the share grows linearly from (0, 0) to (12, 1)."""

    nodes: tuple[tuple[int, Decimal], ...]

    def __post_init__(self) -> None:
        months = [month for month, _share in self.nodes]
        shares = [share for _month, share in self.nodes]
        if not self.nodes:
            raise PathError("a node schedule needs at least one node")
        if months != sorted(set(months)) or not all(1 <= m <= 12 for m in months):
            raise PathError("node months must be distinct months 1–12")
        if shares != sorted(shares) or not all(0 <= s <= 1 for s in shares):
            raise PathError("node shares must rise from 0 to 1")
        if months[-1] == 12 and shares[-1] != 1:
            raise PathError("the December node must be the whole year (1)")

    @classmethod
    def monthly(cls, shares: Mapping[int, Decimal]) -> NodeSchedule:
        return cls(tuple(sorted((month, Decimal(share)) for month, share in shares.items())))

    @classmethod
    def quarterly(cls, shares: Mapping[int, Decimal]) -> NodeSchedule:
        """Shares by quarter number (1–4), due at the quarter's last month."""
        if not all(1 <= quarter <= 4 for quarter in shares):
            raise PathError("quarters are 1–4")
        return cls.monthly({3 * quarter: share for quarter, share in shares.items()})

    def share(self, months: int) -> Decimal:
        points = [(0, Decimal(0)), *self.nodes]
        if points[-1][0] != 12:
            points.append((12, Decimal(1)))
        for (start_month, start), (end_month, end) in zip(points, points[1:], strict=False):
            if start_month <= months <= end_month:
                if months == end_month:
                    return end
                return start + (end - start) * (months - start_month) / (end_month - start_month)
        raise PathError(f"no such month count: {months}")


def elapsed_share(months: int, schedule: NodeSchedule | None = None) -> Decimal:
    """The share of the year due after ``months`` months: months ÷ 12, or the node schedule's."""
    if not 0 <= months <= 12:
        raise PathError(f"no such month count: {months}")
    if schedule is not None:
        return schedule.share(months)
    return Decimal(months) / TWELVE


def pace_value(
    kind: Kind,
    year_target: Decimal,
    months: int,
    *,
    last_year_final: Decimal | None = None,
    schedule: NodeSchedule | None = None,
) -> Decimal | None:
    """序时进度 after ``months`` months, in the target's unit.

    Flow: year target × elapsed share.  Stock: last year's final value plus the elapsed share of
    the planned change (None without a starting value).  Rate: the target rate itself.
    """
    share = elapsed_share(months, schedule)
    if kind is Kind.RATE:
        return year_target
    if kind is Kind.STOCK:
        if last_year_final is None:
            return None
        return last_year_final + (year_target - last_year_final) * share
    return year_target * share


def parse_schedule(text: str) -> NodeSchedule | None:
    """Read a node schedule as people write it, one node per line or comma: "Q1: 20%",
    "一季度: 0.2", "6: 45%", "6月: 0.45" (month or quarter, cumulative share). Empty: None."""
    shares: dict[int, Decimal] = {}
    for item in re.split(r"[\n,，;；]+", text):
        if not item.strip():
            continue
        key, sep, value = re.sub(r"[：]", ":", item).partition(":")
        if not sep:
            raise PathError(f"write month or quarter: share, not {item.strip()!r}")
        key, value = key.strip().upper(), value.strip()
        quarter = re.fullmatch(r"Q([1-4])|([一二三四])季度?", key)
        month = re.fullmatch(r"(\d{1,2})月?", key)
        if quarter:
            number = int(quarter.group(1)) if quarter.group(1) else "一二三四".index(
                quarter.group(2)) + 1
            at = 3 * number
        elif month:
            at = int(month.group(1))
        else:
            raise PathError(f"not a month or quarter: {key!r}")
        try:
            share = Decimal(value.rstrip("%").strip())
        except ArithmeticError as error:
            raise PathError(f"not a share: {value!r}") from error
        shares[at] = share / 100 if value.endswith("%") else share
    return NodeSchedule.monthly(shares) if shares else None
