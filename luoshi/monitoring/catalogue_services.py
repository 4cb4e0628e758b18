"""Writes for the indicator catalogue from a plan: installed when a plan is accepted, updated
by each new version (luoshi.domain.monitoring.plan_targets decides; this applies it)."""

from django.db import transaction

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.selectors import department_for_name
from luoshi.accounts.services import department_create
from luoshi.core.audit import attributed
from luoshi.domain import plandoc
from luoshi.domain.calendar.periods import plan_years
from luoshi.domain.departments import guess_department_kind
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS, IndicatorDef
from luoshi.domain.monitoring.plan_targets import (
    Decision,
    PlanTarget,
    TargetDecision,
    decide,
    free_years,
)
from luoshi.plans.models import Plan

from . import selectors
from .choices import TargetSource
from .models import Indicator, IndicatorTarget, YearTarget
from .status_services import statuses_refresh

# Indicators made for a plan's own targets come after the default set.
CREATED_POSITION = 100


def plan_targets(plan: Plan) -> list[PlanTarget]:
    return [PlanTarget(t.indicator, t.value, t.unit, t.year, t.comparator, t.position)
            for t in plan.targets.all()]


def parsed_targets(parsed: plandoc.Plan) -> list[PlanTarget]:
    """A parsed document's targets, numbered as the import will number them."""
    return [PlanTarget(t.indicator, t.value, t.unit, t.year, t.comparator, position)
            for position, t in enumerate(parsed.targets, start=1)]


def catalogue_decision(*, zone: Zone, title: str, targets: list[PlanTarget],
                       previous: Plan | None) -> Decision:
    """What accepting a plan titled ``title`` with ``targets`` would do (nothing is saved)."""
    years = plan_years(title)
    return decide(selectors.catalogue_entries(zone, previous), targets,
                  start_year=years[0] if years else None, end_year=years[1] if years else None)


def _department(zone: Zone, name: str, by: User | None, origin: str) -> Department | None:
    if not name:
        return None
    department = department_for_name(zone, name)  # by name or alias, e.g. a renamed bureau
    return department or department_create(
        zone=zone, name=name, kind=guess_department_kind(name), by=by, origin=origin
    )


def _create(zone: Zone, definition: IndicatorDef, position: int, by, origin) -> Indicator:
    return Indicator.objects.create(
        zone=zone, code=definition.code, name=definition.name, unit=definition.unit,
        frequency=definition.frequency, kind=definition.kind, direction=definition.direction,
        source=definition.source, owner=_department(zone, definition.department, by, origin),
        formula=list(definition.formula), official=definition.official, position=position,
    )


@transaction.atomic
def catalogue_sync(*, zone: Zone, plan: Plan | None, by: User | None, origin: str,
                   previous: Plan | None = None) -> Decision:
    """Install the zone's usual indicators (once) and give them ``plan``'s targets: targets the
    plan set move to its values, targets set by hand stay (the decision lists them).

    Idempotent: the same plan again changes nothing.  No values are stored.
    """
    decision = catalogue_decision(
        zone=zone, title=plan.title if plan else "",
        targets=plan_targets(plan) if plan else [], previous=previous)
    records = {t.position: t for t in plan.targets.all()} if plan else {}
    with attributed(by=by, origin=origin):
        defaults = {d.code for d in decision.defaults}
        for position, definition in enumerate(DEFAULT_INDICATORS, start=1):
            if definition.code in defaults:
                _create(zone, definition, position, by, origin)
        last = max(Indicator.objects.filter(zone=zone).values_list("position", flat=True),
                   default=0)
        for offset, definition in enumerate(decision.created, start=1):
            _create(zone, definition, max(last, CREATED_POSITION) + offset, by, origin)
        indicators = {i.code: i for i in Indicator.objects.filter(zone=zone)
                      .select_related("target").prefetch_related("year_targets")}
        for decided in decision.targets:
            _apply(indicators[decided.code], decided, records.get(decided.new.position))
        if defaults or decision.created or any(d.changes for d in decision.targets):
            statuses_refresh(zone=zone)
    return decision


def _apply(indicator: Indicator, decided: TargetDecision, record) -> None:
    if record is not None and indicator.plan_target_id != record.pk:
        indicator.plan_target = record
        indicator.save(update_fields=["plan_target"])
    if not decided.changes:
        return
    new = decided.new
    target = getattr(indicator, "target", None) or IndicatorTarget(indicator=indicator)
    target.target_year, target.target_value = new.year, new.value
    target.comparator, target.baseline_year = new.comparator, new.baseline_year
    target.source = TargetSource.PLAN
    target.full_clean()
    target.save()
    stored = {y.year: y for y in indicator.year_targets.all()}
    wanted = free_years(new, {y for y, row in stored.items() if row.source == TargetSource.MANUAL})
    for year, row in stored.items():
        if row.source == TargetSource.PLAN and year not in wanted:
            row.delete()
    for year, value in wanted.items():
        row = stored.get(year)
        if row is None:
            YearTarget.objects.create(indicator=indicator, year=year, value=value,
                                      source=TargetSource.PLAN)
        elif row.value != value:
            row.value = value
            row.save(update_fields=["value"])


@transaction.atomic
def catalogue_install(*, zone: Zone, plan: Plan | None, by: User | None, origin: str
                      ) -> list[Indicator]:
    """The zone's catalogue with ``plan``'s targets (see catalogue_sync), in display order."""
    catalogue_sync(zone=zone, plan=plan, by=by, origin=origin)
    return list(Indicator.objects.filter(zone=zone).order_by("position", "code"))

