"""Peer data files (luoshi.domain.benchmark.peers): sheets as ``tabular.read_sheets`` returns
them (rows of str/int/float/None), checked all or nothing, every error named by line and
column."""

from decimal import Decimal as D

import pytest

from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.peers import figure, peer_rows, province_of, province_regions
from luoshi.domain.directory import RowError
from luoshi.domain.tabular import read_sheets

METHOD = default_method()
HEADER = ["zone", "province", "year", "O1", "G1"]
GOOD = [HEADER,
        ["苏州工业园区", "江苏", 2023, 120.5, 0.21],
        ["哈尔滨经开区", "黑龙江省", "2023", "1.2", "0.45"],
        ["宾西经开区", "黑龙江", 2023.0, None, "-"]]


def read(*rows):
    return peer_rows([list(rows)], METHOD)


def test_a_good_file_with_codes_as_headers():
    found, errors = read(*GOOD)
    assert errors == []
    assert [(r.line, r.zone, r.province, r.region, r.year) for r in found] == [
        (2, "苏州工业园区", "江苏", "东部", 2023), (3, "哈尔滨经开区", "黑龙江", "中部", 2023),
        (4, "宾西经开区", "黑龙江", "中部", 2023)]
    assert found[0].values == {"O1": D("120.5"), "G1": D("0.21")}
    assert found[1].values == {"O1": D("1.2"), "G1": D("0.45")}
    assert found[2].values == {"O1": None, "G1": None}  # blank and dash: missing figures


def test_names_as_headers_and_chinese_base_columns():
    found, errors = read(
        ["开发区", "省份", "年份", "实际使用外资金额", "规模以上工业单位增加值能耗"],
        ["苏州工业园区", "江苏省", "2023年", "120.5", "0.21"])
    assert errors == []
    assert found[0].values == {"O1": D("120.5"), "G1": D("0.21")} and found[0].year == 2023


def test_code_and_name_as_headers_as_the_template_writes_them():
    found, errors = read(
        ["zone", "province", "year", "O1 实际使用外资金额", "G1 规模以上工业单位增加值能耗"],
        ["苏州工业园区", "江苏", 2023, 1, 2])
    assert errors == [] and found[0].values == {"O1": D(1), "G1": D(2)}
    found, errors = read(["zone", "province", "year", "O2 实际使用外资金额"],
                         ["甲", "江苏", 2023, 1])
    assert found == [] and errors == [
        RowError(1, "O2 实际使用外资金额", "unknown_indicator"),
        RowError(0, "indicator", "no_indicator")]


def test_a_title_above_the_header_shifts_the_lines():
    found, errors = read(["2023年国家级经开区对标数据"], [], *GOOD)
    assert errors == [] and [r.line for r in found] == [4, 5, 6]


def test_a_matching_units_row_is_read_and_skipped():
    found, errors = read(HEADER, ["单位", "", "", "亿美元", "吨标准煤/万元"], *GOOD[1:])
    assert errors == [] and [r.line for r in found] == [3, 4, 5]


def test_a_unit_that_is_not_the_methods_is_an_error():
    found, errors = read(HEADER, ["单位", "", "", "万美元", "吨标准煤/万元"], *GOOD[1:])
    assert found == []
    assert errors == [RowError(2, "O1", "unit_mismatch", "万美元 ≠ 亿美元")]


def test_an_unknown_indicator_column():
    found, errors = read(["zone", "province", "year", "O1", "GDP增速"], ["甲", "江苏", 2023, 1, 2])
    assert found == [] and errors == [RowError(1, "GDP增速", "unknown_indicator")]


def test_an_unknown_column_does_not_hide_the_rows_errors():
    found, errors = read(["zone", "province", "year", "O1", "招商引资签约额"],
                         ["甲", "江苏", 2023, "约5亿", 2], ["乙", "火星", 2023, 1, 2])
    assert found == [] and errors == [
        RowError(1, "招商引资签约额", "unknown_indicator"),
        RowError(2, "O1", "not_number", "约5亿"),
        RowError(3, "province", "unknown_province", "火星")]


def test_an_unknown_column_left_unread_when_asked():
    extra: list[str] = []
    found, errors = peer_rows([[["zone", "province", "year", "O1", "GDP增速", "备注"],
                                ["甲", "江苏", 2023, 1, 2, "x"]]], METHOD, extra=extra)
    assert errors == [] and found[0].values == {"O1": D(1)}
    assert extra == ["GDP增速", "备注"]


def test_an_indicator_named_twice():
    found, errors = read(["zone", "province", "year", "O1", "实际使用外资金额"],
                         ["甲", "江苏", 2023, 1, 2])
    assert found == [] and errors == [RowError(1, "实际使用外资金额", "duplicate_column", "O1")]


def test_missing_base_columns_and_no_indicator():
    assert read(["zone", "O1"], ["甲", 1]) == ([], [RowError(1, "province", "missing_column"),
                                                    RowError(1, "year", "missing_column")])
    assert read(["zone", "province", "year"], ["甲", "江苏", 2023]) == (
        [], [RowError(0, "indicator", "no_indicator")])


@pytest.mark.parametrize(("row", "expected"), [
    (["甲经开区", "火星", 2023, 1, 2], RowError(2, "province", "unknown_province", "火星")),
    (["甲经开区", "", 2023, 1, 2], RowError(2, "province", "missing")),
    (["甲经开区", "江苏", 2023, "约120", 2], RowError(2, "O1", "not_number", "约120")),
    (["甲经开区", "江苏", 2023, 1, "n.a"], RowError(2, "G1", "not_number", "n.a")),
    (["甲经开区", "江苏", 2023, True, 2], RowError(2, "O1", "not_number", "True")),
    (["甲经开区", "江苏", None, 1, 2], RowError(2, "year", "not_year", "")),
    (["甲经开区", "江苏", "", 1, 2], RowError(2, "year", "not_year", "")),
    (["甲经开区", "江苏", "去年", 1, 2], RowError(2, "year", "not_year", "去年")),
    (["甲经开区", "江苏", 1850, 1, 2], RowError(2, "year", "not_year", "1850")),
    ([None, "江苏", 2023, 1, 2], RowError(2, "zone", "missing")),
    (["甲" * 101, "江苏", 2023, 1, 2], RowError(2, "zone", "too_long", "100")),
])
def test_a_bad_cell_is_named_by_line_and_column_and_nothing_is_kept(row, expected):
    found, errors = read(HEADER, ["乙经开区", "浙江", 2023, 1, 2], row)
    assert found == []  # all or nothing: the good row is not kept either
    assert errors == [RowError(3, expected.column, expected.reason, expected.detail)]


def test_a_zone_twice_in_one_year_is_an_error_but_not_in_two_years():
    found, errors = read(HEADER, ["甲经开区", "江苏", 2023, 1, 2], ["甲经开区", "江苏", 2024, 1, 2],
                         [" 甲经开区 ", "江苏", 2023, 3, 4])
    assert found == [] and errors == [RowError(4, "zone", "duplicate", "甲经开区 2023 (2)")]
    found, errors = read(HEADER, ["甲经开区", "江苏", 2023, 1, 2], ["甲经开区", "江苏", 2024, 1, 2])
    assert errors == [] and [r.year for r in found] == [2023, 2024]


@pytest.mark.parametrize("dash", ["-", "—", "－", "/", "无", "N/A", "…", "...", "", " ", None])
def test_dashes_and_blanks_are_missing_figures(dash):
    found, errors = read(HEADER, ["甲经开区", "江苏", 2023, dash, 2])
    assert errors == [] and found[0].values == {"O1": None, "G1": D(2)}


def test_a_region_column_overrides_the_provinces_region():
    found, errors = read(["zone", "province", "year", "region", "O1"],
                         ["甲经开区", "辽宁", 2023, "中部", 1], ["乙经开区", "辽宁", 2023, "", 1])
    assert errors == [] and [r.region for r in found] == ["中部", "东部"]
    found, errors = read(["zone", "province", "year", "地区", "O1"],
                         ["甲经开区", "辽宁", 2023, "东北", 1])
    assert found == [] and errors == [RowError(2, "region", "unknown_region", "东北")]


def test_blank_rows_are_skipped():
    found, errors = read(HEADER, [None, None, None, None, None], ["", " ", "", "", ""], *GOOD[1:])
    assert errors == [] and len(found) == 3


@pytest.mark.parametrize("sheets", [[], [[]], [[[]]], [[["说明"], ["没有表头"]]]])
def test_a_file_with_nothing_is_an_error(sheets):
    assert peer_rows(sheets, METHOD) == ([], [RowError(0, "zone", "no_header", "zone/开发区")])


def test_a_header_without_rows_is_an_error():
    assert read(HEADER) == ([], [RowError(0, "zone", "empty")])
    assert read(HEADER, [None] * 5) == ([], [RowError(0, "zone", "empty")])


def test_the_header_is_found_on_a_later_sheet():
    found, errors = peer_rows([[["说明"]], GOOD], METHOD)
    assert errors == [] and len(found) == 3


def test_every_error_is_reported_at_once():
    found, errors = read(HEADER, ["甲经开区", "火星", 2023, "x", 2],
                         ["乙经开区", "江苏", "", 1, "y"])
    assert found == []
    assert errors == [RowError(2, "province", "unknown_province", "火星"),
                      RowError(2, "O1", "not_number", "x"),
                      RowError(3, "year", "not_year", ""),
                      RowError(3, "G1", "not_number", "y")]


def test_a_csv_file_as_read_sheets_gives_it():
    content = ("zone,province,year,O1,G1\n单位,,,亿美元,吨标准煤/万元\n"
               "苏州工业园区,江苏,2023,\"1,234.5\",0.21\n哈尔滨经开区,黑龙江省,2023,—,\n")
    found, errors = peer_rows(read_sheets(content.encode("utf-8"), "peers.csv"), METHOD)
    assert errors == []
    assert [(r.line, r.zone, r.values["O1"], r.values["G1"]) for r in found] == [
        (3, "苏州工业园区", D("1234.5"), D("0.21")), (4, "哈尔滨经开区", None, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("黑龙江省", "黑龙江"), ("黑龙江", "黑龙江"), ("内蒙古自治区", "内蒙古"),
    ("广西壮族自治区", "广西"), ("北京市", "北京"), ("新疆维吾尔自治区", "新疆"), ("火星", None),
    (" 江苏省 ", "江苏"),
])
def test_province_of(text, expected):
    assert province_of(text) == expected


def test_heilongjiang_is_ranked_with_the_centre():
    regions = province_regions()
    assert regions["黑龙江"] == "中部" and regions[province_of("黑龙江省")] == "中部"
    assert len(regions) == 31 and set(regions.values()) == {"东部", "中部", "西部"}


@pytest.mark.parametrize(("cell", "expected"), [
    (12, (D(12), True)), (1.5, (D("1.5"), True)), ("1,234.5", (D("1234.5"), True)),
    ("12%", (D(12), True)), ("１２", (D(12), True)), ("-3.5", (D("-3.5"), True)),
    ("-", (None, True)), (None, (None, True)), ("abc", (None, False)),
    (float("nan"), (None, False)), (float("inf"), (None, False)), ("inf", (None, False)),
    (False, (None, False)), ("12,5", (None, False)), ("1,2345", (None, False)),
    ("1，234", (D(1234), True)), ("-12,345,678.9%", (D("-12345678.9"), True)),
])
def test_figure(cell, expected):
    assert figure(cell) == expected
