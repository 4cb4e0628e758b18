"""Correcting the ledger after import: services, the task page, the API, and who may."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, Zone
from luoshi.plans.choices import UnitOrigin, UnitRole
from luoshi.plans.corrections import placeholder_expand, task_correct
from luoshi.plans.selectors import pending_placeholders, unit_labels, unit_names

pytestmark = pytest.mark.django_db


def test_correct_title_and_move_a_unit_from_responsible_to_lead(seed_plan):
    task = seed_plan.tasks.get(number=2)  # no lead in the document
    assert unit_names(task, UnitRole.LEAD) == []
    task_correct(task=task, title="深化干部人事制度改革", lead=["区委组织部"],
                 responsible=["区委编办", "区人社局", "区财政局"], by=None, origin="tests")
    task.refresh_from_db()
    assert task.title == "深化干部人事制度改革" and task.corrected
    lead = task.units.get(role=UnitRole.LEAD)
    assert (lead.name, lead.position, lead.origin) == ("区委组织部", 1, UnitOrigin.CORRECTED)
    kept = task.units.get(role=UnitRole.RESPONSIBLE, name="区委编办")
    assert kept.origin == UnitOrigin.PARSED and kept.position == 1
    entries = LogEntry.objects.filter(object_repr__startswith="2 ")
    assert entries.exists()


def test_unknown_unit_is_refused_and_nothing_changes(seed_plan):
    task = seed_plan.tasks.get(number=2)
    before = list(task.units.values_list("name", "role", "position"))
    with pytest.raises(ValidationError, match="区不存在局"):
        task_correct(task=task, title="新标题", lead=["区不存在局"], responsible=["区委编办"],
                     by=None, origin="tests")
    task.refresh_from_db()
    assert task.title != "新标题"
    assert list(task.units.values_list("name", "role", "position")) == before


def test_placeholder_shows_pending_until_expanded(seed_plan):
    task = seed_plan.tasks.get(number=20)
    assert unit_labels(task, UnitRole.RESPONSIBLE) == ["全区各相关部门（待明确）"]
    tasks = list(seed_plan.tasks.order_by("number"))
    assert pending_placeholders(tasks)[19] == "全区各相关部门"
    departments = list(Department.objects.filter(name__in=["区财政局", "区工信局"]))
    placeholder_expand(task=task, placeholder="全区各相关部门", departments=departments,
                       by=None, origin="tests")
    task = seed_plan.tasks.get(number=20)
    assert unit_labels(task, UnitRole.RESPONSIBLE) == ["全区各相关部门（区工信局、区财政局）"]
    assert pending_placeholders(tasks)[19] == ""
    # the expanded departments now see the task as theirs
    finance = Department.objects.get(name="区财政局")
    assert seed_plan.tasks.filter(units__department=finance, number=20).exists()
    placeholder_expand(task=task, placeholder="全区各相关部门", departments=[], by=None,
                       origin="tests")
    assert pending_placeholders(tasks)[19] == "全区各相关部门"


def test_expanding_refuses_other_zones_and_non_placeholders(seed_plan):
    task = seed_plan.tasks.get(number=20)
    other = Zone.objects.create(code="other", name="别的开发区")
    foreign = Department.objects.create(zone=other, name="别区财政局")
    with pytest.raises(ValidationError):
        placeholder_expand(task=task, placeholder="全区各相关部门", departments=[foreign],
                           by=None, origin="tests")
    with pytest.raises(ValidationError):
        placeholder_expand(task=task, placeholder="经开办(自贸办)", departments=[],
                           by=None, origin="tests")


def test_ledger_export_shows_pending_placeholders(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    response = client.get(reverse("plans:ledger-export", args=[seed_plan.pk]))
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("全区各相关部门（待明确）" in c for c in cells)


def test_coordinator_corrects_a_task_on_its_page(login, make_user, seed_plan):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=2)
    page = client.get(task.get_absolute_url())
    assert reverse("plans:task-correct", args=[task.pk]) in page.content.decode()
    url = reverse("plans:task-correct", args=[task.pk])
    form = client.get(url)
    assert form.status_code == 200 and "区委组织部" in form.content.decode()
    response = client.post(url, {"title": "深化干部人事制度改革", "lead": "区委组织部",
                                 "responsible": "区委编办、区人社局"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "深化干部人事制度改革"
    bad = client.post(url, {"title": "x", "lead": "区委组织部", "responsible": "区委组织部"})
    assert bad.status_code == 400 and "同时列为牵头单位和责任单位" in bad.content.decode()
    unknown = client.post(url, {"title": "x", "lead": "区火星局", "responsible": ""})
    assert unknown.status_code == 400 and "区火星局" in unknown.content.decode()
    expand = client.post(reverse("plans:placeholder-expand", args=[seed_plan.tasks.get(
        number=20).pk]), {"placeholder": "全区各相关部门",
                          "departments": [Department.objects.get(name="区财政局").pk]})
    assert expand.status_code == 302
    assert seed_plan.tasks.get(number=20).units.filter(placeholder="全区各相关部门").count() == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER, Role.HEAD, Role.INSPECTOR,
                                  Role.HR, Role.OBSERVER])
def test_other_roles_cannot_correct(login, make_user, seed_plan, role):
    client = login(make_user(role, "区工信局"))
    task = seed_plan.tasks.get(number=2)
    assert "task-correct" not in client.get(task.get_absolute_url()).content.decode()
    url = reverse("plans:task-correct", args=[task.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "lead": "区委组织部"}).status_code == 403
    expand = reverse("plans:placeholder-expand", args=[task.pk])
    assert client.post(expand, {"placeholder": "x"}).status_code == 403
    api = reverse("task-detail", args=[task.pk])
    assert client.patch(api, {"title": "x"}, content_type="application/json").status_code == 403
    task.refresh_from_db()
    assert task.title != "x"


def test_coordinator_of_another_zone_cannot_correct(login, make_user, seed_plan):
    other = Zone.objects.create(code="other", name="别的开发区")
    client = login(make_user(Role.COORDINATOR, username="elsewhere", user_zone=other))
    task = seed_plan.tasks.get(number=2)
    assert client.get(reverse("plans:task-correct", args=[task.pk])).status_code == 404
    api = reverse("task-detail", args=[task.pk])
    assert client.patch(api, {"title": "x"}, content_type="application/json").status_code == 404


def test_api_corrects_and_expands(login, make_user, seed_plan):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=2)
    url = reverse("task-detail", args=[task.pk])
    response = client.patch(url, {"lead": ["区委组织部"], "responsible": ["区委编办"]},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["corrected"] is True and data["title"] == task.title
    assert [(u["name"], u["role"]) for u in data["units"]] == [
        ("区委组织部", "lead"), ("区委编办", "responsible"),
    ]
    bad = client.patch(url, {"lead": ["区火星局"]}, content_type="application/json")
    assert bad.status_code == 400 and "区火星局" in bad.content.decode()
    task20 = seed_plan.tasks.get(number=20)
    finance = Department.objects.get(name="区财政局")
    expand = client.post(reverse("task-expand", args=[task20.pk]),
                         {"placeholder": "全区各相关部门", "departments": [finance.pk]},
                         content_type="application/json")
    assert expand.status_code == 200, expand.content
    assert any(u["placeholder"] == "全区各相关部门" for u in expand.json()["units"])
    missing = client.post(reverse("task-expand", args=[task20.pk]),
                          {"placeholder": "全区各相关部门", "departments": [999999]},
                          content_type="application/json")
    assert missing.status_code == 400


def test_a_unit_cannot_both_lead_and_share_a_task(seed_plan):
    task = seed_plan.tasks.get(number=8)
    with pytest.raises(ValidationError, match="同时列为牵头单位和责任单位"):
        task_correct(task=task, title=task.title, lead=["区营商局"],
                     responsible=["区营商局", "经开办(自贸办)"], by=None, origin="tests")


def test_api_partial_lead_naming_a_responsible_unit_is_refused(login, make_user, seed_plan):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=8)
    response = client.patch(reverse("task-detail", args=[task.pk]), {"lead": ["区营商局"]},
                            content_type="application/json")
    assert response.status_code == 400 and "区营商局" in response.content.decode()
    assert not task.units.filter(role=UnitRole.LEAD).exists()


def test_expanding_into_units_already_named_is_refused_not_silently_ignored(seed_plan):
    task = seed_plan.tasks.get(number=8)  # 区营商局 is named, and 各相关部门
    named = Department.objects.get(name="区营商局")
    with pytest.raises(ValidationError, match="已是本任务列明的单位"):
        placeholder_expand(task=task, placeholder="各相关部门", departments=[named], by=None,
                           origin="tests")
    assert not task.units.filter(placeholder="各相关部门").exists()


def test_correcting_a_task_settles_its_parse_warning(seed_plan):
    assert any(w.startswith("任务1(") for w in seed_plan.warnings)
    task = seed_plan.tasks.get(number=1)
    task_correct(task=task, title=task.title, lead=["区委组织部"], responsible=[], by=None,
                 origin="tests")
    seed_plan.refresh_from_db()
    assert not any(w.startswith("任务1(") for w in seed_plan.warnings)


def test_a_superseded_version_is_not_corrected(login, make_user, seed_plan, zone, seed_content):
    from luoshi.plans.services import plan_import

    plan_import(zone=zone, content=seed_content.replace("精准赋权".encode(), "精准授权".encode()),
                filename="v2.txt", by=None, origin="tests")
    old = seed_plan.tasks.get(number=2)
    with pytest.raises(ValidationError, match="已被新版本取代"):
        task_correct(task=old, title="x", lead=["区委组织部"], responsible=[], by=None,
                     origin="tests")
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    page = client.get(old.get_absolute_url()).content.decode()
    assert "task-correct" not in page and "已被新版本取代" in page
