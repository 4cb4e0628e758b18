"""The city bureau (observer) switches between zones and compares them on one page; a zone's
own users see only their zone."""

from datetime import date

import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.monitoring import selectors
from luoshi.monitoring.city import default_periods
from luoshi.monitoring.services import catalogue_install
from luoshi.plans.services import plan_import

from .page_helpers import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_zones(catalogue, zone, seed_content):
    """hetdz (the seed plan) and a second zone with the same plan and other figures."""
    other = Zone.objects.create(code="second", name="第二开发区")
    plan, _created = plan_import(zone=other, content=seed_content, filename="plan.txt", by=None,
                                 origin="tests")
    catalogue_install(zone=other, plan=plan, by=None, origin="tests")
    store(zone, [["高新技术企业", "2025-12", "600", "", "家", "正式"],
                 ["高新技术企业", "2026-03", "630", "", "家", "正式"]])
    store(other, [["高新技术企业", "2025-12", "300", "", "家", "正式"],
                  ["高新技术企业", "2026-03", "290", "", "家", "正式"]])
    return zone, other


def test_an_observer_compares_the_zones_and_drills_into_one(login, two_zones, make_user):
    zone, other = two_zones
    observer = make_user(Role.OBSERVER, username="city")
    client = login(observer)
    page = client.get(reverse("monitoring:city"), {"sort": "high_tech_firms"})
    assert page.status_code == 200
    rows = page.context["overview"].rows
    assert [r.zone.code for r in rows] == ["hetdz", "second"]
    firms = [r.cells["high_tech_firms"] for r in rows]
    assert [c.rank for c in firms] == [1, 2]
    assert firms[0].completion > firms[1].completion
    content = page.content.decode()
    assert "第二开发区" in content and "?zone=second" in content
    # Drill into the second zone: its own figures, with a switcher.
    dashboard = client.get(reverse("monitoring:dashboard"), {"zone": "second"})
    assert dashboard.status_code == 200
    assert dashboard.context["zone"] == other
    rows = {row["code"]: row for _j, row in dashboard.context["rows"]}
    assert rows["high_tech_firms"]["cumulative"] == 290
    assert 'id="zone-form"' in dashboard.content.decode()


def test_zone_users_cannot_switch_zones_nor_open_the_city_overview(login, two_zones,
                                                                   coordinator, make_user):
    client = login(coordinator)
    assert client.get(reverse("monitoring:dashboard"), {"zone": "second"}).status_code == 403
    assert client.get(reverse("monitoring:city")).status_code == 403
    page = client.get(reverse("monitoring:dashboard"))
    assert 'id="zone-form"' not in page.content.decode()
    leader = make_user(Role.LEADER, username="leader")
    assert login(leader).get(reverse("monitoring:city")).status_code == 403


def test_the_overview_costs_the_same_queries_for_more_zones(two_zones, seed_content):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.monitoring.city import city_overview

    today = date(2026, 4, 20)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            overview = city_overview(Zone.objects.all(), today)
        assert all(row.cells for row in overview.rows)
        return len(captured)

    two = queries()
    third = Zone.objects.create(code="third", name="第三开发区")
    plan, _created = plan_import(zone=third, content=seed_content, filename="plan.txt",
                                 by=None, origin="tests")
    catalogue_install(zone=third, plan=plan, by=None, origin="tests")
    store(third, [["高新技术企业", "2026-03", "100", "", "家", "正式"]])
    assert queries() == two <= 4


def test_the_demo_banner_follows_the_zone_shown(login, two_zones, make_user):
    from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
    from luoshi.monitoring.models import IndicatorValue

    zone, other = two_zones
    IndicatorValue.objects.filter(indicator__zone=other).update(source=SYNTHETIC_NOTE)
    client = login(make_user(Role.OBSERVER, username="city"))
    own = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "synthetic-banner" not in own  # the observer's own zone holds real figures
    assert "synthetic-banner" in client.get(
        reverse("monitoring:dashboard"), {"zone": "second"}).content.decode()
    assert "synthetic-banner" in client.get(reverse("monitoring:city")).content.decode()


@pytest.mark.parametrize("today", [date(2026, 4, 6), date(2026, 4, 4), date(2026, 6, 20),
                                   date(2027, 9, 1)])
def test_the_overview_opens_each_zone_where_its_dashboard_does(two_zones, today):
    """On time (the due month), late (an earlier month), silent for long: the overview's
    query per batch of zones agrees with each zone's own rule."""
    zone, other = two_zones
    store(other, [["高新技术企业", "2026-01/02", "295", "", "家", "正式"]])
    zones = [zone, other, Zone.objects.create(code="empty", name="空开发区")]
    expected = {z.pk: selectors.default_period(z, today) for z in zones}
    assert default_periods(zones, today) == {pk: p for pk, p in expected.items() if p}
