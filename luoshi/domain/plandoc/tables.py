"""Task tables (任务分工表) → the text form the parser reads for prose plans.

One mechanism for every table: .docx tables, HTML tables and tables flattened into text by a web
page, a copy or a PDF (see ``flattened``).  Column headers decide meaning (``column_role``); a
row becomes ``3.任务…`` followed by ``牵头单位:…`` / ``责任单位:…`` / ``完成时限:…`` continuation
lines.  Grouping columns or full-width rows (e.g. 一、深化改革) become headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import SourceLine
from .text import cn_to_int, fold, int_to_cn, match_marker, strip_marker
from .units import split_marked

# 责任领导/分管领导 name people; 监督方式/督办方式 name how, not who.
_IGNORED_HEADER = ("领导", "责任人", "联系人", "备注", "联系方式", "监督", "督办", "督导", "督查",
                   "进展", "完成情况", "电话")
_LEAD_HEADER = ("牵头", "主办", "主责")
_RESPONSIBLE_HEADER = ("责任单位", "责任部门", "责任处室", "配合", "参与", "协办", "承办",
                       "责任主体", "实施主体", "实施单位", "落实单位")
# 牵头责任单位 / 主要责任单位 name units without saying which one leads: all responsible.
_UNDISTINGUISHED_HEADER = ("牵头责任", "主要责任", "主责单位", "主责部门")
_DEADLINE_HEADER = ("时限", "完成时间", "时间节点", "进度", "完成期限", "时间安排")
_TEXT_HEADER = ("任务", "措施", "内容", "事项", "举措", "工作", "目标", "项目", "名称", "领域",
                "类别", "方向", "重点", "实事")  # 实事: 民生实事 / 为民办实事 tables
# 任务数 / 资金 columns hold counts and amounts, not the task's text.
_COUNT_HEADER_RE = re.compile(r"(?:数|数量|金额|资金|投资|亿元|万元)$")
_UNIT_ROLES = ("lead", "responsible", "combined")


def column_role(header: str) -> str:
    """number / text / lead / responsible / combined / deadline / ignore, or unknown."""
    header = re.sub(r"\s+", "", fold(header)).strip("|")
    if re.fullmatch(r"序号?|编号|序列号|No\.?", header, flags=re.IGNORECASE):
        return "number"
    if any(word in header for word in _IGNORED_HEADER):
        return "ignore"
    if any(word in header for word in _UNDISTINGUISHED_HEADER):
        return "responsible"
    lead = any(word in header for word in _LEAD_HEADER)
    responsible = any(word in header for word in _RESPONSIBLE_HEADER)
    if lead and responsible:
        return "combined"  # 牵头及配合单位: the lead is named first
    if lead or responsible:
        return "lead" if lead else "responsible"
    if any(word in header for word in _DEADLINE_HEADER):
        return "deadline"
    if _COUNT_HEADER_RE.search(header):
        return "unknown"
    if any(word in header for word in _TEXT_HEADER):
        return "text"
    return "unknown"


def is_task_header(cells: list[str]) -> bool:
    roles = [column_role(cell) for cell in cells]
    return "text" in roles and any(role in _UNIT_ROLES for role in roles)


@dataclass
class TableState:
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


def _header(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    for index, row in enumerate(rows[:3]):
        if not is_task_header(row):
            continue
        following = rows[index + 1] if index + 1 < len(rows) else []
        if following and all(len(cell) <= 10 for cell in following) and any(
            column_role(cell) in _UNIT_ROLES for cell in following
        ):
            # Two header rows: 责任单位 spanning 牵头单位 | 配合单位.
            merged = [
                low if low and low != high else high
                for high, low in zip(row, following + [""] * len(row), strict=False)
            ]
            return index + 2, [column_role(cell) for cell in merged]
        return index + 1, [column_role(cell) for cell in row]
    return None


def _plain_lines(rows: list[list[str]]) -> list[SourceLine]:
    lines = []
    for row in rows:
        distinct = list(dict.fromkeys(cell for cell in row if cell))
        labels = distinct[0::2]
        if len(distinct) >= 2 and all(fold(label).rstrip().endswith(":") for label in labels):
            # A portal's metadata table: 索引号: | … | 发布机构: | … → one "label:value" line each.
            lines.extend(SourceLine(label + value) for label, value
                         in zip(labels, distinct[1::2], strict=False))
            continue
        if len(distinct) == 1:
            lines.extend(SourceLine(piece) for piece in distinct[0].split("\n"))
        elif distinct:
            lines.append(SourceLine(" ".join(cell.replace("\n", " ") for cell in distinct)))
    return lines


def _unit_lines(role: str, text: str) -> list[SourceLine]:
    text = text.replace("\n", "、")
    marked, names = split_marked(text)
    if marked:  # 区财政局*、区发改局: the starred unit leads, whatever the column says
        lines = [SourceLine("牵头单位:" + "、".join(marked), continuation=True)]
        if names:
            lines.append(SourceLine("责任单位:" + "、".join(names), continuation=True))
        return lines
    if role == "lead":
        return [SourceLine(f"牵头单位:{text}", continuation=True)]
    if role == "responsible":
        return [SourceLine(f"责任单位:{text}", continuation=True)]
    if any(word in text for word in _LEAD_HEADER + _RESPONSIBLE_HEADER):
        return [SourceLine(text, continuation=True)]  # labelled inside the cell
    # A combined 牵头及配合单位 column lists the lead first.
    lines = [SourceLine(f"牵头单位:{names[0]}", continuation=True)] if names else []
    if len(names) > 1:
        lines.append(SourceLine("责任单位:" + "、".join(names[1:]), continuation=True))
    return lines


def table_lines(rows: list[list[str]], state: TableState,
                header: tuple[int, list[str]] | None = None) -> list[SourceLine]:
    """Lines for a table given as rows of cell texts (merged cells repeated in each row)."""
    header = header or _header(rows)
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
