"""PDF, HTML and tables flattened into text: one table mechanism, real-shaped fixtures.

The fixtures under fixtures/real/tuning are real published plans (source in each .source.json).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pypdf
import pytest

from luoshi.domain.plandoc import PlanReadError, parse_plan, plan_to_dict, read_plan_file
from luoshi.domain.plandoc.tables import column_role

REAL = Path(__file__).parent / "fixtures" / "real"
TUNING = REAL / "tuning"

HUOSHAN = [
    (1, "坚持服务跟着项目走", [], ["招商工作部", "安商工作部"], "全年"),
    (2, "全力推进开发区“空间再造”", [], ["改革办"], "全年"),
    (3, "持续提升园区承载能力", [], ["规划建设局"], "全年"),
]


def summary(plan) -> list[tuple[int, str, list[str], list[str], str]]:
    return [(t.number, t.title[:len(expected[1])], list(t.lead), list(t.responsible), t.deadline)
            for t, expected in zip(plan.tasks, HUOSHAN, strict=True)]


@pytest.mark.parametrize("name", [
    "huoshan_table.html", "huoshan_pipe_cells.txt", "huoshan_rows_tabs.txt",
    "huoshan_rows_spaces.txt",
])
def test_one_table_read_the_same_in_every_form(name: str) -> None:
    # An HTML table, one cell per line with |, one row per line (tabs, spaces): same tasks.
    plan = read_plan_file(TUNING / name)
    assert summary(plan) == HUOSHAN
    assert plan.title == "2025年开发区重点工作及责任清单"
    for task in plan.tasks:
        # 责任领导 holds people, not units; the 完成时限 cell is not body text.
        assert "叶林" not in task.lead + task.responsible
        assert "完成时限" not in task.body and "叶林" not in task.body


def test_html_page_furniture_is_dropped() -> None:
    plan = read_plan_file(TUNING / "huoshan_table.html")
    text = plan.title + "".join(t.body for t in plan.tasks) + "".join(plan.warnings)
    for furniture in ("打印", "关闭", "首页", "当前位置", "分享", "ICP", "无障碍", "_hmt"):
        assert furniture not in text
    assert plan.issuer == "霍山经济开发区"  # from the portal's metadata table


def test_html_merged_cells_and_group_rows() -> None:
    page = """<html><head><meta charset="gb2312"><title>x</title></head><body>
    <div class="breadcrumb">首页 &gt; 政务公开</div>
    <p>青岚经开区2024年营商环境重点任务分工</p>
    <table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
    <tr><td colspan="5">一、提升政务服务效能</td></tr>
    <tr><td>1</td><td>推行“高效办成一件事”。</td><td rowspan="2">区政务服务局</td>
        <td>区大数据局、区司法局等有关部门和单位</td><td>2024年6月底</td></tr>
    <tr><td>2</td><td>深化“证照分离”改革。</td><td>区市场监管局</td><td>长期坚持</td></tr>
    </table><a href="javascript:window.print()">【打印】</a></body></html>"""
    plan = parse_plan(page.encode("gb18030"), "page.html")
    assert [s.title for s in plan.sections] == ["提升政务服务效能"]
    assert [(t.lead, t.responsible, t.deadline) for t in plan.tasks] == [
        (("区政务服务局",), ("区大数据局", "区司法局"), "2024年6月底"),
        (("区政务服务局",), ("区市场监管局",), "长期坚持"),
    ]


def test_cells_one_per_line_without_separators_and_starred_leads() -> None:
    # The shape of a web table saved as text: blank lines between cells, empty cells vanish,
    # 区财政局* marks the lead.
    text = "\n\n".join([
        "2023年重点工作责任分解", "序号", "重点工作", "区本级", "任务数", "责任单位",
        "1", "一般公共预算收入增长与经济增长基本同步。", "", "区财政局",
        "2", "争取省市财政专项资金13亿元以上。", "12亿元", "区财政局*、区发改局",
        "3", "设立重点领域专项子基金。", "10亿元", "★区科技局、区投促中心",
    ])
    plan = parse_plan(text.encode(), "plan.txt")
    assert [(t.number, t.lead, t.responsible) for t in plan.tasks] == [
        (1, (), ("区财政局",)), (2, ("区财政局",), ("区发改局",)),
        (3, ("区科技局",), ("区投促中心",)),
    ]
    assert "12亿元" not in plan.tasks[1].body  # 任务数 is a count column, not the task text


@pytest.mark.parametrize(("header", "role"), [
    ("序号", "number"), ("重点任务", "text"), ("工作任务", "text"), ("任务名称", "text"),
    ("牵头单位", "lead"), ("责任单位", "responsible"), ("责任部门", "responsible"),
    ("配合单位", "responsible"), ("协办单位", "responsible"),
    ("牵头责任单位", "responsible"), ("主要责任单位", "responsible"),
    ("牵头及配合单位", "combined"), ("完成时限", "deadline"), ("时间节点", "deadline"),
    ("责任领导", "ignore"), ("分管领导", "ignore"), ("监督方式", "ignore"),
    ("督办方式", "ignore"), ("任务数", "unknown"),
])
def test_column_headers_decide_meaning(header: str, role: str) -> None:
    assert column_role(header) == role


def test_undistinguished_unit_column_names_no_lead() -> None:
    text = ("2024年重点工作任务清单\n序号|工作任务|牵头责任单位|督办方式|完成时限\n"
            "1|推进老旧小区改造。|区住建局、区财政局|季度调度|2024年底前\n"
            "2|开展消防安全排查。|区应急局|专项督查|每季度\n")
    plan = parse_plan(text.encode(), "plan.txt")
    assert [(t.lead, t.responsible, t.deadline) for t in plan.tasks] == [
        ((), ("区住建局", "区财政局"), "2024年底前"), ((), ("区应急局",), "每季度"),
    ]


def test_pdf_with_a_text_layer_reads_like_its_text() -> None:
    from_pdf = read_plan_file(TUNING / "lishan_line_notes_pdf.pdf")
    from_text = read_plan_file(TUNING / "lishan_line_notes.txt")
    assert [(t.title, t.lead, t.responsible) for t in from_pdf.tasks] == [
        (t.title, t.lead, t.responsible) for t in from_text.tasks]
    assert from_pdf.doc_number == "鞍立政发〔2023〕2号"


def test_scanned_pdf_is_refused_with_a_clear_reason() -> None:
    with pytest.raises(PlanReadError, match="没有文字层"):
        read_plan_file(REAL / "scanned_no_text.pdf")


def blank_pdf(pages: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_over_the_page_limit_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(PlanReadError, match="301页"):
        parse_plan(blank_pdf(301), "plan.pdf")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("filename", "megabytes", "reason"), [
    ("plan.pdf", 51, "PDF文件太大"), ("plan.html", 11, "网页文件太大"),
    ("plan.txt", 21, "文件太大"), ("plan.docx", 21, "文件太大"),
])
def test_oversized_files_are_refused_before_parsing(filename: str, megabytes: int,
                                                    reason: str) -> None:
    head = b"%PDF-1.7\n" if filename.endswith(".pdf") else b"<html>"
    started = time.monotonic()
    with pytest.raises(PlanReadError, match=reason):
        parse_plan(head + b" " * (megabytes * 1024 * 1024), filename)
    assert time.monotonic() - started < 5


def test_pdf_named_as_something_else_or_damaged() -> None:
    with pytest.raises(PlanReadError, match="不是PDF"):
        parse_plan(b"hello", "plan.pdf")
    with pytest.raises(PlanReadError, match="PDF"):
        parse_plan(b"%PDF-1.7\n1 0 obj garbage", "plan.pdf")
    with pytest.raises(PlanReadError, match=r"\.pdf"):
        parse_plan(blank_pdf(1), "plan.txt")


def test_json_has_a_deadline_for_every_task() -> None:
    data = plan_to_dict(read_plan_file(TUNING / "huoshan_rows_tabs.txt"))
    assert [task["deadline"] for task in data["tasks"]] == ["全年", "全年", "全年"]
    assert all(set(task) == {"number", "section", "title", "body", "lead", "responsible",
                             "deadline"} for task in data["tasks"])
