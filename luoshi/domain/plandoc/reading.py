"""Bytes → text lines: plain text in UTF-8 (with or without BOM), UTF-16 with BOM or GB18030,
and .docx (see ``docx_reading``)."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from luoshi.domain.encodings import decode_chinese_text

from .model import PlanReadError


@dataclass(frozen=True)
class SourceLine:
    """One line (paragraph) of the source document.

    ``continuation`` lines (synthesised from .docx table cells) always extend the current item,
    even when they happen to start with something that looks like numbering.
    """

    text: str
    continuation: bool = False


_SIGNATURES = (
    (b"%PDF", "PDF files are not supported; save the plan as .docx or .txt"),
    (b"\xd0\xcf\x11\xe0", "legacy Word/Excel (.doc/.xls) format; save the plan as .docx"),
    (b"PK\x03\x04", "binary file (zip archive); a Word document must be named .docx"),
    (b"{\\rtf", "RTF files are not supported; save the plan as .docx or .txt"),
)
# More control characters than this share of the text means it is not prose.
_MAX_CONTROL_SHARE = 0.01


def decode_text(data: bytes) -> str:
    """Decode a plain-text plan or raise PlanReadError with a one-line reason."""
    for magic, reason in _SIGNATURES:
        if data.startswith(magic):
            raise PlanReadError(reason)
    unmarked = not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if unmarked and b"\x00" in data:
        raise PlanReadError("binary file")
    try:
        text = decode_chinese_text(data)
    except UnicodeDecodeError as error:
        raise PlanReadError("cannot decode text as UTF-8 or GB18030") from error
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise PlanReadError("binary file")
    return text


def read_lines(data: bytes, filename: str) -> list[SourceLine]:
    """Lines of a plan file; ``filename`` only decides between .docx and plain text."""
    if not data:
        raise PlanReadError("文件为空")
    if filename.lower().rstrip().endswith(".docx"):
        from .docx_reading import read_docx  # python-docx is only needed for .docx

        lines = read_docx(data)
    else:
        text = decode_text(data)
        lines = [SourceLine(line) for line in text.splitlines()]
    if not any(line.text.strip() for line in lines):
        raise PlanReadError("文件内容为空白")
    return lines
