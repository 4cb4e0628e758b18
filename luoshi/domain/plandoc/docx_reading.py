"""Word .docx → text lines, paragraphs and tables in document order.

Tables go through ``tables.table_lines`` (the one header logic for .docx, HTML and text tables).
Word's automatic list numbering is rendered, since the digits are not part of the paragraph text.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .model import PlanReadError
from .source import SourceLine
from .tables import TableState, table_lines
from .text import int_to_cn

_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def read_docx(data: bytes) -> list[SourceLine]:
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise PlanReadError("这是旧版Word(.doc)文件，请在Word中另存为.docx后再上传")
        raise PlanReadError("文件扩展名是.docx，但内容不是Word文档(不是zip压缩包)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx fails in many ways on damaged packages
        if isinstance(error, zipfile.BadZipFile):
            raise PlanReadError("Word文档已损坏(.docx压缩包不完整)，无法打开") from error
        if isinstance(error, KeyError | PackageNotFoundError):
            raise PlanReadError("这个.docx文件里没有Word文档内容，无法读取") from error
        raise PlanReadError(f"无法打开这个Word文档({type(error).__name__})") from error
    numbering = _Numbering(document)
    tables = TableState()
    lines: list[SourceLine] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = numbering.prefix(block) + block.text
            lines.extend(SourceLine(piece) for piece in text.split("\n"))
        elif isinstance(block, Table):
            # row.cells repeats merged cells, so a vertically merged group shows on every row.
            rows = [[cell.text.strip() for cell in row.cells] for row in block.rows]
            lines.extend(table_lines(rows, tables))
    return lines


# ---------------------------------------------------------------- automatic list numbering


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _format_number(number: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideograph", "japaneseCounting", "taiwanese")):
        return int_to_cn(number)
    if fmt == "chineseLegalSimplified" and number < 10:
        return _LEGAL_DIGITS[number]
    if fmt in ("upperLetter", "lowerLetter") and 0 < number <= 26:
        letter = chr(ord("A") + number - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


class _Numbering:
    """Renders numbering prefixes (1. / (一) / 一、) of Word auto-numbered paragraphs."""

    def __init__(self, document) -> None:
        self._lists: dict[str, tuple[str, dict[int, tuple[str, str, int]]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts: dict[str, dict[int, tuple[str, str, int]]] = {}
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl"), "0"))] = (
                    _val(level, "w:numFmt") or "decimal",
                    _val(level, "w:lvlText") or "",
                    int(_val(level, "w:start") or 1),
                )
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num, "w:abstractNumId")
            if abstract_id in abstracts:
                self._lists[num.get(qn("w:numId"))] = (abstract_id, abstracts[abstract_id])

    @staticmethod
    def _num_pr(paragraph: Paragraph):
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = paragraph.style
        while style is not None:  # numbering may come from the paragraph style
            s_pr = style.element.pPr
            if s_pr is not None and s_pr.numPr is not None:
                return s_pr.numPr
            style = style.base_style
        return None

    def prefix(self, paragraph: Paragraph) -> str:
        if not self._lists or not paragraph.text.strip():
            return ""
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        found = self._lists.get(str(num_pr.numId.val))
        if found is None:
            return ""
        abstract_id, levels = found
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        fmt, template, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counters = self._counters.setdefault(abstract_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return _format_number(counters.get(level, level_start), level_fmt)

        return re.sub(r"%(\d)", render, template)
