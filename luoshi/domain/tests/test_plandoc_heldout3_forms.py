"""Forms the heldout3 measurement showed the parser missing (fixtures/real/README.md), one
snippet each.  The snippets are written for these tests, not copied from the fixtures."""

from __future__ import annotations

from luoshi.domain.plandoc import Plan, parse_plan
from luoshi.domain.plandoc.notes import parse_labelled, whole_line_note


def parse_text(text: str) -> Plan:
    return parse_plan(text.encode("utf-8"), "plan.txt")


def test_items_numbered_with_a_star_are_tasks() -> None:
    plan = parse_text(
        "一、优化服务\n"
        "(一)企业开办。深化改革。\n"
        "1* .推行全程网办。企业开办一日办结。\n"
        "2*.推进证照联办。减少材料。\n"
        "3.推进电子证照应用。扩大范围。\n")
    assert [t.title for t in plan.tasks] == ["推行全程网办", "推进证照联办", "推进电子证照应用"]


def test_each_listed_unit_leads_when_the_list_says_fenbie_qiantou() -> None:
    note = parse_labelled("责任单位:县人社局、县农业农村局分别牵头", {})
    assert note is not None
    assert note.lead == ("县人社局", "县农业农村局") and note.responsible == ()


def test_first_named_rule_in_its_own_bracket_is_not_part_of_the_last_name() -> None:
    note = whole_line_note(
        "责任单位:县发改局、县财政局、县卫健局(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)",
        {}, sentence=False)
    assert note is not None
    assert note.responsible[-1] == "县卫健局"
    assert all("牵头" not in name for name in note.lead + note.responsible)


def test_a_note_cut_inside_a_name_drops_the_fragment() -> None:
    plan = parse_text("一、目标\n1.建设示范区取得突破。(牵头单位:县发展改革局;责任单位:县发")
    task = plan.tasks[0]
    assert task.lead == ("县发展改革局",)
    assert task.responsible == ()


def test_a_cut_note_ending_on_a_whole_name_keeps_it() -> None:
    plan = parse_text("一、目标\n1.建设示范区取得突破。(牵头单位:县发展改革局;责任单位:县财政局")
    assert plan.tasks[0].responsible == ("县财政局",)


def test_an_empty_bracketless_line_is_not_a_note() -> None:
    assert whole_line_note("", {}, sentence=False) is None
    assert whole_line_note("。", {}, sentence=True) is None
