"""The assessment's import files judged without a database (issue 10): every error code with its
sheet, row and column; a good scheme read from Chinese headers scores as scoring says."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.assessment import scoring
from luoshi.domain.assessment.imports import (
    GRADE_COLUMNS,
    ITEM_COLUMNS,
    MARK_COLUMNS,
    REASON_CODES,
    RECORD_COLUMNS,
    REQUIRED,
    RULE_COLUMNS,
    SETTING_COLUMNS,
    ItemSpec,
    MarkRow,
    RecordRow,
    check_marks,
    check_records,
    check_scheme,
)
from luoshi.domain.assessment.raws import marks_raw
from luoshi.domain.assessment.scoring import Grade, Raw, Record, Rule, UnitInput, score
from luoshi.domain.directory import RowError, Table, find_table


def table(columns, *rows, start=2):
    """A table as find_table yields it: cells are strings, keyed by column."""
    keys = tuple(columns)
    return Table({key: key for key in keys}, tuple(
        (start + i, dict(zip(keys, row, strict=True))) for i, row in enumerate(rows)))


ITEMS = ("item", "weight", "kind")
GOOD_ITEMS = table(ITEMS, ("指标完成", "60", "indicators"), ("评议", "40", "marks"))


def errors_of(checked):
    return [(e.sheet, e.row, e.column, e.reason, e.detail) for e in checked.errors]


# --- the scheme ------------------------------------------------------------------------------


ITEM_CASES = [
    ([("指标完成", "60", "indicators"), ("", "40", "marks")], [(3, "item", "missing", "")]),
    ([("指标完成", "", "indicators"), ("评议", "40", "marks")], [(2, "weight", "missing", "")]),
    ([("指标完成", "六十", "indicators"), ("评议", "40", "marks")],
     [(2, "weight", "bad_number", "六十")]),
    ([("指标完成", "60.005", "indicators"), ("评议", "39.995", "marks")],
     [(2, "weight", "too_precise", "2"), (3, "weight", "too_precise", "2")]),
    ([("指标完成", "12000", "indicators"), ("评议", "40", "marks")],
     [(2, "weight", "too_large", "12000")]),
    ([("指标完成", "110", "indicators"), ("评议", "-10", "marks")],
     [(3, "weight", "negative_weight", "-10")]),
    ([("指标完成", "60", "indicators"), ("评议", "39.9", "marks")],
     [(0, "weight", "weight_sum", "99.9")]),
    ([("指标完成", "60", "indicators"), ("评议", "40", "")], [(3, "kind", "missing", "")]),
    ([("指标完成", "60", "indicators"), ("评议", "40", "打分")],
     [(3, "kind", "unknown_kind", "打分")]),
    ([("指标完成", "60", "indicators"), ("指标 完成", "40", "marks")],
     [(3, "item", "duplicate", "2")]),
    ([("指" * 101, "60", "indicators"), ("评议", "40", "marks")],
     [(2, "item", "too_long", "100")]),
]


@pytest.mark.parametrize(("rows", "expected"), ITEM_CASES)
def test_items_are_checked(rows, expected):
    checked = check_scheme(table(ITEMS, *rows), None, None, None)
    assert checked.spec is None and not checked.ok
    assert errors_of(checked) == [("items", *e) for e in expected]


OPTIONAL = ("item", "weight", "kind", "scope", "direction", "indicators", "note")


OPTIONAL_CASES = [
    (("scope", "部分"), (2, "scope", "unknown_scope", "部分")),
    (("direction", "越高越好"), (2, "direction", "unknown_direction", "越高越好")),
    (("note", "说" * 301), (2, "note", "too_long", "300")),
]


@pytest.mark.parametrize(("row", "expected"), OPTIONAL_CASES)
def test_optional_item_columns_are_checked(row, expected):
    cells = {"item": "指标完成", "weight": "100", "kind": "indicators", "scope": "",
             "direction": "", "indicators": "", "note": ""}
    cells[row[0]] = row[1]
    checked = check_scheme(table(OPTIONAL, tuple(cells.values())), None, None, None)
    assert errors_of(checked) == [("items", *expected)]


def test_direction_and_indicators_only_on_an_indicators_item():
    checked = check_scheme(table(OPTIONAL, ("评议", "100", "评议", "", "越小越好", "gdp", "")),
                           None, None, None)
    assert errors_of(checked) == [("items", 2, "direction", "not_for_kind", "marks"),
                                  ("items", 2, "indicators", "not_for_kind", "marks")]


def test_item_words_in_chinese_or_english():
    checked = check_scheme(table(OPTIONAL, (
        "主要指标", "40%", "指标完成", "个性", "接近目标", "gdp、地区生产总值, fdi", "说明"), (
        "节点", "20", "任务节点", "common", "", "", ""), (
        "月报", "10", "报告及时", "", "", "", ""), (
        "督办", "10", "督办响应", "共性", "", "", ""), (
        "评议", "20", "MARKS", "", "", "", "")), None, None, None)
    assert checked.ok
    assert checked.spec.items == (
        ItemSpec("主要指标", D(40), "indicators", "own", "closest", ("gdp", "地区生产总值", "fdi"),
                 "说明"),
        ItemSpec("节点", D(20), "milestones", "common", "", (), ""),
        ItemSpec("月报", D(10), "reports", "common", "", (), ""),
        ItemSpec("督办", D(10), "notices", "common", "", (), ""),
        ItemSpec("评议", D(20), "marks", "common", "", (), ""))
    assert checked.spec.marks_items() == {"评议": "评议"}


RULES = ("rule", "group", "level", "points")


RULE_CASES = [
    ([("一票否决", "否决", "1", "-100")], [(2, "rule", "veto_rule_points", "一票否决")]),
    ([("国家级表彰", "表彰", "国家", "2")], [(2, "level", "bad_level", "国家")]),
    ([("国家级表彰", "表彰", "99999", "2")], [(2, "level", "bad_level", "99999")]),
    ([("国家级表彰", "表彰", "3", "2"), ("国务院表彰", "表 彰", "3", "2")],
     [(3, "level", "duplicate_level", "2")]),
    ([("表彰", "", "", "1"), ("表彰", "", "", "2")], [(3, "rule", "duplicate", "2")]),
    ([("通报批评", "", "", "")], [(2, "points", "missing", "")]),
    ([("通报批评", "", "", "扣一分")], [(2, "points", "bad_number", "扣一分")]),
    ([("通报批评", "", "", "-0.00001")], [(2, "points", "too_precise", "4")]),
    ([("", "批评", "1", "-1")], [(2, "rule", "missing", "")]),
]


@pytest.mark.parametrize(("rows", "expected"), RULE_CASES)
def test_rules_are_checked(rows, expected):
    checked = check_scheme(GOOD_ITEMS, table(RULES, *rows), None, None)
    assert errors_of(checked) == [("rules", *e) for e in expected]


def test_a_rule_without_group_or_level_stands_alone_at_level_1():
    checked = check_scheme(GOOD_ITEMS, table(RULES, ("通报批评", "", "", "-1"),
                                             ("约谈", "", "", "-0.5")), None, None)
    assert checked.spec.rules == (Rule("通报批评", "通报批评", 1, D(-1)),
                                  Rule("约谈", "约谈", 1, D("-0.5")))


GRADES = ("grade", "min_score", "quota_percent")


GRADE_CASES = [
    ([("优秀", "90", "30"), ("良好", "90", "")], [(3, "min_score", "grades_order", "2")]),
    ([("合格", "60", ""), ("优秀", "90", "")], [(3, "min_score", "grades_order", "2")]),
    ([("优秀", "90", "120")], [(2, "quota_percent", "bad_quota", "120")]),
    ([("优秀", "90", "-5%")], [(2, "quota_percent", "bad_quota", "-5")]),
    ([("优秀", "90", "三成")], [(2, "quota_percent", "bad_number", "三成")]),
    ([("优秀", "90", ""), ("优秀", "80", "")], [(3, "grade", "duplicate", "2")]),
    ([("优" * 21, "90", "")], [(2, "grade", "too_long", "20")]),
    ([("优秀", "", "")], [(2, "min_score", "missing", "")]),
]


@pytest.mark.parametrize(("rows", "expected"), GRADE_CASES)
def test_grades_are_checked(rows, expected):
    checked = check_scheme(GOOD_ITEMS, None, table(GRADES, *rows), None)
    assert errors_of(checked) == [("grades", *e) for e in expected]


def test_a_blank_quota_is_none_and_a_percent_sign_is_allowed():
    checked = check_scheme(GOOD_ITEMS, None, table(GRADES, ("优秀", "90", "30%"),
                                                   ("合格", "60", "无")), None)
    assert checked.spec.grades == (Grade("优秀", D(90), D(30)), Grade("合格", D(60)))


SETTINGS = ("key", "value")
SOME_GRADES = table(GRADES, ("优秀", "90", "30"), ("合格", "60", ""))


SETTING_CASES = [
    ([("max_bonus", "3")], [(2, "key", "unknown_setting", "max_bonus")]),
    ([("", "3")], [(2, "key", "missing", "")]),
    ([("quota_rounding", "up")], [(2, "value", "bad_rounding", "up")]),
    ([("veto_grade", "基本合格")], [(2, "value", "unknown_veto_grade", "基本合格")]),
    ([("bonus_cap", "-1")], [(2, "value", "negative_cap", "-1")]),
    ([("penalty_cap", "两分")], [(2, "value", "bad_number", "两分")]),
    ([("bonus_cap", "3"), ("加分上限", "4")], [(3, "key", "duplicate", "2")]),
]


@pytest.mark.parametrize(("rows", "expected"), SETTING_CASES)
def test_settings_are_checked(rows, expected):
    checked = check_scheme(GOOD_ITEMS, None, SOME_GRADES, table(SETTINGS, *rows))
    assert errors_of(checked) == [("settings", *e) for e in expected]


def test_a_veto_grade_needs_the_grades_sheet():
    checked = check_scheme(GOOD_ITEMS, None, None, table(SETTINGS, ("veto_grade", "合格")))
    assert errors_of(checked) == [("settings", 2, "value", "unknown_veto_grade", "合格")]


def test_settings_default_when_absent_or_blank():
    for settings in (None, table(SETTINGS, ("bonus_cap", ""), ("quota_rounding", ""),
                                 ("veto_grade", ""))):
        spec = check_scheme(GOOD_ITEMS, None, None, settings).spec
        assert (spec.bonus_cap, spec.penalty_cap, spec.quota_rounding, spec.veto_grade) == (
            None, None, "floor", None)
        assert spec.rules == () and spec.grades == ()


def test_sheets_without_their_columns_or_rows():
    checked = check_scheme(Table({"item": "item"}, ((2, {"item": "x"}),)),
                           Table({"rule": "规则"}, ()), None, None)
    assert errors_of(checked) == [
        ("items", 0, "weight", "no_column", "weight/权重"),
        ("items", 0, "kind", "no_column", "kind/类型"),
        ("rules", 0, "points", "no_column", "points/分值")]
    assert errors_of(check_scheme(table(ITEMS), None, None, None)) == [
        ("items", 0, "", "empty", "")]


def test_errors_of_every_sheet_are_given_together():
    checked = check_scheme(table(ITEMS, ("a", "50", "marks"), ("b", "40", "marks")),
                           table(RULES, ("x", "", "", "")), table(GRADES, ("优秀", "x", "")),
                           table(SETTINGS, ("y", "1")))
    assert [(e.sheet, e.reason) for e in checked.errors] == [
        ("items", "weight_sum"), ("rules", "missing"), ("grades", "bad_number"),
        ("settings", "unknown_setting")]


def test_what_scoring_refuses_is_given_as_a_scheme_error(monkeypatch):
    def refuse(self):
        raise scoring.SchemeError("方案有误")

    monkeypatch.setattr(scoring.Scheme, "check", refuse)
    checked = check_scheme(GOOD_ITEMS, None, None, None)
    assert checked.spec is None
    assert errors_of(checked) == [("", 0, "", "scheme", "方案有误")]


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=8))
def test_weights_pass_exactly_when_they_sum_to_100(weights):
    rows = [(f"项目{i}", str(w), "marks") for i, w in enumerate(weights)]
    checked = check_scheme(table(ITEMS, *rows), None, None, None)
    assert checked.ok == (sum(weights) == 100)
    if not checked.ok:
        assert [e.reason for e in checked.errors] == ["weight_sum"]


def sheet(*rows):
    return [list(row) for row in rows]


def test_a_full_scheme_from_chinese_headers_scores_with_scoring():
    sheets = {
        "items": sheet(("考核项目", "权重", "类型", "范围", "指标", "说明"),
                       ("指标完成", 40, "指标完成", "个性", "", "牵头指标"),
                       ("节点完成", 20, "节点完成", "共性", "", ""),
                       ("月报及时", 10, "月报及时", "", "", ""),
                       ("督办响应", 10, "督办响应", "", "", ""),
                       ("领导评议", 20, "领导评议", "", "", "")),
        "rules": sheet(("规则", "分组", "级别", "分值"), ("国家级表彰", "表彰", 3, 2),
                       ("省级表彰", "表彰", 2, 1), ("通报批评", None, None, -1)),
        "grades": sheet(("等次", "最低分", "名额比例"), ("优秀", 90, 30), ("良好", 80, None),
                        ("合格", 60, None), ("不合格", 0, None)),
        "settings": sheet(("设置", "值"), ("加分上限", 3), ("penalty_cap", 2),
                          ("名额取整", "四舍五入"), ("veto_grade", "合格")),
    }
    found = {name: find_table([sheets[name]], columns, REQUIRED[name][0])
             for name, columns in (("items", ITEM_COLUMNS), ("rules", RULE_COLUMNS),
                                   ("grades", GRADE_COLUMNS), ("settings", SETTING_COLUMNS))}
    checked = check_scheme(found["items"], found["rules"], found["grades"], found["settings"])
    assert checked.ok, checked.errors
    spec = checked.spec
    assert (spec.bonus_cap, spec.penalty_cap, spec.quota_rounding, spec.veto_grade) == (
        D(3), D(2), "round", "合格")
    marks = marks_raw([(m, D(v)) for m, v in zip("abcde", ("98", "70", "80", "85", "90"),
                                                 strict=True)])

    def raws(indicators, milestones, reports, notices, mark):
        return {"指标完成": indicators, "节点完成": Raw(D(milestones)),
                "月报及时": Raw(D(reports)), "督办响应": Raw(D(notices)), "领导评议": mark}

    results = score(spec.scheme(), [
        UnitInput("甲", raws(Raw(D(100)), "81.25", 100, 100, marks), (
            Record("省级表彰", "招商先进"), Record("国家级表彰", "招商先进"),
            Record("通报批评", "项目延期"))),
        UnitInput("乙", raws(Raw(D(90)), 100, 50, 100, Raw(D(90))),
                  (Record("一票否决", "安全事故"),)),
        UnitInput("丙", raws(Raw(None, "本单位无牵头指标"), 100, 100, 100, Raw(D(70)))),
    ])
    # 甲: 40 + 16.25 + 10 + 10 + 17 (marks 85) + 2 − 1; 乙: 36 + 20 + 5 + 10 + 18;
    # 丙: no indicators, the other 60 % scaled to 100: (20 + 10 + 10) / 60 × 100 + 70 × 20 / 60.
    assert [(r.unit, r.total, r.rank, r.grade) for r in results] == [
        ("甲", D("94.25"), 1, "优秀"),  # quota: round(30 % × 3) = 1
        ("丙", D("90.00"), 2, "良好"),  # 优秀 full
        ("乙", D("89.00"), 3, "合格"),  # vetoed
    ]


# --- marks -----------------------------------------------------------------------------------

UNITS = {"区工信局": 1, "工信局": 1, "区商务局": 2}
MARKS_ITEMS = {"领导评议": "领导评议"}
MARKS = ("unit", "item", "raw", "marker")


def mark_errors(*rows):
    found, errors = check_marks(table(MARKS, *rows), units=UNITS, items=MARKS_ITEMS)
    return found, [(e.row, e.column, e.reason, e.detail) for e in errors]


def test_good_marks_are_read():
    found, errors = mark_errors(("区工信局", "领导评议", "90", "张三"),
                                ("工 信 局", "领导 评议", "85.5", "李四"),
                                ("区商务局", "领导评议", "88", ""))
    assert errors == []
    assert found == (MarkRow(2, 1, "领导评议", D(90), "张三"),
                     MarkRow(3, 1, "领导评议", D("85.5"), "李四"),
                     MarkRow(4, 2, "领导评议", D(88), ""))


MARK_CASES = [
    (("", "领导评议", "90", ""), (2, "unit", "missing", "")),
    (("区财政局", "领导评议", "90", ""), (2, "unit", "unknown_unit", "区财政局")),
    (("区工信局", "指标完成", "90", ""), (2, "item", "unknown_item", "指标完成")),
    (("区工信局", "", "90", ""), (2, "item", "missing", "")),
    (("区工信局", "领导评议", "", ""), (2, "raw", "missing", "")),
    (("区工信局", "领导评议", "优", ""), (2, "raw", "bad_number", "优")),
    (("区工信局", "领导评议", "101", ""), (2, "raw", "out_of_range", "101")),
    (("区工信局", "领导评议", "-1", ""), (2, "raw", "out_of_range", "-1")),
    (("区工信局", "领导评议", "90.125", ""), (2, "raw", "too_precise", "2")),
    (("区工信局", "领导评议", "90", "评" * 101), (2, "marker", "too_long", "100")),
]


@pytest.mark.parametrize(("row", "expected"), MARK_CASES)
def test_marks_are_checked(row, expected):
    found, errors = mark_errors(row)
    assert found == () and errors == [expected]


def test_one_mark_per_unit_item_and_marker():
    _found, errors = mark_errors(("区工信局", "领导评议", "90", "张三"),
                                 ("工信局", "领导评议", "80", "张 三"),
                                 ("区工信局", "领导评议", "80", ""),
                                 ("区工信局", "领导评议", "70", ""))
    assert errors == [(3, "unit", "duplicate", "2"), (5, "unit", "duplicate", "4")]


def test_a_marks_file_without_its_columns_or_rows():
    _found, errors = check_marks(Table({"unit": "单位"}, ()), units=UNITS, items=MARKS_ITEMS)
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (0, "item", "no_column"), (0, "raw", "no_column")]
    assert mark_errors() == ((), [(0, "", "empty", "")])


def test_marks_columns_found_by_chinese_headers():
    found = find_table([[["被考核单位", "考核项目", "得分", "评议人"],
                         ["区商务局", "领导评议", 92.5, "王五"]]], MARK_COLUMNS, "unit")
    rows, errors = check_marks(found, units=UNITS, items=MARKS_ITEMS)
    assert errors == () and rows == (MarkRow(2, 2, "领导评议", D("92.5"), "王五"),)


# --- records ---------------------------------------------------------------------------------

RECORDS = ("unit", "rule", "matter", "reason")
SCHEME_RULES = ("国家级表彰", "通报批评")


def record_errors(*rows):
    found, errors = check_records(table(RECORDS, *rows), units=UNITS, rules=SCHEME_RULES)
    return found, [(e.row, e.column, e.reason, e.detail) for e in errors]


def test_good_records_are_read_and_the_veto_is_always_known():
    found, errors = record_errors(("区商务局", "国家级表彰", "招商先进", "国务院通报"),
                                  ("区工信局", "一票否决", "安全事故", ""),
                                  ("区工信局", "通报 批评", "项目延期", ""))
    assert errors == []
    assert found == (RecordRow(2, 2, "国家级表彰", "招商先进", "国务院通报"),
                     RecordRow(3, 1, "一票否决", "安全事故", ""),
                     RecordRow(4, 1, "通报批评", "项目延期", ""))


RECORD_CASES = [
    (("", "通报批评", "项目延期", ""), (2, "unit", "missing", "")),
    (("区财政局", "通报批评", "项目延期", ""), (2, "unit", "unknown_unit", "区财政局")),
    (("区工信局", "", "项目延期", ""), (2, "rule", "missing", "")),
    (("区工信局", "市长表扬", "项目延期", ""), (2, "rule", "unknown_rule", "市长表扬")),
    (("区工信局", "通报批评", "", ""), (2, "matter", "missing", "")),
    (("区工信局", "通报批评", "事" * 201, ""), (2, "matter", "too_long", "200")),
    (("区工信局", "通报批评", "项目延期", "由" * 1001), (2, "reason", "too_long", "1000")),
]


@pytest.mark.parametrize(("row", "expected"), RECORD_CASES)
def test_records_are_checked(row, expected):
    found, errors = record_errors(row)
    assert found == () and errors == [expected]


def test_one_record_per_unit_rule_and_matter():
    _found, errors = record_errors(("区工信局", "通报批评", "项目延期", ""),
                                   ("区商务局", "通报批评", "项目延期", ""),
                                   ("工信局", "通报批评", "项目 延期", "又一次"))
    assert errors == [(4, "matter", "duplicate", "2")]


def test_a_records_file_without_its_columns_or_rows():
    _found, errors = check_records(Table({"unit": "单位", "rule": "规则"}, ()), units=UNITS,
                                   rules=SCHEME_RULES)
    assert errors == (RowError(0, "matter", "no_column", "matter/事项"),)
    assert record_errors() == ((), [(0, "", "empty", "")])
    assert find_table([[["单位", "规则", "事项", "理由"]]], RECORD_COLUMNS, "unit").labels == {
        "unit": "单位", "rule": "规则", "matter": "事项", "reason": "理由"}


def test_every_code_emitted_is_listed_and_tested():
    tables = {code for cases in (ITEM_CASES, RULE_CASES, GRADE_CASES, SETTING_CASES)
              for _rows, expected in cases for _row, _column, code, _detail in expected}
    single = {expected[2] for cases in (OPTIONAL_CASES, MARK_CASES, RECORD_CASES)
              for _row, expected in cases}
    elsewhere = {"not_for_kind", "no_column", "empty", "scheme"}  # the tests above
    assert tables | single | elsewhere == REASON_CODES
