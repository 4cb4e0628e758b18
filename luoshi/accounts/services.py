"""Writes for zones, departments and roles (the only door; each is audited).

Users' writes are in user_services.py, file imports in imports.py. Who may manage what
(`check_manages_zone`) is decided here, on the server, for pages and commands alike.
"""

import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from auditlog.context import disable_auditlog
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import attributed, log_event
from luoshi.domain.directory import normalise_name

from .choices import DepartmentKind, Role, ZoneDayKind
from .models import Department, DepartmentAlias, User, Zone, ZoneDay
from .roles import role_permissions
from .validators import character_classes, password_weakness

MANAGE = "accounts.manage_directory"  # the zone's departments: its coordinator too
MANAGE_USERS = "accounts.manage_users"  # its accounts: the system administrator alone


def check_manages_zone(by: User | None, zone: Zone) -> None:
    """The departments of their own zone only; None (a server command) and superusers any."""
    if by is None or by.is_superuser:
        return
    if not by.has_perm(MANAGE) or by.zone_id != zone.pk:
        raise PermissionDenied(_("You may not manage the departments of this zone."))


def check_manages_users(by: User | None, zone: Zone) -> None:
    """The accounts of their own zone only (the system administrator); None and superusers
    any."""
    if by is None or by.is_superuser:
        return
    if not by.has_perm(MANAGE_USERS) or by.zone_id != zone.pk:
        raise PermissionDenied(_("You may not manage the user accounts of this zone."))


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync(*, partial: bool = False) -> list[Group]:
    """Make one group per role hold exactly the role's permissions (idempotent). ``partial``
    (after each app's migrations): permissions whose app is not migrated yet are left for the
    next call rather than refused."""
    from .models import RoleGrant

    groups = []
    existing = {f"{app}.{code}": pk for app, code, pk in Permission.objects.values_list(
        "content_type__app_label", "codename", "pk")} if partial else None
    grants = ({(r, p): g for r, p, g in RoleGrant.objects.values_list(
        "role", "permission", "granted")} if _grants_table_ready() else {})
    # The table's (and the recorded changes') effect, not a change of its own: the security
    # administrator's changes are audited where made; other changes to a group are audited.
    with disable_auditlog():
        for role in Role:
            group, _created = Group.objects.get_or_create(name=role.value)
            wanted = role_permissions(role, grants)
            if existing is None:
                group.permissions.set([_permission(p) for p in wanted])
            else:
                group.permissions.set([existing[p] for p in wanted if p in existing])
            groups.append(group)
    return groups


def _grants_table_ready() -> bool:
    """Whether RoleGrant's table exists yet (roles_sync runs after each app's migrations)."""
    from django.db import connection

    return "accounts_rolegrant" in connection.introspection.table_names()


@transaction.atomic
def zone_get_or_create(*, code: str, name: str, by: User | None, origin: str) -> Zone:
    with attributed(by=by, origin=origin):
        zone, _created = Zone.objects.get_or_create(code=code, defaults={"name": name})
    return zone


def _check_free_name(zone: Zone, name: str, *, department: Department | None = None) -> None:
    """A name is free when no other department has it and it is nobody's alias."""
    if not name:
        raise ValidationError(_("A department needs a name."))
    others = Department.objects.filter(zone=zone, name=name)
    if department is not None:
        others = others.exclude(pk=department.pk)
    if others.exists():
        raise ValidationError(_("There is already a department named %(name)s.") % {"name": name})
    alias = DepartmentAlias.objects.filter(zone=zone, name=name).select_related("department")
    alias = alias.first()
    if alias is not None and alias.department_id != getattr(department, "pk", None):
        raise ValidationError(_("%(name)s is an alias of %(department)s.") % {
            "name": name, "department": alias.department.name})


@transaction.atomic
def department_create(
    *, zone: Zone, name: str, kind: str = DepartmentKind.OTHER, by: User | None, origin: str
) -> Department:
    """A new department (no permission check: the plan importer creates departments too;
    the directory pages check `accounts.manage_directory`)."""
    name = normalise_name(name)
    _check_free_name(zone, name)
    department = Department(zone=zone, name=name, kind=kind)
    department.full_clean()
    with attributed(by=by, origin=origin):
        department.save()
    return department


@transaction.atomic
def department_update(
    *, department: Department, name: str, kind: str, keep_old_name: bool = True,
    by: User | None, origin: str,
) -> Department:
    """Rename and/or set the kind. The old name stays an alias (unless told otherwise), so the
    next plan written with it still maps here; renaming to one of its aliases swaps the two."""
    check_manages_zone(by, department.zone)
    name, old_name = normalise_name(name), department.name
    _check_free_name(department.zone, name, department=department)
    department.name, department.kind = name, kind
    department.full_clean()
    with attributed(by=by, origin=origin):
        if name != old_name:
            DepartmentAlias.objects.filter(zone=department.zone, department=department,
                                           name=name).delete()
        department.save()
        if name != old_name and keep_old_name:
            _alias_save(department, old_name)
    return department


def _alias_save(department: Department, name: str) -> DepartmentAlias:
    alias = DepartmentAlias(zone=department.zone, department=department, name=name)
    alias.full_clean()
    alias.save()
    return alias


@transaction.atomic
def department_alias_add(
    *, department: Department, name: str, by: User | None, origin: str
) -> DepartmentAlias:
    check_manages_zone(by, department.zone)
    name = normalise_name(name)
    if DepartmentAlias.objects.filter(zone=department.zone, name=name).exists():
        owner = DepartmentAlias.objects.get(zone=department.zone, name=name).department
        raise ValidationError(_("%(name)s is an alias of %(department)s.") % {
            "name": name, "department": owner.name})
    if not name:
        raise ValidationError(_("An alias needs a name."))
    with attributed(by=by, origin=origin):
        return _alias_save(department, name)


@transaction.atomic
def department_alias_remove(*, alias: DepartmentAlias, by: User | None, origin: str) -> None:
    check_manages_zone(by, alias.zone)
    with attributed(by=by, origin=origin):
        alias.delete()


@transaction.atomic
def department_set_active(
    *, department: Department, active: bool, by: User | None, origin: str
) -> Department:
    """Deactivate (kept for history; no new users or mappings) or activate again. A department
    that still has active users cannot be deactivated: move or deactivate them first."""
    check_manages_zone(by, department.zone)
    if not active:
        people = User.objects.filter(is_active=True).filter(
            models.Q(department=department) | models.Q(extra_departments=department)
        ).distinct().count()
        if people:
            raise ValidationError(_(
                "%(name)s still has %(count)d active users; move or deactivate them first."
            ) % {"name": department.name, "count": people})
    department.is_active = active
    with attributed(by=by, origin=origin):
        department.save(update_fields=["is_active"])
    return department


def password_generate(length: int = 14) -> str:
    """A random password that satisfies the validators (all four character classes, no weak
    pattern)."""
    alphabet = string.ascii_letters + string.digits + "!@#%^*-_=+"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if character_classes(candidate) == 4 and password_weakness(candidate) is None:
            return candidate


@transaction.atomic
def user_upsert(
    *,
    username: str,
    role: str,
    zone: Zone,
    department: Department | None = None,
    full_name: str = "",
    password: str,
    by: User | None,
    origin: str,
) -> User:
    """Create or update a user with one role; the role's group is their only group."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.zone = zone
    user.department = department
    user.first_name = full_name
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with attributed(by=by, origin=origin):
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return user


# --- merging two names of one unit -----------------------------------------------------------


def _references(source: Department):
    """Every (model, field name, queryset of rows pointing at `source`), found generically so
    that apps above accounts (plans, monitoring …) are covered without being imported."""
    for rel in Department._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            if not through._meta.auto_created:
                continue  # a declared through model has its own foreign key, listed apart
            field = next(f for f in through._meta.fields
                         if f.is_relation and f.related_model is Department)
            yield through, field.name, through._base_manager.filter(**{field.name: source}), True
        else:
            model, name = rel.related_model, rel.field.name
            yield model, name, model._base_manager.filter(**{name: source}), False


def _unique_sets(model, field_name: str):
    """The unique field sets of `model` that include `field_name`, with their conditions."""
    field = model._meta.get_field(field_name)
    if field.unique:
        yield (), None
    for together in model._meta.unique_together:
        if field_name in together:
            yield tuple(f for f in together if f != field_name), None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields:
            yield (tuple(f for f in constraint.fields if f != field_name),
                   constraint.condition)


def _collisions(model, field_name: str, moving, target: Department) -> list[str]:
    at_target = model._base_manager.filter(**{field_name: target})
    found = []
    for others, condition in _unique_sets(model, field_name):
        mine, theirs = moving, at_target
        if condition is not None:
            mine, theirs = mine.filter(condition), theirs.filter(condition)
        if not others:
            clash = mine.exists() and theirs.exists()
        else:
            clash = any(theirs.filter(**dict(zip(others, row, strict=True))).exists()
                        for row in mine.values_list(*others).distinct())
        if clash:
            found.append(str(model._meta.verbose_name))
    return found


@transaction.atomic
def department_merge(
    *, source: Department, target: Department, by: User | None, origin: str
) -> dict[str, int]:
    """Merge `source` into `target` (two names of the same unit, same zone): every reference
    moves to `target`, `source`'s name and aliases become aliases of `target`, and `source` is
    deleted (its history is in the audit log). Refused, with nothing changed, when a unique
    rule would be broken (e.g. both hold the same indicator code). Returns rows moved per
    kind of record."""
    check_manages_zone(by, source.zone)
    if source.zone_id != target.zone_id:
        raise ValidationError(_("Only departments of the same zone can be merged."))
    if source.pk == target.pk:
        raise ValidationError(_("A department cannot be merged into itself."))
    if not target.is_active:
        raise ValidationError(_("%(name)s is inactive; activate it before merging into it.") % {
            "name": target.name})
    references = list(_references(source))
    clashes = sorted({label for model, name, rows, is_set in references if not is_set
                      for label in _collisions(model, name, rows, target)})
    if clashes:
        raise ValidationError(_(
            "%(source)s cannot be merged into %(target)s: both have records that must stay "
            "unique (%(records)s). Resolve those first; nothing was changed."
        ) % {"source": source.name, "target": target.name, "records": "、".join(clashes)})
    moved: dict[str, int] = {}
    with attributed(by=by, origin=origin):
        for model, name, rows, is_set in references:
            if is_set:
                # A set (user ↔ further departments): holding both names means holding one.
                other = next(f.name for f in model._meta.fields
                             if f.is_relation and f.related_model is not Department)
                rows.filter(**{f"{other}__in": model._base_manager.filter(
                    **{name: target}).values(other)}).delete()
            count = rows.update(**{name: target})
            if count:
                field = model._meta.get_field(name)
                moved[f"{model._meta.verbose_name_plural} ({field.verbose_name})"] = count
        # Nobody needs their own department again among the further ones.
        User.extra_departments.through.objects.filter(
            department=target, user__department=target).delete()
        source_name = source.name
        source.delete()
        _alias_save(target, source_name)
        log_event(
            model=Department, by=by, origin=origin,
            summary=_("Department %(source)s merged into %(target)s") % {
                "source": source_name, "target": target.name},
            changes={"department": [source_name, target.name],
                     "moved": [None, ", ".join(f"{k}: {v}" for k, v in moved.items())],
                     "alias": [None, source_name]},
        )
    return moved


# --- the zone's own days (本区调整) over the official work calendar ---------------------------


def check_manages_calendar(by: User | None, zone: Zone) -> None:
    """Whoever manages the zone's directory (its coordinator) manages its work calendar."""
    if by is None or by.is_superuser:
        return
    if not by.has_perm(MANAGE) or by.zone_id != zone.pk:
        raise PermissionDenied(_("You may not change the work calendar of this zone."))


@dataclass(frozen=True)
class ZoneDaysChange:
    """What zone_days_set did, in days."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


def _day_words(day: date, kind: str, name: str) -> str:
    """2027-02-06 上班(调休) 春节: a day as the audit log shows it."""
    return " ".join(p for p in (day.isoformat(), str(ZoneDayKind(kind).label), name) if p)


def _check_days(days: list[tuple[date, str, str]], replace_year: int | None) -> None:
    """Every problem of the list at once (nothing is stored when there is one)."""
    problems: list[str] = []
    seen: set[date] = set()
    name_max = ZoneDay._meta.get_field("name").max_length
    for day, kind, name in days:
        if not isinstance(day, date) or isinstance(day, datetime):
            problems.append(_("%(day)s is not a date.") % {"day": day})
            continue
        if day in seen:
            problems.append(_("%(day)s is given twice.") % {"day": day.isoformat()})
        seen.add(day)
        if kind not in ZoneDayKind.values:
            problems.append(_("%(day)s: unknown kind %(kind)s (holiday or workday).") % {
                "day": day.isoformat(), "kind": kind})
        if len(name or "") > name_max:
            problems.append(_("%(day)s: the name is longer than %(max)d characters.") % {
                "day": day.isoformat(), "max": name_max})
        if replace_year is not None and day.year != replace_year:
            problems.append(_("%(day)s is not in %(year)d.") % {
                "day": day.isoformat(), "year": replace_year})
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def zone_days_set(
    *, zone: Zone, days: Iterable[tuple[date, str, str]], by: User | None, origin: str,
    replace_year: int | None = None,
) -> ZoneDaysChange:
    """Add or change the zone's own days, all or nothing: each (day, kind, name) becomes the
    zone's day (a day already there takes the new kind and name; its note is kept). With
    `replace_year`, the list is the whole of that year's days: every day must be in that year,
    and the zone's days of that year not in the list are removed. Audited per day, with one
    entry for the whole change on top saying what was added, changed and removed."""
    check_manages_calendar(by, zone)
    wanted = [(day, str(kind), (name or "").strip()) for day, kind, name in days]
    _check_days(wanted, replace_year)
    given = [day for day, _kind, _name in wanted]
    existing = {d.day: d for d in ZoneDay.objects.filter(zone=zone, day__in=given)}
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    unchanged = 0
    with attributed(by=by, origin=origin):
        for day, kind, name in wanted:
            row = existing.get(day)
            if row is None:
                ZoneDay.objects.create(zone=zone, day=day, kind=kind, name=name)
                added.append(_day_words(day, kind, name))
            elif (row.kind, row.name) != (kind, name):
                before = _day_words(row.day, row.kind, row.name)
                row.kind, row.name = kind, name
                row.save(update_fields=["kind", "name"])
                changed.append(f"{before} → {_day_words(day, kind, name)}")
            else:
                unchanged += 1
        if replace_year is not None:
            stale = ZoneDay.objects.filter(zone=zone, day__year=replace_year).exclude(
                day__in=given)
            for row in stale:
                removed.append(_day_words(row.day, row.kind, row.name))
                row.delete()
        if added or changed or removed:
            log_event(
                model=ZoneDay, by=by, origin=origin,
                summary=_("Work calendar of %(zone)s: %(added)d days added, %(changed)d "
                          "changed, %(removed)d removed") % {
                    "zone": zone.name, "added": len(added), "changed": len(changed),
                    "removed": len(removed)},
                changes={key: value for key, value in (
                    ("created", [None, added]), ("changed", [None, changed]),
                    ("removed", [removed, None])) if any(value)},
            )
    return ZoneDaysChange(len(added), len(changed), len(removed), unchanged)


@transaction.atomic
def zone_day_delete(*, zone_day: ZoneDay, by: User | None, origin: str) -> None:
    """Remove one of the zone's own days: the official calendar applies to that day again."""
    check_manages_calendar(by, zone_day.zone)
    with attributed(by=by, origin=origin):
        zone_day.delete()
