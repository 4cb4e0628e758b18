"""Every API list pages through one class: page size capped, a bad limit/offset is a 400."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.django_db

LISTS = ["plan-list", "task-list", "department-list", "target-list", "indicator-list",
         "indicator-target-list", "value-list"]
BAD = [("limit", "100000000000000000000"), ("limit", "abc"), ("limit", "0"), ("limit", "-1"),
       ("limit", "1.5"), ("limit", "1001"), ("offset", "-1"), ("offset", "x"),
       ("offset", "100000000000000000000"), ("limit", "١٢")]


@pytest.fixture
def api(seed_plan, zone, make_user):
    from luoshi.monitoring.services import catalogue_install, values_import

    catalogue_install(zone=zone, plan=seed_plan, by=None, origin="tests")
    content = ("指标,期别,累计值\n工业总产值,2026-01/02,300\n工业总产值,2026-03,700\n"
               "进出口总额,2026-03,50\n")
    assert values_import(zone=zone, content=content.encode(), filename="v.csv", by=None,
                         origin="tests").ok
    client = APIClient()
    client.force_authenticate(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    return client


@pytest.mark.parametrize("name", LISTS)
def test_bad_limit_or_offset_is_a_400(api, name):
    for parameter, value in BAD:
        response = api.get(reverse(name), {parameter: value})
        assert response.status_code == 400, (name, parameter, value, response.content)
        assert parameter in response.json()


@pytest.mark.parametrize("name", LISTS)
def test_pages_are_capped_and_follow_on(api, name, settings):
    everything = api.get(reverse(name)).json()
    assert everything["count"] >= 1, name
    first = api.get(reverse(name), {"limit": 1}).json()
    assert len(first["results"]) == 1
    if everything["count"] >= 2:  # one plan only in the seed
        second = api.get(reverse(name), {"limit": 1, "offset": 1}).json()
        assert len(second["results"]) == 1 and first["results"] != second["results"]
        assert first["next"] and "offset=1" in first["next"]
    settings.LUOSHI_API_PAGE_SIZE, settings.LUOSHI_API_MAX_LIMIT = 1, 1
    assert len(api.get(reverse(name)).json()["results"]) == 1
    assert api.get(reverse(name), {"limit": 2}).status_code == 400
