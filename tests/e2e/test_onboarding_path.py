"""A new zone from an empty database, in the browser: a superuser names the zone, uploads its
plan, corrects a task's units in review, imports values from a file and sees the dashboard."""

import re
from io import BytesIO

import pytest
from openpyxl import Workbook

from luoshi.accounts.models import User, Zone
from luoshi.plans.models import Plan

pytestmark = pytest.mark.e2e

PASSWORD = "Very-secret-2026"


def _values_workbook() -> bytes:
    """What a zone's statistics office sends: this year's cumulative figures by month."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["指标", "期别", "累计值", "同比(%)"])
    for month, revenue in ((1, 380), (2, 800), (3, 1300), (4, 1750), (5, 2200), (6, 2700)):
        sheet.append(["营业收入", f"2026-{month:02d}", revenue, 8.5])
        sheet.append(["高新技术企业", f"2026-{month:02d}", 560 + month * 5, None])
    sheet.append(["地区生产总值", "2026Q1", 330, 6.1])
    sheet.append(["地区生产总值", "2026Q2", 700, 6.3])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_superuser_sets_up_a_new_zone(transactional_db, live_server, page, roles, seed_content,
                                      tmp_path, screenshots):
    assert not Zone.objects.exists()
    User.objects.create_superuser("admin", password=PASSWORD)
    page.goto(live_server.url + "/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/plans/setup/")
    screenshots(page, "onboarding-1-setup")
    page.fill("#id_name", "松北经济开发区")
    page.click("#zone-setup-form button[type=submit]")
    page.wait_for_url("**/plans/import/")

    plan_file = tmp_path / "实施方案.txt"
    plan_file.write_bytes(seed_content)
    page.set_input_files("#plan-upload-form input[type=file]", str(plan_file))
    page.click("#plan-upload-form button[type=submit]")
    page.wait_for_url("**/plans/import/*/")
    screenshots(page, "onboarding-2-review")
    # Task 2 names no lead: make 区委组织部 lead it, moving it out of the responsible units.
    page.click("#review-task-2 a")
    page.wait_for_selector("#review-correct-form")
    page.fill("#review-correct-form textarea[name=lead]", "区委组织部")
    page.fill("#review-correct-form textarea[name=responsible]", "区委编办、区人社局、区财政局")
    page.click("#review-correct-form button[name=correct]")
    page.wait_for_selector("#review-task-2 .origin")
    assert "区委组织部" in page.locator("#review-task-2").inner_text()
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/plans/\d+/(#.*)?$"))  # the browser keeps the #anchor
    screenshots(page, "onboarding-3-imported")
    plan = Plan.objects.get()
    assert plan.zone.name == "松北经济开发区"
    task2 = plan.tasks.get(number=2)
    assert task2.units.get(role="lead").name == "区委组织部"

    values_file = tmp_path / "数据.xlsx"
    values_file.write_bytes(_values_workbook())
    page.goto(live_server.url + "/monitoring/import/")
    page.set_input_files("#import-form input[type=file]", str(values_file))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()
    assert "错误" not in page.locator("main").inner_text()[:200]
    page.goto(live_server.url + "/monitoring/")
    screenshots(page, "onboarding-4-dashboard")
    text = page.locator("main").inner_text()
    assert "营业收入" in text and "高新技术企业" in text
    assert page.locator(".light, .status").count() > 0
