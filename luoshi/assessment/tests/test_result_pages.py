"""The results over HTTP, role by role: the scoreboard, a unit's page, appeals and their
answers, the API; drafts only for the coordinator, a unit's users only their own unit."""

import pytest
from django.urls import reverse

from luoshi.assessment import services
from luoshi.assessment.models import Appeal

from .helpers import YEAR, result_of

pytestmark = pytest.mark.django_db

EVERY_UNIT = ("coordinator", "leader", "inspector", "hr", "observer")


@pytest.fixture
def draft(scheme, people):
    return services.results_build(scheme=scheme, by=people["coordinator"], origin="tests")


@pytest.fixture
def published(draft, people):
    return services.results_step(assessment=draft, action="publish",
                                 by=people["coordinator"], origin="tests")


def unit_url(people, who):
    return reverse("assessment:unit", args=[YEAR, people[who].department_id])


def test_a_draft_is_the_coordinators_alone(client, people, draft):
    client.force_login(people["coordinator"])
    page = client.get(reverse("assessment:year", args=[YEAR])).content.decode()
    assert "区营商局" in page and "93.00" in page
    for who in ("leader", "inspector", "hr", "head_sw", "reporter_sw"):
        client.force_login(people[who])
        page = client.get(reverse("assessment:year", args=[YEAR])).content.decode()
        assert "93.00" not in page, who
        assert client.get(unit_url(people, "head_sw")).status_code == 403, who
        assert client.get("/api/v1/assessments/").json()["results"] == [], who


def test_published_results_every_unit_for_the_readers_of_all(client, people, published):
    for who in EVERY_UNIT:
        client.force_login(people[who])
        page = client.get(reverse("assessment:year", args=[YEAR])).content.decode()
        assert "区营商局" in page and "区司法局" in page and "79.20" in page, who
        assert client.get(unit_url(people, "head_sf")).status_code == 200, who
        found = client.get("/api/v1/assessments/").json()["results"]
        assert {r["unit"] for r in found[0]["results"]} >= {"区营商局", "区司法局"}, who


def test_a_units_users_see_their_own_line_only(client, people, published):
    for who in ("head_sw", "reporter_sw"):
        client.force_login(people[who])
        page = client.get(reverse("assessment:year", args=[YEAR])).content.decode()
        assert "区商务局" in page and "90.00" in page
        assert "区营商局" not in page and "93.00" not in page
        assert client.get(unit_url(people, "head_sw")).status_code == 200
        assert client.get(unit_url(people, "head_ys")).status_code == 403
        found = client.get("/api/v1/assessments/").json()["results"]
        assert [r["unit"] for r in found[0]["results"]] == ["区商务局"]


def test_every_number_on_the_unit_page_has_its_reason(client, people, published):
    client.force_login(people["head_sw"])
    page = client.get(unit_url(people, "head_sw")).content.decode()
    for text in ("90.00", "85.00", "68.00", "5个评议分，去掉最高分95和最低分70",
                 "全年未收到督办单", "商务部通报", "同一事项在“表彰”中只按最高级别计一次",
                 "总分90.00，达到“优秀”（≥90）", "名额1个已满，降为下一等次"):
        assert text in page, text


def test_a_head_appeals_and_the_coordinator_grants_over_http(client, people, published):
    client.force_login(people["reporter_sw"])  # a reporter may read but not appeal
    response = client.post(reverse("assessment:appeal", args=[YEAR,
                                                             people["head_sw"].department_id]),
                           {"line_kind": "item", "line": "领导评议", "reason": "偏低"})
    assert Appeal.objects.count() == 0 and response.status_code == 403
    client.force_login(people["head_sw"])
    assert "Send the appeal" in client.get(unit_url(people, "head_sw")).content.decode() or \
        "提交申诉" in client.get(unit_url(people, "head_sw")).content.decode()
    client.post(reverse("assessment:appeal", args=[YEAR, people["head_sw"].department_id]),
                {"line_kind": "item", "line": "领导评议", "reason": "全年招商成效未计入",
                 "evidence": "招商台账"})
    appeal = Appeal.objects.get()
    client.force_login(people["leader"])  # not the coordinator: refused
    response = client.post(reverse("assessment:answer", args=[appeal.pk]),
                           {"grant": "1", "new_raw": "95", "answer": "同意"})
    appeal.refresh_from_db()
    assert response.status_code == 403
    assert appeal.state == "pending"
    client.force_login(people["coordinator"])
    client.post(reverse("assessment:answer", args=[appeal.pk]),
                {"grant": "1", "new_raw": "95", "answer": "招商成效属实"})
    published.refresh_from_db()
    assert result_of(published, "区商务局")["total"] == "98.00"  # 95×0.8+20+2


def test_only_the_coordinator_publishes_over_http(client, people, draft):
    client.force_login(people["leader"])
    client.post(reverse("assessment:step", args=[YEAR, "publish"]))
    draft.refresh_from_db()
    assert draft.state == "draft"
    client.force_login(people["coordinator"])
    client.post(reverse("assessment:step", args=[YEAR, "publish"]))
    draft.refresh_from_db()
    assert draft.state == "published"


def test_the_workbench_shows_the_result_to_the_head_and_the_appeal_to_the_coordinator(
        client, people, published, rf):
    from luoshi.assessment import workbench

    request = rf.get("/")
    request.user = people["head_sw"]
    [item] = workbench.items(request)
    assert "90.00" in item.detail and str(published.appeal_until) in item.detail
    services.appeal_raise(assessment=published, department=people["head_sw"].department,
                          line_kind="item", line="领导评议", reason="偏低", evidence="",
                          by=people["head_sw"], origin="tests")
    request.user = people["coordinator"]
    [item] = workbench.items(request)
    assert "区商务局" in item.detail and "领导评议" in item.detail
    assert item.url == reverse("assessment:unit", args=[YEAR, people["head_sw"].department_id])
