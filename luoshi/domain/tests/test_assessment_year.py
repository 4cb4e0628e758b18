"""A year from frozen inputs (luoshi.domain.assessment.year): raw scores per item kind, granted
appeals (Override) and cases (Waiver) applied on top and taken away again, the JSON round trip
giving the same result."""

from datetime import date
from decimal import Decimal as D

from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.assessment.raws import IndicatorFact, MilestoneFact, NoticeFact, ReportFact
from luoshi.domain.assessment.scoring import Grade, Record, Rule
from luoshi.domain.assessment.year import (
    Override,
    UnitFacts,
    Waiver,
    YearInputs,
    assess,
    inputs_from_json,
    inputs_to_json,
    results_to_json,
)

SPEC = SchemeSpec(
    items=(ItemSpec("指标", D(40), "indicators", "own", "", (), ""),
           ItemSpec("节点", D(20), "milestones", "common", "", (), ""),
           ItemSpec("月报", D(10), "reports", "common", "", (), ""),
           ItemSpec("督办", D(10), "notices", "common", "", (), ""),
           ItemSpec("评议", D(20), "marks", "common", "", (), "")),
    rules=(Rule("通报批评", "通报批评", 1, D(-2)),),
    grades=(Grade("优秀", D(90), D(50)), Grade("良好", D(80)), Grade("合格", D(0))),
    bonus_cap=None, penalty_cap=None, quota_rounding="floor", veto_grade="合格")

INDICATORS = {"gdp": IndicatorFact("gdp", "地区生产总值", "亿元", "higher", D(100), D(90))}
A = UnitFacts(
    1, "甲局", owned=("gdp",),
    milestones=(MilestoneFact(1, "出台方案", date(2025, 6, 30), date(2025, 6, 20)),
                MilestoneFact(1, "完成验收", date(2025, 9, 30), date(2025, 10, 9))),
    reports=(ReportFact(1, 8, date(2025, 9, 7), date(2025, 9, 5)),
             ReportFact(1, 9, date(2025, 10, 9), None)),
    notices=((7, NoticeFact(1, 9, date(2025, 10, 10), date(2025, 10, 16), None)),),
    marks={"评议": (("主任", D(90)), ("副主任", D(80)))},
    records=(Record("通报批评", "月报迟报", "区委办通报", key="11"),
             Record("一票否决", "安全事故", "", key="12")))
B = UnitFacts(2, "乙局", marks={"评议": (("主任", D(95)),)})
INPUTS = YearInputs(2025, date(2026, 1, 20), SPEC, INDICATORS, (A, B))


def by_unit(results):
    return {r.unit: r for r in results}


def test_each_kind_from_its_facts():
    a = by_unit(assess(INPUTS))["甲局"]
    raws = {line.item: line.raw for line in a.items}
    # 90 %; one on time, one late (½); one of two reports; the notice unanswered; (90+80)/2.
    assert raws == {"指标": D(90), "节点": D(75), "月报": D(50), "督办": D(0), "评议": D(85)}
    # 36 + 15 + 5 + 0 + 17 − 2 = 71, vetoed: at best 合格.
    assert (a.total, a.veto, a.grade) == (D("71.00"), True, "合格")


def test_a_unit_without_supervision_facts_shares_their_weight():
    b = by_unit(assess(INPUTS))["乙局"]
    # 指标, 节点 and 月报 do not apply; 督办 (no notice) 100 and 评议 95 share 100 as 10:20.
    assert [line.raw for line in b.items] == [None, None, None, D(100), D(95)]
    assert b.total == D("96.67")


def test_waivers_and_overrides_apply_on_top_and_come_off_again():
    waived = assess(INPUTS, waivers=[Waiver(D(1), "容错纠错第3号案件（免责）", record="12"),
                                     Waiver(D("0.5"), "容错纠错第4号案件（减责）", record="11"),
                                     Waiver(D(1), "容错纠错第5号案件（免责）", notice=7)])
    a = by_unit(waived)["甲局"]
    # No veto, the penalty halved, the notice left out (none left: 100).
    assert (a.veto, a.penalty, a.items[3].raw) == (False, D(1), D(100))
    assert a.total == D("82.00") and a.grade == "良好"
    appealed = assess(INPUTS, overrides=[Override(1, item="评议", raw=D(95), reason="核实"),
                                         Override(1, record="11", reason="申诉成立")])
    a = by_unit(appealed)["甲局"]
    assert a.total == D("75.00")  # 36+15+5+0+19, no penalty
    assert (a.adjustments[0].rule, a.adjustments[0].counted) == ("通报批评", False)
    assert a.adjustments[0].reason == "申诉成立，不计：申诉成立"
    assert a.adjustments[1].rule == "一票否决" and a.adjustments[1].counted
    assert by_unit(assess(INPUTS))["甲局"].total == D("71.00")  # the inputs never changed


def test_the_json_round_trip_gives_the_same_result():
    again = inputs_from_json(inputs_to_json(INPUTS))
    ids = {"甲局": 1, "乙局": 2}
    assert results_to_json(assess(again), ids) == results_to_json(assess(INPUTS), ids)
    assert again == INPUTS


def test_equal_totals_say_which_item_ranked_them():
    spec = SchemeSpec(items=(ItemSpec("甲项", D(50), "marks", "common", "", (), ""),
                             ItemSpec("乙项", D(50), "marks", "common", "", (), "")),
                      rules=(), grades=(), bonus_cap=None, penalty_cap=None,
                      quota_rounding="floor", veto_grade=None)
    units = (UnitFacts(1, "一局", marks={"甲项": (("主任", D(90)),), "乙项": (("主任", D(80)),)}),
             UnitFacts(2, "二局", marks={"甲项": (("主任", D(80)),), "乙项": (("主任", D(90)),)}),
             UnitFacts(3, "三局", marks={"甲项": (("主任", D(90)),), "乙项": (("主任", D(80)),)}))
    results = by_unit(assess(YearInputs(2025, date(2026, 1, 20), spec, {}, units)))
    assert [results[u].rank for u in ("一局", "三局", "二局")] == [1, 1, 3]
    assert results["二局"].notes == ("与一局、三局总分相同，按考核项目顺序比较“甲项”得分排名",)
    assert results["一局"].notes == (
        "与二局总分相同，按考核项目顺序比较“甲项”得分排名；与三局各项得分均相同，名次并列",)
