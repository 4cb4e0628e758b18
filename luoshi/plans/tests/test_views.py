"""Ledger pages per role: login required, department scoping, filters, import with review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.plans.models import PendingImport, Plan

pytestmark = pytest.mark.django_db


def page_urls(plan, task, department):
    return [
        reverse("home"),
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[plan.pk]),
        reverse("plans:task-list", args=[plan.pk]),
        reverse("plans:task-detail", args=[task.pk]),
        reverse("plans:matrix", args=[plan.pk]),
        reverse("plans:target-list", args=[plan.pk]),
        reverse("plans:ledger-export", args=[plan.pk]),
        reverse("plans:department-list"),
        reverse("plans:department-detail", args=[department.pk]),
        reverse("plans:plan-import"),
        reverse("audit-log"),
    ]


def test_anonymous_users_are_sent_to_login(client, seed_plan):
    task = seed_plan.tasks.get(number=10)
    department = Department.objects.get(name="区工信局")
    for url in page_urls(seed_plan, task, department):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_leader_sees_every_page_but_cannot_import(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    task = seed_plan.tasks.get(number=10)
    department = Department.objects.get(name="区工信局")
    for url in page_urls(seed_plan, task, department)[:-2]:
        assert client.get(url, follow=True).status_code == 200, url
    assert client.get(reverse("plans:plan-import")).status_code == 403
    assert client.get(reverse("audit-log")).status_code == 403


def test_overview_shows_sections_targets_and_workload(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    response = client.get(reverse("plans:plan-detail", args=[seed_plan.pk]))
    page = response.content.decode()
    assert "深化高效率改革创新战略驱动" in page
    assert "1500" in page and "亿美元" in page
    assert 'id="workload-data"' in page
    chart = response.context["workload_chart"]
    office = chart["names"].index("经开办(自贸办)")
    assert (chart["lead"][office], chart["responsible"][office]) == (3, 3)
    assert chart["names"][0] == "经开办(自贸办)"  # most leads first


def test_home_is_the_workbench_with_the_current_plan(login, make_user, seed_plan):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.context["plan"] == seed_plan
    assert seed_plan.get_absolute_url() in response.content.decode()


def task_numbers(response):
    return [task.number for task in response.context["tasks"]]


def test_task_list_filters_by_department_role_section_and_text(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    url = reverse("plans:task-list", args=[seed_plan.pk])
    gxj = Department.objects.get(name="区工信局")
    assert len(task_numbers(client.get(url))) == 20
    by_department = task_numbers(client.get(url, {"department": gxj.pk}))
    assert by_department == [6, 7, 9, 10, 11, 12, 15, 16, 17, 19]
    office = Department.objects.get(name="经开办(自贸办)")
    assert task_numbers(client.get(url, {"department": office.pk, "role": "lead"})) == [3, 6, 20]
    assert task_numbers(client.get(url, {"department": office.pk, "role": "responsible"})) == [
        7, 8, 18,
    ]
    assert task_numbers(client.get(url, {"section": 4})) == [15, 16, 17]
    assert task_numbers(client.get(url, {"q": "容错纠错"})) == [5]
    assert task_numbers(client.get(url, {"q": "区纪委监委"})) == [5]


def test_department_reporter_opens_on_its_own_tasks_and_may_read_all(login, make_user, seed_plan):
    client = login(make_user(Role.REPORTER, "区工信局"))
    url = reverse("plans:task-list", args=[seed_plan.pk])
    response = client.get(url)
    assert task_numbers(response) == [6, 7, 9, 10, 11, 12, 15, 16, 17, 19]
    assert (response.context["own_count"], response.context["all_count"]) == (10, 20)
    page = response.content.decode()
    assert "本部门任务 10 项" in page and "全部 20 项" in page
    assert task_numbers(client.get(url + "?department=")) == list(range(1, 21))
    # The plan is a published document: every task, department and the matrix are readable.
    other = seed_plan.tasks.get(number=5)  # 区纪委监委 only
    assert client.get(reverse("plans:task-detail", args=[other.pk])).status_code == 200
    other_department = Department.objects.get(name="区纪委监委")
    response = client.get(reverse("plans:department-detail", args=[other_department.pk]))
    assert response.status_code == 200
    matrix = client.get(reverse("plans:matrix", args=[seed_plan.pk]))
    assert len(matrix.context["rows"]) > 20
    assert client.get(reverse("plans:plan-import")).status_code == 403


def test_department_page_lists_led_and_shared_tasks(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    office = Department.objects.get(name="经开办(自贸办)")
    response = client.get(reverse("plans:department-detail", args=[office.pk]))
    assert [t.number for t in response.context["leads"]] == [3, 6, 20]
    assert [t.number for t in response.context["shares"]] == [7, 8, 18]


def test_matrix_marks_lead_and_responsible(login, make_user, seed_plan):
    client = login(make_user(Role.LEADER))
    response = client.get(reverse("plans:matrix", args=[seed_plan.pk]))
    tasks = response.context["tasks"]
    rows = {d.name: marks for d, marks in response.context["rows"]}
    assert len(tasks) == 20
    assert rows["经开办(自贸办)"][2] == "lead"  # task 3
    assert rows["经开办(自贸办)"][6] == "responsible"  # task 7
    assert rows["区纪委监委"] == ["responsible" if t.number == 5 else "" for t in tasks]
    assert "全区各相关部门" not in rows


def test_auditor_sees_only_the_audit_log(login, make_user, seed_plan):
    client = login(make_user(Role.AUDITOR))
    assert client.get(reverse("home"))["Location"] == reverse("audit-log")
    assert client.get(reverse("audit-log")).status_code == 200
    assert client.get(reverse("plans:plan-detail", args=[seed_plan.pk])).status_code == 403
    assert client.get(reverse("plans:task-list", args=[seed_plan.pk])).status_code == 403


def test_other_zones_plans_are_invisible_except_to_observers(login, make_user, seed_plan):
    from luoshi.accounts.models import Zone

    other = Zone.objects.create(code="other", name="另一个开发区")
    outsider = make_user(Role.LEADER, username="outsider", user_zone=other)
    client = login(outsider)
    assert client.get(reverse("plans:plan-detail", args=[seed_plan.pk])).status_code == 404
    observer = make_user(Role.OBSERVER, username="observer", user_zone=other)
    client = login(observer)
    assert client.get(reverse("plans:plan-detail", args=[seed_plan.pk])).status_code == 200


def upload(client, content, name="plan.txt"):
    document = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(reverse("plans:plan-import"), {"document": document})


def test_import_shows_a_review_before_saving(login, make_user, roles, seed_content):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    response = upload(client, seed_content, "harbin.txt")
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("plans:plan-import-review", args=[pending.pk])
    assert Plan.objects.count() == 0
    assert "plan_import_pending" not in client.session  # the upload waits in a table
    review = client.get(response["Location"])
    page = review.content.decode()
    assert "推进开发区管理体制改革" in page and "全区各相关部门" in page
    assert review.context["review"].version == 1
    assert len(review.context["review"].new_units) > 20
    assert Plan.objects.count() == 0
    response = client.post(reverse("plans:plan-import-review", args=[pending.pk]),
                           {"confirm": "1"})
    plan = Plan.objects.get()
    assert not PendingImport.objects.exists()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.imported_by.username.startswith("coordinator")
    assert plan.tasks.count() == 20
    # The top bar had no plan while the upload was reviewed; it leads to the plan at once.
    top_bar = client.get(reverse("plans:plan-list")).context["nav_entries"]
    assert reverse("plans:plan-detail", args=[plan.pk]) in [entry.url for entry in top_bar]


def test_import_can_be_cancelled(login, make_user, roles, seed_content):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    location = upload(client, seed_content)["Location"]
    client.post(location, {"cancel": "1"})
    assert Plan.objects.count() == 0
    assert client.get(location).status_code == 404


def test_bad_upload_names_the_file_and_reason(login, make_user, roles):
    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    response = upload(client, b"", "empty.txt")
    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert errors and "empty.txt" in errors[0]
    response = upload(client, b"%PDF-1.4", "plan.pdf")
    assert response.context["form"].errors["document"]
    assert Plan.objects.count() == 0


def test_reporter_cannot_post_an_import(login, make_user, roles, seed_content):
    client = login(make_user(Role.REPORTER, "区工信局"))
    assert upload(client, seed_content).status_code == 403
    coordinator = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    location = upload(coordinator, seed_content)["Location"]
    client = login(make_user(Role.REPORTER, "区工信局"))
    assert client.post(location, {"confirm": "1"}).status_code == 403
    assert Plan.objects.count() == 0


def test_department_filter_is_in_pinyin_order_with_a_chinese_all(login, make_user, seed_plan):
    import re

    client = login(make_user(Role.LEADER))
    page = client.get(reverse("plans:task-list", args=[seed_plan.pk])).content.decode()
    select = page[page.index('name="department"'):]
    select = select[:select.index("</select>")]
    names = re.findall(r">([^<]+)</option>", select)
    assert names[0] == "全部" and "---------" not in page
    assert names.index("动漫基地") < names.index("经开办(自贸办)") < names.index("区财政局")
    assert names.index("区财政局") < names.index("区工信局")
