"""Progress toward the plan target over the years (Open SDG's progress measure, method 2).

ratio = s·d·CAGR(latest, baseline) ÷ |CAGR(target, baseline)|, where CAGR(v1, v0, n) =
(v1 ÷ v0)^(1/n) − 1, s = −1 for a negative baseline, d = −1 for lower-is-better.  Bands: ≥ 0.95
substantial (大幅进展), ≥ 0.6 moderate (中等进展), ≥ 0 limited (有限进展), below deterioration
(退步); a latest value at or past the target is achieved (已达标).  As in Open SDG a zero
baseline or target counts as 0.001 and the baseline and latest value must share a sign.
The result carries every input and intermediate rate, so the arithmetic can be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .catalogue import Direction

_ZERO_STANDIN = Decimal("0.001")


class Progress(StrEnum):
    ACHIEVED = "achieved"
    SUBSTANTIAL = "substantial"
    MODERATE = "moderate"
    LIMITED = "limited"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class ProgressThresholds:
    high: Decimal = Decimal("0.95")
    medium: Decimal = Decimal("0.6")
    low: Decimal = Decimal("0")


DEFAULT_THRESHOLDS = ProgressThresholds()


@dataclass(frozen=True)
class Trajectory:
    status: Progress
    baseline_year: int
    baseline: Decimal
    target_year: int
    target: Decimal
    latest_year: int | None = None
    latest: Decimal | None = None
    observed_rate: Decimal | None = None  # CAGR since the baseline
    required_rate: Decimal | None = None  # CAGR needed from the baseline to the target
    ratio: Decimal | None = None  # s·d·observed ÷ |required|


def cagr(end: Decimal, start: Decimal, years: int) -> Decimal:
    """Compound annual growth rate (as a fraction): (end ÷ start)^(1/years) − 1."""
    return (end / start) ** (Decimal(1) / Decimal(years)) - 1


def trajectory(
    yearly: Mapping[int, Decimal],
    *,
    baseline_year: int,
    baseline: Decimal,
    target_year: int,
    target: Decimal,
    direction: Direction = Direction.HIGHER,
    thresholds: ProgressThresholds = DEFAULT_THRESHOLDS,
) -> Trajectory:
    """Progress status from year-end values (``yearly``); the latest year after the baseline
    is the one judged."""
    blank = Trajectory(Progress.NOT_AVAILABLE, baseline_year, baseline, target_year, target)
    later = [year for year in yearly if year > baseline_year]
    if not later or target_year <= baseline_year:
        return blank
    latest_year = max(later)
    latest = yearly[latest_year]
    found = Trajectory(Progress.NOT_AVAILABLE, baseline_year, baseline, target_year, target,
                       latest_year, latest)
    achieved = latest <= target if direction is Direction.LOWER else latest >= target
    if achieved:
        return replace(found, status=Progress.ACHIEVED)
    base = baseline or _ZERO_STANDIN
    goal = target or _ZERO_STANDIN
    if (base > 0) != (latest > 0) or (base > 0) != (goal > 0) or latest == 0:
        return found
    observed = cagr(latest, base, latest_year - baseline_year)
    required = cagr(goal, base, target_year - baseline_year)
    sign = (-1 if base < 0 else 1) * (-1 if direction is Direction.LOWER else 1)
    if required == 0:
        # Target equal to the baseline, not reached: the value has moved the wrong way.
        return replace(found, status=Progress.DETERIORATION, observed_rate=observed,
                       required_rate=required)
    ratio = sign * observed / abs(required)
    return replace(found, status=_band(ratio, thresholds), observed_rate=observed,
                   required_rate=required, ratio=ratio)


def _band(ratio: Decimal, thresholds: ProgressThresholds) -> Progress:
    if ratio >= thresholds.high:
        return Progress.SUBSTANTIAL
    if ratio >= thresholds.medium:
        return Progress.MODERATE
    if ratio >= thresholds.low:
        return Progress.LIMITED
    return Progress.DETERIORATION

