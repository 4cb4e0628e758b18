"""Scoring an assessment year (issue 10 §2): one table per rule, and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.assessment.scoring import (
    Grade,
    Item,
    Raw,
    Record,
    Rule,
    Scheme,
    SchemeError,
    UnitInput,
    allocate_pool,
    quota_count,
    score,
    trimmed_mean,
)

ITEMS = (Item("指标完成", D(60), "indicator"), Item("按时报送", D(40), "timeliness"))
RULES = (
    Rule("国家级表彰", "表彰", 3, D(2)), Rule("省级表彰", "表彰", 2, D(1)),
    Rule("市级表彰", "表彰", 1, D("0.5")), Rule("通报批评", "批评", 1, D(-1)),
)
GRADES = (Grade("优秀", D(90), D(30)), Grade("良好", D(80)), Grade("合格", D(60)),
          Grade("不合格", D(0)))
SCHEME = Scheme(ITEMS, RULES, GRADES, bonus_cap=D(3), penalty_cap=D(2), veto_grade="合格")


def unit(name, a, b, *records):
    return UnitInput(name, {"指标完成": Raw(D(a)), "按时报送": Raw(D(b))}, tuple(records))


def by_unit(results):
    return {r.unit: r for r in results}


def test_items_are_raw_times_weight_and_the_total_rounds_half_up_at_the_end():
    result = score(SCHEME, [unit("区工信局", "90.005", "80")])[0]
    assert [line.score for line in result.items] == [D("54.003"), D("32")]
    assert result.total == D("86.00")  # 86.003 → 86.00, rounded once
    assert score(SCHEME, [unit("甲", "90.0125", "80")])[0].total == D("86.01")  # 86.0075


def test_one_matter_counts_once_in_its_group_at_its_highest_level():
    results = by_unit(score(SCHEME, [unit(
        "区商务局", 80, 80,
        Record("省级表彰", "招商引资先进集体"), Record("国家级表彰", "招商引资先进集体"),
        Record("市级表彰", "营商环境"))]))
    lines = results["区商务局"].adjustments
    assert [(a.rule, a.counted) for a in lines] == [
        ("省级表彰", False), ("国家级表彰", True), ("市级表彰", True)]
    assert results["区商务局"].bonus == D("2.5") and results["区商务局"].total == D("82.50")


def test_bonus_and_penalty_are_capped():
    records = [Record("国家级表彰", f"事项{i}") for i in range(3)] + [
        Record("通报批评", f"批评{i}") for i in range(4)]
    result = score(SCHEME, [unit("甲", 80, 80, *records)])[0]
    assert result.bonus == D(3) and result.penalty == D(2)
    assert any("超过上限" in note for note in result.notes)


def test_a_rule_not_in_the_scheme_counts_nothing_and_says_so():
    result = score(SCHEME, [unit("甲", 80, 80, Record("市长表扬", "某事"))])[0]
    assert result.total == D("80.00") and not result.adjustments[0].counted
    assert "没有" in result.adjustments[0].reason


def test_ties_break_on_items_in_scheme_order_and_equals_share_a_rank():
    results = score(SCHEME, [unit("甲", 80, 90), unit("乙", 90, 75), unit("丙", 80, 90),
                             unit("丁", 50, 50)])
    assert [(r.unit, r.rank) for r in results] == [("乙", 1), ("丙", 2), ("甲", 2), ("丁", 4)]
    assert results[0].total == results[1].total == D("84.00")  # 乙 first: 指标完成 54 > 48


def test_quota_drops_the_units_beyond_it_to_the_next_grade():
    units = [unit(f"单位{i}", 95, 95 - i) for i in range(7)]  # all ≥ 90
    results = score(SCHEME, units)
    assert quota_count(D(30), 7) == 2  # floor(2.1)
    assert [r.grade for r in results] == ["优秀", "优秀"] + ["良好"] * 5
    assert "名额2个已满" in results[2].grade_reason


@pytest.mark.parametrize(("rounding", "expected"), [("floor", 2), ("round", 2), ("ceil", 3)])
def test_quota_rounding_is_stated(rounding, expected):
    assert quota_count(D(30), 7, rounding) == expected


def test_a_vetoed_unit_gets_at_best_the_veto_grade_and_a_waived_veto_does_not_count():
    no_quota = Scheme(ITEMS, RULES, tuple(Grade(g.name, g.min_score) for g in GRADES),
                      veto_grade="合格")
    results = by_unit(score(no_quota, [
        unit("甲", 100, 100, Record("一票否决", "安全生产事故", "较大事故")),
        unit("乙", 100, 100, Record("一票否决", "安全生产事故", share_waived=D(1))),
    ]))
    assert results["甲"].veto and results["甲"].grade == "合格"
    assert "一票否决" in results["甲"].grade_reason
    assert not results["乙"].veto and results["乙"].grade == "优秀"


def test_fault_tolerance_reduces_a_deduction_by_its_share():
    result = score(SCHEME, [unit("甲", 80, 80, Record("通报批评", "项目延期",
                                                     share_waived=D("0.5")))])[0]
    assert result.penalty == D("0.5") and result.total == D("79.50")
    assert "容错纠错减免50%" in result.adjustments[0].reason


@pytest.mark.parametrize(("change", "message"), [
    ({"items": (Item("a", D(60)), Item("b", D(30)))}, "权重合计为90"),
    ({"items": (Item("a", D(50)), Item("a", D(50)))}, "重复"),
    ({"grades": (Grade("良好", D(80)), Grade("优秀", D(90)))}, "由高到低"),
    ({"quota_rounding": "up"}, "取整方式"),
    ({"veto_grade": "中等"}, "不是方案中的等次"),
    ({"bonus_cap": D(-1)}, "加分上限"),
])
def test_the_scheme_is_checked(change, message):
    from dataclasses import replace

    with pytest.raises(SchemeError, match=message):
        score(replace(SCHEME, **change), [unit("甲", 80, 80)])


@pytest.mark.parametrize(("marks", "mean"), [
    (["80"], "80"), (["80", "90"], "85"), (["70", "80", "90", "100"], "85"),
    (["60", "80", "80", "80", "100"], "80"), (["0", "90", "90", "90", "90", "100"], "90"),
])
def test_marks_are_combined_by_the_trimmed_mean(marks, mean):
    assert trimmed_mean([D(m) for m in marks]) == D(mean)


def test_same_inputs_same_result():
    units = [unit("甲", 80, 90, Record("省级表彰", "x")), unit("乙", 85, 70)]
    assert score(SCHEME, units) == score(SCHEME, list(units))


cents = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)
weights = st.dictionaries(st.text(min_size=1, max_size=4), st.decimals(
    min_value=D("0.01"), max_value=100, places=2, allow_nan=False), min_size=1, max_size=30)


@given(cents, weights)
def test_a_pool_is_paid_out_exactly_to_the_cent(pool, shares):
    paid = allocate_pool(pool, shares)
    assert sum(paid.values(), D(0)) == pool
    assert all(value == value.quantize(D("0.01")) and value >= 0 for value in paid.values())
    total = sum(shares.values(), D(0))
    for name, value in paid.items():  # nobody is more than a cent off their exact share
        assert abs(value - pool * shares[name] / total) < D("0.01")
