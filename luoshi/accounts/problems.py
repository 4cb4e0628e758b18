"""Directory import errors in words: each names the file, row, column and reason."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core.tables import table_error_message

PROBLEM_TEXT = {
    "missing": gettext_lazy("a value is required"),
    "too_long": gettext_lazy("too long"),
    "duplicate": gettext_lazy("appears twice in the file (first in the row given)"),
    "empty": gettext_lazy("the file has a header but no rows"),
    "unknown_kind": gettext_lazy("unknown kind (区直部门, 派驻机构, 国企/平台, 街道/镇, 其他)"),
    "name_is_alias": gettext_lazy("this name is an alias of another department"),
    "alias_is_department": gettext_lazy("the alias is the name of a department"),
    "alias_taken": gettext_lazy("the alias already belongs to another department"),
    "alias_duplicate": gettext_lazy("the alias is given to two departments"),
    "bad_username": gettext_lazy("a username uses letters, digits and . @ + - _ only"),
    "username_taken": gettext_lazy("the username belongs to an account you may not change"),
    "unknown_department": gettext_lazy("no active department has this name or alias"),
    "department_required": gettext_lazy("this role needs a department"),
    "unknown_role": gettext_lazy("unknown role"),
    "role_not_grantable": gettext_lazy("you may not give this role"),
    "bad_phone": gettext_lazy("not a phone number"),
    "bad_email": gettext_lazy("not an e-mail address"),
}

FILE_PROBLEM_TEXT = {
    "unsupported_file": gettext_lazy("unsupported file type (use .xlsx or .csv)"),
    "unreadable_file": gettext_lazy("the file cannot be read as a table"),
    "unknown_encoding": gettext_lazy("unknown text encoding (use UTF-8 or GBK)"),
    "no_header": gettext_lazy("no header row names the required column"),
}

# Column names for an error on a column the file lacks.
COLUMN_WORDS = {
    "name": "部门名称", "kind": "类别", "aliases": "别名", "username": "用户名",
    "full_name": "姓名", "department": "部门", "role": "角色", "phone": "手机", "email": "邮箱",
}


def describe(error, filename: str, labels) -> dict[str, str]:
    """One error as the columns of the error report."""
    return {
        "file": filename,
        "row": str(error.row) if error.row else "",
        "column": labels.get(error.column) or COLUMN_WORDS.get(error.column, error.column),
        "reason": str(PROBLEM_TEXT.get(error.reason, error.reason)),
        "detail": error.detail,
    }


def describe_file_error(error, filename: str) -> dict[str, str]:
    """A file refused as a whole, in the same words as every import (never the reason code)."""
    own = FILE_PROBLEM_TEXT.get(error.reason)
    reason = str(own) if own is not None else table_error_message(error)
    return {"file": filename, "row": "", "column": "", "reason": reason, "detail": ""}


def outcome_errors(outcome, filename: str) -> list[dict[str, str]]:
    if outcome.file_error is not None:
        return [describe_file_error(outcome.file_error, filename)]
    return [describe(e, filename, outcome.labels) for e in outcome.errors]


def error_line(d: dict[str, str]) -> str:
    if d["row"]:
        line = _("%(file)s: row %(row)s, column %(column)s: %(reason)s") % d
    else:
        line = f"{d['file']}: {d['reason']}"
    return f"{line} ({d['detail']})" if d["detail"] else line
