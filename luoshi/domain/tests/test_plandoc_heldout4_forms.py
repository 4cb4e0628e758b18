"""Forms the heldout4 measurement showed the parser missing (fixtures/real/README.md), one
test each, on snippets written for the tests (not the fixtures)."""

from __future__ import annotations

from luoshi.domain.plandoc import Plan, parse_plan, split_units
from luoshi.domain.plandoc.deadlines import deadline_in


def _parse(lines: list[str]) -> Plan:
    return parse_plan("\n".join(lines).encode("utf-8"), "plan.txt")


def test_etc_then_and_starts_a_second_list() -> None:
    assert split_units("区商务局、区农业局等和各有关街道办事处") == (
        "区商务局", "区农业局", "各有关街道办事处")
    # 等有关部门和单位 is still one catch-all tail, not a second unit.
    assert split_units("区财政局等有关部门和单位") == ("区财政局",)


def test_together_with_unnamed_others_keeps_the_named_unit() -> None:
    assert split_units("区发改局会同有关部门") == ("区发改局",)
    assert split_units("区发改局、区财政局会同相关单位") == ("区发改局", "区财政局")


def test_items_under_safeguards_are_tasks_when_assigned_to_units() -> None:
    plan = _parse([
        "一、重点任务",
        "(一)建设物流园区。",
        "完善园区道路。",
        "(区交通局负责)",
        "二、保障措施",
        "(二)加强组织领导。",
        "建立联席会议制度。",
        "(区发改局、区财政局负责)",
    ])
    titles = [task.title for task in plan.tasks]
    assert any("加强组织领导" in title for title in titles)
    led = next(task for task in plan.tasks if "加强组织领导" in task.title)
    assert set(led.lead) | set(led.responsible) == {"区发改局", "区财政局"}


def test_safeguards_without_units_hold_no_tasks() -> None:
    plan = _parse([
        "一、重点任务",
        "(一)建设物流园区。(区交通局负责)",
        "二、保障措施",
        "(二)加强组织领导。建立联席会议制度。",
    ])
    assert [task.title for task in plan.tasks] == ["建设物流园区"]


def test_every_year_inside_a_clause_is_a_frequency_not_a_deadline() -> None:
    assert deadline_in("生活费补贴每人每年只享受一次。") == ""
    assert deadline_in("连续3年每年给予资助。") == ""
    assert deadline_in("每季度调度一次进展。") == "每季度"
    assert deadline_in("完成时限:每年") == "每年"
