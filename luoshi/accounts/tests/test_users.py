"""Users managed by the system administrator (never by the coordinator, 三员分立): one-time
passwords, roles they may give, reset, deactivation (sessions and tokens end), more departments
only when given."""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from luoshi.accounts import user_services
from luoshi.accounts.api_tokens import live_tokens, token_issue
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, User
from luoshi.accounts.selectors import department_ids_of
from luoshi.accounts.services import department_set_active

pytestmark = pytest.mark.django_db


def new_user(zone, by, role=Role.REPORTER, department=None, username="zhangsan"):
    department = department or Department.objects.get_or_create(zone=zone, name="区工信局")[0]
    return user_services.user_create(zone=zone, username=username, full_name="张三", role=role,
                                     department=department, phone="13800000000",
                                     email="z@example.org", by=by, origin="tests")


def test_create_gives_a_working_one_time_password(zone, sysadmin, client):
    user, password = new_user(zone, sysadmin)
    assert user.must_change_password and user.check_password(password)
    assert list(user.groups.values_list("name", flat=True)) == [Role.REPORTER]
    assert user.zone == zone and user.phone == "13800000000"
    assert password not in str(User.objects.filter(pk=user.pk).values().first())
    response = client.post(reverse("login"), {"username": "zhangsan", "password": password})
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        new_user(zone, sysadmin, username="ZhangSan")  # taken, whatever the case


def test_the_system_administrator_cannot_give_cross_zone_or_administrator_roles(zone, sysadmin):
    for role in (Role.OBSERVER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            new_user(zone, sysadmin, role=role, username=f"u{role}")
    assert user_services.grantable_roles(None) == frozenset(Role)  # a server command may
    auditor, _password = new_user(zone, None, role=Role.AUDITOR, username="audit2")
    with pytest.raises(PermissionDenied):
        user_services.user_password_reset(user=auditor, by=sysadmin, origin="tests")
    with pytest.raises(PermissionDenied):
        user_services.user_set_active(user=auditor, active=False, by=sysadmin,
                                      origin="tests")


def test_superusers_and_other_zones_are_out_of_reach(zone, other_zone, sysadmin, make_user):
    admin = User.objects.create_superuser("root", password="Root-pass-1234", zone=zone)
    stranger = make_user(Role.REPORTER, "外区工信局", user_zone=other_zone)
    for user in (admin, stranger):
        with pytest.raises(PermissionDenied):
            user_services.user_password_reset(user=user, by=sysadmin, origin="tests")
    with pytest.raises(PermissionDenied):
        new_user(other_zone, sysadmin)
    reporter = make_user(Role.REPORTER, "区工信局")
    with pytest.raises(PermissionDenied):
        new_user(zone, reporter, username="x1")


def test_department_rules(zone, sysadmin):
    with pytest.raises(ValidationError):
        user_services.user_create(zone=zone, username="nodept", full_name="无", by=sysadmin,
                                  role=Role.REPORTER, department=None, origin="tests")
    leader, _password = user_services.user_create(
        zone=zone, username="leader2", full_name="领导", role=Role.LEADER, department=None,
        by=sysadmin, origin="tests")
    closed = Department.objects.create(zone=zone, name="已撤销局", is_active=False)
    with pytest.raises(ValidationError):
        new_user(zone, sysadmin, department=closed, username="late")
    assert leader.department is None


def test_more_departments_only_when_given(zone, sysadmin):
    user, _password = new_user(zone, sysadmin)
    assert department_ids_of(user) == {user.department_id}
    commerce = Department.objects.create(zone=zone, name="区商务局")
    user_services.user_update(user=user, full_name="张三", role=Role.HEAD,
                              department=user.department, extra_departments=[commerce],
                              by=sysadmin, origin="tests")
    user.refresh_from_db()
    assert department_ids_of(user) == {user.department_id, commerce.pk}
    assert user.role == Role.HEAD and user.groups.get().name == Role.HEAD
    # An extra department that is the user's own is not kept twice.
    user_services.user_update(user=user, full_name="张三", role=Role.HEAD, department=commerce,
                              extra_departments=[commerce], by=sysadmin, origin="tests")
    assert department_ids_of(user) == {commerce.pk}
    assert not user.extra_departments.exists()


def sign_in_and_token(client, user, password):
    client.post(reverse("login"), {"username": user.username, "password": password})
    return token_issue(user=user, name="tests", by=user, origin="tests")[0]


def sessions_of(user) -> int:
    return sum(str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
               for s in Session.objects.all())


def test_reset_ends_sessions_and_tokens_and_needs_a_change(zone, sysadmin, client):
    user, password = new_user(zone, sysadmin)
    user_services.password_changed(user=user, origin="tests")
    sign_in_and_token(client, user, password)
    assert sessions_of(user) == 1
    fresh = user_services.user_password_reset(user=user, by=sysadmin, origin="tests")
    user.refresh_from_db()
    assert fresh != password and user.check_password(fresh) and user.must_change_password
    assert sessions_of(user) == 0 and not live_tokens(user).exists()


def test_deactivate_ends_sessions_and_tokens_not_oneself(zone, sysadmin, client):
    user, password = new_user(zone, sysadmin)
    sign_in_and_token(client, user, password)
    user_services.user_set_active(user=user, active=False, by=sysadmin, origin="tests")
    assert sessions_of(user) == 0 and not live_tokens(user).exists()
    assert client.get(reverse("home")).status_code == 302  # back to the login page
    with pytest.raises((ValidationError, PermissionDenied)):  # an administrator: the server's
        user_services.user_set_active(user=sysadmin, active=False, by=sysadmin,
                                      origin="tests")
    department_set_active(department=user.department, active=False, by=None, origin="tests")
    with pytest.raises(ValidationError):  # their department is gone: move them first
        user_services.user_set_active(user=user, active=True, by=sysadmin, origin="tests")


def test_the_coordinator_manages_no_account(zone, coordinator, make_user):
    """A password reset hands over a one-time password: with it one signs in as that user."""
    reporter = make_user(Role.REPORTER, "区工信局")
    assert user_services.grantable_roles(coordinator) == frozenset()
    assert not user_services.may_manage_user(coordinator, reporter)
    with pytest.raises(PermissionDenied):
        new_user(zone, coordinator)
    with pytest.raises(PermissionDenied):
        user_services.user_password_reset(user=reporter, by=coordinator, origin="tests")
    with pytest.raises(PermissionDenied):
        user_services.user_set_active(user=reporter, active=False, by=coordinator,
                                      origin="tests")
