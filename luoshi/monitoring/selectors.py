"""Reads for monitoring, scoped to the user's zone, and the statuses computed from them.

Everyone in a zone may read its indicators (a department sees its own first); writes are
limited per department in services. Statuses cost a fixed number of queries whatever the
amount of data: the values of a zone are read in one query and grouped in Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from luoshi.accounts.models import User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.accounts.selectors import department_ids_of
from luoshi.domain.calendar.periods import Frequency, Period
from luoshi.domain.monitoring.catalogue import IndicatorDef, Kind
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
from luoshi.domain.monitoring.evaluation import History, IndicatorStatus, evaluate
from luoshi.domain.monitoring.pace import pace_value
from luoshi.domain.monitoring.plan_targets import Entry, StoredTarget
from luoshi.domain.monitoring.series import DataStatus, Observation
from luoshi.domain.monitoring.status import DEFAULT_RULES, latest_due_period
from luoshi.plans.models import Plan
from luoshi.plans.selectors import zones_visible_to

from .catalogue import (
    indicator_def,
    node_schedule,
    stated_targets,
    status_rules,
    target_path,
)
from .choices import CorrectionState, ReviewState, TargetSource
from .models import Indicator, IndicatorValue, ValueCorrection, ValueRevision


def indicators_visible_to(user: User) -> QuerySet[Indicator]:
    if not user.has_perm("monitoring.view_indicator"):
        return Indicator.objects.none()
    indicators = Indicator.objects.filter(zone__in=zones_visible_to(user), active=True)
    own_first = Case(When(owner_id=user.department_id, then=Value(0)), default=Value(1),
                     output_field=IntegerField())
    return indicators.select_related("owner", "zone").order_by(own_first, "position", "code")


def values_visible_to(user: User) -> QuerySet[IndicatorValue]:
    """Accepted values of the user's zones, and the unreviewed ones the user may see."""
    return IndicatorValue.objects.filter(
        scope_for(user).q(), indicator__in=indicators_visible_to(user))


# Values a reading may count besides accepted ones: submitted and approved, never drafts
# (the head does not see them) nor returned ones (the coordinator said they are wrong).
UNREVIEWED_STATES = (ReviewState.SAVED, ReviewState.APPROVED)


@dataclass(frozen=True)
class ValueScope:
    """Which values a reading counts (DESIGN §2): accepted figures are the zone's shared
    picture; unreviewed ones are seen by their department, the coordinator and leaders."""

    unreviewed_all: bool = False
    unreviewed_departments: frozenset[int] = frozenset()
    drafts: bool = False  # the entry grid shows a department its own drafts

    @property
    def accepted_only(self) -> bool:
        return not (self.unreviewed_all or self.unreviewed_departments)

    def q(self, prefix: str = "") -> Q:
        accepted = Q(**{f"{prefix}state": ReviewState.ACCEPTED})
        states = [*UNREVIEWED_STATES, *([ReviewState.DRAFT, ReviewState.RETURNED]
                                        if self.drafts else [])]
        if self.unreviewed_all:
            return accepted | Q(**{f"{prefix}state__in": states})
        if self.unreviewed_departments:
            return accepted | Q(**{f"{prefix}state__in": states,
                                   f"{prefix}indicator__owner_id__in":
                                   sorted(self.unreviewed_departments)})
        return accepted


ACCEPTED_ONLY = ValueScope()


def values_in_scope(scope: ValueScope) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(scope.q())


def scope_for(user: User, *, drafts: bool = False) -> ValueScope:
    """The unreviewed values a user may see: all with ``view_unreviewed`` (coordinator,
    leaders), else their own departments' when they report."""
    scope = read_scope(user, "monitoring.view_unreviewed")
    if scope.all_work:
        return ValueScope(unreviewed_all=True, drafts=drafts)
    if user.has_perm("monitoring.report_values") and scope.department_ids:
        return ValueScope(unreviewed_departments=scope.department_ids, drafts=drafts)
    return ACCEPTED_ONLY


def catalogue_defs(zone: Zone) -> dict[str, IndicatorDef]:
    indicators = Indicator.objects.filter(zone=zone, active=True).select_related("owner")
    return {i.code: indicator_def(i) for i in indicators}


def change_thresholds(zone: Zone) -> dict[str, Decimal]:
    """Each indicator's threshold for an unusual change (StatusRules.change_warning)."""
    indicators = Indicator.objects.filter(zone=zone, active=True)
    return {i.code: status_rules(i).change_warning for i in indicators}


def stored_cumulatives(zone: Zone, years: set[int]) -> dict[tuple[str, Period], Decimal]:
    codes = dict(Indicator.objects.filter(zone=zone).values_list("pk", "code"))
    # By the zone's indicator keys, not a join on the zone: the join lets the database read
    # every zone's values of those years (an import then slows as zones are added).
    rows = IndicatorValue.objects.filter(
        indicator_id__in=list(codes), year__in=years, cumulative__isnull=False
    ).values_list("indicator_id", "year", "first_month", "last_month", "cumulative")
    return {(codes[pk], Period(y, f, last)): c for pk, y, f, last, c in rows}


def zone_indicators(zone: Zone, pk: int | None = None) -> list[Indicator]:
    """The zone's active indicators with their targets, in the catalogue's order."""
    return _zone_indicators(zone, pk)


def accepted_readings(indicators: list[Indicator], last_year: int
                      ) -> dict[int, list[Observation]]:
    """Accepted observations per indicator, up to ``last_year`` (what stored statuses rest on)."""
    return _observations(indicators, last_year, ACCEPTED_ONLY).observations


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


@dataclass
class Readings:
    """The values a reading counts, per indicator, and which of their periods are unreviewed."""

    observations: dict[int, list[Observation]]
    unreviewed: dict[int, set[Period]]


def _observations(indicators: list[Indicator], last_year: int,
                  scope: ValueScope = ACCEPTED_ONLY) -> Readings:
    readings = Readings(defaultdict(list), defaultdict(set))
    units = {i.pk: i.unit for i in indicators}
    baselines = [i.target.baseline_year for i in indicators if getattr(i, "target", None)]
    first_year = min([last_year - HISTORY_YEARS, *baselines])
    rows = IndicatorValue.objects.filter(
        scope.q(), indicator__in=indicators, year__gte=first_year, year__lte=last_year,
    ).values_list(
        "indicator_id", "year", "first_month", "last_month", "cumulative", "current", "yoy",
        "data_status", "state",
    )
    for pk, year, first, last, cumulative, current, yoy, data_status, state in rows:
        period = Period(year, first, last)
        readings.observations[pk].append(Observation(
            period, cumulative, current, yoy, units[pk], DataStatus(data_status)))
        if state != ReviewState.ACCEPTED:
            readings.unreviewed[pk].add(period)
    return readings


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
    unreviewed: bool = False  # the judged value is not accepted yet (未审核)
    target_origin: str = ""  # the year target: TargetOrigin code (方案, 设定, 推算)


class TargetOrigin:
    """Where a year's target comes from, shown beside it everywhere."""

    PLAN = "plan"  # 方案: stated by the plan
    MANUAL = "manual"  # 设定: set by the coordinator
    DERIVED = "derived"  # 推算: on the constant-growth path between baseline and target


def target_origin(indicator: Indicator, year: int) -> str:
    """方案, 设定 or 推算 for the indicator's target of ``year`` ("" without one)."""
    target = getattr(indicator, "target", None)
    if target is None:
        return ""
    if year == target.target_year:
        return TargetOrigin.MANUAL if target.source == TargetSource.MANUAL else TargetOrigin.PLAN
    for row in indicator.year_targets.all():
        if row.year == year:
            return (TargetOrigin.MANUAL if row.source == TargetSource.MANUAL
                    else TargetOrigin.PLAN)
    return TargetOrigin.DERIVED if target.baseline_year < year < target.target_year else ""


def judge_indicator(indicator: Indicator, observations: list[Observation] | History,
                    period: Period, today: date | None, unreviewed: set[Period] | None = None,
                    backtests: dict | None = None) -> Judgement | None:
    """``observations`` may be a History made once for many periods (stored statuses)."""
    at = evaluation_period(indicator, period)
    if at is None:
        return None
    definition = indicator_def(indicator)
    known = (observations if isinstance(observations, History)
             else History.of(definition, observations))
    cumulative, finals = known.cumulative, known.finals
    baseline = None
    target = getattr(indicator, "target", None)
    if target is not None and target.baseline_value is None:
        baseline = finals.get(target.baseline_year)
    path = target_path(indicator, baseline)
    schedule = node_schedule(indicator)
    status = evaluate(definition, path, known, at, status_rules(indicator), today,
                      schedule=schedule, stated=stated_targets(indicator), backtests=backtests)
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
        unreviewed=at in (unreviewed or ()),
        target_origin=target_origin(indicator, at.year) if status.year_target is not None else "",
    )


def zone_judgements(zone: Zone, period: Period, today: date | None = None,
                    scope: ValueScope = ACCEPTED_ONLY) -> list[Judgement]:
    """Every active indicator of the zone judged at `period` (four queries in all), counting
    accepted values only unless ``scope`` lets some unreviewed ones in."""
    indicators = _zone_indicators(zone)
    if scope.accepted_only:
        # Stored statuses (status_services) when the period was stored; imported here since
        # that module reads this one's judgements.
        from .status_selectors import stored_judgements

        stored = stored_judgements(zone, period, today, indicators)
        if stored is not None:
            return stored
    readings = _observations(indicators, period.year, scope)
    judgements = (judge_indicator(i, readings.observations.get(i.pk, []), period, today,
                                  readings.unreviewed.get(i.pk))
                  for i in indicators)
    return [j for j in judgements if j is not None]


def indicator_judgement(indicator: Indicator, period: Period, today: date | None = None,
                        scope: ValueScope = ACCEPTED_ONLY) -> Judgement | None:
    """One indicator judged at `period` (its own values only)."""
    found = _zone_indicators(indicator.zone, indicator.pk)
    if not found:
        return None
    readings = _observations(found, period.year, scope)
    return judge_indicator(found[0], readings.observations.get(indicator.pk, []), period, today,
                           readings.unreviewed.get(indicator.pk))


def zone_statuses(zone: Zone, period: Period, today: date | None = None,
                  scope: ValueScope = ACCEPTED_ONLY) -> list[tuple[Indicator, IndicatorStatus]]:
    return [(j.indicator, j.status) for j in zone_judgements(zone, period, today, scope)]


def _monthly_values(zone: Zone) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__zone=zone,
                                         indicator__frequency=Frequency.MONTH)


def latest_period(zone: Zone, scope: ValueScope = ACCEPTED_ONLY) -> Period | None:
    """The latest monthly period with a value the scope counts."""
    latest = (
        _monthly_values(zone).filter(scope.q())
        .order_by("-year", "-last_month").values_list("year", "first_month", "last_month").first()
    )
    return Period(*latest) if latest else None


def default_period(zone: Zone, today: date) -> Period | None:
    """The period a dashboard opens on: the latest month whose reporting deadline has passed
    (day ``due_day`` of the next month) and which has accepted values. Unreviewed values never
    move it; a later month shows only when chosen. Without any accepted month: the latest due
    month, if the zone has values at all (its lights say what is missing)."""
    due = latest_due_period(Frequency.MONTH, today, DEFAULT_RULES)
    accepted_by_due = (
        _monthly_values(zone).filter(year__lte=due.year, state=ReviewState.ACCEPTED)
        .exclude(year=due.year, last_month__gt=due.last_month)
        .order_by("-year", "-last_month").values_list("year", "first_month", "last_month"))
    # Last year and this one first: a zone reporting on time finds its month there without
    # reading its whole history.
    accepted = (accepted_by_due.filter(year__gte=due.year - 1).first()
                or accepted_by_due.filter(year__lt=due.year - 1).first())
    if accepted:
        return Period(*accepted)
    anything = latest_period(zone, ValueScope(unreviewed_all=True))
    if anything is None:
        return None
    return anything if anything.sort_key() <= due.sort_key() else due


def may_see_history(user: User, indicator: Indicator) -> bool:
    """Unreviewed values and revisions of a department's indicator: that department, the
    coordinator and leaders (DESIGN §2)."""
    scope = scope_for(user)
    return scope.unreviewed_all or indicator.owner_id in scope.unreviewed_departments


def indicator_values(indicator: Indicator, user: User) -> QuerySet[IndicatorValue]:
    """The indicator's values as the user may see them, with who entered, approved and accepted
    each; revisions only for those who may see the history."""
    values = indicator.values.select_related(
        "updated_by", "entered_by", "approved_by", "accepted_by")
    if may_see_history(user, indicator):
        values = values.filter(scope_for(user, drafts=True).q()).prefetch_related(
            Prefetch("revisions", queryset=ValueRevision.objects.select_related("by"),
                     to_attr="revision_list"))
    else:
        values = values.filter(state=ReviewState.ACCEPTED)
    return values.order_by("-year", "-last_month", "first_month")


def has_synthetic_values(zone: Zone) -> bool:
    """Whether the zone holds demo figures (演示数据, 合成): every page then says so."""
    return any_synthetic_values(Zone.objects.filter(pk=zone.pk))


def any_synthetic_values(zones: QuerySet[Zone] | list[int]) -> bool:
    """Whether any of ``zones`` (or zone keys) holds demo figures (the banner of pages showing
    them)."""
    if isinstance(zones, list) and not zones:
        return False
    return IndicatorValue.objects.filter(source=SYNTHETIC_NOTE, indicator__zone__in=zones
                                         ).exists()


def corrections_awaiting(user: User) -> QuerySet[ValueCorrection]:
    """Correction requests the coordinator has to decide."""
    if not user.has_perm("monitoring.accept_values"):
        return ValueCorrection.objects.none()
    return ValueCorrection.objects.filter(
        state=CorrectionState.PENDING, value__indicator__zone__in=zones_visible_to(user),
    ).select_related("value__indicator__owner", "requested_by").order_by("requested_at")


def corrections_of(indicator: Indicator, user: User) -> list[ValueCorrection]:
    """An indicator's correction requests, for those who may see its history."""
    if not may_see_history(user, indicator):
        return []
    return list(ValueCorrection.objects.filter(value__indicator=indicator).select_related(
        "value", "requested_by", "decided_by").order_by("-requested_at")[:50])


PICKER_YEARS = 3  # the period picker offers this year and the two before (?period= reaches any)


def periods_with_data(zone: Zone, scope: ValueScope = ACCEPTED_ONLY,
                      today: date | None = None) -> list[Period]:
    """Monthly periods that have values the scope counts, newest first (the period picker);
    with ``today`` only recent ones: a long history neither lengthens the list nor slows the
    page."""
    since = today.year - PICKER_YEARS + 1 if today is not None else 0
    rows = (
        _monthly_values(zone).filter(scope.q(), year__gte=since)
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
