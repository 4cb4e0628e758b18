"""The records a bulletin quotes, frozen into ``BulletinInputs``: the period's indicator statuses
(a status snapshot, the same rows as the dashboard and ``luoshi monitor status``), the stored
lights of the period's closed months, milestones, problems raised, open 督办 items and each
department's counts. Figures are formatted here the dashboard's way, so the document shows the
same numbers written the same way."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from luoshi.accounts.models import Department, Zone
from luoshi.benchmark.selectors import latest_evaluation
from luoshi.domain.bulletins.inputs import (
    BenchmarkStanding,
    BulletinInputs,
    DepartmentCounts,
    DepartmentLight,
    IndicatorPath,
    IndicatorRow,
    MilestoneRow,
    ProblemRow,
    SupervisionItem,
    TaskMonth,
)
from luoshi.domain.bulletins.ranking import months_of
from luoshi.domain.bulletins.serial import rules_from_json
from luoshi.domain.calendar.deadlines import BEIJING
from luoshi.domain.calendar.periods import Grain, Period
from luoshi.domain.documents.dashboard_table import amount, percent
from luoshi.monitoring import selectors as monitoring
from luoshi.monitoring.models import StatusSnapshot
from luoshi.monitoring.status_rows import status_row
from luoshi.plans.models import Plan, Task
from luoshi.supervision.choices import Level, NoticeState, ReportState
from luoshi.supervision.models import Milestone, MonthLight, Notice, ProgressReport

from .models import BulletinSettings

HEADLINE_PATHS = 3  # the paths drawn: the first amounts of the catalogue with a year target
AMOUNT_UNITS = ("亿元", "亿美元", "万美元", "万元")


@dataclass(frozen=True)
class Statuses:
    """The period's statuses as frozen rows (status_row) and the paths of the headline ones."""

    rows: list[dict]
    paths: tuple[IndicatorPath, ...]


def current_statuses(zone: Zone, period: Period, today: date) -> Statuses:
    """The statuses as the dashboard reads them now (accepted values only)."""
    judgements = monitoring.zone_judgements(zone, period, today)
    rows = [status_row(j.status) for j in judgements]
    paths = []
    for judgement, row in zip(judgements, rows, strict=True):
        status = judgement.status
        if (len(paths) >= HEADLINE_PATHS or row["unit"] not in AMOUNT_UNITS
                or not status.year_target or len(judgement.reach) < 2):
            continue
        target = status.year_target
        paths.append(IndicatorPath(
            name=status.name, unit=row["unit"], year_target=target,
            points=tuple((Period.month(period.year, month), value)
                         for month, value in sorted(judgement.reach.items())),
            pace=tuple((Period.month(period.year, month), value / target)
                       for month, value in sorted(judgement.pace.items()))))
    return Statuses(rows, tuple(paths))


def _decimal(value) -> Decimal | None:
    # Snapshot rows hold JSON numbers; str() gives back the decimal the status had.
    return None if value is None or value == "" else Decimal(str(value))


def indicator_rows(rows: list[dict]) -> tuple[IndicatorRow, ...]:
    """Snapshot rows with a year target as the bulletin's rows, cells written as the dashboard
    writes them (amounts at most two decimals, ratios in per cent with one)."""
    found = []
    for row in rows:
        target = _decimal(row.get("year_target"))
        if target is None:
            continue
        cumulative = _decimal(row.get("cumulative"))
        pace_value = _decimal(row.get("pace_value"))
        pace = pace_value / target if pace_value is not None and target else None
        yoy = _decimal(row.get("yoy"))
        texts = {
            "cumulative": amount(cumulative), "year_target": amount(target),
            "completion": percent(_decimal(row.get("completion"))), "pace": percent(pace),
            "yoy": "—" if yoy is None else (
                f"{amount(yoy, 1)}%" + ("*" if row.get("yoy_computed") else "")),
        }
        found.append(IndicatorRow(
            name=row["name"], unit=row.get("unit") or "", cumulative=cumulative,
            year_target=target, completion=_decimal(row.get("completion")), pace=pace, yoy=yoy,
            light=row.get("status") or "none", texts=texts,
            total=any(word in row["name"] for word in ("合计", "总计", "汇总"))))
    return tuple(found)


def _months_q(months: tuple[Period, ...]) -> Q:
    q = Q(pk__in=[])
    for month in months:
        q |= Q(year=month.year, month=month.reach)
    return q


def task_months(zone: Zone, months: tuple[Period, ...]) -> tuple[TaskMonth, ...]:
    """The stored lights of the closed months of the period, task by task."""
    stored = list(MonthLight.objects.filter(_months_q(months), zone=zone)
                  .select_related("task__section", "department")
                  .order_by("year", "month", "task__number", "pk"))
    pairs: dict[tuple[int, int, int], list[DepartmentLight]] = {}
    for light in stored:
        if light.department_id is not None:
            pairs.setdefault((light.task_id, light.year, light.month), []).append(
                DepartmentLight(light.department.name, light.light, light.role or "lead",
                                tuple(r.get("code", "") for r in light.reasons or ())))
    return tuple(
        TaskMonth(number=light.task.number, title=light.task.title,
                  section=light.task.section.title if light.task.section else "",
                  month=Period.month(light.year, light.month), light=light.light,
                  departments=tuple(pairs.get((light.task_id, light.year, light.month), ())))
        for light in stored if light.department_id is None)


def milestone_rows(tasks: list[Task], period: Period) -> tuple[MilestoneRow, ...]:
    start, end = period.days
    found = (Milestone.objects.filter(task__in=tasks)
             .filter(Q(due__range=(start, end)) | Q(done_on__range=(start, end)))
             .select_related("task", "department").order_by("due", "task__number", "pk"))
    return tuple(MilestoneRow(m.task.number, m.department.name, m.title, m.due, m.done_on)
                 for m in found)


def problem_rows(tasks: list[Task], months: tuple[Period, ...]) -> tuple[ProblemRow, ...]:
    found = (ProgressReport.objects.filter(_months_q(months), task__in=tasks)
             .filter(state__in=(ReportState.SENT_UP, ReportState.ACCEPTED))
             .exclude(problems="").select_related("task", "department")
             .order_by("task__number", "department__name", "year", "month"))
    # The same problem raised again month after month is one problem.
    return tuple(dict.fromkeys(ProblemRow(r.department.name, r.task.number, r.problems.strip())
                               for r in found))


def supervision_items(zone: Zone, period: Period) -> tuple[SupervisionItem, ...]:
    """督办单 still open at the end of the period and items listed for 通报 in it."""
    _start, end = period.days
    months = months_of(period)
    open_notices = Q(level=Level.NOTICE) & ~Q(state=NoticeState.CLOSED)
    listed = Q(level=Level.BULLETIN) & _months_q(months)
    found = (Notice.objects.filter(zone=zone, issued_at__date__lte=end)
             .filter(open_notices | listed).select_related("task", "department")
             .order_by("level", "issued_at", "pk"))
    return tuple(SupervisionItem(
        n.department.name, n.task.number, Period.month(n.year, n.month), n.level,
        n.issued_at.astimezone(BEIJING).date(),
        n.due_at.astimezone(BEIJING).date() if n.due_at else None) for n in found)


def department_counts(zone: Zone, tasks: list[Task], period: Period
                      ) -> tuple[DepartmentCounts, ...]:
    """Reports owed (主办单位报送: the lead units where a task has one, else every unit named,
    for each closed month) and sent up on time; milestones due in the period and done by their
    date; for every department that owed either."""
    months = months_of(period)
    pairs = list(MonthLight.objects.filter(_months_q(months), zone=zone,
                                           department__isnull=False)
                 .values_list("task_id", "department_id", "year", "month", "role"))
    with_lead = {(task, year, month) for task, _d, year, month, role in pairs if role == "lead"}
    owed: dict[int, set] = {}
    for task_id, department_id, year, month, role in pairs:
        if role == "lead" or (task_id, year, month) not in with_lead:
            owed.setdefault(department_id, set()).add((task_id, year, month))
    on_time: dict[int, int] = {}
    for task_id, department_id, year, month in ProgressReport.objects.filter(
            _months_q(months), task__in=tasks, first_sent_up_at__isnull=False, late=False,
    ).values_list("task_id", "department_id", "year", "month"):
        if (task_id, year, month) in owed.get(department_id, ()):
            on_time[department_id] = on_time.get(department_id, 0) + 1
    start, end = period.days
    due: dict[int, int] = {}
    kept: dict[int, int] = {}
    for department_id, due_on, done_on in Milestone.objects.filter(
            task__in=tasks, due__range=(start, end)).values_list("department_id", "due",
                                                                 "done_on"):
        due[department_id] = due.get(department_id, 0) + 1
        if done_on is not None and done_on <= due_on:
            kept[department_id] = kept.get(department_id, 0) + 1
    names = dict(Department.objects.filter(zone=zone).values_list("pk", "name"))
    return tuple(
        DepartmentCounts(names[pk], len(owed.get(pk, ())), on_time.get(pk, 0),
                         due.get(pk, 0), kept.get(pk, 0))
        for pk in sorted(set(owed) | set(due), key=lambda pk: names[pk]))


def bulletin_settings(zone: Zone) -> BulletinSettings:
    """The zone's settings, made from its plan the first time (issuer: the plan's issuer's
    office; basis: the plan and its 文号)."""
    found = BulletinSettings.objects.filter(zone=zone).first()
    if found is not None:
        return found
    plan = Plan.objects.filter(zone=zone, is_current=True).order_by("-version").first()
    issuer = f"{plan.issuer}办公室" if plan and plan.issuer else f"{zone.name}管理委员会办公室"
    return BulletinSettings(zone=zone, issuer=issuer, printed_by=issuer)


def basis_of(zone: Zone, settings: BulletinSettings) -> tuple[str, str]:
    if settings.basis_title:
        return settings.basis_title, settings.basis_number
    plan = Plan.objects.filter(zone=zone, is_current=True).order_by("-version").first()
    return (plan.title, plan.doc_number) if plan else ("", "")


def _written(value) -> str:
    # Report figures are JSON strings where they were Decimals; None: not known.
    return "" if value is None else str(value)


def benchmark_standing(zone: Zone) -> BenchmarkStanding | None:
    """The zone's latest benchmark evaluation as the bulletin states it (None: none stored);
    the previous rank is the history's for the year before the evaluation's."""
    evaluation = latest_evaluation(zone)
    if evaluation is None or not evaluation.report:
        return None
    report = evaluation.report
    rank = int(report["rank"])
    band = report.get("sensitivity") or {}
    regional_band = band.get("regional") or {}
    regional_rank = int(report.get("regional_rank") or 0)
    plan = report.get("plan") or {}
    year = int(report.get("year") or evaluation.year)
    previous = next((entry["rank"] for entry in report.get("history") or ()
                     if entry.get("year") == year - 1 and entry.get("rank") is not None), None)
    return BenchmarkStanding(
        year=year, rank=rank, zones=int(report.get("zones") or 0),
        region=report.get("region") or "", regional_rank=regional_rank,
        regional_zones=int(report.get("regional_zones") or 0),
        first_tier=int(report.get("first_tier") or 30),
        regional_top=int(report.get("regional_top") or 5),
        low=int(band.get("low") or rank), high=int(band.get("high") or rank),
        regional_low=int(regional_band.get("low") or regional_rank),
        regional_high=int(regional_band.get("high") or regional_rank),
        total=_written(report.get("total")) or "—", synthetic=evaluation.synthetic,
        groups=tuple((g["name"], _written(g.get("score")), int(g["rank"]))
                     for g in report.get("groups") or ()),
        plan_steps=tuple((s["indicator"], s.get("unit") or "", _written(s.get("current")),
                          _written(s.get("planned")), _written(s.get("relative_pct")))
                         for s in plan.get("steps") or ()),
        plan_reached=bool(plan.get("reached")), plan_rank=int(plan.get("rank") or rank),
        previous_rank=None if previous is None else int(previous),
        method=evaluation.method_name)


def load_inputs(zone: Zone, period: Period, *, rows: list[dict],
                paths: tuple[IndicatorPath, ...], issued_on: date) -> BulletinInputs:
    """Everything the bulletin of ``period`` quotes, frozen (texts and number come later)."""
    settings = bulletin_settings(zone)
    basis_title, basis_number = basis_of(zone, settings)
    tasks = list(Task.objects.filter(plan__zone=zone, plan__is_current=True))
    months = months_of(period)
    return BulletinInputs(
        zone=zone.name, issuer=settings.issuer, doc_number="", basis_title=basis_title,
        basis_number=basis_number, period=period, issued_on=issued_on,
        indicators=indicator_rows(rows), paths=paths, tasks=task_months(zone, months),
        milestones=milestone_rows(tasks, period), problems=problem_rows(tasks, months),
        supervision=supervision_items(zone, period),
        counts=department_counts(zone, tasks, period),
        rules=rules_from_json(settings.rules or {}), recipients=settings.recipients,
        copies_to=settings.copies_to, synthetic=monitoring.has_synthetic_values(zone),
        benchmark=benchmark_standing(zone) if period.grain is Grain.QUARTER else None,
        **({"outline": tuple(settings.outline)} if settings.outline else {}))


def snapshot_rows(snapshot: StatusSnapshot) -> list[dict]:
    return list(snapshot.rows or [])
