"""The home zone's figures from monitoring (luoshi.domain.benchmark.home): which indicators are
taken, in which unit, growth from 同比 (published or computed), the peer file's figure kept,
a row made when the file lacks the zone, and the report that lists them."""

from decimal import Decimal as D

from luoshi.domain.benchmark.evaluate import Options
from luoshi.domain.benchmark.home import (
    GROWTH,
    VALUE,
    HomeFigure,
    YearFigure,
    home_figures,
    with_home,
)
from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.peers import PeerRow
from luoshi.domain.benchmark.report import Request, report

METHOD = default_method()
CODE = {i.name: i.code for i in METHOD.indicators}


def figure(code, name, unit, value, yoy=None, last=None, year=2025):
    return YearFigure(code=code, name=name, unit=unit, year=year, value=D(value) if value
                      is not None else None, yoy=D(yoy) if yoy is not None else None,
                      last_year_value=D(last) if last is not None else None)


def taken(figures):
    found, skipped = home_figures(METHOD, figures)
    return {f.indicator: f for f in found}, skipped


def test_the_usual_catalogue_links_levels_and_growth():
    found, skipped = taken([
        figure("gdp", "地区生产总值", "yi_yuan", "1368", yoy="5.6"),
        figure("trade", "进出口总额", "yi_yuan", "290", yoy="16"),
        figure("fdi", "实际利用外资", "yi_usd", "0.92", yoy="7"),
        figure("high_tech_firms", "高新技术企业", "firm", "604"),
        figure("revenue", "营业收入", "yi_yuan", "4710.44"),
        figure("industrial_value_added_growth", "规上工业增加值增速", "percent", "6.5"),
        figure("retail_sales", "社会消费品零售总额", "yi_yuan", "50"),  # not in the method
    ])
    assert skipped == []
    assert {name: (f.value, f.measure) for name, f in found.items()} == {
        "地区生产总值": (D("1368"), VALUE), "地区生产总值/税收收入增速": (D("5.6"), GROWTH),
        "进出口总额": (D("290"), VALUE), "进出口总额增速": (D("16"), GROWTH),
        "实际使用外资金额": (D("0.92"), VALUE), "实际使用外资金额增速": (D("7"), GROWTH),
        "高新技术企业数量": (D("604"), VALUE), "营业收入": (D("4710.44"), VALUE),
        "规模以上工业增加值增速": (D("6.5"), VALUE)}
    assert found["实际使用外资金额"].code == CODE["实际使用外资金额"]
    assert found["实际使用外资金额"].monitored == "实际利用外资"


def test_another_zones_codes_are_found_by_name_and_units_convert():
    found, _skipped = taken([figure("z_fdi", "实际使用外资", "wan_usd", "9200"),
                             figure("z_trade", "外贸进出口总额", "wan_yuan", "2900000")])
    assert found["实际使用外资金额"].value == D("0.92")
    assert found["进出口总额"].value == D("290")


def test_an_indicator_of_the_same_name_is_taken_without_a_link():
    found, _skipped = taken([figure("tax", "税收收入", "yi_yuan", "88.5")])
    assert found["税收收入"].value == D("88.5")
    assert found["税收收入"].monitored == "税收收入"


def test_a_unit_that_does_not_convert_is_left_to_the_file_and_said():
    found, skipped = taken([figure("fdi", "实际利用外资", "yi_yuan", "6.5"),
                            figure("fdi", "实际利用外资", "yi_yuan", "6.1", year=2024)])
    assert "实际使用外资金额" not in found
    assert [(s.indicator, s.monitored, s.reason) for s in skipped] == [
        ("实际使用外资金额", "实际利用外资", "yi_yuan → 亿美元")]


def test_growth_is_computed_when_not_published_and_marked():
    found, _skipped = taken([figure("trade", "进出口总额", "yi_yuan", "110", last="100")])
    assert found["进出口总额增速"].value == D("10.0")
    assert found["进出口总额增速"].computed
    found, _skipped = taken([figure("trade", "进出口总额", "yi_yuan", "110")])
    assert "进出口总额增速" not in found  # no 同比 and no year before: nothing invented
    assert found["进出口总额"].value == D("110")


def test_each_year_is_matched_on_its_own():
    found, _skipped = home_figures(METHOD, [
        figure("gdp", "地区生产总值", "yi_yuan", "1200", year=2024),
        figure("gdp", "地区生产总值", "yi_yuan", "1300", year=2025)])
    assert [(f.year, f.value) for f in found] == [(2024, D("1200")), (2025, D("1300"))]


def row(zone, year, **values):
    return PeerRow(line=2, zone=zone, province="黑龙江", region="中部", year=year,
                   values={CODE[k]: D(v) for k, v in values.items()})


def home(name, value, year=2025):
    return HomeFigure(CODE[name], name, year, D(value), name, VALUE)


def test_the_files_figure_is_replaced_and_kept():
    rows = [row("甲区", 2025, 地区生产总值="900"), row("本区", 2025, 地区生产总值="1000",
                                                      进出口总额="50")]
    out, applied = with_home(rows, "本区", "黑龙江", [home("地区生产总值", "1368")])
    assert out[0] == rows[0]
    assert out[1].values == {CODE["地区生产总值"]: D("1368"), CODE["进出口总额"]: D("50")}
    assert [(f.indicator, f.value, f.peer_value) for f in applied] == [
        ("地区生产总值", D("1368"), D("1000"))]


def test_a_year_whose_file_lacks_the_zone_gets_a_row_when_the_province_is_known():
    rows = [row("甲区", 2025, 地区生产总值="900")]
    out, applied = with_home(rows, "本区", "黑龙江", [home("地区生产总值", "1368")])
    assert [(r.zone, r.province, r.region, r.year) for r in out] == [
        ("甲区", "黑龙江", "中部", 2025), ("本区", "黑龙江", "中部", 2025)]
    assert applied[0].peer_value is None
    out, applied = with_home(rows, "本区", "", [home("地区生产总值", "1368")])
    assert out == rows and applied == []


def test_figures_of_a_year_without_peer_data_are_not_used():
    rows = [row("本区", 2024, 地区生产总值="1000")]
    out, applied = with_home(rows, "本区", "黑龙江", [home("地区生产总值", "1368", 2025)])
    assert out == rows and applied == []


def test_the_report_lists_the_figures_and_marks_the_indicators():
    rows = [row(f"区{k}", 2025, 地区生产总值=str(100 * k), 进出口总额="10")
            for k in range(1, 6)]
    rows, applied = with_home(rows, "区1", "黑龙江", [home("地区生产总值", "1000")])
    result = report(METHOD, Options(), rows, Request("区1", draws=20), home_figures=applied)
    assert result["rank"] == 1  # the monitored figure counted: the best GDP now
    assert result["home_figures"] == [{
        "code": CODE["地区生产总值"], "indicator": "地区生产总值", "unit": "亿元",
        "value": D("1000.00"), "monitored": "地区生产总值", "measure": VALUE,
        "computed": False, "peer_value": D("100.00")}]
    marked = [i["name"] for i in result["indicators"] if i["from_monitoring"]]
    assert marked == ["地区生产总值"]
