"""Status against the year target and 序时进度: completion, pace ratio, gap and a light (亮灯).

Lights: green at or above pace, yellow within the tolerance below it, red further below or on
negative growth where growth is targeted (同比转负), grey when the data are overdue (逾期未报),
pending when there are none yet and none are due, none when there is nothing to judge against.
Ratios and gaps are direction-aware: for a lower-is-better indicator the pace ratio is
pace ÷ value, so ≥ 1 always means on pace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ..calendar.periods import Frequency, Period, periods_of_year
from .catalogue import Direction, Kind


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"  # data overdue
    PENDING = "pending"  # no data yet, none due
    NONE = "none"  # data but nothing to judge them against


class Reason(StrEnum):
    ON_PACE = "on_pace"
    NEAR_PACE = "near_pace"
    BEHIND_PACE = "behind_pace"
    NEGATIVE_GROWTH = "negative_growth"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"
    NO_PACE = "no_pace"  # nothing to compare with (no target, no starting value)


@dataclass(frozen=True)
class StatusRules:
    """Thresholds and the due-date rule, stored per indicator by the app (``to_dict``).

    ``green_at``/``yellow_at`` bound the pace ratio; for a rate the light compares percentage
    points instead: green at or above the target rate, yellow within ``rate_tolerance_pp`` below.
    Data for a period are due by day ``due_day`` of the ``due_lag_months``-th month after it.
    """

    green_at: Decimal = Decimal("1")
    yellow_at: Decimal = Decimal("0.9")
    red_on_negative_growth: bool = True
    rate_tolerance_pp: Decimal = Decimal("1")
    due_day: int = 5
    due_lag_months: int = 1
    jan_feb_combined: bool = True
    # 环比/同比 beyond ± this share is a warning the reporter confirms with a note (数据合理性).
    change_warning: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        if self.yellow_at > self.green_at:
            raise ValueError("the yellow threshold must not exceed the green one")
        if not 1 <= self.due_day <= 28 or self.due_lag_months < 0:
            raise ValueError("due day must be 1–28 and the lag not negative")
        if self.rate_tolerance_pp < 0:
            raise ValueError("the rate tolerance must not be negative")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (Decimals as strings)."""
        return {key: str(value) if isinstance(value, Decimal) else value
                for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> StatusRules:
        """Rules from stored settings; unknown keys are ignored, missing ones keep the default."""
        values: dict[str, object] = {}
        for spec in fields(cls):
            if spec.name not in data:
                continue
            raw = data[spec.name]
            default = spec.default
            if isinstance(default, Decimal):
                values[spec.name] = Decimal(str(raw))
            elif isinstance(default, bool):
                values[spec.name] = raw in (True, "true", "True", "1", 1)
            else:
                values[spec.name] = int(str(raw))
        return cls(**values)  # type: ignore[arg-type]


DEFAULT_RULES = StatusRules()


@dataclass(frozen=True)
class Standing:
    """One value judged against its year target and pace."""

    completion: Decimal | None  # value ÷ year target
    pace_ratio: Decimal | None  # value ÷ pace (pace ÷ value for lower-is-better)
    gap: Decimal | None  # ahead of pace (+) or behind (−), in the target's unit (pp for a rate)
    light: Light
    reason: Reason


def completion(value: Decimal, year_target: Decimal) -> Decimal | None:
    """完成率: cumulative ÷ year target (None for a zero target)."""
    return None if year_target == 0 else value / year_target


def pace_ratio(value: Decimal, pace: Decimal, direction: Direction) -> Decimal | None:
    """Cumulative ÷ 序时进度 (inverted for lower-is-better); None where it would divide by ≤ 0."""
    if direction is Direction.LOWER:
        return pace / value if value > 0 and pace >= 0 else None
    return value / pace if pace > 0 else None


def gap_to_pace(value: Decimal, pace: Decimal, direction: Direction) -> Decimal:
    """How far ahead of pace (+) or behind it (−), in the target's unit."""
    return pace - value if direction is Direction.LOWER else value - pace


def judge(
    kind: Kind,
    direction: Direction,
    value: Decimal,
    year_target: Decimal | None,
    pace: Decimal | None,
    *,
    negative_growth: bool = False,
    rules: StatusRules = DEFAULT_RULES,
) -> Standing:
    """Completion, pace ratio, gap and light of ``value`` (cumulative, level or rate).

    ``negative_growth`` says 同比 went the wrong way while growth is targeted; it turns the light
    red when ``rules.red_on_negative_growth``.
    """
    done = None if year_target is None else completion(value, year_target)
    if pace is None:
        return Standing(done, None, None, Light.NONE, Reason.NO_PACE)
    ratio = pace_ratio(value, pace, direction)
    gap = gap_to_pace(value, pace, direction)
    if negative_growth and rules.red_on_negative_growth:
        return Standing(done, ratio, gap, Light.RED, Reason.NEGATIVE_GROWTH)
    if kind is Kind.RATE:
        light, reason = _light_by_gap(gap, rules.rate_tolerance_pp)
    elif ratio is None:
        light, reason = _light_by_gap(gap, Decimal(0))
    else:
        light, reason = _light_by_ratio(ratio, rules)
    return Standing(done, ratio, gap, light, reason)


def _light_by_ratio(ratio: Decimal, rules: StatusRules) -> tuple[Light, Reason]:
    if ratio >= rules.green_at:
        return Light.GREEN, Reason.ON_PACE
    if ratio >= rules.yellow_at:
        return Light.YELLOW, Reason.NEAR_PACE
    return Light.RED, Reason.BEHIND_PACE


def _light_by_gap(gap: Decimal, tolerance: Decimal) -> tuple[Light, Reason]:
    if gap >= 0:
        return Light.GREEN, Reason.ON_PACE
    if gap >= -tolerance:
        return Light.YELLOW, Reason.NEAR_PACE
    return Light.RED, Reason.BEHIND_PACE


def is_negative_growth(direction: Direction, growth: Decimal | None, growth_targeted: bool) -> bool:
    """同比 (for a rate, the rate itself) going against the direction growth is targeted in."""
    if growth is None or not growth_targeted:
        return False
    return growth > 0 if direction is Direction.LOWER else growth < 0


def due_date(period: Period, rules: StatusRules = DEFAULT_RULES) -> date:
    """The day a period's data are due: day N of the month ``due_lag_months`` after its end."""
    months = period.year * 12 + period.last_month - 1 + rules.due_lag_months
    return date(months // 12, months % 12 + 1, rules.due_day)


def is_overdue(period: Period, today: date, rules: StatusRules = DEFAULT_RULES) -> bool:
    return today > due_date(period, rules)


def latest_due_period(
    frequency: Frequency, today: date, rules: StatusRules = DEFAULT_RULES
) -> Period:
    """The most recent period whose data should be in by ``today`` (the one to report on)."""
    for year in (today.year, today.year - 1, today.year - 2):
        periods = periods_of_year(year, frequency, jan_feb_combined=rules.jan_feb_combined)
        for period in reversed(periods):
            if due_date(period, rules) <= today:
                return period
    raise AssertionError("a period two years back is always due")  # pragma: no cover


def missing_light(period: Period, today: date, rules: StatusRules = DEFAULT_RULES) -> Standing:
    """The standing of a period without data: grey once overdue, pending before."""
    if is_overdue(period, today, rules):
        return Standing(None, None, None, Light.GREY, Reason.OVERDUE)
    return Standing(None, None, None, Light.PENDING, Reason.NOT_DUE)
