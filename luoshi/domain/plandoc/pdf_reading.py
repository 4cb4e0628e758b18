"""PDF with a text layer → text lines (pypdf).

A scanned PDF has no text layer: it is refused with a sentence that says so.  Lines wrapped by
the page width are joined again: a line as long as the page's longest ones runs on, unless the
next line starts a new numbered item.
"""

from __future__ import annotations

import io
import re

from .model import PlanReadError
from .source import SourceLine
from .text import fold, match_marker

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 300
# A text layer with fewer readable characters than this per page is a scan with stray marks.
_MIN_CHARS_PER_PAGE = 10
_FULL_LINE_SHARE = 0.85
_STARTS_PARAGRAPH_RE = re.compile(r"^(?:附件|注[:：]|[一二三四五六七八九十]+是)")


def read_pdf(data: bytes) -> list[SourceLine]:
    if len(data) > MAX_PDF_BYTES:
        size, limit = len(data) // (1024 * 1024), MAX_PDF_BYTES // (1024 * 1024)
        raise PlanReadError(f"PDF文件太大({size}MB)，不能超过{limit}MB")
    if not data.startswith(b"%PDF"):
        raise PlanReadError("文件扩展名是.pdf，但内容不是PDF文件")
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanReadError("PDF文件设置了密码，请提供未加密的文件")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise PlanReadError(f"PDF文件有{count}页，超过了{MAX_PDF_PAGES}页的上限")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanReadError:
        raise
    except Exception as error:  # pypdf fails in many ways on damaged files
        raise PlanReadError(f"PDF文件已损坏或无法读取({type(error).__name__})") from error
    readable = sum(1 for text in pages for char in text if not char.isspace())
    if count == 0 or readable < _MIN_CHARS_PER_PAGE * count:
        raise PlanReadError(
            "这个PDF文件没有文字层(可能是扫描件或图片)，无法读出文字；"
            "请提供可复制文字的PDF、Word(.docx)或文本文件"
        )
    lines: list[SourceLine] = []
    for text in pages:
        lines.extend(SourceLine(line) for line in _join_wrapped(text.splitlines()))
    return lines


def _join_wrapped(raw: list[str]) -> list[str]:
    lines = [line.rstrip() for line in raw if line.strip()]
    if not lines:
        return []
    widths = sorted(len(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] * _FULL_LINE_SHARE  # the page's usual full width
    joined: list[str] = []
    runs_on = False
    for line in lines:
        starts_item = match_marker(fold(line).strip()) is not None or bool(
            _STARTS_PARAGRAPH_RE.match(line.strip()))
        if joined and (runs_on or line[:1] in ",，。、；;）)") and not starts_item:
            joined[-1] += line.strip()
        else:
            joined.append(line.strip())
        runs_on = len(line) >= full and len(lines) > 2
    return joined
