"""What `luoshi milestones import` and `luoshi reports import` share: read the file, find its
table, check the rows (domain.supervision.imports), store all or nothing; exit 2 with the error
report (file, row, column, reason) on stderr."""

import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.problems import PROBLEM_TEXT, describe_file_error, error_line
from luoshi.accounts.selectors import department_lookup
from luoshi.core.commands import CommandFileError
from luoshi.core.tables import read_limits
from luoshi.domain.directory import find_table, normalise_name
from luoshi.domain.tabular import TableError, read_sheets
from luoshi.supervision import selectors

INVALID = 2

PROBLEMS = {
    "unknown_task": gettext_lazy("no task of the current plan has this number"),
    "not_on_task": gettext_lazy("the department is not named on this task"),
    "bad_date": gettext_lazy("not a date; write it as YYYY-MM-DD"),
    "bad_moment": gettext_lazy("not a time; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"),
    "bad_month": gettext_lazy("not a month; write it as YYYY-MM"),
    "in_future": gettext_lazy("lies in the future"),
    "before_month": gettext_lazy("before the month it reports on"),
    "already_recorded": gettext_lazy("a report for this task, department and month is "
                                     "already recorded"),
    "milestone_recorded": gettext_lazy("this milestone is already recorded for the task and "
                                       "department"),
}
COLUMN_WORDS = {"task": "任务序号", "department": "责任单位", "title": "节点任务",
                "due": "完成时限", "deliverable": "成果形式", "done": "完成日期", "period": "月份",
                "submitted": "报送时间", "progress": "工作进展", "problems": "难点堵点",
                "next_steps": "下步计划"}


def _message(error) -> str:
    """The words of a PermissionDenied or ValidationError, for one line on stderr."""
    return error.messages[0] if hasattr(error, "messages") else str(error)


def fail(lines: list[str]) -> None:
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)} + "\n")
    sys.exit(INVALID)


def error_lines(errors, filename: str, labels) -> list[str]:
    lines = []
    for error in errors:
        reason = PROBLEMS.get(error.reason) or PROBLEM_TEXT.get(error.reason, error.reason)
        lines.append(error_line({
            "file": filename, "row": str(error.row) if error.row else "",
            "column": labels.get(error.column) or COLUMN_WORDS.get(error.column, error.column),
            "reason": str(reason), "detail": error.detail}))
    return lines


def read_table(options, columns, required: str):
    """(path, zone, by, table, tasks, departments) for a command's FILE, or exit 2."""
    try:
        path, content, zone, by = import_inputs(options)
    except CommandFileError as error:
        fail([str(error)])
    try:
        sheets = read_sheets(content, path.name, read_limits())
        table = find_table(sheets, columns, required)
    except TableError as error:
        fail([error_line(describe_file_error(error, path.name))])
    tasks: dict[int, set[int]] = {}
    for task in selectors.zone_tasks(zone).prefetch_related("units"):
        tasks[task.number] = frozenset(u.department_id for u in task.units.all()
                                       if u.department_id is not None)
    departments = {normalise_name(name): pk for name, pk in department_lookup(zone).items()}
    return path, zone, by, table, tasks, departments
