"""Reads for monitoring, scoped to the user's zone, and the statuses computed from them.

Everyone in a zone may read its indicators (a department sees its own first); writes are
limited per department in services. Statuses cost a fixed number of queries whatever the
amount of data: the values of a zone are read in one query and grouped in Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from luoshi.accounts.models import User, Zone
from luoshi.accounts.selectors import department_ids_of
from luoshi.domain.monitoring.catalogue import IndicatorDef, Kind
from luoshi.domain.monitoring.evaluation import IndicatorStatus, evaluate
from luoshi.domain.monitoring.pace import pace_value
from luoshi.domain.monitoring.periods import Frequency, Period
from luoshi.domain.monitoring.plan_targets import Entry, StoredTarget
from luoshi.domain.monitoring.series import (
    DataStatus,
    Observation,
    cumulative_by_reach,
    year_ends,
)
from luoshi.plans.models import Plan
from luoshi.plans.selectors import zones_visible_to

from .catalogue import (
    indicator_def,
    node_schedule,
    stated_targets,
    status_rules,
    target_path,
)
from .choices import TargetSource
from .models import Indicator, IndicatorValue


def indicators_visible_to(user: User) -> QuerySet[Indicator]:
    if not user.has_perm("monitoring.view_indicator"):
        return Indicator.objects.none()
    indicators = Indicator.objects.filter(zone__in=zones_visible_to(user), active=True)
    own_first = Case(When(owner_id=user.department_id, then=Value(0)), default=Value(1),
                     output_field=IntegerField())
    return indicators.select_related("owner", "zone").order_by(own_first, "position", "code")


def values_visible_to(user: User) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__in=indicators_visible_to(user))


def catalogue_defs(zone: Zone) -> dict[str, IndicatorDef]:
    indicators = Indicator.objects.filter(zone=zone, active=True).select_related("owner")
    return {i.code: indicator_def(i) for i in indicators}


def stored_cumulatives(zone: Zone, years: set[int]) -> dict[tuple[str, Period], Decimal]:
    rows = IndicatorValue.objects.filter(
        indicator__zone=zone, year__in=years, cumulative__isnull=False
    ).values_list("indicator__code", "year", "first_month", "last_month", "cumulative")
    return {(code, Period(y, f, last)): c for code, y, f, last, c in rows}


def _zone_indicators(zone: Zone, pk: int | None = None) -> list[Indicator]:
    indicators = Indicator.objects.filter(zone=zone, active=True)
    if pk is not None:
        indicators = indicators.filter(pk=pk)
    return list(
        indicators
        .select_related("owner", "target", "plan_target__plan")
        .prefetch_related("year_targets")
        .order_by("position", "code")
    )


# Years of history a judgement reads before the period's year: seasonal shares use five past
# years; the trajectory reads the baseline year, however far back.
HISTORY_YEARS = 6


def _observations(indicators: list[Indicator], last_year: int) -> dict[int, list[Observation]]:
    by_indicator: dict[int, list[Observation]] = defaultdict(list)
    units = {i.pk: i.unit for i in indicators}
    baselines = [i.target.baseline_year for i in indicators if getattr(i, "target", None)]
    first_year = min([last_year - HISTORY_YEARS, *baselines])
    rows = IndicatorValue.objects.filter(
        indicator__in=indicators, year__gte=first_year, year__lte=last_year
    ).values_list(
        "indicator_id", "year", "first_month", "last_month", "cumulative", "current", "yoy",
        "data_status",
    )
    for pk, year, first, last, cumulative, current, yoy, data_status in rows:
        by_indicator[pk].append(Observation(
            Period(year, first, last), cumulative, current, yoy, units[pk], DataStatus(data_status)
        ))
    return by_indicator


def evaluation_period(indicator: Indicator, period: Period) -> Period | None:
    """The period at which to judge an indicator when the zone looks at `period`."""
    if indicator.frequency == Frequency.QUARTER:
        # The latest quarter ended by the period (GDP for Q3 when looking at October).
        quarter = period.last_month // 3
        return Period.quarter(period.year, quarter) if quarter else None
    if indicator.frequency == Frequency.YEAR:
        return Period.whole_year(period.year) if period.last_month == 12 else None
    return period


@dataclass(frozen=True)
class Judgement:
    """An indicator judged at a period, with what the charts draw."""

    indicator: Indicator
    status: IndicatorStatus
    path: dict[int, Decimal]  # the yearly target path (empty without a target)
    year_ends: dict[int, Decimal]  # actual final values per year
    reach: dict[int, Decimal]  # this year's cumulative by month reached
    pace: dict[int, Decimal]  # this year's 序时进度 by month (empty without a year target)


def judge_indicator(indicator: Indicator, observations: list[Observation], period: Period,
                    today: date | None) -> Judgement | None:
    at = evaluation_period(indicator, period)
    if at is None:
        return None
    definition = indicator_def(indicator)
    derive = not definition.official
    cumulative = cumulative_by_reach(observations, definition.kind, derive=derive)
    finals = year_ends(cumulative)
    baseline = None
    target = getattr(indicator, "target", None)
    if target is not None and target.baseline_value is None:
        baseline = finals.get(target.baseline_year)
    path = target_path(indicator, baseline)
    schedule = node_schedule(indicator)
    status = evaluate(definition, path, observations, at, status_rules(indicator), today,
                      schedule=schedule, stated=stated_targets(indicator))
    pace = {}
    if status.year_target is not None and definition.kind is not Kind.RATE:
        start = finals.get(at.year - 1)
        if start is None and path is not None and at.year - 1 in path.years:
            start = path.value_for(at.year - 1)
        pace = {m: pace_value(definition.kind, status.year_target, m, last_year_final=start,
                              schedule=schedule) for m in range(1, 13)}
    return Judgement(
        indicator=indicator,
        status=status,
        path=path.values() if path else {},
        year_ends={y: v for y, v in finals.items() if y < at.year or at.reach == 12},
        reach={m: v for (y, m), v in sorted(cumulative.items()) if y == at.year and m <= at.reach},
        pace=pace,
    )


def zone_judgements(zone: Zone, period: Period, today: date | None = None) -> list[Judgement]:
    """Every active indicator of the zone judged at `period` (four queries in all)."""
    indicators = _zone_indicators(zone)
    observations = _observations(indicators, period.year)
    judgements = (judge_indicator(i, observations.get(i.pk, []), period, today)
                  for i in indicators)
    return [j for j in judgements if j is not None]


def indicator_judgement(indicator: Indicator, period: Period, today: date | None = None
                        ) -> Judgement | None:
    """One indicator judged at `period` (its own values only)."""
    found = _zone_indicators(indicator.zone, indicator.pk)
    if not found:
        return None
    observations = _observations(found, period.year)
    return judge_indicator(found[0], observations.get(indicator.pk, []), period, today)


def zone_statuses(zone: Zone, period: Period, today: date | None = None
                  ) -> list[tuple[Indicator, IndicatorStatus]]:
    return [(j.indicator, j.status) for j in zone_judgements(zone, period, today)]


def latest_period(zone: Zone) -> Period | None:
    """The latest monthly period with any value in the zone."""
    latest = (
        IndicatorValue.objects.filter(indicator__zone=zone, indicator__frequency=Frequency.MONTH)
        .order_by("-year", "-last_month").values_list("year", "first_month", "last_month").first()
    )
    return Period(*latest) if latest else None


def indicator_values(indicator: Indicator) -> QuerySet[IndicatorValue]:
    return indicator.values.select_related("updated_by").prefetch_related(
        Prefetch("revisions", to_attr="revision_list")
    ).order_by("-year", "-last_month", "first_month")


def periods_with_data(zone: Zone) -> list[Period]:
    """Monthly periods that have values, newest first (for the period picker)."""
    rows = (
        IndicatorValue.objects.filter(indicator__zone=zone, indicator__frequency=Frequency.MONTH)
        .order_by().values_list("year", "first_month", "last_month").distinct()
    )
    return sorted((Period(*row) for row in rows), key=Period.sort_key, reverse=True)


def values_awaiting(user: User) -> QuerySet[IndicatorValue]:
    """What the user has to act on: a head approves saved values of their department, the
    coordinator accepts approved ones."""
    values = values_visible_to(user).select_related("indicator__owner", "updated_by")
    if user.has_perm("monitoring.accept_values"):
        return values.filter(state="approved").order_by("indicator__position", "year",
                                                        "last_month")
    if user.has_perm("monitoring.approve_values") and user.department_id:
        return values.filter(
            state="saved", indicator__owner_id__in=department_ids_of(user)
        ).order_by("indicator__position", "year", "last_month")
    return values.none()


def indicators_reported_by(user: User) -> QuerySet[Indicator]:
    """The indicators whose values the user enters (the coordinator: all)."""
    indicators = indicators_visible_to(user)
    if user.has_perm("monitoring.accept_values"):
        return indicators
    if user.has_perm("monitoring.report_values") and user.department_id:
        return indicators.filter(owner_id__in=department_ids_of(user))
    return indicators.none()


def cumulative_series(zone: Zone, year: int) -> dict[str, dict[str, Decimal]]:
    """indicator code → period code → cumulative, for one year (consistency checks)."""
    series: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        indicator__zone=zone, year=year, cumulative__isnull=False
    ).values_list("indicator__code", "period_code", "cumulative")
    for code, period_code, cumulative in rows:
        series[code][period_code] = cumulative
    return series


def catalogue_entries(zone: Zone, previous: Plan | None = None) -> dict[str, Entry]:
    """The zone's catalogue as the plan-target decision reads it (domain.plan_targets)."""
    indicators = (Indicator.objects.filter(zone=zone).select_related("owner", "target",
                                                                     "plan_target")
                  .prefetch_related("year_targets"))
    entries = {}
    for indicator in indicators:
        target = getattr(indicator, "target", None)
        stored = None if target is None else StoredTarget(
            year=target.target_year, value=target.target_value, comparator=target.comparator,
            baseline_year=target.baseline_year, manual=target.source == TargetSource.MANUAL,
            baseline_fixed=target.baseline_value is not None,
        )
        from_previous = (previous is not None and indicator.plan_target is not None
                         and indicator.plan_target.plan_id == previous.pk)
        entries[indicator.code] = Entry(
            definition=indicator_def(indicator), target=stored,
            year_targets={y.year: (y.value, y.source == TargetSource.MANUAL)
                          for y in indicator.year_targets.all()},
            from_previous=from_previous,
        )
    return entries


@dataclass(frozen=True)
class CatalogueSummary:
    indicators: int
    targeted: int
    baseline_year: int | None  # the earliest year whose figures the targets' paths start from


def catalogue_summary(zone: Zone) -> CatalogueSummary:
    """How far the zone's catalogue is set up (the dashboard's first steps)."""
    indicators = Indicator.objects.filter(zone=zone, active=True)
    years = list(indicators.filter(target__isnull=False).values_list("target__baseline_year",
                                                                     flat=True))
    return CatalogueSummary(indicators.count(), len(years), min(years, default=None))
