"""The audit page as an auditor reads it: operations, Chinese labels, Beijing time, filters."""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.accounts.services import department_create
from luoshi.core.audit import attributed, log_event
from luoshi.monitoring.models import Indicator, IndicatorValue
from luoshi.plans.models import Plan, Task

pytestmark = pytest.mark.django_db


def of(model):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


def audit_page(client, **params):
    response = client.get(reverse("audit-log"), params)
    assert response.status_code == 200
    return response


def test_a_plan_import_is_one_operation_with_its_records_folded(login, make_user, seed_plan):
    plan_entry = of(Plan).get(action=LogEntry.Action.CREATE)
    assert plan_entry.cid
    one_import = LogEntry.objects.filter(cid=plan_entry.cid)
    assert of(Task).filter(cid=plan_entry.cid).count() == 20
    response = audit_page(login(make_user(Role.AUDITOR)))
    [operation] = [op for op in response.context["operations"] if op.key == plan_entry.cid]
    assert len(operation.rows) == one_import.count() > 20
    assert operation.headline.entry == plan_entry
    assert ("新建", "重点任务", 20) in operation.summary
    page = response.content.decode()
    assert "<details>" in page and f"{one_import.count()} 条记录" in page
    assert "新建 重点任务 ×20" in page
    # Other operations (the auditor's own account) are rows of their own.
    assert len(response.context["operations"]) > 1


def test_nested_blocks_join_the_outer_operation(zone):
    with attributed(by=None, origin="tests"):
        department_create(zone=zone, name="区甲局", kind="district", by=None, origin="tests")
        with attributed(by=None, origin="tests: inner"):
            department_create(zone=zone, name="区乙局", kind="district", by=None, origin="x")
    department_create(zone=zone, name="区丙局", kind="district", by=None, origin="tests")
    cids = dict(of(Department).values_list("object_repr", "cid"))
    assert cids["区甲局"] == cids["区乙局"] != cids["区丙局"]
    assert len({cids["区甲局"], cids["区丙局"]}) == 2


def test_actions_fields_and_values_read_in_chinese_at_beijing_time(login, make_user, zone):
    department_create(zone=zone, name="区审计局", kind="district", by=None, origin="tests")
    entry = of(Department).get(object_repr="区审计局")
    assert str(entry.changes["zone"][1]) == str(zone.pk)  # stored as the id
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=datetime(2026, 1, 1, 16, 30, tzinfo=UTC))
    page = audit_page(login(make_user(Role.AUDITOR)), q="区审计局").content.decode()
    assert "2026-01-02 00:30:00" in page  # 16:30 UTC is half past midnight in Beijing
    assert "时间（北京时间）" in page
    assert "<td>新建</td>" in page and "<td>部门</td>" in page
    assert "开发区：— → 哈尔滨经济技术开发区" in page  # foreign key as its name, not its id
    assert "类别：— → 区直部门" in page  # choice as its label, not its code
    assert "district" not in page


def test_a_bulk_store_reads_as_one_entry_with_labelled_figures(login, make_user):
    before = {"cumulative": "480", "current": None, "yoy": "5.2", "data_status": "preliminary"}
    after = {"cumulative": "500", "current": None, "yoy": "5.6", "data_status": "final"}
    with attributed(by=None, origin="tests"):
        log_event(model=IndicatorValue, summary="1 values created, 1 changed", by=None,
                  origin="tests", changes={"created": [None, ["进出口总额 2026-03"]],
                                           "工业总产值 2026-03": [before, after]})
    page = audit_page(login(make_user(Role.AUDITOR)),
                      record_type="monitoring.indicatorvalue").content.decode()
    assert "批量保存" in page and "指标数据" in page
    assert "新建的记录：— → 进出口总额 2026-03" in page
    assert ("工业总产值 2026-03：累计值: 480; 当月值: —; 同比（%）: 5.2; 数据状态: 快报"
            " → 累计值: 500; 当月值: —; 同比（%）: 5.6; 数据状态: 正式") in page


def test_the_record_type_filter_lists_every_audited_model_and_event(login, make_user, zone):
    client = login(make_user(Role.AUDITOR))
    response = audit_page(client)
    choices = dict(response.context["filter"].form.fields["record_type"].choices)
    filter_form = response.context["filter"].form
    for key, label in [("monitoring.indicatorvalue", "指标数据"), ("monitoring.indicator", "指标"),
                       ("plans.task", "重点任务"), ("accounts.user", "用户"),
                       ("event.login", "登录"), ("event.logout", "登出"),
                       ("event.login_failed", "登录失败"), ("event.locked_out", "账户锁定"),
                       ("event.refused", "拒绝访问")]:
        assert choices[key] == label
    Indicator.objects.create(zone=zone, code="probe", name="探针指标", unit="yi_yuan")
    response = audit_page(client, record_type="monitoring.indicator")
    assert [op.headline.record for op in response.context["operations"]] == ["探针指标"]
    page = response.content.decode()
    assert "计量单位：— → 亿元" in page and "yi_yuan" not in page  # the unit's symbol
    assert ".None" not in page and "ID:" not in page  # no reverse relations, no ids
    actions = {str(k): v for k, v in filter_form.fields["action"].choices}
    assert [actions[a] for a in "0123"] == ["新建", "修改", "删除", "访问"]
    created = audit_page(client, action="0").context["operations"]
    assert created and all(row.entry.action == 0 for op in created for row in op.rows)
