"""Corrections to an imported ledger (任务更正): a task's title and units, and the expansion of a
collective placeholder (各相关部门) into named departments. Each write is audited; a new version
of the plan carries them over to tasks whose wording did not change (see services)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User
from luoshi.accounts.selectors import departments_by_names
from luoshi.core.audit import attributed
from luoshi.domain import plandoc
from luoshi.domain.plandoc.content import warnings_without_tasks

from .choices import UnitOrigin, UnitRole
from .models import Plan, Task, TaskUnit


def _resolve(task: Task, names: list[str]) -> dict[str, Department]:
    found = departments_by_names(task.plan.zone, names)
    unknown = [n for n in names if n not in found and not plandoc.is_collective_unit(n)]
    if unknown:
        raise ValidationError(
            _("%(name)s is not a department of this zone: add it (or merge it as another "
              "name of an existing one) in the department list first.") % {"name": unknown[0]}
        )
    return found


@transaction.atomic
def task_correct(
    *, task: Task, title: str, lead: list[str], responsible: list[str], by: User | None,
    origin: str,
) -> Task:
    """Set a task's title and its lead and responsible units (names, in order).

    Units kept as they were keep their origin; expansions of a placeholder that is still named
    follow it (to its new role); those of a removed placeholder go with it.
    """
    _check_current(task)
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("A task needs a title."))
    both = [name for name in lead if name in responsible]
    if both:
        raise ValidationError(
            _("%(name)s is named both as lead and as responsible unit; keep one.")
            % {"name": both[0]}
        )
    wanted = [(UnitRole.LEAD, n) for n in dict.fromkeys(lead)]
    wanted += [(UnitRole.RESPONSIBLE, n) for n in dict.fromkeys(responsible)]
    if not wanted:
        raise ValidationError(_("A task needs at least one lead or responsible unit."))
    departments = _resolve(task, [name for _role, name in wanted])
    units = list(task.units.all())
    current = [(u.role, u.name) for u in sorted(units, key=lambda u: (u.role, u.position))
               if not u.placeholder]
    with attributed(by=by, origin=origin):
        if title != task.title:
            task.title = title
        if current != wanted:
            _replace_units(task, units, wanted, departments)
        task.corrected = True
        task.full_clean()
        task.save()
        plan = task.plan
        settled = warnings_without_tasks(plan.warnings, [task.number])
        if settled != plan.warnings:  # 任务N(…)未注明牵头或责任部门 no longer holds
            plan.warnings = settled
            plan.save(update_fields=["warnings"])
    return task


def _check_current(task: Task) -> None:
    # Read from the database: a plan object in memory may predate the newer version.
    if not Plan.objects.filter(pk=task.plan_id, is_current=True).exists():
        raise ValidationError(
            _("This task belongs to version %(version)d, which a newer version replaced; "
              "correct the current version.") % {"version": task.plan.version}
        )


def _replace_units(task, units, wanted, departments) -> None:
    origins = {(u.role, u.name): u.origin for u in units if not u.placeholder}
    roles = {name: role for role, name in wanted}
    expansions = [u for u in units if u.placeholder and u.placeholder in roles]
    for unit in units:
        unit.delete()
    positions = {UnitRole.LEAD: 0, UnitRole.RESPONSIBLE: 0}
    for role, name in wanted:
        positions[role] += 1
        TaskUnit.objects.create(
            task=task, department=departments.get(name), name=name, role=role,
            position=positions[role], origin=origins.get((role, name), UnitOrigin.CORRECTED),
        )
    for unit in expansions:
        role = roles[unit.placeholder]
        positions[role] += 1
        TaskUnit.objects.create(
            task=task, department_id=unit.department_id, name=unit.name, role=role,
            position=positions[role], origin=UnitOrigin.EXPANDED, placeholder=unit.placeholder,
        )


@transaction.atomic
def placeholder_expand(
    *, task: Task, placeholder: str, departments: list[Department], by: User | None,
    origin: str,
) -> list[TaskUnit]:
    """Make a collective placeholder of one task concrete: 各相关部门 → these departments.

    An empty list takes the expansion back (the placeholder is 待明确 again).
    """
    _check_current(task)
    unit = task.units.filter(name=placeholder, department__isnull=True, placeholder="").first()
    if unit is None:
        raise ValidationError(
            _("%(name)s is not a collective placeholder of this task.") % {"name": placeholder}
        )
    zone_id = task.plan.zone_id
    foreign = [d for d in departments if d.zone_id != zone_id]
    if foreign:
        raise ValidationError(
            _("%(name)s is not a department of this zone.") % {"name": foreign[0].name}
        )
    named = {u.department_id for u in task.units.all() if u.department_id and not u.placeholder}
    already = [d for d in departments if d.pk in named]
    if already:
        raise ValidationError(
            _("%(name)s is already named on this task in its own right. If %(placeholder)s means "
              "only units already named, remove it from the task with “Correct this task”.")
            % {"name": already[0].name, "placeholder": placeholder}
        )
    with attributed(by=by, origin=origin):
        task.units.filter(placeholder=placeholder).delete()
        position = task.units.filter(role=unit.role).aggregate(top=Max("position"))["top"] or 0
        created = []
        for department in dict.fromkeys(departments):
            position += 1
            created.append(TaskUnit.objects.create(
                task=task, department=department, name=department.name, role=unit.role,
                position=position, origin=UnitOrigin.EXPANDED, placeholder=placeholder,
            ))
    return created
