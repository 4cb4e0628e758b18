"""The assessment imports' errors in words: each names the file (and sheet), row, column and
reason, as every import's error report does."""

from django.utils.translation import gettext_lazy

from luoshi.accounts.problems import PROBLEM_TEXT, error_line
from luoshi.domain.assessment import imports

PROBLEMS = {
    "no_column": gettext_lazy("the column is missing"),
    "bad_number": gettext_lazy("not a number"),
    "negative_weight": gettext_lazy("a weight cannot be negative"),
    "weight_sum": gettext_lazy("the weights must sum to 100"),
    "unknown_kind": gettext_lazy("unknown kind (指标完成, 节点完成, 月报及时, 督办响应, 评议)"),
    "unknown_scope": gettext_lazy("unknown scope (共性 or 个性)"),
    "unknown_direction": gettext_lazy("unknown direction (越大越好, 越小越好, 接近目标)"),
    "not_for_kind": gettext_lazy("only an indicator item takes this"),
    "bad_level": gettext_lazy("a level is a whole number"),
    "duplicate_level": gettext_lazy("the group has this level twice"),
    "veto_rule_points": gettext_lazy("一票否决 is built in and takes no points"),
    "grades_order": gettext_lazy("grades go from the best (highest lowest score) down"),
    "bad_quota": gettext_lazy("a quota lies between 0 and 100"),
    "unknown_setting": gettext_lazy("unknown setting (bonus_cap, penalty_cap, quota_rounding, "
                                    "veto_grade)"),
    "bad_rounding": gettext_lazy("unknown rounding (floor, round or ceil)"),
    "unknown_veto_grade": gettext_lazy("not a grade of the scheme"),
    "negative_cap": gettext_lazy("a cap cannot be negative"),
    "scheme": gettext_lazy("the scheme cannot score"),
    "unknown_unit": gettext_lazy("no active department has this name or alias"),
    "unknown_item": gettext_lazy("not a marks item of the year's scheme"),
    "out_of_range": gettext_lazy("a mark lies between 0 and 100"),
    "unknown_rule": gettext_lazy("not a rule of the year's scheme"),
}
SHEETS = {"items": "items（考核项目）", "rules": "rules（加减分规则）", "grades": "grades（等次）",
          "settings": "settings（设置）"}
COLUMN_WORDS = {key: aliases[1] if len(aliases) > 1 else key
                for columns in (imports.ITEM_COLUMNS, imports.RULE_COLUMNS,
                                imports.GRADE_COLUMNS, imports.SETTING_COLUMNS,
                                imports.MARK_COLUMNS, imports.RECORD_COLUMNS)
                for key, aliases in columns.items()}


def reason_words(code: str) -> str:
    return str(PROBLEMS.get(code) or PROBLEM_TEXT.get(code, code))


def error_lines(errors, filename: str, labels=None) -> list[str]:
    """Lines of the error report; ``labels``: the headers as written (by sheet for a
    scheme: {sheet: {key: header}})."""
    lines = []
    for error in errors:
        sheet = getattr(error, "sheet", None)
        known = (labels or {}).get(sheet, {}) if sheet is not None else (labels or {})
        name = f"{filename} [{SHEETS.get(sheet, sheet)}]" if sheet else filename
        lines.append(error_line({
            "file": name, "row": str(error.row) if error.row else "",
            "column": known.get(error.column) or COLUMN_WORDS.get(error.column, error.column),
            "reason": reason_words(error.reason), "detail": error.detail}))
    return lines

