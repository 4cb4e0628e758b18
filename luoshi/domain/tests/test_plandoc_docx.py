"""Word documents: paragraphs, task tables and automatic list numbering (built with python-docx)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest

from luoshi.domain.plandoc import Plan, Section, parse_plan, plan_to_dict, read_plan_file

FIXTURES = Path(__file__).parent / "fixtures"


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def units(plan: Plan) -> dict[int, tuple[list[str], list[str]]]:
    return {task.number: (list(task.lead), list(task.responsible)) for task in plan.tasks}


def task_table(document, header: list[str]):
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    return table


def add_row(table, *values: str) -> None:
    for cell, value in zip(table.add_row().cells, values, strict=True):
        cell.text = value


def add_heading_row(table, text: str) -> None:
    cells = table.add_row().cells
    cells[0].merge(cells[-1]).text = text


def build_table_plan() -> bytes:
    document = docx.Document()
    document.add_paragraph("青岚高新区管理委员会关于印发《青岚高新区2024年重点工作任务清单》的通知")
    document.add_paragraph("青高管发〔2024〕3号")
    document.add_paragraph("青岚高新区2024年重点工作任务清单")
    document.add_paragraph("一、主要目标")
    document.add_paragraph("到2024年底，高新技术企业力争达到120家。")
    document.add_paragraph("二、重点任务")
    table = task_table(document, ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
    add_heading_row(table, "（一）深化改革创新")
    add_row(table, "1", "推进管理体制改革。建立“管委会+公司”模式。", "党政办", "组织人事部、财政局",
            "2024年6月底")
    add_row(table, "2", "推行全员聘任制。\n实行档案封存。", "组织人事部", "财政局\n人社局",
            "2024年底")
    add_heading_row(table, "（二）优化营商环境")
    add_row(table, "3", "深化“放管服”改革。", "", "行政审批局；各相关部门", "长期坚持")
    add_row(table, "4", "建设综合服务平台。", "经开区办（自贸办）", "", "2024年9月底")
    add_row(table, "5", "优化政务服务。", "", "", "")
    document.add_paragraph("三、保障措施")
    document.add_paragraph("（一）加强组织领导。建立工作机制。")
    document.add_paragraph("青岚高新区管理委员会")
    document.add_paragraph("2024年2月1日")
    return docx_bytes(document)


def test_tasks_in_a_table() -> None:
    plan = parse_plan(build_table_plan(), "清单.DOCX")
    assert plan.title == "青岚高新区2024年重点工作任务清单"
    assert plan.doc_number == "青高管发〔2024〕3号"
    assert (plan.issuer, plan.date) == ("青岚高新区管理委员会", datetime.date(2024, 2, 1))
    assert plan.sections == (Section(1, "深化改革创新"), Section(2, "优化营商环境"))
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, 1, "推进管理体制改革"), (2, 1, "推行全员聘任制"), (3, 2, "深化“放管服”改革"),
        (4, 2, "建设综合服务平台"), (5, 2, "优化政务服务"),
    ]
    assert units(plan) == {
        1: (["党政办"], ["组织人事部", "财政局"]),
        2: (["组织人事部"], ["财政局", "人社局"]),
        3: ([], ["行政审批局", "各相关部门"]),
        4: (["经开办(自贸办)"], []),
        5: ([], []),
    }
    # Cell paragraphs stay lines of the body; the deadline column is kept with the task.
    assert plan.tasks[1].body == "推行全员聘任制。\n实行档案封存。"
    assert plan.tasks[1].deadline == "2024年底"  # the 完成时限 cell is kept on the task
    assert plan.warnings == ("任务5(优化政务服务)未注明牵头或责任部门",)
    [target] = plan.targets
    assert (target.indicator, target.value, target.year) == ("高新技术企业", 120, 2024)


def test_table_with_group_column_two_header_rows_and_combined_units() -> None:
    document = docx.Document()
    document.add_paragraph("青岚市2024年营商环境改革任务分工方案")
    table = document.add_table(rows=2, cols=5)
    top, sub = table.rows[0].cells, table.rows[1].cells
    top[0].text, top[1].text, top[4].text = "类别", "具体任务", "完成时限"
    top[2].merge(top[3]).text = "责任单位"
    sub[2].text, sub[3].text = "牵头单位", "配合单位"
    for row in [("政务服务", "推进一网通办。", "市政务服务局", "市大数据局", "6月"),
                ("", "推进一窗受理。", "市政务服务局", "各区县政府", "9月"),
                ("市场监管", "推行信用监管。", "市市场监管局", "市发展改革委", "12月")]:
        add_row(table, *row)
    table.cell(2, 0).merge(table.cell(3, 0))  # 政务服务 spans two rows, as Word writes it
    document.add_paragraph("（二）专项任务")
    combined = task_table(document, ["序号", "重点工作", "牵头及配合单位"])
    add_row(combined, "4", "优化纳税服务。", "市税务局、市财政局")
    add_row(combined, "5", "压缩通关时间。", "青岚海关")
    plan = parse_plan(docx_bytes(document), "plan.docx")
    assert plan.sections == (Section(1, "政务服务"), Section(2, "市场监管"), Section(3, "专项任务"))
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, 1, "推进一网通办"), (2, 1, "推进一窗受理"), (3, 2, "推行信用监管"),
        (4, 3, "优化纳税服务"), (5, 3, "压缩通关时间"),
    ]
    assert units(plan) == {
        1: (["市政务服务局"], ["市大数据局"]),
        2: (["市政务服务局"], ["各区县政府"]),
        3: (["市市场监管局"], ["市发展改革委"]),
        4: (["市税务局"], ["市财政局"]),  # a combined column names the lead first
        5: (["青岚海关"], []),
    }


def test_paragraph_docx_matches_the_text_fixture() -> None:
    text = (FIXTURES / "plan_line_notes.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    from_docx = parse_plan(docx_bytes(document), "plan.docx")
    from_text = read_plan_file(FIXTURES / "plan_line_notes.txt")
    assert plan_to_dict(from_docx) == plan_to_dict(from_text)


def test_word_automatic_numbering_is_rendered() -> None:
    document = docx.Document()
    document.add_paragraph("青岚市促进消费实施方案")
    document.add_paragraph("一、重点举措")
    document.add_paragraph("扩大汽车消费。开展以旧换新。（牵头单位：市商务局）",
                           style="List Number")
    document.add_paragraph("促进文旅消费。发放消费券。（责任单位：市文旅局、市财政局）",
                           style="List Number")
    plan = parse_plan(docx_bytes(document), "plan.docx")
    assert [(t.number, t.title) for t in plan.tasks] == [(1, "扩大汽车消费"), (2, "促进文旅消费")]
    assert units(plan) == {1: (["市商务局"], []), 2: ([], ["市文旅局", "市财政局"])}


def test_soft_line_breaks_split_paragraphs() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("测试工作方案")
    paragraph = document.add_paragraph("1.任务甲。内容。")
    paragraph.add_run().add_break()
    paragraph.add_run("牵头单位：甲局")
    plan = parse_plan(docx_bytes(document), "plan.docx")
    assert plan.tasks[0].lead == ("甲局",)
    assert plan.tasks[0].body == "任务甲。内容。"


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"\xd0\xcf\x11\xe0legacy"])
def test_bad_docx(data: bytes) -> None:
    from luoshi.domain.plandoc import PlanReadError

    with pytest.raises(PlanReadError) as raised:
        parse_plan(data, "plan.docx")
    assert str(raised.value) and "\n" not in str(raised.value)


def test_number_cell_merged_down_continues_the_task() -> None:
    document = docx.Document()
    document.add_paragraph("测试任务分工方案")
    table = task_table(document, ["序号", "工作任务", "牵头单位", "配合单位"])
    add_row(table, "1", "推进改革。", "甲局", "乙局")
    add_row(table, "", "细化方案。", "甲局", "丙局")
    add_row(table, "2", "扩大开放。", "丁局", "")
    table.cell(1, 0).merge(table.cell(2, 0))
    plan = parse_plan(docx_bytes(document), "plan.docx")
    assert [(t.number, t.body) for t in plan.tasks] == [
        (1, "推进改革。\n细化方案。"), (2, "扩大开放。"),
    ]
    assert units(plan) == {1: (["甲局"], ["乙局", "丙局"]), 2: (["丁局"], [])}


def test_title_and_measure_columns() -> None:
    document = docx.Document()
    document.add_paragraph("青岚市2024年数字政府建设工作要点")
    document.add_paragraph("（注：排在第一位的为牵头单位）")
    table = task_table(document, ["序号", "重点任务", "具体措施", "责任单位", "完成时限"])
    add_row(table, "一", "建设数据平台", "整合数据资源。建设共享平台。", "市大数据局、市财政局",
            "2024年底")
    add_row(table, "二", "推进一网通办", "扩大网办事项。", "市政务服务局", "持续推进")
    plan = parse_plan(docx_bytes(document), "plan.docx")
    assert [(t.number, t.title) for t in plan.tasks] == [(1, "建设数据平台"), (2, "推进一网通办")]
    assert plan.tasks[0].body == "建设数据平台\n整合数据资源。建设共享平台。"
    assert plan.tasks[0].deadline == "2024年底"
    assert units(plan) == {1: (["市大数据局"], ["市财政局"]), 2: (["市政务服务局"], [])}
