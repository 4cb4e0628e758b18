"""Who sees which figures: accepted ones are the zone's shared picture; unreviewed ones are
seen by their department, the coordinator and leaders only, and never move the default view."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.domain.calendar.periods import Period
from luoshi.monitoring import selectors, services

from .helpers import rows_for, value_of
from .page_helpers import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_history(catalogue, zone):
    """工业总产值 accepted through 2025-09 (the command's authority), baseline 2022."""
    store(zone, [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
                 ["工业总产值", "2025-03", "560", "", "亿元", "正式"],
                 ["工业总产值", "2025-09", "1700", "", "亿元", "快报"]])


def submit(catalogue, zone, user, code, period, cumulative, *, draft=False):
    services.values_store(zone=zone, rows=rows_for(catalogue, code, period, cumulative),
                          by=user, origin="tests", submit=not draft)


@pytest.mark.parametrize(("today", "expected"), [
    (date(2025, 10, 4), "2025-03"),  # September is due on 5 October: not yet
    (date(2025, 10, 6), "2025-09"),
    (date(2025, 12, 20), "2025-09"),  # nothing accepted after September
])
def test_the_default_period_is_the_latest_due_month_with_accepted_values(
        accepted_history, zone, today, expected):
    assert selectors.default_period(zone, today).code == expected


def test_unreviewed_and_draft_values_never_move_the_default_view(
        accepted_history, catalogue, zone, gxj_reporter):
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-10", "1900")
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-11", "2100", draft=True)
    assert selectors.default_period(zone, date(2025, 12, 20)).code == "2025-09"


def test_a_new_zone_with_only_unreviewed_values_opens_on_the_month_due(
        catalogue, zone, gxj_reporter):
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-03", "560")
    assert selectors.default_period(zone, date(2025, 12, 20)).code == "2025-03"
    # Before March is due the page opens on 1-2月, never on a month not yet due.
    assert selectors.default_period(zone, date(2025, 3, 20)).code == "2025-01/02"
    assert selectors.latest_period(zone) is None  # nothing accepted


def test_an_unreviewed_9999_does_not_turn_the_leaders_light_green(
        login, accepted_history, catalogue, zone, gxj_reporter, make_user):
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-10", "9999")
    leader = make_user(Role.LEADER, username="leader")
    client = login(leader)
    page = client.get(reverse("monitoring:dashboard"), {"period": "2025-09"})
    rows = {row["code"]: row for _j, row in page.context["rows"]}
    assert rows["industrial_output"]["cumulative"] == 1700
    assert not page.context["unreviewed_shown"]
    # Chosen explicitly, the leader sees the figure, marked 未审核.
    page = client.get(reverse("monitoring:dashboard"), {"period": "2025-10", "unreviewed": "1"})
    judgement = next(j for j in page.context["judgements"]
                     if j.indicator.code == "industrial_output")
    assert judgement.status.cumulative == Decimal("9999") and judgement.unreviewed
    assert "未审核" in page.content.decode()


def test_other_departments_never_see_unreviewed_values(
        login, accepted_history, catalogue, zone, gxj_reporter, make_user):
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-10", "9999")
    for role, department in ((Role.INSPECTOR, "区纪工委"), (Role.REPORTER, "区商务局"),
                             (Role.HR, "区组织人社局")):
        user = make_user(role, department, username=f"other_{role}")
        client = login(user)
        page = client.get(reverse("monitoring:dashboard"),
                          {"period": "2025-10", "unreviewed": "1"})
        rows = {row["code"]: row for _j, row in page.context["rows"]}
        assert rows["industrial_output"]["cumulative"] is None, role
        # A reporter may include their own department's (区商务局: trade), never 区工信局's.
        assert page.context["unreviewed_available"] == (role == Role.REPORTER), role
        # Nor in the history, the revisions or the API.
        pk = catalogue["industrial_output"].pk
        detail = client.get(reverse("monitoring:indicator-detail", args=[pk]))
        assert [v.period_code for v in detail.context["values"]] == [
            "2025-09", "2025-03", "2022-12"], role
        assert not detail.context["history_visible"]
        api = client.get("/api/v1/values/", {"indicator": "industrial_output"})
        assert "9999" not in api.content.decode(), role


def test_a_department_sees_its_own_unreviewed_values_marked(
        login, accepted_history, catalogue, zone, gxj_reporter):
    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-10", "1900")
    client = login(gxj_reporter)
    page = client.get(reverse("monitoring:dashboard"), {"period": "2025-10", "unreviewed": "1"})
    judgement = next(j for j in page.context["judgements"]
                     if j.indicator.code == "industrial_output")
    assert judgement.status.cumulative == Decimal("1900") and judgement.unreviewed
    pk = catalogue["industrial_output"].pk
    detail = client.get(reverse("monitoring:indicator-detail", args=[pk]))
    assert detail.context["history_visible"]
    assert "2025-10" in [v.period_code for v in detail.context["values"]]


def test_statuses_of_the_api_and_the_command_count_accepted_values_only(
        accepted_history, catalogue, zone, gxj_reporter, coordinator):
    from rest_framework.test import APIClient

    submit(catalogue, zone, gxj_reporter, "industrial_output", "2025-10", "1900")
    api = APIClient()
    api.force_authenticate(coordinator)
    rows = api.get("/api/v1/statuses/", {"period": "2025-10"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert next(r for r in rows if r["code"] == "industrial_output")["cumulative"] is None
    october = Period.month(2025, 10)
    scope = selectors.ValueScope(unreviewed_all=True)
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, october, None, scope)}
    assert statuses["industrial_output"].cumulative == Decimal("1900")


def test_negative_counts_are_refused_on_every_path(login, catalogue, zone, coordinator):
    from .helpers import EN, csv_bytes, do_import

    outcome = do_import(zone, csv_bytes(EN, [["high_tech_firms", "2025-12", "-5", "", "家",
                                              "正式"]]))
    assert not outcome.ok and outcome.errors[0].reason == "negative_count"
    client = login(coordinator)
    pk = catalogue["high_tech_firms"].pk
    response = client.post(reverse("monitoring:entry") + "?period=2025-12", {
        f"cumulative_{pk}": "-5", f"status_{pk}": "final", "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "不能为负数" in content
    # The cell in error is marked, the others of the row are not.
    assert f'class="cell-error"><input name="cumulative_{pk}"' in content
    assert f'class="cell-error"><input name="current_{pk}"' not in content
    assert not selectors.values_in_scope(selectors.ValueScope(unreviewed_all=True,
                                                              drafts=True)).exists()


def test_an_unusual_change_waits_for_the_reporters_confirmation(
        login, accepted_history, catalogue, zone, gxj_reporter, gxj_head):
    client = login(gxj_reporter)
    pk = catalogue["industrial_output"].pk
    url = reverse("monitoring:entry") + "?period=2026-03"
    store(zone, [["工业总产值", "2026-01/02", "300", "", "亿元", "正式"]])
    # 2026-03 against 2025-03 (560): +150 % is beyond the ±50 % threshold.
    response = client.post(url, {f"cumulative_{pk}": "1400", f"status_{pk}": "preliminary",
                                 "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "同比 +150.0%" in content and "confirm-warnings" in content
    assert not selectors.values_in_scope(selectors.ValueScope(unreviewed_all=True)).filter(
        period_code="2026-03").exists()
    response = client.post(url, {f"cumulative_{pk}": "1400", f"status_{pk}": "preliminary",
                                 "action": "submit", "confirm": "1",
                                 "confirm_note": "新投产项目集中释放产能"})
    assert response.status_code == 302
    value = value_of("industrial_output", "2026-03")
    assert value.warnings == ["同比 +150.0%（阈值 ±50%）"]
    assert value.note == "新投产项目集中释放产能" and value.state == "saved"
    # The head sees the warning and the note on review.
    review = login(gxj_head).get(reverse("monitoring:review")).content.decode()
    assert "同比 +150.0%" in review and "新投产项目集中释放产能" in review


def test_the_grid_keeps_a_draft_from_the_head(login, catalogue, zone, gxj_reporter, gxj_head):
    client = login(gxj_reporter)
    pk = catalogue["industrial_output"].pk
    response = client.post(reverse("monitoring:entry") + "?period=2025-03", {
        f"cumulative_{pk}": "560", f"status_{pk}": "final", "action": "draft"})
    assert response.status_code == 302
    assert value_of("industrial_output", "2025-03").state == "draft"
    grid = client.get(reverse("monitoring:entry"), {"period": "2025-03"})
    assert "560" in grid.content.decode()  # the reporter finds the draft again
    assert not selectors.values_awaiting(gxj_head).exists()
    client.post(reverse("monitoring:entry") + "?period=2025-03", {
        f"cumulative_{pk}": "560", f"status_{pk}": "final", "action": "submit"})
    assert value_of("industrial_output", "2025-03").state == "saved"
    assert selectors.values_awaiting(gxj_head).count() == 1
