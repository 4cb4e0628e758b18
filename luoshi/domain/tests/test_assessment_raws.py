"""An item's raw score from the year's frozen facts (issue 10): one table per rule, hand-computed,
and the properties (always within 0–100; finishing a milestone never lowers the score)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.assessment.raws import (
    IndicatorFact,
    MilestoneFact,
    NoticeFact,
    ReportFact,
    indicator_raw,
    indicator_score,
    marks_raw,
    milestone_raw,
    notice_raw,
    plain_number,
    report_raw,
)
from luoshi.domain.assessment.scoring import Raw


def fact(direction, target, actual, name="指标", unit="亿元", period=""):
    return IndicatorFact("x", name, unit, direction,
                         None if target is None else D(target),
                         None if actual is None else D(actual), period)


# --- indicators ------------------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "target", "actual", "expected", "why"), [
    ("higher", "1350", "1412.3", "100", ""),  # over target: capped at 100
    ("higher", "1350", "1215", "90", ""),  # 1215 / 1350
    ("higher", "8", "-2", "0", ""),  # a fall against a growth target: 0, not negative
    ("higher", "0", "5", None, "目标不为正"),
    ("higher", "-3", "5", None, "目标不为正"),
    ("lower", "0.45", "0.40", "100", ""),
    ("lower", "0.45", "0.45", "100", ""),
    ("lower", "0.45", "0.5", "90", ""),  # 0.45 / 0.5
    ("lower", "-5", "-2", "100", ""),  # above a negative target, but not above zero
    ("lower", "0", "3", "0", ""),  # zero accidents wanted, three happened
    ("closest", "10", "10", "100", ""),
    ("closest", "10", "11", "50", ""),  # 10 % off, 20 % scores 0
    ("closest", "10", "9", "50", ""),
    ("closest", "10", "12", "0", ""),
    ("closest", "10", "13", "0", ""),  # beyond the tolerance: 0, not negative
    ("closest", "-10", "-11", "50", ""),  # relative to |target|
    ("closest", "0", "1", None, "目标为0"),
    ("higher", None, "5", None, "无目标"),
    ("lower", "5", None, None, "无数据"),
    ("closest", None, None, None, "无目标"),
])
def test_each_indicator_scores_by_its_direction(direction, target, actual, expected, why):
    value, reason = indicator_score(fact(direction, target, actual))
    assert value == (None if expected is None else D(expected))
    assert reason == why


def test_the_closest_tolerance_is_a_setting():
    assert indicator_score(fact("closest", "10", "11"), D(40))[0] == D(75)  # 1 − 10/40
    assert indicator_score(fact("closest", "10", "11"), D(10))[0] == D(0)


def test_the_mean_of_the_scored_indicators_with_each_one_in_the_reason():
    raw = indicator_raw([
        fact("higher", "1350", "1412.3", "地区生产总值", "亿元", "2025年1-12月"),
        fact("lower", "0.45", "0.5", "单位能耗", "吨标准煤/万元"),
        fact("closest", "10", "11", "负债率", "%"),
        fact("higher", None, "3", "招商引资", "亿元"),
        fact("higher", "3", None, "外贸进出口", "亿元"),
    ])
    # (100 + 90 + 50 + 0) / 4: without a target not averaged; a target without a figure is 0.
    assert raw == Raw(D(60), (
        "地区生产总值：2025年1-12月完成1412.3亿元，目标1350亿元，得100分；"
        "单位能耗：完成0.5吨标准煤/万元，目标不高于0.45吨标准煤/万元，得90分；"
        "负债率：完成11%，目标10%，偏离10%，得50分；"
        "招商引资：未计（无目标）；外贸进出口：目标3亿元，无已核定数据，记0分；平均60.00分"))


def test_the_raw_is_kept_unrounded_and_the_reason_shows_two_decimals():
    raw = indicator_raw([fact("higher", "3", "1", "甲", "个")])
    assert raw.value == D(1) / D(3) * 100
    assert raw.reason == "甲：完成1个，目标3个，得33.33分；平均33.33分"


@pytest.mark.parametrize(("facts", "expected"), [
    ([], Raw(None, "本单位无牵头指标")),
    ([fact("higher", None, "1", "甲"), fact("closest", "0", "1", "乙")],
     Raw(None, "甲：未计（无目标）；乙：未计（目标为0）；无可计分的指标")),
])
def test_nothing_to_score_means_the_item_does_not_apply(facts, expected):
    assert indicator_raw(facts) == expected


def test_an_unknown_direction_or_a_tolerance_of_zero_is_refused():
    with pytest.raises(ValueError, match="direction"):
        indicator_raw([fact("bigger", "1", "1")])
    with pytest.raises(ValueError, match="tolerance"):
        indicator_raw([fact("closest", "1", "1")], closest_tolerance=D(0))


amounts = st.decimals(min_value=D("0.0001"), max_value=D(10) ** 9, places=4)


@given(st.sampled_from(["higher", "lower", "closest"]), amounts, amounts,
       st.decimals(min_value=D("0.01"), max_value=1000, places=2))
def test_an_indicator_scores_within_0_and_100(direction, target, actual, tolerance):
    raw = indicator_raw([IndicatorFact("x", "x", "", direction, target, actual)],
                        closest_tolerance=tolerance)
    assert 0 <= raw.value <= 100


# --- milestones ------------------------------------------------------------------------------

END = date(2025, 12, 31)


def milestone(task, title, due, done):
    return MilestoneFact(task, title, due, done)


MILESTONES = [milestone(t, f"节点{t}", date(2025, t, 10), date(2025, t, 10)) for t in (1, 2, 4)]
MILESTONES += [
    milestone(5, "节点5", date(2025, 5, 10), date(2025, 5, 1)),  # early
    milestone(6, "节点6", date(2025, 6, 10), date(2025, 6, 9)),
    milestone(8, "节点8", date(2025, 8, 10), date(2025, 8, 10)),
    milestone(3, "完成征地拆迁", date(2025, 3, 31), date(2025, 4, 15)),  # late
    milestone(7, "主体结构封顶", date(2025, 7, 31), None),  # never
]


def test_milestones_on_time_late_and_undone():
    assert milestone_raw(MILESTONES, as_of=END) == Raw(D("81.25"), (  # (6 + 0.5) / 8
        "到期节点8个：按期6个，逾期完成1个（任务3“完成征地拆迁”，按50%计），"
        "未完成1个（任务7“主体结构封顶”）；得分81.25"))


def test_the_late_share_is_a_setting():
    assert milestone_raw(MILESTONES, as_of=END, late_share=D("0.25")).value == D("78.125")
    assert milestone_raw(MILESTONES, as_of=END, late_share=D(0)).value == D(75)
    with pytest.raises(ValueError, match="late_share"):
        milestone_raw(MILESTONES, as_of=END, late_share=D("1.5"))


def test_milestones_not_yet_due_are_left_out_and_done_after_the_day_is_not_done():
    facts = [milestone(1, "甲", date(2025, 6, 30), date(2025, 7, 20)),  # done after as_of
             milestone(2, "乙", date(2025, 7, 15), None),  # not yet due
             milestone(3, "丙", date(2025, 6, 1), date(2025, 6, 1))]
    assert milestone_raw(facts, as_of=date(2025, 7, 10)) == Raw(D(50), (
        "到期节点2个：按期1个，未完成1个（任务1“甲”）；另有1个节点尚未到期，不计；得分50.00"))
    assert milestone_raw(facts, as_of=END).value == D(50)  # (1 + 0.5 + 0) / 3


@pytest.mark.parametrize(("facts", "reason"), [
    ([], "本年度无到期节点"),
    ([milestone(1, "甲", date(2026, 1, 15), None)], "本年度无到期节点（1个节点尚未到期）"),
])
def test_no_milestone_due_means_the_item_does_not_apply(facts, reason):
    assert milestone_raw(facts, as_of=END) == Raw(None, reason)


def test_a_long_list_is_cut_short_in_the_reason():
    facts = [milestone(t, "节点", date(2025, 1, t), None) for t in range(1, 13)]
    reason = milestone_raw(facts, as_of=END).reason
    assert "任务10“节点”等12个）" in reason and "任务11" not in reason


days = st.integers(min_value=0, max_value=400).map(lambda n: date(2025, 1, 1) + timedelta(n))


@given(st.lists(st.tuples(days, st.none() | days), min_size=1, max_size=12), st.data())
def test_finishing_a_milestone_never_lowers_the_score(pairs, data):
    facts = [milestone(i, "节点", due, done) for i, (due, done) in enumerate(pairs)]
    undone = [i for i, f in enumerate(facts) if f.done_on is None]
    before = milestone_raw(facts, as_of=END)
    if not undone:
        return
    index = data.draw(st.sampled_from(undone))
    facts[index] = milestone(index, "节点", facts[index].due, data.draw(days))
    after = milestone_raw(facts, as_of=END)
    assert (before.value is None and after.value is None) or after.value >= before.value


# --- monthly reports -------------------------------------------------------------------------


def report(task, month, sent):
    due = date(2025, month + 1, 5)
    return ReportFact(task, month, due, None if sent is None else due + timedelta(sent))


def test_reports_on_time_late_and_never_sent():
    facts = [report(1, m, 0) for m in (1, 2, 3, 4, 5)] + [
        report(1, 6, -3), report(1, 7, 2), report(2, 7, None)]
    assert report_raw(facts) == Raw(D("81.25"), (  # (6 + 0.5) / 8
        "应报月报8份：按时6份，迟报1份（任务1·7月，按50%计），未报1份（任务2·7月）；得分81.25"))
    assert report_raw(facts, late_share=D(1)).value == D("87.5")


def test_no_report_owed_means_the_item_does_not_apply():
    assert report_raw([]) == Raw(None, "本年度无应报月报")


# --- notices ---------------------------------------------------------------------------------


def notice(task, month, answered, due=7, waived=False):
    issued = date(2025, month, 10)
    return NoticeFact(task, month, issued, None if due is None else issued + timedelta(due),
                      None if answered is None else issued + timedelta(answered), waived)


def test_notices_answered_on_time_late_or_not_and_waived_ones_left_out():
    facts = [notice(1, 3, 7), notice(2, 4, 2), notice(3, 5, 9), notice(4, 6, None),
             notice(5, 7, 30, due=None), notice(6, 8, None, waived=True)]
    assert notice_raw(facts) == Raw(D("70"), (  # (3 + 0.5 + 0) / 5
        "督办单5份：按期回复3份，逾期回复1份（任务3·5月，按50%计），未回复1份（任务4·6月）；"
        "另容错免计1份（任务6·8月）；得分70.00"))


@pytest.mark.parametrize(("facts", "expected"), [
    ([], Raw(D(100), "全年未收到督办单")),
    ([notice(6, 8, None, waived=True)],
     Raw(D(100), "督办单1份均容错免计（任务6·8月）；得分100.00")),
])
def test_no_notice_counted_scores_full_marks(facts, expected):
    assert notice_raw(facts) == expected


def test_a_notice_without_a_term_counts_once_answered():
    assert notice_raw([notice(1, 3, 40, due=None)]).value == D(100)
    assert notice_raw([notice(1, 3, None, due=None)]) == Raw(
        D(0), "督办单1份：按期回复0份，未回复1份（任务1·3月）；得分0.00")


# --- marks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("marks", "expected"), [
    ([], Raw(D(0), "未收到评议分，记0分")),
    (["85"], Raw(D(85), "1个评议分，平均85.00分")),
    (["70", "80", "90", "98"], Raw(D("84.5"), "4个评议分，平均84.50分")),  # fewer than 5: all
    (["98", "70", "80", "85", "90"],
     Raw(D(85), "5个评议分，去掉最高分98和最低分70，平均85.00分")),  # (80 + 85 + 90) / 3
    (["90", "90", "88.5", "60", "100", "95"],
     Raw(D("90.875"), "6个评议分，去掉最高分100和最低分60，平均90.88分")),
])
def test_marks_are_the_trimmed_mean_and_none_is_an_omission(marks, expected):
    assert marks_raw([(f"评议人{i}", D(m)) for i, m in enumerate(marks)]) == expected


@pytest.mark.parametrize(("value", "text"), [
    (D("1350"), "1350"), (D("1.35E+3"), "1350"), (D("6.50"), "6.5"), (D("0.45"), "0.45"),
    (D("-0.0"), "0"), (D("100.00"), "100"),
])
def test_plain_numbers(value, text):
    assert plain_number(value) == text
