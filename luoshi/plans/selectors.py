"""Reads for the plan ledger, scoped to what the user may see.

Zone scope: a user sees their own zone, an observer every zone. The plan is a published
document: every user of a zone may read all of it (tasks, matrix, departments, export); a
department's own tasks are only the default filter (see ``own_department_default``).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.domain.collation import pinyin_key
from luoshi.domain.documents.ledger_xlsx import LedgerRow
from luoshi.domain.plandoc.content import PlanContent, TargetContent, TaskContent

from .choices import UnitRole
from .models import Plan, RankTarget, Section, Target, Task, TaskUnit

# Official wording in the ledger and its export: a collective placeholder not yet made concrete.
PENDING_LABEL = "待明确"


def zones_visible_to(user: User) -> QuerySet[Zone]:
    return Zone.objects.filter(read_scope(user).zones_q("pk"))


def zones_listed_for(user: User, shown: Zone | None) -> list[Zone]:
    """The zones a zone picker lists, by code; no query for a user who reads only the zone
    shown (every user but observers and the city's)."""
    if shown is not None and read_scope(user).zone_ids == frozenset({shown.pk}):
        return [shown]
    return list(zones_visible_to(user).order_by("code"))


def sees_all_departments(user: User) -> bool:
    return read_scope(user, "plans.view_all_departments").all_work


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if not user.has_perm("plans.view_plan"):
        return Plan.objects.none()
    # The zone keys themselves, not a subquery on zones: the top bar asks on every page.
    return Plan.objects.filter(read_scope(user).zones_q("zone_id")).defer("source_content")


def plan_zone_for(parsed) -> Zone | None:
    """The zone holding earlier versions of a parsed plan (same 文号, or same title without
    one), when exactly one zone does."""
    key = {"doc_number": parsed.doc_number} if parsed.doc_number else {"title": parsed.title}
    zone_ids = set(Plan.objects.filter(**key).values_list("zone_id", flat=True)[:2])
    return Zone.objects.get(pk=zone_ids.pop()) if len(zone_ids) == 1 else None


def plan_current_for(user: User) -> Plan | None:
    """The plan a user lands on: the current version in their zone (or any visible one). Its
    source document is read only if asked for (it is the whole file)."""
    plans = plans_visible_to(user).filter(is_current=True).defer("source_content")
    return plans.filter(zone_id=user.zone_id).first() or plans.first()


def plan_current_id_for(user: User) -> int | None:
    """plan_current_for's key alone (the top bar asks on every page: one plain query)."""
    plans = plans_visible_to(user).filter(is_current=True).values_list("pk", flat=True)
    if read_scope(user).reads_zone(user.zone_id):
        own = plans.filter(zone_id=user.zone_id).order_by("title", "-version").first()
        if own is not None or read_scope(user).zone_ids is not None:
            return own  # a zone's user reads no other zone
    return plans.first()


def tasks_visible_to(user: User) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=plans_visible_to(user))


def own_department_default(user: User) -> Department | None:
    """The department whose tasks a user's task list opens on (their own), or None for
    zone-wide roles (coordinator, leaders), who open on all tasks."""
    if sees_all_departments(user) or user.department_id is None:
        return None
    return user.department


def department_task_count(tasks: QuerySet[Task], department: Department) -> int:
    return tasks.filter(units__department=department).distinct().count()


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
    if not user.has_perm("accounts.view_department"):
        return Department.objects.none()
    return Department.objects.filter(zone__in=zones_visible_to(user))


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


def rank_targets_visible_to(user: User) -> QuerySet[RankTarget]:
    return RankTarget.objects.filter(plan__in=plans_visible_to(user))


def zone_rank_targets(zone: Zone) -> list[RankTarget]:
    """The rank targets of the zone's current plan, in the plan's order (one query)."""
    return list(RankTarget.objects.filter(plan__zone=zone, plan__is_current=True)
                .order_by("plan_id", "order"))


def sections_with_task_counts(plan: Plan, tasks: QuerySet[Task]) -> QuerySet[Section]:
    return plan.sections.annotate(
        task_count=Count("tasks", filter=Q(tasks__in=tasks), distinct=True)
    )


def unit_names(task: Task, role: str) -> list[str]:
    """Names of a task's units in one role, as the plan names them (expansions of collective
    placeholders left out), in order (uses prefetched units)."""
    units = sorted((u for u in task.units.all() if u.role == role), key=lambda u: u.position)
    return [u.name for u in units if not u.placeholder]


@dataclass(frozen=True)
class UnitRow:
    """A unit of a task as pages show it: a placeholder carries its expansion (or none yet)."""

    unit: TaskUnit
    expansion: tuple[TaskUnit, ...] = ()

    @property
    def pending(self) -> bool:
        """A collective placeholder not yet made concrete: 待明确."""
        return self.unit.is_collective and not self.expansion


def unit_rows(task: Task, role: str) -> list[UnitRow]:
    units = sorted((u for u in task.units.all() if u.role == role), key=lambda u: u.position)
    return [
        UnitRow(unit, tuple(u for u in units if u.placeholder == unit.name))
        for unit in units if not unit.placeholder
    ]


def unit_labels(task: Task, role: str) -> list[str]:
    """Names for documents: 各相关部门（区工信局、区财政局） or 各相关部门（待明确）."""
    labels = []
    for row in unit_rows(task, role):
        if not row.unit.is_collective:
            labels.append(row.unit.name)
        elif row.expansion:
            labels.append(f"{row.unit.name}（{'、'.join(u.name for u in row.expansion)}）")
        else:
            labels.append(f"{row.unit.name}（{PENDING_LABEL}）")
    return labels


def ledger_rows(tasks: QuerySet[Task]) -> list[LedgerRow]:
    """The ledger as plain rows for the Excel writer."""
    return [
        LedgerRow(
            number=task.number,
            section=task.section.title if task.section else "",
            title=task.title,
            body=task.body,
            lead=tuple(unit_labels(task, UnitRole.LEAD)),
            responsible=tuple(unit_labels(task, UnitRole.RESPONSIBLE)),
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


def plan_content(plan: Plan) -> PlanContent:
    """What a stored version says now (corrections included), to compare versions."""
    tasks = tasks_with_units(plan.tasks.all()).order_by("number")
    return PlanContent(
        title=plan.title,
        doc_number=plan.doc_number,
        sections=tuple(plan.sections.values_list("title", flat=True)),
        tasks=tuple(
            TaskContent(
                number=task.number, title=task.title, body=task.body,
                lead=tuple(unit_names(task, UnitRole.LEAD)),
                responsible=tuple(unit_names(task, UnitRole.RESPONSIBLE)),
                deadline=task.deadline, section=task.section.title if task.section else "",
            )
            for task in tasks
        ),
        targets=tuple(
            TargetContent(t.indicator, t.value, t.unit, t.year, t.comparator)
            for t in plan.targets.all()
        ),
    )


def plan_versions(plan: Plan) -> QuerySet[Plan]:
    """Every version of the plan a version belongs to (same 文号, or same title without one)."""
    key = {"doc_number": plan.doc_number} if plan.doc_number else {"title": plan.title}
    return Plan.objects.filter(zone=plan.zone, **key).defer("source_content").order_by("version")


def version_changes(versions) -> list[tuple[Plan, object]]:
    """(version, what changed from the version before, None for the first)."""
    from luoshi.domain.plandoc.content import compare

    result, before = [], None
    for version in versions:
        content = plan_content(version)
        result.append((version, compare(before, content) if before else None))
        before = content
    return result


def pending_placeholders(tasks: list[Task]) -> list[str]:
    """Per task (in order), the collective placeholders still 待明确, joined by 、 ('' if none)."""
    units = TaskUnit.objects.filter(task__in=tasks).values_list("task_id", "name", "placeholder",
                                                                "department_id")
    collective: dict[int, list[str]] = {}
    expanded: set[tuple[int, str]] = set()
    for task_id, name, placeholder, department_id in units:
        if placeholder:
            expanded.add((task_id, placeholder))
        elif department_id is None:
            collective.setdefault(task_id, []).append(name)
    return [
        "、".join(n for n in collective.get(t.pk, []) if (t.pk, n) not in expanded) for t in tasks
    ]


def zone_departments_for_units(zone: Zone) -> QuerySet[Department]:
    """Departments a task's unit may be set to: the zone's active ones."""
    return Department.objects.filter(zone=zone, is_active=True).order_by("name")


def zone_departments_in_pinyin_order(zone: Zone) -> list[Department]:
    """The same, as pickers list them: 动漫基地, 经开办…, 区财政局, 区工信局 (by pinyin)."""
    return sorted(zone_departments_for_units(zone), key=lambda d: pinyin_key(d.name))


def zone_unit_names(zone: Zone) -> list[str]:
    """Names to suggest when typing units: departments and collective placeholders in use."""
    names = set(zone_departments_for_units(zone).values_list("name", flat=True))
    names |= set(TaskUnit.objects.filter(task__plan__zone=zone, department__isnull=True)
                 .values_list("name", flat=True))
    return sorted(names)
