"""Monitoring pages over HTTP: access per role, dashboard, history, consistency, snapshots
(entering and reviewing values: test_entry_pages)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue

from .page_helpers import GXJ_CODES, csv_upload, overdue, store

pytestmark = pytest.mark.django_db

# --- access ------------------------------------------------------------------------------

SIMPLE_URLS = ["dashboard", "catalogue", "entry", "template", "import", "import-errors",
               "review", "consistency", "snapshots"]
OBJECT_URLS = ["indicator-detail", "indicator-edit"]


def all_urls(catalogue):
    pk = catalogue["industrial_output"].pk
    return ([reverse(f"monitoring:{name}") for name in SIMPLE_URLS]
            + [reverse(f"monitoring:{name}", args=[pk]) for name in OBJECT_URLS])


def test_anonymous_is_sent_to_login_from_every_page(client, catalogue):
    login_url = reverse("login")
    for url in all_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login_url}?next="), url
    response = client.post(reverse("monitoring:entry") + "?period=2026-03", {})
    assert response.status_code == 302 and response["Location"].startswith(login_url)


def test_auditor_is_refused_every_page(login, make_user, catalogue):
    client = login(make_user(Role.AUDITOR))
    for url in all_urls(catalogue):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("monitoring:import"), {"file": csv_upload(
        [["工业总产值", "2026-03", "480", "", "亿元", "快报"]])})
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_leader_reads_but_cannot_enter_or_review(login, make_user, catalogue):
    client = login(make_user(Role.LEADER))
    for name in ("dashboard", "catalogue", "consistency", "snapshots"):
        assert client.get(reverse(f"monitoring:{name}")).status_code == 200, name
    for name in ("entry", "template", "import", "review"):
        assert client.get(reverse(f"monitoring:{name}")).status_code == 403, name


# --- dashboard ---------------------------------------------------------------------------



def row_html(content: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{code}">(.*?)</tr>', content, re.S)
    assert match, code
    return match.group(1)


def test_dashboard_shows_a_light_per_indicator_and_the_counts(login, coordinator, march):
    response = login(coordinator).get(reverse("monitoring:dashboard"), {"period": "2026-03"})
    assert response.status_code == 200
    content = response.content.decode()
    rows = {row["code"]: row for _j, row in response.context["rows"]}
    assert len(rows) == 13
    assert rows["industrial_output"]["status"] == "green"  # 700 ≥ 625 (3/12 of 2500)
    assert rows["industrial_output"]["cumulative"] == 700
    assert rows["trade"]["status"] == "red"  # 50 < 0.9 × 75
    assert "light-green" in row_html(content, "industrial_output")
    assert ">700<" in row_html(content, "industrial_output")
    assert "light-red" in row_html(content, "trade")
    missing = "grey" if overdue(date(2026, 4, 15)) else "pending"
    assert rows["retail_sales"]["status"] == missing
    counts = {code: n for code, _label, n in response.context["counts"]}
    assert counts == {"green": 1, "red": 1, missing: 11}
    assert re.search(r'class="tally tally-green"><strong>1</strong>', content)
    assert re.search(r'class="tally tally-red"><strong>1</strong>', content)
    assert re.search(rf'class="tally tally-{missing}"><strong>11</strong>', content)
    # 进出口总额 is listed among the indicators off the path.
    assert [j.indicator.code for j in response.context["behind"]] == ["trade"]


def test_dashboard_puts_the_departments_own_indicators_first(login, gxj_reporter, march):
    response = login(gxj_reporter).get(reverse("monitoring:dashboard"), {"period": "2026-03"})
    codes = [row["code"] for _j, row in response.context["rows"]]
    assert len(codes) == 13
    assert set(codes[:4]) == set(GXJ_CODES)
    content = response.content.decode()
    assert 'class="own"' in row_html(content, "industrial_output")
    assert 'class="own"' not in row_html(content, "trade")


def test_dashboard_defaults_to_the_latest_period_with_data(login, coordinator, march):
    response = login(coordinator).get(reverse("monitoring:dashboard"))
    assert response.context["period"].code == "2026-03"


def test_dashboard_without_values(login, coordinator, catalogue):
    response = login(coordinator).get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    assert response.context["period"] is None and response.context["body"] is None


# --- indicator detail ----------------------------------------------------------------------


def test_indicator_detail_shows_history_and_revisions(login, coordinator, catalogue, zone,
                                                      march):
    store(zone, [["工业总产值", "2026-03", "720", "5.9", "亿元", "快报"]], reason="快报更正")
    pk = catalogue["industrial_output"].pk
    response = login(coordinator).get(reverse("monitoring:indicator-detail", args=[pk]),
                                      {"period": "2026-03"})
    assert response.status_code == 200
    content = response.content.decode()
    periods = [v.period_code for v in response.context["values"]]
    assert periods == ["2026-03", "2022-12"]
    latest = response.context["values"][0]
    # The value is at revision 2 (720, changed for 快报更正); its revisions hold the earlier
    # state only: r1 with 700.
    assert (latest.revision, latest.cumulative, latest.change_reason) == (2, Decimal("720"),
                                                                         "快报更正")
    assert [(r.revision, r.cumulative) for r in latest.revision_list] == [(1, Decimal("700"))]
    assert re.search(r"r1 [^<]*700 ", content)
    assert not re.search(r"<li>r2 ", content)
    history = re.search(r"<tr><td>2026-03</td>(.*?)</tr>", content, re.S)
    assert history, content
    assert ">720<" in history.group(1) and '<td class="num">2</td>' in history.group(1)
    # Why the current figures changed is still shown on the page.
    assert "快报更正" in content
    assert response.context["row"]["cumulative"] == 720
    assert response.context["row"]["status"] == "green"


def test_indicator_detail_of_another_zone_is_not_found(login, coordinator, catalogue):
    from luoshi.accounts.models import Zone

    other = Zone.objects.create(code="other", name="另一个开发区")
    foreign = services.catalogue_install(zone=other, plan=None, by=None, origin="tests")[0]
    response = login(coordinator).get(reverse("monitoring:indicator-detail", args=[foreign.pk]))
    assert response.status_code == 404



# --- consistency ---------------------------------------------------------------------------


def test_consistency_flags_parts_larger_than_the_whole(login, coordinator, catalogue, zone):
    store(zone, [["营业收入", "2026-01/02", "700", "", "亿元", "快报"],
                 ["营业收入", "2026-03", "1000", "", "亿元", "快报"]])
    # Entered separately (another file), so the import cannot compare them with the whole.
    store(zone, [["工业总产值", "2026-01/02", "300", "", "亿元", "快报"],
                 ["建筑业产值", "2026-01/02", "100", "", "亿元", "快报"],
                 ["服务业营业收入", "2026-01/02", "300", "", "亿元", "快报"],
                 ["工业总产值", "2026-03", "600", "", "亿元", "快报"],
                 ["建筑业产值", "2026-03", "100", "", "亿元", "快报"],
                 ["服务业营业收入", "2026-03", "400", "", "亿元", "快报"]])
    response = login(coordinator).get(reverse("monitoring:consistency"), {"period": "2026-03"})
    assert response.status_code == 200
    table = next(t for t in response.context["tables"] if t["whole"].code == "revenue")
    checks = {c.label: c for c in table["checks"]}
    assert checks["2026-01/02"].consistent is True
    assert checks["2026-03"].consistent is False
    assert checks["2026-03"].difference == Decimal("-100")
    assert table["target"].consistent is True  # 2500 + 500 + 3000 = 6000
    content = response.content.decode()
    assert content.count('class="has-error"') == 1


# --- snapshots ---------------------------------------------------------------------------


def test_coordinator_freezes_the_statuses_of_a_period(login, coordinator, march):
    from luoshi.monitoring.models import StatusSnapshot

    client = login(coordinator)
    response = client.post(reverse("monitoring:snapshots"), {"period": "2026-03",
                                                             "title": "三月通报"})
    assert response.status_code == 302
    snapshot = StatusSnapshot.objects.get()
    assert snapshot.period_code == "2026-03" and snapshot.title == "三月通报"
    rows = {row["code"]: row for row in snapshot.rows}
    assert len(rows) == 13
    assert rows["industrial_output"]["status"] == "green"
    assert rows["industrial_output"]["cumulative"] == 700
    page = client.get(reverse("monitoring:snapshots"), {"id": snapshot.pk})
    assert page.status_code == 200 and "三月通报" in page.content.decode()


def test_reporter_cannot_freeze(login, gxj_reporter, march):
    from luoshi.monitoring.models import StatusSnapshot

    login(gxj_reporter).post(reverse("monitoring:snapshots"), {"period": "2026-03"})
    assert not StatusSnapshot.objects.exists()


@pytest.mark.parametrize("period", ["2026-01/02", "2026-03", "2026Q1", "2026-12", "2026",
                                    "2025-12"])
def test_pages_render_for_every_kind_of_period(login, coordinator, catalogue, zone, period):
    store(zone, [
        ["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
        ["工业总产值", "2025-12", "2300", "", "亿元", "正式"],
        ["工业总产值", "2026-01/02", "300", "", "亿元", "快报"],
        ["工业总产值", "2026-03", "700", "", "亿元", "快报"],
        ["地区生产总值", "2022", "900", "", "亿元", "正式"],
        ["地区生产总值", "2026Q1", "300", "5.0", "亿元", "快报"],
        ["高新技术企业", "2022-12", "400", "", "家", "正式"],
        ["高新技术企业", "2025-12", "560", "", "家", "正式"],
        ["高新技术企业", "2026-03", "580", "", "家", "快报"],
        ["规上工业增加值增速", "2026-03", "6.5", "", "%", "快报"],
        ["实际利用外资", "2022-12", "8000", "", "万美元", "正式"],
        ["实际利用外资", "2026-03", "3000", "", "万美元", "快报"],
    ])
    client = login(coordinator)
    for name in ("dashboard", "consistency", "entry", "template"):
        response = client.get(reverse(f"monitoring:{name}"), {"period": period})
        assert response.status_code == 200, (name, period)
    for code in ("industrial_output", "gdp", "high_tech_firms", "fdi"):
        response = client.get(reverse("monitoring:indicator-detail", args=[catalogue[code].pk]),
                              {"period": period})
        assert response.status_code == 200, (code, period)
    api = client.get("/api/v1/statuses/", {"period": period})
    assert api.status_code == 200
