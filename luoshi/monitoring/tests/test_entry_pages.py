"""Entering values over HTTP: the department's grid, the review path (head approves,
coordinator accepts or returns), the import page, its error report and the Excel template."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from luoshi.accounts.choices import Role
from luoshi.domain.calendar.periods import Frequency
from luoshi.domain.monitoring.status import latest_due_period
from luoshi.monitoring.models import IndicatorValue
from luoshi.monitoring.problems import PROBLEM_TEXT

from .page_helpers import GXJ_CODES, csv_upload, store, value_of

pytestmark = pytest.mark.django_db


# --- entry grid ----------------------------------------------------------------------------


def entry_url(period="2026-03"):
    return reverse("monitoring:entry") + f"?period={period}"


def test_entry_grid_shows_only_the_departments_indicators(login, gxj_reporter, catalogue):
    response = login(gxj_reporter).get(entry_url())
    assert response.status_code == 200
    codes = [row["indicator"].code for row in response.context["rows"]]
    assert sorted(codes) == sorted(GXJ_CODES)
    content = response.content.decode()
    assert f'name="cumulative_{catalogue["industrial_output"].pk}"' in content
    assert f'name="cumulative_{catalogue["trade"].pk}"' not in content


def test_entry_grid_shows_every_indicator_to_the_coordinator(login, coordinator, catalogue):
    response = login(coordinator).get(entry_url())
    rows = response.context["rows"]
    assert {row["indicator"].code for row in rows} == set(catalogue)
    gdp = next(row for row in rows if row["indicator"].code == "gdp")
    assert gdp["period"].code == "2026Q1"


def test_reporter_saves_values_through_the_grid(login, gxj_reporter, catalogue):
    io_pk, scale_pk, trade_pk = (catalogue[c].pk for c in
                                 ("industrial_output", "industrial_output_above_scale", "trade"))
    response = login(gxj_reporter).post(entry_url(), {
        f"cumulative_{io_pk}": "480", f"current_{io_pk}": "180", f"yoy_{io_pk}": "5.2",
        f"status_{io_pk}": "preliminary",
        f"cumulative_{scale_pk}": "400", f"status_{scale_pk}": "final",
        # Not the department's: the grid has no such row and stores nothing for it.
        f"cumulative_{trade_pk}": "30", f"status_{trade_pk}": "preliminary",
        "reason": "",
    })
    assert response.status_code == 302
    assert response["Location"].endswith("?period=2026-03")
    value = value_of("industrial_output", "2026-03")
    assert (value.cumulative, value.current, value.yoy) == (Decimal("480"), Decimal("180"),
                                                            Decimal("5.2"))
    assert value.state == "saved" and value.updated_by == gxj_reporter
    assert value_of("industrial_output_above_scale", "2026-03").data_status == "final"
    assert not IndicatorValue.objects.filter(indicator__code="trade").exists()
    assert IndicatorValue.objects.count() == 2


def test_first_entry_without_a_period_in_the_address(login, gxj_reporter, catalogue):
    """A fresh zone: the grid opens on the month now due and saving stores its values."""
    client = login(gxj_reporter)
    page = client.get(reverse("monitoring:entry"))
    assert page.status_code == 200
    today = timezone.localdate()
    this_month = latest_due_period(Frequency.MONTH, today).code
    assert page.context["period"].code == this_month
    pk = catalogue["industrial_output"].pk
    response = client.post(reverse("monitoring:entry"), {
        f"cumulative_{pk}": "480", f"status_{pk}": "preliminary"})
    assert response.status_code == 302
    assert value_of("industrial_output", this_month).cumulative == Decimal("480")


def test_grid_with_bad_cells_saves_nothing_and_marks_the_rows(login, gxj_reporter, catalogue):
    io_pk, scale_pk = catalogue["industrial_output"].pk, catalogue[
        "industrial_output_above_scale"].pk
    response = login(gxj_reporter).post(entry_url(), {
        f"cumulative_{io_pk}": "四百八十", f"status_{io_pk}": "preliminary",
        f"cumulative_{scale_pk}": "400", f"status_{scale_pk}": "preliminary",
    })
    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0
    rows = {row["indicator"].code: row for row in response.context["rows"]}
    assert [e["column"] for e in rows["industrial_output"]["errors"]] == ["累计值"]
    assert rows["industrial_output_above_scale"]["errors"] == []
    assert 'value="四百八十"' in response.content.decode()  # what was typed is kept


def test_grid_refuses_a_cumulative_below_an_earlier_month(login, gxj_reporter, catalogue, zone):
    store(zone, [["工业总产值", "2026-03", "480", "", "亿元", "快报"]])
    pk = catalogue["industrial_output"].pk
    response = login(gxj_reporter).post(entry_url("2026-04"), {
        f"cumulative_{pk}": "450", f"status_{pk}": "preliminary"})
    assert response.status_code == 400
    assert not IndicatorValue.objects.filter(period_code="2026-04").exists()


# --- review over HTTP --------------------------------------------------------------------


@pytest.fixture
def entered(login, gxj_reporter, catalogue):
    pk = catalogue["industrial_output"].pk
    response = login(gxj_reporter).post(entry_url(), {
        f"cumulative_{pk}": "480", f"yoy_{pk}": "5.2", f"status_{pk}": "final"})
    assert response.status_code == 302
    return value_of("industrial_output", "2026-03")


def review(client, value, action, reason=""):
    return client.post(reverse("monitoring:review"),
                       {"value": [value.pk], "action": action, "reason": reason})


def test_review_path_over_http(client, entered, gxj_head, coordinator):
    client.force_login(gxj_head)
    page = client.get(reverse("monitoring:review"))
    assert [v.pk for v in page.context["values"]] == [entered.pk]
    assert review(client, entered, "accept").status_code == 302
    entered.refresh_from_db()
    assert entered.state == "approved"

    client.force_login(coordinator)
    page = client.get(reverse("monitoring:review"))
    assert [v.pk for v in page.context["values"]] == [entered.pk]
    assert review(client, entered, "accept").status_code == 302
    entered.refresh_from_db()
    assert entered.state == "accepted" and entered.locked


def test_return_over_http_needs_a_reason(client, entered, gxj_head, coordinator):
    client.force_login(gxj_head)
    review(client, entered, "accept")
    client.force_login(coordinator)
    review(client, entered, "return", reason="")
    entered.refresh_from_db()
    assert entered.state == "approved"
    review(client, entered, "return", reason="请核对累计值")
    entered.refresh_from_db()
    assert entered.state == "returned" and entered.return_reason == "请核对累计值"


def test_head_of_another_department_cannot_approve_over_http(client, entered, make_user):
    other = make_user(Role.HEAD, "区商务局", username="swj_head")
    client.force_login(other)
    assert entered.pk not in [v.pk for v in client.get(reverse("monitoring:review"))
                              .context["values"]]
    review(client, entered, "accept")
    entered.refresh_from_db()
    assert entered.state == "saved"


def test_coordinator_of_another_zone_cannot_accept(client, entered, gxj_head, make_user):
    from luoshi.accounts.models import Zone

    client.force_login(gxj_head)
    review(client, entered, "accept")
    other = Zone.objects.create(code="other", name="另一个开发区")
    stranger = make_user(Role.COORDINATOR, username="stranger", user_zone=other)
    client.force_login(stranger)
    assert list(client.get(reverse("monitoring:review")).context["values"]) == []
    review(client, entered, "accept")
    review(client, entered, "return", reason="不是你的")
    entered.refresh_from_db()
    assert entered.state == "approved"


def test_reporter_cannot_review_over_http(client, entered, gxj_reporter):
    client.force_login(gxj_reporter)
    assert review(client, entered, "accept").status_code == 403
    entered.refresh_from_db()
    assert entered.state == "saved"


def test_locked_value_in_the_grid_needs_a_reason(client, entered, gxj_head, coordinator,
                                                 gxj_reporter, catalogue):
    client.force_login(gxj_head)
    review(client, entered, "accept")
    client.force_login(coordinator)
    review(client, entered, "accept")
    entered.refresh_from_db()
    assert entered.locked
    pk = catalogue["industrial_output"].pk
    client.force_login(gxj_reporter)
    response = client.post(entry_url(), {f"cumulative_{pk}": "500", f"yoy_{pk}": "5.2",
                                         f"status_{pk}": "final"})
    assert response.status_code == 400
    entered.refresh_from_db()
    assert entered.cumulative == Decimal("480") and entered.locked
    response = client.post(entry_url(), {f"cumulative_{pk}": "500", f"yoy_{pk}": "5.2",
                                         f"status_{pk}": "final", "reason": "年报修订"})
    assert response.status_code == 302
    entered.refresh_from_db()
    # A correction request: the accepted figure stands until the coordinator decides.
    assert entered.cumulative == Decimal("480") and entered.state == "accepted"
    correction = entered.corrections.get()
    assert (correction.cumulative, correction.reason, correction.requested_by) == (
        Decimal("500"), "年报修订", gxj_reporter)
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:review"))
    assert "年报修订" in page.content.decode()
    response = client.post(reverse("monitoring:review"), {
        "action": "correction-accept", "correction": correction.pk})
    assert response.status_code == 302
    entered.refresh_from_db()
    assert entered.cumulative == Decimal("500") and entered.state == "accepted"
    assert entered.locked and entered.revision == 2 and entered.change_reason == "年报修订"
    # The accepted state the correction replaced is kept as a revision.
    kept = entered.revisions.order_by("-at", "-pk").first()
    assert (kept.revision, kept.cumulative, kept.state, kept.by_id) == (
        1, Decimal("480"), "accepted", coordinator.pk)


# --- import page, error report, template ------------------------------------------------


def test_import_page_stores_a_good_file(login, coordinator, catalogue):
    response = login(coordinator).post(reverse("monitoring:import"), {"file": csv_upload(
        [["工业总产值", "2026-03", "480", "5.2", "亿元", "快报"],
         ["进出口总额", "2026-03", "250000", "", "万元", "快报"]])})
    assert response.status_code == 302
    assert value_of("trade", "2026-03").cumulative == Decimal("25")


def test_error_report_names_row_column_and_reason(login, coordinator, catalogue):
    client = login(coordinator)
    response = client.post(reverse("monitoring:import"), {"file": csv_upload(
        [["工业总产值", "2026-03", "480", "", "亿元", "快报"],
         ["工业总产值", "2026-04", "abc", "", "亿元", "快报"],
         ["进出口总额", "2026-03", "30", "", "家", "快报"]], name="坏文件.csv")})
    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0
    report = client.get(reverse("monitoring:import-errors"))
    assert report.status_code == 200
    assert report["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(report.content)).active
    rows = [tuple("" if c is None else str(c) for c in row)
            for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("文件", "行", "列", "原因", "说明")
    with translation.override("zh-hans"):
        not_a_number, wrong_unit = (str(PROBLEM_TEXT["not_a_number"]),
                                    str(PROBLEM_TEXT["wrong_unit"]))
    assert [r[:4] for r in rows[1:]] == [("坏文件.csv", "3", "累计值", not_a_number),
                                         ("坏文件.csv", "4", "单位", wrong_unit)]
    assert rows[1][4] == "abc"


def test_import_page_refuses_a_locked_change_without_reason(client, entered, gxj_head,
                                                            coordinator):
    client.force_login(gxj_head)
    review(client, entered, "accept")
    client.force_login(coordinator)
    review(client, entered, "accept")
    response = client.post(reverse("monitoring:import"), {"file": csv_upload(
        [["工业总产值", "2026-03", "500", "5.2", "亿元", "正式"]])})
    assert response.status_code == 400
    entered.refresh_from_db()
    assert entered.cumulative == Decimal("480") and entered.locked
    assert "工业总产值" in response.content.decode()


def test_reporter_cannot_import_another_departments_file(login, gxj_reporter, catalogue):
    response = login(gxj_reporter).post(reverse("monitoring:import"), {"file": csv_upload(
        [["工业总产值", "2026-03", "480", "", "亿元", "快报"],
         ["进出口总额", "2026-03", "30", "", "亿元", "快报"]])})
    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [("3", "指标")]


def test_template_has_the_chinese_headers_and_the_departments_indicators(
        login, gxj_reporter, catalogue):
    response = login(gxj_reporter).get(reverse("monitoring:template"), {"period": "2026-03"})
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["指标", "期别", "累计值", "当月值", "同比(%)", "单位", "状态"]
    names = {catalogue[code].name for code in GXJ_CODES}
    assert {r[0] for r in rows[1:]} == names
    assert {r[1] for r in rows[1:]} == {"2026-03"}
    units = {r[0]: r[5] for r in rows[1:]}
    assert units["工业总产值"] == "亿元" and units["高新技术企业"] == "家"


def test_filled_template_imports(login, gxj_reporter, catalogue):
    client = login(gxj_reporter)
    response = client.get(reverse("monitoring:template"), {"period": "2026-03"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    figures = {"工业总产值": 480, "规上工业总产值": 400, "规上工业增加值增速": 6.5,
               "高新技术企业": 610}
    for row in sheet.iter_rows(min_row=2):
        row[2].value = figures[row[0].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("模板.xlsx", buffer.getvalue())
    response = client.post(reverse("monitoring:import"), {"file": upload})
    assert response.status_code == 302, response.context and response.context.get("errors")
    stored = dict(IndicatorValue.objects.values_list("indicator__code", "cumulative"))
    assert stored == {"industrial_output": Decimal("480"),
                      "industrial_output_above_scale": Decimal("400"),
                      "industrial_value_added_growth": Decimal("6.5"),
                      "high_tech_firms": Decimal("610")}
    # The next template carries the stored figures.
    again = load_workbook(io.BytesIO(client.get(reverse("monitoring:template"),
                                                {"period": "2026-03"}).content)).active
    assert {r[0]: r[2] for r in again.iter_rows(min_row=2, values_only=True)}["工业总产值"] == 480
