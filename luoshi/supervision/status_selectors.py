"""A month's lights for a zone: stored once the month has closed (MonthLight, never
repainted), judged from the records before that (what the month would get if nothing more were
recorded before its deadline)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from luoshi.accounts.models import Department, Zone
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import month_closed, previous_month, task_lights
from luoshi.plans.models import Task

from . import selectors
from .tick_services import reason_json


@dataclass(frozen=True)
class UnitLight:
    department: str
    role: str
    light: str
    reasons: list[dict]


@dataclass(frozen=True)
class TaskStatus:
    pk: int
    number: int
    title: str
    light: str
    units: list[UnitLight]


@dataclass(frozen=True)
class MonthStatus:
    period: Period
    closed: bool
    judged: bool  # False before the zone's supervision starts
    tasks: list[TaskStatus]

    def as_json(self) -> dict:
        return {"period": self.period.code, "closed": self.closed, "tasks": [
            {"task": t.number, "light": t.light, "units": [
                {"department": u.department, "role": u.role, "light": u.light,
                 "reasons": u.reasons} for u in t.units]} for t in self.tasks]}


def month_status(zone: Zone, month: Period, now: datetime) -> MonthStatus:
    rules = selectors.rules_for(zone)
    calendar = selectors.calendar_for(zone, [month])
    closed = month_closed(month, now, calendar, rules)
    local = timezone.localdate()
    if month < rules.start or month > Period.month(local.year, local.month):
        return MonthStatus(month, closed, False, [])  # before the start, or not begun
    tasks = {t.pk: t for t in selectors.zone_tasks(zone)}
    stored = list(selectors.stored_lights(zone, month).order_by("task__number", "pk"))
    if closed and stored:
        names = dict(Department.objects.filter(zone=zone).values_list("pk", "name"))
        by_task: dict[int, TaskStatus] = {}
        for row in stored:
            task = tasks.get(row.task_id) or Task.objects.get(pk=row.task_id)
            if row.department_id is None:
                by_task[row.task_id] = TaskStatus(task.pk, task.number, task.title, row.light,
                                                  [])
        for row in stored:
            if row.department_id is not None and row.task_id in by_task:
                by_task[row.task_id].units.append(UnitLight(
                    names.get(row.department_id, ""), row.role, row.light, row.reasons))
        return MonthStatus(month, True, True, list(by_task.values()))
    units = selectors.units_of(zone)
    names = {u.department_id: u.department.name for u in units}
    facts = selectors.facts_for(zone, units, months=(previous_month(month), month))
    judged = []
    for task in task_lights(month, facts, calendar, rules):
        found = tasks[task.task]
        judged.append(TaskStatus(found.pk, found.number, found.title, task.light.value, [
            UnitLight(names[p.pair.department], p.pair.role.value, p.light.value,
                      [reason_json(r) for r in p.reasons]) for p in task.pairs]))
    return MonthStatus(month, closed, True, judged)
