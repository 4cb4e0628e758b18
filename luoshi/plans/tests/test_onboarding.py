"""A zone from an empty database: the plan names its zone; the web leads a superuser through."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from luoshi.accounts.models import Department, User, Zone
from luoshi.plans.models import PendingImport, Plan

pytestmark = pytest.mark.django_db


def _import(path, *args):
    out = StringIO()
    call_command("plan", "import", str(path), *args, stdout=out)
    return out.getvalue()


def test_plan_import_on_an_empty_database_creates_the_zone(tmp_path, roles, seed_content):
    path = tmp_path / "plan.txt"
    path.write_bytes(seed_content)
    assert not Zone.objects.exists()
    output = _import(path)
    zone = Zone.objects.get()
    assert zone.name == "哈尔滨经济技术开发区" and zone.code == "hebjjjskfq"
    assert "新建开发区：哈尔滨经济技术开发区（代码 hebjjjskfq）" in output
    assert "已导入" in output and "20项任务" in output and "新建部门" in output
    assert Plan.objects.get().zone == zone
    # the same plan again, and a new version, go to the same zone without --zone
    assert "未改变" in _import(path)
    path.write_bytes(seed_content.replace("精准赋权".encode(), "精准授权".encode(), 1))
    assert "第2版" in _import(path)
    assert Zone.objects.count() == 1


def test_zone_options_still_override(tmp_path, roles, seed_content):
    path = tmp_path / "plan.txt"
    path.write_bytes(seed_content)
    _import(path, "--zone", "hetdz", "--zone-name", "哈经开区")
    assert Zone.objects.get().code == "hetdz" and Zone.objects.get().name == "哈经开区"


def test_import_errors_exit_2_with_one_line(tmp_path, roles):
    no_issuer = tmp_path / "no-issuer.txt"
    no_issuer.write_text("某某工作方案\n一、重点任务\n（一）推进改革。（区发改局负责）\n",
                         encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        _import(no_issuer)
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        _import(tmp_path / "missing.txt")
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        _import(no_issuer, "--by", "nobody")
    assert exit_info.value.code == 2


def test_superuser_sets_up_a_zone_in_the_browser_flow(client, roles, seed_content):
    admin = User.objects.create_superuser("admin", password="Very-secret-2026")
    client.force_login(admin)
    assert client.get(reverse("home"))["Location"] == reverse("plans:zone-setup")
    assert client.get(reverse("plans:plan-import"))["Location"] == reverse("plans:zone-setup")
    response = client.post(reverse("plans:zone-setup"), {"name": "测试经济开发区", "code": ""})
    assert response["Location"] == reverse("plans:plan-import")
    zone = Zone.objects.get()
    admin.refresh_from_db()
    assert admin.zone == zone and zone.code == "csjjkfq"
    document = SimpleUploadedFile("plan.txt", seed_content, content_type="text/plain")
    review_url = client.post(reverse("plans:plan-import"), {"document": document})["Location"]
    pending = PendingImport.objects.get()
    # correct a unit in review: 区工信局 is the zone's existing bureau under its old name
    old = Department.objects.create(zone=zone, name="区工业和信息化局")
    units = client.get(review_url).context["review"].units
    index = next(i for i, u in enumerate(units, start=1) if u.name == "区工信局")
    client.post(review_url, {"map": "1", f"name_{index}": "区工信局",
                             f"department_{index}": str(old.pk)})
    client.post(review_url, {"correct": "2", "title": "深化干部人事制度改革",
                             "lead": "区委组织部", "responsible": "区委编办"})
    pending.refresh_from_db()
    assert pending.corrections["tasks"]["2"]["lead"] == ["区委组织部"]
    page = client.get(review_url).content.decode()
    assert "深化干部人事制度改革" in page
    response = client.post(review_url, {"confirm": "1"})
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.tasks.get(number=2).title == "深化干部人事制度改革"
    assert plan.tasks.filter(units__department=old).count() == 10
    assert client.get(reverse("home")).context["plan"] == plan  # the workbench, on this plan


def test_setup_is_for_a_superuser_without_a_zone(login, make_user, client, roles):
    from luoshi.accounts.choices import Role

    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    assert client.get(reverse("plans:zone-setup")).status_code == 403


def test_an_upload_left_unreviewed_for_a_week_is_dropped(login, make_user, roles, seed_content):
    import datetime

    from django.utils import timezone

    from luoshi.accounts.choices import Role
    from luoshi.plans.services import pending_import_create

    first = make_user(Role.COORDINATOR, "经开办(自贸办)")
    second = make_user(Role.COORDINATOR, "经开办(自贸办)")
    old = pending_import_create(zone=first.zone, content=seed_content, filename="a.txt", by=first)
    PendingImport.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=8))
    recent = pending_import_create(zone=first.zone, content=seed_content, filename="b.txt",
                                   by=first)
    PendingImport.objects.filter(pk=recent.pk).update(uploaded_by=second)
    pending_import_create(zone=first.zone, content=seed_content, filename="c.txt", by=first)
    assert sorted(PendingImport.objects.values_list("filename", flat=True)) == ["b.txt", "c.txt"]


def test_another_bodys_plan_is_flagged_and_the_zone_keeps_one_current_plan(
    zone, roles, seed_plan
):
    from pathlib import Path

    from luoshi.plans.services import plan_import, plan_import_review

    fixture = Path(__file__).resolve().parents[2] / "domain/tests/fixtures/plan_bracket_notes.txt"
    content = fixture.read_bytes()
    review = plan_import_review(zone=zone, content=content, filename=fixture.name)
    if review.parsed.issuer:
        assert any("发文机关" in w for w in review.warnings)
    assert review.replaces == seed_plan
    plan, created = plan_import(zone=zone, content=content, filename=fixture.name, by=None,
                                origin="tests")
    assert created
    assert list(Plan.objects.filter(zone=zone, is_current=True)) == [plan]


def test_the_import_page_offers_a_review_left_open(login, make_user, roles, seed_content):
    from luoshi.accounts.choices import Role

    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    document = SimpleUploadedFile("plan.txt", seed_content, content_type="text/plain")
    review_url = client.post(reverse("plans:plan-import"), {"document": document})["Location"]
    page = client.get(reverse("plans:plan-import")).content.decode()
    assert review_url in page and "尚待您核对确认" in page
