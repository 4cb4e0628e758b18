"""The security administrator's writes (安全管理员): business roles' permissions changed
(the roles table is the default; each change kept as a RoleGrant, applied by roles_sync and
audited), and login lockouts lifted (audited)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core.audit import attributed, log_event

from .choices import ADMIN_ROLES, Role
from .models import RoleGrant, User
from .roles import ADMIN_PERMISSIONS, ROLE_PERMISSIONS, change_refusal, role_permissions
from .services import roles_sync

MANAGE_ROLES = "accounts.manage_roles"
MANAGE_SECURITY = "accounts.manage_security"
BUSINESS_ROLES = [r for r in Role if r not in ADMIN_ROLES]


def grants() -> dict[tuple[str, str], bool]:
    return {(r, p): g for r, p, g in RoleGrant.objects.values_list("role", "permission",
                                                                  "granted")}


def permission_choices() -> list[tuple[str, str]]:
    """The permissions a business role may be given: every one some business role has in the
    table, never an administrator's ("app.codename", its name)."""
    keys = sorted({p for role in BUSINESS_ROLES for p in ROLE_PERMISSIONS[role]}
                  - ADMIN_PERMISSIONS)
    found = {f"{p.content_type.app_label}.{p.codename}": p
             for p in Permission.objects.select_related("content_type")}
    return [(key, _label(found[key]) if key in found else key) for key in keys]


ACTIONS = {"view": gettext_lazy("see"), "add": gettext_lazy("add"),
           "change": gettext_lazy("change"), "delete": gettext_lazy("delete")}


def _label(permission: Permission) -> str:
    """A permission in the user's language: Django's own (view, add …) from the model's
    translated name, ours from their translated names."""
    action, _sep, model = permission.codename.partition("_")
    model_class = permission.content_type.model_class()
    if action in ACTIONS and model_class is not None and model == model_class._meta.model_name:
        return _("%(action)s %(model)s") % {"action": ACTIONS[action],
                                             "model": model_class._meta.verbose_name}
    return _(permission.name)


def matrix() -> dict[str, set[str]]:
    """Each business role's permissions now (the table with the changes)."""
    found = grants()
    return {role: set(role_permissions(role, found)) for role in BUSINESS_ROLES}


@transaction.atomic
def role_permissions_change(*, wanted: dict[str, set[str]], by: User, origin: str) -> int:
    """Make the business roles hold ``wanted`` (role → permissions); returns the number of
    changes. Administrators' roles and permissions are refused (三员分立)."""
    if not by.has_perm(MANAGE_ROLES):
        raise PermissionDenied
    allowed = {key for key, _name in permission_choices()}
    current = matrix()
    changes = []
    for role, keys in wanted.items():
        for key in (keys ^ current.get(role, set())):
            if key not in keys and key not in allowed:
                continue  # not on the page (an administrator's, fixed): left as it is
            if role not in BUSINESS_ROLES or key not in allowed or change_refusal(role, key):
                raise ValidationError(_("%(permission)s cannot be changed for %(role)s: the "
                                        "administrators' duties stay apart.") % {
                    "permission": key, "role": role})
            changes.append((role, key, key in keys))
    with attributed(by=by, origin=origin):
        for role, key, given in changes:
            default = key in ROLE_PERMISSIONS[role]
            if given == default:
                RoleGrant.objects.filter(role=role, permission=key).delete()
            else:
                RoleGrant.objects.update_or_create(role=role, permission=key, defaults={
                    "granted": given, "changed_by": by})
            log_event(model=RoleGrant, by=by, origin=origin,
                      summary=(_("Permission %(permission)s given to the role %(role)s")
                               if given else
                               _("Permission %(permission)s taken from the role %(role)s")) % {
                          "permission": key, "role": Role(role).label},
                      changes={"role": [None, str(Role(role).label)],
                               "permission": [None, key],
                               "granted": [not given, given]})
        roles_sync()
    return len(changes)


def lockouts():
    from axes.models import AccessAttempt
    from django.conf import settings

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")


@transaction.atomic
def lockout_lift(*, attempt_id: int, by: User, origin: str) -> None:
    from axes.models import AccessAttempt

    if not by.has_perm(MANAGE_SECURITY):
        raise PermissionDenied
    attempt = AccessAttempt.objects.get(pk=attempt_id)
    with attributed(by=by, origin=origin):
        log_event(model=User, by=by, origin=origin,
                  summary=_("Lockout of %(username)s from %(ip)s lifted") % {
                      "username": attempt.username, "ip": attempt.ip_address},
                  changes={"lockout": [attempt.failures_since_start, None]})
        attempt.delete()
