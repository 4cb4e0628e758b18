"""Department and user lists from a file (.xlsx/.csv): all or nothing.

The file is read by `domain.tabular`, judged whole by `domain.directory` against what the
zone holds, and only then stored, in one transaction, with one audit entry for the import on top
of the per-record entries.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from luoshi.core.audit import attributed, log_event
from luoshi.core.tables import read_limits
from luoshi.domain import directory
from luoshi.domain.departments import guess_department_kind
from luoshi.domain.tabular import TableError, read_sheets

from . import selectors
from .choices import Role
from .models import Department, DepartmentAlias, User, Zone
from .services import _alias_save, check_manages_zone, department_create
from .user_services import (
    DEPARTMENT_ROLES,
    grantable_roles,
    may_manage_user,
    user_create,
    user_update,
)


@dataclass(frozen=True)
class ImportOutcome:
    ok: bool
    errors: tuple[directory.RowError, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    file_error: TableError | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases: int = 0
    # Users only: (username, full name, one-time password) of each new account, shown once.
    passwords: tuple[tuple[str, str, str], ...] = ()


def _read(content: bytes, filename: str, columns, required: str) -> directory.Table:
    return directory.find_table(read_sheets(content, filename, read_limits()), columns, required)


@transaction.atomic
def departments_import(
    *, zone: Zone, content: bytes, filename: str, by: User | None, origin: str
) -> ImportOutcome:
    """A department list: a new name is created (kind from 类别, else guessed from the name);
    an existing name gets the 类别 given (blank: kept) and the aliases not yet there (none are
    removed). Inactive departments are updated but stay inactive."""
    check_manages_zone(by, zone)
    try:
        table = _read(content, filename, directory.DEPARTMENT_COLUMNS, "name")
    except TableError as error:
        return ImportOutcome(False, file_error=error)
    existing = {d.name: d for d in Department.objects.filter(zone=zone)}
    alias_owners = dict(DepartmentAlias.objects.filter(zone=zone).values_list(
        "name", "department__name"))
    checked = directory.validate_departments(table, names=set(existing),
                                             alias_owners=alias_owners)
    if not checked.ok:
        return ImportOutcome(False, checked.errors, checked.labels)
    created, updated, unchanged, aliases = [], [], 0, 0
    with attributed(by=by, origin=origin):
        for row in checked.rows:
            department = existing.get(row.name)
            if department is None:
                department = department_create(
                    zone=zone, name=row.name, kind=row.kind or guess_department_kind(row.name),
                    by=by, origin=origin)
                created.append(row.name)
                changed = True
            else:
                changed = bool(row.kind and department.kind != row.kind)
                if changed:
                    department.kind = row.kind
                    department.save(update_fields=["kind"])
            for alias in row.aliases:
                if alias_owners.get(alias) != row.name:
                    _alias_save(department, alias)
                    aliases += 1
                    changed = True
            if department.name not in created:
                if changed:
                    updated.append(row.name)
                else:
                    unchanged += 1
        if created or updated:
            log_event(model=Department, by=by, origin=origin,
                      summary=_("Department list %(file)s imported: %(new)d new, "
                                "%(changed)d changed") % {
                          "file": filename, "new": len(created), "changed": len(updated)},
                      changes={"created": [None, "、".join(created)],
                               "changed": [None, "、".join(updated)]})
    return ImportOutcome(True, labels=checked.labels, created=len(created),
                         updated=len(updated), unchanged=unchanged, aliases=aliases)


def role_words() -> dict[str, str]:
    """Role label (Chinese and English) or code → code, for the 角色 column."""
    from django.utils import translation

    # Earlier names still read: 安全审计员 is the audit administrator since 三员分立.
    words = {role.value: role.value for role in Role} | {"安全审计员": Role.AUDITOR.value,
                                                         "Auditor": Role.AUDITOR.value}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            words.update({str(role.label): role.value for role in Role})
    return words


@transaction.atomic
def users_import(
    *, zone: Zone, content: bytes, filename: str, by: User | None, origin: str
) -> ImportOutcome:
    """A user list: a new username is created with a one-time password (returned once, in
    `passwords`); an existing user of the zone gets the 姓名, 部门, 角色 given and any 手机 or
    邮箱 given (blank: kept); their password is left alone."""
    check_manages_zone(by, zone)
    try:
        table = _read(content, filename, directory.USER_COLUMNS, "username")
    except TableError as error:
        return ImportOutcome(False, file_error=error)
    usernames = [str(cells.get("username") or "").strip() for _n, cells in table.rows]
    # Usernames are compared without case, as user_create does.
    by_lower = {u.username.lower(): u for u in User.objects.annotate(
        lower=Lower("username")).filter(lower__in=[n.lower() for n in usernames])}
    found = {name: by_lower[name.lower()] for name in usernames if name.lower() in by_lower}
    existing = {name: may_manage_user(by, u) and u.zone_id == zone.pk
                for name, u in found.items()}
    checked = directory.validate_users(
        table, departments=selectors.department_lookup(zone), roles=role_words(),
        grantable=grantable_roles(by), need_department=DEPARTMENT_ROLES, existing=existing)
    if not checked.ok:
        return ImportOutcome(False, checked.errors, checked.labels)
    departments = Department.objects.in_bulk({r.department_id for r in checked.rows} - {None})
    passwords, updated, unchanged = [], [], 0
    with attributed(by=by, origin=origin):
        for row in checked.rows:
            department = departments.get(row.department_id)
            user = found.get(row.username)
            if user is None:
                user, password = user_create(
                    zone=zone, username=row.username, full_name=row.full_name, role=row.role,
                    department=department, phone=row.phone, email=row.email, by=by,
                    origin=origin)
                passwords.append((user.username, user.first_name, password))
                continue
            wanted = (row.full_name, row.role, row.department_id, row.phone or user.phone,
                      row.email or user.email)
            if wanted == (user.first_name, user.role, user.department_id, user.phone,
                          user.email):
                unchanged += 1
                continue
            user_update(user=user, full_name=row.full_name, role=row.role,
                        department=department, phone=wanted[3], email=wanted[4], by=by,
                        origin=origin)
            updated.append(user.username)
        if passwords or updated:
            log_event(model=User, by=by, origin=origin,
                      summary=_("User list %(file)s imported: %(new)d new, %(changed)d "
                                "changed") % {
                          "file": filename, "new": len(passwords), "changed": len(updated)},
                      changes={"created": [None, "、".join(p[0] for p in passwords)],
                               "changed": [None, "、".join(updated)]})
    return ImportOutcome(True, labels=checked.labels, created=len(passwords),
                         updated=len(updated), unchanged=unchanged, passwords=tuple(passwords))
