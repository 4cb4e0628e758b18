"""Writes for users, by the system administrator (or a server command): create with a one-time
password, edit, reset the password, deactivate. Each is audited; passwords are never stored in
clear.

Who may do what, decided here on the server:
- the system administrator (`accounts.manage_users`, no other role holds it: 三员分立) manages
  the accounts of their own zone only; a business role never does (a password reset hands over
  a one-time password, with which one could sign in as that user);
- they never create or touch superusers or staff, and never give or manage the observer role
  (it sees every zone) or any of the three administrators' roles (the security and audit
  administrators check what the system administrator does); those are for a superuser or a
  server command;
- nobody deactivates themselves (the zone would lose its administrator by a slip).
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import attributed, log_event

from .choices import ADMIN_ROLES, Role
from .models import Department, User, Zone
from .services import MANAGE_USERS, check_manages_users, password_generate

# Roles the system administrator may not give or manage (see the module docstring).
PROTECTED_ROLES = frozenset({Role.OBSERVER, *ADMIN_ROLES})
# Roles whose work is a department's: they cannot be given without one.
DEPARTMENT_ROLES = frozenset({Role.REPORTER, Role.HEAD})


def grantable_roles(by: User | None) -> frozenset[str]:
    if by is None or by.is_superuser:
        return frozenset(Role)
    if by.has_perm(MANAGE_USERS):
        return frozenset(Role) - PROTECTED_ROLES
    return frozenset()


def may_manage_user(by: User | None, user: User) -> bool:
    if by is None or by.is_superuser:
        return True
    return (by.has_perm(MANAGE_USERS) and user.zone_id == by.zone_id and user.zone_id is not None
            and not user.is_superuser and not user.is_staff and user.role not in PROTECTED_ROLES)


def check_may_manage_user(by: User | None, user: User) -> None:
    if not may_manage_user(by, user):
        raise PermissionDenied(_("You may not manage the account %(username)s.") % {
            "username": user.username})


def _check_assignment(*, zone: Zone, role: str, department: Department | None,
                      extra: list[Department], by: User | None, keep: set[int]) -> None:
    """Role and departments a user may be given (`keep`: departments they already hold,
    which stay allowed even if since deactivated)."""
    if role not in grantable_roles(by):
        raise PermissionDenied(_("You may not give the role %(role)s.") % {
            "role": Role(role).label if role in Role.values else role})
    if role in DEPARTMENT_ROLES and department is None:
        raise ValidationError(_("The role %(role)s needs a department.") % {
            "role": Role(role).label})
    for each in [department, *extra]:
        if each is None:
            continue
        if each.zone_id != zone.pk:
            raise ValidationError(_("%(name)s is not a department of this zone.") % {
                "name": each.name})
        if not each.is_active and each.pk not in keep:
            raise ValidationError(_("%(name)s is inactive.") % {"name": each.name})


def end_sessions(user: User) -> int:
    """Sign the user out everywhere: their sessions and API tokens end."""
    from .api_tokens import tokens_revoke_all

    # Through the session engine: with sessions read through a cache, the row alone is not
    # the session (settings.SESSION_ENGINE).
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    tokens_revoke_all(user=user, by=None, origin="accounts", reason=_("signed out everywhere"))
    return ended


@transaction.atomic
def user_create(
    *, zone: Zone, username: str, full_name: str, role: str, department: Department | None,
    phone: str = "", email: str = "", by: User | None, origin: str,
) -> tuple[User, str]:
    """A new user with a generated one-time password, returned once (they change it at first
    login)."""
    check_manages_users(by, zone)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
    _check_assignment(zone=zone, role=role, department=department, extra=[], by=by, keep=set())
    user = User(username=username, first_name=full_name.strip(), zone=zone,
                department=department, role=role, phone=(phone or "").strip(),
                email=(email or "").strip(), must_change_password=True)
    password = password_generate()
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with attributed(by=by, origin=origin):
        user.save()
        user.groups.set([Group.objects.get(name=role)])
    return user, password


@transaction.atomic
def user_update(
    *, user: User, full_name: str, role: str, department: Department | None,
    extra_departments: list[Department] | None = None, phone: str = "", email: str = "",
    by: User | None, origin: str,
) -> User:
    """Name, role, department and contact details. A person holds a role in one department;
    `extra_departments` gives them more, explicitly (None: leave them as they are)."""
    check_may_manage_user(by, user)
    keep = {user.department_id, *user.extra_departments.values_list("pk", flat=True)}
    extra = [] if extra_departments is None else [
        d for d in extra_departments if d.pk != getattr(department, "pk", None)]
    _check_assignment(zone=user.zone, role=role, department=department, extra=extra, by=by,
                      keep=keep)
    user.first_name, user.role, user.department = full_name.strip(), role, department
    user.phone, user.email = (phone or "").strip(), (email or "").strip()
    user.full_clean(exclude=["password"])
    with attributed(by=by, origin=origin):
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if extra_departments is not None:
            user.extra_departments.set(extra)
    return user


@transaction.atomic
def user_password_reset(*, user: User, by: User | None, origin: str) -> str:
    """A new one-time password (returned once); the old one, sessions and tokens end."""
    check_may_manage_user(by, user)
    password = password_generate()
    user.set_password(password)
    user.must_change_password = True
    with attributed(by=by, origin=origin):
        user.save(update_fields=["password", "must_change_password"])
        end_sessions(user)
        log_event(model=User, by=by, origin=origin,
                  summary=_("Password of %(username)s reset; a one-time password was issued") % {
                      "username": user.username},
                  changes={"password": [None, _("one-time password, to change at next login")]})
    return password


@transaction.atomic
def user_two_factor_reset(*, user: User, by: User | None, origin: str, request=None) -> int:
    """A lost phone: the user's authenticator and recovery codes go, and so do their sessions
    and tokens (whoever holds the phone may be signed in); they set it up again at the next
    sign-in. Returns the devices removed."""
    from . import two_factor

    check_may_manage_user(by, user)
    removed = two_factor.reset(user=user, by=by, request=request, origin=origin)
    end_sessions(user)
    return removed


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None, origin: str) -> User:
    """Deactivate (cannot sign in; sessions and tokens end) or activate again."""
    check_may_manage_user(by, user)
    if not active and by is not None and by.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if active and user.department_id and not user.department.is_active:
        raise ValidationError(_("%(name)s is inactive.") % {"name": user.department.name})
    user.is_active = active
    with attributed(by=by, origin=origin):
        user.save(update_fields=["is_active"])
        if not active:
            end_sessions(user)
    return user


@transaction.atomic
def password_changed(*, user: User, origin: str) -> None:
    """The user chose their own password: the one-time password requirement is lifted and
    their API tokens end (a token outlives no password)."""
    from .api_tokens import tokens_revoke_all

    with attributed(by=user, origin=origin):
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        revoked = tokens_revoke_all(user=user, by=user, origin=origin,
                                    reason=_("password changed"))
        log_event(model=User, by=user, origin=origin,
                  summary=_("%(username)s changed their password") % {
                      "username": user.username},
                  changes={"password": [None, _("changed by its owner")],
                           "api_tokens_revoked": [None, revoked]})


def password_change_throttled(*, user: User, origin: str) -> None:
    """Too many tries at the password form: said in the audit log."""
    log_event(model=User, by=user, origin=origin,
              summary=_("Password change refused for %(username)s: too many tries") % {
                  "username": user.username},
              changes={"password": [None, _("too many tries")]})
