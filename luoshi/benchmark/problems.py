"""The benchmark imports' errors in words: each names the file, row, column and reason, as
every import's error report does."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.problems import PROBLEM_TEXT, describe_file_error, error_line

PROBLEMS = {
    "no_header": gettext_lazy("no header row names the zone column (zone, 开发区)"),
    "missing_column": gettext_lazy("the column is missing"),
    "no_indicator": gettext_lazy("no column names an indicator of the method"),
    "unknown_indicator": gettext_lazy("not an indicator of the method (use its code or name, "
                                      "or leave such columns unread)"),
    "duplicate_column": gettext_lazy("two columns name the same indicator"),
    "unit_mismatch": gettext_lazy("the unit differs from the method's"),
    "unknown_province": gettext_lazy("unknown province"),
    "unknown_region": gettext_lazy("unknown region (东部, 中部 or 西部)"),
    "not_year": gettext_lazy("not a year"),
    "not_number": gettext_lazy("not a number (leave it blank when the figure is missing)"),
    "duplicate": gettext_lazy("the zone appears twice for the year (first in the row given)"),
    "not_percent": gettext_lazy("a weight is a percentage above 0 and at most 100"),
    "group_weight_differs": gettext_lazy("the group has another weight on an earlier row"),
    "unknown_direction": gettext_lazy("unknown direction (higher or lower)"),
    "unknown_kind": gettext_lazy("unknown kind (level, growth, ratio, intensity, "
                                 "qualitative)"),
    "unknown_evidence": gettext_lazy("unknown evidence (published, reported, inferred, "
                                     "stand_in, local)"),
    "weights_not_hundred": gettext_lazy("the weights must sum to 100"),
}
COLUMN_WORDS = {"zone": "开发区", "province": "省份", "year": "年份", "region": "地区",
                "group": "一级指标", "group_weight": "一级指标权重", "indicator": "二级指标",
                "weight": "权重", "direction": "方向", "kind": "类型", "evidence": "依据"}


def error_lines(errors, filename: str) -> list[str]:
    return [error_line({
        "file": filename, "row": str(error.row) if error.row else "",
        "column": COLUMN_WORDS.get(error.column, error.column),
        "reason": str(PROBLEMS.get(error.reason) or PROBLEM_TEXT.get(error.reason, error.reason)),
        "detail": error.detail}) for error in errors]


def shrink_lines(refused, filename: str, flag: str = "") -> list[str]:
    """A year that would shrink, in words; ``flag``: the command's option that confirms it
    (the page offers a box to tick instead)."""
    how = (_("Run again with %(flag)s to replace them.") % {"flag": flag} if flag
           else _("Tick the box below to replace them."))
    return [_("%(file)s: the file has %(new)s zones for %(year)s where %(old)s are stored; "
              "nothing was stored. %(how)s") % {"file": filename, "new": new, "year": year,
                                                "old": old, "how": how}
            for year, old, new in refused.shrinks]


def table_error_line(error, filename: str) -> str:
    return error_line(describe_file_error(error, filename))
