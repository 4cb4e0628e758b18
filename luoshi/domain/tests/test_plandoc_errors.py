"""Bad input raises PlanReadError with a non-empty, one-line reason."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

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
    "NUL bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "plan.txt", "binary"),
    "control characters": (b"\x01\x02\x03\x04\x05\x06abc", "plan.txt", "binary"),
    "undecodable": (b"\x80\x81\xfe\xff plan", "plan.txt", "decode"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "plan.txt", "PDF"),
    "docx named txt": (empty_docx(), "plan.txt", "zip"),
    "docx not a zip": (b"this is not a zip", "plan.docx", "zip"),
    "zip without document": (zip_without_document(), "plan.docx", ".docx"),
    "damaged zip": (empty_docx()[:200], "plan.docx", ".docx"),
    "empty docx": (empty_docx(), "plan.docx", "空白"),
    "text without tasks": ("关于放假的通知\n各单位：\n现将放假安排通知如下。".encode(), "a.txt",
                           "not a plan"),
    "docx without tasks": (docx_without_tasks(), "notice.docx", "not a plan"),
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
    with pytest.raises(PlanReadError, match="cannot read"):
        read_plan_file(tmp_path / "missing.txt")


def test_error_messages_are_one_line() -> None:
    assert str(PlanReadError("第一行\n第二行")) == "第一行 第二行"
