"""The dashboard as documents: the status table's .xlsx and the PDF, read back."""

from datetime import datetime
from decimal import Decimal as D
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from luoshi.domain.documents.dashboard_pdf import dashboard_pdf
from luoshi.domain.documents.dashboard_table import (
    SYNTHETIC_LINE,
    XLSX_COLUMNS,
    DashboardHeading,
    DashboardRow,
    amount,
    dashboard_workbook,
    percent,
)

BEIJING = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 20, 14, 3, tzinfo=BEIJING)
OUTPUT = DashboardRow(
    code="industrial_output", name="工业总产值", unit="亿元", light="green",
    cumulative=D("2083.33"), year_target=D("2500"), target_origin="plan",
    completion=D("0.833332"), pace_value=D("2083.333333333333333333333333"),
    pace_ratio=D("0.99999984"), gap=D("-0.003333333333333333333333333"), yoy=D("5.25"),
    forecast_year_end=D("2810.4"), forecast_low=D("2700"), forecast_high=D("2950.12"),
    probability=D("0.91"), method="seasonal_share",
)
TRADE = DashboardRow(
    code="trade", name="进出口总额", unit="亿元", light="red", cumulative=D("50"),
    year_target=D("300"), target_origin="derived", completion=D("0.1666666666666666666666666667"),
    pace_value=D("75"), pace_ratio=D("0.6666666666666666666666666667"), gap=D("-25"),
    yoy=D("3.0"), yoy_computed=True, method="ets", unreviewed=True,
)
GROWTH = DashboardRow(code="growth", name="规模以上工业增加值增速", unit="%", light="none",
                      cumulative=D("6.5"), as_of="截至2026年三季度", forecast_insufficient=True,
                      forecast_year_end=D("6.1"))
ROWS = [OUTPUT, TRADE, GROWTH]


def heading(synthetic: bool = False, accepted_only: bool = True) -> DashboardHeading:
    return DashboardHeading(zone="哈尔滨经济技术开发区", period_label="2026年10月", exported_at=AT,
                            synthetic=synthetic, accepted_only=accepted_only)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


# --- figures as the page writes them -----------------------------------------------------------

@pytest.mark.parametrize(("value", "places", "text"), [
    (None, 2, "—"), (D("700"), 2, "700"), (D("2083.333333"), 2, "2083.33"),
    (D("1200.50"), 2, "1200.5"),
    (D("-0.0033"), 2, "0"), (D("3.0"), 1, "3"), (D("5.25"), 1, "5.2"), (D("1E+3"), 2, "1000"),
])
def test_amount_as_on_the_page(value, places, text):
    assert amount(value, places) == text


@pytest.mark.parametrize(("value", "places", "text"), [
    (None, 1, "—"), (D("0.1666666666666666666666666667"), 1, "16.7%"), (D("0.91"), 0, "91%"),
    (D("1.1657"), 1, "116.6%"), (D("0.28"), 1, "28.0%"),
])
def test_percent_as_on_the_page(value, places, text):
    assert percent(value, places) == text


# --- .xlsx ---------------------------------------------------------------------------------------

def test_workbook_has_the_title_block_and_the_pages_columns():
    sheet = load_workbook(BytesIO(dashboard_workbook(heading(synthetic=True), ROWS))).active
    assert sheet["A1"].value == SYNTHETIC_LINE == "演示数据(合成)：非统计部门发布数据"
    assert sheet["A2"].value == "哈尔滨经济技术开发区指标监测情况（2026年10月）"
    assert sheet["A3"].value.startswith("数据截至：2026年10月\u3000导出时间：2026-11-20 14:03")
    headers = [c.value for c in sheet[5]]
    assert headers == [column[0] for column in XLSX_COLUMNS]
    assert sheet.freeze_panes == "A6"
    output = {h: c.value for h, c in zip(headers, sheet[6], strict=True)}
    assert output["状态"] == "达到序时进度"
    assert output["指标"] == "工业总产值"
    assert output["累计值"] == 2083.33
    assert output["年度目标"] == 2500 and output["目标来源"] == "方案"
    assert output["序时进度值"] == 2083.33 and output["差距"] == 0  # rounded as on the page
    assert output["完成率"] == pytest.approx(0.8333)
    assert output["同比(%)"] == 5.2
    assert output["预测区间"] == "2700–2950.12" and output["预测方法"] == "历年季节占比法"
    assert output["达标概率"] == 0.91
    completion = sheet.cell(row=6, column=headers.index("完成率") + 1)
    assert completion.number_format == "0.0%"
    trade = {h: c.value for h, c in zip(headers, sheet[7], strict=True)}
    assert trade["状态"] == "明显滞后" and trade["指标"] == "进出口总额（未审核）"
    assert trade["目标来源"] == "推算" and trade["同比为推算"] == "是"
    growth = {h: c.value for h, c in zip(headers, sheet[8], strict=True)}
    assert growth["指标"] == "规模以上工业增加值增速（截至2026年三季度）"
    assert growth["年度目标"] is None and growth["预测区间"] == "数据不足"
    assert sheet.page_setup.orientation == "landscape"


def test_workbook_without_synthetic_values_starts_with_the_title():
    sheet = load_workbook(BytesIO(dashboard_workbook(heading(), ROWS))).active
    assert sheet["A1"].value == "哈尔滨经济技术开发区指标监测情况（2026年10月）"
    assert all(SYNTHETIC_LINE not in str(c.value) for row in sheet.iter_rows() for c in row)


def test_workbook_keeps_formula_like_names_as_text():
    row = DashboardRow(name="=HYPERLINK(\"x\")", unit="+1", light="none")
    sheet = load_workbook(BytesIO(dashboard_workbook(heading(), [row]))).active
    assert sheet["B5"].value == "=HYPERLINK(\"x\")" and sheet["B5"].data_type == "s"
    assert sheet["C5"].data_type == "s"


# --- PDF ------------------------------------------------------------------------------------------

def test_pdf_has_the_title_status_words_and_figures_as_on_the_page():
    content = dashboard_pdf(heading(synthetic=True), ROWS)
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    assert reader.metadata.title == "哈尔滨经济技术开发区指标监测情况（2026年10月）"
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = pdf_text(content)
    assert "哈尔滨经济技术开发区指标监测情况（2026年10月）" in text
    assert "数据截至：2026年10月" in text and "2026-11-20 14:03" in text
    assert text.count(SYNTHETIC_LINE) >= 2  # above the title and in the footer
    for word in ("达到序时进度", "明显滞后", "无目标"):
        assert word in text
    for figure in ("2083.33", "2500", "83.3%", "16.7%", "66.7%", "2810.4", "2700–2950.12",
                   "91%", "5.2", "3*", "-25"):
        assert figure in text, figure
    assert "2083.3333" not in text and "0.1666" not in text  # no unrounded figures
    assert "方案" in text and "推算" in text and "未审核" in text and "数据不足" in text
    assert "截至2026年三季度" in text
    assert "完成率与序时进度" in text  # the chart, with the pace as a share of the target
    assert "第 1 页 / 共 1 页" in text


def test_pdf_without_synthetic_values_says_nothing_of_them():
    text = pdf_text(dashboard_pdf(heading(accepted_only=False), ROWS))
    assert SYNTHETIC_LINE not in text and "合成" not in text
    assert "含未审核数据" in text


def test_pdf_of_many_indicators_runs_over_pages_with_numbers():
    rows = [DashboardRow(name=f"指标{n}", unit="亿元", light="yellow", cumulative=D(n),
                         year_target=D(100), completion=D(n) / 100, pace_value=D(50))
            for n in range(1, 41)]
    content = dashboard_pdf(heading(), rows)
    pages = PdfReader(BytesIO(content)).pages
    assert len(pages) >= 3
    last = len(pages)
    assert f"第 {last} 页 / 共 {last} 页" in pages[-1].extract_text()
    assert "略低于序时进度" in pages[1].extract_text() or "指标" in pages[1].extract_text()


def test_pdf_without_rows():
    text = pdf_text(dashboard_pdf(heading(), []))
    assert "本期无指标数据" in text and "第 1 页 / 共 1 页" in text
