"""Department and user lists from files, all or nothing; and the two commands."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from luoshi.accounts.choices import DepartmentKind, Role
from luoshi.accounts.imports import departments_import, users_import
from luoshi.accounts.models import Department, DepartmentAlias, User
from luoshi.accounts.problems import outcome_errors
from luoshi.accounts.selectors import department_for_name
from luoshi.accounts.services import department_create

from .helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

DEPT_HEADER = ["部门名称", "类别", "别名", "上级", "备注"]
USER_HEADER = ["用户名", "姓名", "部门", "角色", "手机", "邮箱"]


def import_departments(zone, content, filename="部门.xlsx", by=None):
    return departments_import(zone=zone, content=content, filename=filename, by=by,
                              origin="tests")


def test_department_list_creates_and_updates(zone, coordinator):
    existing = department_create(zone=zone, name="区工信局", kind="other", by=None,
                                 origin="tests")
    content = xlsx_bytes(DEPT_HEADER, [
        ["区工信局", "区直部门", "工信局、经信局", "管委会", "备注不存"],
        ["新农镇", "", "", "", ""],
        ["哈经开区投资集团", "国企/平台", "投资集团", "", ""],
        ["区商务局", "", "", "", ""],
    ])
    outcome = import_departments(zone, content, by=coordinator)
    assert outcome.ok, outcome_errors(outcome, "x")
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.aliases) == (3, 1, 0, 3)
    existing.refresh_from_db()
    assert existing.kind == DepartmentKind.DISTRICT
    assert department_for_name(zone, "经信局") == existing
    assert Department.objects.get(name="新农镇").kind == DepartmentKind.TOWNSHIP  # guessed
    entry = LogEntry.objects.filter(object_pk="", object_repr__contains="部门.xlsx").get()
    assert entry.actor == coordinator and "新农镇" in entry.changes["created"][1]
    again = import_departments(zone, content, by=coordinator)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_department_list_errors_store_nothing(zone):
    department_create(zone=zone, name="区财政局", by=None, origin="tests")
    content = csv_bytes(["单位名称", "类别", "别名"], [
        ["区工信局", "区直部门", ""], ["区科技局", "部委", "区财政局"], ["", "其他", ""]],
        encoding="gbk")
    outcome = import_departments(zone, content, filename="单位.csv")
    assert not outcome.ok
    errors = outcome_errors(outcome, "单位.csv")
    assert [(e["row"], e["column"]) for e in errors] == [("3", "类别"), ("3", "别名"),
                                                         ("4", "单位名称")]
    assert all(e["file"] == "单位.csv" and e["reason"] for e in errors)
    assert not Department.objects.filter(name="区工信局").exists()
    assert not DepartmentAlias.objects.exists()


def test_unreadable_and_headerless_files(zone):
    outcome = import_departments(zone, b"\x00\x01", filename="x.xlsx")
    assert outcome.file_error is not None and outcome_errors(outcome, "x.xlsx")[0]["reason"]
    outcome = import_departments(zone, csv_bytes(["甲", "乙"], [["1", "2"]]), filename="y.csv")
    assert outcome.file_error.reason == "no_header"


def import_users(zone, rows, by, filename="用户.xlsx"):
    return users_import(zone=zone, content=xlsx_bytes(USER_HEADER, rows), filename=filename,
                        by=by, origin="tests")


def test_user_list_creates_with_one_time_passwords_and_updates(zone, sysadmin, make_user):
    gxj = department_create(zone=zone, name="区工信局", by=None, origin="tests")
    DepartmentAlias.objects.create(zone=zone, name="工信局", department=gxj)
    department_create(zone=zone, name="区商务局", by=None, origin="tests")
    known = make_user(Role.REPORTER, "区商务局", username="wangwu")
    outcome = import_users(zone, [
        ["zhangsan", "张三", "工信局", "部门填报员", 13800000000, ""],
        ["lisi", "李四", "区商务局", "部门负责人", "", "li@example.org"],
        ["WangWu", "王五", "区工信局", "部门填报员", "", ""],
    ], by=sysadmin)
    assert outcome.ok, outcome_errors(outcome, "x")
    assert (outcome.created, outcome.updated) == (2, 1)
    passwords = {username: password for username, _name, password in outcome.passwords}
    zhang = User.objects.get(username="zhangsan")
    assert zhang.department == gxj and zhang.role == Role.REPORTER and zhang.phone == "13800000000"
    assert zhang.must_change_password and zhang.check_password(passwords["zhangsan"])
    assert User.objects.get(username="lisi").role == Role.HEAD
    known.refresh_from_db()
    assert known.department == gxj and known.first_name == "王五"
    assert known.check_password("Qm4#Lx9-Vt2w")  # an update leaves the password alone


def test_user_list_errors_store_nothing(zone, sysadmin, other_zone, make_user):
    department_create(zone=zone, name="区工信局", by=None, origin="tests")
    make_user(Role.REPORTER, "外区工信局", username="elsewhere", user_zone=other_zone)
    outcome = import_users(zone, [
        ["ok1", "甲", "区工信局", "部门填报员", "", ""],
        ["obs", "乙", "", "观察员", "", ""],
        ["elsewhere", "丙", "区工信局", "部门填报员", "", ""],
        ["nodept", "丁", "区环保局", "部门填报员", "", ""],
    ], by=sysadmin)
    assert not outcome.ok
    assert {(e.row, e.reason) for e in outcome.errors} == {
        (3, "role_not_grantable"), (4, "username_taken"), (5, "unknown_department")}
    assert not User.objects.filter(username__in=["ok1", "obs", "nodept"]).exists()


def test_commands_import_or_exit_2(zone, coordinator, sysadmin, tmp_path, capsys):
    good = tmp_path / "departments.xlsx"
    good.write_bytes(xlsx_bytes(DEPT_HEADER, [["区工信局", "区直部门", "工信局", "", ""]]))
    call_command("departments", "import", str(good), "--zone", "hetdz", "--by", "coordinator")
    assert "新增 1 条" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(DEPT_HEADER, [["区科技局", "部委", "", "", ""]]))
    with pytest.raises(SystemExit) as exited:
        call_command("departments", "import", str(bad), "--zone", "hetdz")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "第 2 行" in err and "类别" in err and "未保存任何数据" in err
    assert not Department.objects.filter(name="区科技局").exists()

    users = tmp_path / "users.xlsx"
    users.write_bytes(xlsx_bytes(USER_HEADER,
                                 [["zhaoliu", "赵六", "工信局", "部门填报员", "", ""]]))
    call_command("users", "import", str(users), "--zone", "hetdz", "--by", "sysadmin")
    out = capsys.readouterr().out
    password = out.strip().splitlines()[-1].split("\t")[2]
    assert User.objects.get(username="zhaoliu").check_password(password)
    users.write_bytes(xlsx_bytes(USER_HEADER, [["x", "", "工信局", "统筹员", "", ""]]))
    with pytest.raises(SystemExit) as exited:
        call_command("users", "import", str(users), "--zone", "hetdz")
    assert exited.value.code == 2 and "姓名" in capsys.readouterr().err
