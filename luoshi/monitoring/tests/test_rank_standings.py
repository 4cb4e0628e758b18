"""Rank standings (排名对标): stored by one audited service, shown on the dashboard beside the
plan's rank targets."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from config.urls import urlpatterns as product_urls
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.monitoring import rank_selectors, views
from luoshi.monitoring.models import RankStanding
from luoshi.monitoring.rank_services import rank_standings_store
from luoshi.monitoring.views import benchmark_url
from luoshi.plans.services import plan_import

pytestmark = pytest.mark.django_db

# The product without a benchmark page, and with one (it stands in an app above monitoring).
class WITHOUT_BENCHMARK:  # noqa: N801 - a URLconf, like a module
    urlpatterns = [pattern for pattern in product_urls if str(pattern.pattern) != "benchmark/"]


class WITH_BENCHMARK:  # noqa: N801
    urlpatterns = [
        *WITHOUT_BENCHMARK.urlpatterns,
        path("benchmark/", include(([path("", lambda request: HttpResponse("ok"), name="index")],
                                    "benchmark"))),
    ]

NATIONAL = {"scope": "全国", "rank": 42, "low": 35, "high": 50, "of": 230}
CENTRAL = {"scope": "中部地区", "rank": 4, "low": 3, "high": 7, "of": 60}


def store(zone, standings, year=2025, by=None, method="综合评价法（权重见方法说明）"):
    return rank_standings_store(zone=zone, year=year, standings=standings, method=method, by=by,
                                origin="tests")


def entries():
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RankStanding)).order_by("pk")


def standings(zone):
    return {s.scope: (s.year, s.rank, s.low, s.high, s.of)
            for s in RankStanding.objects.filter(zone=zone)}


# --- the service ----------------------------------------------------------------------------


def test_storing_an_evaluation_is_audited_as_one_operation(zone, coordinator):
    stored = store(zone, [NATIONAL, CENTRAL], by=coordinator)
    assert [s.scope for s in stored] == ["全国", "中部"]  # 中部地区 is stored as 中部
    assert standings(zone) == {"全国": (2025, 42, 35, 50, 230), "中部": (2025, 4, 3, 7, 60)}
    assert stored[0].method.startswith("综合评价法") and stored[0].evaluated_at is not None
    logged = list(entries())
    assert [e.action for e in logged] == [LogEntry.Action.CREATE] * 2
    assert {e.actor for e in logged} == {coordinator}
    assert {e.additional_data["origin"] for e in logged} == {"tests"}
    assert len({e.cid for e in logged}) == 1


def test_a_new_evaluation_replaces_the_zones_standings(zone):
    store(zone, [NATIONAL, CENTRAL])
    first_national = RankStanding.objects.get(zone=zone, scope="全国")
    store(zone, [{**NATIONAL, "rank": 38, "low": 30, "high": 45}], year=2026)
    assert standings(zone) == {"全国": (2026, 38, 30, 45, 230)}
    # The scope kept is updated in place, the one left out removed: before → after is audited.
    assert RankStanding.objects.get(zone=zone, scope="全国").pk == first_national.pk
    update = entries().filter(action=LogEntry.Action.UPDATE).get()
    assert [str(v) for v in update.changes_dict["rank"]] == ["42", "38"]
    assert entries().filter(action=LogEntry.Action.DELETE).count() == 1
    second = entries().filter(action__in=[LogEntry.Action.UPDATE, LogEntry.Action.DELETE])
    assert len({e.cid for e in second}) == 1


def test_an_empty_evaluation_removes_them_and_other_zones_are_untouched(zone):
    other = Zone.objects.create(code="other", name="另一开发区")
    store(zone, [NATIONAL])
    store(other, [CENTRAL])
    store(zone, [])
    assert standings(zone) == {}
    assert standings(other) == {"中部": (2025, 4, 3, 7, 60)}


def test_the_band_and_count_may_be_unknown(zone):
    store(zone, [{"scope": "全国", "rank": 12, "low": None, "high": None, "of": None}])
    assert standings(zone) == {"全国": (2025, 12, None, None, None)}


@pytest.mark.parametrize("bad", [
    [NATIONAL, {**NATIONAL, "rank": 40}],  # one scope twice
    [NATIONAL, {**CENTRAL, "scope": "中部"}, {**CENTRAL, "scope": "中部地区"}],
    [{**NATIONAL, "low": 45}],  # the band does not hold the place
    [{**NATIONAL, "high": 40}],
    [{**NATIONAL, "rank": 0}],
    [{**NATIONAL, "rank": "42"}],
    [{**NATIONAL, "rank": None}],
    [{**NATIONAL, "scope": " "}],
    [{**NATIONAL, "of": 45}],  # more places than zones
    [{**NATIONAL, "rnak": 3}],  # a key the service does not know
])
def test_a_malformed_evaluation_saves_nothing(zone, bad):
    store(zone, [CENTRAL])
    before = (standings(zone), entries().count())
    with pytest.raises(ValidationError):
        store(zone, bad)
    assert (standings(zone), entries().count()) == before


@pytest.mark.parametrize("year", [0, 1800, "2025", None])
def test_the_data_year_must_be_a_year(zone, year):
    with pytest.raises(ValidationError):
        store(zone, [NATIONAL], year=year)
    assert not RankStanding.objects.exists()


# --- the dashboard ---------------------------------------------------------------------------


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, username="leader")


def panel(response) -> str:
    assert response.status_code == 200
    match = re.search(r'<section class="card" id="rank-targets">(.*?)</section>',
                      response.content.decode(), re.S)
    assert match, "no rank panel"
    return match.group(1)


def rank_row(html: str, scope: str) -> str:
    match = re.search(rf'<tr data-scope="{scope}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, scope
    return re.sub(r"\s+", " ", match.group(1))


def dashboard(client, **params):
    return client.get(reverse("monitoring:dashboard"), params)


@pytest.mark.parametrize("who", ["leader", "gxj_reporter"])
def test_the_panel_before_any_evaluation(login, request, catalogue, who):
    html = panel(dashboard(login(request.getfixturevalue(who))))
    assert "排名目标" in html
    national, central = rank_row(html, "全国"), rank_row(html, "中部")
    assert "国家级经开区综合发展水平考核评价综合排名" in national
    assert "全国前30名（第一方阵）" in national and "到2026年" in national
    assert "中部前5名" in central and "第一方阵" not in central
    for row in (national, central):
        assert "尚未对标" in row and "light-" not in row
        # A link to the benchmark page when the product has one.
        assert ('href="/benchmark/"' in row) == (benchmark_url() == "/benchmark/")


@pytest.mark.parametrize("who", ["leader", "gxj_reporter"])
def test_the_panel_with_the_latest_evaluation(login, request, catalogue, zone, who):
    store(zone, [NATIONAL, CENTRAL])
    html = panel(dashboard(login(request.getfixturevalue(who))))
    national, central = rank_row(html, "全国"), rank_row(html, "中部")
    assert "第42名（90%区间 35–50）" in national and "共230家参评" in national
    assert ">2025<" in national.replace(" ", "")
    assert "light-red" in national and "未达目标名次" in national  # 42 > 30 + 5
    assert "第4名（90%区间 3–7）" in central and "light-green" in central
    assert "尚未对标" not in html
    store(zone, [{**NATIONAL, "rank": 33, "low": None, "high": None}])
    html = panel(dashboard(login(request.getfixturevalue(who))))
    national = rank_row(html, "全国")
    assert "light-yellow" in national and "接近目标名次" in national
    assert "第33名" in national and "区间" not in national
    assert "尚未对标" in rank_row(html, "中部")


def test_the_panel_beside_the_status_table(login, coordinator, march, zone):
    store(zone, [NATIONAL])
    response = dashboard(login(coordinator), period="2026-03")
    content = response.content.decode()
    assert content.index('id="status-table"') < content.index('id="rank-targets"')
    assert "第42名" in rank_row(panel(response), "全国")


def test_a_benchmark_page_is_linked_when_the_product_has_one(login, leader, catalogue,
                                                             settings):
    settings.ROOT_URLCONF = WITHOUT_BENCHMARK
    assert benchmark_url() is None
    settings.ROOT_URLCONF = WITH_BENCHMARK
    assert benchmark_url() == "/benchmark/"
    html = panel(dashboard(login(leader)))
    assert 'href="/benchmark/"' in rank_row(html, "全国")
    assert 'href="/benchmark/"' in rank_row(html, "中部")


def test_without_a_benchmark_page_the_panel_links_nowhere(login, leader, catalogue,
                                                          monkeypatch):
    monkeypatch.setattr(views, "benchmark_url", lambda: None)
    html = panel(dashboard(login(leader)))
    assert "尚未对标" in rank_row(html, "全国") and "<a " not in rank_row(html, "全国")


def test_no_panel_for_a_plan_without_rank_targets(login, zone, roles, seed_content, make_user):
    text = seed_content.decode().replace(
        "力争用三年时间进入国家级经开区第一方阵,中部地区前5名", "力争用三年时间争先晋位")
    plan_import(zone=zone, content=text.encode(), filename="p.txt", by=None, origin="tests")
    store(zone, [NATIONAL])  # a standing alone is no target
    response = dashboard(login(make_user(Role.LEADER)))
    assert response.status_code == 200
    assert 'id="rank-targets"' not in response.content.decode()
    assert response.context["rank_rows"] == []


def test_no_panel_for_a_zone_set_up_from_nothing(login, make_user):
    response = dashboard(login(make_user(Role.LEADER)))
    assert response.status_code == 200
    assert 'id="rank-targets"' not in response.content.decode()


def test_an_observer_sees_the_zone_they_chose(login, catalogue, zone, roles):
    from luoshi.accounts.services import user_upsert

    other = Zone.objects.create(code="other", name="另一开发区")
    observer = user_upsert(username="observer", role=Role.OBSERVER, zone=other, department=None,
                           password="Qm4#Lx9-Vt2w", by=None, origin="tests")
    store(zone, [NATIONAL])
    response = dashboard(login(observer), zone=zone.code)
    assert "第42名" in rank_row(panel(response), "全国")


def test_the_panel_costs_the_same_queries_whatever_the_zone_holds(login, leader, catalogue,
                                                                   zone):
    client = login(leader)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert dashboard(client).status_code == 200
        return len(captured)

    dashboard(client)  # warm the caches (content types, sessions)
    before = queries()
    store(zone, [NATIONAL, CENTRAL])
    assert queries() == before
    with CaptureQueriesContext(connection) as captured:
        assert len(rank_selectors.zone_rank_rows(zone)) == 2
    assert len(captured) == 2
