"""Bad input raises PlanReadError with a non-empty, one-line reason."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.domain.plandoc import PlanReadError, parse_plan, read_plan_file


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


def empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def docx_without_tasks() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于做好春节期间安全生产工作的通知")
    document.add_paragraph("各单位要高度重视，切实做好安全生产工作。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BAD_INPUTS = {
    "empty": (b"", "plan.txt", "文件为空"),
    "whitespace only": (" \r\n\t\u3000\n".encode(), "plan.txt", "空白"),
    "NUL bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "plan.txt", "不是文字"),
    "control characters": (b"\x01\x02\x03\x04\x05\x06abc", "plan.txt", "不是文字"),
    "undecodable": (b"\x80\x81\xfe\xff plan", "plan.txt", "编码"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "plan.txt", "PDF"),
    "docx named txt": (empty_docx(), "plan.txt", ".docx"),
    "docx not a zip": (b"this is not a zip", "plan.docx", "不是Word文档"),
    "zip without document": (zip_without_document(), "plan.docx", "没有Word文档内容"),
    "damaged zip": (empty_docx()[:200], "plan.docx", "损坏"),
    "empty docx": (empty_docx(), "plan.docx", "空白"),
    "text without tasks": ("关于放假的通知\n各单位：\n现将放假安排通知如下。".encode(), "a.txt",
                           "不像一份实施方案"),
    "docx without tasks": (docx_without_tasks(), "notice.docx", "不像一份实施方案"),
}


@pytest.mark.parametrize(("data", "filename", "reason"), BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_input(data: bytes, filename: str, reason: str) -> None:
    with pytest.raises(PlanReadError) as raised:
        parse_plan(data, filename)
    message = str(raised.value)
    assert message and "\n" not in message
    assert reason in message
    assert isinstance(raised.value, ValueError)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(PlanReadError, match="无法读取文件missing.txt"):
        read_plan_file(tmp_path / "missing.txt")


def test_error_messages_are_one_line() -> None:
    assert str(PlanReadError("第一行\n第二行")) == "第一行 第二行"


FRAGMENTS = [
    "一、", "（一）", "(二)", "1.", "2、", "十一、", "一是", "二是", "。", "，", "\n", "（", "）",
    "〔", "〕", "牵头单位：", "责任单位:", "甲局", "乙局、丙局", "牵头", "配合", "负责", "到2026年",
    "GDP达到1500亿元", "注：排在第一位的为牵头单位", "青岚市人民政府", "2024年1月1日", "实施方案",
    "关于印发", "的通知", "附件", " ",
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40))
def test_any_text_gives_a_consistent_plan_or_a_read_error(parts: list[str]) -> None:
    try:
        plan = parse_plan("".join(parts).encode(), "plan.txt")
    except PlanReadError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert plan.tasks
    assert len({task.number for task in plan.tasks}) == len(plan.tasks)
    section_numbers = [section.number for section in plan.sections]
    assert len(set(section_numbers)) == len(section_numbers)
    assert all(task.section is None or task.section in section_numbers for task in plan.tasks)


@given(st.binary(max_size=200), st.sampled_from(["plan.txt", "plan.docx"]))
def test_any_bytes_give_a_plan_or_a_read_error(data: bytes, filename: str) -> None:
    try:
        parse_plan(data, filename)
    except PlanReadError as error:
        assert str(error)


def test_a_spreadsheet_is_not_a_plan():
    import pytest as _pytest

    from luoshi.domain.plandoc import PlanReadError, parse_plan

    with _pytest.raises(PlanReadError, match="Excel 表格"):
        parse_plan(b"PK\x03\x04rest", "任务分工.xlsx")
