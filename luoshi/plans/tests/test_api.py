"""The read-only REST API: authentication, scoping and filters as on the pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_requests_are_refused(api, seed_plan):
    for name in ("plan-list", "task-list", "department-list", "target-list"):
        assert api.get(reverse(name)).status_code in (401, 403)


def test_token_authentication(api, make_user, seed_plan, api_key):
    user = make_user(Role.LEADER)
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    plans = results(api.get(reverse("plan-list")))
    assert [p["doc_number"] for p in plans] == ["哈经开委发〔2023〕1号"]
    assert len(plans[0]["sections"]) == 5


def test_token_is_issued_for_valid_credentials(api, make_user, seed_plan):
    make_user(Role.LEADER, username="apiuser")
    response = api.post(reverse("api-token"), {"username": "apiuser", "password": "Qm4#Lx9-Vt2w"})
    assert response.status_code == 200 and response.json()["token"]


def test_tasks_filter_like_the_pages(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.LEADER))
    tasks = results(api.get(reverse("task-list"), {"limit": 100}))
    assert len(tasks) == 20
    task20 = next(t for t in tasks if t["number"] == 20)
    assert task20["section"] == 5
    assert {(u["name"], u["role"], u["collective"]) for u in task20["units"]} == {
        ("经开办(自贸办)", "lead", False), ("全区各相关部门", "responsible", True),
    }
    gxj = Department.objects.get(name="区工信局")
    filtered = results(api.get(reverse("task-list"), {"department": gxj.pk, "role": "responsible"}))
    assert [t["number"] for t in filtered] == [6, 7, 9, 10, 11, 12, 15, 16, 17, 19]
    assert [t["number"] for t in results(api.get(reverse("task-list"), {"section": 2}))] == [
        6, 7, 8, 9,
    ]


def test_reporter_reads_the_whole_plan_and_filters_its_own(api, make_user, seed_plan):
    user = make_user(Role.REPORTER, "区纪委监委")
    api.force_authenticate(user)
    assert len(results(api.get(reverse("task-list")))) == 20
    own = results(api.get(reverse("task-list"), {"department": user.department_id}))
    assert [t["number"] for t in own] == [5]
    assert len(results(api.get(reverse("department-list")))) > 20


def test_targets_and_departments(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.LEADER))
    targets = results(api.get(reverse("target-list")))
    assert [t["indicator"] for t in targets] == [
        "GDP", "营业收入", "工业总产值", "建筑业产值", "服务业营业收入", "高新技术企业",
        "进出口总额", "实际利用外资",
    ]
    assert results(api.get(reverse("target-list"), {"indicator": "外资"}))[0]["unit"] == "亿美元"
    names = [d["name"] for d in results(api.get(reverse("department-list"), {"q": "工信"}))]
    assert names == ["区工信局"]


def test_auditor_has_no_api_access_to_the_ledger(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.AUDITOR))
    assert api.get(reverse("task-list")).status_code == 403


def test_the_api_is_read_only(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    assert api.post(reverse("task-list"), {"number": 21}).status_code == 405
    task = seed_plan.tasks.first()
    assert api.delete(reverse("task-detail", args=[task.pk])).status_code == 405


def test_openapi_schema_describes_the_endpoints(client, make_user):
    client.force_login(make_user(Role.LEADER))  # the schema needs a login
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/plans/", "/api/v1/tasks/", "/api/v1/departments/", "/api/v1/targets/"):
        assert path in text


def test_api_docs_page_uses_vendored_assets(client, make_user):
    client.force_login(make_user(Role.LEADER))
    page = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in page and "//cdn" not in page and "unpkg" not in page


# --- bad input answers 400 (found by tests/api/test_openapi_fuzz.py) ---------------------------
TOO_LARGE = str(2**64)  # past SQLite's and PostgreSQL's integers


def test_whole_number_filters_refuse_fractions_and_numbers_past_the_databases(api, make_user,
                                                                              seed_plan):
    api.force_authenticate(make_user(Role.LEADER))
    for name, params in (("task-list", {"plan": TOO_LARGE}), ("task-list", {"section": "0.5"}),
                         ("target-list", {"plan": TOO_LARGE}), ("target-list", {"year": "0.5"}),
                         ("department-list", {"zone": TOO_LARGE})):
        response = api.get(reverse(name), params)
        assert response.status_code == 400, (name, params, response.content)
        assert set(response.json()) == set(params), (name, params)
    assert len(results(api.get(reverse("task-list"), {"plan": seed_plan.pk}))) == 20


def test_a_correction_that_is_not_an_object_is_refused(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=20)
    url = reverse("task-detail", args=[task.pk])
    for body in ("[]", "null", "7", '"title"'):
        response = api.patch(url, body, content_type="application/json")
        assert response.status_code == 400, (body, response.content)
        assert "non_field_errors" in response.json(), body
    task.refresh_from_db()
    assert not task.corrected


def test_an_expansion_naming_an_id_past_the_databases_is_refused(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=20)
    response = api.post(reverse("task-expand", args=[task.pk]),
                        {"placeholder": "全区各相关部门", "departments": [int(TOO_LARGE)]},
                        format="json")
    assert response.status_code == 400, response.content
    assert "departments" in response.json()


def test_an_expansion_naming_a_department_twice_is_refused(api, make_user, seed_plan):
    api.force_authenticate(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    task = seed_plan.tasks.get(number=20)
    office = Department.objects.get(zone=task.plan.zone, name="经开办(自贸办)")
    response = api.post(reverse("task-expand", args=[task.pk]),
                        {"placeholder": "全区各相关部门", "departments": [office.pk, office.pk]},
                        format="json")
    assert response.status_code == 400, response.content
    assert str(office.pk) in response.json()["departments"][0]
    task.refresh_from_db()
    assert not task.corrected
