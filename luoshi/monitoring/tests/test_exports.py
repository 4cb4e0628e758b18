"""The dashboard exported: the status table as .xlsx and the dashboard as PDF, over HTTP."""

from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from luoshi.accounts.choices import Role
from luoshi.domain.documents.dashboard_table import SYNTHETIC_LINE
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue

from .page_helpers import store

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = [("dashboard-xlsx", XLSX, ".xlsx"), ("dashboard-pdf", "application/pdf", ".pdf")]



@pytest.fixture
def other_zone(march, make_user):
    """Another zone with its own 工业总产值 (987.65) and coordinator."""
    from luoshi.accounts.models import Zone

    other = Zone.objects.create(code="other", name="另一个开发区")
    services.catalogue_install(zone=other, plan=None, by=None, origin="tests")
    store(other, [["工业总产值", "2026-03", "987.65", "1.5", "亿元", "快报"]])
    return other


def pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def sheet_text(response) -> str:
    sheet = load_workbook(BytesIO(response.content)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row
                     if cell.value is not None)


@pytest.mark.parametrize(("name", "content_type", "suffix"), EXPORTS)
def test_export_is_an_attachment_named_after_the_zone_and_period(login, coordinator, march, name,
                                                                  content_type, suffix):
    response = login(coordinator).get(reverse(f"monitoring:{name}"), {"period": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="hetdz-dashboard-2026-03{suffix}"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == (
        f"哈尔滨经济技术开发区指标监测情况（2026年3月）{suffix}")


def test_excel_holds_the_status_table(login, coordinator, march):
    response = login(coordinator).get(reverse("monitoring:dashboard-xlsx"), {"period": "2026-03"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "哈尔滨经济技术开发区指标监测情况（2026年3月）"
    assert sheet["A2"].value.startswith("数据截至：2026年3月\u3000导出时间：")
    headers = [c.value for c in sheet[4]]
    assert headers[:6] == ["状态", "指标", "单位", "累计值", "年度目标", "目标来源"]
    rows = {row[1]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == 13
    output = rows["工业总产值"]
    assert output["状态"] == "达到序时进度" and output["累计值"] == 700
    assert output["年度目标"] == 2500 and output["目标来源"] == "方案"
    assert output["完成率"] == pytest.approx(0.28) and output["单位"] == "亿元"
    assert rows["进出口总额"]["状态"] == "明显滞后"
    # The page's order: the worst lights first.
    assert next(iter(rows)) == "进出口总额"


def test_pdf_holds_the_title_status_words_and_figures(login, coordinator, march):
    response = login(coordinator).get(reverse("monitoring:dashboard-pdf"), {"period": "2026-03"})
    text = pdf_text(response)
    assert "哈尔滨经济技术开发区指标监测情况（2026年3月）" in text
    assert "数据截至：2026年3月" in text
    assert "达到序时进度" in text and "明显滞后" in text
    assert "28.0%" in text and "16.7%" in text  # 700 / 2500, 50 / 300, as on the page
    assert SYNTHETIC_LINE not in text
    assert "第 1 页" in text


@pytest.mark.parametrize(("name", "content_type", "suffix"), EXPORTS)
def test_synthetic_values_are_announced(login, coordinator, march, name, content_type, suffix):
    IndicatorValue.objects.filter(period_code="2026-03").update(note=SYNTHETIC_NOTE,
                                                                source=SYNTHETIC_NOTE)
    response = login(coordinator).get(reverse(f"monitoring:{name}"), {"period": "2026-03"})
    text = pdf_text(response) if suffix == ".pdf" else sheet_text(response)
    assert text.startswith(SYNTHETIC_LINE)


@pytest.mark.parametrize(("name", "content_type", "suffix"), EXPORTS)
def test_a_role_without_monitoring_is_refused(login, make_user, march, name, content_type,
                                              suffix):
    response = login(make_user(Role.AUDITOR)).get(reverse(f"monitoring:{name}"))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "content_type", "suffix"), EXPORTS)
def test_anonymous_is_sent_to_login(client, march, name, content_type, suffix):
    response = client.get(reverse(f"monitoring:{name}"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "content_type", "suffix"), EXPORTS)
def test_another_zones_data_never_appear(login, coordinator, make_user, other_zone, name,
                                         content_type, suffix):
    read = pdf_text if suffix == ".pdf" else sheet_text
    ours = read(login(coordinator).get(reverse(f"monitoring:{name}"), {"period": "2026-03"}))
    assert "987.65" not in ours and "另一个开发区" not in ours
    assert "700" in ours
    stranger = make_user(Role.COORDINATOR, username="stranger", user_zone=other_zone)
    theirs = read(login(stranger).get(reverse(f"monitoring:{name}"), {"period": "2026-03"}))
    assert "987.65" in theirs and "另一个开发区" in theirs
    assert "哈尔滨经济技术开发区" not in theirs and "2500" not in theirs


def test_exports_read_accepted_figures_only_by_default(login, coordinator, march, gxj_reporter,
                                                       zone):
    # A figure entered but not accepted stays out unless ?unreviewed=1 asks for it.
    store(zone, [["规上工业总产值", "2026-03", "812.34", "5.2", "亿元", "快报"]], by=gxj_reporter)
    client = login(coordinator)
    url = reverse("monitoring:dashboard-xlsx")
    assert "812.34" not in sheet_text(client.get(url, {"period": "2026-03"}))
    assert "812.34" in sheet_text(client.get(url, {"period": "2026-03", "unreviewed": "1"}))


def test_dashboard_links_the_exports_with_its_period(login, coordinator, march):
    client = login(coordinator)
    content = client.get(reverse("monitoring:dashboard"), {"period": "2026-03"}).content.decode()
    assert f'href="{reverse("monitoring:dashboard-xlsx")}?period=2026-03"' in content
    assert f'href="{reverse("monitoring:dashboard-pdf")}?period=2026-03"' in content
    assert "data-print" in content
    content = client.get(reverse("monitoring:dashboard"),
                         {"period": "2026-03", "unreviewed": "1"}).content.decode()
    assert f'{reverse("monitoring:dashboard-pdf")}?period=2026-03&amp;unreviewed=1' in content
