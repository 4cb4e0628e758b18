"""Every audit entry says where it came from (等保2.0 安全审计): a web write — by the signals
or by log_event, inside a service's block — carries the address and the browser; a command's
write without --by names the operating-system account; a role's permissions changed outside
the roles page (the admin site, the shell) are recorded."""

import getpass

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.core.audit import log_event

pytestmark = pytest.mark.django_db

AGENT = "Mozilla/5.0 (Windows NT 10.0) 政务外网浏览器"


def test_every_entry_of_a_web_write_has_the_address_and_browser(make_user, client):
    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")
    client.force_login(coordinator)
    first = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(reverse("directory:departments"), {"name": "区科技局",
                                                              "kind": "district"},
                           REMOTE_ADDR="10.20.30.40", HTTP_USER_AGENT=AGENT)
    assert response.status_code == 302
    written = list(LogEntry.objects.filter(pk__gt=first))
    assert written and any(e.content_type.model == "department" for e in written)
    for entry in written:
        assert entry.remote_addr == "10.20.30.40", entry
        assert entry.additional_data["user_agent"] == AGENT, entry
        assert entry.additional_data["origin"] == "web"


def test_a_log_event_inside_a_request_has_them_too(rf):
    from luoshi.core.audit import RequestFactsMiddleware

    def view(request):
        log_event(model=Department, summary="批量", changes={"created": [None, 1]}, by=None,
                  origin="web")
        return

    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_USER_AGENT=AGENT)
    RequestFactsMiddleware(view)(request)
    entry = LogEntry.objects.latest("pk")
    assert entry.remote_addr == "10.1.1.1" and entry.additional_data["user_agent"] == AGENT
    assert "os_user" not in entry.additional_data


def test_a_command_without_by_names_the_os_account(zone, roles, tmp_path):
    departments = tmp_path / "departments.csv"
    departments.write_text("部门名称,类别\n区科技局,区直部门\n", encoding="utf-8")
    call_command("departments", "import", str(departments), "--zone", "hetdz")
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Department)).latest("pk")
    assert entry.actor is None and entry.remote_addr is None
    assert entry.additional_data["os_user"] == getpass.getuser()
    assert entry.additional_data["origin"].startswith("command")


def test_a_groups_permissions_changed_anywhere_are_recorded(roles):
    reporters = Group.objects.get(name=Role.REPORTER)
    accept = Permission.objects.get(codename="accept_values")
    reporters.permissions.add(accept)
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Group),
                                    object_pk=str(reporters.pk)).latest("pk")
    assert entry.changes_dict["permissions"]["operation"] == "add"
    assert any("accept" in str(o).lower() or "核定" in str(o)
               for o in entry.changes_dict["permissions"]["objects"])


def test_a_plain_save_in_a_request_has_them_too(rf, zone):
    """A model saved by a view outside any service block (django-auditlog's signals alone)."""
    from auditlog.context import set_actor

    from luoshi.core.audit import RequestFactsMiddleware

    def view(request):
        with set_actor(None, remote_addr="10.2.2.2"):  # as AuditlogMiddleware sets it
            Department.objects.create(zone=zone, name="区商务局")

    request = rf.post("/plans/zone/setup/", REMOTE_ADDR="10.2.2.2", HTTP_USER_AGENT=AGENT)
    RequestFactsMiddleware(view)(request)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Department)).latest("pk")
    assert entry.additional_data == {"user_agent": AGENT, "origin": "web"}
    assert entry.remote_addr == "10.2.2.2"
