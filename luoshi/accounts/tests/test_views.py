"""The directory pages over HTTP: every role on every page, and the system administrator's work
end to end (departments, merge, users, one-time passwords, imports and error reports); the
coordinator keeps the departments but never the accounts (三员分立)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, DepartmentAlias, User
from luoshi.accounts.services import department_create

from .helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

PAGES = ["departments", "department-import", "department-template",
         "department-import-errors", "users", "user-import", "user-template",
         "user-import-errors"]
OBJECT_PAGES = ["department-manage", "user-manage"]


@pytest.fixture
def gxj(zone):
    return department_create(zone=zone, name="区工信局", by=None, origin="tests")


@pytest.fixture
def reporter(make_user, gxj):
    return make_user(Role.REPORTER, "区工信局", username="gxj_reporter")


def urls(department, account):
    found = [reverse(f"directory:{name}") for name in PAGES]
    found.append(reverse("directory:department-manage", args=[department.pk]))
    found.append(reverse("directory:user-manage", args=[account.pk]))
    return found


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.COORDINATOR, Role.SYSADMIN)])
def test_other_roles_are_refused_everywhere(role, make_user, login, gxj, reporter):
    client = login(make_user(role, "区工信局"))
    for url in urls(gxj, reporter):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "deactivate"}).status_code == 403, url
    gxj.refresh_from_db()
    assert gxj.is_active
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("directory:departments") not in page  # no navigation link either


def test_the_system_administrator_opens_every_page(sysadmin, login, gxj, reporter):
    client = login(sysadmin)
    for url in urls(gxj, reporter):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("directory:departments") in page and reverse("directory:users") in page
    page = client.get(reverse("directory:departments")).content.decode()
    assert "区工信局" in page and "部门管理" in page and "区直部门" in page


def test_the_coordinator_keeps_the_departments_but_not_the_accounts(coordinator, login, gxj,
                                                                     reporter):
    """A password reset hands over a one-time password: a business role may not hold it."""
    client = login(coordinator)
    user_pages = {reverse(f"directory:{name}") for name in PAGES if name.startswith("user")}
    user_pages.add(reverse("directory:user-manage", args=[reporter.pk]))
    for url in urls(gxj, reporter):
        assert client.get(url).status_code == (403 if url in user_pages else 200), url
    manage = reverse("directory:user-manage", args=[reporter.pk])
    assert client.post(manage, {"action": "reset"}).status_code == 403
    reporter.refresh_from_db()
    assert not reporter.must_change_password
    page = client.get(reverse("directory:department-manage", args=[gxj.pk])).content.decode()
    assert "gxj_reporter" in page and manage not in page  # named, not linked
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("directory:departments") in page and reverse("directory:users") not in page
    page = client.get(reverse("directory:departments")).content.decode()
    assert reverse("directory:users") not in page  # nor in the directory's own links


def test_another_zones_administrator_sees_nothing_of_this_zone(make_user, other_zone, login,
                                                               gxj, reporter):
    client = login(make_user(Role.SYSADMIN, username="other_sysadmin", user_zone=other_zone))
    for name, pk in (("department-manage", gxj.pk), ("user-manage", reporter.pk)):
        url = reverse(f"directory:{name}", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "deactivate"}).status_code == 404
    assert "区工信局" not in client.get(reverse("directory:departments")).content.decode()
    assert "gxj_reporter" not in client.get(reverse("directory:users")).content.decode()


def test_the_system_administrator_cannot_open_an_auditor(sysadmin, make_user, login):
    auditor = make_user(Role.AUDITOR, username="auditor")
    client = login(sysadmin)
    assert client.get(reverse("directory:user-manage", args=[auditor.pk])).status_code == 403
    response = client.post(reverse("directory:users"), {
        "username": "obs", "full_name": "观察", "role": Role.OBSERVER})
    assert response.status_code == 400 and not User.objects.filter(username="obs").exists()


def test_departments_end_to_end(sysadmin, login, gxj, zone):
    client = login(sysadmin)
    response = client.post(reverse("directory:departments"),
                           {"name": "工信局", "kind": "district"})
    assert response.status_code == 302
    twin = Department.objects.get(zone=zone, name="工信局")
    manage = reverse("directory:department-manage", args=[twin.pk])
    client.post(manage, {"action": "alias_add", "alias": "经信局"})
    assert DepartmentAlias.objects.filter(department=twin, name="经信局").exists()
    response = client.post(manage, {"action": "alias_add", "alias": "区工信局"})
    assert response.status_code == 400 and "区工信局" in response.content.decode()
    response = client.post(manage, {"action": "merge", "target": gxj.pk})
    assert response.status_code == 302
    assert not Department.objects.filter(pk=twin.pk).exists()
    assert set(gxj.aliases.values_list("name", flat=True)) == {"工信局", "经信局"}
    manage = reverse("directory:department-manage", args=[gxj.pk])
    response = client.post(manage, {"action": "update", "name": "区工业和信息化局",
                                    "kind": "district", "keep_old_name": "on"})
    gxj.refresh_from_db()
    assert gxj.name == "区工业和信息化局" and gxj.aliases.filter(name="区工信局").exists()
    assert client.post(manage, {"action": "deactivate"}).status_code == 302
    gxj.refresh_from_db()
    assert not gxj.is_active
    page = client.get(reverse("directory:users")).content.decode()
    assert "区工业和信息化局" not in page  # not offered for new users


def test_deactivation_refused_with_a_reason(sysadmin, login, gxj, reporter):
    response = login(sysadmin).post(
        reverse("directory:department-manage", args=[gxj.pk]), {"action": "deactivate"})
    assert response.status_code == 400
    gxj.refresh_from_db()
    assert gxj.is_active and "1" in response.content.decode()


def one_time_password(response) -> str:
    return re.search(r'<code class="password">([^<]+)</code>', response.content.decode())[1]


def test_user_lifecycle_with_one_time_passwords(sysadmin, login, gxj, client):
    staff = login(sysadmin)
    response = staff.post(reverse("directory:users"), {
        "username": "zhangsan", "full_name": "张三", "department": gxj.pk,
        "role": Role.REPORTER, "phone": "", "email": ""})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    user = User.objects.get(username="zhangsan")
    assert user.must_change_password
    staff.logout()

    client.post(reverse("login"), {"username": "zhangsan", "password": password})
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    assert client.get("/api/v1/plans/").status_code == 403
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "one-time-note" in page.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "Mine-own-pass-42",
        "new_password2": "Mine-own-pass-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("home")).get("Location") != reverse("password_change")

    staff = login(sysadmin)
    manage = reverse("directory:user-manage", args=[user.pk])
    response = staff.post(manage, {"action": "reset"})
    fresh = one_time_password(response)
    user.refresh_from_db()
    assert user.check_password(fresh) and user.must_change_password
    staff.post(manage, {"action": "deactivate"})
    user.refresh_from_db()
    assert not user.is_active
    response = staff.post(manage, {"action": "update", "full_name": "张三丰",
                                   "department": gxj.pk, "role": Role.HEAD})
    user.refresh_from_db()
    assert user.first_name == "张三丰" and user.role == Role.HEAD


def test_api_token_useless_until_the_password_is_changed(sysadmin, login, gxj, client):
    response = login(sysadmin).post(reverse("directory:users"), {
        "username": "lisi", "full_name": "李四", "department": gxj.pk, "role": Role.LEADER})
    password = one_time_password(response)
    client.logout()
    token = client.post(reverse("api-token"), {"username": "lisi", "password": password})
    key = token.json()["token"]
    refused = client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}")
    detail = refused.json()["detail"]
    assert refused.status_code == 403 and ("password" in detail.lower() or "密码" in detail)
    User.objects.filter(username="lisi").update(must_change_password=False)
    assert client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_imports_over_http_with_error_report(sysadmin, login, gxj):
    client = login(sysadmin)
    bad = csv_bytes(["部门名称", "类别"], [["区科技局", "部委"], ["", "其他"]])
    response = client.post(reverse("directory:department-import"),
                           {"file": upload("部门.csv", bad)})
    assert response.status_code == 400 and "import-errors" in response.content.decode()
    report = client.get(reverse("directory:department-import-errors"))
    rows = list(load_workbook(__import__("io").BytesIO(report.content)).active.values)
    assert rows[0] == ("文件", "行", "列", "原因", "说明")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("部门.csv", "2", "类别"),
                                                       ("部门.csv", "3", "部门名称")]
    good = xlsx_bytes(["部门名称", "类别", "别名"], [["区科技局", "区直部门", "科技局"]])
    response = client.post(reverse("directory:department-import"),
                           {"file": upload("部门.xlsx", good)})
    assert response.status_code == 200 and Department.objects.filter(name="区科技局").exists()

    users = xlsx_bytes(["用户名", "姓名", "部门", "角色"], [["wu", "吴", "科技局", "部门填报员"]])
    response = client.post(reverse("directory:user-import"), {"file": upload("u.xlsx", users)})
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = re.search(r"<td>wu</td><td>吴</td><td><code>([^<]+)</code>", page)[1]
    assert User.objects.get(username="wu").check_password(password)


def test_templates_download(sysadmin, login, gxj):
    client = login(sysadmin)
    DepartmentAlias.objects.create(zone=gxj.zone, name="工信局", department=gxj)
    book = load_workbook(__import__("io").BytesIO(
        client.get(reverse("directory:department-template")).content))
    rows = list(book.active.values)
    assert rows[0][:3] == ("部门名称", "类别", "别名")
    assert ("区工信局", "区直部门", "工信局") in [r[:3] for r in rows] or any(
        r[0] == "区工信局" and r[2] == "工信局" for r in rows)
    book = load_workbook(__import__("io").BytesIO(
        client.get(reverse("directory:user-template")).content))
    assert list(book.active.values)[0][:4] == ("用户名", "姓名", "部门", "角色")
