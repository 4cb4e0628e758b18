"""Reads for the plan ledger, scoped to what the user may see.

Zone scope: a user sees their own zone, an observer every zone. Department scope: a user
without `plans.view_all_departments` sees only the tasks their department is named on.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from luoshi.accounts.models import Department, User, Zone
from luoshi.domain.documents.ledger_xlsx import LedgerRow

from .choices import UnitRole
from .models import Plan, Section, Target, Task, TaskUnit


def zones_visible_to(user: User) -> QuerySet[Zone]:
    if user.has_perm("accounts.view_all_zones"):
        return Zone.objects.all()
    return Zone.objects.filter(pk=user.zone_id) if user.zone_id else Zone.objects.none()


def sees_all_departments(user: User) -> bool:
    return user.has_perm("plans.view_all_departments")


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if not user.has_perm("plans.view_plan"):
        return Plan.objects.none()
    return Plan.objects.filter(zone__in=zones_visible_to(user)).defer("source_content")


def plan_current_for(user: User) -> Plan | None:
    """The plan a user lands on: the current version in their zone (or any visible one)."""
    plans = plans_visible_to(user).filter(is_current=True)
    return plans.filter(zone_id=user.zone_id).first() or plans.first()


def tasks_visible_to(user: User) -> QuerySet[Task]:
    tasks = Task.objects.filter(plan__in=plans_visible_to(user))
    if not sees_all_departments(user):
        if user.department_id is None:
            return Task.objects.none()
        tasks = tasks.filter(units__department_id=user.department_id).distinct()
    return tasks


def tasks_with_units(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with their section and units loaded in a fixed number of queries."""
    return tasks.select_related("section", "plan").prefetch_related(
        Prefetch("units", queryset=TaskUnit.objects.select_related("department"))
    )


def department_tasks(user: User, plan: Plan | None, department: Department, role: str):
    """The tasks of a plan on which a department is named in one role (one join, not two)."""
    tasks = tasks_visible_to(user).filter(
        plan=plan, units__department=department, units__role=role
    )
    return tasks_with_units(tasks.distinct()).order_by("number")


def departments_visible_to(user: User) -> QuerySet[Department]:
    departments = Department.objects.filter(zone__in=zones_visible_to(user))
    if not user.has_perm("accounts.view_department"):
        return Department.objects.none()
    if not sees_all_departments(user):
        departments = departments.filter(pk=user.department_id)
    return departments


def departments_with_task_counts(user: User, plan: Plan) -> QuerySet[Department]:
    in_plan = Q(task_units__task__plan=plan)
    return (
        departments_visible_to(user)
        .filter(zone=plan.zone)
        .annotate(
            lead_count=Count(
                "task_units__task", filter=in_plan & Q(task_units__role=UnitRole.LEAD),
                distinct=True,
            ),
            responsible_count=Count(
                "task_units__task", filter=in_plan & Q(task_units__role=UnitRole.RESPONSIBLE),
                distinct=True,
            ),
        )
        .filter(Q(lead_count__gt=0) | Q(responsible_count__gt=0))
        .order_by("-lead_count", "-responsible_count", "name")
    )


def targets_visible_to(user: User) -> QuerySet[Target]:
    return Target.objects.filter(plan__in=plans_visible_to(user))


def sections_with_task_counts(plan: Plan, tasks: QuerySet[Task]) -> QuerySet[Section]:
    return plan.sections.annotate(
        task_count=Count("tasks", filter=Q(tasks__in=tasks), distinct=True)
    )


def unit_names(task: Task, role: str) -> list[str]:
    """Names of a task's units in one role, in document order (uses prefetched units)."""
    units = sorted((u for u in task.units.all() if u.role == role), key=lambda u: u.position)
    return [u.name for u in units]


def ledger_rows(tasks: QuerySet[Task]) -> list[LedgerRow]:
    """The ledger as plain rows for the Excel writer."""
    return [
        LedgerRow(
            number=task.number,
            section=task.section.title if task.section else "",
            title=task.title,
            body=task.body,
            lead=tuple(unit_names(task, UnitRole.LEAD)),
            responsible=tuple(unit_names(task, UnitRole.RESPONSIBLE)),
            deadline=task.deadline,
        )
        for task in tasks_with_units(tasks).order_by("number")
    ]


def responsibility_matrix(
    user: User, plan: Plan
) -> tuple[list[Task], list[tuple[Department, list[str]]]]:
    """Departments × tasks: per department, one mark per task ('lead', 'responsible' or '')."""
    tasks = list(tasks_visible_to(user).filter(plan=plan).order_by("number"))
    marks: dict[int, dict[int, str]] = {}
    units = TaskUnit.objects.filter(task__in=tasks, department__isnull=False)
    for unit in units.values("department_id", "task_id", "role"):
        row = marks.setdefault(unit["department_id"], {})
        # A unit named both as lead and as responsible is shown as lead.
        if row.get(unit["task_id"]) != UnitRole.LEAD:
            row[unit["task_id"]] = unit["role"]
    departments = departments_with_task_counts(user, plan)
    rows = [
        (department, [marks.get(department.pk, {}).get(task.pk, "") for task in tasks])
        for department in departments
    ]
    return tasks, rows
