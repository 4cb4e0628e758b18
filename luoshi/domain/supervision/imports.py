"""Checking milestone and report files (`luoshi milestones import`, `luoshi reports import`):
every row's errors named by row, column and reason, so the command stores all or nothing.

Milestones: 任务序号 (task number), 责任单位, 节点任务, 完成时限 (YYYY-MM-DD), optional 成果形式 and
完成日期. Reports (history kept in Excel before the system): 任务序号, 责任单位, 月份 (YYYY-MM),
报送时间 (when it was sent up: YYYY-MM-DD or YYYY-MM-DD HH:MM, Beijing time), 工作进展, optional
难点堵点 and 下步计划. English headers (task, department, title, due, deliverable, done; period,
submitted, progress, problems, next_steps) are accepted too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from luoshi.domain.calendar import BEIJING
from luoshi.domain.calendar.periods import Period
from luoshi.domain.directory import RowError, Table, normalise_name

MILESTONE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "task": ("任务序号", "任务编号", "序号", "task"),
    "department": ("责任单位", "责任部门", "部门", "单位", "department"),
    "title": ("节点任务", "节点", "节点名称", "title"),
    "due": ("完成时限", "截止日期", "due"),
    "deliverable": ("成果形式", "deliverable"),
    "done": ("完成日期", "done"),
}
REPORT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "task": ("任务序号", "任务编号", "序号", "task"),
    "department": ("责任单位", "责任部门", "部门", "单位", "department"),
    "period": ("月份", "报告月份", "period"),
    "submitted": ("报送时间", "报送日期", "submitted"),
    "progress": ("工作进展", "进展情况", "progress"),
    "problems": ("难点堵点", "存在问题", "problems"),
    "next_steps": ("下步计划", "下月计划", "next_steps"),
}
TEXT_LIMIT = 300  # titles and deliverables

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_moment(text: str) -> datetime | None:
    """YYYY-MM-DD or YYYY-MM-DD HH:MM, Beijing time (a day alone: its start)."""
    match = _MOMENT.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), tzinfo=BEIJING)
    except ValueError:
        return None


def parse_month(text: str) -> Period | None:
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return Period.month(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class Named:
    """Who a row is about: a task (its number) and a department named on it."""

    task: int
    department: int


@dataclass(frozen=True)
class MilestoneRow:
    row: int
    who: Named
    title: str
    due: date
    deliverable: str
    done: date | None


@dataclass(frozen=True)
class ReportRow:
    row: int
    who: Named
    month: Period
    submitted: datetime
    progress: str
    problems: str
    next_steps: str


def _who(number: int, cells: Mapping[str, object], tasks: Mapping[int, frozenset[int]],
         departments: Mapping[str, int], errors: list[RowError]) -> Named | None:
    """The row's task and department, each known and the department named on the task."""
    task_text, name = str(cells.get("task") or "").strip(), str(cells.get("department") or "")
    task = int(task_text) if task_text.isdigit() else None
    if not task_text:
        errors.append(RowError(number, "task", "missing"))
    elif task is None or task not in tasks:
        errors.append(RowError(number, "task", "unknown_task", task_text))
    department = departments.get(normalise_name(name))
    if not name.strip():
        errors.append(RowError(number, "department", "missing"))
    elif department is None:
        errors.append(RowError(number, "department", "unknown_department", name.strip()))
    elif task in tasks and department not in tasks[task]:
        errors.append(RowError(number, "department", "not_on_task", f"{task}"))
    if task in tasks and department is not None and department in tasks[task]:
        return Named(task, department)
    return None


def check_milestones(table: Table, *, tasks: Mapping[int, frozenset[int]],
                     departments: Mapping[str, int]
                     ) -> tuple[list[MilestoneRow], list[RowError]]:
    """``tasks``: task number → the departments named on it; ``departments``: every name and
    alias (normalised) → the department."""
    rows, errors, seen = [], [], {}
    for number, cells in table.rows:
        found: list[RowError] = []
        who = _who(number, cells, tasks, departments, found)
        title = str(cells.get("title") or "").strip()
        if not title:
            found.append(RowError(number, "title", "missing"))
        elif len(title) > TEXT_LIMIT:
            found.append(RowError(number, "title", "too_long", str(TEXT_LIMIT)))
        due_text = str(cells.get("due") or "")
        due = parse_date(due_text)
        if not due_text.strip():
            found.append(RowError(number, "due", "missing"))
        elif due is None:
            found.append(RowError(number, "due", "bad_date", due_text))
        done_text = str(cells.get("done") or "")
        done = parse_date(done_text) if done_text.strip() else None
        if done_text.strip() and done is None:
            found.append(RowError(number, "done", "bad_date", done_text))
        deliverable = str(cells.get("deliverable") or "").strip()
        if len(deliverable) > TEXT_LIMIT:
            found.append(RowError(number, "deliverable", "too_long", str(TEXT_LIMIT)))
        key = (who, title, due)
        if who is not None and key in seen:
            found.append(RowError(number, "title", "duplicate", str(seen[key])))
        seen.setdefault(key, number)
        errors.extend(found)
        if not found:
            rows.append(MilestoneRow(number, who, title, due, deliverable, done))
    if not table.rows:
        errors.append(RowError(0, "", "empty"))
    return rows, errors


def check_reports(table: Table, *, tasks: Mapping[int, frozenset[int]],
                  departments: Mapping[str, int], now: datetime
                  ) -> tuple[list[ReportRow], list[RowError]]:
    """History rows; a report sent up after ``now`` or for a month not yet begun is refused."""
    rows, errors, seen = [], [], {}
    for number, cells in table.rows:
        found: list[RowError] = []
        who = _who(number, cells, tasks, departments, found)
        period_text = str(cells.get("period") or "")
        month = parse_month(period_text)
        if not period_text.strip():
            found.append(RowError(number, "period", "missing"))
        elif month is None:
            found.append(RowError(number, "period", "bad_month", period_text))
        sent_text = str(cells.get("submitted") or "")
        sent = parse_moment(sent_text)
        if not sent_text.strip():
            found.append(RowError(number, "submitted", "missing"))
        elif sent is None:
            found.append(RowError(number, "submitted", "bad_moment", sent_text))
        elif sent > now:
            found.append(RowError(number, "submitted", "in_future", sent_text))
        elif month is not None and sent.date() < date(month.year, month.last_month, 1):
            found.append(RowError(number, "submitted", "before_month", month.code))
        progress = str(cells.get("progress") or "").strip()
        if not progress:
            found.append(RowError(number, "progress", "missing"))
        key = (who, month)
        if who is not None and month is not None and key in seen:
            found.append(RowError(number, "period", "duplicate", str(seen[key])))
        seen.setdefault(key, number)
        errors.extend(found)
        if not found:
            rows.append(ReportRow(number, who, month, sent, progress,
                                  str(cells.get("problems") or "").strip(),
                                  str(cells.get("next_steps") or "").strip()))
    if not table.rows:
        errors.append(RowError(0, "", "empty"))
    return rows, errors
