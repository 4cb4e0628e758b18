"""Import errors in words: each names the file, row, column and reason."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROBLEM_TEXT = {
    "missing": gettext_lazy("a value is required"),
    "unknown_indicator": gettext_lazy("unknown indicator"),
    "unknown_unit": gettext_lazy("unknown unit"),
    "wrong_unit": gettext_lazy("wrong unit for this indicator"),
    "bad_period": gettext_lazy("not a period (use 2026-03, 2026Q1 or 2026)"),
    "period_out_of_range": gettext_lazy("period out of range"),
    "period_grain": gettext_lazy("period does not fit the indicator's frequency"),
    "not_a_number": gettext_lazy("text in a number cell"),
    "impossible_yoy": gettext_lazy("impossible year-on-year change"),
    "unknown_status": gettext_lazy("unknown data status (预计/快报/正式)"),
    "duplicate": gettext_lazy("the same indicator and period appear twice"),
    "cumulative_falls": gettext_lazy("cumulative value falls within the year"),
    "parts_exceed_whole": gettext_lazy("parts are larger than their whole"),
    "not_your_indicator": gettext_lazy("not an indicator of your department"),
    "locked": gettext_lazy("accepted and locked: a correction needs a reason"),
    "negative_count": gettext_lazy("a count (家, 个, 人) cannot be negative"),
    "unconfirmed_change": gettext_lazy("unusual change: confirm it with a note"),
    "too_large": gettext_lazy("number too large to store (at most 18 digits before the "
                              "decimal point, 8 for year-on-year)"),
}


# A column the file did not have (or the entry grid) is named as the template names it.
COLUMN_TEXT = {"indicator": "指标", "period": "期别", "cumulative": "累计值",
               "current": "当月值", "yoy": "同比(%)", "unit": "单位", "status": "状态"}


def describe(error, filename: str, labels: dict[str, str]) -> dict[str, str]:
    """One error as the columns of the error report: words, never codes."""
    reason = str(PROBLEM_TEXT.get(str(error.reason), _("invalid value")))
    detail = error.detail
    if str(error.reason) == "duplicate" and detail:
        detail = _("first in row %(row)s") % {"row": detail}
    return {
        "file": filename,
        "row": str(error.row),
        "column": labels.get(error.column) or COLUMN_TEXT.get(error.column, error.column),
        "reason": reason,
        "detail": detail,
    }


def error_line(error, filename: str, labels: dict[str, str]) -> str:
    d = describe(error, filename, labels)
    line = _("%(file)s: row %(row)s, column %(column)s: %(reason)s") % d
    return f"{line} ({d['detail']})" if d["detail"] else line
