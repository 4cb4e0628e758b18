"""Reads of zones and users, for commands that take them as options."""

from django.core.management.base import CommandError

from .models import Department, User, Zone


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


def departments_by_names(zone: Zone, names) -> dict[str, Department]:
    """The zone's departments named so, by name."""
    return {d.name: d for d in Department.objects.filter(zone=zone, name__in=list(names))}


def user_for_command(username: str | None) -> User | None:
    """The user named by --by (None when not given)."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户名为 {username} 的用户")
    return user
