"""Between the stored catalogue and the domain's definitions (records ↔ dataclasses)."""

from decimal import Decimal

from luoshi.domain.calendar.periods import Frequency
from luoshi.domain.monitoring.catalogue import Direction, IndicatorDef, Kind
from luoshi.domain.monitoring.pace import NodeSchedule, PathError, TargetPath
from luoshi.domain.monitoring.status import DEFAULT_RULES, StatusRules

from .models import Indicator


def indicator_def(indicator: Indicator) -> IndicatorDef:
    return IndicatorDef(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        frequency=Frequency(indicator.frequency),
        kind=Kind(indicator.kind),
        direction=Direction(indicator.direction),
        department=indicator.owner.name if indicator.owner_id else "",
        source=indicator.source,
        formula=tuple(indicator.formula or ()),
        official=indicator.official,
    )


def status_rules(indicator: Indicator) -> StatusRules:
    return StatusRules.from_dict(indicator.rules) if indicator.rules else DEFAULT_RULES


def node_schedule(indicator: Indicator) -> NodeSchedule | None:
    """{"monthly": {"3": 0.2, …}} or {"quarterly": {"1": 0.2, …}} → a schedule, else None."""
    schedule = indicator.node_schedule or {}
    if schedule.get("monthly"):
        return NodeSchedule.monthly({int(k): Decimal(str(v)) for k, v in
                                     schedule["monthly"].items()})
    if schedule.get("quarterly"):
        return NodeSchedule.quarterly({int(k): Decimal(str(v)) for k, v in
                                       schedule["quarterly"].items()})
    return None


def stated_targets(indicator: Indicator) -> dict[int, Decimal]:
    """The yearly targets set outright: the target year's and those set by hand (prefetched)."""
    target = getattr(indicator, "target", None)
    if target is None:
        return {}
    stated = {y.year: y.value for y in indicator.year_targets.all()}
    stated[target.target_year] = target.target_value
    return stated


def target_path(indicator: Indicator, baseline_from_data: Decimal | None) -> TargetPath | None:
    """The yearly path of an indicator with a target (None without a target or a baseline).

    Uses the prefetched `target` and `year_targets`; the baseline set by hand wins over data.
    """
    target = getattr(indicator, "target", None)
    if target is None:
        return None
    baseline = target.baseline_value if target.baseline_value is not None else baseline_from_data
    if indicator.kind == Kind.RATE and target.baseline_value is None:
        # A growth-rate target (年均增长6.5%) holds for every year of the plan.
        baseline = target.target_value
    if baseline is None:
        return None
    overrides = {
        y.year: y.value for y in indicator.year_targets.all()
        if target.baseline_year < y.year < target.target_year
    }
    try:
        return TargetPath.build(target.baseline_year, baseline, target.target_year,
                                target.target_value, overrides)
    except PathError:
        return None
