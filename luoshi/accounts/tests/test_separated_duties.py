"""三员分立 (等保2.0): the system, security and audit administrators each do their duty and
nothing else, on pages and API alike; none sees business data; no account holds two of the
roles (one role per account, and none of the three given by another administrator); the
security administrator changes business roles' permissions (audited) but never gives an
administrator's; a superuser is refused outside DEBUG once the three exist."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from config.api_urls import ROUTES
from luoshi.accounts import user_services
from luoshi.accounts.choices import ADMIN_ROLES, Role
from luoshi.accounts.models import RoleGrant, User
from luoshi.accounts.services import roles_sync

pytestmark = pytest.mark.django_db

PASSWORD = "Qm4#Lx9-Vt2w"
BUSINESS = ["/plans/", "/monitoring/", "/supervision/", "/bulletins/", "/assessment/",
            "/benchmark/"]
# Every business endpoint of the API (the departments are the directory's, the system
# administrator's duty).
API_BUSINESS = [f"/api/v1/{prefix}/" for prefix, _viewset, _name in ROUTES
                if prefix not in ("departments", "pay-lines")] + [
    "/api/v1/statuses/?period=2026-03", "/api/v1/pay-lines/?year=2026"]
DUTIES = {  # what each administrator may open
    Role.SYSADMIN: ["/accounts/directory/users/", "/accounts/directory/departments/"],
    Role.SECADMIN: ["/accounts/security/roles/", "/accounts/security/lockouts/",
                    "/accounts/security/two-factor/", "/accounts/security/encryption/",
                    "/accounts/security/policy/"],
    Role.AUDITOR: ["/audit/"],
}


@pytest.fixture
def admins(make_user):
    return {role: make_user(role, username=str(role)) for role in ADMIN_ROLES}


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_each_administrator_does_their_duty_and_nothing_else(client, admins, seed_plan, role):
    client.force_login(admins[role])
    for path in DUTIES[role]:
        assert client.get(path).status_code == 200, (role, path)
    others = [p for r, paths in DUTIES.items() if r != role for p in paths]
    for path in [*BUSINESS, *others]:
        assert client.get(path).status_code in (403, 404), (role, path)
    for path in API_BUSINESS:
        response = client.get(path)
        # Refused, or (a staff member's own pay line) nothing to show.
        assert response.status_code == 403 or (
            response.status_code == 200 and not response.json()["results"]), (role, path)


def test_no_administrator_appoints_another(admins, zone):
    for role in ADMIN_ROLES:
        assert not set(ADMIN_ROLES) & user_services.grantable_roles(admins[role])
    sysadmin = admins[Role.SYSADMIN]
    for role in (Role.SECADMIN, Role.AUDITOR):
        assert not user_services.may_manage_user(sysadmin, admins[role])


def test_the_security_administrator_changes_a_business_role(client, admins):
    secadmin = admins[Role.SECADMIN]
    client.force_login(secadmin)
    page = client.get("/accounts/security/roles/")
    assert "|" in page.context["rows"][0]["cells"][0]["field"]  # role|permission
    on = [c["field"] for row in page.context["rows"] for c in row["cells"] if c["on"]]
    given = f"{Role.REPORTER}|monitoring.accept_values"
    response = client.post("/accounts/security/roles/", {"grant": [*on, given]})
    assert response.status_code == 302
    reporter_group = roles_sync()[[r.value for r in Role].index(Role.REPORTER)]
    assert reporter_group.permissions.filter(codename="accept_values").exists()
    assert RoleGrant.objects.get(role=Role.REPORTER,
                                 permission="monitoring.accept_values").granted
    entry = LogEntry.objects.filter(actor=secadmin).latest("pk")
    assert entry.changes["permission"] == [None, "monitoring.accept_values"]
    # Back to the table's default: the change is removed, not kept as a grant.
    assert client.post("/accounts/security/roles/", {"grant": on}).status_code == 302
    assert not RoleGrant.objects.exists()


def test_an_administrators_permission_is_given_to_nobody(client, admins):
    client.force_login(admins[Role.SECADMIN])
    on = [c["field"] for row in client.get("/accounts/security/roles/").context["rows"]
          for c in row["cells"] if c["on"]]
    for field in (f"{Role.COORDINATOR}|auditlog.view_logentry",
                  f"{Role.LEADER}|accounts.manage_roles",
                  f"{Role.AUDITOR}|plans.view_plan"):
        response = client.post("/accounts/security/roles/", {"grant": [*on, field]})
        assert response.status_code == 400, field
    assert not RoleGrant.objects.exists()


def test_a_superuser_is_refused_once_the_three_exist(client, admins, settings):
    User.objects.create_superuser("root", password=PASSWORD)
    settings.DEBUG = False
    login = client.post(reverse("login"), {"username": "root", "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in client.session
    settings.DEBUG = True  # installation and repair, on the server itself
    assert client.post(reverse("login"), {"username": "root", "password": PASSWORD}
                       ).status_code == 302
    client.logout()
    settings.DEBUG = False
    admins[Role.SECADMIN].is_active = False
    admins[Role.SECADMIN].save()
    assert client.post(reverse("login"), {"username": "root", "password": PASSWORD}
                       ).status_code == 302  # two of three: the superuser still installs


def test_a_superusers_token_stops_once_the_three_exist(client, admins, settings):
    from luoshi.accounts.api_tokens import token_issue

    root = User.objects.create_superuser("root", password=PASSWORD)
    admins[Role.AUDITOR].is_active = False
    admins[Role.AUDITOR].save()
    _token, key = token_issue(user=root, name="安装", by=root, origin="tests")
    settings.DEBUG = False
    api = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/tasks/", **api).status_code == 200  # two of three
    admins[Role.AUDITOR].is_active = True
    admins[Role.AUDITOR].save()
    assert client.get("/api/v1/tasks/", **api).status_code in (401, 403)


def test_the_security_administrator_lifts_a_lockout(client, admins, make_user, settings):
    leader = make_user(Role.LEADER, username="leader")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "leader", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "leader", "password": PASSWORD}
                       ).status_code == 429
    client.force_login(admins[Role.SECADMIN])
    page = client.get("/accounts/security/lockouts/")
    (attempt,) = page.context["attempts"]
    assert attempt.username == "leader"
    assert client.post("/accounts/security/lockouts/", {"attempt": attempt.pk}
                       ).status_code == 302
    entry = LogEntry.objects.filter(actor=admins[Role.SECADMIN]).latest("pk")
    assert entry.changes["lockout"][1] is None
    client.logout()
    assert client.post(reverse("login"), {"username": "leader", "password": PASSWORD}
                       ).status_code == 302
    assert leader.pk


def test_the_security_administrator_reads_the_policy_in_force(client, admins, settings):
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 60
    settings.AXES_FAILURE_LIMIT = 4
    client.force_login(admins[Role.SECADMIN])
    page = client.get("/accounts/security/policy/").content.decode()
    rows = re.findall(r"<td>([^<]+)</td><td><strong>([^<]+)</strong></td>\s*<td>(.*?)</td>",
                      page)
    found = {what: (value, variable) for what, value, variable in rows}
    assert found["口令有效期"][0] == "60 天" and "LUOSHI_PASSWORD_MAX_AGE_DAYS" in found[
        "口令有效期"][1]
    assert found["连续失败锁定次数"][0] == "4"
    assert "安全策略" in page
