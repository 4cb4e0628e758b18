"""Writes for zones, departments, users and roles (the only door; each is audited)."""

import secrets
import string

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from luoshi.core.audit import attributed

from .choices import DepartmentKind, Role
from .models import Department, User, Zone
from .roles import ROLE_PERMISSIONS
from .validators import character_classes


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> list[Group]:
    """Make one group per role hold exactly the role's permissions (idempotent)."""
    groups = []
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set([_permission(p) for p in ROLE_PERMISSIONS[role]])
        groups.append(group)
    return groups


@transaction.atomic
def zone_get_or_create(*, code: str, name: str, by: User | None, origin: str) -> Zone:
    with attributed(by=by, origin=origin):
        zone, _created = Zone.objects.get_or_create(code=code, defaults={"name": name})
    return zone


@transaction.atomic
def department_create(
    *, zone: Zone, name: str, kind: str = DepartmentKind.OTHER, by: User | None, origin: str
) -> Department:
    department = Department(zone=zone, name=name, kind=kind)
    department.full_clean()
    with attributed(by=by, origin=origin):
        department.save()
    return department


def password_generate(length: int = 14) -> str:
    """A random password that satisfies the validators (all four character classes)."""
    alphabet = string.ascii_letters + string.digits + "!@#%^*-_=+"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if character_classes(candidate) == 4:
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
