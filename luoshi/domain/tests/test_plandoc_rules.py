"""Lead rules inside notes, catch-all tails, deadlines, limits and long unit names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.domain.plandoc import PlanReadError, parse_plan, read_plan_file, split_units
from luoshi.domain.plandoc.deadlines import deadline_in

TUNING = Path(__file__).parent / "fixtures" / "real" / "tuning"


def parse_text(text: str):
    return parse_plan(text.encode(), "plan.txt")


def roles(plan) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(task.lead, task.responsible) for task in plan.tasks]


def test_lead_rule_inside_a_note_applies_there_and_after() -> None:
    plan = parse_text(
        "青岚经开区优化营商环境若干措施\n一、政策措施\n"
        "1.落实减税降费政策。(区税务局、区财政局负责)\n"
        "2.降低用地成本。(区自然资源局、区财政局负责。列第一位者为牵头单位，下同)\n"
        "3.降低用电成本。(区发改局、国网青岚供电公司负责)\n"
        "4.降低物流成本。(责任单位：区交通局、区商务局)\n"
    )
    assert roles(plan) == [
        ((), ("区税务局", "区财政局")),  # before the rule: no lead
        (("区自然资源局",), ("区财政局",)),
        (("区发改局",), ("国网青岚供电公司",)),
        (("区交通局",), ("区商务局",)),
    ]
    assert all("第一位" not in name for task in plan.tasks for name in task.responsible)


def test_lead_rule_from_a_real_plan_is_not_read_as_a_unit() -> None:
    plan = read_plan_file(TUNING / "shaoguan_first_named.txt")
    assert roles(plan) == [(("市税务局",), ("市财政局",))]


@pytest.mark.parametrize("rule", [
    "排在第一位的为牵头部门", "列第一位者为牵头单位", "排在首位的为牵头单位",
])
def test_lead_rule_wordings(rule: str) -> None:
    plan = parse_text(f"工作方案\n(注：{rule})\n1.推进改革。(责任单位：甲局、乙局)\n")
    assert roles(plan) == [(("甲局",), ("乙局",))]


@pytest.mark.parametrize(("text", "names"), [
    ("区财政局、区商务局等", ("区财政局", "区商务局")),
    ("区财政局、区商务局等有关部门", ("区财政局", "区商务局")),
    ("区财政局、区商务局等有关部门和单位", ("区财政局", "区商务局")),
    ("区财政局等部门,区国投公司", ("区财政局", "区国投公司")),
    ("区财政局等相关单位", ("区财政局",)),
])
def test_catch_all_tails_are_not_units(text: str, names: tuple[str, ...]) -> None:
    assert split_units(text) == names


@pytest.mark.parametrize(("body", "deadline"), [
    ("2023年底前完成老旧小区改造。", "2023年底前"),
    ("力争2024年6月底建成投用。", "2024年6月底"),
    ("每季度调度一次进展。", "每季度"),
    ("长期坚持，久久为功。", "长期坚持"),
    ("到2026年，地区生产总值达到1500亿元。", ""),
    ("自2019年1月1日起按标准调整到位。", ""),
])
def test_deadline_phrases_in_a_body(body: str, deadline: str) -> None:
    assert deadline_in(body) == deadline


def test_deadlines_on_tasks_from_notes_cells_and_bodies() -> None:
    plan = parse_text(
        "工作要点\n1.建设数据平台。(区大数据局负责,2024年底前完成)\n"
        "2.推进一网通办。\n牵头单位：区政务服务局\n完成时限：每季度\n"
        "3.开展消防排查，2023年底前完成全部排查。(区应急局牵头)\n4.优化服务。(区工信局牵头)\n"
    )
    assert [task.deadline for task in plan.tasks] == ["2024年底前完成", "每季度", "2023年底前", ""]
    assert "完成时限" not in plan.tasks[1].body


def test_more_than_999_tasks_is_refused() -> None:
    text = "工作方案\n" + "".join(f"{n}.推进第{n}项工作。(甲局牵头)\n" for n in range(1, 1002))
    with pytest.raises(PlanReadError, match="超过999项"):
        parse_text(text)


def test_999_tasks_are_read() -> None:
    text = "工作方案\n" + "".join(f"{n}.推进第{n}项工作。(甲局牵头)\n" for n in range(1, 1000))
    assert len(parse_text(text).tasks) == 999


def test_huge_text_is_refused() -> None:
    with pytest.raises(PlanReadError, match="文字太多"):
        parse_text("1.推进工作。" + "很长的文字" * 500_000)


def test_unit_name_over_200_characters_is_refused_with_a_warning() -> None:
    long_name = "区" + "超长单位名称" * 40 + "局"
    plan = parse_text(f"工作方案\n1.推进改革。\n牵头单位：{long_name}\n责任单位：乙局\n"
                      "2.优化服务。(丙局牵头)\n")
    assert roles(plan) == [((), ("乙局",)), (("丙局",), ())]
    assert len(plan.tasks) == 2
    warning = next(w for w in plan.warnings if "200" in w)
    assert warning.startswith("任务1(推进改革)") and "已舍弃" in warning


FORMATS = ["plan.txt", "plan.docx", "plan.pdf", "plan.html"]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=300), st.sampled_from(FORMATS))
def test_any_bytes_in_any_format_give_a_plan_or_a_read_error(data: bytes, name: str) -> None:
    for prefix in (b"", b"%PDF-1.4\n", b"<html><body>"):
        try:
            plan = parse_plan(prefix + data, name)
        except PlanReadError as error:
            assert str(error) and "\n" not in str(error)
            assert any("\u4e00" <= char <= "\u9fff" for char in str(error))  # said in Chinese
        else:
            assert plan.tasks


CELLS = st.sampled_from(["序号", "重点任务", "牵头单位", "责任单位", "完成时限", "1", "2", "|",
                         "区财政局*", "甲局、乙局等有关部门", "推进改革。", "\t", "  ", "\n",
                         "一、总体要求", "2023年底前", "责任领导", "张三"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(CELLS, max_size=40))
def test_table_shaped_text_gives_a_consistent_plan_or_a_read_error(parts: list[str]) -> None:
    try:
        plan = parse_text("\n".join(parts))
    except PlanReadError:
        return
    assert len({task.number for task in plan.tasks}) == len(plan.tasks)
    for task in plan.tasks:
        assert not set(task.lead) & set(task.responsible)
        assert all(name and "*" not in name for name in task.lead + task.responsible)
