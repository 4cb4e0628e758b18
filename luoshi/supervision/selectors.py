"""Reads for supervision, scoped to what the user may see (accounts.scoping): every user of a
zone reads its tasks; a department reads its own reports, milestones and notices; the
coordinator and leaders (``supervision.view_all_reports``) read every department's.

And the loading of the domain's facts (luoshi.domain.supervision) for a zone: pairs, milestones
with their effective due dates, reports with the moment they were first sent up, and the
notices already issued; a fixed number of queries whatever their number.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.accounts.selectors import zone_calendar
from luoshi.domain.calendar import BEIJING, WorkCalendar, is_on_time
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import (
    Facts,
    Pair,
    SupervisionRules,
    default_start,
    next_month,
    previous_month,
    report_due,
)
from luoshi.domain.supervision import Milestone as MilestoneFact
from luoshi.domain.supervision import Notice as NoticeFact
from luoshi.domain.supervision import Report as ReportFact
from luoshi.plans.models import Plan, Task, TaskUnit

from .models import Milestone, MonthLight, Notice, ProgressReport, SupervisionSettings

ALL_WORK = "supervision.view_all_reports"


def current_plan(zone: Zone) -> Plan | None:
    return Plan.objects.filter(zone=zone, is_current=True).order_by("-pk").first()


def zone_tasks(zone: Zone) -> QuerySet[Task]:
    """The tasks under supervision: those of the zone's current plan."""
    return Task.objects.filter(plan__zone=zone, plan__is_current=True).order_by("number")


def rules_for(zone: Zone, today: date | None = None) -> SupervisionRules:
    """The zone's rules: as configured, else the defaults, judging from the month after the
    current plan's issue date (or from this month, without one)."""
    found = SupervisionSettings.objects.filter(zone=zone).first()
    if found is not None:
        return SupervisionRules(
            start=(found.start_year, found.start_month), report_day=found.report_day,
            reminder_working_days=found.reminder_working_days,
            answer_working_days=found.answer_working_days)
    plan = current_plan(zone)
    if plan is not None and plan.issued_on is not None:
        return SupervisionRules(start=default_start(plan.issued_on))
    today = today or timezone.localdate()
    return SupervisionRules(start=(today.year, today.month))


def calendar_for(zone: Zone, months: Iterable[Period]) -> WorkCalendar:
    """The zone's working days over the months and the one after each (deadlines fall in
    the next month, reminders a few days before)."""
    years = set()
    for month in months:
        years.update({month.year, next_month(month).year})
    return zone_calendar(zone, sorted(years) or [timezone.localdate().year])


def units_of(zone: Zone) -> list[TaskUnit]:
    """The departments named on the zone's tasks (collective placeholders not yet expanded
    are not departments and are left out)."""
    return list(TaskUnit.objects.filter(task__in=zone_tasks(zone), department__isnull=False)
                .select_related("task", "department").order_by("task__number", "role",
                                                               "position"))


def pairs_of(units: Iterable[TaskUnit]) -> tuple[Pair, ...]:
    return tuple(Pair(u.task_id, u.department_id, u.role) for u in units)


def facts_for(zone: Zone, units: list[TaskUnit] | None = None,
              months: tuple[Period, Period] | None = None) -> Facts:
    """What is recorded for the zone's pairs: every milestone, and the reports of ``months``
    (first, last; all without) with the moment each was first sent up."""
    units = units_of(zone) if units is None else units
    roles = {(u.task_id, u.department_id): u.role for u in units}
    pairs = pairs_of(units)

    def pair(task_id: int, department_id: int) -> Pair | None:
        role = roles.get((task_id, department_id))
        return None if role is None else Pair(task_id, department_id, role)

    milestones = []
    for m in Milestone.objects.filter(task__in=zone_tasks(zone)).values_list(
            "pk", "task_id", "department_id", "due", "done_on"):
        found = pair(m[1], m[2])
        if found is not None:
            milestones.append(MilestoneFact(m[0], found, m[3], m[4]))
    reports = ProgressReport.objects.filter(task__in=zone_tasks(zone),
                                            first_sent_up_at__isnull=False)
    if months is not None:
        first, last = months
        reports = reports.filter(_month_range(first, last))
    facts = []
    for task_id, department_id, year, month, sent in reports.values_list(
            "task_id", "department_id", "year", "month", "first_sent_up_at"):
        found = pair(task_id, department_id)
        if found is not None:
            facts.append(ReportFact(found, (year, month), sent))
    return Facts(pairs, tuple(milestones), tuple(facts))


def _month_range(first: Period, last: Period) -> Q:
    after = Q(year__gt=first.year) | Q(year=first.year, month__gte=first.last_month)
    before = Q(year__lt=last.year) | Q(year=last.year, month__lte=last.last_month)
    return after & before


def notice_facts(zone: Zone, units: list[TaskUnit], months: list[Period] | None = None
                 ) -> list[NoticeFact]:
    """The notices issued (of ``months`` only, when given)."""
    roles = {(u.task_id, u.department_id): u.role for u in units}
    found = []
    notices = Notice.objects.filter(zone=zone)
    if months:
        notices = notices.filter(_month_range(min(months), max(months)))
    for task_id, department_id, year, month, level, issued, due, answered in (
            notices.values_list(
                "task_id", "department_id", "year", "month", "level", "issued_at", "due_at",
                "answered_at")):
        role = roles.get((task_id, department_id))
        if role is not None:
            found.append(NoticeFact(Pair(task_id, department_id, role), (year, month), level,
                                    issued, due, answered))
    return found


def stored_lights(zone: Zone, month: Period) -> QuerySet[MonthLight]:
    return MonthLight.objects.filter(zone=zone, year=month.year, month=month.last_month)


def closed_months(zone: Zone) -> set[tuple[int, int]]:
    return set(MonthLight.objects.filter(zone=zone, department__isnull=True)
               .values_list("year", "month").distinct())


# --- what a user may see --------------------------------------------------------------------


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    """A department's reports to its users; every department's once sent up (or returned) to
    the coordinator and leaders: a draft, and a report the head has not sent up yet, stay
    inside the department."""
    scope = read_scope(user, ALL_WORK)
    own = Q(department__in=sorted(scope.department_ids))
    return ProgressReport.objects.filter(
        scope.zones_q("task__plan__zone"), scope.work_q("department"),
        own | ~Q(state__in=("draft", "submitted")),
    ).select_related("task", "department")


def milestones_visible_to(user: User) -> QuerySet[Milestone]:
    scope = read_scope(user, ALL_WORK)
    return Milestone.objects.filter(
        scope.zones_q("task__plan__zone"), scope.work_q("department")
    ).select_related("task", "department")


def notices_visible_to(user: User) -> QuerySet[Notice]:
    scope = read_scope(user, ALL_WORK)
    return Notice.objects.filter(scope.zones_q("zone"), scope.work_q("department")
                                 ).select_related("task", "department")


def department_of(user: User, department_id: int) -> bool:
    return department_id in read_scope(user).department_ids


def departments_named(zone: Zone) -> dict[str, Department]:
    return {d.name: d for d in Department.objects.filter(zone=zone)}


# --- what is due (应报 · 已报 · 退回 · 逾期) ---------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    task: Task
    department: Department
    role: str
    owes: bool  # only the lead units report where a task has them
    report: ProgressReport | None
    deadline: datetime
    overdue: bool  # past the deadline and not sent up

    @property
    def status(self) -> str:
        """missing, draft, submitted, sent_up, accepted, returned."""
        return self.report.state if self.report is not None else "missing"


def due_rows(zone: Zone, month: Period, now: datetime, *, departments: set[int] | None = None
             ) -> list[DueRow]:
    """Every pair of the zone (or of ``departments``) for ``month``, with its report."""
    rules = rules_for(zone)
    every = units_of(zone)
    lead_tasks = {u.task_id for u in every if u.role == "lead"}
    units = [u for u in every if departments is None or u.department_id in departments]
    reports = {(r.task_id, r.department_id): r for r in ProgressReport.objects.filter(
        task__in=zone_tasks(zone), year=month.year, month=month.last_month)}
    deadline = report_due(month, calendar_for(zone, [month]), rules)
    rows = []
    for unit in units:
        report = reports.get((unit.task_id, unit.department_id))
        owes = unit.role == "lead" or unit.task_id not in lead_tasks
        sent = report is not None and report.first_sent_up_at is not None
        rows.append(DueRow(unit.task, unit.department, unit.role, owes, report, deadline,
                           owes and not sent and not is_on_time(now, deadline)))
    return rows


def reporting_month(zone: Zone, now: datetime) -> Period:
    """The month reports are being written for: the one just ended (due by the 5th)."""
    local = now.astimezone(BEIJING)
    return previous_month(Period.month(local.year, local.month))


def judged_months(zone: Zone, now: datetime) -> list[Period]:
    """Months from the zone's start to this one, newest first (the month pickers)."""
    rules = rules_for(zone)
    local = now.astimezone(BEIJING)
    month, this, months = rules.start, Period.month(local.year, local.month), []
    while month <= this:
        months.append(month)
        month = next_month(month)
    return months[::-1]


def agenda_visible_to(user: User) -> QuerySet:
    """The coordinator and leaders see the whole agenda; a department the items it raised
    and the decisions it owns."""
    from .models import AgendaItem

    scope = read_scope(user, ALL_WORK)
    items = AgendaItem.objects.filter(scope.zones_q("zone"))
    if not scope.all_work:
        items = items.filter(Q(owner__in=sorted(scope.department_ids))
                             | Q(raised_by_department__in=sorted(scope.department_ids)))
    return items.select_related("owner", "raised_by_department", "task", "meeting")


def instructions_visible_to(user: User) -> QuerySet:
    from .models import Instruction

    scope = read_scope(user, ALL_WORK)
    return Instruction.objects.filter(scope.zones_q("zone"), scope.work_q("department")
                                      ).select_related("by", "department", "task"
                                                       ).prefetch_related("replies__by")
