from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.catalogue import default_catalogue
from luoshi.domain.monitoring.tables import TableError, canonical_column, read_table
from luoshi.domain.monitoring.validation import validate_rows
from luoshi.domain.tabular import decode_text

CHINESE_CSV = (
    "指标,期别,累计值,当月值,同比(%),单位,状态\n"
    "工业总产值,2026年1-2月,345.1,345.1,8.4,亿元,快报\n"
    "\n"
    "规上工业增加值增速,2026年3月,7.9,,,%,正式\n"
)
# A cell typed "2026-03" is kept by Excel as a date: the first of the month.
EXCEL_MARCH = datetime.fromisoformat("2026-03-01T00:00")


def xlsx_bytes(rows, title="2026年3月经济运行指标"):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for values in rows:
        sheet.append(values)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("header", "key"), [
    ("指标", "indicator"), ("指标名称", "indicator"), ("期别", "period"), ("时期", "period"),
    ("月份", "period"), ("累计值", "cumulative"), ("value", "cumulative"), ("当月值", "current"),
    ("同比(%)", "yoy"), ("同比（%）", "yoy"), ("同比增长(%)", "yoy"), ("同比增长（％）", "yoy"),
    ("单位", "unit"), ("状态", "status"), (" Indicator ", "indicator"), ("备注", None),
])
def test_canonical_column(header, key):
    assert canonical_column(header) == key


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    table = read_table(CHINESE_CSV.encode(encoding), "values.csv")
    assert table.header == ("indicator", "period", "cumulative", "current", "yoy", "unit",
                            "status")
    assert table.source_header[4] == "同比(%)"
    assert table.row_numbers == (2, 4)  # the blank line is skipped, numbering kept
    assert table.rows[0] == {"indicator": "工业总产值", "period": "2026年1-2月",
                             "cumulative": "345.1", "current": "345.1", "yoy": "8.4",
                             "unit": "亿元", "status": "快报"}
    assert table.rows[1]["current"] == ""
    assert table.column_label("yoy") == "同比(%)"


def test_csv_english_headers_tabs_and_short_rows():
    text = "indicator\tperiod\tvalue\tyoy\ngdp\t2026Q1\t310.2\n"
    table = read_table(text.encode(), "values.tsv")
    assert table.header == ("indicator", "period", "cumulative", "yoy")
    assert table.rows == ({"indicator": "gdp", "period": "2026Q1", "cumulative": "310.2",
                           "yoy": ""},)


def test_csv_utf16_with_bom():
    table = read_table(CHINESE_CSV.encode("utf-16"), "values.csv")
    assert table.rows[0]["indicator"] == "工业总产值"


def test_xlsx_with_a_title_row():
    content = xlsx_bytes([
        ["指标", "时期", "累计值", "当月值", "同比增长(%)", "单位", "状态", "备注"],
        ["工业总产值", "2026年3月", 520.25, 175.15, 8.1, "亿元", "正式", "含新入规"],
        [None, None, None, None, None, None, None, None],
        ["实际利用外资", EXCEL_MARCH, 3200, None, -4.2, "万美元", None, None],
    ])
    table = read_table(content, "上报.xlsx")
    assert table.header[:7] == ("indicator", "period", "cumulative", "current", "yoy", "unit",
                                "status")
    assert table.header[7] == "备注"
    assert table.row_numbers == (3, 5)
    first, second = table.rows
    assert first["cumulative"] == 520.25 and first["备注"] == "含新入规"
    result = validate_rows(table.rows, default_catalogue(), row_numbers=table.row_numbers)
    assert result.ok, result.errors
    industry, fdi = result.rows
    assert industry.observation.cumulative == Decimal("520.25")
    assert industry.observation.yoy == Decimal("8.1")
    assert fdi.observation.period == Period.month(2026, 3)
    assert fdi.observation.cumulative == Decimal("0.32")


def test_xlsx_errors_carry_the_spreadsheet_row():
    content = xlsx_bytes([["指标", "月份", "累计值"], ["工业总产值", "2026年3月", "约五百"]])
    table = read_table(content, "x.xlsx")
    result = validate_rows(table.rows, default_catalogue(), row_numbers=table.row_numbers)
    [error] = result.errors
    assert (error.row, table.column_label(error.column), error.reason) == (
        3, "累计值", "not_a_number")


def test_xlsx_second_sheet_is_found():
    workbook = Workbook()
    workbook.active.append(["说明：请在第二个工作表填报"])
    data = workbook.create_sheet("数据")
    data.append(["指标", "期别", "累计值"])
    data.append(["gdp", "2026Q1", 310])
    buffer = BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx")
    assert table.rows == ({"indicator": "gdp", "period": "2026Q1", "cumulative": 310},)


def test_no_header():
    with pytest.raises(TableError) as caught:
        read_table(b"a,b\n1,2\n", "x.csv")
    assert caught.value.reason == "no_header"
    with pytest.raises(TableError):
        read_table(xlsx_bytes([["a", "b"]]), "x.xlsx")


def test_unsupported_and_unreadable_files():
    with pytest.raises(TableError) as caught:
        read_table(b"%PDF", "x.pdf")
    assert caught.value.reason == "unsupported_file"
    with pytest.raises(TableError) as caught:
        read_table(b"not a zip", "x.xlsx")
    assert caught.value.reason == "unreadable_file"


def test_decode_text_prefers_utf8():
    assert decode_text("累计值".encode()) == "累计值"
    assert decode_text("累计值".encode("gbk")) == "累计值"
