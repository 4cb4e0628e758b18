"""Bytes → text lines: plain text (UTF-8 with or without BOM, UTF-16 with BOM, GB18030), .docx,
.pdf with a text layer and .html pages saved from a government site.

Files are untrusted: sizes are checked before anything is parsed, and every failure is a
PlanReadError whose reason is a plain Chinese sentence.  Tables flattened into text are rewritten
by ``flattened.rewrite_text_tables`` into the form the parser reads.
"""

from __future__ import annotations

import codecs
import unicodedata

from luoshi.domain.encodings import decode_chinese_text

from .model import PlanReadError
from .source import SourceLine

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "SourceLine", "decode_text", "read_lines"]

MAX_FILE_BYTES = 20 * 1024 * 1024  # .txt/.docx/.html; PDFs have their own limits
MAX_TEXT_CHARS = 2_000_000  # about 1,000 pages of Chinese text

_SIGNATURES = (
    (b"%PDF", "这是PDF文件，但文件名不是.pdf；请把文件名改为以.pdf结尾后再上传"),
    (b"\xd0\xcf\x11\xe0", "这是旧版Word或Excel(.doc/.xls)文件，请在Word中另存为.docx后再上传"),
    (b"PK\x03\x04", "这是压缩包格式的文件(如Word文档)，Word文档的文件名须以.docx结尾"),
    (b"{\\rtf", "不支持RTF格式，请在Word中另存为.docx或.txt后再上传"),
)
# More control characters than this share of the text means it is not prose.
_MAX_CONTROL_SHARE = 0.01
_BINARY = "文件内容不是文字(像是图片或程序等二进制文件)，无法读取"


def decode_text(data: bytes) -> str:
    """Decode a plain-text plan or raise PlanReadError with a one-line reason."""
    for magic, reason in _SIGNATURES:
        if data.startswith(magic):
            raise PlanReadError(reason)
    unmarked = not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if unmarked and b"\x00" in data:
        raise PlanReadError(_BINARY)
    try:
        text = decode_chinese_text(data)
    except UnicodeDecodeError as error:
        raise PlanReadError("无法识别文件的文字编码(既不是UTF-8也不是GBK/GB18030)") from error
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise PlanReadError(_BINARY)
    return text


def _suffix(filename: str) -> str:
    name = filename.lower().rstrip()
    for suffix in (".docx", ".pdf", ".html", ".htm", ".xhtml", ".shtml"):
        if name.endswith(suffix):
            return suffix
    return ""


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")


def read_lines(data: bytes, filename: str) -> list[SourceLine]:
    """Lines of a plan file; ``filename`` decides between .docx, .pdf, .html and plain text."""
    from .flattened import rewrite_text_tables

    if not data:
        raise PlanReadError("文件为空")
    if filename.lower().rstrip().endswith(SPREADSHEETS):
        raise PlanReadError("这是 Excel 表格，不是方案文件；请上传方案的 .docx、.pdf、网页或 .txt")
    suffix = _suffix(filename)
    if suffix != ".pdf" and len(data) > MAX_FILE_BYTES:
        raise PlanReadError(
            f"文件太大({len(data) // (1024 * 1024)}MB)，方案文件不能超过"
            f"{MAX_FILE_BYTES // (1024 * 1024)}MB"
        )
    if suffix == ".docx":
        from .docx_reading import read_docx  # python-docx is only needed for .docx

        lines = read_docx(data)
    elif suffix == ".pdf":
        from .pdf_reading import read_pdf

        lines = read_pdf(data)
    elif suffix:
        from .html_reading import read_html

        lines = read_html(data)
    else:
        text = decode_text(data)
        if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
            from .html_reading import read_html  # a web page saved as .txt

            lines = read_html(data)
        else:
            lines = [SourceLine(line) for line in text.splitlines()]
    if sum(len(line.text) for line in lines) > MAX_TEXT_CHARS:
        raise PlanReadError(f"文件文字太多(超过{MAX_TEXT_CHARS // 10000}万字)，不像一份实施方案")
    if not any(line.text.strip() for line in lines):
        raise PlanReadError("文件内容为空白")
    return rewrite_text_tables(lines)
