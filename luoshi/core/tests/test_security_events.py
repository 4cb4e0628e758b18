"""Security events in the audit log: login, logout, failed login, lockout, refused access."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Mobile", "REMOTE_ADDR": "10.2.3.4"}


def events(kind):
    return LogEntry.objects.filter(additional_data__event=kind).order_by("pk")


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, **BROWSER)


def test_login_and_logout_are_recorded_with_address_and_browser(client, make_user):
    user = make_user(Role.LEADER, username="leader")
    assert post_login(client, "leader", "Qm4#Lx9-Vt2w").status_code == 302
    [login] = events("login")
    assert login.actor == user and login.object_id == user.pk
    assert login.action == LogEntry.Action.ACCESS
    assert login.remote_addr == "10.2.3.4"
    assert login.additional_data["user_agent"] == BROWSER["HTTP_USER_AGENT"]
    client.post(reverse("logout"), **BROWSER)
    [logout] = events("logout")
    assert logout.actor == user and logout.remote_addr == "10.2.3.4"


def test_failed_logins_name_the_username_tried(client, make_user):
    user = make_user(Role.LEADER, username="leader")
    post_login(client, "leader", "wrong-Password-1")
    post_login(client, "nobody-here", "wrong-Password-1")
    known, unknown = events("login_failed")
    assert known.actor is None and known.object_id == user.pk
    assert known.additional_data["username"] == "leader"
    assert unknown.object_pk == "" and unknown.object_repr == "nobody-here"
    assert unknown.remote_addr == "10.2.3.4"
    assert not events("login").exists()


def test_lockout_is_recorded(client, make_user, settings):
    make_user(Role.LEADER, username="leader")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "leader", "wrong-Password-1")
    post_login(client, "leader", "Qm4#Lx9-Vt2w")
    assert events("locked_out").exists()
    assert events("locked_out").first().additional_data["username"] == "leader"
    assert not events("login").exists()


def test_refused_pages_and_api_calls_are_recorded(login, make_user, seed_plan):
    auditor = make_user(Role.AUDITOR)
    client = login(auditor)
    assert client.get(reverse("monitoring:dashboard"), **BROWSER).status_code == 403
    assert client.get("/api/v1/plans/", **BROWSER).status_code == 403
    refused = list(events("refused"))
    assert len(refused) == 2 and all(e.actor == auditor for e in refused)
    assert refused[1].additional_data["path"] == "/api/v1/plans/"
    assert refused[0].additional_data["path"] == reverse("monitoring:dashboard")
    assert refused[0].remote_addr == "10.2.3.4"
    # A page the user may open is no event.
    assert client.get(reverse("audit-log")).status_code == 200
    assert events("refused").count() == len(refused)


def test_the_auditor_filters_security_events(client, login, make_user):
    make_user(Role.LEADER, username="leader")
    post_login(client, "leader", "wrong-Password-1")
    auditor_client = login(make_user(Role.AUDITOR))
    response = auditor_client.get(reverse("audit-log"), {"record_type": "event.login_failed"})
    [operation] = response.context["operations"]
    assert operation.first.action == "登录失败" and operation.who == "leader"
    page = response.content.decode()
    assert "登录失败" in page and "10.2.3.4" in page and "Android 14" in page
    by_name = auditor_client.get(reverse("audit-log"), {"actor": "leader"}).context["operations"]
    assert any(op.first.event == "login_failed" for op in by_name)
    users = auditor_client.get(reverse("audit-log"), {"record_type": "accounts.user"})
    assert all(not op.first.event for op in users.context["operations"])
