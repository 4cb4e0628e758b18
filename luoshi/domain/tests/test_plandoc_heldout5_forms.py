"""Forms the heldout5 measurement showed the parser missing (fixtures/real/README.md), one
test each, on snippets written for the tests (not the fixtures)."""

from __future__ import annotations

from luoshi.domain.plandoc import Plan, parse_plan, split_units
from luoshi.domain.plandoc.deadlines import deadline_in


def _parse(lines: list[str]) -> Plan:
    return parse_plan("\n".join(lines).encode("utf-8"), "plan.txt")


def test_each_district_and_county_level_city_is_one_collective_unit() -> None:
    assert split_units("市教育局,各区、县级市") == ("市教育局", "各区、县级市")
    assert split_units("市科协、各有关县、市") == ("市科协", "各有关县、市")
    # A bare kind after a named unit is still split (nothing to join it to).
    assert split_units("市财政局、区") == ("市财政局", "区")
    # Two named districts stay two units.
    assert split_units("各街道、天河区") == ("各街道", "天河区")


def test_an_item_whose_title_opens_with_a_number_is_found() -> None:
    plan = _parse([
        "一、重点任务",
        "1.青年人才项目。每年资助青年人才。(牵头单位:区人社局,配合单位:区财政局)",
        "2.365服务热线项目。开通服务热线。(牵头单位:区政务办,配合单位:各街道)",
        "3.招商项目。引进企业。(牵头单位:区商务局)",
    ])
    assert [task.number for task in plan.tasks] == [1, 2, 3]
    second = plan.tasks[1]
    assert second.title.startswith("365服务热线项目")
    assert second.lead == ("区政务办",) and second.responsible == ("各街道",)


def test_decimals_opening_a_line_are_still_not_items() -> None:
    plan = _parse([
        "一、重点任务",
        "1.扩大有效投资。(区发改局负责)",
        "2.5亿元以上项目实行专班推进。",
        "2.优化营商环境。(区政务办负责)",
    ])
    assert [task.number for task in plan.tasks] == [1, 2]
    assert "2.5亿元" in plan.tasks[0].body


def test_a_span_of_years_is_not_a_deadline() -> None:
    assert deadline_in("5年内重点引进30名金融高级管理人才。") == ""
    assert deadline_in("三年内建成创新平台。") == ""
    # A year's own 年内 and a bare 年内 are still deadlines.
    assert deadline_in("2024年内完成改造。") == "2024年内"
    assert deadline_in("年内完成改造。") == "年内"
