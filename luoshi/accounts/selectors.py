"""Reads of zones and users, for commands that take them as options."""

from django.core.management.base import CommandError

from .models import User, Zone


def zone_for_command(code: str | None) -> Zone:
    """The zone named by --zone, or the only zone there is."""
    if code:
        zone = Zone.objects.filter(code=code).first()
        if zone is None:
            raise CommandError(f"no zone with code {code}")
        return zone
    zones = list(Zone.objects.all()[:2])
    if len(zones) != 1:
        raise CommandError("say which zone with --zone CODE")
    return zones[0]


def user_for_command(username: str | None) -> User | None:
    """The user named by --by (None when not given)."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username}")
    return user
