"""Login security and the demo set-up: validators, lockout, idle timeout, generated passwords."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User
from luoshi.accounts.roles import ROLE_PERMISSIONS
from luoshi.accounts.services import password_generate, roles_sync
from luoshi.accounts.validators import character_classes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "ok"),
    [("Short1!", False), ("alllowercase", False), ("lower-and-1", True), ("NoDigitsHere", False),
     ("Mixed-Case-9", True), ("12345678", False)],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_generated_passwords_use_all_classes():
    for _ in range(20):
        password = password_generate()
        assert len(password) >= 12 and character_classes(password) == 4
        validate_password(password)


def test_roles_sync_is_idempotent_and_matches_the_table():
    roles_sync()
    groups = roles_sync()
    assert sorted(g.name for g in groups) == sorted(r.value for r in Role)
    for group in groups:
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_PERMISSIONS[group.name])


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_lockout_after_repeated_failures(client, make_user, settings):
    make_user(Role.LEADER, username="leader")
    assert post_login(client, "leader", "Qm4#Lx9-Vt2w")["Location"] == reverse("home")
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "leader", "wrong-Password-1")
    assert response.status_code in (403, 429)
    locked = post_login(client, "leader", "Qm4#Lx9-Vt2w")
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_idle_sessions_expire_and_a_session_in_use_is_renewed(client, make_user, settings):
    from django.contrib.sessions.models import Session

    from luoshi.accounts.middleware import TOUCHED_AT

    make_user(Role.LEADER, username="leader")
    post_login(client, "leader", "Qm4#Lx9-Vt2w")
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 3600
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date
    client.get(reverse("home"))  # within the minute: not written again
    assert Session.objects.get(pk=key).expire_date == first
    session = client.session
    session[TOUCHED_AT] -= 61  # a minute later: renewed
    session.save()
    client.get(reverse("home"))
    assert Session.objects.get(pk=key).expire_date > first


def test_demo_setup_prints_working_logins(client, capsys):
    call_command("demo_setup")
    out = capsys.readouterr().out
    logins = dict(re.findall(r"^\s+(\w+)\s+(\S+)\s", out, flags=re.M))
    assert set(logins) >= {"coordinator", "leader", "gxj_reporter", "gxj_head", "auditor"}
    assert User.objects.get(username="gxj_reporter").department.name == "区工信局"
    response = post_login(client, "gxj_reporter", logins["gxj_reporter"])
    assert response.status_code == 302 and "_auth_user_id" in client.session
    call_command("demo_setup")  # a second run: same plan, new passwords
    again = dict(re.findall(r"^\s+(\w+)\s+(\S+)\s", capsys.readouterr().out, flags=re.M))
    assert again["leader"] != logins["leader"]
    from luoshi.plans.models import Plan

    assert Plan.objects.count() == 1
