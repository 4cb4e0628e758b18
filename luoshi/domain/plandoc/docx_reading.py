"""Word .docx → text lines, paragraphs and tables in document order.

Task tables (序号 | 任务 | 牵头单位 | 责任单位 | 完成时限) are rewritten into the text form the
parser reads for prose plans: ``3.任务…`` followed by ``牵头单位:…`` / ``责任单位:…`` lines.
Grouping columns or full-width rows (e.g. 一、深化改革) become headings.  Word's automatic list
numbering is rendered, since the digits are not part of the paragraph text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .model import PlanReadError
from .reading import SourceLine
from .text import cn_to_int, fold, int_to_cn, match_marker, strip_marker
from .units import split_units

_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def read_docx(data: bytes) -> list[SourceLine]:
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise PlanReadError("not a .docx file: legacy Word .doc format; save it as .docx")
        raise PlanReadError("not a .docx file (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx fails in many ways on damaged packages
        if isinstance(error, zipfile.BadZipFile):
            raise PlanReadError("not a .docx file (damaged zip archive)") from error
        if isinstance(error, KeyError | PackageNotFoundError):
            raise PlanReadError("not a .docx file (zip archive without a Word document)") from error
        raise PlanReadError(f"cannot open .docx: {type(error).__name__}") from error
    numbering = _Numbering(document)
    tables = _TableState()
    lines: list[SourceLine] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = numbering.prefix(block) + block.text
            lines.extend(SourceLine(piece) for piece in text.split("\n"))
        elif isinstance(block, Table):
            lines.extend(_table_lines(block, tables))
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


# ---------------------------------------------------------------- tables


@dataclass
class _TableState:
    """Numbering that continues across the tables of one document."""

    last_task: int = 0
    headings: dict[int, int] = field(default_factory=dict)  # depth → last synthesised number

    def heading(self, text: str, depth: int) -> str:
        if match_marker(fold(text)) is not None or re.match(r"^\(?(?:备)?注", fold(text)):
            return text
        number = self.headings.get(depth, 0) + 1
        self.headings[depth] = number
        for deeper in [d for d in self.headings if d > depth]:
            del self.headings[deeper]
        # The innermost grouping becomes (一), an outer one 一、 — the usual nesting.
        return f"({int_to_cn(number)}){text}" if depth else f"{int_to_cn(number)}、{text}"


_IGNORED_HEADER = ("领导", "责任人", "联系人", "备注", "联系方式")
_LEAD_HEADER = ("牵头", "主办", "主责")
_RESPONSIBLE_HEADER = ("责任单位", "责任部门", "责任处室", "配合", "参与", "协办", "承办",
                       "责任主体", "实施主体", "实施单位", "落实单位")
_DEADLINE_HEADER = ("时限", "完成时间", "时间节点", "进度", "完成期限", "时间安排")
_TEXT_HEADER = ("任务", "措施", "内容", "事项", "举措", "工作", "目标", "项目", "名称", "领域",
                "类别", "方向", "重点")
_UNIT_ROLES = ("lead", "responsible", "combined")


def _column_role(header: str) -> str:
    header = re.sub(r"\s+", "", fold(header))
    if re.fullmatch(r"序号?|编号|序列号|No\.?", header, flags=re.IGNORECASE):
        return "number"
    if any(word in header for word in _IGNORED_HEADER):
        return "ignore"
    lead = any(word in header for word in _LEAD_HEADER)
    responsible = any(word in header for word in _RESPONSIBLE_HEADER)
    if lead and responsible:
        return "combined"
    if lead or responsible:
        return "lead" if lead else "responsible"
    if any(word in header for word in _DEADLINE_HEADER):
        return "deadline"
    if any(word in header for word in _TEXT_HEADER):
        return "text"
    return "ignore"


def _rows(table: Table) -> list[list[str]]:
    # row.cells repeats merged cells, so a vertically merged group shows on every row.
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _header(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    for index, row in enumerate(rows[:3]):
        roles = [_column_role(cell) for cell in row]
        if "text" not in roles or not any(role in _UNIT_ROLES for role in roles):
            continue
        following = rows[index + 1] if index + 1 < len(rows) else []
        if following and all(len(cell) <= 10 for cell in following) and any(
            _column_role(cell) in _UNIT_ROLES for cell in following
        ):
            # Two header rows: 责任单位 spanning 牵头单位 | 配合单位.
            merged = [
                low if low and low != high else high
                for high, low in zip(row, following + [""] * len(row), strict=False)
            ]
            return index + 2, [_column_role(cell) for cell in merged]
        return index + 1, roles
    return None


def _plain_lines(rows: list[list[str]]) -> list[SourceLine]:
    lines = []
    for row in rows:
        distinct = list(dict.fromkeys(cell for cell in row if cell))
        if len(distinct) == 1:
            lines.extend(SourceLine(piece) for piece in distinct[0].split("\n"))
        elif distinct:
            lines.append(SourceLine(" ".join(cell.replace("\n", " ") for cell in distinct)))
    return lines


def _unit_lines(role: str, text: str) -> list[SourceLine]:
    text = text.replace("\n", "、")
    if role == "lead":
        return [SourceLine(f"牵头单位:{text}", continuation=True)]
    if role == "responsible":
        return [SourceLine(f"责任单位:{text}", continuation=True)]
    if any(word in text for word in _LEAD_HEADER + _RESPONSIBLE_HEADER):
        return [SourceLine(text, continuation=True)]  # labelled inside the cell
    # A combined 牵头及责任单位 column lists the lead first.
    names = split_units(text, {})
    lines = [SourceLine(f"牵头单位:{names[0]}", continuation=True)] if names else []
    if len(names) > 1:
        lines.append(SourceLine("责任单位:" + "、".join(names[1:]), continuation=True))
    return lines


def _table_lines(table: Table, state: _TableState) -> list[SourceLine]:
    rows = _rows(table)
    header = _header(rows)
    if header is None:
        return _plain_lines(rows)
    first_data, roles = header
    data = [row + [""] * (len(roles) - len(row)) for row in rows[first_data:]]
    text_columns = [i for i, role in enumerate(roles) if role == "text"]
    main = text_columns[-1]
    number_column = roles.index("number") if "number" in roles else None

    def repeats(column: int) -> bool:
        values = [row[column] for row in data]
        return any(a and a == b for a, b in zip(values, values[1:], strict=False))

    groups = [c for c in text_columns[:-1] if repeats(c)][-2:]
    titles = [c for c in text_columns[:-1] if c not in groups]
    header_rows = [row + [""] * (len(roles) - len(row)) for row in rows[:first_data]]
    unit_columns = [i for i, role in enumerate(roles) if role in _UNIT_ROLES]
    current_groups: dict[int, str] = {}
    lines: list[SourceLine] = []
    previous_number = ""
    for row in data:
        distinct = list(dict.fromkeys(cell for cell in row if cell))
        if not distinct or row in header_rows:
            continue  # blank, or a header repeated after a page break
        number_text = row[number_column] if number_column is not None else ""
        if len(distinct) == 1 and (
            all(cell == distinct[0] for cell in row)
            or (not number_text and not any(row[c] for c in unit_columns)
                and len(distinct[0]) <= 40 and "。" not in distinct[0])
        ):
            # A row merged across the table is a heading (or a 注: line).
            lines.append(SourceLine(state.heading(distinct[0], depth=1)))
            continue
        for depth, column in enumerate(groups, start=2 - len(groups)):
            if row[column] and current_groups.get(column) != row[column]:
                current_groups[column] = row[column]
                lines.append(SourceLine(state.heading(row[column], depth=depth)))
        parts = [row[c] for c in titles if row[c]] + [row[main]]
        text_lines = [p.strip() for part in parts for p in part.split("\n") if p.strip()]
        if not text_lines:
            continue
        if number_text and number_text == previous_number:
            # 序号 merged down over several rows: more measures of the same task.
            lines.extend(SourceLine(text, continuation=True) for text in text_lines)
        else:
            number = cn_to_int(re.sub(r"[\s.、()]", "", fold(number_text))) or state.last_task + 1
            state.last_task = number
            text_lines[0] = strip_marker(text_lines[0])  # the 序号 column already numbers it
            lines.append(SourceLine(f"{number}.{text_lines[0]}"))
            lines.extend(SourceLine(text, continuation=True) for text in text_lines[1:])
        previous_number = number_text
        for column, role in enumerate(roles):
            if role in _UNIT_ROLES and row[column]:
                lines.extend(_unit_lines(role, row[column]))
            elif role == "deadline" and row[column]:
                lines.append(SourceLine(f"完成时限:{row[column]}", continuation=True))
    return lines
