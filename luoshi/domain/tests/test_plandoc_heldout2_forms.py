"""Forms the heldout2 measurement showed the parser missing (fixtures/real/README.md), one
snippet each.  The snippets are written for these tests, not copied from the fixtures."""

from __future__ import annotations

from luoshi.domain.plandoc import Plan, parse_plan, split_units
from luoshi.domain.plandoc.notes import looks_like_units, parse_labelled, whole_line_note


def parse_text(text: str) -> Plan:
    return parse_plan(text.encode("utf-8"), "plan.txt")


def roles(plan: Plan) -> list[tuple[list[str], list[str], str]]:
    return [(list(t.lead), list(t.responsible), t.deadline) for t in plan.tasks]


def test_ji_between_two_unit_names_splits_them() -> None:
    assert split_units("县委编办及县直相关单位,各乡镇人民政府") == (
        "县委编办", "县直相关单位", "各乡镇人民政府")
    assert split_units("市级各有关部门及各县区政府") == ("市级各有关部门", "各县区政府")


def test_ji_inside_a_name_or_after_a_non_name_stays() -> None:
    assert split_units("区科学技术及工业信息化局") == ("区科学技术及工业信息化局",)
    assert split_units("市残联及") == ("市残联及",)


def test_deadline_clause_at_the_end_of_a_labelled_note() -> None:
    note = parse_labelled("牵头单位:县审批局;责任单位:县司法局、县委编办,各乡镇,9月底完成", {})
    assert note is not None
    assert note.lead == ("县审批局",)
    assert note.responsible == ("县司法局", "县委编办", "各乡镇")
    assert note.deadline == "9月底完成"


def test_labelled_note_with_a_closing_verb_and_a_remark() -> None:
    plan = parse_text(
        "一、改革\n"
        "(一)建设市场体系。推进改革。〔责任单位:省发改委、省市场局按职责分工负责。具体任务均涉及"
        "各市人民政府,不再分工,下同。〕\n"
        "(二)优化准入。推进登记。〔责任单位:省市场局〕\n")
    assert roles(plan) == [([], ["省发改委", "省市场局"], ""), ([], ["省市场局"], "")]


def test_flattened_minsheng_table_with_units_on_lines_of_their_own() -> None:
    plan = parse_text(
        "2024年民生实事分解表\n序号\n民生实事\n责任单位\n完成时限\n"
        "1\n建设城东公园。\n县住建局\n县水务局\n12月底前\n"
        "2\n新建人行天桥。\n县交通局\n9月投入使用\n"
        "3\n开工建设养老院。\n县民政局\n5月底前动工\n开工建设老年大学。\n12月底前\n"
        "4\n新建农贸市场。\n县商务局\n12月底前\n")
    assert [t.title for t in plan.tasks] == [
        "建设城东公园", "新建人行天桥", "开工建设养老院", "新建农贸市场"]
    assert roles(plan) == [
        ([], ["县住建局", "县水务局"], "12月底前"),
        ([], ["县交通局"], "9月投入使用"),
        ([], ["县民政局"], "5月底前动工"),
        ([], ["县商务局"], "12月底前"),
    ]
    assert "开工建设老年大学" in plan.tasks[2].body  # the second measure of a merged 序号


def test_unit_list_wrapped_across_pdf_lines() -> None:
    plan = parse_text(
        "一、加强党建\n1.完善领导体制机制,优化决策程序,确保政策在\n基层有效贯彻落实。\n"
        "牵头单位:区委组织部\n协办单位:区委编办、区民政局、园区党工\n委、各街道党工委\n"
        "2.构建党建工作体系。\n牵头单位:区委组织部\n")
    assert roles(plan)[0] == (
        ["区委组织部"], ["区委编办", "区民政局", "园区党工委", "各街道党工委"], "")


def test_a_bare_wrapped_line_ending_in_a_verb_is_not_a_note() -> None:
    assert whole_line_note("基层有效贯彻落实。", {}, sentence=True) is None
    assert whole_line_note("(区财政局牵头,各街道配合)", {}, sentence=True) is not None


def test_looks_like_units() -> None:
    assert looks_like_units("县水务局")
    assert looks_like_units("区委编办、各街道党工委")
    assert not looks_like_units("开工建设老年大学。")
    assert not looks_like_units("12月底前")


def test_assigned_indicators_under_main_targets_are_tasks_and_a_cut_note_is_read() -> None:
    plan = parse_text(
        "一、总体要求\n坚持党的领导。\n二、主要指标\n"
        "1.地区生产总值年均增长7%以上。(预期性指标,牵头单位:市发改委;责任单位:市政府有关部门,"
        "各县市区,以下均需各县市区落实,不再逐")
    assert [(t.title, *roles(plan)[0]) for t in plan.tasks] == [
        ("地区生产总值年均增长7%以上", ["市发改委"], ["市政府有关部门", "各县市区"], "")]


def test_main_targets_without_units_are_still_goals_not_tasks() -> None:
    plan = parse_text("一、主要目标\n1.地区生产总值增长7%。\n二、重点任务\n"
                      "1.推进改革。(区发改局牵头)\n")
    assert [t.title for t in plan.tasks] == ["推进改革"]
    assert [g.title for g in plan.goals] == ["地区生产总值增长7%"]
