"""Reads of zones, departments and users: for commands, for other apps (names → departments,
a user's departments) and for the coordinator's directory pages (scoped to their zone)."""

import dataclasses
from collections.abc import Iterable
from datetime import date

from django.core.management.base import CommandError
from django.db.models import Count, Q, QuerySet

from luoshi.domain.calendar import WorkCalendar, official_calendar
from luoshi.domain.directory import normalise_name

from .choices import ZoneDayKind
from .models import Department, DepartmentAlias, User, Zone, ZoneDay


def zone_for_command(code: str | None) -> Zone:
    """The zone named by --zone, or the only zone there is."""
    if code:
        zone = Zone.objects.filter(code=code).first()
        if zone is None:
            raise CommandError(f"没有代码为 {code} 的开发区")
        return zone
    zones = list(Zone.objects.all()[:2])
    if len(zones) != 1:
        raise CommandError("有多个开发区，请用 --zone 代码 指明")
    return zones[0]


def user_for_command(username: str | None) -> User | None:
    """The user named by --by (None when not given)."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户名为 {username} 的用户")
    return user


# --- names → departments (the plan importer maps unit names through these) ------------------


def needs_zone_setup(user) -> bool:
    """First run: a superuser who belongs to no zone is led to set one up (/plans/setup/)."""
    return bool(user.is_authenticated and user.is_superuser and user.zone_id is None)


def department_for_name(zone: Zone, name: str) -> Department | None:
    """The active department whose name or alias is `name` (after NFKC/whitespace folding)."""
    found = departments_by_names(zone, [name])
    return found.get(name)


def departments_by_names(zone: Zone, names: Iterable[str]) -> dict[str, Department]:
    """Each of `names` that is an active department's name or alias → that department, in
    two queries whatever the number of names. Names not found are absent."""
    wanted = {name: normalise_name(name) for name in names}
    folded = set(wanted.values()) - {""}
    if not folded:
        return {}
    active = Department.objects.filter(zone=zone, is_active=True)
    by_name = {d.name: d for d in active.filter(name__in=folded)}
    rest = folded - by_name.keys()
    if rest:
        for alias in DepartmentAlias.objects.filter(
            zone=zone, name__in=rest, department__is_active=True
        ).select_related("department"):
            by_name[alias.name] = alias.department
    return {name: by_name[key] for name, key in wanted.items() if key in by_name}


def department_ids_of(user: User) -> set[int]:
    """The departments a user acts for: their own and any the coordinator added."""
    if not user.is_authenticated:
        return set()
    ids = {user.department_id} if user.department_id else set()
    ids.update(user.extra_departments.values_list("pk", flat=True))
    return ids


# --- the coordinator's directory pages ------------------------------------------------------


def manages_directory(user: User) -> bool:
    return user.is_authenticated and user.has_perm("accounts.manage_directory")


def manages_users(user: User) -> bool:
    return user.is_authenticated and user.has_perm("accounts.manage_users")


def departments_managed_by(user: User) -> QuerySet[Department]:
    """The departments of the user's zone, when they may manage them (else none)."""
    if not manages_directory(user) or user.zone_id is None:
        return Department.objects.none()
    return Department.objects.filter(zone_id=user.zone_id)


def departments_for_directory(user: User) -> QuerySet[Department]:
    """The directory list: each department with its aliases and counts of active users."""
    return (
        departments_managed_by(user)
        .annotate(active_users=Count("users", filter=Q(users__is_active=True), distinct=True))
        .prefetch_related("aliases")
        .order_by("-is_active", "kind", "name")
    )


def users_managed_by(user: User) -> QuerySet[User]:
    """The users of the user's zone they may see in the directory (superusers are not shown)."""
    if not manages_users(user) or user.zone_id is None:
        return User.objects.none()
    return (
        User.objects.filter(zone_id=user.zone_id, is_superuser=False)
        .select_related("department")
        .prefetch_related("extra_departments")
        .order_by("-is_active", "department__name", "username")
    )


def department_lookup(zone: Zone) -> dict[str, int]:
    """Every active department's name and alias → its id (for validating user lists)."""
    lookup = dict(
        Department.objects.filter(zone=zone, is_active=True).values_list("name", "pk")
    )
    for name, pk in DepartmentAlias.objects.filter(
        zone=zone, department__is_active=True
    ).values_list("name", "department_id"):
        lookup.setdefault(name, pk)
    return lookup


# --- the work calendar ----------------------------------------------------------------------


def zone_days_of(zone: Zone, years: Iterable[int]) -> list[ZoneDay]:
    """The zone's own days in `years`, by day, in one query."""
    wanted = set(years)
    if not wanted:
        return []
    # A range the (zone, day) index serves, then the years between the wanted ones left out.
    rows = ZoneDay.objects.filter(
        zone=zone, day__gte=date(min(wanted), 1, 1), day__lte=date(max(wanted), 12, 31))
    return [row for row in rows if row.day.year in wanted]


def zone_calendar(zone: Zone, years: Iterable[int]) -> WorkCalendar:
    """The zone's work calendar for `years`: the official 放假安排 (the years the library
    knows) with the zone's own days over it, which apply in every year, known or not. A local
    day's name (春节 of a year entered by hand) is the day's name; else the official one."""
    years = set(years)
    return calendar_with_days(official_calendar(years), zone_days_of(zone, years))


def calendar_with_days(official: WorkCalendar, days: Iterable[ZoneDay]) -> WorkCalendar:
    """`official` with the given zone days over it (no query)."""
    holidays: list[date] = []
    workdays: list[date] = []
    names: dict[date, str] = {}
    for row in days:
        (holidays if row.kind == ZoneDayKind.HOLIDAY else workdays).append(row.day)
        if row.name:
            names[row.day] = row.name
    calendar = official.with_local_days(holidays=holidays, workdays=workdays)
    if names:
        calendar = dataclasses.replace(calendar, names={**calendar.names, **names})
    return calendar
