"""《重点任务责任分工台账》.xlsx, opened with openpyxl and checked cell by cell."""

import zoneinfo
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "任务类别", "重点任务", "主要内容", "牵头部门", "责任部门", "完成时限"]


def download(client, plan, **params):
    response = client.get(reverse("plans:ledger-export", args=[plan.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "《重点任务责任分工台账》.xlsx" in unquote(response["Content-Disposition"])
    return load_workbook(BytesIO(response.content)).active


def test_ledger_has_one_row_per_task_with_chinese_headers(login, make_user, seed_plan):
    sheet = download(login(make_user(Role.LEADER)), seed_plan)
    assert sheet.title == "重点任务责任分工台账"
    assert sheet["A1"].value == f"{seed_plan.title}重点任务责任分工台账"
    subtitle = sheet["A2"].value
    assert f"文号：{seed_plan.doc_number}" in subtitle and "版本：第 1 版" in subtitle
    exported = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert f"导出时间：{exported:%Y-%m-%d}" in subtitle
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4"
    assert sheet.max_row == 3 + 20
    assert sheet.column_dimensions["D"].width >= 60
    assert sheet.column_dimensions["A"].width <= 8
    first = [c.value for c in sheet[4]]
    assert first[0] == 1
    assert first[1] == "深化高效率改革创新战略驱动"
    assert first[2] == "推进开发区管理体制改革"
    assert first[3].startswith("推进开发区管理体制改革。积极推行政企分开")
    assert "〔" not in sheet["D6"].value and "牵头部门" not in sheet["D6"].value
    assert first[4] in ("", None) and first[5] in ("", None)
    task3 = [c.value for c in sheet[6]]
    assert task3[0] == 3
    assert task3[4] == "经开办(自贸办)"
    assert task3[5] == "区国资办、动漫基地、区内各相关国企（待明确）"
    last = [c.value for c in sheet[23]]
    assert last[0] == 20 and last[1] == "实现高水平对外开放"
    assert last[4] == "经开办(自贸办)" and last[5] == "全区各相关部门（待明确）"


def test_ledger_follows_the_task_filters(login, make_user, seed_plan):
    gxj = Department.objects.get(name="区工信局")
    sheet = download(login(make_user(Role.LEADER)), seed_plan, department=gxj.pk)
    numbers = [row[0].value for row in sheet.iter_rows(min_row=4)]
    assert numbers == [6, 7, 9, 10, 11, 12, 15, 16, 17, 19]


def test_reporters_ledger_holds_the_plan_or_their_filter(login, make_user, seed_plan):
    reporter = make_user(Role.REPORTER, "区纪委监委")
    client = login(reporter)
    sheet = download(client, seed_plan, department=reporter.department_id)
    assert [row[0].value for row in sheet.iter_rows(min_row=4)] == [5]
    assert len(list(download(client, seed_plan).iter_rows(min_row=4))) == 20


def test_ledger_has_each_tasks_deadline(login, make_user, seed_plan):
    task = seed_plan.tasks.get(number=3)
    task.deadline = "2026年底前"
    task.save()
    sheet = download(login(make_user(Role.LEADER)), seed_plan)
    assert sheet["G6"].value == "2026年底前"
