"""The audit log: every write to a domain record, who/when/before/after, read-only."""

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.plans.models import Plan, Task

pytestmark = pytest.mark.django_db


def entries_for(model):
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


def test_web_import_is_logged_with_the_user(login, make_user, roles, seed_content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)")
    client = login(coordinator)
    response = client.post(reverse("plans:plan-import"), {
        "document": SimpleUploadedFile("seed.txt", seed_content, content_type="text/plain"),
    })
    client.post(response["Location"], {"confirm": "1"})
    plan_entry = entries_for(Plan).get(action=LogEntry.Action.CREATE)
    assert plan_entry.actor == coordinator
    assert plan_entry.additional_data["origin"] == "web"
    assert plan_entry.changes["doc_number"] == [None, "哈经开委发〔2023〕1号"]
    assert "source_content" not in plan_entry.changes
    assert entries_for(Task).filter(action=LogEntry.Action.CREATE, actor=coordinator).count() == 20
    created_departments = entries_for(Department).filter(action=LogEntry.Action.CREATE)
    assert created_departments.filter(object_repr="区工信局", actor=coordinator).exists()
    # The whole import is one operation, and keeps the address it came from.
    one_import = LogEntry.objects.filter(cid=plan_entry.cid)
    assert one_import.count() == LogEntry.objects.filter(actor=coordinator).exclude(
        additional_data__has_key="event").count()
    assert set(one_import.values_list("remote_addr", flat=True)) == {"127.0.0.1"}


def test_command_import_is_logged_with_its_origin(tmp_path, make_user, roles, zone, seed_content):
    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_content)
    call_command("plan", "import", str(path), "--zone", "hetdz", "--by", "coord")
    entry = entries_for(Plan).get(action=LogEntry.Action.CREATE)
    assert entry.actor == coordinator
    assert entry.additional_data["origin"] == "command: plan import"
    logged = LogEntry.objects.count()
    call_command("plan", "import", str(path), "--zone", "hetdz")  # unchanged: no new rows
    assert LogEntry.objects.count() == logged


def test_new_version_logs_before_and_after(seed_plan, zone, seed_content):
    from luoshi.plans.services import plan_import

    changed = seed_content.replace("精准赋权".encode(), "精准授权".encode(), 1)
    plan_import(zone=zone, content=changed, filename="v2.txt", by=None, origin="tests")
    # Besides this, each version's import notes (what the import did) are logged as updates.
    (update,) = [e for e in entries_for(Plan).filter(action=LogEntry.Action.UPDATE)
                 if "is_current" in e.changes]
    assert update.object_id == seed_plan.pk
    assert update.changes == {"is_current": [True, False]}


def test_auditor_browses_and_filters_the_log(login, make_user, seed_plan):
    client = login(make_user(Role.AUDITOR))
    response = client.get(reverse("audit-log"))
    assert response.status_code == 200
    entries = [row.entry for op in response.context["operations"] for row in op.rows]
    assert len(entries) == LogEntry.objects.count() > 0
    filtered = client.get(reverse("audit-log"), {"record_type": "plans.task", "q": "容错"})
    [operation] = filtered.context["operations"]
    assert [row.record for row in operation.rows] == ["5. 建立容错纠错机制"]
    page = filtered.content.decode()
    assert "建立容错纠错机制" in page


def test_nobody_can_edit_the_log(make_user, seed_plan):
    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)")
    coordinator.is_superuser = True
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    model_admin = admin.site._registry[LogEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    from luoshi.accounts.roles import ROLE_PERMISSIONS

    for role in Role:
        assert not any(
            p.startswith(("auditlog.change", "auditlog.delete", "auditlog.add"))
            for p in ROLE_PERMISSIONS[role]
        )
