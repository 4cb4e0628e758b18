"""Freezing a year's records into the assessment's inputs (luoshi.domain.assessment.year): the
scheme as configured, the zone's indicators at the year's last closed month (accepted figures
only; before the year is out, against 序时进度), and per unit its milestones, owed reports,
督办单, marks and bonus/penalty records."""

from datetime import date, timedelta

from luoshi.accounts.models import Department, Zone
from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.assessment.raws import IndicatorFact, MilestoneFact, NoticeFact, ReportFact
from luoshi.domain.assessment.scoring import Grade, Record, Rule
from luoshi.domain.assessment.year import UnitFacts, YearInputs
from luoshi.domain.calendar import BEIJING
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.units import UNITS
from luoshi.domain.supervision import report_due
from luoshi.monitoring.selectors import latest_period, zone_statuses
from luoshi.supervision import selectors as supervision
from luoshi.supervision.choices import Level
from luoshi.supervision.models import Milestone, MonthLight, Notice, ProgressReport

from .models import Mark, Scheme
from .models import Record as RecordRow


def scheme_spec(scheme: Scheme) -> SchemeSpec:
    """The scheme as the pure scoring reads it."""
    return SchemeSpec(
        items=tuple(ItemSpec(i.name, i.weight, i.kind, i.scope, i.direction,
                             tuple(i.indicators), i.note) for i in scheme.items.all()),
        rules=tuple(Rule(r.name, r.group, r.level, r.points) for r in scheme.rules.all()),
        grades=tuple(Grade(g.name, g.min_score, g.quota_percent) for g in scheme.grades.all()),
        bonus_cap=scheme.bonus_cap, penalty_cap=scheme.penalty_cap,
        quota_rounding=scheme.quota_rounding, veto_grade=scheme.veto_grade or None)


def assessed_units(zone: Zone, kinds=()) -> list[Department]:
    """The units assessed: the zone's active departments of the scheme's kinds (all kinds when
    none is chosen), in the directory's order."""
    found = Department.objects.filter(zone=zone, is_active=True)
    if kinds:
        found = found.filter(kind__in=list(kinds))
    return list(found.order_by("pk"))


def _last_month(zone: Zone, year: int, as_of: date) -> Period:
    """The year's last month with accepted figures (December once the year has them), no later
    than the month before ``as_of``."""
    if as_of.year > year:
        ceiling = Period.month(year, 12)
    else:
        ceiling = Period.month(year, max(as_of.month - 1, 1))
    latest = latest_period(zone)
    if latest is None or latest.year != year or latest.last_month > ceiling.last_month:
        return ceiling
    return Period.month(year, latest.last_month)


def _indicators(zone: Zone, year: int, as_of: date) -> tuple[dict[str, IndicatorFact],
                                                              dict[int, list[str]]]:
    period = _last_month(zone, year, as_of)
    facts, owned = {}, {}
    for indicator, status in zone_statuses(zone, period, as_of):
        unit = UNITS.get(status.unit)
        reached = status.period if status.cumulative is not None else period
        target, period_text = status.year_target, f"{reached.year}年1-{reached.last_month}月"
        if reached.last_month < 12 and status.pace_value is not None:
            # Before the year is out, completion is judged against 序时进度, not the whole year.
            target, period_text = status.pace_value, f"{period_text}（对照序时进度）"
        facts[indicator.code] = IndicatorFact(
            indicator.code, indicator.name, unit.symbol if unit else status.unit,
            indicator.direction, target, status.cumulative, period_text)
        if indicator.owner_id is not None:
            owned.setdefault(indicator.owner_id, []).append(indicator.code)
    return facts, owned


def _beijing_day(moment) -> date | None:
    return moment.astimezone(BEIJING).date() if moment is not None else None


def _supervision(zone: Zone, year: int, as_of: date) -> tuple[dict, dict, dict]:
    tasks = list(supervision.zone_tasks(zone))
    numbers = {task.pk: task.number for task in tasks}
    milestones: dict[int, list] = {}
    for m in Milestone.objects.filter(task__in=tasks, due__year=year).order_by("due", "pk"):
        milestones.setdefault(m.department_id, []).append(
            MilestoneFact(numbers[m.task_id], m.title, m.due, m.done_on))
    # Reports owed: the months judged (lights stored, 主办单位 only where a task has a lead)
    # and history imported for months before supervision began.
    lights = list(MonthLight.objects.filter(zone=zone, year=year, department__isnull=False)
                  .values_list("task_id", "department_id", "month", "role"))
    with_lead = {(t, month) for t, _d, month, role in lights if role == "lead"}
    owed = {(t, d, month) for t, d, month, role in lights
            if role == "lead" or (t, month) not in with_lead}
    sent = {}
    for t, d, month, moment, historical in ProgressReport.objects.filter(
            task__in=tasks, year=year).values_list("task_id", "department_id", "month",
                                                   "first_sent_up_at", "historical"):
        sent[(t, d, month)] = _beijing_day(moment)
        if historical:
            owed.add((t, d, month))
    rules = supervision.rules_for(zone, as_of)
    months = sorted({month for _t, _d, month in owed})
    calendar = supervision.calendar_for(zone, [Period.month(year, m) for m in months])
    due_of = {m: _beijing_day(report_due(Period.month(year, m), calendar, rules))
              - timedelta(days=1) for m in months}  # D(M) is exclusive: the day before
    reports: dict[int, list] = {}
    for t, d, month in sorted(owed, key=lambda k: (k[2], numbers.get(k[0], 0))):
        if t in numbers:
            reports.setdefault(d, []).append(
                ReportFact(numbers[t], month, due_of[month], sent.get((t, d, month))))
    notices: dict[int, list] = {}
    for n in Notice.objects.filter(zone=zone, year=year, level=Level.NOTICE).order_by("pk"):
        due_on = _beijing_day(n.due_at) - timedelta(days=1) if n.due_at else None
        answered_on = _beijing_day(n.answered_at)
        if answered_on is None and due_on is not None and due_on >= as_of:
            continue  # still open: judged once its time has run out
        notices.setdefault(n.department_id, []).append((n.pk, NoticeFact(
            numbers.get(n.task_id, 0), n.month, _beijing_day(n.issued_at), due_on,
            answered_on)))
    return milestones, reports, notices


def year_inputs(scheme: Scheme, as_of: date) -> YearInputs:
    """Everything the year's results are computed from, frozen at ``as_of``."""
    zone, year = scheme.zone, scheme.year
    indicators, owned = _indicators(zone, year, as_of)
    milestones, reports, notices = _supervision(zone, year, as_of)
    marks: dict[int, dict[str, list]] = {}
    for mark in Mark.objects.filter(item__scheme=scheme).select_related("item").order_by(
            "item__position", "marker", "pk"):
        marks.setdefault(mark.department_id, {}).setdefault(mark.item.name, []).append(
            (mark.marker, mark.raw))
    records: dict[int, list] = {}
    for row in RecordRow.objects.filter(scheme=scheme).order_by("pk"):
        records.setdefault(row.department_id, []).append(
            Record(row.rule, row.matter, row.reason, key=str(row.pk)))
    units = tuple(UnitFacts(
        unit_id=d.pk, unit=d.name, owned=tuple(owned.get(d.pk, ())),
        milestones=tuple(milestones.get(d.pk, ())), reports=tuple(reports.get(d.pk, ())),
        notices=tuple(notices.get(d.pk, ())),
        marks={item: tuple(found) for item, found in marks.get(d.pk, {}).items()},
        records=tuple(records.get(d.pk, ()))) for d in assessed_units(zone, scheme.unit_kinds))
    start = supervision.rules_for(zone, as_of).start
    supervised = (start.year, start.last_month) <= (year, 12) and (year, 1) <= (
        as_of.year, as_of.month)
    return YearInputs(year, as_of, scheme_spec(scheme), indicators, units,
                      scheme.late_share, scheme.closest_tolerance, supervised)
