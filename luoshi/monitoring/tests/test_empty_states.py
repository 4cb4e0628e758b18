"""The monitoring pages for a zone whose catalogue has no values yet, and for a zone without a
plan: they render and say, in Chinese, what to do next."""

import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.monitoring.models import Indicator

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "catalogue", "entry", "import", "template", "consistency", "snapshots"]


def pages_render(client, user):
    client.force_login(user)
    for name in PAGES:
        response = client.get(reverse(f"monitoring:{name}"))
        assert response.status_code == 200, (name, response.status_code)


def test_a_new_zone_with_a_catalogue_and_no_values(seed_plan, coordinator, gxj_reporter,
                                                  client):
    for user in (coordinator, gxj_reporter):
        pages_render(client, user)
        indicator = Indicator.objects.get(code="high_tech_firms")
        assert client.get(reverse("monitoring:indicator-detail",
                                  args=[indicator.pk])).status_code == 200
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "尚无数据" in page
    assert "指标目录已有 13 项指标，其中 8 项有方案目标" in page
    assert reverse("monitoring:template") in page and reverse("monitoring:import") in page
    assert "2022 年末数据" in page  # the baseline the paths need
    assert 'id="period-form"' not in page  # no periods to choose from
    catalogue = client.get(reverse("monitoring:catalogue")).content.decode()
    assert "地区生产总值" in catalogue and "1500" in catalogue


def test_a_department_without_the_import_is_told_who_does_what(seed_plan, make_user, client):
    leader = make_user(Role.LEADER, username="leader")
    client.force_login(leader)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "尚无数据" in page and reverse("monitoring:import") not in page
    assert "各部门填报数据或统筹部门导入文件后" in page


def test_a_zone_without_a_plan(coordinator, gxj_reporter, client):
    pages_render(client, gxj_reporter)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "尚无指标" in page and "请联系统筹部门导入实施方案" in page
    pages_render(client, coordinator)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("plans:plan-import") in page
    catalogue = client.get(reverse("monitoring:catalogue")).content.decode()
    assert "尚无指标：导入并接受本区实施方案后自动建立" in catalogue


def test_the_hand_set_mark_shows_in_the_catalogue(seed_plan, coordinator, client):
    from luoshi.monitoring import services

    target = Indicator.objects.get(code="gdp").target
    services.target_update(target=target, fields={"target_value": 1600}, year_targets={},
                           by=coordinator, origin="tests")
    client.force_login(coordinator)
    assert "人工设定" in client.get(reverse("monitoring:catalogue")).content.decode()
